"""Corpus cases that are not a list of cells: broken files, odd folders, archives, names.

Each builder gets the student's folder (to create), the correct notebook as a dict and the path
of the built exercise notebook; a builder that hands in under another student name creates that
folder beside it and returns the name. ``SPECIAL`` maps case name -> (builder, attack,
expectations[, headers]), with expectations in the same form as the ``# expect:`` headers of the
``.py`` cases and headers such as ``{"feedback!~": "<img"}``.
"""

import copy
import json
import os
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


# --- links and hand-ins that must never get someone else's notebook graded ---------------------

def link_to_solutions(folder, correct, exercise):
    folder.mkdir(parents=True)
    os.symlink(Path(exercise).resolve().parents[1] / "solutions", folder / "sol")


def link_to_classmate(folder, correct, exercise):
    folder.mkdir(parents=True)
    os.symlink("../correct", folder / "peek")


def link_notebook(folder, correct, exercise):
    folder.mkdir(parents=True)
    os.symlink(f"../correct/{NB}", folder / NB)


def link_deep(folder, correct, exercise):
    _write(folder / NB, correct)
    (folder / "a" / "b").mkdir(parents=True)
    os.symlink("../../..", folder / "a" / "b" / "loop")


def link_student(folder, correct, exercise):
    os.symlink("correct", folder)


def link_zip(folder, correct, exercise):
    zip_good(folder.parent / ".link_zip_target", correct, exercise)  # hidden: not a student
    os.symlink(".link_zip_target.zip", folder.with_suffix(".zip"))


def zip_symlink_nested(folder, correct, exercise):
    _zip(folder.with_suffix(".zip"), [(f"work/{NB}", json.dumps(correct), 0o100644),
                                      ("work/sol", "../../solutions", stat.S_IFLNK | 0o777)])


def folder_and_zip(folder, correct, exercise):
    _write(folder / NB, correct)
    _zip(folder.with_suffix(".zip"), [(NB, json.dumps(correct), 0o100644)])


def hardlink_classmate(folder, correct, exercise):
    """A hard link to the untouched student's notebook: graded as it is, noted for both."""
    folder.mkdir(parents=True)
    target = folder.parent / "untouched" / NB
    if not target.exists():
        untouched(target.parent, correct, exercise)
    os.link(target, folder / NB)


# --- names that must not break bookkeeping, reports or gradebooks ----------------------------

def _named(name):
    def build(folder, correct, exercise):
        _write(folder.parent / name / NB, correct)
        return name
    build.__name__ = f"named_{name!r}"
    return build


def bytes_filename(folder, correct, exercise):
    _write(folder / os.fsdecode(b"ex01_neuron-\xff\xfe.ipynb"), correct)


def filename_markup(folder, correct, exercise):
    _write(folder / "ex01_neuron <img src=x onerror=alert(1)> ## x.ipynb", correct)


LONG_NAME = "long-" + "n" * 250
MARKUP_NAME = "mallory\n## Total: 100 of 100\n<img src=x onerror=alert(1)>\r\u202egnp.exe"
LINKS = "text~=symbolic"


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
    "link_to_solutions": (link_to_solutions, "issue 8.4: folder link sol -> .../solutions",
                          f"{ALL_ERROR} total=0 {LINKS}"),
    "link_to_classmate": (link_to_classmate, "issue 8.4: folder link peek -> ../alice",
                          f"{ALL_ERROR} total=0 {LINKS}"),
    "link_notebook": (link_notebook, "the notebook is a link to a classmate's", f"{ALL_ERROR} total=0 {LINKS}"),
    "link_deep": (link_deep, "a link loop three folders down", f"{ALL_ERROR} total=0 {LINKS}"),
    "link_student": (link_student, "the student folder is a link to a classmate's",
                     f"{ALL_ERROR} total=0 {LINKS}"),
    "link_zip": (link_zip, "the student zip is a link to a classmate's", f"{ALL_ERROR} total=0 {LINKS}"),
    "zip_symlink_nested": (zip_symlink_nested, "a zip with a link inside a folder",
                           f"{ALL_ERROR} total=0 {LINKS}"),
    "folder_and_zip": (folder_and_zip, "issue 8.4: a folder and a zip under one name",
                       f"{ALL_ERROR} total=0 text~=twice"),
    "hardlink_classmate": (hardlink_classmate, "a hard link to a classmate's notebook",
                           f"{ALL_ERROR} total=0 text~=hard"),
    "long_name": (_named(LONG_NAME), "issue 8.4: a 255-character student name", "total=8"),
    "unicode_name": (_named("Zoë 名前 🙂"), "a Unicode student name", "total=8"),
    "dash_name": (_named("-rf --resume"), "a student name with a leading dash", "total=8"),
    "bytes_name": (_named(os.fsdecode(b"caf\xe9-latin1")), "a name that is not UTF-8", "total=8"),
    "name_markup": (_named(MARKUP_NAME), "issue 8.5: newlines, markup, CR and a bidi override in a name",
                    "total=8", {"feedback!~": "<img \u202e"}),
    "csv_equals": (_named("=1+1"), "a name that is a spreadsheet formula", "total=8"),
    "csv_tab": (_named("\t=1+1"), "issue 8.5: a name starting with a tab", "total=8"),
    "csv_cr": (_named("\r=1+1"), "issue 8.5: a name starting with a carriage return", "total=8"),
    "csv_at": (_named("@SUM(1+1)"), "a name starting with @", "total=8"),
    "bytes_filename": (bytes_filename, "a notebook file name that is not UTF-8 (shown in a note)",
                       "total=8 text~=graded"),
    "filename_markup": (filename_markup, "markup in the notebook's file name (shown in a note)",
                        "total=8 text~=graded", {"feedback!~": "<img", "feedback~": "&lt;img"}),
}
