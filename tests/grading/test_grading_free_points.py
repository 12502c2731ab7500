"""Free points: every attack in tests/grading/corpus/points/ scores 0 (or less than full marks) on the
question it attacks.

Each attack's cells are appended to the solution notebook's code cells (so the other questions
keep their solutions and the attacked function is redefined), graded in the sandbox with the
grader's own references, and judged by the file's headers (see that folder's README)."""

import json
import re
from pathlib import Path

import pytest

from bpgrade.classroom.batch import _context
from bpgrade.classroom.grade import grade_notebook
from bpgrade.classroom import notebook as nbmod
from bpgrade.selftest.corpus import notebook as make_notebook

CORPUS = Path(__file__).parent / "corpus" / "points"
SEED = 20261202


def _headers(path):
    out = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("# %%"):
            break
        match = re.match(r"# (attack|exercise|score|text~):\s*(.*)", line)
        if match:
            out[match.group(1)] = match.group(2).strip()
    return out


def _attack_cells(path):
    text = path.read_text(encoding="utf-8")
    return [("code", part.strip("\n")) for part in text.split("# %%\n")[1:]]


CASES = sorted(p.stem for p in CORPUS.glob("*.py"))


def test_the_free_points_corpus_covers_each_class():
    assert {"echo_labels", "digits_lookup", "finite_differences", "finite_difference_formulas"} <= set(CASES)
    # an unstable formula whose warnings are hidden, filtered or avoided by clipping: points come
    # from values the grader checks, never from a signal the learner's code controls
    assert {"hidden_overflow_sigmoid", "silenced_warnings_sigmoid", "clipped_sigmoid",
            "hidden_overflow_sigmoid_layer", "hidden_overflow_softmax", "hidden_overflow_log_softmax",
            "clipped_softmax", "clipped_log_softmax", "clipped_softmax_ce", "log_of_softmax"} <= set(CASES)
    # bplib routes to the asked numbers that bypass the work (withheld while grading)
    assert {"bplib_finite_differences_seed", "bplib_engine_seed", "bplib_sympy_loss_seed"} <= set(CASES)


@pytest.fixture(scope="module")
def references(layout, limits, protections, tmp_path_factory):
    cache = tmp_path_factory.mktemp("refs")
    return lambda ex: _context(str(layout.root), [ex], SEED, limits, protections, cache)[ex]


@pytest.mark.parametrize("name", CASES)
def test_attack_scores_zero(name, layout, limits, protections, references, tmp_path):
    path = CORPUS / f"{name}.py"
    head = _headers(path)
    exercise = head["exercise"]
    expected = dict(re.fullmatch(r"(\w+)([=<].+)", token).groups() for token in head["score"].split())
    solution = nbmod.load_json(layout.source_notebook(exercise))
    cells = [("code", "".join(c["source"])) for c in solution["cells"]
             if c["cell_type"] == "code" and nbmod.cell_role(c) != "solution-only"]
    submission = tmp_path / f"{exercise}.ipynb"
    submission.write_text(json.dumps(make_notebook(cells + _attack_cells(path))), encoding="utf-8")
    checkset, refs = references(exercise)
    result = grade_notebook(submission, checkset, refs, limits, protections, only=set(expected))
    scores = {q["id"]: q["score"] for q in result["questions"]}
    assert set(scores) == set(expected), result["questions"]
    for qid, bound in expected.items():      # "=0": exactly 0; "<2": less than full marks of 2
        score = scores[qid]
        assert score == float(bound[1:]) if bound[0] == "=" else score < float(bound[1:]), (qid, result["questions"])
    text = json.dumps(result)
    assert "internal grader error" not in text
    for word in head.get("text~", "").split():
        assert word in text, f"{name}: the result does not mention {word!r}"
