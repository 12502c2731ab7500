"""Corpus cases that are not a list of cells: broken files, odd folders, archives.

Each builder gets the student's folder (to create), the correct notebook as a dict and the path
of the built exercise notebook; ``SPECIAL`` maps case name -> (builder, attack, expectations),
with expectations in the same form as the ``# expect:`` headers of the ``.py`` cases.
"""

import copy
import json
import shutil
import stat
import zipfile
from pathlib import Path

NB = "ex01_neuron.ipynb"
ALL_ERROR = "q_sigmoid=error q_relu=error q_neuron=error q_and=error"
ALL_MISSING = "q_sigmoid=missing q_relu=missing q_neuron=missing q_and=missing"


def _write(path, nb):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(nb), encoding="utf-8")


def untouched(folder, correct, exercise):
    folder.mkdir(parents=True)
    shutil.copy(exercise, folder / NB)


def malformed_json(folder, correct, exercise):
    folder.mkdir(parents=True)
    (folder / NB).write_text('{"cells": [ {"cell_type": "code", "source": "x = 1"', encoding="utf-8")


def truncated_json(folder, correct, exercise):
    folder.mkdir(parents=True)
    text = json.dumps(correct)
    (folder / NB).write_text(text[: len(text) // 2], encoding="utf-8")


def deeply_nested(folder, correct, exercise):
    folder.mkdir(parents=True)
    (folder / NB).write_text('{"cells": ' + "[" * 200_000 + "]" * 200_000 + "}", encoding="utf-8")


def not_a_notebook(folder, correct, exercise):
    folder.mkdir(parents=True)
    (folder / NB).write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4)


def huge_outputs(folder, correct, exercise):
    nb = copy.deepcopy(correct)
    nb["cells"][0]["outputs"] = [{"output_type": "display_data", "metadata": {},
                                  "data": {"image/png": "A" * (25 << 20)}}]
    _write(folder / NB, nb)


def tampered_cells(folder, correct, exercise):
    """Exercise layout with answers filled in, self-check cells deleted, cells reordered,
    metadata stripped or forged, kernelspec and nbformat changed, code turned into markdown."""
    nb = json.loads(Path(exercise).read_text(encoding="utf-8"))
    answers = [c for c in correct["cells"] if c["cell_type"] == "code"]
    markdown = [c for c in nb["cells"] if c["cell_type"] == "markdown"][::-1]
    wrong = {"cell_type": "markdown", "metadata": {}, "source": "def sigmoid(z):\n    return 0"}
    forged = {"bpgrade": {"id": "q_sigmoid", "role": "answer", "points": 1000},
              "nbgrader": {"grade": True, "points": -5, "grade_id": "q_sigmoid"}}
    cells = []
    for cell in answers:
        cells.append({"cell_type": "code", "metadata": forged, "source": cell["source"],
                      "outputs": [], "execution_count": None, "id": "dup"})
    cells.append({"cell_type": "code", "metadata": {"bpgrade": {"id": "q_extra", "role": "answer"}},
                  "source": "extra_answer = 42", "outputs": [], "execution_count": None})
    nb["cells"] = markdown[:2] + cells + [wrong] + markdown[2:]
    nb["metadata"] = {"kernelspec": {"name": "julia-1.9", "language": "julia", "display_name": "J"},
                      "bpgrade": {"points": 1000}, "unknown": [1, 2, 3]}
    nb["nbformat_minor"] = 99
    _write(folder / NB, nb)


def several_notebooks(folder, correct, exercise):
    _write(folder / NB, correct)
    shutil.copy(exercise, folder / "ex01_neuron-Copy1.ipynb")
    (folder / "notes.txt").write_text("extra file", encoding="utf-8")


def renamed_notebook(folder, correct, exercise):
    folder.mkdir(parents=True)
    shutil.copy(exercise, folder / "ex01_neuron-Copy1.ipynb")
    _write(folder / "ex01_neuron (1).ipynb", correct)


def unrelated_name(folder, correct, exercise):
    _write(folder / "homework.ipynb", correct)


def _zip(path, entries):
    path.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(path, "w") as zf:
        for name, data, mode in entries:
            info = zipfile.ZipInfo(name)
            info.external_attr = mode << 16
            zf.writestr(info, data)


def zip_good(folder, correct, exercise):
    _zip(folder.with_suffix(".zip"), [(f"submission/{NB}", json.dumps(correct), 0o100644)])


def zip_traversal(folder, correct, exercise):
    _zip(folder.with_suffix(".zip"), [(NB, json.dumps(correct), 0o100644),
                                      ("../../PWNED_zip.ipynb", "{}", 0o100644)])


def zip_symlink(folder, correct, exercise):
    _zip(folder.with_suffix(".zip"), [(NB, json.dumps(correct), 0o100644),
                                      ("link", "/etc/passwd", stat.S_IFLNK | 0o777)])


def zip_broken(folder, correct, exercise):
    folder.with_suffix(".zip").write_bytes(b"PK\x03\x04 this is not really a zip")


SPECIAL = {
    "untouched": (untouched, "untouched exercise stubs", ALL_ERROR + " total=0"),
    "malformed_json": (malformed_json, "malformed notebook JSON", ALL_ERROR + " total=0"),
    "truncated_json": (truncated_json, "truncated notebook file", ALL_ERROR + " total=0"),
    "deeply_nested": (deeply_nested, "JSON nested 200 000 levels deep", ALL_ERROR + " total=0"),
    "not_a_notebook": (not_a_notebook, "binary file named .ipynb", ALL_ERROR + " total=0"),
    "huge_outputs": (huge_outputs, "25 MB of embedded image output", ALL_ERROR + " total=0"),
    "tampered_cells": (tampered_cells, "deleted/reordered test cells, stripped and forged metadata, "
                       "duplicate and extra question ids, kernelspec/nbformat changed, code as markdown",
                       "total=8"),
    "several_notebooks": (several_notebooks, "several notebooks and extra files", "total=8"),
    "renamed_notebook": (renamed_notebook, "renamed notebooks only", "total=8 text~=graded"),
    "unrelated_name": (unrelated_name, "notebook under an unrelated name", ALL_MISSING + " total=0"),
    "zip_good": (zip_good, "a zip with a folder inside", "total=8"),
    "zip_traversal": (zip_traversal, "a zip with ../ paths", ALL_ERROR + " total=0 text~=rejected"),
    "zip_symlink": (zip_symlink, "a zip with a symbolic link", ALL_ERROR + " total=0"),
    "zip_broken": (zip_broken, "a broken zip", ALL_ERROR + " total=0"),
}
