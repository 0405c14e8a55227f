"""Every picture the notebooks save, with its alternative text.

Each code cell that draws pictures carries their alternative text in its metadata, under
"alt": one sentence for one picture, or a list with one per picture, in output order. It is
written in the notebook's text source (notebooks/text/NN_name.md, in the cell's `---` block)
and copied into the .ipynb by `python tools/notebooks.py prose NN`; the website puts it on
every picture for readers who cannot see it. An explorer's saved still picture counts too.

    python tools/figures.py                  # list every picture: notebook, cell, alt text
    python tools/figures.py --missing        # only those without alternative text (exit 1)
    python tools/figures.py --dump DIR 05    # write notebook 05's pictures to DIR as PNG
                                             # (SVG drawn by Chromium), to look at them

A good alternative text says in a sentence or two what the picture shows and what a
reader should see in it (the trend, the answer), not how it was drawn.
"""

from __future__ import annotations

import argparse
import base64
import sys
from dataclasses import dataclass
from pathlib import Path

import nbformat

sys.path.insert(0, str(Path(__file__).resolve().parent))
from notebooks import select  # noqa: E402

PICTURES = ("image/png", "image/svg+xml", "image/jpeg")


@dataclass
class Figure:
    notebook: str  # file name
    cell: int  # 0-based index in the .ipynb
    index: int  # the picture's place among the cell's pictures
    mime: str
    data: str
    alt: str | None
    widget: bool  # an explorer's saved still picture


def pictures(cell) -> list[tuple[str, str, bool]]:
    """(mime type, data, is it a widget's) of every picture a code cell saved, in order."""
    found = []
    for output in cell.get("outputs", []):
        data = output.get("data", {})
        mime = next((m for m in PICTURES if m in data), None)
        if mime:
            content = data[mime]
            content = "".join(content) if isinstance(content, list) else content
            found.append((mime, content, "application/vnd.jupyter.widget-view+json" in data))
    return found


def alt_texts(cell, count: int) -> list[str | None]:
    """The cell's alternative texts, one per picture (None where one is missing)."""
    alt = cell.metadata.get("alt")
    texts = [alt] if isinstance(alt, str) else list(alt or [])
    texts = [t.strip() if isinstance(t, str) and t.strip() else None for t in texts]
    return (texts + [None] * count)[:count]


def figures(notebook: Path) -> list[Figure]:
    nb = nbformat.read(notebook, as_version=4)
    found = []
    for i, cell in enumerate(nb.cells):
        shown = pictures(cell)
        for k, ((mime, data, widget), alt) in enumerate(zip(shown, alt_texts(cell, len(shown)))):
            found.append(Figure(notebook.name, i, k, mime, data, alt, widget))
    return found


def surplus(notebook: Path) -> list[str]:
    """Cells whose "alt" names more pictures than they draw (a text left behind)."""
    nb = nbformat.read(notebook, as_version=4)
    problems = []
    for i, cell in enumerate(nb.cells):
        alt = cell.metadata.get("alt")
        if alt is None:
            continue
        wanted = 1 if isinstance(alt, str) else len(alt)
        if wanted > len(pictures(cell)):
            problems.append(
                f"{notebook.name}, cell {i}: {wanted} alternative text(s) for "
                f"{len(pictures(cell))} picture(s)"
            )
    return problems


def dump(found: list[Figure], folder: Path) -> None:
    """Write each picture as PNG (SVG via Chromium) for a person to look at."""
    folder.mkdir(parents=True, exist_ok=True)
    svgs = []
    for fig in found:
        stem = folder / f"{fig.notebook[:2]}_cell{fig.cell:02d}_{fig.index}"
        if fig.mime == "image/png":
            stem.with_suffix(".png").write_bytes(base64.b64decode(fig.data))
        else:
            stem.with_suffix(".svg").write_text(fig.data)
            svgs.append(stem)
    if svgs:
        try:
            from playwright.sync_api import sync_playwright
        except ImportError:
            raise SystemExit(
                f"{len(svgs)} pictures are SVG, which Chromium draws as PNG here: install "
                "Playwright (pip install -r tests/browser/requirements.txt) and Chromium; "
                "the SVG files are written beside the PNGs meanwhile."
            ) from None

        sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests" / "browser"))
        from labdriver import CHROMIUM_ARGS, find_chromium  # as the browser tests find it

        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=find_chromium(), args=CHROMIUM_ARGS)
            page = browser.new_page()
            for stem in svgs:
                page.set_content(f"<body style='margin:0'>{stem.with_suffix('.svg').read_text()}")
                page.locator("svg").first.screenshot(path=str(stem.with_suffix(".png")))
            browser.close()


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("names", nargs="*", help="notebooks by number or name (default: all)")
    parser.add_argument("--missing", action="store_true", help="only pictures without alt text")
    parser.add_argument("--dump", type=Path, metavar="DIR", help="write the pictures here")
    args = parser.parse_args(argv)
    chosen = select(args.names)
    found = [fig for nb in chosen for fig in figures(nb)]
    problems = [p for nb in chosen for p in surplus(nb)]
    if args.dump:
        dump(found, args.dump)
        print(f"{len(found)} pictures written to {args.dump}")
    shown = [fig for fig in found if fig.alt is None] if args.missing else found
    for fig in shown:
        kind = "explorer" if fig.widget else fig.mime.split("/")[1].split("+")[0]
        print(f"{fig.notebook} cell {fig.cell} #{fig.index} ({kind}): {fig.alt or 'MISSING'}")
    for problem in problems:
        print(problem)
    missing = sum(fig.alt is None for fig in found)
    print(f"{len(found)} pictures, {missing} without alternative text")
    return 1 if (args.missing and missing) or problems else 0


if __name__ == "__main__":
    sys.exit(main())
