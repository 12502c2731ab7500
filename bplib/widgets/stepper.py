"""Backprop stepper (notebook 05): walk forward, then backward, through the seed network's graph.

The graph is the seed article's network (`bplib.seednet`) at the level of its named values:
inputs x1, x2 and target y, the weighted sums s3..s6, the activations z3, z4, z5, y' (= σ(s6)),
the error e = y - y' and the loss L = e². Every number comes from the scalar engine
(`seednet.forward_values` then `L.backward()`):

* forward step: one node gets its value, from nodes that already have theirs;
* backward step: one node gets its gradient, in reverse topological order, as the SUM over the
  nodes that consume it of  local gradient × upstream gradient,

      ∂L/∂n = Σ_c ∂c/∂n · ∂L/∂c ,

  where ∂c/∂n is read off the engine's local derivatives (e.g. ∂s5/∂z4 = w52, ∂z4/∂s4 = σ'(s4)).
  A node with one consumer shows one product; z3, z4 and x2 feed several nodes and show a sum.
"""

import ipywidgets as widgets
from matplotlib.patches import Patch

from bplib import seednet

from ._app import WidgetApp

# node -> (column, row) of the drawing: weighted sums on top, activations below them
POSITIONS = {"x1": (0, 1), "x2": (0, -1), "s3": (1, 1), "z3": (1, -1), "s4": (2, 1), "z4": (2, -1),
             "s5": (3, 1), "z5": (3, -1), "s6": (4, 1), "y_hat": (4, -1), "y": (5, -1), "e": (5, 1),
             "L": (6, 1)}
NAMES = {"y_hat": "y′"}
FORMULAS = {"s3": "w31·x1 + w32·x2 + b3", "z3": "σ(s3)", "s4": "w41·z3 + w42·x2 + b4", "z4": "σ(s4)",
            "s5": "w51·z3 + w52·z4 + b5", "z5": "σ(s5)", "s6": "w61·z3 + w62·z4 + w63·z5 + b6",
            "y_hat": "σ(s6)", "e": "y − y′", "L": "e²"}
FORWARD = list(FORMULAS)                     # the computed nodes, in topological order
BACKWARD = ["L", "e", "y_hat", "s6", "z5", "s5", "z4", "s4", "z3", "s3", "x2", "x1"]
INPUTS = {"s3": ["x1", "x2"], "z3": ["s3"], "s4": ["z3", "x2"], "z4": ["s4"], "s5": ["z3", "z4"],
          "z5": ["s5"], "s6": ["z3", "z4", "z5"], "y_hat": ["s6"], "e": ["y", "y_hat"], "L": ["e"]}
CONSUMERS = {n: [c for c in FORWARD if n in INPUTS[c]] for n in POSITIONS}


def name(node):
    """How a node is printed: y_hat -> y′."""
    return NAMES.get(node, node)


def _local_derivative(consumer, node, named):
    """∂consumer/∂node from the engine's local derivatives, through unnamed nodes such as w52*z4."""
    if consumer is node:
        return 1.0
    return sum(local * _local_derivative(child, node, named)
               for child, local in zip(consumer._prev, consumer._local_grads)
               if child is node or (child not in named and child._prev))


def stepper_steps(params=None, x1=0.5, x2=-1.0, y=1.0, seed=0):
    """The stepper's table: one dict per step (0 = start, then forward, then backward).

    Forward steps hold node, formula, value. Backward steps also hold ``terms`` — a list of
    (consumer, local ∂c/∂n, upstream ∂L/∂c) — and ``grad`` = ∂L/∂node from the scalar engine.
    """
    params = seednet.random_params(seed) if params is None else dict(params)
    nodes = seednet.forward_values(params, x1, x2, y)
    nodes["L"].backward()
    named = {nodes[n] for n in POSITIONS}
    steps = [{"phase": "start", "node": "", "value": float("nan")}]
    for n in FORWARD:
        steps.append({"phase": "forward", "node": n, "formula": FORMULAS[n], "value": nodes[n].data})
    for n in BACKWARD:
        terms = [(c, _local_derivative(nodes[c], nodes[n], named), nodes[c].grad) for c in CONSUMERS[n]]
        own = [p for p in seednet.PARAM_NAMES if n.startswith("s") and p[1] == n[1]]  # w4j, b4 of s4
        steps.append({"phase": "backward", "node": n, "value": nodes[n].data, "terms": terms,
                      "grad": nodes[n].grad, "param_grads": {p: nodes[p].grad for p in own}})
    return steps, nodes, params


def _number(x):
    """4 significant digits, negative numbers in parentheses (for products like 2 × (-0.5))."""
    return f"({x:.4g})" if x < 0 else f"{x:.4g}"


def _readout(result):
    """One line: which step, which node, its value, and in the backward phase local × upstream."""
    node, label = result["node"], name(result["node"])
    if result["phase"] == "start":
        return f"step 0: inputs x1 = {result['x1']:.4g}, x2 = {result['x2']:.4g}, target y = {result['y']:.4g}"
    head = f"step {result['step']} ({result['phase']} {result['phase_step']}/{result['phase_steps']}): {label}"
    if result["phase"] == "forward":
        return f"{head} = {FORMULAS[node]} = {result['value']:.4g}"
    if result["n_terms"] == 0:
        return f"{head} = {result['value']:.4g}   ∂L/∂L = 1 (the seed of the backward pass)"
    products = " + ".join(f"{_number(result[f'local_{i}'])} × {_number(result[f'upstream_{i}'])}"
                          for i in range(1, result["n_terms"] + 1))
    consumers = ", ".join(name(c) for c in CONSUMERS[node])
    text = (f"{head} = {result['value']:.4g}   local × upstream (from {consumers}): "
            f"∂L/∂{label} = {products} = {result['grad']:.4g}")
    if result["param_grads"]:  # a weighted sum s_k: its weights' and bias' gradients follow at once
        text += "   ⇒ " + ", ".join(f"∂L/∂{p} = {g:.4g}" for p, g in result["param_grads"].items())
    return text


def _draw(fig, values, result, steps):
    """The graph with values (and gradients once known); the current node highlighted."""
    step = values["step"]
    fig.set_layout_engine("constrained")
    ax = fig.add_subplot(1, 1, 1)
    done_fwd = {s["node"] for s in steps[1:step + 1] if s["phase"] == "forward"} | {"x1", "x2", "y"}
    done_bwd = {s["node"]: s["grad"] for s in steps[1:step + 1] if s["phase"] == "backward"}
    current = result["node"]
    value = {s["node"]: s["value"] for s in steps[1:]}
    value.update(x1=result["x1"], x2=result["x2"], y=result["y"])
    for c, inputs in INPUTS.items():
        for n in inputs:
            hot = (current == c and result["phase"] == "forward") or (current == n and result["phase"] == "backward")
            (xa, ya), (xb, yb) = POSITIONS[n], POSITIONS[c]
            ax.annotate("", xy=(xb, yb), xytext=(xa, ya), arrowprops=dict(
                arrowstyle="-|>", color="#d9480f" if hot else "#888888", lw=2.0 if hot else 0.8,
                shrinkA=20, shrinkB=20))
            if hot and result["phase"] == "backward":
                local = dict((t[0], t[1]) for t in result["terms"])[c]
                ax.text(xa + 0.75 * (xb - xa), ya + 0.75 * (yb - ya), f"×{local:.3g}" if local >= 0 else f"×({local:.3g})", color="#d9480f",
                        fontsize=9, ha="center", va="center", zorder=4,
                        bbox=dict(boxstyle="round,pad=0.1", fc="white", ec="none"))
    for n, (x, yy) in POSITIONS.items():
        lines = [name(n)] + ([f"{value[n]:.3f}"] if n in done_fwd else ["?"])
        lines += [f"∂L: {done_bwd[n]:.3g}"] if n in done_bwd else []
        colour = "#ffd8a8" if n == current else ("#d3f9d8" if n in done_bwd else
                                                  ("#dbe8f5" if n in done_fwd else "#f1f3f5"))
        ax.text(x, yy, "\n".join(lines), ha="center", va="center", fontsize=9, zorder=3,
                bbox=dict(boxstyle="round,pad=0.3", fc=colour, ec="#495057"))
    ax.set_xlim(-0.5, 6.5)
    ax.set_ylim(-1.6, 1.6)
    ax.axis("off")
    where = "start" if result["phase"] == "start" else f"{result['phase']} step: {name(current)}"
    ax.set_title(f"The seed article's network as a graph — step {step} of {len(steps) - 1}, {where}")
    ax.legend(handles=[Patch(fc="#ffd8a8", ec="#495057", label="current node"),
                       Patch(fc="#dbe8f5", ec="#495057", label="value known"),
                       Patch(fc="#d3f9d8", ec="#495057", label="value and ∂L/∂node known"),
                       Patch(fc="#f1f3f5", ec="#495057", label="not computed yet")],
              loc="lower center", bbox_to_anchor=(0.5, -0.12), ncol=4, frameon=False)


def backprop_stepper(*, params=None, x1=0.5, x2=-1.0, y=1.0, seed=0):
    """Step slider 0 .. 22 through the seed network: 10 forward steps, then 12 backward steps.

    params: dict of the 13 parameters (default ``seednet.random_params(seed)``); x1, x2: inputs;
    y: target. ``app.state`` holds the current step's node, value and (backward) grad, ``n_terms``
    and ``local_i``, ``upstream_i`` for each consumer i, so that grad = Σ local_i × upstream_i; at a
    weighted sum s_k also ``param_grads`` (∂L/∂w_kj = ∂L/∂s_k · input j, ∂L/∂b_k = ∂L/∂s_k).
    """
    steps, _, params = stepper_steps(params, x1, x2, y, seed)
    n_fwd = len(FORWARD)

    def compute(step):
        s = steps[step]
        result = {"step": step, "phase": s["phase"], "node": s["node"], "value": s["value"],
                  "x1": float(x1), "x2": float(x2), "y": float(y)}
        if s["phase"] != "start":
            result["phase_step"] = step if s["phase"] == "forward" else step - n_fwd
            result["phase_steps"] = n_fwd if s["phase"] == "forward" else len(BACKWARD)
        if s["phase"] == "backward":
            result.update(grad=s["grad"], n_terms=len(s["terms"]), terms=s["terms"],
                          param_grads=dict(s["param_grads"]))
            for i, (_, local, upstream) in enumerate(s["terms"], start=1):
                result[f"local_{i}"], result[f"upstream_{i}"] = local, upstream
        return result

    control = widgets.IntSlider(value=0, min=0, max=len(steps) - 1, step=1, description="step",
                                continuous_update=False, style={"description_width": "initial"})
    app = WidgetApp("Backprop stepper: forward, then backward through the seed network",
                    {"step": control}, compute,
                    draw=lambda fig, values, result: _draw(fig, values, result, steps),
                    readout_format=_readout, figsize=(10.0, 4.4))
    app.params = params
    return app
