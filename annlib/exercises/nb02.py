"""Exercises of notebook 02: layers of threshold neurons."""

from __future__ import annotations

import itertools

import numpy as np

from ..data.examples import article_network
from ..neuron import SIGNAL_DECIMALS
from .core import Exercise, Wrong, array, call, number, numbers, pattern

PATTERN = [0, 1, 1, 1]  # B, C and D fire; A is quiet


def _check_prediction(answer):
    expected = set(article_network().firing(PATTERN)["layer 2"])
    if isinstance(answer, str):
        answer = [answer] if len(answer) <= 1 else list(answer.replace(",", " ").split())
    if isinstance(answer, dict):
        raise Wrong(
            "give just the names of the neurons that fire, as a set such as {'E', 'G'} "
            "(not a dict of True/False)."
        )
    try:
        given = {str(name).strip().upper() for name in answer}
    except TypeError:
        raise Wrong(
            "give the names of the neurons as a set, such as {'E', 'G'} (or set() for none)."
        ) from None
    unknown = given - {"E", "F", "G"}
    if unknown:
        raise Wrong(f"layer 2 has the neurons E, F and G; {sorted(unknown)} are not among them.")
    if given - expected:
        name = sorted(given - expected)[0]
        raise Wrong(
            f"{name} stays quiet: add up the weights from its inputs that fire (B, C, D, "
            f"and E if E fires) and compare the sum with its m."
        )
    if expected - given:
        name = sorted(expected - given)[0]
        raise Wrong(
            f"{name} fires too: the weights from the inputs that fire into {name} add up "
            f"to its m or more."
        )


def layer_fires(W, m, a):
    """A whole layer at once: neuron j fires (1) when row j of W times a reaches m[j]."""
    return (W @ a >= m).astype(int)


def _check_layer(function):
    rng = np.random.default_rng(2)
    cases = []
    for _ in range(100):
        k, n = int(rng.integers(1, 5)), int(rng.integers(1, 6))
        if k == n:
            n += 1  # a non-square W shows which way round it is used
        W = rng.integers(-2, 3, (k, n)).astype(float)
        a = rng.integers(0, 2, n)
        cases.append((W, rng.integers(-2, 4, k).astype(float), a))
    cases.append(
        (np.array([[1.0, 1.0], [2.0, -1.0]]), np.array([2.0, 1.0]), np.array([1, 1]))
    )  # ties
    for W, m, a in cases:
        got = array(call(function, W, m, a, returns="a 1 or 0 for every neuron"), "the result")
        expected = layer_fires(W, m, a)
        if got.shape != expected.shape:
            raise Wrong(
                f"W has {W.shape[0]} rows (neurons) and {W.shape[1]} columns (inputs); the "
                f"result should hold one 0 or 1 per neuron, shape {expected.shape}, "
                f"but yours has shape {got.shape}."
            )
        if not np.array_equal(got, expected):
            j = int(np.flatnonzero(got != expected)[0])
            signal = float(W[j] @ a)
            tie = (
                " (the signal equals m: a neuron fires when the signal reaches m)"
                if signal == m[j]
                else ""
            )
            raise Wrong(
                f"with W = {W.astype(int).tolist()}, m = {numbers(m)} and a = {numbers(a)}, "
                f"neuron {j} "
                f"gets signal {signal:g}, so it should give {expected[j]}; yours gives "
                f"{got[j]:g}{tie}."
            )


def _network_answer(answer):
    if not isinstance(answer, (tuple, list)) or len(answer) != 4:
        raise Wrong(
            "give four things: (W1, m1, w2, m2): a 2x2 table of weights and two m's for "
            "the hidden layer, then two weights and one m for the output neuron."
        )
    W1 = array(answer[0], "W1 (rows: the two hidden neurons; columns: C and D)", (2, 2))
    m1 = array(answer[1], "m1 (one m for each hidden neuron)", (2,))
    w2 = array(answer[2], "w2 (the output neuron's weights from the two hidden neurons)", (2,))
    return W1, m1, w2, number(answer[3], "m2")


def _check_same(answer):
    W1, m1, w2, m2 = _network_answer(answer)
    for x in itertools.product([0, 1], repeat=2):
        hidden = (np.round(W1 @ np.array(x), SIGNAL_DECIMALS) >= m1).astype(int)
        fires = bool(round(float(w2 @ hidden), SIGNAL_DECIMALS) >= m2)
        wanted = x[0] == x[1]
        if fires != wanted:
            raise Wrong(
                f"with {pattern('CD', x)} the hidden neurons give {hidden.tolist()} and the "
                f"output {'fires' if fires else 'stays quiet'}; 'C and D the same' should "
                f"{'fire' if wanted else 'stay quiet'} there."
            )


SAME_REFERENCE = ([[1, 1], [-1, -1]], [2, 0], [1, 1], 1)

EXERCISES = [
    Exercise(
        "2.1",
        "predict the activation map",
        """
        In the article's network (article_network()), the inputs B, C and D fire and A is quiet.
        Without running the network, which neurons of layer 2 (E, F, G) fire?
        Work it out from the weights table, then answer with a set such as {"E", "G"}
        (set() if none fires).
        """,
        _check_prediction,
        "For each of E, F and G, add the weights from the inputs that fire and compare the sum "
        "with the neuron's m (tables.weights_table(net.layers[0]) shows them). G also listens "
        "to E: work out E first.",
        reference={"F", "G"},
        explanation="E gets 1 (from B) < 2: quiet. F gets 1 + 1 (C, D) = 2: fires. G gets "
        "1 + 2 (C, D) and nothing from the quiet E: 3 >= 2, fires. "
        "Check: article_network().firing([0, 1, 1, 1]).",
    ),
    Exercise(
        "2.2",
        "a whole layer at once",
        """
        Write my_layer_fires(W, m, a): W holds one row of weights per neuron (one column per
        input), m one minimum signal strength per neuron, and a the layer's inputs: the
        activations of the layer before (0s and 1s). Return an array with 1 for each neuron
        that fires and 0 for each that does not.
        """,
        _check_layer,
        "W @ a gives every neuron's signal at once, one number per row of W. Compare the whole "
        "array with m, and turn True/False into 1/0 with .astype(int).",
        reference=layer_fires,
    ),
    Exercise(
        "2.3",
        "'the same' with two layers",
        """
        XOR fires when C and D differ. Its opposite fires when they are the same: both
        fire, or neither does (called XNOR). One neuron cannot compute it either; build it
        from two layers. Give a hidden layer of two threshold neurons and an output neuron
        as (W1, m1, w2, m2): W1 is 2x2 (a row per hidden neuron, columns C and D), m1 their
        two m's, w2 the output neuron's two weights and m2 its m.
        """,
        _check_same,
        "'The same' is 'both fire' OR 'neither fires'. Make one hidden neuron compute AND, "
        "the other 'neither' (negative weights, and an m that a signal of 0 reaches but -1 "
        "does not), and let the output neuron compute OR of the two.",
        reference=SAME_REFERENCE,
        explanation="Hidden: AND (weights 1, 1; m = 2) and NEITHER (weights -1, -1; m = 0). "
        "Output: OR (weights 1, 1; m = 1).",
    ),
]
