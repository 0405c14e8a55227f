"""Exercises of notebook 05: reading MNIST digits."""

from __future__ import annotations

import numpy as np

from .core import Exercise, Wrong, array, call


def per_digit_accuracy(table):
    """Fraction of each digit read right: the diagonal over the row sums (rows: the true digit)."""
    table = np.asarray(table, dtype=float)
    return np.diag(table) / table.sum(axis=1)


def _tables():
    rng = np.random.default_rng(6)
    for _ in range(5):
        table = rng.integers(0, 30, (10, 10)) + np.diag(rng.integers(50, 900, 10))
        yield table


def _check_per_digit(function):
    for table in _tables():
        got = array(call(function, table.copy(), returns="the ten fractions"), "the result")
        if got.shape not in ((10,), (10, 1), (1, 10)):
            raise Wrong(
                f"return ten numbers, one per digit; yours has shape {got.shape} "
                f"({got.size} numbers)."
            )
        got = got.ravel()
        expected = per_digit_accuracy(table)
        if np.allclose(got, expected):
            continue
        if np.allclose(got, 100 * expected):
            raise Wrong("these are percentages; give fractions between 0 and 1 (drop the × 100).")
        if np.allclose(got, np.diag(table) / table.sum(axis=0)):
            raise Wrong(
                "you divided by the column sums: that says how often a guess of d is right. "
                "The question is how many of the real d's (a row) were read as d."
            )
        if np.allclose(got, np.diag(table) / table.sum()):
            raise Wrong(
                "you divided by the whole table's sum; divide each digit's right answers "
                "by the number of examples of that digit (its row sum)."
            )
        d = int(np.flatnonzero(~np.isclose(got, expected))[0])
        raise Wrong(
            f"digit {d}: {table[d, d]} of its {table[d].sum()} examples were read right, "
            f"a fraction of {expected[d]:.4f}; yours says {got[d]:.4f}."
        )


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


EXERCISES = [
    Exercise(
        "5.1",
        "accuracy per digit",
        """
        Write my_per_digit_accuracy(table): table is a 10 x 10 contingency table as a NumPy
        array (rows: the true digit, columns: the digit read; the right answers on the
        diagonal). Return ten fractions (0 to 1): for each digit, the share of its
        examples that the network read right.
        """,
        _check_per_digit,
        "np.diag(table) holds the right answers of each digit; the examples of digit d are the "
        "whole row d, table.sum(axis=1).",
        reference=per_digit_accuracy,
    ),
    Exercise(
        "5.2",
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
]
