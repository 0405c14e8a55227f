"""Pictures of neurons and their signals (matplotlib).

Colours follow the source article: a neuron that fires, and the signals it
sends, are red; a quiet neuron and its silent connections are grey. A
connection's width shows the size of its weight; a dashed line is a negative
weight (it holds the receiving neuron back), a dotted line a weight of zero.
"""

from __future__ import annotations

import io

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.patches import Circle, FancyArrowPatch

from .network import ThresholdLayer, ThresholdNetwork
from .neuron import ThresholdNeuron, all_patterns

ACTIVE = "#d62728"  # red: fires / sends a signal
QUIET = "#b8b8b8"  # grey: stays off
NEUTRAL = "#f2f2f2"  # a neuron drawn without an input pattern
INK = "#333333"
NODE_RADIUS = 0.32


def _new_axes(ax, size=(5, 3.5)):
    if ax is None:
        _, ax = plt.subplots(figsize=size)
    return ax


def _weight_label(w: float) -> str:
    return "0" if w == 0 else f"{w:+g}".replace("-", "\u2212")


def draw_node(ax, xy, label, *, active=None, radius=NODE_RADIUS, fontsize=13):
    """A neuron as a circle: red if active, grey if not, light if unknown (None).

    The circle's gid is the label, so a drawn neuron can be found again.
    """
    face = NEUTRAL if active is None else (ACTIVE if active else QUIET)
    text_colour = "white" if active else INK
    ax.add_patch(Circle(xy, radius, facecolor=face, edgecolor=INK, linewidth=1.5, zorder=3,
                        gid=label))
    ax.text(*xy, label, ha="center", va="center", fontsize=fontsize, color=text_colour,
            fontweight="bold", zorder=4)


def draw_connection(ax, start, end, w, *, max_abs_w=1.0, sending=False, label=True,
                    radius=NODE_RADIUS, label_at=0.62):
    """A connection from ``start`` to ``end`` with weight w.

    Width grows with |w|; dashed for a negative weight, dotted for zero; red when
    the sending neuron fires (a signal travels along it), grey otherwise.
    """
    start, end = np.asarray(start, float), np.asarray(end, float)
    direction = (end - start) / np.linalg.norm(end - start)
    a, b = start + direction * radius, end - direction * radius
    style = "dotted" if w == 0 else ("dashed" if w < 0 else "solid")
    width = 0.8 if w == 0 else 0.8 + 3.2 * abs(w) / max(max_abs_w, 1e-12)
    colour = ACTIVE if sending else "#8c8c8c"
    ax.add_patch(FancyArrowPatch(a, b, arrowstyle="-|>", mutation_scale=12, linewidth=width,
                                 linestyle=style, color=colour, zorder=1, shrinkA=0, shrinkB=0))
    if label:
        at = a + (b - a) * label_at
        ax.text(*at, _weight_label(w), ha="center", va="center", fontsize=10, color=INK,
                zorder=2, bbox=dict(boxstyle="round,pad=0.15", facecolor="white",
                                    edgecolor="none", alpha=0.9))


def draw_neuron(neuron: ThresholdNeuron, x=None, ax=None, title=None):
    """Draw a threshold neuron with its inputs, weights and m.

    With an input pattern x, active inputs and the signals they send are red,
    the signal s received is written under the neuron, and the neuron is red
    if it fires.
    """
    if not isinstance(neuron, ThresholdNeuron):
        raise TypeError(f"draw_neuron needs a ThresholdNeuron; got {type(neuron).__name__}.")
    n = neuron.n_inputs
    if x is not None:
        x = np.asarray(x)
        s, on = neuron.signal(x), neuron.fires(x)
        if np.ndim(s) != 0:
            raise ValueError("draw_neuron shows one input pattern at a time, not a batch.")
    ax = _new_axes(ax, (5.2, max(2.6, 0.75 * n + 0.8)))
    ys = (np.arange(n)[::-1] - (n - 1) / 2) * 0.9
    target = np.array([3.0, 0.0])
    max_abs_w = float(np.max(np.abs(neuron.w))) or 1.0
    for i, (name, w, y) in enumerate(zip(neuron.inputs, neuron.w, ys)):
        sending = x is not None and x[i] != 0
        draw_node(ax, (0, y), name, active=None if x is None else bool(sending), fontsize=11)
        draw_connection(ax, (0, y), target, float(w), max_abs_w=max_abs_w, sending=sending,
                        label_at=0.4)
    on_colour = ACTIVE if (x is not None and on) else INK
    draw_node(ax, target, neuron.name, active=None if x is None else on, radius=0.42, fontsize=15)
    ax.text(target[0], target[1] - 0.55, f"m = {neuron.m:g}", ha="center", va="top", fontsize=11)
    ax.annotate("", xy=(4.1, 0), xytext=(target[0] + 0.44, 0),
                arrowprops=dict(arrowstyle="-|>", color=on_colour, linewidth=1.5))
    if x is not None:
        relation = "\u2265" if on else "<"
        ax.text(4.2, 0, f"s = {s:g} {relation} {neuron.m:g}\n{'fires' if on else 'stays off'}",
                ha="left", va="center", fontsize=11, color=on_colour)
    ax.set_xlim(-0.5, 5.4 if x is not None else 4.3)
    ax.set_ylim(min(ys.min(), -1.1) - 0.5, max(ys.max(), 0.5) + 0.5)
    ax.set_aspect("equal")
    ax.axis("off")
    if title:
        ax.set_title(title)
    return ax


def plot_signal(neuron: ThresholdNeuron, x, ax=None):
    """Bar chart of what each input adds to the signal, w_i * x_i, and the total s against m."""
    x = np.asarray(x, dtype=float)
    s, on = neuron.signal(x), neuron.fires(x)
    if np.ndim(s) != 0:
        raise ValueError("plot_signal shows one input pattern at a time, not a batch.")
    parts = neuron.w * x
    ax = _new_axes(ax, (4.6, 3))
    labels = [f"{name}\n{w:g}\u00d7{v:g}" for name, w, v in zip(neuron.inputs, neuron.w, x)]
    colours = [ACTIVE if v != 0 else QUIET for v in x]
    ax.bar(range(len(parts)), parts, color=colours, edgecolor=INK)
    ax.bar(len(parts) + 0.6, s, color=ACTIVE if on else QUIET, edgecolor=INK, hatch="//")
    ax.axhline(neuron.m, color=INK, linestyle="--", linewidth=1.2)
    ax.text(len(parts) + 1.15, neuron.m, f" m = {neuron.m:g}", va="center", fontsize=10)
    ax.axhline(0, color=INK, linewidth=0.8)
    ax.set_xticks(list(range(len(parts))) + [len(parts) + 0.6], labels + ["s"])
    ax.set_xlim(-0.6, len(parts) + 1.9)
    ax.set_ylabel("contribution to the signal")
    relation = "\u2265" if on else "<"
    verdict = "fires" if on else "stays off"
    ax.set_title(f"s = {s:g} {relation} m = {neuron.m:g}: {neuron.name} {verdict}")
    ax.spines[["top", "right"]].set_visible(False)
    return ax


def plot_all_signals(neuron: ThresholdNeuron, ax=None):
    """The signal s of every input pattern, red where it reaches m (the neuron fires)."""
    patterns = all_patterns(neuron.n_inputs)
    s = neuron.signal(patterns)
    on = neuron.fires(patterns)
    ax = _new_axes(ax, (9, 3.2))
    ax.bar(range(len(s)), s, color=np.where(on, ACTIVE, QUIET), edgecolor=INK, linewidth=0.5)
    ax.axhline(neuron.m, color=INK, linestyle="--", linewidth=1.2, label=f"m = {neuron.m:g}")
    ax.axhline(0, color=INK, linewidth=0.8)
    ax.set_xticks(range(len(s)), ["".join(map(str, p)) for p in patterns], rotation=90,
                  fontfamily="monospace", fontsize=8)
    ax.set_xlabel(f"input pattern ({''.join(neuron.inputs)})")
    ax.set_ylabel("signal s")
    ax.set_title(f"{neuron.name} fires on {int(on.sum())} of {len(s)} patterns (red)")
    ax.legend(loc="upper left", frameon=False)
    ax.spines[["top", "right"]].set_visible(False)
    return ax


def plot_decision_line(neuron: ThresholdNeuron, ax=None, title=None):
    """For a neuron with two inputs: the line w1 x1 + w2 x2 = m that splits firing from quiet.

    The red side of the line is where the neuron fires; the four corner patterns
    (0,0), (0,1), (1,0), (1,1) are drawn red when the neuron fires on them.
    """
    if neuron.n_inputs != 2:
        raise ValueError(
            f"plot_decision_line draws neurons with 2 inputs; neuron {neuron.name} has "
            f"{neuron.n_inputs}. Make a 2-input neuron, e.g. ThresholdNeuron([1, 1], m=2)."
        )
    ax = _new_axes(ax, (3.4, 3.4))
    grid = np.linspace(-0.4, 1.4, 181)
    g1, g2 = np.meshgrid(grid, grid)
    on_grid = neuron.fires(np.column_stack([g1.ravel(), g2.ravel()])).reshape(g1.shape)
    ax.contourf(g1, g2, on_grid.astype(float), levels=[-0.5, 0.5, 1.5],
                colors=["#ececec", "#f8d0d0"])
    w1, w2 = neuron.w
    if w2 != 0:
        ax.plot(grid, (neuron.m - w1 * grid) / w2, color=INK, linewidth=1.5)
    elif w1 != 0:
        ax.axvline(neuron.m / w1, color=INK, linewidth=1.5)
    return plot_corners(neuron.fires(all_patterns(2)), inputs=neuron.inputs, ax=ax,
                        title=title or f"{neuron.name}: {w1:g}\u00b7{neuron.inputs[0]} + "
                                       f"{w2:g}\u00b7{neuron.inputs[1]} \u2265 {neuron.m:g}")


def plot_corners(fires, inputs=("x1", "x2"), ax=None, title=None):
    """The four patterns of two inputs as corners of a square, red where ``fires`` is True.

    ``fires`` lists the wanted answer for (0,0), (0,1), (1,0), (1,1), in that order.
    """
    fires = np.asarray(fires)
    if fires.shape != (4,) or fires.dtype != bool:
        raise ValueError(
            "fires must be 4 True/False values, for the patterns (0,0), (0,1), (1,0), (1,1); "
            f"got {fires.tolist()!r}."
        )
    ax = _new_axes(ax, (3.4, 3.4))
    corners = all_patterns(2)
    ax.scatter(corners[:, 0], corners[:, 1], s=260, c=np.where(fires, ACTIVE, QUIET),
               edgecolors=INK, linewidths=1.5, zorder=3)
    ax.set_xlim(-0.4, 1.4)
    ax.set_ylim(-0.4, 1.4)
    ax.set_xticks([0, 1])
    ax.set_yticks([0, 1])
    ax.set_xlabel(inputs[0])
    ax.set_ylabel(inputs[1])
    ax.set_aspect("equal")
    if title:
        ax.set_title(title)
    return ax


def draw_network(network: ThresholdNetwork, x=None, ax=None, *, weights=True, title=None,
                 reveal=None, send=True):
    """Draw a layered threshold network: one column of circles per layer.

    Without an input pattern, the network's wiring: line width shows the size
    of a weight, dashed lines are negative weights, dotted lines weight 0. With
    a pattern x, the neurons that fire and the signals they send are red, and
    the quiet ones grey, as in the source article's figure.

    To show a pass step by step, ``reveal=k`` colours only the first k columns
    (the input is column 1) and leaves the rest undecided; ``send=False`` holds
    back the signals of the last revealed column.
    """
    if not isinstance(network, ThresholdNetwork):
        raise TypeError(f"draw_network needs a ThresholdNetwork; got {type(network).__name__}.")
    columns = [network.inputs, *(layer.names for layer in network.layers)]
    reveal = len(columns) if reveal is None else reveal
    if not isinstance(reveal, int) or not 1 <= reveal <= len(columns):
        raise ValueError(f"reveal must be a whole number from 1 to {len(columns)}; got {reveal!r}.")
    active, sending = {}, {}
    if x is not None:
        result = network.forward(x)
        if np.ndim(result.activations[0]) != 1:
            raise ValueError("draw_network shows one input pattern at a time, not a batch.")
        for c, (names, a) in enumerate(zip(columns, result.activations)):
            if c < reveal:
                active.update(zip(names, (bool(v != 0) for v in a)))
                sends = send or c < reveal - 1
                sending.update(zip(names, (bool(v != 0) and sends for v in a)))
    labels = [network.input_label, *(layer.name for layer in network.layers)]
    gap = 3.2
    tallest = max(len(c) for c in columns)
    ax = _new_axes(ax, (2.3 * len(columns) + 1.2, 1.1 * tallest + 1.4))
    where = {}
    for c, names in enumerate(columns):
        ys = (np.arange(len(names))[::-1] - (len(names) - 1) / 2) * 1.4
        where.update({name: np.array([c * gap, y]) for name, y in zip(names, ys)})
    max_abs_w = max(max(np.abs(l.W).max(), np.abs(l.L).max()) for l in network.layers) or 1.0
    for layer in network.layers:
        for j, name in enumerate(layer.names):
            for i, source in enumerate(layer.inputs):
                if layer.connected[j, i]:
                    # stagger the labels of edges that leave the same neuron
                    draw_connection(ax, where[source], where[name], float(layer.W[j, i]),
                                    max_abs_w=max_abs_w, sending=sending.get(source, False),
                                    label=weights, label_at=0.22 + 0.5 * j / layer.n_neurons)
            for i in range(j):
                if layer.L[j, i] != 0:
                    _draw_lateral(ax, where[layer.names[i]], where[name], float(layer.L[j, i]),
                                  max_abs_w, active.get(layer.names[i], False), weights)
    for c, names in enumerate(columns):
        for name in names:
            state = active.get(name)
            draw_node(ax, where[name], name, active=state, fontsize=12 if len(name) <= 2 else 8)
        if c > 0:
            layer = network.layers[c - 1]
            for name, m in zip(layer.names, layer.m):
                ax.text(*(where[name] + [0, -NODE_RADIUS - 0.08]), f"m={m:g}", ha="center",
                        va="top", fontsize=9, color=INK)
    top = max(y for _, y in where.values()) + 0.85
    for c, label in enumerate(labels):
        ax.text(c * gap, top, label, ha="center", va="bottom", fontsize=11, fontweight="bold")
    last = network.layers[-1]
    for name in last.names:
        start = where[name] + [NODE_RADIUS, 0]
        ax.annotate("", xy=start + [0.6, 0], xytext=start,
                    arrowprops=dict(arrowstyle="-|>", linewidth=1.5,
                                    color=ACTIVE if active.get(name) else INK))
    low = min(y for _, y in where.values()) - 0.9
    ax.set_xlim(-0.6, (len(columns) - 1) * gap + 1.2)
    ax.set_ylim(low, top + 0.5)
    ax.set_aspect("equal")
    ax.axis("off")
    if title:
        ax.set_title(title)
    return ax


def _draw_lateral(ax, start, end, w, max_abs_w, sending, label):
    """A connection between two neurons of the same layer, bulging out to the left."""
    style = "dashed" if w < 0 else "solid"
    width = 0.8 + 3.2 * abs(w) / max_abs_w
    colour = ACTIVE if sending else "#8c8c8c"
    down = 1.0 if end[1] < start[1] else -1.0
    corner = NODE_RADIUS * 0.7
    a, b = start + [-corner, -down * corner], end + [-corner, down * corner]
    rad = 0.5 * down
    ax.add_patch(FancyArrowPatch(a, b, arrowstyle="-|>", mutation_scale=12, linewidth=width,
                                 linestyle=style, color=colour, zorder=1,
                                 connectionstyle=f"arc3,rad={rad}"))
    if label:
        peak = 0.5 * abs(b[1] - a[1]) / 2  # how far the curve bulges out
        ax.text(a[0] - peak - 0.2, (a[1] + b[1]) / 2, _weight_label(w), ha="center", va="center",
                fontsize=10, color=INK, zorder=2,
                bbox=dict(boxstyle="round,pad=0.15", facecolor="white", edgecolor="none", alpha=0.9))


def plot_network_regions(network: ThresholdNetwork, ax=None, title=None):
    """For a network with two inputs: where in the plane its (single) output fires.

    Shades the region where the output neuron fires, draws the line of each
    neuron of the first layer (each neuron draws one line), and colours the
    four corner patterns by the network's answer.
    """
    first = network.layers[0]
    if first.n_inputs != 2 or network.layers[-1].n_neurons != 1:
        raise ValueError("plot_network_regions draws networks with 2 inputs and 1 output neuron.")
    ax = _new_axes(ax, (3.4, 3.4))
    grid = np.linspace(-0.4, 1.4, 181)
    g1, g2 = np.meshgrid(grid, grid)
    on = network.fires(np.column_stack([g1.ravel(), g2.ravel()]))[:, 0].reshape(g1.shape)
    ax.contourf(g1, g2, on.astype(float), levels=[-0.5, 0.5, 1.5], colors=["#ececec", "#f8d0d0"])
    for (w1, w2), m, name in zip(first.W, first.m, first.names):
        if w2 != 0:
            ax.plot(grid, (m - w1 * grid) / w2, color=INK, linewidth=1.3)
            ax.text(1.38, (m - w1 * 1.38) / w2, f" {name}", va="bottom", ha="right", fontsize=9)
        elif w1 != 0:
            ax.axvline(m / w1, color=INK, linewidth=1.3)
    return plot_corners(network.fires(all_patterns(2))[:, 0], inputs=first.inputs, ax=ax,
                        title=title or f"where {network.layers[-1].names[0]} fires")


def plot_image(image, ax=None, title=None):
    """A small black-and-white image: ink dark, background white, pixel grid visible."""
    image = np.asarray(image)
    ax = _new_axes(ax, (2.2, 2.2))
    ax.imshow(image, cmap="Greys", vmin=0, vmax=1)
    ax.set_xticks(np.arange(-0.5, image.shape[1]), minor=True)
    ax.set_yticks(np.arange(-0.5, image.shape[0]), minor=True)
    ax.grid(which="minor", color="#bbbbbb", linewidth=0.6)
    ax.tick_params(which="both", length=0, labelbottom=False, labelleft=False)
    if title:
        ax.set_title(title)
    return ax


def plot_pixel_detectors(layer: ThresholdLayer, image, axes=None):
    """For each neuron of a layer that looks at pixels: where it looks, and whether it fires.

    Pixels a neuron gives weight to are outlined; ink it finds there is red. The
    title gives its signal s (ink found) against its m.
    """
    image = np.asarray(image)
    if image.size != layer.n_inputs:
        raise ValueError(f"{layer.name} looks at {layer.n_inputs} pixels; the image has {image.size}.")
    s, a = layer.forward(image.ravel())
    if axes is None:
        _, axes = plt.subplots(1, layer.n_neurons, figsize=(2.2 * layer.n_neurons, 2.5))
    for j, ax in enumerate(np.ravel(axes)):
        looks = (layer.W[j] != 0).reshape(image.shape)
        colours = np.ones(image.shape + (3,))
        colours[image == 1] = (0.55, 0.55, 0.55)
        colours[(image == 1) & looks] = (0.84, 0.15, 0.16)
        ax.imshow(colours)
        for r, c in zip(*np.nonzero(looks)):
            ax.add_patch(plt.Rectangle((c - 0.5, r - 0.5), 1, 1, fill=False, edgecolor=INK,
                                       linewidth=2))
        ax.set_xticks([])
        ax.set_yticks([])
        verdict = "fires" if a[j] else "off"
        ax.set_title(f"{layer.names[j]}: s={s[j]:g}, m={layer.m[j]:g}, {verdict}", fontsize=10,
                     color=ACTIVE if a[j] else INK)
    return axes


def sse_along_weight(X, y, weights, m, index, values, f):
    """SSE of the neuron a = f(w . x - m) on (X, y) as weights[index] takes each of ``values``."""
    X, y = np.asarray(X, float), np.asarray(y, float)
    values = np.asarray(values, float)
    W = np.tile(np.asarray(weights, float), (values.size, 1))
    W[:, index] = values
    a = f(X @ W.T - m)  # one column per value of the weight
    return np.sum((a - y[:, np.newaxis]) ** 2, axis=0)


def plot_sse_vs_weight(X, y, weights, m, index, value, axes=None, w_range=(-3.0, 5.0),
                       name="w"):
    """SSE as one weight moves, for a threshold neuron (left) and a sigmoid neuron (right).

    The current value of the weight is marked on both curves; on the smooth
    curve its slope is drawn as a tangent, the direction gradient descent uses.
    """
    from .functions import sigmoid, step

    if axes is None:
        _, axes = plt.subplots(1, 2, figsize=(10, 3.4))
    grid = np.linspace(*w_range, 801)
    for ax, f, label in [(axes[0], step, "threshold neuron (step)"),
                         (axes[1], sigmoid, "sigmoid neuron")]:
        curve = sse_along_weight(X, y, weights, m, index, grid, f)
        here = float(sse_along_weight(X, y, weights, m, index, [value], f)[0])
        ax.plot(grid, curve, color=INK, linewidth=2)
        ax.plot([value], [here], "o", color=ACTIVE, markersize=10, zorder=3)
        ax.set(xlabel=name, ylabel="SSE", title=label, xlim=w_range)
        ax.spines[["top", "right"]].set_visible(False)
    h = 1e-4
    slope = float(np.diff(sse_along_weight(X, y, weights, m, index, [value - h, value + h],
                                           sigmoid))[0] / (2 * h))
    here = float(sse_along_weight(X, y, weights, m, index, [value], sigmoid)[0])
    span = np.array([value - 0.8, value + 0.8])
    axes[1].plot(span, here + slope * (span - value), color=ACTIVE, linewidth=1.5, linestyle="--")
    axes[1].set_title(f"sigmoid neuron: slope {slope + 0.0:+.3f} at {name} = {value:.2f}")
    return axes, slope


def descent_path(X, y, weights, m, index, start, lr, steps):
    """Gradient descent on one weight of a sigmoid neuron under SSE.

    Each step moves the weight against the slope: w <- w - lr * dSSE/dw, with
    dSSE/dw = sum 2 (a - y) a (1 - a) x (the chain rule, worked out in notebook 04).
    Returns the weight after each step (the start first).
    """
    from .functions import sigmoid

    X, y = np.asarray(X, float), np.asarray(y, float)
    w = np.asarray(weights, float).copy()
    w[index] = start
    path = [start]
    for _ in range(steps):
        a = sigmoid(X @ w - m)
        slope = np.sum(2 * (a - y) * a * (1 - a) * X[:, index])
        w[index] -= lr * slope
        path.append(float(w[index]))
    return np.array(path)


def plot_descent_path(X, y, weights, m, index, start, lr, steps=20, ax=None, w_range=None,
                      name="w"):
    """The SSE valley of one weight and the steps gradient descent takes on it."""
    from .functions import sigmoid

    path = descent_path(X, y, weights, m, index, start, lr, steps)
    low, high = w_range or (min(path.min(), -3.0) - 0.5, max(path.max(), 5.0) + 0.5)
    grid = np.linspace(low, high, 801)
    ax = _new_axes(ax, (4.2, 3.2))
    ax.plot(grid, sse_along_weight(X, y, weights, m, index, grid, sigmoid), color=INK, linewidth=2)
    heights = sse_along_weight(X, y, weights, m, index, path, sigmoid)
    ax.plot(path, heights, "-o", color=ACTIVE, markersize=4, linewidth=1, alpha=0.8)
    ax.plot(path[:1], heights[:1], "s", color=INK, markersize=7)
    ax.set(xlabel=name, ylabel="SSE", title=f"lr = {lr:g}: {name} ends at {path[-1]:.2f}",
           xlim=(low, high))
    ax.spines[["top", "right"]].set_visible(False)
    return ax, path


def plot_history(history, axes=None, title=None):
    """Loss (left) and accuracy (right) per epoch, on the training and held-out data."""
    if axes is None:
        _, axes = plt.subplots(1, 2, figsize=(10, 3.2))
    epochs = history.epoch
    axes[0].plot(epochs, history.loss, color=INK, label="training")
    axes[1].plot(epochs, history.accuracy, color=INK, label="training")
    if history.val_loss:
        axes[0].plot(epochs, history.val_loss, color=ACTIVE, label="held-out")
        axes[1].plot(epochs, history.val_accuracy, color=ACTIVE, label="held-out")
    axes[0].set(xlabel="epoch", ylabel="loss per example")
    axes[1].set(xlabel="epoch", ylabel="accuracy")
    for ax in axes:
        ax.spines[["top", "right"]].set_visible(False)
        ax.legend(frameon=False)
    if title:
        axes[0].figure.suptitle(title)
    return axes


def plot_decision_boundary(model, X, y, ax=None, title=None, resolution=200):
    """For a model with two inputs: its answer over the plane, with the data points on top."""
    X, y = np.asarray(X, float), np.asarray(y)
    if X.ndim != 2 or X.shape[1] != 2:
        raise ValueError(f"plot_decision_boundary draws data with 2 inputs; X has shape {X.shape}.")
    ax = _new_axes(ax, (4, 3.6))
    pad = 0.5
    x0 = np.linspace(X[:, 0].min() - pad, X[:, 0].max() + pad, resolution)
    x1 = np.linspace(X[:, 1].min() - pad, X[:, 1].max() + pad, resolution)
    g0, g1 = np.meshgrid(x0, x1)
    P = model.predict_proba(np.column_stack([g0.ravel(), g1.ravel()]))
    p1 = (P[:, 0] if P.shape[1] == 1 else P[:, 1]).reshape(g0.shape)
    ax.contourf(g0, g1, p1, levels=np.linspace(0, 1, 11), cmap="RdGy_r", alpha=0.35, vmin=0, vmax=1)
    ax.contour(g0, g1, p1, levels=[0.5], colors=[INK], linewidths=1.5)
    size = 120 if len(X) <= 20 else 18  # a handful of points (XOR) are drawn large
    ax.scatter(X[:, 0], X[:, 1], c=np.where(y == 1, ACTIVE, "#777777"), s=size, edgecolors="white",
               linewidths=0.6)
    ax.set_xticks([])
    ax.set_yticks([])
    if title:
        ax.set_title(title)
    return ax


def _as_images(X) -> np.ndarray:
    X = np.asarray(X)
    if X.ndim == 2 and X.shape[1] == 784:
        return X.reshape(-1, 28, 28)
    if X.ndim == 1 and X.size == 784:
        return X.reshape(1, 28, 28)
    if X.ndim == 2 and X.shape == (28, 28):
        return X[np.newaxis]
    if X.ndim == 3:
        return X
    raise ValueError(f"expected digits as rows of 784 pixels or 28x28 images; got shape {X.shape}.")


def plot_digits(X, titles=None, n_cols=10, size=1.1, axes=None, title_colours=None):
    """A grid of digits (MNIST style: light ink on a dark background), with optional titles."""
    images = _as_images(X)
    n = len(images)
    n_rows = max(1, int(np.ceil(n / n_cols)))
    if axes is None:
        fig, axes = plt.subplots(n_rows, n_cols, figsize=(n_cols * size, n_rows * size * 1.15))
    axes = np.atleast_1d(axes).ravel()
    for k, ax in enumerate(axes):
        ax.axis("off")
        if k < n:
            ax.imshow(images[k], cmap="gray", vmin=0, vmax=1)
            if titles is not None:
                colour = title_colours[k] if title_colours is not None else INK
                ax.set_title(str(titles[k]), fontsize=9, color=colour)
    return axes


def plot_digit_numbers(image, ax=None, title=None):
    """One digit as its 28x28 pixel values (0 = background .. 1 = ink), printed in each cell."""
    image = _as_images(image)[0]
    ax = _new_axes(ax, (9, 9))
    ax.imshow(image, cmap="gray_r", vmin=0, vmax=2)
    for (r, c), v in np.ndenumerate(image):
        if v > 0:
            ax.text(c, r, f"{v:.1f}"[1:] if v < 1 else "1", ha="center", va="center", fontsize=5.5,
                    color="white" if v > 0.6 else INK)
    ax.set_xticks([])
    ax.set_yticks([])
    if title:
        ax.set_title(title)
    return ax


def plot_label_counts(y, ax=None, title="how many of each digit"):
    """A bar per digit: how many examples of it there are."""
    y = np.asarray(y)
    ax = _new_axes(ax, (6, 2.8))
    digits, counts = np.unique(y, return_counts=True)
    ax.bar(digits, counts, color=QUIET, edgecolor=INK)
    for d, c in zip(digits, counts):
        ax.text(d, c, str(c), ha="center", va="bottom", fontsize=9)
    ax.set_xticks(digits)
    ax.set(xlabel="digit", ylabel="examples", title=title)
    ax.spines[["top", "right"]].set_visible(False)
    return ax


def plot_mistakes(X, y_true, y_pred, confidence, n=20, n_cols=10, title=None):
    """A gallery of misread digits: what it is, what the network read, and how sure it was."""
    images = _as_images(X)
    wrong = np.flatnonzero(np.asarray(y_true) != np.asarray(y_pred))[:n]
    titles = [f"{y_true[i]} read {y_pred[i]}\n{confidence[i]:.0%} sure" for i in wrong]
    axes = plot_digits(images[wrong], titles, n_cols=min(n_cols, max(len(wrong), 1)), size=1.25,
                       title_colours=[ACTIVE] * len(wrong))
    if title:
        axes[0].figure.suptitle(title)
    return axes


class LiveHistory:
    """A training callback that redraws loss and accuracy after every epoch, in place.

    In a notebook the figure updates under the cell while training runs;
    elsewhere it draws once at the end. Use: fit(..., callback=LiveHistory()).
    """

    def __init__(self, title=None):
        self.title, self.handle, self.fig = title, None, None

    def __call__(self, history, model):
        from IPython import get_ipython
        from IPython.display import display

        if self.fig is None:
            self.fig, self.axes = plt.subplots(1, 2, figsize=(10, 3.2))
            plt.close(self.fig)  # shown through the display handle only
        for ax in self.axes:
            ax.clear()
        plot_history(history, axes=self.axes, title=self.title)
        if get_ipython() is not None:
            if self.handle is None:
                self.handle = display(self.fig, display_id=True)
            else:
                self.handle.update(self.fig)
        return None


def figure_to_png(fig) -> bytes:
    """Render a figure to PNG bytes (for image widgets) and close it."""
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=90, bbox_inches="tight")
    plt.close(fig)
    return buffer.getvalue()
