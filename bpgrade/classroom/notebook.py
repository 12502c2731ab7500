"""Read notebooks: untrusted submissions (code cells only) and trusted solution sources.

A submission is only a source of code. ``code_cells`` reads the file with a size cap, parses the
JSON, ignores everything but the code cells' sources (outputs, attachments, metadata, kernelspec
and nbformat version are never looked at, so they cannot hide or inject anything) and turns
IPython syntax (``%magic``, ``!shell``) into plain Python calls with ``magics.convert`` — one
linear pass of string processing; nothing is executed here. Every limit on the way (file size,
JSON nesting, number of cells, amount of code) ends in ``UnreadableNotebook`` with a message
that names it, never in an internal error.
"""

import json

from bpgrade.classroom import magics

MAX_NOTEBOOK_BYTES = 20 << 20
MAX_CELLS = 2000
MAX_SOURCE_CHARS = 2 << 20


class UnreadableNotebook(Exception):
    """The file is not a notebook this grader can read; the message says why."""


def _source_text(source):
    if isinstance(source, str):
        return source
    if isinstance(source, list) and all(isinstance(s, str) for s in source):
        return "".join(source)
    raise UnreadableNotebook("a code cell's source is neither text nor a list of lines")


def load_json(path, max_bytes=MAX_NOTEBOOK_BYTES):
    """Parse a notebook file as JSON, refusing oversized or malformed files."""
    try:
        with open(path, "rb") as handle:
            data = handle.read(max_bytes + 1)
    except OSError as exc:
        raise UnreadableNotebook(f"cannot read the file ({exc.strerror or exc})") from None
    if len(data) > max_bytes:
        raise UnreadableNotebook(f"file larger than {max_bytes // (1 << 20)} MB "
                                 "(clear the outputs and submit again)")
    try:
        nb = json.loads(data.decode("utf-8"))
    except RecursionError:
        raise UnreadableNotebook("not a notebook: its JSON is nested far deeper than a notebook's "
                                 "(a few levels)") from None
    except (UnicodeDecodeError, ValueError) as exc:
        raise UnreadableNotebook(f"not valid notebook JSON ({exc.__class__.__name__}: {str(exc)[:120]})") from None
    if not isinstance(nb, dict) or not isinstance(nb.get("cells"), list):
        raise UnreadableNotebook("not a notebook (no list of cells)")
    return nb


def code_cells(path, max_bytes=MAX_NOTEBOOK_BYTES, skip_roles=()):
    """[(index, python_source)] for every code cell in file order (index counts all cells).

    ``skip_roles`` is for trusted solution notebooks only: the reference run leaves out the
    ``solution-only`` cells (instructor demonstrations), which learners' notebooks never have.
    A submission's metadata is never looked at."""
    nb = load_json(path, max_bytes)
    cells = nb["cells"]
    if len(cells) > MAX_CELLS:
        raise UnreadableNotebook(f"more than {MAX_CELLS} cells")
    out, total = [], 0
    for index, cell in enumerate(cells):
        if not isinstance(cell, dict) or cell.get("cell_type") != "code":
            continue
        if skip_roles and cell_role(cell) in skip_roles:
            continue
        source = _source_text(cell.get("source", ""))
        total += len(source)
        if total > MAX_SOURCE_CHARS:
            raise UnreadableNotebook("more than 2 MB of code")
        if source.strip():
            out.append((index, transform(source)))
    return out


def transform(source):
    """IPython syntax -> Python (``%time x`` -> ``get_ipython().run_line_magic('time', 'x')``)."""
    return magics.convert(source)


def cell_tags(cell):
    tags = cell.get("metadata", {}).get("tags", [])
    return tags if isinstance(tags, list) else []


def question_id(cell):
    """The ``bpgrade`` question id of a (trusted) source cell, or None."""
    meta = cell.get("metadata", {}).get("bpgrade", {})
    return meta.get("id") if isinstance(meta, dict) else None


def cell_role(cell):
    meta = cell.get("metadata", {}).get("bpgrade", {})
    return meta.get("role") if isinstance(meta, dict) else None
