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


def test_a_line_is_cut_at_the_charts_edges_and_breaks_at_nan():
    d, panel = chart()
    panel.plot([1, 2, 3, 4, 5, 6, 7], [0.1, 0.2, 5.0, 0.4, np.nan, 0.6, 0.7], gid="line")
    pieces = Picture(d.svg()).shapes("line")
    assert [len(p.get("points").split()) for p in pieces] == [4, 2]  # 5.0 kept, cut by the clip
    assert all(p.get("clip-path") == f"url(#{panel.clip})" for p in pieces)
    assert f'<clipPath id="{panel.clip}"><rect x="40" y="20" width="240" height="150"/>' in d.svg()


def test_a_log_chart_needs_a_range_above_zero():
    with pytest.raises(ValueError, match="above 0"):
        chart(ylim=(0, 1), ylog=True)
    d, panel = chart(ylim=(1e-3, 1), ylog=True)
    panel.plot([1, 2, 3, 4], [0.5, 0.0, 0.1, 0.2], gid="loss")  # 0 cannot be drawn on a log scale
    assert [len(p.get("points").split()) for p in Picture(d.svg()).shapes("loss")] == [2]


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


def test_the_live_pictures_put_each_neuron_where_the_still_matplotlib_ones_do():
    """svg_neuron and svg_network share draw_neuron's and draw_network's layout: every neuron's
    centre, read from both, is the same point (up to the SVG's scale and its upside-down y)."""
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib.patches import Circle

    from annlib import neuron_g, plots
    from annlib.data.examples import article_network

    for drawn, svg in [
        (plots.draw_neuron(neuron_g()), plots.svg_neuron(neuron_g())),
        (plots.draw_network(article_network()), plots.svg_network(article_network())),
    ]:
        centres = {p.get_gid(): p.center for p in drawn.patches if isinstance(p, Circle)}
        shown = {
            e.get("data-gid"): (float(e.get("cx")), float(e.get("cy")))
            for e in Picture(svg.svg()).root.iter()
            if e.tag.endswith("circle") and e.get("data-gid")
        }
        assert set(shown) == set(centres)
        names = sorted(centres)
        mpl = np.array([centres[n] for n in names])
        px = np.array([shown[n] for n in names])
        scale = np.ptp(px[:, 0]) / np.ptp(mpl[:, 0])  # one scale for x and y
        assert px[:, 0] == pytest.approx(px[0, 0] + (mpl[:, 0] - mpl[0, 0]) * scale, abs=0.02)
        assert px[:, 1] == pytest.approx(px[0, 1] - (mpl[:, 1] - mpl[0, 1]) * scale, abs=0.02)


@pytest.mark.parametrize(
    ("bad", "message"),
    [
        (np.full(10, np.nan), "NaN"),
        ([0.5, 0.5], "expected 10 probabilities"),
        (np.full(10, 2.0), "go from 0 to 1"),
    ],
)
def test_the_pads_chart_refuses_what_are_not_ten_probabilities(bad, message):
    from annlib import plots

    with pytest.raises(ValueError, match=message):
        plots.svg_probabilities(bad)


def test_each_of_the_series_line_styles_draws_its_own_dashes():
    """The second cue beside colour: matplotlib's four line styles, as the optimiser
    explorer's SVG draws them, are four different dash patterns; an unknown one is refused
    rather than drawn solid."""
    from annlib.plots.runs import SERIES
    from annlib.plots.surfaces import _DASH_NAMES

    patterns = set()
    for style in {dashes for _, _, dashes in SERIES}:
        d = Drawing(100, 50)
        d.line(0, 0, 10, 10, stroke="#000", dash=_DASH_NAMES[style])
        found = ET.fromstring(d.svg()).iter("{http://www.w3.org/2000/svg}line")
        patterns.add(next(found).get("stroke-dasharray"))
    assert len(patterns) == 4, patterns
    with pytest.raises(ValueError, match="dash must be one of"):
        Drawing(100, 50).line(0, 0, 1, 1, dash="dash-dot")
