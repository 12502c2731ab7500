"""Build: stubs, scrubbing, leak checks, determinism, and exercises/ up to date."""

import json

import pytest

from bpgrade.authoring import build, leaks, publicspec
from bpgrade.authoring import spec as spec_mod


def test_stub_keeps_indentation_and_surroundings():
    src = "def f(x):\n    '''doc'''\n    ### BEGIN SOLUTION\n    y = x + 1\n    ### END SOLUTION\n    return y"
    assert build.stub_source(src) == ("def f(x):\n    '''doc'''\n    # YOUR CODE HERE\n"
                                      "    raise NotImplementedError()\n    return y")


@pytest.mark.parametrize("src", ["### BEGIN SOLUTION\nx", "### END SOLUTION",
                                 "### BEGIN SOLUTION\n### BEGIN SOLUTION\n### END SOLUTION"])
def test_unbalanced_markers_are_errors(src):
    with pytest.raises(ValueError):
        leaks.split_solution(src)


def _cells(answer_source, extra=None):
    cells = [{"cell_type": "code", "metadata": {"bpgrade": {"id": "q_f", "role": "answer"}},
              "source": answer_source, "outputs": []},
             {"cell_type": "code", "metadata": {"bpgrade": {"id": "q_f", "role": "check"}},
              "source": 'check("q_f")', "outputs": []}]
    return cells + (extra or [])


def _checkset():
    import numpy as np

    def _hidden_f(gen):
        secret_shape = tuple(int(n) for n in gen.integers(1, 4, size=2))
        return (gen.normal(size=secret_shape),)

    return spec_mod.CheckSet("fx", [spec_mod.Question("q_f", 1, function="f", public=[(np.zeros(2),)],
                                                      hidden=spec_mod.Hidden(_hidden_f, 2))])


ANSWER = "def f(x):\n    ### BEGIN SOLUTION\n    return x * 2.0 + 1.0\n    ### END SOLUTION"


def test_clean_build_has_no_leaks():
    cells = _cells(ANSWER)
    nb = build.exercise_notebook(cells, "fx")
    assert leaks.find_leaks(leaks.secrets_of(cells, _checkset()), nb, "{}") == []
    built = json.loads(nb)
    assert all(c.get("outputs", []) == [] for c in built["cells"])
    assert all("raises-exception" in c["metadata"]["tags"] for c in built["cells"])


@pytest.mark.parametrize("where", ["markdown", "output", "metadata", "public"])
def test_solution_text_anywhere_is_a_leak(where):
    extra = []
    public = "{}"
    if where == "markdown":
        extra = [{"cell_type": "markdown", "metadata": {}, "source": "Hint: return x * 2.0 + 1.0"}]
    cells = _cells(ANSWER, extra)
    nb = json.loads(build.exercise_notebook(cells, "fx"))
    if where == "output":
        nb["cells"][0]["outputs"] = [{"output_type": "stream", "name": "stdout", "text": ["return x * 2.0 + 1.0"]}]
    if where == "metadata":
        nb["metadata"]["note"] = "### BEGIN SOLUTION"
    if where == "public":
        public = '{"hint": "return x * 2.0 + 1.0"}'
    with pytest.raises(leaks.LeakError):
        leaks.check(leaks.secrets_of(cells, _checkset()), json.dumps(nb), public, "fx")


def test_hidden_generator_source_is_a_secret():
    secrets = leaks.secrets_of(_cells(ANSWER), _checkset())
    assert any("secret_shape" in s for s in secrets)


def test_build_is_deterministic(layout, limits, protections, tmp_path):
    first = build.build_one(layout, "ex01_neuron", limits, protections, tmp_path / "a")
    second = build.build_one(layout, "ex01_neuron", limits, protections, tmp_path / "b")
    assert first == second


def test_exercises_are_up_to_date(layout, limits, protections):
    """exercises/ is what `bpgrade build` writes from solutions/. A notebook that holds a
    learner's answers is not compared (and says so); under CI, where nobody types answers,
    such a notebook is a failure."""
    import os

    from bpgrade.authoring.reference import default_cache_dir

    edited = []
    for name in layout.authored():
        nb_text, public_text = build.build_one(layout, name, limits, protections, default_cache_dir())
        path = layout.exercise_notebook(name)
        if path.read_text(encoding="utf-8") != nb_text and build.edited_since_build(path, nb_text):
            edited.append(f"exercises/{name}.ipynb")
        else:
            assert path.read_text(encoding="utf-8") == nb_text, \
                f"exercises/{name}.ipynb is out of date: run `bpgrade build`"
        assert publicspec.equivalent(layout.public_checks(name).read_text(encoding="utf-8"), public_text), \
            f"exercises/checks/{name}.json is out of date: run `bpgrade build`"
    if edited:
        reason = (f"{', '.join(edited)} hold(s) your answers (edited since built), so not compared "
                  "with solutions/; `bpgrade build` will not overwrite them without --force")
        if os.environ.get("CI"):
            pytest.fail(reason + " (CI is set: exercises/ must be as built)")
        pytest.skip(reason)


def test_public_checks_equivalence_tolerates_last_bits_only():
    a = '{"x": [0.1, 2.0, "s"], "n": 3}'
    assert publicspec.equivalent(a, '{"x": [0.10000000000000002, 2.0, "s"], "n": 3}')
    assert not publicspec.equivalent(a, '{"x": [0.1000001, 2.0, "s"], "n": 3}')
    assert not publicspec.equivalent(a, '{"x": [0.1, 2.0, "t"], "n": 3}')
    assert not publicspec.equivalent(a, '{"x": [0.1, 2.0], "n": 3}')


def _built_notebook(tmp_path, name="ex_t"):
    cells = _cells(ANSWER)
    text = build.exercise_notebook(cells, name)
    path = tmp_path / f"{name}.ipynb"
    path.write_text(text, encoding="utf-8")
    return path, text


def test_built_notebook_is_not_edited_until_its_cells_change(tmp_path):
    path, text = _built_notebook(tmp_path)
    assert not build.edited_since_build(path)
    nb = json.loads(text)
    nb["cells"][0]["outputs"] = [{"output_type": "stream", "name": "stdout", "text": "hi"}]
    nb["cells"][0]["execution_count"] = 3
    nb["cells"][0]["source"] = nb["cells"][0]["source"].splitlines(keepends=True)  # as Jupyter saves
    path.write_text(json.dumps(nb), encoding="utf-8")
    assert not build.edited_since_build(path), "running cells and saving is not an edit"
    nb["cells"][0]["source"] = ["def f(x):\n", "    return x * 2.0 + 1.0"]
    path.write_text(json.dumps(nb), encoding="utf-8")
    assert build.edited_since_build(path)
    path.write_text("", encoding="utf-8")
    assert build.edited_since_build(path), "an unreadable file may be damaged work"


def test_build_refuses_to_overwrite_edited_exercise(layout, limits, protections, tmp_path):
    """`bpgrade build` never replaces answers: it names the file, writes nothing, exits 1;
    --force replaces it."""
    import shutil

    from bpgrade.authoring.reference import default_cache_dir
    from bpgrade.cli import main

    root = tmp_path / "course"
    for part in ("solutions", "exercises"):
        shutil.copytree(layout.root / part, root / part)
    target = root / "exercises" / "ex01_neuron.ipynb"
    nb = json.loads(target.read_text(encoding="utf-8"))
    answer = next(c for c in nb["cells"] if c["metadata"].get("bpgrade", {}).get("role") == "answer")
    answer["source"] = answer["source"].replace("raise NotImplementedError()", "return 1 / (1 + np.exp(-z))")
    mine = json.dumps(nb)
    target.write_text(mine, encoding="utf-8")
    other = root / "exercises" / "checks" / "ex01_neuron.json"
    other_before = other.read_text(encoding="utf-8")
    other.write_text(other_before.replace('"sigmoid"', '"sigmoid?"', 1), encoding="utf-8")  # stale

    with pytest.raises(build.LearnerWork) as info:
        build.build(type(layout)(root), limits, protections, ["ex01_neuron"],
                    cache_dir=default_cache_dir())
    assert info.value.paths == [target]
    assert target.read_text(encoding="utf-8") == mine
    assert other.read_text(encoding="utf-8") != other_before, "nothing at all is written"
    assert main(["build", "--root", str(root), "ex01_neuron"]) == 1
    assert target.read_text(encoding="utf-8") == mine
    assert main(["build", "--root", str(root), "--force", "ex01_neuron"]) == 0
    assert not build.edited_since_build(target)
    assert other.read_text(encoding="utf-8") == other_before
