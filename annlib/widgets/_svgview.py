"""SvgView: a widget that shows SVG text from Python, as it is (anywidget).

The picture is worked out and written in the kernel (annlib.plots.svg); the browser
only puts the text on the page. So what a learner sees is exactly what annlib
computed, a new picture costs a millisecond or two of Python instead of
rendering a figure to PNG, and it is sharp on every screen. anywidget brings the few lines
of JavaScript with the Python package, so nothing is built or installed for
JupyterLab, and the same widget runs in Jupyter Notebook, VS Code and Colab.

A picture that follows one slider can go further: annlib draws it once for every position
of the slider (``frames``, each the part that moves, put into the part that stays
``still``), and the browser shows the frame of the slider's position as the slider moves,
without asking the kernel. A drag then redraws at the browser's own pace.
"""

from __future__ import annotations

import anywidget
import ipywidgets as w
import traitlets

_ESM = """
function render({ model, el }) {
  const area = document.createElement("div");
  area.className = "annlib-svg";
  el.appendChild(area);
  let shown = null, slider = null, gone = false;
  const show = (svg) => {
    if (svg === shown) return;
    shown = svg;
    area.innerHTML = svg;
    el.style.display = svg ? "" : "none";
  };
  // The frame of the slider's position; null (show the kernel's svg) when there are no
  // frames or the slider's value is not one of its positions (a value set from code).
  const frame = () => {
    const frames = model.get("frames");
    if (!slider || !frames.length) return null;
    const { min, step, log, base } = model.get("positions");
    const value = slider.get("value");
    const scaled = log ? Math.log(value) / Math.log(base) : value;
    const k = Math.round((scaled - min) / step);
    if (!(k >= 0 && k < frames.length) || Math.abs(scaled - (min + k * step)) > step / 100) {
      return null;
    }
    const still = model.get("still");
    return still.slice(0, still.length - "</svg>".length) + frames[k] + "</svg>";
  };
  const draw = () => show(frame() ?? model.get("svg"));
  const follow = async () => {
    if (slider) slider.off("change:value", draw);
    slider = null;
    const ref = model.get("follow");
    if (ref) {
      try {
        const found = await model.widget_manager.get_model(ref.slice("IPY_MODEL_".length));
        if (!gone) {
          slider = found;
          slider.on("change:value", draw);
        }
      } catch (error) {
        console.warn("annlib SvgView: cannot follow its slider", error);
      }
    }
    draw();
  };
  for (const name of ["svg", "still", "frames", "positions"]) model.on(`change:${name}`, draw);
  model.on("change:follow", follow);
  draw();  // the kernel's picture at once, the slider's frames as soon as it is found
  follow();
  return () => {
    gone = true;
    for (const name of ["svg", "still", "frames", "positions"]) model.off(`change:${name}`, draw);
    model.off("change:follow", follow);
    if (slider) slider.off("change:value", draw);
  };
}
export default { render };
"""


class SvgView(anywidget.AnyWidget):
    """Shows ``svg``, a picture as SVG text; nothing (and no space) when it is empty.

    With ``follow`` (a slider) and ``frames``, it shows instead the frame of the slider's
    position, put into ``still``; ``positions`` says how a value becomes a position:
    {"min", "step", "log", "base"}, position k being min + k * step (of the exponent for a
    log slider).
    """

    _esm = _ESM
    svg = traitlets.Unicode("").tag(sync=True)
    still = traitlets.Unicode("").tag(sync=True)
    frames = traitlets.List(traitlets.Unicode()).tag(sync=True)
    follow = traitlets.Instance(w.Widget, allow_none=True).tag(sync=True, **w.widget_serialization)
    positions = traitlets.Dict().tag(sync=True)

    def frame(self, k: int) -> str:
        """What the browser shows at position k of the slider it follows."""
        return self.still[: len(self.still) - len("</svg>")] + self.frames[k] + "</svg>"
