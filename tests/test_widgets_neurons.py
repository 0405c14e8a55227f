"""The neuron and network explorers: sliders, typed values and toggles change the neuron,
its truth table and the picture, which is exactly what annlib.plots draws.
"""

import base64

import pytest

from annlib import ThresholdNeuron, neuron_g, plots
from annlib.examples import article_network
from annlib.tables import FIRING_STYLE
from annlib.widgets import (
    NetworkExplorer,
    NeuronExplorer,
    network_explorer,
    neuron_explorer,
)

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def firing_rows(explorer):
    return explorer.table.index[explorer.table.fires].tolist()


def neuron_picture(neuron):
    fig, ax = plots.new_figure((4.2, 3.6))
    plots.draw_neuron(neuron, ax=ax)
    return plots.figure_to_png(fig)


def test_explorer_starts_at_the_given_neuron():
    explorer = neuron_explorer(neuron_g())
    assert isinstance(explorer, NeuronExplorer)
    assert explorer.neuron.w.tolist() == [0, 0, 1, 2, -1] and explorer.neuron.m == 2
    assert explorer.table.fires.sum() == 12
    assert "fires on 12 of 32" in explorer.summary.value
    assert bytes(explorer.picture.value).startswith(PNG_SIGNATURE)
    assert explorer.picture.value == neuron_picture(neuron_g())
    assert explorer.table_html.value.count(FIRING_STYLE) == 12  # 12 red rows


def test_moving_the_m_slider_changes_the_firing_rows():
    explorer = NeuronExplorer(neuron_g())
    before_rows, before_picture = firing_rows(explorer), explorer.picture.value
    explorer.m_slider.value = 3  # C and D must both fire, and E not
    assert explorer.m_box.value == 3  # the text box follows the slider
    assert firing_rows(explorer) == [6, 14, 22, 30]
    assert firing_rows(explorer) != before_rows
    assert "fires on 4 of 32" in explorer.summary.value
    assert explorer.table_html.value.count(FIRING_STYLE) == 4
    assert explorer.picture.value != before_picture  # the picture shows the new m
    assert explorer.picture.value == neuron_picture(
        ThresholdNeuron([0, 0, 1, 2, -1], 3, inputs="ABCDE", name="G")
    )


def test_typing_a_weight_moves_its_slider_and_updates_the_table():
    explorer = NeuronExplorer(neuron_g())
    explorer.weight_boxes[4].value = 0  # w_E: E no longer holds G back
    assert explorer.weight_sliders[4].value == 0
    assert explorer.neuron.w.tolist() == [0, 0, 1, 2, 0]
    assert explorer.table.fires.sum() == 16  # now G fires whenever D fires


def test_typed_values_between_slider_steps_are_kept():
    explorer = NeuronExplorer(ThresholdNeuron([1, 1], m=2, inputs="CD"))
    explorer.m_box.value = 1.3
    assert explorer.neuron.m == pytest.approx(1.3)


def test_values_outside_the_range_are_clipped():
    explorer = NeuronExplorer(ThresholdNeuron([1, 1], m=2))
    explorer.m_box.value = 99
    assert explorer.m_slider.value == explorer.m_slider.max


def test_the_explorer_can_make_g_an_and_of_c_and_d():
    explorer = NeuronExplorer(neuron_g())
    explorer.weight_sliders[3].value = 1  # w_D
    explorer.weight_sliders[4].value = 0  # w_E
    table = explorer.table
    assert table.fires.tolist() == ((table.C == 1) & (table.D == 1)).tolist()


def test_reset_returns_to_the_starting_neuron():
    explorer = NeuronExplorer(neuron_g())
    explorer.m_slider.value = -1
    explorer.weight_boxes[0].value = 2
    explorer.reset_button.click()
    assert explorer.neuron.w.tolist() == [0, 0, 1, 2, -1] and explorer.neuron.m == 2
    assert explorer.weight_boxes[0].value == 0 and explorer.m_box.value == 2
    assert explorer.table.fires.sum() == 12
    assert explorer.picture.value == neuron_picture(neuron_g())


def test_explorer_needs_a_neuron():
    with pytest.raises(TypeError, match="needs a ThresholdNeuron"):
        NeuronExplorer([0, 0, 1, 2, -1])


def test_the_neuron_explorers_snapshot_names_the_neuron():
    explorer = NeuronExplorer(neuron_g())
    explorer.m_slider.value = 3
    bundle = explorer._repr_mimebundle_()
    assert base64.b64decode(bundle["image/png"]) == explorer.picture.value
    assert bundle["text/plain"].startswith(
        "NeuronExplorer: neuron G with w = [0, 0, 1, 2, -1], m = 3; it fires on 4 of 32"
    )


# --- the network explorer ---


def network_picture(network, x):
    fig, ax = plots.new_figure((7, 4.2))
    plots.draw_network(network, x, ax=ax)
    return plots.figure_to_png(fig)


def test_network_explorer_starts_at_scenario_1():
    explorer = network_explorer(article_network(), [1, 1, 0, 1], neuron="G")
    assert isinstance(explorer, NetworkExplorer)
    assert explorer.firing["layer 2"] == ["E"] and explorer.firing["output"] == ["6"]
    assert [t.button_style for t in explorer.toggles] == ["danger", "danger", "", "danger"]
    assert [t.icon for t in explorer.toggles] == ["bolt", "bolt", "", "bolt"]  # not colour alone
    assert "<b>layer 2</b>: E" in explorer.summary.value
    assert explorer.picture.value == network_picture(article_network(), [1, 1, 0, 1])


def test_toggling_inputs_redraws_the_map():
    explorer = NetworkExplorer(article_network(), [1, 1, 0, 1])
    before = bytes(explorer.picture.value)
    explorer.toggles[0].value = False  # A stops firing
    explorer.toggles[1].value = False  # B stops firing
    explorer.toggles[2].value = True  # C fires: scenario 2
    assert explorer.firing == {"layer 1": ["C", "D"], "layer 2": ["F", "G"], "output": ["6"]}
    assert bytes(explorer.picture.value) != before
    assert explorer.picture.value == network_picture(article_network(), [0, 0, 1, 1])


def test_sliders_change_the_chosen_neuron_then_reset_restores():
    explorer = NetworkExplorer(article_network(), [0, 0, 1, 1], neuron="G")
    assert [s.description for s in explorer.controls.sliders] == ["w_A", "w_C", "w_D", "w_E", "m"]
    explorer.controls.m_slider.value = 4  # G now needs more than C and D give it
    assert explorer.firing["layer 2"] == ["F"] and explorer.firing["output"] == []
    explorer.neuron_menu.value = "6"
    assert [s.description for s in explorer.controls.sliders] == ["w_E", "w_F", "w_G", "m"]
    explorer.toggles[0].value = True
    explorer.reset()
    assert explorer.firing["layer 2"] == ["F", "G"] and explorer.network.neuron("G").m == 2
    assert explorer.x.tolist() == [0, 0, 1, 1]


def test_network_explorer_checks_its_arguments():
    with pytest.raises(TypeError, match="needs a ThresholdNetwork"):
        NetworkExplorer("network")
    with pytest.raises(ValueError, match="no neuron 'Q'"):
        NetworkExplorer(article_network(), neuron="Q")


def test_the_network_explorers_snapshot_says_who_fires():
    bundle = NetworkExplorer(article_network(), [1, 1, 0, 1])._repr_mimebundle_()
    assert bundle["text/plain"] == (
        "NetworkExplorer: layer 1: A, B, D \u2192 layer 2: E \u2192 "
        "output: 6 fire (run the cell to toggle the inputs and move "
        "the sliders)"
    )
