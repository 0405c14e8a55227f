"""Exercises of notebook 11: where the network fails, and how sure a comparison is."""

from __future__ import annotations

import math

import numpy as np

from .core import Exercise, Wrong, array, call, number


def shift(image, dx, dy):
    """Move a 2-D image dx pixels right and dy pixels down; what comes in is blank (0)."""
    height, width = image.shape
    moved = np.zeros_like(image)
    if abs(dx) >= width or abs(dy) >= height:
        return moved
    moved[max(dy, 0) : height + min(dy, 0), max(dx, 0) : width + min(dx, 0)] = image[
        max(-dy, 0) : height + min(-dy, 0), max(-dx, 0) : width + min(-dx, 0)
    ]
    return moved


def _check_shift(function):
    rng = np.random.default_rng(8)
    image = np.zeros((28, 28))
    image[4:24, 8:20] = rng.random((20, 12))
    image[0, 27] = image[27, 0] = 1.0  # ink at the edges shows whether it wraps around
    for dx, dy in [(2, 0), (0, 3), (-4, 0), (0, -2), (3, -5), (-6, 6), (0, 0)]:
        got = call(function, image.copy(), dx, dy, returns="the moved image")
        got = array(got, "the shifted image", (28, 28))
        expected = shift(image, dx, dy)
        if np.allclose(got, expected):
            continue
        if np.allclose(got, np.roll(image, (dy, dx), axis=(0, 1))):
            raise Wrong(
                f"for dx={dx}, dy={dy} the ink that leaves one side comes back on the "
                "other: np.roll wraps around. Fill what comes in with 0 instead."
            )
        if np.allclose(got, shift(image, -dx, -dy)):
            raise Wrong(
                f"for dx={dx}, dy={dy} your image moves the other way: positive dx is to "
                "the right, positive dy is down."
            )
        if np.allclose(got, shift(image, dy, dx)):
            raise Wrong(
                f"for dx={dx}, dy={dy} you swapped the directions: rows are y (down), "
                "columns are x (right)."
            )
        raise Wrong(
            f"for dx={dx}, dy={dy} your image differs from the shifted digit in "
            f"{int((~np.isclose(got, expected)).sum())} pixels."
        )


def sign_test(only_a: int, only_b: int) -> float:
    """The two-sided chance that fair coins split only_a + only_b tosses at least as unevenly
    as only_a against only_b: twice the chance of a side getting min(only_a, only_b) or
    fewer (at most 1)."""
    n, fewer = only_a + only_b, min(only_a, only_b)
    if n == 0:
        return 1.0
    tail = sum(math.comb(n, i) for i in range(fewer + 1)) / 2**n
    return min(1.0, 2 * tail)


_SPLITS = [(26, 22), (46, 1), (10, 0), (3, 3), (7, 2), (0, 0), (40, 25)]


def _check_sign_test(function):
    for only_a, only_b in _SPLITS:
        got = number(call(function, only_a, only_b, returns="the chance"), "the chance")
        expected = sign_test(only_a, only_b)
        if np.isclose(got, expected, rtol=1e-6, atol=1e-12):
            continue
        n, fewer = only_a + only_b, min(only_a, only_b)
        said = f"for a split of {only_a} against {only_b}, yours says {got:.3g}"
        if n and np.isclose(got, expected / 2, rtol=1e-6, atol=1e-12):
            raise Wrong(
                f"{said}: half the answer. That is the chance of one side, say the network's, "
                "winning this clearly; the question is whether either of the two would, so "
                "count both sides (twice as much, at most 1)."
            )
        strict = 2 * sum(math.comb(n, i) for i in range(fewer)) / 2**n if n else 1.0
        if n and np.isclose(got, min(1.0, strict), rtol=1e-6, atol=1e-12):
            raise Wrong(
                f"{said}: you left out the split itself. 'At least this uneven' includes "
                f"exactly {fewer} on the smaller side."
            )
        if not 0 <= got <= 1:
            raise Wrong(f"{said}, but a chance lies between 0 and 1.")
        raise Wrong(f"{said}; it should be {expected:.3g}.")


EXERCISES = [
    Exercise(
        "11.1",
        "shift a digit",
        """
        Write my_shift(image, dx, dy) for a 28 x 28 image: move it dx pixels to the right and dy
        pixels down (negative: left and up). Pixels that come in from the edge are 0 (blank);
        ink pushed over the edge is lost.
        """,
        _check_shift,
        "Start from np.zeros_like(image) and copy a slice of the image into a slice of it. "
        "For dx = 2: new[:, 2:] = image[:, :-2]. Work out the slices for negative shifts too.",
        reference=shift,
    ),
    Exercise(
        "11.2",
        "a coin-toss test of your own",
        """
        Section 1 compared two models on the same test digits by the digits that only one of
        them reads right: only_a for the first, only_b for the second. If the two were
        equally good, each of those digits would go one way or the other like a fair coin.
        Write my_sign_test(only_a, only_b): the chance that fair coins split only_a + only_b
        tosses at least as unevenly as this, either way round (a two-sided test; 1 if there
        are no tosses). This is called a sign test. For the forest and the article's
        network, my_sign_test(26, 22) should give about 0.67, as section 1 printed.
        """,
        _check_sign_test,
        "With n tosses, the chance of exactly i heads is math.comb(n, i) / 2 ** n. Add these "
        "for i from 0 to the smaller count, then count the other side too (twice as much, but "
        "never more than 1).",
        reference=sign_test,
    ),
]
