"""A trainable multi-layer perceptron, from scratch in NumPy.

Layer l (l = 1 .. out, the output layer) has a weight matrix W_l with one row per neuron, as in
notebook 02, and a bias vector b_l. For a batch A_0 = X (one example per row):

    Z_l = A_{l-1} W_l^T + b_l          weighted inputs
    A_l = f(Z_l)                       activations (the output layer uses its own f)

The article's threshold neuron fires when w . x >= m, i.e. when w . x - m >= 0:
the bias is the threshold with its sign flipped, b = -m. A smooth f (sigmoid,
ReLU) in place of the step is what makes learning possible.

Backpropagation, for a batch of n examples and the loss L (averaged over them):

    delta_out = dL/dZ_out                              (a - y for softmax + cross-entropy)
    dL/dW_l = delta_l^T A_{l-1} / n,   dL/db_l = sum of the rows of delta_l / n
    delta_{l-1} = (delta_l W_l) * f'(Z_{l-1})

The forward pass hands what backpropagation needs (every layer's Z_l and A_l) to
its caller instead of keeping it: ``A, cache = model.forward(X, keep=True)``, then
``grads = model.backward(cache, Y)``. Everything is vectorised over the batch: no Python
loop over examples or neurons. The code says the formulas above and nothing more (the
ways training is made fast live elsewhere: annlib.optim's Adam, and the BLAS under @).
"""

from __future__ import annotations

import numpy as np

from . import _validate
from . import functions as F
from ._network import NetworkModel
from ._passes import checks_backward, checks_forward
from .init import check_init, starting_weights


class MLP(NetworkModel):
    """A multi-layer perceptron: layers of neurons with smooth activations, learning by backprop.

    Parameters
    ----------
    sizes : neurons per layer, inputs first, e.g. [784, 500, 500, 500, 10].
    activation : hidden layers' activation: 'relu', 'sigmoid', 'tanh' (or 'step', to see it fail).
    output : output layer's activation: 'softmax' (default), 'sigmoid' or 'identity'.
    loss : 'cross_entropy' (default) or 'sse', the article's sum of squared errors.
    seed : seed of the random starting weights; the same seed gives the same network.
    dtype : 'float32' (fast, the default) or 'float64' (for gradient checks).
    init : how the starting weights are drawn: 'auto' (He for ReLU, LeCun otherwise),
        'he', 'xavier', 'lecun', 'zeros', or a standard deviation such as 0.01
        (annlib.init says what each means). Biases start at 0.

    Like every annlib model: ``fit(X, y, ...)`` trains it and returns it (history_ holds
    what happened), then predict, predict_proba, score; also evaluate, save and load.
    fit is annlib.train.fit: read train.one_epoch for a training step (forward, the loss,
    backward, the optimiser's step, annlib.optim).

    Examples
    --------
    >>> model = MLP([2, 4, 1], activation="sigmoid", output="sigmoid", loss="sse", seed=0)
    >>> model.predict([[0, 1], [1, 1]]).shape
    (2,)
    """

    def __init__(
        self,
        sizes,
        activation="relu",
        output="softmax",
        loss="cross_entropy",
        seed=0,
        dtype="float32",
        init="auto",
    ):
        self.sizes = _check_sizes(sizes)
        self.init = check_init(init)
        self.activation = F.activation(activation)
        self.output = F.activation(output)
        self.loss = F.loss(loss, self.output)
        if self.output.name == "softmax" and self.sizes[-1] < 2:
            raise ValueError(
                "a softmax output needs at least 2 neurons (one per class); "
                "for a single yes/no output use output='sigmoid'."
            )
        super().__init__(seed, dtype)
        rng = np.random.default_rng(self.seed)
        relu = self.activation.name == "relu"
        for l, (n_in, n_out) in enumerate(zip(self.sizes, self.sizes[1:]), start=1):
            self.params[f"W{l}"] = starting_weights(
                rng, (n_out, n_in), n_in, relu, self.dtype, init=self.init, fan_out=n_out
            )
            self.params[f"b{l}"] = np.zeros(n_out, dtype=self.dtype)

    # ---- structure -------------------------------------------------------

    @property
    def n_inputs(self) -> int:
        return self.sizes[0]

    @property
    def n_outputs(self) -> int:
        return self.sizes[-1]

    @property
    def n_layers(self) -> int:
        """Number of layers of weights (hidden layers + the output layer)."""
        return len(self.sizes) - 1

    @property
    def weight_names(self) -> list[str]:
        """W1, ..., WL: the weights (weight decay pulls these, never the biases)."""
        return [f"W{l}" for l in range(1, self.n_layers + 1)]

    @property
    def thresholds(self) -> list[np.ndarray]:
        """Each layer's minimum signal strengths m = -b, as in the article's threshold neurons."""
        return [-self.params[f"b{l}"] for l in range(1, self.n_layers + 1)]

    def settings(self) -> dict:
        return {
            "sizes": list(self.sizes),
            "activation": self.activation.name,
            "output": self.output.name,
            "loss": self.loss.name,
            "seed": self.seed,
            "dtype": self.dtype.name,
            **({} if self.init == "auto" else {"init": self.init}),  # (the default: not shown)
        }

    # ---- forward and backward --------------------------------------------

    @checks_forward
    def forward(self, X, keep: bool = False):
        """The output activations A_L for a batch X (n, n_inputs), one example per row.

        X is checked by @checks_forward (converted to this network's dtype if needed).
        Nothing is stored on the network. With keep=True, returns (A_L, cache): cache = (Z, A),
        what backward(cache, Y) needs: A[l] holds layer l's activations (A[0] is X), Z[l] its
        weighted inputs (Z[0] is None). Each call makes its own cache, so calls in between
        (predict, say) cannot change it.
        """
        A, Zs, As = X, [None], [X]
        for l in range(1, self.n_layers + 1):
            W, b = self.params[f"W{l}"], self.params[f"b{l}"]
            Z = A @ W.T + b  # Z_l = A_{l-1} W_l^T + b_l
            A = self.f(l)(Z)  # A_l = f(Z_l)
            if keep:
                Zs.append(Z)
                As.append(A)
        return (A, (Zs, As)) if keep else A

    def f(self, l: int):
        """Layer l's activation: the hidden layers', or the output layer's for l = out."""
        return self.output if l == self.n_layers else self.activation

    @checks_backward
    def backward(self, cache, Y) -> dict[str, np.ndarray]:
        """Gradients of the mean loss for every parameter, from forward(X, keep=True)'s cache.

        Y holds the wanted outputs, one row per example (see targets). The cache is only read,
        so the same cache gives the same gradients every time.
        """
        Z, A = cache
        out, n = self.n_layers, len(Y)  # out: the output layer's number
        grads = {}
        # delta_out = dL/dZ_out; the loss is a mean, so its 1/n is folded into delta, once
        delta = F.output_delta(self.output, self.loss, Z[out], A[out], Y) * (1 / n)
        for l in range(out, 0, -1):
            grads[f"W{l}"] = delta.T @ A[l - 1]  # dL/dW_l = delta_l^T A_{l-1} / n
            grads[f"b{l}"] = delta.sum(axis=0)  # dL/db_l = sum of the rows of delta_l / n
            if l > 1:  # delta_{l-1} = (delta_l W_l) * f'(Z_{l-1}), still carrying the 1/n
                delta = self.activation.backward(Z[l - 1], A[l - 1], delta @ self.params[f"W{l}"])
        return grads


def _check_sizes(sizes) -> tuple[int, ...]:
    try:
        if isinstance(sizes, (str, bytes, set, frozenset, dict)):  # text, or no order
            raise TypeError
        sizes = tuple(sizes)
    except TypeError:
        raise TypeError(
            f"sizes must be a list of layer sizes such as [784, 500, 10]; got {sizes!r}."
        ) from None
    if len(sizes) < 2:
        raise ValueError(
            f"sizes needs at least two numbers, inputs and outputs (e.g. [2, 1]); "
            f"got {list(sizes)}."
        )
    sizes = tuple(
        _validate.whole_number(
            s, f"sizes[{i}] (neurons in layer {i})", minimum=1, example="784 or 10"
        )
        for i, s in enumerate(sizes)
    )
    _validate.affordable(sum(a * b + b for a, b in zip(sizes, sizes[1:])), f"MLP({list(sizes)})")
    return sizes
