"""Pictures of training: the loss and accuracy per epoch (also live, while a model trains),
and a two-input model's answer over the plane (notebooks 03 to 05).
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.colors import LinearSegmentedColormap

from .. import _validate
from ._style import ACTIVE, INK, OTHER, _new_axes, _open_frame
from .svg import Drawing, Panel

# a model's probability of class 1: OTHER blue (0) through white (0.5) to ACTIVE (1)
TWO_CLASSES = LinearSegmentedColormap.from_list("two_classes", [OTHER, "white", ACTIVE])


def plot_history(history, axes=None, title=None):
    """Loss (left) and accuracy (right) per epoch, on the training and validation data
    (validation dashed, so the two lines differ in more than colour)."""
    from ..model import History

    if not isinstance(history, History):
        hint = " (a model's is model.history_)" if hasattr(history, "fit") else ""
        raise TypeError(
            f"plot_history draws a training History, what fit returns{hint}; "
            f"got {type(history).__name__}."
        )
    if axes is None:
        _, axes = plt.subplots(1, 2, figsize=(10, 3.2))
    axes = np.atleast_1d(axes).ravel()
    if len(axes) != 2:
        raise ValueError(
            f"plot_history draws in two axes, loss and accuracy; got {len(axes)}: "
            "give axes=plt.subplots(1, 2)[1], or leave axes out."
        )
    epochs = history.epoch
    axes[0].plot(epochs, history.loss, color=INK, label="training")
    axes[1].plot(epochs, history.accuracy, color=INK, label="training")
    if history.val_loss:
        axes[0].plot(epochs, history.val_loss, color=ACTIVE, linestyle="--", label="validation")
        axes[1].plot(epochs, history.val_accuracy, color=ACTIVE, linestyle="--", label="validation")
    axes[0].set(xlabel="epoch", ylabel="loss per example")
    axes[1].set(xlabel="epoch", ylabel="accuracy")
    for ax in axes:
        _open_frame(ax)
        ax.legend(frameon=False)
    if title:
        axes[0].figure.suptitle(title)
    return axes


def plot_losses(losses, ax=None, title=None, ylim=None, epochs=None, start=None):
    """The loss per example of each epoch of one training run, on a log scale.

    Each point is what ``fit`` records as an epoch's training loss: the mean over the
    epoch's minibatches, each measured just before its own step, so it mixes the network of
    the epoch's start with that of its end (a validation score is measured once, after the
    epoch). An empty list (a run that diverged) leaves the chart empty, with its axes. ``ylim``
    and ``epochs`` fix the axes, so runs drawn one after another (the learning-rate
    explorer) share one scale and a small change looks small; ``start``, the loss before
    training, is drawn as a dotted line to compare with.
    """
    ax = _new_axes(ax, (7, 3.2))
    if len(losses):
        ax.plot(range(1, len(losses) + 1), losses, color=ACTIVE, linewidth=2, label="loss")
    if start is not None:
        ax.axhline(start, color=INK, linestyle=":", linewidth=1, label="before training")
        ax.legend(frameon=False, loc="lower left")
    ax.set(xlabel="epoch", ylabel="loss per example", title=title)
    ax.set_yscale("log")
    if ylim is not None:
        ax.set_ylim(*ylim)
    if epochs is not None:
        ax.set_xlim(0, epochs + 1)
    _open_frame(ax)
    return ax


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


def plot_decision_boundary(model, X, y, ax=None, title=None, resolution=200, colour_bar=True):
    """For a model with two inputs: its answer over the plane, with the data points on top.

    The background is the model's probability of class 1, from OTHER blue (class 0)
    through white to ACTIVE orange-red (class 1), with a colour bar; the line is where
    it is 0.5. Points of class 1 are triangles, of class 0 circles.
    """
    if not hasattr(model, "predict_proba"):
        raise TypeError(
            "plot_decision_boundary needs a model with predict_proba, such as an MLP; "
            f"got {type(model).__name__}."
        )
    X = _validate.numeric_array(X, "X (the points)")
    if X.ndim != 2 or X.shape[1] != 2 or len(X) == 0:
        raise ValueError(
            f"plot_decision_boundary draws points with 2 inputs, X of shape (n, 2) with n at "
            f"least 1; X has shape {X.shape}."
        )
    y = _validate.numeric_array(y, "y (the labels)")
    if y.shape != (len(X),) or not np.isin(y, (0, 1)).all():
        got = f"shape {y.shape}" if y.shape != (len(X),) else f"the labels {np.unique(y)[:5]}"
        raise ValueError(
            "plot_decision_boundary draws two classes: y must be one label 0 or 1 per point "
            f"({len(X)} of them); got {got}."
        )
    resolution = _validate.whole_number(
        resolution, "resolution (grid points per side)", minimum=2, maximum=2000, example="200"
    )
    ax = _new_axes(ax, (4, 3.6))
    pad = 0.5
    x0 = np.linspace(X[:, 0].min() - pad, X[:, 0].max() + pad, resolution)
    x1 = np.linspace(X[:, 1].min() - pad, X[:, 1].max() + pad, resolution)
    g0, g1 = np.meshgrid(x0, x1)
    P = np.asarray(model.predict_proba(np.column_stack([g0.ravel(), g1.ravel()])))
    if P.ndim != 2 or P.shape[1] > 2:
        raise ValueError(
            "plot_decision_boundary draws a model of two classes (one sigmoid output, or two "
            f"softmax outputs); this one gives {P.shape[-1]} outputs."
        )
    p1 = (P[:, 0] if P.shape[1] == 1 else P[:, 1]).reshape(g0.shape)
    shading = ax.contourf(
        g0, g1, p1, levels=np.linspace(0, 1, 11), cmap=TWO_CLASSES, alpha=0.45, vmin=0, vmax=1
    )
    ax.contour(g0, g1, p1, levels=[0.5], colors=[INK], linewidths=1.5)
    size = 120 if len(X) <= 20 else 22  # a handful of points (XOR) are drawn large
    for label, colour, marker in ((0, OTHER, "o"), (1, ACTIVE, "^")):
        here = y == label
        ax.scatter(
            X[here, 0],
            X[here, 1],
            c=colour,
            marker=marker,
            s=size,
            edgecolors="white",
            linewidths=0.6,
            label=f"class {label}",
        )
    ax.set_xlabel("$x_1$")
    ax.set_ylabel("$x_2$")
    ax.tick_params(labelsize=8)
    if colour_bar:
        bar = ax.figure.colorbar(shading, ax=ax, fraction=0.046, pad=0.03, ticks=[0, 0.5, 1])
        bar.set_label("probability of class 1", fontsize=8)
        bar.ax.tick_params(labelsize=8)
    if title:
        ax.set_title(title)
    return ax


def svg_losses(losses, *, epochs, ylim, start=None, title=""):
    """plot_losses as SVG, for the learning-rate explorer: the loss per example of each
    epoch (the mean over its minibatches, each measured before its step) on a log scale
    fixed to ``ylim`` and ``epochs`` (so every run shares one scale), ``start`` (the loss
    before training) dotted. An empty list (a run that diverged) leaves the axes empty."""
    d = Drawing(620, 270, title="loss per epoch")
    panel = Panel(d, (70, 30, 530, 190), (0, epochs + 1), ylim, ylog=True, gid="losses")
    panel.axes("epoch", "loss per example")
    if start is not None:
        panel.hline(start, stroke=INK, width=1, dash="dotted")
        left, bottom = 80, 205  # the legend, at the lower left as in plot_losses
        d.line(left, bottom - 18, left + 24, bottom - 18, stroke=ACTIVE, width=2)
        d.text(left + 30, bottom - 18, "loss", size=11)
        d.line(left, bottom, left + 24, bottom, stroke=INK, width=1, dash="dotted")
        d.text(left + 30, bottom, "before training", size=11)
    d.moving_below()  # the run and its title change with the learning rate
    panel.title(title)
    if len(losses):
        panel.plot(np.arange(1, len(losses) + 1), losses, stroke=ACTIVE, width=2, gid="loss")
    return d
