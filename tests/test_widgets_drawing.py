"""When a widget draws: only on screen or on request, and for every setting of its controls.

An app that is not displayed computes and updates its readout but draws no figure (a figure nobody
sees costs a full render per change); displaying it or calling ``show_static`` draws the current
setting. Because nothing draws in the background any more, this file draws every widget for every
end of each control and for all its sliders at their ends together (where the texts are longest:
negative values print a minus sign), so a ``draw`` that breaks for some setting, or draws beyond
its canvas, still fails a test.
"""

import matplotlib

matplotlib.use("Agg")

import ipywidgets  # noqa: E402
import matplotlib.pyplot as plt  # noqa: E402
import pytest  # noqa: E402

from bplib import widgets  # noqa: E402
from tests.test_figures_fit import overflow  # noqa: E402
from tests.test_widgets_legibility import FACTORIES  # noqa: E402  (every widget factory of the course)


class DrawCounter:
    def __init__(self, app):
        self.calls = 0
        inner = app.draw

        def counted(fig, values, state):
            self.calls += 1
            return inner(fig, values, state)

        app.draw = counted


def ends(control):
    """The extreme settings of a control: every option of a dropdown, both ends of a slider."""
    if isinstance(control, ipywidgets.Dropdown):
        return [option[1] if isinstance(option, tuple) else option for option in control.options]
    if isinstance(control, ipywidgets.FloatLogSlider):          # its min and max are exponents
        return [control.base ** control.min, control.base ** control.max]
    return [control.min, control.max]


def other_values(control):
    """The extreme settings of a control other than its current one."""
    return [value for value in ends(control) if value != control.value]


def assert_draws_within_canvas(app, factory, setting):
    fig = app._figure()
    try:
        assert overflow(fig) == {}, f"{factory}: {setting} drew beyond the canvas: {overflow(fig)} px"
        assert fig.axes, f"{factory}: {setting} drew an empty figure"
    finally:
        plt.close(fig)


@pytest.mark.parametrize("factory", FACTORIES)
def test_an_app_that_is_not_displayed_draws_only_when_asked(factory, capsys):
    app = getattr(widgets, factory)()
    counter = DrawCounter(app)
    figures_before = set(plt.get_fignums())
    control = next(iter(app.controls.values()))
    control.value = other_values(control)[0]
    assert app.n_updates == 2 and counter.calls == 0, "an undisplayed app drew a figure"
    assert set(plt.get_fignums()) == figures_before
    app.show_static()
    assert counter.calls == 1
    assert app.readout_text(app.state) in capsys.readouterr().out
    assert set(plt.get_fignums()) == figures_before, "show_static left a figure open"


@pytest.mark.parametrize("factory", FACTORIES)
def test_every_control_setting_draws(factory):
    app = getattr(widgets, factory)()
    drawn = 0
    for name, control in app.controls.items():
        default = control.value
        for value in other_values(control):
            control.value = value
            assert_draws_within_canvas(app, factory, f"{name} = {value!r}")
            drawn += 1
        control.value = default
    assert drawn >= len(app.controls)


@pytest.mark.parametrize("end", [0, 1], ids=["sliders at min", "sliders at max"])
@pytest.mark.parametrize("factory", FACTORIES)
def test_all_sliders_at_one_end_draw_for_every_option(factory, end):
    app = getattr(widgets, factory)()
    sliders = {name: c for name, c in app.controls.items() if not isinstance(c, ipywidgets.Dropdown)}
    dropdowns = {name: c for name, c in app.controls.items() if isinstance(c, ipywidgets.Dropdown)}
    for control in sliders.values():
        control.value = ends(control)[end]
    setting = ", ".join(f"{name} = {c.value!r}" for name, c in sliders.items())
    assert_draws_within_canvas(app, factory, setting)
    for name, control in dropdowns.items():
        default = control.value
        for value in other_values(control):
            control.value = value
            assert_draws_within_canvas(app, factory, f"{setting}, {name} = {value!r}")
        control.value = default
