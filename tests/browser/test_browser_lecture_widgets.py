"""Every lecture notebook with a widget cell, opened in JupyterLab and run: each widget renders
with all its controls, and moving its first slider with the keyboard makes the readout show
what the same widget, built in the test process and stepped the same way, computes.

Notebooks are discovered at collection time (cells tagged ``bplib-widget``).
"""

import pytest

from labserver import require_browser_stack

require_browser_stack(module_level=True)

from playwright.sync_api import expect  # noqa: E402

from labpage import RenderedApp, notebook_cell, open_notebook, run_all, wait_kernel_idle  # noqa: E402
from widget_cells import (  # noqa: E402
    apply_step, build_app, is_slider, notebooks_with_widgets, plan_slider_step, read_cells,
    readout, widget_cells,
)

pytestmark = pytest.mark.browser


def _params():
    found = notebooks_with_widgets()
    if not found:
        return [pytest.param(None, None, id="no-widget-notebooks-yet", marks=pytest.mark.skip(
            reason="no notebook in notebooks/ has a cell tagged 'bplib-widget' yet"))]
    return [pytest.param(path, problem, id=path.stem) for path, problem in found]


@pytest.mark.parametrize(("path", "problem"), _params())
def test_widgets_render_and_react(lab_page, lab_server, path, problem):
    assert problem is None, problem
    served = lab_server.root_dir / path.name  # the copy JupyterLab shows (taken at session start)
    unreadable = served.with_name(served.name + ".unreadable")
    assert not unreadable.exists(), f"{path.name} could not be copied: {unreadable.read_text()}"
    # Build every widget in-process first: a broken factory fails here, before the browser work.
    apps = [(cell, build_app(cell.factory_name())) for cell in widget_cells(served)]
    page = lab_page
    open_notebook(page, lab_server, path.name)
    expect(page.locator(".jp-NotebookPanel .jp-Notebook-cell"),
           "JupyterLab shows a different number of cells than the file has").to_have_count(len(read_cells(served)))
    run_all(page, path.name)

    for cell, app in apps:
        check_widget_cell(page, cell, app)


def check_widget_cell(page, cell, app):
    """The cell's widget matches ``app`` (built in-process) before and after one slider step."""
    where = f"{cell} {cell.factory_name()}()"

    rendered = notebook_cell(page, cell.index).locator(".bplib-widget")
    expect(rendered, f"{where}: expected exactly one rendered bplib-widget in the cell (a factory that "
                     f"returns its app shows nothing after a trailing ';'; one that displays it and also "
                     f"returns it shows two without)").to_have_count(1)
    widget = RenderedApp(page, rendered.first, where)
    widget.root.scroll_into_view_if_needed()
    expect(widget.controls, f"{where}: number of controls").to_have_count(len(app.controls))
    n_sliders = sum(is_slider(control) for control in app.controls.values())
    expect(widget.sliders(), f"{where}: number of sliders").to_have_count(n_sliders)
    widget.expect_readout(readout(app), "initial readout differs from the in-process widget")
    if app.draw is not None:
        widget.expect_figure()
    figure_before = widget.image_src()
    readout_before = readout(app)

    step = plan_slider_step(app)
    if step is not None:
        expected = apply_step(app, step)
        assert widget.aria_value(step.position) == pytest.approx(step.aria_before, rel=1e-9, abs=1e-9), (
            f"{where}: slider {step.name!r} starts at a different position than in-process")
        widget.press_on_slider(step.position, step.key)
        widget.wait_aria_value(step.position, step.aria_after, tolerance=1e-9 * max(1.0, abs(step.aria_after)))
        action = f"{step.key} on slider {step.name!r}"
    else:
        expected, action = change_first_dropdown(widget, app, where)

    widget.expect_readout(expected, f"readout after {action} differs from the in-process widget")
    wait_kernel_idle(page)  # the redraw that follows the readout has been delivered
    if app.draw is not None:
        widget.expect_figure()
    if expected == readout_before:
        # The readout does not show this control; then the figure must show the change.
        assert app.draw is not None, (
            f"{where}: {action} changes neither the readout nor a figure, so the test cannot see "
            f"the widget react; make the first slider change the readout")
        widget.wait_image_changed(figure_before)


def change_first_dropdown(widget, app, where):
    """No slider: pick the next option of the first Dropdown, in the page and in-process."""
    import ipywidgets as widgets

    for position, (name, control) in enumerate(app.controls.items()):
        if isinstance(control, widgets.Dropdown) and len(control.options) > 1:
            new_index = (control.index + 1) % len(control.options)
            widget.control(position).locator("select").select_option(index=new_index)
            control.index = new_index
            return readout(app), f"choosing option {new_index} of {name!r}"
    pytest.fail(f"{where}: no slider or dropdown to move; the test does not know how to drive it")
