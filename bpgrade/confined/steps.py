"""Run one check case — a short program of calls — against a namespace of learner code.

A case is a list of steps; each step calls a function defined by the learner (``{"call": name}``),
a method of an earlier step's result (``{"method": name, "on": Ref}``) or reads an attribute of
one (``{"attr": name, "on": Ref}``). Arguments may be values, ``Ref(step, item)`` (an earlier
result, e.g. a forward pass's cache) or ``RngSeed(n)``. This is shared, unchanged, by the
sandboxed child (grading and ``bpgrade check``) and the in-notebook self-check, so every place
that runs a case runs it the same way. It never judges anything: it only produces values.

Each call runs with every warning recorded (``warnings.catch_warnings(record=True)``, filter
"always") under NumPy's default floating-point error handling, so overflow in ``np.exp`` or a
division by zero becomes a RuntimeWarning whatever ``np.seterr`` an earlier cell set; a question
with ``no_warnings=True`` fails a case whose calls warned (``judging/judge.py``).
"""

import copy
import warnings

import numpy as np

from .protocol import Ref, RngSeed

MAX_WARNINGS = 5        # warnings kept per case
MAX_WARNING_TEXT = 300  # characters kept of each warning's message


class MissingName(Exception):
    """The learner's code does not define a name that a step needs."""


class StepError(Exception):
    """A step raised; ``step`` is its index and ``exc`` the learner's exception."""

    def __init__(self, step, exc):
        super().__init__(f"step {step}: {exc!r}")
        self.step, self.exc = step, exc


def resolve(value, results):
    """Replace Ref and RngSeed placeholders (also inside lists/tuples) by real values."""
    if isinstance(value, Ref):
        result = results[value.step]
        return result if value.item is None else result[value.item]
    if isinstance(value, RngSeed):
        return np.random.default_rng(value.seed)
    if isinstance(value, (list, tuple)):
        return type(value)(resolve(v, results) for v in value)
    return value


def pick(results, output):
    """The value named by an output spec ``{"step": i, "item": k}`` (item None: whole result)."""
    result = results[output["step"]]
    item = output.get("item")
    return result if item is None else result[item]


def _snapshot(values, keep=None):
    """Copies of the plain ndarrays among ``values`` (None elsewhere, or where ``keep`` is False)."""
    return [v.copy() if type(v) is np.ndarray and (keep is None or keep[i]) else None
            for i, v in enumerate(values)]


def _text(message):
    try:
        return str(message)[:MAX_WARNING_TEXT]
    except Exception:
        return "<unprintable warning>"


def _call_recording(target, args, kwargs, index, warned):
    """``target(*args, **kwargs)``; appends ``[step, category name, message]`` for each warning
    it raised to ``warned`` (at most MAX_WARNINGS in all)."""
    with warnings.catch_warnings(record=True) as caught, \
            np.errstate(over="warn", divide="warn", invalid="warn", under="ignore"):
        warnings.simplefilter("always")
        try:
            return target(*args, **kwargs)
        finally:
            for w in caught[:max(MAX_WARNINGS - len(warned), 0)]:
                category = getattr(w.category, "__name__", "Warning")
                warned.append([index, str(category)[:80], _text(w.message)])


def run_steps(namespace, steps, snapshots=None, warned=None):
    """Run the steps in order and return (results, args): each step's result and the argument
    objects it was given (so callers can detect in-place modification of inputs).

    With a list ``snapshots``, each step appends ``(before, after)``: copies of its array
    arguments that are earlier results (``Ref``) taken before the call, and copies of all its
    array arguments taken right after it, so a modification is pinned to the step that made it.
    With a list ``warned``, the warnings each call raised are recorded into it (``_call_recording``)."""
    results, passed_args = [], []
    for index, step in enumerate(steps):
        args = [resolve(a, results) for a in step.get("args", [])]
        kwargs = {k: resolve(v, results) for k, v in step.get("kwargs", {}).items()}
        passed_args.append(args)
        if snapshots is not None:
            before = _snapshot(args, [isinstance(a, Ref) for a in step.get("args", [])])
            snapshots.append((before, None))
        if "call" in step:
            name = step["call"]
            if name not in namespace:
                raise MissingName(f"{name} is not defined")
            target = namespace[name]
        else:
            owner = resolve(step["on"], results)
            name = step.get("method") or step.get("attr")
            try:
                target = getattr(owner, name)
            except Exception as exc:
                raise StepError(index, exc) from None
            if "attr" in step:
                results.append(copy.deepcopy(target) if isinstance(target, np.ndarray) else target)
                continue
        try:
            if warned is None:
                results.append(target(*args, **kwargs))
            else:
                results.append(_call_recording(target, args, kwargs, index, warned))
        except Exception as exc:
            raise StepError(index, exc) from None
        if snapshots is not None:
            snapshots[-1] = (snapshots[-1][0], _snapshot(args))
    return results, passed_args
