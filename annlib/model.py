"""What every model a learner trains has in common: the protocol of scikit-learn's classifiers.

    model = Model(...).fit(X, y)    fit learns from examples and returns the model itself
    model.history_                  what happened while it learned (a History)
    model.predict(X)                one class per example
    model.predict_proba(X)          one row per example: how likely each class is
    model.score(X, y)               accuracy: the fraction of examples predicted right
    model.classes_                  the class of each column of predict_proba

Names ending in _ are what fit learns: history_ for every model; a baseline also learns
classes_ (the labels it saw) and what it reads digits with (means_, mean_ink_). Each is
declared with ``Learned``, so reading one before fit raises NotFittedError, which says to
call fit first, while a misspelt name (``model.histroy_``) raises Python's own
AttributeError. A network's classes_ are fixed by its outputs (0, 1, ..., n_classes - 1),
so it has them before fit.

annlib's models also work with scikit-learn's tools (clone, Pipeline, cross_val_score,
GridSearchCV): get_params, set_params and what scikit-learn reads about a model are in
annlib._estimator, which says once what is the same and what differs on purpose.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from . import functions as F
from ._estimator import Estimator, Learned
from .metrics import accuracy


class NotFittedError(ValueError, AttributeError):
    """A model was used before fit(X, y) taught it anything; the message says what to do.

    Both a ValueError and an AttributeError, like scikit-learn's NotFittedError (but not
    that class: annlib does not import scikit-learn).
    """


@dataclass
class History:
    """What happened in each epoch of training.

    loss and accuracy are measured on the training examples as seen while training: the
    mean over the epoch's minibatches, each measured on its forward pass just before its
    step, so the weights change while they are counted. val_loss and val_accuracy are
    measured on held-out data, if fit was given some, once at the end of each epoch. The baselines
    learn in one go without a loss: their History has one entry, with a NaN loss.
    """

    epoch: list = field(default_factory=list)
    loss: list = field(default_factory=list)
    accuracy: list = field(default_factory=list)
    val_loss: list = field(default_factory=list)
    val_accuracy: list = field(default_factory=list)
    seconds: list = field(default_factory=list)
    stopped_early: bool = False
    best_epoch: int | None = None
    interrupted: str | None = None  # what stopped training before its end, if anything

    def to_frame(self) -> pd.DataFrame:
        """The history as a table, one row per epoch. An epoch in which training diverged
        has its loss and accuracy but no validation scores and no time: those are NaN."""
        names = ["loss", "accuracy"] + (["val_loss", "val_accuracy"] if self.val_loss else [])
        n = len(self.epoch)
        columns = {name: getattr(self, name) for name in [*names, "seconds"]}
        columns = {name: list(v) + [float("nan")] * (n - len(v)) for name, v in columns.items()}
        return pd.DataFrame(columns, index=pd.Index(self.epoch, name="epoch"))

    def __len__(self) -> int:
        return len(self.epoch)


class Model(Estimator):
    """The shared part of the protocol: predict from predict_proba and classes_, score,
    the constructor's arguments (get_params, set_params), and what fit has learned.

    A subclass implements fit (which must end by setting self.history_, the History of
    what happened while fit taught the model), predict_proba, and ``classes_``, the class
    of each column of predict_proba; it may turn labels its own way in true_labels. Its
    constructor names every argument in its signature (no ``*args`` or ``**settings``),
    so that get_params can list them. Other names fit learns are declared with Learned;
    methods that need them call ``self.check_fitted(...)`` first.
    """

    history_ = Learned("What happened while fit taught the model (a History).")

    def fit(self, X, y, **settings) -> Model:
        raise NotImplementedError

    def predict_proba(self, X) -> np.ndarray:
        raise NotImplementedError

    def predict(self, X):
        """The predicted class of each example: the class of predict_proba's highest column
        (an int for a single example)."""
        P = self.predict_proba(X)
        labels = self.classes_[F.predicted_class(P)]
        return labels.item() if P.ndim == 1 else labels

    def score(self, X, y) -> float:
        """Accuracy: the fraction of examples whose predicted class is the label."""
        predicted = np.atleast_1d(self.predict(X))
        return accuracy(self.true_labels(y, len(predicted)), predicted)

    def true_labels(self, y, n: int) -> np.ndarray:
        """The labels y that score compares the predictions with: one per example, n in all."""
        y = np.asarray(y)
        if y.ndim == 1 and len(y) != n:
            raise ValueError(f"X has {n} examples but y has {len(y)} labels; give one per example.")
        return y

    # ---- fitted or not -----------------------------------------------------------------

    def check_fitted(self, what: str) -> None:
        """Raise NotFittedError, saying that this model ``what`` and to call fit first,
        unless fit has taught it something; methods that need fit call this first."""
        if not self.__sklearn_is_fitted__():
            raise self.not_fitted(what)

    def not_fitted(self, what: str) -> NotFittedError:
        """The error for using a model before fit: says what is missing and what to do."""
        name = type(self).__name__
        why = self.__dict__.get("_not_fitted_because", "it has not been trained yet")
        return NotFittedError(
            f"this {name} {what} because {why}: call "
            f"model.fit(X_train, y_train) first (fit returns the model, so "
            f"model = {name}(...).fit(X_train, y_train) also works)."
        )


def one_step_history(model: Model, X, y, start: float) -> History:
    """A History of one entry for a model that learns in one go (no loss, so NaN).

    seconds: the time since ``start`` (time.perf_counter() when fit began);
    accuracy: the model's score on its training examples X, y.
    """
    seconds = time.perf_counter() - start
    return History(epoch=[1], loss=[float("nan")], accuracy=[model.score(X, y)], seconds=[seconds])
