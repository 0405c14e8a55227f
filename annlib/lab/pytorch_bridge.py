"""annlib's MLP and PyTorch side by side (notebook 14): the same network in both, and its
weights moved from one to the other and back.

PyTorch is optional: annlib and the first twelve notebooks never need it. This module imports
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

from .. import _validate
from ..mlp import MLP

INSTALL = "pip install torch --index-url https://download.pytorch.org/whl/cpu"
REINSTALL = INSTALL.replace("install", "install --force-reinstall", 1)


def torch_problem() -> str | None:
    """Why PyTorch cannot be used here, in one line; None when it can.

    Either it is not installed, or it is installed but broken: then importing it fails with
    some other error (an OSError for a missing library file, a RuntimeError, ...)."""
    try:
        import torch  # noqa: F401
    except Exception as error:  # any failure at all: have_torch must answer, never raise
        return f"{type(error).__name__}: {error}"
    return None


def have_torch() -> bool:
    """Whether PyTorch can be imported here (False also for a broken install; torch_problem()
    says what went wrong)."""
    return torch_problem() is None


def require_torch():
    """The torch module, or an ImportError that says how to install it (the CPU build, a few
    hundred MB, is all the course needs), or how to reinstall it if it is installed but
    cannot be imported."""
    try:
        import torch
    except ModuleNotFoundError as error:
        if error.name != "torch":  # torch is there, but a part of it is missing
            raise _broken(error) from error
        raise ImportError(
            "this part needs PyTorch, which is not installed. Install the CPU build with\n"
            f"    {INSTALL}\n"
            "in the terminal (or in a cell, with % in front: %pip install ...), restart the "
            "kernel, and run the notebook again."
        ) from error
    except Exception as error:  # a broken install: OSError, RuntimeError, ImportError, ...
        raise _broken(error) from error
    return torch


def _broken(error: Exception) -> ImportError:
    return ImportError(
        f"PyTorch is installed but cannot be imported ({type(error).__name__}: {error}). "
        f"Reinstall it with\n    {REINSTALL}\nin the terminal, restart the kernel, and run the "
        "notebook again."
    )


_MODULES = {"relu": "ReLU", "sigmoid": "Sigmoid", "tanh": "Tanh"}  # annlib's name: PyTorch's


def to_torch(model: MLP):
    """An nn.Sequential computing what the MLP computes, with a copy of its weights:
    Linear, activation, Linear, ..., Linear, then the output's activation module (Sigmoid,
    Tanh or ReLU; none for an identity output, and for a softmax output the network gives
    the logits, see the module's notes)."""
    _validate.instance_of(
        model, MLP, "to_torch's model", "an annlib MLP, such as MLP([784, 30, 10])"
    )
    if model.activation.name not in _MODULES:
        raise ValueError(
            f"to_torch knows the hidden activations {sorted(_MODULES)}; this MLP uses "
            f"{model.activation.name!r}."
        )
    if model.output.name not in {*_MODULES, "softmax", "identity"}:
        raise ValueError(
            f"to_torch knows the outputs {sorted({*_MODULES, 'softmax', 'identity'})}; this MLP "
            f"uses {model.output.name!r}."
        )
    weights = _checked_weights(model)
    torch = require_torch()
    dtype = torch.float64 if model.dtype == np.float64 else torch.float32
    layers = []
    for l, (W, b) in enumerate(weights, start=1):
        linear = torch.nn.Linear(W.shape[1], W.shape[0], dtype=dtype)
        with torch.no_grad():
            linear.weight.copy_(torch.from_numpy(W))
            linear.bias.copy_(torch.from_numpy(b))
        layers.append(linear)
        if l < model.n_layers:
            layers.append(getattr(torch.nn, _MODULES[model.activation.name])())
    if model.output.name in _MODULES:
        layers.append(getattr(torch.nn, _MODULES[model.output.name])())
    return torch.nn.Sequential(*layers)


def _checked_weights(model: MLP) -> list[tuple[np.ndarray, np.ndarray]]:
    """Each layer's (W, b), refused if an edit by hand has left one of the wrong shape, or if
    it holds NaN or infinity (a network whose training diverged)."""
    weights = []
    for l, (n_in, n_out) in enumerate(zip(model.sizes, model.sizes[1:]), start=1):
        W = _validate.numeric_array(model.params.get(f"W{l}"), f"the MLP's W{l}")
        b = _validate.numeric_array(model.params.get(f"b{l}"), f"the MLP's b{l}")
        if W.shape != (n_out, n_in) or b.shape != (n_out,):
            raise ValueError(
                f"the MLP's layer {l} has {n_in} inputs and {n_out} neurons, so W{l} must have "
                f"shape {(n_out, n_in)} and b{l} shape {(n_out,)}; got {W.shape} and {b.shape}."
            )
        weights.append((W, b))
    return weights


def from_torch(net, output: str = "softmax", loss: str = "cross_entropy", seed: int = 0) -> MLP:
    """An annlib MLP with the weights of ``net``, an nn.Sequential of Linear layers with one
    activation module (ReLU, Sigmoid or Tanh) between each two, as to_torch makes. ``output``
    and ``loss`` say what the MLP puts after the last Linear; an activation module after the
    last Linear is the output's (a final Sigmoid module means output="sigmoid")."""
    torch = require_torch()
    if not isinstance(net, torch.nn.Sequential):
        raise TypeError(f"from_torch takes an nn.Sequential; got {type(net).__name__}.")
    modules = list(net)
    if len(modules) % 2 == 0 and modules and type(modules[-1]).__name__ in _MODULES.values():
        output = {v: k for k, v in _MODULES.items()}[type(modules[-1]).__name__]
        modules = modules[:-1]
        if output != "sigmoid" and loss == "cross_entropy":
            raise ValueError(
                f"net ends with {type(net[-1]).__name__}, whose outputs are not probabilities, "
                "so cross-entropy has no meaning for them: give loss='sse'."
            )
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
    weights = [_layer_weights(torch, linear, l) for l, linear in enumerate(linears, start=1)]
    for (before, _), (after, _) in zip(weights, weights[1:]):
        if after.shape[1] != before.shape[0]:
            raise ValueError(
                f"a Linear layer with {before.shape[0]} outputs is followed by one with "
                f"{after.shape[1]} inputs: the network cannot run."
            )
    activation = {v: k for k, v in _MODULES.items()}[names.pop()] if names else "relu"
    sizes = [weights[0][0].shape[1]] + [W.shape[0] for W, _ in weights]
    dtype = "float64" if linears[0].weight.dtype == torch.float64 else "float32"
    model = MLP(sizes, activation=activation, output=output, loss=loss, seed=seed, dtype=dtype)
    for l, (W, b) in enumerate(weights, start=1):
        model.params[f"W{l}"][:] = W
        model.params[f"b{l}"][:] = b
    return model


def _layer_weights(torch, linear, l: int) -> tuple[np.ndarray, np.ndarray]:
    """A Linear layer's weight and bias as float64 arrays (a layer without a bias adds 0),
    refused if they are not real numbers of matching shapes, or hold NaN or infinity."""
    W = linear.weight
    b = torch.zeros(W.shape[0]) if linear.bias is None else linear.bias
    if not (W.is_floating_point() and b.is_floating_point()):
        raise TypeError(f"Linear layer {l}'s weights must be real numbers; got {W.dtype}.")
    W, b = (t.detach().cpu().double().numpy() for t in (W, b))
    if W.ndim != 2 or b.shape != (W.shape[0],):
        raise ValueError(
            f"Linear layer {l}'s weight must have one row per output and its bias one number "
            f"per output; got shapes {W.shape} and {b.shape}."
        )
    if not (np.isfinite(W).all() and np.isfinite(b).all()):
        raise ValueError(
            f"Linear layer {l} holds NaN or infinity (did its training diverge?): an annlib MLP "
            "needs finite weights. Train it again with a smaller learning rate."
        )
    return W, b
