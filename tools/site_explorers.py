"""Explorers that work on the website with no Python behind them: their HTML.

When the notebooks are rebuilt (tools/notebooks.py), each explorer of notebooks 01 to 03
(and any other whose picture annlib can draw ahead) saves, beside its still picture, the
states it was drawn ahead in (annlib/widgets/_ahead.py: the saved state, and every
position of one control at a time). `live_explorer` turns that into HTML: real controls
(sliders with their number boxes, toggles, a menu, reset), the views as annlib drew them
in the saved state, and the data; site/_static/explorers.js makes the controls look up
the state they show.

Without JavaScript the page still reads: the controls stay disabled and the views show
the saved state, as the notebook does.
"""

from __future__ import annotations

import html
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from annlib.widgets import _ahead  # noqa: E402

MIME = _ahead.MIME


def _attr(value) -> str:
    return html.escape(str(value), quote=True)


def plan(data: dict) -> str:
    """In words, which states were drawn ahead."""
    kinds = {}
    for control in data["controls"]:
        kinds.setdefault(control["group"], []).append(control["kind"])
    together = [g for g in kinds.values() if len(g) > 1]
    sliders = sum(1 for g in kinds.values() if g == ["slider"])
    parts = []
    if together:
        parts.append("every pattern of the inputs")
    if sliders > 1:
        parts.append("every position of one slider at a time")
    elif sliders == 1:
        parts.append("every position of the slider")
    whole = sliders <= 1 and not (together and sliders)
    return " and ".join(parts) + ("" if whole else ", from the state the notebook saved")


def _control(i: int, control: dict, prefix: str, chosen: str | None) -> str:
    """A toggle, or a slider with its number box or readout; hidden if it belongs to
    another choice of the menu than ``chosen``."""
    ident = f"{prefix}-c{i}"
    hidden = " hidden" if control["menu"] not in (None, chosen) else ""
    menu = f' data-menu-option="{_attr(control["menu"])}"' if control["menu"] is not None else ""
    at = control["at"]
    if control["kind"] == "toggle":
        pressed = "true" if control["values"][at] else "false"
        return (
            f'<button type="button" class="explorer-toggle" data-control="{i}" '
            f'aria-pressed="{pressed}" aria-label="{_attr(control["name"])}"{menu}{hidden} '
            f"disabled>{html.escape(control['label'])}</button>"
        )
    label = control["labels"][at]
    parts = [
        f'<div class="explorer-slider" data-control="{i}"{menu}{hidden}>',
        f'<label for="{ident}">{html.escape(control["label"])}</label>',
        f'<input type="range" id="{ident}" min="0" max="{len(control["values"]) - 1}" '
        f'step="1" value="{at}" aria-valuetext="{_attr(label)}" autocomplete="off" '
        f'aria-label="{_attr(control["name"])}" disabled>',
    ]
    if control["box"]:
        parts.append(
            f'<input type="number" class="explorer-box" step="any" '
            f'min="{_attr(control["labels"][0])}" max="{_attr(control["labels"][-1])}" '
            f'value="{_attr(label)}" aria-label="{_attr(control["name"])}, exact value" '
            'autocomplete="off" '
            "disabled>"
        )
    else:
        parts.append(f'<output for="{ident}">{html.escape(label)}</output>')
    parts.append("</div>")
    return "".join(parts)


def live_explorer(data: dict, prefix: str, note: str, alt: str | None = None) -> str:
    """The HTML of an explorer that works on the page (see the module). ``alt``, the
    notebook's alternative text of its saved picture, describes the picture until a
    control moves; then the explorer's own description of each state does."""
    if data.get("format") != _ahead.FORMAT:
        raise SystemExit(
            f"an explorer saved its states in format {data.get('format')!r}, and this site "
            f"reads format {_ahead.FORMAT}: rebuild the notebook (tools/notebooks.py rebuild)"
        )
    start = ",".join(str(c["at"]) for c in data["controls"])
    shown = _ahead.shown_at(data, start)
    if shown is None:
        raise SystemExit(f"{data['explorer']}: its saved state was not drawn ahead")
    *views, words = shown
    controls = [f'<div class="explorer-heading">{h}</div>' for h in data["headings"]]
    menu = data["menu"]
    chosen = menu["options"][menu["at"]] if menu else None
    toggles = [
        _control(i, c, prefix, chosen)
        for i, c in enumerate(data["controls"])
        if c["kind"] == "toggle"
    ]
    if toggles:
        controls.append(f'<div class="explorer-toggles">{"".join(toggles)}</div>')
    if menu:
        options = "".join(
            f'<option value="{_attr(o)}"{" selected" if k == menu["at"] else ""}>'
            f"{html.escape(o)}</option>"
            for k, o in enumerate(menu["options"])
        )
        controls.append(
            f'<div class="explorer-menu"><label for="{prefix}-menu">'
            f'{html.escape(menu["label"])}</label><select id="{prefix}-menu" data-menu '
            'autocomplete="off" '
            f"disabled>{options}</select></div>"
        )
    controls += [
        _control(i, c, prefix, chosen)
        for i, c in enumerate(data["controls"])
        if c["kind"] == "slider"
    ]
    controls.append(
        f'<button type="button" class="explorer-reset" data-reset disabled>'
        f"{html.escape(data['reset'])}</button>"
    )
    shown_views = []
    for k, (kind, text) in enumerate(zip(data["views"], views)):
        if kind == "svg":
            shown_views.append(
                f'<div class="explorer-view explorer-picture" data-view="{k}" role="img" '
                f'aria-label="{_attr(alt or words)}">{text}</div>'
            )
        else:
            shown_views.append(f'<div class="explorer-view" data-view="{k}">{text}</div>')
    message = (
        '<p class="explorer-message" role="status" hidden>This combination was not drawn '
        f"ahead. On this page annlib drew {html.escape(plan(data))}: press "
        f"<strong>{html.escape(data['reset'])}</strong> and move one control, or launch "
        "the notebook (below) to try any values.</p>"
    )
    return (
        f'<div class="explorer-live" data-explorer="{_attr(data["explorer"])}">'
        f'<div class="explorer-controls">{"".join(controls)}</div>'
        f'<div class="explorer-views">{"".join(shown_views)}</div>'
        f'<p class="explorer-words" aria-live="polite">{html.escape(words)}</p>'
        f"{message}"
        f'<script type="application/json" class="explorer-data">{_ahead.to_json(data)}</script>'
        f"{note}</div>"
    )
