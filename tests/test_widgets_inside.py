"""The widgets of notebook 07, driven from Python: one neuron, knocking neurons out, and the
drawing pad beside the network lit up."""

import copy

import numpy as np
import pytest
from svgread import Picture

from annlib import inside
from annlib.conv import ConvNet
from annlib.metrics import accuracy
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
    ko.layer.value = 1
    ko.count.value = 500  # more than the layer has: all of them
    assert len(ko.knocked()) == 30


def test_the_contingency_changes_add_up(net, digits):
    X, y = digits
    ko = KnockOutExplorer(net, X, y, X_rank=X, count=20)
    delta = ko.after.drop(columns="accuracy %") - ko.before.drop(columns="accuracy %")
    assert (delta.sum(axis=1) == 0).all()  # every digit is read as something, before and after
    for v in delta.to_numpy().ravel():
        if v:
            assert f"{int(v):+d}" in ko.changes.value


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
    assert picture.shapes(f"output {answer}")[0].get("fill") == "#d55e00"
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
