"""Dropout: an MLP that switches off a random share of its hidden neurons in every training
step, so that no neuron can count on any other being there.

In training, each hidden layer's activations are multiplied by a random mask M: 0 for a
switched-off neuron (each one with probability p, afresh for every example and step), and
1 / (1 - p) for the others, so that a layer's output keeps the same size on average
("inverted dropout"). Backpropagation follows the same masks:

    A'_l = A_l * M_l                               what layer l + 1 sees
    dL/dW_{l+1} = delta_{l+1}^T A'_l / n
    delta_l = ((delta_{l+1} W_{l+1}) * M_l) * f'(Z_l)

Predictions use every neuron, with no mask and no scaling: forward without ``rng`` is
the MLP's own.
"""

from __future__ import annotations

import numpy as np

from . import _validate
from . import functions as F
from ._passes import checks_backward, checks_forward
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
    layer for it to switch off). fit() gives forward the random
    generator (``rng``) that draws the masks; without it (predict, score, evaluate) every
    neuron takes part.
    """

    def __init__(self, sizes, dropout=0.5, **settings):
        self.dropout = _check_dropout(dropout)
        super().__init__(sizes, **settings)
        if self.dropout and self.n_layers < 2:
            raise ValueError(
                f"dropout switches off hidden neurons, but sizes {list(self.sizes)} has no "
                "hidden layer, so it would do nothing: add one, such as "
                f"[{self.sizes[0]}, 16, {self.sizes[-1]}], or use MLP."
            )

    def settings(self) -> dict:
        return {**super().settings(), "dropout": self.dropout}

    @checks_forward
    def forward(self, X, keep: bool = False, rng=None):
        """MLP.forward; with ``rng`` (training: a numpy Generator, or a seed), with a random
        mask on each hidden layer, and the cache (Z, A, M): A before the masks, M the masks
        (None for the input layer)."""
        if rng is None:
            return MLP.forward.__wrapped__(self, X, keep)
        rng = _validate.random_generator(rng, "rng")
        Zs, As, Ms, A = [None], [X], [None], X
        for l in range(1, self.n_layers + 1):
            Z = A @ self.params[f"W{l}"].T + self.params[f"b{l}"]
            A = (self.output if l == self.n_layers else self.activation)(Z)
            Zs.append(Z)
            As.append(A)
            if l < self.n_layers:
                kept = rng.random(A.shape) >= self.dropout
                Ms.append((kept / (1 - self.dropout)).astype(self.dtype))
                A = A * Ms[-1]
        return (A, (Zs, As, Ms)) if keep else A

    @checks_backward
    def backward(self, cache, Y) -> dict[str, np.ndarray]:
        """Gradients of the mean loss, through the masks the training forward pass drew."""
        if len(cache) == 2:  # a forward pass without dropout: the MLP's own
            return MLP.backward.__wrapped__(self, cache, Y)
        Z, A, M = cache
        L = self.n_layers
        grads = {}
        delta = F.output_delta(self.output, self.loss, Z[L], A[L], Y) / len(Y)
        for l in range(L, 0, -1):
            seen = A[l - 1] if M[l - 1] is None else A[l - 1] * M[l - 1]  # what layer l saw
            grads[f"W{l}"] = delta.T @ seen
            grads[f"b{l}"] = delta.sum(axis=0)
            if l > 1:
                back = (delta @ self.params[f"W{l}"]) * M[l - 1]
                delta = self.activation.backward(Z[l - 1], A[l - 1], back)
        return grads
