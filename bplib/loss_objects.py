"""Losses as objects: ``value = loss(pred, target)`` then ``dpred = loss.backward()``.

They wrap the functional losses of :mod:`bplib.losses` and remember the gradient of the last call,
so a training step reads like PyTorch::

    value = loss(model(X), y)
    model.backward(loss.backward())
"""

from . import losses


class Loss:
    """Base class. Subclasses set ``function`` to a functional loss (pred, target) -> (L, dpred)."""

    function = None
    #: how fit() turns predictions into class decisions for accuracy: "argmax", "threshold" or None
    decision = None

    def __init__(self):
        self._grad = None

    def __call__(self, pred, target):
        if type(self).function is None:
            raise TypeError(f"{type(self).__name__}: no loss function; use a subclass such as MSELoss(), or "
                            "set function in your subclass")
        value, self._grad = type(self).function(pred, target)
        return value

    forward = __call__

    def backward(self):
        """dL/dpred of the last call (a fresh copy each time)."""
        if self._grad is None:
            raise RuntimeError(f"{type(self).__name__}.backward called before the loss was computed")
        return self._grad.copy()

    def __repr__(self):
        return f"{type(self).__name__}()"


class MSELoss(Loss):
    """Mean squared error; pred and target of the same shape."""

    function = staticmethod(losses.mse_loss)


class BCELoss(Loss):
    """Binary cross-entropy of probabilities (e.g. after a Sigmoid layer) against 0/1 targets."""

    function = staticmethod(losses.binary_cross_entropy)
    decision = "threshold"


class BCEWithLogitsLoss(Loss):
    """Binary cross-entropy from logits (no Sigmoid layer needed); stable for any logit."""

    function = staticmethod(losses.sigmoid_binary_cross_entropy)
    decision = "logit-threshold"


class SoftmaxCrossEntropyLoss(Loss):
    """Softmax + cross-entropy of logits (N, C) against integer labels (N,)."""

    function = staticmethod(losses.softmax_cross_entropy)
    decision = "argmax"
