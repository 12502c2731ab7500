"""Checks for ex09_init_regularisation: He and Xavier initialisation (exact values for the
documented generator calls), per-layer gradient norms of a deep tanh or sigmoid network, the L2 penalty and
its gradient, and inverted dropout forward and backward (bplib's mask rule)."""

import numpy as np

from bpgrade.authoring.spec import Hidden, Question, call, output, ref

EXERCISE = "ex09_init_regularisation"
TITLE = "Initialisation and regularisation"
# bplib's versions of what this set asks for are unavailable while grading (solutions/README.md)
WITHHELD = ["xavier_uniform", "he_normal", "initialise", "dropout_forward", "dropout_backward",
            "Dropout", "l2_penalty_and_grad", "layer_gradient_norms"]


DIFFICULTY = {"q_init": 2, "q_depth": 3, "q_l2": 1, "q_dropout": 2}


def _shape(gen):
    ndim = int(gen.integers(1, 4))
    return tuple(int(n) for n in gen.integers(1, 6, size=ndim))


# ---- initialisation ---------------------------------------------------------------------------

def _init_steps(n_in, n_out, seed):
    return [call("he_normal", n_in, n_out, seed), call("xavier_uniform", n_in, n_out, seed)]


def _init_hidden(gen):
    n_in, n_out = (int(v) for v in gen.integers(1, 9, size=2))
    return (n_in, n_out, int(gen.integers(2**31)))


# ---- gradient norms ---------------------------------------------------------------------------

def _depth_hidden(gen):
    layers, width, n = int(gen.integers(1, 7)), int(gen.integers(2, 7)), int(gen.integers(1, 6))
    scale = gen.uniform(0.3, 2.5) / np.sqrt(width)
    activation = ("tanh", "sigmoid")[int(gen.integers(2))]
    return (gen.normal(size=(n, width)), scale * gen.normal(size=(layers, width, width)),
            gen.normal(size=(n, width)), activation)


_gen = np.random.default_rng(9)
_DEPTH_PUBLIC = [
    (np.array([[1.0, -0.5], [0.25, 2.0]]),
     np.array([[[0.5, -0.3], [0.8, 0.1]], [[-0.6, 0.4], [0.2, 0.9]], [[0.7, 0.0], [-0.4, 0.5]]]),
     np.array([[1.0, 0.0], [0.0, -1.0]])),
    (_gen.normal(size=(1, 3)), 0.5 * _gen.normal(size=(1, 3, 3)), _gen.normal(size=(1, 3))),
]
_DEPTH_PUBLIC.append(_DEPTH_PUBLIC[0] + ("sigmoid",))


# ---- L2 ---------------------------------------------------------------------------------------

def _l2_hidden(gen):
    return (gen.normal(scale=3.0, size=_shape(gen)), float(10.0 ** gen.uniform(-4, 0)))


# ---- dropout ----------------------------------------------------------------------------------

def _dropout_steps(x, p, seed, dout):
    return [call("dropout_forward", x, p, seed), call("dropout_backward", dout, ref(0, 1))]


def _dropout_hidden(gen):
    shape = _shape(gen)
    p = 0.0 if gen.random() < 0.15 else float(gen.uniform(0.05, 0.9))
    return (gen.normal(size=shape), p, int(gen.integers(2**31)), gen.normal(size=shape))


QUESTIONS = [
    Question(
        id="q_init", title="He and Xavier initialisation", points=2,
        steps=_init_steps, outputs=[output(0, None, "he_normal"), output(1, None, "xavier_uniform")],
        names=("he_normal", "xavier_uniform"),
        public=[(3, 2, 0), (1, 1, 42), (64, 10, 7)],
        hidden=Hidden(_init_hidden, n=5),
    ),
    Question(
        id="q_depth", title="gradient norms through a deep network", points=3,
        function="layer_gradient_norms",
        public=_DEPTH_PUBLIC,
        hidden=Hidden(_depth_hidden, n=6),
    ),
    Question(
        id="q_l2", title="L2 penalty and gradient", points=2, function="l2_penalty_and_grad",
        public=[(np.array([[1.0, -2.0], [3.0, 0.5]]), 0.1), (np.array([4.0]), 0.0),
                (np.array([[0.5], [-0.25], [2.0]]), 1e-3)],
        hidden=Hidden(_l2_hidden, n=6),
    ),
    Question(
        id="q_dropout", title="inverted dropout", points=4,
        steps=_dropout_steps,
        outputs=[output(0, 0, "out"), output(0, 1, "mask"), output(1, None, "dx")],
        names=("dropout_forward", "dropout_backward"),
        public=[(np.array([[1.0, -2.0, 3.0, 0.5], [0.25, 4.0, -1.0, 2.0]]), 0.5, 0,
                 np.array([[0.1, 0.2, 0.3, 0.4], [0.5, 0.6, 0.7, 0.8]])),
                (np.array([[1.0], [2.0], [3.0]]), 0.0, 1, np.array([[1.0], [1.0], [1.0]])),
                (np.arange(6.0), 0.8, 123, np.ones(6))],
        hidden=Hidden(_dropout_hidden, n=6),
    ),
]
