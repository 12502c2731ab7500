"""Tests for bplib.symbolic: the chain rule by hand equals sp.diff, the §7.1 loss in SymPy matches
the numeric network, and common sub-expression elimination shrinks the gradients."""

import math

import numpy as np
import pytest
import sympy as sp

from bplib import seednet, symbolic


def test_chain_rule_product_equals_sp_diff():
    r = symbolic.neuron_chain_rule()
    w, x, b, y = (r.symbols[k] for k in "wxby")
    assert sp.simplify(r.chain - r.dL_dw) == 0
    assert r.dz_dw == x
    sig = symbolic.sigmoid(r.z)
    assert sp.simplify(r.da_dz - sig * (1 - sig)) == 0  # σ' = σ(1 - σ)
    assert sp.simplify(r.dL_da - (-2) * (y - sig)) == 0
    # and numerically, against a centred difference of L written with math
    def loss(wv, xv, bv, yv):
        return (yv - 1 / (1 + math.exp(-(wv * xv + bv)))) ** 2
    for wv, xv, bv, yv in [(0.7, -1.3, 0.2, 1.0), (-2.0, 0.5, 1.1, 0.0)]:
        at = {w: wv, x: xv, b: bv, y: yv}
        numeric = (loss(wv + 1e-6, xv, bv, yv) - loss(wv - 1e-6, xv, bv, yv)) / 2e-6
        assert float(r.chain.subs(at)) == pytest.approx(numeric, rel=1e-7)
        assert float(r.dL_dw.subs(at)) == pytest.approx(float(r.chain.subs(at)), rel=1e-14)


def test_seed_network_loss_matches_the_numeric_network():
    S = symbolic.seed_network_symbols()
    L = symbolic.seed_network_loss()
    assert L.free_symbols == set(S.values())
    assert len(S) == 13 + 3
    S["scratch"] = 0  # a caller's dict is its own: the module's cache is unaffected
    assert "scratch" not in symbolic.seed_network_symbols()
    nodes = symbolic.seed_network_nodes()
    nodes["L"] = 0
    assert symbolic.seed_network_nodes()["L"] == L != 0
    f = sp.lambdify([S[n] for n in seednet.PARAM_NAMES + ("x1", "x2", "y")], L)
    rng = np.random.default_rng(3)
    for _ in range(3):
        params = seednet.random_params(rng)
        x1, x2, y = rng.normal(), rng.normal(), 1.0
        expected = seednet.loss(params, x1, x2, y)
        assert f(*params.values(), x1, x2, y) == pytest.approx(expected, rel=1e-13)


def test_seed_network_gradients_are_sp_diff_and_lambdify_subset():
    grads = symbolic.seed_network_gradients()
    assert list(grads) == list(seednet.PARAM_NAMES)
    S = symbolic.seed_network_symbols()
    # L depends on w31 only through z3: ∂L/∂w31 = ∂L/∂b3 · x1
    assert sp.expand(grads["w31"] - grads["b3"] * S["x1"]) == 0
    only_b6 = symbolic.lambdify_gradients({"b6": grads["b6"]})
    params = seednet.random_params(5)
    got = only_b6(params, 0.3, -0.4, 1.0)
    assert list(got) == ["b6"]
    by_hand = seednet.manual_backward(params, 0.3, -0.4, 1.0)
    assert got["b6"] == pytest.approx(by_hand["b6"], rel=1e-12)
    with pytest.raises(ValueError, match="w31"):
        only_b6({k: v for k, v in params.items() if k != "w31"}, 0.3, -0.4, 1.0)


def test_expression_sizes_counts_a_hand_counted_example():
    x, y = sp.symbols("x y")
    e = sp.exp(x * y) * (sp.exp(x * y) + 1)
    # as a tree: *, exp, *, +, exp, * = 6 operations;
    # with x0 = exp(x*y): exp, * and then x0*(x0 + 1): *, + = 4 operations
    assert symbolic.expression_sizes({"e": e}) == {"e": (6, 4)}


def test_cse_makes_every_seed_gradient_smaller():
    sizes = symbolic.expression_sizes()
    assert list(sizes) == list(seednet.PARAM_NAMES)
    for name, size in sizes.items():
        assert size.cse_ops < size.expanded_ops / 3, (name, size)
    # gradients deeper in the network (w31) swell more than those at the output (w61)
    assert sizes["w31"].expanded_ops > sizes["w61"].expanded_ops
    total = symbolic.total_expression_size()
    assert total.expanded_ops == sum(s.expanded_ops for s in sizes.values())
    assert total.cse_ops < sum(s.cse_ops for s in sizes.values()) / 2  # shared across parameters
    assert total.expanded_ops > 10 * total.cse_ops
