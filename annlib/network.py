"""Threshold neurons in layers: the activation map of the source article.

A network passes the pattern of firing neurons from layer to layer (annlib.layer):
the neurons that fire in one layer send their signals to the next.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass

import numpy as np
import pandas as pd

from . import _validate
from .layer import ThresholdLayer
from .neuron import ThresholdNeuron, all_patterns


@dataclass
class Pass:
    """What happens when one pattern (or a batch) goes through a network.

    activations[0] is the input (1 = fires); activations[l] says which neurons
    of layer l fire; signals[l - 1] holds the signals they received.
    """

    activations: list
    signals: list


class ThresholdNetwork:
    """Threshold layers one after another: each layer listens to the one before.

    Parameters
    ----------
    layers : ThresholdLayers; the first listens to the network's inputs, each
        next one to the neurons of the layer before (by name).
    input_label : what to call the input column in pictures, e.g. "layer 1".
    """

    def __init__(self, layers, *, input_label: str = "input"):
        if isinstance(layers, (ThresholdLayer, set, dict)) or not hasattr(layers, "__iter__"):
            raise TypeError(
                f"a ThresholdNetwork needs a list of ThresholdLayers, such as [layer1, layer2]; "
                f"got {type(layers).__name__}."
            )
        layers = list(layers)
        if not layers or not all(isinstance(layer, ThresholdLayer) for layer in layers):
            raise TypeError("a ThresholdNetwork needs a list of ThresholdLayers.")
        for before, after in itertools.pairwise(layers):
            if after.inputs != before.names:
                raise ValueError(
                    f"{after.name} listens to {list(after.inputs)}, but the layer before it, "
                    f"{before.name}, has the neurons {list(before.names)}: they must match, "
                    "in the same order."
                )
        everyone = [*layers[0].inputs, *(n for layer in layers for n in layer.names)]
        repeated = sorted({n for n in everyone if everyone.count(n) > 1})
        if repeated:
            raise ValueError(f"every input and neuron needs its own name; {repeated} appear twice.")
        self.layers = layers
        self.input_label = input_label

    @property
    def inputs(self) -> tuple[str, ...]:
        return self.layers[0].inputs

    def layer_of(self, name: str) -> ThresholdLayer:
        """The layer that holds the neuron called ``name``."""
        for layer in self.layers:
            if name in layer.names:
                return layer
        raise KeyError(
            f"the network has no neuron {name!r}; its neurons are "
            f"{[n for layer in self.layers for n in layer.names]}."
        )

    def neuron(self, name: str) -> ThresholdNeuron:
        """One neuron of the network, as a stand-alone ThresholdNeuron."""
        return self.layer_of(name).neuron(name)

    def forward(self, x) -> Pass:
        """Send one pattern (or a batch) through every layer."""
        x_batch, single = _validate.patterns(x, len(self.inputs), "this network", self.inputs)
        activations, signals = [x_batch], []  # inputs pass as they are: 0/1, or any signal strength
        for layer in self.layers:
            s, a = layer.forward(activations[-1])
            signals.append(s)
            activations.append(a)
        if single:
            activations = [a[0] for a in activations]
            signals = [s[0] for s in signals]
        return Pass(activations, signals)

    def fires(self, x):
        """Which neurons of the last layer fire."""
        return self.forward(x).activations[-1]

    def firing(self, x) -> dict[str, list[str]]:
        """For one pattern: the names of the neurons that fire, layer by layer."""
        result = self.forward(x)
        if np.ndim(result.activations[0]) != 1:
            raise ValueError(
                "firing() describes one input pattern at a time; use forward() for a batch."
            )
        names = [self.inputs, *(layer.names for layer in self.layers)]
        labels = [self.input_label, *(layer.name for layer in self.layers)]
        return {
            label: [n for n, on in zip(layer_names, a) if on]
            for label, layer_names, a in zip(labels, names, result.activations)
        }

    def replace(self, neuron: ThresholdNeuron) -> ThresholdNetwork:
        """A copy of the network with one neuron (found by name) given new weights and m."""
        if not isinstance(neuron, ThresholdNeuron):
            raise TypeError(
                "replace needs a ThresholdNeuron with the name of the neuron to replace, such as "
                f"ThresholdNeuron([0, 0, 1, 2, -1], m=2, inputs='ABCDE', name='G'); got {neuron!r}."
            )
        layer = self.layer_of(neuron.name)
        neurons = [neuron if n.name == neuron.name else n for n in layer.neurons]
        new = ThresholdLayer.from_neurons(neurons, layer.inputs, name=layer.name)
        return ThresholdNetwork(
            [new if l is layer else l for l in self.layers], input_label=self.input_label
        )

    def truth_table(self) -> pd.DataFrame:
        """Every input pattern and whether each neuron of the network fires."""
        x = all_patterns(len(self.inputs), "this network")
        result = self.forward(x)
        table = pd.DataFrame(x, columns=list(self.inputs))
        for layer, a in zip(self.layers, result.activations[1:]):
            for j, name in enumerate(layer.names):
                table[name] = a[:, j].astype(np.int64)
        return table

    def __repr__(self) -> str:
        shape = " -> ".join(
            [
                f"{self.input_label}({''.join(self.inputs)})",
                *(f"{l.name}({''.join(l.names)})" for l in self.layers),
            ]
        )
        return f"ThresholdNetwork({shape})"
