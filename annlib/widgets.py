"""Interactive explorers for JupyterLab (ipywidgets).

Each explorer keeps its state in Python (the current neuron, its truth table)
and draws into plain Image and HTML widgets, so it behaves the same in
JupyterLab, in Binder and in a test with no browser at all.
"""

from __future__ import annotations

import ipywidgets as w
import matplotlib.pyplot as plt

from . import plots, tables
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
        self.weight_sliders, self.weight_boxes = [], []
        rows = []
        for name, weight in zip(neuron.inputs, neuron.w):
            slider, box = _slider_with_box(f"w_{name}", float(weight), WEIGHT_RANGE)
            self.weight_sliders.append(slider)
            self.weight_boxes.append(box)
            rows.append(w.HBox([slider, box]))
        self.m_slider, self.m_box = _slider_with_box("m", neuron.m, M_RANGE)
        rows.append(w.HBox([self.m_slider, self.m_box]))
        self.reset_button = w.Button(description=f"Reset to {neuron.name}", icon="undo")
        self.reset_button.on_click(lambda _: self.reset())
        rows.append(self.reset_button)

        self.picture = w.Image(format="png", layout=w.Layout(width="330px"))
        self.summary = w.HTML()
        self.table_html = w.HTML(layout=w.Layout(max_height="430px", overflow="auto"))
        controls = w.VBox([w.HTML("<b>Weights and m</b> (drag, or type a value)"), *rows])
        super().__init__([
            w.HBox([controls, self.picture]),
            self.summary,
            self.table_html,
        ])
        for control in [*self.weight_sliders, self.m_slider]:
            control.observe(self._on_change, names="value")
        self.update()

    @property
    def neuron(self) -> ThresholdNeuron:
        """The neuron the controls describe right now."""
        return ThresholdNeuron([s.value for s in self.weight_sliders], self.m_slider.value,
                               inputs=self.start.inputs, name=self.start.name)

    def reset(self) -> None:
        """Put every control back to the neuron the explorer started with."""
        self._paused = True  # one redraw at the end, not one per control
        try:
            for slider, weight in zip(self.weight_sliders, self.start.w):
                slider.value = float(weight)
            self.m_slider.value = self.start.m
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


def neuron_explorer(neuron: ThresholdNeuron) -> NeuronExplorer:
    """Sliders and text boxes for a neuron's weights and m, with a live truth table."""
    return NeuronExplorer(neuron)
