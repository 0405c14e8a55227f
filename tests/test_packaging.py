"""One list of what annlib needs: pyproject.toml declares every package annlib imports,
requirements.txt installs annlib with its extras instead of repeating them, and the
version-range tool reads its pins from that list. (tools/wheel_check.py, run by CI, proves
the same by installing a wheel alone.)"""

import ast
import re
import sys
from importlib.metadata import packages_distributions
from pathlib import Path

import pytest

try:
    import tomllib
except ImportError:  # Python 3.10: pytest brings tomli
    import tomli as tomllib

from scripts import load_script

ROOT = Path(__file__).resolve().parent.parent
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
# torch: annlib.lab.pytorch_bridge says how to install it where it is missing; sklearn: only
# annlib._estimator's __sklearn_tags__ imports it, which only scikit-learn itself calls
OPTIONAL = {"torch", "sklearn"}


def _name(requirement: str) -> str:
    return re.split(r"[<>=!~\[; ]", requirement, maxsplit=1)[0].lower().replace("_", "-")


def _imported_modules() -> dict[str, set[str]]:
    """Top-level modules imported anywhere in annlib (in functions too): {module: files}."""
    found: dict[str, set[str]] = {}
    for path in (ROOT / "annlib").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0:
                names = [node.module]
            else:
                continue
            for name in names:
                found.setdefault(name.split(".")[0], set()).add(path.name)
    return found


def test_every_package_annlib_imports_is_declared_in_pyproject():
    declared = {_name(r) for r in PYPROJECT["project"]["dependencies"]}
    distributions = packages_distributions()
    missing = {}
    for module, files in _imported_modules().items():
        if module in sys.stdlib_module_names or module in {"annlib", *OPTIONAL}:
            continue
        names = {_name(d) for d in distributions.get(module, [module])}
        if not names & declared:
            missing[module] = sorted(files)
    assert not missing, f"imported by annlib but not in pyproject's dependencies: {missing}"


def test_every_declared_package_is_imported():
    """No package is declared that annlib does not use (the course's extras hold the rest)."""
    distributions = packages_distributions()
    used = {_name(d) for m in _imported_modules() for d in distributions.get(m, [m])}
    unused = {_name(r) for r in PYPROJECT["project"]["dependencies"]} - used
    assert not unused, f"declared in pyproject's dependencies but never imported: {unused}"


def test_every_requirement_has_a_lower_bound_and_is_listed_once():
    lists = {"dependencies": PYPROJECT["project"]["dependencies"]}
    lists.update(PYPROJECT["project"]["optional-dependencies"])
    names = [_name(r) for requirements in lists.values() for r in requirements]
    assert len(names) == len(set(names)), "a package is listed twice"
    for requirement in (r for requirements in lists.values() for r in requirements):
        assert re.fullmatch(r"[A-Za-z0-9_.\-]+>=[0-9][0-9.]*", requirement), requirement


def test_requirements_txt_installs_annlib_with_its_extras_and_repeats_nothing():
    lines = [
        line.strip()
        for line in (ROOT / "requirements.txt").read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.startswith("#")
    ]
    extras = ",".join(e for e in PYPROJECT["project"]["optional-dependencies"] if e != "site")
    assert lines == [f"-e .[{extras}]"]


def test_the_website_extra_is_apart_and_says_how_to_install_it():
    """The website's build (Sphinx 9: Python 3.11 or newer) is not forced on learners; the
    README and CI install it by name."""
    assert "site" in PYPROJECT["project"]["optional-dependencies"]
    assert '-e ".[site]"' in (ROOT / "README.md").read_text(encoding="utf-8")
    assert '-e ".[site]"' in (ROOT / ".ci" / "run").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def version_range():
    module = load_script("tools/version_range.py", "version_range")
    yield module
    sys.modules.pop("version_range", None)


def test_the_version_range_pins_exactly_the_lower_bounds(version_range):
    pins = version_range.lowest_pins()
    extras = PYPROJECT["project"]["optional-dependencies"]
    declared = [r for extra in version_range.EXTRAS for r in extras[extra]]
    declared += PYPROJECT["project"]["dependencies"]
    assert set(extras) - set(version_range.EXTRAS) == {"site"}  # the website: Python 3.11+
    assert sorted(pins) == sorted(r.replace(">=", "==") for r in declared)


@pytest.mark.parametrize("version", ["3.10", "3.13"])
def test_the_supported_pythons_are_the_ends_of_the_range(version, version_range):
    assert version in version_range.supported_pythons()
    assert version_range.supported_pythons()[0] == "3.10"
    assert PYPROJECT["project"]["requires-python"] == ">=3.10"
