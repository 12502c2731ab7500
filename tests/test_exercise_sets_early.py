"""The new questions of ex05 and ex06, checked without the grader.

Every gradient is compared, entry by entry, with float64 centred finite differences computed here, on
the public inputs and on inputs drawn by the check files' hidden-case generators.
"""

from pathlib import Path

import numpy as np
import pytest

from tests.solution_sets import check_module, fd_gradient, hidden_args, solution

ROOT = Path(__file__).resolve().parent.parent


def question(name, qid):
    return next(q for q in check_module(name).QUESTIONS if q.id == qid)


def public_args(name, qid):
    return [case.args if hasattr(case, "args") else case for case in question(name, qid).public]


# --- ex05: Value -------------------------------------------------------------------------------

def run_program(ns, program, a, b):
    """Evaluate a VALUE_PROGRAMS entry with the solution's Value -> (out, leaf a, leaf b)."""
    results = [ns["Value"](a), ns["Value"](b)]
    for name, receiver, operand in check_module("ex05_scalar_autodiff").VALUE_PROGRAMS[program]:
        args = () if operand is None else (results[operand] if isinstance(operand, int) else operand,)
        results.append(getattr(results[receiver], name)(*args))
    return results[-1], results[0], results[1]


VALUE_CASES = (public_args("ex05_scalar_autodiff", "q_value")
               + hidden_args("ex05_scalar_autodiff", "q_value", 8))


@pytest.mark.parametrize("k", range(len(VALUE_CASES)))
def test_ex05_value_gradients_match_finite_differences(k):
    ns = solution("ex05_scalar_autodiff")
    program, a, b = VALUE_CASES[k]
    out, va, vb = run_program(ns, program, a, b)
    out.backward()
    value = lambda ab: run_program(ns, program, float(ab[0]), float(ab[1]))[0].data  # noqa: E731
    numeric = fd_gradient(value, np.array([a, b]))
    if program == "relu" and a == 1.0:
        # 1 - a = 0 sits on ReLU's kink, where finite differences straddle two slopes; the course's
        # convention ReLU'(0) = 0 leaves only (a b)^2's gradient: (2 a b^2, 2 a^2 b)
        assert (va.grad, vb.grad) == (pytest.approx(2 * a * b * b), pytest.approx(2 * a * a * b))
        return
    np.testing.assert_allclose([va.grad, vb.grad], numeric, rtol=1e-6, atol=1e-8)


def test_ex05_value_takes_numbers_on_either_side():
    Value = solution("ex05_scalar_autodiff")["Value"]
    v = Value(2.0)
    cases = {"2 + v": (2 + v, 4.0, 1.0), "v + 2": (v + 2, 4.0, 1.0), "3 * v": (3 * v, 6.0, 3.0),
             "1 - v": (1 - v, -1.0, -1.0), "v - 1": (v - 1, 1.0, 1.0), "v / 4": (v / 4, 0.5, 0.25),
             "3 / v": (3 / v, 1.5, -0.75), "v ** 3": (v ** 3, 8.0, 12.0), "-v": (-v, -2.0, -1.0),
             "sum": (sum([v, v, v]), 6.0, 3.0)}
    for text, (out, data, grad) in cases.items():
        assert isinstance(out, Value), text
        out.backward()
        assert (out.data, v.grad) == (pytest.approx(data), pytest.approx(grad)), text
    zero = Value(0.0)
    out = zero.relu()
    out.backward()
    assert (out.data, zero.grad) == (0.0, 0.0)


@pytest.mark.parametrize("seed", range(4))
def test_ex05_value_mlp_reaches_the_graded_accuracy(seed):
    ns = solution("ex05_scalar_autodiff")
    cases = public_args("ex05_scalar_autodiff", "q_value_mlp") + hidden_args("ex05_scalar_autodiff", "q_value_mlp", 4)
    X, y, X_test, y_test, s = cases[seed]
    predicted = ns["train_value_mlp"](X, y, X_test, s)
    assert predicted.shape == y_test.shape
    assert np.mean(predicted == y_test) >= question("ex05_scalar_autodiff", "q_value_mlp").property.params["min"]


# --- ex06: softmax layer and gradient check ----------------------------------------------------

def _softmax_cases():
    out = [tuple(args) for args in public_args("ex06_dense_backprop", "q_softmax_layer")]
    for z, dout in hidden_args("ex06_dense_backprop", "q_softmax_layer", 3):
        out.append((z[:3, :7], dout[:3, :7]))          # a corner of a hidden case: same scales, fewer entries
    return out


@pytest.mark.parametrize("k", range(8))
def test_ex06_softmax_backward_matches_finite_differences(k):
    ns = solution("ex06_dense_backprop")
    z, dout = _softmax_cases()[k]
    dz = ns["softmax_backward"](dout, ns["softmax_forward"](z)[1])
    numeric = fd_gradient(lambda v: float(np.sum(ns["softmax_forward"](v)[0] * dout)), z)
    np.testing.assert_allclose(dz, numeric, rtol=1e-6, atol=1e-8)


def test_ex06_softmax_backward_gives_the_fused_cross_entropy_gradient():
    ns = solution("ex06_dense_backprop")
    m = check_module("ex06_dense_backprop")
    y = np.array([0, 2])
    p, cache = ns["softmax_forward"](m.Z_CE)
    expected = (p - np.eye(3)[y]) / 2
    np.testing.assert_allclose(ns["softmax_backward"](m._cross_entropy_dout(m.Z_CE, y), cache), expected, rtol=1e-12)


def test_ex06_softmax_hidden_cases_are_too_large_for_the_jacobians():
    memory = 2 << 30                                   # the sandbox's default address-space limit
    for z, dout in hidden_args("ex06_dense_backprop", "q_softmax_layer", 20):
        n, c = z.shape
        assert n * c * c * 8 > memory                  # the N Jacobians (C, C) in float64
        assert 8 * z.nbytes < 16 << 20                 # a few arrays of N * C fit the result limit


@pytest.mark.parametrize("k", range(5))
def test_ex06_numerical_grads_agree_with_backprop_entry_by_entry(k):
    ns = solution("ex06_dense_backprop")
    args = ([public_args("ex06_dense_backprop", "q_gradcheck")[0]] + hidden_args("ex06_dense_backprop", "q_gradcheck"))[k]
    net = args[:6]
    before = [np.copy(a) for a in net]
    numeric = ns["numerical_grads"](*net)
    assert all(np.array_equal(a, b) for a, b in zip(net, before))
    analytic = ns["two_layer_grads"](*net)[1:]
    for name, a, n, p in zip(["dW1", "db1", "dW2", "db2"], analytic, numeric, net[2:]):
        assert n.shape == p.shape, name
        np.testing.assert_allclose(a, n, rtol=1e-6, atol=1e-9, err_msg=name)
        assert ns["relative_errors"](a, n).max() < 1e-5


def test_ex06_relative_errors_per_entry():
    rel = solution("ex06_dense_backprop")["relative_errors"]
    got = rel(np.array([[1.0, -2.0], [0.0, 3.0]]), np.array([[1.5, 2.0], [0.0, 3.0]]))
    assert got.shape == (2, 2)
    np.testing.assert_allclose(got, [[0.5 / 1.5, 2.0], [0.0, 0.0]])
