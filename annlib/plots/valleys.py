"""Pictures of one weight's error valley, of gradient descent walking down it, and of the
error surface of two weights with its gradient as arrows (notebook 03). The numbers come
from annlib.lab.valley; here they are only drawn.
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.ticker import MaxNLocator

from ..functions import sigmoid, step
from ..lab.valley import (
    descent_path,
    descent_path_all,
    sse_along_weight,
    sse_gradient,
    sse_slope,
    sse_surface,
)
from ._style import ACTIVE, INK, OTHER, _new_axes, _open_frame
from .svg import Drawing, Panel


def plot_sse_vs_weight(X, y, weights, m, index, value, axes=None, w_range=(-3.0, 5.0), name="w"):
    """SSE as one weight moves, for a threshold neuron (left) and a sigmoid neuron (right).

    The current value of the weight is marked on both curves; on the smooth
    curve its slope is drawn as a tangent, the direction gradient descent uses.
    Returns the axes and the slope.
    """
    if axes is None:
        _, axes = plt.subplots(1, 2, figsize=(10, 3.4))
    grid = np.linspace(*w_range, 801)
    for ax, f, label in [
        (axes[0], step, "threshold neuron (step)"),
        (axes[1], sigmoid, "sigmoid neuron"),
    ]:
        curve = sse_along_weight(X, y, weights, m, index, grid, f)
        here = float(sse_along_weight(X, y, weights, m, index, [value], f)[0])
        ax.plot(grid, curve, color=INK, linewidth=2)
        ax.plot([value], [here], "o", color=ACTIVE, markersize=10, zorder=3)
        ax.set(xlabel=name, ylabel="SSE", title=label, xlim=w_range)
        _open_frame(ax)
    slope = sse_slope(X, y, weights, m, index, value)
    span = np.array([value - 0.8, value + 0.8])
    axes[1].plot(span, here + slope * (span - value), color=ACTIVE, linewidth=1.5, linestyle="--")
    axes[1].set_title(f"sigmoid neuron: slope {slope + 0.0:+.3f} at {name} = {value:.2f}")
    return axes, slope


def plot_descent_path(
    X, y, weights, m, index, start, lr, steps=20, ax=None, w_range=None, name="w"
):
    """The SSE valley of one weight and the steps gradient descent takes on it.

    Returns the axes and the path (the weight after each step, the start first).
    """
    path = descent_path(X, y, weights, m, index, start, lr, steps)
    low, high = w_range or (min(path.min(), -3.0) - 0.5, max(path.max(), 5.0) + 0.5)
    grid = np.linspace(low, high, 801)
    ax = _new_axes(ax, (4.2, 3.2))
    ax.plot(grid, sse_along_weight(X, y, weights, m, index, grid, sigmoid), color=INK, linewidth=2)
    heights = sse_along_weight(X, y, weights, m, index, path, sigmoid)
    ax.plot(path, heights, "-o", color=ACTIVE, markersize=4, linewidth=1, alpha=0.8)
    ax.plot(path[:1], heights[:1], "s", color=INK, markersize=7)
    ax.set(
        xlabel=name,
        ylabel="SSE",
        title=f"lr = {lr:g}: {name} ends at {path[-1]:.2f}",
        xlim=(low, high),
    )
    _open_frame(ax)
    return ax, path


def plot_steps_from_bottom(
    X, y, weights, m, index, start, lrs, bottom, steps=30, axes=None, name="w"
):
    """How far descent's weight is from the bottom of its valley after each step, one
    panel per learning rate of ``lrs``: above the dotted line (0, the bottom) it is to the
    right of the bottom, below it to the left, so a step that overshoots crosses the line.

    Returns the axes and the paths (one per rate: the weight after each step, start first).
    """
    lrs = list(lrs)
    if axes is None:
        _, axes = plt.subplots(1, len(lrs), figsize=(3.6 * len(lrs), 3.0), sharey=True)
    axes = np.atleast_1d(axes).ravel()
    if len(axes) != len(lrs):
        raise ValueError(f"give one axes per learning rate: {len(lrs)} rates, {len(axes)} axes.")
    paths = []
    for ax, lr in zip(axes, lrs):
        path = descent_path(X, y, weights, m, index, start, lr, steps)
        paths.append(path)
        ax.axhline(0, color=INK, linewidth=1, linestyle=":")
        ax.plot(np.arange(len(path)), path - bottom, "-o", color=OTHER, markersize=4, linewidth=1.2)
        ax.set(xlabel="step", title=f"lr = {lr:g}")
        _open_frame(ax)
    axes[0].set_ylabel(f"{name} − bottom")
    axes[0].annotate(
        "the bottom", (steps, 0), xytext=(0, 4), textcoords="offset points", ha="right", size=9
    )
    return axes, paths


def plot_sse_surface(
    X,
    y,
    weights,
    m,
    indices=(0, 1),
    w_range=(-3.0, 5.0),
    start=None,
    lr=3.0,
    steps=40,
    arrows=9,
    ax=None,
    names=("w1", "w2"),
):
    """The sigmoid neuron's SSE over two of its weights (the others held still) as a contour
    map, like the height lines of a hiking map, with the gradient drawn as arrows.

    The shading and the labelled contour lines give the SSE (a colour bar too); a star marks
    the lowest point of the grid. The arrows (vermilion, with heads) are the gradient on an
    arrows x arrows grid, all to one scale, so a longer arrow means a steeper slope; they
    point uphill. With ``start`` (the two weights' values), descent's path from there (blue,
    round markers, the start a square) walks ``steps`` steps of rate ``lr`` against them.
    Returns the axes and the path (None without a start).
    """
    w = np.asarray(weights, float)
    i, j = indices
    low, high = w_range
    grid = np.linspace(low, high, 201)
    S = sse_surface(X, y, w, m, indices, grid, grid)
    ax = _new_axes(ax, (6.4, 5.6))
    levels = MaxNLocator(nbins=10).tick_values(float(S.min()), float(S.max()))
    levels = levels[(levels > S.min()) & (levels < S.max())]
    shades = ax.contourf(grid, grid, S, levels=30, cmap="Greys", alpha=0.55)
    lines = ax.contour(grid, grid, S, levels=levels, colors=INK, linewidths=0.7)
    ax.clabel(lines, fmt="%g", fontsize=8)
    ax.figure.colorbar(shades, ax=ax, label="SSE", shrink=0.8, ticks=levels)
    lowest = np.unravel_index(np.argmin(S), S.shape)
    ax.plot(grid[lowest[1]], grid[lowest[0]], "*", color=INK, markersize=15, label="lowest point")
    points = np.linspace(low, high, arrows)
    P, Q = np.meshgrid(points, points)
    G = np.empty((*P.shape, 2))
    for k in np.ndindex(P.shape):
        v = w.copy()
        v[i], v[j] = P[k], Q[k]
        G[k] = sse_gradient(X, y, v, m)[[i, j]]
    longest = float(np.hypot(G[..., 0], G[..., 1]).max()) or 1.0
    spacing = (high - low) / (arrows - 1)
    quiver = ax.quiver(
        P,
        Q,
        G[..., 0],
        G[..., 1],
        color=ACTIVE,
        angles="xy",
        scale_units="xy",
        scale=longest / (0.9 * spacing),  # the longest arrow: 0.9 of the grid's spacing
        width=0.006,
    )
    key = float(MaxNLocator(nbins=2).tick_values(0, longest)[1])  # a round size for the key
    ax.quiverkey(
        quiver,
        1.3,
        0.3,
        key,
        f"gradient, points uphill\n(an arrow this long: size {key:g})",
        coordinates="axes",
        labelpos="E",
        fontproperties={"size": 9},
    )
    path = None
    if start is not None:
        v = w.copy()
        v[i], v[j] = start
        path = descent_path_all(X, y, v, m, lr, steps)[:, [i, j]]
        ax.plot(
            path[:, 0],
            path[:, 1],
            "-o",
            color=OTHER,
            markersize=3.5,
            linewidth=1.5,
            label=f"descent, lr = {lr:g}",
        )
        ax.plot(*path[0], "s", color=OTHER, markersize=9, markeredgecolor=INK, label="start")
    ax.set(xlabel=names[0], ylabel=names[1], xlim=w_range, ylim=w_range, aspect="equal")
    ax.legend(loc="upper left", bbox_to_anchor=(1.25, 1.0), frameon=False, fontsize=9)
    return ax, path


# ---- the same pictures as SVG, for the explorers (fast enough to follow a dragged slider) ----


def _padded(values, share=0.05) -> tuple[float, float]:
    """The range of ``values`` with a little room above and below, as matplotlib leaves."""
    values = np.asarray(values, float)
    values = values[np.isfinite(values)]
    low, high = (float(values.min()), float(values.max())) if values.size else (0.0, 1.0)
    room = (high - low) * share or 0.5
    return low - room, high + room


def svg_sse_vs_weight(grid, curves, value, heights, slope, name="w"):
    """plot_sse_vs_weight as SVG from numbers already worked out: ``curves`` are the SSE of the
    threshold and the sigmoid neuron over ``grid``, ``heights`` their SSE at ``value``, and
    ``slope`` the sigmoid neuron's slope there (drawn as a dashed tangent).

    The valleys stay still; the points, the tangent and the titles move with ``value``.
    """
    d = Drawing(760, 250, title=f"SSE as {name} moves")
    panels = []
    for i, curve in enumerate(curves):
        box = (60 + 385 * i, 30, 310, 170)
        panels.append(
            Panel(d, box, (grid[0], grid[-1]), _padded(curve), gid=("step", "sigmoid")[i])
        )
        panels[i].axes(name, "SSE")
        panels[i].plot(grid, curve, stroke=INK, width=2, gid=f"valley {i}")
    d.moving_below()
    panels[0].title("threshold neuron (step)")
    panels[1].title(f"sigmoid neuron: slope {slope + 0.0:+.3f} at {name} = {value:.2f}")
    span = np.array([value - 0.8, value + 0.8])
    tangent = heights[1] + slope * (span - value)
    panels[1].plot(span, tangent, stroke=ACTIVE, width=1.5, dash="dashed", gid="tangent")
    for i, (panel, here) in enumerate(zip(panels, heights)):
        panel.marker(value, here, r=6, fill=ACTIVE, stroke=INK, gid=f"here {i}")
    return d


def svg_descent_path(grid, curve, path, heights, lr, name="w"):
    """plot_descent_path as SVG: the valley over ``grid``, and descent's ``path`` (the weight
    after each step, the start first, a square) at their ``heights``."""
    d = Drawing(440, 270, title=f"gradient descent on {name}")
    d.moving_below()  # the valley's range follows the path: all of it moves with lr
    panel = Panel(d, (60, 30, 360, 190), (grid[0], grid[-1]), _padded(curve), gid="valley")
    panel.axes(name, "SSE", f"lr = {lr:g}: {name} ends at {path[-1]:.2f}")
    panel.plot(grid, curve, stroke=INK, width=2, gid="valley")
    panel.plot(path, heights, stroke=ACTIVE, width=1, gid="path")
    for x, y in zip(path[1:], heights[1:]):
        panel.marker(x, y, r=3, fill=ACTIVE, stroke=ACTIVE)
    panel.marker(path[0], heights[0], r=4.5, fill=INK, square=True, gid="start")
    return d
