"""Checks for ex08_optimizers: momentum, RMSProp and Adam steps as pure functions, and the path
of each optimizer on a quadratic bowl.

Every step question chains three consecutive steps (the state returned by one call is passed to
the next), so a state update that is wrong, a bias correction that is missing or a step counter
that is off by one shows up even when a single step looks right.
"""

import numpy as np

from bpgrade.authoring.spec import Args, Hidden, Question, call, output, ref

EXERCISE = "ex08_optimizers"
TITLE = "Optimizers"
# bplib's versions of what this set asks for are unavailable while grading (solutions/README.md)
WITHHELD = ["sgd_momentum_step", "rmsprop_step", "adam_step", "optimizer_path", "SGD",
            "RMSProp", "Adam"]

N_STEPS = 3

DIFFICULTY = {"q_momentum": 2, "q_rmsprop": 2, "q_adam": 3, "q_path": 2}

G3 = np.array([[0.5, -1.0, 2.0], [0.5, -1.0, 2.0], [-1.0, 0.0, 0.25]])


def _shape(gen):
    ndim = int(gen.integers(1, 3))
    return tuple(int(n) for n in gen.integers(1, 6, size=ndim))


def _state(gen, shape, positive=False):
    """Zeros (a first step) or a random state (the middle of a run)."""
    if gen.random() < 0.4:
        return np.zeros(shape)
    x = gen.normal(size=shape)
    return x * x if positive else x


def _grads(gen, shape):
    # gradients of mixed magnitudes, including tiny ones (where eps matters)
    scale = 10.0 ** gen.uniform(-4, 1, size=(N_STEPS,) + shape)
    return gen.normal(size=(N_STEPS,) + shape) * scale


def _chain(name, w, grads, states, rest, t0=None):
    """N_STEPS calls of ``name``; each passes on the previous call's w and state(s)."""
    steps = []
    k = len(states)
    for i in range(N_STEPS):
        if i == 0:
            w_in, st_in = w, list(states)
        else:
            w_in, st_in = ref(i - 1, 0), [ref(i - 1, j + 1) for j in range(k)]
        t_args = () if t0 is None else (t0 + i,)
        steps.append(call(name, w_in, grads[i], *st_in, *t_args, *rest))
    return steps


def _outputs(state_names):
    out = [output(0, 0, "w after step 1")]
    out += [output(0, j + 1, f"{s} after step 1") for j, s in enumerate(state_names)]
    out += [output(N_STEPS - 1, 0, f"w after step {N_STEPS}")]
    out += [output(N_STEPS - 1, j + 1, f"{s} after step {N_STEPS}") for j, s in enumerate(state_names)]
    return out


# ---- momentum ---------------------------------------------------------------------------------

def _momentum_steps(w, grads, v, lr, momentum):
    return _chain("sgd_momentum_step", w, grads, [v], (lr, momentum))


def _momentum_hidden(gen):
    shape = _shape(gen)
    return (gen.normal(size=shape), _grads(gen, shape), _state(gen, shape),
            float(gen.uniform(0.001, 0.5)), float(gen.uniform(0.0, 0.99)))


# ---- RMSProp ----------------------------------------------------------------------------------

def _rmsprop_steps(w, grads, s, lr, rho, eps):
    return _chain("rmsprop_step", w, grads, [s], (lr, rho, eps))


def _rmsprop_hidden(gen):
    shape = _shape(gen)
    return (gen.normal(size=shape), _grads(gen, shape), _state(gen, shape, positive=True),
            float(gen.uniform(0.001, 0.1)), float(gen.uniform(0.5, 0.99)), float(10.0 ** gen.uniform(-8, -2)))


# ---- Adam -------------------------------------------------------------------------------------

def _adam_steps(w, grads, m, v, t0, lr, beta1, beta2, eps):
    return _chain("adam_step", w, grads, [m, v], (lr, beta1, beta2, eps), t0=t0)


def _adam_hidden(gen):
    shape = _shape(gen)
    if gen.random() < 0.5:                      # the start of a run: t = 1, zero state
        t0, m, v = 1, np.zeros(shape), np.zeros(shape)
    else:                                       # the middle of a run
        t0 = int(gen.integers(2, 60))
        m, v = gen.normal(scale=0.1, size=shape), gen.normal(scale=0.1, size=shape) ** 2
    return (gen.normal(size=shape), _grads(gen, shape), m, v, t0, float(gen.uniform(0.001, 0.1)),
            float(gen.uniform(0.5, 0.95)), float(gen.uniform(0.9, 0.9999)), float(10.0 ** gen.uniform(-8, -2)))


# ---- paths ------------------------------------------------------------------------------------

METHODS = ("sgd", "momentum", "rmsprop", "adam")
BOWL = np.array([[1.0, 0.0], [0.0, 10.0]])          # an ill-conditioned bowl: condition number 10


def _path_hidden(gen):
    d = int(gen.integers(2, 5))
    q, _ = np.linalg.qr(gen.normal(size=(d, d)))
    eigenvalues = 10.0 ** gen.uniform(-1, 1, size=d)
    A = (q * eigenvalues) @ q.T
    A = (A + A.T) / 2
    method = METHODS[int(gen.integers(len(METHODS)))]
    lr = float(gen.uniform(0.01, 0.15))
    return (A, gen.normal(size=d), method, lr, int(gen.integers(1, 25)))


QUESTIONS = [
    Question(
        id="q_momentum", title="SGD with momentum", points=3,
        steps=_momentum_steps, outputs=_outputs(["v"]), names=("sgd_momentum_step",),
        public=[Args((np.array([1.0, -2.0, 0.5]), G3, np.zeros(3), 0.1, 0.9),
                     name="public 1 (from v = 0; v *= momentum would change the array returned by the "
                          "previous step)"),
                Args((np.array([[1.0, 2.0], [3.0, 4.0]]), np.array([[[1.0, 0.0], [0.0, -1.0]]] * 3),
                      np.array([[0.5, 0.5], [-0.5, 0.0]]), 0.01, 0.5), name="public 2 (the middle of a run)")],
        hidden=Hidden(_momentum_hidden, n=6),
    ),
    Question(
        id="q_rmsprop", title="RMSProp", points=3,
        steps=_rmsprop_steps, outputs=_outputs(["s"]), names=("rmsprop_step",),
        public=[Args((np.array([1.0, -2.0, 0.5]), G3, np.zeros(3), 0.01, 0.9, 1e-8), name="public 1 (from s = 0)"),
                Args((np.array([[1.0], [-1.0]]), np.array([[[1e-3], [4.0]], [[2e-3], [-4.0]], [[0.0], [1.0]]]),
                      np.array([[1e-6], [10.0]]), 0.1, 0.5, 1e-3),
                     name="public 2 (ε = 1e-3, a gradient of 1e-3: ε is added after the square root, "
                          "sqrt(s) + ε; with sqrt(s + ε) the first step of w[0] is ≈16× too small)")],
        hidden=Hidden(_rmsprop_hidden, n=6),
    ),
    Question(
        id="q_adam", title="Adam", points=4,
        steps=_adam_steps, outputs=_outputs(["m", "v"]), names=("adam_step",),
        public=[Args((np.array([1.0, -2.0, 0.5]), G3, np.zeros(3), np.zeros(3), 1, 0.001, 0.9, 0.999, 1e-8),
                     name="public 1 (the first step, t = 1, β1 = 0.9, β2 = 0.999: it moves each weight by "
                          "lr; if your first step is ≈3.16× too large, the bias correction is missing)"),
                Args((np.array([[0.5, -0.5]]), np.array([[[1e-4, 2.0]], [[1e-4, -2.0]], [[-1e-4, 1.0]]]),
                      np.array([[1e-3, 0.1]]), np.array([[1e-6, 0.5]]), 10, 0.01, 0.8, 0.99, 1e-3),
                     name="public 2 (the middle of a run, t = 10)"),
                Args((np.array([2.0, -1.0]), np.array([[4.0, -0.5], [4.0, -0.5], [4.0, -0.5]]),
                      np.zeros(2), np.zeros(2), 2, 0.01, 0.9, 0.999, 1e-8),
                     name="public 3 (t = 2 is the second update: t is the number of this step, counted "
                          "from 1; with t - 1 this step is ≈1.34× too large, with t + 1 ≈0.86× too small)"),
                Args((np.array([1.0, -1.0]), np.array([[1e-4, -1e-4], [1e-4, -1e-4], [1e-4, -1e-4]]),
                      np.zeros(2), np.zeros(2), 1, 0.01, 0.9, 0.999, 1e-2),
                     name="public 4 (ε = 0.01, gradients of 1e-4: ε is added after the square root, "
                          "sqrt(v̂) + ε; with sqrt(v̂ + ε) the first step is ≈10× too small)")],
        hidden=Hidden(_adam_hidden, n=6),
    ),
    Question(
        id="q_path", title="the path on a quadratic bowl", points=2, function="optimizer_path",
        public=[Args((BOWL, np.array([1.0, 1.0]), method, lr, 5), name=f"public {i + 1} ({method}{note})")
                for i, (method, lr, note) in enumerate((
                    ("sgd", 0.15, ""), ("momentum", 0.05, ""), ("rmsprop", 0.1, ""),
                    ("adam", 0.1, "; Adam's t counts from 1: t = 0 divides by 1 - β⁰ = 0")))],
        hidden=Hidden(_path_hidden, n=6),
    ),
]
