"""Checks of a built website that need no browser: `python tools/website.py check`.

- every link inside the site leads to a file that exists, and every #anchor to an id on
  that page;
- nothing is loaded from another site: no script, style sheet, font, picture or frame
  whose address has a host, and no style sheet that imports or points to one (links a
  reader clicks, to GitHub or Binder, are fine);
- every picture has alternative text.

The browser tests (tests/browser/test_site.py) check what only a browser sees.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

# (tag, attribute) pairs whose address the browser fetches by itself
LOADS = {
    ("script", "src"),
    ("img", "src"),
    ("source", "src"),
    ("video", "src"),
    ("audio", "src"),
    ("iframe", "src"),
    ("embed", "src"),
    ("object", "data"),
    ("input", "src"),
}
LOADING_RELS = {"stylesheet", "icon", "preload", "modulepreload", "prefetch", "manifest"}
CSS_URL = re.compile(r"""(?:url\(\s*['"]?|@import\s+['"])(?P<url>[^'")\s]+)""")


class Page(HTMLParser):
    """What one HTML file links to, loads and names."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.ids: set[str] = set()
        self.links: list[str] = []
        self.loads: list[str] = []
        self.images_without_alt: list[str] = []
        self.inline_css: list[str] = []
        self._in_style = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        for key in ("id", "name"):
            if attrs.get(key) and (key == "id" or tag == "a"):
                self.ids.add(attrs[key])
        if tag == "a" and attrs.get("href") is not None:
            self.links.append(attrs["href"])
        if tag == "link" and attrs.get("href"):
            rels = set((attrs.get("rel") or "").lower().split())
            (self.loads if rels & LOADING_RELS else self.links).append(attrs["href"])
        for owner, attribute in LOADS:
            if tag == owner and attrs.get(attribute):
                self.loads.append(attrs[attribute])
        if tag in ("img", "source") and attrs.get("srcset"):
            self.loads += [part.split()[0] for part in attrs["srcset"].split(",") if part.strip()]
        if tag == "img" and not (attrs.get("alt") or "").strip():
            self.images_without_alt.append(attrs.get("src", "?"))
        if attrs.get("style"):
            self.inline_css.append(attrs["style"])
        self._in_style = tag == "style"

    def handle_endtag(self, tag):
        if tag == "style":
            self._in_style = False

    def handle_data(self, data):
        if self._in_style:
            self.inline_css.append(data)


def read_page(path: Path) -> Page:
    page = Page()
    page.feed(path.read_text(encoding="utf-8", errors="replace"))
    page.close()
    return page


def other_site(url: str) -> bool:
    """True for an address that names a host (https://..., //cdn...), not a local file."""
    parts = urlsplit(url)
    return bool(parts.netloc) or parts.scheme not in ("", "data", "blob")


def inline(url: str) -> bool:
    return urlsplit(url).scheme in ("data", "blob")


def check_site(folder: Path) -> list[str]:
    """Every problem found in the built site at `folder` (an empty list: none)."""
    folder = Path(folder).resolve()
    if not (folder / "index.html").exists():
        return [f"{folder} has no index.html: build the site first (python tools/website.py build)"]
    pages = {
        path: read_page(path)
        for path in sorted(folder.rglob("*.html"))
        if not path.relative_to(folder).as_posix().startswith("_static/")
    }
    problems = []
    for path, page in pages.items():
        name = path.relative_to(folder).as_posix()
        for src in page.images_without_alt:
            problems.append(f"{name}: a picture without alternative text ({src})")
        for url in page.loads:
            problems += _load_problems(folder, path, url, name)
        for css in page.inline_css:
            problems += [f"{name}: its style loads {u}" for u in _css_urls(css) if other_site(u)]
        for url in page.links:
            problems += _link_problems(folder, path, url, pages)
    for css_file in sorted(folder.rglob("*.css")):
        css = css_file.read_text(encoding="utf-8", errors="replace")
        name = css_file.relative_to(folder).as_posix()
        for url in _css_urls(css):
            problems += _load_problems(folder, css_file, url, name)
    return problems


def _load_problems(folder: Path, page: Path, url: str, name: str) -> list[str]:
    """What is wrong with a file the page (or style sheet) makes the browser fetch."""
    if other_site(url):
        return [f"{name}: loads {url} from another site"]
    if inline(url):
        return []
    if urlsplit(url).path.startswith("/"):
        return [f"{name}: loads {url} from the server's root, which is not the site's"]
    target = _target(folder, page, url)
    if not target.is_relative_to(folder):
        return [f"{name}: loads {url}, outside the site"]
    if not target.exists():
        return [f"{name}: loads {url}, which is not in the site"]
    return []


def _css_urls(css: str) -> list[str]:
    return [m["url"] for m in CSS_URL.finditer(css)]


def _target(folder: Path, page: Path, url: str) -> Path:
    path = unquote(urlsplit(url).path)
    target = (folder / path.lstrip("/")) if path.startswith("/") else (page.parent / path)
    target = target.resolve()
    return target / "index.html" if target.is_dir() else target


def _link_problems(folder: Path, page: Path, url: str, pages: dict) -> list[str]:
    parts = urlsplit(url)
    if parts.scheme or parts.netloc or url.startswith(("mailto:", "javascript:")):
        return []  # a link out of the site: a reader's click, not a load
    name = page.relative_to(folder).as_posix()
    if parts.path.startswith("/"):  # the site lives under /ann-by-doing/, not at the root
        return [f"{name}: links to {url} from the server's root, which is not the site's"]
    target = page if not parts.path else _target(folder, page, url)
    if not target.exists():
        return [f"{name}: links to {url}, which is not in the site"]
    if not target.resolve().is_relative_to(folder.resolve()):
        return [f"{name}: links to {url}, outside the site"]
    anchor = unquote(parts.fragment)
    if anchor and target.suffix == ".html":
        ids = pages[target].ids if target in pages else read_page(target).ids
        if anchor not in ids:
            return [f"{name}: links to {url}, but {target.name} has no #{anchor}"]
    return []
