"""Activations and losses: values worked out by hand, derivatives checked numerically."""

import numpy as np
import pytest

from annlib import functions as F

Z = np.linspace(-6, 6, 121)


def numeric_slope(f, z, h=1e-6):
    return (f(z + h) - f(z - h)) / (2 * h)


def test_step_is_the_threshold_rule():
    assert F.step([-1.0, -0.001, 0.0, 2.0]).tolist() == [0, 0, 1, 1]
    assert F.step_prime(Z).tolist() == [0.0] * len(Z)


@pytest.mark.parametrize("f, f_prime", [(F.sigmoid, F.sigmoid_prime), (F.relu, F.relu_prime)])
def test_derivatives_match_numeric_slopes(f, f_prime):
    z = Z[np.abs(Z) > 1e-3]  # ReLU has a kink at 0
    assert np.allclose(f_prime(z), numeric_slope(f, z), atol=1e-6)


def test_sigmoid_values_and_extremes():
    assert F.sigmoid(0.0) == 0.5
    assert F.sigmoid_prime(0.0) == 0.25
    with np.errstate(over="raise"):
        big = F.sigmoid(np.array([-1000.0, 1000.0]))
    assert big.tolist() == [0.0, 1.0]
    assert F.sigmoid(np.float32(1.0)).dtype == np.float32


def test_relu_values():
    assert F.relu([-2.0, 0.0, 3.0]).tolist() == [0, 0, 3]
    assert F.relu_prime([-2.0, 0.0, 3.0]).tolist() == [0, 0, 1]


def test_softmax_rows_are_probabilities():
    z = np.array([[1.0, 2.0, 3.0], [1000.0, 1000.0, 1000.0]])
    p = F.softmax(z)
    assert np.allclose(p.sum(axis=1), 1)
    assert np.allclose(p[1], 1 / 3)  # huge scores do not overflow
    assert np.allclose(p[0], np.exp([1, 2, 3]) / np.exp([1, 2, 3]).sum())


def test_softmax_jacobian_matches_numeric_slopes():
    z = np.array([0.5, -1.0, 2.0])
    J = F.softmax_jacobian(z)
    h = 1e-6
    numeric = np.column_stack(
        [(F.softmax(z + h * e) - F.softmax(z - h * e)) / (2 * h) for e in np.eye(3)]
    )
    assert np.allclose(J, numeric, atol=1e-8)


def test_sse_by_hand():
    # errors 0.2, -0.1, 0.5 -> 0.04 + 0.01 + 0.25 = 0.30
    assert F.sse([0.2, 0.9, 0.5], [0, 1, 0]) == pytest.approx(0.30)
    assert F.sse_prime([0.2, 0.9, 0.5], [0, 1, 0]).tolist() == pytest.approx([0.4, -0.2, 1.0])


def test_cross_entropy_by_hand():
    p = np.array([[0.7, 0.2, 0.1], [0.1, 0.1, 0.8]])
    y = np.array([[1, 0, 0], [0, 0, 1]])
    assert F.cross_entropy(p, y) == pytest.approx(-np.log(0.7) - np.log(0.8))
    assert F.cross_entropy([[0.0, 1.0]], [[1, 0]]) < np.inf  # log(0) is kept finite
    assert F.binary_cross_entropy([0.9], [1]) == pytest.approx(-np.log(0.9))


@pytest.mark.parametrize("name", ["relu", "sigmoid", "tanh", "identity", "softmax"])
def test_activation_backward_matches_numeric_chain_rule(name):
    f = F.activation(name)
    rng = np.random.default_rng(0)
    z = rng.normal(size=(4, 3))
    g = rng.normal(size=(4, 3))  # some dL/da
    a = f(z)
    h = 1e-6
    numeric = np.zeros_like(z)
    for idx in np.ndindex(z.shape):
        dz = np.zeros_like(z)
        dz[idx] = h
        numeric[idx] = np.sum(g * (f(z + dz) - f(z - dz))) / (2 * h)
    assert np.allclose(f.backward(z, a, g), numeric, atol=1e-6)


def test_each_derivative_is_written_once(monkeypatch):
    """sigmoid_prime is Sigmoid.backward with dL/da = 1; SSE.gradient is sse_prime."""
    z = np.linspace(-3, 3, 7, dtype=np.float32)
    a = F.sigmoid(z)
    before = a.copy()
    slope = F.sigmoid_prime(z)
    assert np.array_equal(slope, a * (1 - a)) and slope.dtype == np.float32  # bit for bit
    assert np.array_equal(a, before) and type(F.sigmoid_prime(0.0)) is np.float64
    y = np.zeros_like(a)
    assert np.array_equal(F.SSE().gradient(a, y), 2 * (a - y))
    calls = []
    monkeypatch.setattr(F.Sigmoid, "backward", lambda self, z, a, g: calls.append("sigmoid"))
    monkeypatch.setattr(F, "sse_prime", lambda a, y: calls.append("sse"))
    F.sigmoid_prime(z), F.SSE().gradient(a, y)
    assert calls == ["sigmoid", "sse"]


def test_unknown_names_list_the_choices():
    with pytest.raises(ValueError, match="choose one of"):
        F.activation("swish")
    with pytest.raises(ValueError, match="choose one of"):
        F.loss("mae", F.Sigmoid())
    with pytest.raises(ValueError, match="does not give probabilities"):
        F.loss("cross_entropy", F.ReLU())


def test_predicted_class_is_the_highest_output_or_a_yes_no_threshold():
    from annlib.functions import predicted_class

    P = np.array([[0.1, 0.7, 0.2], [0.5, 0.2, 0.3]])
    assert predicted_class(P).tolist() == [1, 0]
    assert predicted_class(P[0]) == 1 and isinstance(predicted_class(P[0]), int)
    # one output: a yes/no answer, yes from 0.5 on
    assert predicted_class(np.array([[0.49], [0.5], [0.9]])).tolist() == [0, 1, 1]
    assert predicted_class(np.array([0.7])) == 1
    with pytest.raises(ValueError, match=r"shape \(n, n_outputs\)"):
        predicted_class(np.zeros((2, 3, 4)))
