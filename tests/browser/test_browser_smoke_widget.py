"""The harness on known notebooks of tests/browser/fixtures: a WidgetApp rendered and driven in
JupyterLab; the negative control (with the ipywidgets lab extension disabled the same notebook
shows no widget and the checks that pass above fail); and a cell error reported clearly.
"""

import re

import pytest

from labserver import require_browser_stack

require_browser_stack(module_level=True)

from playwright.sync_api import expect  # noqa: E402

from labpage import NotebookError, RenderedApp, notebook_cell, open_notebook, run_all, wait_kernel_idle  # noqa: E402
from widget_cells import FIXTURES_DIR, apply_step, import_fixture, plan_slider_step, readout, widget_cells  # noqa: E402

pytestmark = pytest.mark.browser

NOTEBOOK = "widget_smoke.ipynb"
(WIDGET_CELL,) = widget_cells(FIXTURES_DIR / NOTEBOOK)


@pytest.fixture
def smoke_app():
    """The same app the notebook builds, in the test process."""
    return import_fixture("smoke_widget").smoke_app()


def open_and_run(page, server):
    open_notebook(page, server, NOTEBOOK)
    run_all(page, NOTEBOOK)
    return notebook_cell(page, WIDGET_CELL.index)


def test_slider_renders_and_reacts_to_keyboard(lab_page, lab_server, smoke_app):
    page = lab_page
    cell = open_and_run(page, lab_server)

    apps = cell.locator(".bplib-widget")
    expect(apps, "the widget cell should show exactly one bplib-widget").to_have_count(1)
    app = RenderedApp(page, apps.first, "smoke widget")
    expect(app.controls).to_have_count(len(smoke_app.controls))
    expect(app.sliders()).to_have_count(1)
    expect(app.sliders().first.locator(".widget-label")).to_have_text("w")
    expect(app.handle(0)).to_have_attribute("aria-valuetext", "0.5")
    app.expect_readout(readout(smoke_app), "initial readout differs from the in-process app")
    app.expect_figure()
    figure_before = app.image_src()

    step = plan_slider_step(smoke_app)
    expected = apply_step(smoke_app, step)
    app.press_on_slider(step.position, step.key)

    app.wait_aria_value(step.position, step.aria_after, tolerance=1e-9)
    expect(app.control(step.position).locator(".widget-readout")).to_have_text("0.75")
    app.expect_readout(expected, "readout after ArrowRight differs from the in-process app")
    app.wait_image_changed(figure_before)
    wait_kernel_idle(page)
    app.expect_figure()
    expect(app.images, "one figure, not a pile of them").to_have_count(1)


def test_negative_control_without_widget_extension(lab_page, lab_server_without_widgets):
    """A broken widget install (lab extension disabled) must be visible, and must fail the checks."""
    page = lab_page
    cell = open_and_run(page, lab_server_without_widgets)

    # The kernel side works, so the output falls back to the widget's text/plain repr.
    fallback = cell.locator('.jp-OutputArea-output[data-mime-type="text/plain"]')
    expect(fallback, "expected the text/plain fallback of the VBox").to_have_text(
        re.compile(r"^VBox\(children=\(HTML\(value='<b>Smoke test"))
    expect(page.locator(".widget-slider")).to_have_count(0)
    expect(page.locator(".bplib-widget")).to_have_count(0)
    # The assertion the positive test starts with fails here.
    with pytest.raises(AssertionError):
        expect(cell.locator(".bplib-widget")).to_have_count(1, timeout=1000)


def test_cell_error_fails_with_cell_exception_and_traceback(lab_page, lab_server):
    page = lab_page
    name = "cell_errors.ipynb"
    open_notebook(page, lab_server, name)
    with pytest.raises(NotebookError) as failure:
        run_all(page, name)
    message = str(failure.value)
    assert "1 cell(s) raised" in message
    assert "cell 2: ValueError: boom: cannot divide by 0" in message
    assert "divide_by(0)" in message, "the traceback should be part of the message"
    assert "KeyError" not in message, "a cell tagged raises-exception may raise"
    # JupyterLab ran past the tagged cell and stopped at the untagged error.
    expect(notebook_cell(page, 1).locator(".jp-InputPrompt")).to_have_text(re.compile(r"^\[\d+\]:$"))
    expect(notebook_cell(page, 3).locator(".jp-InputPrompt")).to_have_text("[ ]:")
