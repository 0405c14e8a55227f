"""Notebook 03's explorers: the SSE valley, descent down it, and the learning rate."""

import numpy as np
import pytest

from annlib import descent, plots
from annlib.mlp import MLP
from annlib.widgets import DescentExplorer, LearningRateExplorer, SSEExplorer

AND_X = np.array([[0, 0], [0, 1], [1, 0], [1, 1]])
AND_Y = np.array([0, 0, 0, 1])


def test_sse_explorer_reports_the_direction_downhill():
    explorer = SSEExplorer(AND_X, AND_Y, [3.0, 1.0], 1.5, index=0, name="w_C")
    assert explorer.slope > 0 and "decrease w_C" in explorer.summary.value
    explorer.slider.value = -1.0
    assert explorer.slope < 0 and "increase w_C" in explorer.summary.value
    explorer.slider.value = 1.0
    assert "bottom of the valley" in explorer.summary.value
    assert explorer.sse_step == 0.0


def test_sse_explorer_shows_the_valley_plots_draws():
    explorer = SSEExplorer(AND_X, AND_Y, [3.0, 1.0], 1.5, index=0, name="w_C")
    explorer.slider.value = 2.0
    assert explorer.slope == pytest.approx(descent.sse_slope(AND_X, AND_Y, [3, 1], 1.5, 0, 2.0))
    fig, axes = plots.new_figure((10, 3.4), n_cols=2)
    plots.plot_sse_vs_weight(AND_X, AND_Y, [3.0, 1.0], 1.5, 0, 2.0, axes=axes, name="w_C")
    assert explorer.picture.value == plots.figure_to_png(fig)
    explorer.reset()
    assert explorer.slider.value == 3.0 and explorer.slope > 0
    assert explorer._repr_mimebundle_()["text/plain"].startswith(
        "SSEExplorer: w_C = 3.00, SSE 1 (threshold neuron)"
    )
    with pytest.raises(ValueError, match=r"index \(which weight moves\) must be a whole number"):
        SSEExplorer(AND_X, AND_Y, [3.0, 1.0], 1.5, index=2)


def test_descent_explorer_reruns_with_the_new_learning_rate():
    explorer = DescentExplorer(AND_X, AND_Y, [1.0, 1.0], 1.5, start=3.0, lr=3.0)
    assert abs(explorer.path[-1] - 1.0) < 0.01
    before = explorer.picture.value
    explorer.slider.value = 100.0
    assert explorer.path[-1] < -10
    assert explorer.picture.value != before
    assert np.array_equal(
        explorer.path,
        descent.descent_path(AND_X, AND_Y, [1, 1], 1.5, 0, 3.0, explorer.slider.value, 20),
    )
    assert (
        "DescentExplorer: lr = 100: w1 goes from 3 to" in explorer._repr_mimebundle_()["text/plain"]
    )


def test_learning_rate_explorer_trains_again_for_each_rate():
    explorer = LearningRateExplorer(
        lambda: MLP([2, 1], output="sigmoid", loss="sse"), AND_X, AND_Y, epochs=50, lr=3.0
    )
    good = explorer.history.loss[-1]
    assert len(explorer.history.loss) == 50
    explorer.slider.value = 0.001
    assert explorer.history.loss[-1] > good
    assert "accuracy" in explorer.summary.value
    assert "after 50 epochs" in explorer._repr_mimebundle_()["text/plain"]
