"""The shared look of every picture, and the package's names: plots.* still finds everything."""

import matplotlib.pyplot as plt
import numpy as np
import pytest
from colorspacious import cspace_convert
from matplotlib.colors import to_hex, to_rgb
from matplotlib.patches import Annulus, Circle, FancyArrowPatch

from annlib import plots
from annlib.plots import ACTIVE, INK, NEUTRAL, OTHER, QUIET, SILENT

# Every name the notebooks and tests used from the single-module annlib.plots.
OLD_PUBLIC_NAMES = [
    "ACTIVE",
    "INK",
    "LiveHistory",
    "NEUTRAL",
    "NODE_RADIUS",
    "QUIET",
    "descent_path",
    "draw_connection",
    "draw_network",
    "draw_neuron",
    "draw_node",
    "figure_to_png",
    "plot_all_signals",
    "plot_corners",
    "plot_decision_boundary",
    "plot_decision_line",
    "plot_descent_path",
    "plot_digit_numbers",
    "plot_digits",
    "plot_history",
    "plot_image",
    "plot_label_counts",
    "plot_mistakes",
    "plot_network_regions",
    "plot_pixel_detectors",
    "plot_signal",
    "plot_sse_vs_weight",
    "sse_along_weight",
]


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


def test_every_old_name_is_still_in_plots():
    missing = [name for name in OLD_PUBLIC_NAMES if not hasattr(plots, name)]
    assert not missing
    assert set(OLD_PUBLIC_NAMES) <= set(plots.__all__)
    assert all(hasattr(plots, name) for name in plots.__all__)


def test_the_palette_is_okabe_itos():
    assert (ACTIVE, OTHER, INK) == ("#d55e00", "#0072b2", "#333333")  # vermilion, blue


MIN_DISTANCE = 25  # apart at a glance, on a screen, for everyone


def _lab(colour, cvd_type=None):
    rgb = np.asarray(to_rgb(colour))
    if cvd_type:
        space = {"name": "sRGB1+CVD", "cvd_type": cvd_type, "severity": 100}
        rgb = np.clip(cspace_convert(rgb, space, "sRGB1"), 0, 1)
    return cspace_convert(rgb, "sRGB1", "CAM02-UCS")


@pytest.mark.parametrize("cvd_type", [None, "protanomaly", "deuteranomaly", "tritanomaly"])
@pytest.mark.parametrize("meaning, first, second", plots.MEANINGFUL_PAIRS)
def test_colours_that_mean_something_stay_apart_in_every_colour_vision(
    meaning, first, second, cvd_type
):
    # distance in CAM02-UCS (a perceptually uniform colour space) under a simulated
    # dichromacy (Machado et al. 2009, full severity)
    distance = np.linalg.norm(_lab(first, cvd_type) - _lab(second, cvd_type))
    assert distance > MIN_DISTANCE, f"{meaning}: {first} and {second} differ by {distance:.1f}"


@pytest.mark.parametrize(
    "first, second, cvd_type",
    [
        ("#d62728", "#2ca02c", "deuteranomaly"),  # matplotlib's red and green: 5
        ("#d62728", "#777777", "protanomaly"),  # the course's old red and grey points: 22
        ("#f8d0d0", "#ececec", "deuteranomaly"),  # its old firing and quiet areas: 7
    ],
)
def test_pairs_that_merge_fail_the_colour_vision_check(first, second, cvd_type):
    assert np.linalg.norm(_lab(first, cvd_type) - _lab(second, cvd_type)) < MIN_DISTANCE


def test_draw_node_colours_by_state_and_keeps_its_name():
    _, ax = plt.subplots()
    for name, state in [("on", True), ("off", False), ("unknown", None)]:
        plots.draw_node(ax, (0, 0), name, active=state)
    colours = {p.get_gid(): to_hex(p.get_facecolor()) for p in ax.patches if isinstance(p, Circle)}
    assert colours == {"on": ACTIVE, "off": QUIET, "unknown": NEUTRAL}
    rings = [p.get_gid() for p in ax.patches if isinstance(p, Annulus)]
    assert rings == ["on fires"]  # the second cue: only a neuron that fires has a ring
    assert [t.get_color() for t in ax.texts] == ["white", INK, INK]


@pytest.mark.parametrize(
    "w, style, label", [(2.0, "solid", "+2"), (-1.0, "dashed", "\u22121"), (0.0, "dotted", "0")]
)
def test_draw_connection_shows_the_weight(w, style, label):
    _, ax = plt.subplots()
    plots.draw_connection(ax, (0, 0), (3, 0), w, max_abs_w=2.0, sending=True)
    (arrow,) = [p for p in ax.patches if isinstance(p, FancyArrowPatch)]
    assert arrow.get_linestyle() == style and to_hex(arrow.get_edgecolor()) == ACTIVE
    assert arrow.get_linewidth() == pytest.approx(0.8 if w == 0 else 0.8 + 3.2 * abs(w) / 2)
    assert [t.get_text() for t in ax.texts] == [label]


def test_a_silent_connection_is_grey_and_unlabelled_when_asked():
    _, ax = plt.subplots()
    plots.draw_connection(ax, (0, 0), (3, 0), 1.0, sending=False, label=False)
    assert to_hex(ax.patches[0].get_edgecolor()) == SILENT and not ax.texts


def picture():
    fig, ax = plots.new_figure((3, 2))
    plots.plot_corners(np.array([False, True, True, False]), ax=ax, title="XOR")
    return fig


def test_figure_to_png_is_the_same_bytes_every_time_and_names_no_software():
    first, second = plots.figure_to_png(picture()), plots.figure_to_png(picture())
    assert first.startswith(b"\x89PNG\r\n\x1a\n")
    assert first == second
    assert b"Software" not in first and b"Matplotlib" not in first


def test_figure_to_png_closes_a_pyplot_figure():
    fig, _ = plt.subplots()
    plots.figure_to_png(fig)
    assert fig.number not in plt.get_fignums()


def test_new_figure_stays_out_of_pyplot():
    before = plt.get_fignums()
    fig, axes = plots.new_figure((4, 2), n_cols=3)
    assert plt.get_fignums() == before  # never shown under a notebook cell by itself
    assert len(axes) == 3 and all(ax.figure is fig for ax in axes)


def test_pixels_to_png_keeps_every_pixel():
    from io import BytesIO

    from PIL import Image

    pixels = np.zeros((28, 28))
    pixels[5:20, 13:15] = 1.0
    png = plots.pixels_to_png(pixels)
    back = np.asarray(Image.open(BytesIO(png)))
    assert back.shape == (28, 28) and np.array_equal(back, (pixels * 255).astype(np.uint8))
    assert png == plots.pixels_to_png(pixels)
