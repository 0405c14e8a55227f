"""SvgView's JavaScript (annlib/widgets/svgview.mjs), run in Node with a stand-in for the page
and the slider: the browser shows exactly the picture annlib drew for the slider's position,
and the kernel's own picture for a value that is not a position. (Skipped when Node is not
installed.) The tests import the very file anywidget sends to the browser."""

import gc
import importlib.util
import json
import shutil
import subprocess
import weakref

import numpy as np
import pytest

from annlib.widgets import DescentExplorer, SSEExplorer
from annlib.widgets._svgview import ESM_FILE, SvgView

AND_X, AND_Y = np.array([[0, 0], [0, 1], [1, 0], [1, 1]]), np.array([0, 0, 0, 1])

# A page with one element, a model for each control, and SvgView's render(): make each change
# in turn (control i to value v), and report what the view's area holds after each.
RUNNER = """
import { readFileSync } from "node:fs";
const input = JSON.parse(readFileSync("input.json", "utf8"));
const { default: view } = await import(input.module);
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
const controls = input.values.map((value) => makeModel({ value }));
const refs = controls.map((_, i) => "IPY_MODEL_control" + i);
const model = makeModel({ ...input.state, controls: refs });
model.widget_manager = {
  get_model: async (id) => controls[Number(id.slice("control".length))],
};
const el = { style: {}, children: [], appendChild(child) { this.children.push(child); } };
view.render({ model, el });
await new Promise((resolve) => setTimeout(resolve, 0));
const shown = [];
for (const [i, value] of input.changes) {
  controls[i].set("value", value);
  shown.push(el.children[0].innerHTML);
}
model.set("frames", {});  // no frames: the kernel's picture
shown.push(el.children[0].innerHTML);
model.set("svg", "");  // nothing to show: no space taken
console.log(JSON.stringify({ shown, hidden: el.style.display === "none" }));
"""


def node_or_skip() -> str:
    node = shutil.which("node")
    if node is None:
        pytest.skip("Node.js is not installed: SvgView's JavaScript is tested with it")
    return node


def run_view(tmp_path, picture, values, changes):
    """What the page shows after each change (i, value), the controls starting at ``values``."""
    node = node_or_skip()
    (tmp_path / "run.mjs").write_text(RUNNER)
    state = {k: getattr(picture, k) for k in ("svg", "still", "frames")}
    (tmp_path / "input.json").write_text(
        json.dumps(
            {
                "module": ESM_FILE.resolve().as_uri(),
                "state": state,
                "values": values,
                "changes": changes,
            }
        )
    )
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
    result = run_view(tmp_path, picture, [3.0], [(0, v) for v in values])
    assert result["shown"][0] == picture.svg  # lr = 3 is the kernel's picture, not lr = 3.16
    assert result["shown"][1:82] == [picture.frame(0, k) for k in range(81)]
    assert result["shown"][82] == picture.svg and result["hidden"]


def test_a_linear_slider_with_the_browsers_float_noise_finds_its_frames(tmp_path):
    explorer = SSEExplorer(AND_X, AND_Y, [3.0, 1.0], 1.5, index=0, name="w_C")
    picture = explorer.picture
    values = [-3 + k * 0.05 for k in range(161)]  # 1.1500000000000004 and the like
    result = run_view(tmp_path, picture, [3.0], [(0, v) for v in values])
    assert result["shown"][:161] == [picture.frame(0, k) for k in range(161)]


def test_dollar_signs_in_a_frame_are_kept_as_they_are(tmp_path):
    explorer = SSEExplorer(AND_X, AND_Y, [3.0, 1.0], 1.5, index=0, name="$w$ $& $$")
    picture = explorer.picture
    result = run_view(tmp_path, picture, [3.0], [(0, -3.0), (0, 0.5)])
    assert result["shown"][:2] == [picture.frame(0, 0), picture.frame(0, 70)]
    assert "$w$ $&amp; $$" in result["shown"][0]


def test_a_slider_among_several_shows_its_frames_only_while_the_others_hold_their_values(
    tmp_path,
):
    from annlib import neuron_g
    from annlib.widgets import NeuronExplorer

    explorer = NeuronExplorer(neuron_g())
    explorer.m_slider.value = 2.5  # the kernel draws m's frames ahead, the weights as they are
    picture, sliders = explorer.picture, explorer.controls.sliders
    m = sliders.index(explorer.m_slider)
    start = [s.value for s in sliders]
    grid = [-3 + k * 0.5 for k in range(19)]  # m's positions, with the browser's float noise
    changes = [(m, v + 1e-15) for v in grid]
    changes += [(0, 1.5), (m, 4.0), (0, start[0]), (m, -1.0)]
    result = run_view(tmp_path, picture, start, changes)
    shown = result["shown"]
    assert shown[:19] == [picture.frame(m, k) for k in range(19)]
    # w_A moved away from the value m's frames were drawn with: the kernel's picture, never a
    # frame of another neuron; back at that value, m's frames count again
    assert shown[19] == shown[20] == picture.svg
    assert shown[21] == picture.frame(m, grid.index(4.0))
    assert shown[22] == picture.frame(m, grid.index(-1.0))


def test_a_click_shows_the_network_with_that_input_flipped_and_two_clicks_ask_the_kernel(
    tmp_path,
):
    from annlib.data.examples import article_network
    from annlib.widgets import NetworkExplorer

    explorer = NetworkExplorer(article_network(), [1, 1, 0, 1], neuron="G")
    explorer.toggles[2].value = True  # a click in the kernel: every input's flip drawn ahead
    picture = explorer.picture
    values = [t.value for t in explorer.toggles] + [s.value for s in explorer.controls.sliders]
    flips = [(i, not values[i]) for i in range(4)]
    changes = []
    for i, flipped in flips:  # each input alone, and back
        changes += [(i, flipped), (i, values[i])]
    changes += [(0, not values[0]), (1, not values[1])]  # two at once: not drawn ahead
    result = run_view(tmp_path, picture, values, changes)
    shown = result["shown"]
    for n, (i, flipped) in enumerate(flips):
        assert shown[2 * n] == picture.frame(i, int(flipped))
        assert shown[2 * n + 1] == picture.frame(i, int(values[i])) == picture.svg
    assert shown[8] == picture.frame(0, int(not values[0]))
    assert shown[9] == picture.svg  # the kernel's picture until it answers


def test_over_random_browser_states_the_page_shows_annlibs_picture_or_the_kernels(tmp_path):
    """Whatever the learner does in the page, typed values a hair off a position included,
    a frame shown is exactly the picture annlib draws for the controls' values right then;
    anything else shows the kernel's picture (which the kernel then replaces)."""
    from annlib import neuron_g
    from annlib.widgets import NeuronExplorer

    rng = np.random.default_rng(2)
    explorer = NeuronExplorer(neuron_g())
    explorer.m_slider.value = 3.0  # m's frames, at the weights as they are
    picture, sliders = explorer.picture, explorer.controls.sliders
    m, at = sliders.index(explorer.m_slider), list(picture.frames["at"])
    grid = {
        i: [s.min + k * s.step for k in range(round((s.max - s.min) / s.step) + 1)]
        for i, s in enumerate(sliders)
    }
    values, changes = list(at), []
    for _ in range(300):
        i = m if rng.random() < 0.7 else int(rng.integers(len(sliders)))
        choice = rng.random()
        if i != m and choice < 0.75:
            value = at[i]  # back where m's frames were drawn
        elif choice < 0.8:
            value = float(rng.choice(grid[i])) + float(rng.choice([0, 1e-15, -1e-15]))
        else:  # typed in a box: near a position, but not on it
            value = float(rng.choice(grid[i])) + float(rng.choice([0.004, -0.004, 0.25]))
        value = min(max(value, sliders[i].min), sliders[i].max)
        changes.append((i, value))
    shown = run_view(tmp_path, picture, at, changes)["shown"]

    judge = NeuronExplorer(neuron_g())  # the kernel's picture for any values of the sliders
    framed = 0
    for n, (i, value) in enumerate(changes):
        values[i] = value
        if shown[n] == picture.svg:
            continue  # the kernel's picture until the kernel answers
        with judge.holding():
            for slider, v in zip(judge.controls.sliders, values):
                slider.value = v
        assert shown[n] == judge.picture.svg, f"change {n}: sliders at {values}"
        framed += 1
    assert framed > 25  # the frames were really used


def test_the_module_is_javascript_node_can_read():
    """A syntax error in svgview.mjs is named here, with its line, before any page runs it."""
    node = node_or_skip()
    done = subprocess.run(
        [node, "--check", str(ESM_FILE)], capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr


def test_anywidget_sends_the_file_to_the_browser_and_lets_a_closed_view_go():
    view = SvgView(svg="<svg></svg>")
    assert view.get_state()["_esm"] == ESM_FILE.read_text(encoding="utf-8")
    assert "export default { render };" in view.get_state()["_esm"]
    # given the file's path instead of its text, anywidget 0.11 would keep every view alive
    # (https://github.com/manzt/anywidget/issues/929), and the frames in it
    freed = weakref.ref(view)
    view.close()
    del view
    gc.collect()
    assert freed() is None


def test_an_annlib_installed_without_its_javascript_says_how_to_put_it_back(tmp_path):
    alone = tmp_path / "_svgview.py"  # the module, with no svgview.mjs beside it
    alone.write_text(ESM_FILE.with_name("_svgview.py").read_text(encoding="utf-8"))
    spec = importlib.util.spec_from_file_location("svgview_without_its_javascript", alone)
    with pytest.raises(FileNotFoundError, match="svgview.mjs is missing") as error:
        spec.loader.exec_module(importlib.util.module_from_spec(spec))
    assert "pip install -r requirements.txt" in str(error.value)
