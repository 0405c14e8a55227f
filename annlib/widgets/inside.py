"""Inside a trained network (notebook 07): what one hidden neuron responds to, what breaks
when neurons are knocked out, and a drawing pad beside a view of the network lit by the
drawing.
"""

from __future__ import annotations

from typing import ClassVar

import ipywidgets as w
import numpy as np

from .. import _validate, inside, plots, tables
from ..metrics import contingency_table
from ..models import digit_model
from ._explorer import Explorer
from ._svgview import SvgView
from .pad import DrawingPad


def _digit_mlp(model, who: str):
    """A trained MLP that reads digits (784 pixels in, 10 answers out), with a hidden layer."""
    return inside._mlp(digit_model(model, who), who, hidden=True)


def _examples(model, X, y, who: str):
    X, _ = model.check_inputs(X)
    if len(X) == 0:
        raise ValueError(f"{who} needs some examples to look at; X is empty.")
    return X, model.true_labels(y, len(X))


def _is_relu(model) -> bool:
    """Whether "on" means something: a ReLU neuron sends exactly 0 when it is off."""
    return model.activation.name == "relu"


class NeuronInspector(Explorer):
    """Pick any neuron of any hidden layer: the examples of X that drive it hardest, the
    average of its ``average_of`` strongest examples, and its mean activation per digit."""

    picture_layout: ClassVar[dict | None] = {"width": "760px"}
    to_use = "pick a layer and a neuron"

    def __init__(self, model, X, y, layer: int = 1, neuron: int = 0, k: int = 8, average_of=50):
        self.model = _digit_mlp(model, "NeuronInspector")
        self.X, self.y = _examples(self.model, X, y, "NeuronInspector")
        layer = inside._hidden_layer(self.model, layer)
        n = self.model.sizes[layer]
        neuron = _validate.whole_number(
            neuron, "neuron", minimum=0, maximum=n - 1, example=f"0 (layer {layer}: 0 to {n - 1})"
        )
        k = _validate.whole_number(k, "k (how many examples to show)", minimum=1, example="8")
        average_of = _validate.whole_number(
            average_of, "average_of (how many strongest examples to average)", minimum=1
        )
        self.k, self.average_of = min(k, len(self.X)), min(average_of, len(self.X))
        self.A = inside.activations(self.model, self.X)[:-1]
        self.layer = w.IntSlider(
            value=layer,
            min=1,
            max=self.model.n_layers - 1,
            description="layer",
            continuous_update=False,
        )
        self.neuron = w.IntSlider(
            value=neuron, min=0, max=n - 1, description="neuron", continuous_update=False
        )
        self.layer.observe(self._new_layer, names="value")
        self._watch(self.layer, self.neuron)
        self.text = w.HTML()
        super().__init__()

    def _new_layer(self, change) -> None:
        """The neuron slider's range follows the layer (one redraw, by the layer's own watch)."""
        held, self._held = self._held, True
        try:
            self.neuron.max = self.model.sizes[change["new"]] - 1
        finally:
            self._held = held

    def _children(self):
        return [w.HBox([self.layer, self.neuron]), self.text, self.picture]

    def compute(self) -> None:
        a = self.A[self.layer.value - 1][:, self.neuron.value]
        order = np.argsort(-a, kind="stable")
        self.top = order[: self.k]
        self.values = a[self.top]
        self.average = self.X[order[: self.average_of]].mean(axis=0)
        self.per_digit = inside.by_digit(a[:, None], self.y)[:, 0]
        self.favourite = (
            int(np.nanargmax(self.per_digit)) if np.nanmax(self.per_digit) > 0 else None
        )
        where = f"Layer {self.layer.value}, neuron {self.neuron.value}"
        if self.favourite is None:
            self.text.value = f"{where}: never active for these {len(a):,} digits (dead)."
            return
        on = ""
        if _is_relu(self.model):
            on = f"on for {np.mean(a > 0):.0%} of the {len(a):,} digits; "
        self.text.value = (
            f"{where}: {on}most active on average for the digit <b>{self.favourite}</b>."
        )

    def plot(self):
        return plots.plot_neuron(
            self.X[self.top],
            self.values,
            self.average,
            self.per_digit,
            title=f"layer {self.layer.value}, neuron {self.neuron.value}: the {self.k} digits "
            "that drive it hardest (with its activation)",
            average_of=self.average_of,
        )

    def describe(self) -> str:
        likes = (
            "never active (dead)"
            if self.favourite is None
            else f"most active for the digit {self.favourite}"
        )
        return f"layer {self.layer.value}, neuron {self.neuron.value}, {likes}"


class KnockOutExplorer(Explorer):
    """Knock neurons of a hidden layer out and watch what breaks, on the examples X, y.

    ``count`` neurons go: random ones (a fixed random order per layer, so that a larger count
    knocks out the same neurons and more) or the most active ones (ranked by their mean
    activation over ``X_rank``, digits the network trained on, not the ones it is scored on).
    Shows the accuracy, each digit's accuracy before and after, and how the contingency table
    changed: where the digits it now misreads have gone.
    """

    picture_layout: ClassVar[dict | None] = {"max_width": "620px", "height": "auto"}
    to_use = "knock neurons out"

    def __init__(
        self, model, X, y, X_rank, layer: int = 1, count: int = 0, which="random", seed: int = 0
    ):
        self.model = _digit_mlp(model, "KnockOutExplorer")
        self.X, self.y = _examples(self.model, X, y, "KnockOutExplorer")
        X_rank, _ = self.model.check_inputs(X_rank)
        if len(X_rank) == 0:
            raise ValueError("KnockOutExplorer needs examples to rank the neurons by: X_rank.")
        layer = inside._hidden_layer(self.model, layer)
        if which not in ("random", "most active"):
            raise ValueError(f'which must be "random" or "most active"; got {which!r}.')
        hidden = range(1, self.model.n_layers)
        means = inside.activations(self.model, X_rank)[:-1]  # one pass for every layer
        self.ranking = {l: np.argsort(-means[l - 1].mean(axis=0), kind="stable") for l in hidden}
        rng = np.random.default_rng(_validate.whole_number(seed, "seed", minimum=0))
        self.shuffled = {l: rng.permutation(self.model.sizes[l]) for l in hidden}
        self.before = contingency_table(self.y, self.model.predict(self.X))
        self.accuracy_before = self.model.score(self.X, self.y)
        self.layer = w.ToggleButtons(
            options=list(hidden), value=layer, description="layer", style={"button_width": "40px"}
        )
        self.which = w.ToggleButtons(
            options=["random", "most active"], value=which, description="which"
        )
        self.count = w.IntSlider(description="knock out", continuous_update=False)
        self._fit_count(layer)
        self.count.value = _validate.whole_number(count, "count", minimum=0, example="100")
        self.layer.observe(lambda change: self._fit_count(change["new"]), names="value")
        self._watch(self.layer, self.which, self.count)
        self.text = w.HTML()
        self.changes = w.HTML()
        super().__init__()

    def _fit_count(self, layer: int) -> None:
        """The count slider runs from 0 to the layer's size (in steps of 10 for a big layer)."""
        n = self.model.sizes[layer]
        held, self._held = getattr(self, "_held", False), True
        try:
            self.count.step = 10 if n >= 100 else 1
            self.count.max = n
        finally:
            self._held = held

    def _children(self):
        return [
            self.layer,
            self.which,
            self.count,
            self.text,
            w.HBox([self.picture, self.changes]),
        ]

    def knocked(self) -> np.ndarray:
        """The neurons knocked out now."""
        layer = self.layer.value
        order = self.ranking[layer] if self.which.value == "most active" else self.shuffled[layer]
        return order[: min(self.count.value, len(order))]

    def compute(self) -> None:
        gone = self.knocked()
        weaker = inside.knocked_out(self.model, self.layer.value, gone)
        self.after = contingency_table(self.y, weaker.predict(self.X))
        self.accuracy_after = weaker.score(self.X, self.y)
        n = self.model.sizes[self.layer.value]
        self.text.value = (
            f"{len(gone)} of the {n} neurons of layer {self.layer.value} knocked out "
            f"({self.which.value}): accuracy {self.accuracy_before:.1%} → "
            f"<b>{self.accuracy_after:.1%}</b> on the {len(self.y):,} digits."
        )
        self.changes.value = tables.contingency_change_html(self.before, self.after)

    def plot(self):
        fig, ax = plots.new_figure((6, 2.8))
        plots.plot_digit_accuracy(
            self.before["accuracy %"] / 100, self.after["accuracy %"] / 100, ax=ax
        )
        return fig

    def describe(self) -> str:
        return (
            f"{len(self.knocked())} neurons of layer {self.layer.value} knocked out "
            f"({self.which.value}): accuracy {self.accuracy_before:.1%} -> "
            f"{self.accuracy_after:.1%}"
        )


class NetworkPad(DrawingPad):
    """The drawing pad, with a view of the network reading the drawing: the digit it sees,
    each hidden layer a grid of its neurons lit by their activation, the ten probabilities,
    and up to three strongest paths (annlib.inside.strongest_paths) to the answer. It
    updates after every stroke, as the pad does. Any trained MLP that reads digits will do:
    notebook 05's network, or the one you fine-tuned on your handwriting in notebook 09.
    """

    to_use = "draw a digit and watch the network light up"
    PATHS = 3

    def __init__(self, model, **pad):
        _digit_mlp(model, "NetworkPad")
        self.view = SvgView(layout=w.Layout(width="760px"))
        self.hidden = None
        super().__init__(model, **pad)

    def _children(self):
        # the view shows what the network sees and its probabilities: not twice
        pad = w.VBox([self.canvas, w.HBox([self.clear_button, self.undo_button])])
        return [w.HBox([pad, self.answer]), self.view]

    def compute(self) -> None:
        super().compute()
        self.hidden, self.chains = None, []
        if self.digit is None:
            return
        x = self.digit.reshape(1, -1)
        self.hidden = [a[0] for a in inside.activations(self.model, x)[:-1]]
        _, self.chains = inside.strongest_paths(self.model, x, n=self.PATHS)

    def plot(self):
        view = None
        if self.hidden is not None:
            view = plots.svg_network_view(
                self.hidden,
                self.probabilities,
                self.chains,
                answer=self.prediction,
                digit=self.digit,
                relu=_is_relu(self.model),
            )
        return {self.view: view}

    def snapshot(self) -> bytes | str:
        return self.view.svg or super().snapshot()

    def describe(self) -> str:
        text = super().describe()
        if self.hidden is None or not _is_relu(self.model):
            return text
        lit = ", ".join(
            f"layer {i}: {int(np.sum(h > 0))} of {len(h)} on" for i, h in enumerate(self.hidden, 1)
        )
        return f"{text}; {lit}"
