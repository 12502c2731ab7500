"""``bpgrade progress``: every exercise set and question, with pass / fail / not started.

A question whose answer cell still holds the stub (``# YOUR CODE HERE`` /
``raise NotImplementedError()``) is *not started* and is not run. Every other question is run on
its public cases exactly as ``bpgrade check`` runs it (a fresh sandboxed child per question, the
grader's judging); *pass* means all its public cases pass. A notebook that cannot be read is
reported as such. Nothing is written anywhere.
"""

import json
import subprocess
import sys
from pathlib import Path

from bpgrade.authoring import publicspec
from bpgrade.layout import EXERCISE_NAME
from bpgrade.learner.checkcmd import check_notebook

NOT_STARTED = "not started"


def _answer_sources(path):
    """{question id: answer cell source} from the notebook's cell metadata ({} if unreadable)."""
    try:
        cells = json.loads(Path(path).read_text(encoding="utf-8"))["cells"]
    except (OSError, ValueError, KeyError, TypeError):
        return None
    answers = {}
    for cell in cells if isinstance(cells, list) else []:
        meta = cell.get("metadata", {}).get("bpgrade", {}) if isinstance(cell, dict) else {}
        if isinstance(meta, dict) and meta.get("role") == "answer":
            source = cell.get("source", "")
            answers[meta.get("id")] = "".join(source) if isinstance(source, list) else str(source)
    return answers


def is_stub(source):
    """True while an answer cell still holds the exercise's stub."""
    return "# YOUR CODE HERE" in source and "raise NotImplementedError()" in source


def exercise_sets(layout):
    """(name, notebook path, public checks path) of every exercise set in ``exercises/``."""
    found = []
    for path in sorted(layout.exercises.glob("ex*.ipynb")):
        public = layout.public_checks(path.stem)
        if EXERCISE_NAME.fullmatch(path.stem) and public.exists():
            found.append((path.stem, path, public))
    return found


def progress(layout, limits, protections):
    """[(exercise, title, [(question id, question title, status)])] for the course."""
    rows = []
    for name, path, public in exercise_sets(layout):
        checkset = publicspec.loads(public.read_text(encoding="utf-8"))
        answers = _answer_sources(path)
        if answers is None:
            rows.append((name, checkset.title, [(q.id, q.title, "unreadable notebook")
                                                for q in checkset.questions]))
            continue
        started = [q.id for q in checkset.questions if not is_stub(answers.get(q.id, ""))]
        statuses = {}
        if started:
            _, statuses = check_notebook(path, limits, protections, exercise=name,
                                         only=started, out=lambda *_: None)
        rows.append((name, checkset.title, [
            (q.id, q.title, NOT_STARTED if q.id not in started else
             ("pass" if statuses.get(q.id) == "pass" else "fail"))
            for q in checkset.questions]))
    return rows


def format_progress(rows):
    """The text ``bpgrade progress`` prints."""
    lines = ["Your progress on the exercises (public checks only; details: "
             "bpgrade check exercises/<name>.ipynb)", ""]
    counts = {"pass": 0, "fail": 0, NOT_STARTED: 0}
    width_id = max((len(q[0]) for _, _, qs in rows for q in qs), default=0)
    width_title = max((len(q[1] or "") for _, _, qs in rows for q in qs), default=0)
    for name, title, questions in rows:
        passed = sum(s == "pass" for _, _, s in questions)
        lines.append(f"{name}  {title}: {passed}/{len(questions)} pass")
        for qid, qtitle, status in questions:
            counts[status] = counts.get(status, 0) + 1
            lines.append(f"  {qid:<{width_id}}  {qtitle or '':<{width_title}}  {status}")
    total = sum(len(q) for _, _, q in rows)
    lines += ["", f"{counts['pass']}/{total} questions pass; {counts['fail']} fail; "
                  f"{counts[NOT_STARTED]} not started"]
    return "\n".join(lines)


def show_progress():
    """For a notebook cell: print ``bpgrade progress`` (run in its own process, so the
    sandboxed checks never touch the notebook's kernel)."""
    done = subprocess.run([sys.executable, "-m", "bpgrade", "progress"], capture_output=True,
                          text=True, timeout=600)
    print(done.stdout.rstrip() or done.stderr.rstrip())
