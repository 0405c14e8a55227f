"""Minibatch gradient descent: how a network learns from examples.

Each epoch shuffles the training examples (with a seed, so runs repeat) and walks
through them in minibatches. For each minibatch, the forward pass gives the outputs,
backpropagation the gradient of the loss, and the optimiser (annlib.optim) moves every
weight a small step downhill.

``fit(model, X, y, ...)`` is that loop; it returns the History (also model.history_),
which records per epoch the loss and accuracy on the training minibatches (their mean
over the epoch, taken while the weights change) and, if given held-out data, on it
(taken once, at the end of the epoch). ``model.fit(X, y, ...)`` is the same training,
returning the model. Around the loop, each in a small helper below:

    check_settings   every setting checked before the first step, with a clear message
    one_epoch        the minibatch steps of one epoch
    EarlyStopping    stop when the validation loss stops improving; keep the best weights
    Kept             the weights to go back to when training diverges or is stopped
"""

from __future__ import annotations

import inspect
import time
from dataclasses import dataclass

import numpy as np

from . import _validate, metrics
from . import functions as F
from .model import History
from .optim import (
    SCHEDULES,
    check_lr,
    check_momentum,
    check_optimizer,
    check_schedule,
    make_optimizer,
)


def fit(
    model,
    X,
    y,
    *,
    epochs=10,
    batch_size=32,
    lr=0.1,
    optimizer="sgd",
    momentum=0.9,
    schedule="constant",
    validation=None,
    seed=0,
    early_stopping=None,
    augment=None,
    weight_decay=0.0,
    progress=True,
    callback=None,
) -> History:
    """Train ``model`` (an MLP or a ConvNet) on (X, y) by minibatch gradient descent.

    Returns the History, which is also model.history_ (filled in as training runs, so a
    callback sees it too). Training goes on from the model's current weights.

    Parameters
    ----------
    epochs : passes through the training data.
    batch_size : examples per gradient step.
    lr : learning rate, the size of each step.
    optimizer : 'sgd', 'momentum' (with ``momentum``) or 'adam' (annlib.optim).
    momentum : mu, the fraction of the last step kept in the next (0 <= mu < 1).
    schedule : 'constant' keeps lr; 'cosine' lowers it smoothly from lr to 0 over the
        epochs (lr * (1 + cos(pi * t / epochs)) / 2 in epoch t + 1), so training ends with
        small, careful steps instead of bouncing around the bottom; 'step' keeps lr for
        the first half of the epochs, lr / 10 until the last quarter, then lr / 100.
    validation : optional (X_val, y_val), measured after every epoch.
    seed : seed of the shuffling (and of dropout's masks and augment's random draws); the
        same seed and model give the same training.
    early_stopping : None, or a number of epochs (patience): stop when the
        validation loss has not improved for that many epochs, and keep the best weights.
    augment : optional function augment(X_batch, rng) -> X_batch that changes each
        minibatch a little before the step (e.g. shifts digits by a pixel or two), so
        the network never sees exactly the same example twice.
    weight_decay : lambda >= 0 (0: none). Each step also pulls every weight towards 0, as
        if the loss had lambda / 2 times the sum of the squared weights added (biases
        are left alone): large weights must earn their size. The losses in the history
        are the data's alone, without that term.
    progress : show a progress bar (in JupyterLab or the terminal).
    callback : optional function called as callback(history, model) after every
        epoch, e.g. to redraw a live plot; if it returns False, training stops.
    """
    s = check_settings(model, X, y, **{k: v for k, v in locals().items() if k in SETTINGS})
    opt = make_optimizer(s.optimizer, s.lr, s.momentum)
    rng = np.random.default_rng(s.seed)
    history = model.history_ = History()
    kept = Kept(model)
    stopper = EarlyStopping(s.early_stopping) if s.early_stopping else None
    bar = _progress_bar(s.epochs, s.progress)
    try:
        for epoch in range(1, s.epochs + 1):
            start = time.perf_counter()
            opt.lr = SCHEDULES[s.schedule](s.lr, epoch - 1, s.epochs)
            loss, accuracy = one_epoch(model, s, opt, rng)
            history.epoch.append(epoch)
            history.loss.append(loss)
            history.accuracy.append(accuracy)
            kept.refuse_divergence(model, history, s.lr)
            if s.validation is not None:
                val_loss, val_accuracy = model.evaluate(*s.validation)
                history.val_loss.append(val_loss)
                history.val_accuracy.append(val_accuracy)
            history.seconds.append(time.perf_counter() - start)
            bar.update(1)
            bar.set_postfix(_postfix(history), refresh=False)
            kept.epoch_done(model)
            if stopper is not None and stopper.improved(history):
                kept.best = kept.last
            if s.callback is not None and s.callback(history, model) is False:
                break
            if stopper is not None and stopper.waited >= stopper.patience:
                history.stopped_early = True
                kept.put_back(model, kept.best)
                break
    except (KeyboardInterrupt, Exception) as stop:
        kept.after_stop(model, history, stop)
        raise
    finally:
        bar.close()
    return history


def one_epoch(model, s: Settings, opt, rng) -> tuple[float, float]:
    """One pass through the training examples, shuffled, one minibatch step at a time.

    Returns the epoch's mean loss and accuracy on the minibatches as they were seen.
    """
    order = rng.permutation(len(s.X))
    X, Y, labels = s.X[order], s.Y[order], s.labels[order]
    total_loss, n_right = 0.0, 0
    for i in range(0, len(X), s.batch_size):
        xb, yb = X[i : i + s.batch_size], Y[i : i + s.batch_size]
        if s.augment is not None:
            xb = _augmented(s.augment, xb, rng)
        out, cache = model.forward_for_training(xb, rng)  # forward(xb, keep=True); dropout's masks
        total_loss += model.loss.value(out, yb)
        n_right += metrics.n_right(labels[i : i + s.batch_size], F.predicted_class(out))
        grads = model.backward(cache, yb)
        if s.weight_decay:
            add_weight_decay(grads, model, s.weight_decay)
        opt.step(model.params, grads)
    return total_loss / len(X), n_right / len(X)


def add_weight_decay(grads: dict, model, weight_decay: float) -> None:
    """Add the slope of weight_decay / 2 * (sum of squared weights) to each weight's
    gradient: weight_decay * W, for the weights the network names (never the biases)."""
    for name in model.weight_names:
        grads[name] += weight_decay * model.params[name]


# ---- the settings, checked before the first step ------------------------------------

SETTINGS = list(inspect.signature(fit).parameters)[3:]  # fit's settings: all after X and y


@dataclass
class Settings:
    """fit's settings after their checks, with the data as the network takes it:
    X its inputs, Y the wanted outputs, labels their classes, validation (X_val, Y_val)."""

    X: np.ndarray
    Y: np.ndarray
    labels: np.ndarray
    validation: tuple | None
    epochs: int
    batch_size: int
    lr: float
    optimizer: str
    momentum: float
    schedule: str
    seed: int
    early_stopping: int | None
    augment: object
    weight_decay: float
    progress: bool
    callback: object


def check_settings(model, X=None, y=None, **settings) -> Settings:
    """fit's settings and data, checked: a clear message for the first thing that is wrong.

    Without X (and y), only the settings are checked (annlib.lab.experiments checks every
    run's settings this way before the first run trains); the data fields are then None.
    """
    if not all(hasattr(model, name) for name in ("params", "forward_for_training", "backward")):
        raise TypeError(
            f"fit trains an annlib network (MLP or ConvNet); got {type(model).__name__}. "
            "Other models train with their own model.fit(X, y)."
        )
    unknown = sorted(set(settings) - set(SETTINGS))
    if unknown:
        raise TypeError(f"fit has no setting {unknown[0]!r}; its settings are {SETTINGS}.")
    given = {**_DEFAULTS, **settings}
    checked = _check_numbers(given)
    for name, takes in (("augment", "(X_batch, rng)"), ("callback", "(history, model)")):
        _check_function(given[name], name, takes)
    data = _check_data(model, X, y, given["validation"]) if X is not None else (None,) * 4
    if checked["early_stopping"] is not None and given["validation"] is None:
        raise ValueError(
            "early_stopping watches the validation loss: give validation=(X_val, y_val)."
        )
    X, Y, labels, validation = data
    extra = {k: given[k] for k in ("augment", "progress", "callback")}
    return Settings(X, Y, labels, validation, **checked, **extra)


_DEFAULTS = {
    name: parameter.default
    for name, parameter in inspect.signature(fit).parameters.items()
    if name in SETTINGS
}


def _check_numbers(given: dict) -> dict:
    """The settings that are numbers or names, checked in the order fit lists them."""
    checked = {
        "epochs": _validate.whole_number(given["epochs"], "epochs", minimum=1, example="10"),
        "batch_size": _validate.whole_number(
            given["batch_size"], "batch_size", minimum=1, example="32 or 64"
        ),
        "seed": _validate.whole_number(given["seed"], "seed", minimum=0),
        "lr": check_lr(given["lr"]),
        "momentum": check_momentum(given["momentum"]),
        "weight_decay": _validate.real_number(given["weight_decay"], "weight_decay"),
    }
    if not checked["weight_decay"] >= 0:
        raise ValueError(
            f"weight_decay must be 0 (none) or more, such as 1e-4; got {checked['weight_decay']!r}."
        )
    checked["optimizer"] = check_optimizer(given["optimizer"])
    checked["schedule"] = check_schedule(given["schedule"])
    patience = given["early_stopping"]
    if patience is not None:
        patience = _validate.whole_number(
            patience, "early_stopping (the patience)", minimum=1, example="5"
        )
    checked["early_stopping"] = patience
    return checked


def _check_function(function, name: str, takes: str) -> None:
    """augment and callback: None, or a function of two arguments."""
    if function is None:
        return
    if not callable(function):
        raise TypeError(
            f"{name} must be a function (or None); got {function!r}. See fit's help "
            "for what it is given."
        )
    if not _takes_two(function):
        raise TypeError(
            f"{name} is called with two things, {name}{takes}: give it a function of two "
            f"arguments, such as def {name}{takes.replace('X_batch', 'batch')}: ..."
        )


def _check_data(model, X, y, validation) -> tuple:
    """(X, Y, labels, validation) as the network takes them: inputs, wanted outputs,
    classes, and (X_val, Y_val) or None."""
    X, _ = model.check_inputs(X)
    if len(X) == 0:
        raise ValueError("X holds no examples; there is nothing to learn from.")
    Y = model.targets(y, len(X))
    if validation is not None:
        if not (isinstance(validation, (tuple, list)) and len(validation) == 2):
            raise TypeError("validation must be a pair (X_val, y_val).")
        X_val, _ = model.check_inputs(validation[0])
        if len(X_val) == 0:
            raise ValueError("the validation set holds no examples: give some, or no validation.")
        validation = (X_val, model.targets(validation[1], len(X_val)))
    return X, Y, F.predicted_class(Y), validation


def _takes_two(function) -> bool:
    """Whether function can be called with two positional arguments (True if unknown)."""
    try:
        inspect.signature(function).bind(None, None)
    except TypeError:
        return False
    except ValueError:  # no signature to read (some built-ins): let the call decide
        return True
    return True


def _augmented(augment, batch, rng):
    """augment(batch, rng), checked: the same number of examples, each of the same size."""
    changed = augment(batch, rng)
    shape = getattr(changed, "shape", None)
    if shape != batch.shape:
        got = type(changed).__name__ + ("" if shape is None else f" of shape {shape}")
        raise ValueError(
            f"augment must give back a batch of the shape it was given, {batch.shape}; it "
            f"returned {got}."
        )
    if changed.dtype.kind not in "biuf":
        kind = "text" if changed.dtype.kind in "US" else "not numbers"
        raise TypeError(
            "augment must give back pixels as numbers, as it was given; it returned an "
            f"array of {changed.dtype} ({kind})."
        )
    if not np.isfinite(changed).all():
        raise ValueError(
            "augment gave back a batch holding NaN or infinity: it must return pixels that "
            "are numbers, as it was given."
        )
    return changed


# ---- early stopping, and the weights kept when training stops ------------------------


class EarlyStopping:
    """Watch the validation loss; after ``patience`` epochs without a new lowest, stop."""

    def __init__(self, patience: int):
        self.patience, self.best_loss, self.waited = patience, np.inf, 0

    def improved(self, history: History) -> bool:
        """Whether this epoch's validation loss is the lowest so far (counts the wait)."""
        if history.val_loss[-1] < self.best_loss:
            self.best_loss, self.waited, history.best_epoch = history.val_loss[-1], 0, len(history)
            return True
        self.waited += 1
        return False


DIVERGED = "the loss diverged"


class Kept:
    """Copies of the weights to go back to: after the last complete epoch (``last``), and
    with early stopping, after the best epoch so far (``best``)."""

    def __init__(self, model):
        self.last, self.best = _copy(model.params), None

    def epoch_done(self, model) -> None:
        self.last = _copy(model.params)

    @staticmethod
    def put_back(model, params: dict) -> None:
        model.params.update(_copy(params))

    def refuse_divergence(self, model, history: History, lr: float) -> None:
        """After a bad epoch (a loss or weights past what the numbers hold), go back to the
        weights from before it and stop with a FloatingPointError that says what to try."""
        finite_weights = all(np.isfinite(p).all() for p in model.params.values())
        if np.isfinite(history.loss[-1]) and finite_weights:
            return
        self.put_back(model, self.last)
        history.interrupted = DIVERGED
        epoch = len(history)
        what = (
            f"the loss became {history.loss[-1]}"
            if finite_weights
            else "the weights grew past the largest numbers the network can hold"
        )
        raise FloatingPointError(
            f"{what} in epoch {epoch}: training diverged. Try a smaller learning rate "
            f"than lr={lr}. (The model keeps its weights from before epoch {epoch}.)"
        )

    def after_stop(self, model, history: History, stop: BaseException) -> None:
        """Training stopped before its end (the stop button, or an error in a callback or an
        augment function): put back the weights of the last complete epoch (with early
        stopping, of the best one so far), and say in one line what happened and where."""
        if history.interrupted == DIVERGED:  # (divergence has said what it kept)
            return
        self.put_back(model, self.best or self.last)
        n = len(history)
        if isinstance(stop, KeyboardInterrupt):
            history.interrupted = "you pressed stop"
        else:
            history.interrupted = f"stopped by an error, {type(stop).__name__} (below)"
        if n == 0:
            kept = "the model keeps the weights it started with"
        elif history.best_epoch is not None:
            kept = f"the model keeps its best weights, from epoch {history.best_epoch}"
        else:
            kept = f"the model keeps its weights from the end of epoch {n}"
        print(
            f"Training stopped after {n} complete epoch{'' if n == 1 else 's'} "
            f"({history.interrupted}): {kept}, and model.history_ holds what happened so far."
        )


def _copy(params: dict) -> dict:
    return {name: value.copy() for name, value in params.items()}


def _postfix(history: History) -> dict:
    post = {"loss": f"{history.loss[-1]:.4f}", "acc": f"{history.accuracy[-1]:.3f}"}
    if history.val_accuracy:
        post["val_acc"] = f"{history.val_accuracy[-1]:.3f}"
    return post


def _progress_bar(epochs: int, show: bool):
    from ._progress import progress_bar

    return progress_bar(epochs, desc="training", unit="epoch", show=show)
