"""Exercises of notebook 10: neurons at work."""

from __future__ import annotations

import copy

import numpy as np

from .core import Exercise, Wrong, call, number
from .nb04 import _own_forward

# ---- 10.1 the neuron most active for a digit ---------------------------------------------


def favourite_neuron(A, y, digit):
    """The neuron (column of A) whose mean activation over the examples of ``digit`` is
    highest."""
    return int(np.argmax(A[y == digit].mean(axis=0)))


def _favourite_cases():
    """Activations and labels where the favourite of a digit is not the favourite of all the
    digits, nor of the digit's first example."""
    rng = np.random.default_rng(71)
    found = 0
    while found < 6:
        A = np.maximum(0, rng.normal(0, 1, (40, 12))).round(3)
        y = rng.permutation(np.arange(40) % 10)
        digit = int(rng.integers(10))
        want = favourite_neuron(A, y, digit)
        first = int(np.argmax(A[np.flatnonzero(y == digit)[0]]))
        if want != int(np.argmax(A.mean(axis=0))) and want != first:
            found += 1
            yield A, y, digit


def _check_favourite(function):
    for A, y, digit in _favourite_cases():
        got = call(function, A, y, digit, returns="the neuron's number")
        value = number(got, "the neuron")
        want = favourite_neuron(A, y, digit)
        if value == want:
            continue
        means = A[y == digit].mean(axis=0)
        if value != int(value) or not 0 <= value < A.shape[1]:
            raise Wrong(
                f"yours returned {value:g}: return the neuron's number, a column of A from 0 "
                f"to {A.shape[1] - 1}, not its activation (here the answer is {want}, whose "
                f"mean activation is {means[want]:.3f})."
            )
        value = int(value)
        if value == int(np.argmax(A.mean(axis=0))):
            raise Wrong(
                f"yours gives neuron {value}, the most active over all the digits. Average only "
                f"over the examples of the digit {digit}, the rows A[y == {digit}]: that gives "
                f"neuron {want}."
            )
        if value == int(np.argmax(A[np.flatnonzero(y == digit)[0]])):
            raise Wrong(
                f"yours gives neuron {value}, the most active for one example of the digit "
                f"{digit}. Take the mean over all of its examples: that gives neuron {want}."
            )
        raise Wrong(
            f"for the digit {digit}, neuron {want} has the highest mean activation "
            f"({means[want]:.3f}); yours gives neuron {value} ({means[value]:.3f})."
        )


# ---- 10.2 knocking neurons out ----------------------------------------------------------


def knock_out(model, layer, neurons):
    """A copy of the model in which the given neurons of hidden layer ``layer`` send nothing:
    the weights out of them, columns of W{layer + 1}, are set to 0."""
    weaker = copy.deepcopy(model)
    weaker.params[f"W{layer + 1}"][:, neurons] = 0
    return weaker


def _knock_cases():
    from ..mlp import MLP

    rng = np.random.default_rng(73)
    X = rng.random((12, 6))
    for activation, layer, neurons in (
        ("relu", 1, [0, 3]),
        ("sigmoid", 2, [1, 2]),
        ("relu", 2, [4]),
    ):
        model = MLP([6, 5, 5, 3], activation=activation, seed=7, dtype="float64")
        for l in (1, 2, 3):  # biases that are not 0, as in a trained network
            model.params[f"b{l}"][:] = rng.normal(0, 0.5, model.params[f"b{l}"].shape)
        yield model, layer, neurons, X


def _without(model, layer, neurons, *, into=False, bias=False, rows=False, own=False):
    """Plausible slips: the weights into the neurons (with or without their biases), rows
    instead of columns of the next matrix, or the layer's own matrix."""
    wrong = copy.deepcopy(model)
    p = wrong.params
    if into:
        p[f"W{layer}"][neurons, :] = 0
        if bias:
            p[f"b{layer}"][neurons] = 0
    elif rows:
        p[f"W{layer + 1}"][np.asarray(neurons) % p[f"W{layer + 1}"].shape[0], :] = 0
    elif own:
        p[f"W{layer}"][:, neurons] = 0
    return wrong


def _check_knock_out(function):
    from ..mlp import MLP

    for model, layer, neurons, X in _knock_cases():
        before = model.predict_proba(X)
        got = call(function, model, layer, list(neurons), returns="the network without them")
        if not isinstance(got, MLP):
            raise Wrong(
                f"return a network (an MLP: a copy of the model with the neurons knocked out); "
                f"got {type(got).__name__}."
            )
        answers = _own_forward(got, X)  # its weights judged by annlib, not by its methods
        want = knock_out(model, layer, neurons).predict_proba(X)
        if np.allclose(answers, want):
            probe = copy.deepcopy(model)  # call() hands the function copies; this one is watched
            call(function, probe, layer, list(neurons), copies=False)
            if not np.allclose(probe.predict_proba(X), before):
                raise Wrong(
                    "your function changed the model it was given (in the notebook, that would "
                    "knock the neurons out of your trained network for good): change a copy, "
                    "made with copy.deepcopy(model)."
                )
            continue
        where = f"knocking out neurons {neurons} of layer {layer} ({model.activation.name})"
        out = f"the columns W{layer + 1}[:, neurons]"
        slips = [
            (
                dict(into=True, bias=True),
                f"{where}: you zeroed the weights and the biases into them. A neuron with "
                "nothing coming in still sends f(0) to the next layer (0.5 for a sigmoid). "
                f"Knock it out where it sends: {out}.",
            ),
            (
                dict(into=True),
                f"{where}: you zeroed the weights into them, but each keeps its bias and still "
                f"sends f(b) to the next layer. Zero the weights out of them instead: {out}.",
            ),
            (
                dict(rows=True),
                f"{where}: you zeroed rows of W{layer + 1}. Its rows are the neurons of layer "
                f"{layer + 1}, its columns those of layer {layer}: zero {out}.",
            ),
            (
                dict(own=True),
                f"{where}: you zeroed columns of W{layer}, which carries layer {layer - 1} into "
                f"layer {layer}. The weights out of layer {layer} are in W{layer + 1}.",
            ),
        ]
        for slip, message in slips:
            if np.allclose(answers, _without(model, layer, neurons, **slip).predict_proba(X)):
                raise Wrong(message)
        raise Wrong(
            f"{where}, your network's answers differ from a network without those neurons "
            f"(largest difference in a probability: {np.abs(answers - want).max():.3g})."
        )


EXERCISES = [
    Exercise(
        "10.1",
        "the neuron most active for a digit",
        """
        Write my_favourite_neuron(A, y, digit): A holds one layer's activations, one row per
        example and one column per neuron, and y the examples' labels. Return the index of
        the neuron (its column number in A) whose mean activation over the examples of
        `digit` is the highest.
        """,
        _check_favourite,
        "A[y == digit] keeps the rows of that digit; .mean(axis=0) averages each column "
        "(each neuron); np.argmax gives the position of the largest.",
        reference=favourite_neuron,
    ),
    Exercise(
        "10.2",
        "knocking neurons out",
        """
        Write my_knock_out(model, layer, neurons): return a copy of the MLP `model` (use
        copy.deepcopy) in which the neurons numbered `neurons` of hidden layer `layer` send
        nothing to the next layer, whatever they compute. The model's weights are in
        model.params: "W1", "b1", "W2", ... where W{l} has one row per neuron of layer l and
        one column per neuron of layer l - 1. Leave the model you are given unchanged. (It is
        checked on ReLU and sigmoid networks whose biases are not 0.)
        """,
        _check_knock_out,
        "A neuron of layer l reaches layer l + 1 only through the weights out of it: which "
        "matrix holds them, and is a neuron of layer l a row or a column of it?",
        reference=knock_out,
    ),
]
