"""A layer of threshold neurons: the weight matrix W and the thresholds m.

A layer is a set of threshold neurons that all listen to the same inputs (the
neurons of the layer before). Writing each neuron's weights as one row, the
whole layer is a weight matrix W and a vector of minimum signal strengths m:

    signals  s = W x            (s_j = sum_i W[j, i] x_i, one signal per neuron)
    fires    a = (s >= m)       (the same rule as a single ThresholdNeuron)

The article's neuron G also listens to E, a neuron of its own layer. Such a
*lateral* connection is allowed from an earlier neuron of a layer to a later
one (E before G), so each layer is still worked out in one pass:

    s_j = sum_i W[j, i] x_i + sum_{i<j} L[j, i] a_i
"""

from __future__ import annotations

import numpy as np

from . import _validate
from .neuron import SIGNAL_DECIMALS, ThresholdNeuron, fires


class ThresholdLayer:
    """A layer of threshold neurons: weight matrix W (one row per neuron) and thresholds m.

    Parameters
    ----------
    W : (n_neurons, n_inputs) weights; W[j, i] is what neuron j gives input i.
    m : n_neurons minimum signal strengths (or one number for all).
    names : the neurons' names, e.g. "EFG".
    inputs : the names of the inputs (the neurons of the layer before), e.g. "ABCD".
    lateral : optional (n_neurons, n_neurons) weights from earlier neurons of this
        layer to later ones (only below the diagonal), e.g. E -> G in the article.
    connected : optional boolean mask of which inputs each neuron is connected
        to (same shape as W). By default a neuron is connected where its weight
        is not zero; a connection with weight 0 carries signals that are ignored.
    name : the layer's name in pictures and tables, e.g. "layer 2".
    """

    def __init__(
        self, W, m, *, names=None, inputs=None, lateral=None, connected=None, name: str = "layer"
    ):
        W = _validate.numeric_array(W, "W (the layer's weights)")
        if W.ndim != 2 or 0 in W.shape:
            raise ValueError(
                "W must be a table of weights with one row per neuron and one column per input, "
                f"e.g. [[1, 1, 0, 0], [0, 0, 1, 1]]; got an array of shape {W.shape}."
            )
        n_out, n_in = W.shape
        m = _validate.numeric_array(m, "m (the minimum signal strengths)")
        if m.ndim == 0:
            m = np.full(n_out, float(m))
        if m.shape != (n_out,):
            raise ValueError(
                f"this layer has {n_out} neurons, so m needs {n_out} numbers, one per neuron; "
                f"got shape {m.shape}."
            )
        if lateral is None:
            lateral = np.zeros((n_out, n_out))
        lateral = _validate.numeric_array(lateral, "lateral (weights within the layer)")
        if lateral.shape != (n_out, n_out):
            raise ValueError(
                f"lateral must be a square table of shape ({n_out}, {n_out}); got {lateral.shape}."
            )
        if np.any(np.triu(lateral) != 0):
            raise ValueError(
                "a neuron can only listen to neurons that come before it in its own layer: "
                "lateral[j, i] must be 0 unless i < j (put the sending neuron first)."
            )
        if connected is None:
            connected = W != 0
        connected = _validate.true_false_array(connected, "connected (which inputs are wired)")
        if connected.shape != W.shape:
            raise ValueError(
                f"connected must have the shape of W, {W.shape}; got {connected.shape}."
            )
        if np.any(W[~connected] != 0):
            raise ValueError(
                "a weight is set on a connection that does not exist (connected is False)."
            )
        self.W, self.m, self.L, self.connected = W, m, lateral, connected
        for array in (self.W, self.m, self.L, self.connected):
            array.setflags(write=False)
        self.names = _validate.names(names, n_out, "neurons", "n")
        self.inputs = _validate.names(inputs, n_in, "inputs", "x")
        clash = set(self.names) & set(self.inputs)
        if clash:
            raise ValueError(f"names {sorted(clash)} are used both for inputs and for neurons.")
        if not isinstance(name, str):
            raise TypeError(f"name must be a string such as 'layer 2'; got {name!r}.")
        self.name = name

    @classmethod
    def from_neurons(cls, neurons, inputs, *, name: str = "layer") -> ThresholdLayer:
        """Build a layer from ThresholdNeurons whose input names say who they listen to.

        Each neuron may listen to any of ``inputs`` and to neurons listed before it.
        Every input a neuron names counts as connected, even with weight 0.
        """
        if isinstance(neurons, ThresholdNeuron) or not isinstance(neurons, (list, tuple)):
            raise TypeError(
                "from_neurons needs a list of ThresholdNeurons, such as [E, F, G]; "
                f"got {neurons!r}."
            )
        neurons = list(neurons)
        if not neurons or not all(isinstance(n, ThresholdNeuron) for n in neurons):
            raise TypeError("from_neurons needs a list of ThresholdNeurons.")
        if isinstance(inputs, (set, dict)) or not hasattr(inputs, "__iter__"):
            raise TypeError(
                "inputs are the names of the layer's inputs, such as 'ABCD' or ['A', 'B']; "
                f"got {inputs!r}."
            )
        inputs = tuple(inputs)
        names = [n.name for n in neurons]
        W = np.zeros((len(neurons), len(inputs)))
        L = np.zeros((len(neurons), len(neurons)))
        connected = np.zeros_like(W, dtype=bool)
        for j, neuron in enumerate(neurons):
            for source, weight in zip(neuron.inputs, neuron.w):
                if source in inputs:
                    W[j, inputs.index(source)] = weight
                    connected[j, inputs.index(source)] = True
                elif source in names[:j]:
                    L[j, names.index(source)] = weight
                else:
                    where = "an earlier neuron of this layer" if source in names else "an input"
                    raise ValueError(
                        f"neuron {neuron.name} listens to {source!r}, which is not {where}: "
                        f"the inputs are {list(inputs)} and the neurons before it are {names[:j]}."
                    )
        m = [n.m for n in neurons]
        return cls(W, m, names=names, inputs=inputs, lateral=L, connected=connected, name=name)

    @property
    def n_inputs(self) -> int:
        return self.W.shape[1]

    @property
    def n_neurons(self) -> int:
        return self.W.shape[0]

    def connections(self) -> list[tuple[str, str, float]]:
        """Who sends to whom with which weight: (sender, receiver, w) for every connection.

        Neuron by neuron: first the inputs it is connected to (W[j, i], even when
        the weight is 0), then the earlier neurons of its own layer it listens to
        (L[j, i], lateral, where not 0). The one walk over a layer's wiring: the
        neurons, the pictures and the weights table all read it from here.
        """
        found = []
        for j, receiver in enumerate(self.names):
            found += [
                (sender, receiver, float(self.W[j, i]))
                for i, sender in enumerate(self.inputs)
                if self.connected[j, i]
            ]
            found += [
                (self.names[i], receiver, float(self.L[j, i]))
                for i in range(j)
                if self.L[j, i] != 0
            ]
        return found

    def neuron(self, name: str) -> ThresholdNeuron:
        """One neuron of the layer, as a ThresholdNeuron that listens only to its connections."""
        if name not in self.names:
            raise KeyError(
                f"{self.name} has no neuron {name!r}; its neurons are {list(self.names)}."
            )
        sources = [(sender, w) for sender, receiver, w in self.connections() if receiver == name]
        if not sources:
            raise ValueError(f"neuron {name} has no connections.")
        return ThresholdNeuron(
            [w for _, w in sources],
            self.m[self.names.index(name)],
            inputs=[s for s, _ in sources],
            name=name,
        )

    @property
    def neurons(self) -> list[ThresholdNeuron]:
        return [self.neuron(name) for name in self.names]

    def forward(self, x):
        """Signals s and firing a of every neuron, for one pattern (n_inputs,) or a batch (k, n)."""
        batch, single = _validate.patterns(x, self.n_inputs, self.name, self.inputs)
        s = batch @ self.W.T
        if not np.any(self.L):
            s = np.round(s, SIGNAL_DECIMALS) + 0.0
            a = fires(s, self.m)
        else:  # lateral connections: neurons in order, each seeing the earlier ones' answers
            a = np.zeros(s.shape, dtype=bool)
            for j in range(self.n_neurons):
                s[:, j] = np.round(s[:, j] + a[:, :j] @ self.L[j, :j], SIGNAL_DECIMALS) + 0.0
                a[:, j] = fires(s[:, j], self.m[j])
        return (s[0], a[0]) if single else (s, a)

    def fires(self, x):
        """Which neurons fire: (n_neurons,) bools for one pattern, (k, n_neurons) for a batch."""
        return self.forward(x)[1]

    def signal(self, x):
        """The signal each neuron receives, for one pattern or a batch."""
        return self.forward(x)[0]

    def __repr__(self) -> str:
        return (
            f"ThresholdLayer(name={self.name!r}, neurons={''.join(self.names)!r}, "
            f"inputs={''.join(self.inputs)!r})"
        )
