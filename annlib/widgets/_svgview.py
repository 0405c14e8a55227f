"""SvgView: a widget that shows SVG text from Python, as it is (anywidget).

The picture is worked out and written in the kernel (annlib.plots.svg); the browser
only puts the text on the page. So what a learner sees is exactly what annlib
computed, a new picture costs a millisecond or two of Python instead of
rendering a figure to PNG, and it is sharp on every screen. anywidget brings the few lines
of JavaScript (svgview.mjs, beside this file) with the Python package, so nothing is built
or installed for JupyterLab, and the same widget runs in Jupyter Notebook, VS Code and Colab.

A picture can also follow its controls (sliders, toggle buttons) in the browser. annlib
draws it ahead, once for every position of a control while the other controls keep their
values (``frames``: each the part that moves, put into the part that stays ``still``). As
the learner moves that control, the browser shows the frame of its position without asking
the kernel, so a drag redraws at the browser's own pace. Each set of frames carries the
values of every control it was drawn at, and the browser uses it only while the other
controls still hold those values; otherwise it shows the kernel's own picture, ``svg``.
"""

from __future__ import annotations

from pathlib import Path

import anywidget
import ipywidgets as w
import traitlets

# The browser's side, an ES module in its own file, shipped in the wheel as package data
# (pyproject.toml). anywidget is given its text, read here once. (anywidget also takes the
# file's path, and would then reload it in open views whenever it is saved, with
# ANYWIDGET_HMR=1; but it then keeps every view made alive for good, closed or not:
# https://github.com/manzt/anywidget/issues/929. Restart the kernel after editing it.)
ESM_FILE = Path(__file__).with_name("svgview.mjs")
try:
    ESM = ESM_FILE.read_text(encoding="utf-8")
except FileNotFoundError:
    raise FileNotFoundError(
        f"annlib is installed without SvgView's JavaScript: {ESM_FILE} is missing, so its "
        "pictures cannot be shown. In the course's folder, install it again with "
        "pip install -r requirements.txt; a wheel built by hand must list svgview.mjs in "
        "pyproject.toml's [tool.setuptools.package-data]."
    ) from None


class SvgView(anywidget.AnyWidget):
    """Shows ``svg``, a picture as SVG text; nothing (and no space) when it is empty.

    With ``controls`` (widgets with a value) and ``frames``, it shows instead the frame
    drawn for the controls' values, put into ``still``. ``frames`` is
    {"at": [each control's value when the frames were drawn],
     "sets": {str(i): {"positions": ..., "frames": [...]}}}: set i holds a frame for each
    position of control i, the others at their values in "at". "positions" says how a
    value becomes a position: {"values": [...]}, or {"min", "step"} (position k is
    min + k * step), with "log": True and "base" for a log slider (of the exponent).
    """

    _esm = ESM
    svg = traitlets.Unicode("").tag(sync=True)
    still = traitlets.Unicode("").tag(sync=True)
    controls = traitlets.List(traitlets.Instance(w.Widget)).tag(sync=True, **w.widget_serialization)
    frames = traitlets.Dict().tag(sync=True)

    def frame(self, control: int, k: int) -> str:
        """What the browser shows at position k of ``control`` (its index in ``controls``),
        the other controls at the values the frames were drawn at."""
        moving = self.frames["sets"][str(control)]["frames"][k]
        return self.still[: len(self.still) - len("</svg>")] + moving + "</svg>"
