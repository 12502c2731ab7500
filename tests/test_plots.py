"""Tests for bplib.plots: every figure is titled and labelled, and draws what it is given."""

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402
from matplotlib.collections import QuadMesh  # noqa: E402
from matplotlib.quiver import Quiver  # noqa: E402

from bplib import plots  # noqa: E402
from bplib.plots import confusion_matrix, decision_grid  # noqa: E402

HISTORY = {"loss": [1.0, 0.5, 0.25, 0.2], "val_loss": [1.1, 0.6, 0.4, 0.45],
           "accuracy": [0.5, 0.75, 1.0, 1.0], "val_accuracy": [0.5, 0.5, 0.75, 0.75]}
X4 = np.array([[-1.0, -1.0], [-1.0, 1.0], [1.0, -1.0], [1.0, 1.0]])


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


def assert_labelled(ax):
    texts = ax.get_title(), ax.get_xlabel(), ax.get_ylabel()
    assert all(texts), texts


def right_half(points):
    """Two class scores (m, 2): class 1 where x1 > 0."""
    return np.column_stack([-points[:, 0], points[:, 0]])


def line_data(ax, label):
    (line,) = [ln for ln in ax.get_lines() if ln.get_label() == label]
    return line.get_xydata()


# --- training curves ---------------------------------------------------------------------------

def test_loss_curves_plot_both_series_against_epochs():
    ax = plots.plot_loss_curves(HISTORY)
    assert_labelled(ax)
    np.testing.assert_array_equal(line_data(ax, "loss"), np.column_stack([[1, 2, 3, 4], HISTORY["loss"]]))
    np.testing.assert_array_equal(line_data(ax, "val loss")[:, 1], HISTORY["val_loss"])
    assert ax.get_yscale() == "linear"


def test_loss_curves_log_scale_and_plain_list_on_given_axes():
    fig, ax = plt.subplots()
    out = plots.plot_loss_curves([3.0, 2.0, 1.0], ax=ax, log=True, title="My loss")
    assert out is ax and ax.get_yscale() == "log" and ax.get_title() == "My loss"
    assert [ln.get_label() for ln in ax.get_lines()] == ["loss"]


def test_loss_curves_without_loss_key_names_the_keys():
    message = r"plot_loss_curves: history must contain 'loss'; got keys \['acc'\]"
    with pytest.raises(ValueError, match=message):
        plots.plot_loss_curves({"acc": [1.0]})


def test_accuracy_curves():
    ax = plots.plot_accuracy_curves(HISTORY)
    assert_labelled(ax)
    np.testing.assert_array_equal(line_data(ax, "accuracy")[:, 1], HISTORY["accuracy"])
    np.testing.assert_array_equal(line_data(ax, "val accuracy")[:, 1], HISTORY["val_accuracy"])


# --- decision boundaries -----------------------------------------------------------------------

def test_decision_grid_matches_predict_on_known_points():
    xx, yy, classes, proba = decision_grid(right_half, X4, resolution=51, padding=0.5)
    assert xx.shape == yy.shape == classes.shape == (51, 51) and proba is None
    assert xx.min() == -1.5 and xx.max() == 1.5 and yy.min() == -1.5 and yy.max() == 1.5
    np.testing.assert_array_equal(classes, (xx > 0).astype(int))


def test_decision_grid_with_three_class_scores():
    # class 0 left, class 1 right-top, class 2 right-bottom
    def predict(p):
        return np.column_stack([-p[:, 0], p[:, 0] + p[:, 1], p[:, 0] - p[:, 1]])

    xx, yy, classes, _ = decision_grid(predict, X4, resolution=40)
    expected = predict(np.column_stack([xx.ravel(), yy.ravel()])).argmax(axis=1).reshape(xx.shape)
    np.testing.assert_array_equal(classes, expected)
    assert set(np.unique(classes)) == {0, 1, 2}


def test_decision_grid_probability_column_thresholds_at_half():
    def sigmoid_of_x2(p):
        return 1.0 / (1.0 + np.exp(-4.0 * p[:, 1:2]))  # (m, 1)

    xx, yy, classes, proba = decision_grid(sigmoid_of_x2, X4, resolution=30)
    np.testing.assert_allclose(proba, 1.0 / (1.0 + np.exp(-4.0 * yy)))
    np.testing.assert_array_equal(classes, (yy >= 0).astype(int))


def test_decision_grid_rejects_logits_in_a_single_column():
    with pytest.raises(ValueError, match=r"probability in \[0, 1\].*apply a sigmoid"):
        decision_grid(lambda p: p[:, :1] * 5.0, X4)


def test_decision_grid_rejects_wrong_number_of_outputs():
    message = r"predict must return \(100, C\) or \(100,\) for 100 points; got \(3, 2\)"
    with pytest.raises(ValueError, match=message):
        decision_grid(lambda p: np.zeros((3, 2)), X4, resolution=10)


def test_plot_decision_boundary_draws_the_grid_classes_and_the_data():
    X = np.array([[-1.0, 0.0], [-0.5, 1.0], [0.5, -1.0], [1.0, 0.5]])
    y = np.array([0, 0, 1, 1])
    ax = plots.plot_decision_boundary(right_half, X, y, resolution=41)
    assert_labelled(ax)
    (mesh,) = [c for c in ax.collections if isinstance(c, QuadMesh)]
    xx, yy, classes, _ = decision_grid(right_half, X, resolution=41)
    np.testing.assert_array_equal(np.asarray(mesh.get_array()).reshape(41, 41), classes)
    scattered = np.vstack([c.get_offsets() for c in ax.collections if not isinstance(c, QuadMesh)])
    np.testing.assert_array_equal(np.sort(scattered, axis=0), np.sort(X, axis=0))


def test_plot_decision_boundary_probability_adds_colorbar():
    X = np.array([[-1.0, -1.0], [1.0, 1.0]])
    ax = plots.plot_decision_boundary(lambda p: 1 / (1 + np.exp(-p.sum(axis=1))), X, [0, 1], resolution=20)
    assert_labelled(ax)
    assert len(ax.figure.axes) == 2 and ax.figure.axes[1].get_ylabel() == "P(class 1)"


def test_plot_decision_boundary_checks_labels():
    with pytest.raises(ValueError, match=r"plot_decision_boundary: y must have shape \(4,\)"):
        plots.plot_decision_boundary(right_half, X4, [0, 1])


# --- loss surfaces -----------------------------------------------------------------------------

def bowl(w1, w2):
    return w1**2 + 10.0 * w2**2


def test_plot_contour_draws_the_path_with_arrows():
    path = np.array([[-2.0, 1.0], [-1.0, 0.5], [-0.4, 0.1], [0.0, 0.0]])
    ax = plots.plot_contour(bowl, (-3, 3), (-2, 2), path=path)
    assert_labelled(ax)
    np.testing.assert_array_equal(line_data(ax, "descent path"), path)
    np.testing.assert_array_equal(line_data(ax, "start"), path[:1])
    (arrows,) = [c for c in ax.collections if isinstance(c, Quiver)]
    np.testing.assert_array_equal(arrows.U, np.diff(path[:, 0]))
    np.testing.assert_array_equal(arrows.V, np.diff(path[:, 1]))
    assert ax.get_xlim() == (-3, 3) and ax.get_ylim() == (-2, 2)


def test_plot_contour_levels_span_the_surface():
    ax = plots.plot_contour(bowl, (-1, 1), (-1, 1), levels=10, log_levels=False)
    contour_sets = [c for c in ax.collections if hasattr(c, "levels")]
    assert contour_sets[0].levels.min() <= 0.0 and contour_sets[0].levels.max() >= 11.0
    assert not ax.get_lines()  # no path requested, none drawn


def test_plot_contour_log_levels_are_geometric_and_need_positive_f():
    ax = plots.plot_contour(lambda a, b: bowl(a, b) + 0.01, (-1, 1), (-1, 1), levels=5, log_levels=True)
    levels = [c for c in ax.collections if hasattr(c, "levels")][0].levels
    ratios = levels[1:] / levels[:-1]
    np.testing.assert_allclose(ratios, ratios[0])
    with pytest.raises(ValueError, match="log_levels needs f > 0"):
        plots.plot_contour(lambda a, b: bowl(a, b) - 0.5, (-1, 1), (-1, 1), log_levels=True)


def test_plot_contour_requires_a_vectorised_f_and_valid_limits():
    with pytest.raises(ValueError, match=r"f\(W1, W2\) must return an array of shape \(200, 200\)"):
        plots.plot_contour(lambda a, b: 1.0, (-1, 1), (-1, 1))
    with pytest.raises(ValueError, match="xlim must be a pair"):
        plots.plot_contour(bowl, (1, -1), (-1, 1))


# --- digits, confusion matrix, histograms ------------------------------------------------------

def test_plot_digits_titles_mark_mistakes():
    images = np.arange(3 * 64, dtype=float).reshape(3, 64) / 191.0
    axes = plots.plot_digits(images, labels=[1, 2, 3], predictions=[1, 7, 3], ncols=2)
    assert len(axes) == 3
    assert [ax.get_title() for ax in axes] == ["1→1", "2→7", "3→3"]
    assert axes[1].title.get_color() != axes[0].title.get_color()
    np.testing.assert_array_equal(axes[2].images[0].get_array(), images[2].reshape(8, 8))
    assert axes[0].figure.get_suptitle()


def test_plot_digits_rejects_other_shapes():
    with pytest.raises(ValueError, match=r"images must have shape \(n, 8, 8\) or \(n, 64\).*got \(2, 10\)"):
        plots.plot_digits(np.zeros((2, 10)))


def test_confusion_matrix_hand_computed():
    y_true = [0, 0, 1, 1, 1, 2, 2, 2, 2]
    y_pred = [0, 1, 1, 1, 2, 2, 2, 0, 2]
    expected = np.array([[1, 1, 0],
                         [0, 2, 1],
                         [1, 0, 3]])
    np.testing.assert_array_equal(confusion_matrix(y_true, y_pred, 3), expected)
    np.testing.assert_array_equal(confusion_matrix(y_true, y_pred, 4)[:3, :3], expected)
    assert confusion_matrix(y_true, y_pred, 4)[3].sum() == 0


def test_confusion_matrix_checks_its_inputs():
    with pytest.raises(ValueError, match=r"y_pred must have shape \(3,\)"):
        confusion_matrix([0, 1, 2], [0, 1], 3)
    with pytest.raises(ValueError, match=r"y_true must hold labels in 0..1; got values from 0 to 2"):
        confusion_matrix([0, 1, 2], [0, 1, 1], 2)


def test_plot_confusion_matrix_annotates_counts():
    ax = plots.plot_confusion_matrix([0, 0, 1, 1, 1], [0, 1, 1, 1, 1])
    assert_labelled(ax)
    assert [t.get_text() for t in ax.texts] == ["1", "1", "0", "3"]
    assert "80.0%" in ax.get_title()


def test_plot_histograms_one_panel_per_layer():
    rng = np.random.default_rng(0)
    layers = {"dense 1": rng.standard_normal((32, 8)), "dense 2": 0.1 * rng.standard_normal((32, 4)),
              "output": np.array([1.0, np.inf, np.nan, 2.0])}
    axes = plots.plot_histograms(layers, bins=10, xlabel="activation")
    assert len(axes) == 3
    assert all(ax.get_title() and ax.get_xlabel() == "activation" for ax in axes)
    assert axes[0].get_ylabel() == "count"
    assert axes[0].get_title().startswith("dense 1") and "2 non-finite" in axes[2].get_title()
    assert histogram_count(axes[1], bins=10) == 32 * 4
    assert histogram_count(axes[2], bins=10) == 2


def histogram_count(ax, bins):
    """Values counted by a filled step histogram: its polygon's area over the bin width."""
    (polygon,) = ax.patches
    x, y = polygon.get_xy().T
    area = 0.5 * abs(np.dot(x, np.roll(y, 1)) - np.dot(y, np.roll(x, 1)))   # shoelace formula
    return round(area / ((x.max() - x.min()) / bins), 9)


def test_plot_histograms_accepts_a_list_and_draws_into_a_given_figure():
    fig = plt.figure()
    axes = plots.plot_histograms([np.zeros(5), np.ones(5)], fig=fig)
    assert [ax.get_title().split("\n")[0] for ax in axes] == ["layer 1", "layer 2"]
    assert all(ax.figure is fig for ax in axes)


def test_plots_do_not_modify_their_inputs():
    X = np.array([[-1.0, 0.0], [1.0, 0.5]])
    y = np.array([0, 1])
    path = np.array([[1.0, 1.0], [0.5, 0.5]])
    history = {"loss": [2.0, 1.0], "val_loss": [2.5, 1.5]}
    originals = (X.copy(), y.copy(), path.copy(), {k: list(v) for k, v in history.items()})
    plots.plot_decision_boundary(right_half, X, y, resolution=10)
    plots.plot_contour(bowl, (-2, 2), (-2, 2), path=path, resolution=10)
    plots.plot_loss_curves(history, log=True)
    plots.plot_confusion_matrix(y, y[::-1])
    for now, before in zip((X, y, path), originals[:3]):
        np.testing.assert_array_equal(now, before)
    assert history == originals[3]
