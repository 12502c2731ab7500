"""bplib's versions of the asked functions are withheld while grading (check files' WITHHELD), and
every exercise set's solution still earns full marks under the whole confinement (seccomp
allowlist included) with its own set withheld."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

from bpgrade.authoring import spec
from bpgrade.classroom.batch import _context
from bpgrade.classroom.grade import grade_notebook
from bpgrade.confined import withhold
from bpgrade.isolation.limits import Limits
from bpgrade.isolation.sandbox import Sandbox

CONFINED = Path(withhold.__file__).parent
ROUTES = """
import importlib, gc, json, numpy as np
X, W, b = np.ones((2, 3)), np.ones((3, 4)), np.zeros(4)
def attempt(f):
    try:
        f()
        return "worked"
    except ImportError as exc:
        return str(exc)
routes = {
    "from_package": lambda: __import__("bplib").dense_forward(X, W, b),
    "from_submodule": lambda: importlib.import_module("bplib.layers").dense_forward(X, W, b),
    "defining_module": lambda: importlib.import_module("bplib.dense").dense_forward(X, W, b),
    "getattr": lambda: getattr(__import__("bplib"), "dense_backward")(np.ones((2, 4)), (X, W, b)),
    "vars": lambda: vars(importlib.import_module("bplib.dense"))["dense_forward"](X, W, b),
    "reload": lambda: importlib.reload(importlib.import_module("bplib.dense")).dense_forward(X, W, b),
    "globals_of_a_layer": lambda: __import__("bplib").Dense.forward.__globals__["dense_forward"](X, W, b),
    "class": lambda: __import__("bplib").Dense(3, 4),
    "gc": lambda: [o for o in gc.get_objects() if callable(o) and getattr(o, "__name__", "") == "dense_forward"][0](X, W, b),
}
result = {name: attempt(f) for name, f in routes.items()}
result["not_withheld"] = attempt(lambda: __import__("bplib").relu_forward(X))
"""


def _check_routes(result):
    for route, outcome in result.items():
        if route == "not_withheld":
            assert outcome == "worked"
        else:
            assert "asks you to write; bplib's version is not available while grading" in outcome, route


def test_every_route_to_a_withheld_function_refuses_in_a_plain_process():
    boot = ("import sys, types\np = types.ModuleType('c'); p.__path__ = [%r]; sys.modules['c'] = p\n"
            "from c import withhold\nwithhold.install(['dense_forward', 'dense_backward', 'Dense'])\n"
            % str(CONFINED))
    proc = subprocess.run([sys.executable, "-c", boot + ROUTES + "print(json.dumps(result))"],
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    _check_routes(json.loads(proc.stdout))


def test_the_grading_child_withholds_what_it_is_told(protections):
    with Sandbox(Limits(), protections, withheld=("dense_forward", "dense_backward", "Dense")) as box:
        reply, _ = box.request({"op": "exec", "cell": 0, "source": ROUTES + "print(json.dumps(result))"},
                               timeout=60)
        assert reply["status"] == "ok", reply
        _check_routes(json.loads(box.output_text().strip().splitlines()[-1]))


def test_without_withheld_names_bplib_is_whole(protections):
    with Sandbox(Limits(), protections) as box:
        reply, _ = box.request({"op": "exec", "cell": 0,
                                "source": "from bplib import dense_forward\nimport numpy as np\n"
                                          "print(dense_forward(np.ones((1, 2)), np.ones((2, 1)), np.zeros(1))[0])"},
                               timeout=60)
        assert reply["status"] == "ok" and "[[2.]]" in box.output_text()


def test_every_check_file_withholds_its_asked_functions(layout):
    for exercise in layout.authored():
        checkset = spec.load(layout.check_file(exercise))
        asked = {name for q in checkset.questions for name in q.required_names()}
        assert asked <= set(checkset.withheld), (exercise, asked - set(checkset.withheld))


def test_withheld_must_be_names(tmp_path):
    path = tmp_path / "checks.py"
    path.write_text("EXERCISE = 'x'\nQUESTIONS = []\nWITHHELD = ['ok', 'not a name']\n")
    with pytest.raises(ValueError, match="WITHHELD"):
        spec.load(path)


@pytest.fixture(scope="module")
def reference_cache(tmp_path_factory):
    return tmp_path_factory.mktemp("references")


def test_each_solution_scores_full_marks_fully_confined(layout, protections, reference_cache):
    """The allowlist and the withheld names leave every honest solution its full score."""
    limits = Limits()
    problems = []
    for exercise in layout.authored():
        checkset, refs = _context(str(layout.root), [exercise], 0, limits, protections, reference_cache)[exercise]
        assert checkset.withheld, exercise
        part = grade_notebook(layout.source_notebook(exercise), checkset, refs, limits, protections)
        if part["score"] != part["max_score"]:
            problems.append((exercise, [(q["id"], q["status"], q["message"]) for q in part["questions"]
                                        if q["status"] != "pass"], part["cells"]))
    assert not problems, problems
