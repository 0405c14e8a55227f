"""Write a benchmark's table into the README, between the two markers that hold it."""

from __future__ import annotations

import time
from pathlib import Path

README = Path(__file__).resolve().parents[1] / "README.md"


def write_section(start: str, end: str, table: str, readme: Path = README) -> None:
    """Replace what stands between the markers ``start`` and ``end`` with ``table``,
    dated today; the README is left alone if a marker is missing."""
    text = readme.read_text(encoding="utf-8")
    if start not in text or end not in text:
        raise SystemExit(f"README.md has no section marked {start!r} ... {end!r}")
    before, rest = text.split(start, 1)
    after = rest.split(end, 1)[1]
    stamp = time.strftime("%Y-%m-%d")
    readme.write_text(
        f"{before}{start}\n\nMeasured on {stamp}:\n\n{table}\n\n{end}{after}", encoding="utf-8"
    )
    print("   written into the README")
