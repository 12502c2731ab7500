"""Find each student's notebook for an exercise set: ``SUBMISSIONS/<student>/<exercise>.ipynb``.

A student may also hand in ``SUBMISSIONS/<student>.zip``; it is checked before anything is
extracted and rejected whole if any entry is a link, an absolute path or climbs out with ``..``,
or if it is too large. Resolution rule for an exercise (recorded in the result's notes):
the exact file name wins; otherwise the one notebook whose name starts with the exercise name
(``ex01_neuron (1).ipynb``, ``ex01_neuron-Copy1.ipynb``), searched also one folder down;
several candidates -> the alphabetically first, with a note; none -> missing.
"""

import stat
import zipfile
from pathlib import Path, PurePosixPath

MAX_ZIP_ENTRIES = 500
MAX_ZIP_BYTES = 100 << 20


class RejectedArchive(Exception):
    """A zip that is unsafe or unreadable; nothing was extracted."""


def students(root):
    """Sorted (name, path) for each student folder or zip in ``root``."""
    found = {}
    for entry in sorted(Path(root).iterdir()):
        if entry.name.startswith("."):
            continue
        if entry.is_dir() and not entry.is_symlink():
            found.setdefault(entry.name, entry)
        elif entry.suffix == ".zip" and entry.is_file():
            found.setdefault(entry.stem, entry)
    return sorted(found.items())


def safe_extract(archive, dest):
    """Extract ``archive`` into ``dest`` after checking every entry; raise RejectedArchive."""
    try:
        with zipfile.ZipFile(archive) as zf:
            infos = zf.infolist()
            if len(infos) > MAX_ZIP_ENTRIES:
                raise RejectedArchive(f"more than {MAX_ZIP_ENTRIES} entries")
            if sum(i.file_size for i in infos) > MAX_ZIP_BYTES:
                raise RejectedArchive("more than 100 MB uncompressed")
            for info in infos:
                name = info.filename
                mode = info.external_attr >> 16
                path = PurePosixPath(name)
                if stat.S_ISLNK(mode):
                    raise RejectedArchive(f"entry {name!r} is a symbolic link")
                if path.is_absolute() or ".." in path.parts or "\\" in name or ":" in name:
                    raise RejectedArchive(f"entry {name!r} points outside the archive")
            dest = Path(dest)
            dest.mkdir(parents=True, exist_ok=True)
            for info in infos:
                target = dest.joinpath(*PurePosixPath(info.filename).parts)
                if info.is_dir():
                    target.mkdir(parents=True, exist_ok=True)
                    continue
                target.parent.mkdir(parents=True, exist_ok=True)
                with zf.open(info) as src, open(target, "wb") as out:
                    out.write(src.read(MAX_ZIP_BYTES + 1))
    except (zipfile.BadZipFile, OSError, EOFError, RuntimeError, ValueError) as exc:
        raise RejectedArchive(f"unreadable zip ({exc.__class__.__name__}: {exc})") from None
    return dest


def find_notebook(folder, exercise):
    """(path or None, notes) for ``exercise`` in a student's folder."""
    folder = Path(folder)
    exact = folder / f"{exercise}.ipynb"
    if exact.is_file() and not exact.is_symlink():
        return exact, []
    candidates = sorted(p for p in list(folder.glob("*.ipynb")) + list(folder.glob("*/*.ipynb"))
                        if p.name.startswith(exercise) and p.is_file() and not p.is_symlink()
                        and ".ipynb_checkpoints" not in p.parts)
    if not candidates:
        return None, []
    chosen = candidates[0]
    notes = [f"{exercise}: graded {chosen.relative_to(folder)} (no file named {exercise}.ipynb)"]
    if len(candidates) > 1:
        notes.append(f"{exercise}: {len(candidates)} candidate notebooks: "
                     + ", ".join(str(p.relative_to(folder)) for p in candidates) + "; graded the first")
    return chosen, notes
