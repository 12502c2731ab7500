"""Trainable parameters and the initialisers that create them."""

import math

import numpy as np

from ._validation import as_float_array, as_rng, check_float_dtype

INITIALISERS = ("he", "he_uniform", "xavier", "glorot_uniform", "xavier_normal", "normal", "uniform", "zeros")


class Parameter:
    """A trainable array and the gradient of the loss with respect to it.

    ``data`` is the parameter's own copy of the values given (so updating it never changes the
    caller's array, and nothing outside aliases it). ``grad`` has the same shape and dtype and
    accumulates: backward passes add to it, ``Optimizer.zero_grad()`` resets it.
    """

    def __init__(self, data, name=None):
        self.data = np.array(as_float_array("Parameter", "data", data), copy=True)
        self.grad = np.zeros_like(self.data)
        self.name = name

    @property
    def shape(self):
        return self.data.shape

    @property
    def dtype(self):
        return self.data.dtype

    @property
    def size(self):
        return self.data.size

    def zero_grad(self):
        self.grad = np.zeros_like(self.data)

    def __repr__(self):
        label = f"{self.name}, " if self.name else ""
        return f"Parameter({label}shape={self.data.shape}, dtype={self.data.dtype})"


def initialise(shape, method="he", rng=None, dtype=np.float64):
    """Initial weights of a dense layer, shape (n_in, n_out).

    he             normal, std √(2 / n_in)                 (He et al. 2015, for ReLU)
    he_uniform     uniform ±√(6 / n_in)
    xavier         uniform ±√(6 / (n_in + n_out))          (Glorot & Bengio 2010; Keras' default)
    glorot_uniform same as xavier
    xavier_normal  normal, std √(2 / (n_in + n_out))
    normal         normal, std 0.01
    uniform        uniform ±1 (micrograd's choice)
    zeros          all zeros (breaks symmetry-breaking: for teaching only)

    shape is a pair of positive integers; dtype is float64 or float32.
    """
    func = "initialise"
    if (not isinstance(shape, (tuple, list)) or len(shape) != 2
            or not all(isinstance(n, (int, np.integer)) and not isinstance(n, (bool, np.bool_)) and n >= 1
                       for n in shape)):
        raise ValueError(f"{func}: shape must be a pair (n_in, n_out) of positive integers; got {shape!r}")
    n_in, n_out = (int(n) for n in shape)
    shape = (n_in, n_out)
    if not isinstance(method, str) or method not in INITIALISERS:
        raise ValueError(f"{func}: method must be one of {INITIALISERS}; got {method!r}")
    dtype = check_float_dtype(func, "dtype", dtype)
    rng = as_rng(rng, func)
    if method == "he":
        w = rng.normal(0.0, math.sqrt(2.0 / n_in), size=shape)
    elif method == "he_uniform":
        w = rng.uniform(-1, 1, size=shape) * math.sqrt(6.0 / n_in)
    elif method in ("xavier", "glorot_uniform"):
        w = rng.uniform(-1, 1, size=shape) * math.sqrt(6.0 / (n_in + n_out))
    elif method == "xavier_normal":
        w = rng.normal(0.0, math.sqrt(2.0 / (n_in + n_out)), size=shape)
    elif method == "normal":
        w = rng.normal(0.0, 0.01, size=shape)
    elif method == "uniform":
        w = rng.uniform(-1, 1, size=shape)
    elif method == "zeros":
        w = np.zeros(shape)
    else:
        raise ValueError(f"initialise: method must be one of {INITIALISERS}; got {method!r}")
    return w.astype(dtype)
