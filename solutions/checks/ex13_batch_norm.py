"""Checks for ex13_batch_norm: batch normalisation forward (train and eval mode, running statistics),
its backward pass through the graph and in closed form, and layer normalisation forward and backward."""

import numpy as np

from bpgrade.authoring.spec import Args, Hidden, Question, call, output, ref

EXERCISE = "ex13_batch_norm"
TITLE = "Batch normalisation"
# bplib's versions of what this set asks for are unavailable while grading (solutions/README.md)
WITHHELD = ["batchnorm_forward", "batchnorm_backward", "batchnorm_backward_graph", "BatchNorm",
            "layernorm_forward", "layernorm_backward"]

# Difficulty of each question, 1 (translate a formula of the lecture) to 5 (derive what no lecture
# page writes down); listed in solutions/README.md.
DIFFICULTY = {"q_bn_forward": 3, "q_bn_backward_graph": 4, "q_bn_backward_closed": 5, "q_layernorm": 4}


def _bn_forward_steps(x, gamma, beta, running_mean, running_var, mode="train", momentum=0.9):
    return [call("batchnorm_forward", x, gamma, beta, running_mean, running_var, mode=mode, momentum=momentum)]


def _bn_case(gen, n, d, dtype=np.float64):
    arrays = (gen.normal(loc=gen.normal(size=d), scale=gen.uniform(0.5, 3.0, size=d), size=(n, d)),
              gen.normal(size=d), gen.normal(size=d), gen.normal(size=d), gen.uniform(0.5, 2.0, size=d))
    return tuple(a.astype(dtype) for a in arrays)


def _bn_forward_hidden(gen):
    n, d = (int(v) for v in gen.integers(2, 7, size=2))
    mode = "train" if gen.random() < 0.6 else "eval"
    return Args(_bn_case(gen, n, d), {"mode": mode, "momentum": float(gen.uniform(0.5, 0.99))})


def _bn_backward_steps(function):
    def steps(x, gamma, beta, running_mean, running_var, dout, mode="train"):
        return [call("batchnorm_forward", x, gamma, beta, running_mean, running_var, mode=mode),
                call(function, dout, ref(0, 3))]
    return steps


def _bn_backward_hidden(gen):
    n, d = (int(v) for v in gen.integers(2, 7, size=2))
    return _bn_case(gen, n, d) + (gen.normal(size=(n, d)),)


def _ln_steps(x, gamma, beta, dout):
    return [call("layernorm_forward", x, gamma, beta), call("layernorm_backward", dout, ref(0, 1))]


def _ln_hidden(gen):
    n, d = int(gen.integers(1, 7)), int(gen.integers(2, 7))
    return (gen.normal(loc=1.0, scale=2.0, size=(n, d)), gen.normal(size=d), gen.normal(size=d),
            gen.normal(size=(n, d)))


_r = np.random.default_rng(13)
BN0 = tuple(np.round(a, 2) for a in _bn_case(_r, 4, 3))                    # N = 4 != D = 3
DOUT0 = np.round(_r.normal(size=(4, 3)), 2)
TWO_ROWS = (np.array([[1.0, -2.0, 0.5], [3.0, 0.0, 1.5]]),) + BN0[1:]     # N = 2: N vs N - 1 shows most
TINY_VAR = (np.array([[1.0, 2.0], [1.001, -1.0], [1.0005, 0.5]]), np.ones(2), np.zeros(2), np.zeros(2), np.ones(2))
FAR_RUNNING = (BN0[0], BN0[1], BN0[2], np.array([10.0, -10.0, 5.0]), np.array([4.0, 0.25, 9.0]))
COLUMN = (np.array([[1.0], [2.0], [4.0]]), np.array([2.0]), np.array([-1.0]), np.array([0.5]), np.array([2.0]))
SQUARE = tuple(np.round(a, 2) for a in (_r.normal(loc=1.0, scale=2.0, size=(3, 3)), _r.normal(size=3),
                                        _r.normal(size=3), _r.normal(size=(3, 3))))

QUESTIONS = [
    Question(
        id="q_bn_forward", title="batch normalisation forward, train and eval", points=3,
        steps=_bn_forward_steps,
        outputs=[output(0, 0, "out"), output(0, 1, "new_running_mean"), output(0, 2, "new_running_var")],
        names=("batchnorm_forward",), exact_dtype=True, rtol=2e-5,
        public=[
            Args(BN0, name="public 1 (N = 4 rows, D = 3 features: statistics per column, over the batch, axis 0)"),
            Args(TWO_ROWS, name="public 2 (N = 2: the variance divides by N, as np.var does by default, not by N - 1)"),
            Args(TINY_VAR, name="public 3 (a column with tiny variance: eps goes inside the square root, "
                                "sqrt(var + eps))"),
            Args(FAR_RUNNING, name="public 4 (running statistics far from the batch's: with momentum 0.9 they "
                                   "move 10 % of the way, momentum * running + (1 - momentum) * batch)"),
            Args(FAR_RUNNING, {"mode": "eval"},
                 name="public 5 (eval mode: normalise with the running statistics, return them unchanged)"),
            Args(COLUMN, {"momentum": 0.5}, name="public 6 (one feature, D = 1, momentum 0.5 by keyword)"),
            Args(tuple(a.astype(np.float32) for a in BN0), name="public 7 (float32 in, float32 out)"),
        ],
        hidden=Hidden(_bn_forward_hidden, n=6),
    ),
    Question(
        id="q_bn_backward_graph", title="batch normalisation backward, through the graph", points=4,
        steps=_bn_backward_steps("batchnorm_backward_graph"),
        outputs=[output(1, 0, "dx"), output(1, 1, "dgamma"), output(1, 2, "dbeta")],
        names=("batchnorm_forward", "batchnorm_backward_graph"), exact_dtype=True, rtol=2e-5,
        public=[
            Args(BN0 + (DOUT0,), name="public 1 (x reaches the loss directly, through the mean and through the "
                                      "variance: are all three paths summed?)"),
            Args(TWO_ROWS + (DOUT0[:2],), name="public 2 (N = 2: a mean's gradient goes back to every row, "
                                               "divided by N)"),
            Args(tuple(a.astype(np.float32) for a in BN0 + (DOUT0,)), name="public 3 (float32 in, float32 out)"),
            Args(FAR_RUNNING + (DOUT0,), {"mode": "eval"},
                 name="public 4 (eval-mode cache: the statistics are constants, only the direct path remains)"),
        ],
        hidden=Hidden(_bn_backward_hidden, n=5),
    ),
    Question(
        id="q_bn_backward_closed", title="batch normalisation backward, closed form", points=5,
        steps=_bn_backward_steps("batchnorm_backward"),
        outputs=[output(1, 0, "dx"), output(1, 1, "dgamma"), output(1, 2, "dbeta")],
        names=("batchnorm_forward", "batchnorm_backward"),
        public=[
            Args(BN0 + (DOUT0,), name="public 1 (N = 4, D = 3)"),
            Args(TWO_ROWS + (DOUT0[:2],), name="public 2 (N = 2)"),
            Args(COLUMN + (np.array([[0.5], [-1.0], [2.0]]),), name="public 3 (one feature, D = 1)"),
            Args(TINY_VAR + (np.array([[1.0, 0.5], [-2.0, 0.0], [0.5, 1.0]]),),
                 name="public 4 (a column with tiny variance: s = sqrt(var + eps), not sqrt(var))"),
        ],
        hidden=Hidden(_bn_backward_hidden, n=5),
    ),
    Question(
        id="q_layernorm", title="layer normalisation forward and backward", points=4, steps=_ln_steps,
        outputs=[output(0, 0, "out"), output(1, 0, "dx"), output(1, 1, "dgamma"), output(1, 2, "dbeta")],
        names=("layernorm_forward", "layernorm_backward"),
        public=[
            Args(tuple(np.round(a, 2) for a in (_r.normal(size=(2, 4)), _r.normal(size=4), _r.normal(size=4),
                                                _r.normal(size=(2, 4)))),
                 name="public 1 (N = 2, D = 4: statistics per row, over the features)"),
            Args(SQUARE, name="public 2 (square x, N = D = 3: row statistics need keepdims=True, or they "
                              "broadcast along the wrong axis without any error)"),
            Args((np.array([[1.0, 2.0, 4.0]]), np.array([1.0, -1.0, 2.0]), np.zeros(3), np.array([[1.0, 0.0, -1.0]])),
                 name="public 3 (one row, N = 1: layer norm works on a single example; dgamma, dbeta sum "
                      "over the rows)"),
        ],
        hidden=Hidden(_ln_hidden, n=5),
    ),
]
