"""The notebook-09 initialisation explorer, driven without a browser."""

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402

from bplib.widgets import init_explorer  # noqa: E402
from bplib.widgets.init import build_stack, run_stack, shown_layers, weight_std  # noqa: E402


def test_weight_std_formulas():
    assert weight_std("xavier", 1.0, 50, 50) == pytest.approx(np.sqrt(2 / 100))
    assert weight_std("he", 2.0, 50, 30) == pytest.approx(2 * np.sqrt(2 / 50))
    assert weight_std("fixed", 0.3, 50, 50) == 0.3
    with pytest.raises(ValueError, match="init"):
        weight_std("lecun", 1.0, 5, 5)
    W = build_stack(1, init="he", width=400)[0].W.data
    assert W.std() == pytest.approx(np.sqrt(2 / 400), rel=0.02)


def test_readout_equals_a_hand_computed_two_layer_pass():
    app = init_explorer()
    app.controls["depth"].value = 2
    gen = np.random.default_rng(1)
    X, R = gen.standard_normal((100, 50)), gen.standard_normal((100, 50))
    stack = build_stack(2)
    W1, W2 = stack[0].W.data, stack[2].W.data
    H1 = np.tanh(X @ W1)
    H2 = np.tanh(H1 @ W2)
    dZ2 = R / 100 * (1 - H2**2)
    dW1 = X.T @ ((dZ2 @ W2.T) * (1 - H1**2))
    assert app.state["act std first"] == pytest.approx(H1.std(), rel=1e-12)
    assert app.state["act std last"] == pytest.approx(H2.std(), rel=1e-12)
    assert app.state["|dW| last"] == pytest.approx(np.linalg.norm(H1.T @ dZ2), rel=1e-12)
    assert app.state["|dW| first"] == pytest.approx(np.linalg.norm(dW1), rel=1e-12)
    assert f"act std first = {H1.std():.4g}" in app.readout.value


def test_scale_moves_the_signal_as_the_variance_rule_says():
    app = init_explorer(depth=3)
    app.controls["init"].value = "fixed"
    app.controls["scale"].value = 0.01
    factor = np.sqrt(50) * 0.01                       # tanh is linear for tiny inputs
    assert app.state["act std last"] == pytest.approx(factor**3, rel=0.2)
    app.controls["activation"].value = "relu"
    app.controls["init"].value = "he"
    app.controls["scale"].value = 1.0
    app.controls["depth"].value = 10
    acts, grads = run_stack(10, "relu", "he", 1.0)
    norms = [np.linalg.norm(g) for g in grads]
    assert max(norms) / min(norms) < 3                 # He keeps ReLU gradients level across depth
    assert app.state["|dW| first"] == pytest.approx(norms[0], rel=1e-12)


def test_dropout_changes_activations_and_redraws():
    app = init_explorer(activation="relu", init="he")
    n, before = app.n_updates, dict(app.state)
    app.controls["dropout"].value = 0.5
    assert app.n_updates == n + 1
    assert app.state["act std last"] > before["act std last"]   # survivors are scaled by 1/(1-p) = 2
    fig = plt.figure(figsize=app.figsize)
    app.draw(fig, app.values, app.state)
    titles = [ax.get_title() for ax in fig.axes]
    assert len(fig.axes) == 2 * len(shown_layers(6)) and titles[0].startswith("layer 1")
    assert all(ax.get_xlabel() for ax in fig.axes)
    plt.close(fig)


def test_shown_layers_include_first_and_last():
    assert shown_layers(1) == [0]
    assert shown_layers(3) == [0, 1, 2]
    layers = shown_layers(10)
    assert layers[0] == 0 and layers[-1] == 9 and len(layers) == 5
