"""Layer objects: thin stateful wrappers around the functional forward/backward pairs.

A layer remembers what its forward pass needs for the backward pass (its *cache*) and, if it has
parameters, adds their gradients to ``Parameter.grad``. Contract::

    out = layer.forward(x)        # also layer(x)
    dx  = layer.backward(dout)    # dout = dL/d(out), dx = dL/dx; parameter grads accumulate
    layer.parameters()            # list of Parameter
    layer.train() / layer.eval()  # only Dropout behaves differently
"""

import numpy as np

from . import activations
from ._validation import as_float_array, as_rng, check_float_dtype, check_positive, check_probability
from .dense import dense_backward, dense_forward
from .dropout import dropout_backward, dropout_forward
from .parameter import Parameter, initialise


class Layer:
    """Base class: no parameters, identity train/eval switch."""

    training = True

    def __call__(self, x):
        return self.forward(x)

    def parameters(self):
        return []

    def train(self):
        self.training = True
        return self

    def eval(self):
        self.training = False
        return self

    def _cached(self):
        if getattr(self, "_cache", None) is None:
            raise RuntimeError(f"{type(self).__name__}.backward called before forward")
        return self._cache

    def __repr__(self):
        return f"{type(self).__name__}()"


class Dense(Layer):
    """Fully connected layer: out = x @ W + b, W (n_in, n_out), b (n_out,).

    ``init`` picks the weight initialiser (see :func:`bplib.parameter.initialise`); biases start
    at zero. ``rng`` (Generator or int seed) makes the initialisation reproducible. ``dtype`` is
    float64 or float32; inputs of the other floating dtype are cast to it, so the layer's output,
    its gradients and its parameters always keep ``dtype``.
    """

    def __init__(self, n_in, n_out, *, init="he", rng=None, dtype=np.float64):
        for name, value in (("n_in", n_in), ("n_out", n_out)):
            if isinstance(value, (bool, np.bool_)) or not isinstance(value, (int, np.integer)) or value < 1:
                raise ValueError(f"Dense: n_in and n_out must be positive integers; got {name}={value!r}")
        dtype = check_float_dtype("Dense", "dtype", dtype)
        self.n_in, self.n_out = int(n_in), int(n_out)
        self.W = Parameter(initialise((self.n_in, self.n_out), init, as_rng(rng, "Dense"), dtype), name="W")
        self.b = Parameter(np.zeros(self.n_out, dtype=dtype), name="b")
        self._cache = None

    def forward(self, x):
        x = as_float_array("Dense.forward", "x", x, dtype=self.W.dtype)
        out, self._cache = dense_forward(x, self.W.data, self.b.data)
        return out

    def backward(self, dout, need_dx=True):
        """Accumulate dW, db; return dx (or None when ``need_dx`` is False, saving one matmul)."""
        dout = as_float_array("Dense.backward", "dout", dout, dtype=self.W.dtype)
        dx, dW, db = dense_backward(dout, self._cached(), need_dx=need_dx)
        self.W.grad += dW
        self.b.grad += db
        return dx

    def parameters(self):
        return [self.W, self.b]

    def __repr__(self):
        return f"Dense({self.n_in} → {self.n_out})"


class _Activation(Layer):
    _forward = _backward = None

    def __init__(self):
        self._cache = None

    def forward(self, x):
        out, self._cache = type(self)._forward(x)
        return out

    def backward(self, dout):
        return type(self)._backward(dout, self._cached())


class Sigmoid(_Activation):
    """σ(x) = 1 / (1 + e^(−x)); dx = dout · σ(x)(1 − σ(x))."""

    _forward, _backward = activations.sigmoid_forward, activations.sigmoid_backward


class Tanh(_Activation):
    """tanh(x); dx = dout · (1 − tanh²(x))."""

    _forward, _backward = activations.tanh_forward, activations.tanh_backward


class ReLU(_Activation):
    """max(x, 0); dx = dout · [x > 0]."""

    _forward, _backward = activations.relu_forward, activations.relu_backward


class Dropout(Layer):
    """Inverted dropout with drop probability ``p``, active only in training mode."""

    def __init__(self, p, rng=None):
        self.p = check_probability("Dropout", "p", p)
        self.rng = as_rng(rng, "Dropout")
        self._cache = None
        self._ran = False

    def forward(self, x):
        out, self._cache = dropout_forward(x, self.p, rng=self.rng, training=self.training)
        self._ran = True
        return out

    def backward(self, dout):
        if not self._ran:
            raise RuntimeError("Dropout.backward called before forward")
        return dropout_backward(dout, self._cache)

    def __repr__(self):
        return f"Dropout(p={self.p})"


class GaussianNoise(Layer):
    """Adds N(0, std²) noise to its input in training mode (a regulariser); identity in eval.

    out = x + ε with ε independent of x, so dx = dout.
    """

    def __init__(self, std, rng=None):
        self.std = check_positive("GaussianNoise", "std", std, allow_zero=True)
        self.rng = as_rng(rng, "GaussianNoise")
        self._shape = None

    def forward(self, x):
        x = as_float_array("GaussianNoise", "x", x)
        self._shape = x.shape
        if not self.training or self.std == 0:
            return x.copy()
        return x + self.rng.normal(0.0, self.std, size=x.shape).astype(x.dtype, copy=False)

    def backward(self, dout):
        if self._shape is None:
            raise RuntimeError("GaussianNoise.backward called before forward")
        dout = as_float_array("GaussianNoise.backward", "dout", dout)
        if dout.shape != self._shape:
            raise ValueError(f"GaussianNoise.backward: dout must have shape {self._shape} like the forward "
                             f"output; got {dout.shape}")
        return dout.copy()

    def __repr__(self):
        return f"GaussianNoise(std={self.std})"
