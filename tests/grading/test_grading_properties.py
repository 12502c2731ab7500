"""Properties: expected labels taken from each case's arguments, and single-column predictions."""

import numpy as np
import pytest

from bpgrade.authoring import publicspec
from bpgrade.judging import properties
from bpgrade.authoring import spec as S
from bpgrade.judging.judge import judge_case, score_question
from bpgrade.learner.selfcheck import run_case

XOR_X = np.array([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]])


def _shuffled_xor(gen):
    """XOR with its rows permuted, or XNOR: never the public order [0, 1, 1, 0]."""
    while True:
        perm = gen.permutation(4)
        y = np.array([0, 1, 1, 0])[perm]
        if gen.random() < 0.5:
            y = 1 - y
        if not np.array_equal(y, [0, 1, 1, 0]):
            return (XOR_X[perm], y, int(gen.integers(1000)))


def _question():
    return S.Question("q_xor", 4, function="train_xor",
                      public=[(XOR_X, np.array([0, 1, 1, 0]), 0)],
                      hidden=S.Hidden(_shuffled_xor, n=4),
                      property=S.Property("accuracy_at_least", labels_from_arg=1, min=1.0))


def _judge(question, cases, answer):
    """Verdicts for a learner whose train_xor is ``answer`` (run as the self-check runs it)."""
    return [judge_case(question, c, run_case({"train_xor": answer}, c)) for c in cases]


def test_labels_come_from_each_case_so_a_constant_fails_hidden_cases():
    q = _question()
    cases = q.cases(seed=5)
    honest = _judge(q, cases, lambda X, y, seed: y.copy())       # a classifier that gets them right
    assert all(v.ok for v in honest)
    constant = _judge(q, cases, lambda X, y, seed: np.array([0, 1, 1, 0]))
    assert constant[0].ok and not any(v.ok for v in constant[1:])
    assert all(v.category == "property" for v in constant[1:])
    score, status, message = score_question(q, cases, constant)
    assert status == "fail" and score == 0.8 and "hidden" in message    # 4 points x 1/5


def test_public_file_ships_public_labels_only():
    q = _question()
    checkset = S.CheckSet("ex_test", [q])
    text = publicspec.dumps(checkset, {})
    assert '"labels_from_arg": 1' in text and '"labels":' not in text
    public = publicspec.loads(text).question("q_xor")
    (case,) = public.public_cases
    good = _judge(public, [case], lambda X, y, seed: np.array([0, 1, 1, 0]))[0]
    bad = _judge(public, [case], lambda X, y, seed: np.array([1, 1, 1, 0]))[0]
    assert good.ok and "accuracy 75.0%" in bad.message


def test_a_property_argument_that_does_not_exist_is_a_check_file_error():
    with pytest.raises(ValueError, match="argument 3"):
        S.Question("q", 1, function="f", public=[(XOR_X, np.zeros(4))],
                   property=S.Property("accuracy_at_least", labels_from_arg=3, min=1.0))
    with pytest.raises(ValueError, match="labels"):
        S.Property("accuracy_at_least", labels=[0, 1], labels_from_arg=1, min=1.0)


def accuracy(pred, labels=(0, 1, 1, 0)):
    return properties.check("accuracy_at_least", [np.asarray(pred)], {"labels": list(labels), "min": 1.0})


def test_one_column_of_probabilities_is_thresholded_at_one_half():
    assert accuracy(np.array([[0.1], [0.9], [0.6], [0.2]])).ok
    assert accuracy(np.array([0.1, 0.9, 0.6, 0.2])).ok
    assert accuracy(np.array([[0], [1], [1], [0]])).ok
    assert accuracy(np.array([[False], [True], [True], [False]])).ok
    wrong = accuracy(np.array([[0.1], [0.9], [0.4], [0.2]]))
    assert not wrong.ok and "accuracy 75.0%" in wrong.message


def test_one_column_that_is_neither_labels_nor_probabilities_fails_clearly():
    logits = accuracy(np.array([[-3.0], [2.0], [1.5], [-0.5]]))
    assert not logits.ok and logits.category == "shape"
    assert "(4, 1)" in logits.message and "outside [0, 1]" in logits.message
    multiclass = accuracy(np.array([[0.2], [0.7], [0.9], [0.1]]), labels=(0, 1, 2, 0))
    assert not multiclass.ok and "two classes" in multiclass.message


def test_class_scores_and_labels_still_work():
    assert accuracy(np.array([[2.0, 1.0], [0.0, 3.0], [0.1, 0.2], [5.0, 1.0]])).ok
    assert accuracy(np.array([0, 1, 1, 0])).ok
    assert not accuracy(np.array([0, 1, 1])).ok
