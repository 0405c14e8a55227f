"""The drawing pad (notebook 13): mouse and touch strokes become a digit the network reads."""

import base64
import io

import numpy as np
import pytest
from PIL import Image
from stand_in_models import Always
from svgread import Picture

from annlib import plots
from annlib.data.images import render_strokes
from annlib.widgets import DrawingPad

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def send(pad, event, x, y):
    """What the browser sends when the mouse moves on the canvas."""
    pad.canvas._handle_frontend_event(None, {"event": event, "x": x, "y": y}, None)


def test_mouse_strokes_produce_a_prediction():
    pad = DrawingPad(model=Always(7))
    assert pad.prediction is None and "Draw a digit" in pad.answer.value
    assert pad.seen.svg == "" and pad.chart.svg == ""
    send(pad, "mouse_down", 140, 40)
    for y in range(50, 250, 10):
        send(pad, "mouse_move", 140, y)
    send(pad, "mouse_up", 140, 250)
    assert len(pad.strokes) == 1 and len(pad.strokes[0]) == 21
    assert pad.prediction == 7 and "I read: <b>7</b>" in pad.answer.value
    assert pad.digit.shape == (28, 28)
    # the bars drawn are the model's probabilities, the answer's hatched
    chart = Picture(pad.chart.svg)
    for digit, p in enumerate(pad.probabilities):
        (bar,) = chart.shapes(f"bar {digit}")
        top = float(bar.get("y"))
        _, height = chart._invert("probabilities", [0], [top])
        assert height[0] == pytest.approx(p, abs=0.01)
    bar = chart.shapes("bar 7")[0]
    assert bar.get("fill") == plots.ACTIVE  # the answer: ACTIVE, and hatched over the same box
    hatched = [e for e in chart.root.iter() if e.get("fill") == "url(#hatch)"]
    assert [(e.get("x"), e.get("y")) for e in hatched] == [(bar.get("x"), bar.get("y"))]
    # what it sees: the digit itself, as a PNG of 28 x 28 pixels
    (seen,) = Picture(pad.seen.svg).shapes("digit")
    png = base64.b64decode(seen.get("href").split(",", 1)[1])
    assert png.startswith(PNG_SIGNATURE)
    shown = np.asarray(Image.open(io.BytesIO(png)))
    assert np.array_equal(shown, np.round(np.clip(pad.digit, 0, 1) * 255).astype(np.uint8))


def test_moving_without_pressing_draws_nothing():
    pad = DrawingPad()
    send(pad, "mouse_move", 100, 100)
    assert pad.strokes == [] and pad.pixels().max() == 0


def test_the_pad_keeps_a_vertical_stroke_as_a_centred_one():
    pad = DrawingPad()
    pad.draw([(200, 60), (200, 230)])
    rows, cols = np.nonzero(pad.digit > 0.2)
    assert rows.max() - rows.min() + 1 == 20 and cols.max() - cols.min() + 1 <= 6
    assert abs(cols.mean() - 13.5) < 1.5
    assert "no network given" in pad.answer.value and pad.chart.svg == ""


def test_undo_and_clear():
    pad = DrawingPad(model=Always(3))
    pad.draw([(60, 60), (200, 60)])
    pad.draw([(200, 60), (120, 240)])
    pad.undo()
    assert len(pad.strokes) == 1 and pad.prediction == 3
    pad.clear_button.click()
    assert pad.strokes == [] and pad.prediction is None and pad.digit is None
    assert "Draw a digit" in pad.answer.value
    assert pad.seen.svg == "" and pad.chart.svg == ""


def test_touch_events_draw_too():
    pad = DrawingPad(model=Always(1))
    pad.canvas._handle_frontend_event(
        None, {"event": "touch_start", "touches": [{"x": 140, "y": 40}]}, None
    )
    pad.canvas._handle_frontend_event(
        None, {"event": "touch_move", "touches": [{"x": 140, "y": 240}]}, None
    )
    pad.canvas._handle_frontend_event(None, {"event": "touch_end", "touches": []}, None)
    assert pad.prediction == 1 and len(pad.strokes[0]) == 2


def test_the_pad_and_render_strokes_agree():
    pad = DrawingPad()
    pad.draw([(50, 50), (200, 80), (120, 230)])
    assert np.array_equal(pad.pixels(), render_strokes(pad.strokes, pad.size, pad.pen))


def test_the_pads_snapshot_is_the_drawing_and_its_reading():
    pad = DrawingPad(model=Always(7))
    empty = pad._repr_mimebundle_()
    assert empty["text/plain"] == "DrawingPad: an empty drawing pad (run the cell to draw a digit)"
    pad.draw([(140, 40), (140, 240)])
    bundle = pad._repr_mimebundle_()
    picture = np.asarray(Image.open(io.BytesIO(base64.b64decode(bundle["image/png"]))))
    assert picture.shape == (280, 280)  # the canvas, pixel for pixel: white ink on black
    assert np.array_equal(picture, np.round(pad.pixels() * 255).astype(np.uint8))
    assert bundle["text/plain"].startswith("DrawingPad: a drawing of 1 stroke, read as 7, ")


def test_the_pad_checks_its_size_and_pen():
    with pytest.raises(ValueError, match="size .* must be a whole number from 28 to 1,000"):
        DrawingPad(size=10)
    with pytest.raises(TypeError, match="pen .* must be a whole number"):
        DrawingPad(pen=2.5)
    pad = DrawingPad(size=np.int64(100), pen=np.int64(25))  # NumPy whole numbers are whole
    assert (pad.size, pad.pen) == (100, 25)


def test_the_pad_and_render_strokes_share_their_canvas_and_pen():
    from annlib.data import images
    from annlib.widgets import DrawingPad

    assert (DrawingPad.SIZE, DrawingPad.PEN) == (images.PAD_SIZE, images.PEN) == (280, 22)


def test_the_pad_refuses_a_model_that_cannot_read_digits():
    from annlib.mlp import MLP
    from annlib.widgets import DrawingPad

    with pytest.raises(ValueError, match="784 inputs .* and 10 outputs.*3 outputs"):
        DrawingPad(MLP([784, 8, 3]))
    with pytest.raises(TypeError, match="needs a trained digit reader"):
        DrawingPad("my network")


ONE = [(140, 40), (140, 240)]
BAD_STROKES = [
    [(60, 60), (np.nan, 80)],  # NaN
    [(60, 60), ("a", "b")],  # text
    [(60, 60), (60, 400)],  # off the pad
    [(60, 60, 1)],  # not (x, y) pairs
    (140, 40),  # one point, not a list of them
]


@pytest.mark.parametrize("points", BAD_STROKES, ids=["nan", "text", "off", "triples", "point"])
def test_a_bad_stroke_leaves_the_drawing_as_it_was(points):
    """A bad point used to leave half a stroke behind (with NaN in it, or a pen stuck
    down that drew on at the next move of the mouse)."""
    pad = DrawingPad(model=Always(7))
    pad.draw(ONE)
    before, answer = [list(s) for s in pad.strokes], pad.answer.value
    with pytest.raises((ValueError, TypeError)):
        pad.draw(points)
    assert pad.strokes == before and pad.answer.value == answer and pad.prediction == 7
    send(pad, "mouse_move", 200, 200)  # the pen is up: moving draws nothing
    assert pad.strokes == before
    pad.draw([(60, 60), (220, 60)])
    assert len(pad.strokes) == 2


def test_undo_in_the_middle_of_a_stroke_keeps_the_strokes_before_it():
    """Undo with the pen still down used to make the next move extend the stroke before."""
    pad = DrawingPad(model=Always(2))
    pad.draw(ONE)
    send(pad, "mouse_down", 60, 60)
    send(pad, "mouse_move", 80, 80)
    pad.undo()  # (the Undo button, pressed with another finger)
    send(pad, "mouse_move", 200, 200)
    send(pad, "mouse_up", 200, 200)
    assert pad.strokes == [[(140.0, 40.0), (140.0, 240.0)]] and pad.prediction == 2


def test_clear_in_the_middle_of_a_stroke_leaves_a_clean_pad():
    pad = DrawingPad()
    send(pad, "mouse_down", 60, 60)
    pad.clear()
    pad._extend(100, 100)  # (a move with no stroke to extend used to raise IndexError)
    pad._finish()
    assert pad.strokes == [] and pad.digit is None and "Draw a digit" in pad.answer.value


def test_a_model_that_breaks_later_keeps_the_drawing_and_says_so():
    """A network trained on in another cell until its weights are NaN: the pad used to raise
    from the mouse event (unseen) with the old answer still showing."""
    model = Always(5)
    pad = DrawingPad(model=model)
    pad.draw(ONE)
    good = model.params["b1"].copy()
    model.params["b1"][:] = np.nan
    pad.draw([(60, 60), (220, 60)])
    assert len(pad.strokes) == 2 and pad.digit is not None
    assert "could not read it" in pad.answer.value and "drawing is kept" in pad.answer.value
    assert pad.prediction is None and pad.chart.svg == "" and pad.seen.svg
    assert "which the network could not read" in pad._repr_mimebundle_()["text/plain"]
    model.params["b1"][:] = good  # mended: the next change reads the whole drawing again
    pad.undo()
    assert pad.strokes == [[(140.0, 40.0), (140.0, 240.0)]] and pad.prediction == 5


def test_a_model_is_asked_once_whether_it_can_read_a_digit():
    """A scikit-learn model that is not fitted used to be accepted, and failed at the first
    stroke; now the pad says so when it is made."""
    from sklearn.linear_model import LogisticRegression

    with pytest.raises(ValueError, match="not fitted"):
        DrawingPad(LogisticRegression())
    rng = np.random.default_rng(0)
    fitted = LogisticRegression(max_iter=200).fit(rng.random((40, 784)), np.arange(40) % 10)
    pad = DrawingPad(fitted)  # any fitted model that reads 784 pixels into 10 classes will do
    pad.draw(ONE)
    assert pad.prediction == int(np.argmax(fitted.predict_proba(pad.digit.reshape(1, -1))))


class Flaky:
    """A model (not annlib's) that gives NaN once it is broken."""

    broken = False

    def predict_proba(self, X):
        return np.full((len(X), 10), np.nan if self.broken else 0.1)


def test_a_model_that_starts_giving_nan_keeps_the_drawing():
    model = Flaky()
    pad = DrawingPad(model)
    pad.draw(ONE)
    assert pad.prediction == 0
    model.broken = True
    pad.draw([(60, 60), (220, 60)])
    assert len(pad.strokes) == 2 and "probabilities hold NaN" in pad.answer.value
    assert pad.prediction is None and pad.chart.svg == ""
