"""The article's network behaves exactly as the article tells its two scenarios."""

import numpy as np

from annlib import neuron_g
from annlib.data.examples import article_g, article_network, first_layer, six_images, xor_network


def test_scenario_1_as_the_article_tells_it():
    net = article_network()
    assert net.firing([1, 1, 0, 1]) == {
        "layer 1": ["A", "B", "D"],
        "layer 2": ["E"],
        "output": ["6"],
    }
    layer2 = net.layers[0]
    sends_to = {
        src: [n for j, n in enumerate(layer2.names) if layer2.connected[j, i]]
        for i, src in enumerate(layer2.inputs)
    }
    # A signals E and G, B signals E, D signals F and G
    assert sends_to["A"] == ["E", "G"] and sends_to["B"] == ["E"] and sends_to["D"] == ["F", "G"]


def test_scenario_2_takes_another_path_to_the_same_6():
    net = article_network()
    two = net.firing([0, 0, 1, 1])
    assert two["layer 2"] == ["F", "G"] and two["output"] == ["6"]
    assert two["layer 2"] != net.firing([1, 1, 0, 1])["layer 2"]


def test_the_images_light_up_the_scenarios_layer_1():
    images, layer1 = six_images(), first_layer()
    assert layer1.fires(images["scenario 1"].ravel()).tolist() == [True, True, False, True]
    assert layer1.fires(images["scenario 2"].ravel()).tolist() == [False, False, True, True]
    assert all(image.shape == (5, 5) for image in images.values())


def test_the_networks_g_keeps_notebook_01s_rule():
    g, g_net = neuron_g(), article_g()
    patterns = np.array(np.meshgrid(*[[0, 1]] * 5)).reshape(5, -1).T  # A B C D E
    assert g_net.fires(patterns[:, [0, 2, 3, 4]]).tolist() == g.fires(patterns).tolist()


def test_xor_network_computes_xor():
    table = xor_network().truth_table()
    assert table["XOR"].tolist() == [0, 1, 1, 0]


def test_example_hand_draws_each_digit_through_the_pad():
    from annlib.data.examples import example_hand

    X, y = example_hand(per_digit=2, seed=0)
    assert X.shape == (20, 784) and y.tolist() == [d for d in range(10) for _ in range(2)]
    assert X.max() == 1.0 and X.min() == 0.0
    again, _ = example_hand(per_digit=2, seed=0)
    other, _ = example_hand(per_digit=2, seed=1)
    assert np.array_equal(X, again) and not np.array_equal(X, other)
