"""What the learner sees is what annlib computes, to the last digit: sliders hand annlib the
number they show, an empty picture area is hidden (never a broken-image icon), the truth
table sits beside the controls, the learning-rate plot keeps one scale, and the digit
collector never picks a label for the learner."""

import numpy as np
import pytest
from svgread import Picture

from annlib import ThresholdNeuron, neuron_g, truth_table
from annlib.mlp import MLP
from annlib.widgets import (
    DigitCollector,
    DrawingPad,
    LearningRateExplorer,
    NeuronExplorer,
    PhotoReader,
    SSEExplorer,
)
from annlib.widgets._sliders import (
    ExactSlider,
    RoundedLogSlider,
    SteppedSlider,
    on_grid,
    significant,
)

BROWSER_NOISE = [2.000000000000001, 1.9999999999999998, 2.0000000000000004]


@pytest.mark.parametrize("noisy", BROWSER_NOISE)
def test_a_slider_value_with_float_noise_is_the_number_it_shows(noisy):
    """m = 2.000000000000001 would stop G firing on the 4 rows where its signal is exactly 2."""
    explorer = NeuronExplorer(neuron_g())
    explorer.m_slider.value = noisy
    assert explorer.m_slider.value == 2.0 and explorer.m_box.value == 2.0
    assert explorer.neuron.m == 2.0
    assert explorer.table.fires.equals(truth_table(neuron_g()).fires)
    explorer.weight_sliders[3].value = noisy  # w_D
    assert explorer.neuron.w[3] == 2.0


def test_a_typed_value_between_the_steps_is_kept():
    explorer = NeuronExplorer(neuron_g())
    explorer.m_box.value = 1.25  # the slider's step is 0.5; the box takes any value
    assert explorer.m_slider.value == 1.25 and explorer.neuron.m == 1.25


def test_stepped_and_log_sliders_round_to_what_they_show():
    X, y = [[0, 1], [1, 1]], [0, 1]
    sse = SSEExplorer(X, y, [1.0, 1.0], 1.0)
    sse.slider.value = 0.30000000000000004
    assert sse.slider.value == 0.3
    sse.slider.value = 1.2349
    assert sse.slider.value == 1.25  # the nearest step of 0.05
    rates = LearningRateExplorer(lambda: MLP([2, 1], output="sigmoid", loss="sse"), X, y, epochs=2)
    rates.slider.value = 10**0.5  # a log slider's step lands on 3.1622776...
    assert rates.slider.value == 3.16 and "lr = 3.16:" in rates.summary.value


@pytest.mark.parametrize(
    "value, step, origin, expected",
    [(2.000000000000001, 0.5, -3, 2.0), (0.1 + 0.2, 0.1, 0, 0.3), (-0.7499999, 0.05, -3, -0.75)],
)
def test_on_grid(value, step, origin, expected):
    assert on_grid(value, step, origin) == expected


def test_significant():
    assert significant(0.0316227766) == 0.0316 and significant(1000.0000001) == 1000


def test_the_truth_table_is_beside_the_controls_and_compact():
    explorer = NeuronExplorer(neuron_g())
    (row,) = explorer.children
    left, right = row.children
    assert explorer.picture in left.children
    assert explorer.table_html in right.children and explorer.summary in right.children
    layout = explorer.table_html.layout
    assert layout.overflow is None and layout.max_height is None  # no scroll box
    assert "line-height:16px" in explorer.table_html.value
    assert explorer.table_html.value.count("<tr") == 33  # the header and all 32 rows


def test_empty_picture_areas_are_hidden_not_broken():
    pad = DrawingPad()  # SVG areas: empty, they show nothing (tests/test_svgview_js.py)
    assert pad.seen.svg == "" and pad.chart.svg == ""
    pad.draw([(140, 60), (140, 220)])
    assert pad.seen.svg.startswith("<svg")
    pad.clear()
    assert pad.seen.svg == "" and pad.chart.svg == ""
    reader = PhotoReader(model=None)
    assert reader.picture.layout.display == "none"


def test_the_learning_rate_plot_keeps_one_scale():
    X = truth_table(neuron_g())[list("ABCDE")].to_numpy()
    y = truth_table(neuron_g()).fires.astype(int).to_numpy()
    explorer = LearningRateExplorer(
        lambda: MLP([5, 1], output="sigmoid", loss="sse", seed=0), X, y, epochs=20, lr=0.001
    )
    scales = []
    for lr in (0.001, 3.0, 1000.0):
        explorer.slider.value = lr
        picture = Picture(explorer.picture.svg)
        panel = picture.panels["losses"]
        scales.append((panel.get("data-xlim"), panel.get("data-ylim"), picture.texts()[:12]))
        start = [e for e in picture.root.iter() if e.get("stroke-dasharray") == "1.5 3"][0]
        _, height = picture._invert("losses", [0], [float(start.get("y1"))])
        assert height[0] == pytest.approx(explorer.start_loss, rel=1e-3)
    assert scales[0] == scales[1] == scales[2]


def test_the_collector_never_picks_a_label_for_you(tmp_path):
    collector = DigitCollector(tmp_path / "mine.npz")
    assert collector.label.value is None
    collector.pad.draw([(140, 60), (140, 220)])
    assert not collector.keep() and "Pick the digit you drew" in collector.status.value
    assert collector.y == []
    collector.label.value = 1
    assert collector.keep() and collector.y == [1]
    assert collector.label.value is None  # the next digit is labelled afresh


def test_every_state_of_a_neuron_explorer_computes_what_annlib_computes():
    """Over random slider states (with browser float noise added), the explorer's table is
    annlib's truth table of the neuron it shows, which has the values the sliders show."""
    rng = np.random.default_rng(0)
    explorer = NeuronExplorer(neuron_g())
    for _ in range(40):
        weights = rng.integers(-6, 7, size=5) / 2
        m = rng.integers(-6, 13) / 2
        with explorer.holding():
            for slider, weight in zip(explorer.weight_sliders, weights):
                slider.value = weight + rng.choice([0, 1e-15, -1e-15])
            explorer.m_slider.value = m + rng.choice([0, 1e-15, -1e-15])
        shown = ThresholdNeuron(weights, m, inputs="ABCDE", name="G")
        assert list(explorer.neuron.w) == list(weights) and explorer.neuron.m == m
        assert explorer.table.equals(truth_table(shown))


@pytest.mark.parametrize(
    ("make", "from_browser", "kept"),
    [
        (lambda: SteppedSlider(value=1.0, min=-3, max=5, step=0.05), 1.1500000000000004, 1.15),
        (lambda: ExactSlider(value=1.0, min=-3, max=6, step=0.5), 2.000000000000001, 2.0),
        (lambda: RoundedLogSlider(value=1.0, min=-3, max=3, step=0.1), 10**0.5, 3.16),
    ],
)
def test_a_rounded_value_is_not_sent_back_to_the_browser(make, from_browser, kept):
    """Sent back mid-drag, it would move the handle under the pointer and stall the drag."""
    slider, sent = make(), []
    slider.send_state = lambda key=None: sent.append(key)
    slider.set_state({"value": from_browser})  # what the browser sends while dragging
    assert slider.value == kept and sent == []
    slider.value = 2.5  # set from Python: the browser must hear of it
    assert sent
