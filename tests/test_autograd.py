"""annlib.autograd: Values that remember how they were made, and backward() through them.
Their slopes must equal finite differences, annlib's own backpropagation for every
activation and both losses, and be enough to train a network on XOR."""

import math

import numpy as np
import pytest

from annlib.autograd import Value, mlp_loss, numbers, parameters, values, zero_grad
from annlib.mlp import MLP


def slope_by_finite_differences(f, x, h=1e-6):
    return (f(x + h) - f(x - h)) / (2 * h)


FUNCTIONS = {  # f(Value) and the same f on floats
    "x*x + 3x": (lambda v: v * v + 3 * v, lambda x: x * x + 3 * x),
    "1 / x": (lambda v: 1 / v, lambda x: 1 / x),
    "x - 2 / x": (lambda v: v - 2 / v, lambda x: x - 2 / x),
    "x ** 3": (lambda v: v**3, lambda x: x**3),
    "exp": (lambda v: v.exp(), math.exp),
    "log": (lambda v: v.log(), math.log),
    "tanh": (lambda v: v.tanh(), math.tanh),
    "sigmoid": (lambda v: v.sigmoid(), lambda x: 1 / (1 + math.exp(-x))),
    "relu": (lambda v: (v - 1).relu() * v, lambda x: max(0.0, x - 1) * x),
    "10 - x": (lambda v: 10 - v, lambda x: 10 - x),
    "-x * 4": (lambda v: -v * 4, lambda x: -x * 4),
    "x ** 0.5": (lambda v: v**0.5, math.sqrt),
    "2 ** x": (lambda v: 2**v, lambda x: 2**x),
    "x ** x": (lambda v: v**v, lambda x: x**x),
    "x ** (x / 2)": (lambda v: v ** (v / 2), lambda x: x ** (x / 2)),
}


@pytest.mark.parametrize("name", list(FUNCTIONS))
@pytest.mark.parametrize("x", [0.3, 1.7, 2.5])
def test_slopes_equal_finite_differences(name, x):
    with_values, with_floats = FUNCTIONS[name]
    v = Value(x)
    y = with_values(v)
    y.backward()
    assert y.data == pytest.approx(with_floats(x))
    assert v.grad == pytest.approx(slope_by_finite_differences(with_floats, x), rel=1e-6, abs=1e-8)


def test_a_value_used_twice_gets_both_slopes_and_grads_add_up_until_zeroed():
    x = Value(3.0)
    y = x * x  # x used twice: dy/dx = x + x
    y.backward()
    assert x.grad == 6.0
    y.backward()  # a second backward adds the same slopes again
    assert x.grad == 12.0
    zero_grad([x])
    assert x.grad == 0.0
    y.backward()
    assert x.grad == 6.0 and y.grad == 3.0  # y itself was never zeroed: 1 per call, 3 calls


def test_the_graph_lists_each_value_once_after_what_made_it():
    a, b = Value(2.0, label="a"), Value(-3.0, label="b")
    c = a * b
    d = c + a
    order = d.graph()
    assert len(order) == 4 and order[-1] is d
    assert order.index(a) < order.index(c) and order.index(b) < order.index(c)


def test_a_long_chain_needs_no_recursion():
    x = Value(1.0)
    y = x
    for _ in range(5000):
        y = y * 1.0001
    y.backward()
    assert x.grad == pytest.approx(1.0001**5000)


def test_values_refuse_what_is_not_a_number():
    with pytest.raises(TypeError, match="one real number"):
        Value("3")
    with pytest.raises(TypeError, match="one real number"):
        Value(True)
    with pytest.raises(ValueError, match="finite"):
        Value(float("nan"))
    with pytest.raises(TypeError, match="another Value or a number"):
        Value(1.0) + "2"
    with pytest.raises(TypeError, match="power of a Value must be a number"):
        Value(2.0) ** "2"
    with pytest.raises(ValueError, match="positive"):
        Value(0.0).log()
    with pytest.raises(ValueError, match="too large"):
        Value(800.0).exp()
    with pytest.raises(TypeError, match="zero_grad takes Values"):
        zero_grad([1.0])


def test_arrays_of_values_and_back():
    W = values([[1.0, 2.0], [3.0, 4.0]], label="W")
    assert W.shape == (2, 2) and W[1, 0].label == "W[1, 0]"
    out = (W @ np.array([1.0, -1.0])).sum()  # numbers times Values: NumPy's @ builds the graph
    out.backward()
    assert numbers(W).tolist() == [[1.0, 2.0], [3.0, 4.0]]
    assert numbers(W, "grad").tolist() == [[1.0, -1.0], [1.0, -1.0]]
    with pytest.raises(ValueError, match="'data' or 'grad'"):
        numbers(W, "slope")


NETWORKS = [
    ("relu", "softmax", "cross_entropy"),
    ("relu", "softmax", "sse"),
    ("sigmoid", "sigmoid", "sse"),
    ("sigmoid", "sigmoid", "cross_entropy"),
    ("tanh", "softmax", "cross_entropy"),
    ("tanh", "identity", "sse"),
]


@pytest.mark.parametrize("activation,output,loss", NETWORKS)
def test_slopes_equal_annlibs_backpropagation(activation, output, loss):
    classes = 1 if output == "sigmoid" else 3
    model = MLP([4, 5, 3, classes], activation, output, loss, seed=2, dtype="float64")
    rng = np.random.default_rng(1)
    X = rng.normal(size=(6, 4))
    Y = rng.random((6, classes)) if output == "identity" else model.targets(rng.integers(0, 2, 6))
    params = parameters(model)
    total = mlp_loss(model, params, X, Y)
    total.backward()
    assert total.data == pytest.approx(model.loss_value(model.predict_proba(X), Y))
    _, cache = model.forward(X, keep=True)
    for name, grad in model.backward(cache, Y).items():
        assert np.allclose(numbers(params[name], "grad"), grad, rtol=1e-9, atol=1e-12), name


def test_a_small_network_learns_xor_with_values_alone():
    model = MLP([2, 4, 1], activation="tanh", output="sigmoid", loss="cross_entropy", seed=0)
    params = parameters(model)
    X = np.array([[0, 0], [0, 1], [1, 0], [1, 1]], dtype=float)
    Y = np.array([[0], [1], [1], [0]], dtype=float)
    for _ in range(300):
        zero_grad(list(params.values()))
        mlp_loss(model, params, X, Y).backward()
        for p in params.values():
            for v in p.ravel():
                v.data -= 0.5 * v.grad
    for name, p in params.items():
        model.params[name][:] = numbers(p)
    assert model.predict(X).tolist() == [0, 1, 1, 0]


def test_mlp_loss_checks_its_examples_and_weights():
    model = MLP([2, 2, 1], output="sigmoid", loss="sse")
    with pytest.raises(ValueError, match="one row per example"):
        mlp_loss(model, parameters(model), np.zeros(2), np.zeros((1, 1)))
    with pytest.raises(ValueError, match="rows of 2 inputs and 1 wanted outputs"):
        mlp_loss(model, parameters(model), np.zeros((1, 3)), np.zeros((1, 1)))
    with pytest.raises(ValueError, match="W1 .* is missing"):
        mlp_loss(model, {}, np.zeros((1, 2)), np.zeros((1, 1)))
    with pytest.raises(TypeError, match="must hold numbers"):
        values([["a"]])
    with pytest.raises(TypeError, match="array of Values"):
        numbers([1.0, 2.0])
    with pytest.raises(TypeError, match="annlib MLP"):
        parameters("model")


def test_powers_and_quotients_that_have_a_result_give_it():
    x = Value(-2.0)
    y = x**3.0  # a negative number to a whole power: a real number, as with floats
    y.backward()
    assert y.data == -8.0 and x.grad == 12.0
    tiny = Value(1.0) / Value(1e200)  # its slope, -1e-400, is too small for a float: 0
    assert tiny.data == 1e-200
    z = Value(3.0)
    assert (z**0).data == 1.0 and (z**1).data == 3.0


def test_slopes_too_large_are_refused_and_no_grad_changes():
    x = Value(1e-300)
    y = (x**0.5) * 1e200  # y = 1e50, but dy/dx = 5e349: no float holds it
    with pytest.raises(ValueError, match="slopes have grown too large"):
        y.backward()
    assert x.grad == 0.0 and y.grad == 0.0


@pytest.mark.parametrize("output", ["sigmoid", "softmax"])
def test_mlp_loss_takes_wanted_outputs_between_0_and_1_as_they_are(output):
    """A wanted output of 0.5 (or 0.2) is not 1: the loss and every slope equal annlib's
    own for the same wanted outputs (annlib 0.9 treated any wanted output above 0 as 1)."""
    classes = 2 if output == "sigmoid" else 3
    model = MLP([3, 4, classes], "tanh", output, "cross_entropy", seed=1, dtype="float64")
    rng = np.random.default_rng(7)
    X = rng.normal(size=(5, 3))
    Y = rng.uniform(0.1, 0.9, (5, classes)) if output == "sigmoid" else rng.dirichlet([1] * 3, 5)
    Y[0, 0] = 0.5 if output == "sigmoid" else Y[0, 0]
    params = parameters(model)
    total = mlp_loss(model, params, X, Y)
    total.backward()
    assert total.data == pytest.approx(model.loss_value(model.predict_proba(X), Y), rel=1e-12)
    _, cache = model.forward(X, keep=True)
    for name, grad in model.backward(cache, Y).items():
        assert np.allclose(numbers(params[name], "grad"), grad, rtol=1e-9, atol=1e-12), name
