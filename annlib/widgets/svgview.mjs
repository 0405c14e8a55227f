// SvgView's side in the browser (annlib/widgets/_svgview.py): an ES module that anywidget
// loads into the page. It puts annlib's SVG text on the page as it is and, while the
// learner moves a control, shows the frame annlib drew ahead for the control's position.
// It computes no picture of its own. tests/test_svgview_js.py imports this file in Node.
// (.mjs: Node reads it as an ES module with no package.json beside it; anywidget and the
// browser do not look at the name.)

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
