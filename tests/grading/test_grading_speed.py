"""What keeps SymPy questions cheap: the child imports SymPy only when a question's code first
uses it, and reference runs leave out the solution's instructor-only demonstrations."""

import json

import numpy as np

from bpgrade.classroom import notebook
from bpgrade.authoring import spec as S
from bpgrade.isolation.runner import run_question

SOURCE = '''
import sys
import sympy as sp
from sympy import Symbol

def sympy_loaded():
    return "sympy.core" in sys.modules and "sympy.core.symbol" in sys.modules

def derivative():
    x = sp.symbols("x")
    return str(sp.diff(sp.tanh(x) * Symbol("y"), x))
'''

NO_FROM = SOURCE.replace("from sympy import Symbol", "").replace('Symbol("y")', 'sp.Symbol("y")')


def _outputs(source, function, limits, protections):
    q = S.Question("q", 1, function=function, public=[()])
    run = run_question([(0, source)], q.cases(seed=0), limits, protections)
    assert run.cells == [{"cell": 0, "status": "ok"}]
    return run.cases[0].status, run.cases[0].outputs


def test_sympy_is_not_loaded_until_used(limits, protections):
    assert _outputs(NO_FROM, "sympy_loaded", limits, protections) == ("ok", (np.asarray(False),))


def test_sympy_works_as_usual_once_used(limits, protections):
    status, outputs = _outputs(NO_FROM, "derivative", limits, protections)
    assert status == "ok" and outputs == ("y*(1 - tanh(x)**2)",)
    status, outputs = _outputs(SOURCE, "sympy_loaded", limits, protections)
    assert status == "ok" and outputs == (np.asarray(True),)      # "from sympy import" loads it
    assert _outputs(SOURCE, "derivative", limits, protections) == ("ok", ("y*(1 - tanh(x)**2)",))


def test_reference_runs_leave_out_solution_only_cells_and_submissions_keep_them(tmp_path):
    def cell(source, role=None):
        meta = {"bpgrade": {"role": role}} if role else {}
        return {"cell_type": "code", "metadata": meta, "source": source, "outputs": []}

    path = tmp_path / "nb.ipynb"
    path.write_text(json.dumps({"cells": [cell("a = 1"), cell("slow_demo()", "solution-only"),
                                          cell("b = 2")]}))
    assert notebook.code_cells(path, skip_roles=("solution-only",)) == [(0, "a = 1\n"), (2, "b = 2\n")]
    assert [i for i, _ in notebook.code_cells(path)] == [0, 1, 2]     # a submission's metadata is ignored
