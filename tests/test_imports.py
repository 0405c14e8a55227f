"""No import cycles in annlib, not even hidden ones.

The checker reads annlib's source with ``ast`` (it imports nothing) and collects every
import: at the top of a module, inside functions and methods, inside ``try``, and imports
through strings (``importlib.import_module("...")``, ``__import__("...")``, also when the
name comes from a table of names at the top of the module). Imports under
``if TYPE_CHECKING:`` never run, so they do not count. Importing ``annlib.x.y`` runs
``annlib/x/__init__.py`` first, so that import is also an edge to ``annlib.x`` (unless the
importer is inside ``annlib.x``, which Python has then started already).

A cycle is a chain of such edges that comes back to where it started. An import inside a
function does not remove a cycle, it only postpones it until the function runs: the
modules still cannot be understood, tested or moved one without the other.

``annlib/_moved.py`` maps the old import paths of annlib 0.8 to the new ones (for the
deprecation warning); its ``import_module(new)`` is the one string import left out.
"""

from __future__ import annotations

import ast
import importlib.util
from collections import deque
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = "annlib"
# modules whose imports through strings are left out: the table of annlib 0.8's old paths
STRING_IMPORTS_LEFT_OUT = {"annlib._moved"}

HOW_TO_FIX = (
    "To break a cycle, change one of its imports so that the modules form layers, each "
    "importing only the ones below it:\n"
    "  - move the code both modules need down, into a module (or a new private one) that "
    "imports neither of them;\n"
    "  - pass the object in (a function or class as an argument, or a method of the object "
    "you already have) instead of importing the module that defines it;\n"
    "  - or import the other way round: the higher-level module imports the lower one, never "
    "back (a package's __init__ imports its modules; they import from each other's modules, "
    "not from the package).\n"
    "Moving the import into a function, or behind importlib, does not break a cycle: it "
    "only hides it until the function runs."
)


@dataclass(frozen=True)
class Edge:
    """One import: module ``source`` needs module ``target``, at ``where`` (file:line)."""

    source: str
    target: str
    where: str
    how: str  # "", "inside a function", "through a string", ...


@dataclass
class ImportGraph:
    modules: dict[str, Path]  # module name: its file
    edges: list[Edge]
    unknown: list[Edge]  # imports of names inside the package that are no module of it
    not_literal: list[str]  # string imports whose name is not written out: "file:line code"
    seen: set[Edge] = field(default_factory=set, repr=False)

    def add(self, edge: Edge) -> None:
        if edge not in self.seen:  # `from .mlp import A, B` is one import of annlib.mlp
            self.seen.add(edge)
            self.edges.append(edge)

    def targets(self) -> dict[str, dict[str, list[Edge]]]:
        """{source: {target: [the imports that make that edge]}}, self-imports left out."""
        found: dict[str, dict[str, list[Edge]]] = {name: {} for name in self.modules}
        for edge in self.edges:
            if edge.source != edge.target:
                found[edge.source].setdefault(edge.target, []).append(edge)
        return found


def _module_names(root: Path, package: str) -> dict[str, Path]:
    modules = {}
    for path in sorted((root / package).rglob("*.py")):
        parts = list(path.relative_to(root).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        modules[".".join(parts)] = path
    return modules


def _is_type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _string_tables(tree: ast.Module) -> dict[str, list[str]]:
    """Module-level names bound to a string, or a dict/list/tuple/set holding strings."""
    tables = {}
    for node in tree.body:
        if isinstance(node, ast.Assign):
            targets, value = node.targets, node.value
        elif isinstance(node, ast.AnnAssign) and node.value is not None:
            targets, value = [node.target], node.value
        else:
            continue
        if isinstance(value, ast.Dict):
            items = [*value.keys, *value.values]
        elif isinstance(value, (ast.List, ast.Tuple, ast.Set)):
            items = value.elts
        else:
            items = [value]
        strings = [
            i.value for i in items if isinstance(i, ast.Constant) and isinstance(i.value, str)
        ]
        for target in targets:
            if isinstance(target, ast.Name) and strings:
                tables[target.id] = strings
    return tables


class _Imports(ast.NodeVisitor):
    """Collects the imports of one module, at the top, in functions and through strings."""

    def __init__(self, module: str, is_package: bool, tables: dict[str, list[str]], deep: bool):
        self.module = module
        self.deep = deep  # look into expressions too (for import_module calls)
        self.package = module if is_package else module.rpartition(".")[0]
        self.tables = tables
        self.depth = 0  # how many functions deep we are
        # (the module imported, or the ones it may be: P.n, else P), line, in a function,
        # through a string
        self.found: list[tuple[list[str], int, bool, bool]] = []
        self.not_literal: list[tuple[int, str]] = []

    def generic_visit(self, node: ast.AST) -> None:
        if self.deep:
            super().generic_visit(node)
            return
        # imports are statements: only statements that hold statements need a look inside
        for name in ("body", "orelse", "handlers", "finalbody", "cases"):
            children = getattr(node, name, None)
            for child in children if isinstance(children, list) else ():
                self.visit(child)

    def visit_If(self, node: ast.If) -> None:
        if not _is_type_checking(node.test):
            self.visit(node.test)
            for child in node.body:
                self.visit(child)
        for child in node.orelse:
            self.visit(child)

    def _visit_function(self, node) -> None:
        self.depth += 1
        self.generic_visit(node)
        self.depth -= 1

    visit_FunctionDef = visit_AsyncFunctionDef = visit_Lambda = _visit_function

    def visit_Import(self, node: ast.Import) -> None:
        for alias in node.names:
            self.found.append(([alias.name], node.lineno, self.depth > 0, False))

    def visit_ImportFrom(self, node: ast.ImportFrom) -> None:
        if node.level:
            parts = self.package.split(".")
            base = ".".join(parts[: len(parts) - (node.level - 1)])
            base = f"{base}.{node.module}" if node.module else base
        else:
            base = node.module
        for alias in node.names:
            # `from P import n` imports module P.n if there is one, else the name n from P
            candidates = [base] if alias.name == "*" else [f"{base}.{alias.name}", base]
            self.found.append((candidates, node.lineno, self.depth > 0, False))

    def visit_Call(self, node: ast.Call) -> None:
        self.generic_visit(node)
        func = node.func
        name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", None)
        if name not in {"import_module", "__import__"} or not node.args:
            return
        what = node.args[0]
        package_arg = node.args[1] if name == "import_module" and len(node.args) > 1 else None
        for keyword in node.keywords:
            if keyword.arg == "package":
                package_arg = keyword.value
        if isinstance(package_arg, ast.Name) and package_arg.id == "__package__":
            package = self.package
        elif isinstance(package_arg, ast.Constant):
            package = package_arg.value
        else:
            package = None
        if isinstance(what, ast.Constant) and isinstance(what.value, str):
            names = [what.value]
        else:
            self.not_literal.append((node.lineno, ast.unparse(node)))
            # a name from a table at the top of the module: every string in the table
            table = what.value if isinstance(what, ast.Subscript) else what
            names = self.tables.get(table.id, []) if isinstance(table, ast.Name) else []
        for text in names:
            try:
                resolved = importlib.util.resolve_name(text, package)
            except (ImportError, ValueError):
                continue  # not a module name (a class name in the same table, say)
            self.found.append(([resolved], node.lineno, self.depth > 0, True))


def import_graph(root: Path, package: str, left_out: set[str] = frozenset()) -> ImportGraph:
    """Every import between the modules of ``package`` (the folder ``root / package``).

    ``left_out``: modules whose imports through strings are not followed.
    """
    modules = _module_names(root, package)
    graph = ImportGraph(modules, [], [], [])
    for module, path in modules.items():
        text = path.read_text(encoding="utf-8")
        tree = ast.parse(text, filename=str(path))
        is_package = path.name == "__init__.py"
        deep = "import_module" in text or "__import__" in text
        visitor = _Imports(module, is_package, _string_tables(tree), deep)
        visitor.visit(tree)
        file = path.relative_to(root).as_posix()
        started = {module.rsplit(".", n)[0] for n in range(module.count(".") + 1)}
        for candidates, line, in_function, through_string in visitor.found:
            if through_string and module in left_out:
                continue
            how = ", ".join(
                label
                for label, true in [
                    ("inside a function", in_function),
                    ("through a string", through_string),
                ]
                if true
            )
            if not any(c == package or c.startswith(package + ".") for c in candidates):
                continue  # numpy, matplotlib, ...: not ours
            where = f"{file}:{line}"
            target = next((c for c in candidates if c in modules), None)
            if target is None:
                graph.unknown.append(Edge(module, candidates[-1], where, how))
                continue
            graph.add(Edge(module, target, where, how))
            # importing a.b.c runs a/b/__init__.py first, unless the importer is inside a.b
            parts = target.split(".")
            for n in range(1, len(parts)):
                parent = ".".join(parts[:n])
                if parent not in started:
                    first = f"{parent.replace('.', '/')}/__init__.py runs first"
                    note = f"{how}, {first}" if how else first
                    graph.add(Edge(module, parent, where, note))
        if module not in left_out:
            graph.not_literal += [f"{file}:{line}  {code}" for line, code in visitor.not_literal]
    return graph


def _strongly_connected(targets: dict[str, dict[str, list[Edge]]]) -> list[list[str]]:
    """Tarjan's algorithm: the groups of modules that can each reach all the others."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    groups = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for nxt in sorted(targets[node]):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            group = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.append(member)
                if member == node:
                    break
            groups.append(sorted(group))

    for node in sorted(targets):
        if node not in index:
            visit(node)
    return [group for group in groups if len(group) > 1]


def _shortest_path(targets, start: str, goal: str, allowed: set[str]) -> list[str]:
    came_from = {start: None}
    queue = deque([start])
    while queue:
        node = queue.popleft()
        if node == goal:
            path = [node]
            while came_from[path[-1]] is not None:
                path.append(came_from[path[-1]])
            return path[::-1]
        for nxt in sorted(targets[node]):
            if nxt in allowed and nxt not in came_from:
                came_from[nxt] = node
                queue.append(nxt)
    raise AssertionError(f"{goal} is not reachable from {start} inside its group")


def find_cycles(graph: ImportGraph) -> list[list[str]]:
    """Import cycles, each as [a, b, ..., a]: for every import inside a group of modules that
    reach each other, the shortest cycle through it (so every such import is in one)."""
    targets = graph.targets()
    cycles = set()
    for group in _strongly_connected(targets):
        members = set(group)
        for source in group:
            for target in targets[source]:
                if target in members:
                    cycle = [source, *_shortest_path(targets, target, source, members)]
                    first = cycle.index(min(cycle[:-1]))  # the same cycle, however entered
                    cycles.add((*cycle[first:-1], *cycle[:first], cycle[first]))
    return sorted((list(cycle) for cycle in cycles), key=lambda c: (len(c), c))


def describe(graph: ImportGraph, cycle: list[str]) -> str:
    targets = graph.targets()
    lines = [" -> ".join(cycle)]
    for source, target in zip(cycle, cycle[1:]):
        places = "; ".join(
            f"{e.where}" + (f" ({e.how})" if e.how else "") for e in targets[source][target]
        )
        lines.append(f"    {source} -> {target}: {places}")
    return "\n".join(lines)


def cycle_report(graph: ImportGraph) -> str:
    cycles = find_cycles(graph)
    if not cycles:
        return ""
    listed = "\n".join(describe(graph, cycle) for cycle in cycles)
    return f"{len(cycles)} import cycle(s):\n{listed}\n\n{HOW_TO_FIX}"


# --- annlib itself ---------------------------------------------------------------------------


@cache
def annlib_graph() -> ImportGraph:
    return import_graph(ROOT, PACKAGE, left_out=STRING_IMPORTS_LEFT_OUT)


def test_annlib_has_no_import_cycles():
    graph = annlib_graph()
    assert len(graph.modules) > 50 and len(graph.edges) > 100, "the checker found no imports"
    report = cycle_report(graph)
    assert not report, report


def test_annlib_imports_only_modules_that_exist():
    graph = annlib_graph()
    wrong = [f"{e.where}: {e.target}" for e in graph.unknown]
    assert not wrong, (
        "these imports name annlib modules that do not exist (an old path of annlib 0.8, "
        "which annlib/_moved.py only keeps for learners, or a typo); import from the module's "
        "new place:\n" + "\n".join(wrong)
    )


def test_no_import_is_hidden_behind_a_variable():
    graph = annlib_graph()
    assert not graph.not_literal, (
        "importlib.import_module / __import__ with a name that is not written out hides an "
        "import from readers and from this test; write the import out (`from .mlp import "
        "MLP`), or look the class up in a dict of classes that the caller passes in:\n"
        + "\n".join(graph.not_literal)
    )


# --- the checker itself ----------------------------------------------------------------------


def _fake_package(root: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        path = root / "fake" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root


def test_the_checker_finds_cycles_through_functions_strings_and_packages(tmp_path):
    _fake_package(
        tmp_path,
        {
            "__init__.py": "from .a import A\n",
            "a.py": "from .b import helper\nA = 1\n",
            "b.py": "def helper():\n    from .a import A\n    return A\n",  # a function import
            "c.py": "import fake.d\n",
            "d.py": (
                "import importlib\n\n\ndef late():\n"
                "    return importlib.import_module('fake.c')\n"  # a string import
            ),
            "e.py": (
                "import importlib\nKINDS = {'F': '.f'}\n\n\ndef load(kind):\n"
                "    return importlib.import_module(KINDS[kind], __package__)\n"  # via a table
            ),
            "f.py": "try:\n    from . import e\nexcept ImportError:\n    e = None\n",
            "sub/__init__.py": "from .g import G\nSETTING = 3\n",
            "sub/g.py": "from . import SETTING\nG = SETTING\n",  # a name from its package
            "h.py": "from fake.sub.g import G\n",
            "i.py": "from .sub import SETTING\n",
        },
    )
    graph = import_graph(tmp_path, "fake")
    cycles = find_cycles(graph)
    assert ["fake.a", "fake.b", "fake.a"] in cycles
    assert ["fake.c", "fake.d", "fake.c"] in cycles
    assert ["fake.e", "fake.f", "fake.e"] in cycles
    assert ["fake.sub", "fake.sub.g", "fake.sub"] in cycles
    assert len(cycles) == 4, cycles
    assert graph.not_literal == ["fake/e.py:6  importlib.import_module(KINDS[kind], __package__)"]
    report = cycle_report(graph)
    assert "fake.a -> fake.b -> fake.a" in report
    assert "fake/b.py:2 (inside a function)" in report
    assert "fake/d.py:5 (inside a function, through a string)" in report
    assert "pass the object in" in report
    # h imports fake.sub.g, which runs fake/sub/__init__.py first: an edge to fake.sub too
    assert {e.target for e in graph.edges if e.source == "fake.h"} == {"fake.sub.g", "fake.sub"}


def test_the_checker_passes_a_package_without_cycles(tmp_path):
    _fake_package(
        tmp_path,
        {
            "__init__.py": "from .top import run\nfrom . import sub\n",
            "top.py": "import importlib\nfrom . import low\nfrom .sub import g\nrun = 1\n",
            "low.py": (
                "from typing import TYPE_CHECKING\n\nimport numpy\n\n"
                "if TYPE_CHECKING:\n    from .top import run\n"  # never runs: not an edge
            ),
            # a package's modules import each other and their own package's modules: fine
            "sub/__init__.py": "from .g import G\nfrom .h import H\n",
            "sub/g.py": "from . import h\nfrom .. import low\nG = h.H\n",
            "sub/h.py": "import importlib\n\n\ndef f():\n    importlib.import_module('fake.low')\n",
        },
    )
    graph = import_graph(tmp_path, "fake")
    assert find_cycles(graph) == []
    assert cycle_report(graph) == ""
    assert not graph.unknown and not graph.not_literal
    assert ("fake.top", "fake.low") in {(e.source, e.target) for e in graph.edges}
    assert ("fake.low", "fake.top") not in {(e.source, e.target) for e in graph.edges}
