"""Command line: ``bpgrade`` (also ``python -m bpgrade``).

::

    bpgrade build [--check] [--force]             solutions/ -> exercises/ (+ leak checks; never
                                                  replaces an edited exercise without --force)
    bpgrade check NOTEBOOK [--question ID]        public cases, exit 1 on failure
    bpgrade progress                              every exercise question: pass / fail / not started
    bpgrade check-course [EXERCISE ...]           solutions 100 %, exercises 0 %, twice identical
    bpgrade new exNN_name                         a new exercise set: notebook + check-file template
    bpgrade grade SUBMISSIONS --out RESULTS [--jobs N] [--resume] [--shard K/N] [limits]
    bpgrade report RESULTS --csv gradebook.csv --feedback DIR
    bpgrade selftest                              the adversarial corpus, every outcome asserted

Exit status: 0 success; 1 checks failed or some submissions could not be read (recorded);
2 bad grader input or a grader failure; 3 ``--sandbox strict`` requirements not met.
"""

import argparse
import sys

from bpgrade.isolation import protections as prot
from bpgrade.isolation.limits import Limits, parse_size


def _limits(args):
    return Limits(memory=parse_size(args.memory), cpu=args.cpu, cell_timeout=args.cell_timeout,
                  call_timeout=args.call_timeout, question_timeout=args.question_timeout)


def _add_common(p, limits=True):
    p.add_argument("--root", help="course repository (default: the one containing solutions/)")
    p.add_argument("--sandbox", default="standard", choices=["strict", "standard", "off"],
                   help="strict: refuse without Landlock and seccomp; off: debugging only")
    if limits:
        d = Limits()
        p.add_argument("--memory", default="2G", help="address-space limit per child (default 2G)")
        p.add_argument("--cpu", type=int, default=d.cpu, help="CPU seconds per child")
        p.add_argument("--cell-timeout", type=float, default=d.cell_timeout, help="seconds per cell")
        p.add_argument("--call-timeout", type=float, default=d.call_timeout, help="seconds per case")
        p.add_argument("--question-timeout", type=float, default=d.question_timeout,
                       help="seconds per question, replays included")


def parser():
    ap = argparse.ArgumentParser(prog="bpgrade", description="Build, check and grade the course's exercises.")
    sub = ap.add_subparsers(dest="command", required=True)
    p = sub.add_parser("build", help="write exercises/ from solutions/ (fails on any leak)")
    p.add_argument("--check", action="store_true", help="only report whether exercises/ is up to date")
    p.add_argument("--force", action="store_true",
                   help="also replace exercise notebooks edited since they were built (answers are lost)")
    p.add_argument("exercise", nargs="*", help="exercise sets to build (default: all)")
    _add_common(p)
    p = sub.add_parser("check", help="check a notebook on the public cases (exit 1 on failure)")
    p.add_argument("notebook")
    p.add_argument("--question", help="only this question id")
    p.add_argument("--exercise", help="exercise set name (default: the notebook's file name)")
    _add_common(p)
    p = sub.add_parser("progress", help="every exercise set and question: pass, fail or not started")
    _add_common(p)
    p = sub.add_parser("check-course", help="solutions score 100 %%, exercises 0 %%, twice identical")
    p.add_argument("--jobs", type=int, default=2)
    p.add_argument("exercise", nargs="*", help="exercise sets to check (default: all)")
    _add_common(p)
    p = sub.add_parser("new", help="start a new exercise set: solutions/exNN_name.ipynb + check file")
    p.add_argument("name", help="exNN_topic, e.g. ex14_attention")
    p.add_argument("--root", help="course repository (default: the one containing solutions/)")
    p = sub.add_parser("grade", help="grade SUBMISSIONS/<student>/<exercise>.ipynb (or <student>.zip)")
    p.add_argument("submissions")
    p.add_argument("--out", required=True, help="results directory (one JSON per student)")
    p.add_argument("--jobs", type=int, default=1)
    p.add_argument("--resume", action="store_true", help="skip students that already have a result")
    p.add_argument("--shard", default="1/1", help="K/N: grade only the K-th of N shards of students")
    p.add_argument("--exercise", action="append", help="grade only these exercise sets (repeatable)")
    p.add_argument("--seed", type=int, default=0, help="seed of the hidden cases (keep it private)")
    _add_common(p)
    p = sub.add_parser("report", help="gradebook CSV and per-student feedback from RESULTS")
    p.add_argument("results")
    p.add_argument("--csv", required=True)
    p.add_argument("--feedback", help="directory for one Markdown feedback file per student")
    p = sub.add_parser("selftest", help="grade the adversarial corpus and assert every outcome")
    p.add_argument("--jobs", type=int, default=2)
    p.add_argument("--keep", help="keep the run directory here")
    p.add_argument("--only", action="append", help="run only these corpus cases")
    _add_common(p, limits=False)
    return ap


def main(argv=None):
    args = parser().parse_args(argv)
    try:
        return _dispatch(args)
    except KeyboardInterrupt:
        print("bpgrade: interrupted", file=sys.stderr)
        return 2
    except RuntimeError as exc:
        if "--sandbox strict" in str(exc):
            print(f"bpgrade: {exc}", file=sys.stderr)
            return 3
        raise


def _dispatch(args):
    from bpgrade.layout import Layout

    layout = Layout.find(args.root) if hasattr(args, "root") else None
    if args.command == "new":
        from bpgrade.authoring.scaffold import new_exercise
        return new_exercise(layout, args.name)
    if args.command == "report":
        from bpgrade.classroom.report import write_report
        return write_report(args.results, args.csv, args.feedback)
    protections = prot.probe(args.sandbox)
    from bpgrade.isolation.reaper import become_subreaper
    become_subreaper()  # orphans of sandboxed children come back here to be swept
    if args.command == "build":
        from bpgrade.authoring.build import BuildError, LearnerWork, build, edited_since_build
        from bpgrade.authoring.leaks import LeakError
        from bpgrade.authoring.reference import default_cache_dir
        from bpgrade.authoring.spec import AuthorError
        try:
            stale = build(layout, _limits(args), protections, args.exercise or None,
                          check_only=args.check, cache_dir=default_cache_dir(), force=args.force)
        except (BuildError, LeakError, AuthorError) as exc:
            print(f"bpgrade build: {exc}", file=sys.stderr)
            return 2
        except LearnerWork as exc:
            print(f"bpgrade build: {exc}", file=sys.stderr)
            return 1
        edited = [p for p in stale if p.suffix == ".ipynb" and edited_since_build(p)]
        for path in stale:
            note = " (holds edits made after it was built: answers?)" if path in edited else ""
            print(("out of date: " if args.check else "wrote ") + str(path) + note)
        if args.check and stale:
            print("exercises/ is out of date: run `bpgrade build`" + (
                " (it will not replace the edited notebooks above without --force)" if edited else ""))
            return 1
        print("exercises/ was up to date" if not stale else f"exercises/ rebuilt ({len(stale)} file(s) written)")
        return 0
    if args.command == "check":
        from bpgrade.learner.checkcmd import check_notebook
        ok, _ = check_notebook(args.notebook, _limits(args), protections, args.question, args.exercise)
        return 0 if ok else 1
    if args.command == "progress":
        from bpgrade.learner.progress import format_progress, progress
        print(format_progress(progress(layout, _limits(args), protections)))
        return 0
    if args.command == "check-course":
        from bpgrade.authoring.course import check_course
        from bpgrade.authoring.reference import default_cache_dir
        return check_course(layout, _limits(args), protections, jobs=args.jobs,
                            cache_dir=str(default_cache_dir()), names=args.exercise or None)
    if args.command == "grade":
        from bpgrade.classroom.batch import grade_batch
        return grade_batch(args, layout, _limits(args), protections)
    if args.command == "selftest":
        from bpgrade.selftest.selftest import run_selftest
        return run_selftest(protections, jobs=args.jobs, keep=args.keep, only=args.only)
    return 2
