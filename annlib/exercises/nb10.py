"""Exercises of notebook 10: automatic differentiation, and annlib's weights in PyTorch."""

from __future__ import annotations

import numpy as np

from .core import Exercise, Wrong, array, call, number

# ---- 10.1 the local slopes of a multiplication ------------------------------------------


def multiply_slopes(a, b):
    """The local slopes of c = a * b: dc/da = b and dc/db = a."""
    return b, a


_PAIRS = [(2.0, 5.0), (-3.0, 0.5), (4.0, 4.0), (0.0, 7.0), (1.5, -2.0)]


def _check_multiply(function):
    for a, b in _PAIRS:
        got = call(function, a, b, returns="the two slopes, as (dc/da, dc/db)")
        if not isinstance(got, (tuple, list)) or len(got) != 2:
            raise Wrong(
                f"return two numbers, (dc/da, dc/db); for a = {a}, b = {b} yours gave {got!r}."
            )
        da, db = number(got[0], "dc/da"), number(got[1], "dc/db")
        if (da, db) == (b, a):
            continue
        shown = f"for a = {a:g} and b = {b:g}"
        if (da, db) == (a, b) and a != b:
            raise Wrong(
                f"{shown} yours gives ({da:g}, {db:g}): swapped. If a grows by a little h, "
                f"c = a * b grows by h * b: the slope with respect to a is the *other* factor."
            )
        if (da, db) == (1.0, 1.0):
            raise Wrong(
                f"{shown} yours gives (1, 1): those are the local slopes of a + b. For a * b, "
                "each slope is the other factor."
            )
        if np.isclose(da, a * b) or np.isclose(db, a * b):
            raise Wrong(f"{shown} yours gives ({da:g}, {db:g}): c itself is not a slope.")
        raise Wrong(f"{shown} the slopes are ({b:g}, {a:g}); yours gives ({da:g}, {db:g}).")


# ---- 10.2 a value used three times ------------------------------------------------------


def _check_three_uses(answer):
    value = number(answer, "x.grad")
    if value == 12:  # y = x * x * x: each of the three uses of x passes back x * x = 4
        return
    if value == 4:
        raise Wrong(
            "4 is what one use of x passes back (the product of the other two factors, 2 * 2). "
            "But x is used three times, and backward() adds up what each use passes back."
        )
    if value == 8:
        raise Wrong("8 counts two uses of x; y = x * x * x uses it three times.")
    if value == 6:
        raise Wrong("6 is 3x; each use of x passes back the product of the *other* factors, x * x.")
    if value == 24:
        raise Wrong("24 would be after two backward() calls; here there is one.")
    raise Wrong(
        f"{value:g} is not it. y = x * x * x uses x three times: what does each use pass back "
        "to x, with x = 2?"
    )


# ---- 10.3 annlib's weights in nn.Linear ---------------------------------------------------


def linear_weights(W, b):
    """What nn.Linear(n_in, n_out) must hold to compute annlib's layer: its weight has shape
    (out_features, in_features), like annlib's W, so nothing is transposed."""
    return W.copy(), b.copy()


def _check_linear(function):
    rng = np.random.default_rng(103)
    for n_in, n_out in ((4, 3), (784, 500), (2, 2), (5, 1)):
        W, b = rng.normal(size=(n_out, n_in)), rng.normal(size=n_out)
        got = call(function, W, b, returns="the weight and the bias, as (weight, bias)")
        if not isinstance(got, (tuple, list)) or len(got) != 2:
            raise Wrong("return two arrays, (weight, bias).")
        weight = array(got[0], "the weight")
        bias = array(got[1], "the bias")
        if weight.shape == (n_in, n_out) and n_in != n_out:
            raise Wrong(
                f"for a layer of {n_in} inputs and {n_out} neurons yours has shape {weight.shape}: "
                f"transposed. nn.Linear({n_in}, {n_out}).weight has shape ({n_out}, {n_in}), one "
                "row per neuron, exactly like annlib's W; the transpose is inside the layer's "
                "computation, x @ weight.T + bias."
            )
        if weight.shape != W.shape:
            raise Wrong(
                f"the weight should have shape {W.shape} (out, in); yours has {weight.shape}."
            )
        if W.shape[0] == W.shape[1] and np.allclose(weight, W.T) and not np.allclose(W, W.T):
            raise Wrong(
                "your weight is annlib's W transposed; for this square layer the shape hides it. "
                "nn.Linear stores one row per neuron, as annlib does: no transpose."
            )
        if not np.allclose(weight, W):
            raise Wrong("the weight should hold annlib's W itself, number for number.")
        if bias.shape != b.shape or not np.allclose(bias, b):
            raise Wrong(f"the bias should be annlib's b, shape {b.shape}, as it is.")


EXERCISES = [
    Exercise(
        "10.1",
        "the local slopes of a multiplication",
        """
        A Value c made by c = a * b remembers two local slopes: how much c changes per small
        change of a, and per small change of b. Write my_multiply_slopes(a, b) returning them,
        as (dc/da, dc/db), for the numbers a and b.
        """,
        _check_multiply,
        "Grow a by a little h: c becomes (a + h) * b = c + h * b. How much did c grow per h?",
        reference=multiply_slopes,
    ),
    Exercise(
        "10.2",
        "a value used three times",
        """
        After this code, with annlib.autograd's Value, what is x.grad? Work it out from the
        uses of x (then you may run it to check).

            x = Value(2.0)
            y = x * x * x
            y.backward()
        """,
        _check_three_uses,
        "Each use of x in a product passes back the product of the other factors. How many "
        "uses are there, and what does backward() do with what they pass back?",
        reference=12.0,
        explanation="Each of the three uses passes back x * x = 4, and the slopes add up: "
        "12, which is the slope 3x^2 of x^3 at x = 2.",
    ),
    Exercise(
        "10.3",
        "annlib's weights in nn.Linear",
        """
        An annlib layer has weights W of shape (n_out, n_in) and biases b of shape (n_out,),
        and computes A W^T + b. Write my_linear_weights(W, b) returning the two NumPy arrays
        (weight, bias) that PyTorch's nn.Linear(n_in, n_out) must hold to compute the same
        layer. (What nn.Linear computes, and the shape of its weight, are in PyTorch's
        documentation of nn.Linear.)
        """,
        _check_linear,
        "Compare the two formulas, and the shape of nn.Linear(n_in, n_out).weight in PyTorch's "
        "documentation: (out_features, in_features).",
        reference=linear_weights,
    ),
]
