"""Withhold bplib's versions of the functions an exercise asks a learner to write.

The course library holds a working answer to many questions (``bplib.dense_backward`` is what
ex06 asks for). A check file names them (``WITHHELD``); while grading, the child installs this
import hook before any learner code runs. Whenever ``bplib`` (or a submodule) has been imported,
every withheld name in every ``bplib`` module is neutered *in place*: a function's code object is
swapped for one that raises, and a class's methods likewise. So every route to the object —
``from bplib import x``, ``from bplib.layers import x``, ``bplib.dense.x``, ``getattr``,
``vars(module)``, a function's ``__globals__``, a class attribute, ``gc.get_objects()``,
``importlib.reload`` (which re-runs the module through the same hook), or bplib code that calls it
internally (``Dense.forward``) — reaches a function that raises::

    ImportError: dense_backward is one of the functions this exercise asks you to write; bplib's
    version is not available while grading

and the question that needed it earns no points. Loading bplib's source files again past this
hook (under another name, or after removing the hook from ``sys.meta_path``) is copying bplib's
code, which this cannot stop (``bpgrade/README.md``).

Imports only the standard library.
"""

import importlib.abc
import importlib.machinery
import sys
import types

MESSAGE = ("{name} is one of the functions this exercise asks you to write; bplib's version is "
           "not available while grading")
PACKAGE = "bplib"


def _raiser(name):
    """A code object (no free variables) that raises the withheld message for ``name``."""
    text = MESSAGE.format(name=name)
    namespace = {}
    exec(f"def withheld(*args, **kwargs):\n    raise ImportError({text!r})\n", namespace)
    return namespace["withheld"].__code__


def _neuter_function(function, code):
    """Swap the code of a bplib function; False when that is impossible (a closure)."""
    if function.__closure__:
        return False
    function.__code__ = code
    return True


def _ours(value):
    return str(getattr(value, "__module__", "") or "").split(".")[0] == PACKAGE


def _neuter_class(cls, code):
    for key, value in list(vars(cls).items()):
        target = value.__func__ if isinstance(value, (staticmethod, classmethod)) else value
        if isinstance(value, property):
            for accessor in (value.fget, value.fset, value.fdel):
                if accessor is not None:
                    _neuter_function(accessor, code)
        elif isinstance(target, types.FunctionType):
            _neuter_function(target, code)

    def refuse(*args, **kwargs):
        raise ImportError(MESSAGE.format(name=cls.__name__))

    cls.__init__ = refuse


def _stub(name, code):
    return types.FunctionType(code, {}, name)


class Withholder:
    """Neuters the withheld names of every loaded bplib module (idempotent)."""

    def __init__(self, names):
        self.names = frozenset(names)
        self.codes = {name: _raiser(name) for name in self.names}
        self.done = set()

    def scrub(self):
        for module_name, module in list(sys.modules.items()):
            if module is None or not (module_name == PACKAGE or module_name.startswith(PACKAGE + ".")):
                continue
            namespace = getattr(module, "__dict__", {})
            for name in self.names & namespace.keys():
                value, code = namespace[name], self.codes[name]
                if id(value) in self.done:
                    continue
                if isinstance(value, type) and _ours(value):
                    _neuter_class(value, code)
                elif not (isinstance(value, types.FunctionType) and _ours(value)
                          and _neuter_function(value, code)):
                    namespace[name] = _stub(name, code)
                    value = namespace[name]
                self.done.add(id(value))


class _Loader(importlib.abc.Loader):
    """Runs the real loader, then (once the outermost bplib import is complete) scrubs."""

    depth = 0

    def __init__(self, real, withholder):
        self._real, self._withholder = real, withholder

    def create_module(self, spec):
        return self._real.create_module(spec)

    def exec_module(self, module):
        _Loader.depth += 1
        try:
            self._real.exec_module(module)
        finally:
            _Loader.depth -= 1
            if _Loader.depth == 0:
                self._withholder.scrub()


class _Finder(importlib.abc.MetaPathFinder):
    def __init__(self, withholder):
        self._withholder = withholder

    def find_spec(self, name, path=None, target=None):
        if name != PACKAGE and not name.startswith(PACKAGE + "."):
            return None
        spec = importlib.machinery.PathFinder.find_spec(name, path, target)
        if spec is None or not hasattr(spec.loader, "exec_module"):
            return spec
        spec.loader = _Loader(spec.loader, self._withholder)
        return spec


def install(names):
    """Withhold ``names`` from bplib for the rest of this process."""
    if not names:
        return None
    withholder = Withholder(names)
    sys.meta_path.insert(0, _Finder(withholder))
    withholder.scrub()  # in case bplib is already loaded
    return withholder
