"""The neuron widget of notebook 01, driven without a browser."""

import math

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402

from bplib.widgets import neuron_explorer  # noqa: E402
from bplib.widgets.neuron import boundary, neuron_output  # noqa: E402


def sigmoid(z):
    return 1.0 / (1.0 + math.exp(-z))


def test_default_state_matches_the_formula():
    app = neuron_explorer(w1=1.0, w2=2.0, b=-1.0, activation="sigmoid", probe=(1.0, 1.0))
    assert app.state["z_probe"] == pytest.approx(1.0 * 1 + 2.0 * 1 - 1.0)
    assert app.state["a_probe"] == pytest.approx(sigmoid(2.0))
    assert app.state["slope"] == pytest.approx(-0.5)
    assert app.state["intercept"] == pytest.approx(0.5)
    assert "0.8808" in app.readout.value and "x2 = -0.500·x1 +0.500" in app.readout.value


def test_moving_sliders_updates_state_readout_and_figure():
    app = neuron_explorer(probe=(0.5, -1.0))
    before = app.n_updates
    app.controls["w1"].value = -2.0
    app.controls["w2"].value = 1.5
    app.controls["b"].value = 0.3
    assert app.n_updates == before + 3
    z = -2.0 * 0.5 + 1.5 * -1.0 + 0.3
    assert app.state["z_probe"] == pytest.approx(z)
    assert app.state["a_probe"] == pytest.approx(sigmoid(z))
    assert app.state["slope"] == pytest.approx(2.0 / 1.5)
    assert app.state["intercept"] == pytest.approx(-0.3 / 1.5)
    assert f"{sigmoid(z):.4f}" in app.readout.value


@pytest.mark.parametrize("activation, f", [("tanh", math.tanh), ("relu", lambda z: max(z, 0.0))])
def test_activation_picker_changes_the_output(activation, f):
    app = neuron_explorer(w1=1.0, w2=1.0, b=-0.5, probe=(1.0, 0.0))
    app.controls["activation"].value = activation
    assert app.state["a_probe"] == pytest.approx(f(0.5))
    app.controls["b"].value = -2.0
    assert app.state["a_probe"] == pytest.approx(f(-1.0))
    assert f"{f(-1.0):.4f}" in app.readout.value


def test_vertical_and_missing_boundary():
    app = neuron_explorer(w1=2.0, w2=0.0, b=1.0)
    assert app.state["vertical_x1"] == pytest.approx(-0.5)
    assert "slope" not in app.state and "x1 = -0.500" in app.readout.value
    assert boundary(0.0, 0.0, 1.0)["kind"] == "none"


def test_outputs_agree_with_numpy_on_a_batch():
    X = np.random.default_rng(0).normal(size=(7, 2))
    z, a = neuron_output(X, 0.7, -1.3, 0.2, "tanh")
    np.testing.assert_allclose(z, 0.7 * X[:, 0] - 1.3 * X[:, 1] + 0.2)
    np.testing.assert_allclose(a, np.tanh(z))


def test_drawing_shows_heatmap_boundary_and_labels():
    app = neuron_explorer(w1=1.0, w2=-1.0, b=0.5, activation="relu")
    fig = plt.figure()
    app.draw(fig, app.values, app.state)
    ax = fig.axes[0]
    assert "relu" in ax.get_title() and ax.get_xlabel() == "$x_1$" and ax.get_ylabel() == "$x_2$"
    heat = ax.collections[0].get_array()
    assert heat.min() == 0.0 and heat.max() > 0.0  # ReLU: zero on one side of the line
    line = next(l for l in ax.get_lines() if l.get_label() == "boundary z = 0")
    x1, x2 = line.get_data()
    np.testing.assert_allclose(1.0 * x1 - 1.0 * x2 + 0.5, 0.0, atol=1e-12)
    assert {t.get_text() for t in ax.get_legend().get_texts()} >= {"boundary z = 0", "weight vector (w1, w2)"}
    plt.close(fig)


def test_unknown_activation_is_rejected():
    with pytest.raises(ValueError, match="activation"):
        neuron_explorer(activation="softplus")
