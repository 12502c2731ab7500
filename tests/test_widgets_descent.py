"""The gradient-descent widget of notebook 03, driven without a browser."""

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402

from bplib import numerical_gradient  # noqa: E402
from bplib.widgets import descent_explorer  # noqa: E402
from bplib.widgets.descent import descent_path, quadratic_grad, quadratic_loss  # noqa: E402


def closed_form_loss(lr, w1, w2, steps, lam=(1.0, 10.0)):
    """On a quadratic each coordinate is multiplied by (1 − η λ_i) per step."""
    v1 = (1 - lr * lam[0]) ** steps * w1
    v2 = (1 - lr * lam[1]) ** steps * w2
    return 0.5 * (lam[0] * v1**2 + lam[1] * v2**2)


def test_gradient_of_the_surface_is_right():
    w = np.array([1.3, -0.7])
    numeric = numerical_gradient(lambda v: quadratic_loss(v[0], v[1]), w)
    np.testing.assert_allclose(quadratic_grad(w), numeric, rtol=1e-8)


def test_default_state_matches_the_closed_form():
    app = descent_explorer(lr=0.05, w1=-4.5, w2=2.0, steps=30)
    assert app.state["start_loss"] == pytest.approx(0.5 * (4.5**2 + 10 * 2.0**2))
    assert app.state["final_loss"] == pytest.approx(closed_form_loss(0.05, -4.5, 2.0, 30), rel=1e-10)
    assert app.state["critical_lr"] == pytest.approx(0.2)
    assert app.state["diverged"] is False
    assert "did not diverge" in app.readout.value


def test_learning_rate_just_above_the_critical_value_diverges():
    app = descent_explorer()
    before = app.n_updates
    app.controls["lr"].value = 0.21
    assert app.n_updates == before + 1
    assert app.state["diverged"] is True and app.state["factor_2"] == pytest.approx(1.1)
    assert app.state["final_loss"] == pytest.approx(closed_form_loss(0.21, -4.5, 2.0, 30), rel=1e-10)
    assert "DIVERGED" in app.readout.value
    app.controls["lr"].value = 0.195
    assert app.state["diverged"] is False and app.state["final_loss"] < app.state["start_loss"]


def test_start_point_and_steps_sliders():
    app = descent_explorer()
    app.controls["w1"].value = 3.0
    app.controls["w2"].value = -1.0
    app.controls["steps"].value = 7
    assert app.state["steps"] == 7
    assert app.state["start_loss"] == pytest.approx(0.5 * (9.0 + 10.0))
    assert app.state["final_loss"] == pytest.approx(closed_form_loss(0.05, 3.0, -1.0, 7), rel=1e-10)
    assert f"{app.state['final_loss']:.4g} after 7 steps" in app.readout.value


def test_path_follows_the_update_rule():
    path = descent_path(0.1, (2.0, 1.0), 3)
    assert path.shape == (4, 2)
    np.testing.assert_allclose(path[1], [2.0 - 0.1 * 2.0, 1.0 - 0.1 * 10.0])
    np.testing.assert_allclose(path[3], [0.9**3 * 2.0, 0.0**3 * 1.0])


def test_drawing_shows_the_path_and_the_loss_curve():
    app = descent_explorer(lr=0.1, w1=2.0, w2=1.0, steps=5)
    fig = plt.figure()
    app.draw(fig, app.values, app.state)
    ax_path, ax_loss = fig.axes
    assert "η = 0.100" in ax_path.get_title() and ax_path.get_xlabel() == "$w_1$"
    drawn = next(line for line in ax_path.get_lines() if line.get_label() == "descent path")
    np.testing.assert_allclose(np.column_stack(drawn.get_data()), descent_path(0.1, (2.0, 1.0), 5))
    (curve,) = ax_loss.get_lines()
    np.testing.assert_allclose(curve.get_ydata()[-1], app.state["final_loss"], rtol=1e-12)
    assert ax_loss.get_yscale() == "log" and ax_loss.get_xlabel() == "step t"
    plt.close(fig)


def test_bad_curvature_is_rejected():
    with pytest.raises(ValueError, match="curvatures"):
        descent_explorer(curvatures=(1.0, 0.0))
