"""Authoring that catches the author's mistakes before any learner is graded: each mistake of a
new set (made with ``bpgrade new``) is caught by ``build`` or refused by ``grade``, in one line."""

import json
import shutil

import pytest

from bpgrade import cli
from bpgrade.authoring import build, publicspec, scaffold, spec, verify
from bpgrade.authoring.course import check_course
from bpgrade.layout import Layout

NAME = "ex90_demo"

TRAINING = '''

def _classify_steps(X, labels):
    return [call("classify", X)]


QUESTIONS.append(Question(
    id="q_classify", title="a classifier", points=2, steps=_classify_steps,
    outputs=[output(0, None, "labels")], names=("classify",),
    public=[(np.array([[1.0], [-2.0], [3.0]]), np.array({labels}))],
    property=Property("accuracy_at_least", labels_from_arg=1, min=1.0)))
'''
CLASSIFY_CELLS = [
    {"cell_type": "code", "metadata": {"bpgrade": {"id": "q_classify", "role": "answer"}},
     "execution_count": None, "outputs": [],
     "source": "def classify(X):\n    ### BEGIN SOLUTION\n    return (X[:, 0] > 0).astype(int)\n"
               "    ### END SOLUTION\n"},
    {"cell_type": "code", "metadata": {"bpgrade": {"id": "q_classify", "role": "check"}},
     "execution_count": None, "outputs": [], "source": 'check("q_classify")'},
]


@pytest.fixture
def course(tmp_path):
    """A course root with only a new set made by ``bpgrade new``."""
    layout = Layout(tmp_path)
    assert scaffold.new_exercise(layout, NAME, out=lambda *a: None) == 0
    return layout


def _edit_check(layout, old, new):
    path = layout.check_file(NAME)
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new))


def _add_training_question(layout, labels):
    path = layout.check_file(NAME)
    path.write_text(path.read_text().replace(
        "from bpgrade.authoring.spec import Hidden, Question",
        "from bpgrade.authoring.spec import Hidden, Property, Question, call, output")
        + TRAINING.format(labels=labels))
    nb_path = layout.source_notebook(NAME)
    nb = json.loads(nb_path.read_text())
    nb["cells"][-1:-1] = CLASSIFY_CELLS
    nb_path.write_text(json.dumps(nb))


def _build(layout, limits, protections, tmp_path):
    return build.build(layout, limits, protections, [NAME], cache_dir=tmp_path / "cache")


def test_new_set_builds_and_passes_check_course(course, limits, protections, tmp_path):
    assert _build(course, limits, protections, tmp_path)            # files written
    lines = []
    assert check_course(course, limits, protections, jobs=1, out=lines.append,
                        cache_dir=str(tmp_path / "cc"), names=[NAME]) == 0, lines
    assert "ok" in lines[-1]


def test_new_refuses_bad_names_and_existing_sets(course):
    said = []
    assert scaffold.new_exercise(course, "exercise_14", out=said.append) == 2
    assert "exNN_topic" in said[-1]
    assert scaffold.new_exercise(course, NAME, out=said.append) == 2
    assert "already exist" in said[-1]


def test_check_course_names_one_set_and_rejects_unknown(course, limits, protections):
    said = []
    assert check_course(course, limits, protections, out=said.append, names=["ex91_nothing"]) == 2
    assert "unknown exercise set" in said[-1] and NAME in said[-1]


def test_wrong_label_in_a_training_public_case_fails_the_build(course, limits, protections, tmp_path):
    _add_training_question(course, "[1, 0, 0]")                     # row 3 is positive: label 1
    with pytest.raises(spec.AuthorError) as err:
        _build(course, limits, protections, tmp_path)
    message = str(err.value)
    assert "q_classify" in message and "public 1" in message and "\n" not in message
    assert not course.public_checks(NAME).exists()                  # nothing written


def test_right_labels_build(course, limits, protections, tmp_path):
    _add_training_question(course, "[1, 0, 1]")
    assert _build(course, limits, protections, tmp_path)


def test_generator_of_another_kind_fails_the_build(course, limits, protections, tmp_path):
    _edit_check(course, "return (gen.normal(size=shape),)", "return (gen.integers(0, 9, size=shape),)")
    with pytest.raises(spec.AuthorError) as err:
        _build(course, limits, protections, tmp_path)
    message = str(err.value)
    assert "hidden generator _double_hidden" in message and "int64" in message and "float64" in message


def test_generator_with_shapes_the_solution_cannot_take_fails_the_build(course, limits, protections, tmp_path):
    # a two-argument question whose generator returns mismatched shapes: the solution raises
    _edit_check(course, 'function="double"', 'function="scaled"')
    _edit_check(course, "public=[(np.array([1.0, -2.0, 0.5]),), (np.zeros((2, 3)),)]",
                "public=[(np.ones((2, 3)), np.ones(3))]")
    _edit_check(course, "return (gen.normal(size=shape),)", "return (gen.normal(size=(4, 3)), gen.normal(size=5))")
    nb_path = course.source_notebook(NAME)
    nb_path.write_text(nb_path.read_text().replace("def double(x):", "def scaled(x, w):")
                       .replace("return 2.0 * np.asarray(x)", "return x @ np.diag(w)"))
    with pytest.raises(spec.AuthorError) as err:
        _build(course, limits, protections, tmp_path)
    message = str(err.value)
    assert "hidden generator _double_hidden" in message and "(4, 3), (5,)" in message
    assert "Traceback" not in message and "\n" not in message


def test_solution_cell_that_raises_fails_the_build(course, limits, protections, tmp_path):
    nb_path = course.source_notebook(NAME)
    nb = json.loads(nb_path.read_text())
    nb["cells"].insert(2, {"cell_type": "code", "metadata": {}, "execution_count": None, "outputs": [],
                           "source": "ratio = 1 / 0"})
    nb_path.write_text(json.dumps(nb))
    with pytest.raises(spec.AuthorError) as err:
        _build(course, limits, protections, tmp_path)
    assert "cell 2 raised" in str(err.value) and "ZeroDivisionError" in str(err.value)


@pytest.mark.parametrize("jobs", ["1", "2"])  # 2: references and verification in workers first
def test_grade_refuses_when_the_solution_loses_points(course, limits, protections, tmp_path, capsys,
                                                      jobs):
    _add_training_question(course, "[1, 0, 1]")
    _build(course, limits, protections, tmp_path)
    _edit_check(course, "np.array([1, 0, 1])", "np.array([1, 0, 0])")   # broken after the build
    subs = tmp_path / "subs" / "alice"
    subs.mkdir(parents=True)
    shutil.copy(course.exercise_notebook(NAME), subs / f"{NAME}.ipynb")
    status = cli.main(["grade", str(tmp_path / "subs"), "--out", str(tmp_path / "out"),
                       "--root", str(course.root), "--seed", "7", "--jobs", jobs])
    err = capsys.readouterr().err
    assert status == 2
    assert "refusing to grade" in err and "q_classify" in err and "Traceback" not in err
    assert not (tmp_path / "out" / "alice.json").exists()


def test_check_says_when_public_checks_are_stale(course, limits, protections, tmp_path):
    _build(course, limits, protections, tmp_path)
    public = course.public_checks(NAME)
    assert publicspec.staleness(public, NAME, course) is None
    _edit_check(course, "points=1", "points=2")
    note = publicspec.staleness(public, NAME, course)
    assert note and "stale" in note and f"bpgrade build {NAME}" in note


def test_verify_generators_passes_every_course_set(layout):
    for name in layout.authored():
        verify.check_generators(spec.load(layout.check_file(name)))


def test_bpgrade_check_inside_the_course_prints_the_stale_note(course, limits, protections, tmp_path,
                                                                monkeypatch):
    from bpgrade.learner.checkcmd import check_notebook
    _build(course, limits, protections, tmp_path)
    _edit_check(course, "points=1", "points=2")
    monkeypatch.chdir(course.root)
    said = []
    check_notebook(course.source_notebook(NAME), limits, protections, out=said.append)
    assert any("stale" in line for line in said)


def test_grade_remembers_a_verified_solution_until_checks_or_seed_change(course, limits, protections,
                                                                         tmp_path, monkeypatch):
    from bpgrade.authoring import verify
    from bpgrade.classroom import batch
    from bpgrade.classroom import grade as grade_mod

    _add_training_question(course, "[1, 0, 1]")
    _build(course, limits, protections, tmp_path)
    cache = tmp_path / "refs"
    assert verify.refuse_unless_solution_full(course, [NAME], 7, limits, protections, cache) == 0
    graded = []
    real = grade_mod.grade_notebook
    monkeypatch.setattr(grade_mod, "grade_notebook", lambda *a, **k: graded.append(1) or real(*a, **k))
    assert verify.refuse_unless_solution_full(course, [NAME], 7, limits, protections, cache) == 0
    assert graded == []                                   # same seed, solution, checks: not graded again
    assert verify.refuse_unless_solution_full(course, [NAME], 8, limits, protections, cache) == 0
    assert graded == [1]                                  # another seed: other cases, graded again
    _edit_check(course, "np.array([1, 0, 1])", "np.array([1, 0, 0])")
    batch._CACHE.clear()                                  # a new `bpgrade grade` process reads it afresh
    assert verify.refuse_unless_solution_full(course, [NAME], 7, limits, protections, cache) == 2


def test_parallel_preparation_leaves_references_and_verdicts_for_the_serial_pass(
        layout, limits, protections, tmp_path, monkeypatch):
    """``grade --jobs 2`` computes reference values and verifies each solution in workers; the
    grader's own pass then finds both in the cache and grades no solution again."""
    from bpgrade.classroom import batch
    from bpgrade.classroom import grade as grade_mod

    sets = layout.authored()[:2]
    cache = tmp_path / "refs"
    batch._CACHE.clear()
    batch.prepare_in_parallel(layout, sets, 11, limits, protections, cache, jobs=2)
    assert batch._CACHE == {}  # the work was done in the workers, not in this process
    for ex in sets:
        assert len(list(cache.glob(f"{ex}-*.json"))) == 1, ex
        assert len(list(cache.glob(f"verified-{ex}-*"))) == 1, ex
    graded = []
    real = grade_mod.grade_notebook
    monkeypatch.setattr(grade_mod, "grade_notebook", lambda *a, **k: graded.append(1) or real(*a, **k))
    assert verify.refuse_unless_solution_full(layout, sets, 11, limits, protections, cache) == 0
    assert graded == []
