"""How tools/website.py prepares the notebooks and pages for the web (no Sphinx needed).

The built site itself is checked in Chromium by tests/browser/test_site.py.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import nbformat
import pytest
from scripts import load_script

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def website():
    module = load_script("tools/website.py", "course_website")
    yield module
    sys.modules.pop("course_website", None)


@pytest.fixture(scope="module")
def facts(website):
    return website.project_facts()


def test_the_addresses_are_written_once_and_the_readme_badge_uses_them(website, facts):
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert website.binder_url(facts, "01_threshold_neuron.ipynb") in readme
    assert facts["website"] in readme
    assert facts["repository"].startswith("https://github.com/")


def test_the_home_page_carries_the_readme_course_map_and_commands(website, facts):
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    home = website.home_page(facts)
    rows = website.course_map(readme)
    assert [r["file"] for r in rows] == [nb.name for nb in website.notebooks()]
    for row in rows:
        what = website.readme_links(row["what"], facts)
        assert f"| {row['number']} | [{row['title']}]({row['file']}) | {what} |" in home
    commands = re.search(
        r"```bash\n(.+?)\n```", website.readme_section(readme, "Get started"), re.S
    )
    assert commands[1] in home
    assert "(run-it-on-your-machine)=" in home
    assert "](#" not in home.split("## Three ways")[0]  # README anchors point to the README
    assert "**Read it in your" not in home


def test_a_course_map_that_misses_a_notebook_is_refused(website, facts):
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    broken = "\n".join(line for line in readme.splitlines() if "| 09 |" not in line)
    with pytest.raises(SystemExit, match="course map must list every notebook"):
        website.course_map(broken)


def test_the_teachers_page_has_every_notebook_with_its_time_basis_and_exercises(website):
    from annlib.exercises import EXERCISES

    page = website.teachers_page()
    assert page.count("**Time:** About") == len(website.notebooks())
    assert page.count("**Builds on:**") == len(website.notebooks())
    for key, exercise in EXERCISES.items():
        assert f"[{key}: {exercise.title}](" in page


def test_a_notebook_for_the_web(website, facts, tmp_path):
    path = ROOT / "notebooks" / "01_threshold_neuron.ipynb"
    saved = nbformat.read(path, as_version=4)
    web = website.web_notebook(path, facts, tmp_path)
    text = nbformat.writes(web)
    assert "application/vnd.jupyter.widget-view+json" not in text
    assert "NBVAL_CHECK_OUTPUT" not in text
    assert "../README.md" not in text
    assert "(index.md#course-map)" in web.cells[0].source
    assert "launch on Binder" in web.cells[0].source
    # every picture is a file with the alternative text of its cell
    for old, new in zip(saved.cells, web.cells):
        alt = old.metadata.get("alt")
        shown = "".join(
            "".join(o.get("data", {}).get("text/html", "")) for o in new.get("outputs", [])
        )
        if alt and 'class="explorer-live"' in shown:  # it describes the saved state
            assert f'aria-label="{alt}"'.replace("'", "&#x27;") in shown
        elif alt:
            src = re.search(r'src="_static/figures/([^"]+)"', shown)[1]
            assert (tmp_path / src).stat().st_size > 100
            assert f'alt="{alt}"'.replace("'", "&#x27;") in shown
    # the explorer works on the page: its controls, annlib's picture of the saved state,
    # the states drawn ahead, and a line saying what was drawn and how to launch it
    explorer = next(c for c in web.cells if "neuron_explorer" in c.source)
    html = explorer.outputs[0].data["text/html"]
    assert 'class="explorer-live"' in html and "<img" not in html
    assert html.count('type="range"') == 6 and html.count('class="explorer-box"') == 6
    assert '<svg xmlns="http://www.w3.org/2000/svg"' in html and "<table" in html
    assert 'class="explorer-data"' in html and "every position of one slider at a time" in html
    assert "launch this notebook on Binder" in html and "run the cell" not in html
    assert not list(tmp_path.glob("*.svg"))  # no still picture left unused in the site
    # an exercise: its task, then its hint and model answer folded
    task = next(c for c in web.cells if c.source.strip() == 'exercise("1.1")')
    html = task.outputs[0].data["text/html"]
    assert html.startswith("<b>Exercise 1.1")
    assert html.count("<details") == 2 and "Hint for 1.1" in html and "model answer" in html


def test_an_explorer_with_no_states_drawn_ahead_stays_a_still_picture(website, facts, tmp_path):
    path = ROOT / "notebooks" / "10_neurons_at_work.ipynb"
    web = website.web_notebook(path, facts, tmp_path)
    inspector = next(c for c in web.cells if c.source.startswith("NeuronInspector("))
    html = inspector.outputs[0].data["text/html"]
    assert 'class="explorer-still"' in html and "<img" in html and "explorer-live" not in html


def test_states_saved_by_another_annlib_stop_the_build(website, facts, tmp_path):
    from annlib.widgets import _ahead

    nb = nbformat.read(ROOT / "notebooks" / "03_measuring_error.ipynb", as_version=4)
    output = next(
        o for c in nb.cells for o in c.get("outputs", []) if _ahead.MIME in o.get("data", {})
    )
    output.data[_ahead.MIME]["format"] = _ahead.FORMAT + 1
    broken = tmp_path / "03_measuring_error.ipynb"
    nbformat.write(nb, broken)
    with pytest.raises(SystemExit, match="rebuild the notebook"):
        website.web_notebook(broken, facts, tmp_path)


def test_a_picture_without_alternative_text_stops_the_build(website, facts, tmp_path):
    nb = nbformat.read(ROOT / "notebooks" / "01_threshold_neuron.ipynb", as_version=4)
    cell = next(c for c in nb.cells if "alt" in c.metadata)
    del cell.metadata["alt"]
    broken = tmp_path / "01_threshold_neuron.ipynb"
    nbformat.write(nb, broken)
    with pytest.raises(SystemExit, match="a picture has no alternative text"):
        website.web_notebook(broken, facts, tmp_path / "figures")


def test_an_explorer_without_a_picture_still_says_how_to_use_it(website):
    note = website.explorer_note("PhotoReader", "no number read yet", "upload a photo", "B", False)
    assert "controls appear only when the notebook runs" in note and "upload a photo" in note


def test_nothing_on_a_page_asks_the_reader_to_run_a_cell(website, facts, tmp_path):
    for path in website.notebooks():
        web = website.web_notebook(path, facts, tmp_path)
        text = nbformat.writes(web)
        assert "run the cell" not in text.replace("run the cells", ""), path.name
        assert "not answered yet" not in text, path.name
        assert "NBVAL" not in text, path.name


def test_a_blank_pad_is_described_not_shown(website, facts, tmp_path):
    web = website.web_notebook(ROOT / "notebooks" / "13_your_handwriting.ipynb", facts, tmp_path)
    pad = next(c for c in web.cells if c.source.startswith("pad = DrawingPad"))
    html = pad.outputs[0].data["text/html"]
    assert 'class="explorer-absent"' in html and "<img" not in html
    assert "The drawing pad</strong>" in html and "draw a digit" in html


@pytest.mark.parametrize(
    "cls, words",
    [
        ("SSEExplorer", "SSE explorer"),
        ("KnockOutExplorer", "knock out explorer"),
        ("DrawingPad", "drawing pad"),
        ("NeuronInspector", "neuron inspector"),
    ],
)
def test_explorers_are_named_in_words(website, cls, words):
    assert website.widget_name(cls) == words


def test_a_notebook_whose_exercises_are_not_all_shown_stops_the_build(website, facts, tmp_path):
    nb = nbformat.read(ROOT / "notebooks" / "01_threshold_neuron.ipynb", as_version=4)
    cell = next(c for c in nb.cells if c.source.strip() == 'exercise("1.2")')
    cell.source = "exercise('1.2')  # shown another way"
    broken = tmp_path / "01_threshold_neuron.ipynb"
    nbformat.write(nb, broken)
    with pytest.raises(SystemExit, match=r"the exercises \['1.1', '1.2', '1.3'\]"):
        website.web_notebook(broken, facts, tmp_path / "figures")


def test_a_widget_with_nothing_to_show_stops_the_build(website, facts, tmp_path):
    nb = nbformat.read(ROOT / "notebooks" / "01_threshold_neuron.ipynb", as_version=4)
    cell = next(c for c in nb.cells if "neuron_explorer" in c.source)
    cell.outputs[0].data = {
        "application/vnd.jupyter.widget-view+json": {"model_id": "x"},
        "text/plain": "HBox(children=(IntSlider(value=0),))",
    }
    cell.metadata.pop("alt")
    broken = tmp_path / "01_threshold_neuron.ipynb"
    nbformat.write(nb, broken)
    with pytest.raises(
        SystemExit, match="a widget the page cannot show: no picture, and its text 'HBox"
    ):
        website.web_notebook(broken, facts, tmp_path / "figures")


def test_every_page_has_a_description_from_the_readme(website):
    found = website.descriptions()
    assert set(found) == {"index", "teachers", *(nb.stem for nb in website.notebooks())}
    assert all(20 < len(text) <= 302 and "](" not in text for text in found.values())


PAGE = """<html><head><title>t</title></head><body>
<p>Inline <span class="math notranslate nohighlight">\\(a &lt; b\\)</span> and
<span class="math notranslate nohighlight">\\(x \\&amp; y\\)</span>.</p>
<div class="math notranslate nohighlight" id="equation-one">
<span class="eqno">(1)<a class="headerlink" href="#equation-one">#</a></span>
\\[E = \\frac{1}{2}(y - a)^2\\]</div>
<div class="amsmath math notranslate nohighlight">
\\begin{align}s &= w_1 x_1 \\\\ m &= 2\\end{align}</div>
<pre>not maths: \\(x\\) in code</pre>
</body></html>"""


@pytest.fixture
def node_or_skip():
    import shutil

    if (
        shutil.which("node") is None
        or not (ROOT / "site" / "node_modules" / "mathjax-full").exists()
    ):
        pytest.skip("typesetting needs Node.js and site/node_modules (npm ci in site/)")


def test_formulas_are_typeset_in_place_and_code_is_left_alone(website, tmp_path, node_or_skip):
    (tmp_path / "_static").mkdir()
    (tmp_path / "page.html").write_text(PAGE)
    (tmp_path / "empty.html").write_text("<html><head></head><body>no maths</body></html>")
    assert website.typeset_maths(tmp_path) == 4
    page = (tmp_path / "page.html").read_text()
    assert page.count("<mjx-container") == 4 and page.count("<mjx-assistive-mml") == 4
    assert "\\(a" not in page and "\\[E" not in page and "\\begin{align}" not in page
    assert "<mo>&lt;</mo>" in page  # a < b, read from the escaped HTML
    assert "<pre>not maths: \\(x\\) in code</pre>" in page
    assert '<span class="eqno">(1)' in page
    assert page.count('href="_static/maths.css"') == 1
    assert "maths.css" not in (tmp_path / "empty.html").read_text()
    assert "mjx-container" in (tmp_path / "_static" / "maths.css").read_text()


def test_a_mistyped_command_stops_the_build(website, tmp_path, node_or_skip):
    (tmp_path / "_static").mkdir()
    (tmp_path / "page.html").write_text(
        '<html><head></head><body><span class="math notranslate nohighlight">'
        "\\(\\sigmma(z)\\)</span></body></html>"
    )
    with pytest.raises(SystemExit, match=r"could not read these formulas:\n\\sigmma\(z\)"):
        website.typeset_maths(tmp_path)


def test_pictures_become_webp_with_exactly_the_same_pixels(website, tmp_path, monkeypatch):
    import base64
    import io

    from PIL import Image

    monkeypatch.setattr(website, "FIGURE_CACHE", tmp_path / "cache")
    nb = nbformat.read(ROOT / "notebooks" / "09_inside.ipynb", as_version=4)
    pngs = [
        o.data["image/png"]
        for c in nb.cells
        for o in c.get("outputs", [])
        if "image/png" in o.get("data", {})
    ][:4]
    assert pngs
    for png in pngs:
        data = base64.b64decode(png)
        webp = website.lossless_webp(data)
        assert len(webp) < len(data)
        with Image.open(io.BytesIO(data)) as a, Image.open(io.BytesIO(webp)) as b:
            assert a.size == b.size
            assert a.convert("RGBA").tobytes() == b.convert("RGBA").tobytes()
        assert website.lossless_webp(data) == webp  # from the cache, the same bytes
    assert len(list((tmp_path / "cache").glob("*.webp"))) == len(pngs)
    assert not list((tmp_path / "cache").glob("*.partial"))


def test_the_build_refuses_to_replace_a_folder_it_did_not_write(website, tmp_path):
    (tmp_path / "mine.txt").write_text("a learner's file")
    with pytest.raises(SystemExit, match="did not write"):
        website.safe_to_replace(tmp_path, website.BUILT)
    with pytest.raises(SystemExit, match="not a place for the website"):
        website.safe_to_replace(ROOT, website.BUILT)
    for mark in website.BUILT:
        (tmp_path / mark).write_text("")
    website.safe_to_replace(tmp_path, website.BUILT)  # a site it built: fine
    assert (tmp_path / "mine.txt").exists()
