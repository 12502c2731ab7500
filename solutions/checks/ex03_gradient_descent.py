"""Checks for ex03_gradient_descent: a side-effect-free step, the descent path on a quadratic,
the critical learning rate 2 / λ_max, and a descent that must reach the minimum."""

import numpy as np

from bpgrade.authoring.spec import Args, Hidden, Question

EXERCISE = "ex03_gradient_descent"
TITLE = "Gradient descent"
# bplib's versions of what this set asks for are unavailable while grading (solutions/README.md)
WITHHELD = ["gd_step", "run_gradient_descent", "minimise_quadratic", "critical_learning_rate"]

WIDGET_A = np.diag([1.0, 10.0])            # the bowl of notebook 03's widget
TILTED_A = np.array([[2.0, 1.0], [1.0, 2.0]])


DIFFICULTY = {"q_gd_step": 1, "q_descent_path": 2, "q_critical_lr": 3, "q_minimise": 3}


def _random_spd(gen, d, low=0.5, high=10.0):
    """A random symmetric positive-definite (d, d) matrix with eigenvalues in [low, high]."""
    q, _ = np.linalg.qr(gen.normal(size=(d, d)))
    eigenvalues = gen.uniform(low, high, size=d)
    m = (q * eigenvalues) @ q.T
    return 0.5 * (m + m.T)


def _step_hidden(gen):
    ndim = int(gen.integers(1, 3))
    shape = tuple(int(n) for n in gen.integers(1, 6, size=ndim))
    return (gen.normal(size=shape), gen.normal(size=shape), float(gen.uniform(0.001, 1.0)))


def _path_hidden(gen):
    d = int(gen.integers(1, 5))
    a_matrix = _random_spd(gen, d)
    crit = 2.0 / np.linalg.eigvalsh(a_matrix)[-1]
    lr = float(crit * gen.uniform(0.05, 1.1))
    return (a_matrix, gen.normal(size=d), gen.normal(scale=3.0, size=d), lr, int(gen.integers(0, 16)))


def _critical_hidden(gen):
    return (_random_spd(gen, int(gen.integers(1, 6))),)


def _minimise_hidden(gen):
    d = int(gen.integers(1, 6))
    return (_random_spd(gen, d), gen.normal(scale=2.0, size=d), gen.normal(scale=5.0, size=d))


QUESTIONS = [
    Question(
        id="q_gd_step", title="one gradient-descent step", points=2, function="gd_step",
        public=[Args((np.array([1.0, -2.0, 0.5]), np.array([0.2, -0.4, 1.0]), 0.1), name="public 1: a vector"),
                Args((np.array([[3.0, 1.0, -1.0]]), np.array([[1.0, 1.0, 1.0]]), 0.5), name="public 2: one row (1, d)"),
                Args((np.array([[2.0], [-4.0]]), np.array([[10.0], [-10.0]]), 0.01), name="public 3: a column (d, 1)")],
        hidden=Hidden(_step_hidden, n=6),
    ),
    Question(
        id="q_descent_path", title="the descent path", points=3, function="run_gradient_descent",
        public=[Args((WIDGET_A, np.zeros(2), np.array([-4.5, 2.0]), 0.05, 6),
                     name="public 1: the widget's bowl, lr 0.05, 6 steps"),
                Args((np.array([[2.0]]), np.array([1.0]), np.array([0.0]), 0.3, 4), name="public 2: d = 1"),
                Args((TILTED_A, np.array([1.0, -1.0]), np.array([0.5, 0.5]), 0.1, 0),
                     name="public 3: steps = 0"),
                Args((WIDGET_A, np.zeros(2), np.array([1.0, 1.0]), 0.25, 5),
                     name="public 4: lr 0.25 above the critical 0.2 (diverges)")],
        hidden=Hidden(_path_hidden, n=6),
    ),
    Question(
        id="q_critical_lr", title="the critical learning rate", points=2, function="critical_learning_rate",
        public=[Args((WIDGET_A,), name="public 1: diag(1, 10)"),
                Args((TILTED_A,), name="public 2: [[2, 1], [1, 2]]"),
                Args((np.array([[4.0]]),), name="public 3: d = 1")],
        hidden=Hidden(_critical_hidden, n=6),
    ),
    Question(
        id="q_minimise", title="descend to the minimum", points=3, function="minimise_quadratic",
        public=[Args((WIDGET_A, np.array([1.0, 1.0]), np.array([-4.5, 2.0])), name="public 1: the widget's bowl"),
                Args((TILTED_A, np.array([1.0, -2.0]), np.zeros(2)), name="public 2: a tilted bowl"),
                Args((np.array([[0.5]]), np.array([3.0]), np.array([100.0])), name="public 3: d = 1, far start")],
        hidden=Hidden(_minimise_hidden, n=5),
        rtol=1e-5, atol=1e-6,
    ),
]
