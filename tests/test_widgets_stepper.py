"""Tests for the backprop stepper widget: its numbers against the scalar engine, the hand-written
backward pass of the seed network and the forward pass in plain floats; slider, readout, figure."""

import html

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import pytest  # noqa: E402

from bplib import seednet  # noqa: E402
from bplib.widgets import backprop_stepper  # noqa: E402
from bplib.widgets.stepper import BACKWARD, FORWARD  # noqa: E402

X1, X2, Y = 0.5, -1.0, 1.0


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


@pytest.fixture(scope="module")
def app():
    return backprop_stepper()


@pytest.fixture(scope="module")
def reference(app):
    """Independent numbers for the same parameters: float forward, engine and manual backward."""
    nodes = seednet.forward_values(app.params, X1, X2, Y)
    nodes["L"].backward()
    param_grads, node_grads = seednet.manual_backward(app.params, X1, X2, Y, return_node_grads=True)
    forward = seednet.forward(app.params, X1, X2, Y)
    forward["e"] = forward["y"] - forward["y_hat"]
    return {"forward": forward, "nodes": nodes,
            "manual": param_grads, "manual_nodes": node_grads}


def go_to(app, step):
    app.controls["step"].value = step
    return app.state


def test_default_parameters_are_the_seeded_random_ones(app):
    assert app.params == seednet.random_params(0)


def test_slider_covers_start_forward_and_backward(app):
    slider = app.controls["step"]
    assert (slider.min, slider.max) == (0, len(FORWARD) + len(BACKWARD)) == (0, 22)
    state = go_to(app, 0)
    assert state["phase"] == "start" and "x1 = 0.5" in app.readout_text(state)


@pytest.mark.parametrize("step", range(1, len(FORWARD) + 1))
def test_forward_steps_give_the_plain_float_forward_pass(app, reference, step):
    state = go_to(app, step)
    assert state["phase"] == "forward" and state["node"] == FORWARD[step - 1]
    assert state["value"] == pytest.approx(reference["forward"][state["node"]], rel=1e-14, abs=1e-15)


@pytest.mark.parametrize("k", range(len(BACKWARD)))
def test_backward_steps_sum_local_times_upstream_to_the_engine_gradient(app, reference, k):
    state = go_to(app, len(FORWARD) + 1 + k)
    node = BACKWARD[k]
    assert state["phase"] == "backward" and state["node"] == node
    engine_grad = reference["nodes"][node].grad
    assert state["grad"] == pytest.approx(engine_grad, rel=1e-13, abs=1e-17)
    if node == "L":
        assert state["n_terms"] == 0 and state["grad"] == 1.0
    else:
        chain = sum(state[f"local_{i}"] * state[f"upstream_{i}"] for i in range(1, state["n_terms"] + 1))
        assert chain == pytest.approx(engine_grad, rel=1e-12, abs=1e-17)
    if node in reference["manual_nodes"]:  # the hand-derived backward pass agrees too
        assert state["grad"] == pytest.approx(reference["manual_nodes"][node], rel=1e-10, abs=1e-15)


def test_reused_nodes_sum_over_all_their_consumers(app):
    consumers = {}
    for k, node in enumerate(BACKWARD):
        consumers[node] = [t[0] for t in go_to(app, len(FORWARD) + 1 + k)["terms"]]
    assert consumers["z3"] == ["s4", "s5", "s6"]
    assert consumers["z4"] == ["s5", "s6"]
    assert consumers["x2"] == ["s3", "s4"]
    assert consumers["z5"] == ["s6"] and consumers["e"] == ["L"]


def test_local_derivatives_are_the_textbook_ones(app, reference):
    p, f = app.params, reference["forward"]
    local = {}
    for k, node in enumerate(BACKWARD):
        for consumer, value, _ in go_to(app, len(FORWARD) + 1 + k)["terms"]:
            local[consumer, node] = value
    assert local["L", "e"] == pytest.approx(2 * (Y - f["y_hat"]))           # L = e²
    assert local["e", "y_hat"] == -1.0                                        # e = y − y′
    assert local["y_hat", "s6"] == pytest.approx(f["y_hat"] * (1 - f["y_hat"]))  # σ′ = σ(1 − σ)
    assert local["s5", "z4"] == pytest.approx(p["w52"])                       # s5 = … + w52 z4 + …
    assert local["s6", "z3"] == pytest.approx(p["w61"])
    assert local["s4", "x2"] == pytest.approx(p["w42"])


def test_parameter_gradients_at_the_weighted_sums_match_manual_backward(app, reference):
    seen = {}
    for k, node in enumerate(BACKWARD):
        seen.update(go_to(app, len(FORWARD) + 1 + k)["param_grads"])
    assert set(seen) == set(seednet.PARAM_NAMES)
    for name in seednet.PARAM_NAMES:
        assert seen[name] == pytest.approx(reference["manual"][name], rel=1e-10, abs=1e-15)


def test_moving_the_slider_updates_readout_and_figure(app, reference):
    go_to(app, 0)
    before, updates = app.readout.value, app.n_updates
    step = len(FORWARD) + 1 + BACKWARD.index("z4")
    state = go_to(app, step)
    assert app.n_updates == updates + 1 and app.readout.value != before
    text = app.readout_text(state)
    assert html.escape(text) in app.readout.value
    assert "∂L/∂z4 = " in text and f"= {reference['nodes']['z4'].grad:.4g}" in text
    fig = plt.figure()
    app.draw(fig, app.values, app.state)
    (ax,) = fig.axes
    assert "backward step: z4" in ax.get_title() and f"step {step} of 22" in ax.get_title()
    boxes = [t.get_text() for t in ax.texts]
    assert any(t.startswith("z4\n") and f"∂L: {reference['nodes']['z4'].grad:.3g}" in t for t in boxes)
    assert any(t.startswith("x1\n") and "∂L" not in t for t in boxes)  # x1's gradient comes later


def test_other_inputs_and_parameters_are_used(reference):
    params = seednet.random_params(7)
    custom = backprop_stepper(params=params, x1=-0.3, x2=2.0, y=0.0)
    state = go_to(custom, len(FORWARD))  # the last forward step: L
    assert state["node"] == "L"
    assert state["value"] == pytest.approx(seednet.loss(params, -0.3, 2.0, 0.0), rel=1e-14)
    state = go_to(custom, len(FORWARD) + len(BACKWARD))  # the last backward step: x1
    nodes = seednet.forward_values(params, -0.3, 2.0, 0.0)
    nodes["L"].backward()
    assert state["node"] == "x1" and state["grad"] == pytest.approx(nodes["x1"].grad, rel=1e-13)
    assert state["grad"] != pytest.approx(reference["nodes"]["x1"].grad)
