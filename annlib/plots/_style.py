"""The look every picture shares: the article's colours, neurons and connections, PNG bytes.

Colours follow the source article: a neuron that fires, and the signals it
sends, are red; a quiet neuron and its silent connections are grey. A
connection's width shows the size of its weight; a dashed line is a negative
weight (it holds the receiving neuron back), a dotted line a weight of zero.
"""

from __future__ import annotations

import io

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.figure import Figure
from matplotlib.patches import Circle, FancyArrowPatch

from ..tables import FIRING_BACKGROUND

ACTIVE = "#d62728"  # red: fires / sends a signal
QUIET = "#b8b8b8"  # grey: stays off
NEUTRAL = "#f2f2f2"  # a neuron drawn without an input pattern
INK = "#333333"
SILENT = "#8c8c8c"  # a connection that carries no signal
FIRING_AREA = FIRING_BACKGROUND  # light red: where a neuron fires, in the plane of its inputs
QUIET_AREA = "#ececec"  # light grey: where it stays off
NODE_RADIUS = 0.32
PNG_DPI = 90  # resolution of the pictures in widgets


def _new_axes(ax, size=(5, 3.5)):
    """``ax``, or a new figure's axes of ``size`` inches (shown under the notebook cell)."""
    if ax is None:
        _, ax = plt.subplots(figsize=size)
    return ax


def _open_frame(ax) -> None:
    """A chart with only the left and bottom axis lines, as every chart in the course."""
    ax.spines[["top", "right"]].set_visible(False)


def new_figure(size, n_cols: int = 1):
    """A figure of ``size`` inches with 1 x n_cols axes, for a picture that becomes PNG bytes.

    Made without pyplot, so it never shows up by itself under a notebook cell.
    Returns (figure, axes): one Axes, or an array of n_cols of them.
    """
    fig = Figure(figsize=size)
    return fig, fig.subplots(1, n_cols)


def figure_to_png(fig) -> bytes:
    """Render a figure to PNG bytes (for image widgets) and close it.

    The same picture always gives the same bytes: no software version is written in.
    """
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=PNG_DPI, bbox_inches="tight", metadata={"Software": None})
    plt.close(fig)
    return buffer.getvalue()


def pixels_to_png(pixels) -> bytes:
    """A gray image (0 black .. 1 white) as PNG bytes, one PNG pixel per pixel, no figure."""
    from PIL import Image

    pixels = np.clip(np.asarray(pixels, float), 0, 1)
    buffer = io.BytesIO()
    Image.fromarray(np.round(pixels * 255).astype(np.uint8)).save(buffer, format="PNG")
    return buffer.getvalue()


def _weight_label(w: float) -> str:
    return "0" if w == 0 else f"{w:+g}".replace("-", "\u2212")


def _weight_box(ax, at, w) -> None:
    """A weight written on its connection, on a small white patch."""
    ax.text(
        *at,
        _weight_label(w),
        ha="center",
        va="center",
        fontsize=10,
        color=INK,
        zorder=2,
        bbox={
            "boxstyle": "round,pad=0.15",
            "facecolor": "white",
            "edgecolor": "none",
            "alpha": 0.9,
        },
    )


def _line_width(w, max_abs_w) -> float:
    """Thin for a weight of 0, thicker as |w| grows towards the largest weight drawn."""
    return 0.8 if w == 0 else 0.8 + 3.2 * abs(w) / max(max_abs_w, 1e-12)


def _line_style(w) -> str:
    return "dotted" if w == 0 else ("dashed" if w < 0 else "solid")


def connection_arrow(start, end, w, *, max_abs_w=1.0, sending=False, **shape) -> FancyArrowPatch:
    """An arrow from start to end that looks like a connection of weight w.

    Width grows with |w| (up to the largest weight drawn, max_abs_w); dashed for a
    negative weight, dotted for zero; red when the sending neuron fires, grey otherwise.
    ``shape``: more FancyArrowPatch settings, e.g. connectionstyle for a curve.
    """
    return FancyArrowPatch(
        start,
        end,
        arrowstyle="-|>",
        mutation_scale=12,
        linewidth=_line_width(w, max_abs_w),
        linestyle=_line_style(w),
        color=ACTIVE if sending else SILENT,
        zorder=1,
        **shape,
    )


def draw_node(ax, xy, label, *, active=None, radius=NODE_RADIUS, fontsize=13):
    """A neuron as a circle: red if active, grey if not, light if unknown (None).

    The circle's gid is the label, so a drawn neuron can be found again.
    """
    face = NEUTRAL if active is None else (ACTIVE if active else QUIET)
    text_colour = "white" if active else INK
    ax.add_patch(
        Circle(xy, radius, facecolor=face, edgecolor=INK, linewidth=1.5, zorder=3, gid=label)
    )
    ax.text(
        *xy,
        label,
        ha="center",
        va="center",
        fontsize=fontsize,
        color=text_colour,
        fontweight="bold",
        zorder=4,
    )


def draw_connection(
    ax,
    start,
    end,
    w,
    *,
    max_abs_w=1.0,
    sending=False,
    label=True,
    radius=NODE_RADIUS,
    label_at=0.62,
):
    """A connection from ``start`` to ``end`` with weight w, from circle edge to circle edge.

    Its look is connection_arrow's: width grows with |w|; dashed for a negative weight,
    dotted for zero; red when the sending neuron fires (a signal travels along it).
    """
    start, end = np.asarray(start, float), np.asarray(end, float)
    direction = (end - start) / np.linalg.norm(end - start)
    a, b = start + direction * radius, end - direction * radius
    ax.add_patch(
        connection_arrow(a, b, w, max_abs_w=max_abs_w, sending=sending, shrinkA=0, shrinkB=0)
    )
    if label:
        _weight_box(ax, a + (b - a) * label_at, w)
