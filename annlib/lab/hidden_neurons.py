"""Inside a trained MLP: what every layer's neurons do for an input, which of them are
active, how much two sets of active neurons overlap, and the network with some neurons
knocked out.

The source article pictures a network as paths of active neurons: an image lights up some
neurons of layer 1, they light up some of layer 2, and so on. These are the measurements
that test that picture on a real network.

    A = activations(model, X)            # [A_1, ..., A_L]: one array (examples x neurons) per layer
    on = active(A[0], top=50)            # each example's 50 most active neurons of layer 1
    jaccard(on[0], on[1])                # how much two examples' active sets overlap (0 to 1)
    weaker = knocked_out(model, layer=2, neurons=[3, 17])   # a copy without those neurons
    overlap_by_digit([active(a, top=50) for a in A[:-1]], y)  # same digit against different
    strongest(model, X, layer=1, neuron=7, k=8)  # the examples that drive a neuron hardest
    by_digit(A[0], y)                    # each neuron's mean activation for each digit
    ranked(model, X, layer=1)            # the layer's neurons, most active on average first
    strongest_paths(model, x, n=3)       # chains of neurons that carry most to the answer
"""

from __future__ import annotations

import copy

import numpy as np
import pandas as pd

from .. import _validate
from .. import functions as F
from ..mlp import MLP


def _mlp(model, who: str = "this", hidden: bool = False) -> MLP:
    """``model`` if it is an MLP (with a hidden layer, if ``hidden``), else a clear error."""
    if not isinstance(model, MLP):
        raise TypeError(
            f"{who} looks inside an MLP, such as notebook 05's network "
            f"(annlib.lab.digit_reader.digit_reader()); got {type(model).__name__}."
        )
    if hidden and model.n_layers < 2:
        raise ValueError(f"{who} needs a network with at least one hidden layer.")
    return model


def activations(model: MLP, X) -> list[np.ndarray]:
    """Every layer's activations for the examples X: [A_1, ..., A_L], A_l of shape
    (examples, neurons of layer l); the last is the output. One example may be one row."""
    model = _mlp(model, "activations")
    X, _ = model.check_inputs(X)
    _, (_, A) = model.forward(X, keep=True)
    return list(A[1:])  # (each layer's own new array: no copies, no memory wasted)


def active(A, top=None, above=None) -> np.ndarray:
    """Which neurons count as active, one row of True/False per example (a row A of one
    layer's activations, or a 2-D array of them).

    top=k      each example's k most active neurons (ties broken by position)
    above=t    every neuron whose activation is above t (for ReLU, above=0: the ones that fire)

    Give one of the two.
    """
    A = _validate.numeric_array(A, "A (a layer's activations)")
    if A.ndim not in (1, 2) or A.size == 0:
        raise ValueError(
            "A must hold one layer's activations: one row per example, one column per neuron; "
            f"got an array of shape {A.shape}."
        )
    if (top is None) == (above is None):
        raise ValueError(
            "give either top=k (the k most active) or above=t (a threshold), not both."
        )
    rows = np.atleast_2d(A)
    if top is not None:
        top = _validate.whole_number(top, "top", minimum=1, example="50")
        if top > rows.shape[1]:
            raise ValueError(f"top={top}, but the layer has only {rows.shape[1]} neurons.")
        order = np.argsort(-rows, axis=1, kind="stable")[:, :top]
        mask = np.zeros(rows.shape, dtype=bool)
        np.put_along_axis(mask, order, True, axis=1)
    else:
        mask = rows > _validate.real_number(above, "above")
    return mask if A.ndim == 2 else mask[0]


def jaccard(a, b) -> float | np.ndarray:
    """The Jaccard index of two sets of active neurons (True/False masks of equal length, or
    rows of them): the neurons active in both, divided by those active in either. 1 means the
    same set, 0 no neuron in common; two empty sets count as the same (1)."""
    a, b = _mask(a), _mask(b)
    if a.shape != b.shape:
        raise ValueError(f"the two masks must have the same shape; got {a.shape} and {b.shape}.")
    both = np.sum(a & b, axis=-1)
    either = np.sum(a | b, axis=-1)
    result = np.where(either > 0, both / np.maximum(either, 1), 1.0)
    return float(result) if result.ndim == 0 else result


def _mask(m) -> np.ndarray:
    """A True/False mask of active neurons (or rows of them), else a clear error."""
    try:
        m = np.asarray(m)
    except ValueError:  # a ragged list
        m = np.empty(0, dtype=object)
    if m.dtype != bool or m.ndim == 0:
        raise TypeError("give True/False masks of active neurons, such as active(A, top=50).")
    return m


def knocked_out(model: MLP, layer: int, neurons) -> MLP:
    """A copy of ``model`` in which the given neurons of hidden layer ``layer`` (1 to L - 1)
    are knocked out: whatever they compute, nothing of it reaches the next layer (their
    outgoing weights are 0). It answers exactly as a network with those neurons removed."""
    model = _mlp(model, "knocked_out", hidden=True)
    layer = _hidden_layer(model, layer)
    chosen = _neurons(neurons, model.sizes[layer], layer)
    weaker = copy.deepcopy(model)
    weaker.params[f"W{layer + 1}"][:, chosen] = 0
    return weaker


def _neurons(neurons, n: int, layer: int) -> np.ndarray:
    """The positions of the chosen neurons of a layer of n: whole numbers from 0 to n - 1, or
    a True/False mask with one entry per neuron."""
    try:
        chosen = np.asarray(neurons)
    except ValueError:  # a ragged list
        chosen = np.array([None])
    if chosen.dtype == bool:  # a mask such as active(A, top=50)[0]: the neurons it marks
        if chosen.shape != (n,):
            raise ValueError(
                f"a True/False mask of neurons needs one entry per neuron of layer {layer} "
                f"({n}); got shape {chosen.shape}."
            )
        return np.flatnonzero(chosen)
    chosen = chosen.ravel() if chosen.size else np.array([], dtype=int)
    if chosen.size and not (
        np.issubdtype(chosen.dtype, np.integer) and chosen.min() >= 0 and chosen.max() < n
    ):
        raise ValueError(
            f"neurons must be whole numbers of neurons of layer {layer}, 0 to {n - 1} (or a "
            f"True/False mask); got {_validate._describe(neurons)}."
        )
    return chosen


def _pairs(y: np.ndarray, n: int, same: bool, rng) -> np.ndarray:
    """n random pairs (i, j), i != j, of examples with the same label (or different ones)."""
    by_label = {label: np.flatnonzero(y == label) for label in np.unique(y)}
    pairs = []
    while len(pairs) < n:
        i = int(rng.integers(len(y)))
        if same:
            others = by_label[y[i]][by_label[y[i]] != i]
        else:
            others = np.flatnonzero(y != y[i])
        if len(others):
            pairs.append((i, int(rng.choice(others))))
    return np.array(pairs)


def overlap_by_digit(masks, y, pairs: int = 1000, seed: int = 0) -> pd.DataFrame:
    """For each layer's active sets (``masks``: a list, one True/False array per layer, a
    row per example), the mean Jaccard overlap of ``pairs`` random pairs of examples of the
    same digit, and of ``pairs`` pairs of different digits. One row per layer (1, 2, ...)."""
    y = _labels(y, np.size(y))
    if not isinstance(masks, (list, tuple)):
        raise TypeError(
            "masks must be a list of True/False arrays, one per layer (for one layer: [mask]), "
            f"such as [active(a, top=50) for a in A[:-1]]; got {_validate._describe(masks)}."
        )
    masks = [_mask(m) for m in masks]
    if not masks or any(m.ndim != 2 or len(m) != len(y) for m in masks):
        raise ValueError(
            f"masks must be a list of True/False arrays, one per layer, each with one row per "
            f"example ({len(y)} rows, as many as labels), such as active(A, top=50)."
        )
    counts = np.unique(y, return_counts=True)[1]
    if len(counts) < 2 or counts.max() < 2:
        raise ValueError("give examples of at least two labels, and two of at least one label.")
    pairs = _validate.whole_number(pairs, "pairs", minimum=1, example="1000")
    rng = np.random.default_rng(_validate.whole_number(seed, "seed", minimum=0))
    same, different = _pairs(y, pairs, True, rng), _pairs(y, pairs, False, rng)
    rows = []
    for m in masks:
        rows.append(
            {
                "same digit": float(np.mean(jaccard(m[same[:, 0]], m[same[:, 1]]))),
                "different digits": float(np.mean(jaccard(m[different[:, 0]], m[different[:, 1]]))),
            }
        )
    return pd.DataFrame(rows, index=pd.Index(range(1, len(masks) + 1), name="layer"))


def strongest(model: MLP, X, layer: int, neuron: int, k: int = 8) -> np.ndarray:
    """The positions in X of the ``k`` examples that make neuron ``neuron`` of layer
    ``layer`` most active, the most active first (all of them, if X has fewer than k)."""
    model = _mlp(model, "strongest")
    layer = _validate.whole_number(layer, "layer", minimum=1, example="1")
    if layer > model.n_layers:
        raise ValueError(f"layer must be 1 to {model.n_layers}; got {layer}.")
    n = model.sizes[layer]
    neuron = _validate.whole_number(neuron, "neuron", minimum=0, example="0")
    if neuron >= n:
        raise ValueError(f"layer {layer} has neurons 0 to {n - 1}; got neuron {neuron}.")
    k = _validate.whole_number(k, "k", minimum=1, example="8")
    X, _ = model.check_inputs(X)
    if len(X) == 0:
        raise ValueError("strongest needs some examples to choose from; X is empty.")
    a = activations(model, X)[layer - 1][:, neuron]
    return np.argsort(-a, kind="stable")[:k]


def _hidden_layer(model: MLP, layer) -> int:
    last = model.n_layers - 1
    layer = _validate.whole_number(layer, "layer", minimum=1, example="1")
    if layer > last:
        where = "the output" if layer == model.n_layers else "not in this network"
        raise ValueError(f"layer must be a hidden layer, 1 to {last}; layer {layer} is {where}.")
    return layer


def _labels(y, n: int) -> np.ndarray:
    y = _validate.numeric_array(y, "y (the labels)").ravel()
    if len(y) != n or not np.all(np.isfinite(y)) or not np.all(y == np.round(y)):
        raise ValueError(
            f"y must hold one whole-number label per example ({n}), such as 0 to 9 for digits."
        )
    return y.astype(int)


def by_digit(A, y, classes=range(10)) -> np.ndarray:
    """Each neuron's mean activation over the examples of each class: an array (classes x
    neurons) from one layer's activations A (a row per example) and their labels y. A class
    with no examples gets NaN."""
    A = _validate.numeric_array(A, "A (a layer's activations)")
    if A.ndim != 2:
        raise ValueError(f"A must have one row per example; got an array of shape {A.shape}.")
    y = _labels(y, len(A))
    rows = []
    for c in _classes(classes):
        mine = A[y == c]
        rows.append(mine.mean(axis=0) if len(mine) else np.full(A.shape[1], np.nan))
    return np.array(rows).reshape(len(rows), A.shape[1])


def _classes(classes) -> list[int]:
    """The classes to average over, such as range(10), as a list of whole numbers."""
    if isinstance(classes, (str, bytes, set, dict)) or not hasattr(classes, "__iter__"):
        raise TypeError(
            f"classes must be a list of whole numbers such as range(10); got "
            f"{_validate._describe(classes)}."
        )
    return [_validate.whole_number(c, "each class", example="0 or 7") for c in classes]


def ranked(model: MLP, X, layer: int) -> np.ndarray:
    """The neurons of hidden layer ``layer``, the most active on average over X first."""
    model = _mlp(model, "ranked", hidden=True)
    layer = _hidden_layer(model, layer)
    X, _ = model.check_inputs(X)
    if len(X) == 0:
        raise ValueError("ranked needs some examples to average over; X is empty.")
    mean = activations(model, X)[layer - 1].mean(axis=0)
    return np.argsort(-mean, kind="stable")


def strongest_paths(model: MLP, x, n: int = 3) -> tuple[int, list[list[int]]]:
    """The answer for one example x, and up to ``n`` chains of neurons that carry most to it.

    Working back from the answer: the ``n`` neurons of the last hidden layer whose signals
    (activation x weight) add most to the answer's weighted input; for each, the neuron of
    the layer before whose signal adds most to it; and so on to layer 1. Each chain lists
    one neuron per hidden layer, layer 1 first; chains may share neurons. Only positive
    signals count: a chain runs through neurons that are on, each pushing the next one up,
    and a chain that cannot (a neuron on only through its bias) is left out, so there may be
    fewer than n, or none. The answer is the class model.predict gives; for a network with
    one yes/no output, the signals that count push that output toward the answer (up for
    1, down for 0).
    """
    model = _mlp(model, "strongest_paths", hidden=True)
    X, _ = model.check_inputs(x)
    if len(X) != 1:
        raise ValueError(f"strongest_paths follows one example; got {len(X)}.")
    n = _validate.whole_number(n, "n", minimum=1, example="3")
    A = activations(model, X)
    hidden = [a[0] for a in A[:-1]]
    answer = F.predicted_class(A[-1][0])
    L = model.n_layers
    if model.n_outputs == 1:  # a yes/no output: what pushes it up for yes, down for no
        signals = hidden[-1] * model.params[f"W{L}"][0] * (1 if answer else -1)
    else:  # what each neuron adds to the answer's weighted input
        signals = hidden[-1] * model.params[f"W{L}"][answer]
    chains = []
    for last in np.argsort(-signals, kind="stable")[:n]:
        if signals[last] <= 0:
            break
        chain = [int(last)]
        for l in range(L - 1, 1, -1):  # weights W_l carry layer l-1 into layer l
            into = hidden[l - 2] * model.params[f"W{l}"][chain[0]]
            best = int(np.argmax(into))
            if into[best] <= 0:
                break
            chain.insert(0, best)
        if len(chain) == L - 1:
            chains.append(chain)
    return answer, chains
