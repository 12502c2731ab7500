"""Checks for ex05_scalar_autodiff: backward steps of *, tanh and exp, a hand-written backward pass
through f = tanh(a b + c) a (a used twice), a small Scalar engine driven step by step, its extension
Value (numbers on either side, powers, ReLU), and a tiny MLP made of Values, graded by what it learns."""

import numpy as np

from bpgrade.authoring.spec import Args, Hidden, Property, Question, attr, call, method, output, ref

EXERCISE = "ex05_scalar_autodiff"
TITLE = "A scalar autodiff engine"
# bplib's versions of what this set asks for are unavailable while grading (solutions/README.md)
WITHHELD = ["Scalar", "backprop_expression", "exp_backward", "mul_backward", "tanh_backward",
            "Value", "backward_steps", "train_value_mlp"]


DIFFICULTY = {"q_mul": 1, "q_unary": 2, "q_reuse": 3, "q_engine": 3, "q_value": 3, "q_value_mlp": 3}


def _mul_hidden(gen):
    return tuple(float(v) for v in gen.normal(scale=2.0, size=3))


def _unary_steps(a, upstream):
    return [call("tanh_backward", a, upstream), call("exp_backward", a, upstream)]


def _unary_hidden(gen):
    scale = float(gen.choice([1.0, 3.0]))
    if gen.random() < 0.25:
        return (float(gen.choice([-1.0, 1.0]) * gen.uniform(8.0, 20.0)), float(gen.normal()))
    return (float(gen.normal(scale=scale)), float(gen.normal(scale=2.0)))


def _reuse_hidden(gen):
    return tuple(float(v) for v in gen.normal(scale=1.5, size=3))


def _engine_steps(program, a, b, c):
    """Build one graph with the learner's Scalar; steps 3-7 are its five operations."""
    leaves = [call("Scalar", a), call("Scalar", b), call("Scalar", c)]       # steps 0, 1, 2
    if program == "f":        # tanh(a b + c) a + b: the leaves a and b are used twice
        ops = [method(ref(0), "__mul__", ref(1)), method(ref(3), "__add__", ref(2)),
               method(ref(4), "tanh"), method(ref(5), "__mul__", ref(0)),
               method(ref(6), "__add__", ref(1))]
    elif program == "g":      # u = a b + c; u u + tanh(u): the inner node u is used three times
        ops = [method(ref(0), "__mul__", ref(1)), method(ref(3), "__add__", ref(2)),
               method(ref(4), "__mul__", ref(4)), method(ref(4), "tanh"),
               method(ref(5), "__add__", ref(6))]
    else:                     # w = tanh(a b); (w + c) w + a: w used twice, a at two depths
        ops = [method(ref(0), "__mul__", ref(1)), method(ref(3), "tanh"),
               method(ref(4), "__add__", ref(2)), method(ref(5), "__mul__", ref(4)),
               method(ref(6), "__add__", ref(0))]
    reads = [method(ref(7), "backward"), attr(ref(7), "data"),                # steps 8, 9
             attr(ref(0), "grad"), attr(ref(1), "grad"), attr(ref(2), "grad")]  # steps 10-12
    return leaves + ops + reads


def _engine_hidden(gen):
    program = str(gen.choice(["f", "g", "h"]))
    values = [float(v) for v in gen.normal(scale=1.0, size=3)]
    return Args((program, *values))


# ---- Value: numbers on either side, powers, ReLU ----------------------------------------------
# Each program is a list of operations on earlier results: (method, receiver, operand), where an
# int is a step index (steps 0 and 1 are the leaves a and b) and a float is a plain number.
VALUE_PROGRAMS = {
    "affine": [("__rmul__", 0, 2.0), ("__pow__", 1, 2.0), ("__add__", 2, 3), ("__sub__", 4, 1.0)],
    # 2 * a + b ** 2 - 1
    "divide": [("__mul__", 0, 0), ("__add__", 2, 1.0), ("__rtruediv__", 3, 3.0), ("__truediv__", 1, 4.0),
               ("__sub__", 4, 5)],
    # 3 / (a * a + 1) - b / 4
    "relu": [("__rsub__", 0, 1.0), ("relu", 2, None), ("__mul__", 3, 1), ("__mul__", 0, 1), ("relu", 5, None),
             ("__pow__", 6, 2.0), ("__add__", 4, 7)],
    # (1 - a).relu() * b + (a * b).relu() ** 2
    "mixed": [("__radd__", 0, 0.5), ("__neg__", 1, None), ("__rmul__", 3, 2.0), ("__mul__", 2, 4),
              ("__pow__", 5, 3.0), ("tanh", 6, None), ("__truediv__", 7, 0), ("__rsub__", 8, 2.0)],
    # 2 - tanh(((0.5 + a) * (2 * -b)) ** 3) / a
}


MAX_OPS = max(len(ops) for ops in VALUE_PROGRAMS.values())


def _value_steps(program, a, b):
    """Steps 0-1: the leaves; then the program's operations, padded with reads of a.data to MAX_OPS
    steps so that every program reads out.data, a.grad, b.grad at the same step numbers."""
    steps = [call("Value", a), call("Value", b)]
    for name, receiver, operand in VALUE_PROGRAMS[program]:
        if operand is None:
            steps.append(method(ref(receiver), name))
        elif isinstance(operand, int):
            steps.append(method(ref(receiver), name, ref(operand)))
        else:
            steps.append(method(ref(receiver), name, operand))
    out = len(steps) - 1
    steps += [attr(ref(0), "data")] * (2 + MAX_OPS - len(steps))
    return steps + [method(ref(out), "backward"), attr(ref(out), "data"), attr(ref(0), "grad"), attr(ref(1), "grad")]


VALUE_OUTPUTS = [output(MAX_OPS + 3, None, "out.data"), output(MAX_OPS + 4, None, "a.grad"),
                 output(MAX_OPS + 5, None, "b.grad")]


def _value_hidden(gen):
    program = str(gen.choice(sorted(VALUE_PROGRAMS)))
    a, b = (float(v) for v in gen.uniform(0.3, 1.5, size=2) * gen.choice([-1.0, 1.0], size=2))
    return Args((program, a, b))


# ---- a tiny MLP of Values ------------------------------------------------------------------------

def _xor_blobs(gen, n_per, angle, flip, spread=0.25):
    """Four Gaussian blobs around (±1, ±1), rotated by angle; label 1 where x1 x2 < 0 (flipped if asked)."""
    centres = np.array([[1.0, 1.0], [-1.0, -1.0], [1.0, -1.0], [-1.0, 1.0]])
    c, s = np.cos(angle), np.sin(angle)
    X = np.concatenate([centre + spread * gen.normal(size=(n_per, 2)) for centre in centres])
    y = np.repeat([0, 0, 1, 1], n_per)
    return X @ np.array([[c, s], [-s, c]]), (1 - y if flip else y)


def _mlp_case(gen, angle, flip):
    X, y = _xor_blobs(gen, 4, angle, flip)
    X_test, y_test = _xor_blobs(gen, 5, angle, flip)
    order, order_test = gen.permutation(len(X)), gen.permutation(len(X_test))
    return X[order], y[order], X_test[order_test], y_test[order_test], int(gen.integers(10**6))


def _mlp_hidden(gen):
    return _mlp_case(gen, float(gen.uniform(0.0, 2 * np.pi)), bool(gen.random() < 0.5))


def _mlp_steps(X, y, X_test, y_test, seed):
    return [call("train_value_mlp", X, y, X_test, seed)]      # y_test never reaches the learner


MLP_PUBLIC = _mlp_case(np.random.default_rng(5), 0.0, False)

QUESTIONS = [
    Question(
        id="q_mul", title="backward of a product", points=1, function="mul_backward",
        public=[Args((2.0, -3.0, 1.0), name="public 1: a = 2, b = -3, upstream 1"),
                Args((0.5, 4.0, -0.25), name="public 2: upstream -0.25")],
        hidden=Hidden(_mul_hidden, n=5),
    ),
    Question(
        id="q_unary", title="backward of tanh and exp", points=2,
        steps=_unary_steps, outputs=[output(0, None, "tanh_backward"), output(1, None, "exp_backward")],
        names=("tanh_backward", "exp_backward"),
        public=[Args((0.5, 1.0), name="public 1: a = 0.5, upstream 1"),
                Args((-1.3, 2.5), name="public 2: a = -1.3, upstream 2.5"),
                Args((20.0, -0.5), name="public 3: a = 20 (tanh saturated)")],
        hidden=Hidden(_unary_hidden, n=6),
    ),
    Question(
        id="q_reuse", title="backward pass with a reused input", points=3, function="backprop_expression",
        public=[Args((0.5, -1.2, 0.3), name="public 1: a = 0.5, b = -1.2, c = 0.3"),
                Args((2.0, 0.0, -1.0), name="public 2: b = 0")],
        hidden=Hidden(_reuse_hidden, n=6),
    ),
    Question(
        id="q_engine", title="a Scalar engine", points=4,
        steps=_engine_steps,
        outputs=[output(9, None, "out.data"), output(10, None, "a.grad"), output(11, None, "b.grad"),
                 output(12, None, "c.grad")],
        names=("Scalar",),
        public=[Args(("f", 0.5, -1.2, 0.3), name="public 1: tanh(a*b + c)*a + b"),
                Args(("g", 0.7, 0.4, -0.2), name="public 2: u = a*b + c; u*u + tanh(u)"),
                Args(("h", -0.8, 1.1, 0.6), name="public 3: w = tanh(a*b); (w + c)*w + a")],
        hidden=Hidden(_engine_hidden, n=6),
    ),
    Question(
        id="q_value", title="Value: numbers, powers, ReLU", points=3,
        steps=_value_steps, outputs=VALUE_OUTPUTS, names=("Value",),
        public=[Args(("affine", 0.5, -1.5), name="public 1: 2 * a + b ** 2 - 1 (a number on the left of *)"),
                Args(("divide", 0.8, 2.0), name="public 2: 3 / (a * a + 1) - b / 4 (a number divided by a Value)"),
                Args(("relu", 0.25, -1.0), name="public 3: (1 - a).relu() * b + (a * b).relu() ** 2"),
                Args(("relu", 1.0, 2.0), name="public 4 (1 - a = 0: the course takes ReLU'(0) = 0, "
                                                "the derivative 1 only where the input is > 0)"),
                Args(("mixed", -0.7, 0.4), name="public 5: 2 - tanh(((0.5 + a) * (2 * -b)) ** 3) / a "
                                                 "(a used twice)")],
        hidden=Hidden(_value_hidden, n=6),
    ),
    Question(
        id="q_value_mlp", title="train a tiny MLP made of Values", points=3,
        steps=_mlp_steps, outputs=[output(0, None, "predicted labels")], names=("train_value_mlp",),
        public=[Args(MLP_PUBLIC, name="public 1: four blobs, XOR labels")],
        hidden=Hidden(_mlp_hidden, n=3),
        property=Property("accuracy_at_least", labels_from_arg=3, min=0.85),
        timeout=30,
    ),
]
