"""The instructor's side of bpgrade: collecting a class, names, budgets, reports, CLI errors."""

import csv
import html
import json
import os
import re
import shutil

import random

import pytest

from bpgrade.classroom import results, submissions
from bpgrade.classroom.grade import Budget, _as_shown, grade_notebook
from bpgrade.classroom.report import csv_text, exercise_sets_note, feedback_markdown, gradebook_rows, md_text
from bpgrade.cli import main

EX = "ex01_neuron"


def student(subs, name, notebook, filename=f"{EX}.ipynb"):
    (subs / name).mkdir(parents=True, exist_ok=True)
    shutil.copy(notebook, subs / name / filename)


# --- command-line errors: exit status 2 and a message that says what to do -------------------

def test_seed_is_required(tmp_path, layout, capsys):
    student(tmp_path / "subs", "ann", layout.exercise_notebook(EX))
    assert main(["grade", str(tmp_path / "subs"), "--out", str(tmp_path / "res")]) == 2
    err = capsys.readouterr().err
    assert "--seed is required" in err and "public" in err
    assert not (tmp_path / "res").exists()


def test_a_students_folder_is_not_a_class_folder(tmp_path, layout, capsys):
    student(tmp_path / "subs", "ann", layout.exercise_notebook(EX))
    code = main(["grade", str(tmp_path / "subs" / "ann"), "--out", str(tmp_path / "res"), "--seed", "1"])
    err = capsys.readouterr().err
    assert code == 2 and "holds notebooks (ex01_neuron.ipynb)" in err and "one folder (or zip) per student" in err


def test_an_empty_class_is_an_error(tmp_path, capsys):
    (tmp_path / "subs").mkdir()
    (tmp_path / "subs" / "grades.csv").write_text("x")
    assert main(["grade", str(tmp_path / "subs"), "--out", str(tmp_path / "res"), "--seed", "1"]) == 2
    err = capsys.readouterr().err
    assert "no student folders or zips" in err and "ignored 1 file(s)" in err and "grades.csv" in err


def test_no_known_exercise_set_is_an_error(tmp_path, layout, capsys):
    student(tmp_path / "subs", "ann", layout.exercise_notebook(EX), "homework.ipynb")
    assert main(["grade", str(tmp_path / "subs"), "--out", str(tmp_path / "res"), "--seed", "1"]) == 2
    assert "no notebook of a known exercise set" in capsys.readouterr().err


@pytest.mark.parametrize("out", ["subs", "subs/res", "."])
def test_out_and_submissions_must_not_overlap(tmp_path, layout, capsys, out):
    student(tmp_path / "subs", "ann", layout.exercise_notebook(EX))
    assert main(["grade", str(tmp_path / "subs"), "--out", str(tmp_path / out), "--seed", "1"]) == 2
    err = capsys.readouterr().err
    assert "--out" in err and ("inside" in err or "submissions folder" in err)
    assert not (tmp_path / "subs" / "res").exists()


def test_report_without_results_is_an_error(tmp_path, layout, capsys):
    student(tmp_path / "subs", "ann", layout.exercise_notebook(EX))
    assert main(["report", str(tmp_path / "subs"), "--csv", str(tmp_path / "gb.csv")]) == 2
    assert "no result files" in capsys.readouterr().err
    assert not (tmp_path / "gb.csv").exists()
    assert main(["report", str(tmp_path / "nope"), "--csv", str(tmp_path / "gb.csv")]) == 2


def test_budget_must_be_positive(tmp_path, layout, capsys):
    student(tmp_path / "subs", "ann", layout.exercise_notebook(EX))
    assert main(["grade", str(tmp_path / "subs"), "--out", str(tmp_path / "res"), "--seed", "1",
                 "--student-budget", "0"]) == 2
    assert "--student-budget" in capsys.readouterr().err


# --- a class: the sets present, odd names, --resume, the report --------------------------------

ODD = ["long-" + "x" * 250, "-rf", "Zoë 名前", "two\nlines ## <b>", "tab\there", "=1+1"]


@pytest.fixture(scope="module")
def odd_class(tmp_path_factory, layout):
    """Untouched ex01 notebooks under odd names, and one ex02 handed in under JupyterLab's name."""
    base = tmp_path_factory.mktemp("odd")
    for name in ODD:
        student(base / "subs", name, layout.exercise_notebook(EX))
    student(base / "subs", "ann", layout.exercise_notebook("ex02_losses"), "ex02_losses-Copy1.ipynb")
    return base


def test_grade_takes_the_sets_present_and_any_name(odd_class, capsys):
    code = main(["grade", str(odd_class / "subs"), "--out", str(odd_class / "res"), "--seed", "3",
                 "--jobs", "2"])
    out = capsys.readouterr().out
    assert code == 1  # untouched notebooks: every question errors, recorded
    assert "exercise sets present in the submissions, graded: ex01_neuron, ex02_losses" in out
    assert "graded 7 student(s)" in out
    assert "two\\nlines ## <b>: 0/" in out and "two\nlines" not in out  # one line per student
    files = sorted(p.name for p in (odd_class / "res").glob("*.json"))
    assert len(files) == 7 and all(len(f) < 80 for f in files)
    for name in ODD + ["ann"]:
        doc = json.loads(results.result_path(odd_class / "res", name).read_text(encoding="utf-8"))
        assert doc["student"] == name
        assert doc["exercise_sets"] == ["ex01_neuron", "ex02_losses"] and doc["exercise_selection"] == "present"
        assert [p["exercise"] for p in doc["exercises"]] == ["ex01_neuron", "ex02_losses"]
    ann = json.loads(results.result_path(odd_class / "res", "ann").read_text(encoding="utf-8"))
    assert ann["exercises"][0]["status"] == "missing" and ann["exercises"][1]["status"] == "graded"
    assert any("ex02_losses-Copy1.ipynb" in n for n in ann["notes"])


def test_resume_with_odd_names(odd_class, capsys):
    before = {p.name: p.stat().st_mtime_ns for p in (odd_class / "res").glob("*.json")}
    assert before, "the class fixture was graded first"
    code = main(["grade", str(odd_class / "subs"), "--out", str(odd_class / "res"), "--seed", "3", "--resume"])
    assert code == 0 and "graded 0 student(s)" in capsys.readouterr().out
    assert {p.name: p.stat().st_mtime_ns for p in (odd_class / "res").glob("*.json")} == before


def test_report_names_the_sets_and_escapes_names(odd_class, tmp_path, capsys):
    assert main(["report", str(odd_class / "res"), "--csv", str(tmp_path / "gb.csv"),
                 "--feedback", str(tmp_path / "fb")]) == 0
    out = capsys.readouterr().out
    assert "Graded on 2 exercise set(s) (the sets present in the class's submissions): " \
           "ex01_neuron, ex02_losses" in out
    rows = list(csv.reader(open(tmp_path / "gb.csv", newline="", encoding="utf-8")))
    names = [r[0] for r in rows[1:]]
    assert "'=1+1" in names and "'-rf" in names and "tab\there" in names and "Zoë 名前" in names
    feedback = {p.name: p.read_text(encoding="utf-8") for p in (tmp_path / "fb").glob("*.md")}
    assert len(feedback) == 7
    two = next(t for t in feedback.values() if t.startswith("# Feedback for two"))
    assert two.startswith("# Feedback for two\\\\nlines \\#\\# &lt;b&gt;\n")
    assert "Graded on 2 exercise set(s)" in two


# --- pieces -------------------------------------------------------------------------------------

def test_exercise_for_resolves_duplicates_and_longest_names():
    known = ["ex01_neuron", "ex01_neuron_extra", "ex02_losses"]
    assert submissions.exercise_for("ex01_neuron-Copy1.ipynb", known) == "ex01_neuron"
    assert submissions.exercise_for("ex01_neuron (1).ipynb", known) == "ex01_neuron"
    assert submissions.exercise_for("some/dir/ex01_neuron_extra-Copy2.ipynb", known) == "ex01_neuron_extra"
    assert submissions.exercise_for("ex01_neuron.py", known) is None
    assert submissions.exercise_for("homework.ipynb", known) is None


def test_find_notebook_does_not_take_a_longer_sets_file(tmp_path):
    (tmp_path / "ex01_neuron_extra.ipynb").write_text("{}")
    assert submissions.find_notebook(tmp_path, "ex01_neuron", ["ex01_neuron_extra"]) == (None, [])
    (tmp_path / "ex01_neuron-Copy1.ipynb").write_text("{}")
    path, notes = submissions.find_notebook(tmp_path, "ex01_neuron", ["ex01_neuron_extra"])
    assert path.name == "ex01_neuron-Copy1.ipynb" and "no file named ex01_neuron.ipynb" in notes[0]


def test_collect_never_follows_links(tmp_path):
    subs = tmp_path / "subs"
    (subs / "alice").mkdir(parents=True)
    (subs / "alice" / "ex01_neuron.ipynb").write_text("{}")
    (subs / "mallory").mkdir()
    os.symlink("../alice", subs / "mallory" / "peek")
    os.symlink("alice", subs / "bob")
    (subs / "eve").mkdir()
    (subs / "eve.zip").write_bytes(b"PK")
    (subs / "trent").mkdir()
    os.mkfifo(subs / "trent" / "ex01_neuron.ipynb")
    found = {s.name: s.problem for s in submissions.collect(subs)}
    assert found["alice"] == ""
    assert "mallory/peek is a symbolic link" in found["mallory"]
    assert "bob is a symbolic link" in found["bob"]
    assert "handed in twice (eve.zip and eve/)" in found["eve"]
    assert "not a regular file" in found["trent"]


def test_collect_notes_hard_links_between_students(tmp_path):
    subs = tmp_path / "subs"
    for name in ("alice", "mallory", "bob"):
        (subs / name).mkdir(parents=True)
    (subs / "alice" / "ex01_neuron.ipynb").write_text("{}")
    os.link(subs / "alice" / "ex01_neuron.ipynb", subs / "mallory" / "peek.ipynb")
    (subs / "bob" / "ex01_neuron.ipynb").write_text("{}")
    found = {s.name: s for s in submissions.collect(subs)}
    assert "same file (a hard link) as a notebook of 'mallory'" in found["alice"].notes[0]
    assert "peek.ipynb is the same file (a hard link) as a notebook of 'alice'" in found["mallory"].notes[0]
    assert found["bob"].notes == () and all(not s.problem for s in found.values())


def test_result_file_names_are_plain_or_collision_free():
    assert results.file_stem("alice") == "alice" and results.file_stem("a.b-c_d") == "a.b-c_d"
    odd = ["-rf", "=eve", "_x", ".hidden", "a" * 300, "Zoë", "a\nb", "bad\udcff", "x/../y", "A" * 101]
    stems = [results.file_stem(n) for n in odd]
    assert len(set(stems)) == len(odd)
    for stem in stems:
        assert re.fullmatch(r"_[A-Za-z0-9-]{0,40}\.[0-9a-f]{20}", stem), stem
    assert results.file_stem("Zoë") != results.file_stem("Zoe")


def test_display_score_has_two_decimals_at_most():
    assert [results.display_score(v) for v in (15.357142, 8.0, 0.5, 2 / 3, 0.0, 1e-9)] == \
        ["15.36", "8", "0.5", "0.67", "0", "0"]


def _result(student="ann", score=15.357142):
    q = {"id": "ex01_neuron.q_sigmoid", "score": score, "max_score": 20.0, "status": "fail", "message": "m"}
    part = {"exercise": "ex01_neuron", "score": score, "max_score": 20.0, "status": "graded",
            "questions": [dict(q, id="q_sigmoid", cases=[])], "cells": []}
    return {"student": student, "score": score, "max_score": 20.0, "questions": [q], "exercises": [part],
            "notes": []}


def test_report_warns_when_results_were_graded_on_different_sets():
    one, two = _result("ann"), _result("ben")
    two["exercise_sets"] = ["ex01_neuron", "ex02_losses"]
    note = exercise_sets_note([("ann", one), ("ben", two)])
    assert note.startswith("Warning: the result files were graded on different exercise sets")
    assert "ex01_neuron, ex02_losses" in note and "not comparable" in note
    assert exercise_sets_note([("ann", one)]) == "Graded on 1 exercise set(s): ex01_neuron; out of 20 points."


def test_scores_are_rounded_for_people_and_exact_in_the_data():
    header, rows = gradebook_rows([("ann", _result())])
    assert rows == [["ann", "15.36", "15.36", "20"]]
    text = feedback_markdown(_result())
    assert "**Total: 15.36 / 20**" in text and "15.357" not in text


@pytest.mark.parametrize("text", ["=1+1", "+1", "-1", "@SUM(A1)", "\t=1", "\r=1", "\n=1", "＝1+1", " =1"])
def test_csv_text_guards_anything_but_a_letter_or_digit_first(text):
    assert csv_text(text) == "'" + text


def test_csv_text_keeps_plain_names():
    assert [csv_text(t) for t in ("ann", "Zoë", "42")] == ["ann", "Zoë", "42"]


def _visible(text):
    return "".join(c if c.isprintable() else c.encode("unicode_escape").decode("ascii") for c in text)


_POOL = "ab1 _*`[]()<>&#!|~$\\\n\r\t=+-@:/.\"'{}^%\u202e\u2028é名🙂\x00\x1b"
_SAMPLES = ["<script>alert(1)</script>", "[x](javascript:alert(1))", "![i](http://t/p.png)", "**b** __u__",
            "`code` ``x``", "&lt;b&gt; &amp;", "a\n## Total: 100\n", "x\\<b>", "<!-- c -->", "$\\href{j}{x}$",
            "| a | b |", "~~s~~", "http://example.com <http://example.com>"]


def _texts(n=400, seed=0):
    rng = random.Random(seed)
    return _SAMPLES + ["".join(rng.choice(_POOL) for _ in range(rng.randint(1, 40))) for _ in range(n)]


def test_md_text_renders_as_the_same_text_and_nothing_else():
    mistune = pytest.importorskip("mistune")
    for text in _texts():
        rendered = mistune.html(f"- x: {md_text(text)}\n")
        assert re.fullmatch(r"<ul>\n<li>(?s:.*)</li>\n</ul>\n", rendered), (text, rendered)
        inner = rendered[len("<ul>\n<li>"):-len("</li>\n</ul>\n")]
        assert "<" not in inner, (text, rendered)  # no tag: no link, image, emphasis, code or raw HTML
        assert " ".join(html.unescape(inner).split()) == " ".join(("x: " + _visible(text)).split()), text


def test_md_text_neutralises_headings_html_and_tables():
    text = md_text("x\n## Total: 100\n<script>alert(1)</script> | a | ![i](http://t) **b**")
    assert "\n" not in text and "<" not in text and "|" not in text.replace("\\|", "")
    assert "\\#\\#" in text and "&lt;script&gt;" in text and "\\!\\[i\\]" in text


def test_public_cases_after_a_hidden_one_are_shown_as_hidden(layout):
    from bpgrade.authoring import spec as spec_mod

    checkset = spec_mod.load(layout.check_file(EX))
    cases = checkset.questions[0].cases(7)
    public = [c for c in cases if not c.hidden]
    hidden = [c for c in cases if c.hidden]
    shown = _as_shown(public + hidden[:1] + public)
    assert [c.hidden for c in shown] == [False] * len(public) + [True] * (1 + len(public))
    assert [c.name for c in shown] == [c.name for c in public + hidden[:1] + public]


def test_a_used_up_budget_runs_nothing_and_says_so(layout, limits, protections):
    from bpgrade.authoring import spec as spec_mod

    checkset = spec_mod.load(layout.check_file(EX))
    references = {q.id: q.cases(7) for q in checkset.questions}  # never run: the budget is spent
    part = grade_notebook(layout.source_notebook(EX), checkset, references, limits, protections,
                          budget=Budget(1.0, start=0.0))
    assert {q["status"] for q in part["questions"]} == {"timeout"}
    assert all("time budget per student (1 s" in q["message"] for q in part["questions"])
    assert part["score"] == 0


def test_one_students_grader_fault_is_their_error_only(tmp_path, layout, limits, protections, monkeypatch):
    from bpgrade.classroom import batch

    student(tmp_path / "subs", "ann", layout.exercise_notebook(EX))
    (found,) = submissions.collect(tmp_path / "subs")
    (tmp_path / "res").mkdir()

    def broken(*args, **kwargs):
        raise OSError("disk on fire")

    monkeypatch.setattr(batch, "find_notebook", broken)
    task = ("ann", str(found.path), str(layout.root), [EX], 5, limits, protections, str(tmp_path / "res"),
            str(tmp_path / "work"), found, "chosen", 60.0)
    name, score, maximum, problems = batch.grade_student(task)
    assert (name, score, maximum, problems) == ("ann", 0.0, 8.0, True)
    doc = json.loads((tmp_path / "res" / "ann.json").read_text())
    assert {q["status"] for q in doc["questions"]} == {"error"}
    assert "internal grader error (OSError)" in doc["questions"][0]["message"]
    assert "disk on fire" not in doc["questions"][0]["message"] and "disk on fire" in doc["notes"][0]


def test_check_resolves_names_as_grade_does(layout, tmp_path, capsys):
    copy = tmp_path / "ex01_neuron-Copy1.ipynb"
    shutil.copy(layout.source_notebook(EX), copy)
    assert main(["check", str(copy), "--question", "q_and"]) == 0
    assert "no public checks" not in capsys.readouterr().out


def test_a_check_set_knows_the_built_notebook_of_its_own_course(layout):
    """Feedback takes parameter names from the course being graded (``--root``), not from the
    course found from the current directory."""
    from pathlib import Path

    from bpgrade.authoring import spec as spec_mod

    checkset = spec_mod.load(layout.check_file(EX))
    assert Path(checkset.exercise_notebook) == layout.exercise_notebook(EX).resolve()
