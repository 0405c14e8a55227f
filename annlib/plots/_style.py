"""The look every picture shares: colours, neurons and connections, PNG bytes.

As in the source article, a neuron that fires and the signals it sends are
coloured and a quiet neuron is grey; the colours come from the Okabe-Ito palette,
which readers with every common kind of colour blindness tell apart (ACTIVE is its
vermilion, an orange-red; OTHER its blue, for a second class). Colour never carries
a meaning alone: a neuron that fires also has a thick double outline, a signal
travels with a solid arrowhead (a silent connection has an open one), and areas
and bars where a neuron fires are hatched. tests/test_plots_style.py checks the
colour pairs under simulated colour blindness; tools/colour_check.py shows every
picture of the course that way.

A connection's width shows the size of its weight; a dashed line is a negative
weight (it holds the receiving neuron back), a dotted line a weight of zero.
"""

from __future__ import annotations

import io

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.figure import Figure
from matplotlib.patches import Annulus, Circle, FancyArrowPatch

from ..lab.tables import FIRING_BACKGROUND

ACTIVE = "#d55e00"  # Okabe-Ito vermilion (orange-red): fires / sends a signal
OTHER = "#0072b2"  # Okabe-Ito blue: the second class in two-class pictures
QUIET = "#cccccc"  # light grey: stays off
NEUTRAL = "#f7f7f7"  # a neuron drawn without an input pattern
INK = "#333333"
SILENT = "#a6a6a6"  # a connection that carries no signal
FIRING_AREA = FIRING_BACKGROUND  # light orange-red: where a neuron fires (also hatched)
QUIET_AREA = "#f5f5f5"  # light grey: where it stays off
FIRING_HATCH = "///"  # the second cue for "fires" on bars and areas
# Pairs of colours whose difference carries a meaning, checked under simulated colour
# blindness by tests/test_plots_style.py: (name, first colour, second colour).
MEANINGFUL_PAIRS = (
    ("a neuron fires / stays off", ACTIVE, QUIET),
    ("a connection sends / is silent", ACTIVE, SILENT),
    ("fires / quiet area", FIRING_AREA, QUIET_AREA),
    ("class 1 / class 0", ACTIVE, OTHER),
    ("validation / training line", ACTIVE, INK),
)
NODE_RADIUS = 0.32
PNG_DPI = 90  # resolution of the pictures in widgets


def _new_axes(ax, size=(5, 3.5)):
    """``ax``, or a new figure's axes of ``size`` inches (shown under the notebook cell)."""
    from matplotlib.axes import Axes

    if ax is None:
        _, ax = plt.subplots(figsize=size)
    elif not isinstance(ax, Axes):
        raise TypeError(
            f"ax must be matplotlib axes to draw on, such as those of "
            f"fig, ax = plt.subplots(); got {ax!r}."
        )
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
    negative weight, dotted for zero; when the sending neuron fires, ACTIVE with a solid
    arrowhead (a signal travels along it), otherwise grey with an open arrowhead.
    ``shape``: more FancyArrowPatch settings, e.g. connectionstyle for a curve.
    """
    return FancyArrowPatch(
        start,
        end,
        arrowstyle="-|>" if sending else "->",
        mutation_scale=12,
        linewidth=_line_width(w, max_abs_w),
        linestyle=_line_style(w),
        color=ACTIVE if sending else SILENT,
        zorder=1,
        **shape,
    )


def draw_node(ax, xy, label, *, active=None, radius=NODE_RADIUS, fontsize=13):
    """A neuron as a circle: ACTIVE with a double outline if active, grey if not,
    almost white if unknown (None: not computed yet).

    The circle's gid is the label, so a drawn neuron can be found again.
    """
    face = NEUTRAL if active is None else (ACTIVE if active else QUIET)
    text_colour = "white" if active else INK
    ax.add_patch(
        Circle(xy, radius, facecolor=face, edgecolor=INK, linewidth=1.5, zorder=3, gid=label)
    )
    if active:  # the second cue: a ring around a neuron that fires
        ax.add_patch(
            Annulus(xy, radius * 1.3, radius * 0.1, facecolor=INK, zorder=3, gid=f"{label} fires")
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
    dotted for zero; ACTIVE, with a solid arrowhead, when the sending neuron fires.
    """
    start, end = np.asarray(start, float), np.asarray(end, float)
    direction = (end - start) / np.linalg.norm(end - start)
    a, b = start + direction * radius, end - direction * radius
    ax.add_patch(
        connection_arrow(a, b, w, max_abs_w=max_abs_w, sending=sending, shrinkA=0, shrinkB=0)
    )
    if label:
        _weight_box(ax, a + (b - a) * label_at, w)
