"""Pictures of what happens inside a trained MLP (notebooks 09 and 10): the first layer's
weights as images, the article's paths of active neurons on a real digit, how much paths
overlap, what one neuron responds to, and the live view of a network reading a drawing.
"""

from __future__ import annotations

import io

import matplotlib.pyplot as plt
import numpy as np
from matplotlib import colormaps
from matplotlib.patches import Circle

from ._style import (
    ACTIVE,
    FIRING_HATCH,
    INK,
    OTHER,
    QUIET,
    _new_axes,
    _open_frame,
    draw_node,
    pixels_to_png,
)
from .convolutions import plot_filters
from .svg import Drawing

SIDE = 28
LIT = "magma"  # activations: black (off) to bright yellow; brightness alone reads the value
PATH = "#56b4e9"  # Okabe-Ito sky blue: the strongest paths, drawn over the lit neurons
GAP = 3.6  # from one column of neurons to the next, in neuron spacings


def _images(W, what: str) -> np.ndarray:
    W = np.asarray(W, float)
    if W.ndim == 1:
        W = W[None, :]
    if W.ndim != 2 or W.shape[1] != SIDE * SIDE:
        raise ValueError(
            f"{what} must hold one row of 784 weights (28 x 28 pixels) per neuron; "
            f"got an array of shape {W.shape}."
        )
    return W.reshape(-1, SIDE, SIDE)


def plot_weight_images(W, titles=None, n_cols=10, size=1.0, title=None, label="weight"):
    """The 784 weights into each neuron of a first layer, as 28 x 28 images on one diverging
    colour scale centred on 0 (red adds where there is ink, blue takes away), with a colour bar.

    W: one row of 784 weights per neuron (a slice of a model's W1); label: the colour bar's.
    """
    images = _images(W, "W")
    return plot_filters(
        images, n_cols=min(n_cols, len(images)), size=size, title=title, titles=titles, label=label
    )


def plot_paths(model, x, shown, ax=None, title=None, links: int = 2):
    """The source article's picture for a real digit: layers as columns of neurons, the ones
    that are on (activation above 0) lit with a ring, and for each lit neuron its ``links``
    strongest incoming signals (activation x weight) from the lit neurons shown before it
    (a drawing aid: its strongest signals among the few drawn, not among all).

    shown: for each hidden layer, the numbers of the neurons to draw (a readable few of its
    hundreds); the output layer is drawn whole, its answer lit. A note under each column says
    how many of the layer's neurons are on in all.
    """
    from .. import _validate
    from ..lab.hidden_neurons import _mlp, activations

    model = _mlp(model, "plot_paths", hidden=True)
    if model.n_inputs != SIDE * SIDE:
        raise ValueError(
            f"plot_paths draws a digit of 28 x 28 pixels; this model has {model.n_inputs} inputs."
        )
    A = activations(model, x)
    if len(A[0]) != 1:
        raise ValueError(f"plot_paths draws one digit; got {len(A[0])}.")
    hidden, output = [a[0] for a in A[:-1]], A[-1][0]
    if len(shown) != len(hidden):
        raise ValueError(
            f"shown must list neurons for each of the {len(hidden)} hidden layers; "
            f"got {len(shown)} lists."
        )
    for l, neurons in enumerate(shown, start=1):
        n = len(hidden[l - 1])
        for j in np.ravel(neurons):
            _validate.whole_number(j, f"each neuron shown in layer {l}", minimum=0, maximum=n - 1)
    links = _validate.whole_number(links, "links", minimum=0, example="2")
    shown = [np.asarray(s, dtype=int).ravel() for s in shown]
    tallest = max(10, *(len(s) for s in shown))
    ax = _new_axes(ax, (2.2 * (len(hidden) + 2), 0.32 * tallest + 1.2))
    radius = 0.36
    columns = [*shown, np.arange(len(output))]
    values = [*hidden, output]
    answer = int(np.argmax(output))

    def place(c, k, count):
        return (GAP * (c + 1), (tallest - 1) / 2 - (k - (count - 1) / 2))

    middle = (tallest - 1) / 2
    ax.imshow(
        np.asarray(x, float).reshape(SIDE, SIDE),  # (checked above: 784 inputs)
        cmap="gray",
        extent=(-1.4, 1.4, middle - 1.4, middle + 1.4),
        zorder=2,
    )
    for c in range(1, len(columns)):  # connections first, under the neurons
        before, here = columns[c - 1], columns[c]
        W = model.params[f"W{c + 1}"]
        for k, j in enumerate(here):
            on_here = j == answer if c == len(columns) - 1 else values[c][j] > 0
            if not on_here:
                continue
            signals = values[c - 1][before] * W[j, before]
            best = [i for i in np.argsort(-signals, kind="stable")[:links] if signals[i] > 0]
            for i in best:
                (x0, y0), (x1, y1) = place(c - 1, i, len(before)), place(c, k, len(here))
                ax.plot([x0, x1], [y0, y1], color=ACTIVE, linewidth=1.4, zorder=1)
    for c, neurons in enumerate(columns):
        last = c == len(columns) - 1
        for k, j in enumerate(neurons):
            on = j == answer if last else values[c][j] > 0
            xy = place(c, k, len(neurons))
            draw_node(ax, xy, str(j), active=bool(on), radius=radius, fontsize=6.5)
            if on:  # the second cue, clear of the outline: a ring around a neuron that is on
                name = "answer" if last else f"layer {c + 1} neuron {j}"
                ring = Circle(xy, radius * 1.6, fill=False, edgecolor=INK, lw=1.2, zorder=3)
                ring.set_gid(f"{name} on")
                ax.add_patch(ring)
        n_on = int(np.sum(values[c] > 0))
        below = f"answer\n{answer}" if last else f"layer {c + 1}\n{n_on}/{len(values[c])} on"
        ax.text(place(c, 0, 1)[0], -1.0, below, ha="center", va="top", fontsize=8)
    ax.text(0, middle - 1.7, "the digit", ha="center", va="top", fontsize=8)
    ax.set_xlim(-1.6, GAP * len(columns) + 0.6)
    ax.set_ylim(-2.8, tallest)
    ax.set_aspect("equal")
    ax.axis("off")
    if title:
        ax.set_title(title, fontsize=10)
    return ax


def plot_overlap(table, ax=None, title=None):
    """Bars of the mean overlap of same-digit pairs and different-digit pairs, layer by layer
    (a table from annlib.lab.hidden_neurons.overlap_by_digit): same digit ACTIVE and hatched,
    different digits blue."""
    ax = _new_axes(ax, (6, 3.2))
    layers = [str(i) for i in table.index]
    x = np.arange(len(layers))
    for shift, column, colour, hatch in (
        (-0.2, "same digit", ACTIVE, FIRING_HATCH),
        (0.2, "different digits", OTHER, None),
    ):
        ax.bar(
            x + shift,
            table[column],
            width=0.4,
            color=colour,
            edgecolor=INK,
            hatch=hatch,
            label=column,
        )
    ax.set_xticks(x, layers)
    ax.set(xlabel=table.index.name or "layer", ylabel="mean overlap (Jaccard)", ylim=(0, 1))
    ax.legend(frameon=False)
    if title:
        ax.set_title(title)
    _open_frame(ax)
    return ax


def plot_neuron(images, values, average, per_digit, title=None, average_of=None):
    """What one hidden neuron responds to: the examples that drive it hardest (each with its
    activation), the average of its ``average_of`` strongest examples, and its mean activation
    per digit, the digit with the highest mean ACTIVE and hatched (none if every digit's mean
    is the same, as for a dead neuron)."""
    images = _images(np.asarray(images, float).reshape(len(images), -1), "images")
    values = np.asarray(values, float).ravel()
    per_digit = np.asarray(per_digit, float).ravel()
    k = len(images)
    if k == 0 or len(values) != k or len(per_digit) != 10:
        raise ValueError(
            f"plot_neuron needs some images, one activation per image and ten per-digit means; "
            f"got {k} images, {len(values)} activations and {len(per_digit)} means."
        )
    columns = max(k, 6)  # room for the average and the bars below, however few images
    fig = plt.figure(figsize=(1.05 * columns + 0.4, 3.9))
    grid = fig.add_gridspec(2, columns, height_ratios=[1, 1.5], hspace=0.45)
    for i, (image, value) in enumerate(zip(images, values)):
        ax = fig.add_subplot(grid[0, i])
        ax.imshow(image, cmap="gray", vmin=0, vmax=1)
        ax.set_title(f"{value:.2f}", fontsize=8)
        ax.axis("off")
    ax = fig.add_subplot(grid[1, :2])
    ax.imshow(np.asarray(average, float).reshape(SIDE, SIDE), cmap="gray", vmin=0, vmax=1)
    strongest = f"{average_of} strongest" if average_of else "strongest"
    ax.set_title(f"average of its\n{strongest}", fontsize=8)
    ax.axis("off")
    ax = fig.add_subplot(grid[1, 3:])
    same = np.nanmax(per_digit) == np.nanmin(per_digit)  # a dead neuron: every mean alike
    best = None if same else int(np.nanargmax(per_digit))  # (for tanh, perhaps below 0)
    ax.bar(
        range(10),
        per_digit,
        color=[ACTIVE if d == best else QUIET for d in range(10)],
        edgecolor=INK,
        hatch=[FIRING_HATCH if d == best else None for d in range(10)],
    )
    ax.set_xticks(range(10))
    ax.set(xlabel="digit", ylabel="mean activation")
    _open_frame(ax)
    if title:
        fig.suptitle(title, fontsize=10)
    return fig


def plot_digit_accuracy(before, after, ax=None, title=None):
    """Accuracy per digit before (grey) and after (ACTIVE, hatched) a change to the network."""
    before, after = np.asarray(before, float), np.asarray(after, float)
    ax = _new_axes(ax, (6, 2.8))
    x = np.arange(len(before))
    ax.bar(x - 0.2, before, width=0.4, color=QUIET, edgecolor=INK, label="whole network")
    ax.bar(
        x + 0.2,
        after,
        width=0.4,
        color=ACTIVE,
        edgecolor=INK,
        hatch=FIRING_HATCH,
        label="neurons knocked out",
    )
    ax.set_xticks(x)
    ax.set(xlabel="digit", ylabel="accuracy", ylim=(0, 1))
    ax.legend(frameon=False, loc="upper left", bbox_to_anchor=(1.0, 1.0), fontsize=8)
    if title:
        ax.set_title(title, fontsize=10)
    _open_frame(ax)
    return ax


# ---- the live view of a network reading a drawing (SVG) -------------------------------


def grid_shape(n: int) -> tuple[int, int]:
    """Rows and columns of the grid that shows n neurons: 500 as 25 x 20."""
    cols = int(np.ceil(n / np.ceil(np.sqrt(n * 1.25))))
    return int(np.ceil(n / cols)), cols


def _lit_png(values, relu: bool = True) -> bytes:
    """A layer's activations as a little RGB image, one pixel per neuron in a grid: black for
    off (0), brighter for more active, up to the layer's most active neuron (without ReLU:
    black for the least active); cells past the last neuron are grey."""
    from PIL import Image

    values = np.asarray(values, float)
    rows, cols = grid_shape(len(values))
    low = 0.0 if relu else values.min()
    top = values.max() - low
    scaled = np.clip((values - low) / top, 0, 1) if top > 0 else np.zeros_like(values)
    rgb = np.full((rows * cols, 3), 128, np.uint8)
    rgb[: len(values)] = np.round(colormaps[LIT](scaled)[:, :3] * 255).astype(np.uint8)
    buffer = io.BytesIO()
    Image.fromarray(rgb.reshape(rows, cols, 3)).save(buffer, format="PNG")
    return buffer.getvalue()


def svg_network_view(
    hidden, probabilities, chains=(), answer=None, cell: float = 8.0, digit=None, relu=True
):
    """The network reading one digit: the digit it reads (if given, 28 x 28), each hidden
    layer a grid of its neurons (one square each, black when off, brighter when more active),
    the ten output probabilities as bars, and the strongest paths (chains of neurons from
    annlib.lab.hidden_neurons.strongest_paths) drawn as blue lines from layer to layer to the
    answer, their neurons outlined in white. A neuron's place in its grid is only its number.
    relu: whether "off" means exactly 0 (ReLU); for other activations no neuron is called off.
    """
    probabilities = np.asarray(probabilities, float).ravel()
    hidden = [np.asarray(h, float).ravel() for h in hidden]
    if not hidden or any(len(h) == 0 for h in hidden):
        raise ValueError("hidden must hold each hidden layer's activations: one array per layer.")
    if len(probabilities) < 2:
        raise ValueError(
            f"give the output's probabilities, one per class; got {len(probabilities)}."
        )
    for chain in chains:
        if len(chain) != len(hidden) or not all(0 <= j < len(h) for j, h in zip(chain, hidden)):
            raise ValueError(
                f"each chain lists one neuron of each of the {len(hidden)} hidden layers "
                f"(as strongest_paths gives); got {list(chain)}."
            )
    shapes = [grid_shape(len(h)) for h in hidden]
    top, tallest = 30.0, cell * max(max(r for r, _ in shapes), 20)
    gap = 46
    lefts, x = [], 10.0
    if digit is not None:
        x += 112 + gap / 2
    for _, cols in shapes:
        lefts.append(x)
        x += cols * cell + gap
    bars_left, bar_width = x + 10, 120
    d = Drawing(
        bars_left + bar_width + 70,
        top + tallest + 48,
        title="the network reading the drawing: its hidden layers lit, and its answer",
    )

    def centre(layer, neuron):
        rows, cols = shapes[layer]
        r, c = divmod(int(neuron), cols)
        return lefts[layer] + (c + 0.5) * cell, top + (r + 0.5) * cell

    if digit is not None:
        image = pixels_to_png(np.asarray(digit, float).reshape(SIDE, SIDE))
        d.text(66, 18, "what it reads", size=12, anchor="middle")
        d.image(10, top, 112, 112, image, gid="digit")
    for layer, (h, (rows, cols)) in enumerate(zip(hidden, shapes)):
        middle = lefts[layer] + cols * cell / 2
        d.text(middle, 18, f"layer {layer + 1}", size=12, anchor="middle")
        below = f"{int(np.sum(h > 0))} of {len(h)} on" if relu else f"{len(h)} neurons"
        d.text(middle, top + rows * cell + 12, below, size=11, anchor="middle")
        picture = _lit_png(h, relu)
        d.image(lefts[layer], top, cols * cell, rows * cell, picture, gid=f"layer {layer + 1}")
    row_height = tallest / len(probabilities)
    d.text(bars_left + bar_width / 2, 18, "answer", size=12, anchor="middle")
    for k, p in enumerate(probabilities):
        y = top + k * row_height
        best = k == answer
        d.rect(bars_left, y + 2, bar_width, row_height - 4, fill="white", stroke=INK, width=0.5)
        d.rect(
            bars_left,
            y + 2,
            max(bar_width * p, 0.5),
            row_height - 4,
            fill=ACTIVE if best else QUIET,
            stroke=INK,
            width=0.5,
            hatch=best,
            gid=f"output {k}",
        )
        d.text(
            bars_left + bar_width + 6,
            y + row_height / 2,
            f"{k}: {p:.0%}",
            size=11,
            bold=best,
        )
    for k, chain in enumerate(chains):
        points = [centre(layer, neuron) for layer, neuron in enumerate(chain)]
        if answer is not None:
            points.append((bars_left, top + (answer + 0.5) * row_height))  # its bar's left end
        xs, ys = zip(*points)
        d.polyline(xs, ys, stroke=INK, width=4, gid=f"path {k + 1} outline")
        d.polyline(xs, ys, stroke=PATH, width=2, gid=f"path {k + 1}")
        for px, py in points[: len(chain)]:
            d.rect(px - cell / 2, py - cell / 2, cell, cell, fill="none", stroke="white", width=1.5)
    d.text(
        10,
        top + tallest + 34,
        ("black: off (0); brighter: " if relu else "darker: less active; brighter: ")
        + "more active, up to the layer's most active neuron. "
        "Blue lines: the strongest paths to the answer.",
        size=10,
    )
    return d
