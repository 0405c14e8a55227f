"""Exercises of notebook 04: backpropagation."""

from __future__ import annotations

import numpy as np

from ..functions import predicted_class, sigmoid
from ..mlp import MLP
from .core import Exercise, Wrong, array, call


def neuron_gradient(w, b, x, y):
    """Slopes of L = (σ(w·x + b) − y)² for one sigmoid neuron: (∂L/∂w, ∂L/∂b), by the chain rule."""
    a = 1 / (1 + np.exp(-(w @ x + b)))
    dL_dz = 2 * (a - y) * a * (1 - a)  # ∂L/∂a times ∂a/∂z
    return dL_dz * x, dL_dz  # ∂z/∂w = x, ∂z/∂b = 1


def _numeric(w, b, x, y, eps=1e-6):
    def loss(w_, b_):
        return (sigmoid(w_ @ x + b_) - y) ** 2

    dw = np.array(
        [(loss(w + eps * e, b) - loss(w - eps * e, b)) / (2 * eps) for e in np.eye(len(w))]
    )
    return dw, (loss(w, b + eps) - loss(w, b - eps)) / (2 * eps)


def _check_neuron_gradient(function):
    rng = np.random.default_rng(4)
    for _ in range(30):
        n = int(rng.integers(1, 5))
        w, x = rng.normal(size=n), rng.normal(size=n)
        b, y = float(rng.normal()), float(rng.integers(0, 2))
        got = call(function, w.copy(), b, x.copy(), y, returns="the two slopes, (dw, db)")
        if not isinstance(got, (tuple, list)) or len(got) != 2:
            raise Wrong(
                "return two things: (dw, db), the slope for every weight and the one for b."
            )
        dw = array(got[0], "dw (one slope per weight)", w.shape)
        db = float(array(got[1], "db", ()))
        want_dw, want_db = _numeric(w, b, x, y)
        if np.allclose(dw, want_dw, rtol=1e-4, atol=1e-8) and np.isclose(
            db, want_db, rtol=1e-4, atol=1e-8
        ):
            continue
        a = sigmoid(w @ x + b)
        if np.allclose(dw, want_dw / 2, rtol=1e-4, atol=1e-8):
            raise Wrong("your slopes are half the true ones: the slope of (a − y)² is 2 (a − y).")
        if np.allclose(dw, 2 * (a - y) * x, rtol=1e-4, atol=1e-8):
            raise Wrong(
                "your slopes miss the sigmoid's own slope a (1 − a): the chain rule "
                "multiplies ∂L/∂a by ∂a/∂z, then by ∂z/∂w = x."
            )
        raise Wrong(
            f"for w = {np.round(w, 3).tolist()}, b = {b:.3f}, x = {np.round(x, 3).tolist()}, "
            f"y = {y:g} the slopes are dw = {np.round(want_dw, 4).tolist()}, db = "
            f"{want_db:.4f}; yours are dw = {np.round(dw, 4).tolist()}, db = {db:.4f}."
        )


def layer_backward(W, a_in, grad_z):
    """Backpropagation through z = W a_in + b: slopes for W, for b and for the layer's input."""
    grad_W = np.outer(grad_z, a_in)  # dz_j/dW_jk = a_in_k
    grad_b = grad_z  # dz_j/db_j = 1
    grad_a_in = W.T @ grad_z  # each input feeds every neuron: add up along the columns
    return grad_W, grad_b, grad_a_in


def _check_layer_backward(function):
    rng = np.random.default_rng(5)
    for k, n in [(3, 4), (2, 5), (1, 3), (4, 2)]:
        W, a_in, grad_z = rng.normal(size=(k, n)), rng.normal(size=n), rng.normal(size=k)
        got = call(
            function, W.copy(), a_in.copy(), grad_z.copy(), returns="(grad_W, grad_b, grad_a_in)"
        )
        if not isinstance(got, (tuple, list)) or len(got) != 3:
            raise Wrong("return three things: (grad_W, grad_b, grad_a_in).")
        want = layer_backward(W, a_in, grad_z)
        names = [("grad_W", "W"), ("grad_b", "b"), ("grad_a_in", "a_in")]
        for value, expected, (name, of) in zip(got, want, names):
            value = array(value, name)
            if value.shape != expected.shape:
                raise Wrong(
                    f"{name} should have the shape of {of}, {expected.shape} (W is {k}x{n}), "
                    f"but yours has shape {value.shape}."
                )
            if not np.allclose(value, expected, rtol=1e-6, atol=1e-9):
                raise Wrong(
                    f"with a {k}x{n} W, your {name} differs from the true slopes "
                    f"(largest difference {np.abs(value - expected).max():.3g}). "
                    + _LAYER_HINTS[name]
                )


_LAYER_HINTS = {
    "grad_W": "Weight W[j, k] multiplies input k into neuron j: its slope is grad_z[j] * a_in[k].",
    "grad_b": "Each b[j] is added straight into z[j].",
    "grad_a_in": "Input k reaches every neuron j through W[j, k]: add grad_z[j] * W[j, k] over j.",
}


def train_xor():
    """A network that computes XOR: 2 inputs, 4 hidden sigmoid neurons, 1 output."""
    from ..train import fit

    X = np.array([[0, 0], [0, 1], [1, 0], [1, 1]])
    y = np.array([[0], [1], [1], [0]])
    model = MLP([2, 4, 1], activation="sigmoid", output="sigmoid", loss="sse", seed=0)
    fit(model, X, y, epochs=2000, batch_size=4, lr=2.0, progress=False)
    return model


def _read_network(model):
    """A network's settings and weights, read with MLP's own method and as plain arrays."""
    weights = vars(model)["params"]
    return MLP.settings(model), {name: np.array(value) for name, value in weights.items()}


def _own_forward(model, X):
    """The network's outputs, computed by annlib's own MLP from copies of its settings and
    weights, read while the guard watches: not by the model's methods, which an answer
    could have replaced."""
    settings, weights = call(
        _read_network, model, copies=False, returns="settings", who="reading your network"
    )
    try:
        judge = MLP(**settings)
        for name, value in judge.params.items():
            given = np.array(weights[name], dtype=value.dtype, copy=True)
            if given.shape != value.shape:
                raise ValueError(f"{name} has shape {given.shape}, not {value.shape}")
            if not np.isfinite(given).all():
                raise Wrong(
                    f"your network's {name} holds NaN or infinity: its training diverged. "
                    "Train it again with a smaller learning rate."
                )
            judge.params[name] = given
    except (AttributeError, KeyError, TypeError, ValueError) as error:
        raise Wrong(f"your network's weights do not fit its own settings ({error}).") from None
    return MLP.predict_proba(judge, X)


def _check_xor_model(model):
    if not isinstance(model, MLP):
        raise Wrong(f"give the trained annlib MLP itself; got {type(model).__name__}.")
    if model.sizes[0] != 2 or model.sizes[-1] != 1:
        raise Wrong(
            f"the network should have 2 inputs (x₁, x₂) and 1 output; "
            f"yours has sizes {list(model.sizes)}."
        )
    if len(model.sizes) == 2:
        raise Wrong(
            "your network has no hidden layer, so it can only draw one straight line, and no "
            "straight line puts XOR's two 1s on one side and its two 0s on the other. Add a "
            "hidden layer: MLP([2, 4, 1], ...)."
        )
    X = np.array([[0, 0], [0, 1], [1, 0], [1, 1]])
    outputs = _own_forward(model, X)
    for x, out, says in zip(X, outputs.ravel(), predicted_class(outputs)):
        wanted = int(x[0] != x[1])
        if says != wanted:
            raise Wrong(
                f"for x₁ = {x[0]}, x₂ = {x[1]} your network outputs {out:.2f}, so it says "
                f"{says}; XOR is {wanted} there. Train longer, use a larger "
                f"learning rate or more hidden neurons, or try another seed."
            )


EXERCISES = [
    Exercise(
        "4.1",
        "the chain rule for one neuron",
        """
        One sigmoid neuron: z = w·x + b, a = σ(z), loss L = (a − y)².
        Write my_neuron_gradient(w, b, x, y) that returns (∂L/∂w, ∂L/∂b): an array with one
        slope per weight, and one number for b.
        """,
        _check_neuron_gradient,
        "Chain rule: ∂L/∂w = ∂L/∂a · ∂a/∂z · ∂z/∂w, with ∂L/∂a = 2 (a − y), ∂a/∂z = a (1 − a) "
        "and ∂z/∂w = x (∂z/∂b = 1).",
        reference=neuron_gradient,
    ),
    Exercise(
        "4.2",
        "one step of backpropagation through a layer",
        """
        A layer computes z = W a_in + b (W has a row per neuron). Backpropagation hands it
        grad_z = ∂L/∂z, one number per neuron. Write my_layer_backward(W, a_in, grad_z) returning
        (grad_W, grad_b, grad_a_in): the slopes of L for W, for b and for the layer's input.
        """,
        _check_layer_backward,
        "Each slope has the shape of what it belongs to. grad_W is an outer product of grad_z "
        "and a_in; grad_a_in uses W transposed.",
        reference=layer_backward,
    ),
    Exercise(
        "4.3",
        "train XOR",
        """
        Train an annlib MLP with 2 inputs and 1 output (MLP([2, ..., 1], ...)) with fit() until
        it computes XOR, and give the trained network as the answer.
        """,
        _check_xor_model,
        "A hidden layer is needed (XOR is not one straight line). With sigmoid neurons, SSE "
        "and the four patterns as one batch, a learning rate around 1 to 3 and a few thousand "
        "epochs work; if it gets stuck, change the seed or add hidden neurons.",
        reference=train_xor,
        builds=True,
    ),
]
