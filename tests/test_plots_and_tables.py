"""Pictures and styled tables: they draw what they claim, and refuse what they cannot draw."""

import matplotlib.pyplot as plt
import numpy as np
import pytest

from annlib import ThresholdNeuron, neuron_g, plots, tables, truth_table
from annlib.plots import ACTIVE, QUIET


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


def circle_colours(ax):
    from matplotlib.colors import to_hex

    return [to_hex(p.get_facecolor()) for p in ax.patches if isinstance(p, plt.Circle)]


def test_draw_neuron_colours_active_inputs_and_a_firing_neuron_red():
    ax = plots.draw_neuron(neuron_g(), [0, 0, 1, 1, 0])
    assert circle_colours(ax) == [QUIET, QUIET, ACTIVE, ACTIVE, QUIET, ACTIVE]
    assert any("s = 3" in t.get_text() and "fires" in t.get_text() for t in ax.texts)


def test_draw_neuron_shows_a_quiet_neuron_grey():
    ax = plots.draw_neuron(neuron_g(), [0, 0, 0, 1, 1])  # s = 1 < 2
    assert circle_colours(ax)[-1] == QUIET
    assert any("stays off" in t.get_text() for t in ax.texts)


def test_draw_neuron_labels_every_weight_and_m():
    ax = plots.draw_neuron(neuron_g())
    texts = [t.get_text() for t in ax.texts]
    for label in ["0", "+1", "+2", "\u22121", "m = 2"]:
        assert label in texts


def test_draw_neuron_refuses_a_batch():
    with pytest.raises(ValueError, match="one input pattern at a time"):
        plots.draw_neuron(neuron_g(), np.zeros((2, 5)))


def test_plot_signal_bars_are_the_contributions():
    ax = plots.plot_signal(neuron_g(), [0, 0, 1, 1, 1])
    heights = [p.get_height() for p in ax.patches]
    assert heights == [0, 0, 1, 2, -1, 2]  # w_i * x_i for A..E, then s
    assert "G fires" in ax.get_title()


def test_plot_all_signals_marks_the_firing_patterns():
    ax = plots.plot_all_signals(neuron_g())
    assert len(ax.patches) == 32
    assert "12 of 32" in ax.get_title()


def test_decision_line_needs_two_inputs():
    plots.plot_decision_line(ThresholdNeuron([1, 1], m=2, inputs="CD"))
    with pytest.raises(ValueError, match="2 inputs; neuron G has 5"):
        plots.plot_decision_line(neuron_g())


def test_figure_to_png_gives_png_bytes():
    fig, ax = plt.subplots()
    assert plots.figure_to_png(fig).startswith(b"\x89PNG")


def test_highlight_firing_marks_exactly_the_firing_rows():
    html = tables.truth_table_html(truth_table(neuron_g()))
    assert html.count("<tr") == 33  # the header and 32 patterns
    assert html.count(tables.FIRING_STYLE) == 12
    shown = tables.highlight_firing(truth_table(neuron_g()))
    assert shown._repr_html_() == html
    with pytest.raises(KeyError, match="no column 'fired'"):
        tables.highlight_firing(truth_table(neuron_g()), column="fired")


def test_plot_corners_colours_the_wanted_answers():
    ax = plots.plot_corners(np.array([False, True, True, False]), inputs="CD", title="XOR")
    from matplotlib.colors import to_hex

    colours = [to_hex(c) for c in ax.collections[0].get_facecolors()]
    assert colours == [QUIET, ACTIVE, ACTIVE, QUIET]
    with pytest.raises(ValueError, match="4 True/False values"):
        plots.plot_corners([0, 1, 1, 0])


def node_colours(ax):
    from matplotlib.colors import to_hex

    return {p.get_gid(): to_hex(p.get_facecolor()) for p in ax.patches
            if isinstance(p, plt.Circle)}


def test_draw_network_reds_are_exactly_the_firing_neurons():
    from annlib.examples import article_network

    net = article_network()
    for pattern in ([1, 1, 0, 1], [0, 0, 1, 1], [0, 1, 1, 0]):
        colours = node_colours(plots.draw_network(net, pattern))
        firing = {n for names in net.firing(pattern).values() for n in names}
        assert {n for n, c in colours.items() if c == ACTIVE} == firing
        assert {n for n, c in colours.items() if c == QUIET} == set(colours) - firing
        plt.close("all")


def test_draw_network_returns_axes_with_every_neuron():
    from annlib.examples import xor_network

    ax = plots.draw_network(xor_network())
    assert set(node_colours(ax)) == {"C", "D", "OR", "AND", "XOR"}
    assert ax.figure is not None
    with pytest.raises(ValueError, match="one input pattern at a time"):
        plots.draw_network(xor_network(), np.zeros((3, 2)))


def test_signals_from_firing_neurons_are_red():
    from matplotlib.colors import to_hex
    from matplotlib.patches import FancyArrowPatch

    from annlib.examples import xor_network

    ax = plots.draw_network(xor_network(), [1, 0])
    red = [p for p in ax.patches if isinstance(p, FancyArrowPatch) and to_hex(p.get_edgecolor()) == ACTIVE]
    # C -> OR, C -> AND, OR -> XOR carry signals; D and AND are quiet
    assert len(red) == 3


def test_pixel_detectors_title_each_neuron():
    from annlib.examples import first_layer, six_images

    axes = plots.plot_pixel_detectors(first_layer(), six_images()["scenario 1"])
    assert [ax.get_title() for ax in axes] == [
        "A: s=3, m=2, fires", "B: s=2, m=2, fires", "C: s=1, m=2, off", "D: s=5, m=4, fires"]


def red_arrows(ax):
    from matplotlib.colors import to_hex
    from matplotlib.patches import FancyArrowPatch

    return sum(to_hex(p.get_edgecolor()) == ACTIVE for p in ax.patches
               if isinstance(p, FancyArrowPatch))


def test_draw_network_reveals_a_pass_step_by_step():
    from annlib.examples import article_network

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


def test_network_regions_shade_where_xor_fires():
    from annlib.examples import article_network, xor_network

    ax = plots.plot_network_regions(xor_network())
    from matplotlib.colors import to_hex

    assert [to_hex(c) for c in ax.collections[-1].get_facecolors()] == [QUIET, ACTIVE, ACTIVE, QUIET]
    with pytest.raises(ValueError, match="2 inputs and 1 output"):
        plots.plot_network_regions(article_network())


def test_weights_table_shows_connections_lateral_links_and_m():
    from annlib.examples import article_network

    table = tables.weights_table(article_network().layers[0])
    assert list(table.columns) == ["A", "B", "C", "D", "E", "m"]
    assert table.loc["G"].tolist() == ["0", "", "1", "2", "-1", "2"]
    assert table.loc["E"].tolist() == ["1", "1", "", "", "", "2"]


AND_X = np.array([[0, 0], [0, 1], [1, 0], [1, 1]])
AND_Y = np.array([0, 0, 0, 1])


def test_sse_along_weight_of_a_threshold_neuron_counts_mistakes():
    from annlib.functions import step

    # w_D = 1, m = 1.5: w_C < 0.5 misses (1,1); 0.5 <= w_C < 1.5 is perfect; w_C >= 1.5 fires on (1,0)
    sse = plots.sse_along_weight(AND_X, AND_Y, [0, 1], 1.5, 0, [0.0, 1.0, 2.0], step)
    assert sse.tolist() == [1, 0, 1]


def test_descent_path_goes_downhill_with_a_good_learning_rate():
    from annlib.functions import sigmoid

    path = plots.descent_path(AND_X, AND_Y, [1, 1], 1.5, 0, start=3.0, lr=3.0, steps=20)
    sse = plots.sse_along_weight(AND_X, AND_Y, [1, 1], 1.5, 0, path, sigmoid)
    assert len(path) == 21 and path[0] == 3.0
    assert np.all(np.diff(sse) <= 1e-12) and abs(path[-1] - 1.0) < 0.01
    bouncing = plots.descent_path(AND_X, AND_Y, [1, 1], 1.5, 0, start=3.0, lr=10.0, steps=20)
    assert abs(bouncing[-1] - bouncing[-3]) < 0.05 and abs(bouncing[-1] - bouncing[-2]) > 1


def test_sse_plot_slope_points_downhill():
    axes, slope = plots.plot_sse_vs_weight(AND_X, AND_Y, [1, 1], 1.5, 0, value=3.0)
    assert slope > 0 and "slope +" in axes[1].get_title()


def test_history_and_boundary_plots():
    from annlib.examples import two_moons
    from annlib.mlp import MLP
    from annlib.train import fit

    X, y = two_moons(100, seed=0)
    model = MLP([2, 8, 2], seed=0)
    history = fit(model, X, y, epochs=3, validation=(X, y), progress=False)
    axes = plots.plot_history(history)
    assert len(axes[0].lines) == 2 and len(axes[1].lines) == 2
    ax = plots.plot_decision_boundary(model, X, y)
    assert len(ax.collections) > 0
    with pytest.raises(ValueError, match="2 inputs"):
        plots.plot_decision_boundary(model, np.zeros((3, 3)), [0, 1, 0])


def test_digit_plots():
    rng = np.random.default_rng(0)
    X = rng.random((12, 784))
    axes = plots.plot_digits(X, titles=list(range(12)), n_cols=6)
    assert len(axes) == 12 and axes[5].get_title() == "5"
    ax = plots.plot_digit_numbers(X[0])
    assert len(ax.texts) == int(np.sum(X[0] > 0))
    ax = plots.plot_label_counts([0, 1, 1, 2, 2, 2])
    assert [p.get_height() for p in ax.patches] == [1, 2, 3]
    y_true, y_pred = np.array([1, 2, 3, 4]), np.array([1, 7, 3, 9])
    axes = plots.plot_mistakes(X[:4], y_true, y_pred, np.array([0.9, 0.8, 0.7, 0.6]))
    assert [a.get_title() for a in axes[:2]] == ["2 read 7\n80% sure", "4 read 9\n60% sure"]
    with pytest.raises(ValueError, match="784 pixels or 28x28"):
        plots.plot_digits(np.zeros((3, 5)))


def test_live_history_draws_every_epoch_outside_a_notebook():
    from annlib.examples import two_moons
    from annlib.mlp import MLP
    from annlib.train import fit

    X, y = two_moons(60, seed=0)
    live = plots.LiveHistory(title="test")
    fit(MLP([2, 4, 2], seed=0), X, y, epochs=3, validation=(X, y), callback=live, progress=False)
    assert len(live.axes[0].lines) == 2 and len(live.axes[0].lines[0].get_xdata()) == 3
