"""The learner's path, end to end, on a fresh copy of the repository.

README command 1 (``jupyter lab --config=.jupyter-course/jupyter_lab_config.py``) serves the
repository with notebook 00 open and no Jupyter-news prompt; a link in 00's course map opens an
exercise and the exercise's link opens its lecture; in ex01 a wrong answer to question 1 shows
the specific message (the call, the wrong value) and a right one PASS; the notebook is saved;
``bpgrade check`` on the saved file agrees; ``bpgrade build`` refuses to overwrite it; and the
README test command's checks that concern exercises (nbval of the edited exercise, the links
test, "exercises are up to date") pass or skip with the stated reason, although JupyterLab wrote
``.ipynb_checkpoints/`` folders. The copy lives in a tmp folder: the real exercises/ are never
touched.
"""

import json
import os
import re
import shutil
import subprocess
import sys

import pytest

from labserver import require_browser_stack

require_browser_stack(module_level=True)

from playwright.sync_api import expect  # noqa: E402

from labpage import run_all, wait_kernel_idle, wait_until  # noqa: E402
from widget_cells import REPO_ROOT  # noqa: E402

pytestmark = pytest.mark.browser

NEWS_PROMPT = "get notified about official Jupyter news"
WRONG = "def sigmoid(z):\n    return 1.0 / (1.0 + np.exp(z))\n"
RIGHT = "def sigmoid(z):\n    return np.exp(-np.logaddexp(0.0, -z))\n"
IGNORE = shutil.ignore_patterns(".git", ".venv*", "__pycache__", ".ipynb_checkpoints", "*.egg-info",
                                ".pytest_cache", "results", "feedback")


@pytest.fixture(scope="module")
def course_copy(browser_requirements, tmp_path_factory):
    root = tmp_path_factory.mktemp("fresh-clone") / "course"
    shutil.copytree(REPO_ROOT, root, ignore=IGNORE, symlinks=True)
    return root


@pytest.fixture(scope="module")
def readme_server(course_copy, tmp_path_factory):
    from labserver import LabServer

    server = LabServer(course_copy, tmp_path_factory.mktemp("lab-state-readme"),
                       config_file=course_copy / ".jupyter-course" / "jupyter_lab_config.py")
    with server:
        yield server


@pytest.fixture
def page(browser_context, readme_server, tmp_path, request):
    """A new page of the session's Chromium; a screenshot and the server log if the test fails."""
    page = browser_context.new_page()
    yield page
    if getattr(getattr(request.node, "rep_call", None), "failed", False):
        try:
            page.screenshot(path=str(tmp_path / "failure.png"))
            print(f"\nscreenshot of the failing page: {tmp_path / 'failure.png'}")
        except Exception as exc:  # the page may be gone; the failure itself matters more
            print(f"\nno screenshot ({type(exc).__name__}: {exc})")
        print(readme_server.log_tail(40))
    page.close()


def current_path(page):
    return page.evaluate("() => { const w = window.jupyterapp.shell.currentWidget;"
                         " return w && w.context ? w.context.path : null; }")


def wait_current_path(page, path, what):
    wait_until(page, "(p) => { const w = window.jupyterapp.shell.currentWidget;"
                     " return !!(w && w.context && w.context.path === p); }",
               path, 60_000, lambda: f"{what}: the open document is {current_path(page)!r}, not {path!r}")


def cell_with_source(page, start):
    panel = page.locator(".jp-NotebookPanel:visible")
    return panel.locator(".jp-CodeCell").filter(
        has=page.locator(".cm-content", has_text=start)).first


def replace_source(page, cell, text):
    """Click into the cell's editor, select everything and type ``text`` (inserted as typed
    text, without the editor's auto-indentation)."""
    editor = cell.locator(".cm-content")
    editor.click()
    page.keyboard.press("Control+a")
    page.keyboard.insert_text(text)


def run_and_read(page, answer_cell, check_cell, awaited):
    """Run the answer cell and then its self-check cell (Shift+Enter twice); wait until the
    check shows ``awaited`` and return its text."""
    answer_cell.locator(".cm-content").click()
    page.keyboard.press("Shift+Enter")
    page.keyboard.press("Shift+Enter")
    output = check_cell.locator(".jp-OutputArea-output")
    expect(output.first).to_contain_text(awaited, timeout=60_000)
    wait_kernel_idle(page)
    return output.first.inner_text()


def python_env():
    """The environment of a learner's terminal in the copy. The code of bplib and bpgrade is the
    installed course's (requirements.txt installs it editable); everything the commands read —
    notebooks, exercises, checks, solutions, tests — is the copy's, found from the working folder."""
    env = dict(os.environ)
    env.pop("CI", None)  # the copy plays a learner's checkout, where CI is not set
    env.pop("MPLBACKEND", None)
    return env


def test_learner_path_from_readme_command_to_passing_tests(page, readme_server, course_copy):
    # README command 1: the server's root is the repository, it opens notebook 00, no news toast.
    names = {item["name"] for item in readme_server.api("GET", "/api/contents")["content"]}
    assert {"notebooks", "exercises", "README.md"} <= names, names
    settings = readme_server.api("GET", "/lab/api/settings/@jupyterlab/apputils-extension:notification")
    # overrides.json makes "Never" the default of the setting behind the news prompt
    assert settings["schema"]["properties"]["fetchNews"]["default"] == "false", settings["schema"]
    url = readme_server.open_url()
    assert "/lab/tree/notebooks/00_start_here.ipynb" in url, url
    page.goto(url)
    wait_until(page, "() => !!window.jupyterapp", None, 60_000, lambda: "JupyterLab did not load")
    wait_current_path(page, "notebooks/00_start_here.ipynb", "README command 1")
    wait_kernel_idle(page)

    # 00's course map -> exercise 01.
    link = page.locator(".jp-NotebookPanel:visible .jp-RenderedMarkdown a",
                        has_text=re.compile(r"^ex01_neuron$")).first
    link.scroll_into_view_if_needed()
    link.click()
    wait_current_path(page, "exercises/ex01_neuron.ipynb", "the link from 00 to ex01")
    wait_kernel_idle(page)
    expect(page.get_by_text(NEWS_PROMPT)).to_have_count(0)

    # exercise 01 -> its lecture, then back to the exercise's tab.
    back = page.locator(".jp-NotebookPanel:visible .jp-RenderedMarkdown a",
                        has_text=re.compile(r"^01 The neuron$")).first
    back.scroll_into_view_if_needed()
    back.click()
    wait_current_path(page, "notebooks/01_the_neuron.ipynb", "the link from ex01 to its lecture")
    page.locator(".lm-DockPanel-tabBar .lm-TabBar-tab", has_text="ex01_neuron.ipynb").click()
    wait_current_path(page, "exercises/ex01_neuron.ipynb", "back to ex01")
    wait_kernel_idle(page)

    run_all(page, "ex01_neuron.ipynb")
    answer = cell_with_source(page, "def sigmoid(z):")
    check = cell_with_source(page, 'check("q_sigmoid")')

    replace_source(page, answer, WRONG)
    text = run_and_read(page, answer, check, "wrong value")
    assert "q_sigmoid (sigmoid): FAIL" in text, text
    assert "wrong value at index 0: expected 0.119203, got 0.880797" in text, text
    assert "call: sigmoid(z) with z: float64 array of shape (3,) = [-2, 0, 3]" in text, text

    replace_source(page, answer, RIGHT)
    text = run_and_read(page, answer, check, "PASS")
    assert "q_sigmoid (sigmoid): PASS - 3/3 public cases passed" in text, text

    page.keyboard.press("Control+s")
    wait_until(page, "() => { const w = window.jupyterapp.shell.currentWidget;"
                     " return !!(w && w.context && !w.context.model.dirty); }",
               None, 30_000, lambda: "ex01 was not saved")
    saved = course_copy / "exercises" / "ex01_neuron.ipynb"
    cells = json.loads(saved.read_text(encoding="utf-8"))["cells"]
    assert any("".join(c["source"]) == RIGHT.rstrip("\n") or "".join(c["source"]) == RIGHT
               for c in cells), "the right answer is not in the saved file"
    assert (course_copy / "exercises" / ".ipynb_checkpoints").is_dir(), \
        "JupyterLab wrote no checkpoint: the test below would not prove that checkpoints are ignored"

    env = python_env()
    checked = subprocess.run([sys.executable, "-m", "bpgrade", "check", "exercises/ex01_neuron.ipynb",
                              "--question", "q_sigmoid"], cwd=course_copy, env=env,
                             capture_output=True, text=True, timeout=300)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert "q_sigmoid (sigmoid): PASS - 3/3 public cases passed" in checked.stdout, checked.stdout

    before = saved.read_bytes()
    built = subprocess.run([sys.executable, "-m", "bpgrade", "build", "ex01_neuron"], cwd=course_copy, env=env,
                           capture_output=True, text=True, timeout=600)
    assert built.returncode == 1, built.stdout + built.stderr
    assert "exercises/ex01_neuron.ipynb" in built.stderr and "--force" in built.stderr, built.stderr
    assert saved.read_bytes() == before, "bpgrade build changed the learner's notebook"

    # The copy's "exercises are up to date" check needs every set's public reference values. The
    # sandbox lets a child read only the installed bplib, which is this checkout's, not the
    # copy's, so the copy cannot compute them itself; it reads them from the build cache, keyed
    # by the content of the solutions, checks, bplib and bpgrade (identical here), which
    # `bpgrade build --check` in this checkout fills without writing anything.
    warmed = subprocess.run([sys.executable, "-m", "bpgrade", "build", "--check"], cwd=REPO_ROOT,
                            env=env, capture_output=True, text=True, timeout=900)
    assert warmed.returncode in (0, 1), warmed.stdout[-2000:] + warmed.stderr[-2000:]

    collected = subprocess.run([sys.executable, "-m", "pytest", "--collect-only", "-q", "-p", "no:xdist",
                                "exercises", "tests/test_links.py"], cwd=course_copy, env=env,
                               capture_output=True, text=True, timeout=600)
    assert collected.returncode == 0, collected.stdout[-3000:] + collected.stderr[-3000:]
    assert "checkpoint" not in collected.stdout, collected.stdout

    tested = subprocess.run([sys.executable, "-m", "pytest", "-q", "-rs", "-p", "no:xdist",
                             "exercises/ex01_neuron.ipynb", "tests/test_links.py",
                             "tests/grading/test_grading_build.py::test_exercises_are_up_to_date"],
                            cwd=course_copy, env=env, capture_output=True, text=True, timeout=900)
    out = tested.stdout
    assert tested.returncode == 0, out[-4000:] + tested.stderr[-2000:]
    assert "exercises/ex01_neuron.ipynb holds your answers" in out, out[-3000:]
    assert "not compared with solutions/" in out, out[-3000:]
    assert "failed" not in out.splitlines()[-1], out[-3000:]
