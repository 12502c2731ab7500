"""Optimizers against update rules computed by hand, step by step, in plain Python floats."""

import math

import numpy as np
import pytest

import bplib as bp

GRADS = [0.5, -1.0, 2.0]   # gradient seen at steps 1, 2, 3
W0 = 1.5


def run(optimizer_cls, **kwargs):
    p = bp.Parameter(np.array([W0]))
    opt = optimizer_cls([p], **kwargs)
    history = []
    for g in GRADS:
        opt.zero_grad()
        p.grad += g
        opt.step()
        history.append(float(p.data[0]))
    return history


def test_plain_sgd():
    w, expected = W0, []
    for g in GRADS:
        w -= 0.1 * g
        expected.append(w)
    assert run(bp.SGD, lr=0.1) == pytest.approx(expected, rel=1e-15)


def test_sgd_momentum_and_weight_decay():
    w, v, expected = W0, 0.0, []
    for g in GRADS:
        g = g + 0.01 * w
        v = 0.9 * v + g
        w -= 0.1 * v
        expected.append(w)
    assert run(bp.SGD, lr=0.1, momentum=0.9, weight_decay=0.01) == pytest.approx(expected, rel=1e-14)


def test_rmsprop():
    w, s, expected = W0, 0.0, []
    for g in GRADS:
        s = 0.9 * s + 0.1 * g * g
        w -= 0.01 * g / (math.sqrt(s) + 1e-8)
        expected.append(w)
    assert run(bp.RMSProp, lr=0.01) == pytest.approx(expected, rel=1e-14)


def test_adam_with_bias_correction():
    w, m, v, expected = W0, 0.0, 0.0, []
    for t, g in enumerate(GRADS, start=1):
        m = 0.9 * m + 0.1 * g
        v = 0.999 * v + 0.001 * g * g
        w -= 0.01 * (m / (1 - 0.9 ** t)) / (math.sqrt(v / (1 - 0.999 ** t)) + 1e-8)
        expected.append(w)
    got = run(bp.Adam, lr=0.01)
    assert got == pytest.approx(expected, rel=1e-14)
    # bias correction makes the first step exactly lr · sign(g) (up to eps)
    assert W0 - got[0] == pytest.approx(0.01, rel=1e-6)


def test_zero_grad_and_multiple_parameters():
    a, b = bp.Parameter(np.ones((2, 2))), bp.Parameter(np.zeros(3))
    opt = bp.SGD([a, b], lr=1.0)
    a.grad += 1.0
    b.grad += 2.0
    opt.step()
    np.testing.assert_array_equal(a.data, 0.0)
    np.testing.assert_array_equal(b.data, -2.0)
    opt.zero_grad()
    assert not a.grad.any() and not b.grad.any()


def test_float32_parameters_stay_float32():
    p = bp.Parameter(np.ones(3, np.float32))
    for cls in (bp.SGD, bp.RMSProp, bp.Adam):
        opt = cls([p], lr=0.1)
        p.grad += 1.0
        opt.step()
        assert p.data.dtype == np.float32


def test_optimizer_argument_errors():
    with pytest.raises(ValueError, match="params is empty"):
        bp.SGD([], lr=0.1)
    with pytest.raises(TypeError, match=r"params\[0\] must be a Parameter; got ndarray"):
        bp.Adam([np.ones(2)])
    with pytest.raises(ValueError, match="lr must be a finite number > 0; got -1"):
        bp.SGD([bp.Parameter(np.ones(1))], lr=-1)
