"""``bpgrade grade``: grade a whole class, one result file per student.

Reference values are computed first (the solution in the sandbox, cached under
``RESULTS/.references``), then students are graded — in this process or in ``--jobs N`` worker
processes — each written atomically to ``RESULTS/<student>.json`` as soon as it is done, so an
interrupted run can go on with ``--resume``. ``--shard K/N`` keeps the students whose name hashes
to shard K (stable whatever the class list), so several machines can share a class with no
database. Problems with one submission are recorded in its result; the batch goes on.
"""

import concurrent.futures
import multiprocessing
import shutil
import sys
import zlib
from pathlib import Path

from bpgrade.isolation import protections as prot
from bpgrade.isolation import reaper
from bpgrade.authoring import reference, verify
from bpgrade.classroom import results
from bpgrade.authoring import spec as spec_mod
from bpgrade.classroom.grade import empty_exercise, grade_notebook
from bpgrade.layout import Layout
from bpgrade.classroom.submissions import RejectedArchive, find_notebook, safe_extract, students

_CACHE = {}


def parse_shard(text):
    try:
        k, n = (int(x) for x in text.split("/"))
    except ValueError:
        raise ValueError(f"--shard must look like K/N (e.g. 2/4); got {text!r}") from None
    if not 1 <= k <= n:
        raise ValueError(f"--shard K/N needs 1 <= K <= N; got {text!r}")
    return k, n


def in_shard(student, k, n):
    return zlib.crc32(student.encode()) % n == k - 1


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


def grade_student(task):
    """Grade one student (runs in a worker); returns (student, score, max, had_problems)."""
    name, path, root, exercises, seed, limits, protections, out_dir, work_dir = task
    sets = _context(root, exercises, seed, limits, protections, Path(out_dir) / ".references")
    path, folder, notes, parts, problems = Path(path), Path(path), [], [], False
    rejected = None
    if path.suffix == ".zip":
        folder = Path(work_dir) / name
        try:
            safe_extract(path, folder)
        except RejectedArchive as exc:
            rejected = f"rejected archive {path.name}: {exc}"
    for ex in exercises:
        checkset, refs = sets[ex]
        if rejected:
            parts.append(empty_exercise(checkset, "error", rejected))
            problems = True
            continue
        notebook, found_notes = find_notebook(folder, ex)
        if notebook is None:
            parts.append(empty_exercise(checkset, "missing", f"no notebook {ex}.ipynb submitted"))
            problems = True
            continue
        part = grade_notebook(notebook, checkset, refs, limits, protections, notes=found_notes)
        problems |= part["status"] != "graded"
        parts.append(part)
    doc = results.student_result(name, parts, prot.summary(protections), seed,
                                 {ex: sets[ex][0].source_hash for ex in exercises}, notes)
    results.write_atomic(results.result_path(out_dir, name), doc)
    if path.suffix == ".zip":
        shutil.rmtree(folder, ignore_errors=True)
    return name, doc["score"], doc["max_score"], problems


def _worker_init():
    reaper.become_subreaper()


def grade_batch(args, layout, limits, protections):
    """The ``grade`` command; returns the exit status."""
    submissions = Path(args.submissions)
    if not submissions.is_dir():
        print(f"bpgrade grade: submissions folder {submissions} does not exist", file=sys.stderr)
        return 2
    known = layout.authored()
    exercises = args.exercise or known
    unknown = [e for e in exercises if e not in known]
    if unknown:
        print(f"bpgrade grade: unknown exercise set(s) {', '.join(unknown)}; known: "
              f"{', '.join(known) or 'none'}", file=sys.stderr)
        return 2
    try:
        k, n = parse_shard(args.shard)
    except ValueError as exc:
        print(f"bpgrade grade: {exc}", file=sys.stderr)
        return 2
    out = Path(args.out)
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
    try:
        _context(layout.root, exercises, args.seed, limits, protections, out / ".references")
    except Exception as exc:
        print(f"bpgrade grade: the solutions could not be run to get reference values: {exc}",
              file=sys.stderr)
        return 2
    if verify.refuse_unless_solution_full(layout, exercises, args.seed, limits, protections, out / ".references"):
        return 2
    todo = []
    for name, path in students(submissions):
        if not in_shard(name, k, n):
            continue
        if args.resume and results.result_path(out, name).exists():
            continue
        todo.append((name, str(path), str(layout.root), list(exercises), args.seed, limits,
                     protections, str(out), str(work)))
    problems = run_tasks(todo, args.jobs)
    shutil.rmtree(work, ignore_errors=True)
    print(f"graded {len(todo)} student(s) into {out}" + (f" (shard {k}/{n})" if n > 1 else ""))
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
            print(f"{name}: {score:g}/{maximum:g}" + ("  (see notes)" if had_problems else ""))
    finally:
        if jobs > 1 and len(todo) > 1:
            pool.shutdown()
    return problems
