"""The neuron and network explorers: sliders, typed values and toggles change the neuron,
its truth table and the picture, which is exactly what annlib.plots draws.
"""

import pytest
from svgread import Picture

from annlib import ThresholdNeuron, neuron_g, plots
from annlib.data.examples import article_network
from annlib.lab.tables import FIRING_STYLE
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
    return plots.svg_neuron(neuron).svg()


def written(svg: str) -> dict[str, str]:
    """What the picture writes on each weight and under the neuron, by gid."""
    picture = Picture(svg)
    return {
        e.get("data-gid"): "".join(e.itertext())
        for e in picture.root.iter()
        if e.get("data-gid", "").startswith(("w_", "m")) and e.tag.endswith("text")
    }


def test_explorer_starts_at_the_given_neuron():
    explorer = neuron_explorer(neuron_g())
    assert isinstance(explorer, NeuronExplorer)
    assert explorer.neuron.w.tolist() == [0, 0, 1, 2, -1] and explorer.neuron.m == 2
    assert explorer.table.fires.sum() == 12
    assert "fires on 12 of 32" in explorer.summary.value
    assert explorer.picture.svg == neuron_picture(neuron_g())
    assert written(explorer.picture.svg) == {
        "w_A": "0",
        "w_B": "0",
        "w_C": "+1",
        "w_D": "+2",
        "w_E": "\u22121",
        "m": "m = 2",
    }
    assert explorer.table_html.value.count(FIRING_STYLE) == 12  # 12 red rows


def test_moving_the_m_slider_changes_the_firing_rows():
    explorer = NeuronExplorer(neuron_g())
    before_rows, before_picture = firing_rows(explorer), explorer.picture.svg
    explorer.m_slider.value = 3  # C and D must both fire, and E not
    assert explorer.m_box.value == 3  # the text box follows the slider
    assert firing_rows(explorer) == [6, 14, 22, 30]
    assert firing_rows(explorer) != before_rows
    assert "fires on 4 of 32" in explorer.summary.value
    assert explorer.table_html.value.count(FIRING_STYLE) == 4
    assert explorer.picture.svg != before_picture  # the picture shows the new m
    assert written(explorer.picture.svg)["m"] == "m = 3"
    assert explorer.picture.svg == neuron_picture(
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
    assert explorer.picture.svg == neuron_picture(neuron_g())


def test_explorer_needs_a_neuron():
    with pytest.raises(TypeError, match="needs a ThresholdNeuron"):
        NeuronExplorer([0, 0, 1, 2, -1])


def test_the_neuron_explorers_snapshot_names_the_neuron():
    explorer = NeuronExplorer(neuron_g())
    explorer.m_slider.value = 3
    bundle = explorer._repr_mimebundle_()
    assert bundle["image/svg+xml"] == explorer.picture.svg
    assert bundle["text/plain"].startswith(
        "NeuronExplorer: neuron G with w = [0, 0, 1, 2, -1], m = 3; it fires on 4 of 32"
    )


# --- the network explorer ---


def network_picture(network, x):
    return plots.svg_network(network, x).svg()


def lit(svg: str) -> set[str]:
    """The neurons the picture shows firing: filled ACTIVE."""
    return {
        e.get("data-gid")
        for e in Picture(svg).root.iter()
        if e.tag.endswith("circle") and e.get("fill") == plots.ACTIVE
    }


def test_the_map_lights_exactly_the_neurons_annlib_fires_for_every_input_pattern():
    from annlib.neuron import all_patterns

    explorer = NetworkExplorer(article_network())
    for pattern in all_patterns(4):
        with explorer.holding():
            for toggle, value in zip(explorer.toggles, pattern):
                toggle.value = bool(value)
        firing = article_network().firing(pattern)
        assert lit(explorer.picture.svg) == {name for names in firing.values() for name in names}


def test_network_explorer_starts_at_scenario_1():
    explorer = network_explorer(article_network(), [1, 1, 0, 1], neuron="G")
    assert isinstance(explorer, NetworkExplorer)
    assert explorer.firing["layer 2"] == ["E"] and explorer.firing["output"] == ["6"]
    assert [t.button_style for t in explorer.toggles] == ["danger", "danger", "", "danger"]
    assert [t.icon for t in explorer.toggles] == ["bolt", "bolt", "", "bolt"]  # not colour alone
    assert "<b>layer 2</b>: E" in explorer.summary.value
    assert explorer.picture.svg == network_picture(article_network(), [1, 1, 0, 1])


def test_toggling_inputs_redraws_the_map():
    explorer = NetworkExplorer(article_network(), [1, 1, 0, 1])
    before = explorer.picture.svg
    explorer.toggles[0].value = False  # A stops firing
    explorer.toggles[1].value = False  # B stops firing
    explorer.toggles[2].value = True  # C fires: scenario 2
    assert explorer.firing == {"layer 1": ["C", "D"], "layer 2": ["F", "G"], "output": ["6"]}
    assert explorer.picture.svg != before
    assert explorer.picture.svg == network_picture(article_network(), [0, 0, 1, 1])
    assert lit(explorer.picture.svg) == {"C", "D", "F", "G", "6"}


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


# ---- pictures drawn ahead: what the browser shows as a control moves -------------------


def frames_of(explorer, control) -> list[str]:
    """Every frame the browser can show for ``control``, the others where they are now."""
    i = explorer.picture.controls.index(control)
    return [explorer.picture.frame(i, k) for k in range(len(positions_of(control)))]


def positions_of(control):
    from annlib.widgets._explorer import _positions

    return _positions(control)


def assert_frames_are_the_kernels_pictures(explorer, control):
    """Each frame of ``control`` is exactly the picture the kernel draws with the control at
    that position (and every other control as it is)."""
    frames, start = frames_of(explorer, control), control.value
    drawn = explorer.picture.frames
    for frame, value in zip(frames, positions_of(control)):
        control.value = value
        assert frame == explorer.picture.svg, f"{control.description} = {value}"
    control.value = start
    if control not in getattr(explorer, "toggles", []):  # (a click redraws the other inputs')
        assert explorer.picture.frames is drawn  # moving a slider drew nothing again


def test_a_moved_neuron_slider_is_drawn_ahead_at_every_position_over_many_states():
    import numpy as np

    rng = np.random.default_rng(0)
    explorer = NeuronExplorer(neuron_g())
    assert explorer.picture.controls == explorer.controls.sliders
    assert explorer.picture.frames == {}  # nothing drawn ahead until a control moves
    sliders = explorer.controls.sliders
    for _ in range(25):  # random states of all six sliders, then one slider moves
        with explorer.holding():
            for slider in sliders:
                slider.value = float(rng.choice(positions_of(slider)))
        moved = sliders[rng.integers(len(sliders))]
        moved.value = float(rng.choice([v for v in positions_of(moved) if v != moved.value]))
        assert list(explorer.picture.frames["sets"]) == [str(sliders.index(moved))]
        assert explorer.picture.frames["at"] == [s.value for s in sliders]
        assert_frames_are_the_kernels_pictures(explorer, moved)


def test_a_typed_value_between_steps_is_drawn_by_the_kernel_and_kept_in_the_frames_key():
    explorer = NeuronExplorer(neuron_g())
    explorer.weight_boxes[0].value = 1.25  # w_A between two positions of its slider
    explorer.m_slider.value = 2.5
    assert explorer.picture.frames["at"][0] == 1.25  # m's frames are drawn with w_A = 1.25
    assert_frames_are_the_kernels_pictures(explorer, explorer.m_slider)


def test_a_clicked_input_draws_every_inputs_other_state_for_all_16_patterns():
    from annlib.neuron import all_patterns

    explorer = NetworkExplorer(article_network(), neuron="G")
    toggles = explorer.toggles
    for pattern in all_patterns(4):
        with explorer.holding():
            for toggle, value in zip(toggles, pattern):
                toggle.value = bool(value)
            toggles[0].value = not bool(pattern[0])
        toggles[0].value = bool(pattern[0])  # a click: all four toggles are drawn ahead
        assert sorted(explorer.picture.frames["sets"]) == ["0", "1", "2", "3"]
        assert [bool(v) for v in explorer.picture.frames["at"][:4]] == [bool(v) for v in pattern]
        for toggle in toggles:
            assert_frames_are_the_kernels_pictures(explorer, toggle)
            lit_there = lit(frames_of(explorer, toggle)[not toggle.value])
            flipped = [int(t.value != (t is toggle)) for t in toggles]
            firing = explorer.network.firing(flipped)
            assert lit_there == {name for names in firing.values() for name in names}


def test_a_moved_network_slider_is_drawn_ahead_and_a_new_neuron_or_reset_forgets_the_frames():
    import numpy as np

    rng = np.random.default_rng(1)
    explorer = NetworkExplorer(article_network(), [0, 0, 1, 1], neuron="G")
    for _ in range(10):
        moved = explorer.controls.sliders[rng.integers(len(explorer.controls.sliders))]
        moved.value = float(rng.choice(positions_of(moved)))
        assert_frames_are_the_kernels_pictures(explorer, moved)
    explorer.neuron_menu.value = "6"  # other sliders: the picture follows them instead
    assert explorer.picture.frames == {}
    assert explorer.picture.controls == [*explorer.toggles, *explorer.controls.sliders]
    explorer.controls.m_slider.value = 1
    assert_frames_are_the_kernels_pictures(explorer, explorer.controls.m_slider)
    explorer.reset()  # the network changes with no control to show it: no frames kept
    assert explorer.picture.frames == {}
