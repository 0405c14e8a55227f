"""Every ``>>>`` example in annlib's docstrings runs, and shows what it says it shows.

A learner copies an example from a docstring into a cell: it must work, and print what the
docstring promises. Each module with examples is one test, run with the standard ``doctest``
module: its own docstring and those of its classes, functions and methods. Which modules to
run is read from the source with ``ast`` (nothing is imported to collect the tests), and
each test checks that doctest saw every example the source holds: an example that doctest
cannot see (in a function inside a function, say) would never be tested.

Examples are read with ``...`` matching anything (ELLIPSIS) and any run of spaces and line
breaks matching any other (NORMALIZE_WHITESPACE), so a long output may be wrapped. Keep them
quick and the same on every machine: no MNIST, no training longer than a fraction of a
second, and no printed floats beyond the digits that are certain (round them).
"""

from __future__ import annotations

import ast
import doctest
import importlib
import importlib.util
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = "annlib"
FLAGS = doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE
SECONDS = 3.0  # for one module's examples, on a slow machine: they should take far less
_PARSER = doctest.DocTestParser()


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _with_examples(tree: ast.AST, prefix: str, in_function: bool = False) -> dict[str, int]:
    """{the doctest name of every docstring in tree that holds an example: its line}.

    A docstring inside a function is named ``f.<locals>.g``: doctest never looks there.
    """
    found = {}
    documented = (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)
    if isinstance(tree, documented):
        doc = ast.get_docstring(tree, clean=False)
        if doc and _PARSER.get_examples(doc):
            found[prefix] = tree.body[0].lineno
    for name in ("body", "orelse", "handlers", "finalbody"):
        children = getattr(tree, name, None)
        for child in children if isinstance(children, list) else ():
            if isinstance(child, (ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)):
                inside = f"{prefix}.<locals>" if in_function else prefix
                is_function = not isinstance(child, ast.ClassDef)
                found |= _with_examples(child, f"{inside}.{child.name}", in_function or is_function)
            elif isinstance(child, ast.stmt):  # if, try, with at the top of the module
                found |= _with_examples(child, prefix, in_function)
    return found


def examples_in_source() -> dict[str, dict[str, int]]:
    """{module: {docstring holding examples: line}} for every module of annlib with examples.

    ``__main__`` modules are left out: importing one runs it.
    """
    found = {}
    for path in sorted((ROOT / PACKAGE).rglob("*.py")):
        if path.name == "__main__.py":
            continue
        module = _module_name(path)
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        docstrings = _with_examples(tree, module)
        if docstrings:
            found[module] = docstrings
    return found


EXAMPLES = examples_in_source()


def test_the_examples_are_found():
    """The exercises' docstring has examples: if none are found, the reading is broken."""
    assert "annlib.exercises" in EXAMPLES, f"found examples only in {sorted(EXAMPLES)}"
    assert "annlib.exercises" in EXAMPLES["annlib.exercises"]


@pytest.mark.parametrize("module_name", sorted(EXAMPLES))
def test_the_examples_of(module_name):
    module = importlib.import_module(module_name)
    tests = [t for t in doctest.DocTestFinder().find(module, module_name) if t.examples]
    unseen = {
        name: line
        for name, line in EXAMPLES[module_name].items()
        if name not in {t.name for t in tests}
    }
    file = Path(module.__file__).relative_to(ROOT).as_posix()
    assert not unseen, (
        "doctest does not see the examples in these docstrings, so they are never run: "
        + ", ".join(f"{name} ({file}:{line})" for name, line in unseen.items())
        + ". Put the example in the docstring of a function, class or method at the top "
        "of the module (not in a function inside a function)."
    )
    runner = doctest.DocTestRunner(optionflags=FLAGS)
    report: list[str] = []
    start = time.perf_counter()
    for test in sorted(tests, key=lambda t: t.lineno or 0):
        runner.run(test, out=report.append)
    seconds = time.perf_counter() - start
    if "matplotlib.pyplot" in sys.modules:  # examples that draw leave no figures open
        sys.modules["matplotlib.pyplot"].close("all")
    results = runner.summarize(verbose=False)
    assert results.attempted > 0
    assert not results.failed, (
        f"{results.failed} of the {results.attempted} examples in {file} do not show what "
        "they say (doctest's report below). Fix the example or its expected output; an "
        "output that changes from run to run (floats, addresses, times) should be rounded, "
        "or shortened with ...\n\n" + "".join(report)
    )
    assert seconds < SECONDS, (
        f"the examples in {file} took {seconds:.1f} s: an example should take a fraction of "
        "a second (a small network, a few steps, no MNIST)."
    )


SAMPLE = '''
"""A module.

>>> 1 + 1
2
"""


def top():
    """>>> top()"""

    def inner():
        """>>> inner()"""


class Reader:
    """No example here."""

    def read(self):
        """>>> Reader().read()"""

    @property
    def size(self):
        """>>> Reader().size"""


if True:

    def under_if():
        """>>> under_if()"""
'''


def test_the_source_is_read_with_the_names_doctest_gives(tmp_path):
    """The examples read from the source are named as doctest names what it finds, and an
    example doctest cannot see (in a function inside a function) is told apart."""
    path = tmp_path / "sample_module.py"
    path.write_text(SAMPLE, encoding="utf-8")
    spec = importlib.util.spec_from_file_location("sample_module", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    seen = {t.name for t in doctest.DocTestFinder().find(module, "sample_module") if t.examples}
    read = set(_with_examples(ast.parse(SAMPLE), "sample_module"))
    assert read - seen == {"sample_module.top.<locals>.inner"}
    assert seen == {
        "sample_module",
        "sample_module.top",
        "sample_module.Reader.read",
        "sample_module.Reader.size",
        "sample_module.under_if",
    }
    assert seen <= read
