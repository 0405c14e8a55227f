"""Three optimisers on a loss of two weights, with sliders for the learning rate and the
momentum: their paths redraw as the sliders move (annlib.lab.loss_surfaces, plots.surfaces)."""

from __future__ import annotations

from typing import ClassVar

import ipywidgets as w
import numpy as np

from .. import _validate, plots
from ..lab.loss_surfaces import Surface, optimizer_path, ravine
from ..optim import check_momentum
from ._explorer import Explorer
from ._sliders import SteppedSlider, lr_slider

NAMES = ("sgd", "momentum", "adam")
LR_EXPONENTS = (-3, 0)  # the learning-rate slider: 10 ** -3 = 0.001 to 10 ** 0 = 1
MOMENTUM_STEP, MOMENTUM_MAX = 0.02, 0.98  # the momentum slider: 0 to 0.98 in steps of 0.02
MAX_STEPS = 1000  # every slider position draws all three paths: more would take minutes


def _learning_rate(lr) -> float:
    """``lr`` if the slider can show it: from 0.001 to 1 (it keeps 3 significant digits)."""
    lr = _validate.real_number(lr, "lr (the learning rate)")
    low, high = 10.0 ** LR_EXPONENTS[0], 10.0 ** LR_EXPONENTS[1]
    if not low <= lr <= high:
        why = "must be above 0: give one" if lr <= 0 else "must be"
        raise ValueError(
            f"lr (the learning rate) {why} from {low:g} to {high:g} (the slider's range), "
            f"such as 0.02; got {lr:g}."
        )
    return lr


def _momentum_on_slider(momentum) -> float:
    """``momentum`` if it is from 0 up to 1 and one of the slider's values (0 to 0.98 in
    steps of 0.02): the slider would quietly move any other value to its nearest step."""
    momentum = check_momentum(momentum)  # a number from 0 up to (not including) 1
    k = momentum / MOMENTUM_STEP
    if momentum > MOMENTUM_MAX or abs(k - round(k)) > 1e-6:
        raise ValueError(
            f"momentum must be one of the slider's values, 0 to {MOMENTUM_MAX:g} in steps of "
            f"{MOMENTUM_STEP:g}, such as 0.9; got {momentum:g}."
        )
    return momentum


def _start(start, surface: Surface) -> tuple[float, float]:
    """``start`` as a point (w1, w2) of two numbers inside the picture of ``surface``."""
    try:
        weights = list(start)
    except TypeError:
        weights = [start]
    if isinstance(start, str) or len(weights) != 2:
        raise ValueError(f"start is a point of two weights, such as (-4, 1); got {start!r}.")
    w1, w2 = (_validate.real_number(v, "each weight of start") for v in weights)
    (low1, high1), (low2, high2) = surface.window
    if not (low1 <= w1 <= high1 and low2 <= w2 <= high2):
        raise ValueError(
            f"start ({w1:g}, {w2:g}) is off the picture of {surface.name}: start where "
            f"w1 is from {low1:g} to {high1:g} and w2 from {low2:g} to {high2:g}."
        )
    return w1, w2


class OptimizerExplorer(Explorer):
    """Plain gradient descent, momentum and Adam from one start on ``surface`` (by default
    a ravine 20 times steeper across than along), ``steps`` steps each (1 to 1,000). The
    learning rate slider moves all three; the momentum slider moves the second.

    ``start`` must lie inside the picture; ``lr`` must be on the learning rate slider, from
    0.001 to 1 (it keeps 3 significant digits, as its readout shows), and ``momentum`` on
    the momentum slider, 0 to 0.98 in steps of 0.02: anything else is refused, not moved.
    """

    picture_layout: ClassVar[dict | None] = {"width": "600px"}
    svg = True

    def __init__(
        self, surface: Surface | None = None, start=(-4.0, 1.0), lr=0.02, momentum=0.9, steps=60
    ):
        self.surface = ravine() if surface is None else surface
        if not isinstance(self.surface, Surface):
            raise TypeError(f"give a Surface, such as ravine(); got {type(surface).__name__}.")
        self.start = _start(start, self.surface)
        self.steps = _validate.whole_number(
            steps, "steps", minimum=1, maximum=MAX_STEPS, example="60"
        )
        optimizer_path(self.surface, self.start, steps=1)  # a surface that cannot be walked
        low, high = LR_EXPONENTS
        self.lr_slider = lr_slider(_learning_rate(lr), low, high, 0.05, width="300px")
        self.momentum_slider = SteppedSlider(
            value=_momentum_on_slider(momentum),
            min=0.0,
            max=MOMENTUM_MAX,
            step=MOMENTUM_STEP,
            description="momentum",
            continuous_update=True,
            layout=w.Layout(width="300px"),
            style={"description_width": "initial"},  # (the whole word, not "moment...")
        )
        self.summary = w.HTML()
        self._watch(self.lr_slider, self.momentum_slider)
        super().__init__()

    def _children(self):
        return [w.HBox([self.lr_slider, self.momentum_slider]), self.picture, self.summary]

    def paths(self, lr: float, momentum: float) -> dict[str, np.ndarray]:
        return {
            name: optimizer_path(
                self.surface, self.start, optimizer=name, lr=lr, momentum=momentum, steps=self.steps
            )
            for name in NAMES
        }

    def compute(self) -> None:
        self.current = self.paths(self.lr_slider.value, self.momentum_slider.value)
        self.summary.value = "; ".join(
            f"<b>{name}</b>: "
            + (
                f"blew up after {len(path) - 1} steps"
                if len(path) <= self.steps
                else f"loss {float(self.surface.loss(path[-1])):.3g} after {self.steps} steps"
            )
            for name, path in self.current.items()
        )

    def plot(self):
        return plots.svg_optimizer_paths(self.surface, self.current)

    def followed(self) -> list:
        return [self.lr_slider, self.momentum_slider]

    def drawing_with(self, control, value):
        lr = value if control is self.lr_slider else self.lr_slider.value
        momentum = value if control is self.momentum_slider else self.momentum_slider.value
        return plots.svg_optimizer_paths(self.surface, self.paths(lr, momentum))

    def describe(self) -> str:
        return (
            f"gradient descent, momentum and Adam on {self.surface.name}, lr = "
            f"{self.lr_slider.value:g}, momentum = {self.momentum_slider.value:g}"
        )
