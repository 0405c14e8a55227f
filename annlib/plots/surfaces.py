"""A loss surface of two weights as a contour map, with the paths optimisers take across it
(annlib.lab.loss_surfaces)."""

from __future__ import annotations

import numpy as np

from ._style import INK, _new_axes
from .runs import series_style


def plot_optimizer_paths(surface, paths: dict, ax=None, levels: int = 14):
    """Contour lines of ``surface`` in its window (spaced evenly in log(loss), so that the
    valley floor shows too), its minimum (a star), and each path of ``paths`` (name ->
    points from optimizer_path) with its own colour, marker and dashes, its start ringed.
    Both weights get the same scale (equal aspect), so that a valley's shape is drawn true;
    the legend sits outside, to the right, where it hides no path."""
    from ..lab.loss_surfaces import Surface

    if not isinstance(surface, Surface):
        raise TypeError(f"give a Surface, such as ravine(); got {type(surface).__name__}.")
    (x0, x1), (y0, y1) = surface.window
    W1, W2 = np.meshgrid(np.linspace(x0, x1, 200), np.linspace(y0, y1, 200))
    L = surface.loss(np.stack([W1, W2], axis=-1))
    ax = _new_axes(ax, (8.0, 3.6))
    low, high = max(float(L.min()), 1e-3), float(L.max())
    ax.contour(W1, W2, L, levels=np.geomspace(low, high, levels), colors="#b0b0b0", linewidths=0.8)
    ax.plot(
        *surface.minimum, marker="*", markersize=14, color=INK, linestyle="none", label="minimum"
    )
    for i, (name, path) in enumerate(paths.items()):
        path = np.asarray(path, dtype=float)
        if path.ndim != 2 or path.shape[1] != 2:
            raise ValueError(
                f"{name!r}: a path is points of two weights, shape (n, 2); got shape {path.shape}."
            )
        style = series_style(i)
        ax.plot(path[:, 0], path[:, 1], markersize=3, linewidth=1.3, label=name, **style)
        ax.plot(*path[0], marker="o", markersize=9, fillstyle="none", color=INK)
    ax.set(
        xlim=(x0, x1),
        ylim=(y0, y1),
        xlabel="weight $w_1$",
        ylabel="weight $w_2$",
        title=surface.name,
    )
    ax.set_aspect("equal", adjustable="box")  # one unit of w1 as long as one of w2
    ax.legend(frameon=False, fontsize=9, loc="upper left", bbox_to_anchor=(1.02, 1.0))
    return ax


_DASH_NAMES = {"-": "solid", "--": "dashed", "-.": "dashdot", ":": "dotted"}


def svg_optimizer_paths(surface, paths: dict, levels: int = 10):
    """plot_optimizer_paths as SVG (annlib.plots.svg), for the optimiser explorer: the
    contour lines, the minimum and the legend stay still; the paths move."""
    from ..lab.loss_surfaces import Surface
    from .runs import SERIES
    from .svg import Drawing, Panel

    if not isinstance(surface, Surface):
        raise TypeError(f"give a Surface, such as ravine(); got {type(surface).__name__}.")
    import contourpy

    (x0, x1), (y0, y1) = surface.window
    # the same pixels per unit on both axes (equal aspect), in at most 400 x 240 pixels
    scale = min(400 / (x1 - x0), 240 / (y1 - y0))
    width, height = scale * (x1 - x0), scale * (y1 - y0)
    d = Drawing(600, max(int(round(height)) + 80, 180), title=surface.name)
    panel = Panel(d, (60, 30, width, height), (x0, x1), (y0, y1), gid="surface")
    W1, W2 = np.meshgrid(np.linspace(x0, x1, 60), np.linspace(y0, y1, 60))  # smooth enough
    L = surface.loss(np.stack([W1, W2], axis=-1))
    contours = contourpy.contour_generator(W1, W2, L)
    for level in np.geomspace(max(float(L.min()), 1e-3), float(L.max()), levels):
        for line in contours.lines(level):
            panel.plot(line[:, 0], line[:, 1], stroke="#c0c0c0", width=0.8)
    panel.axes(xlabel="weight w\u2081", ylabel="weight w\u2082", title=surface.name)
    panel.marker(*surface.minimum, r=5, fill="white", stroke=INK, square=True, gid="minimum")
    legend_x = 60 + width + 18
    d.text(legend_x, 40, "\u25a1 minimum", size=12)
    for i, name in enumerate(paths):  # the legend: each name with its colour and dashes
        colour, _, dashes = SERIES[i % len(SERIES)]
        y = 62 + 20 * i
        d.line(legend_x, y, legend_x + 24, y, stroke=colour, width=2.5, dash=_DASH_NAMES[dashes])
        d.text(legend_x + 30, y, name, size=12)
    d.moving_below()
    for i, (name, path) in enumerate(paths.items()):
        colour, _, dashes = SERIES[i % len(SERIES)]
        path = np.asarray(path, dtype=float)
        panel.plot(
            path[:, 0],
            path[:, 1],
            stroke=colour,
            width=2,
            dash=_DASH_NAMES[dashes],
            gid=f"path {name}",
        )
        panel.marker(*path[-1], r=4, fill=colour, stroke=INK, gid=f"end {name}")
    return d
