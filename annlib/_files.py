"""Saving arrays safely: a save that fails half way never destroys the last good file."""

from __future__ import annotations

import contextlib
import os
import secrets
from pathlib import Path

import numpy as np


def npz_path(path) -> Path:
    """path with the .npz ending that np.savez gives a file (added if missing)."""
    if not isinstance(path, (str, os.PathLike)) or not str(path).strip():
        raise ValueError(f"a file name is needed, such as 'models/my_network.npz'; got {path!r}.")
    path = Path(path)
    if not path.name:
        raise ValueError(f"{str(path)!r} is a folder, not a file name: add one, such as 'my.npz'.")
    return path if path.suffix == ".npz" else path.with_name(path.name + ".npz")


def writable_folder(path: Path) -> None:
    """Make the folder that will hold ``path`` (and its parents), or say why it cannot be made."""
    for parent in (path.parent, *path.parent.parents):
        if parent.exists() and not parent.is_dir():
            raise NotADirectoryError(
                f"cannot save {path}: {parent} is a file, not a folder. "
                "Choose another name or folder."
            )
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise OSError(
            f"cannot make the folder {path.parent} to save {path.name} in "
            f"({error.strerror or error}): choose a folder you can write to, "
            "such as one beside this notebook."
        ) from None


def npz_entries(path) -> set[str]:
    """The names of the arrays in an .npz file; empty if it is not one NumPy can read."""
    try:
        with np.load(path, allow_pickle=False) as data:
            return set(data.files)
    except Exception:  # noqa: BLE001 (any unreadable file holds nothing we know)
        return set()


def save_npz(path, **arrays) -> Path:
    """Write plain arrays to an .npz file, atomically; returns the path written.

    The arrays go to a temporary file in the same folder, which then replaces ``path``
    in one step (os.replace). If writing fails (disk full, an interrupted kernel), an
    earlier file at ``path`` is left exactly as it was, and the temporary file is removed.
    """
    path = npz_path(path)
    writable_folder(path)
    handle, temporary = _new_temporary(path)
    try:
        with os.fdopen(handle, "wb") as f:
            np.savez(f, **arrays)
            f.flush()
            os.fsync(f.fileno())
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise
    return path


def _new_temporary(path: Path) -> tuple[int, Path]:
    """A new, empty file beside ``path``, open for writing: (file descriptor, its path).

    Created with mode 0o666, which the system lowers by the umask, so the file gets the
    mode any new file gets (tempfile.mkstemp would make it private, and reading the umask
    means setting it, for every thread at once). O_EXCL: never an existing file.
    """
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)  # O_BINARY: Windows
    for _ in range(100):
        temporary = path.with_name(f".{path.name}.{secrets.token_hex(8)}.tmp")
        try:
            return os.open(temporary, flags, 0o666), temporary
        except FileExistsError:  # a random name taken already: draw another
            continue
    raise FileExistsError(f"could not create a temporary file beside {path}.")
