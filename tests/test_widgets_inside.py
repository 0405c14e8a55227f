"""The widgets of notebook 10, driven from Python: one neuron, knocking neurons out, and the
drawing pad beside the network lit up."""

import copy

import numpy as np
import pytest
from svgread import Picture

from annlib import plots
from annlib.conv import ConvNet
from annlib.lab import hidden_neurons as inside
from annlib.lab import tables
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


HIDDEN = ["identity", "sigmoid", "relu", "tanh", "step", "softmax"]  # every annlib activation


def one_layer(activation):
    return MLP([784, 12, 10], activation=activation, seed=0)


def test_every_annlib_activation_is_tried():
    from annlib.functions import ACTIVATIONS

    assert sorted(HIDDEN) == sorted(ACTIVATIONS)


@pytest.mark.parametrize("activation", HIDDEN)
def test_the_inspectors_words_are_true_for_every_activation(activation, digits):
    X, y = digits
    net = one_layer(activation)
    A = inside.activations(net, X)[0]
    neuron = int(np.argmax(A.max(axis=0) - A.min(axis=0)))  # one that responds
    view = NeuronInspector(net, X, y, neuron=neuron)
    a = A[:, neuron]
    per_digit = inside.by_digit(a[:, None], y)[:, 0]
    best, worst = int(np.nanargmax(per_digit)), int(np.nanargmin(per_digit))
    assert view.favourite == best and "dead" not in view.text.value
    if activation in ("tanh", "identity"):  # a negative output is a response too
        assert f"highest on average for the digit <b>{best}</b>" in view.text.value
        assert f"lowest for the digit <b>{worst}</b>" in view.text.value
        assert view.describe().endswith(f"highest output for the digit {best}")
    else:
        assert f"most active on average for the digit <b>{best}</b>" in view.text.value
        assert view.describe().endswith(f"most active for the digit {best}")
    on = f"on for {np.mean(a > 0):.0%} of the 60 digits"
    assert (on in view.text.value) == (activation in ("relu", "step"))


@pytest.mark.parametrize("activation", HIDDEN)
def test_a_neuron_that_responds_to_nothing_is_dead_for_every_activation(activation, digits):
    X, y = digits
    net = one_layer(activation)
    net.params["W1"][:] = 0
    net.params["b1"][:] = -1.0  # every neuron of layer 1 gets -1, whatever the digit
    view = NeuronInspector(net, X, y, neuron=3)
    assert view.favourite is None and "(dead)" in view.text.value
    if activation in ("relu", "step"):  # off means exactly 0
        assert "never active for these 60 digits" in view.text.value
        assert view.describe() == "layer 1, neuron 3, never active (dead)"
    else:  # stuck at one value, which is not 0
        value = inside.activations(net, X[:1])[0][0, 3]
        assert f"always {value:.3g} for these 60 digits" in view.text.value
        assert view.describe() == f"layer 1, neuron 3, always {value:.3g} (dead)"


@pytest.mark.parametrize("activation", ["tanh", "identity"])
def test_a_neuron_with_only_negative_outputs_is_not_dead(activation, digits):
    """A tanh neuron whose outputs were all below 0 used to be called "never active (dead)"."""
    X, y = digits
    net = one_layer(activation)
    net.params["W1"][3] *= 0.1
    net.params["b1"][3] = -2.0
    a = inside.activations(net, X)[0][:, 3]
    assert a.max() < 0 and a.min() < a.max()  # all negative, and not all the same
    view = NeuronInspector(net, X, y, neuron=3)
    per_digit = inside.by_digit(a[:, None], y)[:, 0]
    assert view.favourite == int(np.nanargmax(per_digit))
    assert "dead" not in view.text.value and "dead" not in view.describe()
    assert "give its highest output" in view.plot()._suptitle.get_text()


def test_the_inspector_and_knock_outs_take_numpy_whole_numbers(net, digits):
    X, y = digits
    view = NeuronInspector(
        net, X, y, layer=np.int64(2), neuron=np.arange(20)[7], k=np.int32(4), average_of=np.uint8(5)
    )
    assert (view.layer.value, view.neuron.value, len(view.top)) == (2, 7, 4)
    ko = KnockOutExplorer(net, X, y, X, layer=np.int64(2), count=np.int16(20), seed=np.int64(3))
    assert len(ko.knocked()) == 20 and "20 of the 20 neurons of layer 2" in ko.text.value


def test_knocking_out_every_neuron_from_the_start(net, digits):
    X, y = digits
    ko = KnockOutExplorer(net, X, y, X_rank=X, layer=1, count=30, which="most active")
    assert sorted(ko.knocked().tolist()) == list(range(30))
    assert len(set(inside.knocked_out(net, 1, ko.knocked()).predict(X).tolist())) == 1
    assert "30 of the 30 neurons of layer 1" in ko.text.value


def test_most_active_tanh_neurons_count_negative_outputs_too(digits):
    """For tanh, "most active" used to mean the highest mean output, so a neuron stuck near
    -1 (sending the most signal of all) was ranked last."""
    X, y = digits
    net = one_layer("tanh")
    net.params["W1"][5] *= 0.1
    net.params["b1"][5] = -3.0  # about -0.995 for every digit
    ko = KnockOutExplorer(net, X, y, X_rank=X, count=1, which="most active")
    assert ko.knocked().tolist() == [5]
    size = np.abs(inside.activations(net, X)[0]).mean(axis=0)
    assert ko.ranking[1].tolist() == np.argsort(-size, kind="stable").tolist()


def test_the_network_pad_keeps_the_drawing_when_its_network_breaks(net):
    """A network trained on in another cell until its weights are NaN: the pad used to raise
    from the mouse event, half updated, with the old answer and the old view still showing."""
    model = copy.deepcopy(net)
    pad = NetworkPad(model)
    pad.draw(ONE)
    good, answer = model.params["W1"].copy(), pad.prediction
    model.params["W1"][:] = np.nan
    pad.draw([(60, 60), (220, 60)])
    assert len(pad.strokes) == 2 and "could not read it" in pad.answer.value
    assert pad.hidden is None and pad.view.svg == "" and pad.prediction is None
    model.params["W1"][:] = good
    pad.undo()
    assert len(pad.strokes) == 1 and pad.prediction == answer and pad.view.svg
