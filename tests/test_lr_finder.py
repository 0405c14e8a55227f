"""annlib.lab.lr_range: the learning-rate range test, on a problem whose answer is known."""

import matplotlib.pyplot as plt
import numpy as np
import pytest

from annlib import plots
from annlib.lab.lr_range import LRRangeTest, lr_range_test
from annlib.mlp import MLP


def line_problem(n=2000, seed=0):
    """y = 2 x + 1 with x ~ N(0, 1), fitted by one linear neuron with the SSE.

    The mean loss (w x + b - y)^2 has curvature 2 E[x^2] = 2 in w and 2 in b, so plain
    gradient descent converges for rates below 2 / 2 = 1 and blows up above it."""
    rng = np.random.default_rng(seed)
    X = rng.standard_normal((n, 1))
    return X, 2 * X + 1


def linear_neuron():
    return MLP([1, 1], output="identity", loss="sse", dtype="float64", seed=0)


def test_the_loss_blows_up_just_past_the_largest_stable_rate():
    X, Y = line_problem()
    test = lr_range_test(linear_neuron(), X, Y, lr_min=1e-4, lr_max=100, steps=200)
    assert isinstance(test, LRRangeTest)
    # past lr = 1 every step overshoots; the smoothed loss needs a few steps to show it
    assert test.stopped_at is not None and 1.0 < test.stopped_at < 10.0
    lowest = test.lrs[np.argmin(test.smoothed[:-1])]
    assert test.suggestion == pytest.approx(lowest / 10)
    assert 1e-2 < test.suggestion < 1.0  # a rate that converges
    assert len(test.lrs) == len(test.losses) == len(test.smoothed) < 200
    assert np.all(np.diff(test.lrs) > 0)


def test_the_suggested_rate_trains_and_the_network_is_not_changed():
    X, Y = line_problem()
    model = linear_neuron()
    before = {k: v.copy() for k, v in model.params.items()}
    test = lr_range_test(model, X, Y, lr_min=1e-4, lr_max=100, steps=200)
    assert all(np.array_equal(before[k], model.params[k]) for k in before)
    model.fit(X, Y, epochs=3, batch_size=64, lr=test.suggestion, progress=False)
    assert model.params["W1"].ravel() == pytest.approx([2.0], abs=0.05)
    assert model.params["b1"] == pytest.approx([1.0], abs=0.05)


def test_without_a_blow_up_it_says_so():
    X, Y = line_problem()
    test = lr_range_test(linear_neuron(), X, Y, lr_min=1e-5, lr_max=0.1, steps=50)
    assert test.stopped_at is None and len(test.lrs) == 50


@pytest.mark.parametrize(
    "settings, message",
    [
        ({"lr_min": 1.0, "lr_max": 0.1}, "0 < lr_min < lr_max"),
        ({"lr_min": 0.0}, "0 < lr_min < lr_max"),
        ({"steps": 2}, "steps"),
        ({"optimizer": "rmsprop"}, "unknown optimizer"),
    ],
)
def test_bad_settings_say_what_to_give(settings, message):
    X, Y = line_problem(100)
    with pytest.raises(ValueError, match=message):
        lr_range_test(linear_neuron(), X, Y, **settings)
    with pytest.raises(TypeError, match="annlib network"):
        lr_range_test("network", X, Y)
    with pytest.raises(ValueError, match="no examples"):
        lr_range_test(linear_neuron(), X[:0], Y[:0])


def test_its_picture_marks_the_suggestion_and_the_blow_up():
    X, Y = line_problem()
    test = lr_range_test(linear_neuron(), X, Y, lr_min=1e-4, lr_max=100, steps=200)
    ax = plots.plot_lr_range_test(test)
    labels = [t.get_text() for t in ax.get_legend().get_texts()]
    assert labels[:2] == ["loss of each step", "smoothed"]
    assert labels[2].startswith("suggested rate") and labels[3].startswith("blew up at")
    assert ax.get_xscale() == "log"
    plt.close(ax.figure)


def test_a_network_that_blows_up_at_its_first_step_gets_no_suggestion(capsys):
    X, Y = line_problem(500)
    test = lr_range_test(linear_neuron(), X * 1e6, Y * 1e6, lr_min=1e-4, lr_max=100)
    assert test.suggestion is None and test.stopped_at is not None and len(test.lrs) <= 3
    assert "No rate can be suggested" in test.note and "smaller lr_min" in test.note
    assert "No rate can be suggested" in capsys.readouterr().out
    ax = plots.plot_lr_range_test(test)  # drawn without a suggestion, and saying so
    assert "no rate can be suggested" in ax.get_title()
    assert not any(t.get_text().startswith("suggested") for t in ax.get_legend().get_texts())
    plt.close(ax.figure)
    test = lr_range_test(linear_neuron(), X * 1e200, Y, lr_min=1e-4, lr_max=100)  # inf at once
    assert test.suggestion is None and len(test.lrs) == 1 and "overflow" in test.note


def test_a_loss_that_never_falls_gets_no_suggestion():
    X, Y = line_problem(500)
    model = linear_neuron()
    model.params["W1"][:] = 2.0
    model.params["b1"][:] = 1.0  # already the answer: the loss starts at 0 and cannot fall
    test = lr_range_test(model, X, Y, lr_min=1e-6, lr_max=1e-4, steps=20)
    assert test.suggestion is None and "never fell" in test.note


def test_stopped_in_the_middle_it_keeps_the_steps_taken(monkeypatch, capsys):
    from annlib.lab import lr_range as lr_finder

    X, Y = line_problem()
    steps = lr_finder._step_losses

    def stop_after_100(*args):
        for i, loss in enumerate(steps(*args)):
            if i == 100:
                raise KeyboardInterrupt
            yield loss

    monkeypatch.setattr(lr_finder, "_step_losses", stop_after_100)
    test = lr_range_test(linear_neuron(), X, Y, lr_min=1e-4, lr_max=100, steps=200)
    assert len(test.lrs) == len(test.losses) == 100 and test.stopped_at is None
    said = capsys.readouterr().out
    assert "stopped (you pressed stop) after 100 of 200 steps" in said and said.strip() in test.note
    assert test.suggestion == pytest.approx(test.lrs[np.argmin(test.smoothed)] / 10)
    assert test.lrs[-1] < 1  # (the loss had fallen, and had not yet blown up)
