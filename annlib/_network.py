"""What every trainable network shares, written once for the MLP and the ConvNet.

Each network builds its own parameters ``params`` (a dict of arrays) and has its own
forward and backward passes:

    A = net.forward(X)                    the outputs for a batch; nothing is stored
    A, cache = net.forward(X, keep=True)  ... and what backpropagation needs
    grads = net.backward(cache, Y)        the gradient of the mean loss for every parameter

Everything else is here: checking inputs X and labels y, predict_proba, classes_ (one
class per output, so that annlib.model's predict and score serve networks as they serve
every model), evaluate, training (fit, which is annlib.train.fit) and saving to an .npz
file of plain arrays with the network's settings (never a pickle). A network starts
with random weights, so it can predict before fit (badly); only history_ needs fit.

fit takes each training step through ``forward_for_training(X, rng)``, a named hook: here
it is forward(X, keep=True); a network that makes random choices while it trains
(DropoutMLP) defines its own. ``weight_names`` names the weights weight decay pulls
towards 0 (never the biases).

The checks of forward's X and backward's cache and Y are two decorators (annlib._passes),
put on each network's forward and backward: the bodies keep only the maths (notebook 04
prints MLP.backward as the four formulas of backpropagation).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from . import _network_files, _validate, train
from . import functions as F
from .metrics import accuracy
from .model import Model

PREDICT_BATCH = 4096  # predict in chunks so memory stays small on big inputs


class NetworkModel(Model):
    """The shared part of MLP and ConvNet. A subclass sets ``params``, ``output`` (the
    output activation) and ``loss``, and defines n_inputs, n_outputs, settings(), forward
    and backward."""

    predicts_before_fit = True  # from its starting weights (annlib._estimator, difference 1)

    def __init__(self, seed=0, dtype="float32"):
        try:
            self.dtype = np.dtype(dtype)
        except TypeError:
            raise ValueError(f"dtype must be 'float32' or 'float64'; got {dtype!r}.") from None
        if self.dtype not in (np.float32, np.float64):
            raise ValueError(f"dtype must be 'float32' or 'float64'; got {dtype!r}.")
        self.seed = _validate.whole_number(seed, "seed", minimum=0)
        self.params: dict[str, np.ndarray] = {}

    # ---- what each network defines -------------------------------------------

    n_inputs: int
    n_outputs: int

    def settings(self) -> dict:
        """The constructor's arguments that rebuild this network (saved with the weights)."""
        raise NotImplementedError

    def forward(self, X, keep: bool = False):
        """The outputs for a batch X; with keep=True, (A, cache). Decorate with @checks_forward."""
        raise NotImplementedError

    def backward(self, cache, Y) -> dict[str, np.ndarray]:
        """The gradient for every parameter. Decorate with @checks_backward."""
        raise NotImplementedError

    @property
    def weight_names(self) -> list[str]:
        """The names in params of the weights (not the biases): what weight decay pulls."""
        raise NotImplementedError

    def forward_for_training(self, X, rng):
        """The forward pass of one training step, (A, cache): the hook fit calls.

        A network without random choices runs its forward pass; DropoutMLP draws its
        masks here with ``rng`` (fit's random generator, so a seed repeats a training).
        """
        return self.forward(X, keep=True)

    # ---- structure -------------------------------------------------------------

    @property
    def n_parameters(self) -> int:
        return sum(p.size for p in self.params.values())

    @property
    def n_classes(self) -> int:
        """One class per output; a single output answers yes/no, 2 classes."""
        return self.n_outputs if self.n_outputs > 1 else 2

    @property
    def classes_(self) -> np.ndarray:
        """The classes 0, 1, ..., n_classes - 1, fixed by the outputs (so known before fit)."""
        return np.arange(self.n_classes)

    def __repr__(self) -> str:
        shown = {k: v for k, v in self.settings().items() if (k, v) != ("dtype", "float32")}
        arguments = ", ".join(f"{k}={v!r}" for k, v in shown.items())
        return f"{type(self).__name__}({arguments}) with {self.n_parameters:,} parameters"

    # ---- inputs and wanted outputs ---------------------------------------------

    def check_inputs(self, X) -> tuple[np.ndarray, bool]:
        """X as a (n, n_inputs) array of this model's dtype; also whether one example was given."""
        X = _validate.numeric_array(X, "X (the inputs)")
        n_in = self.n_inputs
        if X.ndim == 1 and X.shape[0] == n_in:
            return self._in_range(X[np.newaxis, :]), True
        if X.ndim == 3 and X.shape[1] * X.shape[2] == n_in:
            raise ValueError(
                f"X holds {X.shape[0]} images of shape {X.shape[1:]}; the network takes each image "
                f"as one row of {n_in} numbers: use X.reshape(len(X), -1)."
            )
        if X.ndim != 2 or X.shape[1] != n_in:
            raise ValueError(
                f"the network has {n_in} inputs, so X must have shape (n, {n_in}), one example per "
                f"row; got shape {X.shape}."
            )
        return self._in_range(X), False

    def _in_range(self, X) -> np.ndarray:
        """X in this network's number type, refusing numbers too large for it (instead of
        turning them into infinity, and the answers into NaN)."""
        with np.errstate(over="ignore"):
            converted = X.astype(self.dtype, copy=False)
        if not np.isfinite(converted).all():
            raise ValueError(
                f"X holds numbers too large for this network's {self.dtype.name} "
                f"(up to about {np.finfo(self.dtype).max:.1e}; yours reach "
                f"{np.abs(X).max():.1e}): scale the inputs, e.g. pixels from 0 to 1."
            )
        return converted

    def targets(self, y, n: int | None = None) -> np.ndarray:
        """The wanted outputs Y (n, n_outputs) for labels y (n,), or y itself if already a table.

        With several outputs, label k becomes a row with 1 in column k and 0 elsewhere
        (one-hot); with a single yes/no output, the label (0 or 1) itself.
        """
        y_arr = _validate.numeric_array(y, "y (the labels)")
        if y_arr.ndim == 0:
            raise ValueError(
                f"y must hold one label per example, such as [0, 1, 1, 0]; got the single "
                f"number {y!r}."
            )
        n_out = self.n_outputs
        if n is not None and y_arr.shape[0] != n:
            raise ValueError(
                f"X has {n} examples but y has {y_arr.shape[0]} labels; give one per example."
            )
        if y_arr.ndim == 2:
            if y_arr.shape[1] != n_out:
                raise ValueError(
                    f"y as a table of wanted outputs must have {n_out} columns; "
                    f"got shape {y_arr.shape}."
                )
            return self.reachable(y_arr.astype(self.dtype), "y")
        if y_arr.ndim != 1:
            raise ValueError(
                f"y must be one label per example, shape (n,); got shape {y_arr.shape}."
            )
        labels = y_arr.astype(np.int64)
        bad = (labels != y_arr) | (labels < 0) | (labels >= self.n_classes)
        if np.any(bad):
            raise ValueError(
                f"labels must be whole numbers from 0 to {self.n_classes - 1} (this network has "
                f"{n_out} output{'s' if n_out > 1 else ''}); "
                f"got {', '.join(f'{v:g}' for v in y_arr[bad][:5])}."
            )
        if n_out == 1:
            return labels[:, np.newaxis].astype(self.dtype)
        Y = np.zeros((labels.size, n_out), dtype=self.dtype)
        Y[np.arange(labels.size), labels] = 1
        return Y

    def check_wanted_outputs(self, Y, n: int) -> np.ndarray:
        """Y as a (n, n_outputs) array of this model's dtype: one row of wanted outputs per
        example. Labels y (n,) are refused with a pointer to targets(y), which makes Y."""
        Y = _validate.numeric_array(Y, "Y (the wanted outputs)")
        wanted = (n, self.n_outputs)
        if Y.ndim == 1:
            raise ValueError(
                f"Y must be the wanted outputs, one row per example, shape {wanted}; got shape "
                f"{Y.shape}, which looks like labels: turn labels y into wanted outputs with "
                "Y = model.targets(y)."
            )
        if Y.shape != wanted:
            raise ValueError(
                f"Y must be the wanted outputs for the {n} examples given to forward, one row "
                f"of {self.n_outputs} per example, shape {wanted}; got shape {Y.shape}."
            )
        return self.reachable(Y.astype(self.dtype, copy=False), "Y")

    def reachable(self, Y, name: str) -> np.ndarray:
        """Y, refused if the output layer can never give those values (a sigmoid never
        reaches 2, and cross-entropy has no meaning for it): one more silent failure caught."""
        low, high = self.output.reaches
        outside = (Y < low) | (Y > high)
        if np.any(outside):
            raise ValueError(
                f"{name} wants an output of {Y[outside][0]:g}, but a {self.output.name} "
                f"output layer only gives values from {low:g} to {high:g}, so the network "
                "could never learn it: scale the wanted outputs into that range (for labels, "
                "model.targets(y) makes them), or choose an output that reaches them "
                "(output='identity' with loss='sse' reaches any number)."
            )
        if self.output.name == "softmax" and len(Y):
            sums = Y.sum(axis=1, dtype=np.float64)
            if not np.allclose(sums, 1, atol=1e-3):
                row = int(np.argmax(np.abs(sums - 1)))
                raise ValueError(
                    f"{name}'s row {row} adds up to {sums[row]:g}, but a softmax output layer's "
                    "outputs always add up to 1: give one row per example that adds up to 1 "
                    "(model.targets(y) makes such rows from labels y)."
                )
        return Y

    # ---- loss and gradients ------------------------------------------------------

    def loss_value(self, A, Y) -> float:
        """The loss per example (averaged over the batch)."""
        if isinstance(A, tuple):
            raise TypeError(
                "A must be the network's outputs, an array; got a pair. forward(X, keep=True) "
                "returns two things since annlib 0.8: write A, cache = model.forward(X, "
                "keep=True) (annlib 0.7 code said A = model.forward(X, keep=True))."
            )
        A = np.asarray(A)
        Y = self.check_wanted_outputs(Y, len(A))
        if A.shape != Y.shape:
            raise ValueError(
                f"A must be the network's outputs for the examples of Y, shape {Y.shape}; "
                f"got shape {A.shape}."
            )
        return self.loss.value(A, Y) / len(Y)

    def gradients(self, X, y) -> tuple[float, dict[str, np.ndarray]]:
        """The mean loss on (X, y) and its gradient for every parameter."""
        X, _ = self.check_inputs(X)
        _some_examples(X, "take the gradient of")
        Y = self.targets(y, len(X))
        A, cache = self.forward(X, keep=True)
        return self.loss_value(A, Y), self.backward(cache, Y)

    # ---- predictions ---------------------------------------------------------------

    def predict_proba(self, X) -> np.ndarray:
        """The output activations: with softmax, one probability per class for each example."""
        X, single = self.check_inputs(X)
        if not len(X):
            return np.zeros((0, self.n_outputs), self.dtype)
        with np.errstate(over="ignore", invalid="ignore"):
            out = np.concatenate(
                [self.forward(X[i : i + PREDICT_BATCH]) for i in range(0, len(X), PREDICT_BATCH)]
            )
        if not np.isfinite(out).all():
            raise FloatingPointError(
                f"the network's outputs overflowed (inputs up to {np.abs(X).max():.1e} grow "
                "past the largest number it can hold on their way through the layers): scale "
                "the inputs, e.g. pixels from 0 to 1, or check the weights for huge values."
            )
        return out[0] if single else out

    def true_labels(self, y, n: int) -> np.ndarray:
        """The labels y, checked (see targets); wanted outputs (n, n_outputs) give theirs."""
        return F.predicted_class(self.targets(y, n))

    def evaluate(self, X, y) -> tuple[float, float]:
        """(mean loss, accuracy) on a data set."""
        X, _ = self.check_inputs(X)
        _some_examples(X, "evaluate")
        Y = self.targets(y, len(X))
        P = self.predict_proba(X)
        return self.loss_value(P, Y), accuracy(F.predicted_class(Y), F.predicted_class(P))

    # ---- training ---------------------------------------------------------------------

    def fit(self, X, y, **settings) -> NetworkModel:
        """Train on (X, y) by minibatch gradient descent; returns the network itself.

        The settings (epochs, batch_size, lr, optimizer, momentum, schedule, validation,
        seed, early_stopping, augment, weight_decay, progress, callback) are
        annlib.train.fit's, which does the work. Training goes on from the current weights;
        history_ holds this call's History.
        """
        train.fit(self, X, y, **settings)
        return self

    # ---- saving and loading (npz, never pickle): annlib._network_files ------------------

    def save(self, path) -> Path:
        """Save the weights, the settings and the training history to an .npz file.

        Plain arrays and text only (no pickle), written atomically: a save that fails
        never damages an earlier file at path. Returns the path (.npz added if missing).
        """
        return _network_files.save(self, path)

    @classmethod
    def load(cls, path) -> NetworkModel:
        """Load a network saved by save() (also MLP files of annlib 0.7 and earlier).

        MLP.load and ConvNet.load check the file holds that kind of network;
        NetworkModel.load returns whichever it holds. Files holding pickled objects
        (which could run any code), damaged files and broken weights are refused.
        As in save, .npz is added to the path if missing.
        """
        return _network_files.load(cls, path)


def _some_examples(X, what: str) -> None:
    if not len(X):
        raise ValueError(f"X holds no examples, so there is nothing to {what}: give at least one.")
