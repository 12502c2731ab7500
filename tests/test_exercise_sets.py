"""The solutions of ex11-ex13, checked without the grader.

Every gradient a solution computes is compared, entry by entry, with centred finite differences in
float64 computed here (not with the solution's own checker nor bplib's), on the public inputs and on
inputs drawn by the check files' hidden-case generators. Then each typical mistake named by a public
case is planted into the solution and that public case must fail, so the self-check names it.
"""

import contextlib
import io
import json
from pathlib import Path

import numpy as np
import pytest

from tests.solution_sets import check_module, fd_gradient, hidden_args, solution

from bpgrade.authoring import publicspec
from bpgrade.judging.judge import judge_case
from bpgrade.learner.selfcheck import run_case

ROOT = Path(__file__).resolve().parent.parent
SETS = ("ex11_cost_of_backprop", "ex12_backprop_through_time", "ex13_batch_norm")


def fd_vjp(f, x, dout):
    """Finite-difference vector-Jacobian product: the gradient of sum(f(x) * dout)."""
    return fd_gradient(lambda z: float(np.sum(np.asarray(f(z), dtype=np.float64) * dout)), x)


def assert_per_entry(analytic, numeric, what):
    np.testing.assert_allclose(analytic, numeric, rtol=1e-6, atol=1e-8, err_msg=what)


def replaced(args, i, value):
    out = list(args)
    out[i] = value
    return out


# --- ex11 -------------------------------------------------------------------------------------

def _ex11_networks():
    m = check_module("ex11_cost_of_backprop")
    return [m.NET0] + hidden_args("ex11_cost_of_backprop", "q_reverse_mode")


@pytest.mark.parametrize("k", range(5))
def test_ex11_reverse_mode_matches_finite_differences(k):
    ns = solution("ex11_cost_of_backprop")
    net = _ex11_networks()[k]
    grads = ns["reverse_mode"](*net)[1:]
    for i, name in enumerate(["W1", "b1", "W2", "b2"]):
        numeric = fd_gradient(lambda p: ns["reverse_mode"](*replaced(net, 2 + i, p))[0], net[2 + i])
        assert_per_entry(grads[i], numeric, name)


@pytest.mark.parametrize("k", range(5))
def test_ex11_jvp_is_the_directional_derivative(k):
    ns = solution("ex11_cost_of_backprop")
    m = check_module("ex11_cost_of_backprop")
    args = ([m.NET0 + m.TANGENT0] + hidden_args("ex11_cost_of_backprop", "q_jvp"))[k]
    net, tangent = list(args[:6]), args[6:]

    def along(eps):
        moved = net[:2] + [p + eps * v for p, v in zip(net[2:], tangent)]
        return ns["reverse_mode"](*moved)[0]

    loss, dloss = ns["jvp"](*args)
    assert loss == pytest.approx(along(0.0), rel=1e-12)
    assert dloss == pytest.approx(fd_gradient(lambda e: along(float(e[0])), np.zeros(1))[0], rel=1e-6, abs=1e-9)
    grads = ns["reverse_mode"](*net)[1:]
    assert dloss == pytest.approx(sum(float(np.sum(g * v)) for g, v in zip(grads, tangent)), rel=1e-10, abs=1e-12)


def test_ex11_numerical_gradient_and_rel_error():
    ns = solution("ex11_cost_of_backprop")
    x = np.array([[0.5, -1.0, 2.0], [0.0, 1.5, -0.25]])
    before = x.copy()
    grad = ns["numerical_gradient"](ns["make_test_function"]("cubic"), x)
    assert np.array_equal(x, before)
    assert grad.dtype == np.float64
    assert_per_entry(grad, 3 * x ** 2, "gradient of sum(x**3)")
    err = ns["rel_error"](np.array([np.nan, 0.0, 1.0, np.inf]), np.array([np.nan, 0.0, 1.5, np.inf]))
    assert err.tolist() == [np.inf, 0.0, 0.5 / 1.5, np.inf]
    with pytest.raises(ValueError, match="rel_error"):
        ns["rel_error"](np.zeros(2), np.zeros(3))


@pytest.mark.parametrize("sizes", [(6, 4, 5, 3), (1, 1, 1, 1), (3, 2, 7, 2)])
def test_ex11_counted_multiply_adds_match_the_formulas(sizes):
    ns = solution("ex11_cost_of_backprop")
    n, d, h, k = sizes
    rng = np.random.default_rng(0)
    net = (rng.normal(size=(n, d)), rng.random(size=(n, k)), rng.normal(size=(d, h)), rng.normal(size=h),
           rng.normal(size=(h, k)), rng.normal(size=k))
    P, forward_macs, reverse_macs = ns["gradient_costs"](n, d, h, k)
    assert all(type(v) is int for v in (P, forward_macs, reverse_macs))
    ns["MACS"]["count"] = 0
    ns["reverse_mode"](*net)
    assert ns["MACS"]["count"] == reverse_macs
    ns["MACS"]["count"] = 0
    by_forward = ns["forward_mode_gradient"](*net)
    assert ns["MACS"]["count"] == forward_macs
    assert sum(g.size for g in by_forward) == P
    for a, b in zip(by_forward, ns["reverse_mode"](*net)[1:]):
        np.testing.assert_allclose(a, b, rtol=1e-10, atol=1e-14)


# --- ex12 -------------------------------------------------------------------------------------

@pytest.mark.parametrize("k", range(5))
def test_ex12_rnn_step_backward_matches_finite_differences(k):
    ns = solution("ex12_backprop_through_time")
    m = check_module("ex12_backprop_through_time")
    args = ([m.STEP0] + hidden_args("ex12_backprop_through_time", "q_rnn_step"))[k]
    inputs, dh = list(args[:5]), args[5]
    _, cache = ns["rnn_step_forward"](*inputs)
    grads = ns["rnn_step_backward"](dh, cache)
    for i, name in enumerate(["dx", "dh_prev", "dWx", "dWh", "db"]):
        numeric = fd_vjp(lambda z: ns["rnn_step_forward"](*replaced(inputs, i, z))[0], inputs[i], dh)
        assert_per_entry(grads[i], numeric, name)


@pytest.mark.parametrize("k", range(5))
def test_ex12_bptt_matches_finite_differences(k):
    ns = solution("ex12_backprop_through_time")
    m = check_module("ex12_backprop_through_time")
    args = ([m.SEQ1, m.SEQ4] + hidden_args("ex12_backprop_through_time", "q_bptt", 3))[k]
    loss, *grads = ns["rnn_sequence_grads"](*args)
    for i, name in enumerate(["dx", "dh0", "dWx", "dWh", "db", "dWy", "dby"]):
        numeric = fd_gradient(lambda z: ns["rnn_sequence_grads"](*replaced(args, i, z))[0], args[i])
        assert_per_entry(grads[i], numeric, name)


@pytest.mark.parametrize("k", range(5))
def test_ex12_conv1d_matches_its_loop_and_finite_differences(k):
    ns = solution("ex12_backprop_through_time")
    args = hidden_args("ex12_backprop_through_time", "q_conv1d", 5)[k]
    x, w, b, dout = args
    out, cache = ns["conv1d_forward"](x, w, b)
    np.testing.assert_allclose(out, ns["conv1d_reference"](x, w, b), rtol=1e-12, atol=1e-12)
    grads = ns["conv1d_backward"](dout, cache)
    inputs = [x, w, b]
    for i, name in enumerate(["dx", "dw", "db"]):
        numeric = fd_vjp(lambda z: ns["conv1d_reference"](*replaced(inputs, i, z)), inputs[i], dout)
        assert_per_entry(grads[i], numeric, name)


@pytest.mark.parametrize("k", range(5))
def test_ex12_lstm_step_backward_matches_finite_differences(k):
    ns = solution("ex12_backprop_through_time")
    m = check_module("ex12_backprop_through_time")
    args = ([m.LSTM0] + hidden_args("ex12_backprop_through_time", "q_lstm_step"))[k]
    inputs, dh, dc = list(args[:6]), args[6], args[7]
    grads = ns["lstm_step_backward"](dh, dc, ns["lstm_step_forward"](*inputs)[2])

    def scalar(i, z):
        h_next, c_next, _ = ns["lstm_step_forward"](*replaced(inputs, i, z))
        return float(np.sum(h_next * dh) + np.sum(c_next * dc))

    for i, name in enumerate(["dx", "dh_prev", "dc_prev", "dWx", "dWh", "db"]):
        assert_per_entry(grads[i], fd_gradient(lambda z: scalar(i, z), inputs[i]), name)


def test_ex12_clipping_keeps_direction_and_bounds_the_norm():
    ns = solution("ex12_backprop_through_time")
    for args in hidden_args("ex12_backprop_through_time", "q_clip", 8):
        max_norm, grads = args[0], args[1:]
        copies = [g.copy() for g in grads]
        clipped, norm = ns["clip_by_global_norm"](max_norm, *grads)
        assert all(np.array_equal(g, c) for g, c in zip(grads, copies))
        assert norm == pytest.approx(np.sqrt(sum(np.sum(g ** 2) for g in grads)))
        new_norm = np.sqrt(sum(np.sum(c ** 2) for c in clipped))
        assert new_norm == pytest.approx(min(norm, max_norm))
        scale = new_norm / norm
        for g, c in zip(grads, clipped):
            np.testing.assert_allclose(c, scale * g, rtol=1e-12, atol=0)
    with pytest.raises(ValueError, match="max_norm"):
        ns["clip_by_global_norm"](0.0, np.ones(2))


# --- ex13 -------------------------------------------------------------------------------------

def _bn_cases():
    m = check_module("ex13_batch_norm")
    return [m.BN0 + (m.DOUT0,), m.TWO_ROWS + (m.DOUT0[:2],)] + hidden_args("ex13_batch_norm", "q_bn_backward_graph", 3)


@pytest.mark.parametrize("mode", ["train", "eval"])
@pytest.mark.parametrize("k", range(5))
def test_ex13_batchnorm_backward_matches_finite_differences(k, mode):
    ns = solution("ex13_batch_norm")
    x, gamma, beta, rm, rv, dout = _bn_cases()[k]
    inputs = [x, gamma, beta]

    def out(i, z):
        return ns["batchnorm_forward"](*replaced(inputs, i, z), rm, rv, mode=mode)[0]

    cache = ns["batchnorm_forward"](x, gamma, beta, rm, rv, mode=mode)[3]
    backwards = [ns["batchnorm_backward_graph"]] + ([ns["batchnorm_backward"]] if mode == "train" else [])
    for backward in backwards:
        grads = backward(dout, cache)
        for i, name in enumerate(["dx", "dgamma", "dbeta"]):
            assert_per_entry(grads[i], fd_vjp(lambda z: out(i, z), inputs[i], dout), f"{backward.__name__} {name}")


@pytest.mark.parametrize("k", range(5))
def test_ex13_layernorm_backward_matches_finite_differences(k):
    ns = solution("ex13_batch_norm")
    m = check_module("ex13_batch_norm")
    x, gamma, beta, dout = ([m.SQUARE] + hidden_args("ex13_batch_norm", "q_layernorm"))[k]
    inputs = [x, gamma, beta]
    grads = ns["layernorm_backward"](dout, ns["layernorm_forward"](x, gamma, beta)[1])
    for i, name in enumerate(["dx", "dgamma", "dbeta"]):
        numeric = fd_vjp(lambda z: ns["layernorm_forward"](*replaced(inputs, i, z))[0], inputs[i], dout)
        assert_per_entry(grads[i], numeric, name)


def test_ex13_running_statistics_convention():
    ns = solution("ex13_batch_norm")
    x = np.array([[1.0, 10.0], [3.0, 14.0]])
    rm, rv = np.array([0.0, 0.0]), np.array([1.0, 1.0])
    _, new_mean, new_var, _ = ns["batchnorm_forward"](x, np.ones(2), np.zeros(2), rm, rv, momentum=0.75)
    np.testing.assert_allclose(new_mean, 0.75 * rm + 0.25 * np.array([2.0, 12.0]))
    np.testing.assert_allclose(new_var, 0.75 * rv + 0.25 * np.array([1.0, 4.0]))   # biased variance
    assert rm.tolist() == [0.0, 0.0] and rv.tolist() == [1.0, 1.0]
    out, same_mean, same_var, _ = ns["batchnorm_forward"](x, np.ones(2), np.zeros(2), new_mean, new_var, mode="eval")
    np.testing.assert_allclose(out, (x - new_mean) / np.sqrt(new_var + 1e-5))
    assert np.array_equal(same_mean, new_mean) and same_mean is not new_mean
    with pytest.raises(ValueError, match="mode"):
        ns["batchnorm_forward"](x, np.ones(2), np.zeros(2), rm, rv, mode="test")


# --- float32 kept -------------------------------------------------------------------------------

def test_float32_inputs_give_float32_outputs():
    ex11, ex12, ex13 = (solution(name) for name in SETS)
    f32 = lambda args: tuple(np.asarray(a, dtype=np.float32) for a in args)  # noqa: E731
    m11, m12, m13 = (check_module(name) for name in SETS)
    assert all(g.dtype == np.float32 for g in ex11["reverse_mode"](*f32(m11.NET0))[1:])
    _, cache = ex12["rnn_step_forward"](*f32(m12.STEP0[:5]))
    assert all(g.dtype == np.float32 for g in ex12["rnn_step_backward"](np.float32(m12.STEP0[5]), cache))
    x, w, b, dout = f32(hidden_args("ex12_backprop_through_time", "q_conv1d", 1)[0])
    out, cache = ex12["conv1d_forward"](x, w, b)
    assert out.dtype == np.float32 and all(g.dtype == np.float32 for g in ex12["conv1d_backward"](dout, cache))
    out, rm, rv, cache = ex13["batchnorm_forward"](*f32(m13.BN0))
    assert {out.dtype, rm.dtype, rv.dtype} == {np.dtype(np.float32)}
    for backward in ("batchnorm_backward_graph", "batchnorm_backward"):
        assert all(g.dtype == np.float32 for g in ex13[backward](np.float32(m13.DOUT0), cache))


# --- the typical mistakes fail the public case that names them -----------------------------------

MISTAKES = [
    ("ex11_cost_of_backprop", "q_numerical_gradient", "forward differences", ["public 2"], """
def numerical_gradient(f, x, h=1e-5):
    xp = np.array(x, dtype=np.float64)
    grad = np.zeros(xp.shape)
    base = f(xp)
    for i in np.ndindex(xp.shape):
        old = xp[i]
        xp[i] = old + h
        grad[i] = (f(xp) - base) / h
        xp[i] = old
    return grad
"""),
    ("ex11_cost_of_backprop", "q_numerical_gradient", "arithmetic in the input's dtype", ["public 3", "public 4"], """
def numerical_gradient(f, x, h=1e-5):
    xp = np.array(x)
    grad = np.zeros(xp.shape)
    for i in np.ndindex(xp.shape):
        old = xp[i]
        xp[i] = old + h
        plus = f(xp)
        xp[i] = old - h
        minus = f(xp)
        xp[i] = old
        grad[i] = (plus - minus) / (2.0 * h)
    return grad
"""),
    ("ex11_cost_of_backprop", "q_numerical_gradient", "x perturbed in place and not restored", ["public 1"], """
def numerical_gradient(f, x, h=1e-5):
    grad = np.zeros(x.shape)
    for i in np.ndindex(x.shape):
        x[i] += h
        plus = f(x)
        x[i] -= 2 * h
        minus = f(x)
        grad[i] = (plus - minus) / (2.0 * h)
    return grad
"""),
    ("ex11_cost_of_backprop", "q_rel_error", "no floor", ["public 2"], """
def rel_error(a, b, floor=1e-8):
    a, b = np.asarray(a, dtype=np.float64), np.asarray(b, dtype=np.float64)
    finite = np.isfinite(a) & np.isfinite(b)
    with np.errstate(invalid="ignore", divide="ignore"):
        err = np.abs(a - b) / np.maximum(np.abs(a), np.abs(b))
    return np.where(finite, err, np.inf)
"""),
    ("ex11_cost_of_backprop", "q_rel_error", "NaN passed through", ["public 3"], """
def rel_error(a, b, floor=1e-8):
    a, b = np.asarray(a, dtype=np.float64), np.asarray(b, dtype=np.float64)
    with np.errstate(invalid="ignore"):
        return np.abs(a - b) / np.maximum(np.maximum(np.abs(a), np.abs(b)), floor)
"""),
    ("ex11_cost_of_backprop", "q_reverse_mode", "mean over N only", ["public 1"], """
def reverse_mode(X, Y, W1, b1, W2, b2):
    Z1 = matmul(X, W1) + b1
    A = sigmoid(Z1)
    Z2 = matmul(A, W2) + b2
    loss = float(np.sum(np.logaddexp(0.0, Z2) - Y * Z2) / len(X))
    G2 = (sigmoid(Z2) - Y) / len(X)
    G1 = matmul(G2, W2.T) * A * (1.0 - A)
    return loss, matmul(X.T, G1), G1.sum(axis=0), matmul(A.T, G2), G2.sum(axis=0)
"""),
    ("ex11_cost_of_backprop", "q_reverse_mode", "keepdims on the bias gradients", ["public 2"], """
def reverse_mode(X, Y, W1, b1, W2, b2):
    Z1 = matmul(X, W1) + b1
    A = sigmoid(Z1)
    Z2 = matmul(A, W2) + b2
    loss = float(np.mean(np.logaddexp(0.0, Z2) - Y * Z2))
    G2 = (sigmoid(Z2) - Y) / Z2.size
    G1 = matmul(G2, W2.T) * A * (1.0 - A)
    return loss, matmul(X.T, G1), G1.sum(axis=0, keepdims=True), matmul(A.T, G2), G2.sum(axis=0, keepdims=True)
"""),
    ("ex11_cost_of_backprop", "q_reverse_mode", "loss through log(sigmoid)", ["public 3"], """
def reverse_mode(X, Y, W1, b1, W2, b2):
    Z1 = matmul(X, W1) + b1
    A = sigmoid(Z1)
    Z2 = matmul(A, W2) + b2
    p = sigmoid(Z2)
    with np.errstate(divide="ignore", invalid="ignore"):
        loss = float(-np.mean(Y * np.log(p) + (1 - Y) * np.log(1 - p)))
    G2 = (p - Y) / Z2.size
    G1 = matmul(G2, W2.T) * A * (1.0 - A)
    return loss, matmul(X.T, G1), G1.sum(axis=0), matmul(A.T, G2), G2.sum(axis=0)
"""),
    ("ex11_cost_of_backprop", "q_jvp", "tanh's derivative for the sigmoid", ["public 2"], """
def jvp(X, Y, W1, b1, W2, b2, V1, c1, V2, c2):
    Z1 = matmul(X, W1) + b1
    A = sigmoid(Z1)
    A_dot = (matmul(X, V1) + c1) * (1.0 - A ** 2)
    Z2 = matmul(A, W2) + b2
    Z2_dot = matmul(A_dot, W2) + matmul(A, V2) + c2
    return float(np.mean(np.logaddexp(0.0, Z2) - Y * Z2)), float(np.mean((sigmoid(Z2) - Y) * Z2_dot))
"""),
    ("ex11_cost_of_backprop", "q_jvp", "product-rule term A_dot W2 missing", ["public 2"], """
def jvp(X, Y, W1, b1, W2, b2, V1, c1, V2, c2):
    Z1 = matmul(X, W1) + b1
    A = sigmoid(Z1)
    Z2 = matmul(A, W2) + b2
    Z2_dot = matmul(A, V2) + c2
    return float(np.mean(np.logaddexp(0.0, Z2) - Y * Z2)), float(np.mean((sigmoid(Z2) - Y) * Z2_dot))
"""),
    ("ex11_cost_of_backprop", "q_jvp", "product-rule term A V2 missing", ["public 3"], """
def jvp(X, Y, W1, b1, W2, b2, V1, c1, V2, c2):
    Z1 = matmul(X, W1) + b1
    A = sigmoid(Z1)
    A_dot = (matmul(X, V1) + c1) * A * (1.0 - A)
    Z2 = matmul(A, W2) + b2
    Z2_dot = matmul(A_dot, W2) + c2
    return float(np.mean(np.logaddexp(0.0, Z2) - Y * Z2)), float(np.mean((sigmoid(Z2) - Y) * Z2_dot))
"""),
    ("ex12_backprop_through_time", "q_rnn_step", "W_h not transposed", ["public 1"], """
def rnn_step_backward(dh_next, cache):
    x, h_prev, Wx, Wh, h_next = cache
    da = dh_next * (1.0 - h_next ** 2)
    return da @ Wx.T, da @ Wh, x.T @ da, h_prev.T @ da, da.sum(axis=0)
"""),
    ("ex12_backprop_through_time", "q_bptt", "hidden-state gradient not carried", ["public 2", "public 3"], """
def rnn_sequence_grads(x, h0, Wx, Wh, b, Wy, by, Y):
    T = x.shape[1]
    h, caches, states = h0, [], []
    for t in range(T):
        h, c = rnn_step_forward(x[:, t], h, Wx, Wh, b)
        caches.append(c)
        states.append(h)
    h_all = np.stack(states, axis=1)
    residual = h_all @ Wy + by - Y
    dpred = 2.0 * residual / residual.size
    dWy = h_all.reshape(-1, h_all.shape[2]).T @ dpred.reshape(-1, dpred.shape[2])
    from_readout = dpred @ Wy.T
    dx = np.zeros(x.shape)
    dWx, dWh, db = np.zeros_like(Wx), np.zeros_like(Wh), np.zeros_like(b)
    dh0 = np.zeros_like(h0)
    for t in range(T - 1, -1, -1):
        dx_t, dh_prev, dWx_t, dWh_t, db_t = rnn_step_backward(from_readout[:, t], caches[t])
        dx[:, t] = dx_t
        dWx, dWh, db = dWx + dWx_t, dWh + dWh_t, db + db_t
        if t == 0:
            dh0 = dh_prev
    return float(np.mean(residual ** 2)), dx, dh0, dWx, dWh, db, dWy, dpred.sum(axis=(0, 1))
"""),
    ("ex12_backprop_through_time", "q_clip", "each array clipped by its own norm", ["public 1"], """
def clip_by_global_norm(max_norm, *grads):
    norms = [float(np.linalg.norm(g)) for g in grads]
    total = float(np.sqrt(sum(n * n for n in norms)))
    return tuple(g * min(1.0, max_norm / n) if n > 0 else g.copy() for g, n in zip(grads, norms)), total
"""),
    ("ex12_backprop_through_time", "q_clip", "small gradients scaled up", ["public 2"], """
def clip_by_global_norm(max_norm, *grads):
    total = float(np.sqrt(sum(np.sum(g.astype(np.float64) ** 2) for g in grads)))
    scale = max_norm / total if total > 0 else 1.0
    return tuple(g * g.dtype.type(scale) for g in grads), total
"""),
    ("ex12_backprop_through_time", "q_clip", "0/0 for zero gradients", ["public 3"], """
def clip_by_global_norm(max_norm, *grads):
    total = float(np.sqrt(sum(np.sum(g.astype(np.float64) ** 2) for g in grads)))
    with np.errstate(invalid="ignore", divide="ignore"):
        scale = min(1.0, max_norm / total) if total > max_norm else max_norm / total * total / max_norm
    return tuple(g * g.dtype.type(scale) for g in grads), total
"""),
    ("ex12_backprop_through_time", "q_conv1d", "dw from the first signal only", ["public 2"], """
def conv1d_backward(dout, cache):
    x, w = cache
    n_pos = dout.shape[2]
    dx = np.zeros(x.shape, dtype=np.result_type(x, w, dout))
    dw = np.zeros(w.shape, dtype=dx.dtype)
    for j in range(w.shape[2]):
        dx[:, :, j:j + n_pos] += np.einsum("nol,oc->ncl", dout, w[:, :, j])
        dw[:, :, j] = dout[0] @ x[0, :, j:j + n_pos].T
    return dx, dw, dout.sum(axis=(0, 2))
"""),
    ("ex12_backprop_through_time", "q_lstm_step", "cell gradient through h_next missing", ["public 1"], """
def lstm_step_backward(dh_next, dc_next, cache):
    x, h_prev, c_prev, Wx, Wh, i_gate, f_gate, o_gate, g_cand, tanh_c = cache
    dc = dc_next
    d_o = dh_next * tanh_c
    da = np.concatenate([dc * g_cand * i_gate * (1.0 - i_gate), dc * c_prev * f_gate * (1.0 - f_gate),
                         d_o * o_gate * (1.0 - o_gate), dc * i_gate * (1.0 - g_cand ** 2)], axis=1)
    return da @ Wx.T, da @ Wh.T, dc * f_gate, x.T @ da, h_prev.T @ da, da.sum(axis=0)
"""),
    ("ex13_batch_norm", "q_bn_forward", "variance with N - 1", ["public 2"], """
def batchnorm_forward(x, gamma, beta, running_mean, running_var, mode="train", momentum=0.9, eps=1e-5):
    mu, var = x.mean(axis=0), x.var(axis=0, ddof=1)
    x_hat = (x - mu) / np.sqrt(var + eps)
    return (gamma * x_hat + beta, momentum * running_mean + (1 - momentum) * mu,
            momentum * running_var + (1 - momentum) * var, None)
"""),
    ("ex13_batch_norm", "q_bn_forward", "eps outside the square root", ["public 3"], """
def batchnorm_forward(x, gamma, beta, running_mean, running_var, mode="train", momentum=0.9, eps=1e-5):
    mu, var = x.mean(axis=0), x.var(axis=0)
    x_hat = (x - mu) / (np.sqrt(var) + eps)
    return (gamma * x_hat + beta, momentum * running_mean + (1 - momentum) * mu,
            momentum * running_var + (1 - momentum) * var, None)
"""),
    ("ex13_batch_norm", "q_bn_forward", "momentum convention reversed", ["public 4"], """
def batchnorm_forward(x, gamma, beta, running_mean, running_var, mode="train", momentum=0.9, eps=1e-5):
    mu, var = x.mean(axis=0), x.var(axis=0)
    x_hat = (x - mu) / np.sqrt(var + eps)
    return (gamma * x_hat + beta, (1 - momentum) * running_mean + momentum * mu,
            (1 - momentum) * running_var + momentum * var, None)
"""),
    ("ex13_batch_norm", "q_bn_forward", "batch statistics in eval mode", ["public 5"], """
def batchnorm_forward(x, gamma, beta, running_mean, running_var, mode="train", momentum=0.9, eps=1e-5):
    mu, var = x.mean(axis=0), x.var(axis=0)
    x_hat = (x - mu) / np.sqrt(var + eps)
    if mode == "eval":
        return gamma * x_hat + beta, running_mean.copy(), running_var.copy(), None
    return (gamma * x_hat + beta, momentum * running_mean + (1 - momentum) * mu,
            momentum * running_var + (1 - momentum) * var, None)
"""),
    ("ex13_batch_norm", "q_bn_forward", "running statistics updated in place", ["public 1"], """
def batchnorm_forward(x, gamma, beta, running_mean, running_var, mode="train", momentum=0.9, eps=1e-5):
    mu, var = x.mean(axis=0), x.var(axis=0)
    x_hat = (x - mu) / np.sqrt(var + eps)
    running_mean *= momentum
    running_mean += (1 - momentum) * mu
    running_var *= momentum
    running_var += (1 - momentum) * var
    return gamma * x_hat + beta, running_mean, running_var, None
"""),
    ("ex13_batch_norm", "q_bn_backward_graph", "mean and variance treated as constants", ["public 1"], """
def batchnorm_backward_graph(dout, cache):
    return dout * cache["gamma"] / cache["std"], (dout * cache["x_hat"]).sum(axis=0), dout.sum(axis=0)
"""),
    ("ex13_batch_norm", "q_layernorm", "row statistics without keepdims", ["public 2"], """
def layernorm_forward(x, gamma, beta, eps=1e-5):
    std = np.sqrt(x.var(axis=1) + eps)
    x_hat = (x - x.mean(axis=1)) / std
    return gamma * x_hat + beta, (x_hat, gamma, std)
"""),
]


@pytest.mark.parametrize("name, qid, mistake, failing, source", MISTAKES, ids=[f"{m[1]}-{m[2]}" for m in MISTAKES])
def test_typical_mistake_fails_the_public_case_that_names_it(name, qid, mistake, failing, source):
    checkset = publicspec.loads((ROOT / "exercises" / "checks" / f"{name}.json").read_text(encoding="utf-8"))
    question = checkset.question(qid)
    namespace = dict(solution(name))
    verdicts = {case.name.split(" (")[0]: judge_case(question, case, run_case(namespace, case)).ok
                for case in question.public_cases}
    assert all(verdicts.values()), f"the solution fails {qid}: {verdicts}"
    exec(compile(source, f"<{mistake}>", "exec"), namespace)
    with contextlib.redirect_stdout(io.StringIO()):
        verdicts = {case.name.split(" (")[0]: judge_case(question, case, run_case(namespace, case)).ok
                    for case in question.public_cases}
    assert not any(verdicts[c] for c in failing), f"{mistake} passes {failing}: {verdicts}"


# --- correct answers written differently pass every public case -----------------------------------

ALTERNATIVES = [
    ("ex11_cost_of_backprop", "q_numerical_gradient", "a fresh copy per evaluation", """
def numerical_gradient(f, x, h=1e-5):
    x = np.asarray(x, dtype=np.float64)
    grad = np.empty(x.size)
    for i in range(x.size):
        step = np.zeros(x.size)
        step[i] = h
        step = step.reshape(x.shape)
        grad[i] = (f(x + step) - f(x - step)) / (2 * h)
    return grad.reshape(x.shape)
"""),
    ("ex11_cost_of_backprop", "q_jvp", "tangents through p = sigmoid(Z2) and the cross-entropy of p", """
def jvp(X, Y, W1, b1, W2, b2, V1, c1, V2, c2):
    A = sigmoid(matmul(X, W1) + b1)
    A_dot = A * (1 - A) * (matmul(X, V1) + c1)
    Z2 = matmul(A, W2) + b2
    p = sigmoid(Z2)
    p_dot = p * (1 - p) * (matmul(A_dot, W2) + matmul(A, V2) + c2)
    loss = float(np.mean(np.logaddexp(0.0, Z2) - Y * Z2))
    return loss, float(np.mean(-Y * p_dot / p + (1 - Y) * p_dot / (1 - p)))
"""),
    ("ex12_backprop_through_time", "q_conv1d", "sliding windows and np.add.at", """
def conv1d_forward(x, w, b):
    if w.shape[2] > x.shape[2]:
        raise ValueError("conv1d_forward: kernel longer than the signal")
    windows = np.lib.stride_tricks.sliding_window_view(x, w.shape[2], axis=2)   # (N, C_in, L_out, k)
    return np.einsum("nclj,ocj->nol", windows, w) + b[:, None], (x, w)


def conv1d_backward(dout, cache):
    x, w = cache
    k, n_pos = w.shape[2], dout.shape[2]
    windows = np.lib.stride_tricks.sliding_window_view(x, k, axis=2)
    dw = np.einsum("nol,nclj->ocj", dout, windows)
    dwin = np.einsum("nol,ocj->nclj", dout, w)                                  # gradient of each window
    dx = np.zeros_like(x)
    index = np.arange(n_pos)[:, None] + np.arange(k)[None, :]                   # (L_out, k) -> position
    np.add.at(dx, (slice(None), slice(None), index), dwin)
    return dx, dw, dout.sum(axis=(0, 2))
"""),
    ("ex13_batch_norm", "q_bn_forward", "statistics by hand, cache as a tuple", """
def batchnorm_forward(x, gamma, beta, running_mean, running_var, mode="train", momentum=0.9, eps=1e-5):
    if mode not in ("train", "eval"):
        raise ValueError(mode)
    if mode == "train":
        mu = np.sum(x, axis=0) / x.shape[0]
        var = np.sum((x - mu) ** 2, axis=0) / x.shape[0]
        rm = momentum * running_mean + (1 - momentum) * mu
        rv = momentum * running_var + (1 - momentum) * var
    else:
        mu, var, rm, rv = running_mean, running_var, np.array(running_mean), np.array(running_var)
    inv = 1 / np.sqrt(var + eps)
    return gamma * ((x - mu) * inv) + beta, rm, rv, (x, mu, var, eps, gamma, mode)
"""),
    ("ex13_batch_norm", "q_bn_backward_closed", "gamma factored out, its own cache", """
def batchnorm_forward(x, gamma, beta, running_mean, running_var, mode="train", momentum=0.9, eps=1e-5):
    mu, var = x.mean(axis=0), x.var(axis=0)
    s = np.sqrt(var + eps)
    x_hat = (x - mu) / s
    return (gamma * x_hat + beta, momentum * running_mean + (1 - momentum) * mu,
            momentum * running_var + (1 - momentum) * var, (x_hat, s, gamma))


def batchnorm_backward(dout, cache):
    x_hat, s, gamma = cache
    n = dout.shape[0]
    dx = gamma / (n * s) * (n * dout - dout.sum(axis=0) - x_hat * np.sum(dout * x_hat, axis=0))
    return dx, np.sum(dout * x_hat, axis=0), np.sum(dout, axis=0)
"""),
]


@pytest.mark.parametrize("name, qid, how, source", ALTERNATIVES, ids=[f"{a[1]}-{a[2]}" for a in ALTERNATIVES])
def test_correct_answer_written_differently_passes(name, qid, how, source):
    checkset = publicspec.loads((ROOT / "exercises" / "checks" / f"{name}.json").read_text(encoding="utf-8"))
    question = checkset.question(qid)
    namespace = dict(solution(name))
    exec(compile(source, f"<{how}>", "exec"), namespace)
    verdicts = {case.name: judge_case(question, case, run_case(namespace, case)) for case in question.public_cases}
    assert all(v.ok for v in verdicts.values()), {k: v.message for k, v in verdicts.items() if not v.ok}


# --- difficulty: recorded in the check file, shown in the notebook, hard questions listed ----------

@pytest.mark.parametrize("name", sorted(p.stem for p in (ROOT / "solutions" / "checks").glob("ex[0-9][0-9]_*.py")))
def test_every_question_has_a_difficulty_shown_in_its_heading(name):
    import re

    difficulty = check_module(name).DIFFICULTY
    questions = check_module(name).QUESTIONS
    assert set(difficulty) == {q.id for q in questions}
    assert all(type(d) is int and 1 <= d <= 5 for d in difficulty.values())
    cells = json.loads((ROOT / "solutions" / f"{name}.ipynb").read_text(encoding="utf-8"))["cells"]
    headings = [("".join(c["source"])).splitlines()[0] for c in cells
                if c["cell_type"] == "markdown" and "".join(c["source"]).startswith("## Question")]
    assert len(headings) == len(questions)
    for heading, question in zip(headings, questions):
        points, shown = re.search(r"\((\d+) points?, difficulty (\d)/5\)", heading).groups()
        assert (int(points), int(shown)) == (question.points, difficulty[question.id]), heading


def test_questions_that_must_be_derived_are_listed_with_their_difficulty():
    import re

    text = (ROOT / "solutions" / "README.md").read_text(encoding="utf-8")
    section = text.split("## 5. Questions that must be derived", 1)[1]
    listed = re.findall(r"^\| (ex\d\d) \| `(q_\w+)` \| (\d) \|", section, flags=re.M)
    assert len(listed) >= 6
    for prefix, qid, shown in listed:
        name = next(p.stem for p in (ROOT / "solutions" / "checks").glob(f"{prefix}_*.py"))
        assert check_module(name).DIFFICULTY[qid] == int(shown) >= 4
