"""Result files: one JSON per student, assembled from the exercises' parts, written atomically.

Top level: ``student``, ``score``, ``max_score`` (from the check files, never from the
submission), ``questions`` (``[{id, score, max_score, status, message}]``, ids written
``exercise.question``), ``exercises`` (per-exercise detail with cases, cells and output),
``protections`` (what was in force), ``grader`` (version, seed, spec hashes), ``notes``.
Every score is clamped to ``0 <= score <= max_score`` here, whatever happened before.
"""

import json
import os
import tempfile
from pathlib import Path

from bpgrade import __version__

SCHEMA = 1
TIMING_KEYS = ("seconds",)


def clamp(score, maximum):
    return float(min(max(float(score), 0.0), float(maximum)))


def student_result(student, parts, protections, seed, spec_hashes, notes=()):
    """Combine per-exercise results into the student's result document."""
    questions, exercises = [], []
    for part in parts:
        for q in part["questions"]:
            q["score"] = clamp(q["score"], q["max_score"])
            questions.append({"id": f"{part['exercise']}.{q['id']}", "score": q["score"],
                              "max_score": q["max_score"], "status": q["status"],
                              "message": q["message"]})
        part["score"] = round(sum(q["score"] for q in part["questions"]), 4)
        exercises.append(part)
    max_score = float(sum(q["max_score"] for q in questions))
    score = clamp(round(sum(q["score"] for q in questions), 4), max_score)
    return {"schema": SCHEMA, "student": student, "score": score, "max_score": max_score,
            "questions": questions, "exercises": exercises,
            "notes": list(notes) + [n for p in parts for n in p.get("notes", [])],
            "protections": protections,
            "grader": {"version": __version__, "seed_id": _seed_id(seed), "checks": spec_hashes}}


def _seed_id(seed):
    """Results say which seed was used without revealing it (feedback is built from results)."""
    import hashlib

    return hashlib.sha256(f"bpgrade-seed:{seed}".encode()).hexdigest()[:12]


def write_atomic(path, data):
    """Write JSON so that readers see the old file or the new one, never half of one."""
    path = Path(path)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            json.dump(data, handle, indent=1, sort_keys=True, ensure_ascii=False)
            handle.write("\n")
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise


def without_timings(value):
    """A copy of a result with timing fields removed (to compare two runs)."""
    if isinstance(value, dict):
        return {k: without_timings(v) for k, v in value.items() if k not in TIMING_KEYS}
    if isinstance(value, list):
        return [without_timings(v) for v in value]
    return value


def result_path(out_dir, student):
    return Path(out_dir) / f"{student}.json"
