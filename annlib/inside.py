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
"""

from __future__ import annotations

import copy

import numpy as np

from . import _validate
from .mlp import MLP


def _mlp(model) -> MLP:
    if not isinstance(model, MLP):
        raise TypeError(f"this looks inside an MLP; got {type(model).__name__}.")
    return model


def activations(model: MLP, X) -> list[np.ndarray]:
    """Every layer's activations for the examples X: [A_1, ..., A_L], A_l of shape
    (examples, neurons of layer l); the last is the output. One example may be one row."""
    model = _mlp(model)
    X, _ = model.check_inputs(X)
    _, (_, A) = model.forward(X, keep=True)
    return [np.array(a) for a in A[1:]]  # (copies: ReLU's A is written over Z)


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
    a, b = np.asarray(a), np.asarray(b)
    if a.dtype != bool or b.dtype != bool:
        raise TypeError("give True/False masks of active neurons, such as active(A, top=50).")
    if a.shape != b.shape:
        raise ValueError(f"the two masks must have the same shape; got {a.shape} and {b.shape}.")
    both = np.sum(a & b, axis=-1)
    either = np.sum(a | b, axis=-1)
    result = np.where(either > 0, both / np.maximum(either, 1), 1.0)
    return float(result) if result.ndim == 0 else result


def knocked_out(model: MLP, layer: int, neurons) -> MLP:
    """A copy of ``model`` in which the given neurons of hidden layer ``layer`` (1 to L - 1)
    are knocked out: whatever they compute, nothing of it reaches the next layer (their
    outgoing weights are 0). It answers exactly as a network with those neurons removed."""
    model = _mlp(model)
    last = model.n_layers - 1
    layer = _validate.whole_number(layer, "layer", minimum=1, example="1")
    if layer > last:
        raise ValueError(
            f"layer must be a hidden layer, 1 to {last}; layer {layer} is "
            + ("the output." if layer == model.n_layers else "not in this network.")
        )
    n = model.sizes[layer]
    chosen = np.asarray(neurons).ravel() if np.size(neurons) else np.array([], dtype=int)
    if chosen.size and not (
        np.issubdtype(chosen.dtype, np.integer) and chosen.min() >= 0 and chosen.max() < n
    ):
        raise ValueError(
            f"neurons must be numbers of neurons of layer {layer}, 0 to {n - 1}; "
            f"got {list(np.asarray(neurons).ravel())[:10]}."
        )
    weaker = copy.deepcopy(model)
    weaker.params[f"W{layer + 1}"][:, chosen] = 0
    return weaker
