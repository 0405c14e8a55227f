"""Pictures of one weight's error valley, and of gradient descent walking down it
(notebook 03). The numbers come from annlib.descent; here they are only drawn.
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np

from ..descent import descent_path, sse_along_weight, sse_slope
from ..functions import sigmoid, step
from ._style import ACTIVE, INK, _new_axes, _open_frame


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
