"""Automatic differentiation, one number at a time (notebook 10).

A Value is a number that remembers how it was made: from which Values, and how much a small
change in each of them changes it (its *local slopes*). Any formula written with Values
builds a graph of them as it is computed. ``backward()`` then walks that graph from the
end back to the start, and with the chain rule works out the slope of the final result
with respect to every Value in it: exactly what backpropagation did by hand in notebook 04,
now done by the numbers themselves.

    w, x, b = Value(2.0), Value(3.0), Value(-1.0)
    a = (w * x + b).sigmoid()      # one neuron
    a.backward()                   # slopes of a with respect to everything it was made from
    w.grad                         # da/dw = sigmoid'(5) * x

Slopes *add up*: a Value used twice gets the slopes of both uses, which is the chain rule's
sum over paths. So ``grad`` keeps growing with every backward() until it is set back to 0
(``zero_grad``), and a training loop must zero the slopes before each step, as PyTorch's
``optimizer.zero_grad()`` does.

One Python object per number is slow: a network of 900,000 weights would build millions of
them for every example. Frameworks such as PyTorch do the same bookkeeping for whole arrays
at once (one node per matrix product, not per multiplication).
"""

from __future__ import annotations

import math
from numbers import Real

import numpy as np


class Value:
    """A number, with the Values it was made from and the slope of it with respect to each.

    data      the number
    grad      the slope of the result backward() was called on with respect to this Value
              (0 until then; it adds up over calls, see zero_grad)
    op        how it was made ("+", "*", "exp", ...; "" for a number given by you)
    """

    __slots__ = ("_local", "_parents", "data", "grad", "label", "op")

    def __init__(self, data, *, label: str = "", _parents=(), _local=(), _op=""):
        if isinstance(data, Value):
            raise TypeError("this is a Value already; use it as it is.")
        if isinstance(data, bool) or not isinstance(data, Real):
            raise TypeError(f"a Value holds one real number; got {type(data).__name__} {data!r}.")
        if not math.isfinite(data):
            raise ValueError(f"a Value must be a finite number; got {data}.")
        self.data = float(data)
        self.grad = 0.0
        self.label = label
        self.op = _op
        self._parents = tuple(_parents)
        self._local = tuple(_local)

    def __repr__(self) -> str:
        name = f"{self.label}: " if self.label else ""
        return f"Value({name}{self.data:.6g}, grad={self.grad:.6g})"

    # ---- making new Values --------------------------------------------------------------

    @staticmethod
    def _wrap(other) -> Value:
        if isinstance(other, Value):
            return other
        if isinstance(other, (Real, np.number)) and not isinstance(other, bool):
            return Value(float(other))
        raise TypeError(
            f"a Value can be combined with another Value or a number; got {type(other).__name__}."
        )

    def _made(self, data: float, op: str, parents, local) -> Value:
        if not math.isfinite(data):
            raise ValueError(
                f"{op} gave {data} (from {', '.join(f'{p.data:g}' for p in parents)}): the "
                "numbers have grown too large or left the function's range."
            )
        return Value(data, _parents=parents, _local=local, _op=op)

    def __add__(self, other) -> Value:
        other = self._wrap(other)
        return self._made(self.data + other.data, "+", (self, other), (1.0, 1.0))

    def __mul__(self, other) -> Value:
        other = self._wrap(other)  # d(xy)/dx = y and d(xy)/dy = x
        return self._made(self.data * other.data, "*", (self, other), (other.data, self.data))

    def __pow__(self, exponent) -> Value:
        if isinstance(exponent, Value) or not isinstance(exponent, Real):
            raise TypeError("the power of a Value must be a plain number, such as 2 or -1.")
        if self.data == 0 and exponent < 1:
            raise ZeroDivisionError(f"0 ** {exponent} has no slope (a division by 0).")
        slope = exponent * self.data ** (exponent - 1)
        return self._made(self.data**exponent, f"**{exponent:g}", (self,), (slope,))

    def __neg__(self) -> Value:
        return self._made(-self.data, "-", (self,), (-1.0,))

    def __sub__(self, other) -> Value:
        other = self._wrap(other)
        return self._made(self.data - other.data, "-", (self, other), (1.0, -1.0))

    def __truediv__(self, other) -> Value:
        other = self._wrap(other)  # d(x/y)/dx = 1/y and d(x/y)/dy = -x/y^2
        if other.data == 0:
            raise ZeroDivisionError(f"{self.data:g} / 0: a division by 0.")
        return self._made(
            self.data / other.data,
            "/",
            (self, other),
            (1.0 / other.data, -self.data / other.data**2),
        )

    def __radd__(self, other) -> Value:
        return self + other

    def __rmul__(self, other) -> Value:
        return self * other

    def __rsub__(self, other) -> Value:
        return self._wrap(other) - self

    def __rtruediv__(self, other) -> Value:
        return self._wrap(other) / self

    def exp(self) -> Value:
        e = math.exp(self.data) if self.data < 709 else math.inf
        return self._made(e, "exp", (self,), (e,))  # (e^x)' = e^x

    def log(self) -> Value:
        if self.data <= 0:
            raise ValueError(f"log needs a positive number; got {self.data:g}.")
        return self._made(math.log(self.data), "log", (self,), (1.0 / self.data,))

    def tanh(self) -> Value:
        t = math.tanh(self.data)
        return self._made(t, "tanh", (self,), (1.0 - t * t,))

    def sigmoid(self) -> Value:
        x = self.data
        s = 1.0 / (1.0 + math.exp(-x)) if x >= 0 else math.exp(x) / (1.0 + math.exp(x))
        return self._made(s, "sigmoid", (self,), (s * (1.0 - s),))

    def relu(self) -> Value:
        return self._made(max(0.0, self.data), "relu", (self,), (float(self.data > 0),))

    # ---- the slopes ------------------------------------------------------------------------

    def graph(self) -> list[Value]:
        """Every Value this one was made from, and itself, each after all it was made from
        (a topological order)."""
        order, seen = [], set()
        stack = [(self, False)]
        while stack:  # depth first, without recursion (a graph can be thousands deep)
            node, parents_done = stack.pop()
            if parents_done:
                order.append(node)
                continue
            if id(node) in seen:
                continue
            seen.add(id(node))
            stack.append((node, True))
            stack.extend((p, False) for p in node._parents if id(p) not in seen)
        return order

    def backward(self) -> None:
        """Add to each Value's grad the slope of this Value with respect to it.

        Walks the graph from this Value back to the numbers it was made from; each Value
        passes its own slope on to the Values it was made from, times its local slope
        for each (the chain rule), and a Value used several times adds up what each use
        passes back. Call zero_grad first if the grads hold slopes from an earlier call.
        """
        order = self.graph()
        slope = {id(v): 0.0 for v in order}
        slope[id(self)] = 1.0  # d(self)/d(self)
        for node in reversed(order):
            for parent, local in zip(node._parents, node._local):
                slope[id(parent)] += local * slope[id(node)]
        for node in order:
            node.grad += slope[id(node)]


def _each(found):
    """Every Value in ``found``: a Value, or lists, tuples, dicts and arrays of them."""
    if isinstance(found, Value):
        yield found
    elif isinstance(found, dict):
        for item in found.values():
            yield from _each(item)
    elif isinstance(found, (list, tuple, np.ndarray)):
        for item in (
            np.asarray(found, dtype=object).ravel() if isinstance(found, np.ndarray) else found
        ):
            yield from _each(item)
    else:
        raise TypeError(
            f"zero_grad takes Values (in lists, dicts or arrays); got {type(found).__name__}."
        )


def zero_grad(values) -> None:
    """Set the grad of every Value in ``values`` (a Value, or lists, dicts or arrays of them)
    to 0: before each training step, so that the slopes of the last step do not add up."""
    for v in _each(values):
        v.grad = 0.0


def values(array, label: str = "") -> np.ndarray:
    """An array of numbers as an array of Values of the same shape (labelled label[i, j])."""
    from . import _validate

    array = _validate.numeric_array(array, "the numbers to make Values of")
    out = np.empty(array.shape, dtype=object)
    for index in np.ndindex(array.shape):
        name = f"{label}[{', '.join(map(str, index))}]" if label else ""
        out[index] = Value(float(array[index]), label=name)
    return out


def numbers(array, of: str = "data") -> np.ndarray:
    """An array of Values as an array of their numbers (of="data") or slopes (of="grad")."""
    if of not in ("data", "grad"):
        raise ValueError(f"of must be 'data' or 'grad'; got {of!r}.")
    array = np.asarray(array, dtype=object)
    if not all(isinstance(v, Value) for v in array.ravel()):
        raise TypeError("numbers takes an array of Values, such as parameters(model)['W1'].")
    if not array.size:
        return np.zeros(array.shape)
    return np.vectorize(lambda v: getattr(v, of), otypes=[float])(array)


# ---- a whole MLP, one Value per number (slow; for checking and for teaching) ------------------

_ACTIVATIONS = {
    "relu": Value.relu,
    "sigmoid": Value.sigmoid,
    "tanh": Value.tanh,
    "identity": lambda v: v,
}


def _softmax(row):
    top = max(v.data for v in row)  # a constant shift: the same probabilities, no overflow
    exps = [(v - top).exp() for v in row]
    total = sum(exps)
    return [e / total for e in exps]


def parameters(model) -> dict[str, np.ndarray]:
    """An annlib MLP's weights and biases as arrays of Values: {"W1": ..., "b1": ..., ...}."""
    from .mlp import MLP

    if not isinstance(model, MLP):
        raise TypeError(f"parameters takes an annlib MLP; got {type(model).__name__}.")
    return {name: values(p, label=name) for name, p in model.params.items()}


def mlp_loss(model, params, X, Y) -> Value:
    """The mean loss of ``model`` over the examples X with wanted outputs Y, computed with
    the weights ``params`` (arrays of Values, from parameters(model)): one Value, whose
    backward() gives every weight's slope, as model.backward does for whole arrays."""
    from . import _validate

    X = _validate.numeric_array(X, "X (the inputs)")
    Y = _validate.numeric_array(Y, "Y (the wanted outputs)")
    if X.ndim != 2 or Y.ndim != 2 or len(X) != len(Y) or len(X) == 0:
        raise ValueError(
            "X and Y need one row per example, as many of each; "
            f"got shapes {X.shape} and {Y.shape}."
        )
    if X.shape[1] != model.n_inputs or Y.shape[1] != model.n_outputs:
        raise ValueError(
            f"this MLP takes rows of {model.n_inputs} inputs and {model.n_outputs} wanted outputs; "
            f"got X of shape {X.shape} and Y of shape {Y.shape}."
        )
    for name, p in model.params.items():
        if name not in params or np.shape(params[name]) != p.shape:
            raise ValueError(
                f"params must hold every weight of the MLP as Values, as parameters(model) makes "
                f"them; {name} (shape {p.shape}) is missing or has another shape."
            )
    hidden = _ACTIVATIONS[model.activation.name]
    A = X.astype(object)
    L = model.n_layers
    for l in range(1, L + 1):
        Z = A @ params[f"W{l}"].T + params[f"b{l}"]
        if l < L:
            A = np.vectorize(hidden, otypes=[object])(Z)
        elif model.output.name == "softmax":
            A = np.array([_softmax(row) for row in Z], dtype=object)
        else:
            A = np.vectorize(_ACTIVATIONS[model.output.name], otypes=[object])(Z)
    total = Value(0.0)
    for a_row, y_row in zip(A, Y):
        for a, y in zip(a_row, y_row):
            if model.loss.name == "sse":
                total = total + (a - y) ** 2
            elif model.output.name == "softmax":
                total = total - y * a.log() if y else total
            else:  # sigmoid outputs: the binary cross-entropy
                total = total - (a.log() if y else (1 - a).log())
    return total / len(X)
