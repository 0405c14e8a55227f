"""Activation functions and losses, each with its derivative, vectorised over batches.

Notation (the same in the notebooks): a layer receives activations a_prev,
computes the weighted input z = a_prev W^T + b, and passes on a = f(z). The
threshold neuron of notebook 01 is f = step with b = -m: it fires when
w . x - m >= 0.

Every function works on whole arrays: a batch is a 2-D array with one row per
example. Each activation object knows how to turn the gradient of the loss with respect
to its output a into the gradient with respect to its input z (``backward``, the backward
step of backpropagation, dL/dz = dL/da * f'(z)), and so its slope f'(z) (``prime``).
"""

from __future__ import annotations

import numpy as np

# --------------------------------------------------------------------------
# Plain functions (what the notebooks plot and the tests check)
# --------------------------------------------------------------------------


def step(z):
    """1 where z >= 0, else 0: the threshold neuron's rule, with z = s - m."""
    z = np.asarray(z)
    return (z >= 0).astype(z.dtype if z.dtype.kind == "f" else np.float64)


def step_prime(z):
    """The step's slope: 0 everywhere (and undefined at 0, where it jumps)."""
    return np.zeros_like(np.asarray(z, dtype=float))


def sigmoid(z):
    """1 / (1 + e^-z): a smooth step from 0 to 1. Computed without overflow for large |z|."""
    z = np.asarray(z)
    dtype = z.dtype if z.dtype.kind == "f" else np.float64
    z = z.astype(dtype, copy=False)
    # e^-|z| never overflows; for z < 0 use e^z / (1 + e^z), the same value.
    e = np.exp(-np.abs(z))
    return np.where(z >= 0, 1 / (1 + e), e / (1 + e)).astype(dtype, copy=False)


def sigmoid_prime(z):
    """The sigmoid's slope: sigmoid(z) * (1 - sigmoid(z)), at most 1/4 (at z = 0).

    The formula is written once, in Sigmoid.backward: the slope is its backward step
    with dL/da = 1."""
    return Sigmoid().prime(z, sigmoid(z))


def relu(z):
    """max(0, z): passes positive signals on unchanged, blocks negative ones."""
    z = np.asarray(z)
    return np.maximum(z, 0)


def relu_prime(z):
    """ReLU's slope: 1 where z > 0, else 0."""
    z = np.asarray(z)
    return (z > 0).astype(z.dtype if z.dtype.kind == "f" else np.float64)


def softmax(z):
    """Turns each row of scores into probabilities that add up to 1: e^z_j / sum_k e^z_k."""
    z = np.asarray(z)
    dtype = z.dtype if z.dtype.kind == "f" else np.float64
    shifted = z - np.max(z, axis=-1, keepdims=True)  # same result, no overflow
    e = np.exp(shifted.astype(dtype, copy=False))
    return e / np.sum(e, axis=-1, keepdims=True)


def softmax_jacobian(z):
    """For one row of scores z (n,), the (n, n) matrix of slopes d softmax_i / d z_j."""
    p = softmax(np.asarray(z, dtype=float))
    if p.ndim != 1:
        raise ValueError("softmax_jacobian takes one row of scores at a time, shape (n,).")
    return np.diag(p) - np.outer(p, p)


def sse(a, y):
    """Sum of squared errors: sum over every example and output of (a - y)^2."""
    a, y = np.asarray(a), np.asarray(y)
    return float(np.sum((a - y) ** 2))


def sse_prime(a, y):
    """Slope of the SSE with respect to each output: 2 (a - y)."""
    return 2 * (np.asarray(a) - np.asarray(y))


EPS = 1e-12  # keeps log() away from log(0)


def cross_entropy(p, y):
    """-sum y log p over every example and class: small when the right class is given a high p."""
    p, y = np.asarray(p), np.asarray(y)
    return float(-np.sum(y * np.log(np.clip(p, EPS, 1.0))))


def binary_cross_entropy(p, y):
    """-sum [y log p + (1 - y) log(1 - p)]: cross-entropy for outputs that are each yes/no."""
    p, y = np.asarray(p), np.asarray(y)
    p = np.clip(p, EPS, 1 - EPS)
    return float(-np.sum(y * np.log(p) + (1 - y) * np.log(1 - p)))


def predicted_class(P):
    """Which class the outputs P predict: for each row, the output with the highest value.

    A network with a single output answers yes/no: class 1 when the output is at least
    0.5, else class 0. P is one row per example, shape (n, n_outputs), giving n labels;
    or one example's outputs, shape (n_outputs,), giving one label as an int.
    The one place in annlib that turns outputs (or wanted outputs) into classes.
    """
    P = np.asarray(P)
    if P.ndim not in (1, 2) or P.shape[-1] == 0:
        raise ValueError(
            f"predicted_class takes outputs of shape (n, n_outputs), one row per "
            f"example, or (n_outputs,) for one example; got shape {P.shape}."
        )
    rows = P.reshape(-1, P.shape[-1])
    labels = (rows[:, 0] >= 0.5).astype(np.int64) if rows.shape[1] == 1 else rows.argmax(axis=1)
    return int(labels[0]) if P.ndim == 1 else labels


# --------------------------------------------------------------------------
# Activation objects used by the MLP: forward, and the backward step
# --------------------------------------------------------------------------


class Activation:
    """An activation f and its backward step.

    f(z) gives a layer's outputs a from its weighted inputs z. backward(z, a, grad_a) turns
    dL/da into dL/dz = dL/da * f'(z) (the chain rule), using z or a, whichever says f'(z)
    more simply: the sigmoid's slope is a (1 - a). prime(z, a), the slope f'(z) itself,
    is the backward step with dL/da = 1, so each object's slope is written once, in its
    backward. (The plain functions above, such as relu_prime, are what the notebooks plot.)
    """

    name = "activation"
    reaches = (-np.inf, np.inf)  # the lowest and highest values f can give (or approach)

    def __call__(self, z):
        raise NotImplementedError

    def backward(self, z, a, grad_a):
        """dL/dz given dL/da, for a batch; z and a are this layer's inputs and outputs."""
        raise NotImplementedError

    def prime(self, z, a):
        """f'(z), element by element, for a layer's weighted inputs z and outputs a = f(z)."""
        return self.backward(z, a, np.ones_like(a))

    def __repr__(self) -> str:
        return self.name


class Identity(Activation):
    name = "identity"

    def __call__(self, z):
        return z

    def backward(self, z, a, grad_a):
        return grad_a  # f'(z) = 1


class Sigmoid(Activation):
    name = "sigmoid"
    reaches = (0.0, 1.0)

    def __call__(self, z):
        return sigmoid(z)

    def backward(self, z, a, grad_a):
        return grad_a * a * (1 - a)  # f'(z) = a (1 - a)


class ReLU(Activation):
    name = "relu"
    reaches = (0.0, np.inf)

    def __call__(self, z):
        return np.maximum(z, 0)

    def backward(self, z, a, grad_a):
        return grad_a * (a > 0)  # f'(z) = 1 where the neuron is active (z > 0, so a > 0), else 0


class Tanh(Activation):
    name = "tanh"
    reaches = (-1.0, 1.0)

    def __call__(self, z):
        return np.tanh(z)

    def backward(self, z, a, grad_a):
        return grad_a * (1 - a * a)  # f'(z) = 1 - tanh(z)^2


class Step(Activation):
    """The threshold rule. Its slope is 0 everywhere, so nothing can be learned through it."""

    name = "step"
    reaches = (0.0, 1.0)

    def __call__(self, z):
        return step(z)

    def backward(self, z, a, grad_a):
        return np.zeros_like(grad_a)  # f'(z) = 0


class Softmax(Activation):
    """Softmax: each output depends on every input of its row, so its slope is a matrix per
    example (softmax_jacobian), not one number per element: backward applies it directly."""

    name = "softmax"
    reaches = (0.0, 1.0)

    def __call__(self, z):
        return softmax(z)

    def backward(self, z, a, grad_a):
        # The Jacobian diag(a) - a a^T applied to each row of grad_a, without building it.
        return a * (grad_a - np.sum(grad_a * a, axis=1, keepdims=True))

    def prime(self, z, a):
        raise TypeError(
            "softmax's slope is a matrix for each example (see softmax_jacobian), not one "
            "number per output: use Softmax().backward(z, a, grad_a), which applies it."
        )


ACTIVATIONS = {cls.name: cls for cls in (Identity, Sigmoid, ReLU, Tanh, Step, Softmax)}


def activation(name) -> Activation:
    """An activation by name: 'relu', 'sigmoid', 'tanh', 'step', 'softmax' or 'identity'."""
    if isinstance(name, Activation):
        return name
    if not isinstance(name, str) or name not in ACTIVATIONS:
        raise ValueError(f"unknown activation {name!r}; choose one of {sorted(ACTIVATIONS)}.")
    return ACTIVATIONS[name]()


# --------------------------------------------------------------------------
# Loss objects used by the MLP: the value summed over a batch, and dL/da
# --------------------------------------------------------------------------


class Loss:
    name = "loss"

    def value(self, a, y) -> float:
        """The loss summed over the batch."""
        raise NotImplementedError

    def gradient(self, a, y):
        """dL/da for each output of each example."""
        raise NotImplementedError

    def __repr__(self) -> str:
        return self.name


class SSE(Loss):
    """The source article's measure: the sum of squared errors."""

    name = "sse"

    def value(self, a, y):
        return sse(a, y)

    def gradient(self, a, y):
        return sse_prime(a, y)


class CrossEntropy(Loss):
    """Cross-entropy: with softmax outputs, -sum y log a; with sigmoid outputs, the binary form."""

    name = "cross_entropy"

    def __init__(self, binary: bool = False):
        self.binary = binary

    def value(self, a, y):
        return binary_cross_entropy(a, y) if self.binary else cross_entropy(a, y)

    def gradient(self, a, y):
        a = np.clip(a, EPS, 1 - EPS) if self.binary else np.clip(a, EPS, 1.0)
        if self.binary:
            return (a - y) / (a * (1 - a))
        return -y / a


LOSSES = {"sse": SSE, "cross_entropy": CrossEntropy}


def loss(name, output: Activation) -> Loss:
    """A loss by name, checked against the output activation it will follow."""
    if isinstance(name, Loss):
        return name
    if not isinstance(name, str) or name not in LOSSES:
        raise ValueError(f"unknown loss {name!r}; choose one of {sorted(LOSSES)}.")
    if name == "cross_entropy":
        if output.name not in ("softmax", "sigmoid"):
            raise ValueError(
                f"cross-entropy compares probabilities, but output={output.name!r} does not give "
                "probabilities; use output='softmax' (one class per example) or 'sigmoid'."
            )
        return CrossEntropy(binary=output.name == "sigmoid")
    return SSE()


def output_delta(out: Activation, loss_fn: Loss, z, a, y):
    """dL/dz at the output layer (the 'delta' of the last layer).

    For softmax + cross-entropy and sigmoid + binary cross-entropy the chain
    rule collapses to a - y, which is also the numerically safe way to compute it.
    """
    if isinstance(loss_fn, CrossEntropy) and out.name in ("softmax", "sigmoid"):
        return a - y
    return out.backward(z, a, loss_fn.gradient(a, y))
