"""Exercises of notebook 05: reading MNIST digits."""

from __future__ import annotations

import copy

import numpy as np

from ..mlp import MLP
from .core import Exercise, Wrong, array, call


def softmax(z):
    """Each row of scores z turned into probabilities, safe for large scores."""
    z = z - z.max(axis=1, keepdims=True)  # the same probabilities, and exp() cannot overflow
    e = np.exp(z)
    return e / e.sum(axis=1, keepdims=True)


def _check_softmax(function):
    rng = np.random.default_rng(7)
    cases = [
        rng.normal(size=(4, 10)),
        rng.normal(size=(3, 3)) * 5,
        np.array([[1000.0, 0.0, -1000.0], [0.0, 0.0, 0.0]]),
    ]
    for z in cases:
        with np.errstate(all="ignore"):
            got = call(function, z.copy(), returns="the probabilities")
        got = array(got, "the result")
        if got.shape != z.shape:
            raise Wrong(
                f"for scores of shape {z.shape} (a row per example) return probabilities "
                f"of the same shape; yours has shape {got.shape}."
            )
        if not np.all(np.isfinite(got)):
            raise Wrong(
                f"for the scores {z.tolist()} your softmax gives {got.tolist()}: e^1000 "
                "overflows. Subtract each row's largest score first: the probabilities "
                "stay the same and exp() stays small."
            )
        if not np.allclose(got.sum(axis=1), 1):
            raise Wrong(
                "each row (one example's scores) should add up to 1; yours do not. "
                "Normalise along the rows: sum(axis=1, keepdims=True)."
            )
        if not np.allclose(got, softmax(z), atol=1e-9):
            raise Wrong(
                f"for the scores {np.round(z[0], 3).tolist()} the probabilities are "
                f"{np.round(softmax(z)[0], 4).tolist()}; yours are {np.round(got[0], 4).tolist()}."
            )


def one_epoch(model, X, Y, batch_size, lr, rng):
    """One epoch of minibatch gradient descent: shuffle with rng, then one step per batch."""
    order = rng.permutation(len(X))
    for start in range(0, len(X), batch_size):
        batch = order[start : start + batch_size]
        _, cache = model.forward(X[batch], keep=True)
        grads = model.backward(cache, Y[batch])
        for name in model.params:
            model.params[name] -= lr * grads[name]
    return model


def _epoch_problem():
    """A small network and 10 examples: batches of 4 leave a last batch of 2."""
    rng = np.random.default_rng(53)
    X = rng.normal(size=(10, 4))
    Y = np.eye(3)[rng.integers(0, 3, 10)]
    return (
        MLP([4, 5, 3], activation="sigmoid", output="softmax", loss="cross_entropy", seed=1),
        X,
        Y,
    )


def _slips(model, X, Y, batch_size, lr, seed):
    """What the classic slips give (name: the weights after the epoch), to explain a mismatch."""

    def run(order, sign=-1, last_batch=True, names=None, unshuffled_labels=False, end=None):
        net = copy.deepcopy(model)
        for start in range(0, end or len(X), batch_size):
            batch = order[start : start + batch_size]
            if not last_batch and len(batch) < batch_size:
                break
            labels = Y[start : start + len(batch)] if unshuffled_labels else Y[batch]
            _, cache = net.forward(X[batch], keep=True)
            grads = net.backward(cache, labels)
            for name in names or net.params:
                net.params[name] += sign * lr * grads[name]
        return net.params

    order = np.random.default_rng(seed).permutation(len(X))
    return {
        "no shuffle": run(np.arange(len(X))),
        "uphill": run(order, sign=+1),
        "last batch dropped": run(order, last_batch=False),
        "weights only": run(order, names=model.weight_names),
        "labels not shuffled": run(order, unshuffled_labels=True),
        "one batch": run(order, end=batch_size),
    }


def _same(params, other) -> bool:
    return all(np.allclose(params[name], other[name], rtol=1e-6, atol=1e-9) for name in params)


def _check_one_epoch(function):
    model, X, Y = _epoch_problem()
    batch_size, lr, seed = 4, 0.5, 5
    expected = one_epoch(copy.deepcopy(model), X, Y, batch_size, lr, np.random.default_rng(seed))
    args = (X, Y, batch_size, lr)
    got = call(function, model, *args, np.random.default_rng(seed), returns="the trained model")
    if not hasattr(got, "params"):
        raise Wrong(f"return the model you trained (it has .params); got {type(got).__name__}.")
    if _same(got.params, model.params):
        raise Wrong(
            "the weights did not change: update each one with "
            "model.params[name] -= lr * grads[name] after every batch's backward pass."
        )
    again = call(function, model, *args, np.random.default_rng(seed), returns="the model")
    if not _same(again.params, got.params):
        raise Wrong(
            "two runs with the same rng gave different weights: shuffle with the rng "
            "you are given (rng.permutation), not np.random, so every run can be repeated."
        )
    if _same(got.params, expected.params):
        return
    slips = _slips(model, X, Y, batch_size, lr, seed)
    explanations = {
        "no shuffle": "you took the examples in their stored order; shuffle them first, once "
        "per epoch, with order = rng.permutation(len(X)).",
        "uphill": "your steps go uphill: gradient descent subtracts, "
        "params[name] -= lr * grads[name].",
        "last batch dropped": "10 examples in batches of 4 leave a last batch of 2, and yours "
        "skipped it; range(0, len(X), batch_size) with order[start:start + batch_size] keeps it.",
        "weights only": "only the weights W changed: the biases b learn too; update every "
        "entry of model.params.",
        "labels not shuffled": "the examples were shuffled but their wanted outputs were not, "
        "so each batch learned the wrong answers: take Y[batch] with the same rows as X[batch].",
        "one batch": "only the first batch made a step; loop over all of them, "
        "for start in range(0, len(X), batch_size).",
    }
    for slip, message in explanations.items():
        if _same(got.params, slips[slip]):
            raise Wrong(message)
    raise Wrong(
        "after the epoch your weights differ from one epoch of minibatch gradient descent. "
        "Check that each batch takes the same rows of X and Y (X[batch], Y[batch]), and that "
        "each step uses that batch's own gradients."
    )


EXERCISES = [
    Exercise(
        "5.1",
        "a softmax that never overflows",
        """
        Write my_softmax(z) for a 2-D array of scores, one row per example: e^z in each row,
        divided by the row's sum. It must also work for scores such as 1000, where
        e^1000 overflows.
        """,
        _check_softmax,
        "softmax(z) equals softmax(z − c) for any number c added to a whole row. Choose c as "
        "the row's largest score, z.max(axis=1, keepdims=True).",
        reference=softmax,
    ),
    Exercise(
        "5.2",
        "one epoch of training",
        """
        Write my_one_epoch(model, X, Y, batch_size, lr, rng), the heart of fit: shuffle the
        examples with rng, then for each minibatch of batch_size rows (the last may be
        smaller) run model.forward(X_batch, keep=True), model.backward(cache, Y_batch) and
        one step of gradient descent on every entry of model.params. Return the model.
        """,
        _check_one_epoch,
        "order = rng.permutation(len(X)) shuffles; for start in range(0, len(X), batch_size), "
        "batch = order[start:start + batch_size] picks the rows. backward returns a dict with "
        "a gradient for every name in model.params.",
        reference=one_epoch,
    ),
]
