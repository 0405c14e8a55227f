"""SvgView: a widget that shows SVG text from Python, as it is (anywidget).

The picture is worked out and written in the kernel (annlib.plots.svg); the browser
only puts the text on the page. So what a learner sees is exactly what annlib
computed, a new picture costs a millisecond or two of Python instead of
rendering a figure to PNG, and it is sharp on every screen. anywidget brings the few lines
of JavaScript with the Python package, so nothing is built or installed for
JupyterLab, and the same widget runs in Jupyter Notebook, VS Code and Colab.

A picture can also follow its controls (sliders, toggle buttons) in the browser. annlib
draws it ahead, once for every position of a control while the other controls keep their
values (``frames``: each the part that moves, put into the part that stays ``still``). As
the learner moves that control, the browser shows the frame of its position without asking
the kernel, so a drag redraws at the browser's own pace. Each set of frames carries the
values of every control it was drawn at, and the browser uses it only while the other
controls still hold those values; otherwise it shows the kernel's own picture, ``svg``.
"""

from __future__ import annotations

import anywidget
import ipywidgets as w
import traitlets

_ESM = """
// Two values are the same if they are equal, or numbers within the browser's float noise.
const same = (a, b) =>
  typeof a === "number" && typeof b === "number"
    ? Math.abs(a - b) <= 1e-9 + 1e-7 * Math.abs(b)
    : a === b;

// The position of a control's value among its frames, or null if the value is not one:
// {values} lists them (a toggle's false and true); {min, step} are a slider's, position k
// being min + k * step up to float noise (a typed 1.004 is not 1). For a log slider
// ({log: true, base}) they are the exponent's, and the kernel's frames are drawn at values
// rounded to 3 digits: an exponent within a hundredth of a step is the position.
const position = (where, value, count) => {
  let k;
  if (where.values) {
    k = where.values.findIndex((v) => same(value, v));
  } else if (where.log) {
    const exponent = Math.log(value) / Math.log(where.base);
    k = Math.round((exponent - where.min) / where.step);
    if (Math.abs(exponent - (where.min + k * where.step)) > where.step / 100) return null;
  } else {
    k = Math.round((value - where.min) / where.step);
    if (!same(value, where.min + k * where.step)) return null;
  }
  return k >= 0 && k < count ? k : null;
};

function render({ model, el }) {
  const area = document.createElement("div");
  area.className = "annlib-svg";
  el.appendChild(area);
  let shown = null, controls = [], gone = false, generation = 0;
  const show = (svg) => {
    if (svg === shown) return;
    shown = svg;
    area.innerHTML = svg;
    el.style.display = svg ? "" : "none";
  };
  // The frame for the controls' values right now, or null (show the kernel's svg): a set
  // of frames counts only while every other control holds the value it was drawn at.
  const frame = () => {
    const { at, sets } = model.get("frames") || {};
    if (!sets || !at || at.length !== controls.length) return null;
    const values = controls.map((control) => control.get("value"));
    for (const [key, set] of Object.entries(sets)) {
      const i = Number(key);
      if (!values.every((v, j) => j === i || same(v, at[j]))) continue;
      const k = position(set.positions, values[i], set.frames.length);
      if (k === null) continue;
      const still = model.get("still");
      return still.slice(0, still.length - "</svg>".length) + set.frames[k] + "</svg>";
    }
    return null;
  };
  const draw = () => show(frame() ?? model.get("svg"));
  const follow = async () => {
    const mine = ++generation;
    for (const control of controls) control.off("change:value", draw);
    controls = [];
    try {
      const found = await Promise.all(
        (model.get("controls") || []).map((ref) =>
          model.widget_manager.get_model(ref.slice("IPY_MODEL_".length))
        )
      );
      if (!gone && mine === generation) {
        controls = found;
        for (const control of controls) control.on("change:value", draw);
      }
    } catch (error) {
      console.warn("annlib SvgView: cannot follow its controls", error);
    }
    if (!gone && mine === generation) draw();
  };
  for (const name of ["svg", "still", "frames"]) model.on(`change:${name}`, draw);
  model.on("change:controls", follow);
  draw();  // the kernel's picture at once, the frames as soon as the controls are found
  follow();
  return () => {
    gone = true;
    for (const name of ["svg", "still", "frames"]) model.off(`change:${name}`, draw);
    model.off("change:controls", follow);
    for (const control of controls) control.off("change:value", draw);
  };
}
export default { render };
"""


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

    _esm = _ESM
    svg = traitlets.Unicode("").tag(sync=True)
    still = traitlets.Unicode("").tag(sync=True)
    controls = traitlets.List(traitlets.Instance(w.Widget)).tag(sync=True, **w.widget_serialization)
    frames = traitlets.Dict().tag(sync=True)

    def frame(self, control: int, k: int) -> str:
        """What the browser shows at position k of ``control`` (its index in ``controls``),
        the other controls at the values the frames were drawn at."""
        moving = self.frames["sets"][str(control)]["frames"][k]
        return self.still[: len(self.still) - len("</svg>")] + moving + "</svg>"
