"""SvgView's JavaScript, run in Node with a stand-in for the page and the slider: the browser
shows exactly the picture annlib drew for the slider's position, and the kernel's own
picture for a value that is not a position. (Skipped when Node is not installed.)"""

import json
import shutil
import subprocess

import numpy as np
import pytest

from annlib.widgets import DescentExplorer, SSEExplorer
from annlib.widgets._svgview import _ESM

AND_X, AND_Y = np.array([[0, 0], [0, 1], [1, 0], [1, 1]]), np.array([0, 0, 0, 1])

# A page with one element, a slider model, and SvgView's render(): set each value in turn on
# the slider, and report what the view's area holds after each.
RUNNER = """
import view from "./svgview.mjs";
import { readFileSync } from "node:fs";
const input = JSON.parse(readFileSync("input.json", "utf8"));
globalThis.document = { createElement: () => ({ className: "", innerHTML: "", style: {} }) };
const makeModel = (state) => {
  const handlers = {};
  return {
    get: (key) => state[key],
    set: (key, value) => {
      state[key] = value;
      (handlers["change:" + key] || []).forEach((f) => f());
    },
    on: (event, f) => { (handlers[event] ||= []).push(f); },
    off: (event, f) => { handlers[event] = (handlers[event] || []).filter((g) => g !== f); },
  };
};
const slider = makeModel({ value: input.values[0] });
const model = makeModel({ ...input.state, follow: "IPY_MODEL_slider" });
model.widget_manager = { get_model: async (id) => (id === "slider" ? slider : null) };
const el = { style: {}, children: [], appendChild(child) { this.children.push(child); } };
view.render({ model, el });
await new Promise((resolve) => setTimeout(resolve, 0));
const shown = [];
for (const value of input.values) {
  slider.set("value", value);
  shown.push(el.children[0].innerHTML);
}
model.set("frames", []);  // no frames: the kernel's picture
shown.push(el.children[0].innerHTML);
model.set("svg", "");  // nothing to show: no space taken
console.log(JSON.stringify({ shown, hidden: el.style.display === "none" }));
"""


def run_view(tmp_path, picture, values):
    node = shutil.which("node")
    if node is None:
        pytest.skip("Node.js is not installed: SvgView's JavaScript is tested with it")
    (tmp_path / "svgview.mjs").write_text(_ESM)
    (tmp_path / "run.mjs").write_text(RUNNER)
    state = {k: getattr(picture, k) for k in ("svg", "still", "frames", "positions")}
    (tmp_path / "input.json").write_text(json.dumps({"state": state, "values": values}))
    done = subprocess.run(
        [node, "run.mjs"], cwd=tmp_path, capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def test_a_log_slider_shows_each_positions_frame_and_the_kernels_picture_off_the_grid(tmp_path):
    explorer = DescentExplorer(
        AND_X, AND_Y, [1.0, 1.0], 1.5, start=3.0, lr=3.0
    )  # lr 3: no position
    picture = explorer.picture
    exponents = [explorer.slider.min + k * explorer.slider.step for k in range(81)]
    values = [3.0] + [10**e for e in exponents]  # what the browser's slider holds as it moves
    result = run_view(tmp_path, picture, values)
    assert result["shown"][0] == picture.svg  # lr = 3 is the kernel's picture, not lr = 3.16
    assert result["shown"][1:82] == [picture.frame(k) for k in range(81)]
    assert result["shown"][82] == picture.svg and result["hidden"]


def test_a_linear_slider_with_the_browsers_float_noise_finds_its_frames(tmp_path):
    explorer = SSEExplorer(AND_X, AND_Y, [3.0, 1.0], 1.5, index=0, name="w_C")
    picture = explorer.picture
    values = [-3 + k * 0.05 for k in range(161)]  # 1.1500000000000004 and the like
    result = run_view(tmp_path, picture, values)
    assert result["shown"][:161] == [picture.frame(k) for k in range(161)]


def test_dollar_signs_in_a_frame_are_kept_as_they_are(tmp_path):
    explorer = SSEExplorer(AND_X, AND_Y, [3.0, 1.0], 1.5, index=0, name="$w$ $& $$")
    picture = explorer.picture
    result = run_view(tmp_path, picture, [-3.0, 0.5])
    assert result["shown"][:2] == [picture.frame(0), picture.frame(70)]
    assert "$w$ $&amp; $$" in result["shown"][0]
