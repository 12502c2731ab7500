"""Inverted dropout as a forward/backward pair.

In training each unit is dropped (set to 0) with probability ``p`` and the survivors are scaled by
1/(1 − p), so the expected activation is unchanged and nothing needs rescaling at test time:

    mask = (rng.random(x.shape) >= p) / (1 − p)
    out  = x · mask            dx = dout · mask

In evaluation (``training=False``) or with p = 0, dropout is the identity.
"""

from ._validation import as_float_array, as_rng, check_cache, check_probability, check_same_shape


def dropout_forward(x, p, *, rng=None, training=True):
    """Apply inverted dropout with drop probability ``p`` (PyTorch's meaning).

    Parameters
    ----------
    x : array, any shape
    p : float in [0, 1), probability of dropping each unit
    rng : numpy Generator or int seed; the keep-mask is ``rng.random(x.shape) >= p``
    training : bool, when False the layer is the identity

    Returns
    -------
    out : array like x
    cache : the scaled mask (array like x), or None when nothing was dropped
    """
    x = as_float_array("dropout_forward", "x", x)
    p = check_probability("dropout_forward", "p", p)
    if not training or p == 0.0:
        return x.copy(), None
    keep = as_rng(rng, "dropout_forward").random(x.shape) >= p
    mask = keep.astype(x.dtype) / x.dtype.type(1.0 - p)
    return x * mask, mask


def dropout_backward(dout, cache):
    """dx = dout · mask (the same units are dropped and scaled as in the forward pass).

    ``cache`` is what :func:`dropout_forward` returned: the mask, or None when nothing was dropped
    (then dx = dout, as a new array).
    """
    if cache is None:
        return as_float_array("dropout_backward", "dout", dout).copy()
    mask = check_cache("dropout_backward", cache, "dropout_forward", array=True)
    dout = as_float_array("dropout_backward", "dout", dout, dtype=mask.dtype)
    check_same_shape("dropout_backward", "dout", dout, "the forward output", mask)
    return dout * mask
