"""Exercises of notebook 07: training well."""

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


def dropout(a, p, rng):
    """Inverted dropout in training: each activation switched off (0) with probability p,
    the others divided by 1 - p, so that the mean activation stays what it is without."""
    kept = rng.random(a.shape) >= p  # a fresh draw for every example and neuron
    return a * kept / (1 - p)


def _check_dropout(function):
    p = 0.3
    a = np.random.default_rng(71).uniform(0.5, 2.0, size=(200, 500))  # no activation is 0
    got = array(
        call(function, a, p, np.random.default_rng(8), returns="the activations after dropout"),
        "the activations after dropout",
    )
    if got.shape != a.shape:
        raise Wrong(
            f"return an array of the same shape as a, {a.shape} (one row per example); yours "
            f"has shape {got.shape}."
        )
    if not np.all(np.isfinite(got)):
        raise Wrong("some of your activations are not finite numbers (nan or inf).")
    again = array(call(function, a, p, np.random.default_rng(8), returns="the activations"), "")
    if not np.array_equal(again, got):
        raise Wrong(
            "two calls with the same rng gave different masks: draw with the rng you are "
            "given (rng.random), not np.random, so that training can be repeated."
        )
    off = got == 0
    share = off.mean()
    if share == 0:
        raise Wrong("no activation was switched off: set each one to 0 with probability p.")
    if abs(share - (1 - p)) < 0.02:
        raise Wrong(
            f"you switched off {share:.0%} of the activations with p = {p}: p is the share "
            "switched off, so keep an activation where rng.random(a.shape) >= p."
        )
    if abs(share - p) > 0.02:
        raise Wrong(f"with p = {p} about {p:.0%} should be switched off; yours: {share:.1%}.")
    if (off == off[:, :1]).all():
        raise Wrong(
            "each example lost all its neurons or none: draw one number per activation, "
            "rng.random(a.shape)."
        )
    if (off == off[0]).all():
        raise Wrong(
            "every example lost the same neurons: draw a fresh mask for every example, "
            "rng.random(a.shape), not rng.random(a.shape[1])."
        )
    scale = got[~off] / a[~off]
    for factor, message in [
        (
            1.0,
            "the activations you kept are unchanged, so the layer's output is on average "
            f"{1 - p:.0%} of what it is without dropout, and the next layer sees smaller inputs "
            "in training than when it predicts. Divide the kept ones by 1 - p.",
        ),
        (1 / p, "divide the kept activations by 1 - p, the share kept, not by p."),
        (1 - p, "divide the kept activations by 1 - p; you multiplied."),
    ]:
        if np.allclose(scale, factor):
            raise Wrong(message)
    if not np.allclose(scale, 1 / (1 - p)):
        if np.allclose(scale, scale[0]):
            raise Wrong(
                f"your kept activations were multiplied by {scale[0]:.4f}, not by "
                f"1 / (1 - p) = {1 / (1 - p):.4f}: divide by 1 - p itself, not by the share "
                "your mask happened to keep."
            )
        raise Wrong(
            f"each kept activation should be divided by 1 - p = {1 - p:g}; yours were "
            f"multiplied by factors from {scale.min():.4g} to {scale.max():.4g}."
        )
    none = array(call(function, a, 0.0, np.random.default_rng(8), returns="the activations"), "")
    if not np.allclose(none, a):
        raise Wrong("with p = 0 nothing is switched off, so a must come back unchanged.")


EXERCISES = [
    Exercise(
        "7.1",
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
        "7.2",
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
        "7.3",
        "dropout's forward pass",
        """
        Write my_dropout(a, p, rng): the activations a of a hidden layer (one row per
        example) as dropout changes them in a training step. Each activation is switched
        off (set to 0) with probability p, drawn afresh for every example and neuron with
        the random generator rng, and the others are divided by 1 − p ("inverted dropout").
        Return the new array.
        """,
        _check_dropout,
        "rng.random(a.shape) gives a uniform number between 0 and 1 for every activation; "
        "those at least p mark the neurons kept. Multiply a by that mask (True counts as 1) "
        "and divide by 1 − p.",
        reference=dropout,
        explanation=(
            "Dividing the kept activations by 1 − p keeps each one's mean what it was: it is\n"
            "a / (1 − p) with probability 1 − p and 0 otherwise, so on average a. The next\n"
            "layer then sees inputs of the same size in training as when the network predicts\n"
            "with every neuron and no scaling, which is what DropoutMLP does."
        ),
    ),
]
