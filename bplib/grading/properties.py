"""Named properties for questions graded by what a result does rather than by equality.

Training questions ("train this to a threshold") cannot be compared number-for-number with the
solution: the grader checks a property of the numbers the learner's code returns. Each property
is ``fn(values, params) -> Verdict`` where ``values`` is the list of the case's outputs (decoded
arrays) and ``params`` the JSON-able parameters from ``Property(name, **params)``. Properties run
in the trusted grader and in the notebook self-check alike.
"""

import numpy as np

from .compare import OK, Verdict, describe


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
    """values[0]: predicted labels (N,) or class scores (N, C); params: labels, min (0..1)."""
    labels = np.asarray(params["labels"])
    pred = _array(values[0], "predictions")
    if pred.ndim == 2 and pred.shape[0] == labels.shape[0]:
        pred = pred.argmax(axis=1)
    if pred.shape != labels.shape:
        raise _Fail("shape", f"predictions: expected shape {labels.shape}, got {pred.shape}")
    acc = float(np.mean(pred == labels))
    if acc + 1e-12 < params["min"]:
        return Verdict(False, "property", f"accuracy {acc:.1%} is below the required {params['min']:.1%}")
    return OK


def threshold_classifier(values, params):
    """values: (w, b) of one neuron; it must classify rows X of params as labels y, i.e.
    (X @ w + b > 0) == y for every row."""
    x, y = np.asarray(params["X"], dtype=np.float64), np.asarray(params["y"])
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


PROPERTIES = {
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
