"""Your own handwriting: digits you drew, saved and loaded safely, split to teach and test.

Nothing you drew is ever lost by saving. ``save_digits`` adds to a file that already
holds digits (mode "add", the default); "replace" writes only the new digits but first
keeps the old file as a backup beside it; "new" refuses to touch an existing file. Every
save is atomic: a save that fails half way leaves the old file exactly as it was.
Loading checks what it reads: 28 x 28 pixels from 0 to 1, and labels 0-9.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import numpy as np

from .._files import UnreadableNpz, npz_path, read_npz, refuse_protected, save_npz
from .._validate import whole_number
from .mnist import SIDE

MODES = ("add", "replace", "new")


def check_digits(X, y, where: str) -> tuple[np.ndarray, np.ndarray]:
    """Digits as rows of 784 float32 pixels (0-1) and labels as int64 (0-9), or a clear error."""
    try:
        X = np.asarray(X, dtype=np.float32)
    except (TypeError, ValueError):
        raise ValueError(
            f"{where}: the digits must be images of {SIDE} x {SIDE} numbers (all the same size)."
        ) from None
    if X.ndim not in (2, 3) or X.shape[0] == 0 or X[0].size != SIDE * SIDE:
        raise ValueError(
            f"{where}: expected digits of {SIDE} x {SIDE} pixels (or rows of {SIDE * SIDE}); "
            f"got an array of shape {X.shape}."
        )
    X = X.reshape(len(X), -1)
    finite = np.isfinite(X)
    if not finite.all() or X.min() < 0 or X.max() > 1:
        seen = X[finite]
        spread = f"go from {seen.min():g} to {seen.max():g}" if seen.size else "are not numbers"
        raise ValueError(
            f"{where}: pixels must be numbers from 0 (background) to 1 (full ink); these "
            f"{spread}{'' if finite.all() else ' and include NaN or infinity'}."
            + (
                " Divide pixels of 0 to 255 by 255."
                if finite.all() and X.min() >= 0 and 1.5 < X.max() <= 255
                else ""
            )
        )
    y = np.asarray(y)
    if y.shape != (len(X),):
        labels = f"{len(y)} labels" if y.ndim == 1 else f"labels of shape {y.shape}"
        raise ValueError(
            f"{where}: {len(X)} digits but {labels}; give one label per digit, in the same order."
        )
    whole = np.issubdtype(y.dtype, np.integer) or (
        np.issubdtype(y.dtype, np.floating) and np.isfinite(y).all() and (y == np.round(y)).all()
    )
    if not whole or y.dtype == bool or y.min() < 0 or y.max() > 9:
        raise ValueError(
            f"{where}: labels must be whole numbers from 0 to 9, one per digit; got "
            f"{np.unique(y)[:10].tolist()}."
        )
    return X, y.astype(np.int64)


def save_digits(path, X, y, mode: str = "add") -> Path:
    """Save your digits (28 x 28 images or rows of 784, pixels 0-1) and their labels 0-9.

    mode "add" (the default) keeps the digits already in the file and adds these after
    them; "replace" keeps the old file as NAME.backup.npz, then writes only these;
    "new" refuses to write over an existing file. Returns the path written (.npz is added
    if missing, as np.savez does).
    """
    if mode not in MODES:
        raise ValueError(f"mode must be one of {MODES}; got {mode!r}.")
    if len(np.asarray(X, dtype=object).reshape(-1)) == 0:
        raise ValueError(
            "save_digits got no digits (X is empty): draw at least one and label it, then save."
        )
    X, y = check_digits(X, y, "save_digits")
    path = npz_path(path)
    refuse_protected(path)
    if path.exists():
        if mode == "new":
            raise FileExistsError(
                f"{path} already holds digits, and mode='new' never writes over a file: "
                "use mode='add' to add to them, or another file name."
            )
        if mode == "add":
            old_X, old_y = load_digits(path)
            X, y = np.concatenate([old_X, X]), np.concatenate([old_y, y])
        else:
            refuse_protected(backup_path(path))
            shutil.copy2(path, backup_path(path))
    return save_npz(path, X=X, y=y)


def backup_path(path) -> Path:
    """Where save_digits(..., mode="replace") keeps the file it replaces."""
    path = npz_path(path)
    return path.with_name(path.stem + ".backup.npz")


def load_digits(path):
    """Digits saved by save_digits: (X, y), X as rows of 784 pixels. Pickles are refused.

    .npz is added to the path if missing, as save_digits does. The file's contents are
    checked: pixels from 0 to 1, labels from 0 to 9, one label per digit.
    """
    path = npz_path(path)
    if not path.exists():
        raise FileNotFoundError(
            f"no saved digits at {path}: draw some first and save them with "
            "save_digits(path, X, y)."
        )
    not_digits = f"{path} is not a file of digits saved by save_digits"
    try:
        arrays = read_npz(path)
    except UnreadableNpz as error:
        reason = (
            "it holds Python objects, a pickle, which annlib never loads"
            if error.pickle
            else f"{error}"
        )
        raise ValueError(f"{not_digits} ({reason}; it may be damaged or cut short).") from None
    if "X" not in arrays or "y" not in arrays:
        raise ValueError(f"{not_digits}: it has no digits X and labels y.")
    X, y = arrays["X"], arrays["y"]
    return check_digits(X, y, str(path))


def split_each_digit(y, seed: int = 0):
    """Split your digits to teach and to test: half of each digit (rounded down) to teach.

    Returns two arrays of indices into y, (teach, test). Each digit's examples are
    shuffled (with ``seed``) before they are split, so every digit is in both parts.
    A digit with a single example can only teach; at least one digit needs two.
    """
    seed = whole_number(seed, "seed", minimum=0, example="0")
    y = np.asarray(y)
    if y.ndim != 1 or not len(y) or not np.issubdtype(y.dtype, np.integer):
        raise ValueError(
            f"y must be a list of whole-number labels, one per digit; got {y!r:.80}. "
            "(No digits yet? Draw and keep some first.)"
        )
    rng = np.random.default_rng(seed)
    teach, test = [], []
    for digit in np.unique(y):
        where = rng.permutation(np.flatnonzero(y == digit))
        half = len(where) // 2 if len(where) > 1 else 1
        teach.extend(where[:half])
        test.extend(where[half:])
    if not test:
        raise ValueError(
            "every digit has a single example, so none is left to test on: draw at least "
            "two of each digit (about ten is better)."
        )
    return np.array(sorted(teach)), np.array(sorted(test))
