"""Tests for bplib.seednet: the §7.1 network as written (a DAG), and four ways to its gradients
(by hand, scalar engine, SymPy, finite differences) agreeing."""

import math

import numpy as np
import pytest

from bplib import seednet
from bplib.scalar import graph_nodes_edges
from bplib.symbolic import lambdify_gradients

# z3 = σ(w31 x1 + w32 x2 + b3), z4 = σ(w41 z3 + w42 x2 + b4), z5 = σ(w51 z3 + w52 z4 + b5),
# y' = σ(w61 z3 + w62 z4 + w63 z5 + b6): 9 weights and 4 biases
EXPECTED_NAMES = {"w31", "w32", "b3", "w41", "w42", "b4", "w51", "w52", "b5",
                  "w61", "w62", "w63", "b6"}


def sigma(s):
    return 1 / (1 + math.exp(-s))


def reference_forward(p, x1, x2, y):
    """§7.1 written out once more, independently of bplib."""
    z3 = sigma(p["w31"] * x1 + p["w32"] * x2 + p["b3"])
    z4 = sigma(p["w41"] * z3 + p["w42"] * x2 + p["b4"])
    z5 = sigma(p["w51"] * z3 + p["w52"] * z4 + p["b5"])
    y_hat = sigma(p["w61"] * z3 + p["w62"] * z4 + p["w63"] * z5 + p["b6"])
    return {"z3": z3, "z4": z4, "z5": z5, "y_hat": y_hat, "L": (y - y_hat) ** 2}


def points(n=5):
    rng = np.random.default_rng(2024)
    for _ in range(n):
        params = seednet.random_params(rng)
        x1, x2 = rng.normal(size=2)
        yield params, float(x1), float(x2), float(rng.integers(2))


def max_rel(a, b):
    diff = max(abs(a[k] - b[k]) for k in seednet.PARAM_NAMES)
    return diff / max(max(abs(v) for v in a.values()), 1e-300)


def test_param_names_are_the_thirteen_of_the_article():
    assert len(seednet.PARAM_NAMES) == 13
    assert set(seednet.PARAM_NAMES) == EXPECTED_NAMES
    params = seednet.random_params(0)
    assert tuple(params) == seednet.PARAM_NAMES
    assert params == seednet.random_params(np.random.default_rng(0))
    assert params != seednet.random_params(1)


def test_forward_matches_the_formulas_of_section_7_1():
    for params, x1, x2, y in points():
        got, want = seednet.forward(params, x1, x2, y), reference_forward(params, x1, x2, y)
        for key in want:
            assert got[key] == pytest.approx(want[key], rel=1e-14), key
        assert seednet.loss(params, x1, x2, y) == got["L"]
        nodes = seednet.forward_values(params, x1, x2, y)
        for key in ["s3", "z3", "s4", "z4", "s5", "z5", "s6", "y_hat", "L"]:
            assert nodes[key].data == pytest.approx(got[key], rel=1e-14), key
            assert nodes[key].label == key


def test_four_gradient_methods_agree():
    symbolic = lambdify_gradients()
    for params, x1, x2, y in points():
        manual = seednet.manual_backward(params, x1, x2, y)
        engine = seednet.engine_gradients(params, x1, x2, y)
        sympy_grads = symbolic(params, x1, x2, y)
        numeric = seednet.finite_difference_gradients(params, x1, x2, y)
        assert list(manual) == list(engine) == list(numeric) == list(seednet.PARAM_NAMES)
        assert max_rel(manual, engine) <= 1e-12
        assert max_rel(manual, sympy_grads) <= 1e-12
        for name in seednet.PARAM_NAMES:
            assert abs(manual[name] - numeric[name]) <= 1e-8, name
        assert max(abs(g) for g in manual.values()) > 1e-4  # a real test, not 0 == 0


def test_manual_node_gradients_match_the_engine():
    params, x1, x2, y = next(points(1))
    _, node_grads = seednet.manual_backward(params, x1, x2, y, return_node_grads=True)
    nodes = seednet.forward_values(params, x1, x2, y)
    nodes["L"].backward()
    for key, value in node_grads.items():
        assert nodes[key].grad == pytest.approx(value, rel=1e-12), key


@pytest.mark.parametrize("param, changed, unchanged", [
    ("w41", ["z4", "z5", "y_hat", "L"], ["z3"]),
    ("w52", ["z5", "y_hat", "L"], ["z3", "z4"]),
    ("w63", ["y_hat", "L"], ["z3", "z4", "z5"]),
    ("b3", ["z3", "z4", "z5", "y_hat", "L"], []),
])
def test_changing_a_weight_changes_exactly_what_is_downstream(param, changed, unchanged):
    params, x1, x2, y = next(points(1))
    before = seednet.forward(params, x1, x2, y)
    after = seednet.forward({**params, param: params[param] + 0.5}, x1, x2, y)
    for key in changed:
        assert after[key] != before[key], key
    for key in unchanged:
        assert after[key] == before[key], key


def test_the_graph_is_the_dag_of_section_7_1():
    params, x1, x2, y = next(points(1))
    nodes = seednet.forward_values(params, x1, x2, y)
    _, edges = graph_nodes_edges(nodes["L"])
    consumers = {}
    for child, parent in edges:
        consumers.setdefault(child.label, []).append(parent.label)
    assert sorted(consumers["z3"]) == ["w41*z3", "w51*z3", "w61*z3"]  # z3 feeds z4, z5 and y'
    assert sorted(consumers["z4"]) == ["w52*z4", "w62*z4"]            # z4 feeds z5 and y'
    assert consumers["z5"] == ["w63*z5"]
    assert sorted(consumers["x2"]) == ["w32*x2", "w42*x2"]            # x2 feeds z3 and z4
    assert consumers["x1"] == ["w31*x1"]


def test_inputs_are_not_mutated_and_bad_params_are_reported():
    params, x1, x2, y = next(points(1))
    copy = dict(params)
    seednet.finite_difference_gradients(params, x1, x2, y)
    seednet.manual_backward(params, x1, x2, y)
    assert params == copy
    del copy["w52"]
    with pytest.raises(ValueError, match="w52"):
        seednet.forward(copy, x1, x2, y)
    with pytest.raises(ValueError, match="w99"):
        seednet.forward_values({**params, "w99": 1.0}, x1, x2, y)
    with pytest.raises(ValueError, match="h must be"):
        seednet.finite_difference_gradients(params, x1, x2, y, h=0.0)
