"""Simple ways to read digits, to measure a network against.

A ladder of baselines gives the network's accuracy a meaning: how much better
is it than guessing, than looking at how much ink there is, than comparing
with the average picture of each digit? Each baseline has fit, predict and
score, like the MLP.
"""

from __future__ import annotations

import numpy as np

from .metrics import accuracy


def _check(X, y=None):
    X = np.asarray(X, dtype=np.float64)
    if X.ndim != 2:
        raise ValueError(f"X must have one example per row, shape (n, n_pixels); got {X.shape}.")
    if y is None:
        return X
    y = np.asarray(y)
    if y.shape != (len(X),):
        raise ValueError(f"y must hold one label per row of X ({len(X)}); got shape {y.shape}.")
    return X, y.astype(np.int64)


class Baseline:
    def score(self, X, y) -> float:
        return accuracy(np.asarray(y), self.predict(X))


class RandomGuess(Baseline):
    """Guess a label at random (with a seed): about 10% right with ten digits."""

    def __init__(self, seed=0):
        self.seed = seed

    def fit(self, X, y):
        _, y = _check(X, y)
        self.classes_ = np.unique(y)
        return self

    def predict(self, X):
        X = _check(X)
        return np.random.default_rng(self.seed).choice(self.classes_, size=len(X))


class AverageDarkness(Baseline):
    """Measure each digit's total ink and answer the digit whose average ink is closest.

    A 1 uses little ink and an 8 or a 0 a lot, so ink alone tells something.
    """

    def fit(self, X, y):
        X, y = _check(X, y)
        self.classes_ = np.unique(y)
        ink = X.sum(axis=1)
        self.mean_ink_ = np.array([ink[y == c].mean() for c in self.classes_])
        return self

    def predict(self, X):
        ink = _check(X).sum(axis=1)
        return self.classes_[np.argmin(np.abs(ink[:, None] - self.mean_ink_[None, :]), axis=1)]


class NearestMean(Baseline):
    """Compare each image pixel by pixel with the average image of each digit; answer the closest."""

    def fit(self, X, y):
        X, y = _check(X, y)
        self.classes_ = np.unique(y)
        self.means_ = np.stack([X[y == c].mean(axis=0) for c in self.classes_])
        return self

    def predict(self, X):
        X = _check(X)
        # squared distance |x - mu|^2 = |x|^2 - 2 x.mu + |mu|^2; |x|^2 is the same for every class
        scores = -2 * X @ self.means_.T + np.sum(self.means_ ** 2, axis=1)
        return self.classes_[np.argmin(scores, axis=1)]
