"""The notebook self-check and `bpgrade check` print the same verdicts for the same code."""

import json

import numpy as np

from bpgrade.selftest import corpus
from bpgrade.learner.checkcmd import check_notebook
from bpgrade.learner import Checker

CASES = ("wrong_shape", "mutates_inputs", "nan_inf", "missing_functions", "unstable_sigmoid", "correct")


def test_same_report_in_the_notebook_and_on_the_command_line(layout, limits, protections, tmp_path, capsys):
    cases = corpus.materialize(layout.root / "tests" / "grading" / "corpus", layout, tmp_path, 9,
                               only=list(CASES))
    assert set(cases) == set(CASES)
    for name in CASES:
        path = tmp_path / "SUBMISSIONS" / name / "ex01_neuron.ipynb"
        printed = []
        check_notebook(path, limits, protections, exercise="ex01_neuron", out=printed.append)
        namespace = {"__name__": "__main__"}
        for cell in json.loads(path.read_text())["cells"]:
            exec(cell["source"], namespace)
        check = Checker("ex01_neuron")
        capsys.readouterr()
        for qid in ("q_sigmoid", "q_relu", "q_neuron", "q_and"):
            np.random.seed(0)
            check(qid, namespace)
        in_notebook = capsys.readouterr().out.strip().splitlines()
        on_command_line = "\n".join(printed[:-1]).splitlines()  # last line: the summary
        assert in_notebook == on_command_line, name
