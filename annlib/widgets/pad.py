"""A drawing pad (notebook 09): draw a digit with the mouse or a finger, and watch a network
read it as you go.
"""

from __future__ import annotations

import itertools
from typing import ClassVar

import ipywidgets as w
import numpy as np

from .. import _validate, plots
from ..functions import predicted_class
from ..images import PAD_SIZE, PEN, SIDE
from ..models import digit_model
from ._explorer import Explorer
from ._svgview import SvgView


class DrawingPad(Explorer):
    """Draw a digit with the mouse (or a finger) and watch a network read it as you go.

    The strokes are kept in Python, from the mouse events, and turned into pixels
    with Pillow (never read back from the browser canvas, which some front ends
    cannot do). After every stroke the digit is prepared as MNIST's digits were
    (annlib.images.to_mnist) and, if a model is given, its answer appears with a
    bar chart of the ten probabilities and the 28 x 28 image it actually sees.
    """

    SIZE = PAD_SIZE  # canvas pixels: 10 x MNIST's 28 (annlib.images, with render_strokes)
    PEN = PEN
    # no single picture: two of its own, what the network sees and its probabilities
    picture_layout: ClassVar[dict | None] = None
    to_use = "draw a digit"

    def __init__(self, model=None, size: int = SIZE, pen: int = PEN):
        from ipycanvas import Canvas

        self.model = None if model is None else digit_model(model, "the pad")
        self.size = _validate.whole_number(
            size, "size (the pad's width in pixels)", minimum=SIDE, example="280"
        )
        self.pen = _validate.whole_number(pen, "pen (its width in pixels)", minimum=1, example="22")
        self.strokes: list[list[tuple[float, float]]] = []
        self._drawing = False
        self.canvas = Canvas(
            width=self.size,
            height=self.size,
            layout=w.Layout(
                width=f"{self.size}px", height=f"{self.size}px", border="1px solid #888"
            ),
        )
        self.canvas.on_mouse_down(self._start_stroke)
        self.canvas.on_mouse_move(self._extend)
        self.canvas.on_mouse_up(self._finish)
        self.canvas.on_mouse_out(self._finish)
        self.canvas.on_touch_start(lambda touches: self._start_stroke(*touches[0]))
        self.canvas.on_touch_move(lambda touches: self._extend(*touches[0]))
        self.canvas.on_touch_end(lambda touches: self._finish())
        self.clear_button = w.Button(description="Clear", icon="trash")
        self.undo_button = w.Button(description="Undo", icon="undo")
        self.clear_button.on_click(lambda _: self.clear())
        self.undo_button.on_click(lambda _: self.undo())
        self.answer = w.HTML()
        self.seen = SvgView(layout=w.Layout(width="150px"))
        self.chart = SvgView(layout=w.Layout(width="400px"))
        self.digit = None  # the 28 x 28 MNIST-style digit, once there is one
        self.probabilities = None
        self._redraw()
        super().__init__()

    def _children(self):
        pad = w.VBox([self.canvas, w.HBox([self.clear_button, self.undo_button])])
        return [w.HBox([pad, w.VBox([self.answer, w.HBox([self.seen, self.chart])])])]

    # ---- mouse and touch -----------------------------------------------------

    def _start_stroke(self, x, y):
        self._drawing = True
        self.strokes.append([(float(x), float(y))])
        self._dot(x, y)

    def _extend(self, x, y):
        if not self._drawing:
            return
        x0, y0 = self.strokes[-1][-1]
        self.strokes[-1].append((float(x), float(y)))
        self._segment(x0, y0, x, y)

    def _finish(self, *_):
        if self._drawing:
            self._drawing = False
            self.update()

    def draw(self, points) -> None:
        """Draw one stroke through ``points`` [(x, y), ...], as the mouse would."""
        points = list(points)
        if not points:
            return
        self._start_stroke(*points[0])
        for x, y in points[1:]:
            self._extend(x, y)
        self._finish()

    def clear(self) -> None:
        """Wipe the pad."""
        self.reset()

    def _restore(self) -> None:
        self.strokes = []
        self._redraw()

    def undo(self) -> None:
        """Take back the last stroke."""
        with self.holding():
            if self.strokes:
                self.strokes.pop()
            self._redraw()

    # ---- drawing on the canvas (what the learner sees) -------------------------

    def _style(self):
        self.canvas.stroke_style = "white"
        self.canvas.fill_style = "white"
        self.canvas.line_width = self.pen
        self.canvas.line_cap = "round"
        self.canvas.line_join = "round"

    def _dot(self, x, y):
        self._style()
        self.canvas.fill_circle(x, y, self.pen / 2)

    def _segment(self, x0, y0, x1, y1):
        self._style()
        self.canvas.stroke_line(x0, y0, x1, y1)

    def _redraw(self):
        from ipycanvas import hold_canvas

        with hold_canvas():
            self.canvas.clear()
            self.canvas.fill_style = "black"
            self.canvas.fill_rect(0, 0, self.size, self.size)
            for stroke in self.strokes:
                self._dot(*stroke[0])
                for (x0, y0), (x1, y1) in itertools.pairwise(stroke):
                    self._segment(x0, y0, x1, y1)

    # ---- the pixels, and the network's answer ----------------------------------

    def pixels(self) -> np.ndarray:
        """The drawing as a size x size array: 0 background, 1 ink (from the strokes)."""
        from ..images import render_strokes

        return render_strokes(self.strokes, self.size, self.pen)

    def compute(self) -> None:
        """Prepare the drawing as an MNIST digit and read it with the model."""
        from ..images import EmptyImageError, to_mnist

        self.probabilities = None
        try:
            self.digit = to_mnist(self.pixels(), polarity="light")
        except EmptyImageError:
            self.digit = None
            self.answer.value = (
                "<b>Draw a digit in the black square</b> (hold the mouse button down)."
            )
            return
        if self.model is None:
            self.answer.value = "Digit ready (no network given to read it)."
            return
        self.probabilities = self.model.predict_proba(self.digit.reshape(1, -1))[0]
        self.answer.value = (
            f"<span style='font-size:1.6em'>I read: <b>{self.prediction}</b>"
            f"</span> ({self._sure()} sure)"
        )

    def _sure(self) -> str:
        return f"{self.probabilities[self.prediction]:.0%}"

    def plot(self):
        """What the network sees (the 28 x 28 digit), and its ten probabilities."""
        seen = None if self.digit is None else plots.svg_digit(self.digit, "what it sees")
        chart = None if self.probabilities is None else plots.svg_probabilities(self.probabilities)
        return {self.seen: seen, self.chart: chart}

    @property
    def prediction(self):
        """The digit the model reads, or None when there is nothing to read."""
        return None if self.probabilities is None else predicted_class(self.probabilities)

    def snapshot(self) -> bytes:
        """The pad as it looks: white ink on black (made from the strokes, not the browser)."""
        return plots.pixels_to_png(self.pixels())

    def describe(self) -> str:
        if self.digit is None:
            return "an empty drawing pad"
        strokes = f"a drawing of {len(self.strokes)} stroke{'s' if len(self.strokes) != 1 else ''}"
        if self.prediction is None:
            return f"{strokes}, with no network to read it"
        return f"{strokes}, read as {self.prediction}, {self._sure()} sure"
