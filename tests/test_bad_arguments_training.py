"""Bad arguments to the training tools (experiments, lr_finder, surfaces, signals, dropout):
each gets annlib's own clear message (what was wrong and what was expected), raised by
annlib, never an error from deep inside NumPy, pandas or Python. One row per mistake."""

import traceback
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from annlib import experiments
from annlib.dropout import DropoutMLP
from annlib.lr_finder import lr_range_test
from annlib.mlp import MLP
from annlib.signals import layer_signals
from annlib.surfaces import Surface, optimizer_path, ravine

X = np.random.default_rng(0).random((8, 2))
Y = np.array([0, 1] * 4)


def net():
    return MLP([2, 4, 2], seed=0)


def grid(**settings):
    """A small grid, with ``settings`` changing its defaults."""
    arguments = {
        "vary": {"lr": [0.1]},
        "validation": (X, Y),
        "progress": False,
        "sizes": [2, 4, 2],
        "epochs": 1,
        **settings,
    }
    return experiments.grid(arguments.pop("network", MLP), X, Y, **arguments)


def results():
    return pd.DataFrame(
        {"lr": [0.1], "seed": [0], "epoch": [1], **{m: [0.5] for m in experiments.METRICS}}
    )


def odd_surface():
    surface = ravine()
    return Surface("odd", surface.loss, lambda w: "downhill", (0, 0), surface.window)


CASES = [
    ("grid seeds as one number", lambda: grid(seeds=3), "seeds must be a list.*range\\(3\\)"),
    ("grid seeds negative", lambda: grid(seeds=[0, -1]), "seeds\\[1\\].*at least 0"),
    ("grid seeds of a bool", lambda: grid(seeds=[True]), "seeds\\[0\\].*whole number"),
    ("grid seeds twice", lambda: grid(seeds=[0, 0]), "all be different"),
    ("grid vary value twice", lambda: grid(vary={"lr": [0.1, 0.1]}), "holds a value twice"),
    ("grid vary as a set", lambda: grid(vary={"lr": {0.1, 0.2}}), "must be a list"),
    ("grid varied and fixed", lambda: grid(vary={"lr": [0.1]}, lr=0.2), "both varied"),
    ("grid varies progress", lambda: grid(vary={"progress": [True]}), "set by grid"),
    ("grid a made network", lambda: grid(network=net()), "the class, such as MLP"),
    (
        "grid a function making no network",
        lambda: grid(network=lambda sizes: "MLP"),
        "must make an annlib network",
    ),
    ("grid a bad later value", lambda: grid(vary={"lr": [0.1, np.nan]}), "finite number"),
    ("grid validation not a pair", lambda: grid(validation=X), "a pair"),
    ("grid inputs too wide", lambda: grid(sizes=[3, 4, 2]), "3 inputs"),
    ("final of an array", lambda: experiments.final(np.zeros(3)), "results must be"),
    (
        "final of another table",
        lambda: experiments.final(pd.DataFrame({"a": [1]})),
        "no column 'seed'",
    ),
    ("summary metric a list", lambda: experiments.summary(results(), ["loss"]), "metric must"),
    (
        "summary without settings",
        lambda: experiments.summary(results().drop(columns="lr")),
        "no column of a varied setting",
    ),
    ("lr test momentum 5", lambda: lr_range_test(net(), X, Y, momentum=5), "momentum must"),
    ("lr test beta 1", lambda: lr_range_test(net(), X, Y, beta=1), "beta"),
    ("lr test blow_up 1", lambda: lr_range_test(net(), X, Y, blow_up=1), "blow_up"),
    ("lr test huge steps", lambda: lr_range_test(net(), X, Y, steps=10**12), "1,000,000"),
    ("lr test steps 1e2", lambda: lr_range_test(net(), X, Y, steps=1e2), "whole number"),
    ("lr test seed -1", lambda: lr_range_test(net(), X, Y, seed=-1), "at least 0"),
    ("lr test lr_max inf", lambda: lr_range_test(net(), X, Y, lr_max=np.inf), "finite"),
    ("lr test lr_min True", lambda: lr_range_test(net(), X, Y, lr_min=True), "a number"),
    ("path momentum 5 (sgd)", lambda: optimizer_path(ravine(), (0, 1), momentum=5), "momentum"),
    ("path huge steps", lambda: optimizer_path(ravine(), (0, 1), steps=10**9), "1,000,000"),
    ("path a word gradient", lambda: optimizer_path(odd_surface(), (0, 1)), "two numbers"),
    ("ravine too steep", lambda: ravine(steep=1e300), "from 1 to"),
    ("ravine steep NaN", lambda: ravine(steep=np.nan), "finite"),
    (
        "signals that overflow",
        lambda: layer_signals(MLP([2] + [50] * 12 + [2], init=1e4), X, Y),
        "overflowed",
    ),
    ("dropout as a bool", lambda: DropoutMLP([2, 4, 2], dropout=True), "dropout must be a"),
    ("dropout without hidden", lambda: DropoutMLP([2, 2], dropout=0.5), "no hidden layer"),
    (
        "dropout rng a word",
        lambda: DropoutMLP([2, 4, 2]).forward(X, rng="random"),
        "rng .*a seed, or a numpy Generator",
    ),
]


@pytest.mark.parametrize("what, call, words", CASES, ids=[c[0] for c in CASES])
def test_a_bad_argument_gets_annlibs_own_clear_message(what, call, words):
    with pytest.raises((ValueError, TypeError, FloatingPointError, OSError)) as caught:
        call()
    assert caught.match(words), f"{what}: {caught.value}"
    raised_in = Path(traceback.extract_tb(caught.tb)[-1].filename)
    assert "annlib" in raised_in.parts, f"{what}: raised in {raised_in}, not by annlib"
