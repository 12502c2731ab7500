"""Test-session settings shared by every tier (unit tests, nbval kernels, grader, browser).

One BLAS thread per process: the suite runs on two cores with parallel workers and notebook
kernels, and BLAS threads competing for the same cores make small matrix products many times
slower (and timings erratic). Results do not depend on it. Kernels started by nbval inherit it.
"""

import os

for _name in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_name, "1")


def _edited_exercise(path):
    """exercises/exNN_*.ipynb edited since `bpgrade build` wrote it (a learner's answers)."""
    from pathlib import Path

    path = Path(str(path))
    if path.suffix != ".ipynb" or path.parent.name != "exercises":
        return False
    from bpgrade.authoring.build import edited_since_build

    return edited_since_build(path)


def pytest_collection_modifyitems(config, items):
    """nbval of an exercise notebook that holds answers would compare the learner's outputs:
    such notebooks are skipped with one clear reason. Under CI, where nobody types answers,
    nothing is skipped (and tests/grading's "exercises are up to date" fails on such a file)."""
    import pytest

    if os.environ.get("CI"):
        return
    verdicts = {}
    for item in items:
        path = str(getattr(item, "path", ""))
        if type(item).__name__ != "IPyNbCell":
            continue
        if path not in verdicts:
            verdicts[path] = _edited_exercise(path)
        if not verdicts[path]:
            continue
        name = "exercises/" + path.rsplit("/", 1)[-1]
        reason = (f"{name} holds your answers (edited since `bpgrade build` wrote it): its cells "
                  "are not validated; `bpgrade check " + name + "` checks your answers")
        item.add_marker(pytest.mark.skip(reason=reason))
