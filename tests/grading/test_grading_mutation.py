"""In-place modification of inputs is reported first, with the step and the argument that
changed, also in chained-step questions where a later step would otherwise make an earlier
output look wrong."""

import numpy as np
import pytest

from bpgrade.authoring import spec as S
from bpgrade.judging.judge import expected_from_reference, judge_case
from bpgrade.isolation.runner import run_question
from bpgrade.learner.selfcheck import run_case

SOLUTION = '''
def momentum_step(w, g, v, lr, momentum):
    v = momentum * v + g
    return w - lr * v, v
'''

IN_PLACE = '''
def momentum_step(w, g, v, lr, momentum):
    v *= momentum          # modifies the caller's v, then hands it back
    v += g
    return w - lr * v, v
'''

LATER = '''
def momentum_step(w, g, v, lr, momentum):
    new_v = momentum * v + g
    if "seen" in globals():
        v *= 0.0           # only the second call modifies its input: step 1's output v
    globals()["seen"] = True
    return w - lr * new_v, new_v
'''


def _steps(w, g, v, lr, momentum):
    return [S.call("momentum_step", w, g[0], v, lr, momentum),
            S.call("momentum_step", S.ref(0, 0), g[1], S.ref(0, 1), lr, momentum)]


QUESTION = S.Question("q_momentum", 3, steps=_steps, names=("momentum_step",),
                      outputs=[S.output(0, 0, "w after step 1"), S.output(0, 1, "v after step 1"),
                               S.output(1, 0, "w after step 2"), S.output(1, 1, "v after step 2")],
                      public=[(np.array([1.0, -2.0]), np.array([[0.5, -1.0], [1.0, 2.0]]),
                               np.array([0.25, 0.5]), 0.1, 0.9)])


@pytest.fixture(scope="module")
def cases(limits, protections):
    cases = QUESTION.cases(seed=0)
    run = run_question([(0, SOLUTION)], cases, limits, protections)
    for case, case_run in zip(cases, run.cases):
        case.expected = expected_from_reference(QUESTION, case, case_run)
    return cases


def _sandbox_verdict(source, cases, limits, protections):
    run = run_question([(0, source)], cases, limits, protections)
    return judge_case(QUESTION, cases[0], run.cases[0])


def _selfcheck_verdict(source, cases):
    namespace = {}
    exec(source, namespace)
    return judge_case(QUESTION, cases[0], run_case(namespace, cases[0]))


def test_correct_chained_steps_pass(cases, limits, protections):
    assert _sandbox_verdict(SOLUTION, cases, limits, protections).ok
    assert _selfcheck_verdict(SOLUTION, cases).ok


def test_modifying_an_input_is_reported_at_the_step_that_did_it(cases, limits, protections):
    for verdict in (_sandbox_verdict(IN_PLACE, cases, limits, protections),
                    _selfcheck_verdict(IN_PLACE, cases)):
        assert verdict.category == "mutation", verdict
        assert "step 1" in verdict.message and "argument 3" in verdict.message
        assert "momentum_step" in verdict.message and "modified in place" in verdict.message


def test_modifying_an_earlier_result_is_reported_not_its_value(cases, limits, protections):
    for verdict in (_sandbox_verdict(LATER, cases, limits, protections), _selfcheck_verdict(LATER, cases)):
        assert verdict.category == "mutation", verdict
        assert "step 2" in verdict.message and "argument 3" in verdict.message
