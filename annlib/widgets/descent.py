"""Explorers of the error and of gradient descent (notebook 03): one weight's SSE valley, the
steps descent takes down it, and what the learning rate does to a whole training run.
"""

from __future__ import annotations

from typing import ClassVar

import ipywidgets as w
import numpy as np

from .. import _validate, plots
from ..functions import sigmoid, step
from ..lab.valley import descent_path, sse_along_weight, sse_slope
from ._explorer import Explorer
from ._sliders import SteppedSlider, lr_slider

FLAT = 5e-4  # a slope smaller than this counts as the bottom of the valley


class SSEExplorer(Explorer):
    """Move one weight of a neuron and watch its SSE: a staircase for a threshold
    neuron, a smooth valley for a sigmoid neuron, with the slope at the current point.
    """

    picture_layout: ClassVar[dict | None] = {"width": "760px"}
    svg, follows = True, "slider"
    to_use = "move the slider"

    def __init__(self, X, y, weights, m, index=0, w_range=(-3.0, 5.0), name=None):
        self.X, self.y = np.asarray(X, float), np.asarray(y, float)
        self.weights, self.m = np.asarray(weights, float), float(m)
        self.index = _validate.whole_number(
            index, "index (which weight moves)", minimum=0, maximum=self.weights.size - 1
        )
        self.w_range, self.name = w_range, name or f"w{self.index + 1}"
        self.slider = SteppedSlider(
            value=float(self.weights[self.index]),
            min=w_range[0],
            max=w_range[1],
            step=0.05,
            description=self.name,
            continuous_update=True,
            layout=w.Layout(width="420px"),
        )
        self.summary = w.HTML()
        # the two valleys do not change as the slider moves: worked out once
        self.grid = np.linspace(*w_range, 401)
        self.curves = [
            sse_along_weight(self.X, self.y, self.weights, self.m, self.index, self.grid, f)
            for f in (step, sigmoid)
        ]
        self._watch(self.slider)
        super().__init__()

    def _children(self):
        return [self.slider, self.summary, self.picture]

    def _sse(self, value, f) -> float:
        return float(
            sse_along_weight(self.X, self.y, self.weights, self.m, self.index, [value], f)[0]
        )

    def _numbers(self, value) -> tuple[float, float, float]:
        """The SSE of the threshold and the sigmoid neuron, and the sigmoid's slope, at value."""
        slope = sse_slope(self.X, self.y, self.weights, self.m, self.index, value)
        return self._sse(value, step), self._sse(value, sigmoid), slope

    def compute(self) -> None:
        """The SSE of both neurons, and the sigmoid neuron's slope, at the slider's value."""
        value = self.slider.value
        self.sse_step, self.sse_sigmoid, self.slope = self._numbers(value)
        self.summary.value = (
            f"{self.name} = {value:.2f}: SSE of the threshold neuron <b>{self.sse_step:g}</b>, "
            f"of the sigmoid neuron <b>{self.sse_sigmoid:.3f}</b>; for the sigmoid neuron "
            f"{self._advice()}"
        )

    def _advice(self) -> str:
        if abs(self.slope) < FLAT:
            return "the slope is 0: this is the bottom of the valley."
        downhill = "increase" if self.slope < 0 else "decrease"
        return f"the slope is {self.slope:+.3f}, so to lower the SSE, {downhill} {self.name}."

    def drawing_at(self, value):
        sse_step, sse_sigmoid, slope = self._numbers(value)
        return plots.svg_sse_vs_weight(
            self.grid, self.curves, value, (sse_step, sse_sigmoid), slope, name=self.name
        )

    def plot(self):
        return self.drawing_at(self.slider.value)

    def describe(self) -> str:
        return (
            f"{self.name} = {self.slider.value:.2f}, SSE {self.sse_step:g} (threshold "
            f"neuron) and {self.sse_sigmoid:.3f} (sigmoid neuron); {self._advice()}"
        )


class DescentExplorer(Explorer):
    """Gradient descent on one weight, with the learning rate on a slider."""

    svg, follows = True, "slider"
    to_use = "move the learning-rate slider"

    def __init__(self, X, y, weights, m, index=0, start=3.0, lr=1.0, steps=20, name=None):
        index = _validate.whole_number(index, "index (which weight moves)", minimum=0)
        self.args = (
            np.asarray(X, float),
            np.asarray(y, float),
            np.asarray(weights, float),
            float(m),
            index,
        )
        self.start = start
        self.steps = _validate.whole_number(steps, "steps", minimum=0, example="20")
        self.name = name or f"w{index + 1}"
        self.slider = lr_slider(lr, -1.5, 2.5, 0.05)
        self._watch(self.slider)
        super().__init__()

    def _children(self):
        return [self.slider, self.picture]

    def compute(self) -> None:
        """The weight after each step of descent at the slider's learning rate."""
        self.path = descent_path(*self.args, self.start, self.slider.value, self.steps)

    def drawing_at(self, lr):
        """The valley around descent's path at learning rate lr, and the path on it."""
        path = descent_path(*self.args, self.start, lr, self.steps)
        low = min(float(path.min()), -3.0) - 0.5
        high = max(float(path.max()), 5.0) + 0.5
        grid = np.linspace(low, high, 161)
        return plots.svg_descent_path(
            grid,
            sse_along_weight(*self.args, grid, sigmoid),
            path,
            sse_along_weight(*self.args, path, sigmoid),
            lr,
            name=self.name,
        )

    def plot(self):
        return self.drawing_at(self.slider.value)

    def describe(self) -> str:
        return (
            f"lr = {self.slider.value:.3g}: {self.name} goes from {self.start:g} to "
            f"{self.path[-1]:.2f} in {self.steps} steps"
        )


class LearningRateExplorer(Explorer):
    """Train one model for every learning rate on a slider, and plot its loss per epoch.

    Every rate the slider can reach is trained once, when the explorer is made, so moving
    the slider only looks a run up and draws it (fast enough to follow a drag).

    The curve is fit's History: each epoch's point is measured during that epoch, on each
    minibatch just before its step (with one batch of all examples: the loss of the weights
    the epoch starts from). The summary says the loss before training and after the last
    step, measured on all the examples.
    """

    picture_layout: ClassVar[dict | None] = {"width": "620px"}
    svg, follows = True, "slider"
    to_use = "move the learning-rate slider"

    def __init__(
        self,
        make_model,
        X,
        y,
        *,
        epochs=100,
        batch_size=None,
        lr=1.0,
        lr_range=(-3, 3),
        seed=0,
        loss_range=(1e-7, 1.0),
    ):
        from ..train import fit

        self._fit, self.make_model = fit, make_model
        self.X, self.y, self.seed = X, y, seed
        self.epochs = _validate.whole_number(epochs, "epochs", minimum=1, example="100")
        self.batch_size = batch_size or len(X)
        # one scale for every rate, so a loss that barely moves looks flat, as it is; down to
        # 1e-7, below where notebook 03's best rates end (about 1e-6 after 300 epochs)
        low, high = (_validate.real_number(v, "loss_range") for v in loss_range)
        if not 0 < low < high:
            raise ValueError(
                f"loss_range is the (lowest, highest) loss the plot shows, two numbers with "
                f"0 < lowest < highest, such as (1e-7, 1.0); got {loss_range!r}."
            )
        self.loss_range = (low, high)
        self.slider = lr_slider(lr, lr_range[0], lr_range[1], 0.1)
        self.summary = w.HTML()
        self.start_loss, _ = self.make_model().evaluate(self.X, self.y)
        self.runs = {}  # learning rate -> (history, (loss, accuracy) after training) or
        # (None, None) if it diverged
        self._watch(self.slider)
        super().__init__()

    def _children(self):
        return [self.slider, self.summary, self.picture]

    def run(self, lr: float):
        """(history, (loss, accuracy) after the last step) of a fresh model trained with
        ``lr``; (None, None) if it diverged. Each rate is trained once; asking again gives the
        same run."""
        if lr not in self.runs:
            model = self.make_model()
            try:
                with np.errstate(all="ignore"):
                    history = self._fit(
                        model,
                        self.X,
                        self.y,
                        epochs=self.epochs,
                        batch_size=self.batch_size,
                        lr=lr,
                        seed=self.seed,
                        progress=False,
                    )
            except FloatingPointError:
                history = None
            after = None if history is None else model.evaluate(self.X, self.y)
            self.runs[lr] = (history, after)
        return self.runs[lr]

    def compute(self) -> None:
        """The run of the slider's learning rate (history None if it diverged)."""
        self.history, after = self.run(self.slider.value)
        self.loss_after, self.accuracy = after or (None, None)
        self.summary.value = self._result(bold=True)

    def _result(self, bold=False) -> str:
        lr = f"lr = {self.slider.value:g}"
        if self.history is None:
            verdict = "diverged: the loss grew until it overflowed"
            return f"{lr}: <b>{verdict}</b>." if bold else f"{lr}: {verdict}."
        return (
            f"{lr}: loss per example {self.start_loss:.4f} before training \u2192 "
            f"{self.loss_after:.4f} after {self.epochs} epochs; accuracy {self.accuracy:.0%}"
        )

    def drawing_at(self, lr):
        history, _ = self.run(lr)
        return plots.svg_losses(
            [] if history is None else history.loss,
            epochs=self.epochs,
            ylim=self.loss_range,
            start=self.start_loss,
            title=f"lr = {lr:g}",
        )

    def plot(self):
        return self.drawing_at(self.slider.value)

    def describe(self) -> str:
        return self._result()
