"""Named properties for questions graded by what a result does rather than by equality.

Training questions ("train this to a threshold") cannot be compared number-for-number with the
solution: the grader checks a property of the numbers the learner's code returns. Each property
is ``fn(values, params) -> Verdict`` where ``values`` is the list of the case's outputs (decoded
arrays) and ``params`` the parameters from ``Property(name, **params)``, those given as
``P_from_arg=k`` taken from the case's argument ``k`` (so hidden cases bring their own expected
answers). Properties run in the trusted grader and in the notebook self-check alike.
"""

import numpy as np

import bplib
from bpgrade.judging.compare import OK, Verdict, describe


def _array(value, label):
    if not isinstance(value, np.ndarray) or value.dtype.kind not in "biuf":
        raise _Fail("type", f"{label}: expected numbers, got {describe(value)}")
    if not np.all(np.isfinite(value)):
        raise _Fail("nan", f"{label}: contains NaN or inf")
    return value.astype(np.float64)


class _Fail(Exception):
    def __init__(self, category, message):
        super().__init__(message)
        self.verdict = Verdict(False, category, message)


def accuracy_at_least(values, params):
    """values[0]: predictions for N examples; params: labels (N,), min (0..1). Predictions are
    labels ``(N,)``; class scores ``(N, C)`` with C >= 2 (the largest score wins); or, for two
    classes, one value per example, ``(N,)`` or ``(N, 1)``: labels 0/1 or probabilities of class 1,
    which count as class 1 when above 0.5."""
    labels = np.asarray(params["labels"])
    pred = _predicted_labels(_array(values[0], "predictions"), labels)
    if pred.shape != labels.shape:
        raise _Fail("shape", f"predictions: expected shape {labels.shape}, got {pred.shape}")
    acc = float(np.mean(pred == labels))
    if acc + 1e-12 < params["min"]:
        return Verdict(False, "property", f"accuracy {acc:.1%} is below the required {params['min']:.1%}")
    return OK


def _predicted_labels(pred, labels):
    n = labels.shape[0] if labels.ndim == 1 else None
    if pred.ndim == 2 and pred.shape[0] == n and pred.shape[1] >= 2:
        return pred.argmax(axis=1)
    shape = pred.shape
    if shape == (n, 1):
        pred = pred[:, 0]
    if pred.shape != labels.shape or np.all(pred == np.round(pred)):
        return pred                       # labels (or a wrong shape, which the caller reports)
    if pred.min() < 0 or pred.max() > 1:
        raise _Fail("shape", f"predictions: one value per example, shape {shape}, with values outside "
                    f"[0, 1] are neither labels nor probabilities: return labels of shape ({n},), "
                    "e.g. (logits > 0).astype(int)")
    if not np.all(np.isin(labels, (0, 1))):
        raise _Fail("shape", f"predictions: probabilities (shape {shape}) need two classes 0 and 1; "
                    f"return labels of shape ({n},) or class scores of shape ({n}, C)")
    return (pred > 0.5).astype(np.int64)


def threshold_classifier(values, params):
    """values: (w, b) of one neuron; it must classify rows X of params as labels y, i.e.
    (X @ w + b > 0) == y for every row."""
    x, y = np.asarray(params["X"], dtype=np.float64), np.asarray(params["y"])
    if len(values) != 2:
        raise _Fail("structure", f"returned {len(values)} values, expected (w, b)")
    w = _array(values[0], "w")
    b = _array(values[1], "b")
    if w.shape != (x.shape[1],):
        raise _Fail("shape", f"w: expected shape ({x.shape[1]},), got {w.shape}")
    if b.shape not in ((), (1,)):
        raise _Fail("shape", f"b: expected a scalar, got shape {b.shape}")
    z = x @ w + b.reshape(())
    wrong = np.flatnonzero((z > 0) != y.astype(bool))
    if wrong.size:
        i = int(wrong[0])
        return Verdict(False, "property", f"input {x[i].tolist()} gives z = {z[i]:.4g}, so output "
                       f"{int(z[i] > 0)}; expected {int(y[i])} ({wrong.size} of {len(y)} rows wrong)")
    return OK


def loss_below(values, params):
    """values[0]: loss history (E,) or a final loss; its last entry must be <= params['max'];
    with ``decrease`` it must also be below ``decrease`` times the first entry."""
    losses = _array(values[0], "loss").ravel()
    if losses.size == 0:
        raise _Fail("shape", "loss history is empty")
    final = float(losses[-1])
    if final > params["max"]:
        return Verdict(False, "property", f"final loss {final:.4g} is above the required {params['max']:.4g}")
    if "decrease" in params and final > params["decrease"] * float(losses[0]):
        return Verdict(False, "property", f"loss fell from {losses[0]:.4g} only to {final:.4g}")
    return OK


def network_accuracy(values, params):
    """values[0]: a trained network's parameters, evaluated here (in the trusted grader) on inputs
    the learner's code never received. Two formats, chosen by ``params['standardise']``:

    * ``[(W1, b1), (W2, b2), ...]``: a list of dense layers, ``W_k (n_in, n_out)``, ``b_k (n_out,)``;
    * with ``standardise``: ``(mean (D,), scale (D,), layers)``: the network sees ``(X - mean) / scale``.

    Hidden layers use ``params['activation']`` (``tanh``, ``relu`` or ``sigmoid``); the last layer
    gives logits: one column (class 1 where the logit is positive) or one column per class (the
    largest wins). ``params``: ``X`` (M, D) and ``labels`` (M,) to evaluate on, ``min`` accuracy,
    ``max_width`` (widest layer allowed), ``outputs`` (1 or the number of classes)."""
    x = np.asarray(params["X"], dtype=np.float64)
    labels = np.asarray(params["labels"])
    layers, mean, scale = _unpack_network(values, params, x.shape[1])
    if mean is not None:
        x = (x - mean) / scale
    act = {"tanh": bplib.tanh_forward, "relu": bplib.relu_forward,
           "sigmoid": bplib.sigmoid_forward}[params.get("activation", "tanh")]
    with np.errstate(all="ignore"):
        for k, (W, b) in enumerate(layers):
            x, _ = bplib.dense_forward(x, W, b)
            if k < len(layers) - 1:
                x, _ = act(x)
    if not np.all(np.isfinite(x)):
        return Verdict(False, "nan", "the network's outputs contain NaN or inf on the grader's inputs")
    pred = (x[:, 0] > 0).astype(np.int64) if x.shape[1] == 1 else x.argmax(axis=1)
    acc = float(np.mean(pred == labels))
    if acc + 1e-12 < params["min"]:
        wrong = int(np.sum(pred != labels))
        return Verdict(False, "property", f"the trained network classifies {acc:.1%} of the grader's "
                       f"{len(labels)} evaluation inputs correctly ({wrong} wrong); required: "
                       f"{params['min']:.1%}")
    return OK


def _unpack_network(values, params, n_in):
    """(layers, mean, scale) from a returned network, every shape checked (clear messages)."""
    value = values[0] if len(values) == 1 else tuple(values)   # a returned tuple arrives unpacked
    mean = scale = None
    if params.get("standardise"):
        if not isinstance(value, (tuple, list)) or len(value) != 3:
            raise _Fail("type", "expected (mean, scale, layers): mean and scale of shape "
                        f"({n_in},) and a list of (W, b) pairs; got {describe(value)}")
        mean, scale, value = _array(value[0], "mean"), _array(value[1], "scale"), value[2]
        for name, arr in (("mean", mean), ("scale", scale)):
            if arr.shape != (n_in,):
                raise _Fail("shape", f"{name}: expected shape ({n_in},), got {arr.shape}")
        if np.any(scale <= 0):
            raise _Fail("shape", "scale: every entry must be positive (the network divides by it)")
    if not isinstance(value, (tuple, list)) or not value:
        raise _Fail("type", "expected the network's parameters: a list of (W, b) pairs, one per "
                    f"dense layer; got {describe(value)}")
    layers, width = [], n_in
    max_width = params.get("max_width", 1024)
    for k, pair in enumerate(value, start=1):
        if not isinstance(pair, (tuple, list)) or len(pair) != 2:
            raise _Fail("type", f"layer {k}: expected a pair (W, b), got {describe(pair)}")
        W, b = _array(pair[0], f"layer {k} W"), _array(pair[1], f"layer {k} b")
        if W.ndim != 2 or W.shape[0] != width:
            raise _Fail("shape", f"layer {k} W: expected shape ({width}, n_out), got {W.shape}"
                        + (" (each layer's W has as many rows as the previous layer has outputs)" if k > 1 else ""))
        if b.shape != (W.shape[1],):
            raise _Fail("shape", f"layer {k} b: expected shape ({W.shape[1]},), got {b.shape}")
        if W.shape[1] > max_width:
            raise _Fail("shape", f"layer {k}: {W.shape[1]} units; at most {max_width} are allowed")
        layers.append((W, b))
        width = W.shape[1]
    if width != params["outputs"]:
        raise _Fail("shape", f"the last layer gives {width} output(s) per example; expected "
                    f"{params['outputs']}")
    return layers, mean, scale


PROPERTIES = {
    "network_accuracy": network_accuracy,
    "accuracy_at_least": accuracy_at_least,
    "threshold_classifier": threshold_classifier,
    "loss_below": loss_below,
}


def check(name, values, params):
    """Apply property ``name``; any malformed value becomes a failing Verdict, never an error."""
    try:
        return PROPERTIES[name](values, params)
    except _Fail as fail:
        return fail.verdict
    except (ValueError, TypeError, IndexError, KeyError) as exc:
        return Verdict(False, "type", f"result not usable for this check ({exc.__class__.__name__}: {exc})")
