"""Grading speed: one clean submission per exercise set, and class throughput with --jobs 1 / 2.

Run: ``python benchmarks/bench_grading.py [--students 8] [--repeats 3]``. A measurement script,
not a test: it prints numbers (and the load average, since the cores may be shared).
Targets of the course design: one clean submission of one exercise graded in under 3 s; ``--jobs 2``
close to twice the throughput of ``--jobs 1``.
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

from bpgrade.isolation import protections as prot
from bpgrade.classroom.batch import _context
from bpgrade.classroom.grade import grade_notebook
from bpgrade.layout import Layout
from bpgrade.isolation.limits import Limits


def one_submission(layout, limits, protections, repeats, cache):
    print("one clean submission (the solution), references cached beforehand:")
    for ex in layout.authored():
        checkset, refs = _context(str(layout.root), [ex], 0, limits, protections, cache)[ex]
        times = []
        for _ in range(repeats):
            start = time.perf_counter()
            part = grade_notebook(layout.source_notebook(ex), checkset, refs, limits, protections)
            times.append(time.perf_counter() - start)
        n_cases = sum(len(q["cases"]) for q in part["questions"])
        print(f"  {ex:26s} {len(part['questions'])} questions, {n_cases:3d} cases, "
              f"score {part['score']:g}/{part['max_score']:g}: median {statistics.median(times):.2f} s "
              f"(min {min(times):.2f} s)")


def throughput(layout, students, work, repeats):
    subs = work / "subs"
    for i in range(students):
        (subs / f"s{i:03d}").mkdir(parents=True)
        shutil.copy(layout.source_notebook("ex01_neuron"), subs / f"s{i:03d}" / "ex01_neuron.ipynb")
    base = [sys.executable, "-m", "bpgrade", "grade", str(subs), "--exercise", "ex01_neuron",
            "--seed", "4242", "--root", str(layout.root)]
    subprocess.run(base + ["--out", str(work / "warm")], check=False, capture_output=True)
    times = {1: [], 2: []}
    for rep in range(repeats):  # alternate, so that other load on the machine hits both alike
        for jobs in (1, 2):
            out = work / f"res{jobs}-{rep}"
            shutil.copytree(work / "warm" / ".references", out / ".references")  # cached references
            start = time.perf_counter()
            subprocess.run(base + ["--out", str(out), "--jobs", str(jobs)], check=False, capture_output=True)
            times[jobs].append(time.perf_counter() - start)
    for jobs in (1, 2):
        best = min(times[jobs])
        print(f"  --jobs {jobs}: {students} students of ex01_neuron in {best:.1f} s best, "
              f"{statistics.median(times[jobs]):.1f} s median ({students / best:.2f} students/s)")
    print(f"  speed-up of --jobs 2 over --jobs 1: {min(times[1]) / min(times[2]):.2f}x (best runs), "
          f"{statistics.median(times[1]) / statistics.median(times[2]):.2f}x (medians)")


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--students", type=int, default=10)
    ap.add_argument("--repeats", type=int, default=3)
    args = ap.parse_args()
    layout = Layout.find()
    limits, protections = Limits(), prot.probe("standard")
    print(f"cores: {os.cpu_count()}, load average before: {os.getloadavg()[0]:.2f}")
    with tempfile.TemporaryDirectory(prefix="bpgrade-bench-") as tmp:
        work = Path(tmp)
        one_submission(layout, limits, protections, args.repeats, work / "cache")
        print("class throughput (bpgrade grade, whole process including start-up):")
        throughput(layout, args.students, work, args.repeats)
    print(f"load average after: {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
