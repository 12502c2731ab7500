"""Tests of bplib.rnn: the vanilla RNN step and backpropagation through time, against finite differences."""

import numpy as np
import pytest

from bplib import numerical_gradient, numerical_gradient_array, rel_error
from bplib.rnn import rnn_backward, rnn_forward, rnn_step_backward, rnn_step_forward

N, T, D, H = 3, 5, 4, 6


def make(seed=0, scale=0.5, dtype=np.float64):
    rng = np.random.default_rng(seed)
    x = rng.normal(size=(N, T, D))
    h0 = rng.normal(size=(N, H)) * 0.5
    Wxh = rng.normal(size=(D, H)) * scale
    Whh = rng.normal(size=(H, H)) * scale
    b = rng.normal(size=H) * 0.1
    return [a.astype(dtype) for a in (x, h0, Wxh, Whh, b)]


def test_step_forward_matches_formula():
    x, h0, Wxh, Whh, b = make()
    h, _ = rnn_step_forward(x[:, 0], h0, Wxh, Whh, b)
    manual = np.array([[np.tanh(sum(x[n, 0, i] * Wxh[i, j] for i in range(D))
                                + sum(h0[n, k] * Whh[k, j] for k in range(H)) + b[j])
                        for j in range(H)] for n in range(N)])
    assert np.allclose(h, manual, atol=1e-14)


def test_step_backward_against_finite_differences():
    x, h0, Wxh, Whh, b = make(1)
    args = [x[:, 0], h0, Wxh, Whh, b]
    h, cache = rnn_step_forward(*args)
    dh = np.random.default_rng(2).normal(size=h.shape)
    grads = rnn_step_backward(dh, cache)
    for i, g in enumerate(grads):
        def f(z, i=i):
            a = list(args)
            a[i] = z
            return rnn_step_forward(*a)[0]
        assert rel_error(g, numerical_gradient_array(f, args[i], dh)) < 1e-8, i


def test_forward_sequence_is_repeated_step():
    x, h0, Wxh, Whh, b = make(3)
    h, _ = rnn_forward(x, h0, Wxh, Whh, b)
    assert h.shape == (N, T, H)
    prev = h0
    for t in range(T):
        prev = np.tanh(x[:, t] @ Wxh + prev @ Whh + b)
        assert np.allclose(h[:, t], prev, atol=1e-14)


@pytest.mark.parametrize("only_last", [True, False])
def test_bptt_against_finite_differences(only_last):
    params = make(4)
    rng = np.random.default_rng(5)
    weights = rng.normal(size=(N, T, H))
    if only_last:
        weights[:, :-1] = 0  # a loss that reads only h_T: every gradient must travel back in time

    def loss(*args):
        return float(np.sum(rnn_forward(*args)[0] * weights))

    h, cache = rnn_forward(*params)
    grads = rnn_backward(weights, cache)
    assert [g.shape for g in grads] == [p.shape for p in params]
    for i, g in enumerate(grads):
        def f(z, i=i):
            a = list(params)
            a[i] = z
            return loss(*a)
        assert rel_error(g, numerical_gradient(f, params[i])) < 1e-8, i


def test_hidden_grads_are_total_gradients():
    x, h0, Wxh, Whh, b = make(6)
    dh = np.zeros((N, T, H))
    dh[:, -1] = np.random.default_rng(7).normal(size=(N, H))
    h, cache = rnn_forward(x, h0, Wxh, Whh, b)
    *grads, total = rnn_backward(dh, cache, return_hidden_grads=True)
    assert np.array_equal(total[:, -1], dh[:, -1])
    # dL/dh_t for t < T, by perturbing h_t and re-running the rest of the sequence from it
    for t in (0, T - 3):
        def rest(ht, t=t):
            return float(np.sum(rnn_forward(x[:, t + 1:], ht, Wxh, Whh, b)[0][:, -1] * dh[:, -1]))
        assert rel_error(total[:, t], numerical_gradient(rest, h[:, t])) < 1e-8
    assert np.allclose(grads[1], total[:, 0] * (1 - h[:, 0] ** 2) @ Whh.T)


def test_inputs_not_mutated_and_dtype_preserved():
    params = make(8, dtype=np.float32)
    copies = [p.copy() for p in params]
    h, cache = rnn_forward(*params)
    dh = np.ones_like(h)
    dh_copy = dh.copy()
    grads = rnn_backward(dh, cache)
    assert h.dtype == np.float32 and all(g.dtype == np.float32 for g in grads)
    assert all(np.array_equal(p, c) for p, c in zip(params, copies)) and np.array_equal(dh, dh_copy)


def test_bad_shapes_raise_clear_errors():
    x, h0, Wxh, Whh, b = make()
    with pytest.raises(ValueError, match="Wxh"):
        rnn_forward(x, h0, Wxh.T, Whh, b)
    with pytest.raises(ValueError, match="h_prev"):
        rnn_forward(x, h0[:, :-1], Wxh, Whh, b)
    with pytest.raises(ValueError, match="x must be 3-D"):
        rnn_forward(x[0], h0, Wxh, Whh, b)
    h, cache = rnn_forward(x, h0, Wxh, Whh, b)
    with pytest.raises(ValueError, match="dh must have shape"):
        rnn_backward(h[:, :-1], cache)
