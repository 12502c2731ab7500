"""Driving a notebook in JupyterLab with Playwright: open, run all, find widgets, move sliders.

Selectors and waits follow what a learner sees: the kernel state in the status bar, the Run
menu's "Run All Cells", the rendered widget DOM. The notebook model (``window.jupyterapp``,
exposed by the test server) is read only to know exactly which outputs are errors, because
JupyterLab renders tracebacks and warnings with the same MIME type.
"""

import re
import uuid

from playwright.sync_api import TimeoutError as PlaywrightTimeoutError
from playwright.sync_api import expect

from widget_cells import normalise

expect.set_options(timeout=30_000)  # widgets render after run-all; allow for a busy machine

KERNEL_START_TIMEOUT_MS = 60_000
RUN_ALL_TIMEOUT_MS = 180_000
WIDGET_TIMEOUT_MS = 30_000

STDERR_MIME = "application/vnd.jupyter.stderr"  # JupyterLab renders tracebacks with it too
STATUS_IDLE = re.compile(r"\|\s*Idle$")
ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")

# Returns {done, errors}: done once every non-blank code cell has an execution count (JupyterLab
# does not send blank cells to the kernel); errors lists the cells with an "error" output, except
# cells tagged raises-exception (an error shown on purpose; JupyterLab runs on past them too).
RUN_STATE_JS = """
() => {
  const app = window.jupyterapp;
  const panel = app && app.shell.currentWidget;
  if (!panel || !panel.content || !panel.content.model) { return {done: false, errors: [], cells: 0}; }
  const errors = [];
  let done = true, index = 0, cells = 0;
  for (const cell of panel.content.model.cells) {
    if (cell.type === 'code') {
      cells += 1;
      const blank = cell.sharedModel.getSource().trim() === '';
      if (!blank && cell.executionCount === null) { done = false; }
      const tags = cell.getMetadata('tags') || [];
      const allowed = tags.includes('raises-exception') || tags.includes('nbval-raises-exception');
      for (const out of cell.outputs.toJSON()) {
        if (out.output_type === 'error' && !allowed) {
          errors.push({index, ename: out.ename, evalue: out.evalue, traceback: (out.traceback || []).join('\\n')});
        }
      }
    }
    index += 1;
  }
  return {done, errors, cells};
}
"""


def wait_until(page, predicate_js, arg, timeout, describe):
    """``page.wait_for_function`` that fails with ``describe()`` instead of a bare timeout."""
    try:
        page.wait_for_function(predicate_js, arg=arg, timeout=timeout, polling=100)
    except PlaywrightTimeoutError:
        raise AssertionError(f"{describe()} (waited {timeout / 1000:.0f} s)") from None


class NotebookError(AssertionError):
    """A cell raised while the notebook ran in JupyterLab."""


def unique_workspace(prefix="t"):
    """A workspace name of its own, so JupyterLab restores nothing from earlier tests."""
    return f"{prefix}-{uuid.uuid4().hex[:12]}"


def status_bar(page):
    return page.locator("#jp-main-statusbar")


def wait_kernel_idle(page, timeout=KERNEL_START_TIMEOUT_MS):
    """Wait until the status bar reads '<kernel> | Idle' (not the execution indicator, which
    claims idle before a kernel exists)."""
    expect(status_bar(page).get_by_text(STATUS_IDLE),
           "the kernel never became Idle in the status bar").to_be_visible(timeout=timeout)


def open_notebook(page, server, name, workspace=None):
    """Open ``name`` (a file in the server's root) in a fresh workspace; wait for kernel Idle."""
    page.goto(server.lab_url(name, workspace or unique_workspace()))
    wait_until(page, "() => !!window.jupyterapp", None, KERNEL_START_TIMEOUT_MS,
               lambda: "window.jupyterapp is missing: start the server with --LabApp.expose_app_in_browser=True")
    expect(page.locator(".jp-NotebookPanel"), f"{name} did not open").to_be_visible(timeout=KERNEL_START_TIMEOUT_MS)
    expect(page.locator(".jp-NotebookPanel .jp-Notebook-cell").first).to_be_attached(timeout=KERNEL_START_TIMEOUT_MS)
    wait_kernel_idle(page)


def click_run_all(page):
    """Run menu -> Run All Cells (command ``runmenu:run-all``; it has no default shortcut)."""
    page.locator(".lm-MenuBar-item", has_text=re.compile(r"^Run$")).click()
    page.locator('li.lm-Menu-item[data-command="runmenu:run-all"]').click()


def run_all(page, name="notebook", timeout=RUN_ALL_TIMEOUT_MS):
    """Run all cells from the Run menu; wait until every cell ran and the kernel is Idle again.

    Raises :class:`NotebookError` naming the cell, the exception and the traceback if any cell
    shows an error output.
    """
    click_run_all(page)
    wait_until(page, f"() => {{ const s = ({RUN_STATE_JS})(); return s.done || s.errors.length > 0; }}",
               None, timeout, lambda: f"{name}: not every cell had run after Run All")
    wait_kernel_idle(page, timeout=timeout)
    state = page.evaluate(RUN_STATE_JS)
    if state["errors"]:
        raise NotebookError(describe_errors(name, state["errors"]))
    if not state["done"]:
        raise NotebookError(f"{name}: the kernel is Idle but not every cell has run")
    return state


def describe_errors(name, errors):
    parts = [f"{name}: {len(errors)} cell(s) raised when run in JupyterLab:"]
    for err in errors:
        traceback = ANSI.sub("", err["traceback"]).strip().splitlines()
        parts.append(f"- cell {err['index']}: {err['ename']}: {err['evalue']}")
        parts.extend("    " + line for line in traceback[-25:])
    return "\n".join(parts)


def notebook_cell(page, index):
    """The ``index``-th cell (markdown included) of the open notebook."""
    return page.locator(".jp-NotebookPanel .jp-Notebook-cell").nth(index)


# -- one rendered WidgetApp --------------------------------------------------------------------

class RenderedApp:
    """The DOM of one ``bplib-widget`` container: controls box, readout, figure output.

    ``where`` names the widget in failure messages.
    """

    def __init__(self, page, root, where="widget"):
        self.page = page
        self.root = root
        self.where = where
        # Children of the WidgetApp VBox: header, controls VBox, readout, output.
        self.controls = root.locator(":scope > :nth-child(2) > *")
        self.readout = root.locator(":scope > .bplib-readout")
        self.output = root.locator(":scope > .widget-output")
        self.images = self.output.locator("img")
        self.output_errors = self.output.locator(f'[data-mime-type="{STDERR_MIME}"]')

    def control(self, position):
        return self.controls.nth(position)

    def handle(self, position):
        """The first (lower) noUiSlider handle of a slider control."""
        return self.control(position).locator(".noUi-handle[role=slider]").first

    def sliders(self):
        return self.root.locator(":scope > :nth-child(2) > .widget-slider")

    def image_src(self):
        return self.images.first.get_attribute("src") if self.images.count() else None

    def output_text(self, limit=3000):
        """What the widget's Output area shows as text (tracebacks included), ANSI codes removed."""
        text = ANSI.sub("", self.output.text_content() or "").strip()
        return text[-limit:] if text else "(empty)"

    def expect_readout(self, text, message, timeout=WIDGET_TIMEOUT_MS):
        try:
            expect(self.readout, f"{self.where}: {message}").to_have_text(normalise(text), timeout=timeout)
        except AssertionError as exc:
            raise AssertionError(f"{exc}\nThe widget's Output area shows:\n{self.output_text()}") from None

    def expect_figure(self, timeout=WIDGET_TIMEOUT_MS):
        """A PNG figure in the widget's Output and no error output beside it."""
        try:
            expect(self.images.first).to_have_attribute(
                "src", re.compile(r"^data:image/png;base64,"), timeout=timeout)
            expect(self.output_errors).to_have_count(0, timeout=timeout)
        except AssertionError:
            raise AssertionError(f"{self.where}: expected a figure and no error in the widget's Output; "
                                 f"it shows:\n{self.output_text()}") from None

    def wait_image_changed(self, old_src, timeout=WIDGET_TIMEOUT_MS):
        wait_until(
            self.page,
            """([output, old]) => { const img = output.querySelector('img');
                                    return img !== null && img.getAttribute('src') !== old; }""",
            [self.output.element_handle(), old_src], timeout,
            lambda: f"{self.where}: the figure was not redrawn after the control changed; "
                    f"the Output shows:\n{self.output_text()}")

    def press_on_slider(self, position, key):
        handle = self.handle(position)
        handle.scroll_into_view_if_needed()
        handle.focus()
        expect(handle, f"{self.where}: the slider handle did not take the keyboard focus").to_be_focused()
        self.page.keyboard.press(key)

    def wait_aria_value(self, position, expected, tolerance, timeout=WIDGET_TIMEOUT_MS):
        """Wait until the handle's ``aria-valuetext`` (noUiSlider's unrounded value; its
        ``aria-valuenow`` is rounded to one decimal) is within ``tolerance`` of ``expected``."""
        wait_until(
            self.page,
            """([h, want, tol]) => Math.abs(parseFloat(h.getAttribute('aria-valuetext')) - want) <= tol""",
            [self.handle(position).element_handle(), expected, tolerance], timeout,
            lambda: (f"{self.where}: slider handle aria-valuetext is "
                     f"{self.handle(position).get_attribute('aria-valuetext')}, expected {expected}"))

    def aria_value(self, position):
        return float(self.handle(position).get_attribute("aria-valuetext"))
