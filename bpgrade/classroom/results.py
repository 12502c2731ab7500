"""Result files: one JSON per student, assembled from the exercises' parts, written atomically.

Top level: ``student``, ``score``, ``max_score`` (from the check files, never from the
submission), ``questions`` (``[{id, score, max_score, status, message}]``, ids written
``exercise.question``), ``exercises`` (per-exercise detail with cases, cells and output),
``protections`` (what was in force), ``grader`` (version, seed, spec hashes), ``notes``,
``exercise_sets`` (the sets graded, the same for the whole class) and how they were chosen.
Every score is clamped to ``0 <= score <= max_score`` here, whatever happened before; scores are
exact here and rounded only for display (``display_score``).

File names: ``RESULTS/<student>.json`` when the name is plain (ASCII letters, digits, ``._-``,
not starting with ``.``, ``_`` or ``-``, at most 100 characters); any other name — long, Unicode,
leading ``-``, newlines, bytes that are not UTF-8 — is stored as ``_<ascii-slug>.<hash>.json``
(``file_stem``), which no plain name can collide with; the JSON keeps the real name.
"""

import hashlib
import json
import os
import re
import tempfile
import unicodedata
from pathlib import Path

from bpgrade import __version__

SCHEMA = 1
TIMING_KEYS = ("seconds",)


def clamp(score, maximum):
    return float(min(max(float(score), 0.0), float(maximum)))


_PLAIN = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,99}")


def file_stem(student):
    """The file name (without suffix) for a student's result or feedback: the name itself when
    plain, else ``_<slug>.<20 hex digits of SHA-256 of the name's bytes>``."""
    if _PLAIN.fullmatch(student):
        return student
    raw = os.fsencode(student)
    ascii_name = unicodedata.normalize("NFKD", raw.decode("utf-8", "replace")).encode("ascii", "ignore")
    slug = re.sub(r"[^A-Za-z0-9]+", "-", ascii_name.decode()).strip("-")[:40]
    return f"_{slug}.{hashlib.sha256(raw).hexdigest()[:20]}"


def json_name(student):
    """The name as JSON can hold it (bytes that are not UTF-8 become ``\\xNN``)."""
    return os.fsencode(student).decode("utf-8", "backslashreplace")


def display_name(student, limit=120):
    """The name for a terminal: control and format characters (newlines, escape sequences,
    bidirectional overrides) shown as escapes, long names shortened."""
    text = "".join(c if c.isprintable() else c.encode("unicode_escape").decode("ascii")
                   for c in json_name(student))
    return text if len(text) <= limit else text[: limit - 1] + "\u2026"


def display_score(value):
    """A score for people to read: two decimals at most (15.3571 -> '15.36', 8.0 -> '8')."""
    text = f"{round(float(value), 2):.2f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def student_result(student, parts, protections, seed, spec_hashes, notes=(), selection=None):
    """Combine per-exercise results into the student's result document.

    ``selection`` says how the exercise sets were chosen (recorded for the report)."""
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
    return {"schema": SCHEMA, "student": json_name(student), "score": score, "max_score": max_score,
            "questions": questions, "exercises": exercises,
            "exercise_sets": [p["exercise"] for p in parts], "exercise_selection": selection or "",
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
        # lone surrogates (a child's message or a file name that is not UTF-8) as \udcxx escapes
        text = json.dumps(data, indent=1, sort_keys=True, ensure_ascii=False) + "\n"
        with os.fdopen(fd, "wb") as handle:
            handle.write(text.encode("utf-8", "backslashreplace"))
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
    return Path(out_dir) / f"{file_stem(student)}.json"
