"""A vanilla recurrent layer and backpropagation through time (BPTT), as forward/backward pairs.

One step maps the input at time t and the previous hidden state to the next hidden state::

    a_t = x_t @ Wxh + h_{t-1} @ Whh + b        h_t = tanh(a_t)

Shapes: x_t (N, D), h_t (N, H), Wxh (D, H), Whh (H, H), b (H,). A whole sequence is x (N, T, D)
(batch first, then time) and the hidden states are h (N, T, H).

Backward through one step, given g = dL/dh_t (everything that reaches h_t)::

    da = g ⊙ (1 − h_t²)                        (tanh' = 1 − tanh²)
    dx_t = da @ Wxhᵀ     dh_{t-1} = da @ Whhᵀ
    dWxh = x_tᵀ @ da     dWhh = h_{t-1}ᵀ @ da   db = Σ_rows da

BPTT runs this from t = T down to 1. The same weights are used at every step, so their gradients
are *sums over time* of the per-step gradients (the ``+=`` of a reused node), and the gradient
reaching h_{t-1} is what arrives from the loss at step t-1 plus what flows back from step t.
"""

import numpy as np

from ._validation import as_float_array, check_cache


def rnn_step_forward(x, h_prev, Wxh, Whh, b):
    """One step h = tanh(x @ Wxh + h_prev @ Whh + b).

    x (N, D), h_prev (N, H), Wxh (D, H), Whh (H, H), b (H,)  ->  h (N, H), cache.
    """
    func = "rnn_step_forward"
    x = as_float_array(func, "x", x, ndim=2, nonempty=True)
    h_prev = as_float_array(func, "h_prev", h_prev, ndim=2)
    Wxh = as_float_array(func, "Wxh", Wxh, ndim=2)
    Whh = as_float_array(func, "Whh", Whh, ndim=2)
    b = as_float_array(func, "b", b, ndim=1)
    n_hidden = Whh.shape[0]
    if Whh.shape != (n_hidden, n_hidden) or b.shape != (n_hidden,):
        raise ValueError(f"{func}: Whh must be square (H, H) and b of shape (H,); got Whh {Whh.shape}, b {b.shape}")
    if Wxh.shape != (x.shape[1], n_hidden):
        raise ValueError(f"{func}: Wxh must have shape ({x.shape[1]}, {n_hidden}) for x {x.shape} "
                         f"and Whh {Whh.shape}; got {Wxh.shape}")
    if h_prev.shape != (x.shape[0], n_hidden):
        raise ValueError(f"{func}: h_prev must have shape ({x.shape[0]}, {n_hidden}); got {h_prev.shape}")
    h = np.tanh(x @ Wxh + h_prev @ Whh + b)
    return h, (x, h_prev, Wxh, Whh, h.copy())  # a copy: changing the returned h cannot change backward


def rnn_step_backward(dh, cache):
    """Gradients of one step, given dh = dL/dh (N, H).

    Returns dx (N, D), dh_prev (N, H), dWxh (D, H), dWhh (H, H), db (H,) with
    da = dh ⊙ (1 − h²), dx = da Wxhᵀ, dh_prev = da Whhᵀ, dWxh = xᵀ da, dWhh = h_prevᵀ da, db = Σ da.
    """
    x, h_prev, Wxh, Whh, h = _step_cache("rnn_step_backward", cache)
    dh = as_float_array("rnn_step_backward", "dh", dh, ndim=2)
    if dh.shape != h.shape:
        raise ValueError(f"rnn_step_backward: dh must have shape {h.shape} like the step's output; got {dh.shape}")
    da = dh * (1.0 - h * h)
    return da @ Wxh.T, da @ Whh.T, x.T @ da, h_prev.T @ da, da.sum(axis=0)


def rnn_forward(x, h0, Wxh, Whh, b):
    """Run the recurrence over a whole sequence.

    x (N, T, D), h0 (N, H)  ->  h (N, T, H) holding h_1..h_T, and the cache for :func:`rnn_backward`.
    The weights may be arrays or nested lists, as everywhere in bplib.
    """
    func = "rnn_forward"
    x = as_float_array(func, "x", x, ndim=3, nonempty=True)
    n, steps, _ = x.shape
    if steps < 1:
        raise ValueError(f"{func}: x must hold at least one time step; got shape {x.shape}")
    h0 = as_float_array(func, "h0", h0, ndim=2)
    Wxh = as_float_array(func, "Wxh", Wxh, ndim=2)
    Whh = as_float_array(func, "Whh", Whh, ndim=2)
    b = as_float_array(func, "b", b, ndim=1)
    h = np.empty((n, steps, Whh.shape[0]), dtype=np.result_type(x, h0, Wxh, Whh, b))
    caches = []
    h_prev = h0
    for t in range(steps):
        h_prev, cache = rnn_step_forward(x[:, t], h_prev, Wxh, Whh, b)
        h[:, t] = h_prev
        caches.append(cache)
    return h, caches


def rnn_backward(dh, cache, return_hidden_grads=False):
    """Backpropagation through time.

    dh (N, T, H) is the gradient of the loss with respect to each hidden state coming *directly*
    from the outputs (zeros at steps without an output, e.g. all but the last for a loss on h_T).

    Returns dx (N, T, D), dh0 (N, H), dWxh (D, H), dWhh (H, H), db (H,) — the weight gradients
    summed over all time steps. With ``return_hidden_grads=True`` a sixth array (N, T, H) is
    returned: the *total* gradient dL/dh_t at every step, direct plus what flowed back from later
    steps (its norm over t shows vanishing or exploding gradients).
    """
    caches = check_cache("rnn_backward", cache, "rnn_forward")
    if not caches:
        raise ValueError("rnn_backward: cache is empty; expected the list of step caches returned by rnn_forward")
    for c in caches:
        _step_cache("rnn_backward", c)
    dh = as_float_array("rnn_backward", "dh", dh, ndim=3)
    n, steps = dh.shape[:2]
    x0, _, Wxh, Whh, _ = caches[0]
    if dh.shape != (n, len(caches), Whh.shape[0]) or n != x0.shape[0]:
        raise ValueError(f"rnn_backward: dh must have shape ({x0.shape[0]}, {len(caches)}, {Whh.shape[0]}) "
                         f"like the forward output; got {dh.shape}")
    dx = np.empty((n, steps, x0.shape[1]), dtype=dh.dtype)
    dWxh, dWhh, db = np.zeros_like(Wxh), np.zeros_like(Whh), np.zeros(Whh.shape[0], dtype=Whh.dtype)
    total = np.empty_like(dh)
    dh_next = np.zeros((n, Whh.shape[0]), dtype=dh.dtype)
    for t in range(steps - 1, -1, -1):
        total[:, t] = dh[:, t] + dh_next
        dx[:, t], dh_next, dWxh_t, dWhh_t, db_t = rnn_step_backward(total[:, t], caches[t])
        dWxh += dWxh_t
        dWhh += dWhh_t
        db += db_t
    grads = (dx, dh_next, dWxh, dWhh, db)
    return grads + (total,) if return_hidden_grads else grads


def _step_cache(func, cache):
    """The (x, h_prev, Wxh, Whh, h) arrays of one step's cache, checked."""
    cache = check_cache(func, cache, "rnn_step_forward", length=5)
    if not all(isinstance(a, np.ndarray) and a.ndim == 2 for a in cache):
        raise ValueError(f"{func}: cache must hold the five 2-D arrays (x, h_prev, Wxh, Whh, h) returned "
                         f"by rnn_step_forward; got {[type(a).__name__ for a in cache]}")
    return cache
