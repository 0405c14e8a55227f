"""Photos and your own digits (notebook 13): the photo reader and the digit collector."""

import datetime
import io
import re

import numpy as np
from PIL import Image as PILImage
from PIL import ImageDraw
from stand_in_models import Always

from annlib.lab.digit_reader import load_digits
from annlib.widgets import DigitCollector, PhotoReader


def png_bytes(image):
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()


def two_strokes():
    image = PILImage.new("RGB", (300, 120), "white")
    draw = ImageDraw.Draw(image)
    draw.line([(60, 20), (60, 100)], fill="black", width=8)
    draw.line([(200, 20), (200, 100)], fill="black", width=8)
    return image


def test_photo_reader_reads_an_uploaded_photo():
    reader = PhotoReader(Always(4))
    assert "Upload a photo" in reader.answer.value and reader.picture.value == b""
    reader.upload.value = (
        {
            "name": "two.png",
            "type": "image/png",
            "size": 1,
            "content": memoryview(png_bytes(two_strokes())),
            "last_modified": datetime.datetime(2026, 1, 1, tzinfo=datetime.timezone.utc),
        },
    )
    assert reader.number == "44" and "I read: <b>44</b>" in reader.answer.value
    assert len(reader.digits) == 2
    picture = PILImage.open(io.BytesIO(reader.picture.value))
    assert picture.width > picture.height  # the two digits found, side by side
    assert reader._repr_mimebundle_()["text/plain"].startswith(
        "PhotoReader: read the number 44 in the photo"
    )


def test_photo_reader_explains_bad_and_empty_files():
    reader = PhotoReader(Always(4))
    reader.read_bytes(png_bytes(two_strokes()))
    reader.read_bytes(b"not an image")
    assert reader.number is None and "not an image" in reader.answer.value
    assert reader.picture.value == b""  # the last photo's digits are gone
    reader.read_bytes(png_bytes(PILImage.new("RGB", (50, 50), "white")))
    assert reader.number is None and "No digits found" in reader.answer.value


def kept(collector):
    return [int(c) for c in re.findall(r"<td[^>]*>(\d+)</td>", collector.status.value)]


def test_digit_collector_keeps_labels_and_saves(tmp_path):
    collector = DigitCollector(path=tmp_path / "mine.npz")
    assert kept(collector) == [0] * 10
    assert collector.save() is None and "Nothing to save yet" in collector.status.value
    assert collector.keep() is False and "Draw a digit first" in collector.status.value
    for label in (1, 1, 7):
        collector.pad.draw([(140, 40), (140, 240)])
        collector.label.value = label
        assert collector.keep() is True
    assert collector.y == [1, 1, 7] and collector.pad.strokes == []
    assert "3 kept so far" in collector.status.value
    assert kept(collector) == [0, 2, 0, 0, 0, 0, 0, 1, 0, 0]
    path = collector.save()
    X, y = load_digits(path)
    assert X.shape == (3, 784) and y.tolist() == [1, 1, 7]
    assert np.array_equal(X[0], collector.X[0])
    assert "Saved 3 new digits to mine.npz, which now holds 3" in collector.status.value
    assert collector.save() is None and "Nothing new to save" in collector.status.value
    assert collector._repr_mimebundle_()["text/plain"] == (
        "DigitCollector: 3 digits kept: 1, 1, 7 (run the cell to draw and keep digits)"
    )


def test_a_new_session_adds_to_the_digits_saved_before(tmp_path):
    first = DigitCollector(path=tmp_path / "mine.npz")
    for label in (2, 3):
        first.pad.draw([(140, 40), (140, 240)])
        first.label.value = label
        first.keep()
    first.save()
    again = DigitCollector(path=tmp_path / "mine.npz")  # the notebook run again, later
    again.pad.draw([(60, 60), (220, 220)])
    again.label.value = 4
    again.keep()
    again.save()
    assert load_digits(tmp_path / "mine.npz")[1].tolist() == [2, 3, 4]
    assert "1 new digit to mine.npz, which now holds 3" in again.status.value


def test_a_save_that_cannot_be_done_says_why_in_the_widget(tmp_path):
    (tmp_path / "mine.npz").write_bytes(b"damaged")
    collector = DigitCollector(path=tmp_path / "mine.npz")
    collector.pad.draw([(140, 40), (140, 240)])
    collector.label.value = 1
    assert collector.keep()
    assert collector.save() is None and "Not saved" in collector.status.value
    assert (tmp_path / "mine.npz").read_bytes() == b"damaged"  # left as it was


def test_photo_reader_explains_huge_images_and_noise(monkeypatch):
    reader = PhotoReader(Always(4))
    monkeypatch.setattr(PILImage, "MAX_IMAGE_PIXELS", 1_000)  # as a 13,500² photo would be
    reader.read_bytes(png_bytes(two_strokes()))
    assert reader.number is None and "far too large" in reader.answer.value
    monkeypatch.undo()
    noise = np.random.default_rng(0).integers(0, 256, (120, 200), dtype=np.uint8)
    reader.read_bytes(png_bytes(PILImage.fromarray(noise)))
    assert reader.number is None and "No number read" in reader.answer.value
