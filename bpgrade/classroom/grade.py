"""Grade one notebook for one exercise set: every question in its own fresh sandbox.

``grade_notebook`` returns the exercise's part of a result file: per question its score, status,
a learner-safe message and per-case details; the cells' statuses; a capped excerpt of what the
code printed. It never raises for anything a submission does: an unreadable file, a missing
function, a crash or a hang each become a recorded status.

A ``Budget`` caps the wall-clock time of all questions of one student: each question gets at
most what is left of it, and once it is used up the remaining questions are ``timeout`` without
running. Learner-visible messages never carry text from a run after a hidden case started in it:
hidden cases report a category only, and a public case that comes after a hidden one is treated
the same way (the cases are public first, so this only guards against a reordering).
"""

import dataclasses
import hashlib
import os
import time

from bpgrade.classroom import notebook
from bpgrade.judging.judge import judge_case, public_message, score_question
from bpgrade.isolation.runner import run_question


def _file_hash(path):
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


@dataclasses.dataclass(frozen=True)
class Budget:
    """Wall-clock seconds for everything one student hands in, counted from ``start``."""

    seconds: float
    start: float = dataclasses.field(default_factory=time.monotonic)

    def remaining(self):
        return self.start + self.seconds - time.monotonic()

    def message(self, stopped=False):
        what = "stopped" if stopped else "not run"
        return (f"{what}: the time budget per student ({self.seconds:g} s for all exercise sets) "
                "was used up")


def empty_exercise(checkset, status, message):
    """Result of an exercise whose notebook could not be graded at all."""
    questions = [{"id": q.id, "score": 0.0, "max_score": float(q.points), "status": status,
                  "message": message, "cases": []} for q in checkset.questions]
    return {"exercise": checkset.exercise, "score": 0.0, "max_score": checkset.max_score,
            "status": status, "message": message, "questions": questions, "cells": [], "output": ""}


def grade_notebook(path, checkset, references, limits, protections, only=None, notes=(), budget=None):
    """Grade ``path`` against ``references`` ({qid: [Case with expected]}), within ``budget``."""
    try:
        cells = notebook.code_cells(path)
    except notebook.UnreadableNotebook as exc:
        from bpgrade.learner.checkcmd import unreadable_message

        result = empty_exercise(checkset, "error", f"unreadable submission: {unreadable_message(path, exc)}")
        result["notes"] = list(notes)
        return result
    questions, cell_log, output, known_bad = [], {}, [], {}
    for q in checkset.questions:
        if only and q.id not in only:
            continue
        cases = _annotated(references[q.id], checkset)
        start = time.monotonic()
        q_limits, capped = limits, False
        if budget is not None:
            remaining = budget.remaining()
            if remaining <= 0:
                questions.append({"id": q.id, "score": 0.0, "max_score": float(q.points),
                                  "status": "timeout", "message": budget.message(), "cases": []})
                continue
            if remaining < limits.question_timeout:
                q_limits, capped = dataclasses.replace(limits, question_timeout=remaining), True
        try:
            run = run_question(cells, cases, q_limits, protections, q.timeout, known_bad,
                               getattr(checkset, "withheld", ()))
            verdicts = [judge_case(q, case, case_run) for case, case_run in zip(cases, run.cases)]
        except Exception as exc:  # a grader fault must cost this question only, and say so
            questions.append({"id": q.id, "score": 0.0, "max_score": float(q.points), "status": "error",
                              "message": f"internal grader error ({exc.__class__.__name__}); please report it",
                              "detail": f"{exc.__class__.__name__}: {exc}", "cases": []})
            continue
        shown = _as_shown(cases)
        score, status, message = score_question(q, shown, verdicts)
        status, message = _blame_cells(status, message, run.cells, q)
        if capped and status != "pass" and budget.remaining() <= 0:
            status, message = "timeout", budget.message(stopped=True) + f"; {message}"
        for entry in run.cells:
            if entry["status"] != "ok":
                cell_log.setdefault(entry["cell"], entry)
        output.append(run.output)
        questions.append({
            "id": q.id, "score": score, "max_score": float(q.points), "status": status,
            "message": message, "seconds": round(time.monotonic() - start, 3),
            "cases": [{"name": c.name, "hidden": c.hidden, "passed": v.ok, "category": v.category,
                       "message": public_message(c, v) if not v.ok else "", "detail": v.message,
                       "call": "" if c.hidden else describe_calls(c), "seconds": r.seconds}
                      for c, v, r in zip(shown, verdicts, run.cases)]})
    total = round(sum(q["score"] for q in questions), 4)
    return {"exercise": checkset.exercise, "submission_sha256": _file_hash(path),
            "score": total, "max_score": float(sum(q["max_score"] for q in questions)),
            "status": "graded", "notes": list(notes), "questions": questions,
            "cells": [cell_log[i] for i in sorted(cell_log)],
            "output": "".join(output)[-limits.output_bytes:]}


def _as_shown(cases):
    """The cases as a learner may see them: any case that runs after a hidden one (in the same
    child) is reported like a hidden case, by its category only."""
    shown, after_hidden = [], False
    for case in cases:
        after_hidden |= case.hidden
        shown.append(dataclasses.replace(case, hidden=True) if after_hidden and not case.hidden else case)
    return shown


def describe_calls(case, limit=400):
    """A public case's calls as a learner would write them (shared with the self-check)."""
    from bpgrade.learner.describe import call_text

    return call_text(case, limit)


_SIGNATURES = {}


def _annotated(cases, checkset):
    """Cases with their functions' parameter names (from the course's built exercise notebook),
    so feedback words calls and modified inputs as the self-check does. The notebook is parsed
    once per version of the file, not once per question."""
    from bpgrade.layout import Layout
    from bpgrade.learner.describe import annotate, signatures_from_notebook

    path = checkset.exercise_notebook or str(Layout.find().exercise_notebook(checkset.exercise))
    try:
        stat = os.stat(path)
        key = (path, stat.st_mtime_ns, stat.st_size)
    except OSError:
        key = (path, None, None)
    if key not in _SIGNATURES:
        _SIGNATURES[key] = signatures_from_notebook(path)
    return annotate(cases, _SIGNATURES[key])


def _blame_cells(status, message, cells, question):
    """A function missing because its cell timed out or crashed is reported as that."""
    if status != "missing":
        return status, message
    for entry in cells:
        if entry["status"] in ("timeout", "crash"):
            verb = "timed out" if entry["status"] == "timeout" else "crashed"
            return entry["status"], (f"cell {entry['cell']} {verb} and was skipped, so "
                                     f"{', '.join(question.required_names())} is not defined")
    names = ", ".join(question.required_names()) or "the function"
    from bpgrade.learner.checkcmd import syntax_errors

    for cell, line, error in syntax_errors(cells):
        return "missing", f"syntax error in cell {cell}, line {line} ({error}), so {names} is not defined"
    return "missing", f"{names} not defined (answer cell deleted or function renamed?)"
