"""The adversarial corpus on disk, and how it becomes a folder of submissions.

``tests/grading/corpus/`` holds one submission per attack against ``ex01_neuron``: ``.py`` files
of notebook cells separated by ``# %%`` lines (``# %% include NAME`` pulls in the cells of
``NAME.py``; ``# %% [markdown]`` starts a markdown cell). ``{{ROOT}}``, ``{{RUN}}``, ``{{PORT}}``
and ``{{CANARY}}`` are replaced by the course root, the run directory, a local listener's port and
a canary folder, ``{{UNIX}}`` by the path of a listening Unix socket — the attacker is assumed to know every path. Headers give the expected outcome:
``# expect: q_sigmoid=fail|error`` (unlisted questions must pass), ``# score: q_sigmoid=0.5
total=8``, ``# same-as: correct`` (identical result), ``# text~: word`` (the result mentions it),
``# feedback~: word`` / ``# feedback!~: word`` (the student's feedback file does / does not
contain it), ``# flags: --student-budget 20`` (graded in a separate ``bpgrade grade`` run with
these options). ``special.py`` builds the cases that are not cells: broken files, odd folders,
archives and names; a builder that names its student differently from the case returns the name.
"""

import importlib.util
import json
import re
from pathlib import Path

EXERCISE = "ex01_neuron"
QUESTIONS = ("q_sigmoid", "q_relu", "q_neuron", "q_and")


def parse_cells(path, corpus, subst):
    """Cells of a ``.py`` corpus file: [(cell_type, source)], includes expanded."""
    cells, current, kind = [], None, "code"
    for line in Path(path).read_text(encoding="utf-8").splitlines():
        if line.startswith("# %%"):
            if current is not None:
                cells.append((kind, "\n".join(current).strip("\n")))
            rest = line[4:].strip()
            if rest.startswith("include "):
                cells += parse_cells(corpus / f"{rest.split()[1]}.py", corpus, subst)
                current = None
                continue
            kind = "markdown" if rest == "[markdown]" else "code"
            current = []
        elif current is not None:
            current.append(line)
    if current is not None:
        cells.append((kind, "\n".join(current).strip("\n")))
    return [(k, _substitute(s, subst)) for k, s in cells]


def _substitute(text, subst):
    for key, value in subst.items():
        text = text.replace("{{" + key + "}}", str(value))
    return text


def headers(path):
    out = {}
    for line in Path(path).read_text(encoding="utf-8").splitlines():
        match = re.match(r"# (attack|expect|score|same-as|text~|feedback~|feedback!~|flags)[:=]\s*(.*)", line)
        if match:
            out[match.group(1)] = match.group(2).strip()
        elif line.startswith("# %%"):
            break
    return out


def notebook(cells):
    return {"cells": [{"cell_type": k, "metadata": {}, "source": s,
                       **({"outputs": [], "execution_count": None} if k == "code" else {})}
                      for k, s in cells],
            "metadata": {"kernelspec": {"name": "python3", "language": "python", "display_name": "Python 3"}},
            "nbformat": 4, "nbformat_minor": 5}


def expectations(text):
    """'q_a=fail|error total=0 text~=x' -> dict."""
    spec = {"status": {q: {"pass"} for q in QUESTIONS}, "score": {}, "text": []}
    for token in text.split():
        if token.startswith("text~="):
            spec["text"].append(token[6:])
        elif "=" in token:
            key, value = token.split("=", 1)
            if key == "total" or value.replace(".", "").isdigit():
                spec["score"][key] = float(value)
            else:
                spec["status"][key] = set(value.split("|"))
    return spec


def load_special(corpus):
    spec = importlib.util.spec_from_file_location("bpgrade_corpus_special", corpus / "special.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.SPECIAL


def submissions_folder(run, flags=""):
    """Where the cases graded with ``flags`` are written (one ``bpgrade grade`` run each)."""
    if not flags:
        return run / "SUBMISSIONS"
    return run / ("SUBMISSIONS-" + re.sub(r"[^A-Za-z0-9]+", "_", flags).strip("_"))


def _extra(exp, head):
    exp["feedback"] = head.get("feedback~", "").split()
    exp["feedback_lacks"] = head.get("feedback!~", "").split()
    exp["flags"] = head.get("flags", "")
    return exp


def materialize(corpus, layout, run, port, only=None, unix_path=None):
    """Write every case under run/SUBMISSIONS (or the folder of its flags); return
    {case: (attack, expectation dict)}; the expectation's ``student`` is the name graded."""
    subs = run / "SUBMISSIONS"
    subs.mkdir(parents=True)
    subst = {"ROOT": layout.root, "RUN": run, "PORT": port, "CANARY": run.parent / "canary",
             "UNIX": unix_path or run.parent / "unix.sock"}
    correct = notebook(parse_cells(corpus / "_correct.py", corpus, subst))
    cases = {}
    for path in sorted(corpus.glob("*.py")):
        if path.name.startswith("_") or path.name == "special.py":
            continue
        name = path.stem
        if only and name not in only:
            continue
        head = headers(path)
        exp = expectations(head.get("expect", "") + " " + head.get("score", "") +
                           "".join(f" text~={t}" for t in head.get("text~", "").split()))
        exp["same_as"] = head.get("same-as")
        exp = _extra(exp, head)
        exp["student"] = name
        folder = submissions_folder(run, exp["flags"])
        (folder / name).mkdir(parents=True)
        (folder / name / f"{EXERCISE}.ipynb").write_text(
            json.dumps(notebook(parse_cells(path, corpus, subst)), indent=1), encoding="utf-8")
        cases[name] = (head.get("attack", ""), exp)
    for name, entry in load_special(corpus).items():
        if only and name not in only:
            continue
        builder, attack, text = entry[:3]
        head = entry[3] if len(entry) > 3 else {}
        exp = _extra(dict(expectations(text), same_as=None), head)
        student = builder(submissions_folder(run, exp["flags"]) / name, correct,
                          layout.exercise_notebook(EXERCISE))
        exp["student"] = student or name
        cases[name] = (attack, exp)
    return cases
