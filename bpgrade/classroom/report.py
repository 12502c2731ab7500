"""``bpgrade report``: the gradebook CSV and one Markdown feedback file per student.

Both are regenerated from the result files alone (no database; re-running is idempotent).
Feedback shows public cases in full and hidden cases only as pass/fail with a category; it never
shows hidden inputs or expected values, nor anything the code printed (which could echo hidden
inputs back).
"""

import csv
import json
import sys
from pathlib import Path


def load_results(results_dir):
    """[(student, result)] sorted by student; unreadable files are reported and skipped."""
    out = []
    for path in sorted(Path(results_dir).glob("*.json")):
        if path.name.startswith("."):
            continue
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            out.append((data["student"], data))
        except (OSError, ValueError, KeyError) as exc:
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
        rows.append([_safe(student)] + [_num(scores.get(c, "")) for c in columns]
                    + [_num(data["score"]), _num(data["max_score"])])
    return header, rows


def _safe(text):
    """Keep spreadsheets from reading a name like '=HYPERLINK(...)' as a formula."""
    return "'" + text if text[:1] in ("=", "+", "-", "@") else text


def _num(value):
    return f"{value:g}" if isinstance(value, (int, float)) else value


def feedback_markdown(data):
    lines = [f"# Feedback for {data['student']}", "",
             f"**Total: {data['score']:g} / {data['max_score']:g}**", ""]
    for note in data.get("notes", []):
        lines.append(f"> {note}")
    for part in data.get("exercises", []):
        lines += ["", f"## {part['exercise']}: {part['score']:g} / {part['max_score']:g}", ""]
        if part.get("status") not in (None, "graded"):
            lines += [f"Not graded: {part.get('message', '')}", ""]
        lines += ["| question | score | status | message |", "|---|---|---|---|"]
        for q in part["questions"]:
            lines.append(f"| {q['id']} | {q['score']:g} / {q['max_score']:g} | {q['status']} | "
                         f"{_cell(q['message'])} |")
        for q in part["questions"]:
            if not q.get("cases"):
                continue
            lines += ["", f"### {q['id']}", ""]
            for case in q["cases"]:
                if case["hidden"]:
                    verdict = "passed" if case["passed"] else f"failed ({case['category']})"
                elif case["passed"]:
                    verdict = "passed"
                else:
                    verdict = f"failed: {case['message'].split(': ', 1)[-1]}"
                call = f" `{case['call']}`" if case.get("call") and not case["hidden"] else ""
                lines.append(f"- {case['name']}{call}: {verdict}")
        bad_cells = [c for c in part.get("cells", []) if c["status"] != "ok"]
        if bad_cells:
            lines += ["", "Cells that did not run cleanly:", ""]
            lines += [f"- cell {c['cell']}: {c['status']}" + (f" — {c['error']}" if c.get("error") else "")
                      for c in bad_cells]
    lines += ["", "---", "Graded in a sandbox: " + _protections(data.get("protections", {})), ""]
    return "\n".join(lines)


def _cell(text):
    return str(text).replace("|", "\\|").replace("\n", " ")


def _protections(p):
    keys = [("filesystem", "filesystem confined"), ("seccomp", "no new processes or IP sockets"),
            ("signals", "signals scoped"), ("resource_limits", "resource limits")]
    return ", ".join(label for key, label in keys if p.get(key)) or "process isolation only"


def write_report(results_dir, csv_path, feedback_dir=None):
    """The ``report`` command; returns the exit status."""
    if not Path(results_dir).is_dir():
        print(f"bpgrade report: results folder {results_dir} does not exist", file=sys.stderr)
        return 2
    results = load_results(results_dir)
    header, rows = gradebook_rows(results)
    Path(csv_path).parent.mkdir(parents=True, exist_ok=True)
    with open(csv_path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows(rows)
    if feedback_dir:
        Path(feedback_dir).mkdir(parents=True, exist_ok=True)
        for student, data in results:
            (Path(feedback_dir) / f"{student}.md").write_text(feedback_markdown(data), encoding="utf-8")
    print(f"wrote {csv_path} ({len(rows)} students)" + (f" and feedback in {feedback_dir}" if feedback_dir else ""))
    return 0
