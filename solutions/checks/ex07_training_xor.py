"""Checks for ex07_training_xor: the gradients of a D-H-1 sigmoid MLP with MSE, one training step
(no input modified), and a training procedure that solves XOR for any seed (graded by property:
each case's own labels, so the hidden cases — XOR's rows in another order, or XNOR — are not
answered by the public case's labels)."""

import numpy as np

from bpgrade.authoring.spec import Hidden, Property, Question

EXERCISE = "ex07_training_xor"
TITLE = "Training an MLP on XOR"
# bplib's versions of what this set asks for are unavailable while grading (solutions/README.md)
WITHHELD = ["mlp_gradients", "train_step", "train_xor"]

XOR_X = np.array([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]])
XOR_Y = np.array([[0.0], [1.0], [1.0], [0.0]])
XOR_LABELS = np.array([0, 1, 1, 0])


def _network(gen):
    """Random (W1, b1, W2, b2, X, y) of random sizes N, D, H."""
    n, d, h = (int(v) for v in gen.integers(1, 7, size=3))
    W1 = gen.normal(size=(d, h))
    b1 = gen.normal(scale=0.5, size=h)
    W2 = gen.normal(size=(h, 1))
    b2 = gen.normal(scale=0.5, size=1)
    if gen.random() < 0.5:
        X = gen.integers(0, 2, size=(n, d)).astype(float)
        y = gen.integers(0, 2, size=(n, 1)).astype(float)
    else:
        X = gen.normal(size=(n, d))
        y = gen.random(size=(n, 1))
    return W1, b1, W2, b2, X, y


def _gradients_hidden(gen):
    return _network(gen)


def _step_hidden(gen):
    return _network(gen) + (float(gen.uniform(0.01, 5.0)),)


def _xor_hidden(gen):
    """The four XOR points in another order, with XOR's labels or the opposite ones (XNOR), and a
    seed; never the public labels [0, 1, 1, 0], so a function returning them fails every one."""
    while True:
        order = gen.permutation(4)
        labels = XOR_LABELS[order] if gen.random() < 0.5 else 1 - XOR_LABELS[order]
        if not np.array_equal(labels, XOR_LABELS):
            return (XOR_X[order], labels, int(gen.integers(1, 10**6)))


# The 2-3-1 network of notebook 07 on XOR, and a 1-sample, 1-input, 1-hidden-unit edge case.
_W1 = np.array([[0.5, -0.4, 0.3], [0.2, 0.6, -0.7]])
_b1 = np.array([0.1, 0.0, -0.1])
_W2 = np.array([[0.8], [-0.5], [0.3]])
_b2 = np.array([0.05])
_EDGE = (np.array([[2.0]]), np.array([-1.0]), np.array([[3.0]]), np.array([0.5]), np.array([[1.5]]), np.array([[0.0]]))

QUESTIONS = [
    Question(
        id="q_gradients", title="loss and gradients", points=4, function="mlp_gradients",
        public=[(_W1, _b1, _W2, _b2, XOR_X, XOR_Y), _EDGE],
        hidden=Hidden(_gradients_hidden, n=6),
    ),
    Question(
        id="q_train_step", title="one training step", points=3, function="train_step",
        public=[(_W1, _b1, _W2, _b2, XOR_X, XOR_Y, 0.5), _EDGE + (2.0,)],
        hidden=Hidden(_step_hidden, n=6),
    ),
    Question(
        id="q_train_xor", title="solve XOR for every seed", points=4, function="train_xor",
        public=[(XOR_X, XOR_LABELS, 0)],
        hidden=Hidden(_xor_hidden, n=3),
        property=Property("accuracy_at_least", labels_from_arg=1, min=1.0),     # the case's own y
        timeout=10,
    ),
]
