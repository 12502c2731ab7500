"""Reference values: what the solution notebook returns for every case, computed in a sandbox.

The solution runs through exactly the same runner as submissions (same cells semantics, same
seeding), in its own sandboxed child per question, with the cells a learner's notebook has: its
``solution-only`` cells (instructor demonstrations) are left out. Results are cached as JSON (exact values)
under a key made of the check file's hash, the solution's code, the grading seed and the grader
version, in a directory the sandboxed children cannot read.
"""

import hashlib
import json
import os
from pathlib import Path

from bpgrade import __version__
from bpgrade.classroom import notebook
from bpgrade.authoring import publicspec
from bpgrade.authoring.spec import split_chain
from bpgrade.judging.judge import AuthorError, expected_from_reference
from bpgrade.isolation.runner import run_question


def _library_hash():
    """Hash of bplib's and the grader's code: solutions call bplib and the child runs them, so
    reference values depend on both."""
    import bplib

    root = Path(bplib.__file__).resolve().parents[1]
    digest = hashlib.sha256()
    for package in ("bplib", "bpgrade"):
        for path in sorted((root / package).rglob("*.py")):
            digest.update(str(path.relative_to(root)).encode() + path.read_bytes())
    return digest.hexdigest()


def cache_key(checkset, cells, seed):
    digest = hashlib.sha256()
    digest.update(json.dumps([checkset.source_hash, cells, seed, __version__,
                              _library_hash()]).encode())
    return digest.hexdigest()[:24]


def default_cache_dir():
    """Where build keeps public reference values between runs (``~/.cache/bpgrade``)."""
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "bpgrade"


def compute(checkset, solution_path, seed, limits, protections, cache_dir=None, include_hidden=True,
            split_chains=True):
    """{question id: [Case with .expected set]}; property questions get expected=None. A chained
    question's cases are split into one case per step fed with reference values
    (``spec.split_chain``) unless ``split_chains`` is False (the public file keeps whole cases)."""
    cells = notebook.code_cells(solution_path, skip_roles=("solution-only",))
    cache = None
    if cache_dir is not None:
        key = cache_key(checkset, cells, seed) + ("" if include_hidden else "-public")
        cache = Path(cache_dir) / f"{checkset.exercise}-{key}.json"
    stored = json.loads(cache.read_text()) if cache is not None and cache.exists() else {}
    out, fresh = {}, {}
    for q in checkset.questions:
        cases = q.cases(seed, include_hidden)
        if q.property is not None:
            out[q.id] = cases
            continue
        if q.id in stored:
            for case, exp in zip(cases, stored[q.id]):
                case.expected = [publicspec.from_json(v) for v in exp]
        else:
            run = run_question(cells, cases, limits, protections, q.timeout)
            for entry in run.cells:
                if entry["status"] != "ok":
                    verb = "raised" if entry["status"] == "error" else entry["status"]
                    raise AuthorError(" ".join(f"{Path(solution_path).name} cell {entry['cell']} {verb}: "
                                               f"{entry.get('error', '')} (a solution cell must run "
                                               "without error)".split()))
            for case, case_run in zip(cases, run.cases):
                case.expected = expected_from_reference(q, case, case_run)
            fresh[q.id] = [[publicspec.to_json(v) for v in c.expected] for c in cases]
        out[q.id] = cases
    for q in checkset.questions:
        if q.chained and split_chains:
            out[q.id] = [part for case in out[q.id] for part in split_chain(q, case)]
    if cache is not None and fresh:
        cache.parent.mkdir(parents=True, exist_ok=True)
        tmp = cache.with_suffix(".tmp")
        tmp.write_text(json.dumps({**stored, **fresh}))
        tmp.replace(cache)
    return out
