"""Widget of notebook 03: gradient descent on an elongated quadratic bowl.

The loss surface is L(w) = ½ (λ₁ w₁² + λ₂ w₂²), with gradient ∇L = (λ₁ w₁, λ₂ w₂). One step of
gradient descent, w ← w − η ∇L(w), multiplies each coordinate by its own factor:

    w_i ← (1 − η λ_i) w_i,

so the iteration converges for 0 < η < 2 / λ_max and diverges (along the steep axis) above it.
Sliders set the learning rate η, the start point and the number of steps; the figure draws the
path on the contour plot and the loss per step, and the readout gives the final loss, the
contraction factors |1 − η λ_i| and whether the run diverged.
"""

import functools

import ipywidgets as widgets
import numpy as np

from ..plots import plot_contour
from ._app import WidgetApp, slider


def quadratic_loss(w1, w2, curvatures=(1.0, 10.0)):
    """L = ½ (λ₁ w₁² + λ₂ w₂²) for scalars or same-shape arrays w1, w2."""
    lam1, lam2 = curvatures
    return 0.5 * (lam1 * np.square(w1) + lam2 * np.square(w2))


def quadratic_grad(w, curvatures=(1.0, 10.0)):
    """∇L = (λ₁ w₁, λ₂ w₂) for a point w of shape (2,)."""
    return np.asarray(curvatures, dtype=np.float64) * w


def descent_path(lr, start, steps, curvatures=(1.0, 10.0)):
    """Points w₀, w₁, …, w_steps of gradient descent, shape (steps + 1, 2); w_{t+1} = w_t − η ∇L(w_t)."""
    path = np.empty((steps + 1, 2))
    path[0] = start
    with np.errstate(over="ignore", invalid="ignore"):  # a divergent run may overflow to inf: allowed
        for t in range(steps):
            path[t + 1] = path[t] - lr * quadratic_grad(path[t], curvatures)
    return path


def compute_descent(lr, w1, w2, steps, curvatures=(1.0, 10.0)):
    """Run the descent and summarise it: start and final loss, contraction factors, divergence."""
    path = descent_path(lr, (w1, w2), steps, curvatures)
    with np.errstate(over="ignore", invalid="ignore"):
        losses = quadratic_loss(path[:, 0], path[:, 1], curvatures)
    start_loss, final_loss = float(losses[0]), float(losses[-1])
    return {
        "lr": float(lr), "steps": int(steps),
        "start_loss": start_loss, "final_loss": final_loss,
        "factor_1": abs(1.0 - lr * curvatures[0]), "factor_2": abs(1.0 - lr * curvatures[1]),
        "critical_lr": 2.0 / max(curvatures),
        "diverged": bool(not np.isfinite(final_loss) or final_loss > start_loss),
    }


def _readout(result):
    verdict = "DIVERGED (loss grew)" if result["diverged"] else "did not diverge"
    return (f"η = {result['lr']:.3f} (critical 2/λ_max = {result['critical_lr']:.3f}):  "
            f"loss {result['start_loss']:.4g} → {result['final_loss']:.4g} after {result['steps']} steps, "
            f"{verdict}   |   per-step factors |1 − ηλ₁| = {result['factor_1']:.3f}, "
            f"|1 − ηλ₂| = {result['factor_2']:.3f}")


def draw_descent(fig, values, result, curvatures=(1.0, 10.0), xlim=(-5.0, 5.0), ylim=(-3.0, 3.0)):
    """Left: the descent path on the loss contours; right: the loss per step (log scale)."""
    path = descent_path(values["lr"], (values["w1"], values["w2"]), values["steps"], curvatures)
    ax_path, ax_loss = fig.subplots(1, 2, gridspec_kw={"width_ratios": [1.5, 1]})
    plot_contour(functools.partial(quadratic_loss, curvatures=curvatures), xlim, ylim, ax=ax_path, levels=20,
                 path=path, resolution=60, colorbar=False,
                 title=f"Descent path, η = {values['lr']:.3f}, {values['steps']} steps")
    with np.errstate(over="ignore", invalid="ignore"):
        losses = quadratic_loss(path[:, 0], path[:, 1], curvatures)
    ax_loss.semilogy(np.arange(len(losses)), np.maximum(losses, 1e-300), "o-", ms=3, color="tab:orange",
                     label="diverged" if result["diverged"] else "loss")
    ax_loss.set(title="Loss per step", xlabel="step t", ylabel="loss L(w_t) (log scale)")
    ax_loss.legend(loc="best")
    fig.subplots_adjust(left=0.08, right=0.97, bottom=0.14, top=0.9, wspace=0.35)


def descent_explorer(*, lr=0.05, w1=-4.5, w2=2.0, steps=30, curvatures=(1.0, 10.0)):
    """Build the gradient-descent widget on L = ½ (λ₁ w₁² + λ₂ w₂²), by default λ = (1, 10).

    Controls: ``lr`` (η, 0.005..0.25, critical value 2/λ_max = 0.2 by default), start point
    ``w1`` in [−5, 5], ``w2`` in [−3, 3], and ``steps`` (1..100). ``app.state`` holds
    ``final_loss``, ``start_loss``, ``factor_1``, ``factor_2``, ``critical_lr`` and ``diverged``.
    """
    curvatures = (float(curvatures[0]), float(curvatures[1]))
    if min(curvatures) <= 0:
        raise ValueError(f"descent_explorer: curvatures must be positive; got {curvatures}")
    controls = {
        "lr": slider("learning rate η", lr, 0.005, 0.25, 0.005, readout_format=".3f"),
        "w1": slider("start w₁", w1, -5.0, 5.0, 0.1),
        "w2": slider("start w₂", w2, -3.0, 3.0, 0.1),
        "steps": widgets.IntSlider(value=steps, min=1, max=100, description="steps", continuous_update=False),
    }
    return WidgetApp(
        f"Gradient descent on L = ½({curvatures[0]:g}·w₁² + {curvatures[1]:g}·w₂²)",
        controls,
        functools.partial(compute_descent, curvatures=curvatures),
        functools.partial(draw_descent, curvatures=curvatures),
        readout_format=_readout,
        figsize=(9.0, 3.8),
    )
