"""Gradient checking: compare backprop's gradients with centred finite differences.

    ∂f/∂xᵢ ≈ (f(x + h eᵢ) − f(x − h eᵢ)) / 2h        (error O(h²); use float64)

``rel_error(a, b) = ‖a − b‖∞ / max(‖a‖∞ + ‖b‖∞, 1e-300)``. Rules of thumb in float64 with
h = 1e-5: below 1e-7 the gradient is right; above 1e-4 it is wrong unless the check crossed a
kink (ReLU at 0) or the gradient is tiny; in between, look closer. :func:`check_gradients` applies
these rules and says *why* it reached its verdict.
"""

import numpy as np

from ._validation import as_float_array

PASS_BELOW = 1e-7
FAIL_ABOVE = 1e-4
TINY = 1e-10


def rel_error(a, b):
    """Largest absolute difference relative to the larger of the two magnitudes (scalar)."""
    a = np.asarray(a, dtype=np.float64)
    b = np.asarray(b, dtype=np.float64)
    if a.shape != b.shape:
        raise ValueError(f"rel_error: a and b must have the same shape; got {a.shape} and {b.shape}")
    scale = np.max(np.abs(a), initial=0.0) + np.max(np.abs(b), initial=0.0)
    return float(np.max(np.abs(a - b), initial=0.0) / max(scale, 1e-300))


def numerical_gradient(f, x, h=1e-5):
    """Centred-difference gradient of a scalar function f at x (any shape), in float64.

    f is called with perturbed float64 copies of x; x itself is never modified.
    Returns an array of x's shape.
    """
    x = np.array(as_float_array("numerical_gradient", "x", x), dtype=np.float64)
    grad = np.zeros_like(x)
    flat, g = x.reshape(-1), grad.reshape(-1)
    for i in range(flat.size):
        old = flat[i]
        flat[i] = old + h
        plus = float(f(x.copy()))
        flat[i] = old - h
        minus = float(f(x.copy()))
        flat[i] = old
        g[i] = (plus - minus) / (2 * h)
    return grad


def numerical_gradient_array(f, x, dout, h=1e-5):
    """Finite-difference vector-Jacobian product for an array-valued f: Σ_j dout_j ∂f_j/∂x.

    This is exactly what a backward function returns for upstream gradient ``dout``, so any
    layer's backward can be checked in isolation.
    """
    dout = np.asarray(dout, dtype=np.float64)
    return numerical_gradient(lambda z: np.sum(np.asarray(f(z), dtype=np.float64) * dout), x, h)


def check_gradients(model, loss, X, y, *, h=None, max_entries=200, rng=0):
    """Check every parameter gradient of ``model`` under ``loss`` on (X, y).

    ``h`` defaults to 1e-5 for float64 models and 1e-3 when any parameter is float32 (a smaller
    step drowns the difference in float32 rounding).

    Runs in evaluation mode (dropout off) and restores the model's mode, parameters and gradients.
    Up to ``max_entries`` entries of each parameter (chosen with ``rng``) are checked.

    Returns a :class:`GradCheckResult` with per-parameter errors and an overall ``verdict``
    ("pass", "fail" or "suspect") with its ``reason``.
    """
    from .gradcheck_report import GradCheckResult, judge

    params = model.named_parameters() if hasattr(model, "named_parameters") else list(enumerate(model.parameters()))
    if h is None:
        h = 1e-5 if all(p.dtype == np.float64 for _, p in params) else 1e-3
    was_training = getattr(model, "training", False)
    saved_grads = [p.grad.copy() for _, p in params]
    model.eval()
    gen = np.random.default_rng(rng)
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
