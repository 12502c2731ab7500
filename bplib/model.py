"""Sequential: a network as a list of layers applied in order."""

import copy

import numpy as np

from ._validation import check_float_dtype
from .layers import Dense, Layer


class Sequential(Layer):
    """Chain layers: forward runs them first to last, backward last to first.

    >>> model = Sequential(Dense(2, 3, rng=0), Tanh(), Dense(3, 1, rng=1), Sigmoid())
    >>> out = model(X)                 # (N, 1)
    >>> dx = model.backward(dout)      # parameter gradients accumulate in each layer
    """

    def __init__(self, *layers):
        for i, layer in enumerate(layers):
            if not all(hasattr(layer, m) for m in ("forward", "backward", "parameters")):
                raise TypeError(f"Sequential: layer {i} ({layer!r}) has no forward/backward/parameters")
        self.layers = list(layers)

    def forward(self, x):
        for layer in self.layers:
            x = layer.forward(x)
        return x

    def backward(self, dout, need_dx=True):
        """Backpropagate dout = dL/d(output) through every layer; return dL/d(input).

        With ``need_dx=False`` the first dense layer skips computing dL/dx (nobody needs the
        gradient with respect to the data during training) and None is returned.
        """
        for i in range(len(self.layers) - 1, -1, -1):
            layer = self.layers[i]
            if i == 0 and not need_dx and isinstance(layer, Dense):
                return layer.backward(dout, need_dx=False)
            dout = layer.backward(dout)
        return dout

    def parameters(self):
        return [p for layer in self.layers for p in layer.parameters()]

    def named_parameters(self):
        """[(name, Parameter)] with names like '0.W' (layer index, then attribute)."""
        return [
            (f"{i}.{p.name}" if p.name else f"{i}.{j}", p)
            for i, layer in enumerate(self.layers)
            for j, p in enumerate(layer.parameters())
        ]

    def train(self):
        self.training = True
        for layer in self.layers:
            layer.train()
        return self

    def eval(self):
        self.training = False
        for layer in self.layers:
            layer.eval()
        return self

    def predict(self, x):
        """The network's output in evaluation mode (dropout off).

        Leaves the model as it was: its mode and what every layer remembered from the last
        ``forward`` (so ``forward(X); predict(X_other); backward(dout)`` still backpropagates
        through ``X``).
        """
        saved = _layer_states(self)
        try:
            self.eval()
            return self.forward(x)
        finally:
            for obj, state in saved:
                obj.__dict__.clear()
                obj.__dict__.update(state)

    def astype(self, dtype):
        """A deep copy whose parameters are cast to ``dtype`` (e.g. float64 for gradient checks)."""
        dtype = check_float_dtype("Sequential.astype", "dtype", dtype)
        clone = copy.deepcopy(self)
        for p in clone.parameters():
            p.data = p.data.astype(dtype)
            p.grad = np.zeros_like(p.data)
        return clone

    def n_parameters(self):
        return sum(p.size for p in self.parameters())

    def __len__(self):
        return len(self.layers)

    def __getitem__(self, i):
        return self.layers[i]

    def __iter__(self):
        return iter(self.layers)

    def __repr__(self):
        inner = ",\n  ".join(repr(layer) for layer in self.layers)
        return f"Sequential(\n  {inner}\n)  # {self.n_parameters()} parameters"


def _layer_states(layer):
    """[(object, copy of its attribute dict)] for a layer and, recursively, the layers inside it."""
    states = [(layer, dict(vars(layer)))] if hasattr(layer, "__dict__") else []
    for inner in getattr(layer, "layers", []):
        states.extend(_layer_states(inner))
    return states
