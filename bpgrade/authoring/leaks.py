"""Leak checks for built exercises: no solution text, hidden check or marker may survive.

``secrets_of`` collects what must never reach learners: the solution markers, every line written
between ``### BEGIN SOLUTION`` and ``### END SOLUTION`` (and of ``solution-only`` cells) that is
not also part of the stub learners get (an answer cell's lines outside the markers), and the source lines of the hidden-case
generators. ``find_leaks`` searches every string of a built notebook — sources, outputs,
attachments, cell and notebook metadata — and the public checks text for them.
"""

import inspect
import json

MARKERS = ("BEGIN SOLUTION", "END SOLUTION", "BEGIN HIDDEN", "END HIDDEN", "BEGIN MARK SCHEME",
           "END MARK SCHEME", "solutions/checks")
MIN_LINE = 8


class LeakError(Exception):
    """The build would give something secret away; the message lists what and where."""


def split_solution(source):
    """(visible_lines, solution_lines) of a source with BEGIN/END SOLUTION regions."""
    visible, secret, inside = [], [], False
    for line in source.splitlines():
        stripped = line.strip()
        if stripped.startswith("### BEGIN SOLUTION"):
            if inside:
                raise ValueError("nested ### BEGIN SOLUTION")
            inside = True
        elif stripped.startswith("### END SOLUTION"):
            if not inside:
                raise ValueError("### END SOLUTION without BEGIN")
            inside = False
        else:
            (secret if inside else visible).append(line)
    if inside:
        raise ValueError("### BEGIN SOLUTION without END")
    return visible, secret


def secrets_of(source_cells, checkset):
    """The set of strings that must not appear in anything shipped to learners."""
    visible_text, secret_lines = [], []
    for cell in source_cells:
        text = "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]
        role = cell.get("metadata", {}).get("bpgrade", {}).get("role")
        if role == "solution-only":
            secret_lines += text.splitlines()
            continue
        visible, secret = split_solution(text)
        if role == "answer":  # the stub's own lines (signature, docstring, return) are not secret
            visible_text += visible
        secret_lines += secret
    shown = "\n".join(visible_text)
    secrets = {s.strip() for s in secret_lines if len(s.strip()) >= MIN_LINE}
    secrets = {s for s in secrets if s not in shown}
    for q in checkset.questions:
        for hidden in q.hidden_generators():
            try:
                lines = inspect.getsource(hidden.generate).splitlines()
            except (OSError, TypeError):
                lines = []
            secrets |= {s.strip() for s in lines if len(s.strip()) >= 12 and s.strip() not in shown}
    return secrets | set(MARKERS)


def _strings(value, where):
    if isinstance(value, str):
        yield where, value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _strings(key, where)
            yield from _strings(item, f"{where}.{key}")
    elif isinstance(value, list):
        for i, item in enumerate(value):
            yield from _strings(item, f"{where}[{i}]")


def find_leaks(secrets, notebook_json, public_text):
    """[(where, secret)] for every secret found in the built notebook or public checks."""
    found = []
    texts = list(_strings(json.loads(notebook_json), "notebook"))
    texts.append(("public checks", public_text))
    joined_cells = {}
    for where, text in texts:
        # Cell sources are lists of lines: also search each cell's joined source.
        if where.startswith("notebook.cells[") and ".source[" in where:
            key = where.split(".source[")[0]
            joined_cells[key] = joined_cells.get(key, "") + text
    texts += list(joined_cells.items())
    for where, text in texts:
        for secret in secrets:
            if secret in text:
                found.append((where, secret))
    return sorted(set(found))


def check(secrets, notebook_json, public_text, exercise):
    leaks = find_leaks(secrets, notebook_json, public_text)
    if leaks:
        lines = "\n".join(f"  {where}: {secret!r}" for where, secret in leaks[:20])
        raise LeakError(f"{exercise}: the built exercise would leak {len(leaks)} secret(s):\n{lines}")
