"""The course's website, built by `python tools/website.py build`, checked in Chromium.

Every page is served from 127.0.0.1 with every other host refused, and must load with no
console error, no failed or outside request, every picture loaded, every formula typeset,
every explorer's picture shown, no sideways scrolling on a phone, and no serious or critical
accessibility violation found by axe-core. The static checks (links, anchors, alternative
text, nothing from another site) run on the same build. A page broken on purpose proves
that each check can fail. Screenshots of the home page, a notebook on a desktop and the
same notebook on a phone are saved in test-artifacts/browser/.

Needs the `site` extra (pip install -e ".[site]"), Node.js and npm; without them the tests
are skipped with that message, unless ANNLIB_REQUIRE_BROWSER=1 (CI): then they fail.
"""

from __future__ import annotations

import importlib.util
import json
import shutil
import sys
from pathlib import Path

import pytest
from sitedriver import DESKTOP, PHONE, SiteServer, check_page, new_context

from conftest import _unavailable

REPO = Path(__file__).resolve().parents[2]
NOTEBOOKS = sorted(p.stem for p in (REPO / "notebooks").glob("[0-9][0-9]_*.ipynb"))
PAGES = ["index", "teachers", *NOTEBOOKS]

pytestmark = pytest.mark.browser


def _tool(name: str):
    spec = importlib.util.spec_from_file_location(
        f"site_tool_{name}", REPO / "tools" / f"{name}.py"
    )
    module = importlib.util.module_from_spec(spec)
    sys.path.insert(0, str(REPO / "tools"))
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="session")
def built_site(tmp_path_factory):
    """The site, built once for the session into a temporary folder."""
    if importlib.util.find_spec("sphinx") is None or importlib.util.find_spec("myst_nb") is None:
        _unavailable('the website needs the site extra: pip install -e ".[site]"')
    if shutil.which("node") is None or shutil.which("npm") is None:
        _unavailable("the website needs Node.js and npm (for MathJax and axe-core)")
    out = tmp_path_factory.mktemp("site")
    _tool("website").build(out)
    return out


@pytest.fixture(scope="session")
def server(built_site):
    served = SiteServer(built_site)
    yield served
    served.stop()


@pytest.fixture(scope="session")
def axe_findings(artifacts):
    """axe's moderate and minor findings on every page, written for the record."""
    findings = {}
    yield findings
    (artifacts / "site-axe-minor.json").write_text(json.dumps(findings, indent=1))


def test_the_built_site_passes_the_static_checks(built_site):
    assert _tool("website_check").check_site(built_site) == []


NOTEBOOK_ONLY = ["Error displaying widget", "&lt;Figure size", " object at 0x", "run the cell"]


def test_no_page_shows_what_only_makes_sense_beside_a_kernel(built_site):
    for page in sorted(built_site.glob("*.html")):
        text = page.read_text(encoding="utf-8").replace("run the cells", "")
        assert [s for s in NOTEBOOK_ONLY if s in text] == [], page.name


def test_the_build_is_the_same_files_every_time(built_site, tmp_path):
    import hashlib

    def files(folder):
        return {
            p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*"))
            if p.is_file()
        }

    again = tmp_path / "again"
    _tool("website").build(again)
    first, second = files(built_site), files(again)
    assert sorted(first) == sorted(second)
    assert [name for name in first if first[name] != second[name]] == []


@pytest.mark.parametrize("name", PAGES)
def test_a_page_loads_whole_and_accessible_with_nothing_from_other_sites(
    browser, server, name, axe_findings
):
    context = new_context(browser)
    report = check_page(context, server.base + f"{name}.html")
    context.close()
    axe_findings[name] = report.minor
    assert report.problems == []


@pytest.mark.parametrize("name", PAGES)
def test_a_page_fits_a_phone(browser, server, name):
    context = new_context(browser, PHONE)
    report = check_page(context, server.base + f"{name}.html", axe=False, phone=True)
    context.close()
    assert report.problems == []


def test_every_explorer_shows_its_picture_and_every_notebook_its_maths(browser, server):
    from figures import figures  # tools/, on the path since _tool

    blank = _tool("website").blank_picture  # an empty pad is described, not shown
    context = new_context(browser)
    saved = {
        nb: sum(
            f.widget and not blank(f.mime, f.data)
            for f in figures(REPO / "notebooks" / f"{nb}.ipynb")
        )
        for nb in NOTEBOOKS
    }
    shown, maths = {}, {}
    for nb in NOTEBOOKS:
        report = check_page(context, server.base + f"{nb}.html", axe=False)
        shown[nb], maths[nb] = report.explorers, report.maths
    context.close()
    assert shown == saved
    assert sum(saved.values()) >= 9  # 01, 02, 03, 08 and 10's explorers
    assert all(maths[nb] > 0 for nb in NOTEBOOKS if nb[:2] in ("01", "03", "04", "05", "07", "08"))


def test_searching_finds_the_contingency_table_in_notebook_06(browser, server):
    context = new_context(browser)
    page = context.new_page()
    page.goto(server.base + "search.html?q=contingency", wait_until="load")
    page.wait_for_selector("#search-results ul.search li", timeout=30_000)
    found = page.eval_on_selector_all("#search-results ul.search li a", "as => as.map(a => a.href)")
    context.close()
    assert any("06_mistakes.html" in url for url in found), found


def test_screenshots_of_the_home_page_and_a_notebook_on_a_desktop_and_a_phone(
    browser, server, artifacts
):
    for name, page_name, viewport in [
        ("site-home-desktop", "index", DESKTOP),
        ("site-05-desktop", "05_mnist", DESKTOP),
        ("site-05-phone", "05_mnist", PHONE),
    ]:
        context = new_context(browser, viewport)
        page = context.new_page()
        page.goto(server.base + f"{page_name}.html", wait_until="load")
        page.wait_for_timeout(500)
        page.screenshot(path=str(artifacts / f"{name}.png"))
        context.close()
        assert (artifacts / f"{name}.png").stat().st_size > 10_000


def test_the_site_works_opened_from_disk(browser, built_site):
    """A learner can open the built folder's files directly: pages, pictures, maths, search."""
    context = new_context(browser)
    report = check_page(context, built_site.as_uri() + "/05_mnist.html", axe=False)
    page = context.new_page()
    page.goto(built_site.as_uri() + "/search.html?q=contingency", wait_until="load")
    page.wait_for_selector("#search-results ul.search li", timeout=30_000)
    found = page.eval_on_selector_all("#search-results ul.search li a", "as => as.map(a => a.href)")
    context.close()
    assert report.problems == [] and report.maths > 0
    assert any("06_mistakes.html" in url for url in found), found


# ---- each check can fail ------------------------------------------------------------------

BROKEN_PAGE = """<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">
<title>broken on purpose</title>
<style>html[data-theme=dark] body { background: #121212; color: #eee; }
html[data-theme=dark] .dark-only { color: #333; }</style>
<script src="https://cdn.example.org/library.js"></script></head>
<body><main><h1>Broken on purpose</h1>
<img src="missing.png" alt="a picture that is not there">
<img src="dot.png">
<img src="dot.png" alt="a picture too wide for a phone" style="width: 800px; max-width: none">
<div class="explorer-still"><p class="explorer-note">launch it</p></div>
<div class="explorer-still"><img src="dot.png" alt="an explorer with no line under it"></div>
<p><span class="math">\\(x + 1\\)</span> and <span class="math"><mjx-container>
<svg width="10" height="10"></svg><mjx-assistive-mml><math><merror><mtext>?</mtext></merror>
</math></mjx-assistive-mml></mjx-container></span></p>
<p style="color:#bbb">text too pale to read</p>
<p class="dark-only">text readable in light mode only</p>
<div style="width:2000px">too wide</div>
<script>console.error("something broke")</script>
<script>notAFunction()</script>
</main></body></html>"""

PLAIN_PAGE = """<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">
<title>no dark mode</title></head><body><main><h1>No dark mode</h1></main></body></html>"""


def test_each_browser_check_fails_on_a_page_broken_on_purpose(browser, tmp_path):
    (tmp_path / "broken.html").write_text(BROKEN_PAGE)
    (tmp_path / "plain.html").write_text(PLAIN_PAGE)
    # a 1-pixel PNG, so that only what the page does with it is wrong
    (tmp_path / "dot.png").write_bytes(
        bytes.fromhex(
            "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
            "1f15c4890000000d49444154789c63f8ffff3f0005fe02fea7d6a4a00000000049454e44ae426082"
        )
    )
    served = SiteServer(tmp_path)
    try:
        context = new_context(browser)
        report = check_page(context, served.base + "broken.html")
        plain = check_page(context, served.base + "plain.html")
        context.close()
        context = new_context(browser, PHONE)
        phone = check_page(context, served.base + "broken.html", axe=False, phone=True)
        context.close()
    finally:
        served.stop()
    problems = "\n".join(report.problems)
    assert "asked another site for https://cdn.example.org/library.js" in problems
    assert "console error: something broke" in problems
    assert "script error: " in problems and "notAFunction" in problems
    assert "picture did not load: missing.png" in problems
    assert "an explorer without its saved picture" in problems
    assert "an explorer without the line saying how to move it" in problems
    assert "only 1 of 2 formulas are typeset" in problems
    assert "MathJax could not typeset 1 formulas" in problems
    assert "scrolls sideways" in problems
    assert "accessibility (critical): image-alt" in problems
    assert "accessibility (serious): color-contrast" in problems
    assert "accessibility in dark mode (serious): color-contrast" in problems
    assert any("dark mode did not switch on" in p for p in plain.problems)
    assert any("picture wider than the screen: dot.png" in p for p in phone.problems)


def test_each_static_check_fails_on_a_site_broken_on_purpose(tmp_path):
    check_site = _tool("website_check").check_site
    site = tmp_path / "site"
    site.mkdir()
    (tmp_path / "outside.png").write_bytes(b"x")
    (site / "index.html").write_text(
        '<html><body><h1 id="top">Home</h1><a href="page.html#nowhere">x</a>'
        '<a href="gone.html">y</a><a href="https://github.com/">out</a>'
        '<a href="/page.html">root</a><a href="page.html?q=1#here">fine</a>'
        '<script src="https://cdn.example.org/x.js"></script>'
        '<link rel="stylesheet" href="style.css"><img src="pic.png">'
        '<img src="absent.png" alt="an absent picture">'
        '<img src="../outside.png" alt="a picture outside the site">'
        '<img src="data:image/png;base64,iVBORw0KGgo=" alt="an inline picture">'
        '<img src="pic.png" alt="x" srcset="https://img.example.org/big.png 2x">'
        '<p style="background: url(https://img.example.org/bg.png)">styled</p>'
        "</body></html>"
    )
    (site / "page.html").write_text('<html><body><h1 id="here">Page</h1></body></html>')
    (site / "style.css").write_text(
        "@import 'https://fonts.example.org/font.css'; p { background: url(gone.png); }"
    )
    (site / "pic.png").write_bytes(b"")
    problems = "\n".join(check_site(site))
    assert "links to page.html#nowhere, but page.html has no #nowhere" in problems
    assert "links to gone.html, which is not in the site" in problems
    assert "links to /page.html from the server's root" in problems
    assert "loads https://cdn.example.org/x.js from another site" in problems
    assert "style.css: loads https://fonts.example.org/font.css from another site" in problems
    assert "style.css: loads gone.png, which is not in the site" in problems
    assert "a picture without alternative text (pic.png)" in problems
    assert "loads absent.png, which is not in the site" in problems
    assert "loads ../outside.png, outside the site" in problems
    assert "loads https://img.example.org/big.png from another site" in problems
    assert "its style loads https://img.example.org/bg.png" in problems
    assert "data:image" not in problems  # a picture inside the page is no request
    assert "github.com" not in problems  # a link out is a reader's click, not a load
    assert "page.html?q=1#here" not in problems


# ---- explorers that work on the page, with no kernel -----------------------------------

sys.path.insert(0, str(REPO / "tests"))
from explorerdriver import check_state, install, live, walk_slider, walk_toggles  # noqa: E402
from page_explorers import saved  # noqa: E402

LIVE = saved()


def _open_live(browser, server, notebook, n, data=None):
    context = new_context(browser)
    page = context.new_page()
    page.route("**/*", lambda r: r.abort() if server.base not in r.request.url else r.continue_())
    page.goto(server.base + f"{notebook}.html", wait_until="load")
    root = live(page, n)
    root.scroll_into_view_if_needed()
    page.wait_for_function(
        "n => document.querySelectorAll('div.explorer-live.explorer-ready').length > n", arg=n
    )
    if data is not None:
        install(root, data)
    return context, root


def test_notebooks_01_to_03_each_explorer_works_on_its_page():
    found = {(nb, n) for nb, n, _ in LIVE}
    assert {("01_threshold_neuron", 0), ("02_layers", 0)} <= found
    assert {("03_measuring_error", n) for n in range(3)} <= found


@pytest.mark.parametrize("notebook, n, data", LIVE, ids=[f"{nb}-{n}" for nb, n, _ in LIVE])
def test_every_slider_of_a_live_explorer_shows_annlib_s_picture_at_every_position(
    browser, server, notebook, n, data
):
    context, root = _open_live(browser, server, notebook, n, data)
    problems = check_state(root)  # the saved state, before anything moves
    for i, control in enumerate(data["controls"]):
        if control["kind"] != "slider":
            continue
        found, by_keys, by_pointer = walk_slider(root, data, i)
        everywhere = set(range(len(control["values"])))
        problems += [f"{control['name']}: {p}" for p in found]
        if by_keys != everywhere or by_pointer != everywhere:
            problems.append(f"{control['name']}: not every position reached")
    context.close()
    assert problems == []


def test_the_neuron_explorer_s_table_highlights_the_rows_where_annlib_s_neuron_fires(
    browser, server
):
    from annlib import ThresholdNeuron, truth_table
    from annlib.lab.tables import FIRING_STYLE

    notebook, n, data = next(x for x in LIVE if x[0] == "01_threshold_neuron")
    context, root = _open_live(browser, server, notebook, n)
    page = root.page
    checked = 0
    for i, control in enumerate(data["controls"]):
        slider = root.locator(f'[data-control="{i}"] input[type=range]')
        root.locator("[data-reset]").click()
        slider.focus()
        slider.press("Home")
        for _ in control["values"]:
            values = [
                float(v)
                for v in root.locator("input.explorer-box").evaluate_all(
                    "boxes => boxes.map(b => b.value)"
                )
            ]
            rows = page.evaluate(
                "s => [...document.querySelectorAll('div.explorer-live table tbody tr')]"
                ".map(r => r.getAttribute('style') && r.outerHTML.includes(s))",
                FIRING_STYLE,
            )
            fires = truth_table(ThresholdNeuron(values[:5], values[5])).fires
            assert [bool(r) for r in rows] == list(fires), values
            checked += 1
            slider.press("ArrowRight")
    context.close()
    assert checked == sum(len(c["values"]) for c in data["controls"])


def test_the_network_explorer_lights_the_neurons_annlib_fires_for_all_16_patterns(browser, server):
    import numpy as np

    from annlib.data.examples import article_network
    from annlib.plots._style import ACTIVE

    network = article_network()
    notebook, n, data = next(x for x in LIVE if x[0] == "02_layers")
    context, root = _open_live(browser, server, notebook, n, data)
    problems, patterns = walk_toggles(root, data)
    assert problems == []
    assert sorted(map(tuple, patterns)) == sorted(
        [tuple((k >> j) & 1 for j in range(4)) for k in range(16)] * 2
    )
    for k in range(16):
        root.locator("[data-reset]").click()
        x = [(k >> j) & 1 for j in range(4)]
        for j in range(4):
            button = root.locator(f'[data-control="{j}"]')
            if (button.get_attribute("aria-pressed") == "true") != bool(x[j]):
                button.click()
        lit = set(
            root.evaluate(
                "(r, active) => [...r.querySelectorAll('.explorer-picture circle[data-gid]')]"
                ".filter(c => c.getAttribute('fill') === active).map(c => c.dataset.gid)",
                ACTIVE,
            )
        )
        firing = network.firing(np.array(x))
        assert lit == {name for names in firing.values() for name in names}, x
    context.close()


def test_the_network_explorer_starts_with_the_sliders_of_its_menu_s_neuron(browser, server):
    notebook, n, data = next(x for x in LIVE if x[0] == "02_layers")
    context, root = _open_live(browser, server, notebook, n, data)
    chosen = data["menu"]["options"][data["menu"]["at"]]
    for i, control in enumerate(data["controls"]):
        visible = root.locator(f'[data-control="{i}"]').is_visible()
        assert visible == (control["menu"] in (None, chosen)), control["name"]
    assert check_state(root) == []
    context.close()


def test_a_state_not_drawn_ahead_shows_the_message_and_no_picture(browser, server):
    notebook, n, data = next(x for x in LIVE if x[0] == "01_threshold_neuron")
    context, root = _open_live(browser, server, notebook, n, data)
    message, picture = root.locator(".explorer-message"), root.locator(".explorer-picture")
    assert message.is_hidden() and picture.is_visible()
    first, second = (root.locator(f'[data-control="{i}"] input[type=range]') for i in (0, 5))
    first.focus()
    first.press("ArrowRight")
    assert check_state(root) == []
    second.focus()
    second.press("ArrowRight")  # two sliders moved
    assert message.is_visible() and picture.is_hidden()
    assert root.locator("table").count() == 0 or root.locator("table").is_hidden()
    root.locator("[data-reset]").click()
    assert message.is_hidden() and picture.is_visible() and check_state(root) == []
    box = root.locator("input.explorer-box").first
    box.fill("1.25")  # between the slider's steps
    assert message.is_visible() and picture.is_hidden()
    box.fill("")  # emptied, as on the way to typing another number
    assert message.is_visible() and picture.is_hidden()
    box.fill("1")
    assert message.is_hidden() and check_state(root) == []
    box.fill("2")
    root.locator("[data-reset]").click()  # the box shows the saved value again
    assert check_state(root) == []
    context.close()


def test_the_explorer_check_fails_when_two_states_swap_their_pictures(
    browser, built_site, tmp_path
):
    """Swap two states' pictures in a copy of the built page: the check must see it."""
    site = tmp_path / "site"
    shutil.copytree(built_site, site)
    notebook, n, data = next(x for x in LIVE if x[0] == "03_measuring_error")
    page_file = site / f"{notebook}.html"
    text = page_file.read_text(encoding="utf-8")
    states = data["states"]
    keys = sorted(states)
    a, b = keys[1], keys[2]
    old = f'"{a}":{json.dumps(states[a], separators=(",", ":"))}'
    new = f'"{a}":{json.dumps(states[b], separators=(",", ":"))}'
    assert text.count(old) == 1
    page_file.write_text(text.replace(old, new), encoding="utf-8")
    served = SiteServer(site)
    try:
        context, root = _open_live(browser, served, notebook, n, data)
        found, _, _ = walk_slider(root, data, 0)
        context.close()
    finally:
        served.stop()
    assert any(f"at [{int(a)}]" in p for p in found), found
