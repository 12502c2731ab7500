"""The one pattern every course widget follows.

A widget is a pure function ``compute(**control_values) -> dict of numbers`` plus a drawing
function ``draw(fig, values, result)``. :class:`WidgetApp` wires them to ipywidgets controls, a
numeric readout and a figure, so that

* a learner moves a slider and sees the figure and the numbers change;
* a test sets ``app.controls["w1"].value = 2.0`` and checks ``app.state`` and ``app.readout.value``
  without a browser;
* a notebook cell calls ``app.show_static()`` to draw the default setting as an ordinary figure
  (what readers see on GitHub, where widgets are not rendered).

In the browser the container carries the CSS class ``bplib-widget`` and the readout the class
``bplib-readout``; the readout text is exactly :meth:`WidgetApp.readout_text` of the values.
"""

import html

import ipywidgets as widgets
import matplotlib.pyplot as plt


class WidgetApp:
    """Controls + readout + figure around a pure ``compute`` function.

    Parameters
    ----------
    title : str
        Shown above the controls.
    controls : dict[str, ipywidgets.ValueWidget]
        Keyword name -> control; ``compute`` and ``draw`` receive ``{name: control.value}``.
    compute : callable(**values) -> dict
        Pure function returning the numbers to display (float/int/str values).
    draw : callable(fig, values, result) or None
        Draws onto a fresh matplotlib figure. ``None`` for a readout-only widget.
    readout_format : callable(result) -> str or None
        Text for the readout; default: ``name = value`` pairs with 4 significant digits.
    figsize : tuple
        Figure size in inches.
    """

    def __init__(self, title, controls, compute, draw=None, readout_format=None, figsize=(6.4, 4.0)):
        self.title = title
        self.controls = dict(controls)
        self.compute = compute
        self.draw = draw
        self.figsize = figsize
        self._format = readout_format or format_result
        self.readout = widgets.HTML(layout=widgets.Layout(min_height="1.5em"))
        self.readout.add_class("bplib-readout")
        self.output = widgets.Output()
        self.state = {}
        self.values = {}
        self.n_updates = 0
        self._displayed = False  # the figure is drawn only once the UI is displayed (see update)
        for control in self.controls.values():
            control.observe(self._on_change, names="value")
        header = widgets.HTML(f"<b>{html.escape(title)}</b>")
        self.ui = widgets.VBox([header, widgets.VBox(list(self.controls.values())), self.readout, self.output])
        self.ui.add_class("bplib-widget")
        self.update()

    def current_values(self):
        """The controls' current values as a dict."""
        return {name: control.value for name, control in self.controls.items()}

    def readout_text(self, result):
        """Plain text of the readout for a result dict (what the browser shows)."""
        return self._format(result)

    def update(self):
        """Recompute from the controls and refresh the readout, and the figure once the app is on
        screen; returns the result dict.

        An app that is not displayed draws nothing: a figure nobody sees would cost a full
        Matplotlib render per change (an app built in an ordinary cell, e.g.
        ``neuron_explorer().show_static()``, and every control a test moves). Displaying the app
        or calling :meth:`show_static` draws the current setting."""
        self.values = self.current_values()
        self.state = self.compute(**self.values)
        self.readout.value = f"<code>{html.escape(self.readout_text(self.state))}</code>"
        self.n_updates += 1
        if self.draw is not None and self._displayed:
            self._redraw()
        return self.state

    def _redraw(self):
        fig = self._figure()
        with self.output:
            self.output.clear_output(wait=True)
            _show(fig)

    def show_static(self):
        """Draw the current setting as a normal inline figure and print the readout."""
        print(self.readout_text(self.state))
        if self.draw is not None:
            _show(self._figure())

    def _figure(self):
        with plt.rc_context(FIGURE_STYLE):
            fig = plt.figure(figsize=self.figsize, dpi=DISPLAY_DPI)
            self.draw(fig, self.values, self.state)
        return fig

    def _on_change(self, change):
        self.update()

    def _ipython_display_(self):
        from IPython.display import display

        if not self._displayed:
            self._displayed = True
            if self.draw is not None:
                self._redraw()
        display(self.ui)


# Widget figures are drawn at 100 dpi (not the inline backend's 72) with text of at least 9 pt,
# so that every label is >= 12 screen pixels (9 pt at 96 px/in) where JupyterLab shows the PNG at
# its own size; tests/test_widgets_legibility.py measures every text of every widget figure.
DISPLAY_DPI = 100
FIGURE_STYLE = {"font.size": 11, "axes.titlesize": 12, "axes.labelsize": 11,
                "xtick.labelsize": 11, "ytick.labelsize": 11, "legend.fontsize": 11}


def _show(fig):
    """Display a figure inline when running in IPython, then close it (no figure pile-up)."""
    try:
        from IPython import get_ipython
        from IPython.display import display
    except ImportError:  # pragma: no cover - IPython is a dependency of ipywidgets
        get_ipython = None
    if get_ipython is not None and get_ipython() is not None:
        display(fig)
    plt.close(fig)


def format_result(result):
    """'a = 0.5000   b = 1.234e-05' with 4 significant digits; strings shown as they are."""
    parts = []
    for name, value in result.items():
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            parts.append(f"{name} = {value:.4g}" if isinstance(value, float) else f"{name} = {value}")
        elif isinstance(value, str):
            parts.append(f"{name}: {value}")
    return "   ".join(parts)


def slider(description, value, min, max, step, readout_format=".2f"):
    """A FloatSlider with the course's defaults (continuous updates off for heavy redraws)."""
    return widgets.FloatSlider(
        value=value, min=min, max=max, step=step, description=description,
        readout_format=readout_format, continuous_update=False,
        style={"description_width": "initial"},
    )
