"""annlib: the helper package of the course "Neural networks by doing".

The notebooks tell the story; annlib holds the code they share. Its core is part of the
lesson: the maths of the notebooks, with the same names, one idea per module. Read it in
this order (3,302 of annlib's 16,764 lines; each module opens on its own):

    neuron       the threshold neuron: weights w, minimum signal m (notebook 01) (159 lines)
    layer        a layer of threshold neurons: weights W, thresholds m (02) (212 lines)
    network      threshold layers in a network: the activation map (02) (145 lines)
    functions    activations with their slopes; losses (03 to 05) (326 lines)
    init         starting weights: He, LeCun, Xavier, zeros (07) (70 lines)
    model        what every model shares: fit, predict, score (05) (142 lines)
    mlp          the multi-layer perceptron: forward, backpropagation (04) (196 lines)
    optim        SGD, momentum, Adam; learning-rate schedules (05, 07) (170 lines)
    train        fit: the training loop, minibatch gradient descent (04) (411 lines)
    dropout      hidden neurons switched off at random in training (07) (108 lines)
    conv         convolutions, pooling and a small ConvNet (12) (358 lines)
    lenet        a LeNet-style ConvNet: padding, small pools, a dense head (12) (210 lines)
    autograd     automatic differentiation, one number at a time (14) (400 lines)
    baselines    simple digit readers to measure networks against (05) (169 lines)
    metrics      accuracy, paired comparisons, the contingency table (05) (226 lines)

Beside the core, the course's machinery, which a learner never needs to read:

    data       MNIST, moving digits, your own digits, the article's examples
    lab        what the notebooks measure with: grids of training runs, the learning-rate
               range test, loss surfaces, signal sizes, hidden neurons, the trained digit
               reader, the bridge to PyTorch, truth tables
    plots      pictures (matplotlib and SVG), one module per idea
    widgets    the explorers: sliders and pads, each leaving a still picture of itself
    exercises  the exercises at the end of each notebook: checks, hints, solutions

and private plumbing in modules whose names start with _ (the networks' shared base
_network, what scikit-learn reads about a model _estimator, files, checks of arguments,
progress bars, the version check).

Modules are imported on demand: ``from annlib.mlp import MLP``, ``from annlib import plots``.
annlib 0.8's import paths (such as ``annlib.models``) still work in 0.9, with a warning
that names the new one (annlib._moved).
"""

from . import _moved
from ._versioning import AnnlibVersionError, require
from .neuron import ThresholdNeuron, neuron_g, truth_table

_moved.install()  # annlib 0.8's import paths still work for one release, with a warning

__version__ = "0.9.1"

__all__ = [
    "AnnlibVersionError",
    "ThresholdNeuron",
    "__version__",
    "neuron_g",
    "require",
    "truth_table",
]
