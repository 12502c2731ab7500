"""``bpgrade new exNN_name``: start a new exercise set from a working template.

Writes ``solutions/exNN_name.ipynb`` (a title cell, a set-up cell, and one question with its cells'
roles already set: the answer cell with solution markers and the self-check cell) and
``solutions/checks/exNN_name.py`` (one question with public cases, a hidden generator and a
comment for every field). As written, the pair builds and passes ``bpgrade check-course
exNN_name``; the author then replaces the example question by the real ones, keeping the cell
metadata (``{"bpgrade": {"id": ..., "role": "answer" | "check"}}``) on the new cells.
"""

import json

from bpgrade.layout import EXERCISE_NAME

CHECK_TEMPLATE = '''"""Checks for {name}: TODO one sentence per question (what is graded, and how)."""

import numpy as np

from bpgrade.authoring.spec import Hidden, Question

EXERCISE = "{name}"
TITLE = "TODO the set's title"


def _double_hidden(gen):
    """One hidden case: the arguments of one call, drawn from ``gen`` (seeded by the grader).
    Cover what the public cases do not: other shapes, edge values, dtypes."""
    shape = tuple(int(n) for n in gen.integers(1, 5, size=int(gen.integers(1, 3))))
    return (gen.normal(size=shape),)


QUESTIONS = [
    Question(
        id="q_double", title="twice the input", points=1, function="double",
        # Public cases: shown to learners with the solution's results (computed by `bpgrade build`).
        public=[(np.array([1.0, -2.0, 0.5]),), (np.zeros((2, 3)),)],
        # Hidden cases: generated from the grading seed; `build` runs the solution on them too.
        hidden=Hidden(_double_hidden, n=5),
        # Optional: rtol=, atol=, exact_dtype=True, timeout= (seconds per call),
        # scoring="all_or_nothing" or Threshold(k), property=Property(...), expression=Expression(...).
    ),
]
'''


def _cell(kind, text, meta=None):
    cell = {"cell_type": kind, "metadata": meta or {}, "source": text.splitlines(keepends=True)}
    if kind == "code":
        cell.update(execution_count=None, outputs=[])
    return cell


def notebook_template(name):
    """The solution notebook of a new set (nbformat 4 JSON as a dict)."""
    cells = [
        _cell("markdown", f"# {name} — TODO title\n\n**Goals.** TODO what the learner will be able to do.\n\n"
                          "**Assumes** TODO the lecture notebook this set practises (a relative link).\n\n"
                          "Write your code between the lines `# YOUR CODE HERE` and "
                          "`raise NotImplementedError()` (delete the `raise`), then run the **check** "
                          "cell under each question."),
        _cell("code", f'import numpy as np\n\nfrom bpgrade.learner import Checker\n\ncheck = Checker("{name}")'),
        _cell("markdown", "## Question 1 — twice the input (1 point)\n\n"
                          "Write `double(x) -> array`: every entry of `x` times two, same shape, "
                          "without modifying `x`."),
        _cell("code", 'def double(x):\n    """x (any shape) -> 2 x, a new array of the same shape."""\n'
                      "    ### BEGIN SOLUTION\n    return 2.0 * np.asarray(x)\n    ### END SOLUTION",
              {"bpgrade": {"id": "q_double", "role": "answer"}}),
        _cell("code", 'check("q_double")', {"bpgrade": {"id": "q_double", "role": "check"}}),
        _cell("markdown", "## Summary\n\nTODO what the set showed."),
    ]
    return {"cells": cells,
            "metadata": {"kernelspec": {"display_name": "Python 3 (ipykernel)", "language": "python",
                                        "name": "python3"}, "language_info": {"name": "python"}},
            "nbformat": 4, "nbformat_minor": 5}


def new_exercise(layout, name, out=print):
    """Write the two files of a new set; 0 on success, 2 for a bad name or an existing set."""
    if not EXERCISE_NAME.fullmatch(name or ""):
        out(f"bpgrade new: {name!r} is not a set name: use exNN_topic (two digits, then lower-case "
            "letters, digits and _), e.g. ex14_attention")
        return 2
    paths = layout.source_notebook(name), layout.check_file(name)
    existing = [str(p) for p in paths if p.exists()]
    if existing:
        out(f"bpgrade new: {', '.join(existing)} already exist(s); nothing written")
        return 2
    paths[1].parent.mkdir(parents=True, exist_ok=True)
    paths[0].write_text(json.dumps(notebook_template(name), indent=1, ensure_ascii=False) + "\n",
                        encoding="utf-8")
    paths[1].write_text(CHECK_TEMPLATE.format(name=name), encoding="utf-8")
    out(f"wrote {paths[0]} and {paths[1]}\nnext: replace the example question, then "
        f"`bpgrade build {name}` and `bpgrade check-course {name}`")
    return 0
