"""Inside a trained network (notebook 10): what one hidden neuron responds to, what breaks
when neurons are knocked out, and a drawing pad beside a view of the network lit by the
drawing.
"""

from __future__ import annotations

from typing import ClassVar

import ipywidgets as w
import numpy as np

from .. import _validate, plots
from ..lab import hidden_neurons as inside
from ..lab import tables
from ..metrics import contingency_table
from ._explorer import Explorer
from ._svgview import SvgView
from .pad import DrawingPad, checked_reader

MAX_SHOWN = 30  # the most examples NeuronInspector shows in its row of digits


def _digit_mlp(model, who: str):
    """A trained MLP that reads digits (784 pixels in, 10 answers out), with a hidden layer."""
    return inside._mlp(checked_reader(model, who), who, hidden=True)


def _digits(model, X, who: str, name: str = "X"):
    """The digits X as rows of 784 pixels from 0 to 1 (as the network read in training)."""
    try:
        X, _ = model.check_inputs(X)
    except (ValueError, TypeError) as error:  # (its message speaks of X)
        raise type(error)(str(error) if name == "X" else f"{name}: {error}") from None
    if len(X) == 0:
        raise ValueError(f"{who} needs some digits to look at; {name} is empty.")
    low, high = float(X.min()), float(X.max())
    if low < 0 or high > 1:
        hint = " Divide pixels of 0 to 255 by 255." if low >= 0 and high <= 255 else ""
        raise ValueError(
            f"{who}: the pixels of {name} must be numbers from 0 (background) to 1 (full ink), "
            f"as the network's digits were; these go from {low:g} to {high:g}.{hint}"
        )
    return X


def _examples(model, X, y, who: str):
    X = _digits(model, X, who)
    return X, model.true_labels(y, len(X))


def _is_relu(model) -> bool:
    """Whether "on" means something: a ReLU neuron sends exactly 0 when it is off."""
    return model.activation.name == "relu"


def _off_is_zero(model) -> bool:
    """Whether a hidden neuron sends exactly 0 when it is off (ReLU and step neurons do;
    sigmoid, tanh and the rest send some other value even when they are quiet)."""
    return model.activation.name in ("relu", "step")


def _goes_negative(model) -> bool:
    """Whether a hidden neuron's output can be negative (tanh, identity): then a low,
    negative output is as strong a response as a high one."""
    return model.activation.reaches[0] < 0


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
        k = _validate.whole_number(
            k, "k (how many examples to show)", minimum=1, maximum=MAX_SHOWN, example="8"
        )
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
        self.dead = self._dead(a)
        self.favourite = None if self.dead else int(np.nanargmax(self.per_digit))
        where = f"Layer {self.layer.value}, neuron {self.neuron.value}"
        if self.dead:
            self.text.value = f"{where}: {self.dead} for these {len(a):,} digits (dead)."
            return
        if _goes_negative(self.model):
            self.text.value = (
                f"{where}: its output is highest on average for the digit "
                f"<b>{self.favourite}</b>, lowest for the digit "
                f"<b>{int(np.nanargmin(self.per_digit))}</b> (a {self.model.activation.name} "
                "neuron answers with negative outputs too)."
            )
            return
        on = ""
        if _off_is_zero(self.model):
            on = f"on for {np.mean(a > 0):.0%} of the {len(a):,} digits; "
        self.text.value = (
            f"{where}: {on}most active on average for the digit <b>{self.favourite}</b>."
        )

    def _dead(self, a: np.ndarray) -> str | None:
        """How the neuron responds to none of the digits (a few words), or None if it does:
        a ReLU or step neuron that is never on, or any neuron whose output never changes
        (a sigmoid or tanh neuron stuck at one value)."""
        if _off_is_zero(self.model) and not np.any(a > 0):
            return "never active"
        if np.all(a == a[0]):
            return f"always {a[0]:.3g}"
        return None

    def plot(self):
        shown = "give its highest output" if _goes_negative(self.model) else "drive it hardest"
        return plots.plot_neuron(
            self.X[self.top],
            self.values,
            self.average,
            self.per_digit,
            title=f"layer {self.layer.value}, neuron {self.neuron.value}: the {self.k} digits "
            f"that {shown} (with its activation)",
            average_of=self.average_of,
        )

    def describe(self) -> str:
        if self.dead:
            likes = f"{self.dead} (dead)"
        elif _goes_negative(self.model):
            likes = f"highest output for the digit {self.favourite}"
        else:
            likes = f"most active for the digit {self.favourite}"
        return f"layer {self.layer.value}, neuron {self.neuron.value}, {likes}"


class KnockOutExplorer(Explorer):
    """Knock neurons of a hidden layer out and watch what breaks, on the examples X, y.

    ``count`` neurons go (0 to all of the layer): random ones (a fixed random order per layer,
    so that a larger count knocks out the same neurons and more) or the most active ones
    (ranked by the mean size of their activation over ``X_rank``, digits the network trained
    on, not the ones it is scored on; for tanh a negative output counts as activity too).
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
        X_rank = _digits(self.model, X_rank, "KnockOutExplorer", "X_rank")
        layer = inside._hidden_layer(self.model, layer)
        if not isinstance(which, str) or which not in ("random", "most active"):
            raise ValueError(f'which must be "random" or "most active"; got {which!r}.')
        n = self.model.sizes[layer]
        count = _validate.whole_number(
            count,
            f"count (how many of the {n} neurons of layer {layer} to knock out)",
            minimum=0,
            maximum=n,
            example=f"{n // 2}",
        )
        hidden = range(1, self.model.n_layers)
        A = inside.activations(self.model, X_rank)[:-1]  # one pass for every layer
        if _goes_negative(self.model):  # a tanh neuron near -1 is as active as one near 1
            A = [np.abs(a) for a in A]
        self.ranking = {l: np.argsort(-A[l - 1].mean(axis=0), kind="stable") for l in hidden}
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
        self.count.value = count
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
    and up to three strongest paths (annlib.lab.hidden_neurons.strongest_paths) to the answer. It
    updates after every stroke, as the pad does. Any trained MLP that reads digits will do:
    notebook 05's network, or the one you fine-tuned on your handwriting in notebook 13.
    """

    to_use = "draw a digit and watch the network light up"
    PATHS = 3

    def __init__(self, model, size: int = DrawingPad.SIZE, pen: int = DrawingPad.PEN):
        _digit_mlp(model, "NetworkPad")
        self.view = SvgView(layout=w.Layout(width="760px"))
        self.hidden = None
        super().__init__(model, size=size, pen=pen)

    def _children(self):
        # the view shows what the network sees and its probabilities: not twice
        pad = w.VBox([self.canvas, w.HBox([self.clear_button, self.undo_button])])
        return [w.HBox([pad, self.answer]), self.view]

    def compute(self) -> None:
        super().compute()
        self.hidden, self.chains = None, []
        if self.probabilities is None:  # nothing drawn, or the network could not read it
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
