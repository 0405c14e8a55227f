"""annlib: the helper package of the course "Neural networks by doing".

The notebooks tell the story; annlib holds the code they share, one idea per
module, with the same names as the math in the notebooks:

    neuron     the threshold neuron: weights w, minimum signal strength m
    layer      a layer of threshold neurons: weight matrix W and thresholds m
    network    threshold layers in a network: the activation map
    examples   the article's small network, two images of a 6, XOR, two moons
    functions  activations (step, sigmoid, ReLU, softmax) and losses (SSE, cross-entropy)
    descent    one weight's SSE valley and gradient descent along it (no matplotlib)
    model      what every trained model shares: fit(X, y) returns it, history_, predict, score
    network_model  what the MLP and the ConvNet share: inputs, predictions, fit
    network_files  a trained network on disk (.npz, never a pickle)
    passes     the checked arguments of a network's forward and backward passes
    mlp        the trainable multi-layer perceptron: forward, backward
    dropout    an MLP that switches hidden neurons off at random while it trains
    progress   progress bars saved in their finished state
    train      minibatch gradient descent with a progress bar and a history
    experiments  a grid of training runs over some settings and seeds, as one tidy table
    lr_finder  the learning-rate range test: the loss against ever larger steps
    surfaces   losses of two weights, and the paths the optimisers take across them
    signals    each layer's activations and slopes: vanishing gradients, starting weights
    data       MNIST: download from mirrors with checksums, cache, IDX parsing, the article's split
    images     moving digits (no wrap-around), random shifts; drawings and photos as MNIST digits
    metrics    accuracy and the article's contingency table
    baselines  simple digit readers to measure a network against
    conv       convolutions (im2col), pooling and a small ConvNet
    models     notebook 05's recipe and trained digit reader, loaded or trained again
    your_digits  your own digits: saved without losing any, loaded with checks, split
    plots      matplotlib pictures, one module per idea: neurons, networks, valleys,
               training, digits (and _style, the colours they share)
    tables     truth tables with the firing rows highlighted; a layer's weights as a table
    widgets    explorers built on one base class: neurons, descent, pad, handwriting;
               each leaves a still picture of itself for reading without a kernel
    exercises  the exercises at the end of each notebook: checks, hints, solutions
    versioning the check at the top of every notebook that annlib is new enough

Modules are imported on demand: ``from annlib import plots``, ``from annlib.mlp import MLP``.
"""

from . import _moved
from ._versioning import AnnlibVersionError, require
from .neuron import ThresholdNeuron, neuron_g, truth_table

_moved.install()  # annlib 0.8's import paths still work for one release, with a warning

__version__ = "0.8.0"

__all__ = [
    "AnnlibVersionError",
    "ThresholdNeuron",
    "__version__",
    "neuron_g",
    "require",
    "truth_table",
]
