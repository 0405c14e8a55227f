"""Sphinx settings of the course's website. Build it with `python tools/website.py build`.

tools/website.py copies this folder with the executed notebooks (prepared for the web: see
its docstring) into build/site-src and runs Sphinx there; this file is read from that copy.
Why Sphinx with myst-nb and sphinx-book-theme: CONTRIBUTING.md, "The website".
"""

import html
import json
from pathlib import Path

HERE = Path(__file__).resolve().parent
SITE = json.loads((HERE / "site.json").read_text(encoding="utf-8"))  # written by tools/website.py

project = SITE["title"]
author = SITE["author"]
copyright = SITE["copyright"]  # noqa: A001 (Sphinx's name)
version = release = SITE["version"]
language = "en"

extensions = ["myst_nb", "sphinx.ext.mathjax"]  # the latter for its HTML of a formula
exclude_patterns = ["site.json", "README.md"]
templates_path = ["_templates"]
html_static_path = ["_static"]
html_css_files = ["course.css"]
html_js_files = [("explorers.js", {"defer": "defer"})]  # explorers that work on a page

# ---- the notebooks: shown as they were saved, never executed here ----------------------
nb_execution_mode = "off"
nb_merge_streams = True
# Explorers and progress bars save a widget view with no widget state: rank it out, so the
# page shows what was saved beside it (the still picture, the finished bar's text), and
# load no widget script from a CDN.
nb_mime_priority_overrides = [("html", "application/vnd.jupyter.widget-view+json", None)]
nb_ipywidgets_js = {}
myst_enable_extensions = ["dollarmath", "amsmath", "linkify", "colon_fence", "html_image"]
myst_heading_anchors = 3  # #1-from-a-nerve-cell-to-a-rule, for "notebook 07, section 3"
myst_linkify_fuzzy_links = False

# ---- maths: typeset when the site is built (tools/website.py runs site/typeset.cjs, MathJax
# in Node), so pages need no script to show it. Sphinx writes each formula as MathJax
# would read it, \( ... \) or \[ ... \], and adds no MathJax script to the page.
html_math_renderer = "typeset"

# ---- the book ---------------------------------------------------------------------------
html_theme = "sphinx_book_theme"
html_title = SITE["title"]
html_favicon = "_static/favicon.svg"
html_baseurl = SITE["website"]
html_last_updated_fmt = None  # the same files from the same sources, whenever built
html_copy_source = True  # the .ipynb download (tools/website.py puts the original there)
html_show_sourcelink = False
html_show_sphinx = False
# Search lists the pages and sections found, without a snippet of each: a snippet is
# fetched from its page, which a browser refuses for a site opened from disk, and the site
# must work the same from disk, from a server or offline.
html_show_search_summary = False
html_theme_options = {
    "repository_url": SITE["repository"],
    "repository_branch": SITE["branch"],
    "path_to_docs": "notebooks",
    "use_repository_button": True,
    "use_download_button": True,
    "use_fullscreen_button": False,
    "launch_buttons": {"binderhub_url": "https://mybinder.org", "notebook_interface": "jupyterlab"},
    "home_page_in_toc": True,
    "show_toc_level": 2,
    "navigation_with_keys": False,
    "pygments_light_style": "a11y-high-contrast-light",
    "pygments_dark_style": "a11y-high-contrast-dark",
}
html_context = {"default_mode": "light"}  # dark mode is the reader's choice (the button)


def describe(app, pagename, templatename, context, doctree):
    """Each page's <meta name="description">, from the README (tools/website.py)."""
    text = SITE["descriptions"].get(pagename)
    if text:
        tag = f'<meta name="description" content="{html.escape(text, quote=True)}">\n'
        context["metatags"] = context.get("metatags", "") + tag


def setup(app):
    from sphinx.ext.mathjax import html_visit_displaymath, html_visit_math

    app.add_html_math_renderer("typeset", (html_visit_math, None), (html_visit_displaymath, None))
    app.connect("html-page-context", describe)
