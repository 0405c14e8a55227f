"""Accuracy as the digits change: curves for several models (notebooks 11 and 12)."""

from __future__ import annotations

import numpy as np

from ._style import ACTIVE, INK, OTHER, _new_axes, _open_frame


def curve_style(convolutional: bool, moved: bool, lenet: bool = False) -> dict:
    """How a model's curve looks: colour and marker for its kind (fully connected: dark
    circles; convolutional: orange squares; LeNet: blue triangles), dashes for moved
    training. The markers tell the kinds apart without their colours."""
    colour, marker = (INK, "o") if not convolutional else (ACTIVE, "s")
    if lenet:
        colour, marker = OTHER, "^"
    return {"color": colour, "marker": marker, "linestyle": "--" if moved else "-"}


def plot_accuracy_curves(x, curves: dict, styles: dict, ax=None, xlabel="", title=None):
    """One curve per model: its accuracy at each value of x (a shift, a size...).

    curves: name -> accuracies (one per x); styles: name -> curve_style(...).
    """
    ax = _new_axes(ax, (6.5, 3.8))
    for name, accuracies in curves.items():
        if len(accuracies) != len(x):
            raise ValueError(f"{name!r} has {len(accuracies)} accuracies for {len(x)} values of x.")
        ax.plot(list(x), np.asarray(accuracies), label=name, **styles[name])
    ax.set(xlabel=xlabel, ylabel="accuracy", ylim=(0, 1))
    if title:
        ax.set_title(title)
    _open_frame(ax)
    return ax
