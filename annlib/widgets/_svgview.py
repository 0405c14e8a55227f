"""SvgView: a widget that shows SVG text from Python, as it is (anywidget).

The picture is worked out and written in the kernel (annlib.plots.svg); the browser
only puts the text on the page. So what a learner sees is exactly what annlib
computed, a new picture costs a millisecond or two of Python instead of
rendering a figure to PNG, and it is sharp on every screen. anywidget brings the few lines
of JavaScript with the Python package, so nothing is built or installed for
JupyterLab, and the same widget runs in Jupyter Notebook, VS Code and Colab.
"""

from __future__ import annotations

import anywidget
import traitlets

_ESM = """
function render({ model, el }) {
  const area = document.createElement("div");
  area.className = "annlib-svg";
  const draw = () => {
    const svg = model.get("svg");
    area.innerHTML = svg;
    el.style.display = svg ? "" : "none";
  };
  model.on("change:svg", draw);
  draw();
  el.appendChild(area);
  return () => model.off("change:svg", draw);
}
export default { render };
"""


class SvgView(anywidget.AnyWidget):
    """Shows ``svg``, a picture as SVG text; nothing (and no space) when it is empty."""

    _esm = _ESM
    svg = traitlets.Unicode("").tag(sync=True)
