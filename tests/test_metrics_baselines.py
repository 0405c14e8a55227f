"""Accuracy, the contingency table, and the baselines, on cases worked out by hand."""

import math

import numpy as np
import pytest

from annlib import metrics
from annlib.baselines import AverageDarkness, NearestMean, RandomGuess
from annlib.metrics import (
    accuracy,
    contingency_table,
    style_contingency,
    top_confusions,
)


def test_accuracy_by_hand():
    assert accuracy([1, 2, 3, 4], [1, 2, 0, 4]) == 0.75
    with pytest.raises(ValueError, match="4 labels but y_pred has 3"):
        accuracy([1, 2, 3, 4], [1, 2, 3])
    with pytest.raises(ValueError, match="whole-number labels"):
        accuracy([0.5, 1.0], [1, 1])
    for empty in ([], np.array([], dtype=int)):  # not NaN: there is nothing to score
        with pytest.raises(ValueError, match="no examples to score.*at least one label"):
            accuracy(empty, empty)


def test_contingency_table_by_hand():
    y_true = [0, 0, 0, 1, 1, 2]
    y_pred = [0, 0, 2, 1, 0, 2]
    table = contingency_table(y_true, y_pred, classes=[0, 1, 2])
    assert table.loc[0].tolist()[:3] == [2, 0, 1]  # two 0s right, one 0 read as 2
    assert table.loc[1].tolist()[:3] == [1, 1, 0]
    assert table["accuracy %"].tolist() == [66.7, 50.0, 100.0]
    assert table.index.name == "actual" and table.columns.name == "predicted"
    assert table.drop(columns="accuracy %").to_numpy().sum() == 6


def test_contingency_table_refuses_unknown_labels():
    with pytest.raises(ValueError, match=r"labels \[7\] are not among"):
        contingency_table([0, 1], [0, 7], classes=[0, 1])


def test_top_confusions_and_styling():
    y_true = [2, 2, 2, 3, 3, 5, 5, 5]
    y_pred = [7, 7, 8, 5, 3, 3, 5, 5]
    table = contingency_table(y_true, y_pred)
    top = top_confusions(table, n=3)
    assert top.iloc[0].tolist() == [2, 7, 2, 66.7]
    assert len(top) == 3
    html = style_contingency(table).to_html()
    assert (
        metrics.RIGHT_BACKGROUND in html and "nan" not in html
    )  # digits that never occur show a dash


def test_baselines_on_a_toy_problem():
    # class 0: little ink on the left; class 1: lots of ink on the right
    X = np.array([[1, 0, 0, 0], [1, 1, 0, 0], [0, 0, 1, 1], [0, 1, 1, 1]], float)
    y = np.array([0, 0, 1, 1])
    nearest = NearestMean().fit(X, y)
    assert nearest.means_.tolist() == [[1, 0.5, 0, 0], [0, 0.5, 1, 1]]
    assert nearest.score(X, y) == 1.0
    assert nearest.predict(np.array([[0.9, 0, 0, 0.2], [0, 0, 0.8, 0.7]])).tolist() == [0, 1]
    darkness = AverageDarkness().fit(X, y)
    assert darkness.mean_ink_.tolist() == [1.5, 2.5]
    assert darkness.predict(np.array([[0, 0, 0, 0.5], [1, 1, 1, 1]])).tolist() == [0, 1]
    guesses = RandomGuess(seed=0).fit(X, y).predict(np.zeros((1000, 4)))
    assert set(guesses.tolist()) == {0, 1} and 400 < guesses.sum() < 600
    assert np.array_equal(guesses, RandomGuess(seed=0).fit(X, y).predict(np.zeros((1000, 4))))
    with pytest.raises(ValueError, match="one label per row"):
        NearestMean().fit(X, y[:3])
    with pytest.raises(TypeError, match="seed must be a whole number"):
        RandomGuess(seed=0.5)


@pytest.mark.parametrize(
    "reader, low, high",
    [
        (RandomGuess(seed=0), 0.07, 0.13),  # one digit in ten, by chance
        (AverageDarkness(), 0.19, 0.24),  # ink alone tells a little
        (NearestMean(), 0.76, 0.79),  # the average picture of each digit tells a lot
    ],
)
def test_the_baseline_ladder_on_mnist(mnist, reader, low, high):
    """The article's split: 10,000 training digits, the first 1,000 test digits."""
    (X, y), (X_test, y_test) = mnist
    assert reader.fit(X, y) is reader
    assert low <= reader.score(X_test, y_test) <= high
    assert len(reader.history_) == 1 and reader.history_.accuracy[0] > low  # on the training digits


def test_compare_with_article_reads_the_articles_numbers_off_a_table():
    # 10 of each digit; 2 read as 7 twice and as 8 once; a 3 read as 5 and a 5 as 3
    y_true = np.repeat(np.arange(10), 10)
    y_pred = y_true.copy()
    y_pred[[20, 21, 22]] = [7, 7, 8]
    y_pred[30], y_pred[50] = 5, 3
    table = contingency_table(y_true, y_pred)
    ours = metrics.article_numbers(table)
    assert ours["0 right"] == "100.0%" and ours["2 read as 7 or 8"] == "30.0%"
    assert ours["3 and 5 confused"] == "10.0%" and ours["hardest digit"] == "2 (70.0% right)"
    both = metrics.compare_with_article({"ours": table})
    assert list(both.columns) == ["the article", "ours"]
    assert both.loc["hardest digit", "the article"] == "5"


@pytest.mark.parametrize("reader", [RandomGuess, AverageDarkness, NearestMean])
@pytest.mark.parametrize(
    "X, y, words",
    [
        (np.zeros((4, 3)), [0.5, 1, 0, 1], "whole numbers"),
        (np.zeros((4, 3)), [np.nan, 1, 0, 1], "NaN or infinity"),
        (np.full((4, 3), np.nan), [0, 1, 0, 1], "NaN or infinity"),
        (np.zeros((4, 3)), ["a", "b", "a", "b"], "must hold numbers"),
    ],
)
def test_baselines_refuse_labels_and_pixels_they_would_change(reader, X, y, words):
    with pytest.raises((ValueError, TypeError), match=words):
        reader().fit(X, y)


def test_a_baseline_reads_only_digits_of_the_size_it_learned():
    reader = NearestMean().fit(np.eye(4), [0, 1, 0, 1])
    with pytest.raises(
        ValueError,
        match=r"X has 7 features, but NearestMean is expecting 4 features as input: it "
        r"learned from examples of 4 numbers, so give it rows of 4",
    ):
        reader.predict(np.zeros((3, 7)))
    assert reader.n_features_in_ == 4  # scikit-learn's name for what fit saw


def test_a_paired_comparison_counts_the_examples_only_one_classifier_reads_right():
    from annlib.metrics import paired_comparison

    y = np.array([0, 1, 2, 3, 4, 5, 6, 7])
    a = np.array([0, 1, 2, 3, 4, 5, 0, 0])  # right on the first six
    b = np.array([0, 1, 0, 0, 0, 0, 6, 0])  # right on 0, 1 and 6
    result = paired_comparison(y, a, b)
    assert (result["only_a"], result["only_b"], result["both"]) == (4, 1, 2)
    # a fair coin gives a 4-1 split or one at least as uneven in 12 of its 32 outcomes
    assert math.isclose(result["p_value"], 12 / 32)
    assert paired_comparison(y, a, a)["p_value"] == 1.0  # no disagreements: nothing to tell


def test_a_paired_comparison_says_when_the_lengths_differ():
    from annlib.metrics import paired_comparison

    with pytest.raises(ValueError, match="one label per example each; got 3, 2 and 3"):
        paired_comparison([0, 1, 2], [0, 1], [0, 1, 2])
