"""The teaching standards every lecture notebook follows, checked (nbval checks their outputs)."""

import json
import re
from pathlib import Path

import pytest

NOTEBOOKS = sorted((Path(__file__).resolve().parent.parent / "notebooks").glob("*.ipynb"))
WITH_EXERCISES = {f"{n:02d}" for n in range(1, 13)}


def load(path):
    nb = json.loads(path.read_text(encoding="utf-8"))
    md = ["".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "markdown"]
    code = [c for c in nb["cells"] if c["cell_type"] == "code"]
    return nb, md, code


def test_all_thirteen_lecture_notebooks_exist():
    assert [p.name[:2] for p in NOTEBOOKS] == [f"{n:02d}" for n in range(13)]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_goals_first_summary_and_questions_last(path):
    nb, md, code = load(path)
    first = "".join(nb["cells"][0]["source"]).lower()
    assert nb["cells"][0]["cell_type"] == "markdown" and "goal" in first and "assum" in first
    tail = "\n".join("".join(c["source"]) for c in nb["cells"][-4:] if c["cell_type"] == "markdown").lower()
    assert "summary" in "\n".join(md[-4:]).lower()
    assert "check yourself" in tail and tail.count("<details>") >= 3


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_executed_in_order_with_outputs_and_small(path):
    _, _, code = load(path)
    assert "".join(code[0]["source"]).lstrip().startswith("%matplotlib inline")
    counts = [c["execution_count"] for c in code if "".join(c["source"]).strip()]
    assert counts == list(range(1, len(counts) + 1)), "re-run the notebook top to bottom (tools/execute_notebooks.py)"
    assert any(c["outputs"] for c in code)
    assert path.stat().st_size < 2_000_000


@pytest.mark.parametrize("path", [p for p in NOTEBOOKS if p.name[:2] in WITH_EXERCISES], ids=lambda p: p.stem)
def test_links_to_its_exercise_set(path):
    _, md, _ = load(path)
    assert re.search(rf"\.\./exercises/ex{path.name[:2]}_\w+\.ipynb", "\n".join(md))
