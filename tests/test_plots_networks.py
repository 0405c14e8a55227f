"""Pictures of networks: the reds are exactly the firing neurons, and every connection of
layer.connections() is drawn with its weight.
"""

import matplotlib.pyplot as plt
import numpy as np
import pytest
from matplotlib.colors import to_hex
from matplotlib.patches import FancyArrowPatch

from annlib import plots
from annlib.data.examples import article_network, first_layer, six_images, xor_network
from annlib.plots import ACTIVE, QUIET

OPEN = "#ffffff"  # a corner where the network stays quiet: an open circle


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


def node_colours(ax):
    return {p.get_gid(): to_hex(p.get_facecolor()) for p in ax.patches if isinstance(p, plt.Circle)}


def arrows(ax):
    return [p for p in ax.patches if isinstance(p, FancyArrowPatch)]


def red_arrows(ax):
    return sum(to_hex(p.get_edgecolor()) == ACTIVE for p in arrows(ax))


def test_draw_network_reds_are_exactly_the_firing_neurons():
    net = article_network()
    for pattern in ([1, 1, 0, 1], [0, 0, 1, 1], [0, 1, 1, 0]):
        colours = node_colours(plots.draw_network(net, pattern))
        firing = {n for names in net.firing(pattern).values() for n in names}
        assert {n for n, c in colours.items() if c == ACTIVE} == firing
        assert {n for n, c in colours.items() if c == QUIET} == set(colours) - firing
        plt.close("all")


def test_draw_network_draws_every_neuron():
    ax = plots.draw_network(xor_network())
    assert set(node_colours(ax)) == {"C", "D", "OR", "AND", "XOR"}
    with pytest.raises(ValueError, match="one input pattern at a time"):
        plots.draw_network(xor_network(), np.zeros((3, 2)))
    with pytest.raises(TypeError, match="needs a ThresholdNetwork"):
        plots.draw_network(first_layer())


def test_draw_network_draws_each_connection_once_with_its_weight():
    net = article_network()
    wiring = [c for layer in net.layers for c in layer.connections()]
    ax = plots.draw_network(net)
    assert len(arrows(ax)) == len(wiring) == 11
    labels = [t.get_text() for t in ax.texts][: len(wiring)]
    assert labels == [plots._style._weight_label(w) for _, _, w in wiring]
    styles = [a.get_linestyle() for a in arrows(ax)]
    assert styles == ["dotted" if w == 0 else "dashed" if w < 0 else "solid" for _, _, w in wiring]
    without = plots.draw_network(net, weights=False)
    assert not any(t.get_text() in ("+1", "+2", "0") for t in without.texts)


def test_lateral_and_forward_connections_share_one_look():
    """Every arrow, curved (within a layer) or straight, looks as _style.connection_arrow says."""
    net, x = article_network(), [1, 1, 0, 1]
    wiring = [c for layer in net.layers for c in layer.connections()]
    largest = max(abs(w) for _, _, w in wiring)
    sending = {n for names in net.firing(x).values() for n in names}
    drawn = arrows(plots.draw_network(net, x))
    assert sum(a.get_connectionstyle().rad != 0 for a in drawn) == 1  # E -> G, within a layer
    for arrow, (sender, _, w) in zip(drawn, wiring):
        look = plots._style.connection_arrow(
            (0, 0), (1, 0), w, max_abs_w=largest, sending=sender in sending
        )
        assert arrow.get_linewidth() == look.get_linewidth()
        assert arrow.get_linestyle() == look.get_linestyle()
        assert to_hex(arrow.get_edgecolor()) == to_hex(look.get_edgecolor())


def test_signals_from_firing_neurons_are_red():
    ax = plots.draw_network(xor_network(), [1, 0])
    # C -> OR, C -> AND, OR -> XOR carry signals; D and AND are quiet
    assert red_arrows(ax) == 3


def test_draw_network_reveals_a_pass_step_by_step():
    net, x = article_network(), [1, 1, 0, 1]
    step2 = plots.draw_network(net, x, reveal=1, send=False)  # layer 1 fires, nothing sent yet
    assert {n for n, c in node_colours(step2).items() if c == ACTIVE} == {"A", "B", "D"}
    assert node_colours(step2)["E"] == plots.NEUTRAL and red_arrows(step2) == 0
    step3 = plots.draw_network(net, x, reveal=1)  # A->E, A->G, B->E, D->F, D->G carry signals
    assert red_arrows(step3) == 5 and node_colours(step3)["E"] == plots.NEUTRAL
    step4 = plots.draw_network(net, x, reveal=2, send=False)  # E fires and signals G (lateral)
    assert node_colours(step4)["E"] == ACTIVE and node_colours(step4)["6"] == plots.NEUTRAL
    assert red_arrows(step4) == 6
    with pytest.raises(ValueError, match="reveal must be a whole number from 1 to 3"):
        plots.draw_network(net, x, reveal=4)
    with pytest.raises(TypeError, match="reveal must be a whole number"):
        plots.draw_network(net, x, reveal=1.5)


def test_pixel_detectors_title_and_outline_each_neuron():
    layer = first_layer()
    axes = plots.plot_pixel_detectors(layer, six_images()["scenario 1"])
    assert [ax.get_title() for ax in axes] == [
        "A: s=3, m=2, fires",
        "B: s=2, m=2, fires",
        "C: s=1, m=2, off",
        "D: s=5, m=4, fires",
    ]
    # one outlined pixel per pixel the neuron gives weight to
    assert [len(ax.patches) for ax in axes] == [int(np.count_nonzero(row)) for row in layer.W]
    with pytest.raises(ValueError, match="layer 1 looks at 25 pixels; the image has 4"):
        plots.plot_pixel_detectors(layer, np.zeros((2, 2)))


def test_network_regions_shade_where_xor_fires():
    ax = plots.plot_network_regions(xor_network())
    assert [to_hex(c) for c in ax.collections[-1].get_facecolors()] == [
        OPEN,
        ACTIVE,
        ACTIVE,
        OPEN,
    ]
    first = xor_network().layers[0]
    assert len(ax.lines) == first.n_neurons  # each neuron of the first layer draws its line
    for line, (w1, w2), m in zip(ax.lines, first.W, first.m):
        x, y = line.get_data()
        assert np.allclose(w1 * x + w2 * y, m)
    with pytest.raises(ValueError, match="2 inputs and 1 output"):
        plots.plot_network_regions(article_network())


def test_network_regions_name_each_line_inside_the_frame_clear_of_the_corners():
    ax = plots.plot_network_regions(xor_network())
    first = xor_network().layers[0]
    names = {t.get_text(): t for t in ax.texts}
    assert set(names) == set(first.names)  # one name per line, and nothing else
    ax.figure.draw_without_rendering()
    frame = ax.get_window_extent()
    corners = ax.transData.transform(np.array([[0, 0], [0, 1], [1, 0], [1, 1]]))
    for (w1, w2), m, name in zip(first.W, first.m, first.names):
        x, y = names[name].get_position()
        assert w1 * x + w2 * y == pytest.approx(m)  # on its own line
        box = names[name].get_bbox_patch().get_window_extent()  # with its white patch
        assert frame.x0 <= box.x0 and box.x1 <= frame.x1  # not cut off by the frame
        assert frame.y0 <= box.y0 and box.y1 <= frame.y1
        assert not any(box.contains(*corner) for corner in corners)  # hides no corner


@pytest.mark.parametrize("net", [xor_network(), article_network()], ids=["xor", "article"])
def test_weights_sit_on_their_own_line_away_from_crossings(net):
    """A weight written where two connections cross could belong to either (notebook 02's
    XOR network had a +1 there): each sits on its own line, clear of every other line."""
    ax = plots.draw_network(net)
    columns = [net.inputs, *(layer.names for layer in net.layers)]
    where, wiring, _ = plots.networks._layout(net, columns)
    straight = [(layer, (s, r)) for layer, (s, r, _) in wiring if s not in layer.names]
    ends = [(where[s], where[r]) for _, (s, r) in straight]
    labels = [t for t, (layer, (s, _, _)) in zip(ax.texts, wiring) if s not in layer.names]
    assert len(labels) == len(ends) > 0
    for k, label in enumerate(labels):
        at = np.array(label.get_position())
        near = [_distance(at, *line) for line in ends]
        assert near[k] < 1e-9  # on its own line
        assert min(d for j, d in enumerate(near) if j != k) > 0.15  # and on no other
    places = [np.array(t.get_position()) for t in labels]
    gaps = [np.linalg.norm(p - q) for i, p in enumerate(places) for q in places[i + 1 :]]
    assert min(gaps) > 0.3  # no two labels on top of each other


def _distance(point, p, q):
    t = np.clip(np.dot(point - p, q - p) / np.dot(q - p, q - p), 0, 1)
    return float(np.linalg.norm(point - (p + t * (q - p))))


def test_label_places_are_remembered_per_layout_and_equal_a_fresh_search():
    net = article_network()
    columns = [net.inputs, *(layer.names for layer in net.layers)]
    where, wiring, _ = plots.networks._layout(net, columns)
    remembered = plots.networks._label_places(net, where, wiring)
    assert remembered == plots.networks._find_label_places(net, where, wiring)
    remembered[next(iter(remembered))] = -1.0  # a caller's change stays its own
    assert plots.networks._label_places(net, where, wiring) != remembered
