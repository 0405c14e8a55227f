"""The optimiser explorer: gradient descent, momentum and Adam on a ravine, whose paths are
annlib's own optimisers' and whose frames are exactly the kernel's pictures."""

import numpy as np
import pytest
from svgread import Picture

from annlib.lab.loss_surfaces import optimizer_path, ravine, rosenbrock
from annlib.widgets import OptimizerExplorer
from annlib.widgets._sliders import positions


def test_the_picture_draws_each_optimisers_own_path():
    explorer = OptimizerExplorer(lr=0.02, momentum=0.9, steps=60)
    picture = Picture(explorer.picture.svg)
    for name in ("sgd", "momentum", "adam"):
        xs, ys = picture.line(f"path {name}", "surface")
        path = optimizer_path(ravine(), (-4, 1), optimizer=name, lr=0.02, momentum=0.9, steps=60)
        assert np.allclose(np.c_[xs, ys], path, atol=0.02), name  # (pixels, to 2 decimals)
        assert picture.marker(f"end {name}", "surface") == pytest.approx(path[-1], abs=0.02)
    assert "loss" in explorer.summary.value and "blew up" not in explorer.summary.value
    dashes = {
        picture.shapes(f"path {n}")[0].get("stroke-dasharray") for n in ("sgd", "momentum", "adam")
    }
    assert len(dashes) == 3  # told apart by their dashes too, not by colour alone


@pytest.mark.parametrize("which", ["lr", "momentum"])
def test_every_frame_of_a_moved_slider_is_the_kernels_picture_there(which):
    explorer = OptimizerExplorer()
    slider = explorer.lr_slider if which == "lr" else explorer.momentum_slider
    slider.value = positions(slider)[3]  # its first move: its frames are drawn ahead
    i = explorer.picture.controls.index(slider)
    drawn = explorer.picture.frames
    assert list(drawn["sets"]) == [str(i)]
    for k, value in enumerate(positions(slider)):
        slider.value = value
        assert explorer.picture.frame(i, k) == explorer.picture.svg, f"{which} = {value}"
    assert explorer.picture.frames is drawn


def test_too_large_a_rate_blows_up_and_says_so():
    explorer = OptimizerExplorer()
    explorer.lr_slider.value = 0.5  # on a ravine 20 times steeper: stable only below 0.1
    assert "<b>sgd</b>: blew up after" in explorer.summary.value
    assert "lr = 0.5" in explorer.describe()


def test_another_surface_and_bad_arguments():
    explorer = OptimizerExplorer(rosenbrock(), start=(-1.5, 2.0), lr=0.001)
    assert "Rosenbrock" in explorer.picture.svg
    with pytest.raises(TypeError, match="give a Surface"):
        OptimizerExplorer("ravine")
    with pytest.raises(ValueError, match="two weights"):
        OptimizerExplorer(start=(1, 2, 3))


def test_the_values_given_are_the_values_used():
    """Nothing given is quietly moved: a rate between the slider's steps, the ends of its
    range, a momentum on its steps, NumPy numbers and a start given as an array are kept."""
    explorer = OptimizerExplorer(
        start=np.array([-3.5, 1.5]), lr=np.float64(0.0234), momentum=0.58, steps=np.int64(40)
    )
    assert explorer.lr_slider.value == 0.0234 and explorer.momentum_slider.value == 0.58
    assert explorer.start == (-3.5, 1.5) and explorer.steps == 40 and type(explorer.steps) is int
    assert "lr = 0.0234, momentum = 0.58" in explorer.describe()
    path = optimizer_path(ravine(), (-3.5, 1.5), optimizer="momentum", lr=0.0234, momentum=0.58)
    assert np.allclose(explorer.current["momentum"], path[:41])
    for lr in (0.001, 1.0):  # the slider's two ends
        assert OptimizerExplorer(lr=lr).lr_slider.value == lr
    assert OptimizerExplorer(momentum=0).momentum_slider.value == 0
    assert OptimizerExplorer(momentum=0.98).momentum_slider.value == 0.98


@pytest.mark.parametrize("lr", [0, -0.02, 1e-4, 2.0])
def test_a_rate_off_the_slider_is_refused_not_moved(lr):
    """lr=0 used to become 0.001 (and 2.0 became 1) without a word."""
    with pytest.raises(ValueError, match=r"from 0\.001 to 1 \(the slider's range\)"):
        OptimizerExplorer(lr=lr)


@pytest.mark.parametrize("momentum", [0.95, 0.99, 1.0, -0.1])
def test_a_momentum_off_the_slider_is_refused_not_moved(momentum):
    """momentum=0.95 used to become 0.96, and 1 became 0.98, without a word."""
    with pytest.raises(ValueError, match="momentum must be"):
        OptimizerExplorer(momentum=momentum)


def test_a_start_off_the_picture_is_refused():
    with pytest.raises(ValueError, match="off the picture .* w1 is from -2 to 2"):
        OptimizerExplorer(rosenbrock(), start=(-4, 1))  # on the ravine's picture, not this one
    assert OptimizerExplorer(start=(5, -2)).start == (5.0, -2.0)  # its corner is on it
