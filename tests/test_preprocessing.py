"""From drawings and photos to MNIST-style digits, on synthetic images made here."""

import numpy as np
import pytest
from PIL import Image, ImageDraw

from annlib.data.images import EmptyImageError, split_digits, to_grayscale, to_mnist


def canvas(size=(200, 200), colour="white"):
    image = Image.new("RGB", size, colour)
    return image, ImageDraw.Draw(image)


def stroke_image(top=40, bottom=160, x=100, width=12, size=(200, 200), ink="black", paper="white"):
    image, draw = canvas(size, paper)
    draw.line([(x, top), (x, bottom)], fill=ink, width=width)
    return image


def centre_of_mass(digit):
    rows, cols = np.indices(digit.shape)
    return (rows * digit).sum() / digit.sum(), (cols * digit).sum() / digit.sum()


def test_a_vertical_stroke_becomes_a_centred_one():
    digit = to_mnist(stroke_image())
    assert digit.shape == (28, 28) and digit.dtype == np.float32
    assert digit.max() == 1.0 and digit.min() == 0.0  # bright ink on black, like MNIST
    rows, cols = np.nonzero(digit > 0.2)
    assert rows.max() - rows.min() + 1 == 20  # scaled to fit the 20-pixel box
    assert cols.max() - cols.min() + 1 <= 5  # still a thin upright stroke
    cy, cx = centre_of_mass(digit)
    assert abs(cy - 13.5) < 1 and abs(cx - 13.5) < 1  # centred by its centre of mass


def test_size_and_position_of_the_drawing_barely_matter():
    reference = to_mnist(stroke_image())
    for variant in [
        stroke_image(top=10, bottom=70, x=30, width=6),  # small, top left
        stroke_image(top=20, bottom=190, x=170, width=17),  # tall, on the right
        stroke_image(top=60, bottom=300, x=400, width=24, size=(600, 400)),
    ]:
        assert np.abs(to_mnist(variant) - reference).mean() < 0.03


def test_inverted_colours_and_rgba_give_the_same_digit():
    reference = to_mnist(stroke_image())
    inverted = to_mnist(stroke_image(ink="white", paper="black"))  # light ink on dark, like MNIST
    rgba = Image.new("RGBA", (200, 200), (0, 0, 0, 0))  # transparent, as a canvas export
    ImageDraw.Draw(rgba).line([(100, 40), (100, 160)], fill=(20, 20, 200, 255), width=12)
    gray_array = np.asarray(stroke_image().convert("L"))  # a plain 2-D array of bytes
    for other in (inverted, to_mnist(rgba), to_mnist(gray_array)):
        assert np.abs(other - reference).mean() < 0.02


def test_grey_paper_and_faint_noise_are_not_ink():
    image, draw = canvas(colour=(200, 200, 200))  # grey paper
    draw.line([(100, 40), (100, 160)], fill="black", width=12)
    draw.point([(10, 10), (190, 190)], fill=(170, 170, 170))  # faint specks
    assert np.abs(to_mnist(image) - to_mnist(stroke_image())).mean() < 0.03


@pytest.mark.parametrize(
    "blank",
    [
        Image.new("RGB", (100, 100), "white"),
        np.zeros((50, 50)),
        np.full((30, 40, 4), 255, np.uint8),
    ],
)
def test_an_empty_canvas_asks_for_a_digit(blank):
    with pytest.raises(EmptyImageError, match="draw a digit first"):
        to_mnist(blank)


def test_bad_images_are_refused_clearly():
    with pytest.raises(ValueError, match="expected an image"):
        to_grayscale(np.zeros(5))
    with pytest.raises(ValueError, match="3 \\(RGB\\) or 4 \\(RGBA\\)"):
        to_grayscale(np.zeros((5, 5, 2)))


def number_photo():
    """A 'photo' of 1, 0, 7 written left to right, with a speck of dirt and a 5-like split."""
    image, draw = canvas((460, 160), (245, 245, 240))
    draw.line([(50, 30), (50, 130)], fill=(30, 30, 60), width=10)  # 1
    draw.ellipse([(110, 30), (180, 130)], outline=(30, 30, 60), width=10)  # 0
    draw.line([(230, 35), (300, 35), (255, 130)], fill=(30, 30, 60), width=10)  # 7
    draw.line([(350, 30), (410, 30)], fill=(30, 30, 60), width=10)  # a 5: bar ...
    draw.arc([(345, 60), (410, 130)], 200, 160, fill=(30, 30, 60), width=10)  # ... and belly
    draw.line([(352, 30), (352, 75)], fill=(30, 30, 60), width=10)
    draw.point([(440, 150)], fill=(30, 30, 60))  # dirt
    return image


def test_split_digits_finds_each_digit_left_to_right():
    digits, boxes = split_digits(number_photo())
    assert len(digits) == 4  # the speck is dropped; the 5's pieces are one digit
    lefts = [box[1] for box in boxes]
    assert lefts == sorted(lefts)
    assert all(d.shape == (28, 28) for d in digits)
    one = digits[0]
    assert np.count_nonzero(one[:, :10] > 0.2) == 0 and np.count_nonzero(one[:, 18:] > 0.2) == 0
    zero = digits[1]
    assert zero[13:16, 12:16].max() < 0.2  # the hole of the 0 stays empty


def test_split_digits_on_an_empty_photo():
    with pytest.raises(EmptyImageError):
        split_digits(Image.new("RGB", (300, 100), "white"))
