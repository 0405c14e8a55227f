"""The neuron explorer: sliders and typed values change the neuron and its truth table."""

import pytest

from annlib import ThresholdNeuron, neuron_g
from annlib.tables import FIRING_STYLE
from annlib.widgets import NeuronExplorer, neuron_explorer

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def firing_rows(explorer):
    return explorer.table.index[explorer.table.fires].tolist()


def test_explorer_starts_at_the_given_neuron():
    explorer = neuron_explorer(neuron_g())
    assert explorer.neuron.w.tolist() == [0, 0, 1, 2, -1] and explorer.neuron.m == 2
    assert explorer.table.fires.sum() == 12
    assert "fires on 12 of 32" in explorer.summary.value
    assert bytes(explorer.picture.value).startswith(PNG_SIGNATURE)
    assert explorer.table_html.value.count(FIRING_STYLE) == 12  # 12 red rows


def test_moving_the_m_slider_changes_the_firing_rows():
    explorer = NeuronExplorer(neuron_g())
    before_rows, before_picture = firing_rows(explorer), explorer.picture.value
    explorer.m_slider.value = 3  # C and D must both fire, and E not
    assert explorer.m_box.value == 3  # the text box follows the slider
    assert firing_rows(explorer) == [6, 14, 22, 30]
    assert firing_rows(explorer) != before_rows
    assert "fires on 4 of 32" in explorer.summary.value
    assert explorer.table_html.value.count(FIRING_STYLE) == 4
    assert explorer.picture.value != before_picture  # the picture shows the new m


def test_typing_a_weight_moves_its_slider_and_updates_the_table():
    explorer = NeuronExplorer(neuron_g())
    explorer.weight_boxes[4].value = 0  # w_E: E no longer holds G back
    assert explorer.weight_sliders[4].value == 0
    assert explorer.neuron.w.tolist() == [0, 0, 1, 2, 0]
    assert explorer.table.fires.sum() == 16  # now G fires whenever D fires


def test_typed_values_between_slider_steps_are_kept():
    explorer = NeuronExplorer(ThresholdNeuron([1, 1], m=2, inputs="CD"))
    explorer.m_box.value = 1.3
    assert explorer.neuron.m == pytest.approx(1.3)


def test_values_outside_the_range_are_clipped():
    explorer = NeuronExplorer(ThresholdNeuron([1, 1], m=2))
    explorer.m_box.value = 99
    assert explorer.m_slider.value == explorer.m_slider.max


def test_the_explorer_can_make_g_an_and_of_c_and_d():
    explorer = NeuronExplorer(neuron_g())
    explorer.weight_sliders[3].value = 1  # w_D
    explorer.weight_sliders[4].value = 0  # w_E
    table = explorer.table
    assert table.fires.tolist() == ((table.C == 1) & (table.D == 1)).tolist()


def test_reset_returns_to_the_starting_neuron():
    explorer = NeuronExplorer(neuron_g())
    explorer.m_slider.value = -1
    explorer.weight_boxes[0].value = 2
    explorer.reset()
    assert explorer.neuron.w.tolist() == [0, 0, 1, 2, -1] and explorer.neuron.m == 2
    assert explorer.table.fires.sum() == 12


def test_explorer_needs_a_neuron():
    with pytest.raises(TypeError, match="needs a ThresholdNeuron"):
        NeuronExplorer([0, 0, 1, 2, -1])


# --- the network explorer ---

from annlib.examples import article_network  # noqa: E402
from annlib.widgets import NetworkExplorer  # noqa: E402


def test_network_explorer_starts_at_scenario_1():
    explorer = NetworkExplorer(article_network(), [1, 1, 0, 1], neuron="G")
    assert explorer.firing["layer 2"] == ["E"] and explorer.firing["output"] == ["6"]
    assert [t.button_style for t in explorer.toggles] == ["danger", "danger", "", "danger"]
    assert "<b>layer 2</b>: E" in explorer.summary.value


def test_toggling_inputs_redraws_the_map():
    explorer = NetworkExplorer(article_network(), [1, 1, 0, 1])
    before = bytes(explorer.picture.value)
    explorer.toggles[0].value = False  # A stops firing
    explorer.toggles[1].value = False  # B stops firing
    explorer.toggles[2].value = True  # C fires: scenario 2
    assert explorer.firing == {"layer 1": ["C", "D"], "layer 2": ["F", "G"], "output": ["6"]}
    assert bytes(explorer.picture.value) != before


def test_sliders_change_the_chosen_neuron_then_reset_restores():
    explorer = NetworkExplorer(article_network(), [0, 0, 1, 1], neuron="G")
    assert [s.description for s in explorer.controls.sliders] == ["w_A", "w_C", "w_D", "w_E", "m"]
    explorer.controls.m_slider.value = 4  # G now needs more than C and D give it
    assert explorer.firing["layer 2"] == ["F"] and explorer.firing["output"] == []
    explorer.neuron_menu.value = "6"
    assert [s.description for s in explorer.controls.sliders] == ["w_E", "w_F", "w_G", "m"]
    explorer.reset()
    assert explorer.firing["layer 2"] == ["F", "G"] and explorer.network.neuron("G").m == 2


def test_network_explorer_checks_its_arguments():
    with pytest.raises(TypeError, match="needs a ThresholdNetwork"):
        NetworkExplorer("network")
    with pytest.raises(ValueError, match="no neuron 'Q'"):
        NetworkExplorer(article_network(), neuron="Q")


# --- notebook 03's explorers ---

import numpy as np  # noqa: E402

from annlib.mlp import MLP  # noqa: E402
from annlib.widgets import DescentExplorer, LearningRateExplorer, SSEExplorer  # noqa: E402

AND_X = np.array([[0, 0], [0, 1], [1, 0], [1, 1]])
AND_Y = np.array([0, 0, 0, 1])


def test_sse_explorer_reports_the_direction_downhill():
    explorer = SSEExplorer(AND_X, AND_Y, [3.0, 1.0], 1.5, index=0, name="w_C")
    assert explorer.slope > 0 and "decrease w_C" in explorer.summary.value
    explorer.slider.value = -1.0
    assert explorer.slope < 0 and "increase w_C" in explorer.summary.value
    explorer.slider.value = 1.0
    assert "bottom of the valley" in explorer.summary.value
    assert explorer.sse_step == 0.0


def test_descent_explorer_reruns_with_the_new_learning_rate():
    explorer = DescentExplorer(AND_X, AND_Y, [1.0, 1.0], 1.5, start=3.0, lr=3.0)
    assert abs(explorer.path[-1] - 1.0) < 0.01
    explorer.slider.value = 100.0
    assert explorer.path[-1] < -10


def test_learning_rate_explorer_trains_again_for_each_rate():
    explorer = LearningRateExplorer(lambda: MLP([2, 1], output="sigmoid", loss="sse"),
                                    AND_X, AND_Y, epochs=50, lr=3.0)
    good = explorer.history.loss[-1]
    explorer.slider.value = 0.001
    assert explorer.history.loss[-1] > good
    assert "accuracy" in explorer.summary.value


# --- the drawing pad (notebook 07) ---

from annlib.widgets import DrawingPad  # noqa: E402


class Always(MLP):
    """A stand-in network whose answer is fixed, to test the pad without training."""

    def __init__(self, digit):
        super().__init__([784, 10], seed=0)
        self.params["W1"][:] = 0
        self.params["b1"][:] = 0
        self.params["b1"][digit] = 5.0


def send(pad, event, x, y):
    """What the browser sends when the mouse moves on the canvas."""
    pad.canvas._handle_frontend_event(None, {"event": event, "x": x, "y": y}, None)


def test_mouse_strokes_produce_a_prediction():
    pad = DrawingPad(model=Always(7))
    assert pad.prediction is None and "Draw a digit" in pad.answer.value
    send(pad, "mouse_down", 140, 40)
    for y in range(50, 250, 10):
        send(pad, "mouse_move", 140, y)
    send(pad, "mouse_up", 140, 250)
    assert len(pad.strokes) == 1 and len(pad.strokes[0]) == 21
    assert pad.prediction == 7 and "I read: <b>7</b>" in pad.answer.value
    assert pad.digit.shape == (28, 28) and bytes(pad.chart.value).startswith(b"\x89PNG")


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


def test_undo_and_clear():
    pad = DrawingPad(model=Always(3))
    pad.draw([(60, 60), (200, 60)])
    pad.draw([(200, 60), (120, 240)])
    pad.undo()
    assert len(pad.strokes) == 1 and pad.prediction == 3
    pad.clear()
    assert pad.strokes == [] and pad.prediction is None and pad.digit is None
    assert "Draw a digit" in pad.answer.value


def test_touch_events_draw_too():
    pad = DrawingPad(model=Always(1))
    pad.canvas._handle_frontend_event(None, {"event": "touch_start", "touches": [{"x": 140, "y": 40}]}, None)
    pad.canvas._handle_frontend_event(None, {"event": "touch_move", "touches": [{"x": 140, "y": 240}]}, None)
    pad.canvas._handle_frontend_event(None, {"event": "touch_end", "touches": []}, None)
    assert pad.prediction == 1 and len(pad.strokes[0]) == 2


# --- photos and your own digits ---

import datetime  # noqa: E402
import io  # noqa: E402

from PIL import Image as PILImage  # noqa: E402
from PIL import ImageDraw  # noqa: E402

from annlib.widgets import DigitCollector, PhotoReader  # noqa: E402


def png_bytes(image):
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()


def test_photo_reader_reads_an_uploaded_photo():
    image = PILImage.new("RGB", (300, 120), "white")
    draw = ImageDraw.Draw(image)
    draw.line([(60, 20), (60, 100)], fill="black", width=8)
    draw.line([(200, 20), (200, 100)], fill="black", width=8)
    reader = PhotoReader(Always(4))
    reader.upload.value = ({"name": "two.png", "type": "image/png", "size": 1,
                            "content": memoryview(png_bytes(image)),
                            "last_modified": datetime.datetime(2026, 1, 1, tzinfo=datetime.timezone.utc)},)
    assert reader.number == "44" and "I read: <b>44</b>" in reader.answer.value


def test_photo_reader_explains_bad_and_empty_files():
    reader = PhotoReader(Always(4))
    reader.read_bytes(b"not an image")
    assert reader.number is None and "not an image" in reader.answer.value
    reader.read_bytes(png_bytes(PILImage.new("RGB", (50, 50), "white")))
    assert reader.number is None and "No digits found" in reader.answer.value


def test_digit_collector_keeps_labels_and_saves(tmp_path):
    collector = DigitCollector(path=tmp_path / "mine.npz")
    assert collector.keep() is False and "Draw a digit first" in collector.status.value
    for label in (1, 1, 7):
        collector.pad.draw([(140, 40), (140, 240)])
        collector.label.value = label
        assert collector.keep() is True
    assert collector.y == [1, 1, 7] and collector.pad.strokes == []
    assert "3 kept so far" in collector.status.value
    path = collector.save()
    from annlib.models import load_digits

    X, y = load_digits(path)
    assert X.shape == (3, 784) and y.tolist() == [1, 1, 7]


def test_the_pad_and_render_strokes_agree():
    from annlib.images import render_strokes

    pad = DrawingPad()
    pad.draw([(50, 50), (200, 80), (120, 230)])
    assert np.array_equal(pad.pixels(), render_strokes(pad.strokes, pad.size, pad.pen))
