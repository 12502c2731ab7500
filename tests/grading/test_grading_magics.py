"""The parent's notebook -> code conversion: same result as IPython's, in linear work.

The scaling test counts executed Python lines of the converter (``sys.settrace``), a measure of
work that does not depend on the machine's load: 8 times the input must cost less than 12 times
the work. (IPython's own transformer, which the grader used before, rescans the cell for every
line: 250 `!a` lines took it a second, and 500 make it give up.)
"""

import json
import sys

import pytest

from bpgrade.classroom import magics, notebook

CASES = [
    "%matplotlib inline\n!pip install requests\n!curl http://example.com",
    "%%time\ndef f():\n    return 1",
    "%%writefile out.txt\nhello\n",
    "%timeit sigmoid(np.zeros(3))\nfiles = !ls",
    'x = """\n!not a command\n%d\n"""\n!real',
    "for i in range(3):\n    !echo {i}\n    y = %time f()",
    "a = (1,\n!2)",
    "np.sum?",
    "a != b\nx = a % b\nx == !y",
    "s = 'abc\\\n!x'\n!y",
    "f(x) # don't\n!z",
    "print('%d' % 3)\n!echo \"unbalanced",
    "def g():\n    '''doc with\n    !bang and %percent\n    '''\n    return 1",
    "a, b = !ls",
    "x = 1 \\\n!2",
]


@pytest.mark.parametrize("source", CASES)
def test_conversion_matches_ipython(source):
    from IPython.core.inputtransformer2 import TransformerManager

    assert magics.convert(source) == TransformerManager().transform_cell(source)


def test_converted_calls_are_python_and_keep_the_text():
    code = magics.convert("!rm -rf / ; echo 'x'\nx = %who_ls\n")
    compile(code, "<test>", "exec")
    assert "get_ipython().system(\"rm -rf / ; echo 'x'\")" in code
    assert "x = get_ipython().run_line_magic('who_ls', '')" in code


def _work(function, *args):
    """Number of Python lines executed inside ``magics`` while running ``function(*args)``."""
    count = [0]

    def tracer(frame, event, arg):
        if frame.f_code.co_filename != magics.__file__:
            return None
        if event == "line":
            count[0] += 1
        return tracer

    sys.settrace(tracer)
    try:
        function(*args)
    finally:
        sys.settrace(None)
    return count[0]


@pytest.mark.parametrize("unit", ["!a\n", "%time x\n", "x = (1,\n", "'''\n!a\n", "a = !b\n"])
def test_conversion_work_grows_linearly(unit):
    small = _work(magics.convert, unit * 500)
    large = _work(magics.convert, unit * 4000)
    assert small > 500
    assert large < 12 * small, (small, large)


def test_the_issue_cell_of_4000_bang_lines_is_converted_line_by_line():
    source = "!a\n" * 4000
    code = magics.convert(source)
    assert code.count("get_ipython().system('a')") == 4000


def _write(tmp_path, data):
    path = tmp_path / "nb.ipynb"
    path.write_bytes(data if isinstance(data, bytes) else json.dumps(data).encode())
    return path


def test_deep_json_is_a_named_refusal(tmp_path):
    path = _write(tmp_path, b"[" * 200_000 + b"]" * 200_000)
    with pytest.raises(notebook.UnreadableNotebook, match="nested far deeper"):
        notebook.code_cells(path)


@pytest.mark.parametrize("data, message", [
    (b"x" * 64, "not valid notebook JSON"),
    ({"cells": [{"cell_type": "code", "source": "a"}] * (notebook.MAX_CELLS + 1)}, "more than"),
    ({"cells": [{"cell_type": "code", "source": "a" * (notebook.MAX_SOURCE_CHARS + 1)}]}, "MB of code"),
    ({"cells": [{"cell_type": "code", "source": 3}]}, "neither text"),
    ({"nbformat": 4}, "no list of cells"),
])
def test_limits_end_in_named_refusals(tmp_path, data, message):
    with pytest.raises(notebook.UnreadableNotebook, match=message):
        notebook.code_cells(_write(tmp_path, data))


def test_oversized_file_is_refused_before_parsing(tmp_path):
    path = _write(tmp_path, b" " * 2048)
    with pytest.raises(notebook.UnreadableNotebook, match="larger than"):
        notebook.load_json(path, max_bytes=1024)
