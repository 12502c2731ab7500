"""``bpgrade check-course [EXERCISE ...]``: every authored exercise set (or the ones named) is
gradable and tells solutions apart.

For each set in ``solutions/``: the solution notebook, graded with hidden cases, scores 100 %
twice with identical results (timings aside); the built exercise notebook, untouched, scores 0.
nbval cannot tell an exercise from a solution (its ``raises-exception`` tag does not require an
exception), so this is the check that the stubs really fail and the solutions really pass.
"""

import concurrent.futures
import json
import multiprocessing
import tempfile
from pathlib import Path

from bpgrade.isolation import reaper
from bpgrade.classroom import results
from bpgrade.classroom.batch import _context
from bpgrade.classroom.grade import grade_notebook
from bpgrade.layout import Layout


def _grade(task):
    root, exercise, which, seed, limits, protections, cache = task
    layout = Layout(Path(root))
    checkset, refs = _context(root, [exercise], seed, limits, protections, cache)[exercise]
    path = layout.source_notebook(exercise) if which == "solution" else layout.exercise_notebook(exercise)
    part = grade_notebook(path, checkset, refs, limits, protections)
    return exercise, which, results.without_timings(part)


def check_course(layout, limits, protections, jobs=2, seed=0, out=print, cache_dir=None, names=None):
    """Return 0 when every set (or each of ``names``) behaves, 1 otherwise (printing what is
    wrong), 2 for a name that is not an authored set."""
    exercises = layout.authored()
    unknown = [n for n in names or () if n not in exercises]
    if unknown:
        out(f"check-course: unknown exercise set(s) {', '.join(unknown)}; known: {', '.join(exercises) or 'none'}")
        return 2
    exercises = list(names) if names else exercises
    if not exercises:
        out("check-course: no exercise sets in solutions/")
        return 1
    missing = [e for e in exercises if not layout.exercise_notebook(e).exists()]
    if missing:
        out(f"check-course: not built yet: {', '.join(missing)} (run `bpgrade build`)")
        return 1
    reaper.become_subreaper()
    with tempfile.TemporaryDirectory(prefix="bpgrade-course-") as tmp:
        cache = cache_dir or tmp
        for ex in exercises:  # references first, once, in this process (fills the cache)
            _context(str(layout.root), [ex], seed, limits, protections, cache)
        tasks = [(str(layout.root), ex, which, seed, limits, protections, cache)
                 for ex in exercises for which in ("solution", "solution", "exercise")]
        if jobs > 1:
            with concurrent.futures.ProcessPoolExecutor(
                    jobs, mp_context=multiprocessing.get_context("fork"),
                    initializer=reaper.become_subreaper) as pool:
                done = list(pool.map(_grade, tasks))
        else:
            done = [_grade(t) for t in tasks]
    failures = 0
    for ex in exercises:
        sol = [p for e, w, p in done if e == ex and w == "solution"]
        exe = [p for e, w, p in done if e == ex and w == "exercise"][0]
        problems = []
        if sol[0]["score"] != sol[0]["max_score"]:
            bad = [f"{q['id']}: {q['status']} {q['message']}" for q in sol[0]["questions"]
                   if q["status"] != "pass"]
            problems.append("solution scores " f"{sol[0]['score']:g}/{sol[0]['max_score']:g}: " + "; ".join(bad))
        if json.dumps(sol[0], sort_keys=True) != json.dumps(sol[1], sort_keys=True):
            problems.append("grading the solution twice gave different results")
        if exe["score"] != 0:
            passing = [q["id"] for q in exe["questions"] if q["score"] > 0]
            problems.append(f"untouched exercise scores {exe['score']:g} (questions {', '.join(passing)})")
        failures += bool(problems)
        status = "ok" if not problems else "FAILED: " + " | ".join(problems)
        out(f"{ex}: solution {sol[0]['score']:g}/{sol[0]['max_score']:g} (twice identical: "
            f"{'yes' if sol[0] == sol[1] else 'no'}), exercise {exe['score']:g} -> {status}")
    return 1 if failures else 0
