"""Checks for ex07_training_xor: the gradients of a D-H-1 sigmoid MLP with MSE — by backprop: two
hidden cases have 50,501 parameters and a budget of 2 seconds per call, which finite differences
(one forward pass per parameter) cannot meet —, one training step (no input modified), and a training
procedure that solves a Boolean function of two inputs for any seed. ``train_xor`` returns the
trained parameters; the grader evaluates that network itself, on the four corners and on points
near them that the learner's code never receives, and the hidden cases train other Boolean
functions (XNOR, AND, OR, NAND, NOR), so returning ``y`` or any labels scores nothing."""

import numpy as np

from bpgrade.authoring.spec import ALL_OR_NOTHING, Args, Hidden, Property, Question, call, output

EXERCISE = "ex07_training_xor"
TITLE = "Training an MLP on XOR"
# bplib's versions of what this set asks for are unavailable while grading (solutions/README.md)
WITHHELD = ["mlp_gradients", "train_step", "train_xor"]

DIFFICULTY = {"q_gradients": 3, "q_train_step": 2, "q_train_xor": 3}

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


def _large_network(gen):
    """A 200-250-1 network (50,501 parameters) on 128 examples: backprop needs a few milliseconds,
    finite differences 50,501 forward passes of about a millisecond each (a minute or more)."""
    d, h, n = 200, 250, 128
    return (gen.normal(scale=0.1, size=(d, h)), gen.normal(scale=0.1, size=h),
            gen.normal(scale=0.1, size=(h, 1)), gen.normal(scale=0.1, size=1),
            gen.normal(size=(n, d)), gen.random(size=(n, 1)))


def _budget_message(args, seconds):
    n_params = sum(np.size(a) for a in args[:4])
    return (f"this question needs gradients by backprop: your function took longer than the budget "
            f"of {seconds:g} s on a network with {n_params:,} parameters; finite differences need "
            "one forward pass per parameter")


BOOLEAN = {"XOR": [0, 1, 1, 0], "XNOR": [1, 0, 0, 1], "AND": [0, 0, 0, 1], "OR": [0, 1, 1, 1],
           "NAND": [1, 1, 1, 0], "NOR": [1, 0, 0, 0]}
JITTER = 0.1        # evaluation points lie within this distance (per coordinate) of a corner


def _evaluation(labels, gen):
    """The four corners and eight points near each (never sent to the learner's code), labelled
    like their corner."""
    near = np.repeat(XOR_X, 8, axis=0) + gen.uniform(-JITTER, JITTER, size=(32, 2))
    return np.vstack([XOR_X, near]), np.concatenate([labels, np.repeat(labels, 8)])


def _train_steps(X, y, seed, X_eval, y_eval):
    """train_xor sees X, y and the seed only; the network it returns is evaluated on X_eval."""
    return [call("train_xor", X, y, seed)]


def _xor_hidden(gen):
    """Another Boolean function of two inputs (XNOR, AND, OR, NAND or NOR), its four rows in a
    random order, a seed, and evaluation points near the corners."""
    name = ["XNOR", "AND", "OR", "NAND", "NOR"][int(gen.integers(5))]
    order = gen.permutation(4)
    labels = np.array(BOOLEAN[name])
    X_eval, y_eval = _evaluation(labels, gen)
    return Args((XOR_X[order], labels[order], int(gen.integers(1, 10**6)), X_eval, y_eval))


_PUBLIC_EVAL = _evaluation(XOR_LABELS, np.random.default_rng(7))


# The 2-3-1 network of notebook 07 on XOR, and a 1-sample, 1-input, 1-hidden-unit edge case.
_W1 = np.array([[0.5, -0.4, 0.3], [0.2, 0.6, -0.7]])
_b1 = np.array([0.1, 0.0, -0.1])
_W2 = np.array([[0.8], [-0.5], [0.3]])
_b2 = np.array([0.05])
_EDGE = (np.array([[2.0]]), np.array([-1.0]), np.array([[3.0]]), np.array([0.5]), np.array([[1.5]]), np.array([[0.0]]))

QUESTIONS = [
    Question(
        id="q_gradients", title="loss and gradients, by backprop", points=4, function="mlp_gradients",
        public=[(_W1, _b1, _W2, _b2, XOR_X, XOR_Y), _EDGE],
        hidden=[Hidden(_gradients_hidden, n=6), Hidden(_large_network, n=2, gate=True)],
        timeout=2, timeout_message=_budget_message,
    ),
    Question(
        id="q_train_step", title="one training step", points=3, function="train_step",
        public=[(_W1, _b1, _W2, _b2, XOR_X, XOR_Y, 0.5), _EDGE + (2.0,)],
        hidden=Hidden(_step_hidden, n=6),
    ),
    Question(
        id="q_train_xor", title="train a network that solves XOR for every seed", points=4,
        steps=_train_steps, outputs=[output(0, None, "trained parameters")], names=("train_xor",),
        public=[Args((XOR_X, XOR_LABELS, 0) + _PUBLIC_EVAL, name="public 1: XOR, seed 0")],
        hidden=Hidden(_xor_hidden, n=3),
        property=Property("network_accuracy", X_from_arg=3, labels_from_arg=4, min=1.0, outputs=1,
                          activation="tanh", max_width=64),
        scoring=ALL_OR_NOTHING,     # a recipe that works for the public function only is no recipe
        timeout=10,
    ),
]
