"""Bad arguments for the bridge to PyTorch (annlib.autograd, annlib.pytorch, annlib.inside):
each gets annlib's own clear message, raised by annlib, never an error from deep inside
Python's arithmetic, NumPy or PyTorch. One row per mistake a learner might make."""

import traceback
from pathlib import Path

import numpy as np
import pytest

from annlib import autograd, inside, pytorch
from annlib.autograd import Value
from annlib.mlp import MLP


def _yes_no():
    return MLP([2, 3, 1], output="sigmoid", seed=0, dtype="float64")


def _loss(model=None, params="made", Y=((1.0,),)):
    model = _yes_no() if model is None else model
    params = autograd.parameters(model) if params == "made" else params
    return autograd.mlp_loss(model, params, [[0.3, 0.7]], Y)


def _saturated():
    model = _yes_no()
    for name in model.params:
        model.params[name][:] = 100.0  # the output is sigmoid(> 700): exactly 1.0
    return _loss(model, Y=[[0.5]])


def _slopes_too_large():
    x = Value(1e-300)
    ((x**0.5) * 1e200).backward()  # d/dx = 1e200 * 0.5 / sqrt(1e-300): beyond 1.8e308


def _inside_net():
    return MLP([6, 5, 4, 3], seed=1)


CASES = [
    ("Value(-8) ** 0.5", lambda: Value(-8) ** 0.5, "not a real number"),
    ("Value(10) ** 400", lambda: Value(10) ** 400, "too large"),
    ("Value(1e-300) ** -1", lambda: Value(1e-300) ** -1, "too large"),
    ("Value(0) ** 0.5", lambda: Value(0) ** 0.5, "no slope"),
    ("Value(2) ** True", lambda: Value(2) ** True, "must be a number"),
    ("Value(2) ** '2'", lambda: Value(2) ** "2", "must be a number"),
    ("Value(2) ** NaN", lambda: Value(2) ** float("nan"), "finite number"),
    ("Value(-2) ** a Value", lambda: Value(-2.0) ** Value(3.0), "needs a positive x"),
    ("-2 ** a Value", lambda: (-2) ** Value(3.0), "needs a positive x"),
    ("Value(10 ** 400)", lambda: Value(10**400), "finite number"),
    ("Value(NaN)", lambda: Value(float("nan")), "finite number"),
    ("Value('3')", lambda: Value("3"), "one real number"),
    ("Value + complex", lambda: Value(2) + np.complex128(1 + 2j), "another Value or a number"),
    ("Value + None", lambda: Value(2) + None, "another Value or a number"),
    ("Value / 0", lambda: Value(2) / 0, "division by 0"),
    ("1 / Value(0)", lambda: 1 / Value(0), "division by 0"),
    ("Value(1) / Value(1e-200)", lambda: Value(1) / Value(1e-200), "too large"),
    ("Value(1e200) * 1e200", lambda: Value(1e200) * 1e200, "too large"),
    ("Value(0).log()", lambda: Value(0).log(), "positive"),
    ("Value(800).exp()", lambda: Value(800).exp(), "too large"),
    ("slopes too large", _slopes_too_large, "slopes have grown too large"),
    ("zero_grad(numbers)", lambda: autograd.zero_grad([1.0]), "zero_grad takes Values"),
    ("values(text)", lambda: autograd.values([["a"]]), "must hold numbers"),
    ("numbers(of='slope')", lambda: autograd.numbers([Value(1)], "slope"), "'data' or 'grad'"),
    ("parameters(a path)", lambda: autograd.parameters("m.npz"), "annlib MLP"),
    ("mlp_loss(a path)", lambda: autograd.mlp_loss("m.npz", {}, [[0, 0]], [[1]]), "annlib MLP"),
    (
        "mlp_loss of a step network",
        lambda: _loss(MLP([2, 3, 1], activation="step", output="sigmoid"), {}),
        "mlp_loss knows the activations",
    ),
    ("mlp_loss(params=None)", lambda: _loss(params=None), "dict of Values"),
    (
        "mlp_loss(model.params)",
        lambda: _loss(params=_yes_no().params),
        "must hold Values, as parameters\\(model\\) makes them",
    ),
    ("mlp_loss(params={})", lambda: _loss(params={}), "W1 .* is missing"),
    ("mlp_loss wanting 2 of a sigmoid", lambda: _loss(Y=[[2.0]]), "could never learn it"),
    ("mlp_loss with labels", lambda: _loss(Y=[1]), "model.targets"),
    ("mlp_loss with NaN wanted", lambda: _loss(Y=[[np.nan]]), "NaN"),
    (
        "mlp_loss softmax rows not adding to 1",
        lambda: autograd.mlp_loss(
            MLP([2, 3, 2]), autograd.parameters(MLP([2, 3, 2])), [[0, 1]], [[1, 1]]
        ),
        "adds up to 2",
    ),
    ("mlp_loss of a saturated output", _saturated, "probability of exactly 0"),
    # ---- annlib.inside ----
    ("jaccard(one bool)", lambda: inside.jaccard(True, True), "True/False masks"),
    ("jaccard(ragged)", lambda: inside.jaccard([[True], [True, False]], [True]), "True/False"),
    (
        "knocked_out(ragged neurons)",
        lambda: inside.knocked_out(_inside_net(), 1, [[1], [2, 3]]),
        "whole numbers of neurons",
    ),
    (
        "knocked_out(neurons=None)",
        lambda: inside.knocked_out(_inside_net(), 1, None),
        "whole numbers of neurons",
    ),
    ("overlap_by_digit(None)", lambda: inside.overlap_by_digit(None, [0, 1]), "a list of True"),
    (
        "overlap_by_digit(one layer's mask)",
        lambda: inside.overlap_by_digit(np.zeros((4, 3), bool), [0, 1, 0, 1]),
        "for one layer: \\[mask\\]",
    ),
    (
        "overlap_by_digit(ragged masks)",
        lambda: inside.overlap_by_digit([[[True], [True, False]]], [0, 1]),
        "True/False masks",
    ),
    (
        "by_digit(classes=10)",
        lambda: inside.by_digit(np.zeros((3, 2)), [0, 1, 2], classes=10),
        "such as range\\(10\\)",
    ),
    (
        "by_digit(classes as text)",
        lambda: inside.by_digit(np.zeros((3, 2)), [0, 1, 2], classes=["0", "1"]),
        "each class must be a whole number",
    ),
    (
        "strongest(no examples)",
        lambda: inside.strongest(_inside_net(), np.zeros((0, 6)), 1, 0),
        "X is empty",
    ),
    ("active(top=True)", lambda: inside.active(np.zeros((2, 3)), top=True), "whole number"),
    (
        "to_torch(a step output)",
        lambda: pytorch.to_torch(MLP([2, 3, 1], output="step", loss="sse")),
        "to_torch knows the outputs",
    ),
    ("to_torch(a path)", lambda: pytorch.to_torch("m.npz"), "annlib MLP"),
]


def _torch_cases():
    """Rows that need PyTorch itself (left out where it is not installed)."""
    if not pytorch.have_torch():
        return []
    import torch

    nn = torch.nn

    def nan_weights():
        linear = nn.Linear(3, 2)
        with torch.no_grad():
            linear.weight[0, 0] = float("nan")
        return nn.Sequential(linear, nn.ReLU(), nn.Linear(2, 2))

    def infinite_bias():
        linear = nn.Linear(3, 2)
        with torch.no_grad():
            linear.bias[1] = float("inf")
        return nn.Sequential(linear)

    def weight_of_another_shape():
        linear = nn.Linear(3, 2)
        linear.weight = nn.Parameter(torch.zeros(5, 5))
        return nn.Sequential(linear, nn.ReLU(), nn.Linear(2, 2))

    def nan_mlp():
        model = MLP([2, 3, 2])
        model.params["W2"][0, 0] = np.nan
        return model

    def reshaped_mlp():
        model = MLP([2, 3, 2])
        model.params["W1"] = np.zeros((3, 3))
        return model

    return [
        ("from_torch(NaN weights)", lambda: pytorch.from_torch(nan_weights()), "NaN or infinity"),
        ("from_torch(infinite bias)", lambda: pytorch.from_torch(infinite_bias()), "infinity"),
        (
            "from_torch(a weight of another shape)",
            lambda: pytorch.from_torch(weight_of_another_shape()),
            "one row per output",
        ),
        (
            "from_torch(complex weights)",
            lambda: pytorch.from_torch(nn.Sequential(nn.Linear(3, 2, dtype=torch.complex64))),
            "must be real numbers",
        ),
        (
            "from_torch(a Tanh output with cross-entropy)",
            lambda: pytorch.from_torch(nn.Sequential(nn.Linear(3, 2), nn.Tanh())),
            "give loss='sse'",
        ),
        ("from_torch(a list)", lambda: pytorch.from_torch([nn.Linear(3, 2)]), "nn.Sequential"),
        ("from_torch(empty)", lambda: pytorch.from_torch(nn.Sequential()), "Linear, activation"),
        ("to_torch(NaN weights)", lambda: pytorch.to_torch(nan_mlp()), "NaN or infinity"),
        (
            "to_torch(W1 of another shape)",
            lambda: pytorch.to_torch(reshaped_mlp()),
            "W1 must have shape \\(3, 2\\)",
        ),
    ]


CASES += _torch_cases()


@pytest.mark.parametrize("what, call, words", CASES, ids=[c[0] for c in CASES])
def test_a_bad_argument_gets_annlibs_own_clear_message(what, call, words):
    with pytest.raises((ValueError, TypeError, FloatingPointError, OSError)) as caught:
        call()
    assert caught.match(words), f"{what}: {caught.value}"
    raised_in = Path(traceback.extract_tb(caught.tb)[-1].filename)
    assert "annlib" in raised_in.parts, f"{what}: raised in {raised_in}, not by annlib"
