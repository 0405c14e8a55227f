"""Exercises of notebook 06: reading the mistakes of the MNIST networks."""

from __future__ import annotations

import numpy as np

from .core import Exercise, Wrong, array, call, number


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


def confused(table, a, b):
    """How often digits a and b are confused, as this course reads the article: the a's read
    as b and the b's read as a, out of all the a's and b's together (rows: the true digit)."""
    table = np.asarray(table, dtype=float)
    return (table[a, b] + table[b, a]) / (table[a].sum() + table[b].sum())


def _check_confused(function):
    for table in _tables():
        for a, b in ((3, 5), (2, 7), (9, 4)):
            got = call(function, table.copy(), a, b, returns="the fraction")
            got = number(got, f"the result for digits {a} and {b}")
            expected = confused(table, a, b)
            if np.isclose(got, expected):
                continue
            t = table.astype(float)
            mistakes, examples = t[a, b] + t[b, a], t[a].sum() + t[b].sum()
            if np.isclose(got, 100 * expected):
                raise Wrong(
                    "this is a percentage; give a fraction between 0 and 1 (drop the × 100)."
                )
            one_way = [
                t[a, b] / t[a].sum(),
                t[b, a] / t[b].sum(),
                t[a, b] / examples,
                t[b, a] / examples,
            ]
            if any(np.isclose(got, value) for value in one_way):
                raise Wrong(
                    f"you counted the mistakes one way only; the article counts both: the "
                    f"{a}s read as {b} and the {b}s read as {a}."
                )
            if np.isclose(got, mistakes / (t[:, a].sum() + t[:, b].sum())):
                raise Wrong(
                    f"you divided by the column sums, how often the network answered {a} or "
                    f"{b}; divide by how many {a}s and {b}s there are: rows {a} and {b}."
                )
            if np.isclose(got, mistakes / t.sum()):
                raise Wrong(
                    f"you divided by the whole table's sum; divide by the number of {a}s and "
                    f"{b}s only (the sums of rows {a} and {b})."
                )
            rates = t[a, b] / t[a].sum(), t[b, a] / t[b].sum()
            if np.isclose(got, sum(rates)) or np.isclose(got, sum(rates) / 2):
                raise Wrong(
                    "you combined two rates, one per digit; the article pools them: all the "
                    "mistakes both ways, divided by all the examples of both digits together."
                )
            raise Wrong(
                f"for digits {a} and {b} the table holds {t[a, b]:.0f} + {t[b, a]:.0f} mistakes "
                f"(each read as the other) among {examples:.0f} examples of the two, a fraction "
                f"of {expected:.4f}; yours says {got:.4f}."
            )


EXERCISES = [
    Exercise(
        "6.1",
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
        "6.2",
        "how often two digits are confused",
        """
        Write my_confused(table, a, b): table is a 10 x 10 contingency table as a NumPy
        array (rows: the true digit, columns: the digit read), a and b are two digits.
        Return how often a and b are confused, counted the way this course reads the
        article's "3 and 5 are confused about 10% of the time": the a's read as b plus the
        b's read as a, as a fraction (0 to 1) of all the a's and b's together.
        """,
        _check_confused,
        "table[a, b] counts the a's read as b, table[b, a] the b's read as a; the a's are the "
        "whole row a, table[a].sum().",
        reference=confused,
    ),
]
