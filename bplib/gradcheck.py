"""Gradient checking: compare backprop's gradients with centred finite differences.

    ∂f/∂xᵢ ≈ (f(x + h eᵢ) − f(x − h eᵢ)) / 2h        (error O(h²); use float64)

:func:`rel_error` compares entry by entry. Rules of thumb in float64 with h = 1e-5: below 1e-7
the gradient is right; above 1e-4 it is wrong unless the check crossed a kink (ReLU at 0); in
between, look closer. :func:`check_gradients` applies these rules and says *why* it reached its
verdict; a NaN or inf anywhere, or a check of no entries at all, is always "fail".
"""

import html
import numbers
from collections.abc import Callable

import numpy as np

from ._validation import as_float_array, as_rng, check_count, check_positive, check_type, describe
from .loss_objects import Loss

PASS_BELOW = 1e-7
FAIL_ABOVE = 1e-4
TINY = 1e-10
FLOOR_FRACTION = 1e-2
SEVERITY = {"pass": 0, "suspect": 1, "fail": 2}


def rel_error(a, b, floor=None):
    """Largest per-entry relative difference of two arrays of the same shape (a float >= 0).

        rel_error(a, b) = maxᵢ |aᵢ − bᵢ| / max(|aᵢ| + |bᵢ|, floor)

    ``floor`` defaults to ``FLOOR_FRACTION`` (1%) of maxᵢ (|aᵢ| + |bᵢ|), or is the given number > 0.
    Each entry is compared with its own size, but never with less than the floor, so the rounding
    noise of finite differences on near-zero entries is not mistaken for an error; a wrong entry
    still counts: a flipped sign on an entry r times the largest gives min(1, 100 r), above 1e-7
    for r > 1e-9. Identical arrays give 0.0; any NaN or inf in either array gives inf.
    """
    a = as_float_array("rel_error", "a", a, dtype=np.float64)
    b = as_float_array("rel_error", "b", b, dtype=np.float64)
    if a.shape != b.shape:
        raise ValueError(f"rel_error: a and b must have the same shape; got {a.shape} and {b.shape}")
    if a.size == 0:
        raise ValueError("rel_error: a and b are empty; there is nothing to compare")
    if not (np.all(np.isfinite(a)) and np.all(np.isfinite(b))):
        return float("inf")
    size = np.abs(a) + np.abs(b)
    floor = FLOOR_FRACTION * float(size.max()) if floor is None else check_positive("rel_error", "floor", floor)
    diff = np.abs(a - b)
    if not np.any(diff):
        return 0.0
    return float(np.max(diff / np.maximum(size, floor)))


def numerical_gradient(f, x, h=1e-5):
    """Centred-difference gradient of a scalar function f at x (any shape), in float64.

    f is called with perturbed float64 copies of x and must return a single number; x itself is
    never modified. h is a finite step > 0. Returns an array of x's shape.
    """
    func = "numerical_gradient"
    check_type(func, "f", f, Callable, "a function")
    check_positive(func, "h", h)
    x = np.array(as_float_array(func, "x", x), dtype=np.float64)
    grad = np.zeros_like(x)
    flat, g = x.reshape(-1), grad.reshape(-1)
    for i in range(flat.size):
        old = flat[i]
        flat[i] = old + h
        plus = _scalar(func, f(x.copy()))
        flat[i] = old - h
        minus = _scalar(func, f(x.copy()))
        flat[i] = old
        g[i] = (plus - minus) / (2 * h)
    return grad


def numerical_gradient_array(f, x, dout, h=1e-5):
    """Finite-difference vector-Jacobian product for an array-valued f: Σ_j dout_j ∂f_j/∂x.

    This is exactly what a backward function returns for upstream gradient ``dout``, so any
    layer's backward can be checked in isolation. ``dout`` must have exactly the shape of f(x)
    (no broadcasting). Returns an array of x's shape.
    """
    func = "numerical_gradient_array"
    check_type(func, "f", f, Callable, "a function")
    check_positive(func, "h", h)
    dout = as_float_array(func, "dout", dout, dtype=np.float64)
    x = as_float_array(func, "x", x)
    out_shape = np.shape(f(np.array(x, dtype=np.float64)))
    if dout.shape != out_shape:
        raise ValueError(f"{func}: dout must have the shape of f(x), {out_shape}; got {dout.shape} "
                         "(broadcasting would weight the outputs wrongly)")
    return numerical_gradient(lambda z: np.sum(np.asarray(f(z), dtype=np.float64) * dout), x, h)


def _scalar(func, value):
    if (isinstance(value, numbers.Real) and not isinstance(value, bool)) or (
            isinstance(value, np.ndarray) and value.ndim == 0 and value.dtype.kind in "iuf"):
        return float(value)
    raise ValueError(f"{func}: f must return a single number; got {describe(value)} (reduce it, e.g. "
                     "with np.sum, or use numerical_gradient_array for an array-valued f)")


def check_gradients(model, loss, X, y, *, h=None, max_entries=200, rng=0):
    """Check every parameter gradient of ``model`` under ``loss`` on (X, y).

    ``model`` is a network (forward, backward, parameters, eval), ``loss`` a Loss object, X a
    non-empty batch. ``h`` defaults to 1e-5 for float64 models and 1e-3 when any parameter is
    float32 (a smaller step drowns the difference in float32 rounding).

    Runs in evaluation mode (dropout off) and restores the model's mode, parameters and gradients.
    Up to ``max_entries`` entries of each parameter (chosen with ``rng``) are checked, each with
    :func:`rel_error` (per entry, floor 1% of the largest).

    Returns a :class:`GradCheckResult` with per-parameter errors and an overall ``verdict``
    ("pass", "fail" or "suspect") with its ``reason``. NaN or inf in either gradient and a
    parameter with no entries to check are "fail".
    """
    func = "check_gradients"
    missing = [m for m in ("forward", "backward", "parameters", "eval", "train") if not hasattr(model, m)]
    if missing:
        raise TypeError(f"{func}: model must be a network such as Sequential(...); got {describe(model)} "
                        f"(it has no {', '.join(missing)})")
    check_type(func, "loss", loss, Loss, "a loss object such as MSELoss()")
    X = as_float_array(func, "X", X, nonempty=True)
    max_entries = check_count(func, "max_entries", max_entries, minimum=1)
    params = model.named_parameters() if hasattr(model, "named_parameters") else list(enumerate(model.parameters()))
    if not params:
        raise ValueError(f"{func}: model has no parameters to check")
    if h is None:
        h = 1e-5 if all(p.dtype == np.float64 for _, p in params) else 1e-3
    check_positive(func, "h", h)
    gen = as_rng(rng, func)
    was_training = getattr(model, "training", False)
    saved_grads = [p.grad.copy() for _, p in params]
    model.eval()
    try:
        for _, p in params:
            p.grad.fill(0)
        loss(model.forward(X), y)
        model.backward(loss.backward())
        analytic = [p.grad.copy() for _, p in params]
        base_masks = _relu_masks(model)
        rows = []
        for (name, p), grad in zip(params, analytic):
            idx = gen.choice(p.size, size=min(p.size, max_entries), replace=False)
            numeric, kinked = _numeric_entries(model, loss, X, y, p, idx, h, base_masks)
            rows.append(judge(str(name), p, grad.reshape(-1)[idx], numeric, kinked))
    finally:
        for (_, p), g in zip(params, saved_grads):
            p.grad = g
        if was_training:
            model.train()
    return GradCheckResult(rows)


def _numeric_entries(model, loss, X, y, p, idx, h, base_masks):
    flat = p.data.reshape(-1)
    numeric = np.empty(len(idx))
    kinked = False
    with np.errstate(all="ignore"):  # a NaN or overflow shows in the verdict, with its reason
        for k, i in enumerate(idx):
            old = flat[i]
            values = []
            for delta in (h, -h):
                flat[i] = old + delta
                values.append(loss.function(model.forward(X), y)[0])
                kinked = kinked or any(not np.array_equal(a, b) for a, b in zip(_relu_masks(model), base_masks))
            flat[i] = old
            numeric[k] = (values[0] - values[1]) / (2 * h)
    return numeric, kinked


def _relu_masks(model):
    return [layer._cache.copy() for layer in getattr(model, "layers", [])
            if type(layer).__name__ == "ReLU" and layer._cache is not None]


def judge(name, param, analytic, numeric, kinked):
    """One row of a gradient check for parameter ``name``: errors, verdict and its reason.

    fail: no entries, NaN/inf, or rel_error > FAIL_ABOVE (float32: >= 1e-2) without a kink.
    pass: float64, rel_error < PASS_BELOW (when every entry is below TINY in magnitude: absolute
    error below TINY·PASS_BELOW). suspect: the rest (a crossed kink, float32, errors in between).
    """
    analytic = np.asarray(analytic, dtype=np.float64)
    numeric = np.asarray(numeric, dtype=np.float64)
    row = {"name": name, "shape": param.shape, "checked": len(numeric)}
    if len(numeric) == 0:
        return {**row, "rel_error": float("inf"), "abs_error": float("inf"), "verdict": "fail",
                "reason": "no entries were checked, so nothing is verified"}
    bad = [w for w, g in (("backprop", analytic), ("finite differences", numeric)) if not np.all(np.isfinite(g))]
    if bad:
        which = " and ".join(bad)
        return {**row, "rel_error": float("inf"), "abs_error": float("inf"), "verdict": "fail",
                "reason": f"NaN or inf in the gradient from {which}"}
    err = rel_error(analytic, numeric)
    abs_err = float(np.max(np.abs(analytic - numeric)))
    magnitude = float(max(np.max(np.abs(analytic)), np.max(np.abs(numeric))))
    if param.dtype != np.float64:
        limit = 1e-2
        verdict, reason = (
            ("suspect", "float32: finite differences are unreliable; check a float64 copy (model.astype(np.float64))")
            if err < limit else ("fail", f"float32, but relative error {err:.1e} is too large for rounding alone")
        )
    elif magnitude < TINY:
        verdict = "pass" if abs_err < TINY * PASS_BELOW else "suspect"
        reason = (f"tiny magnitudes (max |grad| {magnitude:.1e}): relative error is meaningless; "
                  f"absolute error {abs_err:.1e}")
    elif err < PASS_BELOW:
        verdict, reason = "pass", f"relative error {err:.1e} < {PASS_BELOW:g}"
    elif kinked:
        verdict, reason = "suspect", f"kink crossed: a ReLU input changed sign within ±h (relative error {err:.1e})"
    elif err > FAIL_ABOVE:
        verdict, reason = "fail", f"relative error {err:.1e} > {FAIL_ABOVE:g}: the backward pass is wrong"
    else:
        verdict, reason = "suspect", f"relative error {err:.1e} between {PASS_BELOW:g} and {FAIL_ABOVE:g}"
    return {**row, "rel_error": err, "abs_error": abs_err, "verdict": verdict, "reason": reason}


class GradCheckResult:
    """Per-parameter rows plus the overall verdict (the worst row) and its reason."""

    def __init__(self, rows):
        if not rows:
            raise ValueError("GradCheckResult: rows is empty; a check of nothing cannot pass")
        self.rows = rows
        worst = max(rows, key=lambda r: (SEVERITY[r["verdict"]], r["rel_error"]))
        self.verdict = worst["verdict"]
        self.reason = "all parameters agree with finite differences" if self.verdict == "pass" else f"{worst['name']}: {worst['reason']}"
        self.max_rel_error = {r["name"]: r["rel_error"] for r in rows}

    @property
    def passed(self):
        return self.verdict == "pass"

    def __str__(self):
        lines = [f"gradient check: {self.verdict.upper()} — {self.reason}"]
        for r in self.rows:
            lines.append(f"  {r['name']:<8} {str(r['shape']):<12} rel error {r['rel_error']:.1e}  {r['verdict']:<7} {r['reason']}")
        return "\n".join(lines)

    __repr__ = __str__

    def _repr_html_(self):
        cells = "".join(
            f"<tr><td>{html.escape(r['name'])}</td><td>{r['shape']}</td><td>{r['rel_error']:.1e}</td>"
            f"<td>{r['verdict']}</td><td>{html.escape(r['reason'])}</td></tr>" for r in self.rows)
        return (f"<p><b>gradient check: {self.verdict.upper()}</b> — {html.escape(self.reason)}</p>"
                f"<table><tr><th>parameter</th><th>shape</th><th>rel. error</th><th>verdict</th><th>reason</th></tr>{cells}</table>")
