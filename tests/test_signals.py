"""annlib.lab.signal_sizes: each layer's activations and slopes at the start of training,
showing the vanishing gradient of deep sigmoid networks and what starting weights do."""

import numpy as np
import pytest

from annlib.conv import ConvNet
from annlib.lab.signal_sizes import layer_signals
from annlib.mlp import MLP

RNG = np.random.default_rng(0)
X, Y = RNG.random((256, 100)).astype(np.float32), RNG.integers(0, 10, 256)


def deep(activation, init="auto"):
    return MLP([100] + [50] * 8 + [10], activation=activation, init=init, seed=0)


def test_slopes_vanish_on_their_way_back_through_sigmoids_but_not_through_relus():
    sigmoid = layer_signals(deep("sigmoid"), X, Y)["slope vs last"]
    relu = layer_signals(deep("relu"), X, Y)["slope vs last"]
    assert sigmoid[1] < 1e-3  # the first layer's slopes: thousands of times smaller
    assert (np.diff(sigmoid.to_numpy()) > 0).all()  # shrinking at every layer on the way back
    assert relu.between(0.1, 10).all()  # ReLU with He's starting weights: all alike


def test_too_small_starting_weights_make_the_signals_die_out_and_too_large_saturate():
    small = layer_signals(deep("tanh", init=0.01), X, Y)["activation spread"].to_numpy()
    assert (small[1:5] < small[:4] / 5).all()  # each layer passes on a fifth or less
    large = layer_signals(deep("tanh", init=1.0), X, Y)
    assert (large["activation spread"].iloc[:-1] > 0.9).all()  # tanh stuck near -1 and 1
    assert large["slope vs last"].iloc[0] > 10  # and slopes that grow on the way back


def test_one_row_per_layer_with_the_slope_as_a_root_mean_square():
    model = MLP([100, 20, 10], seed=1)
    table = layer_signals(model, X, Y)
    assert list(table.index) == [1, 2] and list(table["neurons"]) == [20, 10]
    _, cache = model.forward(X, keep=True)
    W1 = model.backward(cache, model.targets(Y, len(X)))["W1"]
    assert table.loc[1, "slope size"] == pytest.approx(np.sqrt(np.mean(W1.astype(float) ** 2)))
    assert table.loc[2, "slope vs last"] == 1.0
    with pytest.raises(TypeError, match="inside an MLP"):
        layer_signals(ConvNet(), X[:, : 784 - 684], Y)
    with pytest.raises(ValueError, match="at least one example"):
        layer_signals(model, X[:0], Y[:0])


def test_signals_that_overflow_are_an_error_not_a_table_of_nan():
    with pytest.raises(FloatingPointError, match="overflowed in layer"):
        layer_signals(MLP([100] + [50] * 12 + [10], init=1e4, seed=0), X, Y)
    table = layer_signals(MLP([100] + [50] * 3 + [10], init=10.0, seed=0), X, Y)
    assert np.isfinite(table.to_numpy()).all()  # large, but no overflow: a table
