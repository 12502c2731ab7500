"""Stored notebook outputs must not depend on the last bit of floating-point rounding.

NumPy's float64 ``exp``, ``tanh`` and ``log`` round differently on different processors (AVX-512
code paths against the C library's), and long training runs are chaotic: a printed digit or an
assertion that depends on the last bit passes on one machine and fails on another. This test runs
nbval on every lecture, solution and exercise notebook with those functions nudged by one unit in
the last place, up or down, for about half of their results (a third, simulated processor); every
stored output and every assertion must still hold.
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

    def _nudge(a):
        # a float64 array, changed in place: last two bits 01 -> one ulp up, 10 -> one ulp down
        low_bits = a.view(_np.uint64) & 3
        up, down = low_bits == 1, low_bits == 2
        a[up] = _np.nextafter(a[up], _np.inf)
        a[down] = _np.nextafter(a[down], -_np.inf)
        return a

    def _nudged(f):
        def nudged(*args, **kwargs):
            r = f(*args, **kwargs)
            if isinstance(r, _np.ndarray) and r.dtype == _np.float64:
                return _nudge(r)
            if isinstance(r, _np.float64):
                return _nudge(_np.array([r]))[0]
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
        "ulps = (nudged.view(np.int64) - exact.view(np.int64)).tolist()\n"
        "scalars = sum(np.exp(v) != np._core.umath.exp(v) for v in x)   # numpy scalars, one at a time\n"
        "print(ulps.count(1), ulps.count(-1), ulps.count(0), scalars)")])
    NotebookClient(nb, timeout=120, kernel_name="python3").execute()
    up, down, same, scalars = map(int, nb.cells[0].outputs[0]["text"].split())
    assert up >= 10 and down >= 10 and up + down + same == 101 and scalars == up + down, (up, down, same, scalars)


def test_notebooks_reproduce_with_other_rounding(tmp_path):
    run = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-n", "2", "--dist", "loadfile",
         "notebooks/", "solutions/", "exercises/"],
        cwd=ROOT, env=perturbed_env(tmp_path), capture_output=True, text=True, timeout=900)
    summary = [line for line in run.stdout.splitlines() if line.startswith(("FAILED", "ERROR"))]
    assert run.returncode == 0, "\n".join(summary) or run.stdout[-3000:]
