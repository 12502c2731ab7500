"""Checks for ex10_digits: accuracy, the confusion matrix, and a digits classifier that reaches
97 % test accuracy on the shipped split for any seed (graded by property: the learner's function
gets the test rows — in a hidden order drawn from the grading seed for hidden cases — and its labels
are compared with the test labels in the same order, which it never receives)."""

import numpy as np

from bplib.datasets import load_digits
from bpgrade.authoring.spec import Hidden, Property, Question, call, output

EXERCISE = "ex10_digits"
TITLE = "Handwritten digits"
# bplib's versions of what this set asks for are unavailable while grading (solutions/README.md)
WITHHELD = ["accuracy", "confusion_matrix", "train_digits"]

X_TEST, Y_TEST = load_digits()[2:]          # the shipped split's 450 test rows and labels


def _digits_steps(X, y, seed):
    """train_digits gets the rows only; the property compares its labels with y (argument 1)."""
    return [call("train_digits", X, seed)]


def _digits_hidden(gen):
    """The 450 test rows in an order drawn from the grading seed, their labels, and a seed."""
    order = gen.permutation(len(Y_TEST))
    return (X_TEST[order], Y_TEST[order], int(gen.integers(1, 10**6)))


def _accuracy_hidden(gen):
    n, c = int(gen.integers(1, 30)), int(gen.integers(2, 11))
    if gen.random() < 0.3:                  # small integer scores: ties, broken by the first largest
        scores = gen.integers(0, 3, size=(n, c)).astype(float)
    else:
        scores = gen.normal(size=(n, c))
    return (scores, gen.integers(0, c, size=n))


def _confusion_hidden(gen):
    n, c = int(gen.integers(1, 40)), int(gen.integers(2, 8))
    y_true = gen.integers(0, c, size=n)
    y_pred = np.where(gen.random(n) < 0.6, y_true, gen.integers(0, c, size=n))
    if gen.random() < 0.3:                  # sometimes a class that never occurs
        y_true, y_pred = np.minimum(y_true, c - 2), np.minimum(y_pred, c - 2)
    return (y_true, y_pred, c)


QUESTIONS = [
    Question(
        id="q_accuracy", title="accuracy", points=2, function="accuracy",
        public=[(np.array([[2.0, 1.0, 0.1], [0.5, 2.5, 0.0], [0.3, 0.2, 0.1], [1.0, 1.0, 3.0]]), np.array([0, 1, 2, 2])),
                (np.array([[1.0, 1.0], [0.0, 0.0], [-1.0, 5.0]]), np.array([0, 1, 1])),
                (np.array([[0.2, 0.8]]), np.array([0]))],
        hidden=Hidden(_accuracy_hidden, n=6),
    ),
    Question(
        id="q_confusion", title="confusion matrix", points=3, function="confusion_matrix",
        public=[(np.array([0, 0, 1, 1, 2, 2, 2]), np.array([0, 1, 1, 1, 2, 0, 2]), 3),
                (np.array([1, 1, 1]), np.array([1, 1, 0]), 4),
                (np.array([2]), np.array([0]), 3)],
        hidden=Hidden(_confusion_hidden, n=6),
    ),
    Question(
        id="q_train_digits", title="a digits classifier, 97 % for every seed", points=5,
        steps=_digits_steps, outputs=[output(0, None, "predicted labels")], names=("train_digits",),
        public=[(X_TEST, Y_TEST, 0)],
        hidden=Hidden(_digits_hidden, n=1),
        property=Property("accuracy_at_least", labels_from_arg=1, min=0.97),
        timeout=30,
    ),
]
