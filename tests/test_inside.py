"""annlib.lab.hidden_neurons: every layer's activations, active sets, their overlap, and knocking
neurons out (the copy answers exactly as a network with those neurons removed)."""

import numpy as np
import pytest

from annlib.lab.hidden_neurons import (
    activations,
    active,
    by_digit,
    jaccard,
    knocked_out,
    overlap_by_digit,
    ranked,
    strongest,
    strongest_paths,
)
from annlib.mlp import MLP


@pytest.fixture
def net():
    return MLP([6, 5, 4, 3], activation="relu", seed=1, dtype="float64")


def test_activations_are_every_layers_with_the_output_last(net):
    X = np.random.default_rng(0).random((7, 6))
    A = activations(net, X)
    assert [a.shape for a in A] == [(7, 5), (7, 4), (7, 3)]
    assert np.allclose(A[-1], net.predict_proba(X))
    W1, b1 = net.params["W1"], net.params["b1"]
    assert np.allclose(A[0], np.maximum(0, X @ W1.T + b1))  # layer 1 by hand
    assert [a.shape for a in activations(net, X[0])] == [(1, 5), (1, 4), (1, 3)]


def test_active_takes_the_top_k_or_those_above_a_threshold():
    A = np.array([[0.0, 3.0, 1.0, 2.0], [5.0, 0.0, 0.0, 0.5]])
    assert active(A, top=2).tolist() == [[False, True, False, True], [True, False, False, True]]
    assert active(A, above=0).tolist() == [[False, True, True, True], [True, False, False, True]]
    assert active(A[0], top=1).tolist() == [False, True, False, False]  # one example: one row
    ties = active(np.zeros(4), top=2)
    assert ties.tolist() == [True, True, False, False]  # ties broken by position
    with pytest.raises(ValueError, match="either top=k"):
        active(A)
    with pytest.raises(ValueError, match="not both"):
        active(A, top=1, above=0)
    with pytest.raises(ValueError, match="only 4 neurons"):
        active(A, top=5)
    with pytest.raises(ValueError, match="one row per example"):
        active(np.zeros((2, 2, 2)), top=1)


def test_jaccard_on_hand_made_sets():
    def mask(*on, n=6):
        m = np.zeros(n, dtype=bool)
        m[list(on)] = True
        return m

    assert jaccard(mask(0, 1, 2), mask(1, 2, 3)) == pytest.approx(2 / 4)
    assert jaccard(mask(0, 1), mask(0, 1)) == 1.0
    assert jaccard(mask(0), mask(5)) == 0.0
    assert jaccard(mask(), mask()) == 1.0  # two empty sets are the same set
    rows = jaccard(np.stack([mask(0, 1), mask(2)]), np.stack([mask(1), mask(3)]))
    assert rows.tolist() == [0.5, 0.0]
    with pytest.raises(TypeError, match="True/False masks"):
        jaccard([1, 0], [1, 1])
    with pytest.raises(ValueError, match="same shape"):
        jaccard(mask(0), mask(0, n=5))


@pytest.mark.parametrize("activation", ["relu", "sigmoid", "tanh"])
def test_knocked_out_answers_as_the_network_without_those_neurons(activation):
    net = MLP([6, 5, 4, 3], activation=activation, seed=2, dtype="float64")
    X = np.random.default_rng(1).random((9, 6))
    gone = [1, 3]
    weaker = knocked_out(net, layer=1, neurons=gone)
    keep = [i for i in range(5) if i not in gone]
    smaller = MLP([6, 3, 4, 3], activation=activation, seed=0, dtype="float64")
    smaller.params.update(
        W1=net.params["W1"][keep],
        b1=net.params["b1"][keep],
        W2=net.params["W2"][:, keep],
        b2=net.params["b2"],
        W3=net.params["W3"],
        b3=net.params["b3"],
    )
    assert np.allclose(weaker.predict_proba(X), smaller.predict_proba(X))
    assert not np.allclose(weaker.predict_proba(X), net.predict_proba(X))
    assert np.all(net.params["W2"][:, gone] != 0), "the original network is left as it was"
    assert np.allclose(knocked_out(net, 2, []).predict_proba(X), net.predict_proba(X))


def test_knocked_out_refuses_what_is_not_a_hidden_neuron(net):
    with pytest.raises(ValueError, match="a hidden layer, 1 to 2; layer 3 is the output"):
        knocked_out(net, 3, [0])
    with pytest.raises(ValueError, match="0 to 4"):
        knocked_out(net, 1, [5])
    with pytest.raises(ValueError, match="0 to 4"):
        knocked_out(net, 1, [0.5])
    with pytest.raises(TypeError, match="inside an MLP"):
        knocked_out("network", 1, [0])
    with pytest.raises(ValueError, match=r"whole numbers .* got \[1.0, 2.0\]"):
        knocked_out(net, 1, [1.0, 2.0])
    with pytest.raises(ValueError, match="one entry per neuron of layer 1"):
        knocked_out(net, 1, np.array([True, False]))


def test_knocked_out_takes_a_mask_of_neurons(net):
    X = np.random.default_rng(4).random((5, 6))
    mask = np.array([True, False, True, False, False])
    assert np.allclose(
        knocked_out(net, 1, mask).predict_proba(X), knocked_out(net, 1, [0, 2]).predict_proba(X)
    )


def test_overlap_by_digit_on_hand_made_sets():
    y = np.array([0, 0, 0, 1, 1, 1])
    same_sets = np.array([[1, 1, 0, 0]] * 3 + [[0, 0, 1, 1]] * 3, dtype=bool)  # by digit
    mixed = np.array([[1, 0, 0, 0], [0, 1, 0, 0]] * 3, dtype=bool)  # unrelated to the digit
    table = overlap_by_digit([same_sets, mixed], y, pairs=200, seed=0)
    assert list(table.index) == [1, 2]
    assert table.loc[1, "same digit"] == 1.0 and table.loc[1, "different digits"] == 0.0
    assert 0 < table.loc[2, "same digit"] < 1 and 0 < table.loc[2, "different digits"] < 1
    assert table.equals(overlap_by_digit([same_sets, mixed], y, pairs=200, seed=0))
    with pytest.raises(ValueError, match="one row per example"):
        overlap_by_digit([same_sets[:3]], y)
    with pytest.raises(ValueError, match="at least two labels"):
        overlap_by_digit([same_sets], np.zeros(6))


def test_strongest_gives_the_examples_a_neuron_likes_most(net):
    X = np.random.default_rng(3).random((20, 6))
    best = strongest(net, X, layer=1, neuron=2, k=5)
    a = activations(net, X)[0][:, 2]
    assert list(best) == list(np.argsort(-a, kind="stable")[:5])
    assert a[best[0]] == a.max()
    with pytest.raises(ValueError, match="neurons 0 to 4"):
        strongest(net, X, layer=1, neuron=5)
    with pytest.raises(ValueError, match="layer must be 1 to 3"):
        strongest(net, X, layer=4, neuron=0)


def test_by_digit_is_each_neurons_mean_per_class():
    A = np.array([[1.0, 0.0], [3.0, 2.0], [5.0, 4.0]])
    means = by_digit(A, [0, 0, 2], classes=range(3))
    assert means[0].tolist() == [2.0, 1.0] and means[2].tolist() == [5.0, 4.0]
    assert np.isnan(means[1]).all()  # no example of class 1
    with pytest.raises(ValueError, match="one whole-number label per example"):
        by_digit(A, [0, 1])
    with pytest.raises(ValueError, match="must not contain NaN"):
        by_digit(A, [0, np.nan, 1])
    with pytest.raises(ValueError, match="one whole-number label per example"):
        by_digit(A, [0, 0.5, 1])
    with pytest.raises(ValueError, match="one row per example"):
        by_digit(np.zeros(3), [0, 1, 2])


def test_ranked_puts_the_most_active_on_average_first(net):
    X = np.random.default_rng(2).random((20, 6))
    order = ranked(net, X, layer=1)
    mean = activations(net, X)[0].mean(axis=0)
    assert sorted(order.tolist()) == list(range(5))
    assert np.all(np.diff(mean[order]) <= 0)
    with pytest.raises(ValueError, match="hidden layer, 1 to 2"):
        ranked(net, X, layer=3)


def test_strongest_paths_run_through_neurons_that_are_on():
    deep = MLP([6, 7, 6, 5, 3], activation="relu", seed=4, dtype="float64")
    rng = np.random.default_rng(5)
    for l in range(1, 5):  # biases that are not 0: some neurons are on only through them
        deep.params[f"b{l}"][:] = rng.normal(0, 0.5, deep.params[f"b{l}"].shape)
    found = 0
    for _ in range(30):
        x = rng.random(6)
        A = [a[0] for a in activations(deep, x)]
        answer, chains = strongest_paths(deep, x, n=3)
        assert answer == int(np.argmax(A[-1]))
        signals = A[2] * deep.params["W4"][answer]
        top = [j for j in np.argsort(-signals, kind="stable")[:3] if signals[j] > 0]
        assert {c[-1] for c in chains} <= set(top)  # the last neurons: the answer's top senders
        for chain in chains:
            assert len(chain) == 3 and all(A[l][j] > 0 for l, j in enumerate(chain))  # all on
            for l in (1, 2):  # each neuron is the strongest sender into the next one
                into = A[l - 1] * deep.params[f"W{l + 1}"][chain[l]]
                assert chain[l - 1] == int(np.argmax(into)) and into.max() > 0
        found += len(chains)
    assert found > 30  # most examples have paths


def test_strongest_paths_checks_its_example(net):
    with pytest.raises(ValueError, match="one example; got 2"):
        strongest_paths(net, np.zeros((2, 6)))
    with pytest.raises(ValueError, match="shape"):
        strongest_paths(net, np.zeros((2, 3)))
    with pytest.raises(ValueError, match="at least one hidden layer"):
        strongest_paths(MLP([6, 3]), np.zeros(6))
    with pytest.raises(ValueError, match="whole number"):
        strongest_paths(net, np.zeros(6), n=0)


def test_strongest_paths_of_a_yes_no_network_follow_its_answer():
    """With one sigmoid output the answer is yes (1) or no (0), as model.predict says (annlib
    0.9 answered 0 always, argmax of one output); a chain's last neuron pushes the output
    toward that answer: up for yes, down for no."""
    net = MLP([4, 6, 5, 1], output="sigmoid", seed=3, dtype="float64")
    rng = np.random.default_rng(0)
    answers = set()
    for _ in range(20):
        x = rng.normal(size=4)
        answer, chains = strongest_paths(net, x, n=2)
        assert answer == net.predict(x)  # (one example: one label)
        answers.add(answer)
        last = activations(net, x)[1][0]
        push = last * net.params["W3"][0] * (1 if answer else -1)
        assert all(push[chain[-1]] > 0 for chain in chains)
    assert answers == {0, 1}


def test_numpy_whole_numbers_are_taken_and_results_are_the_callers_own(net):
    X = np.random.default_rng(6).random((8, 6))
    assert by_digit(np.ones((3, 2)), np.arange(3), classes=np.arange(3)).shape == (3, 2)
    assert np.allclose(
        knocked_out(net, np.int64(1), np.arange(2)).predict_proba(X),
        knocked_out(net, 1, [0, 1]).predict_proba(X),
    )
    assert strongest(net, X[:2], np.int64(1), np.int64(0), k=5).tolist() in ([0, 1], [1, 0])
    A = activations(net, X)
    assert len({id(a) for a in A}) == 3 and not any(np.shares_memory(a, X) for a in A)
    A[0][:] = -1  # writing over them changes nothing of the next call's
    assert (activations(net, X)[0] >= 0).all()
