"""annlib.pytorch: the same MLP in PyTorch, its answers and slopes equal to annlib's, and
weights moved both ways. Skipped, with the command to install it, where PyTorch is missing."""

import sys

import numpy as np
import pytest

from annlib import pytorch
from annlib.mlp import MLP

torch = pytest.importorskip("torch", reason=f"PyTorch is not installed ({pytorch.INSTALL})")

NETWORKS = [
    ("relu", "softmax", "cross_entropy"),
    ("sigmoid", "sigmoid", "sse"),
    ("tanh", "softmax", "sse"),
    ("relu", "sigmoid", "cross_entropy"),
]


def torch_loss(model, outputs, Y):
    """The MLP's mean loss, written with PyTorch, from what to_torch's network gives."""
    Y = torch.from_numpy(Y)
    if model.output.name == "softmax":
        if model.loss.name == "cross_entropy":
            return torch.nn.functional.cross_entropy(outputs, Y.argmax(dim=1))  # takes logits
        outputs = torch.softmax(outputs, dim=1)
    if model.loss.name == "sse":
        return ((outputs - Y) ** 2).sum(dim=1).mean()
    return torch.nn.functional.binary_cross_entropy(outputs, Y, reduction="sum") / len(Y)


@pytest.mark.parametrize("activation,output,loss", NETWORKS)
def test_the_same_network_gives_the_same_answers_and_slopes(activation, output, loss):
    classes = 1 if output == "sigmoid" else 4
    model = MLP([5, 7, 6, classes], activation, output, loss, seed=3, dtype="float64")
    rng = np.random.default_rng(0)
    for l in (1, 2, 3):
        model.params[f"b{l}"][:] = rng.normal(0, 0.3, model.params[f"b{l}"].shape)
    X = rng.normal(size=(9, 5))
    Y = model.targets(rng.integers(0, 2 if classes == 1 else classes, 9))
    net = pytorch.to_torch(model)
    outputs = net(torch.from_numpy(X))
    answers = torch.softmax(outputs, dim=1) if output == "softmax" else outputs
    assert np.allclose(answers.detach().numpy(), model.predict_proba(X), atol=1e-12)
    torch_loss(model, outputs, Y).backward()
    _, cache = model.forward(X, keep=True)
    grads = model.backward(cache, Y)
    linears = [m for m in net if isinstance(m, torch.nn.Linear)]
    for l, linear in enumerate(linears, start=1):
        assert np.allclose(linear.weight.grad.numpy(), grads[f"W{l}"], rtol=1e-9, atol=1e-12)
        assert np.allclose(linear.bias.grad.numpy(), grads[f"b{l}"], rtol=1e-9, atol=1e-12)


def test_weights_make_the_round_trip():
    model = MLP([784, 30, 10], seed=1)
    back = pytorch.from_torch(pytorch.to_torch(model))
    assert back.settings() == {**model.settings(), "seed": 0}
    for name, value in model.params.items():
        assert np.array_equal(back.params[name], value), name
    sigmoid = MLP([3, 4, 1], activation="tanh", output="sigmoid", loss="sse", seed=0)
    again = pytorch.from_torch(pytorch.to_torch(sigmoid), loss="sse")
    assert again.output.name == "sigmoid" and again.activation.name == "tanh"


def test_from_torch_says_what_it_can_read():
    with pytest.raises(TypeError, match="nn.Sequential"):
        pytorch.from_torch(torch.nn.Linear(3, 2))
    with pytest.raises(ValueError, match="Linear, activation, Linear"):
        pytorch.from_torch(torch.nn.Sequential(torch.nn.Linear(3, 2), torch.nn.Linear(2, 2)))
    with pytest.raises(ValueError, match="Linear, activation, Linear"):
        pytorch.from_torch(torch.nn.Sequential(torch.nn.Conv2d(1, 2, 3)))
    with pytest.raises(ValueError, match="cannot run"):
        pytorch.from_torch(
            torch.nn.Sequential(torch.nn.Linear(3, 2), torch.nn.ReLU(), torch.nn.Linear(4, 2))
        )
    with pytest.raises(TypeError, match="annlib MLP"):
        pytorch.to_torch("model")


def test_without_pytorch_the_message_says_how_to_install_it(monkeypatch):
    monkeypatch.setitem(sys.modules, "torch", None)  # import torch now fails
    assert not pytorch.have_torch()
    with pytest.raises(ImportError, match="index-url https://download.pytorch.org/whl/cpu"):
        pytorch.require_torch()
