"""What a learner reads: the call as they would write it, parameters by name, syntax errors,
files that are not notebooks, a wrong number of returned values, JupyterLab's copy names."""

import json
import shutil

import numpy as np

from bpgrade.authoring.spec import Case
from bpgrade.learner import Checker
from bpgrade.learner.checkcmd import check_notebook, exercise_of
from bpgrade.learner.describe import annotate, call_text, signatures_from_sources


def _case(*steps):
    return Case("public 1", False, list(steps), [], None, None, {})


def test_call_names_parameters_and_tells_float32_from_float64():
    step = {"call": "sigmoid", "args": [np.array([-2.0, 0.0, 3.0], dtype=np.float32)], "kwargs": {},
            "params": ["z"]}
    text32 = call_text(_case(step))
    text64 = call_text(_case(dict(step, args=[np.array([-2.0, 0.0, 3.0])])))
    assert text32 == "sigmoid(z) with z: float32 array of shape (3,) = [-2, 0, 3]"
    assert text64 == "sigmoid(z) with z: float64 array of shape (3,) = [-2, 0, 3]"


def test_earlier_results_are_named_not_numbered():
    from bpgrade.confined.protocol import Ref

    text = call_text(_case({"call": "relu_forward", "args": [np.zeros((2, 3))], "kwargs": {}, "params": ["x"]},
                           {"call": "relu_backward", "args": [np.ones((2, 3)), Ref(0, 1)], "kwargs": {},
                            "params": ["dout", "cache"]}))
    assert "relu_backward(dout, cache)" in text and "cache = item 1 of what relu_forward returned" in text
    assert "step" not in text and "argument" not in text


def test_parameter_names_come_from_def_lines():
    sigs = signatures_from_sources(["def dense_backward(dout, cache):\n    pass\n",
                                    "class Scalar:\n    def backward(self, grad=1.0):\n        pass\n",
                                    "def broken(:\n"])
    assert sigs == {"dense_backward": ["dout", "cache"], "backward": ["grad"]}


def test_annotate_names_parameters_on_copies_and_leaves_the_check_set_alone():
    # the check set's cases are also written to exercises/checks/*.json: naming parameters for a
    # message must not change what the build writes (it made the build depend on its own history)
    case = _case({"call": "sigmoid", "args": [np.zeros(3)], "kwargs": {}})
    (named,) = annotate([case], {"sigmoid": ["z"]})
    assert named.steps[0]["params"] == ["z"]
    assert "params" not in case.steps[0]


def test_modified_input_is_named_by_its_parameter(capsys):
    def relu_forward(x):
        x[x < 0] = 0
        return x, x > 0

    def relu_backward(dout, cache):
        return dout * cache

    Checker("ex01_neuron")("q_relu", {"np": np, "relu_forward": relu_forward, "relu_backward": relu_backward})
    out = capsys.readouterr().out
    assert "x passed to relu_forward was modified in place" in out
    assert "argument 1" not in out


def test_three_values_for_w_b(capsys):
    Checker("ex01_neuron")("q_and", {"np": np, "and_gate": lambda: [1.0, 1.0, 2.0]})
    out = capsys.readouterr().out
    assert "returned 3 values, expected (w, b)" in out and "expected shape" not in out


def _exercise_copy(tmp_path, name, answer):
    src = json.loads(open(exercise_path()).read())
    cell = next(c for c in src["cells"] if c["metadata"].get("bpgrade") == {"id": "q_sigmoid", "role": "answer"})
    cell["source"] = answer
    path = tmp_path / name
    path.write_text(json.dumps(src), encoding="utf-8")
    return path


def exercise_path():
    from bpgrade.layout import Layout

    return Layout.find().exercise_notebook("ex01_neuron")


def test_syntax_error_is_reported_with_its_line(tmp_path, limits, protections):
    path = _exercise_copy(tmp_path, "ex01_neuron.ipynb", "def sigmoid(z):\n    return 1 / (1 + np.exp(-z)\n")
    printed = []
    ok, statuses = check_notebook(path, limits, protections, question="q_sigmoid", out=printed.append)
    text = "\n".join(printed)
    assert not ok and statuses == {"q_sigmoid": "missing"}
    assert "syntax error in cell" in text and "line 2" in text and "SyntaxError" in text
    assert "answer cell deleted" not in text


def test_empty_and_non_json_files_are_not_notebooks(tmp_path, limits, protections):
    for content, words in (("", "the file is empty"), ("{oops", "not notebook JSON")):
        path = tmp_path / "ex01_neuron.ipynb"
        path.write_text(content, encoding="utf-8")
        printed = []
        ok, _ = check_notebook(path, limits, protections, out=printed.append)
        assert not ok
        assert "not a notebook" in printed[-1] and words in printed[-1], printed
        assert "JSONDecodeError" not in printed[-1]


def test_jupyterlab_copy_names_resolve_like_grade(tmp_path, limits, protections):
    shutil.copytree(exercise_path().parent / "checks", tmp_path / "checks")
    path = _exercise_copy(tmp_path, "ex01_neuron-Copy1.ipynb",
                          "def sigmoid(z):\n    return np.exp(-np.logaddexp(0.0, -z))\n")
    assert exercise_of(path) == "ex01_neuron"
    assert exercise_of(tmp_path / "ex01_neuron (1).ipynb") == "ex01_neuron"
    printed = []
    ok, statuses = check_notebook(path, limits, protections, question="q_sigmoid", out=printed.append)
    assert statuses == {"q_sigmoid": "pass"}
    assert "as exercise set ex01_neuron" in printed[0]
