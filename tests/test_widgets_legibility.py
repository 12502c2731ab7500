"""Every text in every widget figure is legible where JupyterLab shows it.

JupyterLab shows a figure's PNG at its own pixel size, shrunk only when it is wider than the
output area. A text of s points in a figure of d dpi is s * d / 72 pixels tall in the PNG; 9 pt on
a screen (96 px per inch) is 12 px. So each text must be at least 12 px after the shrink, for an
output area of OUTPUT_WIDTH_PX (a notebook in a 1280-px-wide window with the file browser open).
"""

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import pytest  # noqa: E402
from matplotlib.text import Text  # noqa: E402

from bplib import widgets  # noqa: E402

OUTPUT_WIDTH_PX = 1000
MIN_PX = 9 * 96 / 72  # 9 pt at screen resolution = 12 px

FACTORIES = [name for name in widgets.__all__ if name.endswith(("_explorer", "_stepper", "playground"))]


def visible_texts(fig):
    for text in fig.findobj(Text):
        if text.get_visible() and text.get_text().strip():
            yield text


@pytest.mark.parametrize("factory", FACTORIES)
def test_widget_figure_text_is_at_least_9pt_on_screen(factory):
    app = getattr(widgets, factory)()
    fig = app._figure()
    try:
        fig.canvas.draw()
        width_px = fig.get_figwidth() * fig.dpi
        shrink = min(1.0, OUTPUT_WIDTH_PX / width_px)
        sizes = {t.get_text(): t.get_fontsize() * fig.dpi / 72 * shrink for t in visible_texts(fig)}
        assert sizes, "the figure has no text"
        small = {text: round(px, 1) for text, px in sizes.items() if px < MIN_PX - 1e-9}
        assert not small, (f"{factory}: texts below {MIN_PX:.0f} px on screen "
                           f"(figure {width_px:.0f} px wide, dpi {fig.dpi:g}): {small}")
        # Figures carry no Chinese text, so they never depend on a CJK font being installed
        # (Matplotlib's default fonts would draw empty boxes); the glossary is in notebook 00.
        cjk = [text for text in sizes if any("\u4e00" <= ch <= "\u9fff" for ch in text)]
        assert not cjk, f"{factory}: texts that need a CJK font: {cjk}"
    finally:
        plt.close(fig)


def test_the_factories_are_all_measured():
    assert len(FACTORIES) >= 7, FACTORIES
