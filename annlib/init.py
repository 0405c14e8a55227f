"""Starting weights: how a network's weights are drawn before it has learned anything.

Every weight starts as a small random number, drawn from a normal distribution with mean
0 and a standard deviation chosen from the layer's size, so that signals keep about the
same size from layer to layer (notebooks 07 and 08 measure what happens otherwise):

    he       sqrt(2 / fan_in), for neurons followed by ReLU (which zeroes about half)
    lecun    sqrt(1 / fan_in)
    xavier   sqrt(2 / (fan_in + fan_out)), Glorot's, for sigmoid and tanh
    zeros    every weight 0: then every neuron of a layer stays the same (symmetry)

fan_in is the number of inputs per neuron, fan_out the number of neurons (outputs).
Biases start at 0. PyTorch keeps its rules in torch.nn.init, hence this module's name.
"""

from __future__ import annotations

import numpy as np

# How a network's starting weights are drawn (MLP's init): the standard deviation of each
# layer's normal distribution, from its inputs (fan_in) and outputs (fan_out) per neuron
INITS = {
    "auto": "He for ReLU layers, LeCun for the others (the default)",
    "he": "sqrt(2 / fan_in), for ReLU",
    "xavier": "sqrt(2 / (fan_in + fan_out)), Glorot's, for sigmoid and tanh",
    "lecun": "sqrt(1 / fan_in)",
    "zeros": "every weight 0: every neuron of a layer stays the same (symmetry)",
}


def check_init(init):
    """One of INITS' names, or a standard deviation (a number greater than 0)."""
    if isinstance(init, str) and init in INITS:
        return init
    if isinstance(init, (int, float, np.number)) and not isinstance(init, bool):
        if np.isfinite(init) and init > 0:
            return float(init)
    raise ValueError(
        f"init must be one of {sorted(INITS)} or a standard deviation greater than 0, such "
        f"as 0.01; got {init!r}."
    )


def init_scale(init, fan_in: int, fan_out: int, relu: bool) -> float:
    """The standard deviation of a layer's starting weights for ``init`` (see INITS)."""
    if init == "auto":
        init = "he" if relu else "lecun"
    if not isinstance(init, str):
        return float(init)
    return {
        "he": np.sqrt(2.0 / fan_in),
        "xavier": np.sqrt(2.0 / (fan_in + fan_out)),
        "lecun": np.sqrt(1.0 / fan_in),
        "zeros": 0.0,
    }[init]


def starting_weights(
    rng, shape, fan_in: int, relu: bool, dtype, init="auto", fan_out: int | None = None
) -> np.ndarray:
    """Small random weights, scaled so signals keep their size from layer to layer.

    Normal with mean 0 and standard deviation sqrt(2 / fan_in) for neurons followed by
    ReLU (He), sqrt(1 / fan_in) otherwise (LeCun); fan_in: inputs per neuron.
    ``init`` chooses another rule (INITS) or a standard deviation.
    """
    scale = init_scale(init, fan_in, fan_out if fan_out is not None else shape[0], relu)
    if scale == 0:
        return np.zeros(shape, dtype=dtype)
    return rng.normal(0.0, scale, size=shape).astype(dtype)
