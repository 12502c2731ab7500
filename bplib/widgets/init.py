"""The initialisation explorer of notebook 09: activations and gradients through a deep stack.

A stack of ``depth`` blocks ``Dense(width, width) → activation → [Dropout(p)]`` receives a batch of
standard-normal inputs. Its weights are drawn from a normal distribution with standard deviation

    xavier: scale · √(2 / (n_in + n_out))     he: scale · √(2 / n_in)     fixed: scale itself

(biases zero). The loss is L = (1/N) Σₙ rₙ · outₙ for a fixed random direction r, so the gradient
arriving at the output always has the same size and only the layers change it on its way back.
The widget shows histograms of each block's activations and of each layer's ∂L/∂W.
"""

import math

import ipywidgets as widgets
import numpy as np

from ..layers import Dense, Dropout, ReLU, Sigmoid, Tanh
from ..model import Sequential
from ._app import WidgetApp, slider

ACTIVATIONS = {"tanh": Tanh, "relu": ReLU, "sigmoid": Sigmoid}
INITS = ("xavier", "he", "fixed")


def weight_std(init, scale, n_in, n_out):
    """Standard deviation of the weights for ``init`` ∈ INITS (see the module docstring)."""
    if init == "xavier":
        return scale * math.sqrt(2.0 / (n_in + n_out))
    if init == "he":
        return scale * math.sqrt(2.0 / n_in)
    if init == "fixed":
        return float(scale)
    raise ValueError(f"init_explorer: init must be one of {INITS}; got {init!r}")


def build_stack(depth, activation="tanh", init="xavier", scale=1.0, dropout=0.0, width=50, seed=0):
    """The deep stack as a Sequential (weights normal with :func:`weight_std`, biases zero)."""
    gen = np.random.default_rng(seed)
    layers = []
    for _ in range(depth):
        dense = Dense(width, width, init="zeros")
        dense.W.data = gen.normal(0.0, weight_std(init, scale, width, width), size=(width, width))
        layers += [dense, ACTIVATIONS[activation]()]
        if dropout > 0:
            layers.append(Dropout(dropout, rng=gen))
    return Sequential(*layers)


def run_stack(depth=6, activation="tanh", init="xavier", scale=1.0, dropout=0.0, width=50, n=100, seed=0):
    """One forward and backward pass; returns (activations, weight_gradients), one array per block.

    activations[l] is the output of block l+1's activation (before dropout), shape (n, width);
    weight_gradients[l] is ∂L/∂W of dense layer l+1, shape (width, width).
    """
    gen = np.random.default_rng(seed + 1)
    X = gen.standard_normal((n, width))
    r = gen.standard_normal((n, width))
    model = build_stack(depth, activation, init, scale, dropout, width, seed).train()
    activations, h = [], X
    for layer in model.layers:
        h = layer.forward(h)
        if not isinstance(layer, (Dense, Dropout)):
            activations.append(h)
    for p in model.parameters():
        p.zero_grad()
    model.backward(r / n)
    grads = [layer.W.grad.copy() for layer in model.layers if isinstance(layer, Dense)]
    return activations, grads


def shown_layers(depth, most=5):
    """Indices of at most ``most`` layers, evenly spread, always including the first and the last."""
    return sorted(set(np.linspace(0, depth - 1, min(depth, most)).round().astype(int).tolist()))


def init_explorer(*, depth=6, activation="tanh", init="xavier", scale=1.0, dropout=0.0, width=50, seed=0):
    """The notebook-09 widget as a :class:`WidgetApp`."""
    cache = {}

    def compute(depth, activation, init, scale, dropout):
        acts, grads = run_stack(depth, activation, init, scale, dropout, width, seed=seed)
        cache.update(acts=acts, grads=grads)
        return {"act std first": float(acts[0].std()), "act std last": float(acts[-1].std()),
                "|dW| first": float(np.linalg.norm(grads[0])), "|dW| last": float(np.linalg.norm(grads[-1]))}

    def draw(fig, values, result):
        from ..plots import plot_histograms

        top, bottom = fig.subfigures(2, 1)
        shown = shown_layers(len(cache["acts"]))
        std = weight_std(values["init"], values["scale"], width, width)
        axes = list(plot_histograms({f"layer {i + 1}": cache["acts"][i] for i in shown}, bins=25, fig=top,
                                    xlabel="activation",
                                    title=f"Activations ({values['activation']}, weight std {std:.3g})"))
        axes += list(plot_histograms({f"layer {i + 1}": cache["grads"][i] for i in shown}, bins=25, fig=bottom,
                                     xlabel="∂L/∂W", title="Weight gradients"))
        for ax in axes:
            ax.locator_params(axis="x", nbins=3)
        for sub in (top, bottom):
            sub.subplots_adjust(left=0.06, right=0.98, bottom=0.2, top=0.72, wspace=0.3)

    controls = {
        "depth": widgets.IntSlider(value=depth, min=1, max=10, description="depth", continuous_update=False),
        "activation": widgets.Dropdown(options=tuple(ACTIVATIONS), value=activation, description="activation"),
        "init": widgets.Dropdown(options=INITS, value=init, description="init"),
        "scale": widgets.FloatLogSlider(value=scale, base=10, min=-2, max=1, step=0.05, description="scale",
                                        continuous_update=False),
        "dropout": slider("dropout p", dropout, 0.0, 0.8, 0.05),
    }
    return WidgetApp("Initialisation explorer", controls, compute, draw, figsize=(12, 5.2))
