"""The course as a learner uses it: every notebook run in JupyterLab in Chromium,
and its widgets moved with the mouse and the keyboard.

nbval proves that the notebooks' Python runs; these tests prove that what a
learner sees works: no error on the page, every widget drawn by its front end
(not "Error displaying widget", not a line of plain text), and sliders, toggles
and the drawing pad that answer real mouse and keyboard events.

Run them alone with ``python -m pytest -m browser``; screenshots land in
test-artifacts/browser/.
"""

from __future__ import annotations

import io
import json
import re
from pathlib import Path

import numpy as np
import pytest
from labdriver import widget_cells
from PIL import Image
from svgread import Picture
from test_latency import latency_01, latency_02, latency_pad

from annlib import neuron_g, plots
from annlib.data.examples import article_network
from annlib.lab.pytorch_bridge import INSTALL, have_torch
from annlib.neuron import ThresholdNeuron, truth_table

pytestmark = pytest.mark.browser

NOTEBOOKS = Path(__file__).resolve().parents[2] / "notebooks"
NOTEBOOK_NAMES = sorted(p.name for p in NOTEBOOKS.glob("*.ipynb"))


def committed(name: str) -> dict:
    return json.loads((NOTEBOOKS / name).read_text(encoding="utf-8"))


def wait_until(page, condition, what: str, timeout: float = 20):
    """Poll ``condition()`` until it returns something truthy; fail after ``timeout`` s."""
    deadline = timeout * 1000
    waited = 0
    while waited <= deadline:
        result = condition()
        if result:
            return result
        page.wait_for_timeout(250)
        waited += 250
    pytest.fail(f"waited {timeout:.0f} s, but {what}", pytrace=False)


# ---- the checker itself: it must see what a learner would see go wrong ---------

BROKEN_CELLS = [
    # a widget whose front end is not installed in JupyterLab
    "import ipywidgets as w\nfrom traitlets import Unicode\n\n"
    "class Orphan(w.DOMWidget):\n"
    "    _model_module = Unicode('no-such-front-end').tag(sync=True)\n"
    "    _view_module = Unicode('no-such-front-end').tag(sync=True)\n"
    "    _model_name = Unicode('OrphanModel').tag(sync=True)\n"
    "    _view_name = Unicode('OrphanView').tag(sync=True)\n\n"
    "Orphan()",
    # what a learner sees where the widget manager itself is missing: plain text
    "print('IntSlider(value=3)')",
    "import warnings\nwarnings.warn('this call will stop working soon')",
    "w.IntSlider(value=3, description='fine')",
    "1 / 0",
    "print('never reached')",
]


def test_the_checker_sees_what_goes_wrong(open_notebook, lab):
    import nbformat

    notebook = nbformat.v4.new_notebook()
    notebook.cells = [nbformat.v4.new_code_cell(source) for source in BROKEN_CELLS]
    notebook.metadata["kernelspec"] = {
        "name": "python3",
        "display_name": "Python 3",
        "language": "python",
    }
    nbformat.write(notebook, lab.root / "zz_broken.ipynb")
    # as committed, cells 0, 1 and 3 showed widgets
    saved = json.loads(nbformat.writes(notebook))
    for index in (0, 1, 3):
        saved["cells"][index]["outputs"] = [
            {
                "output_type": "display_data",
                "metadata": {},
                "data": {
                    "application/vnd.jupyter.widget-view+json": {"model_id": "m"},
                    "text/plain": "a widget",
                },
            }
        ]

    page = open_notebook("zz_broken.ipynb")
    page.run_all(timeout=120)
    problems = page.problems(saved)
    report = "\n".join(problems)
    assert any(
        p.startswith("cell 0: broken widget") and "no-such-front-end" in p for p in problems
    ), report
    assert any(
        p.startswith("cell 1 shows no widget, only: IntSlider(value=3)") for p in problems
    ), report
    assert any(p.startswith("text on stderr") and "stop working soon" in p for p in problems), (
        report
    )
    assert any(p.startswith("error") and "ZeroDivisionError" in p for p in problems), report
    assert "1 code cells did not run" in problems, report
    assert not any(p.startswith("cell 3") for p in problems), report  # the working slider
    assert len(problems) == 5, report
    (lab.root / "zz_broken.ipynb").unlink()


# ---- every notebook, top to bottom ------------------------------------------------


def _needs_torch(name: str) -> bool:
    """Whether a notebook has cells that need PyTorch (tagged "torch")."""
    return any("torch" in c.get("metadata", {}).get("tags", []) for c in committed(name)["cells"])


@pytest.mark.parametrize(
    "name",
    [
        pytest.param(
            name,
            marks=pytest.mark.skipif(
                _needs_torch(name) and not have_torch(),
                reason=f"this notebook needs PyTorch, which is not installed: {INSTALL}",
            ),
        )
        for name in NOTEBOOK_NAMES
    ],
)
def test_notebook_runs_in_jupyterlab(name, open_notebook, artifacts):
    page = open_notebook(name)
    seconds = page.run_all(timeout=900)
    saved = committed(name)
    stem = name.removesuffix(".ipynb")
    for index in widget_cells(saved):  # a picture of every widget as the learner sees it
        page.cells.nth(index).screenshot(path=str(artifacts / f"{stem}-cell{index:02d}.png"))
    page.page.screenshot(path=str(artifacts / f"{stem}-end.png"))
    problems = page.problems(saved)
    assert not problems, (
        f"{name} ran in JupyterLab in {seconds:.0f} s, but a learner sees:\n- "
        + "\n- ".join(problems)
    )


# ---- moving the widgets by hand -----------------------------------------------------


def slider_row(cell, label: str):
    """The row of a slider labelled ``label`` and its text box."""
    return (
        cell.locator(".widget-hbox")
        .filter(
            has=cell.page.locator(".widget-slider .widget-label", has_text=re.compile(f"^{label}$"))
        )
        .last
    )


def drag(page, handle, dx: float) -> None:
    """Press the mouse on ``handle`` and move it ``dx`` pixels sideways, as a hand would."""
    handle.scroll_into_view_if_needed()
    box = handle.bounding_box()
    x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    page.mouse.move(x, y)
    page.mouse.down()
    for step in range(1, 11):
        page.mouse.move(x + dx * step / 10, y)
    page.mouse.up()


def type_into(box, text: str) -> None:
    """Click a text box, replace what it says with ``text`` and press Enter."""
    box.click()
    box.select_text()  # what a double click or Ctrl+A does, on every platform
    box.press_sequentially(text)
    box.press("Enter")


SUMMARY = re.compile(r"(\w+) fires on (\d+) of (\d+) input patterns .*weights (.+); m = (\S+)")


def neuron_shown(cell) -> tuple[ThresholdNeuron, int, set]:
    """The neuron the explorer's summary describes, its count, and the red table rows."""
    text = cell.locator(".widget-html-content", has_text="fires on").first.inner_text()
    found = SUMMARY.search(text)
    assert found, f"the explorer's summary reads {text!r}"
    name, count, _, weights, m = found.groups()
    neuron = ThresholdNeuron(
        [float(v) for v in weights.split(",")], float(m), inputs="ABCDE", name=name
    )
    red_rows = set()
    for row in cell.locator("table.annlib-truth-table tbody tr[style]").all():
        red_rows.add(tuple(int(v) for v in row.locator("td").all_inner_texts()[:5]))
    return neuron, int(count), red_rows


def firing_rows(neuron: ThresholdNeuron) -> set:
    table = truth_table(neuron)
    return {tuple(int(v) for v in row) for row in table[table.fires][list("ABCDE")].to_numpy()}


def test_notebook_01_slider_and_boxes_change_the_truth_table(open_notebook, artifacts):
    page = open_notebook("01_threshold_neuron.ipynb")
    page.run_all(timeout=300)
    cell = page.cell_with_output("fires on")
    cell.scroll_into_view_if_needed()
    start, count, red = neuron_shown(cell)
    assert (list(start.w), start.m) == (list(neuron_g().w), neuron_g().m)
    assert count == len(red) == 12 and red == firing_rows(neuron_g())

    # drag the m slider to the right: a higher threshold, fewer firing rows
    m_row = slider_row(cell, "m")
    drag(page.page, m_row.locator(".noUi-handle"), dx=60)
    m_box = m_row.locator("input")
    moved = wait_until(
        page.page,
        lambda: (
            float(m_box.input_value()) > neuron_g().m
            and neuron_shown(cell)[0].m == float(m_box.input_value())
            and neuron_shown(cell)
        ),
        "dragging the m slider did not move m and redraw the table",
    )
    neuron, count, red = moved
    assert count < 12, f"with m = {neuron.m:g}, G should fire on fewer patterns than 12"
    assert red == firing_rows(neuron) and count == len(red)
    drawn_m = cell.locator('.annlib-svg text[data-gid="m"]')
    wait_until(
        page.page,
        lambda: drawn_m.text_content() == f"m = {neuron.m:g}",
        f"the neuron's picture should show m = {neuron.m:g}",
    )

    # type new numbers: w_D from 2 to 0, w_E from -1 to 2, m down to 1: fires when C or E does
    type_into(slider_row(cell, "w_D").locator("input"), "0")
    type_into(slider_row(cell, "w_E").locator("input"), "2")
    type_into(m_box, "1")
    typed = wait_until(
        page.page,
        lambda: (
            (list(neuron_shown(cell)[0].w), neuron_shown(cell)[0].m) == ([0, 0, 1, 0, 2], 1)
            and neuron_shown(cell)
        ),
        "typing weights and m did not change the neuron",
    )
    neuron, count, red = typed
    assert red == firing_rows(neuron) and count == len(red) == 24
    cell.screenshot(path=str(artifacts / "interaction-01-neuron-G-changed.png"))

    # on a laptop screen (1280 x 800) the truth table sits beside the controls, every row in view
    page.page.set_viewport_size({"width": 1280, "height": 800})
    table = cell.locator("table.annlib-truth-table")
    table.evaluate("(t) => t.scrollIntoView({block: 'center'})")
    rows = table.locator("tr")
    assert rows.count() == 33
    first, last = rows.first.bounding_box(), rows.last.bounding_box()
    assert first["y"] >= 0 and last["y"] + last["height"] <= 800, (
        f"the truth table runs from y = {first['y']:.0f} to {last['y'] + last['height']:.0f}: "
        "not all 32 rows fit a 1280 x 800 screen"
    )
    slider_box = m_row.bounding_box()
    assert table.bounding_box()["x"] > slider_box["x"] + slider_box["width"], (
        "the truth table should sit beside the sliders"
    )
    cell.screenshot(path=str(artifacts / "interaction-01-table-at-1280x800.png"))
    latency_01(page, cell)  # the latency benchmark (test_latency.py), while the notebook is open


def test_notebook_02_toggling_an_input_redraws_the_network(open_notebook, artifacts):
    page = open_notebook("02_layers.ipynb")
    page.run_all(timeout=300)
    cell = page.cell_with_output("click to make a neuron fire")
    cell.scroll_into_view_if_needed()
    net = article_network()
    toggles = {
        name: cell.locator(".widget-toggle-button", has_text=re.compile(f"^{name}$"))
        for name in net.inputs
    }
    summary = cell.locator(".widget-html-content", has_text=" fire").last
    picture = cell.locator(".annlib-svg svg").last

    def pattern() -> tuple:
        """The input pattern the toggles show: 1 where a toggle is pressed."""
        return tuple(
            int("mod-active" in (t.get_attribute("class") or "")) for t in toggles.values()
        )

    def lit() -> set[str]:
        """The neurons the map in the page shows firing (filled ACTIVE), read from its SVG."""
        shown = Picture(picture.evaluate("(e) => e.outerHTML"))
        return {
            e.get("data-gid")
            for e in shown.root.iter()
            if e.tag.endswith("circle") and e.get("fill") == plots.ACTIVE
        }

    def firing(x) -> set[str]:
        return {name for names in net.firing(x).values() for name in names}

    x = pattern()
    assert summary.inner_text() == summary_of(net, x)
    assert lit() == firing(x)

    # click the first input that is quiet: it fires, and the signal spreads
    quiet = next(name for name, v in zip(net.inputs, x) if not v)
    toggles[quiet].click()
    x_new = wait_until(
        page.page, lambda: pattern() != x and pattern(), f"clicking input {quiet} did not toggle it"
    )
    assert x_new == tuple(1 if n == quiet else v for n, v in zip(net.inputs, x))
    wait_until(
        page.page,
        lambda: summary.inner_text() == summary_of(net, x_new),
        f"after clicking {quiet} the summary should read {summary_of(net, x_new)!r}, "
        f"it reads {summary.inner_text()!r}",
    )
    wait_until(
        page.page,
        lambda: "mod-danger" in toggles[quiet].get_attribute("class"),
        f"the button of input {quiet} did not turn red when it fired",
    )
    wait_until(
        page.page,
        lambda: lit() == firing(x_new),
        f"the map should light {sorted(firing(x_new))} (what annlib fires), it lights "
        f"{sorted(lit())}",
    )
    assert len(firing(x_new)) > len(firing(x)), "one more input fires, so more neurons do"
    cell.screenshot(path=str(artifacts / f"interaction-02-input-{quiet}-fires.png"))
    latency_02(page, cell)  # the latency benchmark (test_latency.py), while the notebook is open


def test_notebook_08_moving_the_learning_rate_redraws_the_three_paths(open_notebook, artifacts):
    """Only the two cells the explorer needs run (the whole notebook runs in the test above)."""
    from annlib.lab.loss_surfaces import optimizer_path, ravine

    page = open_notebook("08_gradients_and_optimisers.ipynb")
    sources = [c["source"] for c in committed("08_gradients_and_optimisers.ipynb")["cells"]]
    setup = next(i for i, s in enumerate(sources) if "".join(s).startswith("import annlib"))
    shown = next(i for i, s in enumerate(sources) if "".join(s).startswith("OptimizerExplorer("))
    for index in (setup, shown):
        page.cells.nth(index).click()
        page.page.keyboard.press("Shift+Enter")
    cell = page.cells.nth(shown)
    svg = cell.locator(".annlib-svg svg")
    wait_until(page.page, lambda: svg.count() == 1, "the optimiser explorer did not appear", 60)
    cell.scroll_into_view_if_needed()

    def paths_shown():
        picture = Picture(svg.evaluate("(e) => e.outerHTML"))
        return {
            n: np.column_stack(picture.line(f"path {n}", "surface"))
            for n in ("sgd", "momentum", "adam")
        }

    def annlibs(lr):
        return {
            n: optimizer_path(ravine(50), (-4, 1), optimizer=n, lr=lr, momentum=0.9, steps=60)
            for n in ("sgd", "momentum", "adam")
        }

    def same(shown, wanted):
        return all(
            len(shown[n]) == len(wanted[n]) and np.allclose(shown[n], wanted[n], atol=0.02)
            for n in wanted
        )

    row = (  # (the lr slider alone: the explorer's row of controls holds both sliders)
        cell.locator(".widget-slider")
        .filter(has=page.page.locator(".widget-label", has_text=re.compile("^lr$")))
        .first
    )
    lr_before = float(row.locator(".widget-readout").inner_text())
    assert same(paths_shown(), annlibs(lr_before))
    handle = row.locator(".noUi-handle")
    handle.click()
    for _ in range(2):  # two steps up: past 2 / 50 = 0.04, where plain descent flies off
        handle.press("ArrowRight")
    lr_after = wait_until(
        page.page,
        lambda: (v := float(row.locator(".widget-readout").inner_text())) > lr_before and v,
        "pressing the right arrow on the lr slider did not raise the learning rate",
    )
    assert lr_after > 0.04
    wait_until(
        page.page,
        lambda: same(paths_shown(), annlibs(lr_after)),
        f"after moving lr to {lr_after}, the page should show annlib's three paths at that rate",
    )
    far = np.linalg.norm(paths_shown()["sgd"][-1])
    assert far > 100, f"above lr = 0.04 plain descent flies off; it ends {far:.2g} from the minimum"
    cell.screenshot(path=str(artifacts / "interaction-08-optimisers-lr-raised.png"))


def test_notebook_10_drawing_lights_up_the_network_view(open_notebook, artifacts):
    """Only the setup cell and the pad's run (the whole notebook runs in the test above): a
    stroke drawn with the mouse on the pad must redraw the view of the three hidden layers."""
    page = open_notebook("10_neurons_at_work.ipynb")
    sources = ["".join(c["source"]) for c in committed("10_neurons_at_work.ipynb")["cells"]]
    setup = next(i for i, s in enumerate(sources) if s.startswith("import annlib"))
    shown = next(i for i, s in enumerate(sources) if s.startswith("pad = NetworkPad("))
    for index in (setup, shown):
        page.cells.nth(index).click()
        page.page.keyboard.press("Shift+Enter")
    cell = page.cells.nth(shown)
    view = cell.locator(".annlib-svg svg").filter(
        has=page.page.locator('image[data-gid="layer 1"]')
    )
    wait_until(page.page, lambda: view.count() == 1, "the network view did not appear", 90)
    cell.scroll_into_view_if_needed()
    assert cell.locator('.annlib-svg image[data-gid^="layer "]').count() == 3
    assert view.locator('polyline[data-gid="path 1"]').count() == 1, "the strongest paths show"
    answer = cell.locator(".widget-html-content").first
    assert "I read: <b>6</b>" in answer.inner_html(), "the notebook's own drawing is a 6"
    before = view.evaluate("(e) => e.outerHTML")
    cell.screenshot(path=str(artifacts / "interaction-10-network-view-6.png"))

    canvas = cell.locator("canvas").first
    box = canvas.bounding_box()
    y = box["y"] + box["height"] * 0.12
    page.page.mouse.move(box["x"] + box["width"] * 0.2, y)
    page.page.mouse.down()
    for step in range(1, 21):  # a bar across the top of the 6
        page.page.mouse.move(box["x"] + box["width"] * (0.2 + 0.6 * step / 20), y)
    page.page.mouse.up()
    wait_until(
        page.page,
        lambda: view.evaluate("(e) => e.outerHTML") != before,
        "drawing a stroke on the pad did not redraw the network view",
    )
    after = Picture(view.evaluate("(e) => e.outerHTML"))
    counts = [t for t in after.texts() if t.endswith(" of 500 on")]
    assert len(counts) == 3, f"each hidden layer says how many neurons are on: {after.texts()}"
    read = wait_until(
        page.page,
        lambda: re.search(r"I read: <b>(\d)</b>", answer.inner_html()),
        "the pad gave no answer after the stroke",
    )
    lit = view.locator(f'rect[data-gid="output {read.group(1)}"]').get_attribute("fill")
    assert lit == "#d55e00", "the answer's bar is lit in the view"
    cell.screenshot(path=str(artifacts / "interaction-10-network-view-stroke.png"))
    latency_pad(page, cell, "10 network pad: a stroke -> the answer and the lit network")


def summary_of(net, x) -> str:
    """The explorer's summary line, as annlib computes it for pattern ``x``."""
    return (
        " → ".join(
            f"{label}: {', '.join(names) if names else 'none'}"
            for label, names in net.firing(x).items()
        )
        + " fire"
    )


def test_notebook_12_drawing_on_the_pad_and_clearing_it(open_notebook, artifacts):
    page = open_notebook("13_your_handwriting.ipynb")
    page.run_all(timeout=600)
    cell = page.cell_with_output("Draw a digit in the black square")
    cell.scroll_into_view_if_needed()
    canvas = cell.locator("canvas").first
    answer = cell.locator(".widget-html-content").first

    def ink() -> int:
        image = np.asarray(Image.open(io.BytesIO(canvas.screenshot())).convert("L"))
        return int((image[3:-3, 3:-3] > 200).sum())  # inside the border

    assert ink() == 0, "the pad should start empty"
    assert broken_images(page.page) == 0, "an empty picture area shows a broken-image icon"
    box = canvas.bounding_box()
    x, top = box["x"] + box["width"] / 2, box["y"] + box["height"] * 0.15
    page.page.mouse.move(x, top)
    page.page.mouse.down()
    for step in range(1, 21):  # a vertical stroke, top to bottom: a one
        page.page.mouse.move(x, top + box["height"] * 0.7 * step / 20)
    page.page.mouse.up()
    read = wait_until(
        page.page,
        lambda: re.search(r"I read: (\d)", answer.inner_text()),
        f"no answer after drawing; the pad says {answer.inner_text()!r}",
    )
    assert read.group(1) == "1", f"a vertical stroke should read as 1: {answer.inner_text()!r}"
    assert ink() > 1000, "the stroke should show on the canvas"
    seen = cell.locator('.annlib-svg image[data-gid="digit"]').first
    assert seen.bounding_box()["height"] > 50, "the 28x28 digit the network sees should show"
    bars = cell.locator('.annlib-svg rect[data-gid^="bar "]')
    assert bars.count() == 10, "the ten probabilities should show as bars"
    cell.screenshot(path=str(artifacts / "interaction-12-pad-drawn.png"))

    cell.locator("button", has_text="Clear").click()
    wait_until(
        page.page,
        lambda: "Draw a digit" in answer.inner_text(),
        f"Clear did not empty the pad; it says {answer.inner_text()!r}",
    )
    wait_until(page.page, lambda: ink() == 0, "Clear left ink on the canvas")
    wait_until(
        page.page,
        lambda: broken_images(page.page) == 0,
        "after Clear, an empty picture area shows a broken-image icon",
    )
    cell.screenshot(path=str(artifacts / "interaction-12-pad-cleared.png"))
    # the latency benchmark (test_latency.py), while the notebook is open
    latency_pad(page, cell, "12 drawing pad: a stroke -> the answer")


def broken_images(page) -> int:
    """How many images on the page are shown but hold no picture: the broken-image icon."""
    return page.evaluate(
        """() => [...document.querySelectorAll('.jp-OutputArea img')].filter(
            (img) => img.offsetParent !== null && img.complete && img.naturalWidth === 0
        ).length"""
    )
