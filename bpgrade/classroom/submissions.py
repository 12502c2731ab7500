"""Collect a class's submissions: ``SUBMISSIONS/<student>/<exercise>.ipynb`` or ``<student>.zip``.

Nothing a student made is ever followed or trusted:

- ``collect`` lists the students without following links. A top-level entry that is a symbolic
  link, a name handed in both as a folder and as a zip, a folder holding a link or a special file
  anywhere inside it, or one too large to look through, becomes a ``Student`` with a ``problem``:
  that student's result says why and nothing of theirs is graded. Notebooks lying directly in
  the folder mean it is not a class folder (``NotAClassFolder``). Two students' notebooks that
  are the same file (hard links) are noted for both.
- A zip is checked before anything is extracted and rejected whole if any entry is a link, an
  absolute path or climbs out with ``..``, or if it is too large.
- ``exercise_for`` is the one rule that maps a notebook's file name to its exercise set (also
  used by ``bpgrade check``): the longest known set name the file name starts with, so that
  ``ex01_neuron-Copy1.ipynb`` (JupyterLab's duplicate) and ``ex01_neuron (1).ipynb`` (a browser
  download) are ``ex01_neuron``. ``find_notebook`` picks a student's notebook for a set: the
  exact name wins; otherwise the notebooks of that set, also one folder down, the alphabetically
  first graded and the choice noted.
"""

import dataclasses
import os
import stat
import zipfile
from pathlib import Path, PurePosixPath

MAX_ZIP_ENTRIES = 500
MAX_ZIP_BYTES = 100 << 20
MAX_FOLDER_ENTRIES = 5000
MAX_FOLDER_DEPTH = 16


class RejectedArchive(Exception):
    """A zip that is unsafe or unreadable; nothing was extracted."""


class NotAClassFolder(Exception):
    """The submissions folder is not one folder (or zip) per student; the message says why."""


@dataclasses.dataclass(frozen=True)
class Student:
    """One student's submission as found: ``path`` is their folder or zip; a non-empty ``problem``
    rejects the whole submission (every question ``error`` with that message)."""

    name: str
    path: Path
    problem: str = ""
    notes: tuple = ()


def _is_zip(name):
    return name.lower().endswith(".zip")


def collect(root, ignored=None):
    """Sorted [Student] of ``root``; raise NotAClassFolder if notebooks lie directly inside it.
    Other files (neither a folder nor a zip) are left alone and appended to ``ignored``."""
    root = Path(root)
    found, notebooks = {}, []
    with os.scandir(root) as entries:
        for entry in sorted(entries, key=lambda e: e.name):
            if entry.name.startswith("."):
                continue
            if entry.name.lower().endswith(".ipynb"):
                notebooks.append(entry.name)
                continue
            zipped = _is_zip(entry.name)
            name = entry.name[:-4] if zipped else entry.name
            if entry.is_symlink():
                kind = "a zip" if zipped else "a folder"
                found.setdefault(name, []).append((Path(entry.path), f"{entry.name} is a symbolic link, "
                                                   f"not {kind}: links are never followed"))
            elif entry.is_dir(follow_symlinks=False):
                found.setdefault(name, []).append((Path(entry.path), ""))
            elif zipped and entry.is_file(follow_symlinks=False):
                found.setdefault(name, []).append((Path(entry.path), ""))
            elif ignored is not None:
                ignored.append(entry.name)
    if notebooks:
        shown = ", ".join(notebooks[:3]) + (", ..." if len(notebooks) > 3 else "")
        raise NotAClassFolder(
            f"{root} holds notebooks ({shown}) rather than one folder (or zip) per student: "
            f"SUBMISSIONS/<student>/<exercise>.ipynb. To grade one student, pass the folder "
            f"that contains their folder")
    students = []
    for name, paths in sorted(found.items()):
        if len(paths) > 1:
            kinds = " and ".join(sorted(p.name + ("" if _is_zip(p.name) else "/") for p, _ in paths))
            students.append(Student(name, paths[0][0], f"handed in twice ({kinds}): keep only one "
                                    "of them and grade again"))
            continue
        path, problem = paths[0]
        if not problem and path.is_dir():
            problem = scan_folder(path)
        students.append(Student(name, path, problem))
    return _note_shared_files(students)


def scan_folder(folder):
    """'' if ``folder`` holds only folders and regular files, else what is wrong (a link or a
    special file anywhere inside, too many entries, too deep). Links are never followed."""
    count, stack = 0, [(Path(folder), 0)]
    while stack:
        current, depth = stack.pop()
        if depth > MAX_FOLDER_DEPTH:
            return f"folders nested more than {MAX_FOLDER_DEPTH} levels deep"
        try:
            with os.scandir(current) as entries:
                entries = list(entries)
        except OSError as exc:
            return f"cannot read {_rel(current, folder)} ({exc.strerror or exc})"
        for entry in entries:
            count += 1
            if count > MAX_FOLDER_ENTRIES:
                return f"more than {MAX_FOLDER_ENTRIES} files and folders"
            rel = _rel(Path(entry.path), folder)
            if entry.is_symlink():
                return f"{rel} is a symbolic link: links are never followed; hand in the files themselves"
            if entry.is_dir(follow_symlinks=False):
                stack.append((Path(entry.path), depth + 1))
            elif not entry.is_file(follow_symlinks=False):
                return f"{rel} is not a regular file (a pipe, socket or device)"
    return ""


def _rel(path, folder):
    return str(Path(folder).name / Path(path).relative_to(folder)) if path != folder else Path(folder).name


def _note_shared_files(students):
    """Notes for notebooks that are one file (hard links) in several students' folders."""
    owners = {}
    for student in students:
        if student.problem or not student.path.is_dir():
            continue
        for path in student.path.rglob("*.ipynb"):
            try:
                info = path.lstat()
            except OSError:
                continue
            if stat.S_ISREG(info.st_mode) and info.st_nlink > 1:
                owners.setdefault((info.st_dev, info.st_ino), []).append(
                    (student.name, path.relative_to(student.path)))
    notes = {}
    for shared in owners.values():
        names = sorted({name for name, _ in shared})
        if len(names) < 2:
            continue
        for name, rel in shared:
            others = ", ".join(repr(n) for n in names if n != name)
            notes.setdefault(name, []).append(f"{rel} is the same file (a hard link) as a notebook of {others}")
    return [dataclasses.replace(s, notes=tuple(notes.get(s.name, ()))) for s in students]


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
                    raise RejectedArchive(f"entry {name!r} is a symbolic link: links are never followed")
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


def exercise_for(filename, known):
    """The exercise set a notebook file name stands for, or None: the longest name in ``known``
    that the file's name starts with (``ex01_neuron-Copy1.ipynb`` -> ``ex01_neuron``)."""
    name = PurePosixPath(str(filename)).name
    if not name.endswith(".ipynb"):
        return None
    matches = [ex for ex in known if name.startswith(ex)]
    return max(matches, key=len) if matches else None


def find_notebook(folder, exercise, known=()):
    """(path or None, notes) for ``exercise`` in a student's folder; ``known`` are the other
    exercise sets (a file of a longer-named set is not a candidate for a shorter one)."""
    folder = Path(folder)
    known = set(known) | {exercise}
    exact = folder / f"{exercise}.ipynb"
    if _regular(exact):
        return exact, []
    candidates = sorted(p for p in list(folder.glob("*.ipynb")) + list(folder.glob("*/*.ipynb"))
                        if exercise_for(p.name, known) == exercise and _regular(p)
                        and not p.parent.is_symlink() and ".ipynb_checkpoints" not in p.parts)
    if not candidates:
        return None, []
    chosen = candidates[0]
    notes = [f"{exercise}: graded {chosen.relative_to(folder)} (no file named {exercise}.ipynb)"]
    if len(candidates) > 1:
        notes.append(f"{exercise}: {len(candidates)} candidate notebooks: "
                     + ", ".join(str(p.relative_to(folder)) for p in candidates) + "; graded the first")
    return chosen, notes


def _regular(path):
    try:
        return stat.S_ISREG(path.lstat().st_mode)
    except OSError:
        return False


def exercises_present(students, known, work_dir=None):
    """The exercise sets (in course order) for which some student handed in a notebook; zips are
    looked into by entry name only (nothing is extracted)."""
    present = set()
    for student in students:
        if student.problem:
            continue
        if student.path.is_dir():
            names = [p.name for p in list(student.path.glob("*.ipynb")) + list(student.path.glob("*/*.ipynb"))
                     if ".ipynb_checkpoints" not in p.parts]
        else:
            try:
                with zipfile.ZipFile(student.path) as zf:
                    names = [PurePosixPath(i.filename).name for i in zf.infolist()[:MAX_ZIP_ENTRIES]]
            except (zipfile.BadZipFile, OSError, EOFError, RuntimeError, ValueError):
                continue
        present.update(ex for ex in map(lambda n: exercise_for(n, known), names) if ex)
    return [ex for ex in known if ex in present]
