"""Gradient checking tools and their verdicts (pass / fail / suspect, each with a reason)."""

import numpy as np
import pytest

import bplib as bp
from bplib import numerical_gradient, rel_error

RNG = np.random.default_rng(3)


def test_numerical_gradient_of_known_functions_and_no_mutation():
    x = np.array([[1.0, -2.0], [0.5, 3.0]])
    before = x.copy()
    g = numerical_gradient(lambda z: np.sum(z ** 3), x)
    np.testing.assert_allclose(g, 3 * x ** 2, rtol=1e-9)
    np.testing.assert_array_equal(x, before)


def test_rel_error_properties():
    a = np.array([1.0, 2.0])
    assert rel_error(a, a) == 0.0
    assert rel_error(a, a * (1 + 1e-6)) == pytest.approx(1e-6 / 2, rel=1e-3)
    assert rel_error(np.zeros(3), np.zeros(3)) == 0.0
    with pytest.raises(ValueError, match="same shape"):
        rel_error(np.zeros(2), np.zeros((2, 1)))


class BrokenTanh(bp.Tanh):
    """A classic bug: forgets the square in 1 − tanh²."""

    def backward(self, dout):
        return dout * (1.0 - self._cache)


def test_broken_backward_fails_with_a_reason_naming_the_parameter():
    model = bp.Sequential(bp.Dense(3, 4, rng=0), BrokenTanh(), bp.Dense(4, 2, rng=1))
    result = bp.check_gradients(model, bp.SoftmaxCrossEntropyLoss(), RNG.normal(size=(5, 3)), np.array([0, 1, 1, 0, 1]))
    assert result.verdict == "fail" and not result.passed
    assert result.reason.startswith("0.") and "the backward pass is wrong" in result.reason
    assert result.max_rel_error["2.W"] < 1e-7  # layers after the bug are still right
    assert "FAIL" in str(result) and "<table>" in result._repr_html_()


def test_relu_kink_gives_suspect_not_fail():
    model = bp.Sequential(bp.Dense(1, 1, rng=0), bp.ReLU())
    model[0].W.data[:] = 1.0
    model[0].b.data[:] = 0.0
    X = np.array([[0.0], [1.0]])  # first input sits exactly on the ReLU kink
    result = bp.check_gradients(model, bp.MSELoss(), X, np.array([[1.0], [0.0]]), h=1e-4)
    assert result.verdict == "suspect"
    assert "kink crossed" in result.reason


def test_float32_model_is_suspect_and_float64_copy_passes():
    model = bp.Sequential(bp.Dense(3, 4, rng=0, dtype=np.float32), bp.Tanh(), bp.Dense(4, 1, rng=1, dtype=np.float32))
    X, y = RNG.normal(size=(4, 3)).astype(np.float32), RNG.normal(size=(4, 1)).astype(np.float32)
    result = bp.check_gradients(model, bp.MSELoss(), X, y)
    assert result.verdict == "suspect" and "float32" in result.reason
    assert bp.check_gradients(model.astype(np.float64), bp.MSELoss(), X.astype(np.float64), y.astype(np.float64)).passed


def test_tiny_gradients_are_judged_by_absolute_error():
    model = bp.Sequential(bp.Dense(2, 1, rng=0), bp.Sigmoid())
    model[0].b.data[:] = 40.0  # sigmoid saturated: every gradient ~1e-18
    result = bp.check_gradients(model, bp.MSELoss(), RNG.normal(size=(3, 2)), np.ones((3, 1)))
    assert result.verdict == "pass"
    assert "tiny magnitudes" in result.reason or all("tiny" in r["reason"] for r in result.rows)


def test_check_restores_mode_and_gradients():
    model = bp.Sequential(bp.Dense(2, 3, rng=0), bp.Dropout(0.5, rng=0), bp.Dense(3, 1, rng=1))
    model[0].W.grad += 7.0
    result = bp.check_gradients(model, bp.MSELoss(), RNG.normal(size=(4, 2)), RNG.normal(size=(4, 1)))
    assert result.passed  # dropout is switched off during the check
    assert model.training and model[1].training
    np.testing.assert_array_equal(model[0].W.grad, 7.0)
