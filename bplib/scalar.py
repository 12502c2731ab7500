"""A scalar reverse-mode automatic differentiation engine (notebook 05), after micrograd.

A `Value` holds one number `data` and, after `root.backward()`, its gradient `grad` = ∂root/∂node.
Each operation is written as two things: the forward value, and the *local* derivatives
∂out/∂input, stored in `out._local_grads`. The backward step of a node is the chain rule,

    input.grad += local_derivative * out.grad          (upstream gradient × local gradient)

Why `+=` and not `=`: a node that is used more than once (``b = a + a``, or ``z3`` feeding three
later nodes of the seed network) receives one contribution per use, and the multivariable chain
rule says its gradient is the SUM of them. `=` would silently keep only the last contribution.

A node may only pass its gradient on once every consumer has added to it, so `backward` visits the
nodes in reverse topological order; `topological_order` builds that order with an explicit stack,
so graphs deeper than Python's recursion limit (about 1000 nodes) work. Drawing:
`bplib.graph_drawing.draw_graph`.
"""

import math
import numbers


def stable_sigmoid(x):
    """σ(x) = 1 / (1 + e^(-x)) for a float, with no overflow for any finite x (e.g. ±1000)."""
    if x >= 0:
        return 1.0 / (1.0 + math.exp(-x))
    e = math.exp(x)  # x < 0, so e <= 1: no overflow
    return e / (1.0 + e)


class Value:
    """One scalar node: Value(data, _children=(), _op="", label="") with `.data` and `.grad` floats.

    The operations fill in the graph: `_prev` holds the nodes this one was computed from (in
    operand order, repeated if an operand is used twice), `_op` names the operation and
    `_local_grads[i]` = ∂self/∂_prev[i] at the forward values. `label` is a name for printing
    and drawing. Python numbers mixed into arithmetic become constant leaf Values.
    """

    def __init__(self, data, _children=(), _op="", label=""):
        if isinstance(data, Value) or not isinstance(data, numbers.Real):
            raise TypeError(f"Value: data must be a real number; got {type(data).__name__}")
        self.data = float(data)
        self.grad = 0.0
        self._prev = tuple(_children)
        self._local_grads = ()
        self._op = _op
        self.label = label

    def __repr__(self):
        name = f"label={self.label!r}, " if self.label else ""
        return f"Value({name}data={self.data:.6g}, grad={self.grad:.6g})"

    def _result(self, data, children, local_grads, op):
        """A new node `out` = op(children) with ∂out/∂children[i] = local_grads[i]."""
        out = Value(data, children, op)
        out._local_grads = tuple(float(g) for g in local_grads)
        return out

    def _backward(self):
        """Chain rule for one node: each input's grad += local derivative × this node's grad."""
        for child, local in zip(self._prev, self._local_grads):
            child.grad += local * self.grad

    # --- binary operations: out = a op b -------------------------------------------------------
    def __add__(self, other):
        """a + b; ∂/∂a = 1, ∂/∂b = 1."""
        other = _as_value(other)
        return self._result(self.data + other.data, (self, other), (1.0, 1.0), "+")

    def __sub__(self, other):
        """a - b; ∂/∂a = 1, ∂/∂b = -1."""
        other = _as_value(other)
        return self._result(self.data - other.data, (self, other), (1.0, -1.0), "-")

    def __mul__(self, other):
        """a * b; ∂/∂a = b, ∂/∂b = a."""
        other = _as_value(other)
        return self._result(self.data * other.data, (self, other), (other.data, self.data), "*")

    def __truediv__(self, other):
        """a / b; ∂/∂a = 1/b, ∂/∂b = -a/b²."""
        other = _as_value(other)
        if other.data == 0.0:
            raise ZeroDivisionError(f"Value./: division by zero ({self.data:g} / 0)")
        b = other.data
        return self._result(self.data / b, (self, other), (1.0 / b, -self.data / b**2), "/")

    def __pow__(self, other):
        """a ** n for a constant number n: ∂/∂a = n a^(n-1).

        a ** b for a Value b (needs a > 0): ∂/∂a = b a^(b-1), ∂/∂b = a^b ln a.
        """
        a = self.data
        if isinstance(other, numbers.Real):
            n = float(other)
            if (a == 0.0 and n < 1.0) or (a < 0.0 and not n.is_integer()):
                raise ValueError(f"Value.**: {a:g} ** {n:g} has no real value or derivative")
            return self._result(a**n, (self,), (n * a ** (n - 1),), f"**{n:g}")
        if not isinstance(other, Value):
            return NotImplemented
        if a <= 0.0:
            raise ValueError(f"Value.**: a Value exponent needs a base > 0 (ln a); got base {a:g}")
        b, out = other.data, a**other.data
        return self._result(out, (self, other), (b * a ** (b - 1), out * math.log(a)), "**")

    # reflected forms, number op Value: the number becomes a constant leaf on the left
    def __radd__(self, other):
        return _as_value(other) + self

    def __rsub__(self, other):
        return _as_value(other) - self

    def __rmul__(self, other):
        return _as_value(other) * self

    def __rtruediv__(self, other):
        return _as_value(other) / self

    def __rpow__(self, other):
        return _as_value(other) ** self

    # --- unary operations: out = f(a) ----------------------------------------------------------
    def __neg__(self):
        """-a; ∂/∂a = -1."""
        return self._result(-self.data, (self,), (-1.0,), "neg")

    def exp(self):
        """e^a; ∂/∂a = e^a, which is the output itself."""
        try:
            out = math.exp(self.data)
        except OverflowError:
            msg = f"Value.exp: e^{self.data:g} overflows float64 (the largest is about e^709.78)"
            raise OverflowError(msg) from None
        return self._result(out, (self,), (out,), "exp")

    def log(self):
        """ln a (needs a > 0); ∂/∂a = 1/a."""
        if self.data <= 0.0:
            raise ValueError(f"Value.log: needs a value > 0; got {self.data:g}")
        return self._result(math.log(self.data), (self,), (1.0 / self.data,), "log")

    def tanh(self):
        """tanh a; ∂/∂a = 1 - tanh² a."""
        t = math.tanh(self.data)
        return self._result(t, (self,), (1.0 - t * t,), "tanh")

    def sigmoid(self):
        """σ(a) = 1/(1 + e^-a), stable for large |a|; ∂/∂a = σ(a)(1 - σ(a))."""
        s = stable_sigmoid(self.data)
        return self._result(s, (self,), (s * (1.0 - s),), "σ")

    def relu(self):
        """max(0, a); ∂/∂a = 1 if a > 0 else 0 (0 at the kink a = 0)."""
        return self._result(max(0.0, self.data), (self,), (1.0 if self.data > 0 else 0.0,), "relu")

    # --- the backward pass ---------------------------------------------------------------------
    def backward(self, accumulate=False):
        """Fill `.grad` of every node of the graph with ∂self/∂node (reverse-mode chain rule).

        accumulate=False (default): every grad in the graph is reset to 0 first, so calling
        backward twice gives the same gradients (idempotent).
        accumulate=True: like PyTorch, interior grads are reset but leaf grads (parameters,
        inputs) keep what they had and the new gradients are ADDED to them; calling it twice
        doubles the leaf grads. Use it to sum gradients of several graphs sharing leaves.
        """
        order = topological_order(self)
        for node in order:
            if not accumulate or node._prev:
                node.grad = 0.0
        self.grad += 1.0  # seed: ∂self/∂self = 1
        for node in reversed(order):
            node._backward()


def _as_value(x):
    """Wrap a Python number as a constant leaf Value; Values pass through."""
    if isinstance(x, Value):
        return x
    if isinstance(x, numbers.Real):
        return Value(x)
    raise TypeError(f"Value: cannot combine a Value with a {type(x).__name__}; "
                    "use a number or a Value")


def sum_values(values, label=""):
    """One n-ary sum node out = v1 + v2 + ... (numbers allowed); ∂out/∂vi = 1 for every i.

    Same value and gradients as chaining `+`, with one node instead of n - 1 (smaller drawings).
    """
    values = [_as_value(v) for v in values]
    if not values:
        raise ValueError("sum_values: values must hold at least one Value or number; got none")
    out = values[0]._result(math.fsum(v.data for v in values), values, [1.0] * len(values), "Σ")
    out.label = label
    return out


def topological_order(root):
    """All nodes of root's graph, each after every node it was computed from (root last).

    Iterative depth-first search with an explicit stack: no recursion limit. Shape: list of Values.
    """
    order, visited = [], set()
    stack = [(root, False)]
    while stack:
        node, children_done = stack.pop()
        if children_done:
            order.append(node)
            continue
        if node in visited:
            continue
        visited.add(node)
        stack.append((node, True))
        stack.extend((child, False) for child in reversed(node._prev) if child not in visited)
    return order


def zero_grad(root):
    """Set `.grad = 0` on every node of root's graph (leaves included)."""
    for node in topological_order(root):
        node.grad = 0.0


def graph_nodes_edges(root):
    """(nodes, edges) of root's graph: nodes in topological order, edges (child, parent) pairs.

    An input used twice by one operation (``a + a``) gives two identical edges.
    """
    nodes = topological_order(root)
    edges = [(child, node) for node in nodes for child in node._prev]
    return nodes, edges


trace = graph_nodes_edges


def backward_steps(root):
    """Run root.backward() and return its steps in the order the engine takes them (root first).

    One step per node that has inputs: (node, terms) with one term per input,
    (child, local, upstream, local * upstream), where upstream = node.grad and the product is
    what the step adds to child.grad. A backprop stepper can replay these one by one.
    """
    root.backward()
    return [(node, [(child, local, node.grad, local * node.grad)
                    for child, local in zip(node._prev, node._local_grads)])
            for node in reversed(topological_order(root)) if node._prev]

