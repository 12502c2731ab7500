"""Batch normalisation: forward by definition, backward by finite differences per entry, modes, errors."""

import numpy as np
import pytest

import bplib as bp
from bplib.batchnorm import BatchNorm, batchnorm_backward, batchnorm_forward

RNG = np.random.default_rng(2015)


def numeric(f, a, dout, h=1e-6):
    """Central differences of sum(f(a) * dout) with respect to every entry of a (float64)."""
    grad = np.zeros_like(a)
    for idx in np.ndindex(a.shape):
        plus, minus = a.copy(), a.copy()
        plus[idx] += h
        minus[idx] -= h
        grad[idx] = np.sum((f(plus) - f(minus)) * dout) / (2 * h)
    return grad


def assert_per_entry(analytic, numerical):
    # every entry on its own: relative error 1e-6 with an absolute floor of 1e-9
    np.testing.assert_allclose(analytic, numerical, rtol=1e-6, atol=1e-9)


def test_forward_training_normalises_each_feature_with_batch_statistics():
    x = RNG.normal(3.0, 2.0, size=(8, 4))
    out, cache = batchnorm_forward(x, np.ones(4), np.zeros(4), eps=1e-12)
    np.testing.assert_allclose(out.mean(axis=0), 0, atol=1e-12)
    np.testing.assert_allclose(out.std(axis=0), 1, rtol=1e-9)
    np.testing.assert_allclose(cache.mean, x.mean(axis=0), rtol=1e-15)
    np.testing.assert_allclose(cache.var, x.var(axis=0), rtol=1e-15)
    gamma, beta = np.array([2.0, -1.0, 0.5, 3.0]), np.array([0.1, 0.2, -0.3, 4.0])
    out2, _ = batchnorm_forward(x, gamma, beta, eps=1e-5)
    expected = gamma * (x - x.mean(0)) / np.sqrt(x.var(0) + 1e-5) + beta
    np.testing.assert_allclose(out2, expected, rtol=1e-13)


def test_forward_eval_uses_running_statistics_row_by_row():
    x = RNG.normal(size=(5, 3))
    mean, var = np.array([0.5, -1.0, 2.0]), np.array([4.0, 0.25, 1.0])
    gamma, beta = np.array([1.0, 2.0, 3.0]), np.array([0.0, 1.0, -1.0])
    out, _ = batchnorm_forward(x, gamma, beta, 1e-5, training=False, running_mean=mean, running_var=var)
    np.testing.assert_allclose(out, gamma * (x - mean) / np.sqrt(var + 1e-5) + beta, rtol=1e-14)
    one, _ = batchnorm_forward(x[2:3], gamma, beta, 1e-5, training=False, running_mean=mean, running_var=var)
    np.testing.assert_allclose(one, out[2:3], rtol=1e-15)  # a row does not depend on the others


@pytest.mark.parametrize("training", [True, False])
def test_backward_matches_finite_differences_per_entry(training):
    x = RNG.normal(1.0, 3.0, size=(6, 4))
    gamma, beta = RNG.normal(size=4), RNG.normal(size=4)
    dout = RNG.normal(size=(6, 4))
    stats = dict(running_mean=RNG.normal(size=4), running_var=RNG.uniform(0.5, 2, size=4))

    def f(x_, g_, b_):
        return batchnorm_forward(x_, g_, b_, 1e-5, training=training, **stats)[0]

    _, cache = batchnorm_forward(x, gamma, beta, 1e-5, training=training, **stats)
    dx, dgamma, dbeta = batchnorm_backward(dout, cache)
    assert dx.shape == x.shape and dgamma.shape == gamma.shape and dbeta.shape == beta.shape
    assert_per_entry(dx, numeric(lambda a: f(a, gamma, beta), x, dout))
    assert_per_entry(dgamma, numeric(lambda a: f(x, a, beta), gamma, dout))
    assert_per_entry(dbeta, numeric(lambda a: f(x, gamma, a), beta, dout))


def test_training_backward_is_not_the_eval_formula():
    # The gradient through μ and σ² matters: treating them as constants gives a wrong dx.
    x, dout = RNG.normal(size=(5, 3)), RNG.normal(size=(5, 3))
    out, cache = batchnorm_forward(x, np.ones(3), np.zeros(3), eps=1e-12)
    dx = batchnorm_backward(dout, cache)[0]
    np.testing.assert_allclose(dx.sum(axis=0), 0, atol=1e-12)       # shifting x leaves out unchanged
    np.testing.assert_allclose(np.sum(dx * x, axis=0), 0, atol=1e-9)  # so does scaling it (ε ≈ 0)
    assert np.max(np.abs(dx - dout * cache.inv_std)) > 0.1


def test_no_input_is_mutated():
    x, gamma, beta, dout = RNG.normal(size=(4, 3)), RNG.normal(size=3), RNG.normal(size=3), RNG.normal(size=(4, 3))
    mean, var = RNG.normal(size=3), RNG.uniform(1, 2, size=3)
    copies = [a.copy() for a in (x, gamma, beta, dout, mean, var)]
    for training in (True, False):
        _, cache = batchnorm_forward(x, gamma, beta, training=training, running_mean=mean, running_var=var)
        batchnorm_backward(dout, cache)
    for original, copy in zip((x, gamma, beta, dout, mean, var), copies):
        np.testing.assert_array_equal(original, copy)


@pytest.mark.parametrize("training", [True, False])
def test_float32_is_kept(training):
    x = RNG.normal(size=(4, 3)).astype(np.float32)
    stats = dict(running_mean=np.zeros(3, np.float32), running_var=np.ones(3, np.float32))
    out, cache = batchnorm_forward(x, np.ones(3, np.float32), np.zeros(3, np.float32), training=training, **stats)
    dx, dgamma, dbeta = batchnorm_backward(np.ones((4, 3), np.float32), cache)
    assert out.dtype == dx.dtype == dgamma.dtype == dbeta.dtype == np.float32
    layer = BatchNorm(3, dtype=np.float32)
    assert layer(x).dtype == np.float32 and layer.backward(np.ones((4, 3), np.float32)).dtype == np.float32


@pytest.mark.parametrize("call, message", [
    (lambda: batchnorm_forward(np.ones(3), np.ones(3), np.zeros(3)), "batchnorm_forward: x must be 2-D"),
    (lambda: batchnorm_forward(np.ones((4, 3)), np.ones(2), np.zeros(3)), r"gamma must have shape \(3,\).*got \(2,\)"),
    (lambda: batchnorm_forward(np.ones((4, 3)), np.ones(3), np.zeros((1, 3))), "beta must be 1-D"),
    (lambda: batchnorm_forward(np.ones((4, 3)), np.ones(3), np.zeros(3), eps=0), "eps must be a finite number > 0"),
    (lambda: batchnorm_forward(np.ones((1, 3)), np.ones(3), np.zeros(3)), "at least 2 rows in training mode"),
    (lambda: batchnorm_forward(np.ones((4, 3)), np.ones(3), np.zeros(3), training=False), "running_mean and running_var are required"),
    (lambda: batchnorm_forward(np.ones((4, 3)), np.ones(3), np.zeros(3), training=False,
                               running_mean=np.zeros(3), running_var=-np.ones(3)), "running_var must be >= 0"),
    (lambda: batchnorm_backward(np.ones((4, 2)), batchnorm_forward(np.ones((4, 3)), np.ones(3), np.zeros(3))[1]),
     r"batchnorm_backward: dout must have shape \(4, 3\)"),
    (lambda: BatchNorm(0), "BatchNorm: n_features must be a positive integer"),
    (lambda: BatchNorm(3, momentum=1.5), "BatchNorm: momentum must be a probability"),
])
def test_bad_input_gets_a_clear_value_error(call, message):
    with pytest.raises(ValueError, match=message):
        call()


def test_bad_types_get_a_type_error():
    with pytest.raises(TypeError, match="batchnorm_forward: x must hold real numbers"):
        batchnorm_forward(np.array([["a", "b"], ["c", "d"]]), np.ones(2), np.zeros(2))
    with pytest.raises(TypeError, match="batchnorm_backward: cache must be the BatchNormCache"):
        batchnorm_backward(np.ones((2, 2)), (1, 2, 3))


def test_layer_train_updates_running_statistics_and_eval_uses_them():
    layer = BatchNorm(3, momentum=0.25)
    x = RNG.normal(2.0, 3.0, size=(10, 3))
    layer(x)
    np.testing.assert_allclose(layer.running_mean, 0.25 * x.mean(0), rtol=1e-14)
    np.testing.assert_allclose(layer.running_var, 0.75 + 0.25 * x.var(0, ddof=1), rtol=1e-14)
    before = (layer.running_mean.copy(), layer.running_var.copy())
    out = layer.eval()(x[:1])
    np.testing.assert_array_equal(layer.running_mean, before[0])   # eval does not update
    np.testing.assert_allclose(out, (x[:1] - before[0]) / np.sqrt(before[1] + 1e-5), rtol=1e-14)


def test_layer_gradients_accumulate_and_match_functional():
    layer = BatchNorm(4)
    layer.gamma.data = RNG.normal(size=4)
    x, dout = RNG.normal(size=(6, 4)), RNG.normal(size=(6, 4))
    layer(x)
    dx = layer.backward(dout)
    _, cache = batchnorm_forward(x, layer.gamma.data, layer.beta.data)
    dx_f, dgamma, dbeta = batchnorm_backward(dout, cache)
    np.testing.assert_allclose(dx, dx_f, rtol=1e-15)
    layer(x)
    layer.backward(dout)
    np.testing.assert_allclose(layer.gamma.grad, 2 * dgamma, rtol=1e-14)
    np.testing.assert_allclose(layer.beta.grad, 2 * dbeta, rtol=1e-14)


def test_layer_in_a_model_passes_a_finite_difference_check():
    model = bp.Sequential(bp.Dense(3, 5, rng=0), BatchNorm(5), bp.Tanh(), bp.Dense(5, 2, rng=1))
    X, y = RNG.normal(size=(7, 3)), RNG.integers(0, 2, size=7)
    loss = bp.SoftmaxCrossEntropyLoss()
    for p in model.parameters():
        p.zero_grad()
    loss(model(X), y)
    model.backward(loss.backward())
    for p in model.parameters():
        num = np.zeros_like(p.data)
        for idx in np.ndindex(p.data.shape):
            old = p.data[idx]
            p.data[idx] = old + 1e-6
            up = loss(model(X), y)
            p.data[idx] = old - 1e-6
            down = loss(model(X), y)
            p.data[idx] = old
            num[idx] = (up - down) / 2e-6
        assert_per_entry(p.grad, num)


def test_backward_before_forward_is_an_error():
    with pytest.raises(RuntimeError, match="BatchNorm.backward called before forward"):
        BatchNorm(2).backward(np.ones((2, 2)))
