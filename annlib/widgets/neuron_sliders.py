"""Explorers of threshold neurons: one neuron's weights and m on sliders (notebook 01), and a
network whose inputs you toggle and whose neurons you tune (notebook 02).
"""

from __future__ import annotations

from typing import ClassVar

import ipywidgets as w
import numpy as np

from .. import plots
from ..lab import tables
from ..network import ThresholdNetwork
from ..neuron import ThresholdNeuron, truth_table
from ._explorer import Explorer, page_control
from ._sliders import ExactBox, ExactSlider

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
    slider = ExactSlider(
        value=value,
        min=low,
        max=high,
        step=STEP,
        description=description,
        continuous_update=True,
        readout=False,
        layout=w.Layout(width="260px"),
        style={"description_width": "40px"},
    )
    box = ExactBox(value=value, min=low, max=high, step=0.1, layout=w.Layout(width="80px"))
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

    def neuron(self, slider=None, value=None) -> ThresholdNeuron:
        """The neuron the controls show right now (with ``slider`` at ``value``, if given)."""
        values = {s: (value if s is slider else s.value) for s in self.sliders}
        return ThresholdNeuron(
            [values[s] for s in self.weight_sliders],
            values[self.m_slider],
            inputs=self.inputs,
            name=self.neuron_name,
        )

    def set(self, neuron: ThresholdNeuron) -> None:
        """Move every control to ``neuron``'s weights and m."""
        for slider, weight in zip(self.weight_sliders, neuron.w):
            slider.value = float(weight)
        self.m_slider.value = neuron.m


def _numbers(values) -> str:
    return ", ".join(f"{v:g}" for v in values)


def _firing_line(firing: dict, bold: bool = False) -> str:
    """Who fires, layer by layer: "layer 1: A, B -> layer 2: E -> output: 6 fire"."""
    label = (lambda text: f"<b>{text}</b>") if bold else str
    return (
        " \u2192 ".join(
            f"{label(layer)}: {', '.join(names) if names else 'none'}"
            for layer, names in firing.items()
        )
        + " fire"
    )


class NeuronExplorer(Explorer):
    """Sliders and text boxes for a threshold neuron's weights and m, with live results.

    Moving a slider (or typing in a box) rebuilds the neuron and redraws its
    picture and its truth table, firing rows highlighted.

    >>> from annlib import neuron_g
    >>> explorer = NeuronExplorer(neuron_g())
    >>> explorer.m_slider.value = 3      # what dragging the m slider does
    >>> int(explorer.table.fires.sum())  # G now fires on fewer patterns
    4
    """

    picture_layout: ClassVar[dict | None] = {"width": "330px"}
    svg = True

    def __init__(self, neuron: ThresholdNeuron):
        if not isinstance(neuron, ThresholdNeuron):
            raise TypeError(f"NeuronExplorer needs a ThresholdNeuron; got {type(neuron).__name__}.")
        self.start = neuron
        self.controls = NeuronControls(neuron)
        self.weight_sliders = self.controls.weight_sliders
        self.weight_boxes = self.controls.weight_boxes
        self.m_slider, self.m_box = self.controls.m_slider, self.controls.m_box
        self.reset_button = w.Button(description=f"Reset to {neuron.name}", icon="undo")
        self.reset_button.on_click(lambda _: self.reset())
        self.summary = w.HTML()
        self.table_html = w.HTML(layout=w.Layout(margin="0 0 0 16px"))
        self._watch(*self.controls.sliders)  # a typed value moves its slider too
        super().__init__()

    def _children(self):
        controls = w.VBox(
            [
                w.HTML("<b>Weights and m</b> (drag, or type a value)"),
                self.controls.box,
                self.reset_button,
            ]
        )
        # the truth table beside the controls and the picture: all 32 rows in view at once
        return [w.HBox([w.VBox([controls, self.picture]), w.VBox([self.summary, self.table_html])])]

    @property
    def neuron(self) -> ThresholdNeuron:
        """The neuron the controls describe right now."""
        return self.controls.neuron()

    def compute(self) -> None:
        """The truth table of the neuron the controls show."""
        neuron = self.neuron
        self.table = truth_table(neuron)
        self.summary.value = (
            f"<b>{neuron.name} {self._fires_on()}</b> "
            f"(highlighted rows): weights {_numbers(neuron.w)}; m = {neuron.m:g}"
        )
        self.table_html.value = tables.truth_table_html(self.table, compact=True)

    def _fires_on(self) -> str:
        return f"fires on {int(self.table.fires.sum())} of {len(self.table)} input patterns"

    def plot(self):
        return plots.svg_neuron(self.neuron)

    def followed(self) -> list:
        return self.controls.sliders

    def drawing_with(self, control, value):
        return plots.svg_neuron(self.controls.neuron(control, value))

    def page_controls(self) -> list:
        controls = super().page_controls()
        for control in controls:
            control.box = True  # as here: a number box beside each slider
        return controls

    def describe(self) -> str:
        neuron = self.neuron
        return (
            f"neuron {neuron.name} with w = [{_numbers(neuron.w)}], m = {neuron.m:g}; "
            f"it {self._fires_on()}"
        )


class NetworkExplorer(Explorer):
    """Toggle a network's inputs and tune one neuron; the activation map redraws live.

    Click an input's button to make it fire (the button turns red, with a bolt) or stay
    quiet; pick a neuron from the menu and move its weights and m. Reset brings back the
    network and the input pattern the explorer started with.
    """

    picture_layout: ClassVar[dict | None] = {"width": "560px"}
    svg = True
    to_use = "toggle the inputs and move the sliders"

    def __init__(self, network: ThresholdNetwork, x=None, neuron: str | None = None):
        if not isinstance(network, ThresholdNetwork):
            raise TypeError(
                f"NetworkExplorer needs a ThresholdNetwork; got {type(network).__name__}."
            )
        names = [n for layer in network.layers for n in layer.names]
        neuron = names[-1] if neuron is None else neuron
        if neuron not in names:
            raise ValueError(f"the network has no neuron {neuron!r}; choose one of {names}.")
        self.start, self.network = network, network
        self.start_x = (
            np.zeros(len(network.inputs), bool)
            if x is None
            else np.asarray(network.forward(x).activations[0], bool)
        )
        self.toggles = [
            w.ToggleButton(
                value=bool(v),
                description=name,
                tooltip=f"{name} fires",
                layout=w.Layout(width="60px"),
            )
            for name, v in zip(network.inputs, self.start_x)
        ]
        self.neuron_menu = w.Dropdown(
            options=names,
            value=neuron,
            description="tune neuron",
            style={"description_width": "80px"},
            layout=w.Layout(width="200px"),
        )
        self.neuron_menu.observe(lambda _: self._show_controls(), names="value")
        self.controls_box = w.VBox()
        self.reset_button = w.Button(description="Reset", icon="undo")
        self.reset_button.on_click(lambda _: self.reset())
        self.summary = w.HTML()
        self._watch(*self.toggles)
        self._show_controls()
        super().__init__()

    def _children(self):
        left = w.VBox(
            [
                w.HTML(f"<b>{self.network.input_label}</b>: click to make a neuron fire"),
                w.HBox(self.toggles),
                self.neuron_menu,
                self.controls_box,
                self.reset_button,
            ]
        )
        return [w.HBox([left, self.picture]), self.summary]

    @property
    def x(self) -> np.ndarray:
        """The input pattern the toggles show (1 = fires)."""
        return np.array([int(t.value) for t in self.toggles])

    def _show_controls(self) -> None:
        """Sliders for the neuron chosen in the menu."""
        self.controls = NeuronControls(self.network.neuron(self.neuron_menu.value))
        self.controls.observe(self._on_weights)
        self.controls_box.children = [self.controls.box]
        self._follow()  # the picture follows the new sliders (and forgets its frames)

    def _on_weights(self, change) -> None:
        if not self._held:
            self.network = self.network.replace(self.controls.neuron())
            self.update()
            self._draw_ahead(change["owner"])

    def followed(self) -> list:
        return [*self.toggles, *self.controls.sliders]

    def drawn_together(self, control) -> list:
        return self.toggles if control in self.toggles else [control]

    def drawing_with(self, control, value):
        if control in self.toggles:
            x = [value if t is control else t.value for t in self.toggles]
            return plots.svg_network(self.network, np.array(x, dtype=int))
        network = self.network.replace(self.controls.neuron(control, value))
        return plots.svg_network(network, self.x)

    def page_controls(self) -> list:
        """The input toggles, drawn ahead together (all their patterns); and the sliders
        of every neuron in the menu, each on its own."""
        controls = [page_control(t, 0, name=f"input {t.description}") for t in self.toggles]
        for name in self.neuron_menu.options:
            fresh = NeuronControls(self.start.neuron(name))  # its sliders as they start
            for k, slider in enumerate(fresh.sliders):
                control = page_control(
                    slider,
                    len(controls),
                    name=f"{slider.description} of {name}",
                    box=True,
                    menu=name,
                )
                control.move = lambda value, name=name, k=k: self._move(name, k, value)
                controls.append(control)
            fresh.box.close()
        return controls

    def _move(self, name: str, k: int, value: float) -> None:
        """Slider k of neuron ``name`` to ``value``, as a learner moves it: the menu first."""
        self.page_choose(name)
        self.controls.sliders[k].value = value

    def page_menu(self) -> dict:
        menu = self.neuron_menu
        return {"label": menu.description, "options": list(menu.options), "at": menu.index}

    def page_choose(self, option: str) -> None:
        self.neuron_menu.value = option

    def _restore(self) -> None:
        """Back to the starting network and input pattern."""
        self.picture.frames = {}  # first: frames of the edited network never show again
        super()._restore()
        self.network = self.start
        self._show_controls()

    def compute(self) -> None:
        """Send the current pattern through the network."""
        for toggle in self.toggles:
            toggle.button_style = "danger" if toggle.value else ""
            toggle.icon = "bolt" if toggle.value else ""  # firing shown by more than colour
        self.firing = self.network.firing(self.x)
        self.summary.value = _firing_line(self.firing, bold=True)

    def plot(self):
        return plots.svg_network(self.network, self.x)

    def describe(self) -> str:
        return _firing_line(self.firing)


def network_explorer(
    network: ThresholdNetwork, x=None, neuron: str | None = None
) -> NetworkExplorer:
    """Input toggles and one neuron's sliders for a threshold network, with a live map."""
    return NetworkExplorer(network, x, neuron)


def neuron_explorer(neuron: ThresholdNeuron) -> NeuronExplorer:
    """Sliders and text boxes for a neuron's weights and m, with a live truth table."""
    return NeuronExplorer(neuron)
