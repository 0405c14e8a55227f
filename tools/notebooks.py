"""The course's notebooks: text sources, rebuilding, and the checks that keep them honest.

Every notebook notebooks/NN_name.ipynb has a text source notebooks/text/NN_name.md
(MyST Markdown, written by jupytext). The text source is what you edit and what a
reviewer reads in a diff; the .ipynb is the same cells, executed, as learners see
them on GitHub. Commands (run from anywhere; see CONTRIBUTING.md):

    python tools/notebooks.py rebuild            # every notebook, from its text source
    python tools/notebooks.py rebuild 03 05      # only these (by number or name)
    python tools/notebooks.py check              # is every pair in sync? (no kernel needed)
    python tools/notebooks.py sync               # after editing an .ipynb in JupyterLab:
                                                 # copy its cells to the text source
    python tools/notebooks.py prose 05           # after editing only prose or a figure's
                                                 # alternative text: copy it into the
                                                 # .ipynb, keeping its outputs (no kernel)

`rebuild` runs each notebook from a fresh kernel of this Python, in a fresh working
folder (so nothing left in notebooks/ can reach the outputs), and writes both files.
The result is deterministic: cell ids come from the cell's content, widget ids from
their position, no execution timestamps, widget state or object addresses are saved,
and an output that mentions a path or name of this machine stops the rebuild.
Run twice, it leaves `git status` clean except for lines that report timings.
"""

from __future__ import annotations

import argparse
import contextlib
import copy
import hashlib
import io
import json
import os
import re
import sys
import tempfile
import time
from pathlib import Path

import jupytext
import nbformat

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = ROOT / "notebooks"
TEXT = NOTEBOOKS / "text"
TEXT_FORMAT = "md:myst"
KERNEL = "python3"
TIMEOUT = 1800  # seconds per cell; notebook 05 trains on all 60,000 digits in one cell
WIDGET = "application/vnd.jupyter.widget-view+json"

# Text that must never be saved in an output: it belongs to one machine or one person.
MACHINE_SPECIFIC = re.compile(
    r"(?:/home/|/Users/|/root\b|/tmp/|/var/folders/|/work/|[A-Za-z]:\\\\?Users)"
)
# Metadata worth keeping; the rest (timestamps, widget state, Python's patch version) varies.
# "alt" is the alternative text of the pictures a code cell draws: one sentence, or a list
# of one per picture in output order (the website shows it to readers who cannot see them).
KEEP_CELL_METADATA = ("tags", "alt")
KERNELSPEC = {"display_name": "Python 3 (ipykernel)", "language": "python", "name": KERNEL}
LANGUAGE_INFO = {
    "name": "python",
    "pygments_lexer": "ipython3",
    "file_extension": ".py",
    "mimetype": "text/x-python",
    "codemirror_mode": {"name": "ipython", "version": 3},
    "nbconvert_exporter": "python",
}


# ---------------------------------------------------------------------------
# the pairs
# ---------------------------------------------------------------------------


def notebooks() -> list[Path]:
    """Every notebook of the course, in reading order."""
    return sorted(NOTEBOOKS.glob("[0-9][0-9]_*.ipynb"))


def text_path(notebook: Path) -> Path:
    return TEXT / (notebook.stem + ".md")


def select(names) -> list[Path]:
    """Notebooks by number ("05") or name ("05_mnist", "05_mnist.ipynb"); all without names."""
    everything = notebooks()
    if not names:
        return everything
    chosen = []
    for name in names:
        stem = Path(name).stem
        found = [nb for nb in everything if nb.stem == stem or nb.stem.split("_")[0] == stem]
        if not found:
            known = ", ".join(nb.stem for nb in everything)
            raise SystemExit(f"no notebook called {name!r}; the notebooks are: {known}")
        chosen += [nb for nb in found if nb not in chosen]
    return chosen


def read_text(notebook: Path, source: Path | None = None) -> nbformat.NotebookNode:
    """The cells of a notebook's text source, as a notebook without outputs."""
    source = text_path(notebook) if source is None else source
    if not source.exists():
        raise SystemExit(
            f"{source.relative_to(ROOT)} is missing: every notebook needs its text "
            f"source; make it with `python tools/notebooks.py sync {notebook.stem}`."
        )
    return jupytext.read(source, fmt=TEXT_FORMAT)


def cell_key(cell) -> tuple:
    """What must agree between a notebook and its text source: type, source, tags, alt text."""
    alt = cell.metadata.get("alt", ())
    return (
        cell.cell_type,
        cell.source.strip("\n"),
        tuple(cell.metadata.get("tags", ())),
        (alt,) if isinstance(alt, str) else tuple(alt),
    )


def drift(notebook: Path, source: Path | None = None) -> str | None:
    """None if the notebook's cells equal its text source's, else where they first differ."""
    text = [cell_key(c) for c in read_text(notebook, source).cells]
    saved = [cell_key(c) for c in nbformat.read(notebook, as_version=4).cells]
    for i, (a, b) in enumerate(zip(saved, text)):
        if a != b:
            what = (
                "type"
                if a[0] != b[0]
                else "tags"
                if a[2] != b[2]
                else "alt text"
                if a[3] != b[3]
                else "source"
            )
            if what == "alt text":
                lines_a, lines_b = [" | ".join(a[3])], [" | ".join(b[3])]
            else:
                lines_a, lines_b = a[1].splitlines() + [""], b[1].splitlines() + [""]
            shorter = min(len(lines_a), len(lines_b)) - 1  # lines added at the end
            j = (
                next((k for k, (x, y) in enumerate(zip(lines_a, lines_b)) if x != y), shorter)
                if what == "source"
                else 0
            )
            x, y = lines_a[j], lines_b[j]
            c = next((k for k, (p, q) in enumerate(zip(x, y)) if p != q), min(len(x), len(y)))
            c = max(0, c - 30)
            return (
                f"cell {i + 1} differs ({what}), line {j + 1}: the notebook has "
                f"{x[c : c + 70]!r}, its text source {y[c : c + 70]!r}"
            )
    if len(saved) != len(text):
        return f"the notebook has {len(saved)} cells, its text source {len(text)}"
    return None


# ---------------------------------------------------------------------------
# making a notebook deterministic
# ---------------------------------------------------------------------------


def normalise(nb: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """Strip what differs between runs or machines; give cells ids from their content."""
    nb = copy.deepcopy(nb)
    nb.metadata = nbformat.from_dict({"kernelspec": KERNELSPEC, "language_info": LANGUAGE_INFO})
    nb.nbformat, nb.nbformat_minor = 4, 5
    seen: dict[str, int] = {}
    widgets = 0
    for cell in nb.cells:
        cell.metadata = nbformat.from_dict(
            {k: cell.metadata[k] for k in KEEP_CELL_METADATA if k in cell.metadata}
        )
        digest = hashlib.sha1(f"{cell.cell_type}\n{cell.source}".encode()).hexdigest()[:8]
        seen[digest] = seen.get(digest, 0) + 1
        cell.id = digest if seen[digest] == 1 else f"{digest}-{seen[digest]}"
        if cell.cell_type == "code":
            cell.outputs = _merge_streams(cell.outputs)
        for j, output in enumerate(cell.get("outputs", [])):
            _stable_text(output, f"{cell.id}-{j}")
            view = output.get("data", {}).get(WIDGET)
            if view is not None:  # the widget's state is not saved: its id only needs to be unique
                widgets += 1
                view["model_id"] = f"widget-{widgets:03d}"
            output.pop("transient", None)
    return nb


def _merge_streams(outputs):
    """One output per run of printed text: how printing was split into messages depends
    on timing, and so would the saved file."""
    merged = []
    for output in outputs:
        if output.output_type == "stream":
            text = output.text if isinstance(output.text, str) else "".join(output.text)
            if merged and merged[-1].output_type == "stream" and merged[-1].name == output.name:
                merged[-1].text += text
                continue
            output.text = text
        merged.append(output)
    return merged


ADDRESS = re.compile(r" at 0x[0-9a-f]{6,16}>")  # <object at 0x7f93e8ed0a10>
STYLER_ID = re.compile(r"\bT_([0-9a-f]{5})(?=[_\s\"])")  # pandas Styler's random table id


def _stable_text(output, key: str) -> None:
    """Remove what changes from run to run in an output's text: object addresses, and the
    random ids pandas gives a styled table (replaced by one made from the cell's id)."""
    if output.get("output_type") == "stream":
        output["text"] = ADDRESS.sub(">", output["text"])
    data = output.get("data", {})
    for mime, value in data.items():
        if not mime.startswith("text/"):
            continue
        text = "".join(value) if isinstance(value, list) else value
        text = ADDRESS.sub(">", text)
        ids: dict[str, str] = {}

        def stable_id(match, ids=ids):
            return "T_" + ids.setdefault(match.group(1), f"{key}-{len(ids)}".replace("-", "_"))

        text = STYLER_ID.sub(stable_id, text)
        data[mime] = text


def machine_specific(nb: nbformat.NotebookNode) -> list[str]:
    """Outputs that mention this machine's paths or user (they must not be saved)."""
    found = []
    names = {n for n in (os.environ.get("USER"), os.environ.get("LOGNAME")) if n and len(n) > 2}
    try:
        names.add(os.uname().nodename)
    except AttributeError:
        pass
    # whole words only: a user called "ann" must not match "annlib"
    words = [rf"\b{re.escape(n)}\b" for n in sorted(names) if len(n) > 2]
    words.append(re.escape(str(Path.home())) + r"(?![\w.-])")
    who = re.compile("|".join(words))
    for i, cell in enumerate(nb.cells, start=1):
        for output in cell.get("outputs", []):
            texts = [output.get("text", "")] + [
                v for k, v in output.get("data", {}).items() if k.startswith("text/")
            ]
            for text in texts:
                text = "".join(text) if isinstance(text, list) else str(text)
                match = MACHINE_SPECIFIC.search(text) or who.search(text)
                if match:
                    line = next(l for l in text.splitlines() if match.group(0) in l)
                    found.append(f"cell {i}: {line.strip()[:120]}")
    return found


# ---------------------------------------------------------------------------
# commands
# ---------------------------------------------------------------------------


def write_pair(notebook: Path, nb: nbformat.NotebookNode) -> None:
    """Write the notebook and its text source (atomically: temporary file, then rename)."""
    nb = normalise(nb)
    for path, text in (
        (notebook, nbformat.writes(nb) + "\n"),
        (text_path(notebook), jupytext.writes(_for_text(nb), fmt=TEXT_FORMAT)),
    ):
        path.parent.mkdir(parents=True, exist_ok=True)
        partial = path.with_name(f".{path.name}.partial")
        partial.write_text(text, encoding="utf-8")
        os.replace(partial, path)


def _for_text(nb):
    """The notebook as its text source holds it: inputs only."""
    nb = copy.deepcopy(nb)
    for cell in nb.cells:
        if cell.cell_type == "code":
            cell.outputs, cell.execution_count = [], None
    # the header names the format and kernel, but not jupytext's version (that would churn)
    nb.metadata = nbformat.from_dict(
        {
            "kernelspec": KERNELSPEC,
            "jupytext": {
                "notebook_metadata_filter": "-jupytext.text_representation.jupytext_version"
            },
        }
    )
    return nb


def this_python_kernel(folder: Path) -> str:
    """A kernelspec, in ``folder``, for the Python running this script, and its name.

    The rebuild must use the annlib and packages of this environment, not whatever a
    user-level "python3" kernelspec points at (as nbval's --nbval-current-env does).
    """
    spec = folder / "kernels" / "annlib-rebuild"
    spec.mkdir(parents=True, exist_ok=True)
    argv = [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"]
    (spec / "kernel.json").write_text(
        json.dumps({"argv": argv, "display_name": "rebuild", "language": "python"})
    )
    os.environ["JUPYTER_PATH"] = os.pathsep.join(
        [str(folder), *filter(None, [os.environ.get("JUPYTER_PATH")])]
    )
    return "annlib-rebuild"


def rebuild(notebook: Path, workdir: Path) -> float:
    """Execute a notebook from its text source in a fresh kernel; write both files.

    The kernel runs in ``workdir``, a fresh folder, not in notebooks/: what a notebook saves
    (models/, my_digits.npz) lands there, and nothing a maintainer has left in notebooks/
    (an older network, their own handwriting) can reach the saved outputs. Notebooks that
    read what an earlier one saved find it when they are rebuilt in the same run, in order,
    and otherwise make it again (annlib.lab.digit_reader.digit_reader trains the network).
    """
    from nbclient import NotebookClient

    nb = read_text(notebook)
    nb.metadata["kernelspec"] = KERNELSPEC
    # explorers save the states a web page shows them in (annlib/widgets/_ahead.py)
    os.environ["ANNLIB_DRAW_AHEAD"] = "1"
    start = time.perf_counter()
    client = NotebookClient(
        nb,
        timeout=TIMEOUT,
        kernel_name=this_python_kernel(workdir / ".jupyter"),
        record_timing=False,
        store_widget_state=False,
        resources={"metadata": {"path": str(workdir)}},
    )
    client.execute()
    seconds = time.perf_counter() - start
    leaks = machine_specific(nb)
    if leaks:
        raise SystemExit(
            f"{notebook.name}: outputs mention this machine, so they were not "
            "saved; print relative paths or names instead:\n  " + "\n  ".join(leaks)
        )
    write_pair(notebook, nb)
    return seconds


def sync(notebook: Path) -> None:
    """Copy a notebook's cells (edited in JupyterLab) into its text source, keeping outputs."""
    write_pair(notebook, nbformat.read(notebook, as_version=4))


def prose(notebook: Path) -> None:
    """Copy a text source's prose and metadata into its executed notebook, keeping outputs.

    Only for edits that cannot change an output: markdown cells (added, removed or edited)
    and the kept metadata. If any code cell's source differs, or a code cell was added or
    removed, this refuses: that needs `rebuild`.
    """
    text = read_text(notebook)
    saved = nbformat.read(notebook, as_version=4)
    code_text = [c for c in text.cells if c.cell_type == "code"]
    code_saved = [c for c in saved.cells if c.cell_type == "code"]
    changed = [
        i + 1
        for i, (a, b) in enumerate(zip(code_saved, code_text))
        if a.source.strip("\n") != b.source.strip("\n")
    ]
    if changed or len(code_text) != len(code_saved):
        where = f"code cells {changed}" if changed else "the number of code cells"
        raise SystemExit(
            f"{notebook.name}: {where} changed in its text source, so its outputs may too: "
            f"run `python tools/notebooks.py rebuild {notebook.name[:2]}` instead."
        )
    outputs = iter(code_saved)
    for cell in text.cells:
        if cell.cell_type == "code":
            old = next(outputs)
            cell.outputs, cell.execution_count = old.outputs, old.execution_count
    saved.cells = text.cells
    write_pair(notebook, normalise(saved))


# What a notebook saves for later ones to read: notebook 05 saves its trained network, which
# notebooks 06 and 09 to 14 load with annlib.lab.digit_reader.digit_reader().
SAVED_BY = {"models/mnist_mlp.npz": "05"}


def prepare(chosen: list[Path], workdir: Path) -> None:
    """Make what the chosen notebooks read from an earlier notebook that is not rebuilt now.

    Rebuilding 06 or 09 to 14 alone must save the same outputs as rebuilding them after 05:
    so 05's network is made first, the way 05 makes it (annlib.lab.digit_reader trains it with
    notebook 05's recipe and seeds: the same weights), never taken from notebooks/.
    """
    numbers = [nb.name[:2] for nb in chosen]
    for path, maker in SAVED_BY.items():
        if maker in numbers or not any(n > maker for n in numbers):
            continue
        from annlib.lab.digit_reader import digit_reader

        print(f"making {path} as notebook {maker} does ...", flush=True)
        with contextlib.redirect_stdout(io.StringIO()):
            digit_reader(workdir / path, progress=False)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("command", choices=["rebuild", "check", "sync", "prose"])
    parser.add_argument("names", nargs="*", help="notebooks by number or name (default: all)")
    args = parser.parse_args(argv)
    chosen = select(args.names)
    if args.command == "check":
        problems = [f"{nb.name}: {d}" for nb in chosen if (d := drift(nb))]
        for problem in problems:
            print(problem)
        if problems:
            print(
                "Rebuild the notebook from its text source (python tools/notebooks.py rebuild "
                "NN), or, if you edited the .ipynb, copy it over "
                "(python tools/notebooks.py sync NN)."
            )
        return 1 if problems else 0
    if args.command == "sync":
        for nb in chosen:
            sync(nb)
            print(f"{text_path(nb).relative_to(ROOT)} <- {nb.name}")
        return 0
    if args.command == "prose":
        for nb in chosen:
            prose(nb)
            print(f"{nb.name} <- prose and metadata of {text_path(nb).relative_to(ROOT)}")
        return 0
    with tempfile.TemporaryDirectory(prefix="annlib-rebuild-") as workdir:
        prepare(chosen, Path(workdir))
        for nb in chosen:
            print(f"running {nb.name} ...", flush=True)
            print(f"  done in {rebuild(nb, Path(workdir)):.0f} s", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
