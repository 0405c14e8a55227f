"""Minibatch gradient descent: how a network learns from examples.

Each epoch shuffles the training examples (with a seed, so runs repeat) and
walks through them in minibatches. For each minibatch, backpropagation gives
the gradient of the loss, and the optimiser moves every weight a small step
downhill:

    sgd        w <- w - lr * dL/dw
    momentum   v <- mu * v - lr * dL/dw;  w <- w + v      (keeps rolling in a good direction)
    adam       steps scaled per weight by running averages of the gradient and its square

The history records, per epoch, the mean loss and accuracy on the training
minibatches (as seen while training) and on held-out data if given.

``fit(model, X, y, ...)`` returns the History (and keeps it on model.history_);
``model.fit(X, y, ...)`` is the same training, returning the model.
"""

from __future__ import annotations

import time

import numpy as np

from . import _validate, metrics
from . import functions as F
from ._network import NetworkModel
from .model import History


class SGD:
    """Plain gradient descent: w <- w - lr * gradient.

    Every update works in place; the gradients (temporaries of this step) are overwritten.
    """

    def __init__(self, lr):
        self.lr = lr

    def step(self, params, grads):
        for key, g in grads.items():
            g *= self.lr
            params[key] -= g


class Momentum:
    """Gradient descent with momentum: a running velocity smooths the steps.

    v <- mu * v - lr * gradient;  w <- w + v
    """

    def __init__(self, lr, momentum=0.9):
        self.lr, self.mu, self.v = lr, momentum, {}

    def step(self, params, grads):
        for key, g in grads.items():
            v = self.v.get(key)
            if v is None:
                v = self.v[key] = np.zeros_like(g)
            v *= self.mu
            g *= self.lr
            v -= g
            params[key] += v


class Adam:
    """Adam: each weight gets its own step size from running averages of its gradients.

    m <- b1 m + (1 - b1) g;  v <- b2 v + (1 - b2) g^2
    w <- w - lr_t * m / (sqrt(v) + eps_t), with the bias corrections folded into lr_t, eps_t
    """

    def __init__(self, lr, beta1=0.9, beta2=0.999, eps=1e-8):
        self.lr, self.beta1, self.beta2, self.eps = lr, beta1, beta2, eps
        self.m, self.v, self.buffer, self.t = {}, {}, {}, 0

    def step(self, params, grads):
        self.t += 1
        correction1 = 1 - self.beta1**self.t
        correction2 = 1 - self.beta2**self.t
        # lr * (m / c1) / (sqrt(v / c2) + eps) == lr_t * m / (sqrt(v) + eps_t)
        lr_t = self.lr * np.sqrt(correction2) / correction1
        eps_t = self.eps * np.sqrt(correction2)
        for key, g in grads.items():
            m = self.m.get(key)
            if m is None:
                m = self.m[key] = np.zeros_like(g)
                self.v[key] = np.zeros_like(g)
                self.buffer[key] = np.empty_like(g)
            v, tmp = self.v[key], self.buffer[key]
            m *= self.beta1
            np.multiply(g, 1 - self.beta1, out=tmp)
            m += tmp
            v *= self.beta2
            np.multiply(g, g, out=tmp)
            tmp *= 1 - self.beta2
            v += tmp
            np.sqrt(v, out=tmp)
            tmp += eps_t
            np.divide(m, tmp, out=tmp)
            tmp *= lr_t
            params[key] -= tmp


OPTIMIZERS = {"sgd": SGD, "momentum": Momentum, "adam": Adam}

SCHEDULES = {  # the learning rate of epoch t + 1 (t = 0, 1, ..., total - 1)
    "constant": lambda lr, t, total: lr,
    "cosine": lambda lr, t, total: lr * 0.5 * (1 + np.cos(np.pi * t / total)),
    # a tenth of lr from halfway on, a hundredth for the last quarter
    "step": lambda lr, t, total: lr * 0.1 ** ((t >= total / 2) + (t >= 3 * total / 4)),
}


def _positive(value, name) -> float:
    value = _validate.real_number(value, name)
    if not value > 0:
        raise ValueError(f"{name} must be a number greater than 0; got {value!r}.")
    return value


def _momentum(value) -> float:
    """mu, the fraction of the last step kept in the next: 0 <= mu < 1."""
    value = _validate.real_number(value, "momentum")
    if not 0 <= value < 1:
        raise ValueError(
            f"momentum must be from 0 up to (not including) 1, such as 0.9; got {value!r}. "
            "It is the fraction of the last step kept in the next: at 1 or more the steps "
            "never die down."
        )
    return value


def fit(
    model: NetworkModel,
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
    optimizer : 'sgd', 'momentum' (with ``momentum``) or 'adam'.
    momentum : mu, the fraction of the last step kept in the next (0 <= mu < 1).
    schedule : 'constant' keeps lr; 'cosine' lowers it smoothly from lr to 0 over the
        epochs (lr * (1 + cos(pi * t / epochs)) / 2 in epoch t + 1), so training ends with
        small, careful steps instead of bouncing around the bottom; 'step' keeps lr for
        the first half of the epochs, lr / 10 until the last quarter, then lr / 100.
    validation : optional (X_val, y_val), measured after every epoch.
    seed : seed of the shuffling; the same seed and model give the same training.
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
    if not isinstance(model, NetworkModel):
        raise TypeError(
            f"fit trains an annlib network (MLP or ConvNet); got "
            f"{type(model).__name__}. Other models train with their own "
            "model.fit(X, y)."
        )
    epochs = _validate.whole_number(epochs, "epochs", minimum=1, example="10")
    batch_size = _validate.whole_number(batch_size, "batch_size", minimum=1, example="32 or 64")
    seed = _validate.whole_number(seed, "seed", minimum=0)
    lr = _positive(lr, "lr (the learning rate)")
    momentum = _momentum(momentum)
    weight_decay = _validate.real_number(weight_decay, "weight_decay")
    if not weight_decay >= 0:
        raise ValueError(
            f"weight_decay must be 0 (none) or more, such as 1e-4; got {weight_decay!r}."
        )
    if not isinstance(optimizer, str) or optimizer not in OPTIMIZERS:
        raise ValueError(f"unknown optimizer {optimizer!r}; choose one of {sorted(OPTIMIZERS)}.")
    if not isinstance(schedule, str) or schedule not in SCHEDULES:
        raise ValueError(f"unknown schedule {schedule!r}; choose one of {sorted(SCHEDULES)}.")
    for name, function, takes in (
        ("augment", augment, "(X_batch, rng)"),
        ("callback", callback, "(history, model)"),
    ):
        if function is not None and not callable(function):
            raise TypeError(
                f"{name} must be a function (or None); got {function!r}. See fit's help "
                "for what it is given."
            )
        if function is not None and not _takes_two(function):
            raise TypeError(
                f"{name} is called with two things, {name}{takes}: give it a function of two "
                f"arguments, such as def {name}{takes.replace('X_batch', 'batch')}: ..."
            )
    X, _ = model.check_inputs(X)
    if len(X) == 0:
        raise ValueError("X holds no examples; there is nothing to learn from.")
    Y = model.targets(y, len(X))
    labels = F.predicted_class(Y)
    if validation is not None:
        if not (isinstance(validation, (tuple, list)) and len(validation) == 2):
            raise TypeError("validation must be a pair (X_val, y_val).")
        X_val, _ = model.check_inputs(validation[0])
        if len(X_val) == 0:
            raise ValueError("the validation set holds no examples: give some, or no validation.")
        y_val = model.targets(validation[1], len(X_val))
    if early_stopping is not None:
        early_stopping = _validate.whole_number(
            early_stopping, "early_stopping (the patience)", minimum=1, example="5"
        )
        if validation is None:
            raise ValueError(
                "early_stopping watches the validation loss: give validation=(X_val, y_val)."
            )
    opt = Momentum(lr, momentum) if optimizer == "momentum" else OPTIMIZERS[optimizer](lr)
    rng = np.random.default_rng(seed)
    training = {"rng": rng} if getattr(model, "dropout", 0) else {}  # dropout's masks
    history = model.history_ = History()
    best_loss, best_params, waited = np.inf, None, 0
    done_params = _copy(model.params)  # the weights after the last complete epoch
    bar = _progress_bar(epochs, progress)
    try:
        for epoch in range(1, epochs + 1):
            start = time.perf_counter()
            opt.lr = SCHEDULES[schedule](lr, epoch - 1, epochs)
            order = rng.permutation(len(X))
            Xs, Ys, ls = X[order], Y[order], labels[order]
            total_loss, correct = 0.0, 0
            for i in range(0, len(Xs), batch_size):
                xb, yb = Xs[i : i + batch_size], Ys[i : i + batch_size]
                if augment is not None:
                    xb = _augmented(augment, xb, rng)
                out, cache = model.forward(xb, keep=True, **training)
                total_loss += model.loss.value(out, yb)
                correct += metrics.n_right(ls[i : i + batch_size], F.predicted_class(out))
                grads = model.backward(cache, yb)
                if weight_decay:
                    _decay(grads, model.params, weight_decay)
                opt.step(model.params, grads)
            history.epoch.append(epoch)
            history.loss.append(total_loss / len(X))
            history.accuracy.append(correct / len(X))
            finite_weights = all(np.isfinite(p).all() for p in model.params.values())
            if not np.isfinite(history.loss[-1]) or not finite_weights:
                model.params.update(_copy(done_params))
                history.interrupted = DIVERGED
                what = (
                    f"the loss became {history.loss[-1]}"
                    if finite_weights is True and not np.isfinite(history.loss[-1])
                    else "the weights grew past the largest numbers the network can hold"
                )
                raise FloatingPointError(
                    f"{what} in epoch {epoch}: training diverged. Try a smaller learning rate "
                    f"than lr={lr}. (The model keeps its weights from before epoch {epoch}.)"
                )
            if validation is not None:
                val_loss, val_acc = model.evaluate(X_val, y_val)
                history.val_loss.append(val_loss)
                history.val_accuracy.append(val_acc)
            history.seconds.append(time.perf_counter() - start)
            bar.update(1)
            bar.set_postfix(_postfix(history), refresh=False)
            done_params = _copy(model.params)
            if early_stopping is not None and history.val_loss[-1] < best_loss:
                best_loss, waited, history.best_epoch = history.val_loss[-1], 0, epoch
                best_params = done_params
            elif early_stopping is not None:
                waited += 1
            if callback is not None and callback(history, model) is False:
                break
            if early_stopping is not None and waited >= early_stopping:
                history.stopped_early = True
                model.params.update(_copy(best_params))
                break
    except (KeyboardInterrupt, Exception) as stop:
        if history.interrupted != DIVERGED:  # (divergence has said what it kept)
            _keep_what_was_learned(model, history, stop, best_params or done_params)
        raise
    finally:
        bar.close()
    return history


DIVERGED = "the loss diverged"


def _decay(grads: dict, params: dict, weight_decay: float) -> None:
    """Add the slope of weight_decay / 2 * (sum of squared weights) to each weight's
    gradient: weight_decay * W (weights only, named W... or K...; never the biases)."""
    for name, gradient in grads.items():
        if name[0] in "WK":
            gradient += weight_decay * params[name]


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


def _takes_two(function) -> bool:
    """Whether function can be called with two positional arguments (True if unknown)."""
    import inspect

    try:
        inspect.signature(function).bind(None, None)
    except TypeError:
        return False
    except ValueError:  # no signature to read (some built-ins): let the call decide
        return True
    return True


def _copy(params: dict) -> dict:
    return {name: value.copy() for name, value in params.items()}


def _keep_what_was_learned(model, history: History, stop: BaseException, params: dict) -> None:
    """Training stopped before its end (the stop button, or an error in a callback or an
    augment function): put back the weights of the last complete epoch (with early
    stopping, of the best one so far), and say in one line what happened and where."""
    model.params.update(_copy(params))
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


def _postfix(history: History) -> dict:
    post = {"loss": f"{history.loss[-1]:.4f}", "acc": f"{history.accuracy[-1]:.3f}"}
    if history.val_accuracy:
        post["val_acc"] = f"{history.val_accuracy[-1]:.3f}"
    return post


def _progress_bar(epochs: int, show: bool):
    from ._progress import progress_bar

    return progress_bar(epochs, desc="training", unit="epoch", show=show)
