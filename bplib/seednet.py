"""The seed article's example network (its §4.3), exactly as written.

Inputs x1, x2 (z1 = x1, z2 = x2) and, with σ the logistic sigmoid,

    z3 = σ(s3),  s3 = w31 x1 + w32 x2 + b3
    z4 = σ(s4),  s4 = w41 z3 + w42 x2 + b4
    z5 = σ(s5),  s5 = w51 z3 + w52 z4 + b5
    y' = σ(s6),  s6 = w61 z3 + w62 z4 + w63 z5 + b6
    L  = (y - y')²

This is not a layered MLP: z4 reads z3, z5 reads z3 and z4, and y' reads all three. It is a
general directed acyclic graph, and backprop works on it all the same: a node's gradient is the
sum over the nodes that consume it. It has 9 weights and 4 biases, 13 parameters in all.

Four ways to get ∂L/∂(parameter) meet here: `manual_backward` (by hand), the scalar engine
(`forward_values` then `.backward()`), `finite_difference_gradients`, and SymPy
(`bplib.symbolic.seed_network_gradients`).
"""

from bplib._validation import as_rng, check_positive
from bplib.scalar import Value, stable_sigmoid, sum_values

PARAM_NAMES = ("w31", "w32", "b3", "w41", "w42", "b4", "w51", "w52", "b5",
               "w61", "w62", "w63", "b6")

#: unit k reads these nodes, in the order of its weights w_k1, w_k2, ... (a DAG, not layers)
INPUTS = {3: ("x1", "x2"), 4: ("z3", "x2"), 5: ("z3", "z4"), 6: ("z3", "z4", "z5")}


def _check_params(func, params):
    missing = [name for name in PARAM_NAMES if name not in params]
    extra = sorted(set(params) - set(PARAM_NAMES))
    if missing or extra:
        raise ValueError(f"{func}: params must have exactly the keys {PARAM_NAMES}; "
                         f"missing {missing}, unexpected {extra}")


def random_params(rng=None, scale=1.0):
    """Parameters drawn from N(0, scale²): dict name -> float, keys in PARAM_NAMES order."""
    draws = as_rng(rng).normal(0.0, scale, size=len(PARAM_NAMES))
    return {name: float(v) for name, v in zip(PARAM_NAMES, draws)}


def forward(params, x1, x2, y):
    """Forward pass in plain floats.

    Returns a dict of floats: x1, x2, y, the weighted sums s3..s6, the activations z3, z4, z5,
    y_hat (= y' = σ(s6)) and the loss L = (y - y_hat)².
    """
    _check_params("forward", params)
    return build(params, float(x1), float(x2), float(y), stable_sigmoid)


def build(p, x1, x2, y, sigmoid):
    """The network's nodes computed with any number type: floats, SymPy symbols, ...

    ``p`` maps parameter names to numbers of that type and ``sigmoid`` is σ for it. Returns a
    dict with x1, x2, y, s3..s6, z3..z5, y_hat and L. The wiring is :data:`INPUTS`.
    """
    v = {"x1": x1, "x2": x2, "y": y}
    for k, sources in INPUTS.items():
        v[f"s{k}"] = sum((p[f"w{k}{j}"] * v[src] for j, src in enumerate(sources, start=1)), p[f"b{k}"])
        v["y_hat" if k == 6 else f"z{k}"] = sigmoid(v[f"s{k}"])
    v["L"] = (v["y"] - v["y_hat"]) ** 2
    return v


def loss(params, x1, x2, y):
    """The loss L = (y - y')² as a float."""
    return forward(params, x1, x2, y)["L"]


def forward_values(params, x1, x2, y):
    """The same forward pass built from `scalar.Value`s: returns dict name -> Value node.

    Keys (and node labels): every parameter, x1, x2, y, the products such as "w31*x1", the
    sums s3..s6 (one n-ary "Σ" node each), z3, z4, z5, y_hat, the error e = y - y_hat and L.
    Call ``nodes["L"].backward()`` and read ``nodes["w31"].grad`` etc.
    """
    _check_params("forward_values", params)
    n = {name: Value(params[name], label=name) for name in PARAM_NAMES}
    n.update(x1=Value(x1, label="x1"), x2=Value(x2, label="x2"), y=Value(y, label="y"))

    def labelled(name, node):
        node.label = name
        n[name] = node
        return node

    def unit(k, inputs):  # z_k = σ(s_k), s_k = Σ_j w_kj * input_j + b_k, every product labelled
        terms = [labelled(f"w{k}{j}*{source}", n[f"w{k}{j}"] * n[source])
                 for j, source in enumerate(inputs, start=1)]
        return labelled(f"s{k}", sum_values(terms + [n[f"b{k}"]])).sigmoid()

    for k, sources in INPUTS.items():
        labelled("y_hat" if k == 6 else f"z{k}", unit(k, sources))
    labelled("e", n["y"] - n["y_hat"])
    labelled("L", n["e"] ** 2)
    return n


def manual_backward(params, x1, x2, y, return_node_grads=False):
    """The backward pass derived by hand, node by node from L back to the inputs.

    δk = ∂L/∂s_k is the gradient at a unit's weighted sum: δk = ∂L/∂z_k · σ'(s_k) with
    σ'(s) = σ(s)(1 - σ(s)) = z_k(1 - z_k). A node's ∂L/∂z is the SUM over its consumers j of
    δj · w_jk (z4 feeds z5 and y'; z3 feeds z4, z5 and y'). Then ∂L/∂w_kj = δk · (input j) and
    ∂L/∂b_k = δk. Returns dict name -> float in PARAM_NAMES order (and, if return_node_grads,
    also a dict of ∂L/∂node for y_hat, s6, z5, s5, z4, s4, z3, s3).
    """
    v = forward(params, x1, x2, y)
    p = params
    dL_dyhat = -2.0 * (v["y"] - v["y_hat"])                     # L = (y - y')²
    d6 = dL_dyhat * v["y_hat"] * (1 - v["y_hat"])               # y' = σ(s6)
    dL_dz5 = d6 * p["w63"]                                      # z5 feeds y' only
    d5 = dL_dz5 * v["z5"] * (1 - v["z5"])
    dL_dz4 = d6 * p["w62"] + d5 * p["w52"]                      # z4 feeds y' and z5
    d4 = dL_dz4 * v["z4"] * (1 - v["z4"])
    dL_dz3 = d6 * p["w61"] + d5 * p["w51"] + d4 * p["w41"]      # z3 feeds y', z5 and z4
    d3 = dL_dz3 * v["z3"] * (1 - v["z3"])
    grads = {
        "w31": d3 * v["x1"], "w32": d3 * v["x2"], "b3": d3,
        "w41": d4 * v["z3"], "w42": d4 * v["x2"], "b4": d4,
        "w51": d5 * v["z3"], "w52": d5 * v["z4"], "b5": d5,
        "w61": d6 * v["z3"], "w62": d6 * v["z4"], "w63": d6 * v["z5"], "b6": d6,
    }
    if not return_node_grads:
        return grads
    node_grads = {"y_hat": dL_dyhat, "s6": d6, "z5": dL_dz5, "s5": d5,
                  "z4": dL_dz4, "s4": d4, "z3": dL_dz3, "s3": d3}
    return grads, node_grads


def engine_gradients(params, x1, x2, y):
    """∂L/∂parameter from the scalar engine: dict name -> float in PARAM_NAMES order."""
    nodes = forward_values(params, x1, x2, y)
    nodes["L"].backward()
    return {name: nodes[name].grad for name in PARAM_NAMES}


def finite_difference_gradients(params, x1, x2, y, h=1e-6):
    """Centred differences (L(p + h) - L(p - h)) / 2h for each parameter p, in float64.

    Costs 2 forward passes per parameter (26 here); error O(h²) plus rounding O(1e-16 / h).
    """
    _check_params("finite_difference_gradients", params)
    check_positive("finite_difference_gradients", "h", h)
    grads = {}
    for name in PARAM_NAMES:
        plus, minus = dict(params), dict(params)  # copies: the caller's dict is not changed
        plus[name] += h
        minus[name] -= h
        grads[name] = (loss(plus, x1, x2, y) - loss(minus, x1, x2, y)) / (2 * h)
    return grads
