"""Checks for ex10_digits: accuracy, the confusion matrix, and a digits classifier that reaches
97 % test accuracy on the shipped split for any seed (graded by property)."""

import numpy as np

from bplib.datasets import load_digits
from bplib.grading.spec import Hidden, Property, Question

EXERCISE = "ex10_digits"
TITLE = "Handwritten digits"

Y_TEST = load_digits()[3].tolist()          # the shipped split's 450 test labels


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
        function="train_digits",
        public=[(0,)],
        hidden=Hidden(lambda gen: (int(gen.integers(1, 10**6)),), n=1),
        property=Property("accuracy_at_least", labels=Y_TEST, min=0.97),
        timeout=30,
    ),
]
