"""Points only for the work asked: trained parameters evaluated by the grader, formulas compared
exactly, scoring policies and gate cases, and the stated requirements of ex04, ex07 and ex10
(in-process: the judge and the check files, no sandbox)."""

import numpy as np
import pytest

from bpgrade.authoring import spec
from bpgrade.judging import properties, symbolic
from bpgrade.judging.compare import Verdict
from bpgrade.judging.judge import judge_case, policy_fraction, score_question
from bpgrade.judging.outcome import CaseRun

XOR_X = np.array([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]])
XOR_Y = np.array([0, 1, 1, 0])


def _xor_network():
    """A hand-made 2-2-1 tanh network computing XOR with a wide margin."""
    W1 = np.array([[10.0, 10.0], [10.0, 10.0]])
    b1 = np.array([-5.0, -15.0])
    W2 = np.array([[10.0], [-10.0]])
    b2 = np.array([-5.0])
    return [(W1, b1), (W2, b2)]


XOR_PARAMS = dict(X=XOR_X, labels=XOR_Y, min=1.0, outputs=1, activation="tanh", max_width=64)


def test_network_accuracy_runs_the_returned_network():
    assert properties.check("network_accuracy", [_xor_network()], XOR_PARAMS).ok
    xnor = dict(XOR_PARAMS, labels=1 - XOR_Y)           # the same network is wrong on XNOR
    verdict = properties.check("network_accuracy", [_xor_network()], xnor)
    assert not verdict.ok and verdict.category == "property" and "4 wrong" in verdict.message


def test_network_accuracy_a_returned_tuple_is_unpacked_like_the_judge_does():
    assert properties.check("network_accuracy", list(_xor_network()), XOR_PARAMS).ok


@pytest.mark.parametrize("value, needle", [
    (XOR_Y, "list of (W, b) pairs"),                                      # echoing y
    ([(np.ones((3, 2)), np.ones(2)), (np.ones((2, 1)), np.ones(1))], "layer 1 W: expected shape (2, n_out)"),
    ([(np.ones((2, 2)), np.ones((1, 2))), (np.ones((2, 1)), np.ones(1))], "layer 1 b: expected shape (2,)"),
    ([(np.ones((2, 2)), np.ones(2)), (np.ones((3, 1)), np.ones(1))], "layer 2 W: expected shape (2, n_out)"),
    ([(np.ones((2, 2)), np.ones(2)), (np.ones((2, 2)), np.ones(2))], "gives 2 output(s) per example; expected 1"),
    ([(np.ones((2, 65)), np.ones(65)), (np.ones((65, 1)), np.ones(1))], "at most 64"),
    ([(np.full((2, 2), np.nan), np.ones(2)), (np.ones((2, 1)), np.ones(1))], "NaN"),
    ([(np.ones((2, 2)), np.ones(2), np.ones(2))], "expected a pair (W, b)"),
])
def test_network_accuracy_validates_the_format_with_clear_messages(value, needle):
    verdict = properties.check("network_accuracy", [value], XOR_PARAMS)
    assert not verdict.ok and needle in verdict.message


def test_network_accuracy_standardised_format():
    gen = np.random.default_rng(0)
    X = gen.normal(size=(40, 3)) * 5 + 7
    labels = (X[:, 0] < 7).astype(int)                 # class 0 where the first score is larger
    layers = [(np.array([[1.0, -1.0], [0.0, 0.0], [0.0, 0.0]]), np.zeros(2))]   # scores: +z, -z
    params = dict(X=X, labels=labels, min=1.0, outputs=2, activation="relu", standardise=True)
    assert properties.check("network_accuracy", [(np.full(3, 7.0), np.full(3, 5.0), layers)], params).ok
    bad = properties.check("network_accuracy", [(np.full(3, 7.0), np.zeros(3), layers)], params)
    assert not bad.ok and "scale" in bad.message
    unshifted = properties.check("network_accuracy", [(np.zeros(3), np.ones(3), layers)], params)
    assert not unshifted.ok and unshifted.category == "property"


# --- formulas -------------------------------------------------------------------------------

SYMBOLS = ("w", "x", "b", "y")
REFERENCE = "-2*x*(y - 1/(1 + exp(-b - w*x)))*exp(-b - w*x)/(1 + exp(-b - w*x))**2"


def _formula_case():
    q = spec.Question(id="q_f", points=2, function="f", public=[()],
                      expression=spec.Expression(symbols=SYMBOLS))
    case = q.public_cases[0]
    case.expected = [symbolic.precise_values(REFERENCE, SYMBOLS, case.points)]
    return q, case


@pytest.mark.parametrize("formula", [
    REFERENCE,
    "-2*x*(y - sigmoid(w*x + b))*sigmoid(w*x + b)*(1 - sigmoid(w*x + b))",
    "2*x*(1/(1 + exp(-b - w*x)) - y)*exp(-b - w*x)/(exp(-b - w*x) + 1)**2",
])
def test_equal_formulas_pass_however_written(formula):
    q, case = _formula_case()
    assert judge_case(q, case, CaseRun("ok", (formula,))).ok


@pytest.mark.parametrize("formula, hint", [
    ("((y - 1/(1 + exp(-(w + 0.000001)*x - b)))**2 - (y - 1/(1 + exp(-w*x - b)))**2)/0.000001", "0.000001"),
    ("((y - 1/(1 + exp(-(w + 1e-7)*x - b)))**2 - (y - 1/(1 + exp(-(w - 1e-7)*x - b)))**2)/(2e-7)", None),
    ("-2*x*(y - 1/(1 + 2.718281828**(-b - w*x)))*2.718281828**(-b - w*x)/(1 + 2.718281828**(-b - w*x))**2",
     "2.718281828"),
])
def test_approximations_fail(formula, hint):
    q, case = _formula_case()
    verdict = judge_case(q, case, CaseRun("ok", (formula,)))
    assert not verdict.ok and verdict.category == "value"
    assert "compared exactly" in verdict.message
    if hint:
        assert f"the decimal {hint}" in verdict.message


@pytest.mark.parametrize("formula, limit", [
    ("x" + "+x" * 1200, "2000"),          # many nodes (no RecursionError: an explicit limit)
    ("x" + "+x" * 300, "200"),            # a chain deeper than the tree-depth limit
    ("(" * 70 + "x" + ")" * 70, "60"),    # nesting
    ("x+" * 2600 + "x", "5000"),          # characters
])
def test_formula_limits_have_their_own_category_and_message(formula, limit):
    q, case = _formula_case()
    verdict = judge_case(q, case, CaseRun("ok", (formula,)))
    assert not verdict.ok and verdict.category == "too_large"
    assert "formula too large" in verdict.message and limit in verdict.message


def test_formula_undefined_where_the_reference_is_defined_fails():
    q, case = _formula_case()
    verdict = judge_case(q, case, CaseRun("ok", ("log(-1 - x**2)",)))
    assert not verdict.ok and "undefined" in verdict.message


# --- scoring policies -------------------------------------------------------------------------

@pytest.mark.parametrize("scoring, passed, total, fraction", [
    ("proportional", 3, 4, 0.75),
    ("all_or_nothing", 3, 4, 0.0),
    ("all_or_nothing", 4, 4, 1.0),
    (spec.Threshold(3), 3, 4, 1.0),
    (spec.Threshold(3), 2, 4, 0.0),
    (spec.Threshold(3, below="proportional"), 2, 4, 0.5),
    (spec.Threshold(9), 4, 4, 1.0),
    ("proportional", 0, 0, 0.0),
])
def test_policy_fraction(scoring, passed, total, fraction):
    assert policy_fraction(scoring, passed, total) == fraction


def test_threshold_rejects_nonsense():
    with pytest.raises(ValueError):
        spec.Threshold(0)
    with pytest.raises(ValueError):
        spec.Threshold(2, below="half")
    with pytest.raises(ValueError):
        spec.Question(id="q", points=1, function="f", scoring="most")


def _gated_question(scoring="proportional"):
    return spec.Question(id="q_g", points=4, function="f", public=[(1.0,), (2.0,)],
                         hidden=[spec.Hidden(lambda gen: (3.0,), n=1),
                                 spec.Hidden(lambda gen: (4.0,), n=1, gate=True)],
                         scoring=scoring, timeout=3,
                         timeout_message=lambda args, s: f"budget {s:g} s for {args[0]:g}")


def test_a_failed_gate_case_scores_zero_and_says_why():
    q = _gated_question()
    cases = q.cases(0)
    assert [c.gate for c in cases] == [False, False, False, True]
    ok, late = Verdict(True, "ok", ""), Verdict(False, "timeout", "took too long")
    score, status, message = score_question(q, cases, [ok, ok, ok, late])
    assert score == 0.0 and status == "timeout"
    assert "hidden 2: failed (timeout): budget 3 s for 4" in message and "required" in message
    score, _, _ = score_question(q, cases, [ok, late, ok, ok])       # a non-gate failure
    assert score == 3.0


def test_threshold_policy_in_score_question():
    q = _gated_question(spec.Threshold(3))
    cases = q.cases(0)
    ok, bad = Verdict(True, "ok", ""), Verdict(False, "value", "wrong")
    assert score_question(q, cases, [bad, ok, ok, ok])[0] == 4.0
    score, _, message = score_question(q, cases, [bad, bad, ok, ok])
    assert score == 0.0 and "at least 3 cases" in message


def test_scoring_policy_round_trips_through_the_public_file():
    from bpgrade.authoring import publicspec
    checkset = spec.CheckSet("ex99_demo", [_gated_question(spec.Threshold(3, "proportional"))])
    loaded = publicspec.loads(publicspec.dumps(checkset, {"q_g": [[1.0], [2.0]]}))
    assert loaded.questions[0].scoring == spec.Threshold(3, "proportional")
    assert loaded.questions[0].hidden_count == 2


# --- the stated requirements of ex04, ex07 and ex10 --------------------------------------------

@pytest.fixture(scope="module")
def sets(layout):
    return {name: spec.load(layout.check_file(name))
            for name in ("ex04_chain_rule", "ex07_training_xor", "ex10_digits")}


def _run(case, outputs):
    """A finished run of ``case`` that left its arguments untouched."""
    args = [[np.copy(a) if isinstance(a, np.ndarray) else a for a in step.get("args", [])]
            for step in case.steps]
    return CaseRun("ok", tuple(outputs), args, args_before=args, args_step=args)


def _with_expected(question, outputs):
    case = question.public_cases[0]
    case.expected = list(outputs)
    return case


def test_ex07_gradients_require_a_python_float_loss_and_parameter_shapes(sets):
    q = sets["ex07_training_xor"].question("q_gradients")
    # a Python float arrives as a 0-d array
    good = (np.array(0.25), np.zeros((2, 3)), np.zeros(3), np.zeros((3, 1)), np.zeros(1))
    case = _with_expected(q, [good])
    assert judge_case(q, case, _run(case, (good,))).ok
    as_array = (np.array([0.25]),) + good[1:]                      # "a float, not shape (1,)"
    assert not judge_case(q, case, _run(case, (as_array,))).ok
    row_bias = good[:2] + (np.zeros((1, 3)),) + good[3:]          # "db1 is (H,), not (1, H)"
    assert not judge_case(q, case, _run(case, (row_bias,))).ok


def test_ex07_gradients_large_cases_are_gates_with_a_budget(sets):
    q = sets["ex07_training_xor"].question("q_gradients")
    large = [c for c in q.cases(11) if c.gate]
    assert len(large) == 2 and q.timeout <= 5
    n_params = sum(a.size for a in large[0].args[:4])
    assert n_params >= 20000
    message = q.timeout_message(large[0].args, q.timeout)
    assert "by backprop" in message and f"{n_params:,} parameters" in message


def test_ex07_training_hidden_cases_are_other_boolean_functions_never_sent(sets):
    q = sets["ex07_training_xor"].question("q_train_xor")
    for case in q.cases(5)[1:]:
        X, y, seed, X_eval, y_eval = case.args
        assert len(case.steps) == 1 and len(case.steps[0]["args"]) == 3     # X_eval never sent
        assert X_eval.shape == (36, 2) and not np.isin(X_eval[4:], XOR_X).all()
        sent = {tuple(r) for r in X}
        assert sent == {tuple(r) for r in XOR_X}
    functions = {tuple(c.args[4][:4]) for seed in range(6) for c in q.cases(seed)[1:]}
    assert len(functions) >= 3 and (0, 1, 1, 0) not in functions


def test_ex10_confusion_matrix_must_be_integers(sets):
    q = sets["ex10_digits"].question("q_confusion")
    expected = np.array([[1, 1, 0], [0, 2, 0], [1, 0, 2]])
    case = _with_expected(q, [expected])
    assert judge_case(q, case, _run(case, (expected,))).ok
    verdict = judge_case(q, case, _run(case, (expected.astype(float),)))
    assert not verdict.ok and verdict.category == "dtype"


def test_ex10_training_evaluation_images_never_reach_the_learner(sets):
    q = sets["ex10_digits"].question("q_train_digits")
    public, hidden = q.cases(3)
    assert public.args[3] == 0.97 and hidden.args[3] == 0.95
    assert hidden.steps[0]["args"] == [hidden.args[0]]                 # the seed only
    from bplib.datasets import load_digits
    X_test = load_digits()[2]
    assert not any((row == X_test).all(axis=1).any() for row in hidden.args[1][:20])


def test_ex04_formula_questions_compare_exactly(sets):
    q = sets["ex04_chain_rule"].question("q_dL_dw")
    assert q.expression is not None and q.n_hidden() >= 3


# --- chained questions ------------------------------------------------------------------------

def _chain(x):
    return [spec.call("forward", x), spec.call("backward", spec.ref(0, 1), np.ones(2))]


def test_a_chained_question_charges_a_mistake_once():
    q = spec.Question(id="q_chain", points=2, steps=_chain, chained=True, names=("forward", "backward"),
                      outputs=[spec.output(0, 0, "out"), spec.output(0, 1, "cache"), spec.output(1, None, "dx")],
                      public=[(np.array([1.0, -2.0]),)])
    case = q.public_cases[0]
    case.expected = [np.array([1.0, 0.0]), np.array([1.0, 0.0]), np.array([1.0, 0.0])]
    first, second = spec.split_chain(q, case)
    assert [len(first.outputs), len(second.outputs)] == [2, 1]
    assert np.array_equal(second.steps[0]["args"][0], case.expected[1])   # the reference cache
    assert "given the reference result of step 1" in second.name
    # a learner whose forward is wrong but whose backward is right: one of two cases fails
    wrong_forward = (np.array([2.0, 0.0]), np.array([1.0, 0.0]))
    verdicts = [judge_case(q, first, _run(first, (wrong_forward[0], wrong_forward[1]))),
                judge_case(q, second, _run(second, (np.array([1.0, 0.0]),)))]
    assert [v.ok for v in verdicts] == [False, True]
    score, _, message = score_question(q, [first, second], verdicts)
    assert score == 1.0 and "public 1, step 1 (forward)" in message


def test_chained_refs_must_be_compared_outputs():
    with pytest.raises(ValueError, match="not among the outputs"):
        spec.Question(id="q_chain", points=2, steps=_chain, chained=True,
                      outputs=[spec.output(0, 0, "out"), spec.output(1, None, "dx")],
                      public=[(np.array([1.0, -2.0]),)])
