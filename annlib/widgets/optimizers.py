"""Three optimisers on a loss of two weights, with sliders for the learning rate and the
momentum: their paths redraw as the sliders move (annlib.surfaces, plots.surfaces)."""

from __future__ import annotations

from typing import ClassVar

import ipywidgets as w
import numpy as np

from .. import plots
from ..surfaces import Surface, optimizer_path, ravine
from ._explorer import Explorer
from ._sliders import SteppedSlider, lr_slider

NAMES = ("sgd", "momentum", "adam")


class OptimizerExplorer(Explorer):
    """Plain gradient descent, momentum and Adam from one start on ``surface`` (by default
    a ravine 20 times steeper across than along), ``steps`` steps each. The learning rate
    slider moves all three; the momentum slider moves the second."""

    picture_layout: ClassVar[dict | None] = {"width": "600px"}
    svg = True

    def __init__(
        self, surface: Surface | None = None, start=(-4.0, 1.0), lr=0.02, momentum=0.9, steps=60
    ):
        self.surface = ravine() if surface is None else surface
        if not isinstance(self.surface, Surface):
            raise TypeError(f"give a Surface, such as ravine(); got {type(surface).__name__}.")
        self.start, self.steps = start, steps
        optimizer_path(self.surface, start, steps=1)  # checks start and steps at the edge
        self.lr_slider = lr_slider(lr, -3, 0, 0.05, width="300px")
        self.momentum_slider = SteppedSlider(
            value=momentum,
            min=0.0,
            max=0.98,
            step=0.02,
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
