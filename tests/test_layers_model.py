"""Layer objects and Sequential: gradients, modes, parameters, initialisers, errors."""

import numpy as np
import pytest

import bplib as bp

RNG = np.random.default_rng(11)


def small_mlp(activation=bp.Tanh, dtype=np.float64):
    return bp.Sequential(bp.Dense(4, 6, rng=1, dtype=dtype), activation(),
                         bp.Dense(6, 5, rng=2, dtype=dtype), activation(),
                         bp.Dense(5, 3, rng=3, dtype=dtype))


@pytest.mark.parametrize("activation", [bp.Tanh, bp.Sigmoid])
@pytest.mark.parametrize("loss,y", [(bp.SoftmaxCrossEntropyLoss(), np.array([0, 2, 1, 1, 0])),
                                    (bp.MSELoss(), RNG.normal(size=(5, 3)))])
def test_mlp_gradients_pass_the_gradient_check(activation, loss, y):
    X = RNG.normal(size=(5, 4))
    result = bp.check_gradients(small_mlp(activation), loss, X, y)
    assert result.verdict == "pass", str(result)
    assert max(result.max_rel_error.values()) < 1e-7


def test_backward_accumulates_into_parameter_grads():
    layer = bp.Dense(3, 2, rng=0)
    x, dout = RNG.normal(size=(4, 3)), RNG.normal(size=(4, 2))
    layer.forward(x)
    layer.backward(dout)
    once = layer.W.grad.copy()
    layer.backward(dout)
    np.testing.assert_allclose(layer.W.grad, 2 * once)
    np.testing.assert_allclose(once, x.T @ dout)


def test_first_layer_can_skip_input_gradient_with_identical_parameter_grads():
    X, y = RNG.normal(size=(5, 4)), np.array([0, 1, 2, 0, 1])
    grads = []
    for need_dx in (True, False):
        model, loss = small_mlp(), bp.SoftmaxCrossEntropyLoss()
        loss(model(X), y)
        dx = model.backward(loss.backward(), need_dx=need_dx)
        assert (dx is None) == (not need_dx)
        grads.append([p.grad.copy() for p in model.parameters()])
    for a, b in zip(*grads):
        np.testing.assert_array_equal(a, b)


def test_parameter_owns_a_copy_of_its_data():
    w = np.ones((2, 2))
    p = bp.Parameter(w)
    p.data -= 1.0
    np.testing.assert_array_equal(w, np.ones((2, 2)))
    assert p.grad.shape == (2, 2) and not p.grad.any()


def test_dropout_layer_only_active_in_training_and_predict_restores_mode():
    model = bp.Sequential(bp.Dense(3, 50, rng=0), bp.Dropout(0.5, rng=0))
    X = RNG.normal(size=(8, 3))
    train_out = model(X)
    assert (train_out == 0).mean() > 0.3
    eval_out = model.predict(X)
    np.testing.assert_allclose(eval_out, bp.dense_forward(X, model[0].W.data, model[0].b.data)[0])
    assert model.training and model[1].training  # predict restored training mode
    model.eval()
    np.testing.assert_array_equal(model(X), eval_out)
    assert not model[1].training


@pytest.mark.parametrize("init,expected_std", [
    ("he", np.sqrt(2 / 400)), ("xavier", np.sqrt(2 / 700)), ("xavier_normal", np.sqrt(2 / 700)),
    ("he_uniform", np.sqrt(2 / 400)), ("normal", 0.01),
])
def test_initialisers_have_the_documented_spread(init, expected_std):
    W = bp.Dense(400, 300, init=init, rng=0).W.data
    assert W.std() == pytest.approx(expected_std, rel=0.02)
    assert abs(W.mean()) < 0.02 * expected_std  # 120 000 draws: the mean is ~350x tighter than the std


def test_glorot_uniform_bound_and_zero_biases():
    layer = bp.Dense(3, 5, init="glorot_uniform", rng=0)
    assert np.abs(layer.W.data).max() <= np.sqrt(6 / 8)
    np.testing.assert_array_equal(layer.b.data, 0)


def test_seeded_initialisation_is_reproducible_and_dtype_respected():
    a, b = bp.Dense(5, 4, rng=3), bp.Dense(5, 4, rng=3)
    np.testing.assert_array_equal(a.W.data, b.W.data)
    assert not np.array_equal(a.W.data, bp.Dense(5, 4, rng=4).W.data)
    c = bp.Dense(5, 4, rng=3, dtype=np.float32)
    assert c.W.dtype == np.float32 and c.b.dtype == np.float32
    assert c.forward(np.ones((2, 5), np.float32)).dtype == np.float32


def test_astype_returns_an_independent_float64_copy():
    model = small_mlp(dtype=np.float32)
    clone = model.astype(np.float64)
    assert all(p.dtype == np.float64 for p in clone.parameters())
    assert all(p.dtype == np.float32 for p in model.parameters())
    clone[0].W.data += 1
    assert not np.allclose(clone[0].W.data, model[0].W.data)


def test_named_parameters_and_counts():
    model = small_mlp()
    names = [n for n, _ in model.named_parameters()]
    assert names == ["0.W", "0.b", "2.W", "2.b", "4.W", "4.b"]
    assert model.n_parameters() == 4 * 6 + 6 + 6 * 5 + 5 + 5 * 3 + 3
    assert "Dense(4 → 6)" in repr(model)


def test_errors_for_bad_layers_and_calls():
    with pytest.raises(ValueError, match="n_in and n_out must be positive integers"):
        bp.Dense(0, 3)
    with pytest.raises(ValueError, match="method must be one of"):
        bp.Dense(2, 3, init="magic")
    with pytest.raises(TypeError, match="layer 1 .* has no forward/backward/parameters"):
        bp.Sequential(bp.Dense(2, 2), "relu")
    with pytest.raises(RuntimeError, match="ReLU.backward called before forward"):
        bp.ReLU().backward(np.ones((1, 1)))
    with pytest.raises(ValueError, match=r"dense_forward: W must have shape \(3, n_out\)"):
        bp.Dense(2, 2)(np.ones((1, 3)))


def test_gaussian_noise_layer_trains_noisy_and_evaluates_clean():
    layer = bp.GaussianNoise(0.5, rng=0)
    x = np.zeros((400, 50))
    noisy = layer(x)
    assert noisy.std() == pytest.approx(0.5, rel=0.02)
    dout = RNG.normal(size=x.shape)
    np.testing.assert_array_equal(layer.backward(dout), dout)  # out = x + ε: the gradient passes unchanged
    layer.eval()
    np.testing.assert_array_equal(layer(x), x)
    np.testing.assert_array_equal(x, 0)
    with pytest.raises(ValueError, match="std must be a finite number >= 0"):
        bp.GaussianNoise(-1)
