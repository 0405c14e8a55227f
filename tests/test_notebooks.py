"""The saved notebooks are current: in step with their text sources, executed top to bottom
without errors, saved deterministically, with this annlib's version, and every number the
prose or the README quotes is one the saved outputs show.

nbval (notebooks/) re-runs the notebooks; these tests read the saved files, so they take
a second and tell exactly which file to rebuild.
"""

from __future__ import annotations

import importlib.util
import re
import sys
from pathlib import Path

import nbformat
import pytest
from scripts import load_script

import annlib

ROOT = Path(__file__).resolve().parents[1]
spec = importlib.util.spec_from_file_location("course_notebooks", ROOT / "tools" / "notebooks.py")
tools = importlib.util.module_from_spec(spec)
sys.modules[spec.name] = tools
spec.loader.exec_module(tools)

NOTEBOOKS = tools.notebooks()
REBUILD = "rebuild it: python tools/notebooks.py rebuild {}"

# Numbers the prose may quote without the notebook printing them: the source article's own
# results, which the course compares itself with.
ARTICLE_NUMBERS = {"92.2%"}
# A measured number: a percentage or a factor written with × (2.4×, 2,400×; not 28 × 28).
MEASURED = re.compile(r"(?<![\w.,])(\d{1,3}(?:,\d{3})+|\d+)(\.\d+)?\s?(%|×(?!\s?\d))")


def load(path: Path):
    return nbformat.read(path, as_version=4)


def code_cells(nb):
    return [c for c in nb.cells if c.cell_type == "code" and c.source.strip()]


PROGRESS_BAR = re.compile(r"^.*\d+%\|.*$", re.M)


def output_text(nb, bars: bool = True) -> str:
    """Everything the saved outputs show as text (streams, plain text, HTML); without
    progress bars if ``bars`` is False (their "100%" backs no sentence)."""
    parts = []
    for cell in code_cells(nb):
        for output in cell.get("outputs", []):
            parts.append(output.get("text", ""))
            parts += [v for k, v in output.get("data", {}).items() if k.startswith("text/")]
            if output.output_type == "error":
                parts.append("\n".join(output.get("traceback", [])))
    text = "\n".join(p if isinstance(p, str) else "".join(p) for p in parts)
    return text if bars else PROGRESS_BAR.sub("", text)


def measured_numbers(text: str) -> list[tuple[str, float, int, str]]:
    """(as written, value, decimals, unit) for every percentage or factor in ``text``."""
    found = []
    for match in MEASURED.finditer(text):
        whole, fraction, unit = match.groups()
        decimals = len(fraction) - 1 if fraction else 0
        found.append(
            (match.group(0), float(whole.replace(",", "") + (fraction or "")), decimals, unit)
        )
    return found


def backed_by(quoted, shown) -> bool:
    """A quoted number is backed if an output number of the same kind rounds to it."""
    _, value, decimals, unit = quoted
    return any(u == unit and round(v, decimals) == value for _, v, _, u in shown)


def unbacked_numbers(prose: str, outputs: str) -> list[str]:
    shown = measured_numbers(outputs)
    return [
        q[0]
        for q in measured_numbers(prose)
        if q[0].replace(" ", "") not in ARTICLE_NUMBERS and not backed_by(q, shown)
    ]


@pytest.fixture(scope="module", params=NOTEBOOKS, ids=[nb.stem for nb in NOTEBOOKS])
def notebook(request):
    return request.param, load(request.param)


def test_the_course_has_its_notebooks():
    assert len(NOTEBOOKS) >= 7
    numbers = [int(nb.name[:2]) for nb in NOTEBOOKS]
    assert numbers == list(range(1, len(NOTEBOOKS) + 1)), (
        "notebooks are numbered 01, 02, ... in order"
    )


def test_every_text_source_has_its_notebook():
    orphans = {p.stem for p in tools.TEXT.glob("*.md")} - {nb.stem for nb in NOTEBOOKS}
    assert not orphans, f"text sources without a notebook: {sorted(orphans)}"


def test_notebook_and_text_source_hold_the_same_cells(notebook):
    path, _ = notebook
    assert tools.text_path(path).exists(), (
        f"{path.name} has no text source: python tools/notebooks.py sync {path.stem}"
    )
    problem = tools.drift(path)
    assert problem is None, (
        f"{path.name} and its text source have drifted apart: {problem}. "
        "Rebuild from the text source, or sync from the notebook (see CONTRIBUTING.md)."
    )


def test_saved_executed_in_order_without_errors(notebook):
    path, nb = notebook
    cells = code_cells(nb)
    counts = [c.execution_count for c in cells]
    assert None not in counts, f"{path.name} has code cells saved unexecuted; " + REBUILD.format(
        path.stem
    )
    assert counts == list(range(1, len(cells) + 1)), (
        f"{path.name} was not run top to bottom in one fresh kernel; " + REBUILD.format(path.stem)
    )
    for i, cell in enumerate(cells, start=1):
        for output in cell.outputs:
            assert output.output_type != "error", f"{path.name}, code cell {i}: saved with an error"
            assert output.get("name") != "stderr", (
                f"{path.name}, code cell {i}: saved with text on stderr (a warning?): "
                f"{output.text[:200]}"
            )


def test_saved_deterministically_without_machine_specific_text(notebook):
    path, nb = notebook
    assert tools.normalise(nb) == nb, (
        f"{path.name} holds run-specific metadata (timestamps, widget state, random ids); "
        + REBUILD.format(path.stem)
    )
    assert tools.machine_specific(nb) == [], f"{path.name} shows this machine's paths or names"


def test_progress_bars_are_saved_finished(notebook):
    path, nb = notebook
    bars = PROGRESS_BAR.findall(output_text(nb))
    unfinished = [bar for bar in bars if re.search(r"(?<!\d)0%\||\| 0/\d", bar)]
    assert not unfinished, f"{path.name} saved a progress bar before it began: {unfinished[0]}"
    for bar in bars:  # a bar that stopped early (early stopping) may end below 100%
        done, total = map(int, re.search(r"\| ?(\d+)/(\d+) ", bar).groups())
        assert 0 < done <= total, f"{path.name}: a progress bar reads {done}/{total}: {bar}"


def test_later_notebooks_found_what_earlier_ones_saved(notebook):
    path, nb = notebook
    assert "not found: training" not in output_text(nb), (
        f"{path.name} was saved after training notebook 05's network itself (it was missing): "
        + REBUILD.format(path.stem)
    )


def test_saved_with_this_annlib_version(notebook):
    path, nb = notebook
    first = code_cells(nb)[0]
    required = re.search(r'annlib\.require\("([^"]+)"\)', first.source)
    assert required, f"{path.name}: the first code cell must call annlib.require(...)"
    assert required.group(1) == annlib.__version__, (
        f"{path.name} requires annlib {required.group(1)}, but annlib is {annlib.__version__}: "
        "bump every notebook with python tools/bump_version.py (see CONTRIBUTING.md)"
    )
    ready = f"annlib {annlib.__version__} is ready"
    assert ready in output_text(nb), (
        f"{path.name} was saved with another annlib than {annlib.__version__}; "
        + REBUILD.format(path.stem)
    )


def test_links_between_notebooks_lead_somewhere(notebook):
    path, nb = notebook
    prose = "\n".join(c.source for c in nb.cells if c.cell_type == "markdown")
    for target in re.findall(r"\]\(([^)#\s]+\.ipynb)", prose):
        assert (path.parent / target).exists(), (
            f"{path.name} links to {target}, which does not exist"
        )


def test_numbers_in_the_prose_are_in_the_outputs(notebook):
    path, nb = notebook
    prose = "\n".join(c.source for c in nb.cells if c.cell_type == "markdown")
    missing = unbacked_numbers(prose, output_text(nb, bars=False))
    assert not missing, (
        f"{path.name} quotes {missing} in its text, but no saved output shows "
        "these numbers: print them in the notebook, or correct the text"
    )


def test_numbers_in_the_readme_course_map_are_in_the_notebooks():
    readme = (ROOT / "README.md").read_text()
    rows = re.findall(r"^\| (\d\d) \| \[[^\]]+\]\(notebooks/([^)]+)\) \| (.+) \|$", readme, re.M)
    assert len(rows) == len(NOTEBOOKS), "the README's course map has one row per notebook"
    for number, target, what in rows:
        path = ROOT / "notebooks" / target
        assert path.exists() and path.name.startswith(number), (
            f"course map row {number} -> {target}"
        )
        missing = unbacked_numbers(what, output_text(load(path), bars=False))
        assert not missing, (
            f"the README's course map quotes {missing} for {target}, but its "
            "saved outputs do not show them"
        )


# --- the checks themselves: each must fail on what it names ------------------------------


def test_number_check_uses_rounding_and_kind():
    outputs = "test accuracy: 98.58%\nfirst layer slope 2403× smaller"
    assert unbacked_numbers("reaches 98.6% (about 99%), 2,403× smaller", outputs) == []
    assert unbacked_numbers("reaches 98.7%", outputs) == ["98.7%"]
    assert unbacked_numbers("98.58× faster", outputs) == ["98.58×"]
    assert unbacked_numbers("the article's 92.2%", outputs) == []


def test_the_checks_catch_a_broken_notebook(tmp_path):
    nb = load(NOTEBOOKS[0])
    broken = tools.normalise(nb)
    broken.cells[2].metadata["execution"] = {"iopub.status.busy": "2026-01-01T00:00:00Z"}
    assert tools.normalise(broken) != broken
    styled = tools.normalise(nb)
    code_cells(styled)[0].outputs.append(
        nbformat.v4.new_output(
            "execute_result",
            data={"text/plain": "<Styler at 0x7f93e8ed0a10>", "text/html": '<table id="T_36dac">'},
            execution_count=1,
        )
    )
    assert tools.normalise(styled) != styled
    again = tools.normalise(styled)
    assert tools.normalise(again) == again  # normalising is idempotent
    assert "0x7f93" not in str(again) and "T_36dac" not in str(again)
    leaky = tools.normalise(nb)
    cell = code_cells(leaky)[0]
    cell.outputs.append(nbformat.v4.new_output("stream", name="stdout", text="saved /home/ada/x\n"))
    assert tools.machine_specific(leaky) and "/home/ada" in tools.machine_specific(leaky)[0]


def test_drift_is_found(tmp_path):
    source = tools.text_path(NOTEBOOKS[0]).read_text()
    stated = re.search(r"About (\d+) minutes", source)  # the notebook's stated time
    assert stated
    edited = tmp_path / "edited.md"
    edited.write_text(source.replace(stated[0], f"About {int(stated[1]) + 10} minutes", 1))
    assert tools.drift(NOTEBOOKS[0], tools.text_path(NOTEBOOKS[0])) is None
    problem = tools.drift(NOTEBOOKS[0], edited)
    assert problem and "differs (source)" in problem and stated[0] in problem
    shorter = tmp_path / "shorter.md"
    shorter.write_text(source.rsplit("\n+++", 1)[0] if "\n+++" in source else source[:-200])
    assert tools.drift(NOTEBOOKS[0], shorter) is not None


def test_machine_names_are_whole_words(monkeypatch):
    nb = tools.normalise(load(NOTEBOOKS[0]))  # its outputs say "annlib ... is ready"
    monkeypatch.setenv("USER", "ann")
    assert tools.machine_specific(nb) == []
    code_cells(nb)[0].outputs.append(
        nbformat.v4.new_output("stream", name="stdout", text="made by ann on this machine\n")
    )
    assert len(tools.machine_specific(nb)) == 1


def test_printed_addresses_are_removed():
    nb = tools.normalise(load(NOTEBOOKS[0]))
    code_cells(nb)[0].outputs.append(
        nbformat.v4.new_output("stream", name="stdout", text="<MLP object at 0x7f93e8ed0a10>\n")
    )
    assert "0x7f93" not in str(tools.normalise(nb))


def test_progress_bars_are_left_out_of_the_numbers():
    text = "training: 100%|##########| 20/20 [00:13<00:00, 1.4epoch/s]\naccuracy 97.7%\n"
    assert unbacked_numbers("reaches 100%", PROGRESS_BAR.sub("", text)) == ["100%"]
    assert unbacked_numbers("reaches 97.7%", PROGRESS_BAR.sub("", text)) == []


def test_every_picture_has_its_alternative_text(notebook):
    path, _ = notebook
    figures = load_script("tools/figures.py", "course_figures")
    missing = [f"cell {f.cell}" for f in figures.figures(path) if f.alt is None]
    assert not missing, (
        f"{path.name}: pictures without alternative text in {missing}; write it in the "
        "cell's `alt` metadata in the text source, then python tools/notebooks.py prose NN"
    )
    assert figures.surplus(path) == []


def test_prose_copies_prose_and_alt_text_and_refuses_changed_code(tmp_path, monkeypatch):
    import jupytext

    edited = tools.read_text(NOTEBOOKS[0])
    monkeypatch.setattr(tools, "TEXT", tmp_path / "text")
    notebook = tmp_path / NOTEBOOKS[0].name
    notebook.write_bytes(NOTEBOOKS[0].read_bytes())
    first_prose = next(c for c in edited.cells if c.cell_type == "markdown")
    first_prose.source += "\n\nA sentence added."
    drawn = next(c for c in edited.cells if "alt" in c.metadata)
    drawn.metadata["alt"] = "A new description."
    tools.TEXT.mkdir()
    jupytext.write(tools._for_text(edited), tools.text_path(notebook), fmt=tools.TEXT_FORMAT)
    assert "differs" in tools.drift(notebook)
    outputs_before = [c.get("outputs") for c in load(notebook).cells]
    tools.prose(notebook)
    assert tools.drift(notebook) is None
    after = load(notebook)
    assert [c.get("outputs") for c in after.cells] == outputs_before  # nothing was re-run
    assert "A sentence added." in after.cells[0].source
    assert any(c.metadata.get("alt") == "A new description." for c in after.cells)
    code = next(c for c in edited.cells if c.cell_type == "code")
    code.source += "  # edited"
    jupytext.write(tools._for_text(edited), tools.text_path(notebook), fmt=tools.TEXT_FORMAT)
    with pytest.raises(SystemExit, match="rebuild"):
        tools.prose(notebook)


def test_each_notebook_states_the_time_the_reading_rule_gives():
    """Every "About N minutes" comes from tools/reading_time.py's stated rule (a beginner's
    pace for the prose, the code cells, the explorers and the exercises), to 5 minutes."""
    rule = load_script("tools/reading_time.py", "reading_time")
    try:
        wrong = []
        for path in sorted(rule.TEXT.glob("[0-9][0-9]_*.md")):
            needed = rule.rounded(rule.minutes(rule.parts(path)))
            if rule.stated(path) != needed:
                wrong.append(f"{path.name}: states {rule.stated(path)} minutes, the rule {needed}")
    finally:
        sys.modules.pop("reading_time", None)
    assert not wrong, "write the rule's time (python tools/reading_time.py):\n" + "\n".join(wrong)


def test_the_reading_rule_counts_what_it_says():
    rule = load_script("tools/reading_time.py", "reading_time")
    try:
        counts = {"words": 1300, "code cells": 4, "explorers": 1, "exercises": 2}
        assert rule.minutes(counts) == 10 + 3 + 3 + 16
        assert rule.rounded(32.4) == 30 and rule.rounded(32.6) == 35
        assert {"DescentExplorer", "DrawingPad", "neuron_explorer"} <= set(rule.widget_names())
        assert "M_RANGE" not in rule.widget_names()
        assert rule.shows_a_widget("widgets.DescentExplorer(X, y)", ["DescentExplorer"])
        assert not rule.shows_a_widget("my.DescentExplorer(X)", ["DescentExplorer"])
    finally:
        sys.modules.pop("reading_time", None)


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=lambda nb: nb.stem)
def test_each_title_carries_its_notebooks_number(notebook):
    """The title, '# 13 · From annlib to PyTorch', names the number in the file's name (the
    website's table of contents shows it): renumbering once left notebook 13 titled 10."""
    text = tools.text_path(notebook).read_text(encoding="utf-8")
    titles = [line for line in text.splitlines() if line.startswith("# ")]
    assert titles and titles[0].startswith(f"# {notebook.name[:2]} · "), titles[:1]
