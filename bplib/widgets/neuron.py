"""Widget of notebook 01: one neuron a = f(w₁x₁ + w₂x₂ + b) over the input plane.

Sliders for w₁, w₂, b and a picker for the activation f (sigmoid, tanh, ReLU) redraw the neuron's
output as a heat map over the square [−limit, limit]², with the decision boundary — the line where
z = w₁x₁ + w₂x₂ + b = 0 — and the weight vector (w₁, w₂), which is perpendicular to it.

The readout shows z and a at a fixed probe point and the boundary written as
x₂ = slope · x₁ + intercept (or x₁ = constant when w₂ = 0).
"""

import functools

import ipywidgets as widgets
import numpy as np

from ..activations import relu_forward, sigmoid_forward, tanh_forward
from ..dense import dense_forward
from ._app import WidgetApp, slider

ACTIVATIONS = {"sigmoid": sigmoid_forward, "tanh": tanh_forward, "relu": relu_forward}


def neuron_output(X, w1, w2, b, activation):
    """z = X @ [w₁, w₂]ᵀ + b and a = f(z) for points X (M, 2); both returned with shape (M,)."""
    W = np.array([[w1], [w2]], dtype=np.float64)
    z, _ = dense_forward(X, W, np.array([b], dtype=np.float64))
    a, _ = ACTIVATIONS[activation](z)
    return z[:, 0], a[:, 0]


def boundary(w1, w2, b):
    """The line w₁x₁ + w₂x₂ + b = 0 as a dict.

    kind "line": x₂ = slope·x₁ + intercept with slope = −w₁/w₂, intercept = −b/w₂ (w₂ ≠ 0);
    kind "vertical": x₁ = −b/w₁ (w₂ = 0, w₁ ≠ 0); kind "none": w = 0, no boundary.
    """
    if w2 != 0:
        return {"kind": "line", "slope": -w1 / w2, "intercept": -b / w2}
    if w1 != 0:
        return {"kind": "vertical", "x1": -b / w1}
    return {"kind": "none"}


def compute_neuron(w1, w2, b, activation, probe=(1.0, 1.0)):
    """Numbers for the readout: z and a at the probe point, and the boundary line."""
    z, a = neuron_output(np.array([probe], dtype=np.float64), w1, w2, b, activation)
    line = boundary(w1, w2, b)
    result = {"z_probe": float(z[0]), "a_probe": float(a[0])}
    if line["kind"] == "line":
        result.update(slope=float(line["slope"]), intercept=float(line["intercept"]))
    elif line["kind"] == "vertical":
        result["vertical_x1"] = float(line["x1"])
    result["boundary"] = describe_boundary(line)
    return result


def describe_boundary(line):
    """Human-readable equation of the boundary line."""
    if line["kind"] == "line":
        return f"x2 = {line['slope']:+.3f}·x1 {line['intercept']:+.3f}"
    if line["kind"] == "vertical":
        return f"x1 = {line['x1']:+.3f}"
    return "none (w1 = w2 = 0: the output is the same everywhere)"


def _readout(probe):
    def fmt(result):
        return (f"at probe x = ({probe[0]:g}, {probe[1]:g}):  z = {result['z_probe']:.4f}   "
                f"a = f(z) = {result['a_probe']:.4f}   boundary: {result['boundary']}")
    return fmt


def draw_neuron(fig, values, result, probe=(1.0, 1.0), limit=3.0, resolution=81):
    """Heat map of a = f(z) over [−limit, limit]², boundary line, weight vector and probe point."""
    ax = fig.add_subplot()
    grid = np.linspace(-limit, limit, resolution)
    xx, yy = np.meshgrid(grid, grid)
    _, a = neuron_output(np.column_stack([xx.ravel(), yy.ravel()]), values["w1"], values["w2"], values["b"],
                         values["activation"])
    mesh = ax.pcolormesh(xx, yy, a.reshape(xx.shape), cmap="RdBu_r", shading="gouraud")
    fig.colorbar(mesh, ax=ax, label=f"neuron output a = {values['activation']}(z)")
    line = boundary(values["w1"], values["w2"], values["b"])
    if line["kind"] == "line":
        ax.plot(grid, line["slope"] * grid + line["intercept"], "k-", lw=2, label="boundary z = 0")
    elif line["kind"] == "vertical":
        ax.axvline(line["x1"], color="k", lw=2, label="boundary z = 0")
    if values["w1"] != 0 or values["w2"] != 0:
        ax.annotate("", xy=(values["w1"], values["w2"]), xytext=(0, 0),
                    arrowprops={"arrowstyle": "->", "color": "gold", "lw": 2})
        ax.plot([], [], color="gold", lw=2, label="weight vector (w1, w2)")
    ax.plot(*probe, "o", color="white", markeredgecolor="k", label=f"probe, a = {result['a_probe']:.3f}")
    ax.set(xlim=(-limit, limit), ylim=(-limit, limit), aspect="equal", xlabel="$x_1$", ylabel="$x_2$",
           title=f"{values['activation']} neuron:  w = ({values['w1']:.2f}, {values['w2']:.2f}),  "
                 f"b = {values['b']:.2f}")
    ax.legend(loc="lower left", framealpha=0.8)


def neuron_explorer(*, w1=1.0, w2=2.0, b=-1.0, activation="sigmoid", probe=(1.0, 1.0), limit=3.0):
    """Build the neuron widget: sliders ``w1``, ``w2``, ``b`` in [−3, 3] and an ``activation`` Dropdown.

    Returns a :class:`WidgetApp`; ``app.state`` holds ``z_probe``, ``a_probe``, the boundary's
    ``slope``/``intercept`` (or ``vertical_x1``) and its equation as text.
    """
    if activation not in ACTIVATIONS:
        raise ValueError(f"neuron_explorer: activation must be one of {sorted(ACTIVATIONS)}; got {activation!r}")
    probe = (float(probe[0]), float(probe[1]))
    controls = {
        "w1": slider("w₁", w1, -3.0, 3.0, 0.1),
        "w2": slider("w₂", w2, -3.0, 3.0, 0.1),
        "b": slider("b", b, -3.0, 3.0, 0.1),
        "activation": widgets.Dropdown(options=list(ACTIVATIONS), value=activation, description="activation"),
    }
    return WidgetApp(
        "A neuron over the input plane: a = f(w₁x₁ + w₂x₂ + b)",
        controls,
        functools.partial(compute_neuron, probe=probe),
        functools.partial(draw_neuron, probe=probe, limit=limit),
        readout_format=_readout(probe),
        figsize=(5.6, 4.6),
    )
