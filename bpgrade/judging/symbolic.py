"""Read a learner's formula safely and evaluate it at points.

The sandboxed child returns a formula as text (``str()`` of a SymPy expression). The grader never
hands that text to ``eval``, ``sympy.sympify`` or ``parse_expr`` (which all evaluate Python code):
this module tokenises it and parses it with a small recursive-descent grammar that knows only
numbers, the question's symbols, ``pi``/``E`` and a whitelist of functions, and evaluates the tree
with NumPy in float64. Size and nesting are capped, so a hostile string costs microseconds.
Two formulas are then equivalent when they agree at many random points (see ``Expression``).
"""

import re

import numpy as np

MAX_CHARS = 5000
MAX_DEPTH = 60
FUNCTIONS = {
    "exp": np.exp, "log": np.log, "sqrt": np.sqrt, "sin": np.sin, "cos": np.cos, "tan": np.tan,
    "tanh": np.tanh, "sinh": np.sinh, "cosh": np.cosh, "Abs": np.abs, "abs": np.abs,
    "sign": np.sign, "Heaviside": lambda x: np.heaviside(x, 0.5),
    "sigmoid": lambda x: 1.0 / (1.0 + np.exp(-x)),
}
CONSTANTS = {"pi": np.pi, "E": np.e}
_TOKEN = re.compile(r"\s*(?:(\d+\.?\d*(?:[eE][-+]?\d+)?|\.\d+(?:[eE][-+]?\d+)?)"
                    r"|([A-Za-z_][A-Za-z_0-9]*)|(\*\*|[-+*/(),^]))")


class FormulaError(ValueError):
    """The text is not a formula this grader accepts."""


def tokenize(text):
    if len(text) > MAX_CHARS:
        raise FormulaError(f"formula longer than {MAX_CHARS} characters")
    pos, tokens = 0, []
    text = text.rstrip()
    while pos < len(text):
        match = _TOKEN.match(text, pos)
        if not match or match.end() == pos:
            raise FormulaError(f"unexpected character {text[pos:pos + 1]!r} at position {pos}")
        number, name, op = match.groups()
        tokens.append(("num", number) if number else ("name", name) if name else ("op", op))
        pos = match.end()
    return tokens


class _Parser:
    def __init__(self, tokens, symbols):
        self.tokens, self.pos, self.symbols = tokens, 0, set(symbols)

    def peek(self):
        return self.tokens[self.pos] if self.pos < len(self.tokens) else (None, None)

    def take(self, value=None):
        token = self.peek()
        if token[0] is None or (value is not None and token[1] != value):
            raise FormulaError(f"expected {value or 'more'} at token {self.pos}")
        self.pos += 1
        return token

    def expr(self, depth):
        if depth > MAX_DEPTH:
            raise FormulaError("formula nested too deeply")
        node = self.term(depth)
        while self.peek() in (("op", "+"), ("op", "-")):
            node = (self.take()[1], node, self.term(depth))
        return node

    def term(self, depth):
        node = self.unary(depth)
        while self.peek() in (("op", "*"), ("op", "/")):
            node = (self.take()[1], node, self.unary(depth))
        return node

    def unary(self, depth):
        if self.peek() in (("op", "-"), ("op", "+")):
            sign = self.take()[1]
            operand = self.unary(depth + 1)
            return ("neg", operand) if sign == "-" else operand
        base = self.atom(depth)
        if self.peek() in (("op", "**"), ("op", "^")):
            self.take()
            return ("**", base, self.unary(depth + 1))
        return base

    def atom(self, depth):
        kind, value = self.take()
        if kind == "num":
            return ("num", float(value))
        if kind == "name":
            if self.peek() == ("op", "("):
                if value not in FUNCTIONS:
                    raise FormulaError(f"unknown function {value!r}")
                self.take("(")
                arg = self.expr(depth + 1)
                self.take(")")
                return ("fn", value, arg)
            if value in self.symbols:
                return ("sym", value)
            if value in CONSTANTS:
                return ("num", CONSTANTS[value])
            raise FormulaError(f"unknown name {value!r} (expected one of {sorted(self.symbols)})")
        if value == "(":
            node = self.expr(depth + 1)
            self.take(")")
            return node
        raise FormulaError(f"unexpected {value!r}")


def parse(text, symbols):
    """Parse ``text`` into a small tuple tree; raise FormulaError when it is not acceptable."""
    if not isinstance(text, str):
        raise FormulaError("the answer is not a formula")
    parser = _Parser(tokenize(text), symbols)
    tree = parser.expr(0)
    if parser.pos != len(parser.tokens):
        raise FormulaError(f"unexpected {parser.tokens[parser.pos][1]!r} after the formula")
    return tree


def evaluate(tree, points):
    """Evaluate a parsed formula at ``points`` ({symbol: array}); returns a float64 array."""
    n = len(next(iter(points.values())))
    with np.errstate(all="ignore"):
        return np.broadcast_to(_eval(tree, points), (n,)).astype(np.float64)


def _eval(node, points):
    kind = node[0]
    if kind == "num":
        return np.float64(node[1])
    if kind == "sym":
        return np.asarray(points[node[1]], dtype=np.float64)
    if kind == "neg":
        return -_eval(node[1], points)
    if kind == "fn":
        return FUNCTIONS[node[1]](_eval(node[2], points))
    a, b = _eval(node[1], points), _eval(node[2], points)
    if kind == "+":
        return a + b
    if kind == "-":
        return a - b
    if kind == "*":
        return a * b
    if kind == "/":
        return a / b
    return np.power(a, b)


def values_at(text, symbols, points):
    """Parse and evaluate in one go (what the grader and the self-check call)."""
    return evaluate(parse(text, symbols), points)
