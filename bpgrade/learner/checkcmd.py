"""``bpgrade check NOTEBOOK``: a learner's command-line self-check, in the sandbox.

Runs the notebook's code exactly as the grader does (fresh sandboxed child per question, same
seeding and cell semantics) on the public cases only, judges with the grader's code against the
expected values in ``exercises/checks/<exercise>.json``, prints the same report as the
in-notebook self-check, and returns 1 if anything fails.
"""

from pathlib import Path

from bpgrade.classroom import notebook
from bpgrade.authoring import publicspec
from bpgrade.judging.judge import judge_case, score_question
from bpgrade.layout import EXERCISE_NAME, Layout, public_checks_for
from bpgrade.isolation.runner import run_question
import re

from bpgrade.learner.describe import annotate, signatures_from_notebook
from bpgrade.learner.selfcheck import missing_text, report

_SYNTAX = re.compile(r"^(SyntaxError|IndentationError|TabError): (.*) \(<cell \d+>, line (\d+)\)$", re.S)


def syntax_errors(cell_log):
    """[(cell number counted from 1, line, message)] for cells that did not parse."""
    found = []
    for entry in cell_log:
        match = _SYNTAX.match(str(entry.get("error", ""))) if entry.get("status") == "error" else None
        if match:
            found.append((entry["cell"] + 1, int(match.group(3)), f"{match.group(1)}: {match.group(2)}"))
    return found


def unreadable_message(path, exc):
    """'not a notebook' in the learner's words, for an empty, non-JSON or cell-less file."""
    try:
        empty = Path(path).stat().st_size == 0
    except OSError:
        empty = False
    if empty:
        return "not a notebook: the file is empty (was it saved? open it in JupyterLab and save it)"
    if "JSON" in str(exc) or "no list of cells" in str(exc):
        return "not a notebook: the file is not notebook JSON (a notebook is saved by JupyterLab as .ipynb)"
    return f"unreadable notebook: {exc}"


def exercise_of(path):
    """The exercise set a learner's notebook belongs to, by ``bpgrade grade``'s rule
    (``ex01_neuron-Copy1.ipynb``, ``ex01_neuron (1).ipynb`` -> ``ex01_neuron``)."""
    from bpgrade.classroom.submissions import exercise_for

    path = Path(path)
    if public_checks_for(path, path.stem) is not None:
        return path.stem
    folders = [path.resolve().parent / "checks", Layout.find().exercises / "checks"]
    known = {p.stem for folder in folders if folder.is_dir() for p in folder.glob("ex*.json")
             if EXERCISE_NAME.fullmatch(p.stem)}
    return exercise_for(path.name, known) or path.stem


def check_notebook(path, limits, protections, question=None, exercise=None, out=print, only=None):
    """Check ``path`` (only the questions in ``only``, when given); return (all_passed, {qid: status})."""
    path = Path(path)
    if exercise is None and exercise_of(path) != path.stem:
        exercise = exercise_of(path)
        out(f"bpgrade check: checking {path.name} as exercise set {exercise}")
    exercise = exercise or path.stem
    public_path = public_checks_for(path, exercise)
    if public_path is None:
        out(f"bpgrade check: no public checks for {exercise!r} (looked for checks/{exercise}.json "
            "beside the notebook and in the course's exercises/); use --exercise NAME")
        return False, {}
    checkset = publicspec.loads(public_path.read_text(encoding="utf-8"))
    stale = publicspec.staleness(public_path, exercise)
    if stale:
        out(stale)
    try:
        cells = notebook.code_cells(path)
    except notebook.UnreadableNotebook as exc:
        out(f"bpgrade check: {path}: {unreadable_message(path, exc)}")
        return False, {}
    signatures = signatures_from_notebook(public_path.parent.parent / f"{exercise}.ipynb")
    questions = [checkset.question(question)] if question else checkset.questions
    if only is not None:
        questions = [q for q in questions if q.id in only]
    statuses, known_bad = {}, {}
    for q in questions:
        cases = annotate(q.public_cases, signatures)
        run = run_question(cells, cases, limits, protections, q.timeout, known_bad)
        verdicts = [judge_case(q, case, case_run) for case, case_run in zip(cases, run.cases)]
        broken = syntax_errors(run.cells)
        for verdict in verdicts:
            if verdict.category == "missing" and not broken:
                verdict.message = missing_text(verdict.message)
            elif verdict.category == "missing":
                cell, line, message = broken[0]
                verdict.message = (f"syntax error in cell {cell}, line {line} ({message}), so "
                                   f"{', '.join(q.required_names())} is not defined")
        _, status, _ = score_question(q, cases, verdicts)
        statuses[q.id] = status
        out(report(q, cases, verdicts, status))
        for entry in run.cells:
            if entry["status"] in ("timeout", "crash"):
                out(f"  note: cell {entry['cell']} {entry['status']}: {entry.get('error', '')}")
    passed = all(s == "pass" for s in statuses.values())
    out(f"{exercise}: {sum(s == 'pass' for s in statuses.values())}/{len(statuses)} questions pass "
        "the public checks" + ("" if passed else " (exit status 1)"))
    return passed, statuses
