"""The figures the notebooks reuse: training curves, decision boundaries, loss surfaces, digits.

Every function draws onto the axes (or figure) it is given, or a new modest-size one, sets a
title and axis labels, and returns what it drew on; none calls ``plt.show()``.
"""

from collections.abc import Mapping

import matplotlib.colors
import matplotlib.pyplot as plt
import numpy as np

from bplib._validation import as_float_array, check_labels, check_positive

CLASS_COLORS = plt.get_cmap("tab10").colors  # class k is drawn in CLASS_COLORS[k % 10]


def plot_loss_curves(history, ax=None, title="Loss per epoch", log=False, ylabel="loss"):
    """Training (and validation) loss against epoch 1..E.

    ``history`` is the dict returned by ``fit`` (keys ``loss`` and optionally ``val_loss``, each a
    list of E numbers) or a plain sequence of losses. ``log=True`` uses a logarithmic y axis.
    """
    if not isinstance(history, Mapping):
        history = {"loss": history}
    ax = _curves(history, "loss", "val_loss", ax, "plot_loss_curves")
    if log:
        ax.set_yscale("log")
    return _label(ax, title, "epoch", ylabel)


def plot_accuracy_curves(history, ax=None, title="Accuracy per epoch"):
    """Training (and validation) accuracy, as a fraction in [0, 1], against epoch 1..E."""
    ax = _curves(history, "accuracy", "val_accuracy", ax, "plot_accuracy_curves")
    return _label(ax, title, "epoch", "accuracy (fraction correct)")


def decision_grid(predict, X, resolution=200, padding=0.5):
    """Evaluate a classifier on a regular grid covering the data ``X`` (n, 2).

    ``predict`` maps points ``(m, 2)`` to class scores ``(m, C)`` (C >= 2: class = argmax), a
    probability column ``(m, 1)`` or vector ``(m,)`` of class 1 (class = p >= 0.5), or integer
    labels ``(m,)``. Returns ``(xx, yy, classes, proba)``: grids of shape (resolution, resolution),
    the predicted class at each grid point, and P(class 1) or ``None`` for multi-class scores.
    """
    X = as_float_array("decision_grid", "X", X, ndim=2)
    if X.shape[1] != 2:
        raise ValueError(f"decision_grid: X must have shape (n, 2); got {X.shape}")
    low, high = X.min(axis=0) - padding, X.max(axis=0) + padding
    xx, yy = np.meshgrid(np.linspace(low[0], high[0], resolution), np.linspace(low[1], high[1], resolution))
    out = np.asarray(predict(np.column_stack([xx.ravel(), yy.ravel()])))
    if out.ndim not in (1, 2) or out.shape[0] != xx.size:
        raise ValueError(f"decision_grid: predict must return ({xx.size}, C) or ({xx.size},) "
                         f"for {xx.size} points; got {out.shape}")
    if out.ndim == 2 and out.shape[1] >= 2:
        return xx, yy, out.argmax(axis=1).reshape(xx.shape), None
    if out.dtype.kind in "iub":
        return xx, yy, out.reshape(xx.shape).astype(np.int64), None
    proba = out.reshape(xx.shape).astype(np.float64)
    if np.nanmin(proba) < 0.0 or np.nanmax(proba) > 1.0:
        raise ValueError(
            "decision_grid: a single output column must be a probability in [0, 1]; got values from "
            f"{np.nanmin(proba):.3g} to {np.nanmax(proba):.3g} (apply a sigmoid to logits first)"
        )
    return xx, yy, (proba >= 0.5).astype(np.int64), proba


def plot_decision_boundary(predict, X, y, ax=None, resolution=200, padding=0.5, title="Decision boundary",
                           colorbar=True):
    """Shade the plane by ``predict``'s class and scatter the data ``X`` (n, 2) coloured by ``y`` (n,).

    With class scores the background shows the argmax class; with a probability output it shows
    P(class 1) on a blue-red colour map with the 0.5 contour drawn in black (see :func:`decision_grid`).
    """
    X = as_float_array("plot_decision_boundary", "X", X, ndim=2)
    y = _labels("plot_decision_boundary", "y", y, X.shape[0])
    xx, yy, classes, proba = decision_grid(predict, X, resolution, padding)
    ax = _axes(ax, (5, 4))
    if proba is None:
        n_classes = int(max(classes.max(), y.max(initial=0))) + 1
        cmap = matplotlib.colors.ListedColormap([CLASS_COLORS[k % 10] for k in range(n_classes)])
        ax.pcolormesh(xx, yy, classes, cmap=cmap, vmin=-0.5, vmax=n_classes - 0.5, alpha=0.3,
                      shading="nearest")
    else:
        mesh = ax.pcolormesh(xx, yy, proba, cmap="RdBu_r", vmin=0.0, vmax=1.0, alpha=0.6, shading="nearest")
        if 0.0 < proba.min() < 0.5 <= proba.max():
            ax.contour(xx, yy, proba, levels=[0.5], colors="k", linewidths=1.0)
        if colorbar:
            ax.figure.colorbar(mesh, ax=ax, label="P(class 1)")
    for k in np.unique(y):
        color = ("tab:blue", "tab:red")[k] if proba is not None and k < 2 else CLASS_COLORS[k % 10]
        ax.scatter(*X[y == k].T, s=14, color=color, edgecolors="k", linewidths=0.4, label=f"class {k}")
    ax.legend(loc="best", framealpha=0.8)
    ax.set_xlim(xx[0, 0], xx[0, -1])
    ax.set_ylim(yy[0, 0], yy[-1, 0])
    return _label(ax, title, "$x_1$", "$x_2$")


def plot_contour(f, xlim, ylim, ax=None, levels=30, path=None, resolution=200, log_levels=False,
                 title="Loss surface", xlabel="$w_1$", ylabel="$w_2$", colorbar=True):
    """Contour plot of ``f(W1, W2)`` over ``xlim`` x ``ylim``, with an optional descent path.

    ``f`` is vectorised: given two grids of shape (resolution, resolution) it returns the loss grid
    of the same shape. ``path`` (k, 2) holds successive points ``(w1, w2)``; it is drawn as a line
    with markers and an arrow for each step, the start marked with a square. ``log_levels`` spaces
    the contour levels geometrically (for surfaces spanning orders of magnitude; needs f > 0).
    """
    for name, lim in (("xlim", xlim), ("ylim", ylim)):
        if np.shape(lim) != (2,) or not lim[0] < lim[1]:
            raise ValueError(f"plot_contour: {name} must be a pair (low, high) with low < high; got {lim!r}")
    xx, yy = np.meshgrid(np.linspace(*xlim, resolution), np.linspace(*ylim, resolution))
    zz = np.asarray(f(xx, yy), dtype=np.float64)
    if zz.shape != xx.shape:
        raise ValueError(f"plot_contour: f(W1, W2) must return an array of shape {xx.shape} "
                         f"like its inputs; got {zz.shape}")
    if log_levels:
        if np.nanmin(zz) <= 0:
            raise ValueError(f"plot_contour: log_levels needs f > 0 on the grid; "
                             f"its minimum is {np.nanmin(zz):.3g}")
        levels = np.geomspace(np.nanmin(zz), np.nanmax(zz), levels)
    ax = _axes(ax, (5, 4))
    norm = matplotlib.colors.LogNorm() if log_levels else None
    filled = ax.contourf(xx, yy, zz, levels=levels, cmap="viridis", norm=norm)
    ax.contour(xx, yy, zz, levels=filled.levels, colors="white", linewidths=0.3, alpha=0.5)
    if colorbar:
        ax.figure.colorbar(filled, ax=ax, label="loss", format="%.3g")
    if path is not None:
        path = as_float_array("plot_contour", "path", path, ndim=2)
        if path.shape[1] != 2:
            raise ValueError(f"plot_contour: path must have shape (k, 2); got {path.shape}")
        path = path[np.all(np.isfinite(path), axis=1)]  # a diverging run may end in inf or NaN
        ax.plot(*path.T, "o-", color="tab:orange", markersize=3, linewidth=1, label="descent path")
        steps = np.diff(path, axis=0)
        ax.quiver(*path[:-1].T, *steps.T, angles="xy", scale_units="xy", scale=1, color="tab:orange",
                  width=0.004)
        ax.plot(*path[:1].T, "s", color="white", markeredgecolor="k", label="start")
        ax.legend(loc="best")
    ax.set_xlim(*xlim)
    ax.set_ylim(*ylim)
    return _label(ax, title, xlabel, ylabel)


def plot_digits(images, labels=None, predictions=None, ncols=10, fig=None, title="Digits"):
    """Show images (n, 8, 8) or rows (n, 64) in a grid; returns the array of axes, one per image.

    Each panel is titled with its label, or with "label→prediction" (red when wrong) when both are given.
    """
    images = as_float_array("plot_digits", "images", images)
    if images.ndim == 2 and images.shape[1] == 64:
        images = images.reshape(-1, 8, 8)
    if images.ndim != 3 or images.shape[0] == 0:
        raise ValueError(f"plot_digits: images must have shape (n, 8, 8) or (n, 64) with n >= 1; "
                         f"got {images.shape}")
    n = images.shape[0]
    if labels is not None:
        labels = check_labels("plot_digits", "labels", labels, n, 10)
    if predictions is not None:
        predictions = check_labels("plot_digits", "predictions", predictions, n, 10)
    ncols = min(int(check_positive("plot_digits", "ncols", ncols)), n)
    nrows = -(-n // ncols)
    title = title if labels is None or predictions is None else f"{title} (true→predicted)"
    # A fixed grid (0.8 x 0.95 in per panel, 0.4 in for the title), not a layout engine: constrained
    # layout measures every panel's title twice per draw, most of the drawing time of 30 panels.
    # The figure is at least as wide as its title (about 0.1 in per character), the grid centred.
    grid_width, height = 0.8 * ncols, 0.95 * nrows + 0.4
    fig = fig or plt.figure(figsize=(max(grid_width, 0.1 * len(title) + 0.2), height))
    side = max(0.02, (1 - 0.96 * grid_width / fig.get_figwidth()) / 2)
    axes = fig.subplots(nrows, ncols, squeeze=False, gridspec_kw=dict(
        left=side, right=1 - side, bottom=0.05 / height, top=1 - 0.55 / height, wspace=0.15, hspace=0.35)).ravel()
    for ax in axes:
        ax.set_axis_off()
    single = labels if predictions is None else predictions if labels is None else None
    for i, (ax, image) in enumerate(zip(axes, images)):
        ax.imshow(image, cmap="gray_r", vmin=0.0, vmax=images.max() or 1.0)
        if single is not None:
            ax.set_title(str(single[i]), fontsize=8)
        elif labels is not None:
            wrong = labels[i] != predictions[i]
            ax.set_title(f"{labels[i]}→{predictions[i]}", fontsize=8, color="tab:red" if wrong else "k")
    fig.suptitle(title)
    return axes[:n]


def confusion_matrix(y_true, y_pred, n_classes):
    """Counts ``(n_classes, n_classes)``: entry [i, j] = examples of true class i predicted as j."""
    if isinstance(n_classes, bool) or not isinstance(n_classes, (int, np.integer)) or n_classes < 1:
        raise ValueError(f"confusion_matrix: n_classes must be an integer >= 1; got {n_classes!r}")
    y_true = np.asarray(y_true)
    y_true = check_labels("confusion_matrix", "y_true", y_true, len(y_true) if y_true.ndim else 1, n_classes)
    y_pred = check_labels("confusion_matrix", "y_pred", y_pred, y_true.shape[0], n_classes)
    return np.bincount(n_classes * y_true + y_pred, minlength=n_classes**2).reshape(n_classes, n_classes)


def plot_confusion_matrix(y_true, y_pred, n_classes=None, ax=None, title="Confusion matrix"):
    """Confusion matrix as an image with each count written in its cell (rows: true, columns: predicted)."""
    if n_classes is None:
        y_true = _labels("plot_confusion_matrix", "y_true", y_true, len(np.asarray(y_true)))
        y_pred = _labels("plot_confusion_matrix", "y_pred", y_pred, len(y_true))
        n_classes = int(max(y_true.max(initial=0), y_pred.max(initial=0))) + 1
    counts = confusion_matrix(y_true, y_pred, n_classes)
    ax = _axes(ax, (4.5, 4))
    ax.imshow(counts, cmap="Blues")
    dark = counts > counts.max() / 2
    for (i, j), count in np.ndenumerate(counts):
        ax.text(j, i, str(count), ha="center", va="center", fontsize=8,
                color="white" if dark[i, j] else "black")
    ax.set_xticks(range(n_classes))
    ax.set_yticks(range(n_classes))
    accuracy = np.trace(counts) / max(counts.sum(), 1)
    return _label(ax, f"{title} (accuracy {accuracy:.1%})", "predicted class", "true class")


def plot_histograms(arrays_by_layer, bins=50, fig=None, title="Distribution per layer", xlabel="value",
                    sharex=True):
    """One histogram per layer, side by side; returns the array of axes.

    ``arrays_by_layer`` maps layer names to arrays of any shape (activations or gradients), or is a
    list of arrays (named "layer 1", "layer 2", ...). Each panel's title gives the layer and the
    standard deviation of its values; non-finite values are left out and counted in the title.
    """
    if not isinstance(arrays_by_layer, Mapping):
        arrays_by_layer = {f"layer {i + 1}": a for i, a in enumerate(arrays_by_layer)}
    if not arrays_by_layer:
        raise ValueError("plot_histograms: arrays_by_layer must hold at least one array; got none")
    values = {name: as_float_array("plot_histograms", f"arrays_by_layer[{name!r}]", a).ravel()
              for name, a in arrays_by_layer.items()}
    fig = fig or plt.figure(figsize=(min(2.6 * len(values), 13), 2.8), layout="constrained")
    axes = fig.subplots(1, len(values), sharex=sharex, squeeze=False).ravel()
    for ax, (name, v) in zip(axes, values.items()):
        finite = v[np.isfinite(v)]
        note = f", {v.size - finite.size} non-finite" if finite.size < v.size else ""
        ax.hist(finite, bins=bins, color="tab:blue", histtype="stepfilled")  # one polygon, not a patch per bin
        std = f"{finite.std():.2g}" if finite.size else "n/a"
        _label(ax, f"{name}\nstd {std}{note}", xlabel, "count" if ax is axes[0] else "")
    fig.suptitle(title)
    return axes


def _curves(history, key, val_key, ax, func):
    if key not in history:
        raise ValueError(f"{func}: history must contain {key!r}; got keys {sorted(history)}")
    ax = _axes(ax, (5, 3.5))
    for name, style in ((key, "-"), (val_key, "--")):
        values = np.asarray(history.get(name, []), dtype=np.float64)
        if values.size:
            ax.plot(np.arange(1, values.size + 1), values, style, label=name.replace("_", " "))
    if len(history.get(val_key, [])):
        ax.legend()
    return ax


def _labels(func, name, y, n):
    """Integer labels (n,) with any number of classes (the largest label sets it)."""
    arr = np.asarray(y)
    finite = arr.dtype.kind in "iu" or (arr.dtype.kind == "f" and np.all(np.isfinite(arr)))
    n_classes = int(arr.max()) + 1 if arr.size and finite else 1
    return check_labels(func, name, arr, n, max(n_classes, 1))


def _axes(ax, figsize):
    return ax if ax is not None else plt.figure(figsize=figsize, layout="constrained").add_subplot()


def _label(ax, title, xlabel, ylabel):
    ax.set_title(title)
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    return ax
