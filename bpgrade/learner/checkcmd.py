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
from bpgrade.learner.selfcheck import report


def exercise_of(path):
    """The exercise set a learner's notebook belongs to, resolved as ``bpgrade grade`` resolves
    names: the file name itself, else the longest exercise name it starts with
    (``ex01_neuron-Copy1.ipynb``, ``ex01_neuron (1).ipynb`` -> ``ex01_neuron``)."""
    path = Path(path)
    if public_checks_for(path, path.stem) is not None:
        return path.stem
    known = {p.stem for folder in (path.resolve().parent / "checks", Layout.find().exercises / "checks")
             for p in folder.glob("ex*.json") if EXERCISE_NAME.fullmatch(p.stem)}
    matches = sorted((n for n in known if path.name.startswith(n)), key=len)
    return matches[-1] if matches else path.stem


def check_notebook(path, limits, protections, question=None, exercise=None, out=print, only=None):
    """Check ``path`` (only the questions in ``only``, when given); return (all_passed, {qid: status})."""
    path = Path(path)
    exercise = exercise or exercise_of(path)
    if exercise != path.stem:
        out(f"bpgrade check: checking {path.name} as exercise set {exercise}")
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
    if only is not None:
        questions = [q for q in questions if q.id in only]
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
