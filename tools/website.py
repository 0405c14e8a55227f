"""The course as a website: every notebook a page to read, search and launch in a browser.

    python tools/website.py build    # build/site/, from the saved notebooks (no kernel)
    python tools/website.py check    # the built site's links, anchors and pictures, and
                                     # that it loads nothing from another site
    python tools/website.py serve    # look at it: http://127.0.0.1:8000

`build` needs the `site` extra (`pip install -e ".[site]"`) and Node.js with npm (once, it
installs MathJax and axe-core from site/package-lock.json into site/node_modules; then it
needs no network). It:

1. copies site/ (Sphinx's settings, the style sheet, the templates) to build/site-src
   (beside the output folder, whatever --out names);
2. prepares each executed notebook for the web (`web_notebook`), without running it:
   every picture becomes an image file with its alternative text (the cell's "alt"
   metadata: a build fails if one is missing), an explorer saved with its states drawn
   ahead works on the page (tools/site_explorers.py), any other keeps its still picture
   with a line saying how to move it, an exercise gets its hint and solution
   folded under it, and links to the README point into the site;
3. writes the home page and the teachers' page from the README, the notebooks' openings
   and annlib's exercises, so that none of them is written twice;
4. runs Sphinx (myst-nb, sphinx-book-theme), with every warning an error, then typesets
   every formula in place (site/typeset.cjs: MathJax in Node.js, SVG with MathML for
   screen readers), so that maths, fonts, scripts and search all come from the site.

The result is the same files for the same sources, wherever and whenever it is built.
"""

from __future__ import annotations

import argparse
import base64
import copy
import hashlib
import html
import io
import json
import os
import re
import shutil
import struct
import subprocess
import sys
import tempfile
import time
import warnings
from pathlib import Path

import nbformat

try:
    import tomllib
except ImportError:  # Python 3.10 (the tests of this file run there too): pytest brings tomli
    import tomli as tomllib

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tools"))
import site_explorers  # noqa: E402
from figures import alt_texts, pictures  # noqa: E402

from notebooks import notebooks, read_text  # noqa: E402

SOURCE = ROOT / "site"
OUT = ROOT / "build" / "site"
FIGURE_CACHE = ROOT / "build" / "figure-cache"
WIDGET = "application/vnd.jupyter.widget-view+json"

# An explorer's text, saved for reading without a kernel:
# "NeuronExplorer: neuron G with ... patterns (run the cell to move the sliders)"
EXPLORER_TEXT = re.compile(r"^(?P<cls>\w+): (?P<state>.*?)\s*\(run the cell to (?P<todo>[^)]*)\)$")
EXERCISE_CELL = re.compile(r'^exercise\("(?P<key>\d+\.\d+)"\)$')


# ---------------------------------------------------------------------------
# facts written once elsewhere
# ---------------------------------------------------------------------------


def project_facts() -> dict:
    """Title, addresses and version, from pyproject.toml, the README, LICENSE and annlib."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    urls = project["urls"]
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    title = re.search(r"^# (.+)$", readme, re.M).group(1).strip()
    holder = re.search(r"^Copyright \(c\) (.+)$", (ROOT / "LICENSE").read_text(), re.M).group(1)
    init = (ROOT / "annlib" / "__init__.py").read_text(encoding="utf-8")
    version = re.search(r'^__version__ = "([^"]+)"', init, re.M).group(1)
    return {
        "title": title,
        "author": re.sub(r'^The "(.+)"', r"the “\1”", holder.split(" ", 1)[1]),
        "copyright": re.sub(r'"(.+)"', r"“\1”", holder),
        "version": version,
        "repository": urls["Repository"],
        "website": urls["Website"],
        "branch": "main",
    }


def binder_url(facts: dict, notebook: str | None = None) -> str:
    """mybinder.org's address for the repository, opening `notebook` in JupyterLab."""
    slug = facts["repository"].removeprefix("https://github.com/").strip("/")
    url = f"https://mybinder.org/v2/gh/{slug}/{facts['branch']}"
    return url + (f"?urlpath=lab/tree/notebooks/{notebook}" if notebook else "")


def readme_section(readme: str, heading: str) -> str:
    """The text of the README's `## heading` section, up to the next `## `."""
    match = re.search(rf"^## {re.escape(heading)}\n(.*?)(?=^## |\Z)", readme, re.M | re.S)
    if not match:
        raise SystemExit(f"README.md has no section '## {heading}', which the website uses")
    return match.group(1).strip()


def course_map(readme: str) -> list[dict]:
    """The README's course map: number, title, notebook file and what you do, per row."""
    rows = []
    for line in readme_section(readme, "Course map").splitlines():
        match = re.match(
            r"^\| (\d\d) \| \[([^\]]+)\]\(notebooks/([^)]+\.ipynb)\) \| (.+) \|$", line
        )
        if match:
            number, title, file, what = match.groups()
            rows.append({"number": number, "title": title, "file": file, "what": what})
    files = [nb.name for nb in notebooks()]
    if [row["file"] for row in rows] != files:
        raise SystemExit(
            "README.md's course map must list every notebook once, in order: it lists "
            f"{[row['file'] for row in rows]}, the notebooks are {files}"
        )
    return rows


def opening(notebook: Path) -> dict:
    """What a notebook's first cells say: what you will learn, the time, what it builds on."""
    cells = [c.source for c in read_text(notebook).cells if c.cell_type == "markdown"][:3]
    text = "\n\n".join(cells)
    learn = re.search(r"\*\*What you will learn\*\*\n\n((?:- .*\n?)+)", text)
    time_needed = re.search(r"^(About \d+ minutes.*)$", text, re.M)
    builds_on = re.search(r"^\*\*Builds on:\*\* (.+)$", text, re.M)
    if not learn or not time_needed:
        raise SystemExit(
            f"{notebook.name} must open with '**What you will learn**' and a list, and a "
            "line 'About N minutes ...': the teachers' page is made from them"
        )
    return {
        "learn": learn.group(1).strip(),
        "time": time_needed.group(1).strip(),
        "builds_on": builds_on.group(1).strip() if builds_on else None,
    }


# ---------------------------------------------------------------------------
# one notebook, prepared for the web
# ---------------------------------------------------------------------------


def png_size(data: bytes) -> tuple[int, int]:
    width, height = struct.unpack(">II", data[16:24])
    return width, height


def svg_size(text: str) -> tuple[int, int] | None:
    match = re.search(r'<svg[^>]*\bwidth="([\d.]+)"[^>]*\bheight="([\d.]+)"', text)
    return (round(float(match[1])), round(float(match[2]))) if match else None


def picture_file(mime: str, content: str, folder: Path) -> tuple[str, tuple | None]:
    """Write a saved picture to `folder`, named by its content; (file name, size).

    A PNG becomes a lossless WebP: the same pixels in about half the bytes (measured on
    the course's pictures: 4.3 MB of PNG, 2.1 MB of WebP). Each is made once and kept in
    build/figure-cache, so that a rebuild takes no time for it.
    """
    if mime == "image/svg+xml":
        data, size, suffix = content.encode("utf-8"), svg_size(content), ".svg"
    elif mime == "image/png":
        png = base64.b64decode(content)
        data, size, suffix = lossless_webp(png), png_size(png), ".webp"
    else:
        data, size, suffix = base64.b64decode(content), None, ".jpg"
    name = hashlib.sha256(data).hexdigest()[:20] + suffix
    folder.mkdir(parents=True, exist_ok=True)
    (folder / name).write_bytes(data)
    return name, size


WEBP = {"lossless": True, "quality": 100, "method": 2, "exact": True}


def lossless_webp(png: bytes) -> bytes:
    """The PNG's pixels as a lossless WebP, cached by the PNG's content, the settings and
    the encoder's version (another version may write other bytes for the same pixels)."""
    import PIL
    from PIL import Image, features

    encoder = f"{PIL.__version__}-{features.version('webp')}-{sorted(WEBP.items())}"
    key = hashlib.sha256(png + encoder.encode()).hexdigest()
    cached = FIGURE_CACHE / f"{key}.webp"
    if cached.exists():
        return cached.read_bytes()
    with Image.open(io.BytesIO(png)) as image:
        out = io.BytesIO()
        image.save(out, "WEBP", **WEBP)
    FIGURE_CACHE.mkdir(parents=True, exist_ok=True)
    with tempfile.NamedTemporaryFile(dir=FIGURE_CACHE, suffix=".partial", delete=False) as part:
        part.write(out.getvalue())
    os.replace(part.name, cached)  # whole or not at all, whoever else builds at the same time
    return out.getvalue()


def img_tag(name: str, size, alt: str, display_width=None) -> str:
    dims = ""
    if size:
        width, height = size
        if display_width:  # a picture saved at twice its size for sharp screens
            height, width = round(height * display_width / width), display_width
        dims = f' width="{width}" height="{height}"'
    return (
        f'<img src="_static/figures/{name}" alt="{html.escape(alt, quote=True)}"{dims} '
        'loading="lazy" decoding="async" class="course-figure">'
    )


def widget_name(cls: str) -> str:
    """An explorer's class name as words: "SSEExplorer" -> "SSE explorer"."""
    words = re.findall(r"[A-Z]+(?=[A-Z][a-z])|[A-Z][a-z]+|[A-Z]+", cls)
    return " ".join(w if w.isupper() and len(w) > 1 else w.lower() for w in words)


def explorer_note(cls: str, state: str, todo: str, launch: str, picture: bool) -> str:
    """The line under an explorer on a page with no Python behind it."""
    here = (
        "On this page it is a still picture"
        if picture
        else "Its controls appear only when the notebook runs"
    )
    return (
        f'<p class="explorer-note"><strong>The {html.escape(widget_name(cls))}</strong>, as '
        f"the notebook saved it: {html.escape(state.rstrip('. '))}. {here}: to "
        f"{html.escape(todo)}, {_launch_links(launch)}.</p>"
    )


def _launch_links(launch: str) -> str:
    return (
        f'<a href="{html.escape(launch, quote=True)}">launch this notebook on Binder</a> or '
        '<a href="index.html#run-it-on-your-machine">run the course on your machine</a>'
    )


def live_note(cls: str, data: dict, launch: str) -> str:
    """The line under an explorer that works on the page (its states drawn ahead)."""
    return (
        f'<p class="explorer-note"><strong>The {html.escape(widget_name(cls))}</strong> works '
        "on this page with no Python behind it: annlib drew its pictures ahead, for "
        f"{html.escape(site_explorers.plan(data))}. To try any values, "
        f"{_launch_links(launch)}.</p>"
    )


def exercise_folds(key: str) -> str:
    """An exercise's hint and model answer, folded until the reader opens them."""
    from annlib.exercises import exercise

    ex = exercise(key)
    hint, solution = str(ex.hint()), str(ex.solution())
    hint_prefix, solution_prefix = f"Hint for {key}: ", f"Solution of {key}:\n"
    if not (hint.startswith(hint_prefix) and solution.startswith(solution_prefix)):
        raise SystemExit(f"exercise {key}: its hint or solution no longer starts as expected")
    return (
        f'<details class="exercise-fold"><summary>Hint for {key}</summary>'
        f"<p>{html.escape(hint.removeprefix(hint_prefix))}</p></details>"
        f'<details class="exercise-fold"><summary>A model answer to {key}</summary>'
        f"<pre>{html.escape(solution.removeprefix(solution_prefix))}</pre></details>"
    )


# A line of a notebook that speaks to a reader with a kernel, such as "*If you see only
# text here, run the cell (Shift+Enter).*": true in JupyterLab, wrong on a web page
KERNEL_ONLY_LINE = re.compile(r"^\*If you see only [^*\n]*run the cell[^*\n]*\*\n?", re.M)
NAV_LINE = re.compile(r"^\*Neural networks by doing\* · notebook (\d+) of (\d+) · .*$", re.M)
NOT_ANSWERED = re.compile(r"^Exercise \d+\.\d+: not answered yet")
PROGRESS_BAR = re.compile(r"\d+%\|")


def readme_address(facts: dict) -> str:
    return f"{facts['repository'].rstrip('/')}/blob/{facts['branch']}/README.md"


def web_markdown(source: str, facts: dict) -> str:
    """A markdown cell with its links made to work on the site, and without the lines
    that only make sense with a kernel."""
    source = source.replace("](../README.md#course-map)", "](index.md#course-map)")
    readme = readme_address(facts)
    source = re.sub(r"\]\(\.\./README\.md(#[^)]*)?\)", lambda m: f"]({readme}{m[1] or ''})", source)
    return KERNEL_ONLY_LINE.sub("", source)


def blank_picture(mime: str, content: str) -> bool:
    """True for a PNG of one colour only, such as a drawing pad nobody drew on yet."""
    if mime != "image/png":
        return False
    from PIL import Image

    with Image.open(io.BytesIO(base64.b64decode(content))) as image:
        return all(low == high for low, high in image.convert("RGB").getextrema())


def web_notebook(path: Path, facts: dict, figures: Path) -> nbformat.NotebookNode:
    """A copy of a saved notebook that reads well as a web page. What the outputs say is
    unchanged; only how they are shown: pictures as files with their alternative text,
    widgets as their saved still views with a line on how to move them, exercises with
    their hints and model answers folded. Anything it cannot place stops the build."""
    from annlib.exercises import exercises

    nb = copy.deepcopy(nbformat.read(path, as_version=4))
    launch = binder_url(facts, path.name)
    problems, folded = [], []
    for index, cell in enumerate(nb.cells):
        where = f"{path.name}, cell {index}"
        if cell.cell_type == "markdown":
            cell.source = web_markdown(cell.source, facts)
            if (
                "exercises-section" in cell.metadata.get("tags", [])
                and "## Exercises" in cell.source
            ):
                cell.source += (
                    "\n\n:::{note}\nOn this page the answer cells cannot run. To answer, "
                    f'<a href="{launch}">launch this notebook on Binder</a> or '
                    "[run the course on your machine](index.md#run-it-on-your-machine); "
                    "each exercise's hint and model answer are folded under it here.\n:::"
                )
            continue
        if cell.cell_type != "code":
            continue
        # nbval's markers are the tests' business, not the reader's
        cell.source = re.sub(r"^# NBVAL_\w+[^\n]*(\n|$)", "", cell.source, flags=re.M)
        alts = alt_texts(cell, len(pictures(cell)))
        if None in alts:
            problems.append(f"{where}: a picture has no alternative text")
            continue
        alts = iter(alts)
        exercise = EXERCISE_CELL.match(cell.source.strip())
        kept = []
        for number, output in enumerate(cell.get("outputs", [])):
            data = output.get("data")
            if data is None:
                kept.append(output)
                continue
            widget = data.pop(WIDGET, None) is not None
            ahead = data.pop(site_explorers.MIME, None)
            mime = next(
                (m for m in ("image/png", "image/svg+xml", "image/jpeg") if m in data), None
            )
            text = _joined(data.get("text/plain", ""))
            if NOT_ANSWERED.match(text):
                continue  # "replace the ... and run the cell again": nothing to run here
            explorer = EXPLORER_TEXT.match(text.strip()) if widget else None
            if widget and not explorer and not PROGRESS_BAR.search(text):
                problems.append(
                    f"{where}: a widget the page cannot show: no picture, and its text "
                    f"{text.strip()[:80]!r} is neither an explorer's description "
                    "('Name: state (run the cell to ...)') nor a finished progress bar"
                )
            shown, alt = "", None
            if mime:
                content, alt = _joined(data[mime]), next(alts)
                if not (explorer and (ahead or blank_picture(mime, content))):
                    name, size = picture_file(mime, content, figures)
                    width = output.get("metadata", {}).get(mime, {}).get("width")
                    shown = img_tag(name, size, alt, width)
            if explorer and ahead:
                shown = site_explorers.live_explorer(
                    ahead,
                    f"explorer-{index}-{number}",
                    live_note(explorer["cls"], ahead, launch),
                    alt,
                )
            elif explorer:
                note = explorer_note(*explorer.group("cls", "state", "todo"), launch, bool(shown))
                kind = "explorer-still" if shown else "explorer-absent"
                shown = f'<div class="{kind}">{shown}{note}</div>'
            if shown:
                output.data = nbformat.from_dict({"text/html": shown})
                output.metadata = nbformat.from_dict({})
            if exercise and "text/html" in data:
                data["text/html"] = _joined(data["text/html"]) + exercise_folds(exercise["key"])
                folded.append(exercise["key"])
            kept.append(output)
        cell.outputs = kept
    nav = NAV_LINE.search(nb.cells[0].source) if nb.cells else None
    if nav is None:
        problems.append(
            f"{path.name}: its first cell has no line "
            "'*Neural networks by doing* · notebook N of M · ...'"
        )
    else:
        nb.cells[0].source = nb.cells[0].source.replace(
            nav[0],
            f'{nav[0]} · <a href="{launch}">launch on Binder</a> · '
            f'<a href="_sources/{path.name}" download>download the notebook</a>',
        )
        wanted = [ex.key for ex in exercises(int(nav[1]))]
        if folded != wanted:
            problems.append(
                f"{path.name}: the exercises {wanted} should each be shown by a cell "
                f'exercise("N.M") of their own, in order; found {folded}'
            )
    if problems:
        raise SystemExit(
            "\n".join(problems) + "\n(An alternative text goes in the cell's `alt` metadata "
            "in the notebook's text source, then `python tools/notebooks.py prose NN`; see "
            "tools/figures.py.)"
        )
    return nb


def _joined(value) -> str:
    return "".join(value) if isinstance(value, list) else value


# ---------------------------------------------------------------------------
# the home page and the teachers' page
# ---------------------------------------------------------------------------


def _needed(match, what: str):
    if match is None:
        raise SystemExit(f"README.md's 'Get started' section needs {what}: the home page uses it")
    return match


def readme_links(text: str, facts: dict) -> str:
    """README text with its links made to work on the site: notebooks are pages here,
    and the README's own sections are read in the repository."""
    readme = readme_address(facts)
    text = re.sub(r"\]\(notebooks/([^)]+\.ipynb)\)", r"](\1)", text)
    return re.sub(r"\]\((#[^)]+)\)", lambda m: f"]({readme}{m[1]})", text)


def plain(markdown: str, limit: int = 300) -> str:
    """Markdown as one line of plain text, cut after the last sentence that fits."""
    text = re.sub(r"\[([^\]]+)\]\([^)]*\)", r"\1", markdown)
    text = " ".join(re.sub(r"[`*]", "", text).split())
    if len(text) <= limit:
        return text
    cut = text[:limit]
    return cut[: cut.rfind(". ") + 1] if ". " in cut else cut.rsplit(" ", 1)[0] + " …"


def descriptions() -> dict[str, str]:
    """Each page's description for search engines: the README's words for it."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    intro = readme.split("\n## ", 1)[0].split("\n\n")
    first = next(p for p in intro[1:] if not p.startswith(("[![", "**")))
    found = {
        "index": plain(first),
        "teachers": plain(
            "For teachers: each notebook's goals, time, what it builds on and its exercises, "
            "for a hands-on course that builds a neural network from one neuron to MNIST."
        ),
    }
    for row in course_map(readme):
        found[Path(row["file"]).stem] = plain(f"{row['title']}: {row['what']}")
    return found


def home_page(facts: dict) -> str:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    intro = readme_links(readme.split("\n## ", 1)[0], facts)
    paragraphs = [  # not the badge, nor the line that sends README readers here
        p for p in intro.split("\n\n")[1:] if not p.startswith(("[![", "**Read it in your"))
    ]
    start = readme_section(readme, "Get started")
    commands = _needed(re.search(r"```bash\n(.+?)\n```", start, re.S), "a ```bash block")[1]
    rows = course_map(readme)
    table = "\n".join(
        f"| {r['number']} | [{r['title']}]({r['file']}) | {readme_links(r['what'], facts)} |"
        for r in rows
    )
    needs = _needed(
        re.search(r"^You need Python .+? and `pip`\.", start, re.M),
        "a line 'You need Python X to Y and `pip`.'",
    )[0]
    first = rows[0]
    toctree = "\n".join(Path(r["file"]).stem for r in rows)
    return f"""# {facts["title"]}

{chr(10).join(chr(10) + p for p in paragraphs).strip()}

## Three ways to start

**Read it here.** Every notebook is a page of this site, with its pictures, tables and
printed results as they came out when it was last run. Start with
[{first["number"]} · {first["title"]}]({first["file"]}), or pick a notebook from the
[course map](#course-map). The explorers are still pictures here, and the exercises show
their hints and model answers folded under them.

(run-it-on-your-machine)=
**Run it on your machine.** {needs} Download the course
from [its repository]({facts["repository"]}), and in a terminal, in its folder:

```bash
{commands}
```

That installs everything and opens the first notebook in JupyterLab, where the sliders
move and your answers to the exercises are checked. The
[README]({facts["repository"]}#get-started) says more, including how to get the MNIST
digits to a machine without internet.

**Launch it on Binder.** [Binder]({binder_url(facts, first["file"])}) opens the course in
JupyterLab in your browser, with everything installed and nothing to set up. It is a free
public service with limited capacity: a start can take several minutes, and your work is
not kept when you leave. Each notebook's page has its own "launch on Binder" link.

## Course map

| # | Notebook | What you do |
|---|---|---|
{table}

**Teaching with it?** [For teachers](teachers.md) lists each notebook's goals, time,
what it builds on and its exercises on one page.

```{{toctree}}
:hidden:
:maxdepth: 1

{toctree}
teachers
```
"""


def teachers_page() -> str:
    from annlib.exercises import exercises

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    parts = [
        "# For teachers",
        "",
        "Each notebook in a few lines: what a learner takes away, how long it takes, what "
        "it builds on, and the exercises at its end. Every exercise is checked in the "
        "learner's own kernel by `annlib.exercises` (nothing is sent anywhere); the checks "
        "test what an answer does on many inputs, not how it is written, and each hint "
        'and model answer is one call away (`exercise("1.1").hint()`, `.solution()`).',
    ]
    for row, nb in zip(course_map(readme), notebooks()):
        facts = opening(nb)
        parts += ["", f"## {row['number']} · [{row['title']}]({row['file']})", ""]
        parts += [f"**Time:** {facts['time']}", ""]
        if facts["builds_on"]:
            parts += [f"**Builds on:** {facts['builds_on']}", ""]
        parts += ["**What you will learn**", "", facts["learn"], "", "**Exercises**", ""]
        for ex in exercises(int(row["number"])):
            parts.append(f"- [{ex.key}: {ex.title}]({row['file']}#exercises)")
    return "\n".join(parts) + "\n"


# ---------------------------------------------------------------------------
# the build
# ---------------------------------------------------------------------------


def _installed_as_locked(modules: Path) -> bool:
    """Whether site/node_modules holds each package at the version the lock file names."""
    lock = json.loads((SOURCE / "package-lock.json").read_text(encoding="utf-8"))
    for name in lock["packages"][""].get("devDependencies", {}):
        installed = modules / name / "package.json"
        wanted = lock["packages"][f"node_modules/{name}"]["version"]
        if not installed.exists() or json.loads(installed.read_text())["version"] != wanted:
            return False
    return True


def node_modules() -> Path:
    """site/node_modules with MathJax and axe-core, installed by npm from the lock file."""
    modules = SOURCE / "node_modules"
    if not _installed_as_locked(modules):
        npm = shutil.which("npm")
        if npm is None:
            raise SystemExit(
                "The website needs MathJax from npm, and npm is not installed: install "
                "Node.js (which brings npm), then run this again."
            )
        print("installing MathJax and axe-core with npm (site/package-lock.json) ...", flush=True)
        subprocess.run([npm, "ci", "--no-audit", "--no-fund"], cwd=SOURCE, check=True)
    return modules


# A formula as Sphinx writes it for MathJax: inline \( ... \) in a span whose classes
# include "math"; display math in such a div, after an equation number if any, inside
# \[ ... \] or, for an amsmath environment or a notebook's LaTeX output, bare
MATH_CLASS = r'class="(?:[^"]*\s)?math(?:\s[^"]*)?"'
INLINE_MATH = re.compile(rf"(<span {MATH_CLASS}>)\\\((.*?)\\\)(</span>)", re.S)
DISPLAY_MATH = re.compile(
    rf'(<div {MATH_CLASS}[^>]*>\s*(?:<span class="eqno">.*?</span>\s*)?)'
    r"(?:\\\[)?(.*?)(?:\\\])?(\s*</div>)",
    re.S,
)
MATH_ELEMENT = re.compile(rf"<(?:span|div) {MATH_CLASS}[^>]*>")


def find_maths(text: str) -> list[tuple[re.Match, bool]]:
    """Every formula of a page as (its match, whether it is displayed), in page order."""
    found = [(m, False) for m in INLINE_MATH.finditer(text)]
    found += [(m, True) for m in DISPLAY_MATH.finditer(text)]
    return sorted(found, key=lambda item: item[0].start())


def typeset(pages: list[list[tuple[str, bool]]]) -> tuple[str, list[list[str]]]:
    """Each page's formulas as SVG with MathML (site/typeset.cjs: MathJax in Node.js, a
    fresh document per page); the style sheet they need."""
    node = shutil.which("node")
    if node is None:
        raise SystemExit(
            "The website typesets its maths with Node.js, which is not installed: install "
            "Node.js (with npm), then run this again."
        )
    node_modules()
    done = subprocess.run(
        [node, str(SOURCE / "typeset.cjs")],
        input=json.dumps({"pages": pages}),
        capture_output=True,
        text=True,
        cwd=SOURCE,
    )
    if done.returncode != 0:
        raise SystemExit(f"typesetting the maths failed:\n{done.stderr}")
    result = json.loads(done.stdout)
    if result["errors"]:
        raise SystemExit("MathJax could not read these formulas:\n" + "\n".join(result["errors"]))
    return result["css"], result["pages"]


def typeset_maths(out: Path) -> int:
    """Typeset every formula of the built pages in place: SVG, with MathML beside it for
    screen readers. Stops the build if a formula is left as TeX. The number of formulas."""
    pages = sorted(out.glob("*.html"))
    texts = [page.read_text(encoding="utf-8") for page in pages]
    found = [find_maths(text) for text in texts]
    css, drawn = typeset([[[html.unescape(m[2]).strip(), d] for m, d in f] for f in found])
    (out / "_static" / "maths.css").write_text(css, encoding="utf-8")
    left = []
    for page, text, matches, svgs in zip(pages, texts, found, drawn):
        if not matches:
            continue
        for (match, _), svg in sorted(
            zip(matches, svgs), key=lambda item: item[0][0].start(), reverse=True
        ):
            text = text[: match.start()] + match[1] + svg + match[3] + text[match.end() :]
        if len(MATH_ELEMENT.findall(text)) != len(matches):
            left.append(page.name)
        link = '<link rel="stylesheet" type="text/css" href="_static/maths.css" />\n'
        page.write_text(text.replace("</head>", link + "</head>", 1), encoding="utf-8")
    if left:
        raise SystemExit(f"formulas left as TeX in {left}: update find_maths in tools/website.py")
    return sum(len(f) for f in found)


def _without_icon_script(target: Path) -> None:
    """The theme's asset macros without fontawesome.js (1.6 MB, to let authors add their
    own icons, which this site does not): the theme's style sheet draws its icons from
    Font Awesome's fonts already. Written from the installed theme, so it follows its
    version."""
    import pydata_sphinx_theme

    theme = Path(pydata_sphinx_theme.__file__).parent / "theme" / "pydata_sphinx_theme"
    macros = (theme / "static" / "webpack-macros.html").read_text(encoding="utf-8")
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(
        re.sub(r"\s*<script[^>]*fontawesome\.js[^>]*></script>", "", macros), encoding="utf-8"
    )


def stage(facts: dict, stage_dir: Path) -> None:
    """Sphinx's source folder: site/, the notebooks prepared for the web, the two pages."""
    if stage_dir.exists():
        shutil.rmtree(stage_dir)
    shutil.copytree(
        SOURCE, stage_dir, ignore=shutil.ignore_patterns("node_modules", "package*.json")
    )
    facts = {**facts, "descriptions": descriptions()}
    (stage_dir / "site.json").write_text(json.dumps(facts, indent=1), encoding="utf-8")
    _without_icon_script(stage_dir / "_templates" / "static" / "webpack-macros.html")
    figures = stage_dir / "_static" / "figures"
    for path in notebooks():
        nbformat.write(web_notebook(path, facts, figures), stage_dir / path.name)
    (stage_dir / "index.md").write_text(home_page(facts), encoding="utf-8")
    (stage_dir / "teachers.md").write_text(teachers_page(), encoding="utf-8")


BUILT = (".nojekyll", "objects.inv", "index.html")  # what tells a site this build wrote
STAGED = ("conf.py", "site.json")  # and the sources it staged


def safe_to_replace(folder: Path, marks: tuple[str, ...]) -> None:
    """Refuse to delete a folder this build did not write (a mistyped --out, say)."""
    folder = folder.resolve()
    if folder == ROOT or folder in ROOT.parents or folder == Path.home():
        raise SystemExit(f"{folder} is not a place for the website: choose a new folder.")
    if folder.exists() and any(folder.iterdir()) and not all((folder / m).exists() for m in marks):
        raise SystemExit(
            f"{folder} holds files the website's build did not write; the build replaces "
            "that whole folder, so choose a new or empty one (--out)."
        )


def build(out: Path = OUT) -> float:
    """Build the site into `out` (Sphinx's sources beside it, in OUT-src); the seconds."""
    try:
        from sphinx.cmd.build import build_main
    except ImportError:
        raise SystemExit('The website needs Sphinx and myst-nb: pip install -e ".[site]"') from None
    start = time.perf_counter()
    out = Path(out).resolve()
    stage_dir = out.with_name(out.name + "-src")
    safe_to_replace(out, BUILT)
    safe_to_replace(stage_dir, STAGED)
    stage(project_facts(), stage_dir)
    if out.exists():
        shutil.rmtree(out)
    args = ["-b", "html", "-E", "-q", "-W", "--keep-going", "-d", str(stage_dir / ".doctrees")]
    with warnings.catch_warnings():  # the extensions' notes to their own maintainers
        warnings.simplefilter("ignore", DeprecationWarning)
        warnings.simplefilter("ignore", PendingDeprecationWarning)
        failed = build_main([*args, str(stage_dir), str(out)])
    if failed:
        raise SystemExit("Sphinx reported problems (above); the site was not built.")
    for path in notebooks():  # the download is the notebook itself, not the web copy
        shutil.copy2(path, out / "_sources" / path.name)
    typeset_maths(out)
    (out / ".buildinfo").unlink(missing_ok=True)
    for template in out.glob("_static/*webpack-macros.html"):  # the themes' Jinja, not pages
        template.unlink()
    (out / ".nojekyll").write_text("")  # GitHub Pages: serve _static and _sources as they are
    return time.perf_counter() - start


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("command", choices=["build", "check", "serve"])
    parser.add_argument("--out", type=Path, default=OUT, help="the site's folder")
    parser.add_argument("--port", type=int, default=8000)
    args = parser.parse_args(argv)
    if args.command == "build":
        seconds = build(args.out)
        print(f"built {args.out} in {seconds:.1f} s; look at it: python tools/website.py serve")
        return 0
    if args.command == "check":
        from website_check import check_site

        problems = check_site(args.out)
        for problem in problems:
            print(problem)
        print(f"{len(problems)} problems in {args.out}")
        return 1 if problems else 0
    if not (args.out / "index.html").exists():
        raise SystemExit(f"{args.out} holds no website yet: python tools/website.py build")
    import functools
    import http.server

    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(args.out))
    with http.server.ThreadingHTTPServer(("127.0.0.1", args.port), handler) as server:
        print(f"http://127.0.0.1:{args.port}/ (Ctrl+C to stop)")
        server.serve_forever()
    return 0


if __name__ == "__main__":
    sys.exit(main())
