"""Interactive explorers for JupyterLab (ipywidgets).

Each explorer keeps its state in Python (the current neuron, its truth table)
and draws into plain Image and HTML widgets, so it behaves the same in
JupyterLab, in Binder and in a test with no browser at all.
"""

from __future__ import annotations

import ipywidgets as w
import matplotlib.pyplot as plt
import numpy as np

from . import plots, tables
from .network import ThresholdNetwork
from .neuron import ThresholdNeuron, truth_table

WEIGHT_RANGE = (-3.0, 3.0)
M_RANGE = (-3.0, 6.0)
STEP = 0.5


def _slider_with_box(description: str, value: float, bounds: tuple[float, float]):
    """A slider and a text box that always show the same number.

    Drag the slider, or type an exact value in the box: the other follows.
    Values outside ``bounds`` are clipped to the nearest end.
    """
    low, high = bounds
    value = min(max(value, low), high)
    slider = w.FloatSlider(value=value, min=low, max=high, step=STEP, description=description,
                           continuous_update=True, readout=False,
                           layout=w.Layout(width="260px"),
                           style={"description_width": "40px"})
    box = w.BoundedFloatText(value=value, min=low, max=high, step=0.1,
                             layout=w.Layout(width="80px"))
    w.link((slider, "value"), (box, "value"))
    return slider, box


class NeuronControls:
    """A slider and a text box for each weight of a neuron, and for its m."""

    def __init__(self, neuron: ThresholdNeuron):
        self.neuron_name, self.inputs = neuron.name, neuron.inputs
        self.weight_sliders, self.weight_boxes, rows = [], [], []
        for name, weight in zip(neuron.inputs, neuron.w):
            slider, box = _slider_with_box(f"w_{name}", float(weight), WEIGHT_RANGE)
            self.weight_sliders.append(slider)
            self.weight_boxes.append(box)
            rows.append(w.HBox([slider, box]))
        self.m_slider, self.m_box = _slider_with_box("m", neuron.m, M_RANGE)
        rows.append(w.HBox([self.m_slider, self.m_box]))
        self.box = w.VBox(rows)

    @property
    def sliders(self):
        return [*self.weight_sliders, self.m_slider]

    def observe(self, handler) -> None:
        for slider in self.sliders:
            slider.observe(handler, names="value")

    def neuron(self) -> ThresholdNeuron:
        """The neuron the controls show right now."""
        return ThresholdNeuron([s.value for s in self.weight_sliders], self.m_slider.value,
                               inputs=self.inputs, name=self.neuron_name)

    def set(self, neuron: ThresholdNeuron) -> None:
        """Move every control to ``neuron``'s weights and m."""
        for slider, weight in zip(self.weight_sliders, neuron.w):
            slider.value = float(weight)
        self.m_slider.value = neuron.m


class NeuronExplorer(w.VBox):
    """Sliders and text boxes for a threshold neuron's weights and m, with live results.

    Moving a slider (or typing in a box) rebuilds the neuron and redraws its
    picture and its truth table, firing rows in red.

    >>> from annlib import neuron_g
    >>> explorer = NeuronExplorer(neuron_g())
    >>> explorer.m_slider.value = 3      # what dragging the m slider does
    >>> int(explorer.table.fires.sum())  # G now fires on fewer patterns
    4
    """

    def __init__(self, neuron: ThresholdNeuron):
        if not isinstance(neuron, ThresholdNeuron):
            raise TypeError(f"NeuronExplorer needs a ThresholdNeuron; got {type(neuron).__name__}.")
        self.start = neuron
        self._paused = False
        self.controls = NeuronControls(neuron)
        self.weight_sliders, self.weight_boxes = self.controls.weight_sliders, self.controls.weight_boxes
        self.m_slider, self.m_box = self.controls.m_slider, self.controls.m_box
        self.reset_button = w.Button(description=f"Reset to {neuron.name}", icon="undo")
        self.reset_button.on_click(lambda _: self.reset())

        self.picture = w.Image(format="png", layout=w.Layout(width="330px"))
        self.summary = w.HTML()
        self.table_html = w.HTML(layout=w.Layout(max_height="430px", overflow="auto"))
        controls = w.VBox([w.HTML("<b>Weights and m</b> (drag, or type a value)"),
                           self.controls.box, self.reset_button])
        super().__init__([
            w.HBox([controls, self.picture]),
            self.summary,
            self.table_html,
        ])
        self.controls.observe(self._on_change)
        self.update()

    @property
    def neuron(self) -> ThresholdNeuron:
        """The neuron the controls describe right now."""
        return self.controls.neuron()

    def reset(self) -> None:
        """Put every control back to the neuron the explorer started with."""
        self._paused = True  # one redraw at the end, not one per control
        try:
            self.controls.set(self.start)
        finally:
            self._paused = False
        self.update()

    def _on_change(self, _change) -> None:
        if not self._paused:
            self.update()

    def update(self) -> None:
        """Recompute the truth table and redraw the picture."""
        neuron = self.neuron
        self.table = truth_table(neuron)
        n_firing, n_rows = int(self.table.fires.sum()), len(self.table)
        self.summary.value = (
            f"<b>{neuron.name} fires on {n_firing} of {n_rows} input patterns</b> "
            f"(rows in red): weights {', '.join(f'{v:g}' for v in neuron.w)}; m = {neuron.m:g}"
        )
        self.table_html.value = tables.truth_table_html(self.table)
        fig, ax = plt.subplots(figsize=(4.2, 3.6))
        plots.draw_neuron(neuron, ax=ax)
        self.picture.value = plots.figure_to_png(fig)


class NetworkExplorer(w.VBox):
    """Toggle a network's inputs and tune one neuron; the activation map redraws live.

    Click an input's button to make it fire (red) or stay quiet; pick a neuron
    from the menu and move its weights and m. Reset brings back the network and
    the input pattern the explorer started with.
    """

    def __init__(self, network: ThresholdNetwork, x=None, neuron: str | None = None):
        if not isinstance(network, ThresholdNetwork):
            raise TypeError(f"NetworkExplorer needs a ThresholdNetwork; got {type(network).__name__}.")
        names = [n for layer in network.layers for n in layer.names]
        neuron = names[-1] if neuron is None else neuron
        if neuron not in names:
            raise ValueError(f"the network has no neuron {neuron!r}; choose one of {names}.")
        self.start, self.network = network, network
        self.start_x = np.zeros(len(network.inputs), bool) if x is None else np.asarray(
            network.forward(x).activations[0], bool)
        self._paused = False
        self.toggles = [w.ToggleButton(value=bool(v), description=name, tooltip=f"{name} fires",
                                       layout=w.Layout(width="60px"))
                        for name, v in zip(network.inputs, self.start_x)]
        for toggle in self.toggles:
            toggle.observe(self._on_change, names="value")
        self.neuron_menu = w.Dropdown(options=names, value=neuron, description="tune neuron",
                                      style={"description_width": "80px"},
                                      layout=w.Layout(width="200px"))
        self.neuron_menu.observe(self._on_neuron_choice, names="value")
        self.controls_box = w.VBox()
        self.reset_button = w.Button(description="Reset", icon="undo")
        self.reset_button.on_click(lambda _: self.reset())
        self.picture = w.Image(format="png", layout=w.Layout(width="560px"))
        self.summary = w.HTML()
        left = w.VBox([w.HTML(f"<b>{network.input_label}</b>: click to make a neuron fire"),
                       w.HBox(self.toggles), self.neuron_menu, self.controls_box,
                       self.reset_button])
        super().__init__([w.HBox([left, self.picture]), self.summary])
        self._show_controls()
        self.update()

    @property
    def x(self) -> np.ndarray:
        """The input pattern the toggles show (1 = fires)."""
        return np.array([int(t.value) for t in self.toggles])

    def _show_controls(self) -> None:
        self.controls = NeuronControls(self.network.neuron(self.neuron_menu.value))
        self.controls.observe(self._on_weights)
        self.controls_box.children = [self.controls.box]

    def _on_neuron_choice(self, _change) -> None:
        self._show_controls()

    def _on_weights(self, _change) -> None:
        if not self._paused:
            self.network = self.network.replace(self.controls.neuron())
            self.update()

    def _on_change(self, _change) -> None:
        if not self._paused:
            self.update()

    def reset(self) -> None:
        """Back to the starting network and input pattern."""
        self._paused = True
        try:
            self.network = self.start
            for toggle, v in zip(self.toggles, self.start_x):
                toggle.value = bool(v)
            self._show_controls()
        finally:
            self._paused = False
        self.update()

    def update(self) -> None:
        """Send the current pattern through the network and redraw the map."""
        for toggle in self.toggles:
            toggle.button_style = "danger" if toggle.value else ""
        firing = self.network.firing(self.x)
        self.firing = firing
        self.summary.value = " &rarr; ".join(
            f"<b>{label}</b>: {', '.join(names) if names else 'none'}"
            for label, names in firing.items()
        ) + " fire"
        fig, ax = plt.subplots(figsize=(7, 4.2))
        plots.draw_network(self.network, self.x, ax=ax)
        self.picture.value = plots.figure_to_png(fig)


class SSEExplorer(w.VBox):
    """Move one weight of a neuron and watch its SSE: a staircase for a threshold
    neuron, a smooth valley for a sigmoid neuron, with the slope at the current point.
    """

    def __init__(self, X, y, weights, m, index=0, w_range=(-3.0, 5.0), name=None):
        self.X, self.y = np.asarray(X, float), np.asarray(y, float)
        self.weights, self.m, self.index = np.asarray(weights, float), float(m), int(index)
        self.w_range, self.name = w_range, name or f"w{index + 1}"
        self.slider = w.FloatSlider(value=float(self.weights[self.index]), min=w_range[0],
                                    max=w_range[1], step=0.05, description=self.name,
                                    continuous_update=True, layout=w.Layout(width="420px"))
        self.slider.observe(lambda _: self.update(), names="value")
        self.picture = w.Image(format="png", layout=w.Layout(width="760px"))
        self.summary = w.HTML()
        super().__init__([self.slider, self.summary, self.picture])
        self.update()

    def update(self) -> None:
        from .functions import sigmoid, step

        value = self.slider.value
        fig, axes = plt.subplots(1, 2, figsize=(10, 3.4))
        _, self.slope = plots.plot_sse_vs_weight(self.X, self.y, self.weights, self.m, self.index,
                                                 value, axes=axes, w_range=self.w_range,
                                                 name=self.name)
        self.picture.value = plots.figure_to_png(fig)
        self.sse_step = float(plots.sse_along_weight(self.X, self.y, self.weights, self.m,
                                                     self.index, [value], step)[0])
        self.sse_sigmoid = float(plots.sse_along_weight(self.X, self.y, self.weights, self.m,
                                                        self.index, [value], sigmoid)[0])
        if abs(self.slope) < 5e-4:
            advice = "the slope is 0: this is the bottom of the valley."
        else:
            downhill = "increase" if self.slope < 0 else "decrease"
            advice = f"the slope is {self.slope:+.3f}, so to lower the SSE, {downhill} {self.name}."
        self.summary.value = (
            f"{self.name} = {value:.2f}: SSE of the threshold neuron <b>{self.sse_step:g}</b>, "
            f"of the sigmoid neuron <b>{self.sse_sigmoid:.3f}</b>; for the sigmoid neuron {advice}"
        )


class DescentExplorer(w.VBox):
    """Gradient descent on one weight, with the learning rate on a slider."""

    def __init__(self, X, y, weights, m, index=0, start=3.0, lr=1.0, steps=20, name=None):
        self.args = (np.asarray(X, float), np.asarray(y, float), np.asarray(weights, float),
                     float(m), int(index))
        self.start, self.steps, self.name = start, steps, name or f"w{index + 1}"
        self.slider = w.FloatLogSlider(value=lr, base=10, min=-1.5, max=2.5, step=0.05,
                                       description="lr", readout_format=".3g",
                                       continuous_update=False, layout=w.Layout(width="420px"))
        self.slider.observe(lambda _: self.update(), names="value")
        self.picture = w.Image(format="png", layout=w.Layout(width="480px"))
        super().__init__([self.slider, self.picture])
        self.update()

    def update(self) -> None:
        fig, ax = plt.subplots(figsize=(5.5, 3.4))
        _, self.path = plots.plot_descent_path(*self.args, self.start, self.slider.value,
                                               self.steps, ax=ax, name=self.name)
        self.picture.value = plots.figure_to_png(fig)


class LearningRateExplorer(w.VBox):
    """Train one model again for every learning rate on a slider, and plot its loss per epoch."""

    def __init__(self, make_model, X, y, *, epochs=100, batch_size=None, lr=1.0,
                 lr_range=(-3, 3), seed=0):
        from .train import fit

        self._fit, self.make_model = fit, make_model
        self.X, self.y, self.epochs, self.seed = X, y, epochs, seed
        self.batch_size = batch_size or len(X)
        self.slider = w.FloatLogSlider(value=lr, base=10, min=lr_range[0], max=lr_range[1],
                                       step=0.1, description="lr", readout_format=".3g",
                                       continuous_update=False, layout=w.Layout(width="420px"))
        self.slider.observe(lambda _: self.update(), names="value")
        self.picture = w.Image(format="png", layout=w.Layout(width="560px"))
        self.summary = w.HTML()
        super().__init__([self.slider, self.summary, self.picture])
        self.update()

    def update(self) -> None:
        model = self.make_model()
        lr = self.slider.value
        try:
            with np.errstate(all="ignore"):
                history = self._fit(model, self.X, self.y, epochs=self.epochs,
                                    batch_size=self.batch_size, lr=lr, seed=self.seed,
                                    progress=False)
            losses, verdict = history.loss, None
        except FloatingPointError:
            losses, verdict = [], "diverged: the loss grew until it overflowed"
        self.history = None if verdict else history
        fig, ax = plt.subplots(figsize=(7, 3.2))
        if losses:
            ax.plot(range(1, len(losses) + 1), losses, color=plots.ACTIVE, linewidth=2)
        ax.set(xlabel="epoch", ylabel="loss per example", title=f"lr = {lr:.3g}")
        ax.set_yscale("log")
        ax.spines[["top", "right"]].set_visible(False)
        self.picture.value = plots.figure_to_png(fig)
        if verdict:
            self.summary.value = f"lr = {lr:.3g}: <b>{verdict}</b>."
        else:
            accuracy = model.score(self.X, self.y)
            self.summary.value = (f"lr = {lr:.3g}: loss {losses[0]:.4f} &rarr; {losses[-1]:.4f} "
                                  f"after {self.epochs} epochs; accuracy {accuracy:.0%}")


def network_explorer(network: ThresholdNetwork, x=None, neuron: str | None = None) -> NetworkExplorer:
    """Input toggles and one neuron's sliders for a threshold network, with a live map."""
    return NetworkExplorer(network, x, neuron)


def neuron_explorer(neuron: ThresholdNeuron) -> NeuronExplorer:
    """Sliders and text boxes for a neuron's weights and m, with a live truth table."""
    return NeuronExplorer(neuron)


class DrawingPad(w.VBox):
    """Draw a digit with the mouse (or a finger) and watch a network read it as you go.

    The strokes are kept in Python, from the mouse events, and turned into pixels
    with Pillow (never read back from the browser canvas, which some front ends
    cannot do). After every stroke the digit is prepared as MNIST's digits were
    (annlib.images.to_mnist) and, if a model is given, its answer appears with a
    bar chart of the ten probabilities and the 28 x 28 image it actually sees.
    """

    SIZE = 280  # canvas pixels: 10 x MNIST's 28
    PEN = 22  # pen width in canvas pixels, about MNIST's stroke width after scaling

    def __init__(self, model=None, size: int = SIZE, pen: int = PEN):
        from ipycanvas import Canvas

        self.model, self.size, self.pen = model, int(size), int(pen)
        self.strokes: list[list[tuple[float, float]]] = []
        self._drawing = False
        self.canvas = Canvas(width=self.size, height=self.size,
                             layout=w.Layout(width=f"{self.size}px", height=f"{self.size}px",
                                             border="1px solid #888"))
        self.canvas.on_mouse_down(self._start)
        self.canvas.on_mouse_move(self._extend)
        self.canvas.on_mouse_up(self._finish)
        self.canvas.on_mouse_out(self._finish)
        self.canvas.on_touch_start(lambda touches: self._start(*touches[0]))
        self.canvas.on_touch_move(lambda touches: self._extend(*touches[0]))
        self.canvas.on_touch_end(lambda touches: self._finish())
        self.clear_button = w.Button(description="Clear", icon="trash")
        self.undo_button = w.Button(description="Undo", icon="undo")
        self.clear_button.on_click(lambda _: self.clear())
        self.undo_button.on_click(lambda _: self.undo())
        self.answer = w.HTML()
        self.seen = w.Image(format="png", layout=w.Layout(width="140px", height="140px"))
        self.chart = w.Image(format="png", layout=w.Layout(width="360px"))
        self.digit = None  # the 28 x 28 MNIST-style digit, once there is one
        self.probabilities = None
        right = w.VBox([self.answer, w.HBox([self.seen, self.chart])])
        super().__init__([w.HBox([w.VBox([self.canvas, w.HBox([self.clear_button, self.undo_button])]),
                                  right])])
        self._redraw()
        self.update()

    # ---- mouse and touch -----------------------------------------------------

    def _start(self, x, y):
        self._drawing = True
        self.strokes.append([(float(x), float(y))])
        self._dot(x, y)

    def _extend(self, x, y):
        if not self._drawing:
            return
        x0, y0 = self.strokes[-1][-1]
        self.strokes[-1].append((float(x), float(y)))
        self._segment(x0, y0, x, y)

    def _finish(self, *_):
        if self._drawing:
            self._drawing = False
            self.update()

    def draw(self, points) -> None:
        """Draw one stroke through ``points`` [(x, y), ...], as the mouse would."""
        points = list(points)
        if not points:
            return
        self._start(*points[0])
        for x, y in points[1:]:
            self._extend(x, y)
        self._finish()

    def clear(self) -> None:
        self.strokes = []
        self._redraw()
        self.update()

    def undo(self) -> None:
        if self.strokes:
            self.strokes.pop()
        self._redraw()
        self.update()

    # ---- drawing on the canvas (what the learner sees) -------------------------

    def _style(self):
        self.canvas.stroke_style = "white"
        self.canvas.fill_style = "white"
        self.canvas.line_width = self.pen
        self.canvas.line_cap = "round"
        self.canvas.line_join = "round"

    def _dot(self, x, y):
        self._style()
        self.canvas.fill_circle(x, y, self.pen / 2)

    def _segment(self, x0, y0, x1, y1):
        self._style()
        self.canvas.stroke_line(x0, y0, x1, y1)

    def _redraw(self):
        from ipycanvas import hold_canvas

        with hold_canvas():
            self.canvas.clear()
            self.canvas.fill_style = "black"
            self.canvas.fill_rect(0, 0, self.size, self.size)
            for stroke in self.strokes:
                self._dot(*stroke[0])
                for (x0, y0), (x1, y1) in zip(stroke, stroke[1:]):
                    self._segment(x0, y0, x1, y1)

    # ---- the pixels, and the network's answer ----------------------------------

    def pixels(self) -> np.ndarray:
        """The drawing as a size x size array: 0 background, 1 ink (from the strokes)."""
        from .images import render_strokes

        return render_strokes(self.strokes, self.size, self.pen)

    def update(self) -> None:
        """Prepare the drawing as an MNIST digit and show what the model reads."""
        from .images import EmptyImageError, to_mnist

        try:
            self.digit = to_mnist(self.pixels(), polarity="light")
        except EmptyImageError:
            self.digit, self.probabilities = None, None
            self.answer.value = "<b>Draw a digit in the black square</b> (hold the mouse button down)."
            self.seen.value, self.chart.value = b"", b""
            return
        fig, ax = plt.subplots(figsize=(1.6, 1.6))
        ax.imshow(self.digit, cmap="gray", vmin=0, vmax=1)
        ax.set_title("what it sees", fontsize=9)
        ax.axis("off")
        self.seen.value = plots.figure_to_png(fig)
        if self.model is None:
            self.answer.value = "Digit ready (no network given to read it)."
            self.chart.value = b""
            return
        self.probabilities = self.model.predict_proba(self.digit.reshape(1, -1))[0]
        best = int(np.argmax(self.probabilities))
        self.answer.value = (f"<span style='font-size:1.6em'>I read: <b>{best}</b></span> "
                             f"({self.probabilities[best]:.0%} sure)")
        fig, ax = plt.subplots(figsize=(4, 2.2))
        ax.bar(range(10), self.probabilities,
               color=[plots.ACTIVE if d == best else plots.QUIET for d in range(10)])
        ax.set_xticks(range(10))
        ax.set_ylim(0, 1)
        ax.set_ylabel("probability")
        ax.spines[["top", "right"]].set_visible(False)
        self.chart.value = plots.figure_to_png(fig)

    @property
    def prediction(self):
        """The digit the model reads, or None when there is nothing to read."""
        return None if self.probabilities is None else int(np.argmax(self.probabilities))


class PhotoReader(w.VBox):
    """Upload a photo of handwritten digits (dark ink on light paper) and read the number."""

    def __init__(self, model):
        self.model = model
        self.upload = w.FileUpload(accept="image/*", multiple=False, description="Photo")
        self.upload.observe(lambda _: self.update(), names="value")
        self.answer = w.HTML("Upload a photo of a number written on paper.")
        self.picture = w.Image(format="png", layout=w.Layout(max_width="720px"))
        self.number = None
        super().__init__([self.upload, self.answer, self.picture])

    def read_bytes(self, content: bytes) -> None:
        """Read the number in an image file's bytes (what the upload button delivers)."""
        import io

        from PIL import Image, UnidentifiedImageError

        from .images import EmptyImageError
        from .models import read_number

        try:
            image = Image.open(io.BytesIO(bytes(content)))
            image.load()
        except (UnidentifiedImageError, OSError):
            self.number = None
            self.answer.value = "<b>That file is not an image annlib can open</b> (try a PNG or JPEG)."
            self.picture.value = b""
            return
        image.thumbnail((800, 800))  # big photos: plenty of detail, a fraction of the work
        try:
            self.number, digits, confidence = read_number(self.model, image)
        except EmptyImageError:
            self.number = None
            self.answer.value = ("<b>No digits found.</b> Use a photo of dark digits on light paper, "
                                 "with some space between the digits.")
            self.picture.value = b""
            return
        self.answer.value = f"<span style='font-size:1.6em'>I read: <b>{self.number}</b></span>"
        fig, axes = plt.subplots(1, len(digits), figsize=(1.3 * len(digits), 1.6), squeeze=False)
        plots.plot_digits(np.stack(digits), titles=[f"{d} ({c:.0%})" for d, c in
                                                    zip(self.number, confidence)],
                          axes=axes[0], n_cols=len(digits))
        self.picture.value = plots.figure_to_png(fig)

    def update(self) -> None:
        files = self.upload.value
        if files:
            self.read_bytes(files[0]["content"])


class DigitCollector(w.VBox):
    """Draw your own digits, label them and keep them, to test and teach the network.

    Draw a digit, pick its label, press "Keep". The table shows how many of each
    you have kept; Save writes them to a file (annlib.models.save_digits).
    """

    def __init__(self, path="my_digits.npz", model=None):
        self.path = path
        self.pad = DrawingPad(model=model)
        self.label = w.ToggleButtons(options=list(range(10)), description="This is a",
                                     style={"button_width": "32px"})
        self.keep_button = w.Button(description="Keep", icon="plus", button_style="success")
        self.save_button = w.Button(description="Save", icon="save")
        self.status = w.HTML()
        self.keep_button.on_click(lambda _: self.keep())
        self.save_button.on_click(lambda _: self.save())
        self.X, self.y = [], []
        super().__init__([self.pad, self.label, w.HBox([self.keep_button, self.save_button]),
                          self.status])
        self._show_counts()

    def keep(self) -> bool:
        """Keep the pad's digit with the chosen label, then clear the pad for the next one."""
        if self.pad.digit is None:
            self.status.value = "<b>Draw a digit first</b>, then press Keep."
            return False
        self.X.append(self.pad.digit.ravel().copy())
        self.y.append(int(self.label.value))
        self.pad.clear()
        self._show_counts()
        return True

    def save(self):
        from .models import save_digits

        if not self.X:
            self.status.value = "<b>Nothing to save yet</b>: keep some digits first."
            return None
        path = save_digits(self.path, np.stack(self.X), np.array(self.y))
        self.status.value = f"Saved {len(self.X)} digits to {path}."
        return path

    def _show_counts(self):
        counts = np.bincount(np.array(self.y, dtype=np.int64), minlength=10) if self.y else np.zeros(10, int)
        cells = "".join(f"<td style='padding:2px 8px;text-align:center'>{c}</td>" for c in counts)
        head = "".join(f"<th style='padding:2px 8px'>{d}</th>" for d in range(10))
        self.status.value = (f"<table><tr><th>digit</th>{head}</tr><tr><th>kept</th>{cells}</tr>"
                             f"</table>{len(self.X)} kept so far (aim for about 5 of each).")
