"""Pictures of one weight's SSE valley and of gradient descent walking down it."""

import matplotlib.pyplot as plt
import numpy as np
import pytest

from annlib import plots
from annlib.functions import sigmoid, step
from annlib.lab import valley as descent

AND_X = np.array([[0, 0], [0, 1], [1, 0], [1, 1]])
AND_Y = np.array([0, 0, 0, 1])


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


def test_sse_plot_draws_both_valleys_and_the_slope_downhill():
    axes, slope = plots.plot_sse_vs_weight(AND_X, AND_Y, [1, 1], 1.5, 0, value=3.0)
    assert slope == pytest.approx(descent.sse_slope(AND_X, AND_Y, [1, 1], 1.5, 0, 3.0))
    assert slope > 0 and "slope +" in axes[1].get_title()
    for ax, f in zip(axes, (step, sigmoid)):
        curve, marker = ax.lines[:2]
        w, sse = curve.get_data()
        assert np.allclose(sse, descent.sse_along_weight(AND_X, AND_Y, [1, 1], 1.5, 0, w, f))
        assert marker.get_xdata()[0] == 3.0
    tangent = axes[1].lines[2]
    x, y = tangent.get_data()
    assert (y[1] - y[0]) / (x[1] - x[0]) == pytest.approx(slope)


def test_descent_plot_marks_every_step_on_the_valley():
    ax, path = plots.plot_descent_path(AND_X, AND_Y, [1, 1], 1.5, 0, start=3.0, lr=3.0)
    assert np.array_equal(path, descent.descent_path(AND_X, AND_Y, [1, 1], 1.5, 0, 3.0, 3.0, 20))
    steps = ax.lines[1]
    assert np.array_equal(steps.get_xdata(), path)
    assert ax.get_title() == "lr = 3: w ends at 1.00"
