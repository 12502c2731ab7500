"""Fixtures for the browser tests: one JupyterLab server and one headless Chromium per session,
a new page in a workspace of its own per test, a screenshot when a test fails.

The tests skip (with the reason) when Playwright, Chromium or JupyterLab is missing; under CI
(``CI`` set in the environment) a missing piece is an error instead, so that a CI run can never
pass by skipping them (see ``labserver.require_browser_stack``).
"""

import pytest

from labserver import chromium_executable, require_browser_stack
from widget_cells import FIXTURES_DIR, NOTEBOOKS_DIR, REPO_ROOT

CHROMIUM_ARGS = [
    "--no-sandbox",  # the tests run as root in containers
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",  # Docker's default /dev/shm (64 MB) is too small for Chromium
]
VIEWPORT = {"width": 1280, "height": 1000}

# The fixture notebooks are test data for the browser tests (one raises on purpose), not course
# material for nbval.
collect_ignore_glob = ["fixtures/*"]

FIXTURE_NOTEBOOKS = [FIXTURES_DIR / "widget_smoke.ipynb", FIXTURES_DIR / "cell_errors.ipynb"]
FIXTURE_FILES = [FIXTURES_DIR / "smoke_widget.py"]


def pytest_configure(config):
    config.addinivalue_line(
        "markers", "browser: runs JupyterLab in headless Chromium (needs chromium, playwright, jupyterlab)")


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    report = yield
    setattr(item, f"rep_{report.when}", report)
    return report


@pytest.fixture(scope="session")
def browser_requirements():
    require_browser_stack()


@pytest.fixture(scope="session")
def lab_root(browser_requirements, tmp_path_factory):
    """Cleaned copies of notebooks/*.ipynb and of the fixture notebooks (with their module)."""
    from labserver import prepare_root

    return prepare_root(tmp_path_factory.mktemp("lab-root"), notebooks_dir=NOTEBOOKS_DIR,
                        extra_notebooks=FIXTURE_NOTEBOOKS, extra_files=FIXTURE_FILES)


class LabServers:
    """The session's JupyterLab servers: the normal one, and (only if a collected test asks for
    it) one without the ipywidgets lab extension. Both start at once, in the background, and
    are stopped together."""

    NO_WIDGETS_FIXTURE = "lab_server_without_widgets"

    def __init__(self, root, tmp_path_factory, session):
        self.root = root
        self.tmp_path_factory = tmp_path_factory
        self.session = session
        self.servers = {}

    def start_all(self):
        self.get("normal")
        if any(self.NO_WIDGETS_FIXTURE in getattr(item, "fixturenames", ()) for item in self.session.items):
            self.get("no-widgets")

    def get(self, kind):
        """The server of this kind, started (not necessarily ready yet)."""
        from labserver import WIDGET_MANAGER_EXTENSION, LabServer

        if kind not in self.servers:
            disabled = [WIDGET_MANAGER_EXTENSION] if kind == "no-widgets" else []
            self.servers[kind] = LabServer(
                self.root, self.tmp_path_factory.mktemp(f"lab-state-{kind}"),
                disabled_extensions=disabled, python_path=[REPO_ROOT]).start()
        return self.servers[kind]

    def stop_all(self):
        for server in self.servers.values():
            server.request_stop()
        for server in self.servers.values():
            server.wait_stopped()


@pytest.fixture(scope="session")
def lab_servers(lab_root, tmp_path_factory, request):
    servers = LabServers(lab_root, tmp_path_factory, request.session)
    try:
        servers.start_all()
        yield servers
    finally:
        servers.stop_all()


@pytest.fixture(scope="session")
def lab_server(lab_servers):
    """The JupyterLab server shared by the session (started; ``lab_page`` waits until it is ready)."""
    return lab_servers.get("normal")


@pytest.fixture(scope="session")
def lab_server_without_widgets(lab_servers):
    """A server whose page_config disables ``@jupyter-widgets/jupyterlab-manager``, as if
    jupyterlab_widgets were missing: a broken widget install."""
    return lab_servers.get("no-widgets").wait_ready()


@pytest.fixture(scope="session")
def browser_context(browser_requirements, tmp_path_factory):
    """Headless Chromium with a fresh profile directory, shared by the session."""
    from playwright.sync_api import sync_playwright

    playwright = sync_playwright().start()
    try:
        context = playwright.chromium.launch_persistent_context(
            str(tmp_path_factory.mktemp("chromium-profile")),
            executable_path=chromium_executable(), headless=True, args=CHROMIUM_ARGS,
            viewport=VIEWPORT)
    except Exception:
        playwright.stop()
        raise
    yield context
    context.close()
    playwright.stop()


@pytest.fixture
def lab_page(request, lab_servers, lab_server, browser_context, tmp_path):
    """A new page; on failure saves ``failure.png`` under the test's tmp dir and prints its path
    (with browser console errors and the end of the server logs).

    Afterwards every kernel of the shared server is shut down, so the next test that opens the
    same notebook gets a fresh kernel.
    """
    lab_server.wait_ready()
    page = browser_context.new_page()
    console_errors = []
    page.on("console", lambda msg: console_errors.append(msg.text) if msg.type == "error" else None)
    page.on("pageerror", lambda exc: console_errors.append(f"page error: {exc}"))
    yield page
    node = request.node
    failed = any(getattr(getattr(node, f"rep_{when}", None), "failed", False) for when in ("setup", "call"))
    if failed:
        shot = tmp_path / "failure.png"
        try:
            page.screenshot(path=str(shot))
            print(f"\nscreenshot of the failing page: {shot}")
        except Exception as exc:  # the page may be gone; the failure itself matters more
            print(f"\nno screenshot ({type(exc).__name__}: {exc})")
        if console_errors:
            print("browser console errors:\n  " + "\n  ".join(console_errors[-20:]))
        for kind, server in lab_servers.servers.items():
            print(f"[{kind} server] {server.log_tail(30)}")
    page.close()
    lab_server.shutdown_kernels()
