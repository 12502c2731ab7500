"""Checks for ex02_losses: MSE, binary cross-entropy, a stable log-softmax, softmax cross-entropy."""

import numpy as np

from bpgrade.authoring.spec import Args, Hidden, Question
from bpgrade.authoring.stable_inputs import with_extreme_rows

EXERCISE = "ex02_losses"
TITLE = "Loss functions"
# bplib's versions of what this set asks for are unavailable while grading (solutions/README.md)
WITHHELD = ["mse_loss", "binary_cross_entropy", "log_softmax", "softmax_cross_entropy",
            "softmax", "sigmoid_binary_cross_entropy", "MSELoss", "BCELoss",
            "BCEWithLogitsLoss", "SoftmaxCrossEntropyLoss"]


DIFFICULTY = {"q_mse": 1, "q_bce": 2, "q_log_softmax": 3, "q_softmax_ce": 2}


def _any_shape(gen):
    ndim = int(gen.integers(1, 3))
    return tuple(int(n) for n in gen.integers(1, 6, size=ndim))


def _mse_hidden(gen):
    shape = _any_shape(gen)
    return (gen.normal(scale=3.0, size=shape), gen.normal(scale=3.0, size=shape))


def _bce_hidden(gen):
    shape = _any_shape(gen)
    logits = np.clip(gen.normal(scale=6.0, size=shape), -30.0, 30.0)
    probabilities = 1.0 / (1.0 + np.exp(-logits))
    if gen.random() < 0.5:
        targets = gen.integers(0, 2, size=shape).astype(np.float64)
    else:
        targets = gen.uniform(0.0, 1.0, size=shape)
    return (probabilities, targets)


def _logit_matrix(gen):
    n_rows, n_classes = (int(v) for v in gen.integers(1, 6, size=2))
    scale = float(gen.choice([1.0, 50.0, 1000.0]))
    return gen.normal(scale=scale, size=(n_rows, n_classes))


def _extreme_logits(gen):
    """Logits beyond exp's range (see stable_inputs): only the max shift gets them right."""
    n_rows, n_classes = int(gen.integers(3, 6)), int(gen.integers(2, 6))
    return with_extreme_rows(gen, gen.normal(size=(n_rows, n_classes)))


def _labels(gen, logits):
    return gen.integers(0, logits.shape[1], size=logits.shape[0])


def _log_softmax_hidden(gen):
    return (_logit_matrix(gen),)


def _log_softmax_extreme_hidden(gen):
    return (_extreme_logits(gen)[0],)


def _softmax_ce_hidden(gen):
    logits = _logit_matrix(gen)
    return (logits, _labels(gen, logits))


def _softmax_ce_extreme_hidden(gen):
    logits, (row, low) = _extreme_logits(gen)
    labels = _labels(gen, logits)
    labels[row] = low                  # its probability underflows to 0: -log(softmax) gives inf
    return (logits, labels)


QUESTIONS = [
    Question(
        id="q_mse", title="mean squared error", points=2, function="mse_loss",
        public=[Args((np.array([[0.5], [2.0], [-1.0]]), np.array([[1.0], [0.0], [-1.0]])),
                     name="public 1: a column (N, 1)"),
                Args((np.array([[1.0, -2.0, 3.0, 0.25]]), np.array([[0.0, 0.0, 3.5, 0.25]])),
                     name="public 2: one row (1, D)"),
                Args((np.array([0.1, 0.2, 0.3, 0.4, 0.5]), np.array([0.5, 0.4, 0.3, 0.2, 0.1])),
                     name="public 3: a vector (N,)"),
                Args((np.array([[1.0, 2.0, 3.0], [0.0, -1.0, 0.5]]), np.array([[0.5, 2.0, 1.0], [1.0, 1.0, 0.5]])),
                     name="public 4 (N = 2, K = 3, pred ≠ y: the mean is over all N·K entries; "
                          "dividing by N only, len(pred), gives a loss and a gradient K = 3 times too large)"),
                Args((np.array([[2.0], [0.0], [1.0], [-1.0]]), np.array([[1.0], [0.0], [0.0], [1.0]])),
                     name="public 5 (N = 4, one column: the loss is a mean, not a sum; np.sum gives a "
                          "loss and a gradient N = 4 times too large)")],
        hidden=Hidden(_mse_hidden, n=6),
    ),
    Question(
        id="q_bce", title="binary cross-entropy", points=2, function="binary_cross_entropy",
        public=[Args((np.array([0.9]), np.array([0.0])), name="public 1: p = 0.9, y = 0"),
                Args((np.array([[0.2], [0.7], [0.5]]), np.array([[1.0], [1.0], [0.0]])),
                     name="public 2: a column (N, 1)"),
                Args((np.array([[1e-9, 1.0 - 1e-9, 0.3], [0.6, 0.999999, 0.01]]),
                      np.array([[1.0, 0.0, 0.25], [0.6, 1.0, 0.0]])),
                     name="public 3: p near 0 and 1, soft targets")],
        hidden=Hidden(_bce_hidden, n=6),
    ),
    Question(
        id="q_log_softmax", title="stable log-softmax", points=3, function="log_softmax",
        no_warnings=True, warning_hint="a stable log-softmax subtracts each row's max before exp, so exp "
                                       "never overflows and log never sees 0",
        public=[Args((np.array([[1.0, 2.0, 3.0], [0.5, -0.5, 0.0]]),), name="public 1: small logits"),
                Args((np.array([[1000.0, 0.0]]),), name="public 2: [1000, 0]"),
                Args((np.array([[-1000.0, 1000.0, 0.0], [-1000.0, -1000.0, -1000.0]]),),
                     name="public 3: logits of ±1000"),
                Args((np.array([[3.0], [-700.0], [800.0]]),), name="public 4: one class (N, 1)"),
                Args((np.array([[1.0, 2.0, 3.0], [-5.0, 0.0, 5.0], [10.0, 10.0, 10.0]]),),
                     name="public 5 (a square batch (3, 3): the row max and the row sum need "
                          "keepdims=True; without it they broadcast along the wrong axis, silently "
                          "when N = C)")],
        hidden=[Hidden(_log_softmax_hidden, n=6), Hidden(_log_softmax_extreme_hidden, n=2)],
    ),
    Question(
        id="q_softmax_ce", title="softmax cross-entropy", points=3, function="softmax_cross_entropy",
        public=[Args((np.array([[2.0, 1.0, 0.1], [0.5, 2.5, -1.0], [0.0, 0.0, 0.0], [1.0, -1.0, 3.0]]),
                      np.array([0, 1, 2, 2])), name="public 1: four examples, three classes"),
                Args((np.array([[1000.0, 0.0]]), np.array([1])), name="public 2: [1000, 0] with label 1"),
                Args((np.zeros((3, 10)), np.array([0, 4, 9])), name="public 3: equal logits (loss ln 10)"),
                Args((np.array([[-1000.0, 1000.0, 0.0], [500.0, -500.0, 499.0], [1000.0, 999.0, 998.0],
                                [-1000.0, -999.0, -998.0]]), np.array([1, 2, 0, 1])),
                     name="public 4 (logits of ±1000, close together in rows 3 and 4: subtract each row's "
                          "max before exp; clipping the logits changes the answer)")],
        hidden=[Hidden(_softmax_ce_hidden, n=6), Hidden(_softmax_ce_extreme_hidden, n=2)],
    ),
]
