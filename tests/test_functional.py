"""Forward/backward pairs: hand-computed forward values, finite-difference backward, no mutation."""

import warnings

import numpy as np
import pytest

import bplib as bp
from bplib import numerical_gradient_array, rel_error

RNG = np.random.default_rng(1234)

PAIRS = {
    "sigmoid": (bp.sigmoid_forward, bp.sigmoid_backward),
    "tanh": (bp.tanh_forward, bp.tanh_backward),
    "relu": (bp.relu_forward, bp.relu_backward),
}


def test_dense_forward_by_hand():
    x = np.array([[1.0, 2.0], [3.0, -1.0]])
    W = np.array([[1.0, 0.0, -1.0], [0.5, 2.0, 1.0]])
    b = np.array([0.1, 0.2, 0.3])
    out, _ = bp.dense_forward(x, W, b)
    # row 0: [1+1, 0+4, -1+2] + b ; row 1: [3-0.5, 0-2, -3-1] + b
    np.testing.assert_allclose(out, [[2.1, 4.2, 1.3], [2.6, -1.8, -3.7]], rtol=0, atol=1e-15)


def test_activations_by_hand():
    x = np.array([[-1.0, 0.0, 2.0]])
    np.testing.assert_allclose(bp.sigmoid_forward(x)[0], [[1 / (1 + np.e), 0.5, 1 / (1 + np.exp(-2))]], rtol=1e-15)
    np.testing.assert_allclose(bp.tanh_forward(x)[0], [[np.tanh(-1), 0.0, np.tanh(2)]], rtol=1e-15)
    np.testing.assert_array_equal(bp.relu_forward(x)[0], [[0.0, 0.0, 2.0]])


@pytest.mark.parametrize("name", sorted(PAIRS))
def test_activation_backward_matches_finite_differences(name):
    forward, backward = PAIRS[name]
    x = RNG.normal(size=(4, 5))
    x[np.abs(x) < 1e-3] = 0.5  # keep ReLU away from its kink
    dout = RNG.normal(size=x.shape)
    _, cache = forward(x)
    dx = backward(dout, cache)
    dx_num = numerical_gradient_array(lambda z: forward(z)[0], x, dout)
    assert rel_error(dx, dx_num) < 1e-7


def test_dense_backward_matches_finite_differences():
    x, W, b = RNG.normal(size=(5, 3)), RNG.normal(size=(3, 4)), RNG.normal(size=4)
    dout = RNG.normal(size=(5, 4))
    _, cache = bp.dense_forward(x, W, b)
    dx, dW, db = bp.dense_backward(dout, cache)
    assert dx.shape == x.shape and dW.shape == W.shape and db.shape == b.shape
    assert rel_error(dx, numerical_gradient_array(lambda z: bp.dense_forward(z, W, b)[0], x, dout)) < 1e-7
    assert rel_error(dW, numerical_gradient_array(lambda z: bp.dense_forward(x, z, b)[0], W, dout)) < 1e-7
    assert rel_error(db, numerical_gradient_array(lambda z: bp.dense_forward(x, W, z)[0], b, dout)) < 1e-7


def test_dropout_backward_matches_finite_differences_with_fixed_mask():
    x, dout = RNG.normal(size=(6, 7)), RNG.normal(size=(6, 7))
    out, cache = bp.dropout_forward(x, 0.3, rng=5)
    dx = bp.dropout_backward(dout, cache)
    num = numerical_gradient_array(lambda z: bp.dropout_forward(z, 0.3, rng=5)[0], x, dout)
    assert rel_error(dx, num) < 1e-7
    kept = out != 0
    np.testing.assert_allclose(out[kept], x[kept] / 0.7, rtol=1e-15)
    assert 0 < (~kept).sum() < x.size


def test_dropout_mask_is_documented_rule_and_preserves_mean():
    x = np.ones((200, 500))
    out, _ = bp.dropout_forward(x, 0.25, rng=0)
    expected_keep = np.random.default_rng(0).random(x.shape) >= 0.25
    np.testing.assert_array_equal(out != 0, expected_keep)
    assert abs(out.mean() - 1.0) < 0.01  # inverted dropout keeps the expected activation


def test_dropout_is_identity_in_eval_mode_and_p_zero():
    x = RNG.normal(size=(3, 4))
    for kwargs in ({"training": False}, {}):
        p = 0.5 if kwargs else 0.0
        out, cache = bp.dropout_forward(x, p, rng=0, **kwargs)
        np.testing.assert_array_equal(out, x)
        assert out is not x
        np.testing.assert_array_equal(bp.dropout_backward(x, cache), x)


@pytest.mark.parametrize("p", [-0.1, 1.0, 1.5, "0.5"])
def test_dropout_rejects_bad_probability(p):
    with pytest.raises(ValueError, match="p must be a probability"):
        bp.dropout_forward(np.ones((2, 2)), p)


def _all_pairs():
    yield "dense", lambda x: bp.dense_forward(x, np.ones((3, 2)), np.zeros(2)), bp.dense_backward
    for name, (f, b) in PAIRS.items():
        yield name, f, b
    yield "dropout", lambda x: bp.dropout_forward(x, 0.5, rng=0), bp.dropout_backward


@pytest.mark.parametrize("name,forward,backward", list(_all_pairs()))
def test_no_input_or_upstream_gradient_is_mutated(name, forward, backward):
    x = RNG.normal(size=(4, 3))
    x_copy = x.copy()
    out, cache = forward(x)
    dout = RNG.normal(size=out.shape)
    dout_copy = dout.copy()
    grads = backward(dout, cache)
    np.testing.assert_array_equal(x, x_copy)
    np.testing.assert_array_equal(dout, dout_copy)
    first = grads[0] if isinstance(grads, tuple) else grads
    assert not np.shares_memory(first, dout)


@pytest.mark.parametrize("name,forward,backward", list(_all_pairs()))
def test_float32_is_preserved(name, forward, backward):
    x = RNG.normal(size=(4, 3)).astype(np.float32)
    if name == "dense":
        out, cache = bp.dense_forward(x, np.ones((3, 2), np.float32), np.zeros(2, np.float32))
    else:
        out, cache = forward(x)
    grads = backward(np.ones_like(out), cache)
    assert out.dtype == np.float32
    for g in grads if isinstance(grads, tuple) else (grads,):
        assert g.dtype == np.float32


def test_sigmoid_is_stable_at_extremes_without_warnings():
    x = np.array([-1000.0, -50.0, 0.0, 50.0, 1000.0])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        s = bp.sigmoid(x)
        ds = bp.sigmoid_backward(np.ones_like(x), bp.sigmoid_forward(x)[1])
    assert s[0] == 0.0 and s[-1] == 1.0 and s[2] == 0.5
    assert np.all(np.isfinite(ds)) and ds[2] == 0.25


@pytest.mark.parametrize(
    "call,match",
    [
        (lambda: bp.dense_forward(np.ones((2, 3)), np.ones((4, 2)), np.ones(2)), r"W must have shape \(3, n_out\).*got \(4, 2\)"),
        (lambda: bp.dense_forward(np.ones((2, 3)), np.ones((3, 2)), np.ones(3)), r"b must have shape \(2,\).*got \(3,\)"),
        (lambda: bp.dense_forward(np.ones(3), np.ones((3, 2)), np.ones(2)), r"x must be 2-D.*got shape \(3,\)"),
        (lambda: bp.dense_backward(np.ones((2, 5)), (np.ones((2, 3)), np.ones((3, 2)))), r"dout must have shape \(2, 2\)"),
        (lambda: bp.relu_backward(np.ones((2, 2)), np.ones((3, 2), bool)), r"dout and the forward output must have the same shape"),
    ],
)
def test_shape_errors_name_argument_expected_and_actual(call, match):
    with pytest.raises(ValueError, match=match):
        call()


def test_dtype_errors_name_the_argument():
    with pytest.raises(TypeError, match=r"dense_forward: x must hold real numbers.*complex128"):
        bp.dense_forward(np.ones((2, 3), complex), np.ones((3, 2)), np.ones(2))
    with pytest.raises(TypeError, match=r"sigmoid: x must be a numeric array; got str"):
        bp.sigmoid("1.0")


def test_integer_inputs_are_accepted_as_float64():
    out, _ = bp.dense_forward(np.array([[1, 2]]), np.array([[1], [1]]), np.array([0]))
    assert out.dtype == np.float64 and out[0, 0] == 3.0
