"""Drive JupyterLab in a real browser, as a learner does: open, run, look, click.

Two pieces, used by the browser tests' fixtures:

* ``LabServer`` starts JupyterLab from the installed requirements on 127.0.0.1,
  on a free port, with a random token and its own settings, data and runtime
  folders (so a learner's own Jupyter setup cannot change what is tested), and
  shuts it down with its kernels afterwards.
* ``Notebook`` is one notebook open in a Playwright page: run every cell from
  the menu, wait (with a bound) until all have run, and list what a learner
  would see go wrong: error output, text on stderr, "Error displaying widget",
  or a widget output shown as plain text because its front end is missing.

Every wait here has a time limit, so a hung page fails a test instead of
hanging CI.
"""

from __future__ import annotations

import json
import os
import re
import secrets
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

WIDGET_MIME = "application/vnd.jupyter.widget-view+json"

# What a learner's first JupyterLab shows on top of the notebook (news pop-ups)
# and what would hide cells from the page (windowing renders only the cells on
# screen; every cell must be in the page to be checked).
LAB_SETTINGS = {
    "@jupyterlab/notebook-extension/tracker.jupyterlab-settings": {"windowingMode": "none"},
    "@jupyterlab/apputils-extension/notification.jupyterlab-settings": {
        "fetchNews": "false",
        "checkForUpdates": False,
    },
}

CHROMIUM_ARGS = [
    "--no-sandbox",  # needed when the tests run as root (CI containers)
    "--disable-gpu",
    "--no-first-run",
    "--disable-quic",
    # no calls home: they fail on a closed network and slow every start
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class LabServer:
    """JupyterLab serving ``root`` on 127.0.0.1 with a token, until ``stop()``."""

    def __init__(self, root: Path, home: Path, start_timeout: float = 90):
        self.root, self.home = Path(root), Path(home)
        self.port, self.token = free_port(), secrets.token_hex(16)
        self.url = f"http://127.0.0.1:{self.port}"
        settings = self.home / "lab-settings"
        for name, value in LAB_SETTINGS.items():
            path = settings / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(json.dumps(value))
        env = dict(
            os.environ,
            JUPYTERLAB_SETTINGS_DIR=str(settings),
            JUPYTERLAB_WORKSPACES_DIR=str(self.home / "lab-workspaces"),
            JUPYTER_CONFIG_DIR=str(self.home / "config"),
            JUPYTER_DATA_DIR=str(self.home / "data"),
            JUPYTER_RUNTIME_DIR=str(self.home / "runtime"),
            # the kernel draws off screen, as in the notebooks' tests
            MPLBACKEND="module://matplotlib_inline.backend_inline",
        )
        command = [
            sys.executable,
            "-m",
            "jupyterlab",
            "--no-browser",
            "--ip=127.0.0.1",
            f"--port={self.port}",
            "--ServerApp.port_retries=0",
            f"--IdentityProvider.token={self.token}",
            f"--ServerApp.root_dir={self.root}",
            # the tests open notebooks themselves and never need a terminal
            "--ServerApp.terminals_enabled=False",
        ]
        if hasattr(os, "geteuid") and os.geteuid() == 0:
            command.append("--allow-root")
        self.log_path = self.home / "jupyterlab.log"
        self._log = open(self.log_path, "w")
        self.process = subprocess.Popen(
            command, env=env, cwd=self.root, stdout=self._log, stderr=subprocess.STDOUT
        )
        self._wait_until_up(start_timeout)

    def api(self, path: str, method: str = "GET"):
        request = urllib.request.Request(
            f"{self.url}/api/{path}",
            method=method,
            headers={"Authorization": f"token {self.token}"},
        )
        with urllib.request.urlopen(request, timeout=10) as response:
            body = response.read()
        return json.loads(body) if body else None

    def _wait_until_up(self, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(
                    f"JupyterLab exited with code {self.process.returncode} "
                    f"before it served a page:\n{self.log_tail()}"
                )
            try:
                self.api("status")
                return
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                time.sleep(0.5)
        self.stop()
        raise TimeoutError(
            f"JupyterLab did not answer on {self.url} within {timeout:.0f} s:\n{self.log_tail()}"
        )

    def log_tail(self, lines: int = 30) -> str:
        if not self._log.closed:
            self._log.flush()
        return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])

    def kernel_states(self) -> dict[str, str]:
        """Each open notebook's path and its kernel's state ('idle', 'busy', ...)."""
        return {s["path"]: s["kernel"]["execution_state"] for s in self.api("sessions")}

    def url_of(self, notebook: str) -> str:
        # reset: open this notebook alone, not the ones a previous page left open
        return f"{self.url}/lab/tree/{notebook}?reset&token={self.token}"

    def stop(self, timeout: float = 30) -> list[int]:
        """Shut JupyterLab and its kernels down; return the pids of any process left over."""
        children = _descendants(self.process.pid)
        if self.process.poll() is None:
            try:  # the clean way: the server stops its kernels, then itself
                self.api("shutdown", method="POST")
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                self.process.terminate()
            try:
                self.process.wait(timeout)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(10)
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline and any(_alive(pid) for pid in children):
            time.sleep(0.2)
        strays = [pid for pid in children if _alive(pid)]
        for pid in strays:
            try:
                os.kill(pid, 9)
            except OSError:
                pass
        self._log.close()
        return strays


def _descendants(pid: int) -> list[int]:
    """Pids of every process started by ``pid`` (kernels), read from /proc where there is one."""
    proc = Path("/proc")
    if not proc.exists():
        return []
    parents = {}
    for entry in proc.iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            parents[int(entry.name)] = int(stat.rsplit(")", 1)[1].split()[1])
    found, frontier = [], [pid]
    while frontier:
        current = frontier.pop()
        kids = [p for p, parent in parents.items() if parent == current]
        found += kids
        frontier += kids
    return found


def _alive(pid: int) -> bool:
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat.rsplit(")", 1)[1].split()[0] != "Z"


def find_chromium() -> str | None:
    """The Chromium to drive: $ANNLIB_CHROMIUM, else one on PATH, else None.

    None lets Playwright use a browser of its own (``python -m playwright
    install chromium``), where that is possible.
    """
    chosen = os.environ.get("ANNLIB_CHROMIUM")
    if chosen:
        return chosen
    for name in ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable"):
        found = shutil.which(name)
        if found:
            return found
    return None


class Notebook:
    """One notebook open in JupyterLab in a Playwright page."""

    def __init__(self, page, lab: LabServer, path: str, timeout: float = 90):
        self.page, self.lab, self.path = page, lab, path
        page.goto(lab.url_of(path), timeout=timeout * 1000)
        self.panel = page.locator(".jp-NotebookPanel:not(.lm-mod-hidden)").first
        self.panel.locator(".jp-Notebook").first.wait_for(timeout=timeout * 1000)
        self.wait_for_kernel("idle", timeout)
        self.cells = self.panel.locator(".jp-Notebook .jp-Cell")

    def wait_for_kernel(self, state: str, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        while self.lab.kernel_states().get(self.path) != state:
            if time.monotonic() > deadline:
                raise TimeoutError(
                    f"the kernel of {self.path} was not {state!r} within "
                    f"{timeout:.0f} s (it is {self.lab.kernel_states().get(self.path)!r})"
                )
            time.sleep(0.3)

    def shut_down(self) -> None:
        """Stop this notebook's kernel (its memory is freed for the next notebook)."""
        for session in self.lab.api("sessions"):
            if session["path"] == self.path:
                self.lab.api(f"sessions/{session['id']}", method="DELETE")

    def menu(self, top: str, item: str) -> None:
        """Click a menu of JupyterLab's menu bar, then one of its items, by their labels."""
        self.page.locator(
            ".lm-MenuBar-itemLabel", has_text=re.compile(f"^{re.escape(top)}$")
        ).click()
        self.page.locator(".lm-Menu-itemLabel", has_text=re.compile(f"^{re.escape(item)}$")).click()

    def prompts(self) -> list[str]:
        """The prompt of every code cell: '[ ]:' not run, '[*]:' running or waiting, '[7]:' run."""
        return [
            p.strip()
            for p in self.panel.locator(".jp-CodeCell .jp-InputArea-prompt").all_inner_texts()
        ]

    def run_all(self, timeout: float = 600) -> float:
        """Clear every output, run every cell from the Run menu, and wait until all have run.

        Returns the seconds it took. Stops waiting early if a cell fails (the
        rest then never run), so ``problems()`` can say what went wrong.
        """
        self.panel.locator(".jp-Notebook").first.click(position={"x": 5, "y": 5})
        self.menu("Edit", "Clear Outputs of All Cells")
        cleared = time.monotonic() + 15
        while any(p != "[ ]:" for p in self.prompts()):  # so old results cannot pass for new
            if time.monotonic() > cleared:
                raise TimeoutError(f"{self.path}: Clear Outputs left prompts {self.prompts()}")
            time.sleep(0.2)
        started = time.monotonic()
        self.menu("Run", "Run All Cells")
        deadline = started + timeout
        while True:
            prompts = self.prompts()
            if prompts and all(re.fullmatch(r"\[\d+\]:", p) for p in prompts):
                break
            if self.stderr_outputs().count() and "[*]:" not in prompts:
                break  # a cell failed and JupyterLab dropped the cells after it
            if time.monotonic() > deadline:
                raise TimeoutError(
                    f"{self.path}: not every cell ran within {timeout:.0f} s; "
                    f"the code cells' prompts: {' '.join(prompts)}"
                )
            time.sleep(0.5)
        self.wait_for_kernel("idle", 60)
        self.page.wait_for_timeout(1000)  # let the last widgets draw
        return time.monotonic() - started

    def stderr_outputs(self):
        """Outputs on stderr: warnings, and (in JupyterLab 4) tracebacks of failed cells."""
        return self.panel.locator(
            ".jp-OutputArea-output[data-mime-type='application/vnd.jupyter.stderr']"
        )

    def problems(self, committed: dict | None = None) -> list[str]:
        """What a learner would see go wrong on the page, one line each (empty: all well).

        ``committed`` is the notebook as saved in the repository: its cells
        that show a widget there must show a working widget here too.
        """
        found = []
        for text in self.stderr_outputs().all_inner_texts():
            kind = (
                "error"
                if "Traceback" in text or re.search(r"^\w+(Error|Exception)\b", text, re.M)
                else "text on stderr"
            )
            found.append(f"{kind}: {_squeeze(text)}")
        for index in range(self.cells.count()):
            cell = self.cells.nth(index)
            if cell.locator(".jupyter-widgets-error-widget").count():
                found.append(f"cell {index}: broken widget: {self._widget_error(cell)}")
            elif cell.locator(".jp-OutputArea-output", has_text="Error displaying widget").count():
                found.append(f"cell {index}: Error displaying widget")
        not_run = [p for p in self.prompts() if not re.fullmatch(r"\[\d+\]:", p)]
        if not_run:
            found.append(f"{len(not_run)} code cells did not run")
        if committed is not None:
            found += self.missing_widgets(committed)
        return found

    def _widget_error(self, cell) -> str:
        """The JavaScript error behind a broken widget (shown when it is clicked)."""
        box = cell.locator(".jupyter-widgets-error-widget").first
        try:
            box.click(timeout=5000)
            self.page.wait_for_timeout(300)
        except Exception:  # the error text is a courtesy; the failure is reported anyway
            pass
        return _squeeze(box.inner_text(timeout=5000))

    def missing_widgets(self, committed: dict) -> list[str]:
        """Cells that showed a widget when the notebook was committed but show none now
        (what a learner sees when a widget's front end is not installed: plain text)."""
        found = []
        for index in widget_cells(committed):
            cell = self.cells.nth(index)
            widgets = cell.locator(".jp-OutputArea-output .jupyter-widgets")
            if not widgets.count():
                shown = _squeeze(" ".join(cell.locator(".jp-OutputArea-output").all_inner_texts()))
                found.append(f"cell {index} shows no widget, only: {shown or 'nothing'}")
                continue
            box = widgets.first.bounding_box()
            if not box or box["width"] < 5 or box["height"] < 5:
                found.append(f"cell {index}: its widget has no size on the page ({box})")
        return found

    def cell_with_output(self, text: str):
        """The first cell whose output contains ``text`` now (and stays that cell after)."""
        for index in range(self.cells.count()):
            if self.cells.nth(index).locator(".jp-OutputArea", has_text=text).count():
                return self.cells.nth(index)
        raise LookupError(f"{self.path}: no cell's output contains {text!r}")


def widget_cells(notebook: dict) -> list[int]:
    """Indices of the cells whose saved outputs include a widget."""
    return [
        i
        for i, cell in enumerate(notebook["cells"])
        if any(WIDGET_MIME in out.get("data", {}) for out in cell.get("outputs", []))
    ]


def _squeeze(text: str, limit: int = 300) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit] + " ..."
