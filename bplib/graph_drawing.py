"""Drawing a scalar computational graph (a `bplib.scalar.Value` and everything it depends on).

Layout: one column per depth (inputs left, the root right); rows placed by a few barycentre
sweeps so that edges stay short. Pure matplotlib, no graphviz.
"""

from .scalar import topological_order


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
    shown = "data and grad" if show_grad else "data"
    title = title or (f"Computational graph of {root.label or 'the output'} "
                      f"({len(nodes)} value{'s' * (len(nodes) != 1)}, {shown} in each box)")
    if ax is None:
        size = (min(22.0, 1.0 + 1.35 * n_cols), min(14.0, 1.3 + 0.6 * height))
        fig, ax = plt.subplots(figsize=size)
        # Fixed margins, set before the boxes are sized from the axes' width: the title's lines
        # (about 0.25 in each) above, a sliver elsewhere; the figure is saved as laid out.
        title_inches = 0.15 + 0.25 * (title.count("\n") + 1)
        fig.subplots_adjust(left=0.01, right=0.99, bottom=0.01, top=1 - title_inches / size[1])
    # the op circle sits just left of its box: estimate the box's half width in column units
    column_inches = ax.get_position().width * ax.figure.get_figwidth() / (n_cols + 0.4)
    box_style = dict(boxstyle="round,pad=0.25", fc="#eef4fb", ec="#3a6ea5")
    op_style = dict(boxstyle="circle,pad=0.15", fc="#fdf1dc", ec="#c08a2d")
    box, op_circle = {}, {}
    for n in nodes:
        x, yn = pos[n]
        lines = ([n.label] if n.label else []) + [f"data {n.data + 0.0:.4g}"]  # + 0.0: no "-0"
        lines += [f"grad {n.grad + 0.0:.4g}"] if show_grad else []
        box[n] = ax.text(x, yn, "\n".join(lines), ha="center", va="center", fontsize=7,
                         bbox=box_style, zorder=3)
        if n._prev:
            half_width = (max(map(len, lines)) * 3.9 + 8) / 72 / 2 / column_inches
            op_circle[n] = ax.text(x - half_width - 0.08, yn, n._op, ha="center", va="center",
                                   fontsize=7, bbox=op_style, zorder=4)
    arrow = dict(arrowstyle="-|>", color="#555555", lw=0.7, shrinkA=1, shrinkB=1)
    for parent, circle in op_circle.items():
        uses = {}
        for child in parent._prev:  # an input used twice gets a second, curved arrow
            uses[child] = uses.get(child, -1) + 1
            ax.annotate("", xy=(0.5, 0.5), xytext=(0.5, 0.5), xycoords=circle,
                        textcoords=box[child], arrowprops=dict(
                            arrow, connectionstyle=f"arc3,rad={0.35 * uses[child]}",
                            patchA=box[child].get_bbox_patch(), patchB=circle.get_bbox_patch()))
    ax.set_xlim(-0.8, n_cols - 0.4)
    ax.set_ylim(min(ys) - 0.7, max(ys) + 0.7)
    ax.axis("off")
    ax.set_title(title)
    return ax
