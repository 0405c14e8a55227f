"""Shifting digits: shape kept, no wrap-around of ink, zero shift is the identity."""

import numpy as np
import pytest

from annlib.data.images import random_shifts, rescale, shift


def digit():
    image = np.zeros((28, 28))
    image[5:20, 12:15] = 1.0  # an upright stroke, like a 1
    return image


def test_zero_shift_is_the_identity():
    image = digit()
    assert np.array_equal(shift(image, 0, 0), image)
    rows = np.random.default_rng(0).random((4, 784))
    assert np.array_equal(shift(rows), rows)
    assert np.array_equal(random_shifts(rows, 0), rows)


def test_shift_moves_the_ink_and_keeps_the_shape():
    image = digit()
    moved = shift(image, dx=3, dy=-2)
    assert moved.shape == image.shape
    assert np.array_equal(moved[3:18, 15:18], np.ones((15, 3)))
    assert moved.sum() == image.sum()  # nothing fell off: the ink was far from the edges


@pytest.mark.parametrize("dx, dy", [(20, 0), (-20, 0), (0, 12), (0, -10), (40, 40)])
def test_ink_pushed_over_an_edge_is_dropped_never_wrapped(dx, dy):
    image = digit()
    moved = shift(image, dx, dy)
    assert moved.sum() < image.sum() or moved.sum() == 0
    # every pixel of ink in the result is the original ink moved, never ink from the far side
    rows, cols = np.nonzero(moved)
    assert np.all(image[rows - dy, cols - dx] == 1)


def test_shift_keeps_rows_of_784_as_rows():
    rows = np.stack([digit().ravel(), digit().ravel()])
    assert shift(rows, 1, 1).shape == (2, 784)
    assert np.array_equal(shift(rows, 1, 1)[0].reshape(28, 28), shift(digit(), 1, 1))


def test_random_shifts_stay_within_the_limit_and_repeat_with_a_seed():
    images = np.stack([digit()] * 50)
    moved = random_shifts(images, max_shift=2, rng=0)
    assert moved.shape == images.shape
    for m in moved:
        rows, cols = np.nonzero(m)
        assert abs(rows.min() - 5) <= 2 and abs(cols.min() - 12) <= 2
        assert m.sum() == digit().sum()
    assert np.array_equal(moved, random_shifts(images, max_shift=2, rng=0))
    assert len({m.tobytes() for m in moved}) > 5  # different images get different shifts


def test_bad_shifts_are_refused():
    with pytest.raises(TypeError, match=r"dx \(pixels to the right\) must be a whole number"):
        shift(digit(), 1.5, 0)
    with pytest.raises(ValueError, match=r"max_shift \(in pixels\) must be .* at least 0"):
        random_shifts(digit(), -1)
    with pytest.raises(ValueError, match="expected images"):
        shift(np.zeros((2, 3, 4, 5)))


def blob():
    image = np.zeros((28, 28), np.float32)
    image[10:18, 10:18] = 1.0  # an 8x8 square in the middle
    return image


def test_rescale_by_one_is_the_identity_and_keeps_shapes():
    rows = np.random.default_rng(0).random((3, 784)).astype(np.float32)
    assert np.array_equal(rescale(rows, 1.0), rows)
    assert rescale(rows, 0.5).shape == (3, 784)
    assert rescale(blob(), 1.5).shape == (28, 28)


def test_rescale_changes_the_size_about_the_centre():
    small, large = rescale(blob(), 0.5), rescale(blob(), 2.0)
    assert abs(small.sum() - blob().sum() * 0.25) < 4  # ink scales with the area
    assert abs(large.sum() - blob().sum() * 4) < 16
    for image in (small, large):
        rows, cols = np.nonzero(image > 0.5)
        assert abs(rows.mean() - 13.5) <= 1 and abs(cols.mean() - 13.5) <= 1  # still centred


def test_growing_past_the_edge_crops_without_wrapping():
    image = np.zeros((28, 28), np.float32)
    image[1:27, 1:27] = 1.0
    grown = rescale(image, 2.0)
    assert grown.shape == (28, 28) and grown.min() >= 0 and grown.max() <= 1.0001


@pytest.mark.parametrize("factor", [0, -1, 5, "big", True])
def test_bad_factors_are_refused(factor):
    with pytest.raises(ValueError, match="factor must be a number from 0.1 to 4"):
        rescale(blob(), factor)


def test_the_digit_side_is_defined_once():
    import annlib.data
    import annlib.data.images
    from annlib.conv import ConvNet

    assert annlib.data.SIDE == 28
    assert annlib.data.images.SIDE is annlib.data.SIDE and not hasattr(
        annlib.data.images, "MNIST_SIDE"
    )
    assert ConvNet(seed=0).image_shape == (annlib.data.SIDE, annlib.data.SIDE)


def test_a_16_bit_photo_keeps_its_grey_ink():
    from PIL import Image

    from annlib.data.images import to_mnist

    levels = np.full((100, 100), 60_000, np.uint16)  # light paper
    levels[30:70, 45:55] = 20_000  # grey ink
    for image in (Image.fromarray(levels), levels):
        digit = to_mnist(image)
        assert digit.shape == (28, 28) and digit.max() == pytest.approx(1.0)


@pytest.mark.parametrize(
    "pixels, words",
    [
        (np.where(np.eye(30) > 0, np.inf, 0.5), "NaN or infinity"),
        (np.full((30, 30), np.nan), "NaN or infinity"),
        (np.full((30, 30), -3.0) + np.eye(30) * 300, "pixels must go from 0 to 1"),
        (np.full((30, 30), 1e6), "pixels must go from 0 to 1"),
    ],
)
def test_pixels_that_are_not_pixels_are_refused(pixels, words):
    from annlib.data.images import to_grayscale

    with pytest.raises(ValueError, match=words):
        to_grayscale(pixels)


@pytest.mark.parametrize("kind", ["uniform", "specks"])
def test_noise_is_not_read_as_a_number(kind):
    from annlib.data.images import split_digits

    rng = np.random.default_rng(0)
    noise = rng.random((200, 300)) if kind == "uniform" else (rng.random((200, 300)) > 0.97) * 1.0
    with pytest.raises(ValueError, match="does not look like digits|too many for one number"):
        split_digits(noise)
