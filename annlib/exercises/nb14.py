"""Exercises of notebook 14: automatic differentiation, and annlib's weights in PyTorch."""

from __future__ import annotations

from numbers import Real

import numpy as np

from ..autograd import Value
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


# ---- 10.4 a Value operation of your own: a power ------------------------------------------


def power(v, p):
    """v ** p for a Value v and a number p: the number v.data ** p, made from v alone, with
    the local slope p v^(p-1) (the power rule)."""
    return v._made(v.data**p, f"**{p:g}", (v,), (p * v.data ** (p - 1),))


_POWERS = [(1.5, 3), (2.0, -1), (0.64, 0.5), (-0.8, 2), (1.2, 4)]  # (v, p): slopes all differ
_OTHER = 0.7  # the graph the check builds: y = my_pow(v, p) * 0.7 + v, so v is used twice


class _Given(Value):
    """The Value the check gives the learner's function: a Value in every way, except that
    ``v ** p`` says that the exercise is to write ** itself."""

    __slots__ = ()

    def __pow__(self, exponent):
        raise TypeError(
            "the exercise is to write ** yourself, so v ** ... is switched off here: compute "
            "with the number v.data, then make the Value with v._made(...)"
        )


def _check_power(function):
    for x, p in _POWERS:
        v = _Given(x, label="v")
        out = call(function, v, p, returns="the new Value", copies=False)
        shown = f"for v = Value({x:g}) and p = {p:g}"
        _check_made(out, v, x, p, shown)
        slope = p * x ** (p - 1)
        if v in out._parents:
            _check_local(out._local[out._parents.index(v)], x, p, slope, shown)
        y = out * _OTHER + v  # v used twice: through the power and on its own
        y.backward()
        h = 1e-6
        expected = ((x + h) ** p * _OTHER + (x + h) - ((x - h) ** p * _OTHER + (x - h))) / (2 * h)
        if not np.isclose(v.grad, expected, rtol=1e-5, atol=1e-7):
            raise Wrong(
                f"{shown}, in y = my_pow(v, p) * {_OTHER:g} + v, backward() gives v.grad = "
                f"{v.grad:.6g}, but small changes of v (finite differences, as in notebook 04) "
                f"give {expected:.6g}."
            )


def _check_made(out, v, x: float, p: float, shown: str) -> None:
    """The slips in making the Value: not a Value, v itself, a grad set by hand, the wrong
    number, parents that are not recorded or do not match the local slopes."""
    if out is v:
        raise Wrong(
            f"{shown} yours returns v itself. An operation leaves v as it is and returns a "
            "new Value, made with v._made(...)."
        )
    if not isinstance(out, Value):
        raise Wrong(
            f"{shown} yours returns {type(out).__name__} {out!r}, not a Value: a plain number "
            "cannot remember how it was made. Return v._made(number, op, parents, local)."
        )
    if v.data != x:
        raise Wrong(f"{shown} yours changed v's number to {v.data:g}: leave v as it is.")
    if v.grad != 0:
        raise Wrong(
            f"{shown} yours set v.grad to {v.grad:g} itself. An operation only states its local "
            "slope; backward() later multiplies it by the slope passed back and adds (+=) the "
            "result to grad, so that every use of v counts. Setting grad with = in the "
            "operation would keep only one use, and before backward() there is nothing to set."
        )
    if not np.isclose(out.data, x**p, rtol=1e-9, atol=1e-12):
        swapped = np.isclose(out.data, p * x ** (p - 1), rtol=1e-9)
        raise Wrong(
            f"{shown} your Value holds {out.data:.6g}, but v ** p is {x**p:.6g}"
            + (": you gave the slope where the number goes, and " if swapped else ". ")
            + "The first argument of _made is the number itself."
        )
    if not out._parents:
        raise Wrong(
            f"{shown} your Value does not remember what it was made from (it has no parents): "
            "backward() cannot get from it back to v, so v.grad stays 0. Give _made the "
            "parents (v,)."
        )
    if not all(isinstance(parent, Value) for parent in out._parents):
        raise Wrong(
            f"{shown} your parents are {tuple(out._parents)!r}: they must be the Values the new "
            "one was made from, (v,), not their numbers."
        )
    if len(out._parents) != len(out._local):
        raise Wrong(
            f"{shown} your Value has {len(out._parents)} parent(s) and "
            f"{len(out._local)} local slope(s): it needs exactly one local slope for each parent, "
            "in the same order, so here one of each: (v,) and (slope,)."
        )
    if not all(isinstance(s, Real) and not isinstance(s, bool) for s in out._local):
        raise Wrong(
            f"{shown} your local slopes are {tuple(out._local)!r}: each must be a plain number, "
            "worked out from v.data."
        )
    if v not in out.graph():
        raise Wrong(
            f"{shown} your Value was made from {tuple(out._parents)!r}, not from v: backward() "
            "cannot get from it back to v, so v.grad stays 0. Give _made the parents (v,)."
        )


def _check_local(local: float, x: float, p: float, slope: float, shown: str) -> None:
    """The slips in the local slope, each named."""
    if np.isclose(local, slope, rtol=1e-9, atol=1e-12):
        return
    start = (
        f"{shown} your local slope is {local:.6g}, but the slope of v^p is p v^(p-1) = {slope:.6g}"
    )
    if local == 0:
        raise Wrong(
            f"{start}. A 0 often comes from multiplying by a grad (micrograd's out.grad): when "
            "the operation runs, every grad is still 0. Here backward() multiplies each local "
            "slope by the slope passed back; the operation gives only its own local slope."
        )
    if np.isclose(local, x**p, rtol=1e-9):
        raise Wrong(f"{start}: yours is the number v^p itself, not how fast it changes.")
    if np.isclose(local, p * x**p, rtol=1e-9):
        raise Wrong(f"{start}: yours keeps the power p; the power rule lowers it by one, to p - 1.")
    if np.isclose(local, x ** (p - 1), rtol=1e-9):
        raise Wrong(f"{start}: yours has the power p - 1 but leaves out the factor p in front.")
    if np.isclose(local, p * x, rtol=1e-9):
        raise Wrong(f"{start}: p v is the slope of v^p only for p = 2 (the slope of v^2 is 2v).")
    raise Wrong(f"{start}.")


EXERCISES = [
    Exercise(
        "14.1",
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
        "14.2",
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
        "14.3",
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
    Exercise(
        "14.4",
        "a Value operation of your own: a power",
        """
        Write `my_pow(v, p)`: the Value v ** p, for a Value v and a number p (such as 3,
        -1 or 0.5), made the way section 1's `__add__`, `__mul__` and `tanh` make theirs,
        with `v._made(number, op, parents, local)`: its number, a short name for the
        operation (such as "**"), the Values it is made from, and one local slope for each
        of them, all worked out from the number `v.data`. The check gives it a few Values,
        builds `y = my_pow(v, p) * 0.7 + v`, calls `y.backward()` and compares `v.grad`
        with finite differences, as notebook 04's gradient check did.
        """,
        _check_power,
        "The power rule: the slope of x^p is p x^(p-1). tanh shows the shape for a Value made "
        "from one Value: the parents are a tuple of one, (v,), and so are the local slopes.",
        reference=power,
    ),
]
