"""Formulas from learners are parsed by a whitelist grammar and never evaluated as code."""

import numpy as np
import pytest

from bpgrade.judging.symbolic import FormulaError, values_at

POINTS = {"w": np.array([0.5, -1.0]), "x": np.array([2.0, 0.3]), "b": np.array([0.1, 0.2])}


def test_equivalent_forms_agree():
    a = values_at("x*(1 - tanh(b + w*x)**2)", "wxb", POINTS)
    b = values_at("-x*tanh(b + w*x)**2 + x", "wxb", POINTS)
    expected = POINTS["x"] * (1 - np.tanh(POINTS["w"] * POINTS["x"] + POINTS["b"]) ** 2)
    assert np.allclose(a, expected) and np.allclose(b, expected)


def test_sympy_printing_is_understood():
    sympy = pytest.importorskip("sympy")
    w, x, b = sympy.symbols("w x b")
    for expr in (sympy.diff(sympy.tanh(w * x + b), w), sympy.diff(1 / (1 + sympy.exp(-(w * x + b))), w),
                 sympy.Rational(1, 2) * x ** 2 + sympy.pi * sympy.sqrt(sympy.Abs(b))):
        f = sympy.lambdify((w, x, b), expr, "numpy")
        assert np.allclose(values_at(str(expr), "wxb", POINTS), f(POINTS["w"], POINTS["x"], POINTS["b"]))


@pytest.mark.parametrize("text", [
    "__import__('os').system('true')", "x.__class__", "lambda: 1", "open('f')", "y + 1",
    "x if x else w", "[x]", "x; w", "exec('1')", "x" * 6000, "(" * 200 + "x" + ")" * 200, "",
])
def test_anything_but_a_formula_is_refused(text):
    with pytest.raises(FormulaError):
        values_at(text, "wxb", POINTS)


def test_huge_powers_are_just_inf():
    assert np.all(np.isinf(values_at("9**9**9**9", "wxb", POINTS)))
