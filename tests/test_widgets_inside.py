"""The widgets of notebook 07, driven from Python: one neuron, knocking neurons out, and the
drawing pad beside the network lit up."""

import copy

import numpy as np
import pytest
from svgread import Picture

from annlib import inside, plots, tables
from annlib.conv import ConvNet
from annlib.metrics import accuracy, contingency_table
from annlib.mlp import MLP
from annlib.widgets import KnockOutExplorer, NetworkPad, NeuronInspector

ONE = [(140, 40), (140, 240)]


@pytest.fixture(scope="module")
def net():
    return MLP([784, 30, 20, 10], seed=0)


@pytest.fixture(scope="module")
def digits():
    rng = np.random.default_rng(0)
    X = rng.random((60, 784)).astype(np.float32)
    return X, np.arange(60) % 10


def test_inspector_follows_its_layer_and_neuron(net, digits):
    X, y = digits
    view = NeuronInspector(net, X, y, k=4, average_of=5)
    assert view.neuron.max == 29
    view.layer.value = 2
    assert view.neuron.max == 19
    view.neuron.value = 7
    a = inside.activations(net, X)[1][:, 7]
    assert view.top.tolist() == np.argsort(-a, kind="stable")[:4].tolist()
    assert np.allclose(view.values, np.sort(a)[::-1][:4])
    assert np.allclose(view.average, X[np.argsort(-a, kind="stable")[:5]].mean(axis=0))
    favourite = int(np.nanargmax(inside.by_digit(a[:, None], y)[:, 0]))
    assert f"digit <b>{favourite}</b>" in view.text.value
    assert view.picture.value  # a picture is shown
    assert view.describe() == f"layer 2, neuron 7, most active for the digit {favourite}"
    view.neuron.value = 19
    view.layer.value = 1
    assert view.neuron.max == 29 and view.neuron.value == 19


def test_inspector_checks_its_layer_neuron_and_counts(net, digits):
    X, y = digits
    with pytest.raises(ValueError, match="hidden layer, 1 to 2; layer 3 is the output"):
        NeuronInspector(net, X, y, layer=3)
    with pytest.raises(ValueError, match="whole number"):
        NeuronInspector(net, X, y, layer=0)
    with pytest.raises(ValueError, match="neuron"):
        NeuronInspector(net, X, y, layer=2, neuron=20)
    with pytest.raises(ValueError, match="k "):
        NeuronInspector(net, X, y, k=0)
    with pytest.raises(ValueError, match="784 inputs"):
        NeuronInspector(MLP([6, 4, 10]), np.zeros((3, 6)), [0, 1, 2])
    few = NeuronInspector(net, X[:2], y[:2], k=8, average_of=50)  # fewer examples than k
    assert len(few.top) == 2 and few.picture.value


def test_a_dead_neuron_is_said_to_be_dead(net, digits):
    X, y = digits
    dead = copy.deepcopy(net)
    dead.params["W1"][3] = 0
    dead.params["b1"][3] = -1.0  # never on
    view = NeuronInspector(dead, X, y, layer=1, neuron=3)
    assert "never active" in view.text.value and view.favourite is None


def test_knocking_out_nothing_changes_nothing_and_everything_leaves_the_biases(net, digits):
    X, y = digits
    ko = KnockOutExplorer(net, X, y, X_rank=X)
    assert ko.accuracy_after == ko.accuracy_before and "·" in ko.changes.value
    ko.count.value = 30  # all of layer 1: every digit gets the same answer
    weaker = inside.knocked_out(net, 1, np.arange(30))
    assert ko.accuracy_after == pytest.approx(accuracy(y, weaker.predict(X)))
    assert len(set(weaker.predict(X).tolist())) == 1
    assert f"{ko.accuracy_after:.1%}" in ko.text.value


def test_random_knock_outs_grow_and_most_active_ones_follow_the_ranking(net, digits):
    X, y = digits
    ko = KnockOutExplorer(net, X, y, X_rank=X[:30], layer=2, count=10, which="most active")
    assert ko.knocked().tolist() == inside.ranked(net, X[:30], 2)[:10].tolist()
    ko.which.value = "random"
    first = ko.knocked().tolist()
    ko.count.value = 20
    assert ko.knocked().tolist()[:10] == first  # the same neurons and more
    ko.which.value = "most active"
    assert ko.knocked().tolist() == inside.ranked(net, X[:30], 2)[:20].tolist()
    ko.count.value = 20
    ko.layer.value = 1
    assert ko.count.max == 30 and ko.count.step == 1
    ko.layer.value = 2
    assert ko.count.max == 20  # the slider follows the layer
    assert len(ko.knocked()) == 20 and "20 of the 20 neurons of layer 2" in ko.text.value


def test_the_contingency_changes_are_the_tables_difference(net, digits):
    X, y = digits
    ko = KnockOutExplorer(net, X, y, X_rank=X, count=20)
    assert ko.changes.value == tables.contingency_change_html(ko.before, ko.after)
    weaker = inside.knocked_out(net, 1, ko.knocked())
    assert ko.after.equals(contingency_table(y, weaker.predict(X)))


def test_network_pad_lights_up_when_a_stroke_is_drawn(net):
    pad = NetworkPad(net)
    assert pad.view.svg == ""
    pad.draw(ONE)
    picture = Picture(pad.view.svg)
    hidden = [a[0] for a in inside.activations(net, pad.digit.reshape(1, -1))[:-1]]
    for h in hidden:
        assert f"{int(np.sum(h > 0))} of {len(h)} on" in picture.texts()
    answer, chains = inside.strongest_paths(net, pad.digit.reshape(1, -1), n=3)
    assert pad.prediction == answer and pad.chains == chains
    assert picture.shapes(f"output {answer}")[0].get("fill") == plots.ACTIVE
    assert len(picture.shapes("digit")) == 1  # what it reads, at the left
    before = pad.view.svg
    pad.draw([(60, 60), (220, 60)])
    assert pad.view.svg != before  # every stroke redraws the view
    bundle = pad._repr_mimebundle_()
    assert bundle["image/svg+xml"] == pad.view.svg
    assert "layer 1:" in bundle["text/plain"]
    pad.undo()
    pad.clear()
    assert pad.view.svg == "" and pad.hidden is None


def test_network_pad_takes_a_fine_tuned_copy_and_refuses_what_it_cannot_look_inside(net):
    tuned = copy.deepcopy(net)
    tuned.params["b3"][4] += 50.0  # another network: it now reads everything as a 4
    pad = NetworkPad(tuned)
    pad.draw(ONE)
    assert pad.prediction == 4 and "4: 100%" in Picture(pad.view.svg).texts()
    with pytest.raises(TypeError, match="looks inside an MLP"):
        NetworkPad(ConvNet(seed=0))
    with pytest.raises(ValueError, match="784 inputs"):
        NetworkPad(MLP([4, 3, 10]))
    with pytest.raises(ValueError, match="at least one hidden layer"):
        NetworkPad(MLP([784, 10]))


def test_network_pad_with_a_narrow_layer_or_without_relu():
    narrow = NetworkPad(MLP([784, 16, 2, 10], seed=1))
    narrow.draw(ONE)  # fewer than three paths can be drawn: no error
    assert narrow.view.svg and len(narrow.chains) <= 2
    sigmoid = NetworkPad(MLP([784, 12, 10], activation="sigmoid", seed=0))
    sigmoid.draw(ONE)
    texts = Picture(sigmoid.view.svg).texts()
    assert "12 neurons" in texts and not any(t.endswith(" on") for t in texts)
    assert "on" not in sigmoid.describe().split(";")[-1]
