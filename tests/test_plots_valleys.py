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


def test_the_steps_from_the_bottom_are_descent_s_path_one_panel_per_rate():
    axes, paths = plots.valleys.plot_steps_from_bottom(
        AND_X, AND_Y, [1, 1], 1.5, 0, start=3.0, lrs=[3, 7], bottom=1.0, steps=10
    )
    assert len(axes) == 2 and [ax.get_title() for ax in axes] == ["lr = 3", "lr = 7"]
    for ax, lr, path in zip(axes, [3, 7], paths):
        assert np.array_equal(path, descent.descent_path(AND_X, AND_Y, [1, 1], 1.5, 0, 3.0, lr, 10))
        line = [li for li in ax.lines if len(li.get_xdata()) == 11][0]
        assert np.allclose(line.get_ydata(), path - 1.0)  # measured from the bottom
        assert line.get_marker() == "o"  # round markers: the points read without colour
    with pytest.raises(ValueError, match="one axes per learning rate"):
        plots.valleys.plot_steps_from_bottom(
            AND_X, AND_Y, [1, 1], 1.5, 0, 3.0, [3, 7], 1.0, axes=[axes[0]]
        )


def test_the_surface_map_draws_the_gradient_uphill_and_descent_against_it():
    from matplotlib.quiver import Quiver, QuiverKey

    ax, path = plots.valleys.plot_sse_surface(
        AND_X, AND_Y, [1, 1], 1.5, start=(4.0, -2.0), lr=3.0, steps=40, arrows=5
    )
    assert np.array_equal(path, descent.descent_path_all(AND_X, AND_Y, [4, -2], 1.5, 3.0, 40))
    quiver = [c for c in ax.collections if isinstance(c, Quiver)][0]
    assert len(quiver.U) == 25
    for (x, y), u, v in zip(quiver.XY, quiver.U, quiver.V):  # each arrow is the gradient
        assert [u, v] == pytest.approx(descent.sse_gradient(AND_X, AND_Y, [x, y], 1.5))
    star = [li for li in ax.lines if li.get_marker() == "*"][0]
    assert (star.get_xdata()[0], star.get_ydata()[0]) == pytest.approx((1.0, 1.0), abs=0.05)
    walked = [li for li in ax.lines if li.get_marker() == "o"][0]
    assert np.allclose(walked.get_xdata(), path[:, 0]) and np.allclose(
        walked.get_ydata(), path[:, 1]
    )
    assert ax.get_aspect() == 1.0  # equal axes: the arrows cross the contours at right angles
    labels = [t.get_text() for t in ax.get_legend().get_texts()]
    assert labels == ["lowest point", "descent, lr = 3", "start"]
    key = [a for a in ax.artists if isinstance(a, QuiverKey)][0]  # the arrows' scale
    assert "points uphill" in key.text.get_text() and key.U == pytest.approx(0.2)
