"""Checks for ex10_digits: accuracy, the confusion matrix, and a digits classifier trained for any
seed. ``train_digits(seed)`` returns the trained network's parameters (standardisation and dense
layers); the grader runs that network itself — on the 450 test rows for the public case (at least
97 %), and for the hidden case on test images with pixel noise drawn from the grading seed, which
the learner's code never receives (at least 95 %). The learner's code returns numbers only, so
looking labels up scores nothing."""

import numpy as np

from bplib.datasets import load_digits
from bpgrade.authoring.spec import Hidden, Property, Question, call, output

EXERCISE = "ex10_digits"
TITLE = "Handwritten digits"
# bplib's versions of what this set asks for are unavailable while grading (solutions/README.md)
WITHHELD = ["accuracy", "confusion_matrix", "train_digits"]

DIFFICULTY = {"q_accuracy": 1, "q_confusion": 2, "q_train_digits": 3}

X_TEST, Y_TEST = load_digits()[2:]          # the shipped split's 450 test rows and labels


NOISE = 0.05            # standard deviation of the pixel noise of the hidden case (pixels in [0, 1])


def _digits_steps(seed, X_eval, y_eval, minimum):
    """train_digits gets the seed only; the network it returns is evaluated on X_eval, y_eval
    and must classify at least ``minimum`` of them correctly."""
    return [call("train_digits", seed)]


def _digits_hidden(gen):
    """A seed, and the 450 test images with Gaussian pixel noise (clipped to [0, 1]) in a random
    order, with their labels."""
    order = gen.permutation(len(Y_TEST))
    noisy = np.clip(X_TEST[order] + gen.normal(scale=NOISE, size=X_TEST.shape), 0.0, 1.0)
    return (int(gen.integers(1, 10**6)), noisy, Y_TEST[order], 0.95)


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
        id="q_train_digits", title="a digits classifier for every seed", points=5,
        steps=_digits_steps, outputs=[output(0, None, "trained network")], names=("train_digits",),
        public=[(0, X_TEST, Y_TEST, 0.97)],
        hidden=Hidden(_digits_hidden, n=1),
        property=Property("network_accuracy", X_from_arg=1, labels_from_arg=2, min_from_arg=3,
                          outputs=10, activation="relu", standardise=True, max_width=256),
        timeout=30,
    ),
]
