"""Test helpers shared by the exercise-set tests: a solution notebook's namespace, its check file,
hidden cases drawn from it, and float64 finite differences.

Both are loaded once per test process; tests that plant a mistake must copy what they change.
"""

import contextlib
import functools
import importlib.util
import io
import json
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent


@functools.lru_cache(maxsize=None)
def solution(name):
    """The namespace of a solution notebook: every code cell run in order, self-check cells left out."""
    cells = json.loads((ROOT / "solutions" / f"{name}.ipynb").read_text(encoding="utf-8"))["cells"]
    namespace = {"__name__": f"solution_{name}"}
    for cell in cells:
        if cell["cell_type"] != "code" or cell["metadata"].get("bpgrade", {}).get("role") == "check":
            continue
        with contextlib.redirect_stdout(io.StringIO()):
            exec(compile("".join(cell["source"]), f"solutions/{name}.ipynb", "exec"), namespace)
    return namespace


@functools.lru_cache(maxsize=None)
def check_module(name):
    """The check file ``solutions/checks/<name>.py`` as a module."""
    spec = importlib.util.spec_from_file_location(f"checks_{name}", ROOT / "solutions" / "checks" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def hidden_args(name, qid, n=4):
    """Arguments of n hidden cases of question qid, drawn from its (first) generator with fixed seeds."""
    question = next(q for q in check_module(name).QUESTIONS if q.id == qid)
    generate = question.hidden_generators()[0].generate
    out = []
    for seed in range(n):
        case = generate(np.random.default_rng(seed))
        out.append(case.args if hasattr(case, "args") else case)
    return out


def fd_gradient(f, x, h=1e-6):
    """Centred differences of a scalar function f at x, per entry, in float64 (x is not modified)."""
    x = np.array(x, dtype=np.float64)
    grad = np.zeros(x.shape)
    for i in np.ndindex(x.shape):
        plus, minus = x.copy(), x.copy()
        plus[i] += h
        minus[i] -= h
        grad[i] = (f(plus) - f(minus)) / (2 * h)
    return grad
