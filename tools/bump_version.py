"""Give annlib a new version, everywhere it is written, in one command.

    python tools/bump_version.py 0.9.0              # then rebuilds every notebook
    python tools/bump_version.py 0.9.0 --no-rebuild # only the edits (rebuild later)

The version lives in annlib/__init__.py. Every notebook's first cell asks for it
(annlib.require("0.9.0")), so that a learner whose annlib is older is told how to
update; and its saved output says which annlib ran it. This command sets the
version in annlib/__init__.py, in each notebook's text source, and as the heading of
the CHANGELOG's "Unreleased" section, then rebuilds the notebooks (tools/notebooks.py)
so that their saved outputs show it. tests/test_notebooks.py fails until all agree.
"""

from __future__ import annotations

import argparse
import datetime
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
INIT = ROOT / "annlib" / "__init__.py"
CHANGELOG = ROOT / "CHANGELOG.md"
VERSION_LINE = re.compile(r'^__version__ = "([^"]+)"$', re.M)
REQUIRE = re.compile(r'annlib\.require\("[^"]+"\)')

sys.path.insert(0, str(ROOT / "tools"))
import notebooks  # noqa: E402  (tools/notebooks.py)


def parse(version: str) -> tuple[int, ...]:
    if not re.fullmatch(r"\d+\.\d+\.\d+", version):
        raise SystemExit(f"a version looks like 0.9.0 (three whole numbers); got {version!r}")
    return tuple(int(part) for part in version.split("."))


def current() -> str:
    return VERSION_LINE.search(INIT.read_text()).group(1)


def bump(new: str, today: datetime.date | None = None) -> list[Path]:
    """Write ``new`` everywhere; return the files changed."""
    old = current()
    if parse(new) <= parse(old):
        raise SystemExit(f"the new version must be newer than {old}; got {new}")
    sources = [notebooks.text_path(notebook) for notebook in notebooks.notebooks()]
    for source in sources:  # check everything before changing anything
        if not REQUIRE.search(source.read_text()):
            raise SystemExit(f"{source.relative_to(ROOT)} has no annlib.require(...) line")
    changed = [INIT]
    INIT.write_text(VERSION_LINE.sub(f'__version__ = "{new}"', INIT.read_text(), count=1))
    for source in sources:
        source.write_text(REQUIRE.sub(f'annlib.require("{new}")', source.read_text()))
        changed.append(source)
    if CHANGELOG.exists():
        text = CHANGELOG.read_text()
        day = (today or datetime.date.today()).isoformat()
        if "## Unreleased" in text:
            text = text.replace("## Unreleased", f"## Unreleased\n\n## {new} ({day})", 1)
            CHANGELOG.write_text(text)
            changed.append(CHANGELOG)
    return changed


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("version", help="the new version, e.g. 0.9.0")
    parser.add_argument(
        "--no-rebuild",
        action="store_true",
        help="only edit the files; rebuild the notebooks yourself later",
    )
    args = parser.parse_args(argv)
    old = current()
    for path in bump(args.version):
        print(f"{path.relative_to(ROOT)}: {old} -> {args.version}")
    print("reinstall annlib so that its installed version agrees: pip install -e .")
    if args.no_rebuild:
        print("then rebuild the notebooks: python tools/notebooks.py rebuild")
        return 0
    return notebooks.main(["rebuild"])


if __name__ == "__main__":
    sys.exit(main())
