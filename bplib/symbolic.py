"""SymPy helpers for notebook 04: the chain rule derived symbolically, and the seed network.

`neuron_chain_rule` derives ∂L/∂w for one neuron twice, by `sp.diff` and as the chain-rule product
∂L/∂a · ∂a/∂z · ∂z/∂w. `seed_network_loss` writes the loss of the seed article's network, its §4.3 (see
`bplib.seednet`) as one expression in its 13 parameters and x1, x2, y; `seed_network_gradients`
differentiates it; `lambdify_gradients` turns the result into a fast numeric function.

`expression_sizes` measures expression swell: written out as a tree, every gradient repeats the
same sub-expressions (z3 appears inside z4, z5 and y' and again in each derivative), and its
operation count grows quickly; common sub-expression elimination (`sp.cse`) computes each shared
piece once, which is exactly what backprop does by storing forward values and δs at the nodes.
Results are cached (SymPy expressions are immutable), so repeated calls are instant.
"""

from collections.abc import Mapping
from functools import lru_cache
from types import MappingProxyType
from typing import NamedTuple

import sympy as sp

from bplib import seednet
from bplib.seednet import PARAM_NAMES

INPUT_NAMES = ("x1", "x2", "y")


def sigmoid(z):
    """σ(z) = 1 / (1 + e^(-z)) as a SymPy expression; its derivative is σ(z)(1 - σ(z))."""
    return 1 / (1 + sp.exp(-z))


class NeuronChainRule(NamedTuple):
    """One neuron z = w x + b, a = σ(z), L = (y - a)², and ∂L/∂w derived two ways."""
    symbols: Mapping   # name -> Symbol for w, x, b, y (read-only)
    z: sp.Expr
    a: sp.Expr
    L: sp.Expr
    dL_dw: sp.Expr     # sp.diff(L, w)
    dL_da: sp.Expr     # -2 (y - a), written with a = σ(w x + b)
    da_dz: sp.Expr     # σ'(z) = e^(-z) / (1 + e^(-z))², at z = w x + b
    dz_dw: sp.Expr     # x
    chain: sp.Expr     # dL_da * da_dz * dz_dw


@lru_cache(maxsize=None)
def neuron_chain_rule():
    """∂L/∂w for one sigmoid neuron with squared error, by sp.diff and by the chain rule.

    Each factor of the chain is differentiated with respect to its own input symbol (A for a,
    Z for z) and then evaluated on the forward pass; `sp.simplify(r.chain - r.dL_dw) == 0`.
    """
    w, x, b, y = sp.symbols("w x b y", real=True)
    A, Z = sp.symbols("A Z", real=True)  # stand-ins for a and z while differentiating
    z = w * x + b
    a = sigmoid(z)
    L = (y - a) ** 2
    dL_da = sp.diff((y - A) ** 2, A).subs(A, a)
    da_dz = sp.diff(sigmoid(Z), Z).subs(Z, z)
    dz_dw = sp.diff(z, w)
    return NeuronChainRule(MappingProxyType({"w": w, "x": x, "b": b, "y": y}), z, a, L,
                           sp.diff(L, w), dL_da, da_dz, dz_dw, dL_da * da_dz * dz_dw)


def seed_network_symbols():
    """dict name -> real Symbol for the 13 parameters (PARAM_NAMES order) and x1, x2, y."""
    return {name: sp.Symbol(name, real=True) for name in PARAM_NAMES + INPUT_NAMES}


def seed_network_nodes():
    """dict of SymPy expressions for the nodes s3, z3, ..., s6, y_hat and L of §7.1."""
    return dict(_nodes())


@lru_cache(maxsize=None)  # cached privately; callers get copies of the dict
def _nodes():
    S = seed_network_symbols()
    return seednet.build(S, S["x1"], S["x2"], S["y"], sigmoid)


def seed_network_loss():
    """The loss L = (y - y')² of §7.1 as one SymPy expression in the parameters and x1, x2, y."""
    return _nodes()["L"]


@lru_cache(maxsize=None)
def _gradients():
    S, L = seed_network_symbols(), seed_network_loss()
    return tuple(sp.diff(L, S[name]) for name in PARAM_NAMES)


def seed_network_gradients():
    """dict name -> ∂L/∂name (sp.diff of `seed_network_loss`), in PARAM_NAMES order."""
    return dict(zip(PARAM_NAMES, _gradients()))


def lambdify_gradients(grads=None):
    """A numeric function f(params, x1, x2, y) -> dict name -> float of the given gradients.

    grads: dict name -> SymPy expression in the seed network's symbols (default: all of
    `seed_network_gradients()`); params: dict name -> float for the 13 parameters.
    """
    func = "lambdify_gradients"
    grads = seed_network_gradients() if grads is None else _check_grads(func, grads)
    S = seed_network_symbols()
    names = list(grads)
    args = [S[name] for name in PARAM_NAMES + INPUT_NAMES]
    compiled = sp.lambdify(args, [grads[name] for name in names], modules="numpy", cse=True)

    def gradients(params, x1, x2, y):
        if not isinstance(params, Mapping):
            raise TypeError(f"{func}: params must be a dict name -> float; got {type(params).__name__}")
        missing = [name for name in PARAM_NAMES if name not in params]
        extra = sorted(map(str, set(params) - set(PARAM_NAMES)))
        if missing or extra:
            raise ValueError(f"{func}: params must have exactly the keys {PARAM_NAMES}; "
                             f"missing {missing}, unexpected {extra}")
        values = compiled(*(params[name] for name in PARAM_NAMES), x1, x2, y)
        return {name: float(v) for name, v in zip(names, values)}

    return gradients


def _check_grads(func, grads, any_symbols=False):
    """grads as a dict name -> SymPy expression using only the seed network's (real) symbols
    (any symbols with ``any_symbols``)."""
    if not isinstance(grads, Mapping):
        raise TypeError(f"{func}: grads must be a dict name -> SymPy expression; got {type(grads).__name__}")
    known = set(seed_network_symbols().values())
    checked = {}
    for name, expr in grads.items():
        try:
            expr = sp.sympify(expr)
        except (sp.SympifyError, TypeError):
            raise TypeError(f"{func}: grads[{name!r}] must be a SymPy expression; got {type(expr).__name__}") from None
        unknown = [] if any_symbols else sorted(str(s) for s in expr.free_symbols - known)
        if unknown:
            hint = (" (a Symbol made without real=True is a different symbol; use seed_network_symbols())"
                    if any(u in PARAM_NAMES + INPUT_NAMES for u in unknown) else "")
            raise ValueError(f"{func}: grads[{name!r}] uses unknown symbols {unknown}; expected only "
                             f"{PARAM_NAMES + INPUT_NAMES}{hint}")
        checked[name] = expr
    return checked


class ExpressionSize(NamedTuple):
    """Operation counts (sp.count_ops) of one expression, as a tree and after sp.cse."""
    expanded_ops: int  # every shared sub-expression written out again at each use
    cse_ops: int       # each shared sub-expression computed once (the definitions + the result)


def _cse_ops(exprs):
    definitions, reduced = sp.cse(list(exprs))
    return sum(sp.count_ops(rhs) for _, rhs in definitions) + sum(sp.count_ops(e) for e in reduced)


def expression_sizes(grads=None):
    """dict name -> ExpressionSize for each gradient (default: `seed_network_gradients()`)."""
    grads = seed_network_gradients() if grads is None else _check_grads("expression_sizes", grads, any_symbols=True)
    return {name: ExpressionSize(int(sp.count_ops(g)), int(_cse_ops([g])))
            for name, g in grads.items()}


def total_expression_size(grads=None):
    """ExpressionSize of all gradients together: the sum of their tree sizes, and the size of one
    joint sp.cse over all of them (sharing across parameters too, as one backward pass does)."""
    grads = seed_network_gradients() if grads is None else _check_grads("total_expression_size", grads, any_symbols=True)
    expanded = sum(int(sp.count_ops(g)) for g in grads.values())
    return ExpressionSize(expanded, int(_cse_ops(grads.values())))
