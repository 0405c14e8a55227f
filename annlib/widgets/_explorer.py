"""What every explorer shares: a picture area, one way to update, reset, and a still snapshot.

An explorer is a column of widgets (a VBox) that keeps its state in Python and
draws into an SvgView (annlib's SVG text) or an Image (a PNG), with HTML widgets for
its text, so it behaves the same in JupyterLab, in Binder and in a test with no browser
at all. Each one is built the same way:

    update()   the one way it changes what it shows: compute() reads the controls
               and works out the numbers (no drawing), plot() draws them, and the
               picture area shows the drawing: SVG text (annlib.plots.svg, shown by an
               SvgView, fast enough to follow a dragged slider) or the PNG of a
               figure from annlib.plots
    reset()    every control back where it started, then one redraw

An SVG picture can also be drawn ahead, so that the browser redraws it without waiting
for the kernel: see ``follows``, followed() and drawing_with() below, and SvgView.

When a notebook shows an explorer, it also saves a still picture of it and a
line of text beside the live widget, for reading without a kernel (on GitHub,
or in a notebook opened untrusted).
"""

from __future__ import annotations

import base64
import contextlib
from functools import partial
from typing import ClassVar

import ipywidgets as w

from .. import plots
from . import _ahead
from ._sliders import positions
from ._svgview import SvgView


def _positions(control) -> list:
    """Every value ``control`` can take: a toggle's False and True, a slider's positions."""
    return [False, True] if isinstance(control, w.ToggleButton) else positions(control)


def _where(control) -> dict:
    """How the browser finds a value's position among _positions(control) (see SvgView)."""
    if isinstance(control, w.ToggleButton):
        return {"values": [False, True]}
    where = {"min": control.min, "step": control.step}
    if isinstance(control, w.FloatLogSlider):
        where.update(log=True, base=control.base)
    return where


def position(values: list, value) -> int | None:
    """The index of ``value`` among a control's ``values`` (None if it is not one of them)."""
    for k, v in enumerate(values):
        if v == value or (not isinstance(v, bool) and abs(v - value) <= 1e-9 * max(1, abs(v))):
            return k
    return None


def page_control(control, group: int, **extra):
    """A slider or toggle as a page without a kernel shows it. A value between a slider's
    steps (notebook 03 starts its learning rate at 3, between 2.82 and 3.16) is kept as one
    more position, so that the page starts where the notebook does and can come back."""
    values = _positions(control)
    at = position(values, control.value)
    if at is None:
        values = sorted([*values, control.value])
        at = values.index(control.value)
    kind = "toggle" if isinstance(control, w.ToggleButton) else "slider"
    extra.setdefault("name", control.description)
    return _ahead.PageControl(
        label=control.description,
        kind=kind,
        values=values,
        at=at,
        move=partial(setattr, control, "value"),
        group=group,
        **extra,
    )


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
    # An SVG picture can follow its controls in the browser: for a control the learner moves,
    # the explorer draws the picture at each of its positions (the other controls as they
    # are), and the browser shows the frame of the control's position without waiting for
    # the kernel. ``follows`` names one slider drawn ahead like this when the explorer
    # appears (notebook 03's); followed() lists the controls drawn ahead once they move.
    follows: ClassVar[str | None] = None
    to_use = "move the sliders"  # what running the cell lets a reader do (for the snapshot)

    def __init__(self, **kwargs):
        self._held = self._for_page = False
        if self.picture_layout is not None and self.svg:
            self.picture = SvgView(layout=w.Layout(**self.picture_layout))
        elif self.picture_layout is not None:
            self.picture = w.Image(format="png", layout=w.Layout(**self.picture_layout))
            show(self.picture, b"")  # hidden until there is something to show
        super().__init__(self._children(), **kwargs)
        self.update()
        self._follow()

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

    def followed(self) -> list:
        """The controls an SVG picture follows in the browser (by default, the ``follows``
        slider): each one's frames are drawn when it moves, with drawing_with()."""
        return [getattr(self, self.follows)] if self.follows else []

    def drawn_together(self, control) -> list:
        """The controls whose frames are drawn when ``control`` moves (by default, itself)."""
        return [control]

    def drawing_with(self, control, value):
        """The Drawing with ``control`` at ``value`` and every other control as it is."""
        return self.drawing_at(value)

    def page_controls(self) -> list:
        """The controls a web page offers with no kernel behind it, as _ahead.PageControl
        (an empty list: the page shows the saved still picture). By default the controls
        an SVG picture follows, each drawn ahead on its own or with those drawn_together().
        """
        if not isinstance(getattr(self, "picture", None), SvgView):
            return []
        groups: dict[tuple, int] = {}
        controls = []
        for control in self.followed():
            together = tuple(id(c) for c in self.drawn_together(control))
            controls.append(page_control(control, groups.setdefault(together, len(groups))))
        return controls

    def page_menu(self) -> dict | None:
        """A menu that chooses which controls the page shows ({"label", "options", "at"}),
        or None; page_choose(option) chooses one in the explorer."""
        return None

    def page_choose(self, option: str) -> None:
        raise NotImplementedError(f"{type(self).__name__} has no menu for a page")

    def drawing_at(self, value):
        """For an explorer that ``follows`` a slider: its Drawing at the slider's ``value``."""
        raise NotImplementedError(f"{type(self).__name__} follows a slider: write drawing_at()")

    # ---- the same for every explorer ---------------------------------------------

    def _follow(self) -> None:
        """Tell the picture which controls to follow (and draw the ``follows`` slider ahead)."""
        if not isinstance(getattr(self, "picture", None), SvgView):
            return
        self.picture.frames = {}
        self.picture.controls = self.followed()
        if self.follows:
            self._draw_ahead(getattr(self, self.follows))

    def _draw_ahead(self, control) -> None:
        """Frames for every position of ``control`` and of the controls drawn with it, the
        others at their values now; nothing to do if the picture has those already."""
        picture = getattr(self, "picture", None)
        if self._held or self._for_page or not isinstance(picture, SvgView):
            return  # (a page drawn ahead follows no control of the kernel's)
        if control not in picture.controls:
            return
        controls = list(picture.controls)
        at = [c.value for c in controls]
        group = [controls.index(c) for c in self.drawn_together(control)]
        old_at, sets = picture.frames.get("at"), picture.frames.get("sets", {})

        def still_valid(i):
            return str(i) in sets and all(
                a == b for j, (a, b) in enumerate(zip(at, old_at)) if j != i
            )

        if old_at is not None and len(old_at) == len(at) and all(map(still_valid, group)):
            return
        new_sets, stills = {}, set()
        for i in group:
            drawings = [self.drawing_with(controls[i], v) for v in _positions(controls[i])]
            stills |= {d.still() for d in drawings}
            new_sets[str(i)] = {
                "positions": _where(controls[i]),
                "frames": [d.moving() for d in drawings],
            }
        if len(stills) != 1:
            raise RuntimeError(
                f"{type(self).__name__} draws a still part that changes with its controls; "
                "draw it the same at every value, or call moving_below() before it."
            )
        with picture.hold_sync():
            picture.still = stills.pop()
            picture.frames = {"at": at, "sets": new_sets}

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

    def _on_change(self, change=None) -> None:
        self.update()
        if change is not None:
            self._draw_ahead(change["owner"])

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
        data = _ahead.page_data(self) if _ahead.wanted() else None
        if data is not None:
            bundle[_ahead.MIME] = data
        return bundle
