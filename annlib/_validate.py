"""Checks at the edge of annlib, so that bad input gets a clear message.

Each function takes what a learner typed, checks it, and returns a clean NumPy
value, or raises an error that says what was wrong, what was expected and what
to do. Nothing here should ever let a confusing NumPy error escape.
"""

from __future__ import annotations

import numbers

import numpy as np

_KIND_NAMES = {"U": "text", "S": "text", "c": "complex numbers", "M": "dates", "m": "time spans"}


def _describe(value) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def real_number(value, name: str) -> float:
    """A finite real number such as 2 or -1.5 (not a bool, not a string)."""
    if isinstance(value, np.ndarray) and value.ndim == 0:
        value = value.item()
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise TypeError(f"{name} must be a number such as 2 or -1.5; got {_describe(value)}.")
    value = float(value)
    if not np.isfinite(value):
        raise ValueError(f"{name} must be a finite number; got {value}.")
    return value


def numeric_array(values, name: str) -> np.ndarray:
    """Any nested list or array of numbers (bools count as 0 and 1), as float64."""
    try:
        array = np.asarray(values)
    except ValueError:
        raise ValueError(
            f"{name} must be a list of numbers with rows of equal length; got {_describe(values)}."
        ) from None
    if array.dtype == object and array.ndim >= 1:
        if all(isinstance(v, str) for v in array.ravel()):
            raise TypeError(
                f"{name} must hold numbers (for example 0 and 1, or 0.5); got {_describe(values)}, "
                "which holds text."
            )
        # A ragged nested list, or a list mixing numbers with other things.
        raise ValueError(
            f"{name} must be a list of numbers with rows of equal length; got {_describe(values)}."
        )
    if array.dtype.kind not in "biuf":
        kind = _KIND_NAMES.get(array.dtype.kind, f"values of type {array.dtype.name}")
        raise TypeError(
            f"{name} must hold numbers (for example 0 and 1, or 0.5); got {_describe(values)}, "
            f"which holds {kind}."
        )
    array = array.astype(np.float64)
    if not np.all(np.isfinite(array)):
        raise ValueError(f"{name} must not contain NaN or infinity; got {_describe(values)}.")
    return array


def weight_vector(weights, name: str = "weights") -> np.ndarray:
    """A 1-D, non-empty vector of finite numbers: one weight per input."""
    w = numeric_array(weights, name)
    if w.ndim != 1 or w.size == 0:
        raise ValueError(
            f"{name} must be a flat list with one number per input, e.g. [0, 0, 1, 2, -1]; "
            f"got an array of shape {w.shape}."
        )
    return w


def patterns(x, n_inputs: int, who: str, input_names=None) -> tuple[np.ndarray, bool]:
    """Input patterns for a unit with ``n_inputs`` inputs.

    Accepts one pattern of shape (n_inputs,) or a batch of shape (k, n_inputs).
    Returns the batch as a (k, n_inputs) float array and whether a single
    pattern was given (so callers can return a single answer).
    """
    columns = getattr(x, "columns", None)
    if columns is not None and input_names and set(map(str, columns)) == set(input_names):
        x = x[list(input_names)]  # a table with the inputs' names: match by name, not place
    x = numeric_array(x, "an input pattern")
    names = f" ({', '.join(input_names)})" if input_names else ""
    expected = (
        f"{who} has {n_inputs} inputs{names}: give one pattern of {n_inputs} values, "
        f"or a batch of patterns of shape (k, {n_inputs})"
    )
    if x.ndim == 0:
        raise ValueError(f"{expected}; got the single number {x.item():g}.")
    if x.ndim == 1:
        if x.shape[0] != n_inputs:
            raise ValueError(f"{expected}; got a pattern of {x.shape[0]} values.")
        return x[np.newaxis, :], True
    if x.ndim == 2:
        if x.shape[1] != n_inputs:
            raise ValueError(f"{expected}; got a batch of shape {x.shape}.")
        return x, False
    raise ValueError(f"{expected}; got an array with {x.ndim} dimensions, shape {x.shape}.")


def names(values, n: int, noun: str, default_prefix: str) -> tuple[str, ...]:
    """n distinct, non-empty names (of a neuron's inputs, a layer's neurons...).

    ``noun`` is the plural of what is named ("inputs", "neurons"); without
    names, they are numbered: x1, x2, ...
    """
    if values is None:
        return tuple(f"{default_prefix}{i + 1}" for i in range(n))
    if isinstance(values, (set, frozenset, dict)) or not hasattr(values, "__iter__"):
        raise TypeError(  # a set has no order; a number is no names
            f"the names of the {noun} must be a string such as 'ABCD' or a list of strings; "
            f"got {_describe(values)}."
        )
    values = tuple(values)
    if not all(isinstance(s, str) and s for s in values):
        raise TypeError(f"the names of the {noun} must be strings such as 'ABCD'; got {values!r}.")
    values = tuple(str(s) for s in values)  # NumPy's or pandas' strings as plain ones
    if len(values) != n:
        raise ValueError(
            f"there are {n} {noun} but {len(values)} names {list(values)}; "
            f"give one name per {noun[:-1]}."
        )
    if len(set(values)) != n:
        raise ValueError(f"the names of the {noun} must all be different; got {list(values)}.")
    return values


def whole_number(
    value,
    name: str,
    *,
    minimum: int | None = None,
    maximum: int | None = None,
    example: str = "0 or 42",
) -> int:
    """A whole number (int or NumPy integer, not a bool), optionally within [minimum, maximum].

    The one place where annlib checks counts, sizes, seeds and indices, so that every
    such error reads the same way.
    """
    if isinstance(value, np.ndarray) and value.ndim == 0:
        value = value.item()
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise TypeError(f"{name} must be a whole number such as {example}; got {_describe(value)}.")
    value = int(value)
    if minimum is not None and maximum is not None and not minimum <= value <= maximum:
        raise ValueError(
            f"{name} must be a whole number from {minimum:,} to {maximum:,}; got {value:,}."
        )
    if minimum is not None and value < minimum:
        raise ValueError(f"{name} must be a whole number of at least {minimum:,}; got {value:,}.")
    if maximum is not None and value > maximum:
        raise ValueError(f"{name} must be a whole number of at most {maximum:,}; got {value:,}.")
    return value


MAX_PARAMETERS = 200_000_000  # 0.8 GB of float32 weights, and as much again while training


def affordable(n_parameters: int, what: str) -> None:
    """Refuse, before anything is allocated, a network too large to build and train here."""
    if n_parameters > MAX_PARAMETERS:
        raise ValueError(
            f"{what} would have {n_parameters:,} weights, more than the {MAX_PARAMETERS:,} "
            "annlib builds (several gigabytes while training): use fewer neurons or filters."
        )


def true_false_array(values, name: str) -> np.ndarray:
    """True/False values (or 0 and 1) as a bool array; text, NaN and other numbers are refused.

    ``np.asarray(["no"], dtype=bool)`` is True, because any non-empty text is; so a
    mask typed as words would silently mean "everything", and is refused instead.
    """
    array = numeric_array(values, name)  # refuses text, NaN and ragged lists
    if not np.all((array == 0) | (array == 1)):
        raise ValueError(f"{name} must hold True/False (or 1/0) values; got {_describe(values)}.")
    return array.astype(bool)


def instance_of(value, kind, name: str, expected: str):
    """``value`` if it is a ``kind``; otherwise a TypeError naming what was expected."""
    if not isinstance(value, kind):
        raise TypeError(f"{name} must be {expected}; got {_describe(value)}.")
    return value


def table(value, name: str, columns=(), expected: str = "a table (a pandas DataFrame)"):
    """A pandas DataFrame that has ``columns``; otherwise a clear error saying what to give."""
    import pandas as pd

    if not isinstance(value, pd.DataFrame):
        from pandas.io.formats.style import Styler

        hint = " (give the table itself, not its .style)" if isinstance(value, Styler) else ""
        raise TypeError(f"{name} must be {expected}{hint}; got {_describe(value)}.")
    missing = [c for c in columns if c not in value.columns]
    if missing:
        raise ValueError(
            f"{name} has no column {missing[0]!r}, so it is not {expected}; "
            f"its columns are {list(value.columns)}."
        )
    return value


def random_generator(rng, name: str = "rng") -> np.random.Generator:
    """A NumPy Generator from a seed (a whole number of at least 0), a Generator, or None."""
    if rng is None or isinstance(rng, np.random.Generator):
        return np.random.default_rng(rng)
    seed = whole_number(rng, f"{name} (a seed, or a numpy Generator)", minimum=0, example="0 or 42")
    return np.random.default_rng(seed)


def fraction(value, name: str, *, low: float = 0.0, high: float = 1.0, example: str = "0.5"):
    """A finite number from ``low`` to ``high`` (inclusive)."""
    value = real_number(value, name)
    if not low <= value <= high:
        raise ValueError(
            f"{name} must be a number from {low:g} to {high:g}, such as {example}; got {value:g}."
        )
    return value
