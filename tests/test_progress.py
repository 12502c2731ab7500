"""`bpgrade progress`: pass / fail / not started per question, from the public checks."""

import json
import shutil

import pytest

from bpgrade.isolation import protections as prot
from bpgrade.isolation.limits import Limits
from bpgrade.layout import Layout
from bpgrade.learner.progress import NOT_STARTED, format_progress, progress

REPO = Layout.find()


def _answer(nb, qid, code):
    cell = next(c for c in nb["cells"] if c["metadata"].get("bpgrade") == {"id": qid, "role": "answer"})
    cell["source"] = code


@pytest.fixture
def course(tmp_path):
    shutil.copytree(REPO.exercises, tmp_path / "exercises",
                    ignore=shutil.ignore_patterns(".ipynb_checkpoints"))
    return Layout(tmp_path)


def _run(layout):
    return progress(layout, Limits(cell_timeout=10, call_timeout=5, question_timeout=30),
                    prot.probe("standard"))


def test_fresh_exercises_are_all_not_started(course):
    rows = _run(course)
    assert [name for name, _, _ in rows] == [p.stem for p in sorted(REPO.exercises.glob("ex*.ipynb"))]
    assert {status for _, _, qs in rows for _, _, status in qs} == {NOT_STARTED}
    text = format_progress(rows)
    total = sum(len(qs) for _, _, qs in rows)
    assert text.endswith(f"0/{total} questions pass; 0 fail; {total} not started")


def test_right_wrong_and_untouched_answers(course):
    path = course.exercises / "ex01_neuron.ipynb"
    nb = json.loads(path.read_text(encoding="utf-8"))
    _answer(nb, "q_sigmoid", "def sigmoid(z):\n    return np.exp(-np.logaddexp(0.0, -z))\n")
    _answer(nb, "q_and", "def and_gate():\n    return np.array([1.0, 1.0]), 0.0\n")  # never fires
    path.write_text(json.dumps(nb), encoding="utf-8")
    rows = dict((name, qs) for name, _, qs in _run(course))
    assert [(qid, status) for qid, _, status in rows["ex01_neuron"]] == [
        ("q_sigmoid", "pass"), ("q_relu", NOT_STARTED), ("q_neuron", NOT_STARTED), ("q_and", "fail")]
    assert all(status == NOT_STARTED for _, _, status in rows["ex02_losses"])
    assert "ex01_neuron  The neuron: 1/4 pass" in format_progress(list(
        (n, t, q) for n, t, q in _run(course)))


def test_cli_prints_the_view(course, capsys):
    from bpgrade.cli import main

    assert main(["progress", "--root", str(course.root)]) == 0
    out = capsys.readouterr().out
    assert "ex01_neuron  The neuron: 0/4 pass" in out and "q_sigmoid" in out
