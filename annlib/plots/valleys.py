"""Pictures of one weight's error valley, and of gradient descent walking down it
(notebook 03). The numbers come from annlib.lab.valley; here they are only drawn.
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np

from ..functions import sigmoid, step
from ..lab.valley import descent_path, sse_along_weight, sse_slope
from ._style import ACTIVE, INK, _new_axes, _open_frame
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
