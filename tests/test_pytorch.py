"""annlib.lab.pytorch_bridge: the same MLP in PyTorch, its answers and slopes equal to annlib's, and
weights moved both ways. Skipped, with the command to install it, where PyTorch is missing."""

import builtins
import sys

import numpy as np
import pytest

from annlib.lab import pytorch_bridge as pytorch
from annlib.mlp import MLP

# have_torch, not pytest.importorskip: a broken install (OSError, RuntimeError) skips too
needs_torch = pytest.mark.skipif(
    not pytorch.have_torch(),
    reason=f"PyTorch cannot be used here ({pytorch.torch_problem()}); {pytorch.INSTALL}",
)
torch = pytorch.require_torch() if pytorch.have_torch() else None

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


@needs_torch
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


@needs_torch
def test_weights_make_the_round_trip():
    model = MLP([784, 30, 10], seed=1)
    back = pytorch.from_torch(pytorch.to_torch(model))
    assert back.settings() == {**model.settings(), "seed": 0}
    for name, value in model.params.items():
        assert np.array_equal(back.params[name], value), name
    sigmoid = MLP([3, 4, 1], activation="tanh", output="sigmoid", loss="sse", seed=0)
    again = pytorch.from_torch(pytorch.to_torch(sigmoid), loss="sse")
    assert again.output.name == "sigmoid" and again.activation.name == "tanh"


@needs_torch
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
    assert "ModuleNotFoundError" in pytorch.torch_problem()
    with pytest.raises(ImportError, match="index-url https://download.pytorch.org/whl/cpu"):
        pytorch.require_torch()


def import_fails_with(monkeypatch, error):
    """Make `import torch` (or of any part of it) raise error, as a broken install does."""
    real_import = builtins.__import__

    def importing(name, *args, **kwargs):
        if name == "torch" or name.startswith("torch."):
            raise error
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", importing)


BROKEN = [
    OSError("libtorch_cpu.so: cannot open shared object file"),
    RuntimeError("function '_has_torch_function' already has a docstring"),
    ImportError("DLL load failed while importing _C"),
    ModuleNotFoundError("No module named 'torch._C'", name="torch._C"),
]


@pytest.mark.parametrize("error", BROKEN, ids=lambda e: type(e).__name__)
def test_a_broken_pytorch_counts_as_no_pytorch_and_says_why(monkeypatch, error):
    import_fails_with(monkeypatch, error)
    assert pytorch.have_torch() is False  # (annlib 0.9 let the OSError or RuntimeError out)
    assert pytorch.torch_problem() == f"{type(error).__name__}: {error}"
    with pytest.raises(ImportError, match="installed but cannot be imported") as caught:
        pytorch.require_torch()
    assert str(error) in str(caught.value) and "--force-reinstall" in str(caught.value)
    with pytest.raises(ImportError, match="cannot be imported"):
        pytorch.to_torch(MLP([2, 3, 2]))


def test_stopping_while_pytorch_is_imported_is_not_a_broken_pytorch(monkeypatch):
    import_fails_with(monkeypatch, KeyboardInterrupt())
    with pytest.raises(KeyboardInterrupt):
        pytorch.have_torch()


OUTPUTS = [("tanh", "sse"), ("relu", "sse"), ("identity", "sse"), ("sigmoid", "cross_entropy")]


@needs_torch
@pytest.mark.parametrize("output,loss", OUTPUTS)
def test_every_output_makes_the_round_trip_with_the_same_answers(output, loss):
    """A tanh or ReLU output is a module after the last Linear, both ways (annlib 0.9's
    to_torch left it out, and its network gave other answers)."""
    model = MLP([3, 5, 2], "relu", output, loss, seed=4, dtype="float64")
    X = np.random.default_rng(2).normal(size=(6, 3))
    net = pytorch.to_torch(model)
    assert np.allclose(net(torch.from_numpy(X)).detach().numpy(), model.predict_proba(X))
    read_as = "identity" if output == "identity" else "softmax"  # (the module says the rest)
    back = pytorch.from_torch(net, output=read_as, loss=loss)
    assert back.settings() == {**model.settings(), "seed": 0}
    assert np.allclose(back.predict_proba(X), model.predict_proba(X))


@needs_torch
def test_from_torch_reads_layers_without_bias_and_of_other_float_types():
    torch.manual_seed(0)
    net = torch.nn.Sequential(
        torch.nn.Linear(4, 3, bias=False), torch.nn.Tanh(), torch.nn.Linear(3, 2)
    )
    X = np.random.default_rng(3).normal(size=(5, 4)).astype(np.float32)
    model = pytorch.from_torch(net)
    assert model.params["b1"].tolist() == [0.0, 0.0, 0.0]
    logits = net(torch.from_numpy(X))
    assert np.allclose(torch.softmax(logits, 1).detach().numpy(), model.predict_proba(X), atol=1e-6)
    half = pytorch.from_torch(torch.nn.Sequential(torch.nn.Linear(4, 2, dtype=torch.bfloat16)))
    assert half.dtype == np.float32 and np.isfinite(half.params["W1"]).all()
