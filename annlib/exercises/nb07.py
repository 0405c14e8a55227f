"""Exercises of notebook 06: training well."""

from __future__ import annotations

import numpy as np

from .core import Exercise, Wrong, array, call, number


def early_stopping(val_losses, patience):
    """The epoch (1, 2, ...) whose weights early stopping keeps: the best validation loss
    so far when ``patience`` epochs in a row have not beaten it."""
    return _early_stopping(val_losses, patience, np.less)


def _early_stopping(val_losses, patience, beats):
    best, best_epoch, waited = np.inf, None, 0
    for epoch, loss in enumerate(val_losses, start=1):
        if beats(loss, best):
            best, best_epoch, waited = loss, epoch, 0
        else:
            waited += 1
            if waited >= patience:
                break
    return best_epoch


def _stopping_cases():
    """Validation losses that fall, then wander up with a later, lower dip after the stop."""
    yield [0.9, 0.7, 0.6, 0.65, 0.62, 0.7, 0.75, 0.5, 0.8], 3  # stops in epoch 6, keeps 3
    yield [1.0, 0.8, 0.81, 0.79, 0.85, 0.9, 0.95, 1.0], 2  # a new best (epoch 4) resets the wait
    yield [0.5, 0.6, 0.4, 0.45, 0.46, 0.47, 0.3], 3
    yield [0.5, 0.5, 0.5, 0.5, 0.4], 2  # an equal loss is no improvement
    rng = np.random.default_rng(61)
    for _ in range(20):
        curve = 1 / np.arange(1, 31) + 0.01 * np.arange(30) + rng.normal(0, 0.02, 30)
        patience = int(rng.integers(1, 6))
        if _stop_epoch(curve, patience) < len(curve):
            yield [round(float(v), 4) for v in curve], patience


def _stop_epoch(val_losses, patience):
    best, waited = np.inf, 0
    for epoch, loss in enumerate(val_losses, start=1):
        if loss < best:
            best, waited = loss, 0
        else:
            waited += 1
            if waited >= patience:
                return epoch
    return len(val_losses)


def _check_early_stopping(function):
    for losses, patience in _stopping_cases():  # (every one stops before its last epoch)
        got = call(function, list(losses), patience, returns="the epoch whose weights are kept")
        got = number(got, "the epoch")
        want = early_stopping(losses, patience)
        if got == want:
            continue
        shown = f"with patience {patience} and the validation losses {losses}"
        stop = _stop_epoch(losses, patience)
        if got == want - 1:
            raise Wrong(
                f"{shown}, yours says epoch {got:g}: count the epochs from 1, as the "
                f"learning curves do (Python's index {want - 1} is epoch {want})."
            )
        if got == _early_stopping(losses, patience, np.less_equal):
            raise Wrong(
                f"{shown}, yours says epoch {got:g}: a loss equal to the best so far does not "
                f"beat it, so it does not reset the wait. The answer is epoch {want}."
            )
        if got == int(np.argmin(losses)) + 1:
            raise Wrong(
                f"{shown}, yours is the epoch of the lowest loss in the whole list, {got:g}. "
                f"But training stops in epoch {stop}, when {patience} epochs in a row have not "
                "beaten the best so far; it never sees the losses after that."
            )
        if got == stop:
            raise Wrong(
                f"{shown}, training stops in epoch {stop}, but it keeps the weights of the "
                "best epoch before it, not the last."
            )
        raise Wrong(
            f"{shown}, training stops in epoch {stop} and keeps the weights of epoch "
            f"{want}; yours says {got:g}."
        )


def he_spread(n_in):
    """The standard deviation of He's starting weights for a layer with n_in inputs."""
    return np.sqrt(2 / n_in)


def _check_he(function):
    for n_in in [1, 2, 100, 784, 500]:
        got = number(call(function, n_in, returns="the spread"), f"the spread for {n_in} inputs")
        want = he_spread(n_in)
        if np.isclose(got, want, rtol=1e-6):
            continue
        if np.isclose(got, 2 / n_in, rtol=1e-6):
            raise Wrong(
                f"for {n_in} inputs you give {got:.4g}, which is 2/n_in: that is the variance "
                "(the spread squared). The spread is its square root."
            )
        if np.isclose(got, np.sqrt(1 / n_in), rtol=1e-6):
            raise Wrong(
                f"for {n_in} inputs you give {got:.4g} = √(1/n_in), LeCun's rule (annlib's "
                "default for sigmoid and tanh). A ReLU zeroes half its inputs, halving the mean "
                "square of the signal, so He doubles the variance: √(2/n_in)."
            )
        raise Wrong(f"for {n_in} inputs the spread is {want:.4g}; yours is {got:.4g}.")


def momentum_step(W, v, g, lr, mu):
    """One step of gradient descent with momentum: the new weights and the new velocity."""
    v = mu * v - lr * g
    return W + v, v


def _check_momentum(function):
    rng = np.random.default_rng(63)
    for _ in range(10):
        shape = (int(rng.integers(1, 4)), int(rng.integers(1, 4)))
        W, v, g = rng.normal(size=shape), rng.normal(size=shape), rng.normal(size=shape)
        lr, mu = float(rng.choice([0.01, 0.1, 0.5])), float(rng.choice([0.5, 0.9]))
        got = call(function, W, v, g, lr, mu, returns="the new W and the new v, as (W, v)")
        if not isinstance(got, (tuple, list)) or len(got) != 2:
            raise Wrong("return two things: (W, v), the new weights and the new velocity.")
        new_W = array(got[0], "the new W", shape)
        new_v = array(got[1], "the new v", shape)
        want_W, want_v = momentum_step(W, v, g, lr, mu)
        if np.allclose(new_W, want_W) and np.allclose(new_v, want_v):
            continue
        if np.allclose(new_W, W - lr * g):
            raise Wrong(
                "your W moves by −lr · g alone: that is plain gradient descent. With momentum "
                "the velocity comes first, v ← μ v − lr g, and W moves by the new v."
            )
        if np.allclose(new_W, W + v) and np.allclose(new_v, want_v):
            raise Wrong("your W moves by the old velocity; move it by the new one.")
        if np.allclose(new_v, mu * v + lr * g):
            raise Wrong("your velocity grows along the slope; it should go against it: − lr g.")
        if np.allclose(new_v, mu * v + g) and np.allclose(new_W, W - lr * new_v):
            raise Wrong(
                "that is right in another convention (PyTorch's: v sums the slopes, and W moves "
                "by −lr v). Here v is the step itself, as in section 7: v ← μ v − lr g, W ← W + v."
            )
        raise Wrong(
            f"with lr = {lr}, μ = {mu}: v ← μ v − lr g gives {np.round(want_v, 3).tolist()} and "
            f"W ← W + v gives {np.round(want_W, 3).tolist()}; yours are "
            f"{np.round(new_v, 3).tolist()} and {np.round(new_W, 3).tolist()}."
        )


def cross_entropy(P, y):
    """The mean over the examples of −log of the probability given to the right class."""
    P = np.asarray(P, dtype=float)
    return float(-np.mean(np.log(P[np.arange(len(y)), y])))


def _probabilities(rng, n, k):
    e = np.exp(rng.normal(size=(n, k)) * 2)
    return e / e.sum(axis=1, keepdims=True)


def _check_cross_entropy(function):
    rng = np.random.default_rng(64)
    for n, k in [(1, 3), (4, 10), (6, 5)]:
        P, y = _probabilities(rng, n, k), rng.integers(0, k, n)
        got = number(call(function, P, y, returns="the mean cross-entropy"), "the cross-entropy")
        want = cross_entropy(P, y)
        if np.isclose(got, want, rtol=1e-6):
            continue
        right = P[np.arange(n), y]
        if np.isclose(got, -want, rtol=1e-6):
            raise Wrong("yours is negative: the loss is −log p; log of a probability is ≤ 0.")
        if n > 1 and np.isclose(got, n * want, rtol=1e-6):
            raise Wrong(f"yours is the sum over the {n} examples; the loss is their mean.")
        if np.isclose(got, -np.mean(np.log(P)), rtol=1e-6) or np.isclose(
            got, -np.sum(np.log(P)) / n, rtol=1e-6
        ):
            raise Wrong(
                "you took the log of every probability; cross-entropy looks only at the one "
                "given to the right class, P[i, y[i]] for example i."
            )
        if np.isclose(got, np.mean(1 - right), rtol=1e-6):
            raise Wrong("take −log of the right class's probability, not 1 − it.")
        raise Wrong(
            f"for the probabilities {np.round(P, 3).tolist()} and right classes {y.tolist()} "
            f"the mean cross-entropy is {want:.4f}; yours is {got:.4f}."
        )


EXERCISES = [
    Exercise(
        "6.1",
        "the epoch early stopping keeps",
        """
        Write my_early_stopping(val_losses, patience): val_losses lists the validation loss
        after epochs 1, 2, 3, ... of a long run. Early stopping stops the run when `patience`
        epochs in a row have not beaten the lowest loss so far (an equal loss does not beat
        it), and keeps the weights of the epoch with that lowest loss. Return that epoch's
        number, counting from 1. (Every list given stops before its end.)
        """,
        _check_early_stopping,
        "Walk through the losses with a running best and a counter of epochs without a new "
        "best; reset the counter when a loss beats the best, and stop when it reaches patience.",
        reference=early_stopping,
    ),
    Exercise(
        "6.2",
        "He's starting weights",
        """
        Write my_he_spread(n_in): the standard deviation (spread) that He's rule gives the
        starting weights of a ReLU layer with n_in inputs.
        """,
        _check_he,
        "He's rule gives the weights the variance 2 / n_in, so that the signal keeps its size "
        "through a ReLU layer. The spread is the square root of the variance.",
        reference=he_spread,
    ),
    Exercise(
        "6.3",
        "the momentum update",
        """
        Write my_momentum_step(W, v, g, lr, mu): one step of gradient descent with momentum,
        for weights W, velocity v and gradient g (arrays of one shape), learning rate lr and
        momentum mu. As in section 7, v is the step itself: the weights move by the new v.
        Return the new weights and the new velocity, as (W, v).
        """,
        _check_momentum,
        "First the velocity: keep mu of it and add the step against the slope, mu * v - lr * g. "
        "Then move the weights by the new velocity.",
        reference=momentum_step,
    ),
    Exercise(
        "6.4",
        "cross-entropy by hand",
        """
        Write my_cross_entropy(P, y): P holds one row of probabilities per example (each row
        adds up to 1), y the right class of each example (0, 1, ...). Return the mean over the
        examples of −log(the probability given to the right class).
        """,
        _check_cross_entropy,
        "P[np.arange(len(y)), y] picks, in each row i, the probability of the class y[i]. "
        "Then take -np.log of those and their mean.",
        reference=cross_entropy,
    ),
]
