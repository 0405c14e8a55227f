"""Exercises of notebook 01: one threshold neuron."""

from __future__ import annotations

import itertools

import numpy as np

from ..neuron import SIGNAL_DECIMALS
from .core import Exercise, Wrong, call, number, numbers, pattern


def _neuron_answer(answer, names) -> tuple[np.ndarray, float]:
    """(w_1, ..., w_n, m) as weights and m, or a Wrong saying what was expected."""
    wanted = ", ".join(f"w_{n}" for n in names) + ", m"
    if isinstance(answer, np.ndarray) or hasattr(answer, "to_numpy"):  # an array, a Series
        answer = list(np.asarray(answer).ravel()) if np.ndim(answer) == 1 else answer
    if not isinstance(answer, (tuple, list)) or len(answer) != len(names) + 1:
        raise Wrong(f"give {len(names) + 1} numbers in this order: ({wanted}).")
    values = [number(v, f"the value for {label}") for v, label in zip(answer, wanted.split(", "))]
    return np.array(values[:-1]), values[-1]


def check_truth(names, weights, m, wanted, rule: str) -> None:
    """Compare a threshold neuron with the rule ``wanted(pattern) -> bool`` on every pattern."""
    for x in itertools.product([0, 1], repeat=len(names)):
        # rounded as annlib's neurons round it, so 0.1 + 0.7 reaches m = 0.8 here too
        signal = round(float(np.dot(weights, x)), SIGNAL_DECIMALS) + 0.0
        fires = signal >= m
        if fires != bool(wanted(x)):
            did = (
                f"fires (signal {signal:g} ≥ m = {m:g})"
                if fires
                else f"stays quiet (signal {signal:g} < m = {m:g})"
            )
            should = "fire" if wanted(x) else "stay quiet"
            raise Wrong(
                f"with {pattern(names, x)} your neuron {did}; {rule} should {should} there."
            )


def _check_c_not_d(answer):
    weights, m = _neuron_answer(answer, "CD")
    check_truth("CD", weights, m, lambda x: x[0] and not x[1], "C AND NOT D")


def _check_majority(answer):
    weights, m = _neuron_answer(answer, "ABC")
    check_truth("ABC", weights, m, lambda x: sum(x) >= 2, "the majority vote")


def fires(weights, m, x):
    """The threshold neuron's rule: fire when the weighted sum of the inputs reaches m."""
    return float(np.dot(weights, x)) >= m


def _check_rule(function):
    rng = np.random.default_rng(1)
    cases = [
        ([1, 1], 2, [1, 1]),
        ([2, -1], 1, [1, 1]),
        ([1, 1], 2, [1, 0]),
        ([0, 0, 1], 0, [0, 0, 0]),
    ]
    for _ in range(200):
        n = int(rng.integers(1, 6))
        weights = rng.integers(-3, 4, n).astype(float)
        x = rng.integers(0, 2, n)
        cases.append((weights, float(rng.integers(-3, 5)), x))
    for weights, m, x in cases:
        got = call(function, np.array(weights, float), m, np.array(x), returns="True or False")
        if not isinstance(got, (bool, np.bool_, int, np.integer)) or int(got) not in (0, 1):
            raise Wrong(f"the answer should be True/False (or 1/0), got {got!r}.")
        expected = fires(weights, m, x)
        if bool(got) != expected:
            signal = float(np.dot(weights, x))
            case = f"with weights {numbers(weights)}, m = {m:g} and inputs {numbers(x)}"
            if signal == m:
                raise Wrong(
                    f"{case} the signal is exactly {signal:g} = m; the neuron fires when "
                    f"the signal reaches m (≥)."
                )
            raise Wrong(
                f"{case} the signal is {signal:g}, so the neuron should "
                f"{'fire' if expected else 'stay quiet'}; yours says {bool(got)}."
            )


EXERCISES = [
    Exercise(
        "1.1",
        "a neuron for C AND NOT D",
        """
        Choose weights w_C, w_D and a minimum signal strength m so that a neuron with the
        two inputs C and D fires only when C fires and D stays quiet (C AND NOT D).
        Answer with three numbers: (w_C, w_D, m).
        """,
        _check_c_not_d,
        "D should hold the neuron back, so give it a negative weight, and C a positive one. "
        "Write down the signal for each of the four patterns: which m lets only 'C alone' "
        "through?",
        reference=(1, -1, 1),
        explanation="Signals: 0 (none fire), 1 (C alone), −1 (D alone), 0 (both). Only 1 "
        "reaches m = 1.",
    ),
    Exercise(
        "1.2",
        "a majority vote",
        """
        A neuron with the three inputs A, B and C should fire when at least two of them fire
        (a majority vote). Answer with four numbers: (w_A, w_B, w_C, m).
        """,
        _check_majority,
        "The inputs count equally, so give them equal weights. How large is the signal when "
        "exactly two inputs fire, and when only one does?",
        reference=(1, 1, 1, 2),
        explanation=(
            "Equal weights 1 make the signal the number of inputs that fire; m = 2 asks for two."
        ),
    ),
    Exercise(
        "1.3",
        "the rule as a function",
        """
        Write my_fires(weights, m, x): it gets the weights and the inputs x (arrays of the same
        length, x of 0s and 1s) and m, and returns True when the neuron fires, False when not.
        """,
        _check_rule,
        "The signal is the sum of weight times input over all inputs (np.dot). Compare it with "
        "m: think about what happens when the signal is exactly m.",
        reference=fires,
    ),
]
