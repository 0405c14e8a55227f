"""Pictures as SVG text, for the live widgets: worked out in Python, drawn by the browser.

A widget that must answer within a frame cannot wait for matplotlib to render a PNG
(30-130 ms a picture). It builds its picture here instead, as a few shapes in SVG text
(about a millisecond), and annlib.widgets.SvgView shows that text as it is: the browser
draws exactly what annlib wrote, sharp at any screen resolution. The same text is the
widget's still picture in a notebook read without a kernel.

    Drawing   a picture of width x height pixels: lines, circles, boxes, text, hatching
    Panel     a chart inside a Drawing: data coordinates (linear or log), axes and ticks

The look is the course's (annlib.plots._style): the same colours, and a second cue
(outline, hatching, line style) wherever colour carries a meaning.
"""

from __future__ import annotations

import math
from html import escape

import numpy as np
from matplotlib import ticker

from ._style import INK

FONT = "DejaVu Sans, Verdana, Arial, sans-serif"
DASHES = {"solid": None, "dashed": "6 4", "dotted": "1.5 3", "dashdot": "6 3 1.5 3"}


def _number(v: float) -> str:
    """A coordinate with two decimals at most: short text, and the same text every time."""
    return f"{v:.2f}".rstrip("0").rstrip(".")


def _style(stroke=None, width=None, fill=None, dash="solid", opacity=None, extra=None) -> str:
    parts = []
    if stroke is not None:
        parts.append(f'stroke="{stroke}"')
    if width is not None:
        parts.append(f'stroke-width="{_number(width)}"')
    parts.append(f'fill="{fill or "none"}"')
    if dash not in DASHES:
        raise ValueError(f"dash must be one of {', '.join(DASHES)}; got {dash!r}")
    if DASHES[dash]:
        parts.append(f'stroke-dasharray="{DASHES[dash]}"')
    if opacity is not None:
        parts.append(f'opacity="{_number(opacity)}"')
    if extra:
        parts.append(extra)
    return " ".join(parts)


class Drawing:
    """An SVG picture of ``width`` x ``height`` pixels, built shape by shape.

    ``svg()`` gives the text; the picture scales to its container's width in a browser
    (it keeps its proportions), so it stays sharp on any screen.
    """

    def __init__(self, width: float, height: float, title: str = ""):
        self.width, self.height, self.title = width, height, title
        self.parts: list[str] = []
        self._hatched = False
        self._moving = None  # where the parts that move with a slider begin (see moving_below)

    def _add(self, text: str, gid: str | None = None) -> None:
        if gid is not None:
            text = text.replace(" ", f' data-gid="{escape(gid)}" ', 1)
        self.parts.append(text)

    def line(self, x1, y1, x2, y2, *, stroke=INK, width=1.0, dash="solid", gid=None) -> None:
        self._add(
            f'<line x1="{_number(x1)}" y1="{_number(y1)}" x2="{_number(x2)}" y2="{_number(y2)}" '
            f"{_style(stroke, width, dash=dash)}/>",
            gid,
        )

    def polyline(self, xs, ys, *, stroke=INK, width=1.5, dash="solid", gid=None, clip=None):
        """A line through the points; ``clip``: the id of a clipPath it is cut to."""
        points = " ".join(f"{_number(x)},{_number(y)}" for x, y in zip(xs, ys))
        cut = f' clip-path="url(#{clip})"' if clip else ""
        if points:
            self._add(
                f'<polyline points="{points}" {_style(stroke, width, dash=dash)} '
                f'stroke-linejoin="round"{cut}/>',
                gid,
            )

    def circle(self, cx, cy, r, *, fill="white", stroke=INK, width=1.5, gid=None) -> None:
        self._add(
            f'<circle cx="{_number(cx)}" cy="{_number(cy)}" r="{_number(r)}" '
            f"{_style(stroke, width, fill)}/>",
            gid,
        )

    def rect(self, x, y, w, h, *, fill="white", stroke=None, width=None, hatch=False, gid=None):
        self._add(
            f'<rect x="{_number(x)}" y="{_number(y)}" width="{_number(w)}" height="{_number(h)}" '
            f"{_style(stroke, width, fill)}/>",
            gid,
        )
        if hatch:
            self._add(
                f'<rect x="{_number(x)}" y="{_number(y)}" width="{_number(w)}" '
                f'height="{_number(h)}" fill="url(#hatch)" stroke="none"/>'
            )
            self._hatched = True

    def polygon(self, points, *, fill=INK, stroke=None, gid=None) -> None:
        text = " ".join(f"{_number(x)},{_number(y)}" for x, y in points)
        self._add(f'<polygon points="{text}" {_style(stroke, None, fill)}/>', gid)

    def image(self, x, y, w, h, png: bytes, *, gid=None) -> None:
        """A PNG picture scaled to w x h pixels, its pixels kept sharp (not smoothed)."""
        import base64

        data = base64.b64encode(png).decode("ascii")
        self._add(
            f'<image x="{_number(x)}" y="{_number(y)}" width="{_number(w)}" '
            f'height="{_number(h)}" style="image-rendering: pixelated" '
            f'href="data:image/png;base64,{data}"/>',
            gid,
        )

    def path(self, d: str, *, stroke=INK, width=1.0, dash="solid", gid=None) -> None:
        """An SVG path (``d`` in SVG's path language, e.g. "M 0 0 Q 5 5 10 0")."""
        self._add(f'<path d="{d}" {_style(stroke, width, dash=dash)}/>', gid)

    def head(self, x, y, dx, dy, *, colour=INK, width=1.5, solid=True) -> None:
        """An arrowhead at (x, y) pointing along (dx, dy): solid, or open (two lines)."""
        length = math.hypot(dx, dy) or 1.0
        ux, uy = dx / length, dy / length
        size = 7 + width
        back_x, back_y = x - ux * size, y - uy * size
        left = (back_x - uy * size * 0.45, back_y + ux * size * 0.45)
        right = (back_x + uy * size * 0.45, back_y - ux * size * 0.45)
        if solid:
            self.polygon([(x, y), left, right], fill=colour)
        else:
            self.polyline([left[0], x, right[0]], [left[1], y, right[1]], stroke=colour, width=1.5)

    def text(
        self, x, y, words, *, size=12, anchor="start", colour=INK, bold=False, gid=None
    ) -> None:
        """``words`` at (x, y); anchor "start", "middle" or "end" of the text; y is its middle."""
        weight = ' font-weight="bold"' if bold else ""
        self._add(
            f'<text x="{_number(x)}" y="{_number(y)}" font-size="{_number(size)}" '
            f'text-anchor="{anchor}" dominant-baseline="central" fill="{colour}"{weight}>'
            f"{escape(str(words))}</text>",
            gid,
        )

    def arrow(self, x1, y1, x2, y2, *, stroke=INK, width=1.5, dash="solid", solid_head=True):
        """A line from (x1, y1) to (x2, y2) with a head at the end: solid, or open (two lines)."""
        length = math.hypot(x2 - x1, y2 - y1) or 1.0
        short = (7 + width) / length if solid_head else 0.0  # the line stops under a solid head
        self.line(
            x1,
            y1,
            x2 - (x2 - x1) * short,
            y2 - (y2 - y1) * short,
            stroke=stroke,
            width=width,
            dash=dash,
        )
        self.head(x2, y2, x2 - x1, y2 - y1, colour=stroke, width=width, solid=solid_head)

    def moving_below(self) -> None:
        """Mark that every shape drawn from now on moves with the widget's controls; the shapes
        before stay still. A widget can then send the still part once and only the moving
        part for each position of a control (still() and moving())."""
        self._moving = len(self.parts)

    def still(self) -> str:
        """The picture without its moving part: ``still()`` with ``moving()`` put before its
        closing tag is exactly ``svg()``. (Without moving_below(), all of it moves, and the
        still part is an empty picture.)"""
        return self.svg(self.parts[: self._moving or 0])

    def moving(self) -> str:
        return "".join(self.parts[self._moving or 0 :])

    def svg(self, parts: list[str] | None = None) -> str:
        """The picture as SVG text."""
        defs = ""
        if self._hatched:  # diagonal lines, as FIRING_HATCH in the matplotlib pictures
            defs = (
                '<defs><pattern id="hatch" width="6" height="6" patternUnits="userSpaceOnUse" '
                'patternTransform="rotate(45)"><line x1="0" y1="0" x2="0" y2="6" '
                f'stroke="{INK}" stroke-width="1"/></pattern></defs>'
            )
        title = f"<title>{escape(self.title)}</title>" if self.title else ""
        return (
            f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {_number(self.width)} '
            f'{_number(self.height)}" width="{_number(self.width)}" '
            f'height="{_number(self.height)}" font-family="{FONT}" '
            f'style="max-width: 100%; height: auto">{title}{defs}'
            f"{''.join(self.parts if parts is None else parts)}</svg>"
        )


class Panel:
    """A chart in ``box`` = (left, top, width, height) pixels of a Drawing, showing data in
    ``xlim`` x ``ylim`` (each linear, or logarithmic with ``xlog``/``ylog``)."""

    def __init__(self, drawing: Drawing, box, xlim, ylim, *, xlog=False, ylog=False, gid=None):
        self.drawing, self.box = drawing, box
        self.xlim, self.ylim, self.xlog, self.ylog = xlim, ylim, xlog, ylog
        for lim, log, axis in [(xlim, xlog, "x"), (ylim, ylog, "y")]:
            if not (np.all(np.isfinite(lim)) and lim[0] < lim[1]) or (log and lim[0] <= 0):
                raise ValueError(
                    f"a chart's {axis} range must be two finite numbers, low < high"
                    f"{' and both above 0 (a log scale)' if log else ''}; got {tuple(lim)!r}."
                )
        gid = gid or f"panel{len(drawing.parts)}"
        # the chart's scales, written in the picture, so a test can read the data back from
        # the shapes a browser shows (tests/svgread.py)
        numbers = lambda values: " ".join(repr(float(v)) for v in values)  # noqa: E731
        drawing.parts.append(
            f'<desc class="panel" data-gid="{escape(gid)}" '
            f'data-box="{numbers(box)}" data-xlim="{numbers(xlim)}" data-ylim="{numbers(ylim)}" '
            f'data-xlog="{int(xlog)}" data-ylog="{int(ylog)}"></desc>'
        )
        # lines are cut at the chart's edges (the same id for the same box: no clash on a page)
        left, top, width, height = box
        self.clip = "clip-" + "-".join(_number(v).replace(".", "_") for v in box)
        drawing.parts.append(
            f'<clipPath id="{self.clip}"><rect x="{_number(left)}" y="{_number(top)}" '
            f'width="{_number(width)}" height="{_number(height)}"/></clipPath>'
        )

    @staticmethod
    def _scale(values, lim, log, start, length, flip=False):
        values = np.asarray(values, float)
        low, high = lim
        if log:
            with np.errstate(divide="ignore", invalid="ignore"):
                values, low, high = np.log10(values), math.log10(low), math.log10(high)
        share = (values - low) / (high - low)
        return start + length * ((1 - share) if flip else share)

    def x(self, values):
        left, _, width, _ = self.box
        return self._scale(values, self.xlim, self.xlog, left, width)

    def y(self, values):
        _, top, _, height = self.box
        return self._scale(values, self.ylim, self.ylog, top, height, flip=True)

    def inside(self, xs, ys):
        """Which points lie in the chart (NaN and infinite values do not)."""
        xs, ys = np.asarray(xs, float), np.asarray(ys, float)
        ok = np.isfinite(xs) & np.isfinite(ys)
        for values, (low, high), log in [(xs, self.xlim, self.xlog), (ys, self.ylim, self.ylog)]:
            with np.errstate(invalid="ignore"):
                ok &= (values >= low) & (values <= high) & ((values > 0) if log else True)
        return ok

    def plot(self, xs, ys, *, stroke=INK, width=2.0, dash="solid", gid=None) -> None:
        """A line through the points, cut at the chart's edges; it breaks where a point cannot
        be drawn (NaN, infinite, or not above 0 on a log scale)."""
        xs, ys = np.asarray(xs, float), np.asarray(ys, float)
        with np.errstate(divide="ignore", invalid="ignore"):
            px, py = self.x(xs), self.y(ys)
        ok = np.isfinite(px) & np.isfinite(py)
        breaks = np.flatnonzero(np.diff(ok.astype(int)) != 0) + 1
        for piece in np.split(np.arange(len(xs)), breaks):
            if len(piece) > 1 and ok[piece[0]]:  # a single point makes no line
                self.drawing.polyline(
                    px[piece],
                    py[piece],
                    stroke=stroke,
                    width=width,
                    dash=dash,
                    gid=gid,
                    clip=self.clip,
                )

    def marker(self, x, y, *, r=6.0, fill=INK, stroke=INK, square=False, gid=None) -> None:
        """One point: a circle, or a square."""
        if not self.inside([x], [y])[0]:
            return
        px, py = float(self.x(x)), float(self.y(y))
        if square:
            self.drawing.rect(
                px - r, py - r, 2 * r, 2 * r, fill=fill, stroke=stroke, width=1, gid=gid
            )
        else:
            self.drawing.circle(px, py, r, fill=fill, stroke=stroke, width=1, gid=gid)

    def hline(self, y, *, stroke=INK, width=1.0, dash="solid") -> None:
        left, _, w, _ = self.box
        if self.inside([self.xlim[0]], [y])[0]:
            py = float(self.y(y))
            self.drawing.line(left, py, left + w, py, stroke=stroke, width=width, dash=dash)

    def axes(self, xlabel="", ylabel="", title="", xticks=None) -> None:
        """The left and bottom axis lines with ticks and labels, and a title above; ``xticks``
        chooses the x axis's ticks (by default a few round numbers)."""
        d, (left, top, width, height) = self.drawing, self.box
        bottom = top + height
        d.line(left, top, left, bottom, width=1)
        d.line(left, bottom, left + width, bottom, width=1)
        for v in _ticks(self.xlim, self.xlog) if xticks is None else xticks:
            px = float(self.x(v))
            d.line(px, bottom, px, bottom + 4, width=1)
            d.text(px, bottom + 13, _tick_label(v, self.xlog), size=11, anchor="middle")
        for v in _ticks(self.ylim, self.ylog):
            py = float(self.y(v))
            d.line(left - 4, py, left, py, width=1)
            d.text(left - 7, py, _tick_label(v, self.ylog), size=11, anchor="end")
        if xlabel:
            d.text(left + width / 2, bottom + 31, xlabel, size=12, anchor="middle")
        if ylabel:
            d.parts.append(
                f'<text transform="translate({_number(left - 44)} {_number(top + height / 2)}) '
                f'rotate(-90)" font-size="12" text-anchor="middle" dominant-baseline="central" '
                f'fill="{INK}">{escape(ylabel)}</text>'
            )
        if title:
            self.title(title)

    def title(self, words: str) -> None:
        left, top, width, _ = self.box
        self.drawing.text(left + width / 2, top - 12, words, size=13, anchor="middle")


def _ticks(lim, log) -> list[float]:
    low, high = lim
    locator = ticker.LogLocator(base=10, numticks=8) if log else ticker.MaxNLocator(nbins=5)
    return [float(v) for v in locator.tick_values(low, high) if low <= v <= high]


SUPERSCRIPTS = str.maketrans(
    "-0123456789", "\u207b\u2070\u00b9\u00b2\u00b3\u2074\u2075\u2076\u2077\u2078\u2079"
)


def _tick_label(v: float, log: bool) -> str:
    """A tick's number as a chart shows it: 0.5, \u22122, or 10\u207b\u00b3 on a log scale."""
    if log and v not in (0.1, 1.0, 10.0):
        return "10" + str(int(round(math.log10(v)))).translate(SUPERSCRIPTS)
    return f"{v:g}".replace("-", "\u2212")
