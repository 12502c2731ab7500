"""Checks for ex05_scalar_autodiff: backward steps of *, tanh and exp, a hand-written backward pass
through f = tanh(a b + c) a (a used twice), and a small Scalar engine driven step by step."""

from bpgrade.authoring.spec import Args, Hidden, Question, attr, call, method, output, ref

EXERCISE = "ex05_scalar_autodiff"
TITLE = "A scalar autodiff engine"
# bplib's versions of what this set asks for are unavailable while grading (solutions/README.md)
WITHHELD = ["Scalar", "backprop_expression", "exp_backward", "mul_backward", "tanh_backward",
            "Value", "backward_steps"]


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
]
