"""``bpgrade report``: the gradebook CSV and one Markdown feedback file per student.

Both are regenerated from the result files alone (no database; re-running is idempotent).
Feedback shows public cases in full and hidden cases only as pass/fail with a category; it never
shows hidden inputs or expected values, nor anything the code printed (which could echo hidden
inputs back).

Everything a student controls (their name, file names, exception names and messages) is
escaped before it goes into the Markdown (``md_text``): control characters become visible
escapes, so no line break, heading, table, link, image, emphasis or raw HTML can be forged.
Scores are shown with two decimals at most. CSV text cells that a spreadsheet could read as a
formula (anything not starting with a letter or digit: ``= + - @``, tab, carriage return, ...)
get a leading apostrophe; scores stay plain numbers.
"""

import csv
import json
import re
import sys
from pathlib import Path

from bpgrade.classroom.results import display_score, file_stem

MAX_TEXT = 600
_MD_ENTITIES = {"&": "&amp;", "<": "&lt;", ">": "&gt;"}
_MD_PLAIN = set(" .,:;()'\"/?%=+-@")


class ReportError(Exception):
    """The results folder cannot make a report; the message says why."""


def load_results(results_dir):
    """[(student, result)] sorted by student; unreadable files are reported and skipped."""
    out = []
    for path in sorted(Path(results_dir).glob("*.json")):
        if path.name.startswith("."):
            continue
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            if not isinstance(data, dict) or not isinstance(data.get("student"), str) \
                    or not isinstance(data.get("questions"), list):
                raise ValueError("not a bpgrade result file")
            data["_file_stem"] = path.stem  # feedback is named like the result file
            out.append((data["student"], data))
        except (OSError, ValueError) as exc:
            print(f"bpgrade report: skipping {path}: {exc}", file=sys.stderr)
    return sorted(out, key=lambda item: item[0])


def gradebook_rows(results):
    """Header and rows: student, one column per question (in course order), total, max."""
    columns = []
    for _, data in results:
        for q in data["questions"]:
            if q["id"] not in columns:
                columns.append(q["id"])
    header = ["student"] + columns + ["total", "max_score"]
    rows = []
    for student, data in results:
        scores = {q["id"]: q["score"] for q in data["questions"]}
        rows.append([csv_text(student)] + [_num(scores.get(c, "")) for c in columns]
                    + [_num(data["score"]), _num(data["max_score"])])
    return header, rows


def csv_text(text):
    """A text cell no spreadsheet reads as a formula: unless it starts with a letter or a digit,
    it gets a leading apostrophe (``=1+1``, ``+``, ``-``, ``@``, tab, carriage return, ...)."""
    text = str(text)
    return text if text[:1].isalnum() else "'" + text


def _num(value):
    return display_score(value) if isinstance(value, (int, float)) and not isinstance(value, bool) else value


def md_text(text, limit=MAX_TEXT):
    """Student-controlled text as inert Markdown on one line: control and format characters as
    visible escapes (``\\n``), ``& < >`` as entities, other ASCII punctuation that Markdown or
    math renderers read backslash-escaped; at most ``limit`` characters."""
    text = str(text)
    if len(text) > limit:
        text = text[:limit] + "..."
    out = []
    for c in text:
        if not c.isprintable():
            c = c.encode("unicode_escape").decode("ascii")
            out.append(c.replace("\\", "\\\\"))
        elif c in _MD_ENTITIES:
            out.append(_MD_ENTITIES[c])
        elif c.isascii() and not c.isalnum() and c not in _MD_PLAIN:
            out.append("\\" + c)
        else:
            out.append(c)
    return "".join(out)


def _code(text):
    """Grader-made text (a public case's call) as a code span that nothing can close early."""
    text = " ".join(str(text).split())
    run = max((len(r) for r in re.findall(r"`+", text)), default=0)
    fence = "`" * (run + 1)
    return f"{fence} {text} {fence}" if run else f"{fence}{text}{fence}"


def _score(value, maximum):
    return f"{display_score(value)} / {display_score(maximum)}"


def feedback_markdown(data, sets_note=""):
    """The feedback file of one result (text a student controls is escaped)."""
    lines = [f"# Feedback for {md_text(data['student'], 300)}", "",
             f"**Total: {_score(data['score'], data['max_score'])}**", ""]
    if sets_note:
        lines.append(sets_note)
    for note in data.get("notes", []):
        lines.append(f"> {md_text(note)}")
    for part in data.get("exercises", []):
        lines += ["", f"## {part['exercise']}: {_score(part['score'], part['max_score'])}", ""]
        if part.get("status") not in (None, "graded"):
            lines += [f"Not graded: {md_text(part.get('message', ''))}", ""]
        lines += ["| question | score | status | message |", "|---|---|---|---|"]
        for q in part["questions"]:
            lines.append(f"| {q['id']} | {_score(q['score'], q['max_score'])} | "
                         f"{md_text(q['status'])} | {md_text(q['message'])} |")
        for q in part["questions"]:
            if not q.get("cases"):
                continue
            lines += ["", f"### {q['id']}", ""]
            for case in q["cases"]:
                if case["hidden"]:
                    verdict = "passed" if case["passed"] else f"failed ({md_text(case['category'])})"
                elif case["passed"]:
                    verdict = "passed"
                else:
                    verdict = f"failed: {md_text(case['message'].split(': ', 1)[-1])}"
                call = f" {_code(case['call'])}" if case.get("call") and not case["hidden"] else ""
                lines.append(f"- {case['name']}{call}: {verdict}")
        bad_cells = [c for c in part.get("cells", []) if c["status"] != "ok"]
        if bad_cells:
            lines += ["", "Cells that did not run cleanly:", ""]
            lines += [f"- cell {md_text(c['cell'])}: {md_text(c['status'])}"
                      + (f" — {md_text(c['error'])}" if c.get("error") else "") for c in bad_cells]
    lines += ["", "---", "Graded in a sandbox: " + _protections(data.get("protections", {})), ""]
    return "\n".join(lines)


def _protections(p):
    keys = [("filesystem", "filesystem confined"), ("seccomp", "no new processes or IP sockets"),
            ("signals", "signals scoped"), ("resource_limits", "resource limits")]
    return ", ".join(label for key, label in keys if p.get(key)) or "process isolation only"


def exercise_sets_note(results):
    """One sentence on which exercise sets the class was graded on, out of how many points."""
    sets = {tuple(d.get("exercise_sets") or [p["exercise"] for p in d.get("exercises", [])])
            for _, d in results}
    maxima = {d["max_score"] for _, d in results}
    if len(sets) != 1:
        return ("Warning: the result files were graded on different exercise sets ("
                + "; ".join(", ".join(s) or "none" for s in sorted(sets)) + "): totals are not comparable.")
    (chosen,) = sets
    how = {d.get("exercise_selection", "") for _, d in results}
    why = " (the sets present in the class's submissions)" if how == {"present"} else ""
    points = " / ".join(display_score(m) for m in sorted(maxima))
    return f"Graded on {len(chosen)} exercise set(s){why}: {', '.join(chosen)}; out of {points} points."


def write_report(results_dir, csv_path, feedback_dir=None):
    """The ``report`` command; returns the exit status."""
    if not Path(results_dir).is_dir():
        print(f"bpgrade report: results folder {results_dir} does not exist", file=sys.stderr)
        return 2
    results = load_results(results_dir)
    if not results:
        print(f"bpgrade report: no result files in {results_dir} (results are the folder "
              "`bpgrade grade SUBMISSIONS --out RESULTS` wrote, not the submissions)", file=sys.stderr)
        return 2
    note = exercise_sets_note(results)
    header, rows = gradebook_rows(results)
    Path(csv_path).parent.mkdir(parents=True, exist_ok=True)
    with open(csv_path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows(rows)
    if feedback_dir:
        Path(feedback_dir).mkdir(parents=True, exist_ok=True)
        for student, data in results:
            (Path(feedback_dir) / f"{data.get('_file_stem') or file_stem(student)}.md").write_text(
                feedback_markdown(data, note), encoding="utf-8")
    print(f"wrote {csv_path} ({len(rows)} students)" + (f" and feedback in {feedback_dir}" if feedback_dir else ""))
    print(note)
    return 0
