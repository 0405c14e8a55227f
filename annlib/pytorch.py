"""annlib's MLP and PyTorch side by side (notebook 10): the same network in both, and its
weights moved from one to the other and back.

PyTorch is optional: annlib and the first nine notebooks never need it. This module imports
it only when asked, and says how to install it when it is missing.

    net = to_torch(model)            # an nn.Sequential with the MLP's layers and weights
    back = from_torch(net)           # an annlib MLP with the network's weights

The layouts match: annlib's W_l has one row per neuron of layer l and one column per input,
(n_out, n_in), which is exactly nn.Linear's weight (out_features, in_features); both compute
a batch as A W^T + b. A softmax output is left out of the PyTorch network, which gives the
scores before softmax (*logits*): PyTorch's cross-entropy takes those and applies softmax
itself, in one numerically safer step.
"""

from __future__ import annotations

import numpy as np

from .mlp import MLP

INSTALL = "pip install torch --index-url https://download.pytorch.org/whl/cpu"


def have_torch() -> bool:
    """Whether PyTorch can be imported here."""
    try:
        import torch  # noqa: F401
    except ImportError:
        return False
    return True


def require_torch():
    """The torch module, or an ImportError that says how to install it (the CPU build, a few
    hundred MB, is all the course needs)."""
    try:
        import torch
    except ImportError as error:
        raise ImportError(
            "this part needs PyTorch, which is not installed. Install the CPU build with\n"
            f"    {INSTALL}\n"
            "in the terminal (or in a cell, with % in front: %pip install ...), restart the "
            "kernel, and run the notebook again."
        ) from error
    return torch


_MODULES = {"relu": "ReLU", "sigmoid": "Sigmoid", "tanh": "Tanh"}


def to_torch(model: MLP):
    """An nn.Sequential computing what the MLP computes, with a copy of its weights:
    Linear, activation, Linear, ..., Linear (then Sigmoid if the MLP's output is sigmoid;
    for a softmax output the network gives the logits, see the module's notes)."""
    torch = require_torch()
    if not isinstance(model, MLP):
        raise TypeError(f"to_torch takes an annlib MLP; got {type(model).__name__}.")
    if model.activation.name not in _MODULES:
        raise ValueError(
            f"to_torch knows the hidden activations {sorted(_MODULES)}; this MLP uses "
            f"{model.activation.name!r}."
        )
    dtype = torch.float64 if model.dtype == np.float64 else torch.float32
    layers = []
    for l in range(1, model.n_layers + 1):
        W, b = model.params[f"W{l}"], model.params[f"b{l}"]
        linear = torch.nn.Linear(W.shape[1], W.shape[0], dtype=dtype)
        with torch.no_grad():
            linear.weight.copy_(torch.from_numpy(np.array(W)))
            linear.bias.copy_(torch.from_numpy(np.array(b)))
        layers.append(linear)
        if l < model.n_layers:
            layers.append(getattr(torch.nn, _MODULES[model.activation.name])())
    if model.output.name == "sigmoid":
        layers.append(torch.nn.Sigmoid())
    return torch.nn.Sequential(*layers)


def from_torch(net, output: str = "softmax", loss: str = "cross_entropy", seed: int = 0) -> MLP:
    """An annlib MLP with the weights of ``net``, an nn.Sequential of Linear layers with one
    activation module (ReLU, Sigmoid or Tanh) between each two, as to_torch makes. ``output``
    and ``loss`` say what the MLP puts after the last Linear (a final Sigmoid module in
    ``net`` means output="sigmoid")."""
    torch = require_torch()
    if not isinstance(net, torch.nn.Sequential):
        raise TypeError(f"from_torch takes an nn.Sequential; got {type(net).__name__}.")
    modules = list(net)
    if modules and isinstance(modules[-1], torch.nn.Sigmoid):
        modules, output = modules[:-1], "sigmoid"
    linears = modules[0::2]
    between = modules[1::2]
    names = {type(m).__name__ for m in between}
    if (
        not linears
        or not all(isinstance(m, torch.nn.Linear) for m in linears)
        or len(between) != len(linears) - 1
        or len(names) > 1
        or not names <= set(_MODULES.values())
    ):
        raise ValueError(
            "from_torch reads networks of the form Linear, activation, Linear, ..., Linear, "
            f"with one activation ({', '.join(_MODULES.values())}) between each two; got "
            f"{[type(m).__name__ for m in net]}."
        )
    for before, after in zip(linears, linears[1:]):
        if after.in_features != before.out_features:
            raise ValueError(
                f"a Linear layer with {before.out_features} outputs is followed by one with "
                f"{after.in_features} inputs: the network cannot run."
            )
    activation = {v: k for k, v in _MODULES.items()}[names.pop()] if names else "relu"
    sizes = [linears[0].in_features] + [m.out_features for m in linears]
    dtype = "float64" if linears[0].weight.dtype == torch.float64 else "float32"
    model = MLP(sizes, activation=activation, output=output, loss=loss, seed=seed, dtype=dtype)
    for l, linear in enumerate(linears, start=1):
        model.params[f"W{l}"][:] = linear.weight.detach().cpu().numpy()
        model.params[f"b{l}"][:] = linear.bias.detach().cpu().numpy()
    return model
