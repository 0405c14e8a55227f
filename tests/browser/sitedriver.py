"""Chromium against the built website: a local server and the checks of one page.

`check_page` opens a page as a reader's browser would, on 127.0.0.1 with every other host
unreachable, and returns what is wrong with it: console errors, requests that left
127.0.0.1 or failed, pictures that did not load, maths MathJax could not typeset, an
explorer without its picture, a page wider than the screen, and axe-core's serious or
critical accessibility violations (axe's lesser findings are returned apart, for the
record). The site's tests run it on every page, and on a page broken on purpose to prove
that each check can fail.
"""

from __future__ import annotations

import functools
import http.server
import threading
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

REPO = Path(__file__).resolve().parents[2]
AXE = REPO / "site" / "node_modules" / "axe-core" / "axe.min.js"
# WCAG 2.1 A and AA, the standard the site must meet, and axe's best practices
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}


class Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):  # the tests report problems; the server keeps quiet
        pass


class SiteServer:
    """The folder `root` on http://127.0.0.1:<free port>/, until `stop()`."""

    def __init__(self, root: Path):
        handler = functools.partial(Quiet, directory=str(root))
        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.base = f"http://127.0.0.1:{self.server.server_address[1]}/"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@dataclass
class PageReport:
    url: str
    problems: list[str] = field(default_factory=list)
    minor: list[dict] = field(default_factory=list)  # axe's moderate and minor findings
    explorers: int = 0  # explorer pictures shown
    maths: int = 0  # formulas typeset


def new_context(browser, viewport=DESKTOP):
    """A browser context for one page; every request to another host is refused."""
    context = browser.new_context(viewport=viewport)
    context.set_default_timeout(30_000)
    return context


def check_page(context, url: str, *, axe: bool = True, phone: bool = False) -> PageReport:
    """Load `url` in a fresh page of `context` and check it (see the module's docstring)."""
    report = PageReport(url)
    host = urlsplit(url).netloc
    page = context.new_page()

    def route(route_):
        if urlsplit(route_.request.url).netloc != host:
            report.problems.append(f"asked another site for {route_.request.url}")
            route_.abort()
        else:
            route_.continue_()

    page.route("**/*", route)
    page.on(
        "console",
        lambda m: m.type == "error" and report.problems.append(f"console error: {m.text}"),
    )
    page.on("pageerror", lambda e: report.problems.append(f"script error: {e}"))
    page.on(
        "response",
        lambda r: r.status >= 400 and report.problems.append(f"{r.status} for {r.url}"),
    )
    page.on("requestfailed", lambda r: _failed(report, r, host))
    page.goto(url, wait_until="load")
    # pictures load lazily: ask for all of them now, and wait until each has ended
    page.evaluate("document.querySelectorAll('img').forEach(i => { i.loading = 'eager'; })")
    page.wait_for_function(
        "[...document.images].every(i => i.complete)", timeout=30_000, polling=100
    )
    for src in page.evaluate(
        "[...document.images].filter(i => !i.naturalWidth).map(i => i.getAttribute('src'))"
    ):
        report.problems.append(f"picture did not load: {src}")
    _check_maths(page, report)
    report.explorers = _check_explorers(page, report)
    width = page.evaluate("document.documentElement.scrollWidth")
    if width > page.viewport_size["width"] + 1:
        report.problems.append(
            f"the page is {width} px wide on a {page.viewport_size['width']} px screen: "
            "it scrolls sideways"
        )
    if phone:
        for src in page.evaluate(
            "[...document.images].filter(i => i.getBoundingClientRect().right > "
            "window.innerWidth + 1 && i.offsetParent).map(i => i.getAttribute('src'))"
        ):
            report.problems.append(f"picture wider than the screen: {src}")
    if axe:
        _check_axe(page, report)
    page.close()
    return report


def _failed(report: PageReport, request, host: str) -> None:
    if urlsplit(request.url).netloc == host:  # the refused others are reported by route
        report.problems.append(f"request failed: {request.url} ({request.failure})")


def _check_maths(page, report: PageReport) -> None:
    """Every formula typeset when the site was built: an SVG a reader sees, with MathML
    beside it for a screen reader, and no MathJax error."""
    formulas = page.evaluate("document.querySelectorAll('.math').length")
    if not formulas:
        return
    typeset = page.evaluate(
        """[...document.querySelectorAll('.math')].filter(m =>
              m.querySelector('mjx-container svg') && m.querySelector('mjx-assistive-mml math')
              && m.querySelector('svg').getBoundingClientRect().width > 0).length"""
    )
    if typeset < formulas:
        report.problems.append(f"only {typeset} of {formulas} formulas are typeset")
    errors = page.evaluate("document.querySelectorAll('mjx-merror, merror').length")
    if errors:
        report.problems.append(f"MathJax could not typeset {errors} formulas")
    report.maths = typeset


def _check_explorers(page, report: PageReport) -> int:
    shown = 0
    for box in page.query_selector_all("div.explorer-still"):
        image = box.query_selector("img")
        note = box.query_selector("p.explorer-note")
        if image is None or not image.is_visible() or not image.evaluate("i => i.naturalWidth"):
            report.problems.append("an explorer without its saved picture")
        else:
            shown += 1
        if note is None or "launch" not in note.inner_text():
            report.problems.append("an explorer without the line saying how to move it")
    for box in page.query_selector_all("div.explorer-live"):
        picture = box.query_selector(".explorer-picture svg")
        if "explorer-ready" not in (box.get_attribute("class") or ""):
            report.problems.append("an explorer whose controls did not start (explorers.js)")
        elif picture is None or not picture.is_visible():
            report.problems.append("a working explorer without its picture")
        else:
            shown += 1
        note = box.query_selector("p.explorer-note")
        if note is None or "launch" not in note.inner_text():
            report.problems.append("a working explorer without the line on launching it")
    return shown


def _check_axe(page, report: PageReport) -> None:
    if not AXE.exists():
        report.problems.append(
            f"axe-core is missing ({AXE.relative_to(REPO)}): run `npm ci` in site/ "
            "(python tools/website.py build does it)"
        )
        return
    page.add_script_tag(content=AXE.read_text(encoding="utf-8"))
    violations = page.evaluate(
        """async (tags) => (await axe.run(document, {
              runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']
           })).violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
              nodes: v.nodes.length, where: v.nodes.slice(0, 3).map(n => n.target.join(' '))}))""",
        AXE_TAGS,
    )
    _sort_findings(report, violations, "")
    # the theme's dark mode, which a reader can choose with its button: contrast again
    page.add_style_tag(content="*, *::before, *::after { transition: none !important; }")
    page.evaluate(
        "document.documentElement.dataset.theme = 'dark';"
        "document.documentElement.dataset.mode = 'dark'"
    )
    page.wait_for_timeout(50)
    background = page.evaluate(  # the first background that is not see-through: the page's
        """() => {
            for (const element of [document.body, document.documentElement]) {
                const [r, g, b, a] = getComputedStyle(element).backgroundColor
                    .match(/[\\d.]+/g).map(Number);
                if (a === undefined || a > 0) return [r, g, b];
            }
            return [255, 255, 255];  // what a browser shows behind a page of no colour
        }"""
    )
    if sum(background) > 3 * 100:  # the theme's dark mode did not switch on
        report.problems.append(f"dark mode did not switch on (background {background})")
        return
    violations = page.evaluate(
        """async () => (await axe.run(document, {runOnly: {type: 'rule',
              values: ['color-contrast', 'link-in-text-block']}, resultTypes: ['violations']
           })).violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
              nodes: v.nodes.length, where: v.nodes.slice(0, 3).map(n => n.target.join(' '))}))"""
    )
    _sort_findings(report, violations, " in dark mode")


def _sort_findings(report: PageReport, violations: list[dict], mode: str) -> None:
    for violation in violations:
        if violation["impact"] in ("serious", "critical"):
            report.problems.append(
                f"accessibility{mode} ({violation['impact']}): {violation['id']}, "
                f"{violation['help']}, {violation['nodes']} elements, e.g. {violation['where']}"
            )
        else:
            report.minor.append({**violation, "mode": mode.strip() or "light"})
