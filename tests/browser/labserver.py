"""A throw-away JupyterLab server for the browser tests.

``LabServer`` starts ``jupyter lab`` on 127.0.0.1 with a random free port and a random token,
with its own config, settings, workspace, runtime and IPython directories, so nothing from the
machine's or the user's Jupyter set-up leaks in. It serves *cleaned copies* of notebooks (no
outputs, no execution counts, no stored widget state), so every widget the tests see was
rendered live by the running kernel, never restored from a saved file.

Stopping asks the server to shut down through its REST API (which also stops its kernels) and
waits for the process; terminate/kill are only the fallback.
"""

import json
import os
import secrets
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

# The announcements plugin shows a "get notified about Jupyter news?" toast over the page.
ANNOUNCEMENTS_PLUGIN = "@jupyterlab/apputils-extension:announcements"
# The lab extension that renders ipywidgets (shipped by the jupyterlab_widgets package).
WIDGET_MANAGER_EXTENSION = "@jupyter-widgets/jupyterlab-manager"

# User settings written into the hermetic settings dir. Autosave off: the served copies must
# stay without outputs, or a later test could see "[n]:" prompts before it ran anything.
DEFAULT_USER_SETTINGS = {
    "@jupyterlab/docmanager-extension/plugin": {"autosave": False},
}

PYTHON3_KERNELSPEC = {"name": "python3", "display_name": "Python 3 (ipykernel)", "language": "python"}


def chromium_executable():
    """``$BPLIB_CHROMIUM``, else ``chromium`` or ``chromium-browser`` on PATH, else None."""
    return (os.environ.get("BPLIB_CHROMIUM") or shutil.which("chromium")
            or shutil.which("chromium-browser"))


def missing_requirements():
    """What the browser tests need and this machine lacks (empty list: all there)."""
    import importlib.util

    missing = []
    if importlib.util.find_spec("playwright") is None:
        missing.append("the Python package 'playwright' (pip install playwright)")
    if chromium_executable() is None:
        missing.append("a Chromium executable: 'chromium' on PATH or $BPLIB_CHROMIUM (apt-get install chromium)")
    if importlib.util.find_spec("jupyterlab") is None:
        missing.append("the Python package 'jupyterlab'")
    return missing


def require_browser_stack(module_level=False):
    """Skip when something the browser tests need is missing; under CI fail instead.

    At module level (before importing Playwright) under CI, only a missing Playwright stops
    collection; other gaps are left to the session fixture, so that each browser test fails
    with the reason while the rest of the test suite still runs.
    """
    import pytest

    missing = missing_requirements()
    if not missing:
        return
    reason = "browser tests need " + "; ".join(missing)
    if os.environ.get("CI"):
        if module_level and not any("playwright" in item for item in missing):
            return
        pytest.fail(f"{reason}. CI is set, so these tests must run there, not skip.", pytrace=False)
    pytest.skip(reason, allow_module_level=module_level)


class LabServerError(RuntimeError):
    """The server did not start (the message includes the end of its log)."""


def free_port():
    """A TCP port on 127.0.0.1 that was free a moment ago."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def clean_notebook_copy(src, dst):
    """Write ``src`` to ``dst`` without outputs, execution counts or saved widget state.

    The kernelspec is set to the ``python3`` kernel of the running Python, the only one the
    test server is guaranteed to have (a missing kernelspec would open a kernel-picker dialog).
    """
    import nbformat

    nb = nbformat.read(str(src), as_version=4)
    for cell in nb.cells:
        if cell.cell_type == "code":
            cell.outputs = []
            cell.execution_count = None
    nb.metadata.pop("widgets", None)
    nb.metadata["kernelspec"] = dict(PYTHON3_KERNELSPEC)
    nbformat.write(nb, str(dst))
    return Path(dst)


def prepare_root(root, notebooks_dir=None, extra_notebooks=(), extra_files=()):
    """Fill ``root`` with the files the server serves.

    Non-notebook files of ``notebooks_dir`` are copied as they are (a notebook may read a file
    beside it); every ``.ipynb`` there and in ``extra_notebooks`` becomes a cleaned copy.
    """
    root = Path(root)
    root.mkdir(parents=True, exist_ok=True)
    sources = []
    if notebooks_dir is not None and Path(notebooks_dir).is_dir():
        for entry in sorted(Path(notebooks_dir).iterdir()):
            if entry.name.startswith("."):
                continue
            if entry.suffix == ".ipynb":
                sources.append(entry)
            elif entry.is_dir():
                shutil.copytree(entry, root / entry.name, dirs_exist_ok=True,
                                ignore=shutil.ignore_patterns(".ipynb_checkpoints", "__pycache__"))
            else:
                shutil.copy2(entry, root / entry.name)
    sources.extend(Path(p) for p in extra_notebooks)
    for src in sources:
        try:
            clean_notebook_copy(src, root / src.name)
        except Exception as exc:  # a notebook being written may be unreadable for a moment
            (root / (src.name + ".unreadable")).write_text(f"{type(exc).__name__}: {exc}\n")
    for path in extra_files:
        shutil.copy2(path, root / Path(path).name)
    return root


class LabServer:
    """One JupyterLab server process serving ``root_dir``.

    Parameters
    ----------
    root_dir : path
        What the server serves (and where kernels start).
    state_dir : path
        An empty directory for the server's config, settings, workspaces, runtime files and log.
    disabled_extensions : iterable of str
        Lab extensions/plugins disabled through ``page_config.json`` (on top of the
        announcements toast, which is always off).
    python_path : iterable of path
        Prepended to ``PYTHONPATH`` of the server and so of its kernels.
    config_file : path, optional
        Start as the README's first command does, ``jupyter lab --config=FILE``: the file then
        decides the root folder, the notebook to open and the news settings (this class adds only
        the port, token, hermetic directories and what the tests need to read the page), and the
        announcements plugin stays enabled, so a test can see whether the file silences it.
    """

    def __init__(self, root_dir, state_dir, *, disabled_extensions=(), python_path=(), config_file=None):
        self.root_dir = Path(root_dir)
        self.state_dir = Path(state_dir)
        self.config_file = None if config_file is None else Path(config_file)
        self.disabled_extensions = ([] if config_file else [ANNOUNCEMENTS_PLUGIN]) + list(disabled_extensions)
        self.python_path = [str(p) for p in python_path]
        self.token = secrets.token_hex(24)
        self.port = None
        self.proc = None
        self.log_path = self.state_dir / "jupyterlab.log"
        self._log = None
        self._ready = False

    # -- lifecycle -------------------------------------------------------------------------

    @property
    def base_url(self):
        return f"http://127.0.0.1:{self.port}"

    def _environment(self):
        dirs = {
            "JUPYTER_CONFIG_DIR": self.state_dir / "config",
            "JUPYTERLAB_SETTINGS_DIR": self.state_dir / "settings",
            "JUPYTERLAB_WORKSPACES_DIR": self.state_dir / "workspaces",
            "JUPYTER_RUNTIME_DIR": self.state_dir / "runtime",
            "IPYTHONDIR": self.state_dir / "ipython",
        }
        for path in dirs.values():
            path.mkdir(parents=True, exist_ok=True)
        labconfig = dirs["JUPYTER_CONFIG_DIR"] / "labconfig"
        labconfig.mkdir(exist_ok=True)
        page_config = {
            "disabledExtensions": {name: True for name in self.disabled_extensions},
            # No "a build is needed" check on each page load: it costs the server about a second
            # of CPU per page and is about rebuilding JupyterLab, not about the notebooks.
            "buildCheck": False,
            "buildAvailable": False,
        }
        (labconfig / "page_config.json").write_text(json.dumps(page_config, indent=2))
        for plugin, settings in DEFAULT_USER_SETTINGS.items():
            path = dirs["JUPYTERLAB_SETTINGS_DIR"] / (plugin + ".jupyterlab-settings")
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(json.dumps(settings, indent=2))

        env = dict(os.environ)
        env.update({key: str(value) for key, value in dirs.items()})
        # ipykernel picks the inline backend only when MPLBACKEND is unset.
        env.pop("MPLBACKEND", None)
        env.pop("JUPYTER_TOKEN", None)
        env["PYTHONPATH"] = os.pathsep.join(
            self.python_path + ([env["PYTHONPATH"]] if env.get("PYTHONPATH") else []))
        return env

    def _command(self):
        if self.config_file is not None:
            own = [f"--config={self.config_file}"]
        else:
            own = [f"--ServerApp.root_dir={self.root_dir}", "--LabApp.news_url=None",
                   "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate"]
        return [
            sys.executable, "-m", "jupyterlab",
            *own,
            "--no-browser",
            "--ServerApp.ip=127.0.0.1",
            f"--ServerApp.port={self.port}",
            "--ServerApp.port_retries=0",
            f"--ServerApp.token={self.token}",
            "--ServerApp.allow_root=True",
            "--ServerApp.terminals_enabled=False",
            # Lets the tests read cell outputs (error or not) from the notebook model.
            "--LabApp.expose_app_in_browser=True",
        ]

    def open_url(self):
        """The address the server asks a browser to open (what ``jupyter lab`` without
        ``--no-browser`` would show), with this server's token."""
        import re

        files = sorted((self.state_dir / "runtime").glob("jpserver-*-open.html"))
        if not files:
            raise LabServerError("the server wrote no jpserver-*-open.html\n" + self.log_tail())
        match = re.search(r'url=([^"]+)"', files[-1].read_text())
        if not match:
            raise LabServerError(f"no address in {files[-1]}")
        url = urllib.parse.urlsplit(match.group(1))
        return f"{self.base_url}{url.path}?token={self.token}"

    def start(self):
        """Start the process (returns at once; see :meth:`wait_ready`)."""
        self.state_dir.mkdir(parents=True, exist_ok=True)
        env = self._environment()
        self.port = free_port()
        self._log = open(self.log_path, "ab")
        self.proc = subprocess.Popen(
            self._command(), cwd=self.root_dir, env=env, stdin=subprocess.DEVNULL,
            stdout=self._log, stderr=subprocess.STDOUT)
        return self

    def wait_ready(self, timeout=60.0):
        """Poll ``/api/status`` until it answers 200; raise :class:`LabServerError` if it never does."""
        if self._ready:
            return self
        if self.proc is None:
            raise LabServerError("the server was never started")
        deadline = time.monotonic() + timeout
        port_retries = 3
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                if port_retries and "already in use" in self.log_tail():
                    # Another process took the free port between free_port() and the bind.
                    port_retries -= 1
                    self._log.close()
                    self.start()
                    continue
                raise LabServerError(
                    f"jupyter lab exited with code {self.proc.returncode} before it was ready.\n"
                    + self.log_tail())
            try:
                self.api("GET", "/api/status", timeout=2)
                self._ready = True
                return self
            except (urllib.error.URLError, ConnectionError, TimeoutError, OSError):
                time.sleep(0.1)
        raise LabServerError(f"jupyter lab did not answer /api/status within {timeout:.0f} s.\n"
                             + self.log_tail())

    def request_stop(self):
        """Ask the server to shut down (it stops its kernels first); does not wait."""
        self._ready = False
        if self.proc is not None and self.proc.poll() is None:
            try:
                self.api("POST", "/api/shutdown", timeout=5)
            except (urllib.error.URLError, ConnectionError, TimeoutError, OSError):
                pass

    def wait_stopped(self, timeout=20.0):
        """Wait for the process to end; terminate, then kill, only if it does not."""
        if self.proc is not None and self.proc.poll() is None:
            try:
                self.proc.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                self.proc.terminate()
                try:
                    self.proc.wait(timeout=5)
                except subprocess.TimeoutExpired:
                    self.proc.kill()
                    self.proc.wait(timeout=5)
        if self._log is not None:
            self._log.close()
            self._log = None

    def stop(self, timeout=20.0):
        """Shut down through the REST API and wait for the process (kill only as a fallback)."""
        self.request_stop()
        self.wait_stopped(timeout)

    def __enter__(self):
        return self.start().wait_ready()

    def __exit__(self, *exc):
        self.stop()

    # -- REST API and URLs -----------------------------------------------------------------

    def api(self, method, path, timeout=10):
        """Call the server's REST API with the token; returns the decoded JSON (or None)."""
        request = urllib.request.Request(
            self.base_url + path, method=method, data=b"" if method in ("POST", "PUT") else None,
            headers={"Authorization": f"token {self.token}"})
        with urllib.request.urlopen(request, timeout=timeout) as response:
            body = response.read()
        return json.loads(body) if body else None

    def shutdown_kernels(self):
        """Delete every session (and so its kernel); used between tests."""
        for session in self.api("GET", "/api/sessions") or []:
            try:
                self.api("DELETE", f"/api/sessions/{session['id']}")
            except urllib.error.HTTPError:
                pass

    def lab_url(self, notebook_name, workspace):
        """URL that opens one notebook in a workspace of its own."""
        path = urllib.parse.quote(str(notebook_name))
        return f"{self.base_url}/lab/workspaces/{workspace}/tree/{path}?token={self.token}"

    def log_tail(self, lines=40):
        try:
            text = self.log_path.read_text(errors="replace")
        except OSError:
            return "(no server log)"
        return "--- end of jupyter lab log ---\n" + "\n".join(text.splitlines()[-lines:])
