"""Compare a learner's value with the expected one: the only place a case is judged.

Used by the grader (values decoded from the sandboxed child), by ``bpgrade check`` and by the
in-notebook self-check, so a learner sees exactly the grader's verdicts. Rules: the structure
(tuple length), the exact shape (never broadcast: ``(n, 1)`` is not ``(n,)``, a scalar is not
``(1,)``), the dtype kind (float/int/bool; exact dtype when asked), finiteness, then
``|got - expected| <= atol + rtol * |expected|`` element-wise. Messages say what is wrong and
where, e.g. ``wrong value at index (1, 2): expected 0.7311, got 0.5``.
"""

import dataclasses

import numpy as np

from bpgrade.confined.protocol import Other

KIND_NAMES = {"f": "floating-point", "i": "integer", "u": "integer", "b": "boolean"}


@dataclasses.dataclass
class Verdict:
    """Outcome of one comparison. ``category`` is one of: ok, missing, type, structure, shape,
    dtype, nan, value, mutation, warning, property, error, timeout, crash, protocol."""

    ok: bool
    category: str = "ok"
    message: str = ""


OK = Verdict(True)


def describe(value):
    """A short description of a value, for messages."""
    if value is None:
        return "None"
    if isinstance(value, np.ndarray):
        return "a scalar" if value.shape == () else f"an array of shape {value.shape}"
    if isinstance(value, tuple):
        return f"a tuple of {len(value)} values"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, Other):
        return f"a {value.type_name} object"
    return type(value).__name__


def _fmt(x):
    return f"{x:.6g}" if np.isfinite(x) else str(x)


def _index(flat, shape):
    if not shape:
        return ""
    idx = np.unravel_index(flat, shape)
    return f" at index {tuple(int(i) for i in idx) if len(idx) > 1 else int(idx[0])}"


def _shape_hint(expected, got):
    e, g = expected.shape, got.shape
    if len(e) == 1 and g == (e[0], 1) or len(g) == 1 and e == (g[0], 1):
        return " (a column is not a vector: reshape, do not rely on broadcasting)"
    if e == () and g in ((1,), (1, 1)):
        return " (return a scalar, e.g. float(...) or .item())"
    return ""


def compare_arrays(expected, got, rtol, atol, exact_dtype=False, label="result"):
    """Judge one array (or scalar) against its expected value."""
    if not isinstance(got, np.ndarray):
        return Verdict(False, "type", f"{label}: expected {describe(expected)}, got {describe(got)}")
    if got.shape != expected.shape:
        return Verdict(False, "shape", f"{label}: expected shape {expected.shape}, got shape "
                       f"{got.shape}{_shape_hint(expected, got)}")
    ek, gk = expected.dtype.kind, got.dtype.kind
    same_kind = ek == gk or (ek in "iu" and gk in "iu")
    if not same_kind or (exact_dtype and expected.dtype != got.dtype):
        want = str(expected.dtype) if exact_dtype else KIND_NAMES.get(ek, ek) + " values"
        return Verdict(False, "dtype", f"{label}: expected {want}, got dtype {got.dtype}")
    if expected.size == 0:
        return OK
    e = expected.astype(np.float64).ravel()
    g = got.astype(np.float64).ravel()
    bad_nan = np.isfinite(e) & ~np.isfinite(g)
    if bad_nan.any():
        i = int(np.argmax(bad_nan))
        return Verdict(False, "nan", f"{label}: got {_fmt(g[i])}{_index(i, expected.shape)} where "
                       f"{_fmt(e[i])} was expected ({int(bad_nan.sum())} non-finite entries)")
    with np.errstate(all="ignore"):
        close = np.isclose(g, e, rtol=rtol, atol=atol, equal_nan=True) | (g == e)
    if close.all():
        return OK
    bad = ~close
    i = int(np.argmax(bad))
    with np.errstate(all="ignore"):
        gaps = np.abs(g - e)[bad]
    worst = float(np.max(np.where(np.isnan(gaps), np.inf, gaps)))  # NaN where inf was expected: inf
    count = f" ({int(bad.sum())} of {e.size} entries differ; largest error {worst:.3g})" if e.size > 1 else ""
    return Verdict(False, "value", f"{label}: wrong value{_index(i, expected.shape)}: expected "
                   f"{_fmt(e[i])}, got {_fmt(g[i])}{count}")


def compare_values(expected, got, rtol, atol, exact_dtype=False, label="result"):
    """Judge any decoded value (array, scalar, string, None, tuple of those) recursively."""
    if isinstance(expected, tuple):
        if not isinstance(got, tuple):
            return Verdict(False, "structure", f"{label}: expected {describe(expected)}, got {describe(got)}")
        if len(got) != len(expected):
            return Verdict(False, "structure", f"{label}: expected {len(expected)} values, got {len(got)}")
        for i, (e, g) in enumerate(zip(expected, got)):
            verdict = compare_values(e, g, rtol, atol, exact_dtype, f"{label}[{i}]")
            if not verdict.ok:
                return verdict
        return OK
    if isinstance(expected, np.ndarray):
        return compare_arrays(expected, got, rtol, atol, exact_dtype, label)
    if expected is None or isinstance(expected, str):
        if type(got) is type(expected) and got == expected:
            return OK
        return Verdict(False, "value", f"{label}: expected {expected!r}, got {describe(got)}")
    return Verdict(False, "error", f"{label}: the reference value is not comparable ({describe(expected)})")


def unchanged(sent, after, label):
    """No-mutation check: the array handed to the learner must come back bit-identical."""
    if not isinstance(after, np.ndarray) or after.shape != sent.shape or after.dtype != sent.dtype:
        return Verdict(False, "mutation", f"{label} was replaced or reshaped in place")
    if not np.array_equal(after, sent, equal_nan=sent.dtype.kind == "f"):
        return Verdict(False, "mutation", f"{label} was modified in place (inputs must not change)")
    return OK
