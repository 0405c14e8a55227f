"""How long a beginner needs for each notebook, by a stated rule, against the time it states.

Each notebook opens with "About N minutes". That number comes from this rule, applied to
its text source (notebooks/text/NN_name.md), not from a guess:

    reading     the prose (Markdown cells, without formulas) at WORDS_PER_MINUTE
    code        CODE_CELL_MINUTES for each code cell: read it, run it, read what it prints
    explorers   EXPLORER_MINUTES for each cell that shows a widget (sliders, pads)
    exercises   EXERCISE_MINUTES for each exercise: read it, try, check, perhaps try again

The computations' own running time is stated separately in each notebook (it depends on
the computer). The rule's numbers are a beginner's pace, on purpose slower than an expert
reads. tests/test_notebooks.py checks that each notebook states the rule's time, rounded
to 5 minutes. Run it to see the table:

    python tools/reading_time.py
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TEXT = ROOT / "notebooks" / "text"

WORDS_PER_MINUTE = 130
CODE_CELL_MINUTES = 0.75
EXPLORER_MINUTES = 3
EXERCISE_MINUTES = 8

CELL = re.compile(r"^```\{code-cell\}.*?^```$", re.MULTILINE | re.DOTALL)
MATH = re.compile(r"\$\$.*?\$\$|\$[^$\n]+\$", re.DOTALL)
STATED = re.compile(r"^About (\d+) minutes", re.MULTILINE)


def widget_names() -> list[str]:
    """The explorers annlib.widgets offers (its __all__ entries that are called as widgets)."""
    source = (ROOT / "annlib" / "widgets" / "__init__.py").read_text(encoding="utf-8")
    listed = re.search(r"__all__ = \[(.*?)\]", source, re.DOTALL)[1]
    return [name for name in re.findall(r'"(\w+)"', listed) if not name.isupper()]  # no constants


def shows_a_widget(cell: str, names: list[str]) -> bool:
    return any(re.search(rf"(?<![\w.])(widgets\.)?{name}\(", cell) for name in names)


def parts(path: Path) -> dict:
    """What the rule counts in one text source."""
    text = path.read_text(encoding="utf-8").split("\n---\n", 1)[-1]  # after the front matter
    cells = CELL.findall(text)
    code = [cell for cell in cells if "exercises-section" not in cell]
    prose = MATH.sub(" ", CELL.sub(" ", text))
    prose = re.sub(r"^\+\+\+.*$|^---$|^alt:.*$", " ", prose, flags=re.MULTILINE)
    return {
        "words": len(re.findall(r"[A-Za-z0-9][\w'’.,-]*", prose)),
        "code cells": len(code),
        "explorers": sum(shows_a_widget(cell, widget_names()) for cell in code),
        "exercises": len(re.findall(r'^exercise\("\d+\.\d+"\)$', text, re.MULTILINE)),
    }


def minutes(counts: dict) -> float:
    """The rule: a beginner's minutes for the counted parts."""
    return (
        counts["words"] / WORDS_PER_MINUTE
        + counts["code cells"] * CODE_CELL_MINUTES
        + counts["explorers"] * EXPLORER_MINUTES
        + counts["exercises"] * EXERCISE_MINUTES
    )


def rounded(value: float) -> int:
    """To the nearest 5 minutes, as the notebooks state it."""
    return int(5 * round(value / 5))


def stated(path: Path) -> int | None:
    found = STATED.search(path.read_text(encoding="utf-8"))
    return int(found[1]) if found else None


def main() -> int:
    print(f"{'notebook':28} {'words':>6} {'code':>5} {'expl.':>5} {'exer.':>5} "
          f"{'rule':>6} {'states':>6}")  # fmt: skip
    wrong = 0
    for path in sorted(TEXT.glob("[0-9][0-9]_*.md")):
        counts = parts(path)
        rule, says = rounded(minutes(counts)), stated(path)
        wrong += rule != says
        flag = "" if rule == says else "  <- states another time"
        counted = " ".join(f"{counts[key]:5}" for key in ("code cells", "explorers", "exercises"))
        print(f"{path.stem:28} {counts['words']:6} {counted} {rule:6} {says!s:>6}{flag}")
    return 1 if wrong else 0


if __name__ == "__main__":
    sys.exit(main())
