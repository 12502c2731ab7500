"""Every kind of check through the real sandbox: pipelines, methods, rng, properties, formulas."""

import numpy as np
import pytest

from bpgrade.authoring import spec as S
from bpgrade.judging.judge import expected_from_reference, judge_case, score_question
from bpgrade.isolation.runner import run_question

SOLUTION = '''
import numpy as np
import sympy as sp

class Scale:
    def __init__(self, k):
        self.k = k
    def forward(self, x):
        self.last = x * self.k
        return self.last

def make(k):
    return Scale(k)

def dropout_mask(shape, p, rng):
    return (rng.random(shape) >= p).astype(float)

def train(seed):
    return np.array([1.0, 0.5, 0.1])

def dtanh_dw():
    w, x, b = sp.symbols("w x b")
    return sp.diff(sp.tanh(w * x + b), w)
'''

WRONG = SOLUTION.replace("self.last = x * self.k", "self.last = x + self.k").replace(
    "sp.diff(sp.tanh(w * x + b), w)", "x * sp.tanh(w * x + b)").replace("0.1])", "0.9])")

QUESTIONS = [
    S.Question("q_obj", 1, steps=lambda k, x: [S.call("make", k), S.method(S.ref(0), "forward", x),
                                               S.attr(S.ref(0), "last")],
               outputs=[S.output(1, None, "forward"), S.output(2, None, "last")],
               public=[(2.0, np.arange(3.0))]),
    S.Question("q_rng", 1, function="dropout_mask", public=[((2, 3), 0.5, S.rng(7))]),
    S.Question("q_train", 1, function="train", public=[(0,)],
               property=S.Property("loss_below", max=0.2, decrease=0.5)),
    S.Question("q_expr", 1, function="dtanh_dw", public=[()], hidden=S.Hidden(lambda g: (), 2),
               expression=S.Expression(("w", "x", "b"))),
]


def grade(source, references, limits, protections):
    out = {}
    for q in QUESTIONS:
        cases = references[q.id]
        run = run_question([(0, source)], cases, limits, protections)
        verdicts = [judge_case(q, c, r) for c, r in zip(cases, run.cases)]
        out[q.id] = score_question(q, cases, verdicts)
    return out


@pytest.fixture(scope="module")
def references(limits, protections):
    refs = {}
    for q in QUESTIONS:
        cases = q.cases(seed=1)
        if q.property is None:
            run = run_question([(0, SOLUTION)], cases, limits, protections)
            for case, case_run in zip(cases, run.cases):
                case.expected = expected_from_reference(q, case, case_run)
        refs[q.id] = cases
    return refs


def test_solution_passes_every_kind(references, limits, protections):
    result = grade(SOLUTION, references, limits, protections)
    assert {qid: r[1] for qid, r in result.items()} == {q.id: "pass" for q in QUESTIONS}


def test_wrong_answers_fail_every_kind(references, limits, protections):
    result = grade(WRONG, references, limits, protections)
    assert result["q_obj"][1] == "fail" and "forward" in result["q_obj"][2]
    assert result["q_train"][1] == "fail" and "final loss" in result["q_train"][2]
    assert result["q_expr"][1] == "fail" and "compared exactly" in result["q_expr"][2]
    assert result["q_rng"][1] == "pass"


def test_hidden_cases_are_reproducible_from_the_seed():
    q = QUESTIONS[3]
    a, b, c = q.cases(seed=1), q.cases(seed=1), q.cases(seed=2)
    assert all(np.array_equal(x.points["w"], y.points["w"]) for x, y in zip(a, b))
    assert not np.array_equal(a[-1].points["w"], c[-1].points["w"])
