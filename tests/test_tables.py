"""Styled tables: the firing rows highlighted, a layer's weights, the digits kept."""

import re

import pytest

from annlib import neuron_g, truth_table
from annlib.data.examples import article_network, xor_network
from annlib.lab import tables


def test_highlight_firing_marks_exactly_the_firing_rows():
    html = tables.truth_table_html(truth_table(neuron_g()))
    assert html.count("<tr") == 33  # the header and 32 patterns
    assert html.count(tables.FIRING_STYLE) == 12
    shown = tables.highlight_firing(truth_table(neuron_g()))
    assert shown._repr_html_() == html
    with pytest.raises(KeyError, match="no column 'fired'"):
        tables.highlight_firing(truth_table(neuron_g()), column="fired")


def test_weights_table_shows_connections_lateral_links_and_m():
    table = tables.weights_table(article_network().layers[0])
    assert list(table.columns) == ["A", "B", "C", "D", "E", "m"]
    assert table.loc["G"].tolist() == ["0", "", "1", "2", "-1", "2"]
    assert table.loc["E"].tolist() == ["1", "1", "", "", "", "2"]
    assert table.index.name == "neuron"


@pytest.mark.parametrize("layer", [*article_network().layers, *xor_network().layers])
def test_weights_table_has_a_cell_for_each_connection_and_no_other(layer):
    table = tables.weights_table(layer)
    filled = {(r, c) for r in table.index for c in table.columns[:-1] if table.loc[r, c] != ""}
    assert filled == {(receiver, sender) for sender, receiver, _ in layer.connections()}
    for sender, receiver, w in layer.connections():
        assert table.loc[receiver, sender] == f"{w:g}"


def test_digit_counts_html_counts_each_digit():
    html = tables.digit_counts_html([1, 1, 7], row="kept")
    assert re.findall(r"<td[^>]*>(\d+)</td>", html) == [
        "0",
        "2",
        "0",
        "0",
        "0",
        "0",
        "0",
        "1",
        "0",
        "0",
    ]
    assert "<th>kept</th>" in html and html.count("<th") == 12  # digit, 0-9, kept
    assert tables.digit_counts_html([]).count(">0</td>") == 10


def test_fires_by_groups_the_patterns_and_shows_a_and_b_never_matter_to_g():
    grouped = tables.fires_by(truth_table(neuron_g()), ["D", "C", "E"])
    assert list(grouped.columns) == ["fires_for_every_A_B", "fires_for_some_A_B"]
    assert len(grouped) == 8
    assert (grouped["fires_for_every_A_B"] == grouped["fires_for_some_A_B"]).all()
    assert grouped.loc[(1, 0, 0)].all() and not grouped.loc[(1, 0, 1)].any()  # D without E
    # grouped by C alone, A, B, D and E do matter: some groups fire only sometimes
    by_c = tables.fires_by(truth_table(neuron_g()), ["C"])
    assert not by_c["fires_for_every_A_B_D_E"].any() and by_c["fires_for_some_A_B_D_E"].all()
    with pytest.raises(KeyError, match="no column 'F'"):
        tables.fires_by(truth_table(neuron_g()), ["F"])


def test_contingency_change_marks_new_mistakes():
    from annlib.lab.tables import FIRING_BACKGROUND, contingency_change_html
    from annlib.metrics import contingency_table

    y = [0, 0, 1, 1]
    before = contingency_table(y, [0, 0, 1, 1], classes=[0, 1])
    after = contingency_table(y, [0, 1, 1, 1], classes=[0, 1])  # one 0 now read as a 1
    page = contingency_change_html(before, after)
    assert f"font-weight:bold;background:{FIRING_BACKGROUND}'>+1</td>" in page  # the new mistake
    assert "font-style:italic;background:#e8e8e8'>-1</td>" in page  # one right answer fewer
    assert page.count("·") == 3  # the 1s did not change (and the dot in the caption)
    fewer_mistakes = contingency_change_html(after, before)
    assert "<td style='background:#e8e8e8'>-1</td>" in fewer_mistakes  # plain: a mistake gone
    with pytest.raises(ValueError, match="same classes"):
        contingency_change_html(before, contingency_table([0, 2], [0, 2], classes=[0, 2]))
