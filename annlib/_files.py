"""Arrays on disk, safely: a save that fails half way never destroys the last good file,
and reading never runs a pickle or sets aside more memory than the file can fill."""

from __future__ import annotations

import contextlib
import os
import secrets
import stat
import zipfile
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


# Deflate packs at most about 1,032 bytes into one, so an entry that claims to unpack to
# more than this many times its packed size is damaged (np.savez itself does not pack).
MOST_UNPACKED_PER_PACKED = 1100


class UnreadableNpz(ValueError):
    """An .npz file that read_npz refuses. ``pickle`` tells a file holding Python objects
    (refused, since loading one can run any code) from a damaged or incomplete one."""

    def __init__(self, reason: str, pickle: bool = False):
        super().__init__(reason)
        self.pickle = pickle


def read_npz(path) -> dict[str, np.ndarray]:
    """Every array of the .npz file at ``path``, by name, read without trusting the file.

    Each array's header (its type and shape) is read first: Python objects (a pickle)
    are refused, and so is an array that promises more bytes than the file can hold,
    before any memory is set aside for it. Raises UnreadableNpz saying what is wrong.
    """
    try:
        archive = zipfile.ZipFile(path)
        size = os.path.getsize(path)
    except (zipfile.BadZipFile, OSError, EOFError) as error:
        raise UnreadableNpz(f"it is not an .npz file, or not a complete one ({error})") from None
    arrays = {}
    with archive:
        for entry in archive.infolist():
            name = entry.filename.removesuffix(".npy")
            _check_sizes(entry, name, size)
            try:
                with archive.open(entry) as f:
                    arrays[name] = _read_array(f, entry, name)
            except (UnreadableNpz, MemoryError):
                raise
            except Exception as error:  # noqa: BLE001 (a damaged entry can fail in any way:
                # a bad header, packed data that does not unpack, a wrong checksum)
                reason = str(error).splitlines()[0] if str(error) else type(error).__name__
                raise UnreadableNpz(f"its array {name!r} is damaged ({reason})") from None
    return arrays


def _check_sizes(entry: zipfile.ZipInfo, name: str, size: int) -> None:
    """Refuse an entry whose recorded sizes the file cannot back: packed, it must fit in
    the file; stored unpacked (as np.savez does), both sizes must agree; packed, it can
    unpack to at most MOST_UNPACKED_PER_PACKED times its size."""
    stored = entry.compress_type == zipfile.ZIP_STORED
    if (
        entry.compress_size > size
        or (stored and entry.file_size != entry.compress_size)
        or entry.file_size > MOST_UNPACKED_PER_PACKED * entry.compress_size + 1024
    ):
        raise UnreadableNpz(
            f"its array {name!r} claims {entry.file_size:,} bytes, more than a file of "
            f"{size:,} bytes can hold: it is damaged or was cut short"
        )


def _read_array(f, entry: zipfile.ZipInfo, name: str) -> np.ndarray:
    """One .npy array from the open archive entry f, its header checked before its data."""
    version = np.lib.format.read_magic(f)  # a ValueError if f is not an .npy array
    if version not in ((1, 0), (2, 0), (3, 0)):
        raise UnreadableNpz(
            f"its array {name!r} is in .npy version {version}, which this NumPy does not "
            "read: update NumPy, or save it again"
        )
    shape, fortran_order, dtype = _read_header(f, version)
    if any(n < 0 for n in shape):
        raise UnreadableNpz(f"its array {name!r} has a negative size {shape}: it is damaged")
    if dtype.hasobject:
        raise UnreadableNpz(f"its array {name!r} holds Python objects (a pickle)", pickle=True)
    n_bytes = int(np.prod(shape, dtype=object)) * dtype.itemsize
    holds = entry.file_size - f.tell()
    if n_bytes > holds:
        raise UnreadableNpz(
            f"its array {name!r} should hold {n_bytes:,} bytes (shape {shape}, {dtype}) but "
            f"the file holds {max(holds, 0):,}: it is damaged or was cut short"
        )
    array = np.empty(shape, dtype=dtype, order="F" if fortran_order else "C")
    buffer = array.reshape(-1, order="A").view(np.uint8)  # the array's own bytes, filled in place
    filled = 0
    while filled < n_bytes:
        got = f.readinto(memoryview(buffer)[filled : filled + (1 << 24)])
        if not got:
            raise UnreadableNpz(f"its array {name!r} was cut short")
        filled += got
    return array


def _read_header(f, version):
    """NumPy's reader of an .npy header alone: (shape, Fortran order, dtype). Versions 1
    and 2 have public readers; version 3 (written for field names outside Latin-1) differs
    from 2 only in the header's text encoding, and only NumPy's own module reads it."""
    if version == (1, 0):
        return np.lib.format.read_array_header_1_0(f)
    if version == (2, 0):
        return np.lib.format.read_array_header_2_0(f)
    implementation = getattr(np.lib, "_format_impl", np.lib.format)  # NumPy 2, NumPy 1
    return implementation._read_array_header(f, version)


def save_npz(path, **arrays) -> Path:
    """Write plain arrays to an .npz file, atomically; returns the path written.

    The arrays go to a temporary file in the same folder, which then replaces ``path``
    in one step (os.replace). If writing fails (disk full, an interrupted kernel), an
    earlier file at ``path`` is left exactly as it was, and the temporary file is removed.
    """
    path = npz_path(path)
    writable_folder(path)
    refuse_protected(path)
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


def refuse_protected(path: Path) -> None:
    """Refuse to replace a file the learner protected (made read-only): replacing a file
    is an act on its folder, which the file's own protection would not stop."""
    if not path.is_file():
        return
    mode = path.stat().st_mode
    if mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH) and os.access(path, os.W_OK):
        return
    raise PermissionError(
        f"{path} is read-only (protected), so it was not replaced. Save under another name; "
        f"or, to replace it on purpose, make it writable first: os.chmod({str(path)!r}, 0o644) "
        "in Python, or chmod u+w in a terminal."
    )


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
