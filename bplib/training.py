"""The training loop: mini-batches, shuffling, validation, a progress bar, and NaN guards."""

import numbers

import numpy as np

from ._validation import as_float_array, as_rng, check_type, describe
from .loss_objects import Loss, MSELoss
from .progress import ProgressBar


class TrainingDiverged(FloatingPointError):
    """The loss became NaN or infinite; the message says at which epoch, step and layer."""


def fit(model, X, y, *, loss, optimizer, epochs, batch_size=32, shuffle=True, rng=None,
        validation_data=None, progress=True):
    """Train ``model`` on (X, y) with mini-batch gradient descent.

    Parameters
    ----------
    model : Sequential (anything with forward, backward, parameters, train, predict)
    X : array (N, D);  y : targets with N rows (integer labels (N,) or values (N, K))
    loss : a Loss object, e.g. SoftmaxCrossEntropyLoss()
    optimizer : an Optimizer over model.parameters()
    epochs : passes over the data;  batch_size : rows per step (the last batch may be smaller)
    shuffle : reshuffle the rows every epoch with ``rng`` (Generator or int seed)
    validation_data : optional (X_val, y_val) evaluated after every epoch (in eval mode)
    progress : show a one-line progress bar

    Returns
    -------
    history : dict of per-epoch lists: "loss" (mean training loss over the epoch), "accuracy"
        (where a class decision is defined), and "val_loss"/"val_accuracy" with validation data.
        Accuracy is the fraction of correct decisions: one per row for class labels and single
        outputs, one per element for several binary outputs (as in :func:`evaluate`).

    Raises TrainingDiverged (a FloatingPointError) naming the epoch, step and first layer with
    non-finite values as soon as the loss stops being finite, or when an epoch ends with
    non-finite parameters (a last step that diverged).
    """
    func = "fit"
    X, y = _check_data(func, "X", X, "y", y)
    _check_model_and_loss(func, model, loss)
    if not (hasattr(optimizer, "step") and hasattr(optimizer, "zero_grad")):
        raise TypeError(f"fit: optimizer must be an optimizer such as Adam(model.parameters()); "
                        f"got {describe(optimizer)}")
    _check_optimizer_params(model, optimizer)
    for name, value in (("epochs", epochs), ("batch_size", batch_size)):
        if isinstance(value, bool) or not isinstance(value, numbers.Integral) or value < 1:
            raise ValueError(f"fit: {name} must be a positive integer; got {value!r}")
    if validation_data is not None:
        if not isinstance(validation_data, (tuple, list)) or len(validation_data) != 2:
            is_seq = isinstance(validation_data, (tuple, list))
            got = f"length {len(validation_data)}" if is_seq else describe(validation_data)
            raise ValueError(f"fit: validation_data must be a pair (X_val, y_val); got {got}")
        validation_data = _check_data(func, "X_val", validation_data[0], "y_val", validation_data[1])
    rng = as_rng(rng, func)
    decide = _decision_rule(loss, y)
    history = {"loss": []}
    if decide:
        history["accuracy"] = []
    if validation_data is not None:
        history["val_loss"] = []
        if decide:
            history["val_accuracy"] = []
    bar = ProgressBar(epochs) if progress else None
    model.train()
    n = X.shape[0]
    steps = -(-n // batch_size)
    every = max(1, epochs // 50)
    # Overflow shows up as a non-finite loss, which is reported below with its epoch, step and
    # layer, so NumPy's generic warnings would only repeat it less helpfully.
    with np.errstate(over="ignore", invalid="ignore"):
        for epoch in range(1, epochs + 1):
            order = rng.permutation(n) if shuffle else np.arange(n)
            total, correct, counted = 0.0, 0, 0
            for step in range(steps):
                idx = order[step * batch_size:(step + 1) * batch_size]
                xb, yb = X[idx], y[idx]
                pred = model.forward(xb)
                value = loss(pred, yb)
                if not np.isfinite(value):
                    raise TrainingDiverged(_diagnose(model, xb, value, epoch, epochs, step + 1, steps))
                optimizer.zero_grad()
                model.backward(loss.backward(), need_dx=False)
                optimizer.step()
                total += value * len(idx)
                if decide:
                    hits = decide(pred) == _labels(yb)
                    correct, counted = correct + int(np.sum(hits)), counted + hits.size
            bad = [name for name, p in _named(model) if not np.all(np.isfinite(p.data))]
            if bad:
                raise TrainingDiverged(
                    f"fit: the parameters became non-finite during epoch {epoch}/{epochs} (after step "
                    f"{steps}/{steps} at the latest): non-finite parameters: {', '.join(bad)}. "
                    "Usual causes: a learning rate that is too large, or unscaled inputs.")
            history["loss"].append(total / n)
            if decide:
                history["accuracy"].append(correct / counted)
            if validation_data is not None:
                _validate(model, loss, validation_data, decide, history)
            if bar and (epoch % every == 0 or epoch == epochs):
                bar.update(epoch, **{k: v[-1] for k, v in history.items()})
    if bar:
        bar.close()
    return history


def evaluate(model, X, y, loss):
    """(loss value, accuracy or None) of ``model`` on (X, y) in evaluation mode.

    X (N, D) with N >= 1; y with N rows; accuracy as in :func:`fit`.
    """
    X, y = _check_data("evaluate", "X", X, "y", y)
    _check_model_and_loss("evaluate", model, loss)
    pred = model.predict(X)
    value, _ = loss.function(pred, y)
    decide = _decision_rule(loss, y)
    return value, (float(np.mean(decide(pred) == _labels(y))) if decide else None)


def _check_model_and_loss(func, model, loss):
    missing = [m for m in ("forward", "backward", "parameters", "predict", "train") if not hasattr(model, m)]
    if missing:
        raise TypeError(f"{func}: model must be a network such as Sequential(...); got {describe(model)} "
                        f"(it has no {', '.join(missing)})")
    check_type(func, "loss", loss, Loss, "a loss object such as MSELoss()")


def _check_optimizer_params(model, optimizer):
    """An optimizer over parameters the model does not have would train nothing."""
    own = {id(p) for p in model.parameters()}
    for i, p in enumerate(getattr(optimizer, "params", [])):
        if id(p) not in own:
            raise ValueError(f"fit: optimizer.params[{i}] ({p!r}) is not a parameter of model; build the "
                             "optimizer from this model's parameters: optimizer = Adam(model.parameters())")


def _named(model):
    if hasattr(model, "named_parameters"):
        return model.named_parameters()
    return [(str(i), p) for i, p in enumerate(model.parameters())]


def _validate(model, loss, data, decide, history):
    pred = model.predict(data[0])
    value, _ = loss.function(pred, data[1])
    history["val_loss"].append(value)
    if decide:
        history["val_accuracy"].append(float(np.mean(decide(pred) == _labels(data[1]))))


def _check_data(func, x_name, X, y_name, y):
    X = as_float_array(func, x_name, X, ndim=2, nonempty=True)
    if y is None or isinstance(y, (str, bytes)):
        raise TypeError(f"{func}: {y_name} must be an array of targets; got {describe(y)}")
    y = np.asarray(y)
    if y.dtype.kind not in "biuf":
        raise TypeError(f"{func}: {y_name} must hold numbers (labels or targets); got dtype {y.dtype}")
    if y.shape[:1] != X.shape[:1]:
        raise ValueError(f"{func}: {y_name} must have one row per row of {x_name} ({X.shape[0]}); got shape {y.shape}")
    for name, a in ((x_name, X), (y_name, y)):
        if a.dtype.kind == "f" and not np.all(np.isfinite(a)):
            row = int(np.argwhere(~np.isfinite(a))[0, 0]) if a.ndim else 0
            raise ValueError(f"{func}: {name} contains NaN or inf (first in row {row}); clean the data first")
    return X, y


def _decision_rule(loss, y):
    """How to turn predictions into class labels for accuracy, or None when undefined."""
    rule = loss.decision
    if rule is None and isinstance(loss, MSELoss) and y.ndim == 2 and y.shape[1] == 1 and np.isin(y, (0, 1)).all():
        rule = "threshold"
    if rule == "argmax":
        return lambda pred: pred.argmax(axis=1)
    if rule == "threshold":
        return lambda pred: (pred > 0.5).astype(np.int64).reshape(-1) if pred.shape[-1] == 1 else (pred > 0.5)
    if rule == "logit-threshold":
        return lambda pred: (pred > 0).astype(np.int64).reshape(-1) if pred.shape[-1] == 1 else (pred > 0)
    return None


def _labels(y):
    return y.reshape(-1).astype(np.int64) if (y.ndim == 2 and y.shape[1] == 1) else y


def _diagnose(model, xb, value, epoch, epochs, step, steps):
    """Find where non-finite numbers first appear, for the error message."""
    where = []
    out = xb
    for i, layer in enumerate(getattr(model, "layers", [])):
        out = layer.forward(out)
        if not np.all(np.isfinite(out)):
            where.append(f"first non-finite values in the output of layer {i} ({layer!r})")
            break
    bad = [name for name, p in _named(model) if not np.all(np.isfinite(p.data))]
    if bad:
        where.append("non-finite parameters: " + ", ".join(bad))
    detail = "; ".join(where) if where else "the network output is finite, so the loss itself overflowed"
    return (f"fit: the loss became {value} at epoch {epoch}/{epochs}, step {step}/{steps}: {detail}. "
            "Usual causes: a learning rate that is too large, unscaled inputs, or a loss that takes "
            "the log of 0.")
