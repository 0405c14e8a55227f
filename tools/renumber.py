"""Make room for new notebooks: move every notebook from NN on up, so that NN is free.

    python tools/renumber.py 07          # 07 becomes 08, 08 becomes 09, ...; then add yours as 07
    python tools/renumber.py 06 08 10    # three new places, counted in the new numbering:
                                         # 05 stays, 06 becomes 07, 07 becomes 09, 08 becomes 11
    python tools/renumber.py 07 --dry    # only list what would change

It renames each moved notebook's .ipynb, its text source and its exercise module
(annlib/exercises/nbNN.py, with `git mv` in a git checkout), then rewrites, in every tracked
text file except the CHANGELOG (whose old entries keep their old numbers) and the .ipynb
files (rebuild them afterwards), the ways the course writes a notebook's number:

    07_limitations      zero-padded numbers, in file names, links and prose ("notebook 07")
    nb07                exercise modules
    "7.1"               exercise keys, in quotes, and "exercise 7.1" in prose
    notebook 7 of 8     the line under every title (the total grows everywhere)

A zero-padded number is only taken where it stands alone (not in 0.07, 2026-11-07 or
#0072B2). A number from 10 on looks like any other number, so it is only taken where it
names a notebook: in a file name (10_pytorch), after "notebook" or "notebooks", in a link's
text ("[10 · PyTorch]"), in a title ("# 10 · PyTorch"), in a table row's first cell before a
link, in a list after a zero-padded notebook number ("07, 09 and 10", "08-10"), in nb10 and
in an exercise key ("10.1"). Read the diff for the rest.

This was first done by hand when notebook 06 was added (issue 18). The script makes every
move in one pass, so that 07 becoming 08 is never taken for 08 becoming 09.

What it cannot know, it lists at the end for you to do: the new notebooks' links from the
notebooks before and after them, the README's course map rows, prose that counts the
notebooks in words ("Over eight notebooks"), references to sections that move to a new
notebook, and rebuilding every notebook.
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# the CHANGELOG keeps old numbers; this script and its test give numbers as examples
SKIP = {
    "CHANGELOG.md",
    "tools/renumber.py",
    "tests/test_tools.py",
    "site/package-lock.json",  # versions such as 13.1.0 look like exercise keys
}
TEXT_SUFFIXES = {".py", ".md", ".txt", ".toml", ".cfg", ".yml", ".yaml", ".json", ".js", ".sh"}

# 07, 07_name, notebooks/07_name, latency_07, interaction-07; not 0.07, 2026-11-07, 00:07,
# 07:30, #0072B2, 1e-07 or 07%
PADDED = re.compile(r"(?<![A-Za-z0-9.:#])(?<!\d-)(?<![eE]-)0([1-9])(?!\d)(?![.:]\d)(?!%)")
# 10 to 99 only where a notebook is meant: 10_name, notebook(s) 10, [10 · , # 10 · , | 10 | [,
# and after a zero-padded notebook number in a list: 09 and 10, 08-10
_AFTER_PADDED = "|".join(
    f"(?<=[^\\d.]0\\d{sep})" for sep in (", ", " and ", " or ", " to ", "-", "–")
)
WIDE = re.compile(
    r"(?<![\w.])([1-9]\d)(?=_[a-z])"
    r"|(?:(?<=[Nn]otebook )|(?<=[Nn]otebooks ))([1-9]\d)\b(?![.,]\d)(?! of \d)"
    r"|(?:(?<=\[)|(?<=^# ))([1-9]\d)(?= ·)"
    r"|(?<=^\| )([1-9]\d)(?= \| \[)"
    rf"|(?:{_AFTER_PADDED})([1-9]\d)\b(?![.,]\d)",
    re.MULTILINE,
)
MODULE = re.compile(r"\bnb(0[1-9]|[1-9]\d)\b")
# "7.1", "10.2", and in prose: exercise 7.1, exercises 7.1
KEY = re.compile(
    r"""(?:(?<=["'])|(?<=[Ee]xercise )|(?<=[Ee]xercises ))([1-9]\d?)\.(\d)(?=["']|\b)"""
)
OF = re.compile(r"\bnotebook ([1-9]\d?) of ([1-9]\d?)\b")


def numbers(root: Path) -> list[int]:
    """The numbers of the course's notebooks, in order."""
    return sorted(int(p.name[:2]) for p in (root / "notebooks").glob("[0-9][0-9]_*.ipynb"))


def moves(found: list[int], free: list[int]) -> dict[int, int]:
    """Each notebook's new number, so that the numbers in ``free`` are left for new notebooks.

    ``free`` counts in the new numbering: moves([5, 6, 7], [6]) gives {5: 5, 6: 7, 7: 8}."""
    new, taken = {}, 0
    for old in found:
        number = old + taken
        while number in free:
            taken += 1
            number += 1
        new[old] = number
    return new


def rewrite(text: str, new: dict[int, int]) -> str:
    """``text`` with every notebook number moved to ``new[number]``, in one pass.

    A number counts once: "notebook 7 of 8" is the OF rule's, not also "notebook 7"'s, and
    each rule below matches only numbers the rules before it leave as they were."""
    grown = max(new.values()) - max(new)

    def up(n: int) -> int:
        return new.get(n, n)

    text = OF.sub(lambda m: f"notebook {up(int(m[1]))} of {int(m[2]) + grown}", text)
    text = MODULE.sub(lambda m: f"nb{up(int(m[1])):02d}", text)
    text = WIDE.sub(lambda m: f"{up(int(m[m.lastindex]))}", text)
    text = PADDED.sub(lambda m: f"{up(int(m[1])):02d}", text)
    return KEY.sub(lambda m: f"{up(int(m[1]))}.{m[2]}", text)


def tracked(root: Path) -> list[Path]:
    """The text files to rewrite: git's tracked files, or every file outside a checkout."""
    try:
        names = subprocess.run(
            ["git", "ls-files"], cwd=root, capture_output=True, text=True, check=True
        ).stdout.split()
        files = [root / n for n in names]
    except (OSError, subprocess.CalledProcessError):
        files = [p for p in root.rglob("*") if p.is_file() and ".git" not in p.parts]
    return [
        p
        for p in files
        if p.suffix in TEXT_SUFFIXES
        and p.relative_to(root).as_posix() not in SKIP
        and p.name not in SKIP
        and p.is_file()
    ]


def move(root: Path, old: Path, new: Path) -> None:
    if (root / ".git").exists():
        subprocess.run(["git", "mv", str(old), str(new)], cwd=root, check=True)
    else:
        old.rename(new)


def renames(root: Path, new: dict[int, int]) -> list[tuple[Path, Path]]:
    """(old, new) for every file named by a notebook number that moves, last first."""
    pairs = []
    for folder, pattern in [
        (root / "notebooks", "[0-9][0-9]_*.ipynb"),
        (root / "notebooks" / "text", "[0-9][0-9]_*.md"),
        (root / "annlib" / "exercises", "nb[0-9][0-9].py"),
    ]:
        for path in folder.glob(pattern):
            digits = path.name[2:4] if path.name.startswith("nb") else path.name[:2]
            if new.get(int(digits), int(digits)) != int(digits):
                name = path.name.replace(digits, f"{new[int(digits)]:02d}", 1)
                pairs.append((path, path.with_name(name)))
    return sorted(pairs, key=lambda pair: pair[0].name, reverse=True)


def renumber(root: Path, *free: int, dry: bool = False) -> list[str]:
    """Move the notebooks up so that every number in ``free`` is left empty; return what
    changed. ``renumber(root, 7)`` moves 07, 08, ... up by one."""
    found = numbers(root)
    for number in free:
        if number not in found and number != max(found) + 1:
            raise SystemExit(
                f"there is no notebook {number:02d} to make room before; the notebooks are {found}"
            )
    new = moves(found, sorted(free))
    if max(new.values()) > 99:
        raise SystemExit("this script handles notebook numbers 01 to 99")
    done = []
    for old, renamed in renames(root, new):
        done.append(f"rename {old.relative_to(root)} -> {renamed.relative_to(root)}")
        if not dry:
            move(root, old, renamed)
    for path in tracked(root):
        if path.suffix == ".ipynb":
            continue
        text = path.read_text(encoding="utf-8")
        changed = rewrite(text, new)
        if changed != text:
            lines = sum(a != b for a, b in zip(text.splitlines(), changed.splitlines()))
            done.append(f"edit   {path.relative_to(root)} ({lines} lines)")
            if not dry:
                path.write_text(changed, encoding="utf-8")
    return done


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "free", nargs="+", help="the numbers the new notebooks will take, such as 07"
    )
    parser.add_argument("--dry", action="store_true", help="list the changes, make none")
    args = parser.parse_args(argv)
    for number in args.free:
        if not number.isdigit():
            raise SystemExit(f"give notebook numbers such as 07; got {number!r}")
    for line in renumber(ROOT, *(int(n) for n in args.free), dry=args.dry):
        print(line)
    print(
        "\nStill to do by hand: add the new notebook (its .ipynb and text source), its links "
        "from the notebooks before and after it, its row in the README's course map, prose "
        "that counts the notebooks in words, then `python tools/notebooks.py rebuild` and "
        "`git diff` to read every change."
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
