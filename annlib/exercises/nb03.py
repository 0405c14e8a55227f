"""Exercises of notebook 03: measuring the error, smooth neurons, gradient descent."""

from __future__ import annotations

import math

import numpy as np

from ..functions import sigmoid
from ..lab.valley import descent_path
from .core import Exercise, Wrong, array, call, number

OUTPUTS = np.array([0.8, 0.3, 0.6])
TARGETS = np.array([1.0, 0.0, 1.0])


def _check_sse(answer):
    value = number(answer, "the SSE")
    errors = OUTPUTS - TARGETS
    right = float(np.sum(errors**2))
    if math.isclose(value, right, abs_tol=1e-6):
        return
    for wrong, why in [
        (
            float(np.sum(errors)),
            (
                "that is the sum of the errors: square each error before "
                "adding, or errors of opposite sign cancel out"
            ),
        ),
        (
            float(np.sum(np.abs(errors))),
            "that is the sum of the sizes of the errors; the SSE squares them",
        ),
        (right / len(errors), "that is the mean of the squared errors; the SSE is their sum"),
        (right / 2, "that is half the SSE; in this course the SSE has no factor 1/2"),
        (
            float(np.sum(errors)) ** 2,
            "you squared the sum of the errors; square each error, then add",
        ),
    ]:
        if math.isclose(value, wrong, abs_tol=1e-6):
            raise Wrong(f"{value:g}: {why}.")
    raise Wrong(
        f"{value:g} is not the SSE of these outputs. Write out each error "
        "(output − target), square it, and add the three squares."
    )


def sigmoid_prime(z):
    """The slope of the sigmoid: σ'(z) = σ(z) (1 − σ(z))."""
    s = 1 / (1 + np.exp(-z))
    return s * (1 - s)


def _check_sigmoid_prime(function):
    z = np.linspace(-8, 8, 33)
    got = array(call(function, z.copy(), returns="the slopes"), "the result")
    if got.shape != z.shape:
        raise Wrong(
            f"given an array of {z.size} values of z, it should return {z.size} slopes, "
            f"one per z; yours returned shape {got.shape}. Use np.exp (not math.exp)."
        )
    expected = sigmoid(z) * (1 - sigmoid(z))
    bad = np.flatnonzero(~np.isclose(got, expected, rtol=1e-6, atol=1e-9))
    if bad.size:
        i = int(bad[0]) if 16 not in bad else 16  # z = 0 first: the easiest value to check by hand
        hint = ""
        if np.allclose(got, sigmoid(z)):
            hint = " That is σ(z) itself, not its slope."
        elif np.allclose(got, sigmoid(z) * (1 + sigmoid(z))):
            hint = " Check the sign: it is 1 − σ(z), not 1 + σ(z)."
        raise Wrong(
            f"at z = {z[i]:g} the slope of the sigmoid is {expected[i]:.4g}, yours gives "
            f"{got[i]:.4g}.{hint}"
        )


X_AND = np.array([[0, 0], [0, 1], [1, 0], [1, 1]], float)
Y_AND = np.array([0, 0, 0, 1], float)
VALLEY = {
    "X": X_AND,
    "y": Y_AND,
    "weights": [1.0, 1.0],
    "m": 1.5,
    "index": 0,
    "start": 3.0,
    "steps": 20,
}
BOTTOM = 1.0  # where the SSE valley of w_C is lowest (a dense grid puts it at 1.000)
BOLD = 5.0  # exercise 3.3 asks for a rate near the edge: from 5 up to about 5.9 settle


def _check_learning_rate(answer):
    lr = number(answer, "the learning rate")
    if lr <= 0:
        raise Wrong(f"a learning rate of {lr:g} does not step downhill: it must be positive.")
    path = descent_path(**VALLEY, lr=lr)
    last = path[-3:]
    if np.all(np.abs(last - BOTTOM) < 0.02):
        if lr < BOLD:
            raise Wrong(
                f"lr = {lr:g} settles at the bottom, as section 5's 3 does. Bolder: find a rate "
                f"of at least {BOLD:g} that still settles, just below where the bouncing starts."
            )
        return
    if not np.all(np.isfinite(path)) or np.abs(path).max() > 10:
        raise Wrong(f"with lr = {lr:g} the steps are far too big: w_C flies off to {path[-1]:.3g}.")
    steps = np.diff(path)
    if np.all(steps <= 1e-12):  # every step downhill, but too short
        raise Wrong(
            f"with lr = {lr:g}, after 20 steps w_C has only come from {path[0]:g} to "
            f"{path[-1]:.3f}; the bottom is at {BOTTOM:g}. Take bigger steps."
        )
    raise Wrong(
        f"with lr = {lr:g} the steps overshoot the bottom: w_C jumps between "
        f"{last.min():.3f} and {last.max():.3f} instead of settling at {BOTTOM:g}. "
        f"Take smaller steps."
    )


EXERCISES = [
    Exercise(
        "3.1",
        "an SSE by hand",
        """
        A network gives the outputs 0.8, 0.3 and 0.6 for three examples whose targets are
        1, 0 and 1. What is its sum of squared errors (SSE)? Work it out with pencil and
        paper (or in your head), then answer with the number.
        """,
        _check_sse,
        "The errors are 0.8 − 1, 0.3 − 0 and 0.6 − 1. Square each one, then add them.",
        reference=0.29,
        explanation="(−0.2)² + 0.3² + (−0.4)² = 0.04 + 0.09 + 0.16 = 0.29.",
    ),
    Exercise(
        "3.2",
        "the slope of the sigmoid",
        """
        Write my_sigmoid_prime(z): the slope of the sigmoid σ(z) = 1 / (1 + e^(−z)) at z.
        It must work on a whole NumPy array of z's at once.
        """,
        _check_sigmoid_prime,
        "The sigmoid's slope can be written with the sigmoid itself: σ'(z) = σ(z) (1 − σ(z)). "
        "At z = 0 it is 0.5 × 0.5 = 0.25. Use np.exp so that arrays work.",
        reference=sigmoid_prime,
    ),
    Exercise(
        "3.3",
        "the boldest learning rate that still settles",
        """
        In the valley of sections 4 and 5 (one sigmoid neuron for C AND D, w_C starting at
        3, w_D = 1, m = 1.5), gradient descent takes 20 steps. With lr = 3, w_C settles at
        the bottom; with lr = 10 it bounces. Somewhere in between, settling turns into
        bouncing. Find a learning rate of at least 5 with which w_C still ends at the
        bottom of the valley, steady, after those 20 steps. Try values with the
        DescentExplorer above, then answer with the number.
        """,
        _check_learning_rate,
        "Between 3 and 10, try 5, 6, 7 with the DescentExplorer. Where the last steps start "
        "jumping from side to side, you have gone too far: step back by a little.",
        reference=5.5,
        explanation=(
            "Rates from about 1 to 5.9 settle at w_C = 1 within 20 steps; from about 6 on, "
            "each step jumps over the bottom, and after 20 steps w_C still bounces from side "
            "to side, more widely the larger the rate."
        ),
    ),
]
