"""Executing the lecture notebooks: what a learner waits for, over several runs.

Run: ``python benchmarks/bench_notebooks.py [--runs 5] [--compare /path/to/other/checkout]``. A
measurement script, not a test. Each run copies ``notebooks/`` to a fresh folder and executes every
notebook there with ``tools/execute_notebooks.py`` (one notebook after another, each in a fresh
kernel, as a learner runs them), so the repository's notebooks are never rewritten. It prints each
notebook's median time and the total's minimum, median and maximum over the runs, with the load
average before and after: the total is wall-clock time, and other load on the machine counts.

With ``--compare`` the runs of this checkout and of the other one (e.g. a worktree of an earlier
commit, ``git worktree add /tmp/before <commit>``) alternate, so other load hits both alike, and
the ratio of the medians is printed. Each checkout's kernels import that checkout's ``bplib`` and
``bpgrade`` (its root comes first on ``PYTHONPATH``); both use this interpreter and its packages.
"""

import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
LINE = re.compile(r"^(?P<path>\S+\.ipynb):\s+(?P<seconds>[\d.]+) s")
TOTAL = re.compile(r"^(?P<count>\d+) notebook\(s\) in (?P<seconds>[\d.]+) s")


def run_once(root):
    """Execute a fresh copy of ``root``'s lecture notebooks; returns ({notebook: s}, total s)."""
    with tempfile.TemporaryDirectory(prefix="bench-notebooks-") as tmp:
        copy = Path(tmp) / "notebooks"
        shutil.copytree(root / "notebooks", copy)
        env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(root), os.environ.get("PYTHONPATH")]))}
        proc = subprocess.run([sys.executable, str(root / "tools" / "execute_notebooks.py"), str(copy)],
                              capture_output=True, text=True, env=env, cwd=tmp)
        if proc.returncode != 0:
            raise SystemExit(f"executing {root}'s notebooks failed ({proc.returncode}):\n{proc.stderr[-2000:]}")
    per_notebook, total = {}, None
    for line in proc.stdout.splitlines():
        if match := LINE.match(line):
            per_notebook[Path(match["path"]).stem] = float(match["seconds"])
        elif match := TOTAL.match(line):
            total = float(match["seconds"])
    if total is None or not per_notebook:
        raise SystemExit(f"no timings in the output of {root}'s execution tool:\n{proc.stdout[-2000:]}")
    return per_notebook, total


def summary(name, runs):
    totals = [total for _, total in runs]
    print(f"\n{name}: {len(runs)} runs, total min {min(totals):.1f} s, median {statistics.median(totals):.1f} s, "
          f"max {max(totals):.1f} s  (runs: {', '.join(f'{t:.1f}' for t in totals)})")
    for notebook in runs[0][0]:
        print(f"  {notebook:<34} median {statistics.median(r[0][notebook] for r in runs):5.1f} s")
    return statistics.median(totals)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=5, help="runs per checkout (default 5)")
    ap.add_argument("--compare", type=Path, help="root of another checkout to time alternately")
    args = ap.parse_args()
    if args.runs < 1:
        ap.error(f"--runs must be at least 1; got {args.runs}")
    roots = {"this checkout": ROOT}
    if args.compare:
        if not (args.compare / "notebooks").is_dir() or not (args.compare / "tools" / "execute_notebooks.py").is_file():
            ap.error(f"--compare {args.compare}: expected a course checkout with notebooks/ and tools/execute_notebooks.py")
        roots["compared checkout"] = args.compare.resolve()
    print(f"load average before: {' '.join(f'{x:.2f}' for x in os.getloadavg())}; {os.cpu_count()} cores")
    runs = {name: [] for name in roots}
    for i in range(args.runs):
        for name, root in roots.items():
            runs[name].append(run_once(root))
            print(f"run {i + 1}, {name}: {runs[name][-1][1]:.1f} s", flush=True)
    medians = {name: summary(f"{name} ({roots[name]})", r) for name, r in runs.items()}
    if args.compare:
        print(f"\nratio of medians, this / compared: {medians['this checkout'] / medians['compared checkout']:.3f}")
    print(f"load average after: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main()
