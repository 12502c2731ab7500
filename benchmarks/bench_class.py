"""Grading an honest class: N students, each handing in every exercise set's solution.

Run: ``python benchmarks/bench_class.py [--students 10] [--jobs 2] [--repeats 2]
[--compare /path/to/python:/path/to/other/checkout]``. A measurement script, not a test: it times
the whole ``bpgrade grade`` process (references cached beforehand), wall clock and CPU seconds of
the process and all its sandboxed children (less sensitive than the wall clock to other load on
shared cores), and prints the load average. With ``--compare`` the runs of this checkout and of the other one
(its own interpreter and course root, e.g. a worktree of an earlier commit) alternate, so other
load on the machine hits both alike.
"""

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bpgrade.layout import Layout


def make_class(layout, students, subs):
    for i in range(students):
        folder = subs / f"s{i:03d}"
        folder.mkdir(parents=True)
        for ex in layout.authored():
            shutil.copy(layout.source_notebook(ex), folder / f"{ex}.ipynb")


def grade(python, root, subs, out, jobs, seed="4242"):
    cmd = [python, "-m", "bpgrade", "grade", str(subs), "--out", str(out), "--jobs", str(jobs),
           "--seed", seed, "--root", str(root)]
    for ex in Layout(Path(root)).authored():
        cmd += ["--exercise", ex]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    proc = subprocess.run(cmd, capture_output=True, text=True, cwd=tempfile.gettempdir())
    seconds = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if proc.returncode != 0:
        raise SystemExit(f"grading failed ({proc.returncode}): {proc.stdout[-800:]} {proc.stderr[-800:]}")
    return seconds, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--students", type=int, default=10)
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--repeats", type=int, default=2)
    ap.add_argument("--compare", help="PYTHON:ROOT of another checkout to time alternately")
    args = ap.parse_args()
    layout = Layout.find()
    runs = {"this": (sys.executable, layout.root)}
    if args.compare:
        python, root = args.compare.split(":", 1)
        runs["other"] = (python, Path(root))
    print(f"cores: {os.cpu_count()}, load average before: {os.getloadavg()[0]:.2f}")
    times, cpu = {k: [] for k in runs}, {k: [] for k in runs}
    with tempfile.TemporaryDirectory(prefix="bpgrade-bench-class-") as tmp:
        work = Path(tmp)
        make_class(layout, args.students, work / "subs")
        warm = {}
        for key, (python, root) in runs.items():  # references computed once, then copied
            warm[key] = work / f"warm-{key}"
            grade(python, root, work / "subs", warm[key], args.jobs)
        for rep in range(args.repeats):
            for key, (python, root) in (runs.items() if rep % 2 == 0 else reversed(runs.items())):
                out = work / f"res-{key}-{rep}"
                shutil.copytree(warm[key] / ".references", out / ".references")
                wall, used = grade(python, root, work / "subs", out, args.jobs)
                times[key].append(wall)
                cpu[key].append(used)
                print(f"  {key:5s} run {rep + 1}: {wall:.1f} s wall, {used:.1f} s CPU, "
                      f"load {os.getloadavg()[0]:.1f}", flush=True)
    sets = len(layout.authored())
    for key, (python, root) in runs.items():
        print(f"{key} ({root}): {args.students} students x {sets} sets, --jobs {args.jobs}: "
              f"best {min(times[key]):.1f} s, median {statistics.median(times[key]):.1f} s wall; "
              f"CPU median {statistics.median(cpu[key]):.1f} s")
    if args.compare:
        print(f"this / other: wall {min(times['this']) / min(times['other']):.3f} (best runs), "
              f"{statistics.median(times['this']) / statistics.median(times['other']):.3f} (medians); "
              f"CPU {statistics.median(cpu['this']) / statistics.median(cpu['other']):.3f} (medians)")
    print(f"load average after: {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
