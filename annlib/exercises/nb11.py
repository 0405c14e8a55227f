"""Exercises of notebook 11: where the network fails, and convolutions."""

from __future__ import annotations

import numpy as np

from .core import Exercise, Wrong, array, call


def shift(image, dx, dy):
    """Move a 2-D image dx pixels right and dy pixels down; what comes in is blank (0)."""
    height, width = image.shape
    moved = np.zeros_like(image)
    if abs(dx) >= width or abs(dy) >= height:
        return moved
    moved[max(dy, 0) : height + min(dy, 0), max(dx, 0) : width + min(dx, 0)] = image[
        max(-dy, 0) : height + min(-dy, 0), max(-dx, 0) : width + min(-dx, 0)
    ]
    return moved


def _check_shift(function):
    rng = np.random.default_rng(8)
    image = np.zeros((28, 28))
    image[4:24, 8:20] = rng.random((20, 12))
    image[0, 27] = image[27, 0] = 1.0  # ink at the edges shows whether it wraps around
    for dx, dy in [(2, 0), (0, 3), (-4, 0), (0, -2), (3, -5), (-6, 6), (0, 0)]:
        got = call(function, image.copy(), dx, dy, returns="the moved image")
        got = array(got, "the shifted image", (28, 28))
        expected = shift(image, dx, dy)
        if np.allclose(got, expected):
            continue
        if np.allclose(got, np.roll(image, (dy, dx), axis=(0, 1))):
            raise Wrong(
                f"for dx={dx}, dy={dy} the ink that leaves one side comes back on the "
                "other: np.roll wraps around. Fill what comes in with 0 instead."
            )
        if np.allclose(got, shift(image, -dx, -dy)):
            raise Wrong(
                f"for dx={dx}, dy={dy} your image moves the other way: positive dx is to "
                "the right, positive dy is down."
            )
        if np.allclose(got, shift(image, dy, dx)):
            raise Wrong(
                f"for dx={dx}, dy={dy} you swapped the directions: rows are y (down), "
                "columns are x (right)."
            )
        raise Wrong(
            f"for dx={dx}, dy={dy} your image differs from the shifted digit in "
            f"{int((~np.isclose(got, expected)).sum())} pixels."
        )


def correlate(image, kernel):
    """Slide the kernel over the image; each output pixel is sum(kernel × the patch under it)."""
    kh, kw = kernel.shape
    out = np.zeros((image.shape[0] - kh + 1, image.shape[1] - kw + 1))
    for i in range(out.shape[0]):
        for j in range(out.shape[1]):
            out[i, j] = np.sum(image[i : i + kh, j : j + kw] * kernel)
    return out


def _check_correlate(function):
    rng = np.random.default_rng(9)
    for shape, kshape in [((6, 7), (3, 3)), ((8, 8), (5, 5)), ((5, 9), (2, 3))]:
        image, kernel = rng.normal(size=shape), rng.normal(size=kshape)
        got = array(call(function, image.copy(), kernel.copy()), "the result")
        expected = correlate(image, kernel)
        if got.shape != expected.shape:
            raise Wrong(
                f"a {shape[0]}x{shape[1]} image and a {kshape[0]}x{kshape[1]} kernel fit "
                f"together in {expected.shape[0]}x{expected.shape[1]} positions, so the result "
                f"should have shape {expected.shape}; yours has {got.shape} (no padding here)."
            )
        if np.allclose(got, expected):
            continue
        if np.allclose(got, correlate(image, kernel[::-1, ::-1])):
            raise Wrong(
                "you flipped the kernel (the mathematician's convolution); a network's "
                "convolution layer slides the kernel as it is."
            )
        raise Wrong(
            f"for a {shape[0]}x{shape[1]} image and a {kshape[0]}x{kshape[1]} kernel the "
            f"top-left value should be {expected[0, 0]:.4f} (the sum of the kernel times the "
            f"patch under it); yours is {got[0, 0]:.4f}."
        )


EXERCISES = [
    Exercise(
        "11.1",
        "shift a digit",
        """
        Write my_shift(image, dx, dy) for a 28 x 28 image: move it dx pixels to the right and dy
        pixels down (negative: left and up). Pixels that come in from the edge are 0 (blank);
        ink pushed over the edge is lost.
        """,
        _check_shift,
        "Start from np.zeros_like(image) and copy a slice of the image into a slice of it. "
        "For dx = 2: new[:, 2:] = image[:, :-2]. Work out the slices for negative shifts too.",
        reference=shift,
    ),
    Exercise(
        "11.2",
        "slide a kernel over an image",
        """
        Write my_correlate(image, kernel): put the kernel at every position where it fits
        inside the image, multiply it with the pixels under it and add up. Return the
        array of these sums (no padding: it is smaller than the image). This sliding sum,
        strictly a cross-correlation, is what a convolutional layer computes for one filter
        on a one-channel image, before it adds the filter's bias and applies its activation.
        """,
        _check_correlate,
        "Two loops over the top-left corner (i, j) of the kernel's position; the patch is "
        "image[i:i + kh, j:j + kw]. There are (H − kh + 1) x (W − kw + 1) positions.",
        reference=correlate,
    ),
]
