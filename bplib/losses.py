"""Loss functions as (loss, gradient) pairs, plus softmax and log-softmax.

Every loss is a mean over the batch and returns ``(loss, dpred)`` where ``dpred`` = dL/d(pred) has
the shape and floating dtype of ``pred``. Predictions and targets must have exactly the same shape
(no broadcasting: a (N, 1) prediction against a (N,) target is an error, not a silent (N, N)
matrix), the batch must not be empty, and targets must be finite.
"""

import numpy as np

from ._validation import as_float_array, check_in_range, check_labels, check_positive, check_same_shape
from .activations import sigmoid

#: default clipping of binary_cross_entropy per dtype: 1 − eps must stay below 1 in that dtype
BCE_EPS = {np.dtype(np.float64): 1e-12, np.dtype(np.float32): 1e-7}


def _shifted(z):
    """z minus its row maximum, with the limits for infinite rows: a row holding +inf puts all of
    its mass equally on its +inf entries (and a row of only −inf on all entries)."""
    m = z.max(axis=1, keepdims=True)
    infinite = np.isinf(m)
    if np.any(infinite):
        z = np.where(infinite, np.where(z == m, 0.0, -np.inf), z).astype(z.dtype, copy=False)
        m = np.where(infinite, 0.0, m).astype(z.dtype, copy=False)
    # z − max can only overflow to −inf (e.g. −1e308 − 1e308), whose exp is the correct 0
    with np.errstate(over="ignore"):
        return z - m


def softmax(z):
    """Row-wise softmax of z (N, C): exp(z − max) / Σ exp(z − max). Stable for any z.

    No overflow for any finite z; rows with +inf entries give their limit (equal shares for the
    +inf entries, 0 elsewhere). Output (N, C) in z's dtype, each row summing to 1.
    """
    z = as_float_array("softmax", "z", z, ndim=2)
    e = np.exp(_shifted(z))
    return e / e.sum(axis=1, keepdims=True)


def log_softmax(z):
    """Row-wise log-softmax: z − max − log Σ exp(z − max). Stable for any z (never log 0).

    Infinite entries give their limits as in :func:`softmax` (−inf where the probability is 0).
    """
    z = as_float_array("log_softmax", "z", z, ndim=2)
    shifted = _shifted(z)
    return shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))


def _pair(func, name_pred, pred, name_y, y):
    pred = as_float_array(func, name_pred, pred, nonempty=True)
    y = as_float_array(func, name_y, y, finite=True)
    check_same_shape(func, name_pred, pred, name_y, y)
    return pred, y


def mse_loss(pred, y):
    """Mean squared error over all elements.

    L = mean((pred − y)²),   dL/dpred = 2 (pred − y) / pred.size.
    pred and y: same shape, e.g. (N, 1) or (N, D).
    """
    pred, y = _pair("mse_loss", "pred", pred, "y", y)
    diff = pred - y.astype(pred.dtype, copy=False)
    return float(np.mean(diff * diff)), (2.0 / diff.size) * diff


def binary_cross_entropy(p, y, eps=None):
    """Binary cross-entropy of probabilities p against targets y in [0, 1].

    L = −mean(y log p + (1 − y) log(1 − p)),   dL/dp = (p − y) / (p (1 − p)) / p.size.
    p is clipped to [eps, 1 − eps] so a saturated sigmoid gives a large finite loss instead of
    inf. ``eps`` defaults to 1e-12 for float64 and 1e-7 for float32 (1 − 1e-12 rounds to 1 in
    float32); a given eps must leave 1 − eps < 1 in p's dtype. When p comes from a sigmoid,
    :func:`sigmoid_binary_cross_entropy` on the logits is exact and better conditioned.
    """
    func = "binary_cross_entropy"
    p, y = _pair(func, "p", p, "y", y)
    check_in_range(func, "y", y, 0, 1, what="targets")
    check_in_range(func, "p", p, 0, 1, what="probabilities",
                   hint="; apply a sigmoid first (or use sigmoid_binary_cross_entropy on logits)")
    if eps is None:
        eps = BCE_EPS[p.dtype]
    check_positive(func, "eps", eps)
    one = p.dtype.type(1)
    if not (eps < 0.5 and one - p.dtype.type(eps) < one):
        raise ValueError(f"{func}: eps must be below 0.5 with 1 − eps < 1 in {p.dtype}; got {eps!r} "
                         f"(for {p.dtype} use at least {np.finfo(p.dtype).epsneg:.3g})")
    pc = np.clip(p, p.dtype.type(eps), one - p.dtype.type(eps))
    y = y.astype(p.dtype, copy=False)
    loss = -np.mean(y * np.log(pc) + (1 - y) * np.log1p(-pc))
    return float(loss), (pc - y) / (pc * (1 - pc)) / p.size


def sigmoid_binary_cross_entropy(z, y):
    """Binary cross-entropy computed from logits z (p = σ(z)), stable for any z, ±inf included.

    L = mean((1 − y)·max(z, 0) + y·max(−z, 0) + log(1 + e^(−|z|))),   dL/dz = (σ(z) − y) / z.size.
    (The first two terms equal max(z, 0) − z·y; written this way a term whose factor is 0 is 0
    even when z = ±inf.) y must hold targets in [0, 1].
    """
    func = "sigmoid_binary_cross_entropy"
    z, y = _pair(func, "z", z, "y", y)
    check_in_range(func, "y", y, 0, 1, what="targets", hint=" (binary targets, e.g. 0/1 labels)")
    y = y.astype(z.dtype, copy=False)
    zero = np.zeros_like(z)
    pos = np.multiply(1 - y, np.maximum(z, 0), out=zero.copy(), where=(y != 1))
    neg = np.multiply(y, np.maximum(-z, 0), out=zero, where=(y != 0))
    loss = np.mean(pos + neg + np.log1p(np.exp(-np.abs(z))))
    return float(loss), (sigmoid(z) - y) / z.size


def softmax_cross_entropy(logits, y):
    """Softmax followed by cross-entropy with integer labels.

    logits (N, C) with N >= 1, y (N,) integers in 0..C−1.
    L = −mean_n log softmax(logits)[n, y_n],   dL/dlogits = (softmax(logits) − onehot(y)) / N.
    """
    logits = as_float_array("softmax_cross_entropy", "logits", logits, ndim=2, nonempty=True)
    n, c = logits.shape
    y = check_labels("softmax_cross_entropy", "y", y, n, c)
    logp = log_softmax(logits)
    rows = np.arange(n)
    loss = -logp[rows, y].mean()
    dlogits = np.exp(logp)
    dlogits[rows, y] -= 1
    return float(loss) + 0.0, dlogits / n  # + 0.0 turns −0.0 (a perfect fit) into 0.0
