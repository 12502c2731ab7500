"""A scalar reverse-mode automatic differentiation engine (notebook 05), in the spirit of micrograd.

A `Value` holds one number `data` and, after `root.backward()`, its gradient `grad` = ∂root/∂node.
Each operation is written as two things: the forward value, and the *local* derivatives
∂out/∂input, stored in `out._local_grads`. The backward step of a node is the chain rule,

    input.grad += local_derivative * out.grad          (upstream gradient × local gradient)

Why `+=` and not `=`: a node that is used more than once (``b = a + a``, or ``z3`` feeding three
later nodes of the seed network) receives one contribution per use, and the multivariable chain
rule says its gradient is the SUM of them. `=` would silently keep only the last contribution.

A node may only pass its gradient on once every consumer has added to it, so `backward` visits the
nodes in reverse topological order; `topological_order` builds that order with an explicit stack,
so graphs deeper than Python's recursion limit (about 1000 nodes) work. Drawing: `draw_graph`.
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

    `_children` are the nodes this one was computed from (in operand order, repeated if an operand
    is used twice), `_op` names the operation, `label` is a name for printing and drawing.
    Python numbers mixed into arithmetic become constant leaf Values.
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
            raise OverflowError(f"Value.exp: e^{self.data:g} overflows float64 (max e^709.78)") from None
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
    raise TypeError(f"Value: cannot combine a Value with {type(x).__name__}; use a number or a Value")


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


def _layout(nodes):
    """Positions {node: (column, y)}: a column per depth (inputs left, root right), a leaf one
    column left of its first consumer; y near the mean y of its neighbours, at least 1 apart."""
    depth, consumers = {}, {n: [] for n in nodes}
    for n in nodes:
        depth[n] = 1 + max(depth[c] for c in n._prev) if n._prev else 0
        for c in n._prev:
            consumers[c].append(n)
    col = {n: depth[n] if n._prev else min((depth[p] for p in consumers[n]), default=1) - 1
           for n in nodes}
    columns = {}
    for n in nodes:
        columns.setdefault(col[n], []).append(n)
    y = {n: -float(i) for members in columns.values() for i, n in enumerate(members)}
    order = sorted(columns)
    for sweep in range(6):  # alternate left-to-right and right-to-left barycentre sweeps
        forward = sweep % 2 == 0
        for c in order if forward else order[::-1]:
            wanted = {}
            for n in columns[c]:
                near = n._prev if forward else consumers[n]
                near = near or (*n._prev, *consumers[n])
                wanted[n] = sum(y[m] for m in near) / len(near) if near else y[n]
            members = sorted(columns[c], key=lambda n: -wanted[n])
            placed = []
            for n in members:  # top to bottom, keeping a gap of 1
                placed.append(min(wanted[n], placed[-1] - 1.0) if placed else wanted[n])
            shift = (sum(wanted.values()) - sum(placed)) / len(placed)
            for n, yn in zip(members, placed):
                y[n] = yn + shift
    return {n: (col[n], y[n]) for n in nodes}


def draw_graph(root, ax=None, show_grad=True, title=None):
    """Draw root's computational graph with matplotlib; returns the axes.

    Inputs on the left, root on the right. Each value is a box with its label, data and (if
    show_grad) grad; the operation that produced it is a circle at the box's left; arrows run
    from inputs to operations. Readable up to about 30-40 nodes.
    """
    import matplotlib.pyplot as plt

    nodes = topological_order(root)
    pos = _layout(nodes)
    n_cols = max(c for c, _ in pos.values()) + 1
    ys = [yn for _, yn in pos.values()]
    height = max(ys) - min(ys) + 1
    if ax is None:
        _, ax = plt.subplots(figsize=(min(22.0, 1.0 + 1.35 * n_cols), min(14.0, 1.3 + 0.6 * height)))
    # the op circle sits just left of its box: estimate the box's half width in column units
    column_inches = ax.get_position().width * ax.figure.get_figwidth() / (n_cols + 0.4)
    box_style = dict(boxstyle="round,pad=0.25", fc="#eef4fb", ec="#3a6ea5")
    op_style = dict(boxstyle="circle,pad=0.15", fc="#fdf1dc", ec="#c08a2d")
    box, op_circle = {}, {}
    for n in nodes:
        x, yn = pos[n]
        lines = ([n.label] if n.label else []) + [f"data {n.data:.4g}"]
        lines += [f"grad {n.grad:.4g}"] if show_grad else []
        box[n] = ax.text(x, yn, "\n".join(lines), ha="center", va="center", fontsize=7,
                         bbox=box_style, zorder=3)
        if n._prev:
            half_width = (max(map(len, lines)) * 3.9 + 8) / 72 / 2 / column_inches
            op_circle[n] = ax.text(x - half_width - 0.08, yn, n._op, ha="center", va="center", fontsize=7,
                                   bbox=op_style, zorder=4)
    arrow = dict(arrowstyle="-|>", color="#555555", lw=0.7, shrinkA=1, shrinkB=1)
    for parent, circle in op_circle.items():
        uses = {}
        for child in parent._prev:  # an input used twice gets a second, curved arrow
            uses[child] = uses.get(child, -1) + 1
            ax.annotate("", xy=(0.5, 0.5), xytext=(0.5, 0.5), xycoords=circle, textcoords=box[child],
                        arrowprops=dict(arrow, connectionstyle=f"arc3,rad={0.35 * uses[child]}",
                                        patchA=box[child].get_bbox_patch(),
                                        patchB=circle.get_bbox_patch()))
    ax.set_xlim(-0.8, n_cols - 0.4)
    ax.set_ylim(min(ys) - 0.7, max(ys) + 0.7)
    ax.axis("off")
    shown = "data and grad" if show_grad else "data"
    ax.set_title(title or f"Computational graph of {root.label or 'the output'} "
                 f"({len(nodes)} values, {shown} in each box)")
    return ax
