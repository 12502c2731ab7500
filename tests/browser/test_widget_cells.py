"""Plain checks (no browser) of the widget-cell convention and of the reference the browser
tests compare against."""

import pytest

from widget_cells import (
    FIXTURES_DIR, WIDGET_TAG, build_app, apply_step, import_fixture, notebooks_numbered,
    notebooks_with_widgets, plan_slider_step, readout, widget_cells,
)

# The course map: the notebooks that have a widget.
WIDGET_NOTEBOOK_NUMBERS = ["01", "02", "03", "05", "07", "08", "09"]


def _existing(numbers):
    params = []
    for number in numbers:
        paths = notebooks_numbered(number)
        if paths:
            params.extend(pytest.param(path, id=path.stem) for path in paths)
        else:
            params.append(pytest.param(None, id=f"{number}-not-written-yet", marks=pytest.mark.skip(
                reason=f"notebook {number} does not exist yet in notebooks/")))
    return params


@pytest.mark.parametrize("path", _existing(WIDGET_NOTEBOOK_NUMBERS))
def test_widget_notebook_has_widget_cell(path):
    cells = widget_cells(path)
    assert cells, (f"{path.name}: the course map gives this notebook a widget, but no code cell is "
                   f"tagged {WIDGET_TAG!r}")


WIDGET_NOTEBOOKS = [pytest.param(path, problem, id=path.stem) for path, problem in notebooks_with_widgets()] or [
    pytest.param(None, None, id="no-widget-notebooks-yet", marks=pytest.mark.skip(
        reason="no notebook in notebooks/ has a cell tagged 'bplib-widget' yet"))]


@pytest.mark.parametrize(("path", "problem"), WIDGET_NOTEBOOKS)
def test_widget_cells_call_a_bplib_factory(path, problem):
    """Each widget cell ends with ``factory()`` / ``factory();`` and the factory builds a WidgetApp."""
    assert problem is None, problem
    for cell in widget_cells(path):
        name = cell.factory_name()
        app = build_app(name)
        assert app.controls, f"{cell}: {name}() has no controls"
        assert readout(app), f"{cell}: {name}() shows an empty readout"


def test_smoke_fixture_reference_values():
    """The smoke notebook's app, built in-process, gives the known σ values: the browser test's
    reference is right, not merely equal to the browser."""
    (cell,) = widget_cells(FIXTURES_DIR / "widget_smoke.ipynb")
    assert cell.factory_name() == "smoke_app"
    app = import_fixture("smoke_widget").smoke_app()
    assert readout(app) == "w = 0.5 sigmoid = 0.6225 slope = 0.235"
    step = plan_slider_step(app)
    assert (step.name, step.position, step.key, step.new_value) == ("w", 0, "ArrowRight", ("value", 0.75))
    assert apply_step(app, step) == "w = 0.75 sigmoid = 0.6792 slope = 0.2179"


def test_slider_step_stays_within_bounds():
    """At ``max`` the step goes down (ArrowLeft); log and selection sliders step their exponent/index;
    an off-grid value is snapped to the grid first, as the browser's slider does."""
    import ipywidgets as widgets
    from bplib.widgets import WidgetApp

    def app_with(control):
        return WidgetApp("t", {"d": widgets.Dropdown(options=["a", "b"]), "s": control},
                         lambda d, s: {"s": str(s)})

    step = plan_slider_step(app_with(widgets.FloatSlider(value=1.0, min=0.0, max=1.0, step=0.25)))
    assert (step.name, step.position, step.key, step.new_value) == ("s", 1, "ArrowLeft", ("value", 0.75))
    step = plan_slider_step(app_with(widgets.IntSlider(value=3, min=0, max=5)))
    assert (step.key, step.aria_after, step.new_value) == ("ArrowRight", 4, ("value", 4))
    step = plan_slider_step(app_with(widgets.FloatLogSlider(value=0.01, base=10, min=-4, max=0, step=0.5)))
    assert step.key == "ArrowRight" and step.aria_after == pytest.approx(-1.5)
    assert step.new_value[1] == pytest.approx(10 ** -1.5)
    # Off the grid min + k*step: the browser shows the nearest grid point and steps from there.
    step = plan_slider_step(app_with(widgets.FloatLogSlider(value=0.02, base=10, min=-4, max=0, step=0.1)))
    assert step.aria_before == pytest.approx(-1.7) and step.aria_after == pytest.approx(-1.6)
    assert step.new_value[1] == pytest.approx(10 ** -1.6)
    step = plan_slider_step(app_with(widgets.FloatSlider(value=0.33, min=0.0, max=1.0, step=0.1)))
    assert step.aria_after == pytest.approx(0.4) and step.new_value[1] == pytest.approx(0.4)
    step = plan_slider_step(app_with(widgets.SelectionSlider(options=["a", "b", "c"], value="c")))
    assert (step.key, step.aria_before, step.aria_after, step.new_value) == ("ArrowLeft", 2, 1, ("index", 1))
    step = plan_slider_step(app_with(widgets.IntRangeSlider(value=(1, 3), min=0, max=5)))
    assert (step.key, step.aria_after, step.new_value) == ("ArrowRight", 2, ("value", (2, 3)))
    assert plan_slider_step(WidgetApp("t", {"d": widgets.Dropdown(options=["a"])}, lambda d: {})) is None
