"""The common base of every explorer: compute -> plot -> show, reset, and a still snapshot."""

import base64
from pathlib import Path

import ipywidgets as w
import matplotlib.pyplot as plt
import numpy as np
import pytest
from IPython.core.formatters import DisplayFormatter

from annlib import neuron_g, plots, widgets
from annlib.data.examples import article_network
from annlib.widgets import Explorer

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"


class Counter(Explorer):
    """The smallest explorer: two sliders, and a picture of the first one's value."""

    to_use = "move the sliders"

    def __init__(self):
        self.n_slider = w.IntSlider(value=2, min=0, max=9, description="n")
        self.other = w.IntSlider(value=5, min=0, max=9, description="other")
        self.computed = self.plotted = 0
        self._watch(self.n_slider, self.other)
        super().__init__()

    def _children(self):
        return [self.n_slider, self.other, self.picture]

    def compute(self):
        self.computed += 1
        self.n = self.n_slider.value

    def plot(self):
        self.plotted += 1
        return drawn(self.n)

    def describe(self):
        return f"n = {self.n}"


def drawn(n):
    fig, ax = plots.new_figure((3, 2))
    plots.plot_probabilities(np.eye(10)[n], ax=ax)
    return fig


def test_an_explorer_is_a_column_of_its_children_with_a_picture():
    counter = Counter()
    assert isinstance(counter, w.VBox)
    assert counter.children == (counter.n_slider, counter.other, counter.picture)
    assert counter.picture.format == "png" and counter.picture.layout.width == "480px"


def test_update_computes_plots_and_shows_the_plots_picture_once():
    counter = Counter()
    assert (counter.computed, counter.plotted) == (1, 1)
    assert counter.picture.value == plots.figure_to_png(drawn(2))
    counter.n_slider.value = 7
    assert (counter.computed, counter.plotted) == (2, 2)
    assert counter.picture.value == plots.figure_to_png(drawn(7))


def test_reset_puts_every_control_back_with_one_redraw():
    counter = Counter()
    counter.n_slider.value, counter.other.value = 9, 0
    before = counter.computed
    counter.reset()
    assert (counter.n_slider.value, counter.other.value) == (2, 5)
    assert counter.computed == before + 1
    assert counter.picture.value == plots.figure_to_png(drawn(2))


def test_holding_changes_several_controls_with_one_redraw():
    counter = Counter()
    with counter.holding():
        counter.n_slider.value, counter.other.value = 4, 1
        assert counter.computed == 1  # nothing redrawn yet
    assert counter.computed == 2 and counter.n == 4


def test_no_explorer_leaves_a_figure_open_in_pyplot():
    plt.close("all")
    explorer = widgets.NeuronExplorer(neuron_g())
    explorer.m_slider.value = 3
    widgets.NetworkExplorer(article_network(), [1, 1, 0, 1]).toggles[2].value = True
    assert plt.get_fignums() == []


# ---- the snapshot: a still picture and a line of text beside the live widget -------------


def test_the_bundle_is_ipywidgets_own_plus_a_png_and_a_line_of_text():
    counter = Counter()
    plain = w.Widget._repr_mimebundle_(counter)  # what ipywidgets alone would give
    bundle = counter._repr_mimebundle_()
    assert set(plain) <= set(bundle) and bundle[WIDGET_VIEW] == plain[WIDGET_VIEW]
    assert bundle[WIDGET_VIEW]["model_id"] == counter.model_id
    assert base64.b64decode(bundle["image/png"]) == counter.picture.value
    assert bundle["text/plain"] == "Counter: n = 2 (run the cell to move the sliders)"
    counter.n_slider.value = 4  # the snapshot is the picture shown now
    assert base64.b64decode(counter._repr_mimebundle_()["image/png"]) == counter.picture.value


def test_ipython_displays_the_live_widget_the_picture_and_the_text():
    data, _ = DisplayFormatter().format(widgets.NeuronExplorer(neuron_g()))
    assert {WIDGET_VIEW, "image/svg+xml", "text/plain"} <= set(data)
    assert data["image/svg+xml"].startswith("<svg")
    assert data["text/plain"] == (
        "NeuronExplorer: neuron G with w = [0, 0, 1, 2, -1], m = 2; it fires on 12 of 32 "
        "input patterns (run the cell to move the sliders)"
    )


def test_the_snapshot_is_the_same_bytes_every_time():
    first = widgets.NeuronExplorer(neuron_g())._repr_mimebundle_()["image/svg+xml"]
    assert widgets.NeuronExplorer(neuron_g())._repr_mimebundle_()["image/svg+xml"] == first
    first = widgets.NetworkExplorer(article_network())._repr_mimebundle_()["image/svg+xml"]
    assert widgets.NetworkExplorer(article_network())._repr_mimebundle_()["image/svg+xml"] == first


def test_a_closed_explorer_shows_nothing_as_a_closed_widget_does():
    counter = Counter()
    counter.close()
    assert counter._repr_mimebundle_ is None


def test_an_explorer_with_no_picture_yet_sends_only_its_text():
    bundle = widgets.PhotoReader(model=None)._repr_mimebundle_()
    assert "image/png" not in bundle
    assert bundle["text/plain"] == (
        "PhotoReader: no number read yet (run the cell to upload a photo)"
    )


def test_widgets_leave_drawing_to_plots_and_tables_to_tables():
    source = Path(widgets.__file__).parent
    for module in sorted(source.glob("*.py")):
        text = module.read_text(encoding="utf-8")
        for word in ("matplotlib", "plt.", "<table", "<td"):
            assert word not in text, (module.name, word)


OLD_NAMES = [
    "DescentExplorer",
    "DigitCollector",
    "DrawingPad",
    "LearningRateExplorer",
    "M_RANGE",
    "NetworkExplorer",
    "NeuronControls",
    "NeuronExplorer",
    "PhotoReader",
    "SSEExplorer",
    "STEP",
    "WEIGHT_RANGE",
    "network_explorer",
    "neuron_explorer",
]


@pytest.mark.parametrize("name", OLD_NAMES)
def test_every_old_name_is_still_in_widgets(name):
    assert hasattr(widgets, name) and name in widgets.__all__


def test_an_svg_explorers_snapshot_is_its_svg_picture():
    """Read without a kernel, the notebook shows the very SVG the live widget showed."""
    explorer = widgets.SSEExplorer([[0, 0], [1, 1]], [0, 1], [1.0, 1.0], 1.5)
    bundle = explorer._repr_mimebundle_()
    assert bundle["image/svg+xml"] == explorer.picture.svg
    assert bundle["image/svg+xml"].startswith("<svg") and "image/png" not in bundle
    explorer.slider.value = 0.5  # the snapshot is the picture shown now
    assert explorer._repr_mimebundle_()["image/svg+xml"] == explorer.picture.svg


class Followed(Explorer):
    """An SVG explorer whose picture follows two sliders in the browser."""

    svg = True

    def __init__(self, still_moves: bool = False):
        from annlib.widgets._sliders import SteppedSlider

        self.still_moves = still_moves
        self.a = SteppedSlider(value=1.0, min=0.0, max=2.0, step=0.5, description="a")
        self.b = SteppedSlider(value=0.0, min=0.0, max=1.0, step=0.25, description="b")
        self._watch(self.a, self.b)
        super().__init__()

    def _children(self):
        return [self.a, self.b, self.picture]

    def followed(self):
        return [self.a, self.b]

    def drawing_with(self, control, value):
        values = {self.a: self.a.value, self.b: self.b.value, control: value}
        d = plots.svg.Drawing(100, 40)
        if self.still_moves:  # a title above the moving part that changes: not allowed
            d.text(5, 10, f"a = {values[self.a]}")
        d.moving_below()
        d.text(50, 30, f"{values[self.a]} + {values[self.b]}")
        return d

    def plot(self):
        return self.drawing_with(self.a, self.a.value)


def test_a_followed_control_is_drawn_ahead_when_it_moves_and_only_then():
    explorer = Followed()
    assert explorer.picture.controls == [explorer.a, explorer.b] and explorer.picture.frames == {}
    explorer.b.value = 0.5
    frames = explorer.picture.frames
    assert frames["at"] == [1.0, 0.5] and list(frames["sets"]) == ["1"]
    assert frames["sets"]["1"]["positions"] == {"min": 0.0, "step": 0.25}
    for k, value in enumerate([0.0, 0.25, 0.5, 0.75, 1.0]):
        explorer.b.value = value
        assert explorer.picture.frame(1, k) == explorer.picture.svg
    assert explorer.picture.frames is frames  # b's frames still hold: nothing drawn again
    explorer.a.value = 2.0  # now a's frames, at b's value
    assert explorer.picture.frames["at"] == [2.0, 1.0]
    assert list(explorer.picture.frames["sets"]) == ["0"]


def test_a_still_part_that_changes_with_a_control_is_refused():
    explorer = Followed(still_moves=True)
    with pytest.raises(RuntimeError, match="Followed draws a still part that changes"):
        explorer.a.value = 0.5
