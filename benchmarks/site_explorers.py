"""How fast the website's working explorers answer, and what their drawn-ahead states weigh.

    python benchmarks/site_explorers.py            # about a minute (builds the site first)
    python benchmarks/site_explorers.py --save     # and write the table into the README

For each explorer that works on a page with no kernel (tools/site_explorers.py), in
Chromium from 127.0.0.1: every slider moved through every position by the right arrow key,
and (notebook 02) every input clicked on and off; each time, from the key's or click's own
timestamp (event.timeStamp, the page's clock) to the next animation frame after the new
views are on the page, as tests/browser/test_latency.py measures JupyterLab. Median and
90th percentile; and the 90th percentile of the page's own share, from the same timestamp
to the end of the explorer's handler (the new views are in the page; layout and paint
come with the frame). And the weight: the explorer's HTML on the page (controls, the saved
state's views and the states drawn ahead), raw and gzipped as GitHub Pages sends it, and
what its states add to the saved notebook.

Target (the README's): the 90th percentile within one animation frame (under 17 ms) and
under 1 MB added per explorer. Measured, never tested.
"""

from __future__ import annotations

import argparse
import gzip
import json
import statistics
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT / "tests" / "browser"))
sys.path.insert(0, str(ROOT / "tools"))
sys.path.insert(0, str(ROOT / "benchmarks"))

from readme import write_section  # noqa: E402

README_START = "<!-- site explorers: written by python benchmarks/site_explorers.py --save -->"
README_END = "<!-- end of site explorers -->"

LISTEN = """root => {
  root.times = [];
  root.work = [];
  let started = null;
  const start = (event) => { started = event.timeStamp; };
  root.addEventListener('keydown', start, true);
  root.addEventListener('mousedown', start, true);
  const done = () => {
    if (started === null) return;
    const t0 = started;
    started = null;
    root.work.push(performance.now() - t0);  // the views are on the page (not yet painted)
    requestAnimationFrame(() => root.times.push(performance.now() - t0));
  };
  root.addEventListener('input', done);
  root.addEventListener('click', (e) => { if (e.target.closest('[data-control]')) done(); });
}"""


def measure(page, root, data: dict) -> list[float]:
    root.evaluate(LISTEN)
    for i, control in enumerate(data["controls"]):
        root.locator("[data-reset]").click()
        if control["menu"] is not None:
            root.locator("select[data-menu]").select_option(control["menu"])
        if control["kind"] == "toggle":
            button = root.locator(f'[data-control="{i}"]')
            for _ in range(2):
                button.click()
                page.wait_for_timeout(30)
            continue
        slider = root.locator(f'[data-control="{i}"] input[type=range]')
        slider.focus()
        page.keyboard.press("Home")
        for _ in range(len(control["values"]) - 1):
            page.keyboard.press("ArrowRight")
            page.wait_for_timeout(20)  # one key at a time, as a reader presses them
    page.wait_for_timeout(100)
    return root.evaluate("r => [r.times, r.work]")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--save", action="store_true", help="write the table into the README")
    args = parser.parse_args(argv)
    import website
    from labdriver import CHROMIUM_ARGS, find_chromium
    from page_explorers import saved
    from playwright.sync_api import sync_playwright
    from sitedriver import SiteServer, new_context

    website.build(website.OUT)
    server = SiteServer(website.OUT)
    rows = []
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=find_chromium(), args=CHROMIUM_ARGS)
            context = new_context(browser)
            for notebook, n, data in saved():
                page = context.new_page()
                page.goto(server.base + f"{notebook}.html", wait_until="load")
                page.wait_for_selector("div.explorer-live.explorer-ready")
                root = page.locator("div.explorer-live").nth(n)
                root.scroll_into_view_if_needed()
                times, work = measure(page, root, data)
                html = root.evaluate("r => r.outerHTML").encode()
                saved_bytes = len(json.dumps(data, indent=1, ensure_ascii=False).encode())
                rows.append(
                    {
                        "explorer": f"{notebook[:2]} {data['explorer']}",
                        "states": len(data["states"]),
                        "moves": len(times),
                        "median": statistics.median(times),
                        "p90": statistics.quantiles(times, n=10)[-1],
                        "work": statistics.quantiles(work, n=10)[-1],
                        "page": len(html),
                        "gzip": len(gzip.compress(html, 9)),
                        "notebook": saved_bytes,
                    }
                )
                page.close()
            context.close()
            browser.close()
    finally:
        server.stop()
    lines = [
        "| explorer | states drawn ahead | moves timed | median / p90 (ms) | of which the "
        "page's work, p90 (ms) | on the page (gzip) | added to the notebook |",
        "|---|---|---|---|---|---|---|",
    ]
    for r in rows:
        lines.append(
            f"| {r['explorer']} | {r['states']} | {r['moves']} | {r['median']:.1f} / "
            f"{r['p90']:.1f} | {r['work']:.1f} | "
            f"{r['page'] / 1e6:.2f} MB ({r['gzip'] / 1e3:.0f} kB) | "
            f"{r['notebook'] / 1e6:.2f} MB |"
        )
    table = "\n".join(lines)
    print(table)
    if args.save:
        write_section(README_START, README_END, table)
    return 0


if __name__ == "__main__":
    sys.exit(main())
