"""Check that the installed annlib is the one a notebook was written for.

Every notebook starts with ``annlib.require("X.Y.Z")``. A notebook that is newer
than the installed annlib (after a ``git pull`` without a reinstall, or with an
old copy of annlib installed elsewhere) then stops at its first cell with a
message that says how to update, instead of failing later with a puzzling
AttributeError deep inside a lesson.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

_VERSION = re.compile(r"^(\d+)\.(\d+)(?:\.(\d+))?$")

UPDATE_HELP = (
    "To update: open a terminal in the course folder (the one with README.md) and run\n"
    "    git pull\n"
    "    pip install -r requirements.txt\n"
    "then restart the kernel (Kernel > Restart Kernel...) and run this cell again."
)


class AnnlibVersionError(RuntimeError):
    """The installed annlib is older than the notebook needs."""


def parse_version(text: str) -> tuple[int, int, int]:
    """Turn "1.2" or "1.2.3" into (1, 2, 0) or (1, 2, 3)."""
    if not isinstance(text, str) or not _VERSION.match(text.strip()):
        raise ValueError(
            f"a version must look like '0.1' or '0.1.0' (numbers separated by dots); got {text!r}"
        )
    major, minor, patch = _VERSION.match(text.strip()).groups()
    return int(major), int(minor), int(patch or 0)


def installed_version() -> str:
    """The version of the annlib Python imported: annlib.__version__.

    Read from the package, which Python always loads before any of its modules runs (an
    import here would make annlib/__init__.py and this module import each other).
    """
    return sys.modules[__package__].__version__


def require(version: str, *, installed: str | None = None, quiet: bool = False) -> str:
    """Stop with a clear message unless annlib is at least ``version``.

    Parameters
    ----------
    version : the annlib version the notebook was written for, e.g. "0.1.0".
    installed : the version to check (default: the annlib that Python imported).
    quiet : if False, print one line that confirms the check.

    Returns the installed version. Newer versions of annlib keep working with
    older notebooks (CI runs every notebook against the current annlib), so any
    version at least as new as ``version`` with the same major number passes.
    """
    installed = installed_version() if installed is None else installed
    need, have = parse_version(version), parse_version(installed)
    where = Path(__file__).resolve().parent
    if have < need:
        raise AnnlibVersionError(
            f"This notebook was written for annlib {version} or newer, but the annlib "
            f"Python imported is {installed} (from {where}).\n{UPDATE_HELP}"
        )
    if have[0] != need[0]:
        raise AnnlibVersionError(
            f"This notebook was written for annlib {version}, but the annlib Python imported "
            f"is {installed} (from {where}), a different major version that may have changed "
            f"what the notebook uses. Use the notebooks that came with annlib {installed}, or\n"
            f"{UPDATE_HELP}"
        )
    if not quiet:
        print(f"annlib {installed} is ready (this notebook needs {version} or newer).")
    return installed
