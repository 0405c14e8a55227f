"""A drawing pad (notebook 13): draw a digit with the mouse or a finger, and watch a network
read it as you go.
"""

from __future__ import annotations

import html
import itertools
from typing import ClassVar

import ipywidgets as w
import numpy as np

from .. import _validate, plots
from ..data.images import PAD_SIZE, PEN, SIDE
from ..functions import predicted_class
from ..lab.digit_reader import digit_model
from ._explorer import Explorer
from ._svgview import SvgView

MAX_SIZE = 1000  # a pad wider than a screen is of no use, and its pixels grow as size ** 2
# what a model that could not read the drawing may raise (annlib's own errors, scikit-learn's
# NotFittedError, a model of another input size): said on the pad, the drawing kept
UNREADABLE = (ValueError, TypeError, AttributeError, FloatingPointError)


def checked_reader(model, who: str):
    """``model`` if it can read the pad's digits: a model (not its class) with 784 inputs and
    10 outputs (annlib.lab.digit_reader.digit_model) that reads a blank digit into 10 probabilities.
    Asked once here, so that a model that cannot read (not trained, its weights NaN after a
    training that blew up, made for other inputs) is refused now, not at the first stroke."""
    if isinstance(model, type):
        raise TypeError(
            f"{who} needs a network, not the class {model.__name__}: build or load one, such "
            "as annlib.lab.digit_reader.digit_reader() or MLP.load(path)."
        )
    model = digit_model(model, who)
    weights = getattr(model, "params", None)
    if isinstance(weights, dict) and not all(np.isfinite(v).all() for v in weights.values()):
        raise ValueError(
            f"{who} cannot use this network: its weights hold NaN or infinity (its training "
            "blew up). Train it again with a smaller learning rate, or load a saved network."
        )
    try:
        read_digit(model, np.zeros((SIDE, SIDE), np.float32))
    except UNREADABLE as error:
        raise ValueError(
            f"{who} asked this model to read a blank 28 x 28 digit, and it could not: {error} "
            "Is it trained, and on digits of 28 x 28 pixels?"
        ) from None
    return model


def read_digit(model, digit: np.ndarray) -> np.ndarray:
    """The model's ten probabilities for one 28 x 28 ``digit``, or an error saying why not."""
    P = np.asarray(model.predict_proba(digit.reshape(1, -1)), dtype=float)
    if P.shape != (1, 10):
        raise ValueError(f"it gave {P.size} values instead of 10 probabilities.")
    if not np.isfinite(P).all():
        raise ValueError("its probabilities hold NaN (have its weights blown up?).")
    return P[0]


def _points(points, size: int) -> list[tuple[float, float]]:
    """A stroke's points [(x, y), ...] as floats inside a pad of ``size`` pixels, or an error
    (before anything is drawn, so that a bad point never spoils the drawing)."""
    try:
        points = list(points)  # (a generator of points too)
    except TypeError:
        pass  # one number: refused below
    xy = _validate.numeric_array(points, "points (a stroke)")
    if xy.size and (xy.ndim != 2 or xy.shape[1] != 2):
        raise ValueError(
            "points must be a list of (x, y) pairs, such as [(140, 40), (140, 240)]; got an "
            f"array of shape {xy.shape}."
        )
    if xy.size and not ((xy >= 0) & (xy <= size)).all():
        raise ValueError(
            f"points must lie on the pad: x and y from 0 to {size}; these go from "
            f"{xy.min():g} to {xy.max():g}."
        )
    return [(float(x), float(y)) for x, y in xy.reshape(-1, 2)]


class DrawingPad(Explorer):
    """Draw a digit with the mouse (or a finger) and watch a network read it as you go.

    The strokes are kept in Python, from the mouse events, and turned into pixels
    with Pillow (never read back from the browser canvas, which some front ends
    cannot do). After every stroke the digit is prepared as MNIST's digits were
    (annlib.data.images.to_mnist) and, if a model is given, its answer appears with a
    bar chart of the ten probabilities and the 28 x 28 image it actually sees.
    """

    SIZE = PAD_SIZE  # canvas pixels: 10 x MNIST's 28 (annlib.data.images, with render_strokes)
    PEN = PEN
    # no single picture: two of its own, what the network sees and its probabilities
    picture_layout: ClassVar[dict | None] = None
    to_use = "draw a digit"

    def __init__(self, model=None, size: int = SIZE, pen: int = PEN):
        from ipycanvas import Canvas

        self.model = None if model is None else checked_reader(model, "the pad")
        self.size = _validate.whole_number(
            size, "size (the pad's width in pixels)", minimum=SIDE, maximum=MAX_SIZE, example="280"
        )
        self.pen = _validate.whole_number(  # a pen as wide as the pad would fill it at a touch
            pen,
            f"pen (its width in pixels, at most a quarter of the pad's size {self.size})",
            minimum=1,
            maximum=self.size // 4,
            example="22",
        )
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
        """Draw one stroke through ``points`` [(x, y), ...], as the mouse would. Points are
        checked first: a bad one is refused with the drawing as it was."""
        points = _points(points, self.size)
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
        self._drawing = False  # (a stroke in progress is gone too: the next move draws none)
        self._redraw()

    def undo(self) -> None:
        """Take back the last stroke (the one being drawn, if a finger is still down)."""
        with self.holding():
            self._drawing = False  # the next move must not extend the stroke before it
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
        from ..data.images import render_strokes

        return render_strokes(self.strokes, self.size, self.pen)

    def compute(self) -> None:
        """Prepare the drawing as an MNIST digit and read it with the model."""
        from ..data.images import EmptyImageError, to_mnist

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
        try:
            self.probabilities = read_digit(self.model, self.digit)
        except UNREADABLE as error:  # the model changed since (say, trained until it blew up)
            self.answer.value = (
                f"<b>The network could not read it</b>: {html.escape(str(error))} "
                "(your drawing is kept)."
            )
            return
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
        if self.model is None:
            return f"{strokes}, with no network to read it"
        if self.prediction is None:
            return f"{strokes}, which the network could not read"
        return f"{strokes}, read as {self.prediction}, {self._sure()} sure"
