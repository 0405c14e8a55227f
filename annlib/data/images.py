"""Digit images: moving them around without wrapping ink from one edge to the other.

Used to test how a network copes with digits that move (notebook 11) and to
train on slightly shifted copies of the digits (data augmentation, notebook 05).
"""

from __future__ import annotations

import numpy as np

from .. import _validate
from .._validate import whole_number
from .mnist import SIDE  # defined once in annlib.data.mnist; images.SIDE is the same 28


def _as_stack(X):
    """Images as a stack (n, h, w), and a function that gives back X's own shape.

    The pixels must be real, finite numbers; their type is kept (float32 stays float32).
    """
    if not (isinstance(X, np.ndarray) and X.dtype.kind in "biuf"):
        _validate.numeric_array(X, "the images")  # text, ragged lists...: a clear error
        X = np.asarray(X)
    if X.dtype.kind == "f" and not np.isfinite(X).all():
        raise ValueError("the images hold NaN or infinity: every pixel must be a number.")
    if X.ndim == 2 and X.shape[1] == SIDE * SIDE:
        return X.reshape(-1, SIDE, SIDE), lambda S: S.reshape(len(S), SIDE * SIDE)
    if X.ndim == 1 and X.size == SIDE * SIDE:
        return X.reshape(1, SIDE, SIDE), lambda S: S.reshape(-1)
    if X.ndim == 2:
        return X[np.newaxis], lambda S: S[0]
    if X.ndim == 3:
        return X, lambda S: S
    raise ValueError(
        f"expected images of shape (h, w), (n, h, w) or rows of {SIDE * SIDE} "
        f"pixels; got shape {X.shape}."
    )


def shift(X, dx: int = 0, dy: int = 0):
    """Move images dx pixels right and dy pixels down (negative: left, up).

    Pixels pushed over an edge are dropped and the space left behind is
    background (0): nothing wraps around. The shape of X is kept.
    """
    dx = whole_number(dx, "dx (pixels to the right)", example="2 or -3")
    dy = whole_number(dy, "dy (pixels down)", example="2 or -3")
    stack, restore = _as_stack(X)
    out = np.zeros_like(stack)
    h, w = stack.shape[1:]
    if abs(dx) < w and abs(dy) < h:
        out[:, max(dy, 0) : h + min(dy, 0), max(dx, 0) : w + min(dx, 0)] = stack[
            :, max(-dy, 0) : h - max(dy, 0), max(-dx, 0) : w - max(dx, 0)
        ]
    return restore(out)


def random_shifts(X, max_shift: int = 2, rng=None):
    """Each image moved by its own random dx, dy in [-max_shift, max_shift] (no wrap-around).

    Vectorised over the batch: one padded copy and one gather, no loop over images.
    """
    k = whole_number(max_shift, "max_shift (in pixels)", minimum=0, example="1 or 2")
    rng = _validate.random_generator(rng)
    stack, restore = _as_stack(X)
    n, h, w = stack.shape
    if k == 0 or n == 0:
        return restore(stack.copy())
    dx = rng.integers(-k, k + 1, size=n)
    dy = rng.integers(-k, k + 1, size=n)
    # a shift of a whole side or more leaves only paper, as does a shift of exactly a side:
    # cap the shifts (and the padding) there, so a huge max_shift needs no huge array
    k = min(k, max(h, w))
    dx, dy = np.clip(dx, -k, k), np.clip(dy, -k, k)
    padded = np.zeros((n, h + 2 * k, w + 2 * k), dtype=stack.dtype)
    padded[:, k : k + h, k : k + w] = stack
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

    if (
        isinstance(factor, bool)
        or not isinstance(factor, (int, float, np.integer, np.floating))
        or not 0.1 <= factor <= 4
    ):
        raise ValueError(
            f"factor must be a number from 0.1 to 4 (1 keeps the size); got {factor!r}."
        )
    stack, restore = _as_stack(X)
    if stack.size and np.abs(stack).max() > np.finfo(np.float32).max:
        raise ValueError(
            "the images hold numbers too large to resize (beyond float32): pixels go from "
            "0 to 1, or 0 to 255."
        )
    if factor == 1:
        return restore(stack.copy())
    h, w = stack.shape[1:]
    new_h, new_w = max(1, round(h * factor)), max(1, round(w * factor))
    out = np.zeros_like(stack)
    top, left = (h - new_h) // 2, (w - new_w) // 2  # where the resized image's corner lands
    for i, image in enumerate(stack):
        resized = np.asarray(
            Image.fromarray(image.astype(np.float32)).resize(  # float32 -> mode "F"
                (new_w, new_h), Image.BILINEAR
            )
        )
        # copy the part of the resized image that overlaps the original frame
        r0, c0 = max(0, -top), max(0, -left)
        r1, c1 = min(new_h, h - top), min(new_w, w - left)
        out[i, top + r0 : top + r1, left + c0 : left + c1] = resized[r0:r1, c0:c1]
    return restore(out)


# --------------------------------------------------------------------------
# From any drawing or photo to an MNIST-style digit
# --------------------------------------------------------------------------

MNIST_BOX = 20  # MNIST digits were scaled to fit a 20 x 20 box, then centred in SIDE x SIDE
PAD_SIZE = 10 * SIDE  # the drawing pad's canvas, in pixels: 10 x MNIST's 28
PEN = 22  # the pad's pen width in canvas pixels, about MNIST's stroke width after scaling


MAX_INK_SHARE = 0.25  # more ink than this is not digits on paper (noise, a busy picture)
MAX_DIGITS = 15  # more separate marks than this are not one number


class EmptyImageError(ValueError):
    """The image holds no digit (blank canvas, empty photo)."""


def to_grayscale(image) -> np.ndarray:
    """Any image (Pillow, or an array: gray, RGB or RGBA, bytes or 0-1 floats) as floats 0..1.

    Transparent parts (RGBA) count as white paper.
    """
    from PIL import Image

    if isinstance(image, Image.Image):
        if min(image.size) < 2:
            raise ValueError(
                f"the image is {image.size[0]}x{image.size[1]} pixels: too small to hold a digit."
            )
        if image.mode in ("RGBA", "LA", "P"):
            image = image.convert("RGBA")
            paper = Image.new("RGBA", image.size, (255, 255, 255, 255))
            image = Image.alpha_composite(paper, image)
        if image.mode.startswith(("I", "F")):  # 16- or 32-bit gray: keep every level
            return to_grayscale(np.asarray(image))
        return np.asarray(image.convert("L"), dtype=np.float32) / 255.0
    try:
        array = np.asarray(image)
    except ValueError:  # a ragged nested list
        array = np.asarray(image, dtype=object)
    if array.dtype.kind not in "biuf" or array.ndim not in (2, 3) or min(array.shape[:2]) < 2:
        raise ValueError(
            f"expected an image: a 2-D array (gray) or 3-D (RGB/RGBA) of numbers; "
            f"got shape {array.shape} of {array.dtype}."
        )
    if not np.isfinite(array).all():
        raise ValueError("the image holds NaN or infinity: every pixel must be a number.")
    top, sixteen_bits = float(array.max(initial=0)), array.dtype == np.uint16
    array = array.astype(np.float32)
    if top > 1.0:  # bytes (0-255), 16-bit levels (0-65535), or a mistake
        if array.min() < 0 or top > 65535:
            raise ValueError(
                f"pixels must go from 0 to 1, 0 to 255 or 0 to 65535 (16 bits); these go from "
                f"{float(array.min()):g} to {top:g}."
            )
        array = array / (65535.0 if top > 255 or sixteen_bits else 255.0)
    if array.ndim == 3:
        if array.shape[2] == 4:  # composite over white paper
            alpha = array[:, :, 3:4]
            array = array[:, :, :3] * alpha + (1 - alpha)
        if array.shape[2] not in (1, 3):
            raise ValueError(
                f"colour images need 3 (RGB) or 4 (RGBA) channels; got {array.shape[2]}."
            )
        if array.shape[2] == 3:
            array = array @ np.array([0.299, 0.587, 0.114], np.float32)
        else:
            array = array[:, :, 0]
    return np.clip(array, 0.0, 1.0)


def ink(image, polarity: str = "auto") -> np.ndarray:
    """How much ink each pixel holds, 0 (paper) to 1 (darkest stroke), whatever the colours.

    polarity 'auto' looks at the border: a light border means dark ink on light paper
    (a photo, a drawing), a dark one light ink on dark (MNIST itself). The paper's own
    level is subtracted, so grey paper counts as empty.
    """
    gray = to_grayscale(image)
    border = np.concatenate([gray[0], gray[-1], gray[:, 0], gray[:, -1]])
    if polarity == "auto":
        polarity = "dark" if np.median(border) > 0.5 else "light"
    if polarity not in ("dark", "light"):
        raise ValueError(f"polarity must be 'auto', 'dark' or 'light'; got {polarity!r}.")
    amount = 1.0 - gray if polarity == "dark" else gray
    paper = float(np.median(amount[[0, -1]].ravel().tolist() + amount[:, [0, -1]].ravel().tolist()))
    amount = np.clip(amount - paper, 0, None)
    top = amount.max(initial=0)
    return amount / top if top > 0 else amount


def _ink_threshold(threshold) -> float:
    """How much ink (0 to 1) a pixel needs to count as part of a digit: between 0 and 1."""
    threshold = _validate.real_number(threshold, "threshold (the ink a pixel needs)")
    if not 0 < threshold < 1:
        raise ValueError(
            "threshold is the share of the darkest stroke's ink a pixel needs to count as "
            f"ink, so it lies between 0 and 1 (such as 0.2); got {threshold:g}."
        )
    return threshold


def _check_not_empty(amount, threshold):
    if amount.max(initial=0) == 0 or np.count_nonzero(amount > threshold) < 3:
        raise EmptyImageError(
            "There is no digit here yet: draw a digit first (or use a photo "
            "with a dark digit on light paper)."
        )


def render_strokes(strokes, size: int = PAD_SIZE, pen: int = PEN) -> np.ndarray:
    """Pen strokes [[(x, y), ...], ...] as pixels: a size x size array, 0 background, 1 ink.

    Each stroke is a line of width ``pen`` with round ends, as drawn on the DrawingPad.
    """
    from PIL import Image, ImageDraw

    size = whole_number(size, "size (in pixels)", minimum=1, example="280")
    pen = whole_number(pen, "pen (its width in pixels)", minimum=1, example="22")
    image = Image.new("L", (size, size), 0)
    draw = ImageDraw.Draw(image)
    r = pen / 2
    for stroke in strokes:
        stroke = [(float(x), float(y)) for x, y in stroke]
        for x, y in stroke:
            draw.ellipse([x - r, y - r, x + r, y + r], fill=255)
        if len(stroke) > 1:
            draw.line(stroke, fill=255, width=pen)
    return np.asarray(image, dtype=np.float32) / 255.0


def to_mnist(image, polarity: str = "auto", threshold: float = 0.2) -> np.ndarray:
    """Turn a drawing or photo of one digit into what MNIST digits look like.

    Ink bright on black; cropped to the ink; scaled to fit 20 x 20 keeping its
    shape; placed in 28 x 28 so that its centre of mass is at the centre. Raises
    EmptyImageError ("draw a digit first") when there is no ink.
    """
    from PIL import Image

    threshold = _ink_threshold(threshold)
    amount = ink(image, polarity)
    _check_not_empty(amount, threshold)
    rows, cols = np.nonzero(amount > threshold)
    crop = amount[rows.min() : rows.max() + 1, cols.min() : cols.max() + 1]
    h, w = crop.shape
    scale = MNIST_BOX / max(h, w)
    new_h, new_w = max(1, round(h * scale)), max(1, round(w * scale))
    small = Image.fromarray(crop.astype(np.float32)).resize((new_w, new_h), Image.LANCZOS)
    small = np.asarray(small)
    small = np.clip(small, 0, 1)
    total = small.sum()
    cy = (small.sum(axis=1) @ np.arange(new_h)) / total
    cx = (small.sum(axis=0) @ np.arange(new_w)) / total
    top = round(SIDE / 2 - 0.5 - float(cy))
    left = round(SIDE / 2 - 0.5 - float(cx))
    top = min(max(top, 0), SIDE - new_h)  # keep the whole digit in the frame
    left = min(max(left, 0), SIDE - new_w)
    out = np.zeros((SIDE, SIDE), np.float32)
    out[top : top + new_h, left : left + new_w] = small
    return out / out.max()


def split_digits(image, polarity: str = "auto", threshold: float = 0.35, min_share: float = 0.08):
    """Find the digits in an image of several (connected ink regions), left to right.

    Regions much smaller than the largest (less than ``min_share`` of its ink) are
    treated as specks and dropped; regions that overlap a lot horizontally (the
    separate top bar of a 5, say) are joined into one digit. Returns a list of
    MNIST-style 28 x 28 digits, and their bounding boxes (top, left, bottom, right).
    """
    from scipy import ndimage

    threshold = _ink_threshold(threshold)
    min_share = _validate.fraction(
        min_share, "min_share (of the largest mark's ink)", example="0.08"
    )
    amount = ink(image, polarity)
    _check_not_empty(amount, threshold)
    inked = amount > threshold
    if inked.mean() > MAX_INK_SHARE:
        raise ValueError(
            f"ink covers {inked.mean():.0%} of the picture, which does not look like digits "
            "written on plain paper: use a photo of the digits alone, on white paper."
        )
    labels, count = ndimage.label(inked, structure=np.ones((3, 3)))
    sizes = ndimage.sum(np.ones_like(amount), labels, index=np.arange(1, count + 1))
    boxes = [
        (s[0].start, s[1].start, s[0].stop, s[1].stop)
        for s, size in zip(ndimage.find_objects(labels), sizes)
        if size >= min_share * sizes.max()
    ]
    if len(boxes) > MAX_DIGITS:
        raise ValueError(
            f"{len(boxes)} separate marks were found, too many for one number: use a photo "
            f"of at most {MAX_DIGITS} digits on plain paper, without other writing or texture."
        )
    boxes.sort(key=lambda b: b[1])
    merged = []
    for box in boxes:
        if merged:
            last = merged[-1]
            overlap = min(last[3], box[3]) - max(last[1], box[1])
            if overlap > 0.5 * min(last[3] - last[1], box[3] - box[1]):
                merged[-1] = (
                    min(last[0], box[0]),
                    min(last[1], box[1]),
                    max(last[2], box[2]),
                    max(last[3], box[3]),
                )
                continue
        merged.append(box)
    # each digit cut out with a margin of paper around it (to_mnist reads the paper from the border)
    digits = [
        to_mnist(np.pad(amount[t:b, l:r], 4), polarity="light", threshold=threshold)
        for t, l, b, r in merged
    ]
    return digits, merged
