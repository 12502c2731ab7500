"""The fully connected (dense, affine) layer as a forward/backward pair.

Forward:  out = x @ W + b
Backward: dx = dout @ Wᵀ,  dW = xᵀ @ dout,  db = Σ_rows dout

Shapes: x (N, n_in) with N >= 1, W (n_in, n_out), b (n_out,), out and dout (N, n_out).
The gradients have the dtypes of what they are gradients of: dx that of x, dW and db that of W.
"""

import numpy as np

from ._validation import as_float_array, check_cache


def dense_forward(x, W, b):
    """Compute out = x @ W + b.

    Parameters
    ----------
    x : array (N, n_in)    a batch of N rows
    W : array (n_in, n_out)
    b : array (n_out,)

    Returns
    -------
    out : array (N, n_out)
    cache : (x, W), what the backward pass needs
    """
    func = "dense_forward"
    x = as_float_array(func, "x", x, ndim=2, nonempty=True)
    W = as_float_array(func, "W", W, ndim=2)
    b = as_float_array(func, "b", b)
    if W.shape[0] != x.shape[1]:
        raise ValueError(
            f"{func}: W must have shape ({x.shape[1]}, n_out) to match x's {x.shape[1]} features; "
            f"got {W.shape}"
        )
    if b.shape != (W.shape[1],):
        raise ValueError(f"{func}: b must have shape ({W.shape[1]},) to match W {W.shape}; got {b.shape}")
    out = x @ W
    out += b  # out is a fresh array, so adding in place mutates nothing of the caller's
    return out, (x, W)


def dense_backward(dout, cache, *, need_dx=True):
    """Gradients of the dense layer.

    Parameters
    ----------
    dout : array (N, n_out)   dL/d(out)
    cache : (x, W) from :func:`dense_forward`
    need_dx : when False, dx is not computed (None is returned in its place, saving one matmul)

    Returns
    -------
    dx : array (N, n_in)      dL/dx = dout @ Wᵀ
    dW : array (n_in, n_out)  dL/dW = xᵀ @ dout   (summed over the batch)
    db : array (n_out,)       dL/db = Σ_n dout[n]
    """
    func = "dense_backward"
    x, W = check_cache(func, cache, "dense_forward", length=2)
    if not (isinstance(x, np.ndarray) and isinstance(W, np.ndarray) and x.ndim == 2 and W.ndim == 2):
        raise ValueError(f"{func}: cache must be the (x, W) pair of 2-D arrays returned by dense_forward; "
                         f"got ({type(x).__name__}, {type(W).__name__})")
    dout = as_float_array(func, "dout", dout, ndim=2)
    expected = (x.shape[0], W.shape[1])
    if dout.shape != expected:
        raise ValueError(f"{func}: dout must have shape {expected} like the forward output; got {dout.shape}")
    dx = (dout @ W.T).astype(x.dtype, copy=False) if need_dx else None
    dW = (x.T @ dout).astype(W.dtype, copy=False)
    return dx, dW, dout.sum(axis=0).astype(W.dtype, copy=False)
