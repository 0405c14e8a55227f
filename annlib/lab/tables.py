"""Tables shown the way the course shows them: firing rows highlighted.

The pictures draw neurons that fire in orange-red (the article uses red) and quiet
ones in grey; the truth tables use the same colour, with bold text as a second cue,
so a highlighted row reads as "this pattern makes the neuron fire". Styles are
written on each row (no page-wide CSS), so several tables on one page, in a
notebook or a widget, never restyle each other.
"""

from __future__ import annotations

import html

import numpy as np
import pandas as pd

from .. import _validate

FIRING_BACKGROUND = "#f0a878"  # light orange-red: where a neuron fires (plots use it too)
# bold dark text on a light background: the row reads as firing in any colour vision
FIRING_STYLE = f"background-color:{FIRING_BACKGROUND};color:#3d1500;font-weight:bold"
CELL_STYLE = "padding:2px 10px;text-align:center"
# for a table beside a widget's controls: 32 rows fit a laptop screen (1280 x 800)
COMPACT_CELL_STYLE = "padding:0 7px;text-align:center;font-size:12px;line-height:16px"


def _cell(value) -> str:
    if isinstance(value, float):
        value = f"{value:g}"
    return html.escape(str(value))


def truth_table_html(table: pd.DataFrame, column: str = "fires", compact: bool = False) -> str:
    """The table as HTML with the rows where ``column`` is True highlighted (orange-red, bold).

    compact=True: smaller rows, so a truth table of 32 rows fits beside a widget's controls.
    """
    cell_style = COMPACT_CELL_STYLE if compact else CELL_STYLE
    _validate.table(table, "the table to highlight", expected="a truth table (a pandas DataFrame)")
    if column not in table.columns:
        raise KeyError(
            f"the table has no column {column!r} to highlight; "
            f"its columns are {list(table.columns)}."
        )
    try:
        firing = _validate.true_false_array(table[column].to_numpy(), f"the column {column!r}")
    except (TypeError, ValueError) as error:
        raise ValueError(
            f"{error} Highlighting marks the rows where it is True, such as a truth table's "
            "'fires' column."
        ) from None
    head = "".join(f'<th style="{cell_style}">{html.escape(str(c))}</th>' for c in table.columns)
    rows = []
    for on, (_, row) in zip(firing, table.iterrows()):
        style = f' style="{FIRING_STYLE}"' if on else ""
        cells = "".join(f'<td style="{cell_style}">{_cell(v)}</td>' for v in row)
        rows.append(f"<tr{style}>{cells}</tr>")
    return (
        '<table class="annlib-truth-table" style="border-collapse:collapse">'
        f"<thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>"
    )


def weights_table(layer) -> pd.DataFrame:
    """A layer's weights, one row per neuron, one column per input, and m.

    Columns for neurons of the same layer appear where some neuron listens to
    them (the article's G listens to E). An empty cell means "not connected".
    """
    from ..layer import ThresholdLayer

    if not isinstance(layer, ThresholdLayer):
        hint = (
            " (for a network, give one of its layers: network.layers[0])"
            if hasattr(layer, "layers")
            else ""
        )
        raise TypeError(f"weights_table needs a ThresholdLayer{hint}; got {type(layer).__name__}.")
    connections = layer.connections()
    lateral = [name for name in layer.names if any(s == name for s, _, _ in connections)]
    columns = [*layer.inputs, *lateral, "m"]
    rows = {name: dict.fromkeys(columns, "") for name in layer.names}
    for sender, receiver, w in connections:
        rows[receiver][sender] = f"{w:g}"
    for name, m in zip(layer.names, layer.m):
        rows[name]["m"] = f"{m:g}"
    table = pd.DataFrame.from_dict(rows, orient="index", columns=columns)
    table.index.name = "neuron"
    return table


def digit_counts_html(labels, row: str = "kept") -> str:
    """How many of each digit 0-9 ``labels`` holds, as a table: the digits, then the counts."""
    counts = np.bincount(np.asarray(labels, dtype=np.int64).ravel(), minlength=10)
    head = "".join(f'<th style="{CELL_STYLE}">{d}</th>' for d in range(len(counts)))
    cells = "".join(f'<td style="{CELL_STYLE}">{c}</td>' for c in counts)
    return (
        f'<table class="annlib-digit-counts" style="border-collapse:collapse">'
        f"<tr><th>digit</th>{head}</tr><tr><th>{html.escape(row)}</th>{cells}</tr></table>"
    )


class HighlightedTable:
    """A table that shows itself in a notebook with its firing rows highlighted."""

    def __init__(self, table: pd.DataFrame, column: str = "fires"):
        self.html = truth_table_html(table, column)
        self.table = table

    def _repr_html_(self) -> str:
        return self.html

    def __repr__(self) -> str:
        return self.table.to_string()


def highlight_firing(table: pd.DataFrame, column: str = "fires") -> HighlightedTable:
    """Show ``table`` in a notebook with the rows where ``column`` is True highlighted."""
    return HighlightedTable(table, column)


def fires_by(table: pd.DataFrame, inputs, column: str = "fires") -> pd.DataFrame:
    """Group a truth table's patterns by some of its inputs: for each combination of them,
    does the neuron fire for every value of the other inputs, or for some?

    fires_by(truth_table(G), ["D", "C", "E"]) shows that A and B never matter to G: in
    every group the two columns agree.
    """
    _validate.table(table, "the table", expected="a truth table (a pandas DataFrame)")
    given = [inputs] if isinstance(inputs, str) and inputs in table.columns else inputs
    if isinstance(given, (set, dict)) or not hasattr(given, "__iter__") or not len(given):
        raise TypeError(
            "inputs are the names of the columns to group by, such as ['D', 'C', 'E']; "
            f"got {inputs!r}."
        )
    inputs = list(given)
    missing = [name for name in [*inputs, column] if name not in table.columns]
    if missing:
        raise KeyError(
            f"the table has no column {missing[0]!r}; its columns are {list(table.columns)}."
        )
    others = [c for c in table.columns if c not in (*inputs, column, "signal")]
    every, some = (f"fires_for_every_{'_'.join(others)}", f"fires_for_some_{'_'.join(others)}")
    return table.groupby(inputs)[column].agg(**{every: "all", some: "any"})


def contingency_change_html(before: pd.DataFrame, after: pd.DataFrame) -> str:
    """How a contingency table changed (two tables from metrics.contingency_table, with the
    same classes), as an HTML table of each count's change. New mistakes (more digits read as
    another) are bold on light orange-red; fewer right answers (the diagonal) italic on grey;
    fewer mistakes plain on grey; no change a dot."""
    from ..metrics import _counts

    old, new = _counts(before, "contingency_change_html"), _counts(after, "contingency_change_html")
    if list(old.index) != list(new.index):
        raise ValueError(
            "before and after must be contingency tables of the same classes; got classes "
            f"{list(old.index)} and {list(new.index)}."
        )
    delta = new - old
    rows = []
    for actual in delta.index:
        cells = []
        for predicted in delta.columns:
            v = int(delta.loc[actual, predicted])
            if v == 0:
                cells.append("<td style='color:#999'>·</td>")
            elif actual != predicted and v > 0:
                style = f"font-weight:bold;background:{FIRING_BACKGROUND}"
                cells.append(f"<td style='{style}'>{v:+d}</td>")
            elif actual == predicted and v < 0:
                cells.append(f"<td style='font-style:italic;background:#e8e8e8'>{v:+d}</td>")
            else:
                cells.append(f"<td style='background:#e8e8e8'>{v:+d}</td>")
        rows.append(f"<tr><th>{actual}</th>{''.join(cells)}</tr>")
    head = "".join(f"<th>{p}</th>" for p in delta.columns)
    return (
        "<div style='font-size:0.85em'><b>How the contingency table changed</b><br>"
        "rows: the actual digit; columns: read as. <b>Bold</b>: new mistakes; "
        "<i>italic</i>: fewer right; grey: fewer (or more right); ·: no change"
        f"<table><tr><th></th>{head}</tr>{''.join(rows)}</table></div>"
    )
