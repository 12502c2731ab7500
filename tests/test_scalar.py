"""Tests for bplib.scalar: every op's gradient against centred differences, reused nodes, deep
graphs, repeated backward calls, stable sigmoid, agreement with the vectorised layers, drawing."""

import math
import re
import sys
import warnings

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402

import bplib  # noqa: E402
from bplib.graph_drawing import draw_graph  # noqa: E402
from bplib.scalar import (Value, backward_steps, graph_nodes_edges,  # noqa: E402
                          sum_values, topological_order, zero_grad)


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


def centred_difference(f, xs, i, h=1e-5):
    """∂f/∂xs[i] by (f(x + h) - f(x - h)) / 2h, f taking and returning plain floats."""
    plus, minus = list(xs), list(xs)
    plus[i] += h
    minus[i] -= h
    return (f(*plus) - f(*minus)) / (2 * h)


def rel_err(a, b):
    return abs(a - b) / max(abs(a) + abs(b), 1e-300)


def engine_grads(f, xs):
    """Value of f and its gradient w.r.t. each argument, from the scalar engine."""
    leaves = [Value(x) for x in xs]
    out = f(*leaves)
    out.backward()
    return out.data, [leaf.grad for leaf in leaves]


UNARY = {  # name: (engine op, independent float reference, points away from kinks/edges)
    "neg": (lambda a: -a, lambda a: -a, [-1.3, 0.7]),
    "exp": (lambda a: a.exp(), math.exp, [-1.3, 0.0, 2.1]),
    "log": (lambda a: a.log(), math.log, [0.3, 2.5]),
    "tanh": (lambda a: a.tanh(), math.tanh, [-0.8, 0.1, 1.7]),
    "sigmoid": (lambda a: a.sigmoid(), lambda a: 1 / (1 + math.exp(-a)), [-2.2, 0.4, 3.0]),
    "relu": (lambda a: a.relu(), lambda a: max(a, 0.0), [-1.5, 0.8]),
    "pow 3": (lambda a: a**3, lambda a: a**3, [-1.2, 0.9]),
    "pow -0.5": (lambda a: a**-0.5, lambda a: a**-0.5, [0.4, 2.0]),
    "2 ** a": (lambda a: 2**a, lambda a: 2**a, [-0.7, 1.3]),
}


@pytest.mark.parametrize("name", UNARY)
def test_unary_op_value_and_gradient_match_finite_differences(name):
    op, reference, points = UNARY[name]
    for x in points:
        value, (grad,) = engine_grads(op, [x])
        assert value == pytest.approx(reference(x), rel=1e-14, abs=1e-300)
        numeric = centred_difference(reference, [x], 0)
        assert rel_err(grad, numeric) <= 1e-7, (name, x, grad, numeric)


BINARY = {
    "a + b": lambda a, b: a + b,
    "a - b": lambda a, b: a - b,
    "a * b": lambda a, b: a * b,
    "a / b": lambda a, b: a / b,
    "a ** b": lambda a, b: a**b,
    "reflected": lambda a, b: 3.0 - a / 2.0 + 1.5 / b + 2 * a + (0.5 + b),
    "expression": lambda a, b: ((a * b).tanh() + (a - b) ** 2 / (1 + b * b)) * (a.exp() + 1).log()
    + (a * 3 - b).sigmoid() * (b + 2).relu() - a / (b - 3),
}


@pytest.mark.parametrize("name", BINARY)
@pytest.mark.parametrize("point", [(1.3, 0.6), (0.45, 1.9)])
def test_binary_op_gradients_match_finite_differences(name, point):
    f = BINARY[name]
    _, grads = engine_grads(f, point)
    as_floats = lambda a, b: f(Value(a), Value(b)).data  # noqa: E731
    for i in range(2):
        numeric = centred_difference(as_floats, point, i)
        assert rel_err(grads[i], numeric) <= 1e-7, (name, i, grads[i], numeric)


def test_binary_ops_against_hand_derivatives():
    a, b = Value(3.0), Value(-2.0)
    for out, value, grads in [(a * b, -6.0, (-2.0, 3.0)), (a / b, -1.5, (-0.5, -0.75)),
                              (a - b, 5.0, (1.0, -1.0)), (a + b, 1.0, (1.0, 1.0)),
                              (a**b, 1 / 9, (-2 / 27, math.log(3) / 9))]:
        out.backward()
        assert out.data == pytest.approx(value, rel=1e-15)
        assert (a.grad, b.grad) == pytest.approx(grads, rel=1e-15)


def test_reused_node_gradients_are_summed():
    a = Value(3.0, label="a")
    b = a + a          # b = 2a
    c = b * b          # c = 4a², dc/da = 8a = 24, dc/db = 2b = 12
    c.backward()
    assert c.data == 36.0
    assert b.grad == 12.0
    assert a.grad == 24.0
    d = a * b + b.exp()  # a reused as a leaf AND inside b: dd/da = 4a + 2 e^(2a)
    d.backward()
    assert a.grad == pytest.approx(4 * 3.0 + 2 * math.exp(6.0), rel=1e-14)


def test_deep_chain_beyond_the_recursion_limit():
    assert sys.getrecursionlimit() < 5000  # otherwise this test would not test anything
    x = Value(0.5)
    y = x
    for _ in range(5000):
        y = y * 0.999 + 0.001
    y.backward()
    assert x.grad == pytest.approx(0.999**5000, rel=1e-12)
    assert len(topological_order(y)) == 1 + 4 * 5000  # x, and per step: const, *, const, +


def test_topological_order_puts_every_node_after_its_inputs():
    rng = np.random.default_rng(0)
    nodes = [Value(v) for v in rng.normal(size=4)]
    for _ in range(40):  # a random DAG with many reused nodes
        i, j = rng.integers(len(nodes), size=2)
        nodes.append(nodes[i] * nodes[j] if rng.random() < 0.5 else nodes[i] + nodes[j].tanh())
    order = topological_order(nodes[-1])
    position = {id(n): k for k, n in enumerate(order)}
    assert len(position) == len(order)  # no duplicates
    assert order[-1] is nodes[-1]
    for node in order:
        assert all(position[id(child)] < position[id(node)] for child in node._prev)


def test_backward_twice_is_idempotent_by_default():
    w, x = Value(0.7), Value(-1.2)
    h = (w * x).tanh()
    loss = h * h + h
    loss.backward()
    first = (w.grad, x.grad, h.grad)
    loss.backward()
    assert (w.grad, x.grad, h.grad) == first
    assert h.grad == pytest.approx(2 * h.data + 1, rel=1e-14)


def test_backward_accumulate_adds_into_leaves_only():
    w = Value(0.7)
    h = (w * 2.0).tanh()
    loss = h * h
    loss.backward()
    once_w, once_h = w.grad, h.grad
    loss.backward(accumulate=True)
    assert w.grad == 2 * once_w  # leaf: accumulated
    assert h.grad == once_h  # interior: reset, not double-counted
    # the intended use: two graphs sharing a parameter
    other = w * 3.0
    loss.backward()
    other.backward(accumulate=True)
    assert w.grad == pytest.approx(once_w + 3.0, rel=1e-14)


def test_zero_grad_and_graph_nodes_edges():
    a = Value(3.0, label="a")
    b = a + a
    c = b * b
    c.backward()
    nodes, edges = graph_nodes_edges(c)
    assert nodes == [a, b, c]
    assert edges == [(a, b), (a, b), (b, c), (b, c)]
    zero_grad(c)
    assert [n.grad for n in nodes] == [0.0, 0.0, 0.0]


def test_backward_steps_replay_the_chain_rule():
    a, b = Value(1.5, label="a"), Value(-0.5, label="b")
    c = a * b
    s = c + a  # a is used twice: through c and directly
    d = s.tanh()
    steps = backward_steps(d)
    assert [node for node, _ in steps] == [d, s, c]
    assert steps[0][1][0][2] == 1.0  # the root's upstream gradient is the seed 1
    replayed = {}
    for node, terms in steps:
        for child, local, upstream, product in terms:
            assert upstream == node.grad and product == local * upstream
            replayed[child] = replayed.get(child, 0.0) + product
    t = math.tanh(1.5 * -0.5 + 1.5)
    assert replayed[a] == pytest.approx((1 - t * t) * (-0.5 + 1), rel=1e-14) == a.grad
    assert replayed[b] == pytest.approx((1 - t * t) * 1.5, rel=1e-14) == b.grad


def test_sum_values_matches_chained_addition():
    xs = [Value(v) for v in (0.3, -1.1, 2.5)]
    total = sum_values([xs[0] * xs[1], xs[1], 4.0, xs[2] ** 2])
    total.backward()
    assert total.data == pytest.approx(0.3 * -1.1 - 1.1 + 4.0 + 2.5**2, rel=1e-15)
    assert [x.grad for x in xs] == pytest.approx([-1.1, 0.3 + 1.0, 5.0], rel=1e-15)
    with pytest.raises(ValueError, match="sum_values"):
        sum_values([])


@pytest.mark.parametrize("x, value, grad", [(1000.0, 1.0, 0.0), (-1000.0, 0.0, 0.0)])
def test_sigmoid_and_tanh_are_stable_at_plus_minus_1000(x, value, grad):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        a = Value(x)
        s = a.sigmoid()
        s.backward()
        assert (s.data, a.grad) == (value, grad)
        t = a.tanh()
        t.backward()
        assert (t.data, a.grad) == (math.copysign(1.0, x), 0.0)


def test_sigmoid_keeps_relative_precision_for_large_negative_inputs():
    # σ(-40) = e^-40 / (1 + e^-40); computing 1 - σ(40) instead would give exactly 0
    assert Value(-40.0).sigmoid().data == pytest.approx(math.exp(-40.0), rel=1e-15)


@pytest.mark.parametrize("make, error, words", [
    (lambda: Value("1.0"), TypeError, "real number"),
    (lambda: Value(1.0) + "x", TypeError, "str"),
    (lambda: Value(-1.0).log(), ValueError, "log"),
    (lambda: Value(-2.0) ** 0.5, ValueError, r"\*\*"),
    (lambda: Value(-2.0) ** Value(2.0), ValueError, "base > 0"),
    (lambda: Value(1.0) / Value(0.0), ZeroDivisionError, "division by zero"),
    (lambda: Value(1000.0).exp(), OverflowError, "overflows"),
])
def test_bad_input_gives_clear_errors(make, error, words):
    with pytest.raises(error, match=words):
        make()


# --- the scalar engine against the vectorised layers on a 3x4 batch -----------------------------

def values_of(array):
    return [[Value(v) for v in row] for row in np.atleast_2d(array)]


def grads_of(values):
    return np.array([[v.grad for v in row] for row in values])


def dense_values(X, W, b):
    """out[i][j] = Σ_k X[i][k] W[k][j] + b[j], one scalar node at a time."""
    return [[sum_values([x_k * W[k][j] for k, x_k in enumerate(row)] + [b[0][j]])
             for j in range(len(W[0]))] for row in X]


ACTIVATIONS = {
    "sigmoid": (lambda v: v.sigmoid(), bplib.sigmoid_forward, bplib.sigmoid_backward),
    "tanh": (lambda v: v.tanh(), bplib.tanh_forward, bplib.tanh_backward),
    "relu": (lambda v: v.relu(), bplib.relu_forward, bplib.relu_backward),
}


def scalar_cross_entropy(logits, labels):
    """mean_i [log Σ_j exp(l_ij) - l_i,y_i], max subtracted as a constant (shift invariance)."""
    losses = []
    for row, label in zip(logits, labels):
        m = max(v.data for v in row)
        log_sum_exp = sum_values([(v - m).exp() for v in row]).log() + m
        losses.append(log_sum_exp - row[label])
    return sum_values(losses) / len(losses)


def scalar_mse(pred, target):
    diffs = [(p - t) ** 2 for prow, trow in zip(pred, target) for p, t in zip(prow, trow)]
    return sum_values(diffs) / len(diffs)


@pytest.mark.parametrize("activation", ACTIVATIONS)
@pytest.mark.parametrize("loss_name", ["softmax_cross_entropy", "mse_loss"])
def test_scalar_engine_matches_vectorised_layers(activation, loss_name):
    rng = np.random.default_rng(7)
    X, W1, b1 = rng.normal(size=(3, 4)), rng.normal(size=(4, 5)), rng.normal(size=5)
    W2, b2 = rng.normal(size=(5, 3)), rng.normal(size=3)
    labels, targets = np.array([2, 0, 1]), rng.normal(size=(3, 3))
    scalar_act, act_forward, act_backward = ACTIVATIONS[activation]

    # vectorised: forward and backward pairs from bplib
    h, c1 = bplib.dense_forward(X, W1, b1)
    assert np.abs(h).min() > 1e-3  # no pre-activation at ReLU's kink
    a, ca = act_forward(h)
    out, c2 = bplib.dense_forward(a, W2, b2)
    target = labels if loss_name == "softmax_cross_entropy" else targets
    loss, dout = getattr(bplib, loss_name)(out, target)
    da, dW2, db2 = bplib.dense_backward(dout, c2)
    dX, dW1, db1 = bplib.dense_backward(act_backward(da, ca), c1)

    # scalar engine: the same network, one Value per number
    Xv, W1v, b1v, W2v, b2v = map(values_of, (X, W1, b1, W2, b2))
    av = [[scalar_act(v) for v in row] for row in dense_values(Xv, W1v, b1v)]
    outv = dense_values(av, W2v, b2v)
    if loss_name == "softmax_cross_entropy":
        loss_v = scalar_cross_entropy(outv, labels)
    else:
        loss_v = scalar_mse(outv, targets)
    loss_v.backward()

    assert loss_v.data == pytest.approx(loss, rel=1e-10)
    outv_data = [[v.data for v in row] for row in outv]
    np.testing.assert_allclose(outv_data, out, rtol=1e-10, atol=1e-12)
    for engine, vectorised in [(Xv, dX), (W1v, dW1), (b1v, db1), (W2v, dW2), (b2v, db2)]:
        np.testing.assert_allclose(grads_of(engine), np.atleast_2d(vectorised),
                                   rtol=1e-10, atol=1e-13)


# --- drawing -------------------------------------------------------------------------------------

def neuron_graph():
    x1, x2 = Value(2.0, label="x1"), Value(0.0, label="x2")
    w1, w2 = Value(-3.0, label="w1"), Value(1.0, label="w2")
    b = Value(6.8813735870195432, label="b")
    o = (x1 * w1 + x2 * w2 + b).tanh()
    o.label = "o"
    o.backward()
    return o


def box_numbers(ax, word):
    """The numbers written after `word` in the axes' texts."""
    found = []
    for text in ax.texts:
        found += [float(m) for m in re.findall(rf"{word} (\S+)", text.get_text())]
    return found


def test_draw_graph_writes_every_node_with_data_and_grad():
    o = neuron_graph()
    nodes = topological_order(o)
    ax = draw_graph(o)
    assert isinstance(ax, plt.Axes)
    assert "graph" in ax.get_title()
    texts = [t.get_text() for t in ax.texts]
    for name in ["x1", "x2", "w1", "w2", "b", "o"]:
        assert any(t.split("\n")[0] == name for t in texts), name
    shown_data, shown_grads = box_numbers(ax, "data"), box_numbers(ax, "grad")
    assert len(shown_data) == len(shown_grads) == len(nodes)
    assert sorted(shown_data) == pytest.approx(sorted(n.data for n in nodes), rel=1e-3, abs=1e-12)
    assert sorted(shown_grads) == pytest.approx(sorted(n.grad for n in nodes), rel=1e-3, abs=1e-12)
    ops = sorted(t for t in texts if t and "data" not in t)
    assert ops == sorted(["*", "*", "+", "+", "tanh"])
    arrows = [t for t in ax.texts if isinstance(t, matplotlib.text.Annotation)]
    assert len(arrows) == 2 + 2 + 2 + 2 + 1  # one arrow per input of every operation


def test_draw_graph_uses_given_axes_and_can_hide_grads():
    fig, ax = plt.subplots()
    assert draw_graph(neuron_graph(), ax=ax, show_grad=False, title="A neuron") is ax
    assert ax.get_title() == "A neuron"
    assert not any("grad" in t.get_text() for t in ax.texts)
    assert len(box_numbers(ax, "data")) == 10
