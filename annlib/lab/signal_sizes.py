"""How big the signals are in each layer of an MLP: the activations on the way forward, and
the slopes (gradients) on the way back.

At the start of training these numbers decide whether a network can learn at all. If the
activations shrink from layer to layer, the last layers see almost nothing; if they grow,
they saturate or overflow. If the slopes shrink on their way back, the first layers hardly
learn: the vanishing gradient. Starting weights (MLP's init) and activations (sigmoid,
ReLU) change them, which is what these tables show.

    table = layer_signals(MLP([784, 100, 100, 100, 10], activation="sigmoid"), X, y)
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..mlp import MLP


def _check_finite(activations: list, grads: dict) -> None:
    """Refuse signals that overflowed (a table of inf and NaN says nothing), naming where."""
    for l, a in enumerate(activations, start=1):
        if not np.isfinite(a).all():
            raise FloatingPointError(
                f"the activations overflowed in layer {l}: they grew past the largest number "
                "the network can hold on their way forward, so there are no signals to "
                "measure. Too large starting weights (init) or inputs do this: try smaller."
            )
    if not all(np.isfinite(g).all() for g in grads.values()):
        raise FloatingPointError(
            "the slopes overflowed on their way back (past the largest number the network "
            "can hold): too large starting weights (init) or inputs do this: try smaller."
        )


def layer_signals(model: MLP, X, y) -> pd.DataFrame:
    """One row per layer l = 1 .. L of weights, for the examples (X, y):

    activation spread   the standard deviation of A_l over the examples and neurons
    active share        the share of A_l above 0 (for ReLU: the neurons that fire)
    slope size          the root mean square of dL/dW_l, the mean loss's gradient
    slope vs last       slope size divided by the last layer's
    """
    if not isinstance(model, MLP):
        raise TypeError(f"layer_signals looks inside an MLP; got {type(model).__name__}.")
    X, _ = model.check_inputs(X)
    if not len(X):
        raise ValueError("give at least one example to measure the signals with.")
    Y = model.targets(y, len(X))
    with np.errstate(over="ignore", invalid="ignore"):
        _, cache = model.forward(X, keep=True)
        activations = [np.array(a, dtype=float) for a in cache[1][1:]]  # (before backward)
        grads = model.backward(cache, Y)
    _check_finite(activations, grads)
    L = model.n_layers
    slopes = [float(np.sqrt(np.mean(grads[f"W{l}"].astype(float) ** 2))) for l in range(1, L + 1)]
    last = slopes[-1] if slopes[-1] > 0 else np.nan
    return pd.DataFrame(
        {
            "neurons": list(model.sizes[1:]),
            "activation spread": [float(a.std()) for a in activations],
            "active share": [float(np.mean(a > 0)) for a in activations],
            "slope size": slopes,
            "slope vs last": [s / last for s in slopes],
        },
        index=pd.Index(range(1, L + 1), name="layer"),
    )
