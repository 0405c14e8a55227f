"""Write the line counts of annlib's reading guide (annlib/__init__.py's docstring) anew.

The guide lists the core modules in reading order, each with its size, and opens with
the core's share of the package. tests/test_layout.py fails when a size is more than 10%
off; after changing the core, run this and commit what it changes:

    python tools/reading_guide.py
"""

from __future__ import annotations

import re
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "annlib"
GUIDE_LINE = re.compile(r"^(    (\w+) .*\()(\d+)( lines\))$", re.MULTILINE)
SHARE = re.compile(r"\(([\d,]+) of annlib's ([\d,]+) lines;")


def lines(path: Path) -> int:
    return len(path.read_text(encoding="utf-8").splitlines())


def rewrite(text: str) -> str:
    """The package docstring with each core module's size, and the core's share, measured."""
    sizes = {}

    def module_size(match):
        name = match.group(2)
        sizes[name] = lines(PACKAGE / f"{name}.py")
        return f"{match.group(1)}{sizes[name]}{match.group(4)}"

    text = GUIDE_LINE.sub(module_size, text)
    total = sum(lines(path) for path in PACKAGE.rglob("*.py"))
    core = sum(sizes.values())
    if not sizes or not SHARE.search(text):
        raise SystemExit("annlib/__init__.py has no reading guide in the expected form")
    return SHARE.sub(f"({core:,} of annlib's {total:,} lines;", text, count=1)


def main() -> None:
    init = PACKAGE / "__init__.py"
    before = init.read_text(encoding="utf-8")
    after = rewrite(before)
    init.write_text(after, encoding="utf-8")
    print("annlib/__init__.py:", "sizes updated" if after != before else "sizes already right")


if __name__ == "__main__":
    main()
