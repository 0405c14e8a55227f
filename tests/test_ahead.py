"""Explorers drawn ahead for the website (annlib/widgets/_ahead.py): every state a page
offers holds exactly what the explorer shows in that state, and the notebooks' saved
states are the ones annlib draws today."""

from __future__ import annotations

import itertools

import numpy as np
import pytest
from page_explorers import as_json, close, fresh, saved

from annlib import ThresholdNeuron, neuron_g, truth_table, widgets
from annlib.data.examples import article_network
from annlib.lab.tables import FIRING_STYLE
from annlib.widgets import _ahead
from annlib.widgets._sliders import positions


def key(data, **moved) -> str:
    """The state with the named controls (page names) at the given positions."""
    at = [c["at"] for c in data["controls"]]
    names = [c["name"] for c in data["controls"]]
    for name, k in moved.items():
        at[names.index(name)] = k
    return ",".join(map(str, at))


def test_the_neuron_explorer_offers_every_position_of_one_slider_at_a_time():
    explorer = widgets.neuron_explorer(neuron_g())
    data = _ahead.page_data(explorer)
    names = [c["name"] for c in data["controls"]]
    assert names == ["w_A", "w_B", "w_C", "w_D", "w_E", "m"]
    assert [len(c["values"]) for c in data["controls"]] == [13] * 5 + [19]
    assert len(data["states"]) == 1 + 5 * 12 + 18
    assert data["views"] == ["svg", "html", "html"]  # the neuron, the summary, the table
    assert data["headings"] == ["<b>Weights and m</b> (drag, or type a value)"]
    other = widgets.neuron_explorer(neuron_g())  # moved as a learner moves it
    for i, control in enumerate(data["controls"]):
        for k, value in enumerate(control["values"]):
            shown = _ahead.shown_at(data, key(data, **{control["name"]: k}))
            other.reset()
            other.controls.sliders[i].value = value
            assert shown == [
                other.picture.svg,
                other.summary.value,
                other.table_html.value,
                other.describe(),
            ]
            weights = [s.value for s in other.controls.weight_sliders]
            fires = truth_table(ThresholdNeuron(weights, other.m_slider.value)).fires
            assert highlighted(shown[2]) == list(fires)


def highlighted(table_html: str) -> list[bool]:
    """For each row of a truth table's HTML: is it highlighted as firing?"""
    rows = table_html.split("<tbody>")[1].split("<tr")[1:]
    return [FIRING_STYLE in row for row in rows]


def test_two_sliders_moved_is_a_state_the_page_does_not_have():
    data = _ahead.page_data(widgets.neuron_explorer(neuron_g()))
    assert _ahead.shown_at(data, key(data, w_A=0, m=0)) is None


def test_the_network_explorer_offers_all_16_input_patterns():
    network = article_network()
    explorer = widgets.network_explorer(network, [1, 1, 0, 1], neuron="G")
    data = _ahead.page_data(explorer)
    toggles = [c for c in data["controls"] if c["kind"] == "toggle"]
    assert [c["name"] for c in toggles] == ["input A", "input B", "input C", "input D"]
    assert {c["group"] for c in toggles} == {0}
    assert data["menu"] == {"label": "tune neuron", "options": ["E", "F", "G", "6"], "at": 2}
    for x in itertools.product([0, 1], repeat=4):
        shown = _ahead.shown_at(data, key(data, **{f"input {n}": v for n, v in zip("ABCD", x)}))
        summary = shown[data["views"].index("html")]
        firing = network.firing(np.array(x))
        for layer, names in firing.items():
            assert f"<b>{layer}</b>: {', '.join(names) if names else 'none'}" in summary
    # each slider of each neuron, from the saved state, under its menu choice
    sliders = [c for c in data["controls"] if c["kind"] == "slider"]
    assert {c["menu"] for c in sliders} == {"E", "F", "G", "6"}
    expected = 1 + 15 + sum(len(c["values"]) - 1 for c in sliders)
    assert len(data["states"]) == expected
    assert explorer.neuron_menu.value == "G"  # the explorer is left as it was


def test_every_slider_of_every_neuron_of_the_network_shows_annlib_s_picture():
    network = article_network()
    data = _ahead.page_data(widgets.network_explorer(network, [1, 1, 0, 1], neuron="G"))
    picture, summary = data["views"].index("svg"), data["views"].index("html")
    others = {}  # an explorer tuned on each neuron, its slider moved as a learner moves it
    checked = 0
    for control in data["controls"]:
        if control["kind"] != "slider":
            continue
        name = control["menu"]
        other = others.setdefault(
            name, widgets.network_explorer(network, [1, 1, 0, 1], neuron=name)
        )
        for k, value in enumerate(control["values"]):
            other.reset()
            slider = next(s for s in other.controls.sliders if control["label"] == s.description)
            slider.value = value
            shown = _ahead.shown_at(data, key(data, **{control["name"]: k}))
            assert shown[picture] == other.picture.svg, (control["name"], value)
            assert shown[summary] == other.summary.value
            checked += 1
    assert checked == sum(len(c["values"]) for c in data["controls"] if c["kind"] == "slider")


def test_a_start_between_steps_is_kept_as_a_position():
    x, y = np.array([[0, 0], [0, 1], [1, 0], [1, 1]]), np.array([0, 0, 0, 1])
    explorer = widgets.DescentExplorer(x, y, weights=[1.0, 1.0], m=1.5, start=3.0, lr=3.0)
    data = _ahead.page_data(explorer)
    (lr,) = data["controls"]
    assert lr["values"][lr["at"]] == 3.0
    assert len(lr["values"]) == len(positions(explorer.slider)) + 1
    assert len(data["states"]) == len(lr["values"])


def test_an_explorer_shown_after_its_controls_moved_is_refused():
    explorer = widgets.neuron_explorer(neuron_g())
    explorer.m_slider.value = 3
    with pytest.raises(RuntimeError, match="reset"):
        _ahead.page_data(explorer)


def test_drawing_ahead_leaves_the_jupyterlab_frames_alone():
    neuron = widgets.neuron_explorer(neuron_g())
    neuron.m_slider.value = 3  # the kernel draws the m slider's frames
    neuron.m_slider.value = 2
    network = widgets.network_explorer(article_network(), [1, 1, 0, 1], neuron="G")
    network.controls.m_slider.value = 3
    network.controls.m_slider.value = 2
    for explorer in (neuron, network):
        frames = dict(explorer.picture.frames)
        assert frames  # drawn, so there is something to keep
        _ahead.page_data(explorer)
        assert explorer.picture.frames == frames


def test_the_page_data_is_only_made_for_a_rebuild(monkeypatch):
    explorer = widgets.neuron_explorer(neuron_g())
    monkeypatch.delenv(_ahead.WANTED, raising=False)
    assert _ahead.MIME not in explorer._repr_mimebundle_()
    monkeypatch.setenv(_ahead.WANTED, "1")
    bundle = explorer._repr_mimebundle_()
    assert bundle[_ahead.MIME]["explorer"] == "NeuronExplorer"
    assert "image/svg+xml" in bundle  # GitHub and an untrusted notebook show this


def test_the_json_for_a_page_cannot_end_its_script_element():
    data = {"pieces": ["</script><b>", "</svg>"]}
    assert "</" not in _ahead.to_json(data)


def test_the_notebooks_save_the_states_annlib_draws_today():
    found = saved()
    made = {(nb, n) for nb, n, _ in found}
    assert {nb for nb, _ in made} >= {"01_threshold_neuron", "02_layers", "03_measuring_error"}
    assert ("03_measuring_error", 2) in made  # all three of 03's explorers
    for notebook, n, data in found:
        now = as_json(_ahead.page_data(fresh(notebook, n)))
        assert now["controls"] == data["controls"] and now["menu"] == data["menu"], notebook
        assert sorted(now["states"]) == sorted(data["states"]), notebook
        for state in data["states"]:
            for a, b in zip(_ahead.shown_at(data, state), _ahead.shown_at(now, state)):
                assert close(a, b), f"{notebook}, explorer {n}, state {state}"


def test_close_allows_one_unit_of_the_last_digit_and_nothing_else():
    assert close('x="3.25"', 'x="3.26"')
    assert close("loss 1.5e-05", "loss 1.6e-05")
    assert not close('x="3.25"', 'x="3.27"')
    assert not close('x="3.25"', 'y="3.25"')
    assert not close("fires on 4", "fires on 6")
    for a, b in [("m = 2", "m = 3"), ("w = [1, 0]", "w = [2, 0]"), ('cx="10"', 'cx="11"')]:
        assert not close(a, b)
    assert not close("fires on 4 of 32", "fires on 5 of 32")
