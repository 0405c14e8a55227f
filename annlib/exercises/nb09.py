"""Exercises of notebook 09: inside the trained network."""

from __future__ import annotations

import numpy as np

from .core import Exercise, Wrong, _short, call, number

# ---- 9.1 the size of what training changed ---------------------------------------------


def relative_change(W, W_start):
    """The size of the change from ``W_start`` to ``W`` (the square root of the sum of its
    squares), divided by the size of ``W_start``."""
    return float(np.linalg.norm(W - W_start) / np.linalg.norm(W_start))


def _change_cases():
    """Starting weights and trained ones, changed by a small, a middling and a large amount."""
    rng = np.random.default_rng(91)
    for shape, scale in (((4, 6), 0.3), ((5, 3), 1.0), ((2, 8), 2.5)):
        W_start = rng.normal(0, 0.5, shape).round(3)
        yield (W_start + rng.normal(0, 0.5 * scale, shape)).round(3), W_start


def _check_relative_change(function):
    for W, W_start in _change_cases():
        got = call(function, W, W_start, returns="the relative size of the change")
        if np.ndim(got) != 0 and np.size(got) == 1:
            raise Wrong(
                f"yours returned {_short(got)}: return the number itself, not an array or "
                "a list holding it."
            )
        if np.ndim(got) != 0:
            raise Wrong(
                f"yours returned {_short(got)}: return one number for the whole array, the "
                "size of all the changes together relative to the size of all the starting "
                "weights (np.linalg.norm of an array, with no axis, takes every number)."
            )
        value = number(got, "the relative size of the change")
        want = relative_change(W, W_start)
        if np.isclose(value, want):
            continue
        change, size, start = W - W_start, np.linalg.norm(W - W_start), np.linalg.norm(W_start)
        shown = f"for weights of shape {W.shape}"
        slips = [
            (100 * want, "this is a percentage; give the fraction (leave out the × 100)."),
            (
                np.linalg.norm(W) / start,
                "that compares the sizes of the trained and the starting weights; take the "
                "size of the difference, W - W_start, and divide it by the size of W_start.",
            ),
            (
                size,
                "that is the size of the change itself. Divide it by the size of the "
                "starting weights, so that it says how far training moved them for their size.",
            ),
            (
                (np.linalg.norm(W) - start) / start,
                "you took the difference of the two sizes, not the size of the difference: "
                "weights can change a lot and keep their size. Take the size of W - W_start.",
            ),
            (
                abs(np.linalg.norm(W) - start) / start,
                "you took the difference of the two sizes, not the size of the difference: "
                "weights can change a lot and keep their size. Take the size of W - W_start.",
            ),
            (
                size / np.linalg.norm(W),
                "you divided by the size of the trained weights; divide by the size of the "
                "starting weights, W_start.",
            ),
            (
                size**2 / start**2,
                "you left out the square roots: a size is the square root of the sum of the "
                "squares.",
            ),
            (
                np.abs(change).mean() / np.abs(W_start).mean(),
                "you compared the mean sizes of the numbers. A size here is the square root "
                "of the sum of the squares (np.linalg.norm).",
            ),
        ]
        for slip, message in slips:
            if np.isclose(value, slip):
                raise Wrong(f"{shown}, yours gives {value:.3f}: {message}")
        raise Wrong(f"{shown}, yours gives {value:.3f}; it should be {want:.3f}.")


# ---- 9.2 the overlap of two active sets ------------------------------------------------


def jaccard(a, b):
    """The neurons active in both, divided by the neurons active in either (1 if none is)."""
    either = np.sum(a | b)
    return float(np.sum(a & b) / either) if either else 1.0


def _mask(n, on):
    m = np.zeros(n, dtype=bool)
    m[list(on)] = True
    return m


def _jaccard_cases():
    yield _mask(8, [0, 1, 2, 3]), _mask(8, [2, 3, 4])  # 2 in both, 5 in either
    yield _mask(10, [1, 5, 7]), _mask(10, [0, 2, 3, 5, 7, 9])
    yield _mask(6, [0, 1]), _mask(6, [4, 5])  # nothing in common
    rng = np.random.default_rng(72)
    for _ in range(5):
        yield rng.random(50) < 0.4, rng.random(50) < 0.3
    yield _mask(5, []), _mask(5, [])  # both empty: the same (empty) set


def _check_jaccard(function):
    for a, b in _jaccard_cases():
        got = call(function, a, b, returns="the overlap")
        want = jaccard(a, b)
        shown = f"for a = {np.flatnonzero(a).tolist()} and b = {np.flatnonzero(b).tolist()}"
        if not a.any() and not b.any():
            try:
                value = number(got, "the overlap")
            except Wrong:
                value = None
            if value != 1.0:
                raise Wrong(
                    f"{shown} (no neuron active in either), yours gives {_short(got)}. "
                    "Two empty sets are the same set: count their overlap as the number 1 "
                    "(and do not divide by 0)."
                )
            continue
        value = number(got, "the overlap")
        if np.isclose(value, want):
            continue
        both, either = int(np.sum(a & b)), int(np.sum(a | b))
        if value == both:
            raise Wrong(
                f"{shown} (the active neurons' numbers), yours gives {value:g}: that is how "
                f"many are active in both. Divide it by how many are active in either "
                f"({either}): {want:.3f}."
            )
        if np.isclose(value, 1 - want):
            raise Wrong(
                f"{shown}, yours gives {value:.3f}, which is 1 minus the overlap: the share of "
                f"neurons active in only one. The overlap is {both} / {either} = {want:.3f}."
            )
        if np.isclose(value, both / len(a)):
            raise Wrong(
                f"{shown}, yours gives {value:.3f}: you divided by all {len(a)} neurons. Divide "
                f"by the neurons active in either set ({either}): {want:.3f}."
            )
        if any(np.isclose(value, both / max(s, 1)) for s in (a.sum(), b.sum())):
            raise Wrong(
                f"{shown}, yours gives {value:.3f}: you divided by the size of one set. Divide "
                f"by the neurons active in either ({either}): {want:.3f}."
            )
        raise Wrong(f"{shown}, the overlap is {both} / {either} = {want:.3f}; yours {value:.3f}.")


EXERCISES = [
    Exercise(
        "9.1",
        "the size of what training changed",
        """
        Write my_relative_change(W, W_start): W holds a layer's weights after training and
        W_start the same weights before it, arrays of the same shape. Return one number: the
        size of the change, relative to the size of the starting weights. The size of an
        array of weights is the square root of the sum of the squares of all its numbers.
        """,
        _check_relative_change,
        "np.linalg.norm(A), with no axis, gives the square root of the sum of the squares of "
        "every number in A. Which array's size goes on top, and which below?",
        reference=relative_change,
    ),
    Exercise(
        "9.2",
        "the overlap of two active sets",
        """
        Write my_jaccard(a, b): a and b are True/False arrays of equal length, True where a
        neuron is active. Return their overlap, the Jaccard index: the number of neurons
        active in both, divided by the number active in either. If no neuron is active in
        either, return 1 (two empty sets are the same set).
        """,
        _check_jaccard,
        "a & b is True where both are, a | b where either is; np.sum counts the Trues. "
        "Check for an empty a | b before you divide.",
        reference=jaccard,
    ),
]
