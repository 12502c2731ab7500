"""``bpgrade build``: write ``exercises/`` from ``solutions/``, deterministically, with leak checks.

For each exercise set: validate the source notebook against its check file (one answer cell and
at least one self-check cell per question, balanced solution markers, no markers elsewhere),
replace each solution region by ``# YOUR CODE HERE`` / ``raise NotImplementedError()``, drop
``solution-only`` cells, clear outputs and execution counts, keep only whitelisted metadata, tag
answer and self-check cells ``raises-exception`` (so nbval runs them), compute the public cases'
expected values by running the solution in the sandbox, then refuse to write anything if a
secret would leak. Before that, ``verify.py`` runs the solution on the hidden cases of a few
seeds and on every training question: an authoring mistake fails the build in one line. The output is byte-for-byte reproducible: ``--check`` compares instead of
writing, so a test can assert that ``exercises/`` is up to date. (Public expected values that
differ from the committed ones only in their last bits — another CPU's BLAS — count as equal.)

Learner work is never overwritten: each exercise notebook records in its metadata
(``bpgrade.built_sha256``) a hash of its cells' types and sources as built. A notebook whose cells
no longer match that hash holds someone's answers; ``build`` then names it and writes nothing
(``LearnerWork``) unless ``force`` is given.
"""

import hashlib
import json
from pathlib import Path

from bpgrade.authoring import leaks
from bpgrade.classroom import notebook
from bpgrade.authoring import publicspec
from bpgrade.authoring import reference
from bpgrade.authoring import spec as spec_mod
from bpgrade.authoring import verify

KERNELSPEC = {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"}
STUB = "# YOUR CODE HERE\nraise NotImplementedError()"


class BuildError(Exception):
    """The source notebook or check file is not valid; the message says what to fix."""


class LearnerWork(Exception):
    """Exercise notebooks that were edited after they were built; ``paths`` lists them."""

    def __init__(self, paths):
        self.paths = list(paths)
        names = ", ".join(str(p) for p in self.paths)
        super().__init__(f"not overwriting {names}: edited since `bpgrade build` wrote "
                         f"{'it' if len(self.paths) == 1 else 'them'} (answers typed there?). "
                         "Nothing was written. Save a copy of your work elsewhere, or pass "
                         "--force to replace these files with blank exercises.")


def cells_hash(cells):
    """SHA-256 of the cells' types and sources (outputs, ids and metadata left out)."""
    def text(source):
        return "".join(source) if isinstance(source, list) else str(source)

    data = [[c.get("cell_type"), text(c.get("source", ""))] for c in cells if isinstance(c, dict)]
    return hashlib.sha256(json.dumps(data, ensure_ascii=False).encode("utf-8")).hexdigest()


def edited_since_build(path, built_text=None):
    """True when the exercise notebook at ``path`` holds changes made after it was built.

    Compares its cells with the hash recorded at build time. A notebook without that record
    (built by an older version) is compared with ``built_text`` when given, else counted as
    unedited; an unreadable file counts as edited (it may be someone's damaged work)."""
    try:
        nb = json.loads(Path(path).read_text(encoding="utf-8"))
        cells = nb["cells"]
        meta = nb.get("metadata", {}).get("bpgrade", {})
    except FileNotFoundError:
        return False
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return True
    if not isinstance(cells, list):
        return True
    recorded = meta.get("built_sha256") if isinstance(meta, dict) else None
    if recorded:
        return cells_hash(cells) != recorded
    if built_text is not None:
        return cells_hash(cells) != cells_hash(json.loads(built_text)["cells"])
    return False


def stub_source(source):
    """Replace every solution region by the stub, keeping the BEGIN marker's indentation."""
    out, inside = [], False
    for line in source.splitlines():
        stripped = line.strip()
        if stripped.startswith("### BEGIN SOLUTION"):
            indent = line[: len(line) - len(line.lstrip())]
            out += [indent + s for s in STUB.splitlines()]
            inside = True
        elif stripped.startswith("### END SOLUTION"):
            inside = False
        elif not inside:
            out.append(line)
    return "\n".join(out)


def _validate(cells, checkset, path):
    ids = {q.id for q in checkset.questions}
    answers, checks = {}, {}
    for i, cell in enumerate(cells):
        qid, role = notebook.question_id(cell), notebook.cell_role(cell)
        source = "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]
        has_marker = "### BEGIN SOLUTION" in source
        try:
            leaks.split_solution(source)
        except ValueError as exc:
            raise BuildError(f"{path} cell {i}: {exc}") from None
        if role == "answer":
            if qid not in ids:
                raise BuildError(f"{path} cell {i}: answer cell for unknown question {qid!r}")
            if cell["cell_type"] != "code" or not has_marker:
                raise BuildError(f"{path} cell {i}: answer cell {qid} needs a code cell with "
                                 "### BEGIN SOLUTION / ### END SOLUTION")
            answers.setdefault(qid, []).append(i)
        elif role == "check":
            if qid not in ids:
                raise BuildError(f"{path} cell {i}: self-check cell for unknown question {qid!r}")
            checks.setdefault(qid, []).append(i)
        elif has_marker and role != "solution-only":
            raise BuildError(f"{path} cell {i}: solution markers outside an answer cell")
    for qid in sorted(ids):
        if len(answers.get(qid, [])) != 1:
            raise BuildError(f"{path}: question {qid} needs exactly one answer cell; found "
                             f"{len(answers.get(qid, []))}")
        if not checks.get(qid):
            raise BuildError(f"{path}: question {qid} has no self-check cell")


def _cell_id(exercise, index):
    return hashlib.sha1(f"{exercise}:{index}".encode()).hexdigest()[:12]


def exercise_notebook(cells, exercise):
    """The learner notebook as a JSON string (deterministic)."""
    out = []
    for cell in cells:
        role = notebook.cell_role(cell)
        if role == "solution-only":
            continue
        source = "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]
        meta = {}
        if role in ("answer", "check"):
            source = stub_source(source) if role == "answer" else source
            meta = {"bpgrade": {"id": notebook.question_id(cell), "role": role},
                    "tags": ["raises-exception"]}
        tags = [t for t in notebook.cell_tags(cell) if t.startswith("nbval-") or t == "raises-exception"]
        if tags:
            meta["tags"] = sorted(set(meta.get("tags", []) + tags))
        new = {"cell_type": cell["cell_type"], "id": _cell_id(exercise, len(out)),
               "metadata": meta, "source": source}
        if cell["cell_type"] == "code":
            new.update(execution_count=None, outputs=[])
        out.append(new)
    nb = {"cells": out, "metadata": {"bpgrade": {"built_sha256": cells_hash(out)},
                                     "kernelspec": KERNELSPEC, "language_info": {"name": "python"}},
          "nbformat": 4, "nbformat_minor": 5}
    return json.dumps(nb, indent=1, sort_keys=True, ensure_ascii=False) + "\n"


def build_one(layout, exercise, limits, protections, cache_dir=None):
    """(notebook_text, public_text) for one exercise set, leak-checked."""
    source_path = layout.source_notebook(exercise)
    checkset = spec_mod.load(layout.check_file(exercise))
    if checkset.exercise != exercise:
        raise BuildError(f"{layout.check_file(exercise)}: EXERCISE is {checkset.exercise!r}, "
                         f"expected {exercise!r}")
    cells = notebook.load_json(source_path)["cells"]
    _validate(cells, checkset, source_path)
    nb_text = exercise_notebook(cells, exercise)
    verify.verify_set(checkset, source_path, limits, protections, cache_dir)
    refs = reference.compute(checkset, source_path, 0, limits, protections, cache_dir,
                             include_hidden=False, split_chains=False)
    expected = {q.id: [c.expected for c in refs[q.id]] for q in checkset.questions}
    public_text = publicspec.dumps(checkset, expected)
    leaks.check(leaks.secrets_of(cells, checkset), nb_text, public_text, exercise)
    return nb_text, public_text


def build(layout, limits, protections, names=None, check_only=False, cache_dir=None, force=False):
    """Build (or with ``check_only`` compare) every authored exercise set; return stale paths.

    Raises ``LearnerWork`` before writing anything if an exercise notebook to be replaced was
    edited since it was built (unless ``force``)."""
    stale, writes, edited = [], [], []
    for exercise in names or layout.authored():
        nb_text, public_text = build_one(layout, exercise, limits, protections, cache_dir)
        for path, text, same in ((layout.exercise_notebook(exercise), nb_text, str.__eq__),
                                 (layout.public_checks(exercise), public_text, publicspec.equivalent)):
            current = path.read_text(encoding="utf-8") if path.exists() else None
            if current is None or not same(current, text):
                stale.append(path)
                writes.append((path, text))
                if path.suffix == ".ipynb" and edited_since_build(path, text):
                    edited.append(path)
    if check_only:
        return stale
    if edited and not force:
        raise LearnerWork(edited)
    for path, text in writes:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return stale
