"""Pictures of one threshold neuron: its wiring, its signal, and where it fires (notebook 01)."""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np

from ..neuron import ThresholdNeuron, all_patterns
from ._style import (
    ACTIVE,
    FIRING_AREA,
    FIRING_HATCH,
    INK,
    NEUTRAL,
    NODE_RADIUS,
    QUIET,
    QUIET_AREA,
    SILENT,
    _line_style,
    _line_width,
    _new_axes,
    _open_frame,
    _weight_label,
    draw_connection,
    draw_node,
)
from .svg import Drawing

SQUARE = (-0.4, 1.4)  # the view around the four corners (0, 0) .. (1, 1) of two inputs


def draw_neuron(neuron: ThresholdNeuron, x=None, ax=None, title=None):
    """Draw a threshold neuron with its inputs, weights and m.

    With an input pattern x, active inputs and the signals they send are ACTIVE
    (orange-red; a firing neuron also has a double outline), the signal s received
    is written beside the neuron, and the neuron is ACTIVE if it fires.
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
    ys, target, max_abs_w = _layout(neuron)
    for i, (name, w, y) in enumerate(zip(neuron.inputs, neuron.w, ys)):
        sending = x is not None and x[i] != 0
        draw_node(ax, (0, y), name, active=None if x is None else bool(sending), fontsize=11)
        draw_connection(
            ax, (0, y), target, float(w), max_abs_w=max_abs_w, sending=sending, label_at=0.4
        )
    on_colour = ACTIVE if (x is not None and on) else INK
    draw_node(ax, target, neuron.name, active=None if x is None else on, radius=0.42, fontsize=15)
    ax.text(target[0], target[1] - 0.55, f"m = {neuron.m:g}", ha="center", va="top", fontsize=11)
    ax.annotate(
        "",
        xy=(4.1, 0),
        xytext=(target[0] + 0.44, 0),
        arrowprops={"arrowstyle": "-|>", "color": on_colour, "linewidth": 1.5},
    )
    if x is not None:
        ax.text(
            4.2,
            0,
            f"s = {s:g} {_relation(on)} {neuron.m:g}\n{_verdict(on)}",
            ha="left",
            va="center",
            fontsize=11,
            color=on_colour,
        )
    ax.set_xlim(-0.5, 5.4 if x is not None else 4.3)
    ax.set_ylim(*_heights(ys))
    ax.set_aspect("equal")
    ax.axis("off")
    if title:
        ax.set_title(title)
    return ax


def _layout(neuron: ThresholdNeuron):
    """Where draw_neuron and svg_neuron put things: the inputs' heights (at x = 0), the
    neuron's centre, and the largest |weight| (the widest connection)."""
    n = neuron.n_inputs
    ys = (np.arange(n)[::-1] - (n - 1) / 2) * 0.9
    return ys, np.array([3.0, 0.0]), float(np.max(np.abs(neuron.w))) or 1.0


def _heights(ys) -> tuple[float, float]:
    return min(ys.min(), -1.1) - 0.5, max(ys.max(), 0.5) + 0.5


def svg_neuron(neuron: ThresholdNeuron, scale: float = 70.0):
    """draw_neuron (without an input pattern) as SVG, for the neuron explorer: the same
    places, widths and line styles; ``scale`` pixels per unit of draw_neuron's picture."""
    ys, target, max_abs_w = _layout(neuron)
    low, high = _heights(ys)
    d = Drawing(4.8 * scale, (high - low) * scale, title=f"neuron {neuron.name}")

    def at(x, y):  # draw_neuron's coordinates -> pixels (y grows downwards in SVG)
        return (x + 0.5) * scale, (high - y) * scale

    end = np.array(at(*target))
    for name, w, y in zip(neuron.inputs, neuron.w, ys):
        start = np.array(at(0, y))
        direction = (end - start) / np.linalg.norm(end - start)
        a, b = start + direction * NODE_RADIUS * scale, end - direction * 0.42 * scale
        d.arrow(
            *a,
            *b,
            stroke=SILENT,
            width=_line_width(w, max_abs_w),
            dash=_line_style(w),
            solid_head=False,
        )
        label = a + (b - a) * 0.4
        d.rect(label[0] - 17, label[1] - 9, 34, 18, fill="white")
        d.text(*label, _weight_label(w), size=13, anchor="middle", gid=f"w_{name}")
    for name, y in zip(neuron.inputs, ys):
        d.circle(*at(0, y), NODE_RADIUS * scale, fill=NEUTRAL, stroke=INK, width=1.5, gid=name)
        d.text(*at(0, y), name, size=15, anchor="middle", bold=True)
    d.circle(*end, 0.42 * scale, fill=NEUTRAL, stroke=INK, width=1.5, gid=neuron.name)
    d.text(*end, neuron.name, size=20, anchor="middle", bold=True)
    d.text(
        end[0], end[1] + 0.55 * scale + 9, f"m = {neuron.m:g}", size=15, anchor="middle", gid="m"
    )
    d.arrow(end[0] + 0.44 * scale, end[1], *at(4.1, 0), stroke=INK, width=1.5)
    return d


def _relation(on) -> str:
    return "\u2265" if on else "<"


def _verdict(on) -> str:
    return "fires" if on else "stays off"


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
    ax.bar(
        len(parts) + 0.6,
        s,
        color=ACTIVE if on else QUIET,
        edgecolor=INK,
        linewidth=2,
        hatch=FIRING_HATCH if on else None,
    )
    ax.axhline(neuron.m, color=INK, linestyle="--", linewidth=1.2)
    # the label sits above the line, clear of it and of the s bar
    ax.text(len(parts) + 1.05, neuron.m, f"m = {neuron.m:g}", va="bottom", fontsize=10)
    ax.axhline(0, color=INK, linewidth=0.8)
    ax.set_xticks(list(range(len(parts))) + [len(parts) + 0.6], labels + ["s"])
    ax.set_xlim(-0.6, len(parts) + 1.9)
    ax.set_ylabel("contribution to the signal")
    ax.set_title(f"s = {s:g} {_relation(on)} m = {neuron.m:g}: {neuron.name} {_verdict(on)}")
    _open_frame(ax)
    return ax


def plot_all_signals(neuron: ThresholdNeuron, ax=None):
    """The signal s of every input pattern; ACTIVE and hatched where it reaches m (fires)."""
    patterns = all_patterns(neuron.n_inputs)
    s = neuron.signal(patterns)
    on = neuron.fires(patterns)
    ax = _new_axes(ax, (9, 3.2))
    bars = ax.bar(range(len(s)), s, color=np.where(on, ACTIVE, QUIET), edgecolor=INK, linewidth=0.5)
    for bar, fires in zip(bars, on):
        if fires:
            bar.set_hatch(FIRING_HATCH)
    ax.axhline(neuron.m, color=INK, linestyle="--", linewidth=1.2, label=f"m = {neuron.m:g}")
    ax.axhline(0, color=INK, linewidth=0.8)
    ax.set_xticks(
        range(len(s)),
        ["".join(map(str, p)) for p in patterns],
        rotation=90,
        fontfamily="monospace",
        fontsize=8,
    )
    ax.set_xlabel(f"input pattern ({''.join(neuron.inputs)})")
    ax.set_ylabel("signal s")
    ax.set_title(f"{neuron.name} fires on {int(on.sum())} of {len(s)} patterns (hatched)")
    ax.legend(loc="upper left", frameon=False)
    _open_frame(ax)
    return ax


def _shade_where_fires(ax, fires) -> None:
    """Shade the square of two inputs: light orange-red and hatched where ``fires`` (of a batch
    of points) is True, light grey elsewhere."""
    grid = np.linspace(*SQUARE, 181)
    g1, g2 = np.meshgrid(grid, grid)
    on = np.asarray(fires(np.column_stack([g1.ravel(), g2.ravel()]))).reshape(g1.shape)
    ax.contourf(
        g1,
        g2,
        on.astype(float),
        levels=[-0.5, 0.5, 1.5],
        colors=[QUIET_AREA, FIRING_AREA],
        hatches=[None, FIRING_HATCH],
    )


def _draw_line_of(ax, w, m, *, linewidth=1.5) -> None:
    """The line w1 x1 + w2 x2 = m, where a neuron of two inputs starts to fire."""
    w1, w2 = w
    if w2 != 0:
        grid = np.linspace(*SQUARE, 181)
        ax.plot(grid, (m - w1 * grid) / w2, color=INK, linewidth=linewidth)
    elif w1 != 0:
        ax.axvline(m / w1, color=INK, linewidth=linewidth)


def plot_decision_line(neuron: ThresholdNeuron, ax=None, title=None):
    """For a neuron with two inputs: the line w1 x1 + w2 x2 = m that splits firing from quiet.

    The shaded, hatched side of the line (and the line itself: s = m fires) is where the
    neuron fires; the four corner patterns (0,0), (0,1), (1,0), (1,1) are filled circles
    where the neuron fires on them, open circles where it stays quiet.
    """
    if neuron.n_inputs != 2:
        raise ValueError(
            f"plot_decision_line draws neurons with 2 inputs; neuron {neuron.name} has "
            f"{neuron.n_inputs}. Make a 2-input neuron, e.g. ThresholdNeuron([1, 1], m=2)."
        )
    ax = _new_axes(ax, (3.4, 3.4))
    _shade_where_fires(ax, neuron.fires)
    _draw_line_of(ax, neuron.w, neuron.m)
    w1, w2 = neuron.w
    return plot_corners(
        neuron.fires(all_patterns(2)),
        inputs=neuron.inputs,
        ax=ax,
        title=title
        or f"{neuron.name}: {w1:g}\u00b7{neuron.inputs[0]} + "
        f"{w2:g}\u00b7{neuron.inputs[1]} \u2265 {neuron.m:g}",
    )


def plot_corners(fires, inputs=("x1", "x2"), ax=None, title=None):
    """The four patterns of two inputs as corners of a square: a filled ACTIVE circle where
    ``fires`` is True, an open circle where it is False.

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
    ax.scatter(
        corners[:, 0],
        corners[:, 1],
        s=260,
        c=np.where(fires, ACTIVE, "white"),
        edgecolors=INK,
        linewidths=np.where(fires, 1.5, 2.0),
        zorder=3,
    )
    ax.set_xlim(*SQUARE)
    ax.set_ylim(*SQUARE)
    ax.set_xticks([0, 1])
    ax.set_yticks([0, 1])
    ax.set_xlabel(inputs[0])
    ax.set_ylabel(inputs[1])
    ax.set_aspect("equal")
    if title:
        ax.set_title(title)
    return ax


def plot_weight_sweep(values, answers, right, name="w", n_patterns=32):
    """What one weight does to a threshold neuron, over a range of values: its answer to one
    pattern (left), and on how many of n_patterns it is right (right). Both are steps."""
    fig, axes = plt.subplots(1, 2, figsize=(11, 3.4))
    axes[0].plot(values, np.asarray(answers, dtype=int), color=ACTIVE, linewidth=2)
    axes[0].set(xlabel=f"${name}$", ylabel="fires (1) or not (0)", title="its answer")
    axes[1].plot(values, right, color=INK, linewidth=2)
    axes[1].set(
        xlabel=f"${name}$",
        ylabel=f"patterns right (of {n_patterns})",
        title="how often it is right",
    )
    for ax in axes:
        _open_frame(ax)
    return axes
