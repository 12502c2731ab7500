"""Losses: values by hand, gradients by finite differences, stability, shape discipline."""

import math
import warnings

import numpy as np
import pytest

import bplib as bp
from bplib import numerical_gradient, rel_error

RNG = np.random.default_rng(7)


def test_mse_by_hand():
    loss, grad = bp.mse_loss(np.array([[1.0], [3.0]]), np.array([[0.0], [1.0]]))
    assert loss == pytest.approx((1 + 4) / 2)
    np.testing.assert_allclose(grad, [[1.0], [2.0]])  # 2 (pred − y) / 2


def test_bce_by_hand():
    p, y = np.array([[0.8], [0.4]]), np.array([[1.0], [0.0]])
    loss, grad = bp.binary_cross_entropy(p, y)
    assert loss == pytest.approx(-(math.log(0.8) + math.log(0.6)) / 2, rel=1e-14)
    np.testing.assert_allclose(grad, [[-1 / 0.8 / 2], [1 / 0.6 / 2]], rtol=1e-12)


def test_softmax_cross_entropy_by_hand():
    logits = np.array([[0.0, math.log(3.0)]])  # softmax = [1/4, 3/4]
    loss, grad = bp.softmax_cross_entropy(logits, np.array([1]))
    assert loss == pytest.approx(-math.log(0.75), rel=1e-14)
    np.testing.assert_allclose(grad, [[0.25, -0.25]], rtol=1e-14)


def _targets(name, shape):
    if name == "softmax_cross_entropy":
        return RNG.integers(0, shape[1], size=shape[0])
    binary = name in ("binary_cross_entropy", "sigmoid_binary_cross_entropy")
    return RNG.uniform(0, 1, size=shape) if binary else RNG.normal(size=shape)


@pytest.mark.parametrize("name", ["mse_loss", "binary_cross_entropy", "sigmoid_binary_cross_entropy", "softmax_cross_entropy"])
def test_loss_gradient_matches_finite_differences(name):
    fn = getattr(bp, name)
    pred = RNG.uniform(0.05, 0.95, size=(6, 3)) if name == "binary_cross_entropy" else RNG.normal(size=(6, 3))
    y = _targets(name, pred.shape)
    pred_copy, y_copy = pred.copy(), np.array(y, copy=True)
    _, grad = fn(pred, y)
    num = numerical_gradient(lambda z: fn(z, y)[0], pred)
    assert rel_error(grad, num) < 1e-7
    np.testing.assert_array_equal(pred, pred_copy)
    np.testing.assert_array_equal(y, y_copy)


def test_log_softmax_and_softmax_are_stable_at_extremes():
    z = np.array([[1000.0, 0.0, -1000.0], [-1000.0, -1000.0, -1000.0]])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        logp = bp.log_softmax(z)
        p = bp.softmax(z)
        loss, grad = bp.softmax_cross_entropy(z, np.array([2, 0]))
        bce, dz = bp.sigmoid_binary_cross_entropy(np.array([[1000.0], [-1000.0]]), np.array([[0.0], [0.0]]))
        bce_p, dp = bp.binary_cross_entropy(bp.sigmoid(np.array([[1000.0]])), np.array([[0.0]]))
    np.testing.assert_allclose(logp[0], [0.0, -1000.0, -2000.0])
    np.testing.assert_allclose(logp[1], np.log(1 / 3) * np.ones(3))
    np.testing.assert_allclose(p.sum(axis=1), 1.0)
    assert loss == pytest.approx((2000 + math.log(3)) / 2)
    assert np.all(np.isfinite(grad))
    assert bce == pytest.approx(500.0) and np.all(np.isfinite(dz))
    assert np.isfinite(bce_p) and bce_p > 20 and np.all(np.isfinite(dp))


def test_initial_softmax_loss_is_log_c_for_uniform_scores():
    loss, _ = bp.softmax_cross_entropy(np.zeros((5, 10)), np.arange(5))
    assert loss == pytest.approx(math.log(10), rel=1e-14)


def test_no_broadcasting_between_prediction_and_target():
    with pytest.raises(ValueError, match=r"pred and y must have the same shape; got pred \(4, 1\) and y \(4,\); reshape y"):
        bp.mse_loss(np.zeros((4, 1)), np.zeros(4))


@pytest.mark.parametrize(
    "y,exc,match",
    [
        (np.array([0, 3]), ValueError, r"labels in 0..2; got values from 0 to 3"),
        (np.array([[1, 0, 0], [0, 1, 0]]), ValueError, r"must have shape \(2,\) \(integer labels, not one-hot rows\)"),
        (np.array([0.5, 1.0]), TypeError, r"y must be integer class labels; got dtype float64"),
    ],
)
def test_softmax_cross_entropy_label_errors(y, exc, match):
    with pytest.raises(exc, match=match):
        bp.softmax_cross_entropy(np.zeros((2, 3)), y)


def test_bce_rejects_logits_and_bad_targets():
    with pytest.raises(ValueError, match="apply a sigmoid first"):
        bp.binary_cross_entropy(np.array([[2.0]]), np.array([[1.0]]))
    with pytest.raises(ValueError, match=r"y must hold targets in \[0, 1\]"):
        bp.binary_cross_entropy(np.array([[0.5]]), np.array([[2.0]]))


@pytest.mark.parametrize("cls,pred,target", [
    (bp.MSELoss, RNG.normal(size=(3, 2)), RNG.normal(size=(3, 2))),
    (bp.BCELoss, RNG.uniform(0.1, 0.9, size=(3, 1)), np.array([[0.0], [1.0], [1.0]])),
    (bp.SoftmaxCrossEntropyLoss, RNG.normal(size=(3, 4)), np.array([0, 3, 1])),
])
def test_loss_objects_match_functional_versions(cls, pred, target):
    loss = cls()
    value = loss(pred, target)
    expected_value, expected_grad = cls.function(pred, target)
    assert value == expected_value
    g = loss.backward()
    np.testing.assert_array_equal(g, expected_grad)
    g[...] = 0  # the returned gradient is a copy: changing it changes nothing inside the loss
    np.testing.assert_array_equal(loss.backward(), expected_grad)


def test_loss_backward_before_call_is_an_error():
    with pytest.raises(RuntimeError, match="before the loss was computed"):
        bp.MSELoss().backward()
