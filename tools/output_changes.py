"""What a rebuild changed in a notebook's outputs: the lines to check the prose against.

A notebook rebuilt on another processor trains slightly different networks, so numbers the
prose quotes can go stale. tests/test_notebooks.py catches stale percentages; this lists
every changed output line (text, and tables as text; lines about seconds left out), cell
by cell, so that counts, neuron numbers and orderings can be checked by eye too.

    python tools/output_changes.py 09            # against the last commit (HEAD)
    python tools/output_changes.py 09 --since 5f143cd
"""

from __future__ import annotations

import argparse
import difflib
import json
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TIMING = re.compile(r"\d+ s\b|s/epoch|it/s|run/s|seconds|\[\d\d:\d\d")


def output_lines(notebook: dict) -> dict[str, tuple[int, list[str]]]:
    """{a code cell's source: (its index, its output as lines of text)}."""
    found = {}
    for index, cell in enumerate(notebook["cells"]):
        if cell["cell_type"] != "code":
            continue
        text = ""
        for output in cell.get("outputs", []):
            text += "".join(output.get("text", ""))
            data = output.get("data", {})
            html = "".join(data.get("text/html", ""))
            if "<table" in html:  # a styled table: its cells, one row per line
                html = re.sub(r"<style.*?</style>", "", html, flags=re.S).replace("</tr>", "\n")
                text += re.sub(r"[ \t]+", " ", re.sub(r"<[^>]+>", " ", html))
            elif "text/plain" in data:
                text += "".join(data["text/plain"])
        lines = [line.strip() for line in text.splitlines() if line.strip()]
        found["".join(cell["source"])] = (index, lines)
    return found


def changes(old: dict, new: dict) -> list[str]:
    """The changed output lines of every cell whose source is unchanged, '-' old, '+' new."""
    report = []
    before = output_lines(old)
    for source, (index, lines) in output_lines(new).items():
        if source not in before or before[source][1] == lines:
            continue
        diff = difflib.unified_diff(before[source][1], lines, lineterm="", n=0)
        changed = [d for d in diff if d[:1] in "+-" and not d.startswith(("---", "+++"))]
        changed = [d for d in changed if not TIMING.search(d)]
        if changed:
            report.append(f"== cell {index}: {source[:70]!r}")
            report += changed
    return report


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("notebook", help="its number or name, e.g. 09")
    parser.add_argument("--since", default="HEAD", help="the commit to compare with")
    args = parser.parse_args()
    (path,) = sorted((ROOT / "notebooks").glob(f"{args.notebook}*.ipynb"))
    relative = path.relative_to(ROOT).as_posix()
    shown = subprocess.run(
        ["git", "show", f"{args.since}:{relative}"],
        cwd=ROOT, capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    print("\n".join(changes(json.loads(shown), json.loads(path.read_text("utf-8")))))
    return 0


if __name__ == "__main__":
    sys.exit(main())
