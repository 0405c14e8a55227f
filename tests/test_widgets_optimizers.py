"""The optimiser explorer: gradient descent, momentum and Adam on a ravine, whose paths are
annlib's own optimisers' and whose frames are exactly the kernel's pictures."""

import numpy as np
import pytest
from svgread import Picture

from annlib.surfaces import optimizer_path, ravine, rosenbrock
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
