"""Read a learner's formula safely and evaluate it at points.

The sandboxed child returns a formula as text (``str()`` of a SymPy expression). The grader never
hands that text to ``eval``, ``sympy.sympify`` or ``parse_expr`` (which all evaluate Python code):
this module tokenises it and parses it with a small recursive-descent grammar that knows only
numbers, the question's symbols, ``pi``/``E`` and a whitelist of functions, and evaluates the tree
with NumPy in float64 (``values_at``) or with mpmath at 50 significant digits
(``precise_values``). Size and nesting are capped — characters, nesting of brackets, nodes of the
tree and its depth — and a formula beyond a cap raises ``FormulaTooLarge`` (a specific status and
message), so a hostile string costs at most milliseconds.

Grading compares formulas *exactly*: the learner's formula and the solution's are evaluated at
12 random points (float64 numbers, i.e. exact binary rationals) with 50 significant digits, and
must agree to ``EXACT_DIGITS`` digits. Two formulas that are equal as functions agree to about 45
digits; a finite-difference approximation (off by about the step h) or a constant truncated to a
few decimals (2.718 for e) differs in the 4th to 12th digit and fails.
"""

import re

import mpmath
import numpy as np

MAX_CHARS = 5000
MAX_DEPTH = 60          # nested brackets, function calls, signs and powers while parsing
MAX_NODES = 2000        # nodes of the parsed tree
MAX_TREE_DEPTH = 200    # longest path in the tree (a chain a+a+...+a is as deep as it is long)
DIGITS = 50             # working precision of precise_values (significant decimal digits)
EXACT_DIGITS = 30       # agreement required between two formulas' precise values
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


class FormulaTooLarge(FormulaError):
    """The formula exceeds one of the reader's size or depth limits."""


def tokenize(text):
    if len(text) > MAX_CHARS:
        raise FormulaTooLarge(f"formula too large: {len(text)} characters (limit {MAX_CHARS}); "
                              "simplify it (sp.simplify) before returning it")
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
            raise FormulaTooLarge(f"formula too large: brackets, functions and powers nested more "
                                  f"than {MAX_DEPTH} deep")
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
            return ("num", float(value), value)
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
                return ("num", CONSTANTS[value], value)
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
    nodes, depth = tree_size(tree)
    if nodes > MAX_NODES:
        raise FormulaTooLarge(f"formula too large: {nodes} operations and numbers (limit {MAX_NODES}); "
                              "simplify it (sp.simplify) before returning it")
    if depth > MAX_TREE_DEPTH:
        raise FormulaTooLarge(f"formula too large: a chain of {depth} operations (limit "
                              f"{MAX_TREE_DEPTH}); simplify it (sp.simplify) before returning it")
    return tree


def tree_size(tree):
    """(number of nodes, depth) of a parsed tree, without recursion."""
    nodes, deepest, todo = 0, 0, [(tree, 1)]
    while todo:
        node, depth = todo.pop()
        nodes += 1
        deepest = max(deepest, depth)
        todo += [(child, depth + 1) for child in node[1:] if isinstance(child, tuple)]
    return nodes, deepest


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
    """Parse and evaluate in float64 in one go."""
    return evaluate(parse(text, symbols), points)


_MP_FUNCTIONS = {
    "exp": mpmath.exp, "log": mpmath.log, "sqrt": mpmath.sqrt, "sin": mpmath.sin,
    "cos": mpmath.cos, "tan": mpmath.tan, "tanh": mpmath.tanh, "sinh": mpmath.sinh,
    "cosh": mpmath.cosh, "Abs": mpmath.fabs, "abs": mpmath.fabs, "sign": mpmath.sign,
    "Heaviside": lambda x: mpmath.mpf(1) if x > 0 else mpmath.mpf(0) if x < 0 else mpmath.mpf(0.5),
    "sigmoid": lambda x: 1 / (1 + mpmath.exp(-x)),
}
_UNDEFINED = (ZeroDivisionError, ValueError, OverflowError, TypeError)


def precise_values(text, symbols, points):
    """The formula at each point with ``DIGITS`` significant digits: a tuple of decimal strings,
    ``None`` where it is undefined there (a division by zero, the log of a negative number)."""
    tree = parse(text, symbols)
    n = len(next(iter(points.values())))
    out = []
    with mpmath.workprec(int(DIGITS * 3.33) + 8):
        for i in range(n):
            at = {k: mpmath.mpf(float(v[i])) for k, v in points.items()}  # floats are exact rationals
            try:
                value = _mp_eval(tree, at)
            except _UNDEFINED:
                value = None
            if value is None or not isinstance(value, mpmath.mpf) or not mpmath.isfinite(value):
                out.append(None)
            else:
                out.append(mpmath.nstr(value, DIGITS, min_fixed=1, max_fixed=0))
    return tuple(out)


def _mp_eval(node, at):
    kind = node[0]
    if kind == "num":
        return mpmath.mpf(node[1]) if not isinstance(node[1], float) else _mp_number(node)
    if kind == "sym":
        return at[node[1]]
    if kind == "neg":
        return -_mp_eval(node[1], at)
    if kind == "fn":
        return _MP_FUNCTIONS[node[1]](_mp_eval(node[2], at))
    a, b = _mp_eval(node[1], at), _mp_eval(node[2], at)
    if kind == "+":
        return a + b
    if kind == "-":
        return a - b
    if kind == "*":
        return a * b
    if kind == "/":
        return a / b
    if a < 0 and b != int(b):
        raise ValueError("a negative number to a fractional power")
    return a ** b


def _mp_number(node):
    """A literal as written (its decimal text when it has one), constants at full precision."""
    if len(node) > 2:
        return mpmath.mpf(node[2]) if node[2] not in _MP_CONSTANTS else _MP_CONSTANTS[node[2]]()
    return mpmath.mpf(node[1])


_MP_CONSTANTS = {"pi": lambda: +mpmath.pi, "E": lambda: +mpmath.e}


def compare_precise(expected, got):
    """None when two precise evaluations agree to ``EXACT_DIGITS`` digits wherever the reference
    is defined; else (index, expected, got) of the first point where they differ."""
    tolerance = mpmath.mpf(10) ** -EXACT_DIGITS
    with mpmath.workprec(int(DIGITS * 3.33) + 8):
        for i, (e, g) in enumerate(zip(expected, got)):
            if e is None:
                continue
            if g is None:
                return i, e, g
            a, b = mpmath.mpf(e), mpmath.mpf(g)
            if abs(a - b) > tolerance * max(1, abs(a)):
                return i, e, g
    return None
