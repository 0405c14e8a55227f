"""Dropout: an MLP that switches off a random share of its hidden neurons in every training
step, so that no neuron can count on any other being there.

In training, each hidden layer's activations are multiplied by a random mask M: 0 for a
switched-off neuron (each one with probability p, afresh for every example and step), and
1 / (1 - p) for the others, so that a layer's output keeps the same size on average
("inverted dropout"). Backpropagation follows the same masks:

    A'_l = A_l * M_l                               what layer l + 1 sees
    dL/dW_{l+1} = delta_{l+1}^T A'_l / n
    delta_l = ((delta_{l+1} W_{l+1}) * M_l) * f'(Z_l)

Predictions use every neuron, with no mask and no scaling: forward is the MLP's own. Only
training draws masks, through the hook fit calls for every training step,
``forward_for_training(X, rng)``; its cache holds the masks, and backward follows them.
"""

from __future__ import annotations

import numpy as np

from . import _validate
from . import functions as F
from ._passes import ForwardCache, checked_inputs, checks_backward
from .mlp import MLP


def _check_dropout(p) -> float:
    p = _validate.real_number(p, "dropout")
    if not 0 <= p < 1:
        raise ValueError(
            "dropout is the fraction of hidden neurons switched off in each training step: "
            f"from 0 (none) up to, not including, 1, such as 0.2; got {p!r}."
        )
    return p


class DropoutMLP(MLP):
    """An MLP with dropout on its hidden layers; see this module's help.

    Parameters: MLP's, and ``dropout``, the fraction p of each hidden layer's neurons
    switched off in every training step (0 <= p < 1; above 0, sizes needs a hidden
    layer for it to switch off). fit() draws the masks through forward_for_training;
    forward (predict, score, evaluate) uses every neuron.
    """

    def __init__(
        self,
        sizes,
        dropout=0.5,
        activation="relu",
        output="softmax",
        loss="cross_entropy",
        seed=0,
        dtype="float32",
        init="auto",
    ):
        self.dropout = _check_dropout(dropout)
        super().__init__(sizes, activation, output, loss, seed, dtype, init)
        if self.dropout and self.n_layers < 2:
            raise ValueError(
                f"dropout switches off hidden neurons, but sizes {list(self.sizes)} has no "
                "hidden layer, so it would do nothing: add one, such as "
                f"[{self.sizes[0]}, 16, {self.sizes[-1]}], or use MLP."
            )

    def settings(self) -> dict:
        return {**super().settings(), "dropout": self.dropout}

    def forward_for_training(self, X, rng):
        """The forward pass of one training step: MLP.forward with a random mask on each
        hidden layer, drawn with ``rng`` (a numpy Generator, or a seed). Returns (A_L, cache);
        the cache holds (Z, A), A before the masks, and the masks M (None for the input
        layer), which backward follows. With dropout 0 it is the MLP's training step."""
        if not self.dropout:
            return super().forward_for_training(X, rng)
        X = checked_inputs(self, X)
        rng = _validate.random_generator(rng, "rng")
        Zs, As, Ms, A = [None], [X], [None], X
        for l in range(1, self.n_layers + 1):
            Z = A @ self.params[f"W{l}"].T + self.params[f"b{l}"]
            A = self.f(l)(Z)
            Zs.append(Z)
            As.append(A)
            if l < self.n_layers:
                kept = rng.random(A.shape) >= self.dropout
                Ms.append((kept / (1 - self.dropout)).astype(self.dtype))
                A = A * Ms[-1]  # A'_l = A_l * M_l, what layer l + 1 sees
        return A, ForwardCache((Zs, As), len(X), self, masks=Ms)

    @checks_backward
    def backward(self, cache, Y) -> dict[str, np.ndarray]:
        """Gradients of the mean loss, through the masks the training forward pass drew (a
        cache from forward, without masks, gets the MLP's own backward)."""
        if cache.masks is None:
            return MLP.backward(self, cache, Y)
        (Z, A), M = cache, cache.masks
        out = self.n_layers  # the output layer's number
        grads = {}
        delta = F.output_delta(self.output, self.loss, Z[out], A[out], Y) / len(Y)
        for l in range(out, 0, -1):
            seen = A[l - 1] if M[l - 1] is None else A[l - 1] * M[l - 1]  # what layer l saw
            grads[f"W{l}"] = delta.T @ seen
            grads[f"b{l}"] = delta.sum(axis=0)
            if l > 1:
                back = (delta @ self.params[f"W{l}"]) * M[l - 1]
                delta = self.activation.backward(Z[l - 1], A[l - 1], back)
        return grads
