"""Where things live in the course repository, and how exercise sets are found.

::

    solutions/<exercise>.ipynb        instructor source notebook (solution markers, ids)
    solutions/checks/<exercise>.py    check definitions (public cases, hidden generators, points)
    exercises/<exercise>.ipynb        built learner notebook (never hand-edited)
    exercises/checks/<exercise>.json  built public checks with expected values

The root is ``--root`` when given, else the current directory if it has ``solutions/``, else the
repository that contains this package.
"""

import dataclasses
import os
import re
from pathlib import Path

EXERCISE_NAME = re.compile(r"ex(\d{2})_[a-z0-9_]+")


@dataclasses.dataclass(frozen=True)
class Layout:
    root: Path

    @classmethod
    def find(cls, root=None):
        if root is not None:
            return cls(Path(root).resolve())
        cwd = Path.cwd()
        if (cwd / "solutions").is_dir():
            return cls(cwd.resolve())
        return cls(Path(__file__).resolve().parents[1])

    @property
    def solutions(self):
        return self.root / "solutions"

    @property
    def exercises(self):
        return self.root / "exercises"

    def source_notebook(self, name):
        return self.solutions / f"{name}.ipynb"

    def check_file(self, name):
        return self.solutions / "checks" / f"{name}.py"

    def exercise_notebook(self, name):
        return self.exercises / f"{name}.ipynb"

    def public_checks(self, name):
        return self.exercises / "checks" / f"{name}.json"

    def authored(self):
        """Exercise sets that have both a source notebook and a check file, in course order
        (by their number: ``exNN_topic``, NN two digits)."""
        names = {p.stem for p in (self.solutions / "checks").glob("*.py")
                 if EXERCISE_NAME.fullmatch(p.stem) and self.source_notebook(p.stem).exists()}
        return sorted(names)


def public_checks_for(notebook_path, exercise=None):
    """Find the public checks file for a learner's notebook (beside it, or in the course)."""
    name = exercise or Path(notebook_path).stem
    candidates = [Path(notebook_path).resolve().parent / "checks" / f"{name}.json"]
    if os.environ.get("BPGRADE_PUBLIC_DIR"):
        candidates.insert(0, Path(os.environ["BPGRADE_PUBLIC_DIR"]) / f"{name}.json")
    candidates.append(Layout.find().public_checks(name))
    candidates.append(Layout(Path(__file__).resolve().parents[1]).public_checks(name))
    for path in candidates:
        if path.exists():
            return path
    return None
