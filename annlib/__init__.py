"""annlib: the helper package of the course "Neural networks by doing".

The notebooks tell the story; annlib holds the code they share, one idea per
module, with the same names as the math in the notebooks:

    neuron     the threshold neuron: weights w, minimum signal strength m
    plots      matplotlib pictures of neurons and their signals
    tables     truth tables shown with the firing rows highlighted
    widgets    sliders and text boxes to explore a neuron live

Heavy modules (plots, widgets) are imported on demand: ``from annlib import plots``.
"""

__version__ = "0.2.0"

from .neuron import ThresholdNeuron, neuron_g, truth_table  # noqa: E402
from .versioning import AnnlibVersionError, require  # noqa: E402

__all__ = [
    "__version__",
    "AnnlibVersionError",
    "ThresholdNeuron",
    "neuron_g",
    "require",
    "truth_table",
]
