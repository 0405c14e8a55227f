"""Digit images: moving them around without wrapping ink from one edge to the other.

Used to test how a network copes with digits that move (notebook 06) and to
train on slightly shifted copies of the digits (data augmentation, notebook 05).
"""

from __future__ import annotations

import numpy as np

SIDE = 28


def _as_stack(X):
    """Images as a float stack (n, h, w), and a function that gives back X's own shape."""
    X = np.asarray(X)
    if X.ndim == 2 and X.shape[1] == SIDE * SIDE:
        return X.reshape(-1, SIDE, SIDE), lambda S: S.reshape(len(S), -1)
    if X.ndim == 1 and X.size == SIDE * SIDE:
        return X.reshape(1, SIDE, SIDE), lambda S: S.reshape(-1)
    if X.ndim == 2:
        return X[np.newaxis], lambda S: S[0]
    if X.ndim == 3:
        return X, lambda S: S
    raise ValueError(f"expected images of shape (h, w), (n, h, w) or rows of {SIDE * SIDE} "
                     f"pixels; got shape {X.shape}.")


def shift(X, dx: int = 0, dy: int = 0):
    """Move images dx pixels right and dy pixels down (negative: left, up).

    Pixels pushed over an edge are dropped and the space left behind is
    background (0): nothing wraps around. The shape of X is kept.
    """
    for name, value in (("dx", dx), ("dy", dy)):
        if isinstance(value, bool) or not isinstance(value, (int, np.integer)):
            raise TypeError(f"{name} must be a whole number of pixels; got {value!r}.")
    stack, restore = _as_stack(X)
    out = np.zeros_like(stack)
    h, w = stack.shape[1:]
    if abs(dx) < w and abs(dy) < h:
        out[:, max(dy, 0):h + min(dy, 0), max(dx, 0):w + min(dx, 0)] = \
            stack[:, max(-dy, 0):h - max(dy, 0), max(-dx, 0):w - max(dx, 0)]
    return restore(out)


def random_shifts(X, max_shift: int = 2, rng=None):
    """Each image moved by its own random dx, dy in [-max_shift, max_shift] (no wrap-around).

    Vectorised over the batch: one padded copy and one gather, no loop over images.
    """
    if isinstance(max_shift, bool) or not isinstance(max_shift, (int, np.integer)) or max_shift < 0:
        raise ValueError(f"max_shift must be a whole number of pixels, 0 or more; got {max_shift!r}.")
    rng = np.random.default_rng(rng)
    stack, restore = _as_stack(X)
    n, h, w = stack.shape
    k = int(max_shift)
    if k == 0 or n == 0:
        return restore(stack.copy())
    padded = np.zeros((n, h + 2 * k, w + 2 * k), dtype=stack.dtype)
    padded[:, k:k + h, k:k + w] = stack
    dx = rng.integers(-k, k + 1, size=n)
    dy = rng.integers(-k, k + 1, size=n)
    rows = (k - dy)[:, None] + np.arange(h)[None, :]
    cols = (k - dx)[:, None] + np.arange(w)[None, :]
    moved = padded[np.arange(n)[:, None, None], rows[:, :, None], cols[:, None, :]]
    return restore(moved)


def rescale(X, factor: float):
    """Make digits bigger (factor > 1) or smaller (factor < 1) about the image's centre.

    Uses Pillow's bilinear resampling; a grown digit is cropped to the image, a
    shrunk one surrounded by background. Shape kept; factor 1 is the identity.
    """
    from PIL import Image

    if isinstance(factor, bool) or not isinstance(factor, (int, float, np.integer, np.floating)) \
            or not 0.1 <= factor <= 4:
        raise ValueError(f"factor must be a number from 0.1 to 4 (1 keeps the size); got {factor!r}.")
    stack, restore = _as_stack(X)
    if factor == 1:
        return restore(stack.copy())
    n, h, w = stack.shape
    new_h, new_w = max(1, round(h * factor)), max(1, round(w * factor))
    out = np.zeros_like(stack)
    top, left = (h - new_h) // 2, (w - new_w) // 2  # where the resized image's corner lands
    for i, image in enumerate(stack):
        resized = np.asarray(Image.fromarray(image.astype(np.float32))  # float32 -> mode "F"
                             .resize((new_w, new_h), Image.BILINEAR))
        # copy the part of the resized image that overlaps the original frame
        r0, c0 = max(0, -top), max(0, -left)
        r1, c1 = min(new_h, h - top), min(new_w, w - left)
        out[i, top + r0:top + r1, left + c0:left + c1] = resized[r0:r1, c0:c1]
    return restore(np.clip(out, 0, None).astype(stack.dtype, copy=False))
