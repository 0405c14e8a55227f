"""Simple ways to read digits, to measure a network against.

A ladder of baselines gives the network's accuracy a meaning: how much better
is it than guessing, than looking at how much ink there is, than comparing
with the average picture of each digit? Each baseline follows the same protocol
as the networks (annlib.model): fit(X, y) returns it, then predict,
predict_proba, score and history_ (one entry: training accuracy and seconds).
Before fit, a baseline knows nothing, so predict and predict_proba raise NotFittedError.
"""

from __future__ import annotations

import time

import numpy as np

from . import _validate
from ._validate import whole_number
from .model import Learned, Model, one_step_history


def _check_X(X, n_pixels=None, reader="the reader") -> np.ndarray:
    """X as (n, n_pixels) floats, or a clear error; n_pixels: what fit saw, if known."""
    X = _validate.numeric_array(X, "X (the digits)")  # numbers, rows of equal length, finite
    if X.ndim != 2:
        one = " (for a single example, X.reshape(1, -1))" if X.ndim == 1 else ""
        raise ValueError(
            f"X must have one example per row, shape (n, n_pixels); got shape {X.shape}. "
            f"Reshape your data{one}."
        )
    if n_pixels is not None and X.shape[1] != n_pixels:
        raise ValueError(
            f"X has {X.shape[1]} features, but {reader} is expecting {n_pixels} features as "
            f"input: it learned from examples of {n_pixels} numbers, so give it rows of "
            f"{n_pixels} (the same pixels, in the same order)."
        )
    return X


def _check_examples(X, y) -> tuple[np.ndarray, np.ndarray]:
    """fit's X as (n, n_pixels) floats and y as whole-number labels, or a clear error."""
    X = _check_X(X)
    if not len(X):
        raise ValueError(
            "X holds no examples, so there is nothing to learn from: give examples of at "
            "least two classes."
        )
    if not X.shape[1]:
        raise ValueError(
            f"X has 0 feature(s) (shape={X.shape}) while a minimum of 1 is required: give "
            "each example at least one number to read it by, such as its pixels."
        )
    if y is None:
        raise ValueError(
            "fit requires y to be passed, but the target y is None: give the label of each "
            "example, as in reader.fit(X, y)."
        )
    y = _validate.numeric_array(y, "y (the labels)")
    if y.shape != (len(X),):
        raise ValueError(f"y must hold one label per row of X ({len(X)}); got shape {y.shape}.")
    fractions = np.unique(y[y != np.round(y)])
    if len(fractions):
        raise ValueError(
            f"labels must be whole numbers, such as the digits 0 to 9; got "
            f"{fractions[:5].tolist()}: continuous values such as these are amounts to "
            "predict, not classes to tell apart."
        )
    if np.abs(y).max(initial=0) > 2**31:
        raise ValueError(
            f"labels must be whole numbers, such as the digits 0 to 9; got "
            f"{np.unique(y)[-1:].tolist()}, too large to be a class."
        )
    return X, y.astype(np.int64)


class Baseline(Model):
    """fit learns ``classes_`` (the labels seen, sorted) and what the reader needs from X, y;
    the columns of predict_proba follow ``classes_``."""

    classes_ = Learned("The labels seen by fit, sorted: the class of each column of predict_proba.")
    n_features_in_ = Learned("The numbers in each example fit saw (pixels, for digits).")

    def fit(self, X, y) -> Baseline:
        """Learn from the examples X (one per row) and their labels y; returns the reader itself."""
        start = time.perf_counter()
        X, y = _check_examples(X, y)
        classes = np.unique(y)
        if len(classes) < 2:
            raise ValueError(
                f"y holds examples of only one class (label {classes[0]}); a reader needs "
                "examples of at least two classes to tell them apart."
            )
        self.classes_ = classes
        self.n_features_in_ = X.shape[1]
        self._learn(X, y)
        self.history_ = one_step_history(self, X, y, start)
        return self

    def _learn(self, X, y) -> None:
        """What the reader remembers from the examples (after classes_ is set)."""

    def _fitted_X(self, X) -> np.ndarray:
        """X checked against what fit saw; before fit, NotFittedError."""
        self.check_fitted("cannot read digits yet")
        return _check_X(X, self.n_features_in_, type(self).__name__)

    def _sure(self, chosen) -> np.ndarray:
        """Probability 1 for the chosen column of each row, 0 for the others."""
        P = np.zeros((len(chosen), len(self.classes_)))
        P[np.arange(len(chosen)), chosen] = 1.0
        return P


class RandomGuess(Baseline):
    """Guess a label at random (with a seed): about 10% right with ten digits.

    predict_proba gives the same probability 1 / (number of classes) to every class:
    the guesser knows nothing. predict draws each guess from these probabilities.
    """

    _poor_score = True  # (what scikit-learn's checks are told: a guess scores poorly)

    def __init__(self, seed=0):
        self.seed = whole_number(seed, "seed", minimum=0)

    def predict_proba(self, X) -> np.ndarray:
        X = self._fitted_X(X)
        return np.full((len(X), len(self.classes_)), 1 / len(self.classes_))

    def predict(self, X) -> np.ndarray:
        X = self._fitted_X(X)
        return np.random.default_rng(self.seed).choice(self.classes_, size=len(X))


class AverageDarkness(Baseline):
    """Measure each digit's total ink and answer the digit whose average ink is closest.

    A 1 uses little ink and an 8 or a 0 a lot, so ink alone tells something.
    predict_proba is 1 for that digit and 0 for the others: the reader is always sure.
    """

    _poor_score = True  # (what scikit-learn's checks are told: ink alone tells little)
    mean_ink_ = Learned("The average total ink of each class's examples, in classes_' order.")

    def _learn(self, X, y):
        ink = X.sum(axis=1)
        self.mean_ink_ = np.array([ink[y == c].mean() for c in self.classes_])

    def predict_proba(self, X) -> np.ndarray:
        ink = self._fitted_X(X).sum(axis=1)
        return self._sure(np.argmin(np.abs(ink[:, None] - self.mean_ink_[None, :]), axis=1))


class NearestMean(Baseline):
    """Compare each image pixel by pixel with the average image of each digit; answer the closest.

    predict_proba is 1 for the closest average image's digit and 0 for the others.
    """

    means_ = Learned("The average image of each class, one row per class in classes_' order.")

    def _learn(self, X, y):
        self.means_ = np.stack([X[y == c].mean(axis=0) for c in self.classes_])

    def predict_proba(self, X) -> np.ndarray:
        X = self._fitted_X(X)
        # squared distance |x - mu|^2 = |x|^2 - 2 x.mu + |mu|^2; |x|^2 is the same for every class
        distances = -2 * X @ self.means_.T + np.sum(self.means_**2, axis=1)
        return self._sure(np.argmin(distances, axis=1))
