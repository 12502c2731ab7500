"""Stored notebook outputs must not depend on the last bit of floating-point rounding.

NumPy's float64 ``exp``, ``tanh`` and ``log`` round differently on different processors (AVX-512
code paths against the C library's), and long training runs are chaotic: a printed digit or an
assertion that depends on the last bit passes on one machine and fails on another. This test runs
nbval on every lecture, solution and exercise notebook with those functions nudged by one unit in the last place for
about a quarter of their results (a third, simulated processor); every stored output and every
assertion must still hold.
"""

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import nbformat
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parents[1]

STARTUP = textwrap.dedent('''
    import numpy as _np

    def _nudged(f):
        def nudged(*args, **kwargs):
            r = f(*args, **kwargs)
            if isinstance(r, _np.ndarray) and r.dtype == _np.float64 and r.size:
                m = (r.view(_np.uint64) & 3) == 1
                r[m] = _np.nextafter(r[m], _np.inf)
            elif isinstance(r, _np.float64) and (_np.array(r).view(_np.uint64) & 3) == 1:
                r = _np.float64(_np.nextafter(r, _np.inf))
            return r
        return nudged

    for _name in ("exp", "tanh", "log", "log1p", "expm1"):
        setattr(_np, _name, _nudged(getattr(_np, _name)))
''')


def perturbed_env(tmp_path):
    startup = tmp_path / "ipython" / "profile_default" / "startup"
    startup.mkdir(parents=True)
    (startup / "00-nudge-libm.py").write_text(STARTUP)
    return {**os.environ, "IPYTHONDIR": str(tmp_path / "ipython")}   # CI as outside: edited exercises are skipped alike


def test_the_nudge_reaches_a_notebook_kernel(tmp_path, monkeypatch):
    # Positive control: without it, a startup file that never loads would let the test below pass.
    for key, value in perturbed_env(tmp_path).items():
        monkeypatch.setenv(key, value)
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(
        "import numpy as np\n"
        "x = np.linspace(0.1, 3.0, 101)\n"
        "nudged, exact = np.exp(x), np._core.umath.exp(x)      # np.exp is the nudged one\n"
        "changed = nudged != exact\n"
        "print(int(changed.sum()), bool(np.all(nudged[changed] == np.nextafter(exact[changed], np.inf))))")])
    NotebookClient(nb, timeout=120, kernel_name="python3").execute()
    changed, one_ulp_up = nb.cells[0].outputs[0]["text"].split()
    assert 10 <= int(changed) <= 50 and one_ulp_up == "True", nb.cells[0].outputs[0]["text"]


def test_notebooks_reproduce_with_other_rounding(tmp_path):
    run = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-n", "2", "--dist", "loadfile",
         "notebooks/", "solutions/", "exercises/"],
        cwd=ROOT, env=perturbed_env(tmp_path), capture_output=True, text=True, timeout=900)
    summary = [line for line in run.stdout.splitlines() if line.startswith(("FAILED", "ERROR"))]
    assert run.returncode == 0, "\n".join(summary) or run.stdout[-3000:]
