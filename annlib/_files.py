"""Saving arrays safely: a save that fails half way never destroys the last good file."""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path

import numpy as np


def npz_path(path) -> Path:
    """path with the .npz ending that np.savez gives a file (added if missing)."""
    path = Path(path)
    return path if path.suffix == ".npz" else path.with_name(path.name + ".npz")


def save_npz(path, **arrays) -> Path:
    """Write plain arrays to an .npz file, atomically; returns the path written.

    The arrays go to a temporary file in the same folder, which then replaces ``path``
    in one step (os.replace). If writing fails (disk full, an interrupted kernel), an
    earlier file at ``path`` is left exactly as it was, and the temporary file is removed.
    """
    path = npz_path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as f:
            np.savez(f, **arrays)
            f.flush()
            os.fsync(f.fileno())
        os.chmod(temporary, 0o666 & ~_umask())  # mkstemp makes it private; give it the usual mode
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise
    return path


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
