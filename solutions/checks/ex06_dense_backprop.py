"""Checks for ex06_dense_backprop: a dense layer, a sigmoid layer, MSE, a whole 2-layer net, softmax as a
layer whose backward pass is a vector-Jacobian product, and the learner's own gradient check."""

import numpy as np

from bpgrade.authoring.spec import Args, Hidden, Question, call, output, ref
from bpgrade.authoring.stable_inputs import with_extreme_rows, with_subnormal_sigmoid

EXERCISE = "ex06_dense_backprop"
TITLE = "Backprop in matrix form"
# bplib's versions of what this set asks for are unavailable while grading (solutions/README.md)
WITHHELD = ["dense_forward", "dense_backward", "sigmoid_forward", "sigmoid_backward",
            "mse_loss", "two_layer_grads", "Dense", "Sigmoid", "MSELoss", "softmax_forward",
            "softmax_backward", "softmax", "numerical_grads", "relative_errors"]


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


def _sigmoid_tiny_hidden(rng):
    x, dout = _sigmoid_hidden(rng)
    x, i = with_subnormal_sigmoid(rng, x)  # one subnormal sigmoid, made visible in dx (see public 3)
    dout.flat[i] = 1e308
    return (x, dout)


def _sigmoid_steps(x, dout):
    return [call("sigmoid_forward", x), call("sigmoid_backward", dout, ref(0, 1))]


def _mse_hidden(rng):
    n, d, _ = _sizes(rng)
    return (rng.normal(size=(n, d)), rng.normal(size=(n, d)))


def _net_hidden(rng):
    n, d, h = _sizes(rng)
    return (rng.normal(size=(n, d)), rng.normal(size=(n, 1)), rng.normal(size=(d, h)),
            rng.normal(size=h), rng.normal(size=(h, 1)), rng.normal(size=1))


DIFFICULTY = {"q_dense_forward": 1, "q_dense_backward": 2, "q_sigmoid_layer": 2, "q_mse": 1,
              "q_two_layer": 3, "q_softmax_layer": 4, "q_gradcheck": 2}


def _softmax_steps(z, dout):
    return [call("softmax_forward", z), call("softmax_backward", dout, ref(0, 1))]


def _softmax_hidden(rng):
    # Large enough that the N Jacobians of shape (C, C) would need more than 2.5 GB (the sandbox
    # allows 2 GB), while the vector-Jacobian product needs a few arrays of N * C numbers (under
    # 1.6 MB each; the results must also fit the grader's 16 MB limit on what a case sends back).
    n, c = int(rng.integers(48, 65)), int(rng.integers(2560, 3073))
    z = rng.normal(scale=float(rng.choice([1.0, 10.0, 300.0])), size=(n, c))
    return (with_extreme_rows(rng, z)[0], rng.normal(size=(n, c)))   # see public 3


def _cross_entropy_dout(z, y):
    """dL/dp of L = -mean_n log p[n, y_n] at p = softmax(z): -onehot(y) / (N p)."""
    p = np.exp(z - z.max(axis=1, keepdims=True))
    p /= p.sum(axis=1, keepdims=True)
    dout = np.zeros(z.shape)
    rows = np.arange(len(y))
    dout[rows, y] = -1.0 / (len(y) * p[rows, y])
    return dout


def _gradcheck_steps(X, y, W1, b1, W2, b2, a, b):
    return [call("numerical_grads", X, y, W1, b1, W2, b2), call("relative_errors", a, b)]


def _gradcheck_hidden(rng):
    net = _net_hidden(rng)
    shape = tuple(int(v) for v in rng.integers(1, 5, size=2))
    a = rng.normal(size=shape)
    b = a * (1.0 + rng.normal(scale=1e-3, size=shape))
    b[rng.random(shape) < 0.2] = 0.0
    return net + (a, b)


SIGMOID_HINT = ("a numerically stable sigmoid never computes exp of a large positive number "
                "(1/(1+exp(-x)) does for very negative x, exp(x)/(1+exp(x)) for very positive x)")

Z_CE = np.array([[2.0, 1.0, 0.1], [0.5, 2.5, -1.0]])

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
        public=[Args((X0, W0, B0, DOUT0),
                     name="public 1 (db has the shape of b, (n_out,): sum over the batch axis without "
                          "keepdims; keepdims=True gives (1, n_out))"),
                Args((X0[:1], W0, B0, DOUT0[:1]), name="public 2 (one example, N = 1)")],
        hidden=Hidden(_dense_backward_hidden, n=5),
    ),
    Question(
        id="q_sigmoid_layer", title="sigmoid layer forward and backward", points=2,
        steps=_sigmoid_steps, outputs=[output(0, 0, "out"), output(1, None, "dx")],
        names=("sigmoid_forward", "sigmoid_backward"), no_warnings=True, warning_hint=SIGMOID_HINT,
        public=[(np.array([[-1.0, 0.0, 2.0]]), np.array([[1.0, 1.0, 1.0]])),
                Args((np.array([[-40.0, -1000.0], [40.0, 1000.0]]), np.array([[0.5, 1.0], [0.5, 1.0]])),
                     name="public 2 (x = ±1000: exp(1000) overflows; a stable sigmoid calls exp only on "
                          "numbers <= 0 and raises no warning)"),
                Args((np.array([[-710.5, -720.0]]), np.array([[1e308, 1e308]])),
                     name="public 3 (x = -720: sigmoid(x) = exp(-720) ≈ 2.0e-313, tiny but not 0, and "
                          "dout = 1e308 makes it visible: dx ≈ 2.0e-5; 1/(1+exp(720)) gives 0 because "
                          "exp(720) overflows, and hiding the overflow warning does not change that)")],
        hidden=[Hidden(_sigmoid_hidden, n=4), Hidden(_sigmoid_tiny_hidden, n=1)],
    ),
    Question(
        id="q_mse", title="mean squared error and its gradient", points=2, function="mse_loss",
        public=[Args((np.array([[0.5], [0.2]]), np.array([[1.0], [0.0]])), name="public 1"),
                Args((np.array([[1.0, 2.0, 3.0]]), np.array([[1.0, 2.0, 3.0]])), name="public 2 (pred = y)"),
                Args((np.array([[1.0, 2.0, 3.0], [0.0, -1.0, 0.5]]), np.array([[0.5, 2.0, 1.0], [1.0, 1.0, 0.5]])),
                     name="public 3 (N = 2, K = 3, pred ≠ y: the mean is over all N·K entries; dividing "
                          "by N only gives a loss and a gradient K = 3 times too large)")],
        hidden=Hidden(_mse_hidden, n=5),
    ),
    Question(
        id="q_two_layer", title="gradients of a whole 2-layer network", points=3,
        function="two_layer_grads",
        public=[(X0, np.array([[1.0], [0.0]]), W0, B0, np.array([[0.3], [-0.2]]), np.array([0.05]))],
        hidden=Hidden(_net_hidden, n=5),
    ),
    Question(
        id="q_softmax_layer", title="softmax as a layer: the vector-Jacobian product", points=4,
        steps=_softmax_steps, outputs=[output(0, 0, "p"), output(1, None, "dz")],
        names=("softmax_forward", "softmax_backward"), timeout=10, no_warnings=True,
        warning_hint="a stable softmax subtracts each row's max before exp, so exp never overflows",
        public=[Args((np.array([[1.0, 2.0, 3.0], [0.5, -0.5, 0.0]]), np.array([[0.2, -1.0, 0.5], [1.0, 0.0, -2.0]])),
                     name="public 1: two rows, three classes"),
                Args((Z_CE, _cross_entropy_dout(Z_CE, np.array([0, 2]))),
                     name="public 2 (dout = the cross-entropy's gradient -onehot(y) / (N p): dz must be "
                          "(p - onehot(y)) / N, notebook 06's fused gradient)"),
                Args((np.array([[1000.0, 0.0, -1000.0], [1000.0, 999.0, 998.0], [-1000.0, -999.0, -998.0]]),
                      np.array([[1.0, 2.0, 3.0], [1.0, 2.0, 3.0], [1.0, 2.0, 3.0]])),
                     name="public 3 (logits of ±1000, close together in rows 2 and 3: subtract each row's "
                          "max before exp; clipping z changes the answer)"),
                Args((np.array([[0.3, -0.3], [2.0, 2.0], [-1.0, 4.0]]), np.ones((3, 2))),
                     name="public 4 (dout the same in every entry of a row: dz = 0, since the "
                          "probabilities always sum to 1; the row sum needs keepdims=True)"),
                Args((np.array([[0.5], [-3.0]]), np.array([[2.0], [1.0]])), name="public 5: one class (N, 1)")],
        hidden=Hidden(_softmax_hidden, n=3),
    ),
    Question(
        id="q_gradcheck", title="your own gradient check", points=2,
        steps=_gradcheck_steps, outputs=[output(0, None, "numerical gradients"), output(1, None, "relative errors")],
        names=("numerical_grads", "relative_errors"), rtol=1e-5, atol=1e-7,
        public=[Args((X0, np.array([[1.0], [0.0]]), W0, B0, np.array([[0.3], [-0.2]]), np.array([0.05]),
                      np.array([[1.0, -2.0], [0.0, 3e-9]]), np.array([[1.001, -1.0], [0.0, 1e-9]])),
                     name="public 1 (a 0 in both arrays has relative error 0, not NaN)")],
        hidden=Hidden(_gradcheck_hidden, n=4),
    ),
]
