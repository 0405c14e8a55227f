"""Pictures of threshold neurons in layers: the activation map, and what a layer looks at
(notebook 02).
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.colors import to_rgb

from .. import _validate
from ..network import ThresholdLayer, ThresholdNetwork
from ..neuron import all_patterns
from ._style import (
    ACTIVE,
    FIRING_HATCH,
    INK,
    NEUTRAL,
    NODE_RADIUS,
    QUIET,
    SILENT,
    _line_style,
    _line_width,
    _new_axes,
    _weight_box,
    _weight_label,
    connection_arrow,
    draw_connection,
    draw_node,
)
from .neurons import SQUARE, _draw_line_of, _shade_where_fires, plot_corners
from .svg import Drawing

GAP = 3.2  # from one column of neurons to the next


def draw_network(
    network: ThresholdNetwork, x=None, ax=None, *, weights=True, title=None, reveal=None, send=True
):
    """Draw a layered threshold network: one column of circles per layer.

    Without an input pattern, the network's wiring: line width shows the size
    of a weight, dashed lines are negative weights, dotted lines weight 0. With
    a pattern x, the neurons that fire and the signals they send are ACTIVE, and
    the quiet ones grey, as in the source article's figure.

    To show a pass step by step, ``reveal=k`` colours only the first k columns
    (the input is column 1) and leaves the rest undecided; ``send=False`` holds
    back the signals of the last revealed column.
    """
    if not isinstance(network, ThresholdNetwork):
        raise TypeError(f"draw_network needs a ThresholdNetwork; got {type(network).__name__}.")
    columns = [network.inputs, *(layer.names for layer in network.layers)]
    reveal = (
        len(columns)
        if reveal is None
        else _validate.whole_number(
            reveal, "reveal", minimum=1, maximum=len(columns), example="1 (only the inputs)"
        )
    )
    active, sending = _states(network, x, columns, reveal, send)
    tallest = max(len(c) for c in columns)
    ax = _new_axes(ax, (2.3 * len(columns) + 1.2, 1.1 * tallest + 1.4))
    where, wiring, max_abs_w = _layout(network, columns)
    places = _label_places(network, where, wiring)
    for layer, (sender, receiver, w) in wiring:
        if sender in layer.names:  # lateral: from an earlier neuron of the same layer
            _draw_lateral(
                ax, where[sender], where[receiver], w, max_abs_w, active.get(sender, False), weights
            )
        else:  # each weight written where no other connection or label comes near it
            draw_connection(
                ax,
                where[sender],
                where[receiver],
                w,
                max_abs_w=max_abs_w,
                sending=sending.get(sender, False),
                label=weights,
                label_at=places[sender, receiver],
            )
    for c, names in enumerate(columns):
        for name in names:
            draw_node(
                ax, where[name], name, active=active.get(name), fontsize=12 if len(name) <= 2 else 8
            )
        if c > 0:
            layer = network.layers[c - 1]
            for name, m in zip(layer.names, layer.m):
                ax.text(
                    *(where[name] + [0, -NODE_RADIUS - 0.08]),
                    f"m={m:g}",
                    ha="center",
                    va="top",
                    fontsize=9,
                    color=INK,
                )
    top = max(y for _, y in where.values()) + 0.85
    labels = [network.input_label, *(layer.name for layer in network.layers)]
    for c, label in enumerate(labels):
        ax.text(c * GAP, top, label, ha="center", va="bottom", fontsize=11, fontweight="bold")
    for name in network.layers[-1].names:
        start = where[name] + [NODE_RADIUS, 0]
        ax.annotate(
            "",
            xy=start + [0.6, 0],
            xytext=start,
            arrowprops={
                "arrowstyle": "-|>",
                "linewidth": 1.5,
                "color": ACTIVE if active.get(name) else INK,
            },
        )
    low = min(y for _, y in where.values()) - 0.9
    ax.set_xlim(-0.6, (len(columns) - 1) * GAP + 1.2)
    ax.set_ylim(low, top + 0.5)
    ax.set_aspect("equal")
    ax.axis("off")
    if title:
        ax.set_title(title)
    return ax


def _layout(network, columns):
    """Where draw_network and svg_network put each neuron ({name: (x, y)}), every connection
    [(layer, (sender, receiver, w))], and the largest |weight| (the widest line)."""
    where = {}
    for c, names in enumerate(columns):
        ys = (np.arange(len(names))[::-1] - (len(names) - 1) / 2) * 1.4
        where.update({name: np.array([c * GAP, y]) for name, y in zip(names, ys)})
    wiring = [(layer, link) for layer in network.layers for link in layer.connections()]
    max_abs_w = max((abs(w) for _, (_, _, w) in wiring), default=0.0) or 1.0
    return where, wiring, max_abs_w


LABEL_SIZE = (0.42, 0.3)  # about how wide and tall a weight's label is, in the layout's units


def _lateral_ends(start, end):
    """Where a connection within a layer leaves and enters its neurons, and which way it bulges
    (+1: the receiver is below the sender)."""
    down = 1.0 if end[1] < start[1] else -1.0
    corner = NODE_RADIUS * 0.7
    return start + [-corner, -down * corner], end + [-corner, down * corner], down


def _lateral_label(start, end):
    """Where the weight of a connection within a layer is written: left of its curve."""
    a, b, _ = _lateral_ends(start, end)
    peak = 0.5 * abs(b[1] - a[1]) / 2  # how far the curve bulges out
    return np.array([a[0] - peak - 0.2, (a[1] + b[1]) / 2])


_PLACES: dict = {}  # the label places found for each layout (they never change with weights)


def _label_places(network, where, wiring) -> dict[tuple[str, str], float]:
    """_find_label_places, remembered for each layout: an explorer redraws its picture at
    every move of a slider, and the search takes a good part of a second."""
    layout = (
        tuple((sender, receiver, sender in layer.names) for layer, (sender, receiver, _) in wiring),
        tuple((name, float(x), float(y)) for name, (x, y) in where.items()),
        tuple(tuple(layer.names) for layer in network.layers),
    )
    if layout not in _PLACES:
        if len(_PLACES) > 100:
            _PLACES.clear()
        _PLACES[layout] = _find_label_places(network, where, wiring)
    return dict(_PLACES[layout])


def _find_label_places(network, where, wiring) -> dict[tuple[str, str], float]:
    """Where each straight connection's weight is written, as a fraction of the way along it.

    A label in the middle of the picture easily lands where two connections cross, and
    then nobody can tell which line it belongs to. So each label, in the order drawn, takes
    the place between 0.15 and 0.8 of the way along its own line that keeps farthest from
    every other line, every neuron, every m and every label already placed; where several
    places are clear enough, the one nearest the sender (about a third of the way). It
    depends only on who is connected to whom, so a picture keeps its labels in place when
    a weight changes.
    """
    lines, labels = [], []
    for layer, (sender, receiver, _) in wiring:
        if sender in layer.names:
            a, b, down = _lateral_ends(where[sender], where[receiver])
            d = b - a
            control = (a + b) / 2 + 0.5 * down * np.array([d[1], -d[0]])  # matplotlib's arc3
            t = np.linspace(0, 1, 17)[:, None]
            curve = (1 - t) ** 2 * a + 2 * (1 - t) * t * control + t**2 * b
            lines += [(sender, receiver, p, q) for p, q in zip(curve[:-1], curve[1:])]
            labels.append(_lateral_label(where[sender], where[receiver]))
        else:
            lines.append((sender, receiver, where[sender], where[receiver]))
    for layer in network.layers:  # the m written under each neuron
        labels += [where[name] + [0, -NODE_RADIUS - 0.2] for name in layer.names]
    nodes = np.array(list(where.values()))
    places = {}
    for layer, (sender, receiver, _) in wiring:
        if sender in layer.names:
            continue
        start, end = where[sender], where[receiver]
        unit = (end - start) / np.linalg.norm(end - start)
        a, b = start + unit * NODE_RADIUS, end - unit * NODE_RADIUS  # from edge to edge

        def room(t, a=a, b=b, sender=sender, receiver=receiver):
            at = a + (b - a) * t
            others = [
                _distance_to_segment(at, p, q) - LABEL_SIZE[1] / 2
                for s, r, p, q in lines
                if (s, r) != (sender, receiver)
            ]
            boxes = [
                max(abs(at[0] - x) - LABEL_SIZE[0], abs(at[1] - y) - LABEL_SIZE[1])
                for x, y in labels
            ]
            circles = np.linalg.norm(nodes - at, axis=1) - 1.3 * NODE_RADIUS - LABEL_SIZE[1] / 2
            return min(others + boxes + [circles.min()])

        choices = np.linspace(0.15, 0.8, 27)
        best = max(choices, key=lambda t: min(room(t), 0.3) - 0.05 * abs(t - 0.33))
        places[sender, receiver] = float(best)
        labels.append(a + (b - a) * best)
    return places


def _distance_to_segment(point, p, q) -> float:
    """How far ``point`` is from the straight segment from p to q."""
    d = q - p
    t = np.clip(np.dot(point - p, d) / max(np.dot(d, d), 1e-12), 0.0, 1.0)
    return float(np.linalg.norm(point - (p + t * d)))


def svg_network(network: ThresholdNetwork, x=None, scale: float = 58.0):
    """draw_network as SVG, for the network explorer: the same places, line widths and
    styles, and the same cues (a firing neuron ACTIVE with a ring, a signal ACTIVE with a
    solid arrowhead, a silent connection grey with an open one)."""
    columns = [network.inputs, *(layer.names for layer in network.layers)]
    active, sending = _states(network, x, columns, len(columns), True)
    where, wiring, max_abs_w = _layout(network, columns)
    places = _label_places(network, where, wiring)
    top = max(y for _, y in where.values()) + 0.85
    low = min(y for _, y in where.values()) - 0.9
    left, right = -0.6, (len(columns) - 1) * GAP + 1.2
    d = Drawing((right - left) * scale, (top + 0.5 - low) * scale, title="the network")

    def at(point):
        return np.array([(point[0] - left) * scale, (top + 0.5 - point[1]) * scale])

    radius = NODE_RADIUS * scale
    for layer, (sender, receiver, w) in wiring:
        colour = ACTIVE if sending.get(sender, False) else SILENT
        style = {"stroke": colour, "width": _line_width(w, max_abs_w), "dash": _line_style(w)}
        a, b = at(where[sender]), at(where[receiver])
        if sender in layer.names:  # lateral: bulging out to the left, as in draw_network
            down = 1.0 if b[1] > a[1] else -1.0
            a, b = (
                a + [-0.7 * radius, down * 0.7 * radius],
                b + [-0.7 * radius, -down * 0.7 * radius],
            )
            bend = np.array([min(a[0], b[0]) - 0.5 * abs(b[1] - a[1]), (a[1] + b[1]) / 2])
            d.path(
                f"M {a[0]:.2f} {a[1]:.2f} Q {bend[0]:.2f} {bend[1]:.2f} {b[0]:.2f} {b[1]:.2f}",
                **style,
            )
            d.head(*b, *(b - bend), colour=colour, solid=sending.get(sender, False))
            label = (a + b) / 2 + [-0.25 * abs(b[1] - a[1]) - 0.2 * scale, 0]
        else:
            unit = (b - a) / np.linalg.norm(b - a)
            a, b = a + unit * radius, b - unit * radius
            d.arrow(*a, *b, solid_head=sending.get(sender, False), **style)
            label = a + (b - a) * places[sender, receiver]
        d.rect(label[0] - 14, label[1] - 8, 28, 16, fill="white")
        d.text(*label, _weight_label(w), size=12, anchor="middle", gid=f"{sender}->{receiver}")
    for c, names in enumerate(columns):
        for name in names:
            centre, fires = at(where[name]), active.get(name)
            face = NEUTRAL if fires is None else (ACTIVE if fires else QUIET)
            if fires:  # the second cue: a ring around a neuron that fires
                d.circle(*centre, radius * 1.3, fill="none", stroke=INK, width=radius * 0.1)
            d.circle(*centre, radius, fill=face, stroke=INK, width=1.5, gid=name)
            d.text(
                *centre,
                name,
                size=14 if len(name) <= 2 else 10,
                anchor="middle",
                bold=True,
                colour="white" if fires else INK,
            )
        if c > 0:
            for name, m in zip(network.layers[c - 1].names, network.layers[c - 1].m):
                d.text(
                    *(at(where[name]) + [0, radius + 12]),
                    f"m={m:g}",
                    size=11,
                    anchor="middle",
                    gid=f"m {name}",
                )
    labels = [network.input_label, *(layer.name for layer in network.layers)]
    for c, label in enumerate(labels):
        d.text(*at((c * GAP, top)), label, size=13, anchor="middle", bold=True)
    for name in network.layers[-1].names:
        start = at(where[name]) + [radius, 0]
        colour = ACTIVE if active.get(name) else INK
        d.arrow(*start, *(start + [0.6 * scale, 0]), stroke=colour, width=1.5)
    return d


def _states(network, x, columns, reveal, send):
    """Which neurons fire ({name: bool}) and which send their signal on, for pattern x.

    Only the first ``reveal`` columns are decided; the last of them sends only if ``send``.
    """
    active, sending = {}, {}
    if x is None:
        return active, sending
    result = network.forward(x)
    if np.ndim(result.activations[0]) != 1:
        raise ValueError("draw_network shows one input pattern at a time, not a batch.")
    for c, (names, a) in enumerate(zip(columns[:reveal], result.activations)):
        active.update(zip(names, (bool(v != 0) for v in a)))
        sends = send or c < reveal - 1
        sending.update(zip(names, (bool(v != 0) and sends for v in a)))
    return active, sending


def _draw_lateral(ax, start, end, w, max_abs_w, sending, label):
    """A connection between two neurons of the same layer, bulging out to the left."""
    a, b, down = _lateral_ends(start, end)
    ax.add_patch(
        connection_arrow(
            a, b, w, max_abs_w=max_abs_w, sending=sending, connectionstyle=f"arc3,rad={0.5 * down}"
        )
    )
    if label:
        _weight_box(ax, _lateral_label(start, end), w)


def plot_network_regions(network: ThresholdNetwork, ax=None, title=None):
    """For a network with two inputs: where in the plane its (single) output fires.

    Shades the region where the output neuron fires, draws the line of each
    neuron of the first layer (each neuron draws one line) with the neuron's name
    written on it, inside the frame, and colours the four corner patterns by the
    network's answer.
    """
    first = network.layers[0]
    if first.n_inputs != 2 or network.layers[-1].n_neurons != 1:
        raise ValueError("plot_network_regions draws networks with 2 inputs and 1 output neuron.")
    ax = _new_axes(ax, (3.4, 3.4))
    _shade_where_fires(ax, lambda points: network.fires(points)[:, 0])
    for w, m in zip(first.W, first.m):
        _draw_line_of(ax, w, m, linewidth=1.3)
    ax = plot_corners(
        network.fires(all_patterns(2))[:, 0],
        inputs=first.inputs,
        ax=ax,
        title=title or f"where {network.layers[-1].names[0]} fires",
    )
    _name_lines(ax, first)
    return ax


def _name_lines(ax, layer, corner_radius_pt=8.5):
    """Write each neuron's name on its line, inside the frame, clear of the four corners.

    Each name lies along its line on a white patch, at the place where it stays farthest
    from the corner circles (about corner_radius_pt points across) and from the names
    written before it, measured on the page: so no name is cut off by the frame or hides
    a corner, and each sits on its own line, not where two lines meet.
    """
    figure = ax.figure
    ax.apply_aspect()
    frame = ax.get_window_extent()
    to_page = ax.transData.transform
    points_per_px = figure.dpi / 72
    avoid = [(to_page(corner), corner_radius_pt * points_per_px) for corner in all_patterns(2)]
    grid = np.linspace(*SQUARE, 721)
    for w, m, name in zip(layer.W, layer.m, layer.names):
        if w[1] != 0:
            line = np.column_stack([grid, (m - w[0] * grid) / w[1]])
        elif w[0] != 0:
            line = np.column_stack([np.full_like(grid, m / w[0]), grid])
        else:
            continue  # a neuron with no weights draws no line
        label = ax.text(
            0,
            0,
            name,
            ha="center",
            va="center",
            fontsize=9,
            color=INK,
            zorder=4,
            rotation_mode="anchor",
            bbox={"boxstyle": "round,pad=0.2", "facecolor": "white", "edgecolor": INK},
        )
        size = label.get_window_extent()  # not turned yet
        pad = 0.2 * 9 * points_per_px + 2
        half_w, half_h = size.width / 2 + pad, size.height / 2 + pad
        page = to_page(line)
        along = (page[-1] - page[0]) / np.linalg.norm(page[-1] - page[0])
        across = np.array([-along[1], along[0]])
        best, room = None, -np.inf
        for point, at in zip(line, page):
            box = [at + i * half_w * along + j * half_h * across for i in (-1, 1) for j in (-1, 1)]
            xs, ys = zip(*box)
            if min(xs) < frame.x0 or max(xs) > frame.x1 or min(ys) < frame.y0 or max(ys) > frame.y1:
                continue  # the name would stick out of the frame
            ends = (at - half_w * along, at + half_w * along)
            clear = min(
                _distance_to_segment(centre, *ends) - half_h - radius for centre, radius in avoid
            )
            if clear > room:
                best, room = point, clear
        if best is None:
            label.remove()
            continue
        angle = np.degrees(np.arctan2(along[1], along[0]))
        label.set_position(best)
        label.set_rotation((angle + 90) % 180 - 90)  # never upside down
        at = to_page(best)
        avoid += [(at + t * half_w * along, half_h) for t in np.linspace(-1, 1, 5)]


def plot_pixel_detectors(layer: ThresholdLayer, image, axes=None):
    """For each neuron of a layer that looks at pixels: where it looks, and whether it fires.

    Pixels a neuron gives weight to are outlined; ink it finds there is ACTIVE and
    hatched, other ink light grey. The title gives its signal s (ink found) against its m,
    and says whether it fires.
    """
    image = np.asarray(image)
    if image.size != layer.n_inputs:
        raise ValueError(
            f"{layer.name} looks at {layer.n_inputs} pixels; the image has {image.size}."
        )
    s, a = layer.forward(image.ravel())
    if axes is None:
        _, axes = plt.subplots(1, layer.n_neurons, figsize=(2.2 * layer.n_neurons, 2.5))
    for j, ax in enumerate(np.ravel(axes)):
        looks = (layer.W[j] != 0).reshape(image.shape)
        colours = np.ones(image.shape + (3,))
        colours[image == 1] = to_rgb(QUIET)
        colours[(image == 1) & looks] = to_rgb(ACTIVE)
        ax.imshow(colours)
        for r, c in zip(*np.nonzero(looks)):
            found = bool(image[r, c] == 1)
            ax.add_patch(
                plt.Rectangle(
                    (c - 0.5, r - 0.5),
                    1,
                    1,
                    fill=False,
                    edgecolor=INK,
                    linewidth=2,
                    hatch=FIRING_HATCH if found else None,
                )
            )
        ax.set_xticks([])
        ax.set_yticks([])
        verdict = "fires" if a[j] else "off"
        ax.set_title(
            f"{layer.names[j]}: s={s[j]:g}, m={layer.m[j]:g}, {verdict}",
            fontsize=10,
            color=ACTIVE if a[j] else INK,
            fontweight="bold" if a[j] else "normal",
        )
    return axes
