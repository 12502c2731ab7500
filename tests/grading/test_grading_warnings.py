"""``no_warnings=True``: a case whose calls raised a warning fails with category ``warning`` and a
message naming the call and the warning, the same in the sandbox and in the notebook self-check;
questions without the option ignore warnings."""

import dataclasses

import numpy as np
import pytest

from bpgrade.authoring import publicspec
from bpgrade.authoring import spec as S
from bpgrade.confined import protocol
from bpgrade.confined.steps import MAX_WARNING_TEXT, MAX_WARNINGS
from bpgrade.isolation.runner import _decode_reply, run_question
from bpgrade.judging.judge import AuthorError, expected_from_reference, judge_case, public_message
from bpgrade.judging.outcome import CaseRun
from bpgrade.learner.selfcheck import run_case

STABLE = '''
import numpy as np
def sigmoid(z):
    return np.exp(-np.logaddexp(0.0, -z))
'''

UNSTABLE = '''
import numpy as np
np.seterr(all="ignore")  # an earlier cell silencing NumPy does not hide the overflow
def sigmoid(z):
    return 1.0 / (1.0 + np.exp(-z))
'''

WARNS_TWICE = '''
import warnings
def sigmoid(z):
    for i in range(10):
        warnings.warn("x" * 1000 + str(i), DeprecationWarning)
    return 1.0 / (1.0 + __import__("numpy").exp(-z))
'''

HINT = "call exp only on numbers <= 0"
QUESTION = S.Question("q_sigmoid", 2, function="sigmoid", no_warnings=True, warning_hint=HINT,
                      public=[S.Args((np.array([-2.0, 0.0, 3.0]),), name="small"),
                              S.Args((np.array([-1000.0, 0.5, 1000.0]),), name="extreme")])
PLAIN = dataclasses.replace(QUESTION, no_warnings=False, warning_hint="")


@pytest.fixture(scope="module")
def cases(limits, protections):
    cases = QUESTION.cases(seed=0)
    run = run_question([(0, STABLE)], cases, limits, protections)
    for case, case_run in zip(cases, run.cases):
        case.expected = expected_from_reference(QUESTION, case, case_run)
    return cases


def _verdicts(question, source, cases, limits, protections):
    """[(sandbox verdict, self-check verdict)] per case."""
    runs = run_question([(0, source)], cases, limits, protections).cases
    namespace = {}
    exec(source, namespace)
    return [(judge_case(question, c, r), judge_case(question, c, run_case(namespace, c)))
            for c, r in zip(cases, runs)]


def test_a_warning_free_solution_passes(cases, limits, protections):
    for sandbox, selfcheck in _verdicts(QUESTION, STABLE, cases, limits, protections):
        assert sandbox.ok and selfcheck.ok, (sandbox, selfcheck)


def test_an_overflow_warning_fails_the_case_that_raised_it_with_the_same_message(cases, limits, protections):
    (small, small_self), (extreme, extreme_self) = _verdicts(QUESTION, UNSTABLE, cases, limits, protections)
    assert small.ok and small_self.ok  # no overflow at z = -2
    assert extreme == extreme_self
    assert extreme.category == "warning"
    assert extreme.message == f"sigmoid warned: RuntimeWarning: overflow encountered in exp — {HINT}"


def test_without_the_option_warnings_change_nothing(cases, limits, protections):
    for sandbox, selfcheck in _verdicts(PLAIN, UNSTABLE, cases, limits, protections):
        assert sandbox.ok and selfcheck.ok, (sandbox, selfcheck)


def test_warnings_are_capped_in_number_and_length(cases, limits, protections):
    run = run_question([(0, WARNS_TWICE)], cases[1:], limits, protections).cases[0]
    assert len(run.warnings) == MAX_WARNINGS
    assert all(w[1] == "DeprecationWarning" and len(w[2]) == MAX_WARNING_TEXT for w in run.warnings)
    verdict = judge_case(QUESTION, cases[1], run)
    assert verdict.category == "warning" and f"(and {MAX_WARNINGS - 1} more)" in verdict.message


def test_a_hidden_case_reports_only_the_category(cases):
    hidden = dataclasses.replace(cases[1], hidden=True, name="hidden 1")
    namespace = {}
    exec(UNSTABLE, namespace)
    run = run_case(namespace, hidden)
    verdict = judge_case(QUESTION, hidden, run)
    assert public_message(hidden, verdict, QUESTION) == "hidden 1: failed (warning)"


def test_a_solution_that_warns_is_an_author_error(cases):
    run = CaseRun("ok", tuple(cases[1].expected), warnings=[(0, "RuntimeWarning", "overflow encountered in exp")])
    with pytest.raises(AuthorError, match="the solution warned in q_sigmoid extreme"):
        expected_from_reference(QUESTION, cases[1], run)
    assert expected_from_reference(PLAIN, cases[1], run) == list(run.outputs)


def test_the_option_and_hint_travel_in_the_public_checks(cases):
    checkset = S.CheckSet("ex00_demo", [QUESTION, dataclasses.replace(PLAIN, id="q_plain")], "0")
    expected = {"q_sigmoid": [c.expected for c in cases], "q_plain": [c.expected for c in cases]}
    back = publicspec.loads(publicspec.dumps(checkset, expected))
    assert (back.question("q_sigmoid").no_warnings, back.question("q_sigmoid").warning_hint) == (True, HINT)
    assert (back.question("q_plain").no_warnings, back.question("q_plain").warning_hint) == (False, "")


def test_the_hint_needs_the_option():
    with pytest.raises(ValueError, match="warning_hint= needs no_warnings=True"):
        S.Question("q", 1, function="f", warning_hint="h")


@pytest.mark.parametrize("bad", ["x", [[0, "RuntimeWarning"]], [["0", "W", "m"]], [[0, 1, "m"]]])
def test_malformed_warnings_from_the_child_are_a_protocol_error(bad, limits):
    with pytest.raises(protocol.ProtocolError):
        _decode_reply({"status": "ok", "outputs": [], "warnings": bad}, [], limits)
