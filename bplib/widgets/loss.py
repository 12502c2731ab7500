"""Widget of notebook 02: a prediction p, a target y, and what each loss makes of them.

For one example the two losses and their derivatives with respect to the prediction p are

    MSE:  L = (p − y)²                          dL/dp = 2 (p − y)
    BCE:  L = −[y log p + (1 − y) log(1 − p)]   dL/dp = (p − y) / (p (1 − p))

and, when p = σ(z) comes out of a sigmoid, the chain rule dL/dz = dL/dp · p (1 − p) gives

    MSE:  dL/dz = 2 (p − y) p (1 − p)   (vanishes when the sigmoid saturates)
    BCE:  dL/dz = p − y                 (does not)

Sliders move p and y; the figure shows both loss curves and both gradient curves over p with the
current point marked, and the readout gives all the numbers (computed with bplib's losses).
"""

import numpy as np

from ..losses import binary_cross_entropy, mse_loss
from ._app import WidgetApp, slider


def losses_at(p, y):
    """MSE, BCE and their derivatives dL/dp and dL/dz (p = σ(z)) for one prediction p and target y."""
    P, Y = np.array([float(p)]), np.array([float(y)])
    mse, dmse = mse_loss(P, Y)
    bce, dbce = binary_cross_entropy(P, Y)
    slope = p * (1.0 - p)  # σ'(z) written with p = σ(z)
    return {
        "p": float(p), "y": float(y),
        "mse": mse, "dmse_dp": float(dmse[0]), "bce": bce, "dbce_dp": float(dbce[0]),
        "dmse_dz": float(dmse[0]) * slope, "dbce_dz": float(dbce[0]) * slope,
    }


def _readout(result):
    return (f"p = {result['p']:.2f}, y = {result['y']:.2f}   |   "
            f"MSE = {result['mse']:.4f}, dMSE/dp = {result['dmse_dp']:+.4f}   |   "
            f"BCE = {result['bce']:.4f}, dBCE/dp = {result['dbce_dp']:+.4f}   |   "
            f"through a sigmoid: dMSE/dz = {result['dmse_dz']:+.4f}, dBCE/dz = {result['dbce_dz']:+.4f}")


def loss_curves(y, p_grid):
    """MSE, BCE and their p-derivatives over a grid of predictions (each an array like p_grid)."""
    bce = -(y * np.log(p_grid) + (1.0 - y) * np.log1p(-p_grid))
    return {"mse": (p_grid - y) ** 2, "bce": bce,
            "dmse_dp": 2.0 * (p_grid - y), "dbce_dp": (p_grid - y) / (p_grid * (1.0 - p_grid))}


def draw_losses(fig, values, result, loss_max=5.0, grad_max=10.0):
    """Left: both losses against p; right: both dL/dp against p; the current p marked on each curve."""
    p_grid = np.linspace(0.005, 0.995, 199)
    curves = loss_curves(values["y"], p_grid)
    ax_loss, ax_grad = fig.subplots(1, 2)
    for key, label, color in (("mse", "MSE", "tab:blue"), ("bce", "BCE", "tab:red")):
        ax_loss.plot(p_grid, curves[key], color=color, label=label)
        ax_loss.plot(result["p"], result[key], "o", color=color, markeredgecolor="k")
        ax_grad.plot(p_grid, curves[f"d{key}_dp"], color=color, label=f"d{label}/dp")
        ax_grad.plot(result["p"], result[f"d{key}_dp"], "o", color=color, markeredgecolor="k")
    ax_grad.axhline(0.0, color="gray", lw=0.5)
    ax_loss.set(ylim=(0.0, loss_max), title=f"Loss for target y = {values['y']:.2f}",
                xlabel="prediction p", ylabel="loss L")
    ax_grad.set(ylim=(-grad_max, grad_max), title="Gradient dL/dp", xlabel="prediction p", ylabel="dL/dp")
    for ax in (ax_loss, ax_grad):
        ax.axvline(result["p"], color="gray", lw=0.8, ls=":")
        ax.legend(loc="best")
    fig.subplots_adjust(left=0.08, right=0.98, bottom=0.15, top=0.9, wspace=0.3)


def loss_explorer(*, p=0.2, y=1.0):
    """Build the loss widget: sliders ``p`` (prediction, 0.01..0.99) and ``y`` (target, 0..1).

    Returns a :class:`WidgetApp` whose ``state`` holds ``mse``, ``dmse_dp``, ``bce``, ``dbce_dp``,
    ``dmse_dz`` and ``dbce_dz`` (see :func:`losses_at`).
    """
    if not 0.0 < p < 1.0 or not 0.0 <= y <= 1.0:
        raise ValueError(f"loss_explorer: need 0 < p < 1 and 0 <= y <= 1; got p={p!r}, y={y!r}")
    controls = {
        "p": slider("prediction p", p, 0.01, 0.99, 0.01),
        "y": slider("target y", y, 0.0, 1.0, 0.05),
    }
    return WidgetApp("Two losses of one prediction: MSE and binary cross-entropy", controls, losses_at,
                     draw_losses, readout_format=_readout, figsize=(8.0, 3.4))
