"""Pictures of one threshold neuron: they draw what they claim, and refuse what they cannot."""

import matplotlib.pyplot as plt
import numpy as np
import pytest
from matplotlib.colors import to_hex

from annlib import ThresholdNeuron, neuron_g, plots
from annlib.neuron import all_patterns
from annlib.plots import ACTIVE, FIRING_HATCH, QUIET

OPEN = "#ffffff"  # a corner where the neuron stays quiet: an open circle


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


def circle_colours(ax):
    return [to_hex(p.get_facecolor()) for p in ax.patches if isinstance(p, plt.Circle)]


def test_draw_neuron_colours_active_inputs_and_a_firing_neuron_red():
    ax = plots.draw_neuron(neuron_g(), [0, 0, 1, 1, 0])
    assert circle_colours(ax) == [QUIET, QUIET, ACTIVE, ACTIVE, QUIET, ACTIVE]
    assert any("s = 3" in t.get_text() and "fires" in t.get_text() for t in ax.texts)


def test_draw_neuron_shows_a_quiet_neuron_grey():
    ax = plots.draw_neuron(neuron_g(), [0, 0, 0, 1, 1])  # s = 1 < 2
    assert circle_colours(ax)[-1] == QUIET
    assert any("stays off" in t.get_text() for t in ax.texts)


def test_draw_neuron_labels_every_weight_and_m():
    ax = plots.draw_neuron(neuron_g())
    texts = [t.get_text() for t in ax.texts]
    for label in ["0", "+1", "+2", "\u22121", "m = 2"]:
        assert label in texts


def test_draw_neuron_refuses_a_batch_and_what_is_not_a_neuron():
    with pytest.raises(ValueError, match="one input pattern at a time"):
        plots.draw_neuron(neuron_g(), np.zeros((2, 5)))
    with pytest.raises(TypeError, match="needs a ThresholdNeuron; got list"):
        plots.draw_neuron([0, 0, 1, 2, -1])


def test_plot_signal_bars_are_the_contributions():
    ax = plots.plot_signal(neuron_g(), [0, 0, 1, 1, 1])
    heights = [p.get_height() for p in ax.patches]
    assert heights == [0, 0, 1, 2, -1, 2]  # w_i * x_i for A..E, then s
    assert "G fires" in ax.get_title()


def test_plot_all_signals_marks_exactly_the_firing_patterns():
    g = neuron_g()
    ax = plots.plot_all_signals(g)
    assert [p.get_height() for p in ax.patches] == g.signal(all_patterns(5)).tolist()
    red = [to_hex(p.get_facecolor()) == ACTIVE for p in ax.patches]
    assert red == g.fires(all_patterns(5)).tolist()
    hatched = [p.get_hatch() == FIRING_HATCH for p in ax.patches]  # the second cue
    assert hatched == red
    assert "12 of 32" in ax.get_title()


def test_decision_line_is_where_the_signal_reaches_m():
    neuron = ThresholdNeuron([1, 2], m=2, inputs="CD", name="N")
    ax = plots.plot_decision_line(neuron)
    (line,) = ax.lines
    x, y = line.get_data()
    assert np.allclose(1 * x + 2 * y, 2)  # w1 x1 + w2 x2 = m
    corners = [to_hex(c) for c in ax.collections[-1].get_facecolors()]
    assert corners == [OPEN, ACTIVE, OPEN, ACTIVE]  # (0,1) and (1,1) reach m = 2
    assert ax.get_title() == "N: 1\u00b7C + 2\u00b7D \u2265 2"
    assert (ax.get_xlabel(), ax.get_ylabel()) == ("C", "D")


def test_decision_line_of_a_neuron_deaf_to_its_second_input_is_upright():
    ax = plots.plot_decision_line(ThresholdNeuron([2, 0], m=1, inputs="CD"))
    (line,) = ax.lines
    assert np.allclose(line.get_xdata(), 0.5)


def test_decision_line_needs_two_inputs():
    with pytest.raises(ValueError, match="2 inputs; neuron G has 5"):
        plots.plot_decision_line(neuron_g())


def test_plot_corners_colours_the_wanted_answers():
    ax = plots.plot_corners(np.array([False, True, True, False]), inputs="CD", title="XOR")
    colours = [to_hex(c) for c in ax.collections[0].get_facecolors()]
    assert colours == [OPEN, ACTIVE, ACTIVE, OPEN]  # quiet corners are open circles
    assert ax.get_title() == "XOR"
    with pytest.raises(ValueError, match="4 True/False values"):
        plots.plot_corners([0, 1, 1, 0])


def test_weight_sweep_draws_the_answer_and_the_count_as_steps():
    values = np.linspace(0, 3, 7)
    axes = plots.plot_weight_sweep(values, values >= 2, [20, 20, 24, 24, 32, 32, 28], name="w_D")
    answer, right = axes[0].lines[0], axes[1].lines[0]
    assert list(answer.get_ydata()) == [0, 0, 0, 0, 1, 1, 1]
    assert list(right.get_ydata()) == [20, 20, 24, 24, 32, 32, 28]
    assert axes[1].get_ylabel() == "patterns right (of 32)" and axes[0].get_xlabel() == "$w_D$"
