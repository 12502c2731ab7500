"""The loss widget of notebook 02, driven without a browser."""

import math

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402

from bplib.widgets import loss_explorer  # noqa: E402
from bplib.widgets.loss import losses_at  # noqa: E402


def expected(p, y):
    return {
        "mse": (p - y) ** 2,
        "dmse_dp": 2 * (p - y),
        "bce": -(y * math.log(p) + (1 - y) * math.log(1 - p)),
        "dbce_dp": (p - y) / (p * (1 - p)),
        "dmse_dz": 2 * (p - y) * p * (1 - p),
        "dbce_dz": p - y,
    }


def test_default_state_matches_the_formulas():
    app = loss_explorer(p=0.2, y=1.0)
    for key, value in expected(0.2, 1.0).items():
        assert app.state[key] == pytest.approx(value, rel=1e-9), key
    assert "MSE = 0.6400" in app.readout.value and "dBCE/dp = -5.0000" in app.readout.value


@pytest.mark.parametrize("p, y", [(0.9, 0.0), (0.5, 0.25), (0.03, 1.0)])
def test_sliders_update_state_and_readout(p, y):
    app = loss_explorer(p=0.6, y=0.5)  # differs from every case, so each assignment is a change
    before = app.n_updates
    app.controls["p"].value = p
    app.controls["y"].value = y
    assert app.n_updates == before + 2
    want = expected(p, y)
    for key, value in want.items():
        assert app.state[key] == pytest.approx(value, rel=1e-9), key
    assert f"BCE = {want['bce']:.4f}" in app.readout.value
    assert f"dMSE/dp = {want['dmse_dp']:+.4f}" in app.readout.value


def test_gradients_agree_with_finite_differences():
    h = 1e-6
    for p, y in [(0.3, 1.0), (0.7, 0.2)]:
        r = losses_at(p, y)
        up, down = losses_at(p + h, y), losses_at(p - h, y)
        assert r["dmse_dp"] == pytest.approx((up["mse"] - down["mse"]) / (2 * h), rel=1e-6)
        assert r["dbce_dp"] == pytest.approx((up["bce"] - down["bce"]) / (2 * h), rel=1e-6)


def test_saturated_sigmoid_kills_the_mse_gradient_but_not_cross_entropy():
    r = losses_at(0.01, 1.0)  # confidently wrong
    assert abs(r["dmse_dz"]) < 0.02 and r["dbce_dz"] == pytest.approx(-0.99)


def test_drawing_marks_the_current_point_on_both_panels():
    app = loss_explorer(p=0.4, y=0.0)
    fig = plt.figure()
    app.draw(fig, app.values, app.state)
    ax_loss, ax_grad = fig.axes
    assert "y = 0.00" in ax_loss.get_title() and ax_loss.get_xlabel() == "prediction p"
    assert ax_grad.get_ylabel() == "dL/dp"
    marked = {tuple(np.round(np.ravel(line.get_data()), 6)) for line in ax_loss.get_lines()}
    assert (0.4, round(0.16, 6)) in marked and (0.4, round(-math.log(0.6), 6)) in marked
    grad_marks = {tuple(np.round(np.ravel(line.get_data()), 6)) for line in ax_grad.get_lines()}
    assert (0.4, 0.8) in grad_marks and (0.4, round(0.4 / 0.24, 6)) in grad_marks
    assert [t.get_text() for t in ax_loss.get_legend().get_texts()] == ["MSE", "BCE"]
    plt.close(fig)


def test_bad_defaults_are_rejected():
    with pytest.raises(ValueError, match="loss_explorer"):
        loss_explorer(p=1.0)
