"""Activation functions as forward/backward pairs.

Each ``*_forward(x)`` returns ``(out, cache)``; each ``*_backward(dout, cache)`` returns ``dx``,
the gradient of the loss with respect to ``x``, given ``dout`` = dL/d(out). Shapes: ``x``, ``out``,
``dout`` and ``dx`` all have the same (any) shape; the floating dtype of ``x`` is preserved (``dx``
has the dtype of ``x`` whatever the dtype of ``dout``). The cache is never the array returned as
``out``, so changing ``out`` in place cannot change the backward pass.
"""

import numpy as np

from ._validation import as_float_array, check_cache, check_same_shape


def sigmoid(x):
    """Logistic function σ(x) = 1 / (1 + e^(−x)), stable for any x (no overflow warnings).

    For x ≥ 0 it evaluates 1 / (1 + e^(−x)); for x < 0 the equal form e^x / (1 + e^x), so the
    exponential never overflows.
    """
    x = as_float_array("sigmoid", "x", x)
    e = np.exp(-np.abs(x))
    return np.where(x >= 0, 1.0 / (1.0 + e), e / (1.0 + e)).astype(x.dtype, copy=False)


def sigmoid_forward(x):
    """out = σ(x); cache = a copy of out (σ' can be computed from σ itself)."""
    x = as_float_array("sigmoid_forward", "x", x)
    out = sigmoid(x)
    return out, out.copy()


def sigmoid_backward(dout, cache):
    """dx = dout · σ(x) · (1 − σ(x)), using the cached σ(x)."""
    out = check_cache("sigmoid_backward", cache, "sigmoid_forward", array=True)
    dout = _upstream("sigmoid_backward", dout, out)
    return dout * out * (1.0 - out)


def tanh_forward(x):
    """out = tanh(x); cache = a copy of out."""
    x = as_float_array("tanh_forward", "x", x)
    out = np.tanh(x)
    return out, out.copy()


def tanh_backward(dout, cache):
    """dx = dout · (1 − tanh(x)²), using the cached tanh(x)."""
    out = check_cache("tanh_backward", cache, "tanh_forward", array=True)
    dout = _upstream("tanh_backward", dout, out)
    return dout * (1.0 - out * out)


def relu_forward(x):
    """out = max(x, 0); cache = the mask x > 0."""
    x = as_float_array("relu_forward", "x", x)
    return np.maximum(x, 0), x > 0


def relu_backward(dout, cache):
    """dx = dout where x > 0, else 0 (at x = 0 we use the subgradient 0).

    Returns a new array; the caller's ``dout`` is left untouched.
    """
    mask = check_cache("relu_backward", cache, "relu_forward", array=True)
    dout = _upstream("relu_backward", dout, mask)
    return dout * mask  # multiplying by the boolean mask is many times faster than np.where


def _upstream(func, dout, reference):
    """Validate an upstream gradient against the cached forward array; give it that array's dtype
    (a boolean ReLU mask keeps dout's floating dtype)."""
    dtype = reference.dtype if reference.dtype.kind == "f" else None
    dout = as_float_array(func, "dout", dout, dtype=dtype)
    check_same_shape(func, "dout", dout, "the forward output", reference)
    return dout
