"""Notebook 03's explorers: the SSE valley, descent down it, and the learning rate."""

import numpy as np
import pytest
from svgread import Picture

from annlib.functions import sigmoid, step
from annlib.lab import valley as descent
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
    picture = Picture(explorer.picture.svg)
    for i, f in enumerate((step, sigmoid)):  # the valleys and the point drawn are annlib's
        ws, sse = picture.line(f"valley {i}", ("step", "sigmoid")[i])
        grid = np.linspace(-3, 5, len(ws))
        assert ws == pytest.approx(grid, abs=0.001)
        wanted = descent.sse_along_weight(AND_X, AND_Y, [3.0, 1.0], 1.5, 0, grid, f)
        assert sse == pytest.approx(wanted, abs=0.01)
        w, here = picture.marker(f"here {i}", ("step", "sigmoid")[i])
        assert w == pytest.approx(2.0, abs=0.01)
        wanted = descent.sse_along_weight(AND_X, AND_Y, [3, 1], 1.5, 0, [2.0], f)[0]
        assert here == pytest.approx(wanted, abs=0.01)
    assert "slope +" in " ".join(picture.texts())
    ws, heights = picture.line("tangent", "sigmoid")  # the tangent, cut at the chart's edges
    assert (heights[1] - heights[0]) / (ws[1] - ws[0]) == pytest.approx(explorer.slope, rel=0.01)
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
    before = explorer.picture.svg
    explorer.slider.value = 100.0
    assert explorer.path[-1] < -10
    assert explorer.picture.svg != before
    ws, _ = Picture(explorer.picture.svg).line("path", "valley")
    assert ws == pytest.approx(explorer.path, abs=0.01)  # the steps drawn are descent_path's
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


def test_learning_rate_explorer_says_the_loss_before_training_and_after_the_last_step():
    """The curve's last point is measured before the last step (fit's History); the summary
    measures the trained model again, after it."""
    from annlib.train import fit

    explorer = LearningRateExplorer(
        lambda: MLP([2, 1], output="sigmoid", loss="sse", seed=0), AND_X, AND_Y, epochs=5, lr=3.0
    )
    model = MLP([2, 1], output="sigmoid", loss="sse", seed=0)
    history = fit(model, AND_X, AND_Y, epochs=5, batch_size=4, lr=3.0, seed=0, progress=False)
    after, _ = model.evaluate(AND_X, AND_Y)
    assert explorer.history.loss == history.loss and explorer.loss_after == pytest.approx(after)
    assert explorer.start_loss == pytest.approx(history.loss[0])  # one batch: epoch 1's point
    assert after != pytest.approx(history.loss[-1])  # the last step shows only when measured again
    assert (
        f"loss per example {history.loss[0]:.4f} before training \u2192 {after:.4f} after 5 epochs"
        in explorer.summary.value
    )


@pytest.mark.parametrize("which", ["sse", "descent", "learning rate"])
def test_every_frame_the_browser_can_show_is_the_picture_annlib_draws_there(which):
    """The browser shows frame k at slider position k without asking the kernel: each frame
    must be exactly the picture the kernel draws with the slider at that position."""
    from annlib.widgets._sliders import positions

    explorer = {
        "sse": lambda: SSEExplorer(AND_X, AND_Y, [3.0, 1.0], 1.5, index=0, name="w_C"),
        "descent": lambda: DescentExplorer(AND_X, AND_Y, [1.0, 1.0], 1.5, start=3.0, lr=3.0),
        "learning rate": lambda: LearningRateExplorer(
            lambda: MLP([2, 1], output="sigmoid", loss="sse", seed=0), AND_X, AND_Y, epochs=20
        ),
    }[which]()
    picture, slider = explorer.picture, explorer.slider
    values = positions(slider)
    assert picture.controls == [slider]  # drawn ahead when the explorer appears
    assert len(picture.frames["sets"]["0"]["frames"]) == len(values) > 40
    drawn = picture.frames
    for k, value in enumerate(values):  # every frame
        slider.value = value
        assert picture.frame(0, k) == picture.svg, f"frame {k} (value {value})"
    assert picture.frames is drawn  # moving the slider draws nothing ahead again
    # the browser's rule from a slider's value to its position
    p = picture.frames["sets"]["0"]["positions"]
    for k, value in enumerate(values):
        scaled = np.log(value) / np.log(p["base"]) if p.get("log") else value
        assert round((scaled - p["min"]) / p["step"]) == k
