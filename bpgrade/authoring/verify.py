"""Authoring checks: catch an author's mistakes before any learner is graded.

``bpgrade build`` calls ``verify_set`` for every set it builds:

* every hidden generator is run for the seeds ``BUILD_SEEDS``; a case with another number of
  arguments than the public cases, or an argument whose kind (array, number, sequence) or dtype
  kind matches none of the public cases', is an error naming the generator and the shapes (the
  number of dimensions may differ on purpose: a function of any shape); a generator whose
  shapes do not fit the function makes the solution fail, which the next check reports with
  the generator's name and the case's shapes;
* the solution notebook is graded on the public and hidden cases of each seed with the grader's
  own code (training questions — graded by a property — at the first seed only: they are slow),
  and must score full marks: a wrong label in a training question's public case, a hidden case
  the solution fails, a solution that modifies its inputs or a solution cell that raises is an
  error. A passing (set, solution, seed) is remembered in the reference cache.

``bpgrade grade`` calls ``refuse_unless_solution_full`` once the reference values are computed:
it grades the solution on exactly the cases (same seed) the class is about to be graded on and
refuses (exit status 2) unless it scores full marks.

Every error is one line (``AuthorError``), no traceback.
"""

import hashlib
import json
import sys
from pathlib import Path

import numpy as np

from bpgrade.authoring import reference
from bpgrade.authoring.spec import AuthorError
from bpgrade.classroom import notebook

BUILD_SEEDS = (1, 2, 3)


def _kind(value):
    """(kind, dtype kind) of one argument, for comparing generators with public cases."""
    if isinstance(value, np.ndarray):
        return ("array", value.dtype.kind)
    if isinstance(value, (bool, np.bool_)):
        return ("bool", "b")
    if isinstance(value, (int, np.integer)):
        return ("number", "i")
    if isinstance(value, (float, np.floating)):
        return ("number", "f")
    if isinstance(value, (tuple, list)):
        return ("sequence", len(value))
    return (type(value).__name__, "")


def _describe(value):
    if isinstance(value, np.ndarray):
        return f"an array of shape {value.shape} ({value.dtype})"
    return f"a {type(value).__name__}"


def _span(counts):
    low, high = min(counts), max(counts)
    return str(low) if low == high else f"{low} to {high}"


def check_generators(checkset, seeds=BUILD_SEEDS):
    """Raise AuthorError when a hidden case's arguments match none of the public cases' kinds."""
    for q in checkset.questions:
        if not q.public_cases or not q.hidden_generators():
            continue
        counts = {len(c.args) for c in q.public_cases}
        for seed in seeds:
            for case in q.cases(seed):
                if not case.hidden:
                    continue
                where = f"{checkset.exercise} {q.id}: hidden generator {case.generator} ({case.name}, seed {seed})"
                # a variadic function's public cases span a range of counts; hidden ones stay in it
                if not min(counts) <= len(case.args) <= max(counts):
                    raise AuthorError(f"{where} returns {len(case.args)} argument(s); the public cases "
                                      f"have {_span(counts)}")
                for j, value in enumerate(case.args):
                    public = [c.args[j] for c in q.public_cases if len(c.args) > j]
                    if _kind(value) not in {_kind(p) for p in public}:
                        raise AuthorError(f"{where} returns argument {j + 1} as {_describe(value)}; "
                                          f"the public cases give {', '.join(sorted({_describe(p) for p in public}))}")


def solution_problems(checkset, solution_path, seed, limits, protections, cache_dir=None,
                      questions=None):
    """One-line descriptions of everything the solution does not get full marks for (empty when
    it scores full marks on the cases of ``seed``)."""
    from bpgrade.classroom.grade import grade_notebook

    try:
        refs = reference.compute(checkset, solution_path, seed, limits, protections, cache_dir)
    except (AuthorError, RuntimeError) as exc:
        return [str(exc)]
    only = set(questions) if questions is not None else None
    part = grade_notebook(solution_path, checkset, refs, limits, protections, only=only)
    return describe_shortfall(checkset, part, solution_path, seed)


def describe_shortfall(checkset, part, solution_path, seed):
    """What a graded solution lost, one line each (cells that failed, questions not at full marks)."""
    name = Path(solution_path).name
    problems = [f"{name} cell {c['cell']} {'raised' if c['status'] == 'error' else c['status']}: "
                f"{c.get('error', '')}".rstrip(": ") for c in part.get("cells", [])]
    for q in part["questions"]:
        if q["score"] < q["max_score"]:
            failing = [c for c in q["cases"] if not c["passed"]]
            detail = "; ".join(f"{c['name']}: {c['detail']}" for c in failing[:2]) or q["message"]
            where = f" ({failing[0]['name'] if failing else 'a case'}" + (
                f", made by {_generator(checkset, q['id'], failing[0]['name'])}" if failing and
                failing[0]["hidden"] else "") + ")"
            problems.append(f"{checkset.exercise} {q['id']}: the solution scores {q['score']:g}/"
                            f"{q['max_score']:g} at seed {seed}{where}: {detail}")
    return [" ".join(p.split()) for p in problems]


def _generator(checkset, qid, case_name):
    question = checkset.question(qid.split(".", 1)[-1])
    names = {h.generate.__name__ for h in question.hidden_generators()}
    return "hidden generator " + "/".join(sorted(names))


def verify_set(checkset, solution_path, limits, protections, cache_dir=None, seeds=BUILD_SEEDS):
    """Everything ``build`` checks about one set's authoring; raises AuthorError (one line)."""
    check_generators(checkset, seeds)
    marker = None
    if cache_dir is not None:
        from bpgrade.classroom import notebook

        cells = notebook.code_cells(solution_path)
        key = hashlib.sha256(json.dumps([reference.cache_key(checkset, cells, s) for s in seeds])
                             .encode()).hexdigest()[:24]
        marker = Path(cache_dir) / f"{checkset.exercise}-{key}-verified"
        if marker.exists():
            return
    training = [q.id for q in checkset.questions if q.property is not None]
    for i, seed in enumerate(seeds):
        questions = None if i == 0 else [q.id for q in checkset.questions if q.id not in training]
        if questions == []:
            continue
        problems = solution_problems(checkset, solution_path, seed, limits, protections,
                                     cache_dir, questions)
        if problems:
            raise AuthorError(problems[0] + (f" (and {len(problems) - 1} more problem(s))"
                                             if len(problems) > 1 else ""))
    if marker is not None:
        marker.parent.mkdir(parents=True, exist_ok=True)
        marker.write_text("ok\n")


def refuse_unless_solution_full(layout, exercises, seed, limits, protections, cache_dir, err=None):
    """``grade``'s guard: 0 when the solution of every set scores full marks on exactly the cases
    about to be graded (this seed), else 2 after one line per problem on stderr."""
    from bpgrade.classroom.batch import _context
    from bpgrade.classroom.grade import grade_notebook

    err = err or sys.stderr
    found = []
    for ex in exercises:
        checkset, refs = _context(layout.root, exercises, seed, limits, protections, cache_dir)[ex]
        path = layout.source_notebook(ex)
        # The verdict is as deterministic as the reference values: keep it beside them, so a
        # regrade or --resume with the same seed, solution, checks and grader does not pay again.
        cells = notebook.code_cells(path, skip_roles=("solution-only",))
        marker = Path(cache_dir) / f"verified-{ex}-{reference.cache_key(checkset, cells, [seed, repr(limits)])}"
        if marker.exists():
            continue
        part = grade_notebook(path, checkset, refs, limits, protections)
        shortfall = describe_shortfall(checkset, part, path, seed)
        found += shortfall
        if not shortfall:
            marker.parent.mkdir(parents=True, exist_ok=True)
            marker.write_text("the solution scored full marks on these cases\n", encoding="utf-8")
    for problem in found:
        print(f"bpgrade grade: refusing to grade: {problem}", file=err)
    if found:
        print("bpgrade grade: the solution must score full marks on the cases being graded; fix the "
              "check file or the solution (`bpgrade build` runs the same check)", file=err)
    return 2 if found else 0
