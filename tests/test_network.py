"""Threshold layers and networks: shapes, batch = single, the shared firing rule, clear errors."""

import itertools

import numpy as np
import pytest

from annlib import ThresholdNeuron, neuron_g
from annlib.network import ThresholdLayer, ThresholdNetwork

PATTERNS4 = np.array(list(itertools.product([0, 1], repeat=4)))


@pytest.fixture
def layer():
    # E: A and B; F: C and D; G (notebook 01's rule, without B) also listens to E.
    return ThresholdLayer.from_neurons(
        [
            ThresholdNeuron([1, 1], 2, inputs="AB", name="E"),
            ThresholdNeuron([1, 1], 2, inputs="CD", name="F"),
            ThresholdNeuron([0, 1, 2, -1], 2, inputs="ACDE", name="G"),
        ],
        inputs="ABCD",
        name="layer 2",
    )


def test_from_neurons_builds_W_m_and_lateral(layer):
    assert layer.W.tolist() == [[1, 1, 0, 0], [0, 0, 1, 1], [0, 0, 1, 2]]
    assert layer.m.tolist() == [2, 2, 2]
    assert layer.L.tolist() == [[0, 0, 0], [0, 0, 0], [-1, 0, 0]]
    # G is connected to A even though its weight is 0, and not to B
    assert layer.connected[2].tolist() == [True, False, True, True]


def test_connections_walk_every_input_then_every_lateral_link(layer):
    assert layer.connections() == [
        ("A", "E", 1.0),
        ("B", "E", 1.0),
        ("C", "F", 1.0),
        ("D", "F", 1.0),
        ("A", "G", 0.0),
        ("C", "G", 1.0),
        ("D", "G", 2.0),
        ("E", "G", -1.0),
    ]  # G's weight 0 from A is a connection; it hears nothing from B


def test_connections_are_what_each_neuron_listens_to(layer):
    for neuron in layer.neurons:
        heard = [(s, w) for s, r, w in layer.connections() if r == neuron.name]
        assert heard == list(zip(neuron.inputs, neuron.w.tolist()))


def test_connections_of_the_articles_network():
    from annlib.data.examples import article_network

    first, second = article_network().layers
    assert [c for c in first.connections() if c[1] == "G"] == [
        ("A", "G", 0.0),
        ("C", "G", 1.0),
        ("D", "G", 2.0),
        ("E", "G", -1.0),
    ]
    assert second.connections() == [("E", "6", 2.0), ("F", "6", 1.0), ("G", "6", 1.0)]


def test_shapes_for_one_pattern_and_a_batch(layer):
    s, a = layer.forward([1, 1, 0, 1])
    assert s.shape == (3,) and a.shape == (3,) and a.dtype == bool
    s, a = layer.forward(PATTERNS4)
    assert s.shape == (16, 3) and a.shape == (16, 3)


def test_batch_equals_single(layer):
    batch = layer.fires(PATTERNS4)
    for pattern, row in zip(PATTERNS4, batch):
        assert layer.fires(pattern).tolist() == row.tolist()


def test_every_neuron_follows_the_threshold_neurons_rule(layer):
    """The layer's answer for each neuron is the stand-alone ThresholdNeuron's answer."""
    a = layer.fires(PATTERNS4)
    named = dict(zip("ABCD", PATTERNS4.T))
    for j, name in enumerate(layer.names):
        neuron = layer.neuron(name)
        named_in = np.column_stack([named[s] for s in neuron.inputs])
        assert a[:, j].tolist() == neuron.fires(named_in).tolist()
        named[name] = a[:, j].astype(int)  # later neurons may listen to this one


def test_layer_g_agrees_with_notebook_01s_g(layer):
    g = neuron_g()
    a = layer.fires(PATTERNS4)
    e = a[:, 0]
    for b_value in (0, 1):  # B does not matter to G: its weight is 0
        x = np.column_stack(
            [PATTERNS4[:, 0], np.full(16, b_value), PATTERNS4[:, 2], PATTERNS4[:, 3], e]
        )
        assert a[:, 2].tolist() == g.fires(x).tolist()


def test_a_layer_without_lateral_links_is_one_matrix_product():
    rng = np.random.default_rng(0)
    W, m = rng.normal(size=(5, 7)), rng.normal(size=5)
    x = rng.integers(0, 2, size=(40, 7))
    assert np.array_equal(ThresholdLayer(W, m).fires(x), np.round(x @ W.T, 12) >= m)


def test_network_passes_activations_layer_to_layer(layer):
    out = ThresholdLayer([[2, 1, 1]], 2, names=["6"], inputs="EFG", name="output")
    net = ThresholdNetwork([layer, out], input_label="layer 1")
    result = net.forward([1, 1, 0, 1])
    assert [a.tolist() for a in result.activations] == [
        [True, True, False, True],
        [True, False, False],
        [True],
    ]
    assert net.firing([1, 1, 0, 1]) == {
        "layer 1": ["A", "B", "D"],
        "layer 2": ["E"],
        "output": ["6"],
    }
    batch = net.forward(PATTERNS4)
    assert [a.shape for a in batch.activations] == [(16, 4), (16, 3), (16, 1)]
    assert net.fires(PATTERNS4)[:, 0].tolist() == [net.fires(p)[0] for p in PATTERNS4]


def test_network_truth_table_and_replace(layer):
    out = ThresholdLayer([[2, 1, 1]], 2, names=["6"], inputs="EFG", name="output")
    net = ThresholdNetwork([layer, out])
    table = net.truth_table()
    assert list(table.columns) == list("ABCDEFG") + ["6"] and len(table) == 16
    quiet_g = net.replace(ThresholdNeuron([0, 1, 2, -1], 9, inputs="ACDE", name="G"))
    assert quiet_g.truth_table()["G"].sum() == 0
    assert net.truth_table()["G"].sum() > 0  # the original is unchanged


# --- clear errors ---


def test_mismatched_layers_are_refused(layer):
    wrong = ThresholdLayer([[1, 1]], 1, names=["6"], inputs="EF", name="output")
    with pytest.raises(
        ValueError,
        match=r"output listens to \['E', 'F'\].*layer 2, "
        r"has the neurons \['E', 'F', 'G'\]",
    ):
        ThresholdNetwork([layer, wrong])


def test_wrong_input_patterns_are_refused(layer):
    with pytest.raises(
        ValueError, match=r"layer 2 has 4 inputs \(A, B, C, D\).*got a pattern of 3 values"
    ):
        layer.fires([1, 0, 1])
    net = ThresholdNetwork([layer])
    with pytest.raises(ValueError, match=r"this network has 4 inputs.*batch of shape \(2, 5\)"):
        net.forward(np.zeros((2, 5)))
    with pytest.raises(ValueError, match="one input pattern at a time"):
        net.firing(PATTERNS4)


@pytest.mark.parametrize(
    "kwargs, words",
    [
        ({"W": [1, 2, 3], "m": 1}, "one row per neuron"),
        ({"W": [[1, 2], [3, 4]], "m": [1, 2, 3]}, "m needs 2 numbers"),
        (
            {"W": [[1, 2], [3, 4]], "m": 1, "lateral": [[0, 1], [0, 0]]},
            "only listen to neurons that come before",
        ),
        ({"W": [[1, 2], [3, 4]], "m": 1, "lateral": np.zeros((3, 3))}, "square table of shape"),
        (
            {"W": [[1, 2], [3, 4]], "m": 1, "names": "AB", "inputs": "AC"},
            "both for inputs and for neurons",
        ),
        (
            {"W": [[1, 2], [3, 4]], "m": 1, "names": "ABC"},
            r"there are 2 neurons but 3 names \['A', 'B', 'C'\]; give one name per neuron",
        ),
        (
            {"W": [[1, 2], [3, 4]], "m": 1, "connected": [[True, False], [True, True]]},
            "connection that does not exist",
        ),
        ({"W": [["a", "b"]], "m": 1}, "numbers"),
    ],
)
def test_bad_layers_get_clear_errors(kwargs, words):
    W = kwargs.pop("W")
    m = kwargs.pop("m")
    with pytest.raises((ValueError, TypeError), match=words):
        ThresholdLayer(W, m, **kwargs)


def test_from_neurons_refuses_unknown_sources():
    with pytest.raises(ValueError, match="listens to 'Z'.*inputs are \\['A', 'B'\\]"):
        ThresholdLayer.from_neurons([ThresholdNeuron([1], 1, inputs="Z", name="E")], inputs="AB")
    with pytest.raises(ValueError, match="not an earlier neuron of this layer"):
        ThresholdLayer.from_neurons(
            [
                ThresholdNeuron([1], 1, inputs="F", name="E"),
                ThresholdNeuron([1], 1, inputs="A", name="F"),
            ],
            inputs="AB",
        )


def test_duplicate_names_across_layers_are_refused():
    a = ThresholdLayer([[1]], 1, names="B", inputs="A")
    b = ThresholdLayer([[1]], 1, names="A", inputs="B")
    with pytest.raises(ValueError, match=r"\['A'\] appear twice"):
        ThresholdNetwork([a, b])


def test_unknown_neuron_names_say_what_exists(layer):
    with pytest.raises(KeyError, match="its neurons are"):
        layer.neuron("Q")
    with pytest.raises(KeyError, match="has no neuron 'Q'"):
        ThresholdNetwork([layer]).neuron("Q")


def test_truth_tables_stop_at_twelve_inputs_with_one_message():
    from annlib.neuron import ThresholdNeuron, truth_table

    wide = ThresholdNeuron([1] * 13, m=1)
    with pytest.raises(ValueError, match=r"13 inputs, so its truth table would have 2\*\*13"):
        truth_table(wide)
    layer = ThresholdLayer(np.ones((1, 13)), [1])
    with pytest.raises(ValueError, match=r"this network has 13 inputs.*limited to 12 inputs"):
        ThresholdNetwork([layer]).truth_table()
    assert len(ThresholdNetwork([ThresholdLayer(np.ones((1, 12)), [1])]).truth_table()) == 4096
