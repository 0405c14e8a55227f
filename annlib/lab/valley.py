"""One weight's error valley, and gradient descent along it (notebook 03).

A neuron a = f(w . x - m) is scored on examples (X, y) by the sum of squared
errors, SSE = sum (a - y)^2. Hold every weight still but one, and the SSE
becomes a curve over that one weight: its valley. For a sigmoid neuron the
valley is smooth, and gradient descent walks down it against the slope:

    w <- w - lr * dSSE/dw,    dSSE/dw = sum 2 (a - y) a (1 - a) x

(the chain rule, worked out in notebook 04).

With two weights free, the SSE is a surface over them, and the slopes along
each weight, the others held still, make one arrow: the gradient. It points
uphill, and gradient descent steps against it (sse_gradient, sse_surface,
descent_path_all).

These are numbers, not pictures: they live here, beside the activations of
annlib.functions, and not in annlib.plots, so that the exercises can check
answers with them without loading matplotlib. They are a study of one weight
(and then two) in notebook 03, not part of the network's maths, so they have a
module of their own rather than a place in functions.py. annlib.plots.valleys
draws them; annlib.widgets.descent puts them on sliders.
"""

from __future__ import annotations

import numpy as np

from .. import _validate
from ..functions import sigmoid


def _one_weight(X, y, weights, index):
    X, y = np.asarray(X, float), np.asarray(y, float)
    w = np.asarray(weights, float)
    index = _validate.whole_number(
        index,
        "index (which weight moves)",
        minimum=0,
        maximum=w.size - 1,
        example="0 for the first weight",
    )
    return X, y, w, index


def sse_along_weight(X, y, weights, m, index, values, f):
    """SSE of the neuron a = f(w . x - m) on (X, y) as weights[index] takes each of ``values``."""
    X, y, w, index = _one_weight(X, y, weights, index)
    values = np.asarray(values, float)
    W = np.tile(w, (values.size, 1))
    W[:, index] = values
    a = f(X @ W.T - m)  # one column per value of the weight
    return np.sum((a - y[:, np.newaxis]) ** 2, axis=0)


def _slope(X, y, w, m, index):
    a = sigmoid(X @ w - m)
    return np.sum(2 * (a - y) * a * (1 - a) * X[:, index])


def sse_slope(X, y, weights, m, index, value) -> float:
    """dSSE/dw of the sigmoid neuron, for weights[index] = value: sum 2 (a - y) a (1 - a) x.

    Negative: the SSE falls as the weight grows (go right); positive: go left.
    """
    X, y, w, index = _one_weight(X, y, weights, index)
    w = w.copy()
    w[index] = value
    return float(_slope(X, y, w, m, index))


def descent_path(X, y, weights, m, index, start, lr, steps):
    """Gradient descent on one weight of a sigmoid neuron under SSE.

    Each step moves the weight against the slope: w <- w - lr * dSSE/dw.
    Returns the weight after each step (the start first).
    """
    X, y, w, index = _one_weight(X, y, weights, index)
    steps = _validate.whole_number(steps, "steps", minimum=0, example="20")
    w = w.copy()
    w[index] = start
    path = [start]
    for _ in range(steps):
        w[index] -= lr * _slope(X, y, w, m, index)
        path.append(float(w[index]))
    return np.array(path)


# ---- two weights and more: the gradient ------------------------------------------------


def _gradient(X, y, w, m):
    a = sigmoid(X @ w - m)
    return (2 * (a - y) * a * (1 - a)) @ X  # one slope per weight: sum 2 (a - y) a (1 - a) x_i


def sse_gradient(X, y, weights, m) -> np.ndarray:
    """The gradient of the sigmoid neuron's SSE: dSSE/dw_i for every weight, one array.

    Entry i is the slope along weight i with the others held still (sse_slope's):
    sum 2 (a - y) a (1 - a) x_i. The arrow points where the SSE rises fastest.
    """
    X, y = np.asarray(X, float), np.asarray(y, float)
    w = _validate.weight_vector(weights)
    return _gradient(X, y, w, m)


def _two_indices(indices, n):
    if isinstance(indices, (str, bytes)) or np.ndim(indices) != 1 or len(indices) != 2:
        raise ValueError(
            f"indices must name the two weights that move, such as (0, 1); got {indices!r}."
        )
    name = "indices (which two weights move)"
    i, j = (_validate.whole_number(k, name, minimum=0, maximum=n - 1) for k in indices)
    if i == j:
        raise ValueError(f"indices must name two different weights, such as (0, 1); got {indices}.")
    return i, j


def sse_surface(X, y, weights, m, indices, values_a, values_b) -> np.ndarray:
    """SSE of the sigmoid neuron as weights[indices[0]] takes each of ``values_a`` and
    weights[indices[1]] each of ``values_b`` (the others held still).

    One row per value of b, one column per value of a, as np.meshgrid(values_a, values_b).
    """
    X, y = np.asarray(X, float), np.asarray(y, float)
    w = _validate.weight_vector(weights)
    i, j = _two_indices(indices, w.size)
    A, B = np.meshgrid(np.asarray(values_a, float), np.asarray(values_b, float))
    W = np.broadcast_to(w, (*A.shape, w.size)).copy()
    W[..., i], W[..., j] = A, B
    a = sigmoid(W @ X.T - m)  # the answers: one per grid point and example
    return np.sum((a - y) ** 2, axis=-1)


def descent_path_all(X, y, weights, m, lr, steps) -> np.ndarray:
    """Gradient descent on every weight at once: w <- w - lr * gradient.

    Returns the weights after each step (the start first): one row per step.
    """
    X, y = np.asarray(X, float), np.asarray(y, float)
    w = _validate.weight_vector(weights).copy()
    steps = _validate.whole_number(steps, "steps", minimum=0, example="20")
    path = [w.copy()]
    for _ in range(steps):
        w -= lr * _gradient(X, y, w, m)
        path.append(w.copy())
    return np.array(path)
