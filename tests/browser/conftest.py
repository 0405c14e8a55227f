"""Fixtures of the browser tests: one JupyterLab, one Chromium, a fresh page per test.

The tests need Playwright (``pip install -r tests/browser/requirements.txt``)
and a Chromium. Without them they are skipped with a message saying how to
enable them, unless ANNLIB_REQUIRE_BROWSER=1 (set by CI): then they fail.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from labdriver import CHROMIUM_ARGS, LabServer, Notebook, find_chromium

REPO = Path(__file__).resolve().parents[2]
NOTEBOOKS = REPO / "notebooks"
ARTIFACTS = Path(os.environ.get("ANNLIB_TEST_ARTIFACTS", REPO / "test-artifacts")) / "browser"

HOW_TO_ENABLE = (
    "To run the browser tests: pip install -r tests/browser/requirements.txt, then install "
    "Chromium (Debian/Ubuntu: sudo apt-get install chromium; elsewhere: "
    "python -m playwright install chromium), or point ANNLIB_CHROMIUM at a Chromium or Chrome."
)


def _required() -> bool:
    return os.environ.get("ANNLIB_REQUIRE_BROWSER", "") not in ("", "0")


def _unavailable(reason: str):
    """Skip on a learner's machine; fail in CI, where the browser must be there."""
    message = f"{reason}. {HOW_TO_ENABLE}"
    if _required():
        pytest.fail(f"ANNLIB_REQUIRE_BROWSER is set but {message}", pytrace=False)
    pytest.skip(message)


@pytest.fixture(scope="session")
def browser():
    try:
        from playwright.sync_api import Error, sync_playwright
    except ImportError:
        sync_playwright = None
    if sync_playwright is None:
        _unavailable("Playwright is not installed")
    chromium = find_chromium()
    playwright = sync_playwright().start()
    try:
        launched = playwright.chromium.launch(
            executable_path=chromium, args=CHROMIUM_ARGS, timeout=60_000
        )
    except Error as error:
        launched, why = None, str(error).strip().splitlines()[0]
    if launched is None:
        playwright.stop()
        _unavailable(f"Chromium ({chromium or 'the one Playwright installs'}) did not start: {why}")
    yield launched
    launched.close()
    playwright.stop()


@pytest.fixture(scope="session")
def artifacts() -> Path:
    """Where screenshots go (test-artifacts/browser, emptied at the start of a run)."""
    shutil.rmtree(ARTIFACTS, ignore_errors=True)
    ARTIFACTS.mkdir(parents=True)
    return ARTIFACTS


@pytest.fixture(scope="session")
def lab(browser, tmp_path_factory):
    """JupyterLab serving a copy of the notebooks (running them never touches the repository)."""
    root = tmp_path_factory.mktemp("lab-root")
    for notebook in sorted(NOTEBOOKS.glob("*.ipynb")):
        shutil.copy(notebook, root / notebook.name)
    server = LabServer(root, tmp_path_factory.mktemp("lab-home"))
    yield server
    strays = server.stop()
    assert not strays, f"JupyterLab left processes running after shutdown: {strays}"


@pytest.fixture
def open_notebook(browser, lab, artifacts, request):
    """Open a notebook in a fresh page; afterwards shut its kernel down and close the page.

    A failing test leaves a screenshot of the page as it was, named after the test.
    """
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    context.set_default_timeout(30_000)
    opened = []

    def open_(path: str) -> Notebook:
        notebook = Notebook(context.new_page(), lab, path)
        opened.append(notebook)
        return notebook

    yield open_
    failed = getattr(request.node, "failed_call", False)
    for notebook in opened:
        if failed:
            notebook.page.screenshot(path=str(artifacts / f"FAILED-{request.node.name}.png"))
        notebook.shut_down()
    context.close()


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item, call):
    report = yield
    if report.when == "call" and report.failed:
        item.failed_call = True
    return report
