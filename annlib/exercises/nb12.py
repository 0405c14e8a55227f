"""Exercises of notebook 12: convolutions, padding and stride."""

from __future__ import annotations

import numpy as np

from .core import Exercise, Wrong, array, call, number


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


def output_side(n, k, padding, stride):
    """Values per side after a k x k window with padding p and stride s: (n + 2p - k) // s + 1."""
    return (n + 2 * padding - k) // stride + 1


_LAYERS = [  # (n, k, padding, stride): the course's layers, and a few others
    (28, 5, 0, 1),
    (28, 5, 2, 1),
    (28, 2, 0, 2),
    (24, 2, 0, 2),
    (14, 5, 2, 1),
    (12, 5, 0, 1),
    (27, 2, 0, 2),
    (28, 3, 1, 2),
    (32, 7, 3, 2),
    (10, 3, 0, 3),
]


def _check_output_side(function):
    for n, k, p, s in _LAYERS:
        got = number(call(function, n, k, p, s, returns="the number of values per side"), "it")
        expected = output_side(n, k, p, s)
        if got == expected:
            continue
        said = f"for n={n}, k={k}, padding={p}, stride={s} yours gives {got:g}, not {expected}"
        if got == (n + 2 * p - k) // s:
            raise Wrong(f"{said}: one short. Count the window's first position too (the + 1).")
        if got == (n - k) // s + 1:
            raise Wrong(
                f"{said}: you left out the padding; the window slides over n + 2 * padding values."
            )
        if got == (n + p - k) // s + 1:
            raise Wrong(f"{said}: the padding adds p zeros on both sides, 2p in all, not p.")
        if got == n + 2 * p - k + 1:
            raise Wrong(
                f"{said}: the stride is left out; a window moving s pixels at a time "
                "takes about 1/s as many positions."
            )
        if got != int(got):
            raise Wrong(
                f"{said}: a side has a whole number of values; round down (//), "
                "as a window that does not fit is left out."
            )
        raise Wrong(f"{said}.")


EXERCISES = [
    Exercise(
        "12.1",
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
        "image[i:i + kh, j:j + kw]. With H, W = image.shape and kh, kw = kernel.shape, there "
        "are (H - kh + 1) x (W - kw + 1) positions.",
        reference=correlate,
    ),
    Exercise(
        "12.2",
        "how many values per side",
        """
        Write my_output_side(n, k, padding, stride): how many values per side a layer gives
        when its k x k window (a filter or a pool) slides over an input of n values per
        side, framed by a border of zeros `padding` values wide on every side, moving
        `stride` values per step, and only where it fits. The LeNet's first convolution,
        my_output_side(28, 5, 2, 1), gives 28; its first pool, my_output_side(28, 2, 0, 2),
        gives 14.
        """,
        _check_output_side,
        "Count the positions of the window's left edge: the first is 0, the last is where "
        "the window's right edge meets the padded input's, n + 2 * padding - k; one every "
        "`stride` values in between. Round down where they do not divide evenly.",
        reference=output_side,
    ),
]
