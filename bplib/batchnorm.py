"""Batch normalisation (Ioffe & Szegedy, 2015) as a forward/backward pair and a layer.

Training mode normalises each feature (column) with the statistics of the current batch, then
scales and shifts it with learnt parameters γ and β:

    μ = mean_n x[n],   σ² = mean_n (x[n] − μ)²          (per feature, biased variance)
    x̂ = (x − μ) / √(σ² + ε),   out = γ · x̂ + β

Because μ and σ² are computed from the whole batch, every output row depends on every input row,
and the backward pass must carry the gradient through μ and σ² as well as through x − μ directly.
Evaluation mode uses fixed running estimates of μ and σ² instead, so each row is treated on its
own and the layer is an affine map per feature.

Shapes: x and out (N, D); γ, β, μ, σ² (D,).
"""

from collections import namedtuple

import numpy as np

from ._validation import as_float_array, check_positive, check_probability
from .layers import Layer
from .parameter import Parameter

BatchNormCache = namedtuple("BatchNormCache", "x_hat gamma inv_std mean var training")


def _vector(func, name, value, d, dtype):
    arr = as_float_array(func, name, value, ndim=1, dtype=dtype)
    if arr.shape != (d,):
        raise ValueError(f"{func}: {name} must have shape ({d},), one entry per feature of x; got {arr.shape}")
    return arr


def batchnorm_forward(x, gamma, beta, eps=1e-5, *, training=True, running_mean=None, running_var=None):
    """Normalise each feature of x, then scale by gamma and shift by beta.

    Parameters
    ----------
    x : array (N, D)        a batch of N rows; in training mode N >= 2
    gamma, beta : arrays (D,)
    eps : float > 0         added to the variance before the square root
    training : bool         True: batch statistics; False: running_mean and running_var (required)
    running_mean, running_var : arrays (D,), used only when training is False

    Returns
    -------
    out : array (N, D), same floating dtype as x
    cache : BatchNormCache(x_hat, gamma, inv_std, mean, var, training); mean and var are the
            statistics that were used (the batch's in training mode), for updating running averages
    """
    func = "batchnorm_forward"
    x = as_float_array(func, "x", x, ndim=2)
    n, d = x.shape
    gamma = _vector(func, "gamma", gamma, d, x.dtype)
    beta = _vector(func, "beta", beta, d, x.dtype)
    check_positive(func, "eps", eps)
    if training:
        if n < 2:
            raise ValueError(f"{func}: x must have at least 2 rows in training mode (batch statistics); got shape {x.shape}")
        mean = x.mean(axis=0)
        var = x.var(axis=0)
    else:
        if running_mean is None or running_var is None:
            raise ValueError(f"{func}: running_mean and running_var are required when training is False; got None")
        mean = _vector(func, "running_mean", running_mean, d, x.dtype)
        var = _vector(func, "running_var", running_var, d, x.dtype)
        if np.any(var < 0):
            raise ValueError(f"{func}: running_var must be >= 0 in every entry; got minimum {var.min()!r}")
    inv_std = 1.0 / np.sqrt(var + x.dtype.type(eps))
    x_hat = (x - mean) * inv_std
    out = gamma * x_hat + beta
    return out, BatchNormCache(x_hat, gamma, inv_std, mean, var, bool(training))


def batchnorm_backward(dout, cache):
    """Gradients of batch normalisation.

    Parameters
    ----------
    dout : array (N, D)    dL/d(out)
    cache : BatchNormCache from :func:`batchnorm_forward`

    Returns
    -------
    dx : array (N, D)      dL/dx. In training mode μ and σ² depend on every row of x, so
                           dx = (γ/σ̂)·(dout − mean_n dout − x̂ · mean_n(dout·x̂)) with σ̂ = √(σ²+ε);
                           in evaluation mode μ, σ² are constants and dx = (γ/σ̂)·dout.
    dgamma : array (D,)    Σ_n dout[n]·x̂[n]
    dbeta : array (D,)     Σ_n dout[n]
    """
    func = "batchnorm_backward"
    if not isinstance(cache, BatchNormCache):
        raise TypeError(f"{func}: cache must be the BatchNormCache returned by batchnorm_forward; got {type(cache).__name__}")
    x_hat, gamma, inv_std, _, _, training = cache
    dout = as_float_array(func, "dout", dout, ndim=2, dtype=x_hat.dtype)
    if dout.shape != x_hat.shape:
        raise ValueError(f"{func}: dout must have shape {x_hat.shape} like the forward output; got {dout.shape}")
    dbeta = dout.sum(axis=0)
    dgamma = (dout * x_hat).sum(axis=0)
    scale = gamma * inv_std
    if training:
        n = x_hat.shape[0]
        dx = scale * (dout - dbeta / n - x_hat * (dgamma / n))
    else:
        dx = scale * dout
    return dx, dgamma, dbeta


class BatchNorm(Layer):
    """Batch normalisation over the D features of (N, D) inputs, with learnt γ (ones) and β (zeros).

    In training mode (the default) it normalises with the batch's statistics and updates running
    averages, like PyTorch's ``BatchNorm1d``:

        running_mean ← (1 − momentum)·running_mean + momentum·μ
        running_var  ← (1 − momentum)·running_var  + momentum·σ²·N/(N − 1)   (unbiased)

    After ``eval()`` it normalises with the running averages instead.
    """

    def __init__(self, n_features, *, momentum=0.1, eps=1e-5, dtype=np.float64):
        if not (isinstance(n_features, (int, np.integer)) and n_features > 0):
            raise ValueError(f"BatchNorm: n_features must be a positive integer; got {n_features!r}")
        self.n_features = int(n_features)
        self.momentum = check_probability("BatchNorm", "momentum", momentum)
        self.eps = check_positive("BatchNorm", "eps", eps)
        self.gamma = Parameter(np.ones(self.n_features, dtype=dtype), name="gamma")
        self.beta = Parameter(np.zeros(self.n_features, dtype=dtype), name="beta")
        self.running_mean = np.zeros(self.n_features, dtype=dtype)
        self.running_var = np.ones(self.n_features, dtype=dtype)
        self._cache = None

    def forward(self, x):
        out, self._cache = batchnorm_forward(
            x, self.gamma.data, self.beta.data, self.eps, training=self.training,
            running_mean=self.running_mean, running_var=self.running_var)
        if self.training:
            n, m = out.shape[0], self.momentum
            self.running_mean = (1 - m) * self.running_mean + m * self._cache.mean
            self.running_var = (1 - m) * self.running_var + m * self._cache.var * (n / (n - 1))
        return out

    def backward(self, dout):
        dx, dgamma, dbeta = batchnorm_backward(dout, self._cached())
        self.gamma.grad += dgamma
        self.beta.grad += dbeta
        return dx

    def parameters(self):
        return [self.gamma, self.beta]

    def __repr__(self):
        return f"BatchNorm({self.n_features})"
