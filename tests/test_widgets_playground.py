"""The notebook-07 playground, driven without a browser."""

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402

import bplib as bp  # noqa: E402
from bplib.widgets import playground  # noqa: E402
from bplib.widgets.playground import build_model, make_dataset, train  # noqa: E402


@pytest.fixture(scope="module")
def app():
    return playground()


def test_default_readout_is_the_trained_models_loss_and_accuracy(app):
    model, X, y, losses, norms = train(**app.current_values())
    logits = model.predict(X)
    loss, _ = bp.softmax_cross_entropy(logits, y)
    assert app.state["final loss"] == pytest.approx(loss, rel=1e-12)
    assert app.state["accuracy"] == pytest.approx(np.mean(logits.argmax(1) == y))
    assert [app.state[f"|dW{k}|"] for k in (1, 2, 3)] == pytest.approx(norms[-1], rel=1e-12)
    assert f"final loss = {app.state['final loss']:.4g}" in app.readout.value


def test_first_step_gradient_norm_matches_hand_computation():
    values = dict(dataset="circles", hidden=5, activation="relu", optimizer="sgd", lr=0.1, l2=0.0, dropout=0.0)
    _, X, y, losses, norms = train(**values, steps=1)
    net = build_model(5, "relu", 0.0, 2, rng=0)
    h2 = bp.Sequential(*net.layers[:4])(X)
    p = bp.softmax(net[4](h2))
    p[np.arange(len(y)), y] -= 1
    assert norms[0, 2] == pytest.approx(np.linalg.norm(h2.T @ p / len(y)), rel=1e-12)
    assert losses[0] == pytest.approx(bp.softmax_cross_entropy(net(X), y)[0], rel=1e-12)


def test_changing_controls_retrains_and_redraws(app):
    before_updates, before = app.n_updates, dict(app.state)
    app.controls["dataset"].value = "xor"
    app.controls["activation"].value = "sigmoid"
    app.controls["optimizer"].value = "sgd"
    app.controls["lr"].value = 0.01
    assert app.n_updates == before_updates + 4
    assert app.state != before
    # sigmoid + plain SGD with a small step stays on the plateau: outputs ½, loss ln 2
    assert app.state["final loss"] == pytest.approx(np.log(2), abs=0.02)
    assert app.state["final loss"] == pytest.approx(app.compute(**app.current_values())["final loss"], rel=1e-12)


def test_l2_and_dropout_change_the_result(app):
    app.controls["optimizer"].value = "adam"
    app.controls["activation"].value = "tanh"
    base = dict(app.state)
    app.controls["l2"].value = 0.05
    with_l2 = dict(app.state)
    app.controls["dropout"].value = 0.5
    assert with_l2["final loss"] != base["final loss"] and app.state["final loss"] != with_l2["final loss"]


def test_datasets_have_the_promised_shapes():
    for name in ("xor", "moons", "circles", "spirals"):
        X, y = make_dataset(name)
        assert X.shape == (200, 2) and y.shape == (200,) and set(np.unique(y)) == {0, 1}
    X, y = make_dataset("xor")
    quadrant_xor = (X[:, 0] > 0) != (X[:, 1] > 0)     # the clusters sit at (±1, ±1)
    assert np.mean((y == 1) == quadrant_xor) > 0.95
    with pytest.raises(ValueError, match="dataset"):
        make_dataset("rings")


def test_draw_produces_three_labelled_panels(app):
    fig = plt.figure()
    app.draw(fig, app.values, app.state)
    axes = fig.axes
    assert len(axes) == 3
    assert all(ax.get_title() and ax.get_xlabel() for ax in axes)
    assert axes[2].get_yscale() == "log" and len(axes[2].lines) == 3
    plt.close(fig)
