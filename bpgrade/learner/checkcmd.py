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
from bpgrade.layout import public_checks_for
from bpgrade.isolation.runner import run_question
from bpgrade.learner.selfcheck import report


def _exercise_of(path):
    """The exercise set of ``path`` by grade's rule (``ex01_neuron-Copy1.ipynb`` -> ``ex01_neuron``)."""
    from bpgrade.classroom.submissions import exercise_for
    from bpgrade.layout import Layout

    folders = [path.resolve().parent / "checks", Layout.find().exercises / "checks"]
    known = {p.stem for folder in folders if folder.is_dir() for p in folder.glob("*.json")}
    return exercise_for(path.name, known) or path.stem


def check_notebook(path, limits, protections, question=None, exercise=None, out=print):
    """Check ``path``; return (all_passed, {qid: status})."""
    path = Path(path)
    exercise = exercise or _exercise_of(path)
    public_path = public_checks_for(path, exercise)
    if public_path is None:
        out(f"bpgrade check: no public checks for {exercise!r} (looked for checks/{exercise}.json "
            "beside the notebook and in the course's exercises/); use --exercise NAME")
        return False, {}
    checkset = publicspec.loads(public_path.read_text(encoding="utf-8"))
    try:
        cells = notebook.code_cells(path)
    except notebook.UnreadableNotebook as exc:
        out(f"bpgrade check: {path}: unreadable notebook: {exc}")
        return False, {}
    questions = [checkset.question(question)] if question else checkset.questions
    statuses, known_bad = {}, {}
    for q in questions:
        cases = q.public_cases
        run = run_question(cells, cases, limits, protections, q.timeout, known_bad)
        verdicts = [judge_case(q, case, case_run) for case, case_run in zip(cases, run.cases)]
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
