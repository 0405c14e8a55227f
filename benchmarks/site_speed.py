"""How fast the website builds, how heavy its pages are, how soon they load.

    python benchmarks/site_speed.py            # about a minute
    python benchmarks/site_speed.py --save     # and write the table into the README

- build: `python tools/website.py build`, timed three times (the median is reported);
- each page's weight: every byte Chromium fetches to show it, from an empty cache (the
  HTML with its typeset maths, style sheets, scripts, fonts and pictures), and the same
  with text gzipped, as GitHub Pages sends it;
- each page's load time from 127.0.0.1, from the start of navigation (the browser's own
  clock, performance.now()) to the moment the page is whole: the load event, every
  picture decoded and the fonts ready (the maths is typeset when the site is built, so no
  script runs for it); the median of three loads with an empty cache.

Targets (the README's): a build under 30 s, no page over 3 MB, every page loaded within a
second here. They are measured, never tested: a slower machine is not a broken course.
"""

from __future__ import annotations

import argparse
import gzip
import statistics
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))
sys.path.insert(0, str(ROOT / "tools"))
sys.path.insert(0, str(ROOT / "tests" / "browser"))

from readme import write_section  # noqa: E402

README_START = "<!-- site speed: written by python benchmarks/site_speed.py --save -->"
README_END = "<!-- end of site speed -->"


def load_site_tool():
    import importlib.util

    spec = importlib.util.spec_from_file_location("course_website", ROOT / "tools" / "website.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


COMPRESSED = ("text/", "javascript", "json", "svg", "xml")  # what GitHub Pages sends gzipped


def measure_page(browser, url: str) -> tuple[int, int, float]:
    """(bytes fetched, the same with text gzipped as GitHub Pages sends it, seconds until
    the page is whole) for one load with an empty cache."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    fetched = []
    page.on("requestfinished", lambda r: fetched.append(r))
    page.goto(url, wait_until="load")
    milliseconds = page.evaluate(
        """async () => {
            document.querySelectorAll('img').forEach(i => { i.loading = 'eager'; });
            await Promise.all([...document.images].map(i => i.decode().catch(() => null)));
            await document.fonts.ready;
            return performance.now();  // since the navigation started
        }"""
    )
    seconds = milliseconds / 1000
    size = zipped = 0
    for request in fetched:
        body = request.response().body()
        kind = request.response().headers.get("content-type", "")
        size += len(body)
        zipped += len(gzip.compress(body, 6)) if any(k in kind for k in COMPRESSED) else len(body)
    context.close()
    return size, zipped, seconds


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--save", action="store_true", help="write the table into the README")
    args = parser.parse_args(argv)
    from labdriver import CHROMIUM_ARGS, find_chromium
    from playwright.sync_api import sync_playwright
    from sitedriver import SiteServer

    tool = load_site_tool()
    builds = [tool.build(tool.OUT) for _ in range(3)]
    each = ", ".join(f"{b:.1f}" for b in builds)
    print(f"build: {statistics.median(builds):.1f} s (median of {each})")
    pages = sorted(p.name for p in tool.OUT.glob("*.html") if p.name != "genindex.html")
    server = SiteServer(tool.OUT)
    rows = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=find_chromium(), args=CHROMIUM_ARGS)
        for name in pages:
            runs = [measure_page(browser, server.base + name) for _ in range(3)]
            size, zipped, seconds = *runs[0][:2], statistics.median(r[2] for r in runs)
            rows.append((name, size, zipped, seconds))
            weight = f"{size / 1e6:5.2f} MB ({zipped / 1e6:4.2f} MB gzipped)"
            print(f"{name:28s} {weight}  {seconds:5.2f} s")
        browser.close()
    server.stop()
    heaviest = max(rows, key=lambda r: r[1])
    slowest = max(rows, key=lambda r: r[3])

    def mb(size, zipped):
        return f"{size / 1e6:.2f} MB ({zipped / 1e6:.2f} MB with gzip)"

    table = "\n".join(
        [
            "| measured | here | target |",
            "|---|---|---|",
            f"| build (`python tools/website.py build`, median of 3) | "
            f"{statistics.median(builds):.1f} s | under 30 s |",
            f"| heaviest page ({heaviest[0]}), all it fetches | {mb(*heaviest[1:3])} "
            "| under 3 MB |",
            f"| lightest page | {mb(*min(rows, key=lambda r: r[1])[1:3])} | |",
            f"| slowest page to be whole ({slowest[0]}), from 127.0.0.1 | "
            f"{slowest[3]:.2f} s | within 1 s |",
            f"| median page to be whole | {statistics.median(r[3] for r in rows):.2f} s | |",
        ]
    )
    print(table)
    if args.save:
        write_section(README_START, README_END, table)
    return 0


if __name__ == "__main__":
    sys.exit(main())
