"""annlib's layout: the core a learner reads is the top level of the package, listed in
the reading guide of annlib/__init__.py; every module has a name of its own; and the
core's functions are short enough to read in one go.

Everything is read from the source with ``ast``: nothing is imported.
"""

from __future__ import annotations

import ast
import re
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
ANNLIB = ROOT / "annlib"
MAX_FUNCTION_LINES = 60  # of a function's body, its docstring not counted
LINE_COUNT_TOLERANCE = 0.10
# a line of the reading guide: "    name    what it holds (N lines)"
GUIDE_LINE = re.compile(
    r"^ +(?P<name>[A-Za-z_]\w*) {2,}(?P<what>\S.*?) +\((?P<lines>\d+) lines?\)$"
)


def core_modules() -> dict[str, Path]:
    """The public modules at the top of annlib (annlib/*.py not starting with _)."""
    return {p.stem: p for p in sorted(ANNLIB.glob("*.py")) if not p.name.startswith("_")}


def reading_guide(docstring: str) -> list[tuple[str, int, int]]:
    """(module name, lines it claims, line of the docstring) for every guide line, in order."""
    found = []
    for number, line in enumerate(docstring.splitlines(), start=1):
        match = GUIDE_LINE.match(line.rstrip())
        if match:
            found.append((match["name"], int(match["lines"]), number))
    return found


def body_length(function: ast.FunctionDef | ast.AsyncFunctionDef) -> int:
    """Lines from the first statement after the docstring to the function's last line."""
    body = function.body
    first = body[0]
    if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
        if isinstance(first.value.value, str):
            body = body[1:]
    return function.end_lineno - body[0].lineno + 1 if body else 0


def long_functions(paths, limit: int = MAX_FUNCTION_LINES) -> list[tuple[str, int]]:
    """("module.Class.method (file:line)", body length) of every function over limit lines."""
    found = []
    for path in paths:
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        todo = [(tree, path.stem)]
        while todo:
            node, name = todo.pop()
            for child in ast.iter_child_nodes(node):
                if isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                    qualified = f"{name}.{child.name}"
                    todo.append((child, qualified))
                    if not isinstance(child, ast.ClassDef) and body_length(child) > limit:
                        where = f"{path.relative_to(ROOT).as_posix()}:{child.lineno}"
                        found.append((f"{qualified} ({where})", body_length(child)))
                else:
                    todo.append((child, name))
    return sorted(found, key=lambda item: -item[1])


def test_no_two_modules_share_a_file_name():
    """`from annlib.lab import tables` and `from annlib import tables` would read the same
    and be different modules: every module's file name is its own."""
    places = defaultdict(list)
    for path in sorted(ANNLIB.rglob("*.py")):
        if path.name not in {"__init__.py", "__main__.py"}:
            places[path.name].append(path.relative_to(ROOT).as_posix())
    shared = {name: paths for name, paths in places.items() if len(paths) > 1}
    assert not shared, "these file names are used more than once; rename all but one:\n" + (
        "\n".join(f"  {name}: {', '.join(paths)}" for name, paths in shared.items())
    )


def test_the_reading_guide_lists_the_core_modules_and_their_sizes():
    """annlib/__init__.py's docstring lists the core modules in reading order, one per line,
    as "    name    what it holds (N lines)"; the list is exactly annlib's public
    top-level modules, and N is each module's length, give or take 10%."""
    tree = ast.parse((ANNLIB / "__init__.py").read_text(encoding="utf-8"))
    docstring = ast.get_docstring(tree, clean=False)
    guide = reading_guide(docstring or "")
    assert guide, (
        "annlib/__init__.py's docstring has no reading guide: a section listing the core "
        'modules in reading order, one per line, as "    name    what it holds (N lines)".'
    )
    listed = [name for name, _, _ in guide]
    twice = sorted({name for name in listed if listed.count(name) > 1})
    core = core_modules()
    missing = sorted(set(core) - set(listed))
    extra = sorted(set(listed) - set(core))
    assert not (twice or missing or extra), (
        "the reading guide in annlib/__init__.py and annlib's public top-level modules "
        f"differ: not in the guide: {missing}; in the guide but no module annlib/NAME.py: "
        f"{extra}; listed twice: {twice}. Add, remove or rename the guide's lines (a "
        "module that is not core belongs in a subpackage, or is private: _name.py)."
    )
    wrong = []
    for name, claimed, number in guide:
        actual = len(core[name].read_text(encoding="utf-8").splitlines())
        if abs(claimed - actual) > LINE_COUNT_TOLERANCE * actual:
            where = f"annlib/__init__.py:{tree.body[0].lineno + number - 1}"
            wrong.append(f"  {where}: {claimed} lines, but annlib/{name}.py has {actual}")
    assert not wrong, (
        "the reading guide in annlib/__init__.py gives sizes that are more than "
        f"{LINE_COUNT_TOLERANCE:.0%} off; write the new line counts:\n" + "\n".join(wrong)
    )


def test_the_core_functions_are_short():
    """A function a learner reads in the core fits on one screen: its body, without the
    docstring, is at most 60 lines."""
    offenders = long_functions(core_modules().values())
    assert not offenders, (
        f"these functions of annlib's core are longer than {MAX_FUNCTION_LINES} lines (body "
        "without the docstring); split each into steps with names of their own:\n"
        + "\n".join(f"  {name}: {length} lines" for name, length in offenders)
    )


def test_the_layout_checks_can_fail():
    """The parsers behind the tests above, on made-up input."""
    docstring = (
        "The core, in reading order:\n\n"
        "    neuron     the threshold neuron (159 lines)\n"
        "    layer      a layer of them (1 line)\n"
        "    plots      not in the guide: no line count\n"
    )
    assert reading_guide(docstring) == [("neuron", 159, 3), ("layer", 1, 4)]
    source = (
        "def short():\n"
        '    """Docstring\n\n    not counted."""\n'
        "    return 1\n\n\n"
        "class A:\n"
        "    def long(self):\n" + "        x = 1\n" * 61 + "\n"
        "def only_a_docstring():\n"
        '    """Nothing else."""\n'
    )
    tree = ast.parse(source)
    lengths = {
        node.name: body_length(node) for node in ast.walk(tree) if isinstance(node, ast.FunctionDef)
    }
    assert lengths == {"short": 1, "long": 61, "only_a_docstring": 0}
