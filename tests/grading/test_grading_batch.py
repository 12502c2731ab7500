"""bpgrade grade / report / check end to end on a small class (real sandbox, ex01_neuron)."""

import csv
import json
import shutil
import zipfile

import pytest

from bpgrade.cli import main


@pytest.fixture(scope="module")
def graded(tmp_path_factory, layout):
    base = tmp_path_factory.mktemp("class")
    subs = base / "subs"
    for student in ("ann", "ben", "cat"):
        (subs / student).mkdir(parents=True)
    shutil.copy(layout.source_notebook("ex01_neuron"), subs / "ann" / "ex01_neuron.ipynb")
    shutil.copy(layout.exercise_notebook("ex01_neuron"), subs / "ben" / "ex01_neuron.ipynb")
    (subs / "cat" / "ex01_neuron.ipynb").write_text("{broken", encoding="utf-8")
    eve = {"cells": [{"cell_type": "code", "metadata": {}, "outputs": [], "execution_count": None,
                      "source": "import numpy as np\ndef sigmoid(z):\n    return np.zeros(np.shape(z)) + 0.25"}],
           "metadata": {}, "nbformat": 4, "nbformat_minor": 5}
    (subs / "=eve").mkdir()
    (subs / "=eve" / "ex01_neuron.ipynb").write_text(json.dumps(eve), encoding="utf-8")
    with zipfile.ZipFile(subs / "dan.zip", "w") as zf:
        zf.write(layout.source_notebook("ex01_neuron"), "work/ex01_neuron.ipynb")
    code = main(["grade", str(subs), "--out", str(base / "res"), "--jobs", "2",
                 "--exercise", "ex01_neuron", "--seed", "5"])
    return base, code


def load(base, student):
    return json.loads((base / "res" / f"{student}.json").read_text())


def test_results_per_student(graded):
    base, code = graded
    assert code == 1  # cat's notebook is unreadable: recorded, batch finished
    ann, ben, cat, dan = (load(base, s) for s in ("ann", "ben", "cat", "dan"))
    assert load(base, "=eve")["questions"][0]["status"] == "fail"
    assert ann["score"] == ann["max_score"] == 8.0
    assert dan["score"] == 8.0
    assert ben["score"] == 0 and {q["status"] for q in ben["questions"]} == {"error"}
    assert cat["score"] == 0 and "unreadable submission" in cat["questions"][0]["message"]
    assert set(ann["questions"][0]) == {"id", "score", "max_score", "status", "message"}
    assert ann["protections"]["process_isolation"] is True
    assert "landlock_abi" in ann["protections"] and "seccomp" in ann["protections"]
    assert "seed" not in ann["grader"] and len(ann["grader"]["seed_id"]) == 12  # not the seed itself


def test_report_csv_and_feedback_hide_hidden_cases(graded, tmp_path):
    base, _ = graded
    assert main(["report", str(base / "res"), "--csv", str(tmp_path / "gb.csv"),
                 "--feedback", str(tmp_path / "fb")]) == 0
    rows = list(csv.reader(open(tmp_path / "gb.csv")))
    assert rows[0][0] == "student" and rows[0][-2:] == ["total", "max_score"]
    assert "ex01_neuron.q_sigmoid" in rows[0]
    assert [r[0] for r in rows[1:]] == ["'=eve", "ann", "ben", "cat", "dan"]  # no formula injection
    ben = (tmp_path / "fb" / "ben.md").read_text()
    assert ("public 1 `sigmoid(z) with z: float64 array of shape (3,) = [-2, 0, 3]`: failed: "
            "NotImplementedError") in ben
    assert "hidden 1: failed (error)" in ben
    detail = [c for q in load(base, "ben")["exercises"][0]["questions"] for c in q["cases"] if c["hidden"]]
    assert detail and all(c["message"].endswith("failed (error)") for c in detail)
    # eve's hidden cases fail with values in the instructor's result, never in her feedback
    eve = (tmp_path / "fb" / "=eve.md").read_text()
    hidden = [c["detail"] for q in load(base, "=eve")["exercises"][0]["questions"] for c in q["cases"]
              if c["hidden"] and not c["passed"] and "expected" in c["detail"]]
    assert hidden
    for text in hidden:
        expected_value = text.split("expected ")[1].split(",")[0]
        assert expected_value not in eve, expected_value
    assert "hidden 1: failed (value)" in eve


def test_resume_and_shards(graded, layout, tmp_path):
    base, _ = graded
    before = (base / "res" / "ann.json").stat().st_mtime_ns
    main(["grade", str(base / "subs"), "--out", str(base / "res"), "--resume", "--exercise", "ex01_neuron",
          "--seed", "5"])
    assert (base / "res" / "ann.json").stat().st_mtime_ns == before
    from bpgrade.classroom.batch import in_shard

    students = ("ann", "ben", "cat", "dan")
    shards = [{s for s in students if in_shard(s, k, 2)} for k in (1, 2)]
    assert shards[0] | shards[1] == set(students) and not shards[0] & shards[1]
    only_ben = tmp_path / "subs"
    shutil.copytree(base / "subs" / "ben", only_ben / "ben")
    k = 1 if "ben" in shards[0] else 2
    assert main(["grade", str(only_ben), "--out", str(tmp_path / "mine"), "--shard", f"{k}/2",
                 "--exercise", "ex01_neuron"]) == 0
    assert main(["grade", str(only_ben), "--out", str(tmp_path / "other"), "--shard", f"{3 - k}/2",
                 "--exercise", "ex01_neuron"]) == 0
    assert (tmp_path / "mine" / "ben.json").exists() and not (tmp_path / "other" / "ben.json").exists()


def test_bad_grader_input_is_a_clear_error(tmp_path, capsys):
    assert main(["grade", str(tmp_path / "nope"), "--out", str(tmp_path / "r")]) == 2
    assert "does not exist" in capsys.readouterr().err
    (tmp_path / "subs").mkdir()
    assert main(["grade", str(tmp_path / "subs"), "--out", str(tmp_path / "r"), "--exercise", "ex99"]) == 2
    assert "unknown exercise" in capsys.readouterr().err
    assert main(["grade", str(tmp_path / "subs"), "--out", str(tmp_path / "r"), "--shard", "3/2"]) == 2


def test_check_command_exit_codes(layout, capsys):
    assert main(["check", str(layout.source_notebook("ex01_neuron"))]) == 0
    assert main(["check", str(layout.exercise_notebook("ex01_neuron")), "--question", "q_relu"]) == 1
    out = capsys.readouterr().out
    assert "q_relu" in out and "NotImplementedError" in out and "q_sigmoid" not in out.split("PASS")[-1]
