"""Optimizers: update rules that move parameters against their gradients.

All take a list of :class:`~bplib.parameter.Parameter` and implement ``step()`` (one update from
the current ``.grad``) and ``zero_grad()``. With weight decay λ the gradient used is g + λ·w
(L2 regularisation of λ/2·‖w‖² added to the loss), as in PyTorch.

SGD       v ← μ v + g;               w ← w − η v          (μ = 0: plain gradient descent)
RMSProp   s ← ρ s + (1 − ρ) g²;      w ← w − η g / (√s + ε)
Adam      m ← β₁ m + (1 − β₁) g;     v ← β₂ v + (1 − β₂) g²
          m̂ = m / (1 − β₁ᵗ);         v̂ = v / (1 − β₂ᵗ);    w ← w − η m̂ / (√v̂ + ε)
"""

import numpy as np

from ._validation import check_positive, check_probability, describe
from .parameter import Parameter


class Optimizer:
    """Base class: ``params`` (a list of Parameters, e.g. ``model.parameters()``), the learning
    rate ``lr`` (a finite number > 0) and ``weight_decay`` (a finite number >= 0)."""

    def __init__(self, params, lr, weight_decay=0.0):
        func = type(self).__name__
        hint = "; pass model.parameters()"
        if isinstance(params, Parameter) or not hasattr(params, "__iter__") or isinstance(params, (str, bytes)):
            raise TypeError(f"{func}: params must be a list of Parameters; got {describe(params)}{hint}")
        params = list(params)
        if not params:
            raise ValueError(f"{func}: params is empty{hint}")
        for i, p in enumerate(params):
            if not isinstance(p, Parameter):
                raise TypeError(f"{func}: params[{i}] must be a Parameter; got {type(p).__name__}{hint}")
        if len({id(p) for p in params}) != len(params):
            raise ValueError(f"{func}: params lists the same Parameter more than once (it would be updated "
                             "twice per step)")
        self.params = params
        self.lr = check_positive(func, "lr", lr)
        self.weight_decay = check_positive(func, "weight_decay", weight_decay, allow_zero=True)
        self.t = 0

    def zero_grad(self):
        for p in self.params:
            p.grad.fill(0)

    def _gradient(self, p):
        if self.weight_decay:
            return p.grad + self.weight_decay * p.data
        return p.grad

    def step(self):
        """One update of every parameter from its current ``.grad``."""
        for i, p in enumerate(self.params):
            if not isinstance(p.grad, np.ndarray) or p.grad.shape != p.data.shape:
                got = p.grad.shape if isinstance(p.grad, np.ndarray) else describe(p.grad)
                raise ValueError(f"{type(self).__name__}.step: params[{i}].grad must be an array of shape "
                                 f"{p.data.shape} like its data; got {got}")
        self.t += 1
        for i, p in enumerate(self.params):
            p.data -= self._update(i, p, self._gradient(p)).astype(p.data.dtype, copy=False)

    def __repr__(self):
        return f"{type(self).__name__}(lr={self.lr})"


class SGD(Optimizer):
    """Stochastic gradient descent with optional momentum μ and weight decay."""

    def __init__(self, params, lr, momentum=0.0, weight_decay=0.0):
        super().__init__(params, lr, weight_decay)
        self.momentum = check_probability("SGD", "momentum", momentum, what="a number")
        self.velocity = [np.zeros_like(p.data) for p in self.params]

    def _update(self, i, p, g):
        if not self.momentum:
            return self.lr * g
        v = self.velocity[i]
        v *= self.momentum
        v += g
        return self.lr * v


class RMSProp(Optimizer):
    """Divide each gradient by a running RMS of its recent magnitudes."""

    def __init__(self, params, lr=1e-3, rho=0.9, eps=1e-8, weight_decay=0.0):
        super().__init__(params, lr, weight_decay)
        self.rho = check_probability("RMSProp", "rho", rho, what="a number")
        self.eps = check_positive("RMSProp", "eps", eps)
        self.square_avg = [np.zeros_like(p.data) for p in self.params]

    def _update(self, i, p, g):
        s = self.square_avg[i]
        s *= self.rho
        s += (1.0 - self.rho) * g * g
        return self.lr * g / (np.sqrt(s) + self.eps)


class Adam(Optimizer):
    """Momentum (first moment) + RMSProp (second moment), both bias-corrected."""

    def __init__(self, params, lr=1e-3, beta1=0.9, beta2=0.999, eps=1e-8, weight_decay=0.0):
        super().__init__(params, lr, weight_decay)
        self.beta1 = check_probability("Adam", "beta1", beta1, what="a number")
        self.beta2 = check_probability("Adam", "beta2", beta2, what="a number")
        self.eps = check_positive("Adam", "eps", eps)
        self.m = [np.zeros_like(p.data) for p in self.params]
        self.v = [np.zeros_like(p.data) for p in self.params]
        self._scratch = [np.empty_like(p.data) for p in self.params]  # reused: no page faults per step

    def _update(self, i, p, g):
        m, v = self.m[i], self.v[i]
        # m ← β₁m + (1 − β₁)g written as g + β₁(m − g): the same value, no temporary array
        np.subtract(m, g, out=m)
        m *= self.beta1
        m += g
        g2 = np.square(g, out=self._scratch[i])
        np.subtract(v, g2, out=v)
        v *= self.beta2
        v += g2
        # lr·m̂/(√v̂ + ε) = (lr·s/c)·m/(√v + ε·s) with c = 1 − β₁ᵗ, s = √(1 − β₂ᵗ)
        s = np.sqrt(1.0 - self.beta2 ** self.t)
        update = np.sqrt(v, out=g2)
        update += self.eps * s
        np.divide(m, update, out=update)
        update *= self.lr * s / (1.0 - self.beta1 ** self.t)
        return update
