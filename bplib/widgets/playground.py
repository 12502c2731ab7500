"""The playground of notebook 07: train a small MLP on a 2-D toy set and watch what it learns.

Every change of a control retrains, from the same seeded start, a network

    Dense(2, h) → act → [Dropout] → Dense(h, h) → act → [Dropout] → Dense(h, C)

with softmax cross-entropy for a fixed number of full-batch steps, then shows the decision
boundary, the training-loss curve and the gradient norm ‖∂L/∂W‖ of each dense layer at every step.
Readout: final training loss, training accuracy, and the last step's gradient norm per layer.
"""

import ipywidgets as widgets
import numpy as np

from .. import datasets
from ..layers import Dense, Dropout, ReLU, Sigmoid, Tanh
from ..loss_objects import SoftmaxCrossEntropyLoss
from ..losses import softmax
from ..model import Sequential
from ..optim import SGD, Adam, RMSProp
from ._app import WidgetApp, slider

DATASETS = ("xor", "moons", "circles", "spirals")
ACTIVATIONS = {"tanh": Tanh, "relu": ReLU, "sigmoid": Sigmoid}
OPTIMIZERS = ("sgd", "momentum", "rmsprop", "adam")


def make_dataset(name, n=200, rng=0):
    """(X (n, 2), y (n,)) for one of DATASETS; 'xor' is n noisy points around the 4 XOR corners."""
    if name == "xor":
        corners, labels = datasets.xor(labels=True)
        gen = np.random.default_rng(rng)
        idx = np.arange(n) % 4
        X = 2.0 * corners[idx] - 1.0 + 0.25 * gen.standard_normal((n, 2))
        return X, labels[idx]
    if name == "moons":
        return datasets.moons(n, noise=0.15, rng=rng)
    if name == "circles":
        return datasets.circles(n, noise=0.08, rng=rng)
    if name == "spirals":
        return datasets.spirals(n, classes=2, noise=0.15, rng=rng)
    raise ValueError(f"playground: dataset must be one of {DATASETS}; got {name!r}")


def build_model(hidden, activation, dropout, n_classes, rng=0):
    """The playground's 2-hidden-layer MLP (He init for ReLU, Xavier otherwise)."""
    gen = np.random.default_rng(rng)
    act = ACTIVATIONS[activation]
    init = "he" if activation == "relu" else "xavier"
    layers = [Dense(2, hidden, init=init, rng=gen), act()]
    if dropout > 0:
        layers.append(Dropout(dropout, rng=gen))
    layers += [Dense(hidden, hidden, init=init, rng=gen), act()]
    if dropout > 0:
        layers.append(Dropout(dropout, rng=gen))
    layers.append(Dense(hidden, n_classes, init=init, rng=gen))
    return Sequential(*layers)


def make_optimizer(name, params, lr, l2):
    if name == "sgd":
        return SGD(params, lr=lr, weight_decay=l2)
    if name == "momentum":
        return SGD(params, lr=lr, momentum=0.9, weight_decay=l2)
    if name == "rmsprop":
        return RMSProp(params, lr=lr, weight_decay=l2)
    if name == "adam":
        return Adam(params, lr=lr, weight_decay=l2)
    raise ValueError(f"playground: optimizer must be one of {OPTIMIZERS}; got {name!r}")


def train(dataset="moons", hidden=8, activation="tanh", optimizer="adam", lr=0.03, l2=0.0, dropout=0.0,
          steps=150, seed=0):
    """Train the playground model; returns (model, X, y, losses (steps,), grad_norms (steps, 3)).

    losses[t] is the training loss before update t+1 (with dropout active); grad_norms[t, k] is the
    Frobenius norm of ∂L/∂W of dense layer k at that step (without the weight-decay term).
    """
    X, y = make_dataset(dataset, rng=seed)
    n_classes = int(y.max()) + 1
    model = build_model(hidden, activation, dropout, n_classes, rng=seed)
    dense = [layer for layer in model.layers if isinstance(layer, Dense)]
    opt = make_optimizer(optimizer, model.parameters(), lr, l2)
    loss = SoftmaxCrossEntropyLoss()
    losses, norms = np.empty(steps), np.empty((steps, len(dense)))
    model.train()
    for t in range(steps):
        losses[t] = loss(model.forward(X), y)
        opt.zero_grad()
        model.backward(loss.backward(), need_dx=False)
        norms[t] = [np.linalg.norm(layer.W.grad) for layer in dense]
        opt.step()
    return model, X, y, losses, norms


def playground(*, dataset="moons", hidden=8, activation="tanh", optimizer="adam", lr=0.03, l2=0.0, dropout=0.0,
               steps=150, seed=0, grid=50):
    """The notebook-07 playground as a :class:`WidgetApp` (``steps`` full-batch steps per redraw)."""
    cache = {}

    def compute(dataset, hidden, activation, optimizer, lr, l2, dropout):
        model, X, y, losses, norms = train(dataset, hidden, activation, optimizer, lr, l2, dropout, steps, seed)
        logits = model.predict(X)
        final_loss, _ = SoftmaxCrossEntropyLoss.function(logits, y)
        cache.update(model=model, X=X, y=y, losses=losses, norms=norms)
        result = {"final loss": float(final_loss), "accuracy": float(np.mean(logits.argmax(1) == y))}
        for k, g in enumerate(norms[-1]):
            result[f"|dW{k + 1}|"] = float(g)
        return result

    def draw(fig, values, result):
        from ..plots import plot_decision_boundary, plot_loss_curves

        model, X, y = cache["model"], cache["X"], cache["y"]
        fig.set_layout_engine("constrained")
        ax1, ax2, ax3 = fig.subplots(1, 3)
        binary = int(y.max()) == 1
        predict = (lambda P: softmax(model.predict(P))[:, 1:2]) if binary else model.predict
        plot_decision_boundary(predict, X, y, ax=ax1, resolution=grid, colorbar=False,
                               title=f"{values['dataset']}: accuracy {result['accuracy']:.0%}")
        plot_loss_curves(cache["losses"], ax=ax2, title="Training loss", ylabel="cross-entropy (nats)")
        ax2.set_xlabel("step")
        for k in range(cache["norms"].shape[1]):
            ax3.plot(np.arange(1, steps + 1), cache["norms"][:, k], label=f"layer {k + 1}")
        ax3.set_yscale("log")
        ax3.legend()
        ax3.set(title="Gradient norm per layer", xlabel="step", ylabel="‖∂L/∂W‖ (Frobenius)")

    controls = {
        "dataset": widgets.Dropdown(options=DATASETS, value=dataset, description="dataset"),
        "hidden": widgets.IntSlider(value=hidden, min=1, max=32, description="hidden units",
                                    continuous_update=False, style={"description_width": "initial"}),
        "activation": widgets.Dropdown(options=tuple(ACTIVATIONS), value=activation, description="activation"),
        "optimizer": widgets.Dropdown(options=OPTIMIZERS, value=optimizer, description="optimizer"),
        "lr": widgets.FloatLogSlider(value=lr, base=10, min=-4, max=0, step=0.1, description="learning rate",
                                     continuous_update=False, style={"description_width": "initial"}),
        "l2": slider("L2 λ", l2, 0.0, 0.1, 0.005, readout_format=".3f"),
        "dropout": slider("dropout p", dropout, 0.0, 0.8, 0.05),
    }
    return WidgetApp("Playground: train a small MLP", controls, compute, draw, figsize=(12, 3.6))
