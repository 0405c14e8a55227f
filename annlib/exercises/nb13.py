"""Exercises of notebook 13: preparing your own handwriting."""

from __future__ import annotations

import numpy as np

from .core import Exercise, Wrong, array, call


def crop_to_ink(image):
    """The smallest rectangle of the image holding every pixel with ink (> 0)."""
    rows, cols = np.nonzero(image > 0)
    return image[rows.min() : rows.max() + 1, cols.min() : cols.max() + 1]


def _check_crop(function):
    rng = np.random.default_rng(10)
    for _ in range(20):
        image = np.zeros((int(rng.integers(10, 40)), int(rng.integers(10, 40))))
        top, left = (
            int(rng.integers(0, image.shape[0] - 3)),
            int(rng.integers(0, image.shape[1] - 3)),
        )
        bottom = int(rng.integers(top + 1, image.shape[0] + 1))
        right = int(rng.integers(left + 1, image.shape[1] + 1))
        image[top:bottom, left:right] = rng.random((bottom - top, right - left)) * 0.9 + 0.1
        got = array(call(function, image.copy(), returns="the cropped image"), "the cropped image")
        expected = crop_to_ink(image)
        if got.shape == expected.shape and np.allclose(got, expected):
            continue
        if got.shape == (expected.shape[0] - 1, expected.shape[1] - 1):
            raise Wrong(
                "your crop cuts off the last row and column of ink: a slice stops before "
                "its end, so end it one past the last index with ink (max + 1)."
            )
        if got.shape == expected.shape:
            raise Wrong(
                f"your crop of a {image.shape[0]}x{image.shape[1]} image has the right shape, "
                f"{got.shape}, but not the image's pixels: return the part of the image itself "
                f"(rows {top} to {bottom - 1}, columns {left} to {right - 1}), unchanged."
            )
        raise Wrong(
            f"the ink of a {image.shape[0]}x{image.shape[1]} image lies in rows {top} to "
            f"{bottom - 1} and columns {left} to {right - 1}, so the crop should have shape "
            f"{expected.shape}; yours has shape {got.shape}."
        )


def ink_on_dark(photo):
    """A grayscale photo (0 to 255) as MNIST wants it: values 0 to 1, the ink bright on dark."""
    image = np.asarray(photo, dtype=float) / 255
    if np.median(image) > 0.5:  # mostly light: dark ink on paper, so turn it around
        image = 1 - image
    return image


def _photos():
    rng = np.random.default_rng(11)
    for paper, ink in [(230, 20), (250, 60), (15, 240), (40, 200)]:
        photo = np.full((20, 20), float(paper)) + rng.normal(0, 5, (20, 20))
        photo[5:15, 9:12] = ink
        yield np.clip(photo, 0, 255).round(), paper > 128


def _check_ink_on_dark(function):
    for photo, on_paper in _photos():
        got = array(
            call(function, photo.copy(), returns="the prepared image"), "the result", photo.shape
        )
        expected = ink_on_dark(photo)
        if np.allclose(got, expected, atol=1e-6):
            continue
        if got.max() > 1.0 + 1e-9:
            raise Wrong(
                f"the values should lie between 0 and 1, but yours go up to {got.max():g}: "
                "divide by 255."
            )
        kind = "dark ink on light paper" if on_paper else "light ink on a dark background"
        ink_level, paper_level = got[10, 10], got[0, 0]
        if ink_level < paper_level:
            raise Wrong(
                f"for a photo of {kind} your ink comes out darker than the background; "
                "the network expects bright ink on a dark background."
            )
        raise Wrong(
            f"for a photo of {kind} your result differs from the expected one "
            f"(largest difference {np.abs(got - expected).max():.3g})."
        )


EXERCISES = [
    Exercise(
        "13.1",
        "crop to the ink",
        """
        Write my_crop_to_ink(image): return the smallest rectangle of the image that still holds
        every pixel with ink (value above 0). This is the first step of preparing a drawing
        the way MNIST's digits were prepared.
        """,
        _check_crop,
        "np.nonzero(image > 0) gives the rows and the columns of the ink pixels. The crop runs "
        "from the smallest to the largest of each; remember that a slice a:b stops before b.",
        reference=crop_to_ink,
    ),
    Exercise(
        "13.2",
        "bright ink on a dark background",
        """
        Write my_ink_on_dark(photo): photo is a grayscale image with values 0 to 255, either
        dark ink on light paper or light ink on a dark background. Return values from 0 to 1
        with the ink bright and the background dark, as in MNIST.
        """,
        _check_ink_on_dark,
        "Divide by 255 first. Most of a photo is background: if the typical pixel (the median) "
        "is light, the paper is light, so turn the image around with 1 − image.",
        reference=ink_on_dark,
    ),
]
