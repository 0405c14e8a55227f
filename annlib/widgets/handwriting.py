"""Your own handwriting (notebook 13): a photo reader, and a collector of your digits to
test and teach the network with (on the drawing pad of annlib.widgets.pad).
"""

from __future__ import annotations

import html
import io
from typing import ClassVar

import ipywidgets as w
import numpy as np

from .. import plots
from ..lab import tables
from ._explorer import Explorer
from .pad import DrawingPad


class PhotoReader(Explorer):
    """Upload a photo of handwritten digits (dark ink on light paper) and read the number."""

    picture_layout: ClassVar[dict | None] = {"max_width": "720px"}
    to_use = "upload a photo"

    def __init__(self, model):
        self.model = model
        self.upload = w.FileUpload(accept="image/*", multiple=False, description="Photo")
        self.upload.observe(self._on_upload, names="value")
        self.answer = w.HTML()
        self.content = None  # the bytes of the image file being read
        super().__init__()

    def _children(self):
        return [self.upload, self.answer, self.picture]

    def _on_upload(self, _change) -> None:
        files = self.upload.value
        if files:
            self.read_bytes(files[0]["content"])

    def read_bytes(self, content: bytes) -> None:
        """Read the number in an image file's bytes (what the upload button delivers)."""
        self.content = bytes(content)
        self.update()

    def compute(self) -> None:
        """Find the digits in the photo and read each one."""
        from PIL import Image, UnidentifiedImageError

        from ..data.images import EmptyImageError
        from ..lab.digit_reader import read_number

        self.number, self.digits, self.confidence = None, [], []
        if self.content is None:
            self.answer.value = "Upload a photo of a number written on paper."
            return
        try:
            image = Image.open(io.BytesIO(self.content))
            image.load()
        except (UnidentifiedImageError, OSError):
            self.answer.value = (
                "<b>That file is not an image annlib can open</b> (try a PNG or JPEG)."
            )
            return
        except Image.DecompressionBombError:
            self.answer.value = (
                "<b>That image is far too large</b> (more pixels than a photo needs, or a "
                "damaged file): make it smaller, say 2000 pixels wide, and upload it again."
            )
            return
        image.thumbnail((800, 800))  # big photos: plenty of detail, a fraction of the work
        try:
            self.number, self.digits, self.confidence = read_number(self.model, image)
        except EmptyImageError:
            self.answer.value = (
                "<b>No digits found.</b> Use a photo of dark digits on light "
                "paper, with some space between the digits."
            )
            return
        except ValueError as error:  # not digits on paper (noise, a busy picture)
            self.answer.value = f"<b>No number read.</b> {html.escape(str(error))}"
            return
        self.answer.value = f"<span style='font-size:1.6em'>I read: <b>{self.number}</b></span>"

    def plot(self):
        """The digits found, as the network saw them, each with its answer and how sure."""
        if not len(self.digits):
            return None
        fig, axes = plots.new_figure((1.3 * len(self.digits), 1.6), n_cols=len(self.digits))
        plots.plot_digits(
            np.stack(self.digits),
            axes=axes,
            titles=[f"{d} ({c:.0%})" for d, c in zip(self.number, self.confidence)],
        )
        return fig

    def describe(self) -> str:
        if self.number is None:
            return "no number read yet"
        return f"read the number {self.number} in the photo"


class DigitCollector(Explorer):
    """Draw your own digits, label them and keep them, to test and teach the network.

    Draw a digit, pick its label, press "Keep". The table shows how many of each
    you have kept; Save adds the digits kept since the last save to the file
    (annlib.data.your_digits.save_digits), so digits saved in an earlier session are never lost.
    """

    picture_layout: ClassVar[dict | None] = None  # the pad is the picture
    to_use = "draw and keep digits"

    def __init__(self, path="my_digits.npz", model=None):
        self.path = path
        self.pad = DrawingPad(model=model)
        self.label = w.ToggleButtons(  # no label chosen: the learner picks one for each digit
            options=list(range(10)),
            value=None,
            description="This is a",
            style={"button_width": "32px"},
        )
        self.keep_button = w.Button(description="Keep", icon="plus", button_style="success")
        self.save_button = w.Button(description="Save", icon="save")
        self.status = w.HTML()
        self.keep_button.on_click(lambda _: self.keep())
        self.save_button.on_click(lambda _: self.save())
        self.X, self.y = [], []
        self.saved = 0  # how many of the kept digits are in the file already
        super().__init__()

    def _children(self):
        return [self.pad, self.label, w.HBox([self.keep_button, self.save_button]), self.status]

    def compute(self) -> None:
        """How many of each digit are kept."""
        self.status.value = (
            f"{tables.digit_counts_html(self.y)}{len(self.X)} kept so far "
            "(aim for about 5 of each)."
        )

    def keep(self) -> bool:
        """Keep the pad's digit with the chosen label, then clear the pad for the next one."""
        if self.pad.digit is None:
            self.status.value = "<b>Draw a digit first</b>, then press Keep."
            return False
        if self.label.value is None:
            self.status.value = "<b>Pick the digit you drew</b> (This is a ...), then press Keep."
            return False
        self.X.append(self.pad.digit.ravel().copy())
        self.y.append(int(self.label.value))
        self.label.value = None  # the next digit gets its own label
        self.pad.clear()
        self.update()
        return True

    def save(self):
        """Add the digits kept since the last save to ``path``; returns the file's path.

        What the file held before stays in it (save_digits' mode "add"), and the status
        line says how many digits the file holds now.
        """
        from ..data.your_digits import load_digits, save_digits

        if not self.X:
            self.status.value = "<b>Nothing to save yet</b>: keep some digits first."
            return None
        if self.saved == len(self.X):
            self.status.value = f"Nothing new to save: all {len(self.X)} digits are saved."
            return None
        new_X, new_y = np.stack(self.X[self.saved :]), np.array(self.y[self.saved :])
        try:
            path = save_digits(self.path, new_X, new_y)
            total = len(load_digits(path)[1])
        except (ValueError, OSError) as error:
            self.status.value = f"<b>Not saved</b>: {html.escape(str(error))}"
            return None
        self.saved = len(self.X)
        self.status.value = (
            f"Saved {len(new_y)} new digit{'s' if len(new_y) != 1 else ''} to {path.name}, "
            f"which now holds {total} (digits saved before are kept)."
        )
        return path

    def snapshot(self) -> bytes:
        return self.pad.snapshot()

    def describe(self) -> str:
        if not self.y:
            return "no digits kept yet"
        return f"{len(self.y)} digits kept: {', '.join(map(str, self.y))}"
