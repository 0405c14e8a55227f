"""A trainable multi-layer perceptron, from scratch in NumPy.

Layer l (l = 1 .. L) has a weight matrix W_l with one row per neuron, as in
notebook 02, and a bias vector b_l. For a batch A_0 = X (one example per row):

    Z_l = A_{l-1} W_l^T + b_l          weighted inputs
    A_l = f(Z_l)                       activations (the output layer uses its own f)

The article's threshold neuron fires when w . x >= m, i.e. when w . x - m >= 0:
the bias is the threshold with its sign flipped, b = -m. A smooth f (sigmoid,
ReLU) in place of the step is what makes learning possible.

Backpropagation, for a batch of n examples and the loss L (averaged over them):

    delta_L = dL/dZ_L                                  (a - y for softmax + cross-entropy)
    dL/dW_l = delta_l^T A_{l-1} / n,   dL/db_l = sum of the rows of delta_l / n
    delta_{l-1} = (delta_l W_l) * f'(Z_{l-1})

Everything is vectorised over the batch: no Python loop over examples or neurons.
"""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import numpy as np

from . import _validate
from . import functions as F

FORMAT = "annlib.MLP"
FORMAT_VERSION = 1
PREDICT_BATCH = 4096  # predict in chunks so memory stays small on big inputs


class MLP:
    """A multi-layer perceptron: layers of neurons with smooth activations, trained by backpropagation.

    Parameters
    ----------
    sizes : neurons per layer, inputs first, e.g. [784, 500, 500, 500, 10].
    activation : hidden layers' activation: 'relu', 'sigmoid', 'tanh' (or 'step', to see it fail).
    output : output layer's activation: 'softmax' (default), 'sigmoid' or 'identity'.
    loss : 'cross_entropy' (default) or 'sse', the article's sum of squared errors.
    seed : seed of the random starting weights; the same seed gives the same network.
    dtype : 'float32' (fast, the default) or 'float64' (for gradient checks).

    Examples
    --------
    >>> model = MLP([2, 4, 1], activation="sigmoid", output="sigmoid", loss="sse", seed=0)
    >>> model.predict([[0, 1], [1, 1]]).shape
    (2,)
    """

    def __init__(self, sizes, activation="relu", output="softmax", loss="cross_entropy", seed=0,
                 dtype="float32"):
        self.sizes = _check_sizes(sizes)
        self.activation = F.activation(activation)
        self.output = F.activation(output)
        self.loss = F.loss(loss, self.output)
        if self.output.name == "softmax" and self.sizes[-1] < 2:
            raise ValueError("a softmax output needs at least 2 neurons (one per class); "
                             "for a single yes/no output use output='sigmoid'.")
        try:
            self.dtype = np.dtype(dtype)
        except TypeError:
            raise ValueError(f"dtype must be 'float32' or 'float64'; got {dtype!r}.") from None
        if self.dtype not in (np.float32, np.float64):
            raise ValueError(f"dtype must be 'float32' or 'float64'; got {dtype!r}.")
        self.seed = _validate.whole_number(seed, "seed", minimum=0)
        rng = np.random.default_rng(self.seed)
        # Start with small random weights, scaled so signals keep their size from layer to
        # layer: sqrt(2 / n_in) for ReLU (He), sqrt(1 / n_in) otherwise (Glorot/LeCun).
        gain = 2.0 if self.activation.name == "relu" else 1.0
        self.params: dict[str, np.ndarray] = {}
        for l, (n_in, n_out) in enumerate(zip(self.sizes, self.sizes[1:]), start=1):
            W = rng.normal(0.0, np.sqrt(gain / n_in), size=(n_out, n_in))
            self.params[f"W{l}"] = W.astype(self.dtype)
            self.params[f"b{l}"] = np.zeros(n_out, dtype=self.dtype)
        self._cache = None

    # ---- structure -------------------------------------------------------

    @property
    def n_layers(self) -> int:
        """Number of layers of weights (hidden layers + the output layer)."""
        return len(self.sizes) - 1

    @property
    def n_parameters(self) -> int:
        return sum(p.size for p in self.params.values())

    @property
    def n_classes(self) -> int:
        return self.sizes[-1] if self.sizes[-1] > 1 else 2

    @property
    def thresholds(self) -> list[np.ndarray]:
        """Each layer's minimum signal strengths m = -b, as in the article's threshold neurons."""
        return [-self.params[f"b{l}"] for l in range(1, self.n_layers + 1)]

    def __repr__(self) -> str:
        return (f"MLP(sizes={list(self.sizes)}, activation={self.activation.name!r}, "
                f"output={self.output.name!r}, loss={self.loss.name!r}, seed={self.seed}) "
                f"with {self.n_parameters:,} parameters")

    # ---- input checks ----------------------------------------------------

    def check_inputs(self, X) -> tuple[np.ndarray, bool]:
        """X as a (n, n_inputs) array of this model's dtype; also whether one example was given."""
        X = _validate.numeric_array(X, "X (the inputs)")
        n_in = self.sizes[0]
        if X.ndim == 1 and X.shape[0] == n_in:
            return X[np.newaxis, :].astype(self.dtype), True
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
        return X.astype(self.dtype, copy=False), False

    def targets(self, y, n: int | None = None) -> np.ndarray:
        """The wanted outputs Y (n, n_outputs) for labels y (n,), or y itself if already a table."""
        y_arr = _validate.numeric_array(y, "y (the labels)")
        n_out = self.sizes[-1]
        if n is not None and y_arr.shape[0] != n:
            raise ValueError(f"X has {n} examples but y has {y_arr.shape[0]} labels; give one per example.")
        if y_arr.ndim == 2:
            if y_arr.shape[1] != n_out:
                raise ValueError(f"y as a table of wanted outputs must have {n_out} columns; "
                                 f"got shape {y_arr.shape}.")
            return y_arr.astype(self.dtype)
        if y_arr.ndim != 1:
            raise ValueError(f"y must be one label per example, shape (n,); got shape {y_arr.shape}.")
        labels = y_arr.astype(np.int64)
        if np.any(labels != y_arr) or np.any(labels < 0) or np.any(labels >= self.n_classes):
            bad = y_arr[(labels != y_arr) | (labels < 0) | (labels >= self.n_classes)][:5]
            raise ValueError(
                f"labels must be whole numbers from 0 to {self.n_classes - 1} (this network has "
                f"{n_out} output{'s' if n_out > 1 else ''}); got {', '.join(f'{v:g}' for v in bad)}."
            )
        if n_out == 1:
            return labels[:, np.newaxis].astype(self.dtype)
        Y = np.zeros((labels.size, n_out), dtype=self.dtype)
        Y[np.arange(labels.size), labels] = 1
        return Y

    # ---- forward and backward --------------------------------------------

    def forward(self, X, keep: bool = False) -> np.ndarray:
        """The output activations for a batch X (n, n_inputs).

        With keep=True the weighted inputs Z_l and activations A_l of every layer
        are kept for backward().
        """
        A = X
        Zs, As = [], [X]
        for l in range(1, self.n_layers + 1):
            W, b = self.params[f"W{l}"], self.params[f"b{l}"]
            Z = A @ W.T
            Z += b
            f = self.output if l == self.n_layers else self.activation
            # ReLU may work in place (its slope is known from A), saving a pass over memory
            A = f(Z, out=Z) if f.in_place else f(Z)
            if keep:
                Zs.append(Z)
                As.append(A)
        self._cache = (Zs, As) if keep else None
        return A

    def loss_value(self, A, Y) -> float:
        """The loss per example (averaged over the batch)."""
        return self.loss.value(A, Y) / len(Y)

    def backward(self, Y) -> dict[str, np.ndarray]:
        """Gradients of the mean loss for every parameter, after forward(X, keep=True)."""
        if self._cache is None:
            raise RuntimeError("call forward(X, keep=True) before backward(Y): backpropagation "
                               "needs the activations of the forward pass.")
        Zs, As = self._cache
        n = len(Y)
        L = self.n_layers
        grads = {}
        delta = F.output_delta(self.output, self.loss, Zs[-1], As[-1], Y)
        delta *= 1 / n  # the loss is a mean over the batch: divide once, here
        for l in range(L, 0, -1):
            grads[f"W{l}"] = delta.T @ As[l - 1]
            grads[f"b{l}"] = delta.sum(axis=0)
            if l > 1:
                delta = self.activation.backward(Zs[l - 2], As[l - 1], delta @ self.params[f"W{l}"])
        return grads

    def gradients(self, X, y) -> tuple[float, dict[str, np.ndarray]]:
        """The mean loss on (X, y) and its gradient for every parameter."""
        X, _ = self.check_inputs(X)
        Y = self.targets(y, len(X))
        A = self.forward(X, keep=True)
        return self.loss_value(A, Y), self.backward(Y)

    # ---- predictions -------------------------------------------------------

    def predict_proba(self, X) -> np.ndarray:
        """The output activations: with softmax, one probability per class for each example."""
        X, single = self.check_inputs(X)
        out = np.concatenate([self.forward(X[i:i + PREDICT_BATCH])
                              for i in range(0, len(X), PREDICT_BATCH)]) if len(X) else \
            np.zeros((0, self.sizes[-1]), self.dtype)
        return out[0] if single else out

    def predict(self, X):
        """The predicted class of each example (the output with the highest value)."""
        return F.predicted_class(self.predict_proba(X))

    def score(self, X, y) -> float:
        """Accuracy: the fraction of examples whose predicted class is the label."""
        X, _ = self.check_inputs(X)
        labels = _labels(self, y, len(X))
        return float(np.mean(self.predict(X) == labels)) if len(X) else float("nan")

    def evaluate(self, X, y) -> tuple[float, float]:
        """(mean loss, accuracy) on a data set."""
        X, _ = self.check_inputs(X)
        Y = self.targets(y, len(X))
        P = self.predict_proba(X)
        return self.loss_value(P, Y), float(np.mean(F.predicted_class(P) == F.predicted_class(Y)))

    # ---- saving and loading (npz, never pickle) ----------------------------

    def save(self, path) -> Path:
        """Save the weights and settings to a .npz file (plain arrays, no pickle)."""
        from . import __version__

        path = Path(path)
        if path.suffix != ".npz":
            path = path.with_name(path.name + ".npz")
        meta = {"format": FORMAT, "format_version": FORMAT_VERSION, "annlib": __version__,
                "sizes": list(self.sizes), "activation": self.activation.name,
                "output": self.output.name, "loss": self.loss.name, "dtype": self.dtype.name,
                "seed": self.seed}
        path.parent.mkdir(parents=True, exist_ok=True)
        np.savez(path, __meta__=np.array(json.dumps(meta)), **self.params)
        return path

    @classmethod
    def load(cls, path) -> "MLP":
        """Load a network saved by save(). Files holding pickled objects are refused."""
        path = Path(path)
        if not path.exists():
            raise FileNotFoundError(f"no saved network at {path}; train one and save it with "
                                    "model.save(path) first.")
        with open(path, "rb") as f:
            head = f.read(4)
        if not head.startswith(b"PK"):  # every .npz file is a zip archive
            looks = " It looks like a pickle, which annlib never loads." if head[:1] == b"\x80" else ""
            raise ValueError(f"{path} is not a network saved by annlib (not an .npz file).{looks} "
                             "Save networks with MLP.save().")
        try:
            with np.load(path, allow_pickle=False) as data:
                arrays = {key: data[key] for key in data.files}
        except ValueError as error:  # numpy refuses object arrays without allow_pickle
            raise ValueError(f"{path} holds Python objects (a pickle), which annlib never loads, "
                             "because loading a pickle can run any code. Save networks with "
                             "MLP.save().") from error
        except (zipfile.BadZipFile, OSError, EOFError) as error:
            raise ValueError(f"{path} is not a network saved by annlib (not a readable .npz "
                             f"file: {error}).") from None
        if "__meta__" not in arrays:
            raise ValueError(f"{path} is an .npz file but not a network saved by annlib "
                             "(it has no '__meta__' entry).")
        try:
            meta = json.loads(str(arrays.pop("__meta__")))
        except json.JSONDecodeError:
            raise ValueError(f"{path}: the saved settings are damaged; save the network again.") from None
        if meta.get("format") != FORMAT or meta.get("format_version") != FORMAT_VERSION:
            raise ValueError(f"{path} was saved in a format this annlib does not read "
                             f"({meta.get('format')!r}, version {meta.get('format_version')!r}).")
        model = cls(meta["sizes"], activation=meta["activation"], output=meta["output"],
                    loss=meta["loss"], seed=meta.get("seed", 0), dtype=meta["dtype"])
        if set(arrays) != set(model.params):
            raise ValueError(f"{path} holds the arrays {sorted(arrays)}, but a network of sizes "
                             f"{meta['sizes']} needs {sorted(model.params)}.")
        for key, value in arrays.items():
            if value.shape != model.params[key].shape or value.dtype.kind != "f":
                raise ValueError(f"{path}: {key} has shape {value.shape} and type {value.dtype}, "
                                 f"but sizes {meta['sizes']} need shape {model.params[key].shape} "
                                 "of floats; the file is damaged or was edited.")
            if not np.all(np.isfinite(value)):
                raise ValueError(f"{path}: {key} contains NaN or infinity; the saved network is broken.")
            model.params[key] = value.astype(model.dtype)
        return model


def _check_sizes(sizes) -> tuple[int, ...]:
    try:
        sizes = tuple(sizes)
    except TypeError:
        raise TypeError(f"sizes must be a list of layer sizes such as [784, 500, 10]; got {sizes!r}.") from None
    if len(sizes) < 2:
        raise ValueError(f"sizes needs at least two numbers, inputs and outputs (e.g. [2, 1]); got {list(sizes)}.")
    return tuple(_validate.whole_number(s, f"sizes[{i}] (neurons in layer {i})", minimum=1,
                                        example="784 or 10") for i, s in enumerate(sizes))


def _labels(model: MLP, y, n: int) -> np.ndarray:
    """Class labels from y given as labels or as a table of wanted outputs."""
    return F.predicted_class(model.targets(y, n))
