"""Bad arguments across the public API: each gets annlib's own clear message (what was wrong
and what was expected), raised by annlib, never an error from deep inside NumPy, pathlib or
PIL. One row per mistake a learner might make."""

import traceback
from pathlib import Path

import numpy as np
import pytest

from annlib import ThresholdNeuron, images
from annlib.conv import ConvNet
from annlib.mlp import MLP
from annlib.train import fit

X = np.random.default_rng(0).random((8, 2))
Y = np.array([0, 1] * 4)


def net():
    return MLP([2, 4, 2], seed=0)


CASES = [
    ("ragged inputs", lambda: fit(net(), [[1, 2], [3]], [0, 1], progress=False), "rows of equal"),
    ("text labels", lambda: fit(net(), X, ["a"] * 8, progress=False), "must hold numbers"),
    ("one number as labels", lambda: fit(net(), X, 5, progress=False), "one label per example"),
    ("labels out of range", lambda: fit(net(), X, [0, 7] * 4, progress=False), "from 0 to 1"),
    ("infinite epochs", lambda: fit(net(), X, Y, epochs=float("inf")), "whole number"),
    ("negative seed", lambda: fit(net(), X, Y, seed=-1), "at least 0"),
    ("momentum as text", lambda: fit(net(), X, Y, momentum="0.9"), "must be a number"),
    ("momentum NaN", lambda: fit(net(), X, Y, momentum=float("nan")), "finite number"),
    ("learning rate NaN", lambda: fit(net(), X, Y, lr=float("nan")), "finite number"),
    ("batch size 0", lambda: fit(net(), X, Y, batch_size=0), "at least 1"),
    ("validation not a pair", lambda: fit(net(), X, Y, validation=(X,)), "a pair"),
    (
        "augment of the wrong shape",
        lambda: fit(net(), X, Y, augment=lambda b, r: b[:, :1], progress=False),
        "augment must give back a batch of the shape",
    ),
    ("inputs with NaN", lambda: fit(net(), np.full((8, 2), np.nan), Y), "NaN or infinity"),
    ("inputs too large", lambda: net().predict(np.full((1, 2), 1e300)), "too large"),
    ("inputs of the wrong width", lambda: net().predict(np.zeros((3, 5))), "shape \\(n, 2\\)"),
    ("labels of another length", lambda: net().score(X, [0, 1]), "8 examples but y has 2"),
    ("save to ''", lambda: net().save(""), "a file name is needed"),
    ("save to None", lambda: net().save(None), "a file name is needed"),
    ("sizes as text", lambda: MLP("784,10"), "list of layer sizes"),
    ("activation as a list", lambda: MLP([2, 3, 2], activation=["relu"]), "unknown activation"),
    ("negative model seed", lambda: MLP([2, 3, 2], seed=-1), "at least 0"),
    ("filters not whole", lambda: ConvNet(filters=(2.7, 3.9)), "whole number"),
    ("kernel size 0", lambda: ConvNet(kernel_sizes=(0, 5)), "at least 1"),
    ("input names as a number", lambda: ThresholdNeuron([1, 1], 1, inputs=5), "names of the"),
    ("an infinite input", lambda: ThresholdNeuron([1e300, 1], 1).fires([np.inf, 0]), "infinity"),
    ("an empty image", lambda: images.to_mnist(np.zeros((0, 0))), "expected an image"),
    ("optimizer as a list", lambda: fit(net(), X, Y, optimizer=["adam"]), "unknown optimizer"),
    ("schedule as a list", lambda: fit(net(), X, Y, schedule=["cosine"]), "unknown schedule"),
    ("loss as a list", lambda: MLP([2, 3, 2], loss=["sse"]), "unknown loss"),
    ("augment as text", lambda: fit(net(), X, Y, augment="shift"), "must be a function"),
    ("callback as a number", lambda: fit(net(), X, Y, callback=5), "must be a function"),
    (
        "empty validation",
        lambda: fit(net(), X, Y, validation=(np.zeros((0, 2)), [])),
        "holds no examples",
    ),
]


@pytest.mark.parametrize("what, call, words", CASES, ids=[c[0] for c in CASES])
def test_a_bad_argument_gets_annlibs_own_clear_message(what, call, words):
    with pytest.raises((ValueError, TypeError, FloatingPointError)) as caught:
        call()
    assert caught.match(words), f"{what}: {caught.value}"
    raised_in = Path(traceback.extract_tb(caught.tb)[-1].filename)
    assert "annlib" in raised_in.parts, f"{what}: raised in {raised_in}, not by annlib"


def test_numbers_that_overflow_inside_the_network_are_an_error_not_nan():
    model = net()
    model.params["W1"] = np.full_like(model.params["W1"], 3e38)  # huge but representable
    with pytest.raises(FloatingPointError, match="outputs overflowed"):
        model.predict_proba(np.full((1, 2), 1e30))


def test_a_neuron_reads_a_table_by_its_column_names():
    import pandas as pd

    neuron = ThresholdNeuron([1, 0], 1, inputs="CD")
    assert not neuron.fires(pd.DataFrame({"D": [1], "C": [0]}))[0]  # C = 0: quiet


def test_huge_weights_give_true_signals_and_tables():
    from annlib import truth_table

    assert ThresholdNeuron([1e300, 1e300], 0).signal([1, 1]) == 2e300
    table = truth_table(ThresholdNeuron([1e20, 1], 1e20))
    assert table["signal"].max() == pytest.approx(1e20 + 1) and (table["signal"] >= 0).all()
