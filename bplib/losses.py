"""Loss functions as (loss, gradient) pairs, plus softmax and log-softmax.

Every loss is a mean over the batch and returns ``(loss, dpred)`` where ``dpred`` = dL/d(pred) has
the shape of ``pred``. Predictions and targets must have exactly the same shape (no broadcasting:
a (N, 1) prediction against a (N,) target is an error, not a silent (N, N) matrix).
"""

import numpy as np

from ._validation import as_float_array, check_labels, check_same_shape
from .activations import sigmoid


def softmax(z):
    """Row-wise softmax of z (N, C): exp(z − max) / Σ exp(z − max). Stable for any z."""
    z = as_float_array("softmax", "z", z, ndim=2)
    e = np.exp(z - z.max(axis=1, keepdims=True))
    return e / e.sum(axis=1, keepdims=True)


def log_softmax(z):
    """Row-wise log-softmax: z − max − log Σ exp(z − max). Stable for any z (never log 0)."""
    z = as_float_array("log_softmax", "z", z, ndim=2)
    shifted = z - z.max(axis=1, keepdims=True)
    return shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))


def mse_loss(pred, y):
    """Mean squared error over all elements.

    L = mean((pred − y)²),   dL/dpred = 2 (pred − y) / pred.size.
    pred and y: same shape, e.g. (N, 1) or (N, D).
    """
    pred = as_float_array("mse_loss", "pred", pred)
    y = as_float_array("mse_loss", "y", y)
    check_same_shape("mse_loss", "pred", pred, "y", y)
    diff = pred - y
    return float(np.mean(diff * diff)), (2.0 / diff.size) * diff


def binary_cross_entropy(p, y, eps=1e-12):
    """Binary cross-entropy of probabilities p against targets y in [0, 1].

    L = −mean(y log p + (1 − y) log(1 − p)),   dL/dp = (p − y) / (p (1 − p)) / p.size.
    p is clipped to [eps, 1 − eps] so a saturated sigmoid gives a large finite loss instead of
    inf. When p comes from a sigmoid, :func:`sigmoid_binary_cross_entropy` on the logits is exact
    and better conditioned.
    """
    p = as_float_array("binary_cross_entropy", "p", p)
    y = as_float_array("binary_cross_entropy", "y", y)
    check_same_shape("binary_cross_entropy", "p", p, "y", y)
    if np.any((y < 0) | (y > 1)):
        raise ValueError("binary_cross_entropy: y must hold targets in [0, 1]")
    if np.any((p < 0) | (p > 1)):
        raise ValueError("binary_cross_entropy: p must hold probabilities in [0, 1]; apply a sigmoid first")
    pc = np.clip(p, eps, 1.0 - eps)
    loss = -np.mean(y * np.log(pc) + (1.0 - y) * np.log1p(-pc))
    return float(loss), (pc - y) / (pc * (1.0 - pc)) / p.size


def sigmoid_binary_cross_entropy(z, y):
    """Binary cross-entropy computed from logits z (p = σ(z)), stable for any z.

    L = mean(max(z, 0) − z·y + log(1 + e^(−|z|))),   dL/dz = (σ(z) − y) / z.size.
    """
    z = as_float_array("sigmoid_binary_cross_entropy", "z", z)
    y = as_float_array("sigmoid_binary_cross_entropy", "y", y)
    check_same_shape("sigmoid_binary_cross_entropy", "z", z, "y", y)
    loss = np.mean(np.maximum(z, 0) - z * y + np.log1p(np.exp(-np.abs(z))))
    return float(loss), (sigmoid(z) - y) / z.size


def softmax_cross_entropy(logits, y):
    """Softmax followed by cross-entropy with integer labels.

    logits (N, C), y (N,) integers in 0..C−1.
    L = −mean_n log softmax(logits)[n, y_n],   dL/dlogits = (softmax(logits) − onehot(y)) / N.
    """
    logits = as_float_array("softmax_cross_entropy", "logits", logits, ndim=2)
    n, c = logits.shape
    y = check_labels("softmax_cross_entropy", "y", y, n, c)
    logp = log_softmax(logits)
    rows = np.arange(n)
    loss = -logp[rows, y].mean()
    dlogits = np.exp(logp)
    dlogits[rows, y] -= 1.0
    return float(loss), dlogits / n
