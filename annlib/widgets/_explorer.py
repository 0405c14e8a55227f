"""What every explorer shares: a picture area, one way to update, reset, and a still snapshot.

An explorer is a column of widgets (a VBox) that keeps its state in Python and
draws into plain Image and HTML widgets, so it behaves the same in JupyterLab,
in Binder and in a test with no browser at all. Each one is built the same way:

    update()   the one way it changes what it shows: compute() reads the controls
               and works out the numbers (no drawing), plot() draws them, and the
               picture area shows the drawing: SVG text (annlib.plots.svg, shown by an
               SvgView, fast enough to follow a dragged slider) or the PNG of a
               figure from annlib.plots
    reset()    every control back where it started, then one redraw

When a notebook shows an explorer, it also saves a still picture of it and a
line of text beside the live widget, for reading without a kernel (on GitHub,
or in a notebook opened untrusted).
"""

from __future__ import annotations

import base64
import contextlib
from typing import ClassVar

import ipywidgets as w

from .. import plots
from ._sliders import positions
from ._svgview import SvgView


def show(area: w.Image, png: bytes) -> None:
    """Put ``png`` in an image area; an area with nothing to show is hidden, because a browser
    draws an empty image as its broken-image icon."""
    area.value = png
    area.layout.display = None if png else "none"


class Explorer(w.VBox):
    """The common base of every explorer (a VBox).

    A subclass makes its controls, calls ``self._watch(control, ...)`` for those
    whose value should redraw it, then calls ``super().__init__()``, and writes:

    _children()  its layout: the controls around ``self.picture``
    compute()    read the controls, work out the numbers, write the text
    plot()       a picture of those numbers: an annlib.plots.svg Drawing when ``svg`` is True,
                 else a Figure made by a plots function (None: nothing to show);
                 or a dict {picture widget: picture or None} for pictures of its own
    describe()   one line of plain words about what it shows, for the snapshot
    """

    picture_layout: ClassVar[dict | None] = {"width": "480px"}  # None: no picture area of its own
    svg: ClassVar[bool] = False  # True: plot() gives a Drawing, shown as SVG by an SvgView
    # The name of the one slider an SVG picture follows in the browser: the explorer writes
    # drawing_at(value) for each of its positions, and the browser shows the frame of the
    # slider's position without waiting for the kernel. None: the kernel draws each change.
    follows: ClassVar[str | None] = None
    to_use = "move the sliders"  # what running the cell lets a reader do (for the snapshot)

    def __init__(self, **kwargs):
        self._held = False
        if self.picture_layout is not None and self.svg:
            self.picture = SvgView(layout=w.Layout(**self.picture_layout))
            if self.follows:
                self._draw_every_position(getattr(self, self.follows))
        elif self.picture_layout is not None:
            self.picture = w.Image(format="png", layout=w.Layout(**self.picture_layout))
            show(self.picture, b"")  # hidden until there is something to show
        super().__init__(self._children(), **kwargs)
        self.update()

    # ---- what a subclass writes ------------------------------------------------

    def _children(self) -> list:
        return [self.picture]

    def compute(self) -> None:
        """Read the controls and work out what to show (no drawing here)."""

    def plot(self):
        """The figure of what compute() found (plots.new_figure); by default nothing to draw."""
        return {}

    def describe(self) -> str:
        return "an explorer"

    def drawing_at(self, value):
        """For an explorer that ``follows`` a slider: its Drawing at the slider's ``value``."""
        raise NotImplementedError(f"{type(self).__name__} follows a slider: write drawing_at()")

    # ---- the same for every explorer ---------------------------------------------

    def _draw_every_position(self, slider) -> None:
        """Give the picture a frame for every position of ``slider``, all on one still part."""
        drawings = [self.drawing_at(value) for value in positions(slider)]
        stills = {d.still() for d in drawings}
        if len(stills) != 1:
            raise RuntimeError(
                f"{type(self).__name__}.drawing_at draws a still part that changes with the "
                "slider; draw it the same at every value, or call moving_below() before it."
            )
        log = isinstance(slider, w.FloatLogSlider)
        self.picture.still = stills.pop()
        self.picture.frames = [d.moving() for d in drawings]
        self.picture.positions = {
            "min": slider.min,
            "step": slider.step,
            "log": log,
            "base": slider.base if log else 10,
        }
        self.picture.follow = slider

    def update(self) -> None:
        """Work out the numbers, draw them, show the picture."""
        if self._held:
            return
        self.compute()
        figures = self.plot()
        if not isinstance(figures, dict):
            figures = {self.picture: figures}
        for area, picture in figures.items():
            if isinstance(area, SvgView):
                area.svg = "" if picture is None else picture.svg()
            else:
                show(area, b"" if picture is None else plots.figure_to_png(picture))

    def _watch(self, *controls) -> None:
        """Redraw when any of ``controls`` changes value; reset() puts them back."""
        self._start_values = [
            *getattr(self, "_start_values", []),
            *((c, c.value) for c in controls),
        ]
        for control in controls:
            control.observe(self._on_change, names="value")

    def _on_change(self, _change=None) -> None:
        self.update()

    @contextlib.contextmanager
    def holding(self):
        """Change several controls at once with one redraw at the end, not one per control."""
        held, self._held = self._held, True
        try:
            yield
        finally:
            self._held = held
        self.update()

    def reset(self) -> None:
        """Every control back to where it started, then one redraw."""
        with self.holding():
            self._restore()

    def _restore(self) -> None:
        for control, value in getattr(self, "_start_values", []):
            control.value = value

    # ---- a still picture of itself, for reading without a kernel ------------------

    def snapshot(self) -> bytes | str:
        """The picture the explorer shows right now: SVG text from an SvgView, PNG bytes from
        an image (empty when it shows none)."""
        picture = getattr(self, "picture", None)
        if isinstance(picture, SvgView):
            return picture.svg
        return bytes(picture.value) if picture is not None else b""

    def _repr_mimebundle_(self, **kwargs):
        """ipywidgets' own bundle (the live widget), a still PNG of it and a line of text.

        A front end that can show the widget shows the widget; where there is no
        kernel or no widget front end (GitHub, an untrusted notebook) the picture
        and the text are shown instead.
        """
        bundle = super()._repr_mimebundle_(**kwargs)
        if bundle is None:
            return None
        picture = self.snapshot()
        if isinstance(picture, str) and picture:
            bundle["image/svg+xml"] = picture
        elif picture:
            bundle["image/png"] = base64.b64encode(picture).decode("ascii")
        bundle["text/plain"] = (
            f"{type(self).__name__}: {self.describe()} (run the cell to {self.to_use})"
        )
        return bundle
