"""Drive an explorer that works on a page with no kernel (tools/site_explorers.py), and
compare what the page shows with what annlib drew for the same state.

The page's controls are moved as a reader moves them: a slider by the keyboard (Home, then
the right arrow through every position) and by a pointer dragged along it, a toggle by a
click and by the space bar. After each move (checked in the page, by a listener that runs
after the explorer's own), every view must be annlib's text for the state the controls
show, parsed by the browser as the page parses it; the picture must be described as that
state; and the message for a state not drawn ahead must be hidden.
"""

from __future__ import annotations

from annlib.widgets import _ahead

INSTALL = """(root, [expected, start, labels]) => {
  const positions = () => [...root.querySelectorAll('[data-control]')].map(c =>
    c.matches('button') ? (c.getAttribute('aria-pressed') === 'true' ? 1 : 0)
                        : Number(c.querySelector('input[type=range]').value));
  const parsed = document.createElement('div');
  root.check = () => {
    const at = positions();
    const texts = expected[at.join(',')];
    if (!texts) return {at, problems: ['a state not drawn ahead']};
    const problems = [];
    if (!root.querySelector('.explorer-message').hidden) problems.push('the message is shown');
    [...root.querySelectorAll('[data-view]')].forEach((view, k) => {
      parsed.innerHTML = texts[k];
      if (view.hidden) problems.push(`view ${k} is hidden`);
      if (view.innerHTML !== parsed.innerHTML) problems.push(`view ${k} differs`);
    });
    const picture = root.querySelector('.explorer-picture');
    const words = texts[texts.length - 1];
    if (picture && picture.getAttribute('aria-label') !== words && at.join(',') !== start)
      problems.push('the picture is described as another state');
    if (root.querySelector('.explorer-words').textContent !== words)
      problems.push('the words read to a screen reader are of another state');
    // each slider's number box, readout and spoken value say its position's value
    root.querySelectorAll('[data-control]').forEach((control, i) => {
      const range = control.querySelector('input[type=range]');
      if (!range) return;
      const label = labels[i][at[i]];
      const box = control.querySelector('input[type=number]');
      const output = control.querySelector('output');
      if (range.getAttribute('aria-valuetext') !== label)
        problems.push(`slider ${i} is spoken wrong`);
      if (box && Number(box.value) !== Number(label)) problems.push(`box ${i} shows ${box.value}`);
      if (output && output.textContent !== label) problems.push(`readout ${i} is wrong`);
    });
    return {at, problems};
  };
  root.log = [];
  const record = () => root.log.push(root.check());
  root.addEventListener('input', record);
  root.addEventListener('click', (event) => {
    if (event.target.closest('[data-control]')) record();
  });
}"""


def live(page, n: int):
    return page.locator("div.explorer-live").nth(n)


def install(root, data: dict) -> None:
    """Give the page annlib's texts for every state drawn ahead, and a check after each move."""
    expected = {key: _ahead.shown_at(data, key) for key in data["states"]}
    start = ",".join(str(c["at"]) for c in data["controls"])
    root.evaluate(INSTALL, [expected, start, [c["labels"] for c in data["controls"]]])


def _problems(log: list[dict]) -> list[str]:
    return [f"at {entry['at']}: {p}" for entry in log for p in entry["problems"]]


def check_state(root) -> list[str]:
    """What is wrong with what the explorer shows now (after install)."""
    return _problems([root.evaluate("r => r.check()")])


def _take_log(root) -> list[dict]:
    return root.evaluate("r => r.log.splice(0)")


def _choose(root, control: dict) -> None:
    if control["menu"] is not None:
        root.locator("select[data-menu]").select_option(control["menu"])


def walk_slider(root, data: dict, i: int) -> tuple[list[str], set[int], set[int]]:
    """Control i through every position by keyboard, then dragged by a pointer; the
    problems found, and the positions reached each way."""
    control = data["controls"][i]
    root.locator("[data-reset]").click()
    _choose(root, control)
    slider = root.locator(f'[data-control="{i}"] input[type=range]')
    _take_log(root)
    page = root.page
    slider.focus()
    page.keyboard.press("Home")
    for _ in range(len(control["values"]) - 1):
        page.keyboard.press("ArrowRight")
    keys = _take_log(root)
    root.locator("[data-reset]").click()
    _choose(root, control)
    _take_log(root)
    box = slider.bounding_box()
    y = box["y"] + box["height"] / 2
    page.mouse.move(box["x"] + 1, y)
    page.mouse.down()
    # steps of at most half a position's width: every position is passed
    step = max(1, int(box["width"] / (2 * len(control["values"]))))
    for x in range(int(box["x"]) + 1, int(box["x"] + box["width"]), step):
        page.mouse.move(x, y)
    page.mouse.move(box["x"] + box["width"] - 1, y)
    page.mouse.up()
    pointer = _take_log(root)
    root.locator("[data-reset]").click()
    _take_log(root)
    reached = [{entry["at"][i] for entry in log} for log in (keys, pointer)]
    if control["at"] == 0:  # Home from the start moves nothing: the start was checked
        reached[0].add(0)
    return _problems(keys + pointer), reached[0], reached[1]


def walk_toggles(root, data: dict) -> tuple[list[str], list[list[int]]]:
    """Every pattern of the toggles, set by clicks, then by the space bar; the problems
    found and the patterns shown."""
    toggles = [i for i, c in enumerate(data["controls"]) if c["kind"] == "toggle"]
    problems, patterns = [], []
    for by_keys in (False, True):
        for k in range(2 ** len(toggles)):
            root.locator("[data-reset]").click()
            want = [(k >> j) & 1 for j in range(len(toggles))]
            for j, i in enumerate(toggles):
                button = root.locator(f'[data-control="{i}"]')
                if (button.get_attribute("aria-pressed") == "true") != bool(want[j]):
                    if by_keys:
                        button.focus()
                        button.press("Space")
                    else:
                        button.click()
            entry = root.evaluate("r => r.check()")
            patterns.append([entry["at"][i] for i in toggles])
            problems += _problems([entry])
    root.locator("[data-reset]").click()
    _take_log(root)
    return problems, patterns
