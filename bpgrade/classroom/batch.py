"""``bpgrade grade``: grade a whole class, one result file per student.

Reference values are computed first (the solution in the sandbox, cached under
``RESULTS/.references``; with ``--jobs N``, N sets at a time), then students are graded — in this process or in ``--jobs N`` worker
processes — each written atomically to ``RESULTS/<student>.json`` (an encoded file name for
names that are not plain, see ``results.file_stem``) as soon as it is done, so an interrupted run
can go on with ``--resume``. ``--shard K/N`` keeps the students whose name hashes to shard K
(stable whatever the class list), so several machines can share a class with no database.
Problems with one submission — even a grader fault — are recorded in its result; the batch goes on.

Bad grader input is refused with exit status 2 before anything is graded: no ``--seed`` (a
public default would make the hidden cases public), a folder of notebooks rather than of
students, no students at all, no notebook of any known exercise set, ``--out`` and the
submissions inside one another. Without ``--exercise`` the sets present in the submissions are
graded (and named). Every student has a wall-clock budget (``--student-budget``, default
``DEFAULT_STUDENT_BUDGET`` seconds for all their exercise sets).
"""

import concurrent.futures
import io
import multiprocessing
import os
import shutil
import sys
import zlib
from pathlib import Path
from typing import NamedTuple

from bpgrade.isolation import protections as prot
from bpgrade.isolation import reaper
from bpgrade.authoring import reference, verify
from bpgrade.classroom import results
from bpgrade.authoring import spec as spec_mod
from bpgrade.classroom.grade import Budget, empty_exercise, grade_notebook
from bpgrade.classroom.results import display_name, display_score
from bpgrade.layout import Layout
from bpgrade.classroom.submissions import (NotAClassFolder, RejectedArchive, collect,
                                           exercises_present, find_notebook, safe_extract)

_CACHE = {}
DEFAULT_STUDENT_BUDGET = 300.0


def parse_shard(text):
    try:
        k, n = (int(x) for x in text.split("/"))
    except ValueError:
        raise ValueError(f"--shard must look like K/N (e.g. 2/4); got {text!r}") from None
    if not 1 <= k <= n:
        raise ValueError(f"--shard K/N needs 1 <= K <= N; got {text!r}")
    return k, n


def in_shard(student, k, n):
    return zlib.crc32(os.fsencode(student)) % n == k - 1


def _context(root, exercises, seed, limits, protections, cache_dir):
    """Check sets and references for the exercises (memoised per process)."""
    key = (str(root), tuple(exercises), seed)
    if key not in _CACHE:
        layout = Layout(Path(root))
        sets = {}
        for ex in exercises:
            checkset = spec_mod.load(layout.check_file(ex))
            refs = reference.compute(checkset, layout.source_notebook(ex), seed, limits,
                                     protections, cache_dir)
            sets[ex] = (checkset, refs)
        _CACHE[key] = sets
    return _CACHE[key]


def _prepare_one(task):
    """Reference values and the solution's verification for one set (in a worker); both land in
    the cache folder. Any problem is left for the grader's own serial pass to find and report."""
    root, exercise, seed, limits, protections, cache_dir = task
    try:
        _context(root, [exercise], seed, limits, protections, cache_dir)
        verify.refuse_unless_solution_full(Layout(Path(root)), [exercise], seed, limits, protections,
                                           cache_dir, err=io.StringIO())
    except Exception:  # noqa: BLE001 - reported by the serial pass, with the grader's wording
        pass
    return exercise


def prepare_in_parallel(layout, exercises, seed, limits, protections, cache_dir, jobs):
    """With ``jobs`` > 1, compute every set's reference values and verify its solution in forked
    workers, a set per worker at a time, so the serial pass that follows only reads the cache."""
    if jobs <= 1:
        return
    tasks = [(str(layout.root), ex, seed, limits, protections, str(cache_dir)) for ex in exercises]
    with concurrent.futures.ProcessPoolExecutor(
            max_workers=min(jobs, len(tasks)), mp_context=multiprocessing.get_context("fork"),
            initializer=_worker_init) as pool:
        list(pool.map(_prepare_one, tasks))


class Task(NamedTuple):
    """One student's grading job, as sent to a worker."""

    name: str
    path: str
    root: str
    exercises: list
    seed: int
    limits: object
    protections: dict
    out_dir: str
    work_dir: str
    student: object          # submissions.Student: its problem and notes
    selection: str           # how the exercise sets were chosen: "present" or "chosen"
    budget_seconds: float


def grade_student(task):
    """Grade one student (runs in a worker); returns (student, score, max, had_problems).

    Never raises: a grader fault becomes an ``error`` result for this student alone."""
    task = Task(*task)
    try:
        return _grade_student(task)
    except Exception as exc:  # noqa: BLE001 - one student must never stop the class
        try:
            sets = _context(task.root, task.exercises, task.seed, task.limits, task.protections,
                            Path(task.out_dir) / ".references")
            message = f"internal grader error ({exc.__class__.__name__}); please report it"
            parts = [empty_exercise(sets[ex][0], "error", message) for ex in task.exercises]
            doc = results.student_result(task.name, parts, prot.summary(task.protections), task.seed,
                                         {ex: sets[ex][0].source_hash for ex in task.exercises},
                                         [f"internal grader error: {exc.__class__.__name__}: {exc}"],
                                         task.selection)
            results.write_atomic(results.result_path(task.out_dir, task.name), doc)
            return task.name, doc["score"], doc["max_score"], True
        except Exception as again:  # noqa: BLE001
            print(f"bpgrade grade: {display_name(task.name)}: no result written "
                  f"({exc.__class__.__name__}, then {again.__class__.__name__})", file=sys.stderr)
            return task.name, 0.0, 0.0, True


def _grade_student(task):
    name, exercises, seed, protections, student = task.name, task.exercises, task.seed, \
        task.protections, task.student
    budget = Budget(task.budget_seconds)
    limits = task.limits
    sets = _context(task.root, exercises, seed, limits, protections, Path(task.out_dir) / ".references")
    known = Layout(Path(task.root)).authored()
    path, folder, parts, problems = Path(task.path), Path(task.path), [], False
    notes = list(student.notes)
    rejected = f"rejected submission: {student.problem}" if student.problem else None
    extracted = False
    if not rejected and path.is_file():
        folder = Path(task.work_dir) / results.file_stem(name)
        try:
            extracted = True
            safe_extract(path, folder)
        except RejectedArchive as exc:
            rejected = f"rejected archive {path.name}: {exc}"
    try:
        for ex in exercises:
            checkset, refs = sets[ex]
            if rejected:
                part = empty_exercise(checkset, "error", rejected)
                part["status"] = "rejected"
                parts.append(part)
                problems = True
                continue
            notebook, found_notes = find_notebook(folder, ex, known)
            if notebook is None:
                parts.append(empty_exercise(checkset, "missing", f"no notebook {ex}.ipynb submitted"))
                problems = True
                continue
            part = grade_notebook(notebook, checkset, refs, limits, protections, notes=found_notes,
                                  budget=budget)
            problems |= part["status"] != "graded"
            parts.append(part)
    finally:
        if extracted:
            shutil.rmtree(folder, ignore_errors=True)
    doc = results.student_result(name, parts, prot.summary(protections), seed,
                                 {ex: sets[ex][0].source_hash for ex in exercises}, notes, task.selection)
    results.write_atomic(results.result_path(task.out_dir, name), doc)
    return name, doc["score"], doc["max_score"], problems


def _worker_init():
    reaper.become_subreaper()


def _inside(a, b):
    """True if folder ``a`` is ``b`` or inside it."""
    a, b = Path(a).resolve(), Path(b).resolve()
    return a == b or b in a.parents


def _fail(message):
    print(f"bpgrade grade: {message}", file=sys.stderr)
    return 2


def grade_batch(args, layout, limits, protections):
    """The ``grade`` command; returns the exit status."""
    if args.seed is None:
        return _fail("--seed is required: the hidden cases are generated from it, and a default "
                     "would make them public. Pick a private number and use it again when you regrade")
    submissions = Path(args.submissions)
    if not submissions.is_dir():
        return _fail(f"submissions folder {submissions} does not exist")
    budget = getattr(args, "student_budget", DEFAULT_STUDENT_BUDGET)
    if not budget > 0:
        return _fail(f"--student-budget must be a positive number of seconds; got {budget:g}")
    out = Path(args.out)
    if _inside(out, submissions):
        return _fail(f"--out {out} is the submissions folder or inside it: results would be "
                     "collected as a student's submission; choose a folder elsewhere")
    if _inside(submissions, out):
        return _fail(f"the submissions folder {submissions} is inside --out {out}; choose another --out")
    known = layout.authored()
    unknown = [e for e in args.exercise or [] if e not in known]
    if unknown:
        return _fail(f"unknown exercise set(s) {', '.join(unknown)}; known: {', '.join(known) or 'none'}")
    try:
        k, n = parse_shard(args.shard)
    except ValueError as exc:
        return _fail(str(exc))
    ignored = []
    try:
        class_list = collect(submissions, ignored)
    except NotAClassFolder as exc:
        return _fail(str(exc))
    except OSError as exc:
        return _fail(f"cannot read the submissions folder {submissions}: {exc}")
    if ignored:
        print(f"bpgrade grade: ignored {len(ignored)} file(s) that are neither a student folder nor a "
              f"zip: {', '.join(display_name(n, 60) for n in ignored[:5])}" + (", ..." if len(ignored) > 5 else ""),
              file=sys.stderr)
    if not class_list:
        return _fail(f"no student folders or zips in {submissions} (expected "
                     "SUBMISSIONS/<student>/<exercise>.ipynb or SUBMISSIONS/<student>.zip)")
    if args.exercise:
        exercises, selection = list(dict.fromkeys(args.exercise)), "chosen"
    else:
        exercises, selection = exercises_present(class_list, known), "present"
        if not exercises:
            return _fail(f"no notebook of a known exercise set ({', '.join(known)}) in {submissions}")
        print(f"exercise sets present in the submissions, graded: {', '.join(exercises)} "
              "(choose with --exercise)")
    out.mkdir(parents=True, exist_ok=True)
    work = out / ".work"
    readable = prot.exposed(protections, [layout.solutions, out, submissions])
    if readable and protections.get("filesystem"):
        print(f"bpgrade grade: warning: sandboxed code could read {', '.join(readable)} (inside the "
              "Python installation or bplib); move them elsewhere", file=sys.stderr)
        if protections.get("mode") == "strict":
            return 3
        protections = dict(protections, filesystem=False, secrets_readable=readable)
    reaper.become_subreaper()
    prepare_in_parallel(layout, exercises, args.seed, limits, protections, out / ".references", args.jobs)
    try:
        _context(layout.root, exercises, args.seed, limits, protections, out / ".references")
    except Exception as exc:
        return _fail(f"the solutions could not be run to get reference values: {exc}")
    if verify.refuse_unless_solution_full(layout, exercises, args.seed, limits, protections, out / ".references"):
        return 2
    todo, skipped = [], 0
    for student in class_list:
        if not in_shard(student.name, k, n):
            continue
        if args.resume and results.result_path(out, student.name).exists():
            skipped += 1
            continue
        todo.append(Task(student.name, str(student.path), str(layout.root), list(exercises), args.seed,
                         limits, protections, str(out), str(work), student, selection, budget))
    problems = run_tasks(todo, args.jobs)
    shutil.rmtree(work, ignore_errors=True)
    print(f"graded {len(todo)} student(s) into {out}" + (f" (shard {k}/{n})" if n > 1 else "")
          + (f"; {skipped} already had a result (--resume)" if skipped else ""))
    return 1 if problems else 0


def run_tasks(todo, jobs):
    """Grade the tasks, printing one line per student; True if any had recorded problems.

    Workers are forked from this process once the references are in memory (no threads exist
    yet: the pool starts its workers before its own management thread)."""
    problems = False
    if jobs <= 1 or len(todo) <= 1:
        finished = map(grade_student, todo)
    else:
        pool = concurrent.futures.ProcessPoolExecutor(
            max_workers=jobs, mp_context=multiprocessing.get_context("fork"), initializer=_worker_init)
        finished = pool.map(grade_student, todo)
    try:
        for name, score, maximum, had_problems in finished:
            problems |= had_problems
            print(f"{display_name(name)}: {display_score(score)}/{display_score(maximum)}"
                  + ("  (see notes)" if had_problems else ""))
    finally:
        if jobs > 1 and len(todo) > 1:
            pool.shutdown()
    return problems
