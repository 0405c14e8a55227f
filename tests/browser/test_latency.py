"""How long a learner waits: from a key, click or pen stroke to the redrawn picture on screen.

A benchmark, not a pass/fail timing: it asserts only that every input is answered by a new
picture, and prints (and saves to test-artifacts/browser/latency.md) the median and 90th
percentile over TRIALS inputs per widget, measured with the page's own clock:

    from   the input event's timeStamp (keydown, click, or the pen's mouseup)
    to     the next animation frame after the widget's new picture is on the page: a PNG
           decoded, or an SVG picture (annlib.widgets.SvgView) put in place

Notebooks 01, 02, 10 and 12 are timed at the end of their interaction tests in
test_in_jupyterlab.py (which run them already), notebook 03 here; the last test prints the
table of all of them. ``python -m pytest -m browser -s`` shows it; the README's Performance
section holds one.
"""

from __future__ import annotations

import os
import statistics

import pytest

pytestmark = pytest.mark.browser

# 15 inputs per widget for the README's table; CI sets fewer (ANNLIB_LATENCY_TRIALS=5), to
# check that every input is answered by a picture without spending a minute on the timing
TRIALS = int(os.environ.get("ANNLIB_LATENCY_TRIALS", "15"))
RESULTS: dict[str, list[float]] = {}
DRAGS: dict[str, tuple[float, float]] = {}  # widget -> (pictures per second, ms to settle)

# Records each input's timeStamp, and each redrawn picture's paint time, on the page.
WATCH = """
() => {
  if (window.__annlibWatch) return;
  window.__annlibWatch = {input: 0, paints: []};
  for (const type of ['keydown', 'click', 'mouseup']) {
    document.addEventListener(type, (e) => { window.__annlibWatch.input = e.timeStamp; }, true);
  }
  const painted = (input) => requestAnimationFrame(() =>
    window.__annlibWatch.paints.push({input, painted: performance.now()}));
  new MutationObserver((mutations) => {
    for (const m of mutations) {
      const input = window.__annlibWatch.input;
      if (m.target.tagName === 'IMG' && m.attributeName === 'src' && m.target.src) {
        m.target.decode().catch(() => null).then(() => painted(input));
      } else if (m.type === 'childList' && m.target.classList?.contains('annlib-svg')) {
        painted(input);
      }
    }
  }).observe(document.body, {subtree: true, childList: true, attributes: true,
                             attributeFilter: ['src']});
}
"""


def paints(page) -> int:
    return page.evaluate("() => window.__annlibWatch.paints.length")


def timed(page, act, what: str) -> float:
    """Do ``act()`` (one input) and return the ms until its picture was on screen."""
    before = paints(page)
    act()
    for _ in range(200):  # up to 10 s
        if paints(page) > before:
            break
        page.wait_for_timeout(50)
    else:
        pytest.fail(f"{what}: no new picture within 10 s of the input", pytrace=False)
    page.wait_for_timeout(150)  # let a second picture of the same input land too
    last = page.evaluate("() => window.__annlibWatch.paints.at(-1)")
    return last["painted"] - last["input"]


# A hand's drag, played in the page: mouse events (what noUiSlider, the sliders' library,
# listens to in Chromium) at every animation frame for about a
# second, one sweep from the handle to the track's left end and back; returns when it ends.
DRAG = """
async ([handle, track]) => {
  const grip = handle.getBoundingClientRect(), line = track.getBoundingClientRect();
  const y = grip.top + grip.height / 2, from = grip.left + grip.width / 2;
  const send = (target, type, x) => target.dispatchEvent(new MouseEvent(type, {
    bubbles: true, cancelable: true, clientX: x, clientY: y, buttons: 1, view: window}));
  send(handle, 'mousedown', from);
  const start = performance.now();
  let moves = 0;
  while (performance.now() - start < 1000) {
    await new Promise(requestAnimationFrame);
    const share = Math.abs(1 - 2 * (performance.now() - start) / 1000);
    send(handle, 'mousemove', line.left + (from - line.left) * share);
    moves += 1;
  }
  send(handle, 'mouseup', from);
  window.__annlibWatch.input = performance.now();
  return {start, moves};
}
"""


def dragged(page, handle, track, what: str) -> tuple[float, float]:
    """Drag a slider's handle for about a second (DRAG), as a hand does.

    Returns the pictures per second shown while dragging, and the ms from the release
    to the last picture (0 when the last picture came before the release).
    """
    handle.scroll_into_view_if_needed()
    before = paints(page)
    started = page.evaluate(DRAG, [handle.element_handle(), track.element_handle()])
    page.wait_for_timeout(1500)
    watched = page.evaluate("() => window.__annlibWatch")
    released, shown = watched["input"], watched["paints"][before:]
    if not shown:
        pytest.fail(f"{what}: no picture at all during the drag", pytrace=False)
    during = [p for p in shown if p["painted"] <= released]
    rate = len(during) / ((released - started["start"]) / 1000)
    return rate, max(0.0, shown[-1]["painted"] - released)


def record(name: str, times: list[float]) -> None:
    RESULTS[name] = times


def slider_handle(cell, label: str, index: int = -1):
    from test_in_jupyterlab import slider_row

    return slider_row(cell, label).locator(".noUi-handle").nth(index)


def keyed(page, handle, what: str) -> list[float]:
    """TRIALS arrow-key steps of a slider, right then left, so it stays in its range."""
    times = []
    for trial in range(TRIALS):
        key = "ArrowRight" if (trial // 3) % 2 == 0 else "ArrowLeft"
        times.append(timed(page, lambda key=key: handle.press(key), what))
    return times


# ---- one function per notebook: called by that notebook's interaction test in
# test_in_jupyterlab.py (which has run it already), and for notebook 03 here -----------


def track_of(handle):
    return handle.locator("xpath=ancestor::div[contains(@class, 'noUi-target')]")


def latency_01(page, cell) -> None:
    page.page.evaluate(WATCH)
    handle = slider_handle(cell, "m")
    record("01 neuron explorer: one step of m", keyed(page.page, handle, "01 m"))
    DRAGS["01 neuron explorer: drag m"] = dragged(page.page, handle, track_of(handle), "01 m")


def latency_02(page, cell) -> None:
    page.page.evaluate(WATCH)
    toggle = cell.locator(".widget-toggle-button").first
    toggle.scroll_into_view_if_needed()
    record(
        "02 network explorer: click an input",
        [timed(page.page, toggle.click, "02 toggle") for _ in range(TRIALS)],
    )
    handle = slider_handle(cell, "m")
    record("02 network explorer: one step of G's m", keyed(page.page, handle, "02 m"))
    DRAGS["02 network explorer: drag G's m"] = dragged(page.page, handle, track_of(handle), "02 m")


def latency_pad(page, cell, name: str) -> None:
    """Strokes on a drawing pad (notebook 13's, or notebook 10's beside the lit network)."""
    page.page.evaluate(WATCH)
    cell.scroll_into_view_if_needed()
    canvas = cell.locator("canvas").first
    clear = cell.locator("button", has_text="Clear")
    times = []
    for trial in range(TRIALS):
        box = canvas.bounding_box()
        x = box["x"] + box["width"] * (0.4 + 0.2 * (trial % 2))
        top = box["y"] + box["height"] * 0.15

        def stroke(x=x, top=top, height=box["height"]):
            mouse = page.page.mouse
            mouse.move(x, top)
            mouse.down()
            for step in range(1, 11):
                mouse.move(x, top + height * 0.7 * step / 10)
            mouse.up()

        times.append(timed(page.page, stroke, f"{name[:2]} stroke"))
        clear.click()
        page.page.wait_for_timeout(300)
    record(name, times)


def test_latency_of_notebook_03_and_the_table(open_notebook, artifacts):
    """Notebook 03's three explorers; then the table of every widget timed in this run."""
    page = open_notebook("03_measuring_error.ipynb")
    page.run_all(timeout=300)
    page.page.evaluate(WATCH)
    sliders = page.panel.locator(".widget-slider")
    labelled = {}  # each slider's label -> its handles, in the order of the notebook
    for index in range(sliders.count()):
        label = sliders.nth(index).locator(".widget-label").inner_text().strip()
        labelled.setdefault(label, []).append(sliders.nth(index).locator(".noUi-handle").first)
    for name, handle in [
        ("03 SSE explorer: one step of w_C", labelled["w_C"][0]),
        ("03 descent explorer: one step of lr", labelled["lr"][0]),
        ("03 learning-rate explorer: one step of lr", labelled["lr"][1]),
    ]:
        handle.scroll_into_view_if_needed()
        record(name, keyed(page.page, handle, name))
    # what the browser shows is what annlib computes: the point on the valley in the page
    check_sse_picture(page, labelled["w_C"][0])
    for name, handle in [
        ("03 SSE explorer: drag w_C", labelled["w_C"][0]),
        ("03 descent explorer: drag lr", labelled["lr"][0]),
        ("03 learning-rate explorer: drag lr", labelled["lr"][1]),
    ]:
        DRAGS[name] = dragged(page.page, handle, track_of(handle), name)
    check_sse_picture(page, labelled["w_C"][0])  # where the drag let go, it shows annlib's SSE
    table = report(RESULTS) + "\n\n" + drag_report(DRAGS)
    print("\n" + table)
    (artifacts / "latency.md").write_text(table + "\n", encoding="utf-8")
    assert all(len(times) == TRIALS for times in RESULTS.values())


def check_sse_picture(page, handle) -> None:
    """The SSE explorer's picture in the page shows annlib's SSE at the slider's value."""
    from svgread import Picture

    from annlib.functions import sigmoid, step
    from annlib.lab.valley import sse_along_weight

    slider = handle.locator("xpath=ancestor::div[contains(@class, 'widget-slider')]")
    value = float(slider.locator(".widget-readout").inner_text())
    output = slider.locator("xpath=ancestor::div[contains(@class, 'jp-OutputArea-output')]")
    picture = Picture(output.locator(".annlib-svg svg").evaluate("(e) => e.outerHTML"))
    X, y = [[0, 0], [0, 1], [1, 0], [1, 1]], [0, 0, 0, 1]  # notebook 03's AND data
    for i, (f, panel) in enumerate([(step, "step"), (sigmoid, "sigmoid")]):
        w, here = picture.marker(f"here {i}", panel)
        assert w == pytest.approx(value, abs=0.01)
        assert here == pytest.approx(
            sse_along_weight(X, y, [3.0, 1.0], 1.5, 0, [value], f)[0], abs=0.01
        )


def drag_report(drags: dict[str, tuple[float, float]]) -> str:
    lines = [
        "| drag (one sweep, about 1 s) | pictures per second | ms from release to the last |",
        "|---|---|---|",
    ]
    for name, (rate, settle) in sorted(drags.items()):
        lines.append(f"| {name} | {rate:.0f} | {settle:.0f} |")
    return "\n".join(lines)


def report(results: dict[str, list[float]]) -> str:
    order = sorted(results)  # by notebook, whichever test measured it first
    lines = [
        "| interaction | median (ms) | p90 (ms) | trials |",
        "|---|---|---|---|",
    ]
    for name in order:
        times = results[name]
        ordered = sorted(times)
        p90 = ordered[min(len(ordered) - 1, round(0.9 * (len(ordered) - 1)))]
        lines.append(f"| {name} | {statistics.median(times):.0f} | {p90:.0f} | {len(times)} |")
    return "\n".join(lines)
