"""Grading an honest class: N students, each handing in every exercise set's solution.

Run: ``python benchmarks/bench_class.py [--students 10] [--jobs 2] [--repeats 2]
[--compare /path/to/python:/path/to/other/checkout] [--first-runs]``. A measurement script, not a
test: it times the whole ``bpgrade grade`` process (references cached beforehand, or not for
``--first-runs``): wall clock, and the CPU seconds the whole machine spent meanwhile
(``/proc/stat``: every process and kernel thread, so other load counts too; the grader's own
process tree cannot be measured with ``getrusage``, because children that end inside a PID
namespace are never waited for by the grader). It prints the load average. With ``--compare``
the runs of this checkout and of the other one (its own interpreter and course root, e.g. a
worktree of an earlier commit) alternate, so other load on the machine hits both alike. Do not
edit either checkout while it runs: reference values and the solution's verification are keyed
by the grader's code and would be recomputed.
"""

import argparse
import os
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
    before = machine_cpu_seconds()
    start = time.perf_counter()
    proc = subprocess.run(cmd, capture_output=True, text=True, cwd=tempfile.gettempdir())
    seconds = time.perf_counter() - start
    used = machine_cpu_seconds() - before
    if proc.returncode != 0:
        raise SystemExit(f"grading failed ({proc.returncode}): {proc.stdout[-800:]} {proc.stderr[-800:]}")
    return seconds, used


def machine_cpu_seconds():
    """CPU seconds all cores have spent busy since boot (user, nice, system, irq, softirq);
    NaN where there is no /proc/stat."""
    try:
        with open("/proc/stat", encoding="ascii") as handle:
            fields = handle.readline().split()
    except OSError:
        return float("nan")
    user, nice, system, _idle, _iowait, irq, softirq = map(int, fields[1:8])
    return (user + nice + system + irq + softirq) / os.sysconf("SC_CLK_TCK")


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--students", type=int, default=10)
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--repeats", type=int, default=2)
    ap.add_argument("--compare", help="PYTHON:ROOT of another checkout to time alternately")
    ap.add_argument("--first-runs", action="store_true",
                    help="also time, in each repetition, a first run of the seed (into an empty "
                         "folder: reference values and the solution's verification computed)")
    args = ap.parse_args()
    layout = Layout.find()
    runs = {"this": (sys.executable, layout.root)}
    if args.compare:
        python, root = args.compare.split(":", 1)
        runs["other"] = (python, Path(root))
    print(f"cores: {os.cpu_count()}, load average before: {os.getloadavg()[0]:.2f}")
    kinds = ["regrade"] + (["first run"] if args.first_runs else [])
    times = {(k, kind): [] for k in runs for kind in kinds}
    cpu = {(k, kind): [] for k in runs for kind in kinds}
    with tempfile.TemporaryDirectory(prefix="bpgrade-bench-class-") as tmp:
        work = Path(tmp)
        make_class(layout, args.students, work / "subs")
        warm = {}
        for key, (python, root) in runs.items():  # references computed once, then copied
            warm[key] = work / f"warm-{key}"
            wall, _ = grade(python, root, work / "subs", warm[key], args.jobs)
            print(f"  {key:5s} warm-up (first run of the seed): {wall:.1f} s wall", flush=True)
        for rep in range(args.repeats):
            for key, (python, root) in (runs.items() if rep % 2 == 0 else reversed(runs.items())):
                for kind in kinds:
                    out = work / f"res-{key}-{rep}-{kind.replace(' ', '-')}"
                    if kind == "regrade":
                        shutil.copytree(warm[key] / ".references", out / ".references")
                    wall, used = grade(python, root, work / "subs", out, args.jobs)
                    times[key, kind].append(wall)
                    cpu[key, kind].append(used)
                    print(f"  {key:5s} {kind} {rep + 1}: {wall:.1f} s wall, {used:.1f} s machine CPU, "
                          f"load {os.getloadavg()[0]:.1f}", flush=True)
    sets = len(layout.authored())
    for kind in kinds:
        for key, (python, root) in runs.items():
            print(f"{kind}, {key} ({root}): {args.students} students x {sets} sets, --jobs {args.jobs}: "
                  f"best {min(times[key, kind]):.1f} s, median {statistics.median(times[key, kind]):.1f} s "
                  f"wall; machine CPU median {statistics.median(cpu[key, kind]):.1f} s")
        if args.compare:
            ratio = lambda pick, table: pick(table["this", kind]) / pick(table["other", kind])
            print(f"{kind}, this / other: wall {ratio(min, times):.3f} (best runs), "
                  f"{ratio(statistics.median, times):.3f} (medians); machine CPU "
                  f"{ratio(statistics.median, cpu):.3f} (medians)")
    print(f"load average after: {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
