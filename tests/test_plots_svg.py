"""annlib.plots.svg: pictures as SVG text for the live widgets, read back with svgread."""

import xml.etree.ElementTree as ET

import numpy as np
import pytest
from svgread import Picture

from annlib.plots.svg import Drawing, Panel


def chart(**scales):
    d = Drawing(300, 200, title="a <test> & more")
    panel = Panel(
        d,
        (40, 20, 240, 150),
        scales.pop("xlim", (0, 10)),
        scales.pop("ylim", (0, 1)),
        gid="p",
        **scales,
    )
    panel.axes("x", "y", "title")
    return d, panel


def test_a_line_is_drawn_where_its_data_says():
    d, panel = chart()
    xs = np.linspace(0, 10, 11)
    panel.plot(xs, xs / 10, gid="line")
    got_x, got_y = Picture(d.svg()).line("line", "p")
    assert got_x == pytest.approx(xs, abs=0.01) and got_y == pytest.approx(xs / 10, abs=1e-3)


def test_a_log_scale_reads_back_too():
    d, panel = chart(ylim=(1e-6, 1.0), ylog=True)
    losses = np.geomspace(0.5, 1e-5, 9)
    panel.plot(np.arange(9), losses, gid="loss")
    _, got = Picture(d.svg()).line("loss", "p")
    assert got == pytest.approx(losses, rel=1e-3)
    assert "10\u207b\u00b3" in Picture(d.svg()).texts()  # ticks written as powers of ten


def test_a_line_breaks_where_it_leaves_the_chart_and_at_nan():
    d, panel = chart()
    panel.plot([1, 2, 3, 4, 5, 6], [0.1, 0.2, 5.0, 0.4, np.nan, 0.6], gid="line")
    pieces = Picture(d.svg()).shapes("line")
    assert [len(p.get("points").split()) for p in pieces] == [2, 1, 1]


def test_the_text_is_escaped_and_the_picture_is_valid_svg():
    d, panel = chart()
    d.text(10, 10, "s < m & fires")
    root = ET.fromstring(d.svg())  # raises if the text broke the XML
    assert root.find("{http://www.w3.org/2000/svg}title").text == "a <test> & more"
    assert "s < m & fires" in Picture(d.svg()).texts()


def test_a_marker_outside_the_chart_is_left_out():
    d, panel = chart()
    panel.marker(20, 0.5, gid="far")
    panel.marker(5, 0.5, gid="near")
    picture = Picture(d.svg())
    assert picture.shapes("far") == []
    assert picture.marker("near", "p") == pytest.approx((5, 0.5), abs=0.01)


def test_hatching_is_defined_only_when_used():
    d, _ = chart()
    assert "pattern" not in d.svg()
    d.rect(0, 0, 10, 10, fill="#d55e00", hatch=True)
    assert 'id="hatch"' in d.svg() and 'fill="url(#hatch)"' in d.svg()
