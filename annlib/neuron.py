"""The threshold neuron: the smallest part of a neural network.

A threshold neuron receives signals x_1 ... x_n from other neurons (1 when the
sending neuron fires, 0 when it stays quiet). Each incoming connection has a
weight w_i. The neuron adds up what it receives,

    signal  s = w_1 x_1 + w_2 x_2 + ... + w_n x_n  =  w . x

and fires when that signal reaches its minimum signal strength m:

    fires   s >= m

Neuron G of the source article has five inputs A, B, C, D, E with weights
0, 0, 1, 2, -1 and m = 2, so it fires exactly when C + 2D - E >= 2: when D fires
and E does not, or when C and D both fire.
"""

from __future__ import annotations

import itertools

import numpy as np
import pandas as pd

from . import _validate

# Signals are rounded to this many decimals, so that 0.7 + 0.1 reaches m = 0.8
# as it does on paper (in floating point it is 0.7999999999999999).
SIGNAL_DECIMALS = 12

# A truth table lists all 2**n patterns; past this it stops being readable.
MAX_TRUTH_TABLE_INPUTS = 12


def fires(s, m):
    """The firing rule shared by every threshold neuron in annlib: s >= m."""
    return np.asarray(s) >= m


class ThresholdNeuron:
    """A neuron that fires when the weighted sum of its inputs reaches m.

    Parameters
    ----------
    weights : one number per input, the w_i.
    m : the minimum signal strength needed to fire (the threshold).
    inputs : names of the inputs, e.g. "ABCDE" or ["A", "B"]; default x1, x2, ...
    name : the neuron's name, used in pictures and messages.

    Examples
    --------
    >>> and_gate = ThresholdNeuron([1, 1], m=2, inputs="CD", name="AND")
    >>> and_gate.fires([1, 1]), and_gate.fires([1, 0])
    (True, False)
    >>> and_gate.fires([[0, 0], [0, 1], [1, 0], [1, 1]]).tolist()
    [False, False, False, True]
    """

    def __init__(self, weights, m, *, inputs=None, name: str = "neuron"):
        self.w = _validate.weight_vector(weights, "weights")
        self.w.setflags(write=False)  # change a neuron by making a new one
        self.m = _validate.real_number(m, "m (the minimum signal strength)")
        if not isinstance(name, str) or not name:
            raise TypeError(f"name must be a non-empty string such as 'G'; got {name!r}.")
        self.name = name
        if inputs is not None and not isinstance(inputs, (str, list, tuple)):
            raise TypeError(
                f"inputs are the names of the inputs, such as 'CD' or ['C', 'D']; got {inputs!r}."
            )
        self.inputs = _validate.names(
            None if inputs is None else tuple(inputs), self.w.size, "inputs", "x"
        )

    @property
    def n_inputs(self) -> int:
        """How many inputs the neuron has (the number of weights)."""
        return self.w.size

    def signal(self, x):
        """The signal received, s = w . x, for one pattern or a batch.

        x of shape (n,) gives a float; x of shape (k, n) gives k floats.
        """
        batch, single = _validate.patterns(x, self.n_inputs, f"neuron {self.name}", self.inputs)
        with np.errstate(over="ignore", invalid="ignore"):
            s = batch @ self.w
            # rounding multiplies by 10**12: only where that cannot overflow
            s = np.where(np.abs(s) < 1e200, np.round(s, SIGNAL_DECIMALS), s) + 0.0  # -0.0 -> 0.0
        return float(s[0]) if single else s

    def fires(self, x):
        """Whether the neuron fires (s >= m), for one pattern or a batch.

        x of shape (n,) gives a bool; x of shape (k, n) gives k bools.
        """
        result = fires(self.signal(x), self.m)
        return bool(result) if result.ndim == 0 else result

    def truth_table(self) -> pd.DataFrame:
        """Every input pattern, the signal it gives and whether the neuron fires."""
        return truth_table(self)

    def __repr__(self) -> str:
        weights = ", ".join(_number(v) for v in self.w)
        single = all(len(s) == 1 for s in self.inputs)
        inputs = "".join(self.inputs) if single else list(self.inputs)
        return (
            f"ThresholdNeuron(weights=[{weights}], m={_number(self.m)}, "
            f"inputs={inputs!r}, "
            f"name={self.name!r})"
        )


def _number(value: float) -> str:
    """2.0 -> '2', 1.5 -> '1.5': numbers as a learner would write them."""
    return f"{value:g}"


def all_patterns(n: int, who: str = "a unit") -> np.ndarray:
    """All 2**n patterns of n inputs that are off (0) or on (1), in counting order.

    The rows of every truth table; ``who`` names the neuron or network in the error
    raised when there would be too many rows to show.
    """
    if n > MAX_TRUTH_TABLE_INPUTS:
        raise ValueError(
            f"{who} has {n} inputs, so its truth table would have 2**{n} = "
            f"{2**n:,} rows; truth tables are limited to {MAX_TRUTH_TABLE_INPUTS} inputs."
        )
    return np.array(list(itertools.product([0, 1], repeat=n)), dtype=np.int64).reshape(-1, n)


def truth_table(neuron: ThresholdNeuron) -> pd.DataFrame:
    """A table of every input pattern: the inputs, the signal s and whether it fires.

    Rows go in counting order (00000, 00001, ...), the first input being the
    most significant. The signal column holds whole numbers when every weight
    is a whole number, so it reads as on paper.
    """
    if not isinstance(neuron, ThresholdNeuron):
        raise TypeError(f"truth_table needs a ThresholdNeuron; got {type(neuron).__name__}.")
    taken = sorted({"signal", "fires"} & set(neuron.inputs))
    if taken:
        raise ValueError(
            f"neuron {neuron.name} has an input named {taken[0]!r}, which is also the name of "
            "a column of the truth table: give the inputs other names, such as 'ABCD'."
        )
    x = all_patterns(neuron.n_inputs, f"neuron {neuron.name}")
    s = neuron.signal(x)
    table = pd.DataFrame(x, columns=list(neuron.inputs))
    whole = np.all(s == np.round(s)) and np.abs(s).max(initial=0) < 2**53
    table["signal"] = s.astype(np.int64) if whole else s
    table["fires"] = fires(s, neuron.m)
    return table


def neuron_g() -> ThresholdNeuron:
    """Neuron G of the source article: inputs A..E, weights 0, 0, 1, 2, -1 and m = 2."""
    return ThresholdNeuron([0, 0, 1, 2, -1], m=2, inputs="ABCDE", name="G")
