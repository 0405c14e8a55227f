"""A computation as a graph (notebook 14): every Value of annlib.autograd as a box, with the
number it holds and its slope, and an arrow from each Value to what is made from it,
labelled with the local slope that backward() multiplies by on the way back.
"""

from __future__ import annotations

from matplotlib.patches import FancyArrowPatch, FancyBboxPatch

from ._style import ACTIVE, INK, NEUTRAL, _new_axes

_STEP = 3.0  # from one column to the next: boxes 1.7 wide, and room for a label between


def _layout(order, result) -> dict[int, tuple[float, float]]:
    """Where each Value goes: one column per step back from the result (a Value just left of
    the first Value made from it), each Value beside the one Value made from it (operands top
    to bottom in their order, so a + b shows a above b) or, used more than once, at the mean
    height of its uses, and spread out so that no two in a column overlap."""
    steps = {id(result): 0}
    for node in reversed(order):  # what is made from a Value comes before it here
        for parent in node._parents:  # the longest way back: every arrow points right
            steps[id(parent)] = max(steps.get(id(parent), 0), steps[id(node)] + 1)
    uses: dict[int, list[tuple[float, float]]] = {id(result): [(0.0, 0.0)]}
    height, anchor = {}, {}
    for node in reversed(order):  # every Value made from a node comes before it here
        used = uses[id(node)]  # (height of a Value made from it, its place among operands)
        anchor[id(node)] = sum(h for h, _ in used) / len(used)  # breaks ties: higher uses first
        if len(used) == 1:  # beside its one use, operands top to bottom in their order
            height[id(node)] = used[0][0] + used[0][1]
        else:  # between its uses
            height[id(node)] = sum(h for h, _ in used) / len(used)
        k = len(node._parents)
        for i, parent in enumerate(node._parents):
            offset = ((k - 1) / 2 - i) * 1.2  # the first operand highest
            uses.setdefault(id(parent), []).append((height[id(node)], offset))
    columns: dict[int, list] = {}
    for node in order:
        columns.setdefault(steps[id(node)], []).append(node)
    widest = max(columns)
    where = {}
    for step, nodes in columns.items():
        nodes.sort(key=lambda n: (-height[id(n)], -anchor[id(n)]))
        ys = [height[id(n)] for n in nodes]
        for i in range(1, len(ys)):  # at least 1.1 apart, keeping the order
            ys[i] = min(ys[i], ys[i - 1] - 1.1)
        for node, y in zip(nodes, ys):
            where[id(node)] = (_STEP * (widest - step), y)
    return where


def plot_graph(result, ax=None, title=None, grads: bool = True):
    """The graph of Values that made ``result`` (an annlib.autograd.Value), left to right.

    Each box names a Value (its label, or the operation that made it) and shows its number
    and, with grads=True, its slope (grad); the result's box is outlined in ACTIVE, thicker.
    Each arrow goes from a Value to one made from it, labelled "x s": on the way back, the
    slope is multiplied by this local slope s (the chain rule).
    """
    from ..autograd import Value

    if not isinstance(result, Value):
        raise TypeError(f"plot_graph draws a Value's graph; got {type(result).__name__}.")
    order = result.graph()
    if len(order) > 40:
        raise ValueError(
            f"this graph has {len(order)} Values: too many to draw readably (at most 40); "
            "draw a smaller part of the computation."
        )
    where = _layout(order, result)
    rows = len({round(y, 3) for _, y in where.values()})
    columns = 1 + max(x for x, _ in where.values()) / _STEP
    ax = _new_axes(ax, (1.9 * columns + 0.4, 0.8 * rows + 0.6))
    width, height = 1.7, 0.75
    for node in order:  # arrows first, under the boxes
        x1, y1 = where[id(node)]
        for parent, local in zip(node._parents, node._local):
            x0, y0 = where[id(parent)]
            arrow = FancyArrowPatch(
                (x0 + width / 2, y0),
                (x1 - width / 2, y1),
                arrowstyle="-|>",
                mutation_scale=10,
                color=INK,
                linewidth=1.0,
                zorder=1,
            )
            ax.add_patch(arrow)
            t = 0.4  # along the arrow, nearer its start, where arrows are further apart
            ax.text(
                x0 + width / 2 + t * (x1 - x0 - width),
                y0 + t * (y1 - y0) + 0.12,
                f"×{local:.3g}",
                fontsize=8.5,
                ha="center",
                color=INK,
                bbox={"facecolor": "white", "edgecolor": "none", "pad": 0.5},
                zorder=2,
            )
    for node in order:
        x, y = where[id(node)]
        last = node is result
        box = FancyBboxPatch(
            (x - width / 2, y - height / 2),
            width,
            height,
            boxstyle="round,pad=0.02",
            facecolor=NEUTRAL,
            edgecolor=ACTIVE if last else INK,
            linewidth=2.5 if last else 1.0,
            zorder=3,
        )
        box.set_gid(node.label or node.op or "value")
        ax.add_patch(box)
        name = node.label or node.op or "a number"
        lines = [name, f"{node.data:.4g}"] + ([f"grad {node.grad:.4g}"] if grads else [])
        ax.text(x, y, "\n".join(lines), ha="center", va="center", fontsize=9, zorder=4)
    xs = [p[0] for p in where.values()]
    ys = [p[1] for p in where.values()]
    ax.set_xlim(min(xs) - 1.1, max(xs) + 1.1)
    ax.set_ylim(min(ys) - 0.7, max(ys) + 0.7)
    ax.set_aspect("equal")
    ax.axis("off")
    if title:
        ax.set_title(title, fontsize=10)
    return ax
