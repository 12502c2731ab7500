"""The optimizer explorer of notebook 08: an optimizer's path over a 2-D loss surface.

The point w = (w1, w2) is a single :class:`~bplib.parameter.Parameter`; at every step its gradient
is set by hand from the surface's formula and one of bplib's optimizers takes a step, exactly as it
would inside a network. Readout: the loss after the last step and the distance to the minimum.
"""

import ipywidgets as widgets
import numpy as np

from ..optim import SGD, Adam, RMSProp
from ..parameter import Parameter
from ._app import WidgetApp, slider

OPTIMIZERS = ("sgd", "momentum", "rmsprop", "adam")


class Surface:
    """A 2-D loss f(w1, w2) with its gradient, minimum, start point and plotting window."""

    def __init__(self, name, f, grad, minimum, start, xlim, ylim):
        self.name, self.f, self.grad = name, f, grad
        self.minimum, self.start = np.array(minimum, float), np.array(start, float)
        self.xlim, self.ylim = xlim, ylim

    def loss(self, w):
        return float(self.f(w[0], w[1]))


def _quadratic(a=1.0, b=50.0):
    """f = ½(a w1² + b w2²): an ill-conditioned bowl, condition number b/a, minimum at 0."""
    return Surface("quadratic", lambda x, y: 0.5 * (a * x * x + b * y * y),
                   lambda w: np.array([a * w[0], b * w[1]]), (0.0, 0.0), (-4.5, 1.5), (-5.0, 5.0), (-2.0, 2.0))


def _rosenbrock():
    """f = (1 − w1)² + 100 (w2 − w1²)²: a curved, flat-bottomed valley, minimum at (1, 1)."""
    return Surface("rosenbrock", lambda x, y: (1 - x) ** 2 + 100 * (y - x * x) ** 2,
                   lambda w: np.array([-2 * (1 - w[0]) - 400 * w[0] * (w[1] - w[0] ** 2), 200 * (w[1] - w[0] ** 2)]),
                   (1.0, 1.0), (-1.5, 2.0), (-2.0, 2.0), (-1.0, 3.0))


SURFACES = {"quadratic": _quadratic(), "rosenbrock": _rosenbrock()}


def make_optimizer(name, params, lr, beta):
    """bplib optimizer ``name``; ``beta`` is μ (momentum), ρ (rmsprop) or β₁ (adam), unused by sgd."""
    if name == "sgd":
        return SGD(params, lr=lr)
    if name == "momentum":
        return SGD(params, lr=lr, momentum=beta)
    if name == "rmsprop":
        return RMSProp(params, lr=lr, rho=beta)
    if name == "adam":
        return Adam(params, lr=lr, beta1=beta)
    raise ValueError(f"optimizer_explorer: optimizer must be one of {OPTIMIZERS}; got {name!r}")


def descend(surface, optimizer, lr, beta, steps):
    """Path (steps + 1, 2) of ``optimizer`` from the surface's start; stops early if it blows up."""
    surf = SURFACES[surface] if isinstance(surface, str) else surface
    w = Parameter(surf.start)
    opt = make_optimizer(optimizer, [w], lr, beta)
    path = [w.data.copy()]
    with np.errstate(over="ignore", invalid="ignore"):
        for _ in range(steps):
            opt.zero_grad()
            w.grad += surf.grad(w.data)
            opt.step()
            path.append(w.data.copy())
            if not np.all(np.isfinite(w.data)) or np.abs(w.data).max() > 1e6:
                break
    return np.array(path)


def optimizer_explorer(*, surface="quadratic", optimizer="momentum", lr=0.02, beta=0.9, steps=50):
    """The notebook-08 widget as a :class:`WidgetApp`."""

    def compute(surface, optimizer, lr, beta, steps):
        surf = SURFACES[surface]
        path = descend(surf, optimizer, lr, beta, steps)
        w = path[-1]
        with np.errstate(over="ignore", invalid="ignore"):
            return {"steps taken": len(path) - 1, "final loss": surf.loss(w),
                    "distance to minimum": float(np.linalg.norm(w - surf.minimum)),
                    "w1": float(w[0]), "w2": float(w[1])}

    def draw(fig, values, result):
        from ..plots import plot_contour

        surf = SURFACES[values["surface"]]
        path = descend(surf, values["optimizer"], values["lr"], values["beta"], values["steps"])
        fig.set_layout_engine("constrained")
        ax = fig.add_subplot()
        f = surf.f if surf.name == "quadratic" else (lambda x, y: surf.f(x, y) + 1e-3)
        plot_contour(f, surf.xlim, surf.ylim, ax=ax, path=path, resolution=120, log_levels=surf.name != "quadratic",
                     levels=25, title=f"{values['optimizer']}, η = {values['lr']:.3g}: "
                                      f"loss {result['final loss']:.3g} after {result['steps taken']} steps")
        ax.plot(*surf.minimum, "*", color="red", markersize=12, label="minimum")
        ax.legend(loc="best")

    controls = {
        "surface": widgets.Dropdown(options=tuple(SURFACES), value=surface, description="surface"),
        "optimizer": widgets.Dropdown(options=OPTIMIZERS, value=optimizer, description="optimizer"),
        "lr": widgets.FloatLogSlider(value=lr, base=10, min=-4, max=0, step=0.05, description="learning rate η",
                                     readout_format=".4f", continuous_update=False,
                                     style={"description_width": "initial"}),
        "beta": slider("μ / ρ / β₁", beta, 0.0, 0.99, 0.01),
        "steps": widgets.IntSlider(value=steps, min=1, max=300, description="steps", continuous_update=False),
    }
    return WidgetApp("Optimizer explorer", controls, compute, draw, figsize=(6.4, 4.2))
