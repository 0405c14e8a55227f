"""annlib.lab.loss_surfaces: optimisers on losses of two weights, checked where the answer
is known."""

import matplotlib.pyplot as plt
import numpy as np
import pytest

from annlib import plots
from annlib.lab.loss_surfaces import GIVE_UP, Surface, optimizer_path, ravine, rosenbrock


def steps_to_reach(path, minimum, within=1e-2):
    far = np.linalg.norm(path - np.asarray(minimum), axis=1)
    close = np.flatnonzero(far < within)
    return int(close[0]) if close.size else None


def test_gradient_descent_on_a_ravine_is_stable_only_below_two_over_its_steepness():
    surface = ravine(steep=20)  # curvatures 1 and 20: stable for lr < 2 / 20 = 0.1
    calm = optimizer_path(surface, (-4, 1), lr=0.09, steps=300)
    assert np.linalg.norm(calm[-1]) < 1e-3 and len(calm) == 301
    wild = optimizer_path(surface, (-4, 1), lr=0.11, steps=300)
    assert abs(wild[-1, 1]) > abs(wild[0, 1])  # across the valley it swings ever wider


def test_momentum_crosses_the_ravine_far_sooner_than_plain_descent_at_the_same_rate():
    surface = ravine(steep=20)
    plain = optimizer_path(surface, (-4, 1), lr=0.01, steps=2000)
    rolling = optimizer_path(surface, (-4, 1), optimizer="momentum", lr=0.01, steps=2000)
    n_plain, n_rolling = steps_to_reach(plain, (0, 0)), steps_to_reach(rolling, (0, 0))
    assert n_plain is not None and n_rolling is not None
    assert n_rolling < n_plain / 3


def test_adams_first_step_moves_each_weight_by_the_learning_rate():
    """Adam divides each slope by its own size: however different the two slopes, the first
    step is lr along each weight, against its slope."""
    path = optimizer_path(ravine(steep=20), (-4, 1), optimizer="adam", lr=0.1, steps=1)
    assert path[1] - path[0] == pytest.approx([0.1, -0.1], rel=1e-6)


def test_a_path_that_blows_up_stops_and_the_gradients_are_right():
    wild = optimizer_path(ravine(steep=20), (-4, 1), lr=0.5, steps=1000)
    assert len(wild) < 1001 and np.linalg.norm(wild[-1] - wild[0]) >= GIVE_UP
    for surface in (ravine(steep=7), rosenbrock()):  # gradients against finite differences
        w, h = np.array([0.3, -0.7]), 1e-6
        numeric = [(surface.loss(w + h * e) - surface.loss(w - h * e)) / (2 * h) for e in np.eye(2)]
        assert surface.gradient(w) == pytest.approx(numeric, rel=1e-6)
        assert surface.loss(np.array(surface.minimum)) == pytest.approx(0)


@pytest.mark.parametrize(
    "settings, error, message",
    [
        ({"optimizer": "rmsprop"}, ValueError, "unknown optimizer"),
        ({"start": (1, 2, 3)}, ValueError, "two weights"),
        ({"lr": 0}, ValueError, "greater than 0"),
        ({"steps": 0}, ValueError, "steps"),
        ({"momentum": 1.0, "optimizer": "momentum"}, ValueError, "momentum"),
    ],
)
def test_bad_settings_say_what_to_give(settings, error, message):
    arguments = {"start": (-4, 1), **settings}
    with pytest.raises(error, match=message):
        optimizer_path(ravine(), arguments.pop("start"), **arguments)
    with pytest.raises(ValueError, match="steep"):
        ravine(steep=0.5)


def test_the_map_shows_contours_the_minimum_and_each_path():
    surface = ravine()
    paths = {
        name: optimizer_path(surface, (-4, 1), optimizer=name, lr=0.05, steps=50)
        for name in ("sgd", "momentum", "adam")
    }
    ax = plots.plot_optimizer_paths(surface, paths)
    labels = [t.get_text() for t in ax.get_legend().get_texts()]
    assert labels == ["minimum", "sgd", "momentum", "adam"]
    markers = {line.get_marker() for line in ax.lines if line.get_label() in paths}
    assert len(markers) == 3  # each path also told apart without colour
    assert ax.collections  # the contour lines
    assert ax.get_aspect() == 1.0  # equal scales on both axes: the ravine's shape drawn true
    plt.close(ax.figure)


def stops_at_call(surface, at):
    """``surface``, with a gradient that presses stop at its call number ``at``."""
    calls = []

    def gradient(w):
        calls.append(1)
        if len(calls) == at:
            raise KeyboardInterrupt
        return surface.gradient(w)

    return Surface(surface.name, surface.loss, gradient, surface.minimum, surface.window)


def test_a_path_stopped_in_the_middle_keeps_the_steps_taken(capsys):
    surface = ravine()
    whole = optimizer_path(surface, (-4, 1), optimizer="momentum", lr=0.02, steps=100)
    stopped = optimizer_path(
        stops_at_call(surface, 41), (-4, 1), optimizer="momentum", lr=0.02, steps=100
    )
    assert np.array_equal(stopped, whole[:41])  # the start and the 40 steps taken
    assert "after 40 of 100 steps" in capsys.readouterr().out
    with pytest.raises(KeyboardInterrupt):  # stopped before any step: nothing to keep
        optimizer_path(stops_at_call(surface, 1), (-4, 1))


def test_momentum_is_checked_for_every_optimizer_and_a_gradient_too():
    with pytest.raises(ValueError, match="momentum"):
        optimizer_path(ravine(), (-4, 1), optimizer="sgd", momentum=5)
    surface = ravine()
    three = Surface("three slopes", surface.loss, lambda w: [1, 2, 3], (0, 0), surface.window)
    with pytest.raises(ValueError, match="two numbers"):
        optimizer_path(three, (-4, 1))
