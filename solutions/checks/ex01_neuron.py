"""Checks for ex01_neuron: activations, a neuron's forward pass and a hand-made AND gate."""

import numpy as np

from bpgrade.authoring.spec import Args, Hidden, Property, Question, call, output, ref
from bpgrade.authoring.stable_inputs import with_subnormal_sigmoid

EXERCISE = "ex01_neuron"
TITLE = "The neuron"
# bplib's versions of what this set asks for are unavailable while grading (solutions/README.md)
WITHHELD = ["sigmoid", "sigmoid_forward", "relu_forward", "relu_backward", "neuron_forward",
            "and_gate"]

DIFFICULTY = {"q_sigmoid": 2, "q_relu": 2, "q_neuron": 1, "q_and": 1}

AND_INPUTS = [[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]]
AND_LABELS = [0, 0, 0, 1]


def _random_array(rng):
    ndim = int(rng.integers(1, 3))
    shape = tuple(int(n) for n in rng.integers(1, 6, size=ndim))
    return rng.normal(scale=5.0, size=shape)


def _sigmoid_hidden(rng):
    return (_random_array(rng),)


def _sigmoid_tiny_hidden(rng):
    z, _ = with_subnormal_sigmoid(rng, _random_array(rng))             # see public 3
    return (z,)


def _relu_hidden(rng):
    x = _random_array(rng)
    return (x, rng.normal(size=x.shape))


def _relu_steps(x, dout):
    return [call("relu_forward", x), call("relu_backward", dout, ref(0, 1))]


def _neuron_hidden(rng):
    n, d = (int(v) for v in rng.integers(1, 6, size=2))
    activation = ("sigmoid", "tanh", "relu")[int(rng.integers(3))]
    return Args((rng.normal(size=(n, d)), rng.normal(size=d), float(rng.normal())),
                {"activation": activation})


QUESTIONS = [
    Question(
        id="q_sigmoid", title="sigmoid", points=2, function="sigmoid", no_warnings=True,
        # Relative comparison only: sigmoid(z) for z in [-720, -710] is a subnormal number (about
        # 1e-313 to 1e-308, still 10 significant digits) that 1/(1+exp(-z)) returns as 0, whatever
        # warnings the learner's code hides. Every stable formula agrees there to 1e-10.
        atol=0.0,
        warning_hint="a numerically stable sigmoid never computes exp of a large positive number "
                     "(1/(1+exp(-z)) does for very negative z, exp(z)/(1+exp(z)) for very positive z)",
        public=[Args((np.array([-2.0, 0.0, 3.0]),), name="public 1"),
                Args((np.array([[-800.0, 0.5], [40.0, 800.0]]),),
                     name="public 2 (z = ±800: exp of a large number overflows to inf; "
                          "exp(z) / (1 + exp(z)) gives inf / inf = NaN at z = 800 — call exp only on "
                          "numbers <= 0)"),
                Args((np.array([-710.5, -715.0, -720.0]),),
                     name="public 3 (z = -720: sigmoid(z) = exp(-720) ≈ 2.0e-313, tiny but not 0; "
                          "1/(1+exp(720)) gives 0 because exp(720) overflows to inf, and hiding the "
                          "overflow warning does not change that value)")],
        hidden=[Hidden(_sigmoid_hidden, n=5), Hidden(_sigmoid_tiny_hidden, n=1)],
    ),
    Question(
        id="q_relu", title="ReLU forward and backward", points=3,
        steps=_relu_steps, outputs=[output(0, 0, "out"), output(1, None, "dx")],
        names=("relu_forward", "relu_backward"),
        public=[Args((np.array([[-1.0, 2.0, 0.5], [3.0, -0.5, -2.0]]),
                      np.array([[0.1, 0.2, 0.3], [0.4, 0.5, 0.6]])), name="public 1"),
                Args((np.array([[0.0, 1e-300, -1e-300, 0.0]]), np.array([[1.0, 2.0, 3.0, 4.0]])),
                     name="public 2 (x = 0: the course takes ReLU'(0) = 0, the mask x > 0, "
                          "not x >= 0)")],
        hidden=Hidden(_relu_hidden, n=5),
    ),
    Question(
        id="q_neuron", title="a neuron's forward pass", points=2, function="neuron_forward",
        public=[Args((np.array([[1.0, 2.0], [0.0, -1.0], [0.5, 0.5]]), np.array([0.5, -0.25]), 0.1)),
                Args((np.array([[1.0, 2.0], [0.0, -1.0]]), np.array([0.5, -0.25]), -0.2),
                     {"activation": "relu"})],
        hidden=Hidden(_neuron_hidden, n=6),
    ),
    Question(
        id="q_and", title="weights for AND", points=1, function="and_gate",
        public=[()],
        property=Property("threshold_classifier", X=AND_INPUTS, y=AND_LABELS),
        all_or_nothing=True,
    ),
]
