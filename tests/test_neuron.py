"""The threshold neuron: the firing rule, neuron G, truth tables, clear errors."""

import itertools

import numpy as np
import pandas as pd
import pytest

from annlib import ThresholdNeuron, neuron_g, truth_table

PATTERNS = list(itertools.product([0, 1], repeat=5))


def article_rule(a, b, c, d, e):
    """The article's words: G fires when D fires and E does not, or when C and D fire."""
    return bool((d and not e) or (c and d))


def test_neuron_g_is_the_articles_neuron():
    g = neuron_g()
    assert g.inputs == ("A", "B", "C", "D", "E")
    assert g.w.tolist() == [0, 0, 1, 2, -1]
    assert g.m == 2
    assert g.name == "G"


@pytest.mark.parametrize("pattern", PATTERNS, ids=["".join(map(str, p)) for p in PATTERNS])
def test_g_follows_the_articles_rule_on_every_pattern(pattern):
    g = neuron_g()
    a, b, c, d, e = pattern
    assert g.signal(pattern) == c + 2 * d - e
    assert g.fires(pattern) is article_rule(*pattern)


def test_batch_and_single_patterns_agree():
    g = neuron_g()
    batch = np.array(PATTERNS)
    assert g.fires(batch).tolist() == [g.fires(p) for p in PATTERNS]
    assert g.signal(batch).tolist() == [g.signal(p) for p in PATTERNS]
    assert g.fires(batch).dtype == bool and g.fires(batch).shape == (32,)


def test_single_pattern_gives_plain_python_values():
    g = neuron_g()
    assert type(g.fires([0, 0, 1, 1, 0])) is bool
    assert type(g.signal([0, 0, 1, 1, 0])) is float


def test_inputs_may_be_bools_tuples_or_arrays():
    g = neuron_g()
    assert g.fires((False, False, True, True, False)) is True
    assert g.fires(np.array([0, 0, 0, 1, 1], dtype=np.uint8)) is False


def test_fires_exactly_at_the_threshold():
    n = ThresholdNeuron([1, 1], m=2)
    assert n.fires([1, 1]) is True  # s = 2 reaches m = 2
    assert ThresholdNeuron([1, 1], m=2.01).fires([1, 1]) is False


def test_decimal_weights_reach_m_as_on_paper():
    # In floating point 0.7 + 0.1 = 0.7999999999999999 < 0.8; on paper it is 0.8.
    assert ThresholdNeuron([0.7, 0.1], m=0.8).fires([1, 1]) is True


def test_truth_table_of_g():
    table = truth_table(neuron_g())
    assert list(table.columns) == ["A", "B", "C", "D", "E", "signal", "fires"]
    assert len(table) == 32
    assert [tuple(r) for r in table[list("ABCDE")].to_numpy()] == PATTERNS
    assert table.fires.sum() == 12
    assert table.fires.tolist() == [article_rule(*p) for p in PATTERNS]
    assert table.signal.dtype.kind == "i"  # whole-number weights give whole-number signals
    pd.testing.assert_frame_equal(table, neuron_g().truth_table())


def test_truth_table_keeps_fractional_signals():
    table = truth_table(ThresholdNeuron([0.5, 1], m=1))
    assert table.signal.tolist() == [0, 1, 0.5, 1.5]
    assert table.fires.tolist() == [False, True, False, True]


def test_truth_table_refuses_huge_tables():
    with pytest.raises(ValueError, match="2\\*\\*13"):
        truth_table(ThresholdNeuron(np.ones(13), m=1))


def test_default_input_names_and_repr():
    n = ThresholdNeuron([1, -1.5], m=0.5)
    assert n.inputs == ("x1", "x2")
    assert (
        repr(n) == "ThresholdNeuron(weights=[1, -1.5], m=0.5, inputs=['x1', 'x2'], name='neuron')"
    )
    assert (
        repr(neuron_g())
        == "ThresholdNeuron(weights=[0, 0, 1, 2, -1], m=2, inputs='ABCDE', name='G')"
    )


def test_weights_cannot_be_changed_behind_the_neurons_back():
    weights = [1.0, 1.0]
    n = ThresholdNeuron(weights, m=2)
    weights[0] = 5.0
    assert n.w.tolist() == [1.0, 1.0]
    with pytest.raises(ValueError):
        n.w[0] = 3.0


# --- Bad input gets a clear error that names what was wrong and what was expected ---


@pytest.mark.parametrize(
    "pattern, words",
    [
        ([1, 0, 1], r"neuron G has 5 inputs \(A, B, C, D, E\).*got a pattern of 3 values"),
        ([0, 0, 0, 0, 0, 0], "got a pattern of 6 values"),
        ([[0, 0, 1], [1, 1, 0]], r"shape \(k, 5\); got a batch of shape \(2, 3\)"),
        (7, "got the single number 7"),
        (np.zeros((2, 2, 5)), "3 dimensions"),
        ([[0, 0, 1, 1, 0], [1, 1]], "rows of equal length"),
        ([0, 0, np.nan, 1, 0], "NaN or infinity"),
    ],
)
def test_wrong_patterns_say_what_was_expected(pattern, words):
    with pytest.raises(ValueError, match=words):
        neuron_g().fires(pattern)


@pytest.mark.parametrize("pattern", [["0", "0", "1", "1", "0"], "00110", [None] * 5, [1j] * 5])
def test_non_numeric_patterns_are_refused(pattern):
    with pytest.raises((TypeError, ValueError), match="numbers"):
        neuron_g().signal(pattern)


@pytest.mark.parametrize("m", ["2", None, True, [2], float("nan"), float("inf")])
def test_m_must_be_a_number(m):
    with pytest.raises(
        (TypeError, ValueError), match="m \\(the minimum signal strength\\) must be"
    ):
        ThresholdNeuron([1, 1], m=m)


def test_m_accepts_numpy_numbers():
    assert ThresholdNeuron([1, 1], m=np.int64(2)).m == 2.0
    assert ThresholdNeuron([1, 1], m=np.float32(1.5)).m == 1.5


@pytest.mark.parametrize(
    "weights, words",
    [
        ([], "one number per input"),
        ([[1, 2], [3, 4]], "one number per input"),
        (["a", "b"], "numbers"),
        ([1, np.inf], "NaN or infinity"),
        (3, "one number per input"),
    ],
)
def test_weights_must_be_a_list_of_numbers(weights, words):
    with pytest.raises((TypeError, ValueError), match=words):
        ThresholdNeuron(weights, m=1)


def test_input_names_must_match_the_weights():
    with pytest.raises(ValueError, match=r"there are 3 inputs but 2 names \[.A., .B.\]"):
        ThresholdNeuron([1, 1, 1], m=1, inputs="AB")
    with pytest.raises(ValueError, match="different"):
        ThresholdNeuron([1, 1], m=1, inputs="AA")
    with pytest.raises(TypeError, match="non-empty string"):
        ThresholdNeuron([1, 1], m=1, name="")


def test_truth_table_needs_a_neuron():
    with pytest.raises(TypeError, match="needs a ThresholdNeuron"):
        truth_table([0, 0, 1, 2, -1])
