"""An explorer drawn ahead for a web page with no Python behind it (course machinery).

On the course's website no kernel runs, so an explorer cannot compute what to show when a
control moves. Instead, when a notebook is rebuilt for the site, annlib puts the explorer
in each of a set of states, by moving its real controls exactly as a learner would, and
keeps what it then shows: the picture (SVG text), the lines of text and tables (HTML) and
its description in words. The page's controls only look up the state they show. Nothing
of the maths is written again in JavaScript, and every picture is annlib's own, byte for
byte.

Which states? Every combination would be too many (notebook 01's neuron has 13**5 * 19 of
them), so the states are: the explorer as the notebook saved it, and from there every
position of one control at a time, or of one group of controls together (notebook 02's
four input toggles: all 16 patterns). A state outside that set has no picture: the page
says so, and never shows a picture of another state.

The states are kept small: every text is cut before each tag ("<"), each distinct piece is
kept once, and so is each distinct run of pieces (a table row, a whole SVG); a state is a
list of runs per view. ``text()`` puts a state's texts back together, as the page does.
"""

from __future__ import annotations

import itertools
import json
import os
import re
from collections.abc import Callable
from dataclasses import dataclass, field

import ipywidgets as w

from ._svgview import SvgView

MIME = "application/vnd.annlib.explorer-ahead+json"
FORMAT = 1
# tools/notebooks.py sets this when it rebuilds the notebooks for the site; a learner's
# kernel never pays for drawing ahead
WANTED = "ANNLIB_DRAW_AHEAD"
PIECE = re.compile(r"(?=<)")
RUN = re.compile(r"(?=<tr\b)")


@dataclass
class PageControl:
    """One control as a page shows it: a slider (with a number box if ``box``) or a toggle.

    ``values`` are every value it can take, in order, and ``labels`` those values as the
    page writes them; ``at`` is the position the explorer was saved at. ``move(value)``
    moves the explorer's real control. Controls with the same ``group`` are drawn ahead
    together (every combination of their values); ``menu`` is the choice of the explorer's
    menu under which the control is shown (None: always shown).
    """

    label: str
    name: str
    kind: str
    values: list
    at: int
    move: Callable[[object], None]
    group: int
    box: bool = False
    menu: str | None = None
    labels: list[str] = field(default_factory=list)

    def __post_init__(self):
        if not self.labels:
            self.labels = [_label(v) for v in self.values]


def _label(value) -> str:
    return ("on" if value else "off") if isinstance(value, bool) else f"{value:g}"


def wanted() -> bool:
    """True when notebooks are being rebuilt for the website."""
    return os.environ.get(WANTED) == "1"


def views(explorer) -> list[w.Widget]:
    """The widgets whose text the page shows, in the order the explorer shows them: its
    SVG pictures and its HTML lines and tables."""
    found = []

    def walk(widget):
        if isinstance(widget, (w.HTML, SvgView)):
            found.append(widget)
        for child in getattr(widget, "children", ()):
            walk(child)

    walk(explorer)
    return found


def _shown(widget) -> str:
    return widget.svg if isinstance(widget, SvgView) else widget.value


def states(explorer, controls=None) -> tuple[list[PageControl], dict[tuple, list[str]]]:
    """The explorer's page controls, and what it shows in each state drawn ahead: for each
    state (the position of every control), the text of each view, then its description."""
    picture = getattr(explorer, "picture", None)
    frames = picture.frames if isinstance(picture, SvgView) else None
    explorer._for_page = True
    try:
        return _states(explorer, explorer.page_controls() if controls is None else controls)
    finally:
        explorer._for_page = False
        if frames is not None:  # JupyterLab's frames, drawn ahead for the live widget
            picture.frames = frames


def _states(explorer, controls):
    shown = views(explorer)
    start = tuple(c.at for c in controls)

    def capture():
        return [*(_shown(v) for v in shown), explorer.describe()]

    saved, menu = capture(), explorer.page_menu()
    explorer.reset()
    if capture() != saved:
        raise RuntimeError(
            f"{type(explorer).__name__} was shown after its controls moved: draw it ahead "
            "only as it starts (reset() changes what it shows)."
        )
    found = {start: saved}
    groups = dict.fromkeys(c.group for c in controls)
    for group in groups:
        members = [i for i, c in enumerate(controls) if c.group == group]
        for combo in itertools.product(*(range(len(controls[i].values)) for i in members)):
            key = list(start)
            for i, k in zip(members, combo):
                key[i] = k
            if tuple(key) in found:
                continue
            explorer.reset()
            for i, k in zip(members, combo):
                controls[i].move(controls[i].values[k])
            found[tuple(key)] = capture()
    if menu:
        explorer.page_choose(menu["options"][menu["at"]])
    explorer.reset()
    if capture() != saved:
        raise RuntimeError(f"{type(explorer).__name__} did not come back to its saved state")
    return controls, found


def page_data(explorer) -> dict | None:
    """Everything a page needs to run the explorer without a kernel (see the module); None
    for an explorer that offers a page no controls."""
    controls = explorer.page_controls()
    if not controls:
        return None
    controls, found = states(explorer, controls)
    pieces: dict[str, int] = {}
    runs: dict[str, int] = {}

    def encode(text: str) -> str:
        ids = []
        for run in filter(None, RUN.split(text)):
            key = " ".join(str(pieces.setdefault(p, len(pieces))) for p in PIECE.split(run) if p)
            ids.append(str(runs.setdefault(key, len(runs))))
        return " ".join(ids)

    shown = views(explorer)
    kinds = ["svg" if isinstance(v, SvgView) else "html" for v in shown]
    # an HTML line that reads the same in every state (a heading over the controls) is
    # kept once, as a heading; the rest are the views that change (and the description)
    texts = list(found.values())
    fixed = [
        i for i, kind in enumerate(kinds) if kind == "html" and len({t[i] for t in texts}) == 1
    ]
    changing = [i for i in range(len(kinds) + 1) if i not in fixed]
    encoded = {
        ",".join(map(str, key)): [encode(texts[i]) for i in changing]
        for key, texts in found.items()
    }
    return {
        "format": FORMAT,
        "explorer": type(explorer).__name__,
        "controls": [
            {
                "label": c.label,
                "name": c.name,
                "kind": c.kind,
                "labels": c.labels,
                "values": c.values,
                "at": c.at,
                "box": c.box,
                "menu": c.menu,
                "group": c.group,
            }
            for c in controls
        ],
        "menu": explorer.page_menu(),
        "reset": getattr(getattr(explorer, "reset_button", None), "description", None) or "Reset",
        "headings": [texts[0][i] for i in fixed],
        "views": [kinds[i] for i in changing[:-1]],
        "pieces": list(pieces),
        "runs": list(runs),
        "states": encoded,
    }


def text(data: dict, ids: str) -> str:
    """A view's text, put back together from its runs (what the page does)."""
    out = []
    for run in ids.split():
        out += [data["pieces"][int(p)] for p in data["runs"][int(run)].split()]
    return "".join(out)


def shown_at(data: dict, key: str) -> list[str] | None:
    """What the page shows at the state ``key`` (each control's position, joined by
    commas): each view's text (those of data["views"]), then the description; None if it
    was not drawn ahead."""
    ids = data["states"].get(key)
    return None if ids is None else [text(data, i) for i in ids]


def to_json(data: dict) -> str:
    """The data as JSON that is safe inside an HTML <script> element."""
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).replace("</", "<\\/")
