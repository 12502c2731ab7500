"""Checks for ex04_chain_rule: two derivatives as SymPy formulas (compared at random points) and
the 13 gradients of the seed article's network (its §4.3) at random parameters and inputs."""

import numpy as np

from bplib import seednet
from bpgrade.authoring.spec import Args, Expression, Hidden, Question

EXERCISE = "ex04_chain_rule"
TITLE = "The chain rule with SymPy"
# bplib's versions of what this set asks for are unavailable while grading (solutions/README.md)
WITHHELD = ["dL_dw", "dL_dw1", "seed_network_gradient", "neuron_chain_rule",
            "seed_network_gradients", "lambdify_gradients", "manual_backward",
            "engine_gradients",
            # routes to the same 13 numbers without the chain rule: bplib's finite differences,
            # its scalar engine on the seed graph, and its ready-made SymPy loss of the network
            "finite_difference_gradients", "forward_values", "build", "Value",
            "seed_network_loss", "seed_network_nodes"]

DIFFICULTY = {"q_dL_dw": 2, "q_dL_dw1": 3, "q_seed_gradient": 3}


def _no_arguments(gen):
    return ()


def _seed_point(gen):
    theta_draw = gen.normal(scale=float(gen.choice([0.5, 1.0, 2.0])), size=13)
    target = float(gen.integers(0, 2)) if gen.random() < 0.5 else float(gen.uniform(0.0, 1.0))
    return (theta_draw, float(gen.normal(scale=1.5)), float(gen.normal(scale=1.5)), target)


_LECTURE_THETA = np.array([seednet.random_params(0)[name] for name in seednet.PARAM_NAMES])

QUESTIONS = [
    Question(
        id="q_dL_dw", title="∂L/∂w of one neuron", points=2, function="dL_dw",
        public=[()],
        hidden=Hidden(_no_arguments, n=3),
        expression=Expression(symbols=("w", "x", "b", "y"), low=-2.0, high=2.0, points=12),
    ),
    Question(
        id="q_dL_dw1", title="∂L/∂w1 through two units", points=3, function="dL_dw1",
        public=[()],
        hidden=Hidden(_no_arguments, n=3),
        expression=Expression(symbols=("w1", "w2", "b", "x", "y"), low=-2.0, high=2.0, points=12),
    ),
    Question(
        id="q_seed_gradient", title="the seed network's 13 gradients", points=5,
        function="seed_network_gradient",
        public=[Args((_LECTURE_THETA, 0.5, -1.0, 1.0), name="public 1: the lecture's widget point"),
                Args((np.zeros(13), 1.0, 2.0, 0.0), name="public 2: all parameters zero"),
                Args((np.linspace(-1.5, 1.5, 13), -0.3, 0.8, 0.25), name="public 3: a soft target")],
        hidden=Hidden(_seed_point, n=6),
        atol=1e-12,     # some gradients are ~1e-4: an absolute 1e-8 would accept almost anything there
        timeout=20,
    ),
]
