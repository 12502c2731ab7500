"""The sandboxed child: runs a learner's cells, then the cases the parent asks for.

Run by ``launcher.py`` in its own interpreter once it is confined, as ``python -s -c BOOT R W
SECCOMP WITHHELD REPORT`` would run it, where BOOT imports this module without importing ``bplib`` itself, R and W are the
request and reply pipe descriptors, SECCOMP is ``seccomp`` or ``-``, WITHHELD the comma-separated
bplib names to withhold (or ``-``) and REPORT the launcher's JSON account of its optional steps.
The child removes all but R and W from ``sys.argv`` (nothing in its environment names the
grader). It answers each request with data only (see ``protocol.py``) and judges nothing: the
parent compares every value itself. Nothing in here is trusted — learner code may patch any of
it — so all it can do is fail its own question.

Before it reads its first request the child installs the seccomp allowlist (``seccomp.py``,
when its command line asks for it): the last step of the confinement that ``launcher.py``
began. Requests: ``{"op": "exec", "cell": i, "source": code}``, ``{"op": "case", "steps": [...],
"outputs": [...]}`` (the reply lists each call's warnings as ``[step, category, message]``),
``{"op": "probe", "outside": path}`` (only sent to a fresh child that runs
no learner code; see ``probes.py``), ``{"op": "bye"}``. NumPy and ``random`` are seeded before
every cell and case.
"""

import builtins
import importlib.abc
import importlib.machinery
import importlib.util
import os
import random
import struct
import sys
import types

import numpy as np

from . import protocol
from .steps import MissingName, StepError, pick, run_steps

SEED = 0
EXIT_SETUP_FAILED = 121  # as launcher.py
LAZY_MODULES = ("sympy",)


def _read_exact(fd, n):
    chunks = []
    while n:
        chunk = os.read(fd, min(n, 1 << 20))
        if not chunk:
            raise EOFError("parent closed the request pipe")
        chunks.append(chunk)
        n -= len(chunk)
    return b"".join(chunks)


def _receive(fd):
    (size,) = struct.unpack(">I", _read_exact(fd, 4))
    header = protocol.parse_header(_read_exact(fd, size), 1 << 34)
    blobs = [_read_exact(fd, n) for n in header["blobs"]]
    return header, blobs


def _send(fd, header, blobs=()):
    data = protocol.pack(header, blobs)
    while data:
        data = data[os.write(fd, data):]


def _describe(exc):
    try:
        text = str(exc)
    except Exception:
        text = "<unprintable exception>"
    tb, line = exc.__traceback__, None
    while tb is not None:
        if tb.tb_frame.f_code.co_filename.startswith("<cell"):
            line = tb.tb_lineno
        tb = tb.tb_next
    return {"type": type(exc).__name__[:80], "message": text[:500], "line": line}


class _Shell:
    """Stands in for IPython's ``get_ipython()`` in transformed cells: harmless magics run or do
    nothing, shell escapes are refused (there is no shell in the sandbox)."""

    def __init__(self, namespace):
        self.user_ns = namespace

    def run_line_magic(self, name, line, _stack_depth=1):
        if name in ("time", "timeit", "prun"):
            exec(compile(line, "<cell magic>", "exec"), self.user_ns)
        return None

    def run_cell_magic(self, name, line, cell):
        if name in ("time", "timeit", "capture", "prun"):
            exec(compile(cell, "<cell magic>", "exec"), self.user_ns)
        elif name == "writefile":
            with open(line.split()[-1], "w") as handle:
                handle.write(cell)
        elif name in ("bash", "sh", "script", "system"):
            self.system(cell)

    def system(self, cmd):
        print("bpgrade: shell commands are not run while checking or grading", file=sys.stderr)

    getoutput = system

    def magic(self, line):
        return self.run_line_magic(*(line.split(" ", 1) + [""])[:2])


def _install_selfcheck_stub():
    """Self-check cells do nothing inside the grader (the grader runs the checks itself)."""
    stub = types.ModuleType("bpgrade.learner")

    class Checker:
        def __init__(self, *args, **kwargs):
            pass

        def __call__(self, *args, **kwargs):
            print("(self-check skipped: the grader checks this question itself)")

        check = __call__

    stub.Checker = Checker
    stub.check = Checker()
    sys.modules["bpgrade.learner"] = stub


def _install_lazy_imports():
    """Import the modules of ``LAZY_MODULES`` when first used rather than when imported: every
    question's fresh child runs the whole notebook, so ``import sympy`` (about half a second)
    would otherwise be paid by questions that never touch SymPy. Only the moment the module's
    code runs changes; ``from sympy import x`` or any attribute access loads it at once."""

    class LazyFinder(importlib.abc.MetaPathFinder):
        def find_spec(self, name, path=None, target=None):
            if name not in LAZY_MODULES:
                return None
            spec = importlib.machinery.PathFinder.find_spec(name, path)
            if spec is None or not hasattr(spec.loader, "exec_module"):
                return None
            spec.loader = importlib.util.LazyLoader(spec.loader)
            return spec

    sys.meta_path.insert(0, LazyFinder())


def _seed():
    random.seed(SEED)
    np.random.seed(SEED)


def _run_cell(namespace, source, index):
    _seed()
    try:
        exec(compile(source, f"<cell {index}>", "exec"), namespace)
    except BaseException as exc:  # SystemExit, KeyboardInterrupt too: the next cell still runs
        return {"status": "error", "error": _describe(exc)}
    return {"status": "ok"}


def _run_case(namespace, header):
    _seed()
    snapshots, warned = [], []
    try:
        results, passed = run_steps(namespace, header["steps"], snapshots, warned)
    except MissingName as exc:
        return {"status": "missing", "error": {"type": "NameError", "message": str(exc)}}, []
    except StepError as err:
        return {"status": "error", "step": err.step, "error": _describe(err.exc)}, []
    except BaseException as exc:
        return {"status": "error", "error": _describe(exc)}, []
    blobs = []
    outputs = []
    for out in header["outputs"]:
        value = pick(results, out)
        if out.get("as") == "expr" and type(value) is not str:
            value = str(value)
        outputs.append(protocol.encode_value(value, blobs))
    def arrays(values):
        return [protocol.encode_value(a, blobs) if type(a) is np.ndarray else {"t": "none"}
                for a in values or ()]

    return {"status": "ok", "outputs": outputs, "warnings": warned, "args_after": [arrays(args) for args in passed],
            "args_before": [arrays(before) for before, _ in snapshots],
            "args_step": [arrays(after) for _, after in snapshots]}, blobs


def _install_seccomp(wanted):
    """The last confinement step; a child that cannot install it runs nothing."""
    if not wanted:
        return
    from . import seccomp

    try:
        seccomp.install()
    except Exception as exc:
        sys.stderr.write(f"bpgrade child: cannot install the seccomp filter: {exc}\n")
        sys.stderr.flush()
        os._exit(EXIT_SETUP_FAILED)


def _install_withholding(names):
    """Hide bplib's versions of the functions this exercise asks for (``withhold.py``)."""
    if names and names != "-":
        from . import withhold

        withhold.install(names.split(","))


def main(argv):
    _install_seccomp(argv[3] == "seccomp")
    rfd, wfd = int(argv[1]), int(argv[2])
    withheld, report = argv[4], argv[5]
    del sys.argv[3:]
    os.set_inheritable(rfd, False)
    os.set_inheritable(wfd, False)
    sys.path.insert(0, os.getcwd())
    _install_selfcheck_stub()
    _install_lazy_imports()
    _install_withholding(withheld)
    namespace = {"__name__": "__main__", "__builtins__": builtins}
    namespace["get_ipython"] = lambda shell=_Shell(namespace): shell
    while True:
        header, blobs = _receive(rfd)
        op = header.get("op")
        reply_blobs = []
        if op == "exec":
            reply = _run_cell(namespace, header["source"], header["cell"])
        elif op == "case":
            steps = [dict(step, args=[protocol.decode_value(a, blobs, 1 << 34, from_parent=True)
                                      for a in step.get("args", [])],
                          kwargs={k: protocol.decode_value(v, blobs, 1 << 34, from_parent=True)
                                  for k, v in step.get("kwargs", {}).items()})
                     for step in header["steps"]]
            if any("on" in s for s in steps):
                for s, raw in zip(steps, header["steps"]):
                    if "on" in raw:
                        s["on"] = protocol.decode_value(raw["on"], blobs, 1, from_parent=True)
            reply, reply_blobs = _run_case(namespace, dict(header, steps=steps))
        elif op == "probe":
            from . import probes

            reply = {"status": "ok", "probes": probes.run_all(header["outside"], report)}
        elif op == "bye":
            os._exit(0)
        else:
            reply = {"status": "error", "error": {"type": "ProtocolError", "message": str(op)}}
        sys.stdout.flush()
        sys.stderr.flush()
        _send(wfd, dict(reply, id=header.get("id")), reply_blobs)


if __name__ == "__main__":
    main(sys.argv)
