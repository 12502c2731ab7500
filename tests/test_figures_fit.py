"""Every figure fits its canvas, because figures are saved as they are laid out.

The lecture notebooks save figures without ``bbox_inches="tight"`` (their setup cells set
``InlineBackend.print_figure_kwargs``): a tight bounding box costs a measuring pass over every text
of the figure on top of its drawing, and would hide a figure whose layout is wrong by growing the
picture. So each figure is laid out when it is made (``layout="constrained"``, ``tight_layout()``
or fixed margins) and these tests check that nothing drawn leaves the canvas:

* for bplib's figures (every widget at its default setting, the graph drawing, the digit grid),
  exactly: the figure's tight bounding box, everything drawn, lies inside the figure;
* for every figure stored in a lecture notebook, in its PNG: no drawn pixel on the outermost row
  or column (a text or line cut by the canvas edge leaves one). A text drawn wholly outside the
  canvas would leave no trace there; bplib's figures are checked exactly for that reason.
"""

import base64
import io
import json
from pathlib import Path

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402
from PIL import Image  # noqa: E402

from bplib import plots, scalar, widgets  # noqa: E402
from bplib.graph_drawing import draw_graph  # noqa: E402
from tests.test_widgets_legibility import FACTORIES  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
LECTURES = sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
TOLERANCE_PX = 1.0   # antialiasing may spill a text's extent by a fraction of a pixel
INK = 60             # summed RGB distance from white above which a pixel counts as drawn


def overflow(fig):
    """How far (pixels, per side) what is drawn on ``fig`` reaches beyond its canvas; {} if it fits."""
    fig.canvas.draw()
    drawn = fig.get_tightbbox(fig.canvas.get_renderer())          # inches, everything drawn
    width, height = fig.get_size_inches()
    beyond = {"left": -drawn.x0, "bottom": -drawn.y0, "right": drawn.x1 - width, "top": drawn.y1 - height}
    return {side: round(inches * fig.dpi, 1) for side, inches in beyond.items()
            if inches * fig.dpi > TOLERANCE_PX}


def stored_figures(path):
    """(cell index, RGB array) for every PNG stored in a notebook's outputs."""
    for index, cell in enumerate(json.loads(path.read_text(encoding="utf-8"))["cells"]):
        for output in cell.get("outputs", []):
            png = output.get("data", {}).get("image/png")
            if png:
                yield index, np.asarray(Image.open(io.BytesIO(base64.b64decode(png))).convert("RGB"), dtype=int)


def edge_ink(image):
    """Drawn pixels on each outermost row or column of an RGB image, per side."""
    edges = {"top": image[0], "bottom": image[-1], "left": image[:, 0], "right": image[:, -1]}
    counts = {side: int(np.sum(np.abs(edge - 255).sum(axis=1) > INK)) for side, edge in edges.items()}
    return {side: n for side, n in counts.items() if n}


def test_overflow_sees_a_figure_that_does_not_fit():
    # Positive control: a title far wider than its figure, and a label pushed off the canvas.
    fig, ax = plt.subplots(figsize=(2, 2))
    ax.set_title("a title much wider than the two-inch figure it is on")
    ax.set_ylabel("a label", labelpad=60)
    try:
        assert {"left", "right"} <= set(overflow(fig))
    finally:
        plt.close(fig)


def test_edge_ink_sees_a_cut_picture():
    blank = np.full((20, 30, 3), 255)
    assert edge_ink(blank) == {}
    cut = blank.copy()
    cut[5:9, 0] = 0                      # a stroke running into the left edge
    assert edge_ink(cut) == {"left": 4}


@pytest.mark.parametrize("factory", FACTORIES)
def test_widget_figure_fits_its_canvas(factory):
    fig = getattr(widgets, factory)()._figure()
    try:
        assert overflow(fig) == {}, f"{factory}: drawn beyond the canvas by {overflow(fig)} px"
    finally:
        plt.close(fig)


def test_graph_drawing_fits_its_canvas():
    x, w, b = scalar.Value(1.5, label="x"), scalar.Value(-0.8, label="w"), scalar.Value(0.2, label="b")
    loss = ((w * x + b).tanh() - 1.0) ** 2
    loss.label = "L"
    loss.backward()
    for title in (None, "A two-line title\nfor the same graph"):
        ax = draw_graph(loss, title=title)
        try:
            assert overflow(ax.figure) == {}, (title, overflow(ax.figure))
        finally:
            plt.close(ax.figure)


@pytest.mark.parametrize("n", [1, 3, 30])
def test_digit_grid_fits_its_canvas(n):
    images = np.random.default_rng(0).random((n, 64))
    labels = np.arange(n) % 10
    axes = plots.plot_digits(images, labels=labels, predictions=(labels + 1) % 10, ncols=min(n, 10),
                             title="Misclassified test digits")
    try:
        assert overflow(axes[0].figure) == {}, overflow(axes[0].figure)
    finally:
        plt.close(axes[0].figure)


@pytest.mark.parametrize("path", LECTURES, ids=lambda p: p.stem)
def test_stored_figures_are_not_cut_at_the_canvas_edge(path):
    cut = {f"cell {index}, {image.shape[1]}x{image.shape[0]} px": ink
           for index, image in stored_figures(path) if edge_ink(image)}
    assert not cut, f"{path.name}: figures drawn into the canvas edge (drawn pixels per side): {cut}"


def test_the_lectures_store_their_figures():
    # Without stored figures the test above would pass on nothing.
    assert len(LECTURES) == 13
    assert sum(1 for path in LECTURES for _ in stored_figures(path)) >= 40
