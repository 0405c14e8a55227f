"""Automatic differentiation, one number at a time (notebook 14).

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
        if not math.isfinite(_float(data)):
            raise ValueError(
                f"a Value must be a finite number (up to 1.8e308); got {_float(data)}."
            )
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
        if isinstance(other, Real) and not isinstance(other, bool):  # (not complex numbers)
            return Value(other)
        raise TypeError(
            f"a Value can be combined with another Value or a number; got {type(other).__name__}."
        )

    def _made(self, data: float, op: str, parents, local) -> Value:
        """The new Value ``data``, made by ``op`` from the Values ``parents``, with one local
        slope in ``local`` for each parent (refused if a number is not finite)."""
        if not all(math.isfinite(x) for x in (data, *local)):  # the number, or a slope
            raise ValueError(
                f"{op} gave {data:g}, with slopes {', '.join(f'{x:g}' for x in local)} (from "
                f"{', '.join(f'{p.data:g}' for p in parents)}): the numbers have grown too "
                "large or left the function's range."
            )
        return Value(data, _parents=parents, _local=local, _op=op)

    def __add__(self, other) -> Value:
        other = self._wrap(other)
        return self._made(self.data + other.data, "+", (self, other), (1.0, 1.0))

    def __mul__(self, other) -> Value:
        other = self._wrap(other)  # d(xy)/dx = y and d(xy)/dy = x
        return self._made(self.data * other.data, "*", (self, other), (other.data, self.data))

    def __pow__(self, exponent) -> Value:
        if isinstance(exponent, Value):  # x ** y = e^(y log x), which needs x > 0
            if self.data <= 0:
                raise ValueError(
                    f"{self.data:g} ** (a Value) is e^(y log x), which needs a positive x; "
                    f"got x = {self.data:g}."
                )
            return (exponent * self.log()).exp()
        p = _exponent(self.data, exponent)
        slope = p * _pow(self.data, p - 1)  # (x^p)' = p x^(p-1)
        return self._made(_pow(self.data, p), f"**{p:g}", (self,), (slope,))

    def __rpow__(self, base) -> Value:  # number ** Value
        return self._wrap(base) ** self

    def __neg__(self) -> Value:
        return self._made(-self.data, "-", (self,), (-1.0,))

    def __sub__(self, other) -> Value:
        other = self._wrap(other)
        return self._made(self.data - other.data, "-", (self, other), (1.0, -1.0))

    def __truediv__(self, other) -> Value:
        other = self._wrap(other)  # d(x/y)/dx = 1/y and d(x/y)/dy = -x/y^2
        if other.data == 0:
            raise ValueError(f"{self.data:g} / 0: a division by 0, which has no result.")
        x, y = self.data, other.data
        return self._made(x / y, "/", (self, other), (1.0 / y, -(x / y) / y))

    def __radd__(self, other) -> Value:
        return self + other

    def __rmul__(self, other) -> Value:
        return self * other

    def __rsub__(self, other) -> Value:
        return self._wrap(other) - self

    def __rtruediv__(self, other) -> Value:
        return self._wrap(other) / self

    def exp(self) -> Value:
        e = math.exp(self.data) if self.data < 709.78 else math.inf  # (above: too large)
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
        if not all(math.isfinite(s) for s in slope.values()):
            raise ValueError(
                "the slopes have grown too large to be numbers (a product of many large local "
                "slopes): no grad was changed. Use smaller numbers, or a shorter chain."
            )
        for node in order:
            node.grad += slope[id(node)]


def _float(number) -> float:
    """A real number as a float; infinity if it is too large for one (such as 10 ** 400)."""
    try:
        return float(number)
    except OverflowError:
        return math.inf if number > 0 else -math.inf


def _pow(x: float, p: float) -> float:
    """x ** p, infinity where that is too large (Python raises OverflowError instead)."""
    try:
        return x**p
    except OverflowError:
        return math.inf


def _exponent(x: float, p) -> float:
    """p as a float, if x ** p has a real result and a slope; otherwise an error saying why."""
    if isinstance(p, bool) or not isinstance(p, Real):
        raise TypeError(
            f"the power of a Value must be a number such as 2 or -1 (or a Value); got "
            f"{type(p).__name__} {p!r}."
        )
    if not math.isfinite(_float(p)):
        raise ValueError(f"the power of a Value must be a finite number; got {_float(p)}.")
    p = float(p)
    if x < 0 and p != int(p):
        raise ValueError(
            f"({x:g}) ** {p:g} is not a real number: a negative number has no fractional "
            "power (no square root, for one)."
        )
    if x == 0 and p < 1:
        raise ValueError(f"0 ** {p:g} has no slope: p * 0 ** (p - 1) divides by 0.")
    return p


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
    backward() gives every weight's slope, as model.backward does for whole arrays. The
    loss is the model's own (model.loss_value), for any wanted outputs it can learn,
    such as 0.5 for a sigmoid output."""
    X, Y = _examples(model, X, Y)
    _check_params(model, params)
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
        for a, y in zip(a_row, map(float, y_row)):
            if model.loss.name == "sse":
                total = total + (a - y) ** 2
            elif model.output.name == "softmax":
                total = _minus_y_log(total, y, a)
            else:  # sigmoid outputs: the binary cross-entropy, -y log a - (1 - y) log(1 - a)
                total = _minus_y_log(_minus_y_log(total, y, a), 1 - y, 1 - a)
    return total / len(X)


def _minus_y_log(total: Value, y: float, a: Value) -> Value:
    """total - y log a: a term of the cross-entropy, with y the wanted probability and a the
    given one. With y = 0 it adds nothing (0 log 0 counts as 0) and is left out."""
    if not y:
        return total
    if a.data <= 0:
        raise ValueError(
            f"the network gives a probability of exactly 0 where {y:g} is wanted (an output "
            "that has saturated): its cross-entropy, -log 0, is infinite. Use smaller weights "
            "or inputs."
        )
    return total - y * a.log()


def _examples(model, X, Y) -> tuple[np.ndarray, np.ndarray]:
    """X and Y for mlp_loss, checked against the model: one row each per example."""
    from . import _validate
    from .mlp import MLP

    _validate.instance_of(model, MLP, "model", "an annlib MLP, such as MLP([2, 3, 1])")
    hidden, output = model.activation.name, model.output.name
    if hidden not in _ACTIVATIONS or output not in {*_ACTIVATIONS, "softmax"}:
        raise ValueError(
            f"mlp_loss knows the activations {sorted(_ACTIVATIONS)} (and softmax outputs); this "
            f"MLP uses {hidden!r} with {output!r} outputs."
        )
    X = _validate.numeric_array(X, "X (the inputs)")
    Y = _validate.numeric_array(Y, "Y (the wanted outputs)")
    if X.ndim != 2 or Y.ndim != 2 or len(X) != len(Y) or len(X) == 0:
        hint = " (turn labels y into wanted outputs with model.targets(y))" if Y.ndim == 1 else ""
        raise ValueError(
            "X and Y need one row per example, as many of each; "
            f"got shapes {X.shape} and {Y.shape}{hint}."
        )
    if X.shape[1] != model.n_inputs or Y.shape[1] != model.n_outputs:
        raise ValueError(
            f"this MLP takes rows of {model.n_inputs} inputs and {model.n_outputs} wanted outputs; "
            f"got X of shape {X.shape} and Y of shape {Y.shape}."
        )
    return X, model.reachable(Y, "Y")  # (refuses what the output can never give)


def _check_params(model, params) -> None:
    """params must hold every weight of the model, as parameters(model) makes them."""
    if not isinstance(params, dict):
        raise TypeError(
            "params must be the dict of Values that parameters(model) makes; got "
            f"{type(params).__name__}."
        )
    for name, p in model.params.items():
        if name not in params or np.shape(params[name]) != p.shape:
            raise ValueError(
                f"params must hold every weight of the MLP as Values, as parameters(model) makes "
                f"them; {name} (shape {p.shape}) is missing or has another shape."
            )
        if not all(isinstance(v, Value) for v in np.asarray(params[name], dtype=object).ravel()):
            raise TypeError(
                f"params[{name!r}] must hold Values, as parameters(model) makes them (not the "
                "model's own numbers, model.params)."
            )
