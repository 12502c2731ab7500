"""The notebook-08 optimizer explorer, driven without a browser."""

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402

from bplib.widgets import optimizer_explorer  # noqa: E402
from bplib.widgets.optimizers import SURFACES, descend  # noqa: E402

LAM = np.array([1.0, 50.0])
W0 = np.array([-4.5, 1.5])


def bowl(w):
    return 0.5 * np.sum(LAM * w**2)


def test_surface_gradients_match_finite_differences():
    from bplib import numerical_gradient, rel_error

    for surf in SURFACES.values():
        for w in (surf.start, np.array([0.3, -0.7])):
            numeric = numerical_gradient(lambda u: surf.f(u[0], u[1]), w)
            assert rel_error(surf.grad(w), numeric) < 1e-8


def test_sgd_on_the_bowl_follows_the_closed_form():
    app = optimizer_explorer()
    app.controls["optimizer"].value = "sgd"
    app.controls["lr"].value = 0.03
    app.controls["steps"].value = 40
    w = (1 - 0.03 * LAM) ** 40 * W0
    assert app.state["final loss"] == pytest.approx(bowl(w), rel=1e-9)
    assert app.state["distance to minimum"] == pytest.approx(np.linalg.norm(w), rel=1e-9)
    assert f"final loss = {bowl(w):.4g}" in app.readout.value


def test_default_momentum_matches_the_update_rule():
    app = optimizer_explorer()
    w, v = W0.copy(), np.zeros(2)
    for _ in range(50):
        v = 0.9 * v + LAM * w
        w = w - 0.02 * v
    assert [app.state["w1"], app.state["w2"]] == pytest.approx(w, rel=1e-10)
    assert app.state["steps taken"] == 50


def test_adam_first_step_has_size_lr_in_every_coordinate():
    path = descend("quadratic", "adam", 0.1, 0.9, 1)
    assert np.abs(path[1] - path[0]) == pytest.approx([0.1, 0.1], rel=1e-6)


def test_divergence_stops_early_and_is_reported():
    app = optimizer_explorer(optimizer="sgd", lr=0.05, steps=300)
    assert app.state["steps taken"] < 300
    assert app.state["distance to minimum"] > 1e6


def test_controls_redraw_and_rosenbrock_minimum():
    app = optimizer_explorer()
    n = app.n_updates
    app.controls["surface"].value = "rosenbrock"
    app.controls["optimizer"].value = "adam"
    app.controls["lr"].value = 0.05
    app.controls["steps"].value = 300
    assert app.n_updates == n + 4
    rosen = SURFACES["rosenbrock"]
    assert rosen.loss(rosen.minimum) == 0.0
    assert app.state["distance to minimum"] < np.linalg.norm(rosen.start - rosen.minimum)
    fig = plt.figure()
    app.draw(fig, app.values, app.state)
    ax = fig.axes[0]
    assert "adam" in ax.get_title() and ax.get_xlabel() and ax.get_ylabel()
    path_line = [line for line in ax.lines if line.get_label() == "descent path"][0]
    assert len(path_line.get_xdata()) == 301
    plt.close(fig)
