"""Checks for ex11_cost_of_backprop: a gradient checker, reverse and forward mode of a dense-sigmoid
network, and the multiply-add counts of a full gradient by each mode."""

import numpy as np

from bpgrade.authoring.spec import Args, Hidden, Question, call, output, ref

EXERCISE = "ex11_cost_of_backprop"
TITLE = "What a gradient costs"
# bplib's versions of what this set asks for are unavailable while grading (solutions/README.md)
WITHHELD = ["make_test_function", "numerical_gradient", "numerical_gradient_array",
            "rel_error", "reverse_mode", "jvp", "gradient_costs"]

# Difficulty of each question, 1 (translate a formula of the lecture) to 5 (derive what no lecture
# page writes down); listed in solutions/README.md.
DIFFICULTY = {"q_numerical_gradient": 2, "q_rel_error": 2, "q_reverse_mode": 3, "q_jvp": 4,
              "q_gradient_costs": 3}

TEST_FUNCTIONS = ("cubic", "exp3", "coupled")


def _shape(gen, low=1, high=5):
    ndim = int(gen.integers(1, 3))
    return tuple(int(n) for n in gen.integers(low, high, size=ndim))


def _numgrad_steps(name, x):
    return [call("make_test_function", name), call("numerical_gradient", ref(0), x)]


def _numgrad_hidden(gen):
    name = TEST_FUNCTIONS[int(gen.integers(len(TEST_FUNCTIONS)))]
    return (name, gen.normal(size=_shape(gen)))


def _rel_error_hidden(gen):
    a = gen.normal(size=_shape(gen, 2, 5))
    b = a + gen.normal(scale=10.0 ** float(gen.integers(-9, 0)), size=a.shape)
    flat_a, flat_b = a.reshape(-1), b.reshape(-1)
    flat_a[0] = flat_b[0] = 0.0                                   # both zero: the floor
    if gen.random() < 0.5:
        flat_b[-1] = np.nan                                       # not a number: inf
    return (a, b)


def _sizes(gen):
    n, d, h = (int(v) for v in gen.integers(1, 6, size=3))
    return n, d, h, int(gen.integers(1, 4))


def _network(gen):
    n, d, h, k = _sizes(gen)
    y = (gen.random(size=(n, k)) < 0.5).astype(float) if gen.random() < 0.5 else gen.random(size=(n, k))
    return (gen.normal(size=(n, d)), y, gen.normal(size=(d, h)), gen.normal(size=h),
            gen.normal(scale=2.0, size=(h, k)), gen.normal(size=k))


def _jvp_hidden(gen):
    net = _network(gen)
    return net + tuple(gen.normal(size=np.shape(p)) for p in net[2:])


def _costs_hidden(gen):
    return tuple(int(v) for v in gen.integers(1, 200, size=4))


_r = np.random.default_rng(11)
X0 = np.round(_r.normal(size=(4, 3)), 2)
Y0 = np.array([[1.0, 0.0], [0.0, 0.0], [1.0, 1.0], [0.0, 1.0]])
W10 = np.round(_r.normal(size=(3, 5)), 2)
B10 = np.round(_r.normal(size=5), 2)
W20 = np.round(_r.normal(size=(5, 2)), 2)
B20 = np.array([0.1, -0.3])
NET0 = (X0, Y0, W10, B10, W20, B20)
ZERO_TANGENT = (np.zeros_like(W10), np.zeros_like(B10), np.zeros_like(W20), np.zeros_like(B20))
TANGENT0 = (np.round(_r.normal(size=(3, 5)), 2), np.round(_r.normal(size=5), 2),
            np.round(_r.normal(size=(5, 2)), 2), np.array([0.5, -1.0]))


def _only(i):
    """The public tangent with every parameter's tangent zero except parameter i's."""
    return tuple(TANGENT0[j] if j == i else ZERO_TANGENT[j] for j in range(4))


QUESTIONS = [
    Question(
        id="q_numerical_gradient", title="numerical_gradient: centred differences in float64", points=2,
        steps=_numgrad_steps, outputs=[output(1, None, "gradient")],
        names=("numerical_gradient", "make_test_function"), exact_dtype=True,
        public=[
            Args(("cubic", np.array([[0.5, -1.0, 2.0], [0.0, 1.5, -0.25]])),
                 name="public 1 (sum of x**3 on a 2x3 array: every entry of a 2-D x)"),
            Args(("exp3", np.array([0.5, 1.0, 1.5])),
                 name="public 2 (exp(3x): forward differences (f(x+h) - f(x))/h are off by about 1.5e-5 "
                      "relative here - use centred differences)"),
            Args(("cubic", np.array([[1.0, -2.0], [0.5, 3.0]], dtype=np.float32)),
                 name="public 3 (float32 x: perturb a float64 copy - x + 1e-5 in float32 loses most "
                      "digits - and return float64)"),
            Args(("coupled", np.array([1, -2, 0])),
                 name="public 4 (integer x: an int array cannot hold x + h; convert to float64 first)"),
            Args(("coupled", np.array([[0.3], [-1.2], [2.0]])),
                 name="public 5 (shape (3, 1), entries coupled: perturb one entry at a time and put "
                      "it back; x must come back unchanged)"),
        ],
        hidden=Hidden(_numgrad_hidden, n=5),
    ),
    Question(
        id="q_rel_error", title="rel_error: per entry, floored, NaN never passes", points=2,
        function="rel_error", exact_dtype=True,
        public=[
            Args((np.array([1.0, 2.0, -3.0, 1.0]), np.array([1.0, 2.2, -3.0, -1.0])),
                 name="public 1 (per entry: one relative error per position, signs matter)"),
            Args((np.array([0.0, 1e-12, 5.0]), np.array([0.0, 0.0, 5.0])),
                 name="public 2 (entries that are both zero or tiny: without the floor 0/0 is NaN and "
                      "1e-12 against 0 counts as 100 % off)"),
            Args((np.array([np.nan, 1.0, np.inf, 2.0]), np.array([np.nan, 1.0, np.inf, np.nan])),
                 name="public 3 (NaN or inf in an entry: its error is inf, never 0 or NaN - a NaN "
                      "gradient must never pass)"),
            Args((np.array([[1.0], [2.0]], dtype=np.float32), np.array([[1.5], [2.0]])),
                 name="public 4 (float32 a of shape (2, 1): float64 result, same shape)"),
            Args((np.array([1e-6, 0.5]), np.array([0.0, 0.25])), {"floor": 1e-3},
                 name="public 5 (floor=1e-3 given by keyword)"),
        ],
        hidden=Hidden(_rel_error_hidden, n=5),
    ),
    Question(
        id="q_reverse_mode", title="reverse mode: the gradient by backprop", points=3,
        function="reverse_mode", exact_dtype=True, rtol=2e-5,
        public=[
            Args(NET0, name="public 1 (K = 2 outputs: the loss is a mean over all N*K entries - "
                            "dividing by N only makes every gradient K times too large)"),
            Args((X0[:1], Y0[:1, :1], W10, B10, W20[:, :1], B20[:1]),
                 name="public 2 (one example, one output: db1 has shape (H,) and db2 (K,) - no keepdims)"),
            Args((X0, Y0, W10, B10, 400.0 * W20, B20),
                 name="public 3 (logits near +-800: compute the loss from the logits with "
                      "np.logaddexp(0, z); log(sigmoid(z)) overflows to -inf)"),
            Args(tuple(np.asarray(a, dtype=np.float32) for a in NET0),
                 name="public 4 (float32 in: float32 gradients out, the loss a Python float)"),
        ],
        hidden=Hidden(_network, n=5),
    ),
    Question(
        id="q_jvp", title="forward mode: a Jacobian-vector product", points=4, function="jvp",
        public=[
            Args(NET0 + TANGENT0, name="public 1 (a tangent in every parameter)"),
            Args(NET0 + _only(0),
                 name="public 2 (tangent in W1 only: it reaches the loss through the sigmoid - its "
                      "derivative, not tanh's - and then through the product with W2: is a product-rule "
                      "term missing?)"),
            Args(NET0 + _only(2),
                 name="public 3 (tangent in W2 only: W2 itself changes in A W2 - is that product-rule "
                      "term missing?)"),
            Args(NET0 + _only(3),
                 name="public 4 (tangent in b2 only: only the loss's own tangent rule is at work)"),
        ],
        hidden=Hidden(_jvp_hidden, n=5),
    ),
    Question(
        id="q_gradient_costs", title="multiply-adds of forward and reverse mode", points=3,
        function="gradient_costs",
        public=[
            Args((6, 4, 5, 3), name="public 1 (the network of the notebook)"),
            Args((1, 1, 1, 1), name="public 2 (all sizes 1: P = 4)"),
            Args((32, 64, 128, 10),
                 name="public 3 (a wider network: plain Python ints, counted as formulas in N, D, H, K)"),
        ],
        hidden=Hidden(_costs_hidden, n=4),
    ),
]
