"""Measuring a classifier: accuracy, comparing two classifiers on the same examples, and
the article's contingency table.

accuracy is the one definition of "the fraction predicted right" in annlib: every model's
score and evaluate, and the training history, count right answers with n_right.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from . import _validate


def _labels(values, name: str) -> np.ndarray:
    array = np.asarray(values)
    if array.ndim != 1 or (array.dtype.kind not in "iub" and array.size):  # [] is no labels
        raise ValueError(
            f"{name} must be a flat list of whole-number labels; got shape "
            f"{array.shape} of {array.dtype}."
        )
    return array.astype(np.int64)


def n_right(y_true, y_pred) -> int:
    """How many predicted labels are the true ones (two arrays of labels of the same length).

    Unchecked, so fast enough for the training loop, which counts each minibatch's right
    answers with it; accuracy checks its labels and calls it.
    """
    return int(np.count_nonzero(y_true == y_pred))


def accuracy(y_true, y_pred) -> float:
    """The fraction of examples whose predicted label is the true one: right answers / examples."""
    y_true, y_pred = _labels(y_true, "y_true"), _labels(y_pred, "y_pred")
    if y_true.shape != y_pred.shape:
        raise ValueError(f"y_true has {len(y_true)} labels but y_pred has {len(y_pred)}.")
    if not len(y_true):
        raise ValueError(
            "there are no examples to score (y_true and y_pred are empty), so there is no "
            "accuracy: give at least one label and its prediction."
        )
    return n_right(y_true, y_pred) / len(y_true)


def paired_comparison(y_true, pred_a, pred_b) -> dict:
    """Two classifiers tested on the same examples, compared example by example.

    Only the examples where exactly one of the two is right tell them apart: only_a counts
    those classifier a reads right and b wrong, only_b the other way round. If the two were
    equally good, each such example would be a fair coin toss between them; p_value is the
    chance of a split at least this uneven from fair coins (a two-sided sign test, also
    called McNemar's exact test).
    """
    from scipy.stats import binomtest  # (here, so that importing annlib stays quick)

    y_true = _labels(y_true, "y_true")
    pred_a, pred_b = _labels(pred_a, "pred_a"), _labels(pred_b, "pred_b")
    if not len(y_true) == len(pred_a) == len(pred_b):
        raise ValueError(
            f"y_true, pred_a and pred_b must have one label per example each; got "
            f"{len(y_true)}, {len(pred_a)} and {len(pred_b)} labels."
        )
    right_a, right_b = pred_a == y_true, pred_b == y_true
    only_a, only_b = int(np.sum(right_a & ~right_b)), int(np.sum(right_b & ~right_a))
    disagreements = only_a + only_b
    p_value = binomtest(only_a, disagreements).pvalue if disagreements else 1.0
    return {"only_a": only_a, "only_b": only_b, "both": int(np.sum(right_a & right_b)),
            "p_value": float(p_value)}  # fmt: skip


def contingency_table(y_true, y_pred, classes=range(10)) -> pd.DataFrame:
    """Rows: the actual digit; columns: the digit predicted; last column: accuracy per digit (%).

    Entry [i, j] counts the examples of digit i that were read as j, so the
    diagonal holds the right answers, as in the source article's table.
    """
    y_true, y_pred = _labels(y_true, "y_true"), _labels(y_pred, "y_pred")
    if y_true.shape != y_pred.shape:
        raise ValueError(f"y_true has {len(y_true)} labels but y_pred has {len(y_pred)}.")
    classes = _classes(classes)
    index = {c: i for i, c in enumerate(classes)}
    unknown = sorted((set(y_true.tolist()) | set(y_pred.tolist())) - set(classes))
    if unknown:
        raise ValueError(f"labels {unknown} are not among the classes {classes}.")
    counts = np.zeros((len(classes), len(classes)), dtype=np.int64)
    np.add.at(counts, ([index[v] for v in y_true], [index[v] for v in y_pred]), 1)
    table = pd.DataFrame(
        counts, index=pd.Index(classes, name="actual"), columns=pd.Index(classes, name="predicted")
    )
    totals = counts.sum(axis=1)
    with np.errstate(invalid="ignore", divide="ignore"):
        table["accuracy %"] = np.round(100 * np.diag(counts) / totals, 1)
    return table


def _classes(classes) -> list[int]:
    """The classes of a contingency table: distinct whole numbers, such as range(10)."""
    if isinstance(classes, (str, bytes)) or not hasattr(classes, "__iter__"):
        raise TypeError(
            f"classes must be a list of the labels, such as range(10) or [0, 1]; got {classes!r}."
        )
    classes = [_validate.whole_number(c, "each class", example="0 or 7") for c in list(classes)]
    if not classes or len(set(classes)) != len(classes):
        raise ValueError(f"classes must list each label once, such as range(10); got {classes}.")
    return classes


def _counts(table, who: str) -> pd.DataFrame:
    """The counts of a contingency table made by contingency_table (without 'accuracy %')."""
    _validate.table(
        table,
        f"{who}'s table",
        columns=["accuracy %"],
        expected="a contingency table made by contingency_table(y_true, y_pred)",
    )
    counts = table.drop(columns="accuracy %")
    values = counts.to_numpy()
    if (
        counts.empty
        or list(counts.index) != list(counts.columns)
        or values.dtype.kind not in "iu"
        or (values < 0).any()
    ):
        raise ValueError(
            f"{who} needs a contingency table made by contingency_table(y_true, y_pred): "
            "one row and one column per class, holding counts."
        )
    return counts


RIGHT_BACKGROUND = "#cfe3f0"  # light blue: the diagonal, right answers (and bold)
MISTAKE_RGB = (230, 159, 0)  # Okabe-Ito orange, stronger for more mistakes


def style_contingency(table: pd.DataFrame):
    """The contingency table: right answers (the diagonal) bold on light blue, mistakes shaded
    orange by how many (colour-blind safe; the numbers stay dark and readable)."""
    counts = _counts(table, "style_contingency")
    worst = max(int((counts.to_numpy() - np.diag(np.diag(counts.to_numpy()))).max()), 1)

    def colour(frame):
        styles = pd.DataFrame("", index=frame.index, columns=frame.columns)
        for i, actual in enumerate(counts.index):
            for j, predicted in enumerate(counts.columns):
                n = counts.iloc[i, j]
                if actual == predicted:
                    styles.iloc[i, j] = (
                        f"background-color:{RIGHT_BACKGROUND};font-weight:bold;color:#000"
                    )
                elif n:
                    alpha = 0.12 + 0.48 * n / worst  # at most 0.6: black text stays readable
                    rgba = f"rgba({','.join(map(str, MISTAKE_RGB))},{alpha:.2f})"
                    styles.iloc[i, j] = f"background-color:{rgba};color:#000"
        return styles

    return table.style.apply(colour, axis=None).format({"accuracy %": "{:.1f}"}, na_rep="–")


def top_confusions(table: pd.DataFrame, n: int = 5) -> pd.DataFrame:
    """The most frequent mistakes: actual digit, digit predicted, how often, and % of that digit."""
    counts = _counts(table, "top_confusions")
    n = _validate.whole_number(n, "n (how many mistakes to list)", minimum=0, example="5")
    totals = counts.sum(axis=1)
    rows = [
        (a, p, int(counts.loc[a, p]), round(100 * counts.loc[a, p] / totals[a], 1))
        for a in counts.index
        for p in counts.columns
        if a != p and counts.loc[a, p] > 0
    ]
    rows.sort(key=lambda r: (-r[2], r[0], r[1]))
    return pd.DataFrame(rows[:n], columns=["actual", "read as", "times", "% of that digit"])


# What the source article says about its contingency table, in its words' sense
ARTICLE_FINDINGS = {
    "0 right": "almost always",
    "1 right": "almost always",
    "hardest digit": "5",
    "2 read as 7 or 8": "about 8%",
    "3 and 5 confused": "about 10%",
}


def article_numbers(table: pd.DataFrame) -> dict:
    """The numbers the source article reads off its contingency table, for this table.

    How often 0 and 1 are right, the hardest digit, the share of 2s read as 7 or 8, and
    the share of 3s and 5s read as each other (of all the 3s and 5s).
    """
    counts = _counts(table, "article_numbers")
    if list(counts.index) != list(range(10)):
        raise ValueError(
            "the article's numbers are about the ten digits: give a contingency table of the "
            f"classes 0 to 9; this one has the classes {list(counts.index)}."
        )
    n = counts.sum(axis=1)

    def share(part, whole, none):
        return f"{part / whole:.1%}" if whole else f"– (no {none} in the table)"

    seen = table["accuracy %"].dropna()
    hardest = seen.idxmin() if len(seen) else None
    return {
        "0 right": f"{table.loc[0, 'accuracy %']:.1f}%" if n[0] else "– (no 0s in the table)",
        "1 right": f"{table.loc[1, 'accuracy %']:.1f}%" if n[1] else "– (no 1s in the table)",
        "hardest digit": "– (no digits in the table)"
        if hardest is None
        else f"{hardest} ({seen[hardest]:.1f}% right)",
        "2 read as 7 or 8": share(counts.loc[2, 7] + counts.loc[2, 8], n[2], "2s"),
        "3 and 5 confused": share(counts.loc[3, 5] + counts.loc[5, 3], n[3] + n[5], "3s or 5s"),
    }


def compare_with_article(tables: dict) -> pd.DataFrame:
    """The article's findings beside the same numbers for each named contingency table."""
    if not isinstance(tables, dict) or not tables:
        raise TypeError(
            "compare_with_article needs a dict of named contingency tables, such as "
            f"{{'our network': table}}; got {type(tables).__name__}."
        )
    columns = {"the article": ARTICLE_FINDINGS}
    columns.update({name: article_numbers(table) for name, table in tables.items()})
    return pd.DataFrame(columns)
