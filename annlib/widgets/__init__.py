"""Interactive explorers for JupyterLab (ipywidgets).

Every explorer is built the same way (annlib.widgets._explorer.Explorer): its
state lives in Python, its pictures are drawn by annlib.plots and its tables
by annlib.lab.tables, and it updates by compute -> plot -> show. Shown in a
notebook, it also leaves a still picture of itself for reading without a kernel, and,
when the notebooks are rebuilt for the website, the states a page can offer with no
kernel at all (_ahead).

    neurons      one neuron's weights and m on sliders; a network's inputs on toggles
    descent      one weight's SSE valley, descent down it, the learning rate
    optimizers   gradient descent, momentum and Adam on a loss of two weights
    pad          a drawing pad whose digit a network reads live
    inside       one hidden neuron, knocking neurons out, a pad beside the network lit up
    handwriting  a photo reader, and a collector of your own digits
"""

from ._explorer import Explorer
from .descent import DescentExplorer, LearningRateExplorer, SSEExplorer
from .handwriting import DigitCollector, PhotoReader
from .inspectors import KnockOutExplorer, NetworkPad, NeuronInspector
from .neuron_sliders import (
    M_RANGE,
    STEP,
    WEIGHT_RANGE,
    NetworkExplorer,
    NeuronControls,
    NeuronExplorer,
    network_explorer,
    neuron_explorer,
)
from .optimizers import OptimizerExplorer
from .pad import DrawingPad

__all__ = [
    "M_RANGE",
    "STEP",
    "WEIGHT_RANGE",
    "DescentExplorer",
    "DigitCollector",
    "DrawingPad",
    "Explorer",
    "KnockOutExplorer",
    "LearningRateExplorer",
    "NetworkExplorer",
    "NetworkPad",
    "NeuronInspector",
    "NeuronControls",
    "NeuronExplorer",
    "OptimizerExplorer",
    "PhotoReader",
    "SSEExplorer",
    "network_explorer",
    "neuron_explorer",
]
