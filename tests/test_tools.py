"""The maintainer's tools: bumping the version edits every place it is written."""

import datetime
import importlib.util
import sys
from pathlib import Path

import pytest
from scripts import load_script

ROOT = Path(__file__).resolve().parents[1]


def load(name):
    sys.path.insert(0, str(ROOT / "tools"))
    try:
        spec = importlib.util.spec_from_file_location(
            f"course_{name}", ROOT / "tools" / f"{name}.py"
        )
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        return module
    finally:
        sys.path.remove(str(ROOT / "tools"))


@pytest.fixture
def course(tmp_path, monkeypatch):
    """A copy of the files bump_version edits, with the tool pointed at it."""
    bump = load("bump_version")
    (tmp_path / "annlib").mkdir()
    (tmp_path / "notebooks" / "text").mkdir(parents=True)
    init = tmp_path / "annlib" / "__init__.py"
    init.write_text('"""annlib."""\n\n__version__ = "0.7.0"\n')
    for name in ("01_a", "02_b"):
        (tmp_path / "notebooks" / f"{name}.ipynb").write_text("{}")
        (tmp_path / "notebooks" / "text" / f"{name}.md").write_text(
            'import annlib\nannlib.require("0.7.0")  # stops here\n'
        )
    changelog = tmp_path / "CHANGELOG.md"
    changelog.write_text("# Changelog\n\n## Unreleased\n\n- a change\n\n## 0.7.0 (2026-11-25)\n")
    monkeypatch.setattr(bump, "ROOT", tmp_path)
    monkeypatch.setattr(bump, "INIT", init)
    monkeypatch.setattr(bump, "CHANGELOG", changelog)
    monkeypatch.setattr(bump.notebooks, "NOTEBOOKS", tmp_path / "notebooks")
    monkeypatch.setattr(bump.notebooks, "TEXT", tmp_path / "notebooks" / "text")
    return bump, tmp_path


def test_bump_writes_the_version_everywhere(course):
    bump, root = course
    changed = bump.bump("0.8.0", today=datetime.date(2026, 12, 1))
    assert len(changed) == 4
    assert '__version__ = "0.8.0"' in (root / "annlib" / "__init__.py").read_text()
    for md in (root / "notebooks" / "text").glob("*.md"):
        assert 'annlib.require("0.8.0")' in md.read_text() and "0.7.0" not in md.read_text()
    log = (root / "CHANGELOG.md").read_text()
    assert "## Unreleased\n\n## 0.8.0 (2026-12-01)\n\n- a change" in log


def test_bump_refuses_an_older_or_malformed_version(course):
    bump, root = course
    for bad in ("0.7.0", "0.6.9", "0.8", "v0.8.0"):
        with pytest.raises(SystemExit):
            bump.bump(bad)
    assert '__version__ = "0.7.0"' in (root / "annlib" / "__init__.py").read_text()


def test_the_real_version_has_one_home():
    import annlib

    bump = load("bump_version")
    assert bump.current() == annlib.__version__


def test_bump_changes_nothing_if_a_notebook_lacks_its_require_line(course):
    bump, root = course
    (root / "notebooks" / "text" / "02_b.md").write_text("import annlib\n")
    with pytest.raises(SystemExit, match="02_b.md has no annlib.require"):
        bump.bump("0.8.0")
    assert '__version__ = "0.7.0"' in (root / "annlib" / "__init__.py").read_text()
    assert 'annlib.require("0.7.0")' in (root / "notebooks" / "text" / "01_a.md").read_text()


def test_one_core_reports_the_budget_for_each_notebook():
    """tools/one_core.py's verdicts: over 120 s or 1.5 GB is over budget, in both formats."""
    one_core = load("one_core")
    rows = [
        {"notebook": "01_fast", "seconds": 8.0, "peak_mb": 160.0},
        {"notebook": "05_slow", "seconds": 173.0, "peak_mb": 1074.0},
        {"notebook": "06_big", "seconds": 60.0, "peak_mb": 2000.0},
    ]
    assert [one_core.ok(r) for r in rows] == [True, False, False]
    text = one_core.report(rows, markdown=False)
    assert "01_fast" in text and text.count("OVER BUDGET") == 2
    table = one_core.report(rows, markdown=True)
    assert "| 05_slow | 173 | 1074 | no |" in table and "| 01_fast | 8 | 160 | yes |" in table
    assert one_core.ONE_THREAD["OPENBLAS_NUM_THREADS"] == "1"


def test_renumber_moves_later_notebooks_up_by_one(tmp_path):
    """tools/renumber.py: files renamed, numbers in prose, links, keys and modules moved in
    one pass (07 -> 08 is never taken on to 09), and look-alike numbers left alone."""
    renumber = load("renumber")
    text = tmp_path / "notebooks" / "text"
    text.mkdir(parents=True)
    (tmp_path / "annlib" / "exercises").mkdir(parents=True)
    for name in ("05_mnist", "06_limits", "07_hand"):
        (tmp_path / "notebooks" / f"{name}.ipynb").write_text("{}")
        (text / f"{name}.md").write_text(f"# {name}\n")
    for n in ("05", "06", "07"):
        (tmp_path / "annlib" / "exercises" / f"nb{n}.py").write_text(f'KEY = "{int(n)}.1"\n')
    readme = tmp_path / "README.md"
    readme.write_text(
        "notebook 6 of 7 · next: [07 · Hand](07_hand.ipynb) · see notebooks/06_limits.ipynb\n"
        'Notebooks 06 and 07 use it; notebook 05 makes it. exercise("6.2"), exercise("5.1")\n'
        "from . import nb05, nb06, nb07; latency_07, interaction-07.png\n"
        "kept: 0.07, 2026-11-07, 00:07, 07:30, #0072B2, 1e-07, 07%, 1.07, v06x\n"
    )
    (tmp_path / "notebooks" / "10_torch.ipynb").write_text("{}")  # numbers from 10 on
    wide = text / "10_torch.md"
    wide.write_text(
        "# 10 · Torch\n"
        "notebook 10 of 10 · previous: [07 · Net](07_net.ipynb) · notebooks 06, 07 and 10 and"
        ' 06-10; notebook 10\'s nb10 "10.1"\nkept: 784-500-500-10, 500 and 10 outputs,'
        " 10 epochs, 1,000 and 10,000, 10.5, latency_10\n| 10 | [Torch](10_torch.ipynb) |"
        " 25-30%, | 13, 151 | 21, 66 |\n"
    )
    (tmp_path / "CHANGELOG.md").write_text("notebook 06 then\n")
    for own in ("tools/renumber.py", "tests/test_tools.py"):  # examples of numbers, not links
        (tmp_path / own).parent.mkdir(exist_ok=True)
        (tmp_path / own).write_text("python tools/renumber.py 07  # 07 becomes 08\n")
    done = renumber.renumber(tmp_path, 6)
    assert sorted(p.name for p in (tmp_path / "notebooks").glob("*.ipynb")) == [
        "05_mnist.ipynb",
        "07_limits.ipynb",
        "08_hand.ipynb",
        "11_torch.ipynb",
    ]
    names = ["05_mnist.md", "07_limits.md", "08_hand.md", "11_torch.md"]
    assert sorted(p.name for p in text.glob("*.md")) == names
    assert (tmp_path / "annlib" / "exercises" / "nb08.py").read_text() == 'KEY = "8.1"\n'
    assert (tmp_path / "annlib" / "exercises" / "nb05.py").read_text() == 'KEY = "5.1"\n'
    assert readme.read_text() == (
        "notebook 7 of 8 · next: [08 · Hand](08_hand.ipynb) · see notebooks/07_limits.ipynb\n"
        'Notebooks 07 and 08 use it; notebook 05 makes it. exercise("7.2"), exercise("5.1")\n'
        "from . import nb05, nb07, nb08; latency_08, interaction-08.png\n"
        "kept: 0.07, 2026-11-07, 00:07, 07:30, #0072B2, 1e-07, 07%, 1.07, v06x\n"
    )
    assert (text / "11_torch.md").read_text() == (
        "# 11 · Torch\n"
        "notebook 11 of 11 · previous: [08 · Net](08_net.ipynb) · notebooks 07, 08 and 11 and"
        ' 07-11; notebook 11\'s nb11 "11.1"\nkept: 784-500-500-10, 500 and 10 outputs,'
        " 10 epochs, 1,000 and 10,000, 10.5, latency_10\n| 11 | [Torch](11_torch.ipynb) |"
        " 25-30%, | 13, 151 | 21, 66 |\n"
    )
    assert (tmp_path / "CHANGELOG.md").read_text() == "notebook 06 then\n"  # history stays
    for own in ("tools/renumber.py", "tests/test_tools.py"):
        assert (tmp_path / own).read_text() == "python tools/renumber.py 07  # 07 becomes 08\n"
    assert any(line.startswith("edit   README.md") for line in done)
    with pytest.raises(SystemExit, match="there is no notebook 09"):
        renumber.renumber(tmp_path, 9)


def test_renumber_makes_several_places_in_one_pass():
    """Splitting three notebooks at once: the free numbers count in the new numbering, and
    each old number moves once, so 07 -> 09 is never taken on to 11."""
    renumber = load("renumber")
    new = renumber.moves(list(range(1, 11)), [6, 8, 10])
    assert new == {1: 1, 2: 2, 3: 3, 4: 4, 5: 5, 6: 7, 7: 9, 8: 11, 9: 12, 10: 13}
    text = (
        "notebook 7 of 10 · next: [08 · Limits](08_limits.ipynb); notebooks 06, 07 and 10;"
        ' nb10, nb06, "7.2", "10.1", notebook 10 of 10; exercise 10.4, exercise 4.1\n'
    )
    assert renumber.rewrite(text, new) == (
        "notebook 9 of 13 · next: [11 · Limits](11_limits.ipynb); notebooks 07, 09 and 13;"
        ' nb13, nb07, "9.2", "13.1", notebook 13 of 13; exercise 13.4, exercise 4.1\n'
    )


# --- the arithmetic, packaging and version checks that CI runs ---


@pytest.mark.parametrize(
    "usual, machine, coretype",
    [
        ({"numpy loops": ["X86_V3"], "kernels": "Haswell"}, "x86_64", "Sandybridge"),
        ({"numpy loops": [], "kernels": "Sandybridge"}, "x86_64", "Haswell"),
        ({"numpy loops": ["ASIMD"], "kernels": "neoversen1"}, "aarch64", None),
    ],
)
def test_other_arithmetic_changes_every_knob_the_machine_has(usual, machine, coretype, monkeypatch):
    other = load("other_arithmetic")
    monkeypatch.setattr(other.platform, "machine", lambda: machine)
    change = other.other_arithmetic(usual)
    assert change["OPENBLAS_NUM_THREADS"] == change["OMP_NUM_THREADS"] == "1"
    assert change["ATEN_CPU_CAPABILITY"] == "default"
    assert change.get("OPENBLAS_CORETYPE") == coretype  # x86 kernel families only
    assert change.get("NPY_DISABLE_CPU_FEATURES") == (" ".join(usual["numpy loops"]) or None)


def test_other_arithmetic_stops_when_nothing_changed(monkeypatch, capsys):
    other = load("other_arithmetic")
    same = {"product": "a", "exp": "b", "kernels": "Haswell", "threads": 1, "numpy loops": []}
    monkeypatch.setattr(other, "probe", lambda env: same)
    monkeypatch.setattr(other.subprocess, "run", lambda *a, **k: pytest.fail("ran the notebooks"))
    assert other.main() == 1
    assert "would prove nothing" in capsys.readouterr().err


@pytest.fixture
def version_range():
    """tools/version_range.py, registered as a module (its dataclass needs that)."""
    module = load_script("tools/version_range.py", "course_version_range")
    yield module
    sys.modules.pop("course_version_range", None)


def test_version_range_report_names_every_version_and_the_verdict(version_range):
    Result = version_range.Result
    oldest = Result("oldest", "3.10.13", {"numpy": "1.26.0"}, [("unit tests", True, 1)])
    newest = Result("newest", "3.13.0", {"numpy": "2.5.5"}, [("unit tests", False, 1)])
    table = version_range.report([oldest, newest]).splitlines()
    assert table[0] == "| | oldest | newest |"
    assert "| Python | 3.10.13 | 3.13.0 |" in table and "| numpy | 1.26.0 | 2.5.5 |" in table
    assert table[-1] == "| tests | passed | FAILED |"


def test_version_range_finds_pythons_or_says_how_to_get_them(version_range, monkeypatch, tmp_path):
    monkeypatch.setenv("PATH", str(tmp_path))  # nothing on the PATH
    monkeypatch.setenv("PYENV_ROOT", str(tmp_path))
    monkeypatch.delenv("ANNLIB_PYTHON_3_10", raising=False)
    with pytest.raises(SystemExit, match="Python 3.10 was not found.*ANNLIB_PYTHON_3_10"):
        version_range.find_python("3.10")
    monkeypatch.setenv("ANNLIB_PYTHON_3_10", sys.executable)  # a Python of another version
    if sys.version_info[:2] != (3, 10):
        with pytest.raises(SystemExit, match="was not found"):
            version_range.find_python("3.10")
    here = f"{sys.version_info[0]}.{sys.version_info[1]}"
    monkeypatch.setenv("ANNLIB_PYTHON_" + here.replace(".", "_"), sys.executable)
    assert version_range.find_python(here) == sys.executable


def test_version_range_shows_what_failed(version_range):
    log = "== install\nok\n....F\nE   assert 1 == 2\nFAILED tests/test_a.py::test_b\n1 failed\n"
    assert version_range.failures(log) == "E   assert 1 == 2\nFAILED tests/test_a.py::test_b"
    assert version_range.failures("pip: no matching distribution\n") == (
        "pip: no matching distribution"
    )


def test_version_range_runs_each_notebook_it_names(version_range, monkeypatch):
    assert len(version_range.notebook_paths()) == len(version_range.NOTEBOOKS)
    monkeypatch.setattr(version_range, "NOTEBOOKS", ["01", "99"])
    with pytest.raises(SystemExit, match="notebook 99, but 0 files match"):
        version_range.notebook_paths()


def test_output_changes_lists_changed_lines_but_not_timings():
    changes = load("output_changes").changes

    def notebook(*texts):
        cells = [{"cell_type": "code", "source": s, "outputs": [{"text": t}]} for s, t in texts]
        return {"cells": [{"cell_type": "markdown", "source": "# a"}, *cells]}

    old = notebook(("a", "dead: [9, 78]\ntook 3 s\n"), ("b", "same\n"))
    new = notebook(("a", "dead: [78]\ntook 4 s\n"), ("b", "same\n"))
    assert changes(old, new) == ["== cell 1: 'a'", "-dead: [9, 78]", "+dead: [78]"]


def test_same_weights_gives_one_fingerprint_per_setting_and_the_same_one_twice():
    same = load_script("tools/same_weights.py", "annlib_same_weights")
    names = [name for name, _ in same.settings()]
    assert len(names) == len(set(names)) == 11
    name, train = same.settings()[0]
    assert same.fingerprint(train()) == same.fingerprint(train())
    model = train()
    before = same.fingerprint(model)
    model.params["W1"][0, 0] += 1e-7  # one weight's last bits
    assert same.fingerprint(model) != before
