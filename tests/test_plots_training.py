"""Pictures of training: loss and accuracy per epoch, and a model's answer over the plane."""

import matplotlib.pyplot as plt
import numpy as np
import pytest
from matplotlib.colors import to_hex

from annlib import plots
from annlib.data.examples import two_moons
from annlib.mlp import MLP
from annlib.plots import ACTIVE, OTHER
from annlib.train import fit


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


@pytest.fixture(scope="module")
def trained():
    X, y = two_moons(100, seed=0)
    model = MLP([2, 8, 2], seed=0)
    history = fit(model, X, y, epochs=3, validation=(X, y), progress=False)
    return model, history, X, y


def test_history_draws_the_recorded_numbers(trained):
    _, history, _, _ = trained
    axes = plots.plot_history(history, title="moons")
    assert len(axes[0].lines) == 2 and len(axes[1].lines) == 2
    training, held_out = axes[0].lines
    assert list(training.get_ydata()) == list(history.loss)
    assert list(held_out.get_ydata()) == list(history.val_loss)
    assert list(axes[1].lines[0].get_ydata()) == list(history.accuracy)
    assert axes[0].figure.get_suptitle() == "moons"


def test_decision_boundary_shades_the_answer_and_colours_the_points(trained):
    model, _, X, y = trained
    ax = plots.plot_decision_boundary(model, X, y)
    class_0, class_1 = ax.collections[-2:]  # each class its colour and its marker
    assert np.allclose(class_0.get_offsets(), X[y == 0])
    assert np.allclose(class_1.get_offsets(), X[y == 1])
    assert to_hex(class_0.get_facecolors()[0]) == OTHER
    assert to_hex(class_1.get_facecolors()[0]) == ACTIVE
    marker_0, marker_1 = (c.get_paths()[0].vertices for c in (class_0, class_1))
    assert marker_0.shape != marker_1.shape  # a circle and a triangle
    assert ax.collections[0].levels[0] == 0 and ax.collections[0].levels[-1] == 1
    assert ax.get_xlabel() and ax.get_ylabel()  # axes, and a colour bar for the shading
    assert any(other.get_ylabel() == "probability of class 1" for other in ax.figure.axes)
    with pytest.raises(ValueError, match="2 inputs"):
        plots.plot_decision_boundary(model, np.zeros((3, 3)), [0, 1, 0])


def test_plot_losses_draws_one_run_on_a_log_scale():
    ax = plots.plot_losses([1.0, 0.5, 0.25], title="lr = 1")
    (line,) = ax.lines
    assert list(line.get_xdata()) == [1, 2, 3] and list(line.get_ydata()) == [1.0, 0.5, 0.25]
    assert ax.get_yscale() == "log" and ax.get_title() == "lr = 1"
    assert not plots.plot_losses([]).lines  # a run that diverged: axes, no curve


def test_live_history_draws_every_epoch_outside_a_notebook():
    X, y = two_moons(60, seed=0)
    live = plots.LiveHistory(title="test")
    fit(MLP([2, 4, 2], seed=0), X, y, epochs=3, validation=(X, y), callback=live, progress=False)
    assert len(live.axes[0].lines) == 2 and len(live.axes[0].lines[0].get_xdata()) == 3
