"""Checks for ex06_dense_backprop: a dense layer, a sigmoid layer, MSE, and a whole 2-layer net."""

import numpy as np

from bpgrade.authoring.spec import Hidden, Question, call, output, ref

EXERCISE = "ex06_dense_backprop"
TITLE = "Backprop in matrix form"
# bplib's versions of what this set asks for are unavailable while grading (solutions/README.md)
WITHHELD = ["dense_forward", "dense_backward", "sigmoid_forward", "sigmoid_backward",
            "mse_loss", "two_layer_grads", "Dense", "Sigmoid", "MSELoss"]


def _sizes(rng):
    return tuple(int(v) for v in rng.integers(1, 6, size=3))


def _dense_hidden(rng):
    n, d, m = _sizes(rng)
    return (rng.normal(size=(n, d)), rng.normal(size=(d, m)), rng.normal(size=m))


def _dense_backward_hidden(rng):
    x, w, b = _dense_hidden(rng)
    return (x, w, b, rng.normal(size=(x.shape[0], w.shape[1])))


def _dense_steps(x, w, b, dout):
    return [call("dense_forward", x, w, b), call("dense_backward", dout, ref(0, 1))]


def _sigmoid_hidden(rng):
    n, d, _ = _sizes(rng)
    return (rng.normal(scale=4.0, size=(n, d)), rng.normal(size=(n, d)))


def _sigmoid_steps(x, dout):
    return [call("sigmoid_forward", x), call("sigmoid_backward", dout, ref(0, 1))]


def _mse_hidden(rng):
    n, d, _ = _sizes(rng)
    return (rng.normal(size=(n, d)), rng.normal(size=(n, d)))


def _net_hidden(rng):
    n, d, h = _sizes(rng)
    return (rng.normal(size=(n, d)), rng.normal(size=(n, 1)), rng.normal(size=(d, h)),
            rng.normal(size=h), rng.normal(size=(h, 1)), rng.normal(size=1))


X0 = np.array([[1.0, -2.0, 0.5], [0.0, 1.0, -1.0]])
W0 = np.array([[0.2, -0.1], [0.4, 0.3], [-0.5, 0.1]])
B0 = np.array([0.1, -0.2])
DOUT0 = np.array([[1.0, 0.5], [-0.5, 2.0]])

QUESTIONS = [
    Question(
        id="q_dense_forward", title="dense_forward", points=2,
        steps=lambda x, w, b: [call("dense_forward", x, w, b)], outputs=[output(0, 0, "out")],
        names=("dense_forward",), exact_dtype=True, rtol=1e-5,
        public=[(X0, W0, B0), (X0[:1], W0, B0),
                (X0.astype(np.float32), W0.astype(np.float32), B0.astype(np.float32))],
        hidden=Hidden(_dense_hidden, n=5),
    ),
    Question(
        id="q_dense_backward", title="dense_backward", points=3, steps=_dense_steps,
        outputs=[output(1, 0, "dx"), output(1, 1, "dW"), output(1, 2, "db")],
        names=("dense_forward", "dense_backward"),
        public=[(X0, W0, B0, DOUT0), (X0[:1], W0, B0, DOUT0[:1])],
        hidden=Hidden(_dense_backward_hidden, n=5),
    ),
    Question(
        id="q_sigmoid_layer", title="sigmoid layer forward and backward", points=2,
        steps=_sigmoid_steps, outputs=[output(0, 0, "out"), output(1, None, "dx")],
        names=("sigmoid_forward", "sigmoid_backward"),
        public=[(np.array([[-1.0, 0.0, 2.0]]), np.array([[1.0, 1.0, 1.0]])),
                (np.array([[-40.0], [40.0]]), np.array([[0.5], [0.5]]))],
        hidden=Hidden(_sigmoid_hidden, n=5),
    ),
    Question(
        id="q_mse", title="mean squared error and its gradient", points=2, function="mse_loss",
        public=[(np.array([[0.5], [0.2]]), np.array([[1.0], [0.0]])),
                (np.array([[1.0, 2.0, 3.0]]), np.array([[1.0, 2.0, 3.0]]))],
        hidden=Hidden(_mse_hidden, n=5),
    ),
    Question(
        id="q_two_layer", title="gradients of a whole 2-layer network", points=3,
        function="two_layer_grads",
        public=[(X0, np.array([[1.0], [0.0]]), W0, B0, np.array([[0.3], [-0.2]]), np.array([0.05]))],
        hidden=Hidden(_net_hidden, n=5),
    ),
]
