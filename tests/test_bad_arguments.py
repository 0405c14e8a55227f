"""Bad arguments across the public API: each gets annlib's own clear message (what was wrong
and what was expected), raised by annlib, never an error from deep inside NumPy, pandas,
Python's arithmetic, pathlib, PIL, PyTorch, ipywidgets or scikit-learn, and never a value
quietly moved to one a slider has. One row per mistake a learner might make."""

import traceback
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from svgread import Picture

from annlib import ThresholdNeuron, autograd
from annlib.autograd import Value
from annlib.conv import ConvNet
from annlib.data import images
from annlib.dropout import DropoutMLP
from annlib.lab import experiments
from annlib.lab import hidden_neurons as inside
from annlib.lab import pytorch_bridge as pytorch
from annlib.lab.loss_surfaces import Surface, optimizer_path, ravine
from annlib.lab.lr_range import lr_range_test
from annlib.lab.signal_sizes import layer_signals
from annlib.mlp import MLP
from annlib.train import fit
from annlib.widgets import DrawingPad, KnockOutExplorer, NetworkPad, NeuronInspector
from annlib.widgets import OptimizerExplorer as Opt

X = np.random.default_rng(0).random((8, 2))
Y = np.array([0, 1] * 4)


def net():
    return MLP([2, 4, 2], seed=0)


CASES = [
    ("ragged inputs", lambda: fit(net(), [[1, 2], [3]], [0, 1], progress=False), "rows of equal"),
    ("text labels", lambda: fit(net(), X, ["a"] * 8, progress=False), "must hold numbers"),
    ("one number as labels", lambda: fit(net(), X, 5, progress=False), "one label per example"),
    ("labels out of range", lambda: fit(net(), X, [0, 7] * 4, progress=False), "from 0 to 1"),
    ("infinite epochs", lambda: fit(net(), X, Y, epochs=float("inf")), "whole number"),
    ("negative seed", lambda: fit(net(), X, Y, seed=-1), "at least 0"),
    ("momentum as text", lambda: fit(net(), X, Y, momentum="0.9"), "must be a number"),
    ("momentum NaN", lambda: fit(net(), X, Y, momentum=float("nan")), "finite number"),
    ("learning rate NaN", lambda: fit(net(), X, Y, lr=float("nan")), "finite number"),
    ("batch size 0", lambda: fit(net(), X, Y, batch_size=0), "at least 1"),
    ("validation not a pair", lambda: fit(net(), X, Y, validation=(X,)), "a pair"),
    (
        "augment of the wrong shape",
        lambda: fit(net(), X, Y, augment=lambda b, r: b[:, :1], progress=False),
        "augment must give back a batch of the shape",
    ),
    ("inputs with NaN", lambda: fit(net(), np.full((8, 2), np.nan), Y), "NaN or infinity"),
    ("inputs too large", lambda: net().predict(np.full((1, 2), 1e300)), "too large"),
    ("inputs of the wrong width", lambda: net().predict(np.zeros((3, 5))), "shape \\(n, 2\\)"),
    ("labels of another length", lambda: net().score(X, [0, 1]), "8 examples but y has 2"),
    ("save to ''", lambda: net().save(""), "a file name is needed"),
    ("save to None", lambda: net().save(None), "a file name is needed"),
    ("sizes as text", lambda: MLP("784,10"), "list of layer sizes"),
    ("activation as a list", lambda: MLP([2, 3, 2], activation=["relu"]), "unknown activation"),
    ("negative model seed", lambda: MLP([2, 3, 2], seed=-1), "at least 0"),
    ("filters not whole", lambda: ConvNet(filters=(2.7, 3.9)), "whole number"),
    ("kernel size 0", lambda: ConvNet(kernel_sizes=(0, 5)), "at least 1"),
    ("input names as a number", lambda: ThresholdNeuron([1, 1], 1, inputs=5), "names of the"),
    ("an infinite input", lambda: ThresholdNeuron([1e300, 1], 1).fires([np.inf, 0]), "infinity"),
    ("an empty image", lambda: images.to_mnist(np.zeros((0, 0))), "expected an image"),
    ("optimizer as a list", lambda: fit(net(), X, Y, optimizer=["adam"]), "unknown optimizer"),
    ("schedule as a list", lambda: fit(net(), X, Y, schedule=["cosine"]), "unknown schedule"),
    ("loss as a list", lambda: MLP([2, 3, 2], loss=["sse"]), "unknown loss"),
    ("augment as text", lambda: fit(net(), X, Y, augment="shift"), "must be a function"),
    ("callback as a number", lambda: fit(net(), X, Y, callback=5), "must be a function"),
    (
        "empty validation",
        lambda: fit(net(), X, Y, validation=(np.zeros((0, 2)), [])),
        "holds no examples",
    ),
    ("augment of one argument", lambda: fit(net(), X, Y, augment=lambda b: b), "two arguments"),
    ("callback of one argument", lambda: fit(net(), X, Y, callback=lambda h: 0), "two arguments"),
    (
        "augment that makes NaN",
        lambda: fit(net(), X, Y, augment=lambda b, r: b * np.nan, progress=False),
        "augment gave back a batch holding NaN",
    ),
    (
        "augment that makes text",
        lambda: fit(net(), X, Y, augment=lambda b, r: b.astype(str), progress=False),
        "augment must give back pixels as numbers",
    ),
]

# ---- threshold neurons, layers, networks and their tables ----------------------------


def _table():
    from annlib import neuron_g

    return neuron_g().truth_table()


def _layer():
    from annlib.network import ThresholdLayer

    return ThresholdLayer([[1, 1], [1, 0]], [2, 1], names="EF", inputs="CD")


def _tables():
    from annlib.lab import tables

    return tables


def _threshold(*args, **kwargs):
    from annlib.network import ThresholdLayer

    return ThresholdLayer(*args, **kwargs)


def _threshold_network(layers):
    from annlib.network import ThresholdNetwork

    return ThresholdNetwork(layers)


CASES += [
    ("connections as words", lambda: _threshold([[1, 1]], 1, connected=[["yes", "no"]]), "text"),
    ("connections NaN", lambda: _threshold([[1, 1]], 1, connected=[[1, np.nan]]), "NaN"),
    ("connections 2", lambda: _threshold([[1, 1]], 1, connected=[[1, 2]]), "True/False"),
    ("neuron names a number", lambda: _threshold([[1, 1]], 1, names=5), "names of the neurons"),
    (
        "from_neurons(one neuron)",
        lambda: _layer().from_neurons(ThresholdNeuron([1], 1), "C"),
        "a list",
    ),
    (
        "from_neurons(inputs 5)",
        lambda: _layer().from_neurons([ThresholdNeuron([1], 1)], 5),
        "names",
    ),
    ("network of one layer, not a list", lambda: _threshold_network(_layer()), "a list of"),
    ("network of None", lambda: _threshold_network(None), "a list of"),
    (
        "replace('G')",
        lambda: _threshold_network([_layer()]).replace("G"),
        "needs a ThresholdNeuron",
    ),
    (
        "an input named 'signal'",
        lambda: ThresholdNeuron([1, 1], 1, inputs=["signal", "b"]).truth_table(),
        "also the name of a column",
    ),
    ("highlight None", lambda: _tables().highlight_firing(None), "a truth table"),
    ("highlight a Styler", lambda: _tables().highlight_firing(_table().style), "not its .style"),
    (
        "highlight a column of words",
        lambda: _tables().highlight_firing(_table().assign(fires=["no"] * 32)),
        "holds text",
    ),
    (
        "highlight a column with NaN",
        lambda: _tables().highlight_firing(_table().assign(fires=np.nan)),
        "NaN",
    ),
    ("fires_by no inputs", lambda: _tables().fires_by(_table(), []), "names of the columns"),
    ("fires_by(inputs 5)", lambda: _tables().fires_by(_table(), 5), "names of the columns"),
    ("fires_by(a list)", lambda: _tables().fires_by([1, 2], ["D"]), "a truth table"),
    ("weights_table(neuron)", lambda: _tables().weights_table(ThresholdNeuron([1], 1)), "needs a"),
    (
        "weights_table(network)",
        lambda: _tables().weights_table(_threshold_network([_layer()])),
        "network.layers",
    ),
]

# ---- networks: sizes, forward, backward, loss, files ----------------------------------


def _cache_and_y():
    model = net()
    _, cache = model.forward(X, keep=True)
    return model, cache, model.targets(Y)


def _backward_with(Y_given):
    model, cache, _ = _cache_and_y()
    return model.backward(cache, Y_given)


def _nan_weights_saved(tmp):
    model = net()
    model.params["W1"] = model.params["W1"] * np.nan
    return model.save(tmp / "broken")


CASES += [
    ("sizes as a set", lambda: MLP({3, 2}), "list of layer sizes"),
    ("a layer of 10**11 neurons", lambda: MLP([2, 10**11, 2]), "weights, more than"),
    ("a million filters", lambda: ConvNet(filters=(10**6, 10**6)), "weights, more than"),
    ("float32 batch with NaN", lambda: net().forward(np.full((2, 2), np.nan, np.float32)), "NaN"),
    ("float32 batch with inf", lambda: net().forward(np.full((2, 2), np.inf, np.float32)), "NaN"),
    ("wanted outputs NaN", lambda: _backward_with(np.full((8, 2), np.nan)), "NaN or infinity"),
    ("wanted outputs complex", lambda: _backward_with(np.ones((8, 2), complex)), "complex"),
    ("wanted outputs objects", lambda: _backward_with(np.ones((8, 2), object)), "numbers"),
    ("wanted outputs text", lambda: _backward_with(np.full((8, 2), "a")), "text"),
    (
        "another network's cache",
        lambda: MLP([2, 5, 2]).backward(_cache_and_y()[1], np.eye(2)[Y]),
        "made by another network",
    ),
    (
        "a ConvNet's cache",
        lambda: net().backward(
            ConvNet(filters=(1, 1)).forward(np.zeros((1, 784)), keep=True)[1], [[1, 0]]
        ),
        "made by another network",
    ),
    ("loss of labels, not outputs", lambda: net().loss_value(net().forward(X), Y), "targets"),
    ("evaluate no examples", lambda: net().evaluate(np.zeros((0, 2)), []), "no examples"),
    ("gradients of no examples", lambda: net().gradients(np.zeros((0, 2)), []), "no examples"),
]

# ---- images ---------------------------------------------------------------------------

DIGIT = np.zeros((28, 28))
DIGIT[5:20, 12:15] = 1

CASES += [
    ("shift text", lambda: images.shift([["", "a"]], 1), "holds text"),
    ("shift ragged", lambda: images.shift([[1, 2], [3]], 1), "rows of equal length"),
    ("shift NaN", lambda: images.shift(np.full((28, 28), np.nan), 1), "NaN or infinity"),
    ("random_shifts seed 'abc'", lambda: images.random_shifts(DIGIT, rng="abc"), "whole number"),
    ("random_shifts seed -1", lambda: images.random_shifts(DIGIT, rng=-1), "at least 0"),
    ("random_shifts seed 1.5", lambda: images.random_shifts(DIGIT, rng=1.5), "whole number"),
    ("rescale NaN", lambda: images.rescale(np.full((28, 28), np.nan), 0.5), "NaN"),
    ("rescale text", lambda: images.rescale([["a"] * 28] * 28, 0.5), "holds text"),
    ("rescale 1e300", lambda: images.rescale(np.full((28, 28), 1e300), 0.5), "too large"),
    ("threshold as text", lambda: images.to_mnist(DIGIT, threshold="0.2"), "must be a number"),
    ("threshold None", lambda: images.to_mnist(DIGIT, threshold=None), "must be a number"),
    ("threshold NaN", lambda: images.to_mnist(DIGIT, threshold=np.nan), "finite number"),
    ("threshold 1", lambda: images.to_mnist(DIGIT, threshold=1), "between 0 and 1"),
    ("threshold -1", lambda: images.to_mnist(DIGIT, threshold=-1), "between 0 and 1"),
    ("split threshold text", lambda: images.split_digits(DIGIT, threshold="0.3"), "a number"),
    ("min_share 2", lambda: images.split_digits(DIGIT, min_share=2), "from 0 to 1"),
    ("min_share NaN", lambda: images.split_digits(DIGIT, min_share=np.nan), "finite number"),
    ("a 0 x 0 picture", lambda: images.to_mnist(_pil_image(0, 0)), "too small to hold a digit"),
    ("ragged picture", lambda: images.to_mnist([[1, 2], [3]]), "expected an image"),
]


def _pil_image(width, height):
    from PIL import Image

    return Image.new("L", (width, height))


# ---- contingency tables ------------------------------------------------------------------


def _metrics():
    from annlib import metrics

    return metrics


def _contingency():
    return _metrics().contingency_table([0, 1, 2, 2], [0, 1, 2, 3])


CASES += [
    ("classes None", lambda: _metrics().contingency_table([0], [0], classes=None), "list of"),
    ("classes 4", lambda: _metrics().contingency_table([0], [0], classes=4), "list of"),
    ("classes twice", lambda: _metrics().contingency_table([0], [0], [0, 1, 1]), "each label once"),
    ("classes as text", lambda: _metrics().contingency_table([0], [0], ["a"]), "whole number"),
    ("style None", lambda: _metrics().style_contingency(None), "a contingency table made by"),
    ("style an array", lambda: _metrics().style_contingency(np.eye(3)), "a contingency table"),
    (
        "style a Styler",
        lambda: _metrics().style_contingency(_metrics().style_contingency(_contingency())),
        "not its .style",
    ),
    (
        "style a table without accuracy",
        lambda: _metrics().style_contingency(_contingency().drop(columns="accuracy %")),
        "no column 'accuracy %'",
    ),
    (
        "style a table with NaN counts",
        lambda: _metrics().style_contingency(_contingency().astype(float) * np.nan),
        "holding counts",
    ),
    ("top_confusions(n=-1)", lambda: _metrics().top_confusions(_contingency(), -1), "at least 0"),
    ("top_confusions(n=None)", lambda: _metrics().top_confusions(_contingency(), None), "whole"),
    ("top_confusions(n=True)", lambda: _metrics().top_confusions(_contingency(), True), "whole"),
    ("top_confusions(None)", lambda: _metrics().top_confusions(None), "contingency table"),
    ("compare a list", lambda: _metrics().compare_with_article([1]), "a dict of named"),
    ("compare None", lambda: _metrics().compare_with_article(None), "a dict of named"),
    (
        "compare a 4-class table",
        lambda: _metrics().compare_with_article(
            {"x": _metrics().contingency_table([0, 1], [0, 1], classes=[0, 1, 2, 3])}
        ),
        "the classes 0 to 9",
    ),
]

# ---- pictures ----------------------------------------------------------------------------


def _plots():
    import matplotlib

    matplotlib.use("Agg")
    from annlib import plots

    return plots


DIGITS = np.zeros((3, 784))

CASES += [
    (
        "draw_neuron(ax='left')",
        lambda: _plots().draw_neuron(ThresholdNeuron([1], 1), ax="left"),
        "axes",
    ),
    ("titles too few", lambda: _plots().plot_digits(DIGITS, titles=["a"]), "one entry per digit"),
    ("titles a number", lambda: _plots().plot_digits(DIGITS, titles=5), "a list with one entry"),
    ("colours too few", lambda: _plots().plot_digits(DIGITS, title_colours=["k"]), "one entry"),
    (
        "colour not a colour",
        lambda: _plots().plot_digits(DIGITS, titles=list("abc"), title_colours=["nocolour"] * 3),
        "must be colours",
    ),
    ("size -1", lambda: _plots().plot_digits(DIGITS, size=-1), "width of each digit"),
    ("too few axes", lambda: _plots().plot_digits(DIGITS, axes=[_new_ax()]), "only 1 axes"),
    ("digits of text", lambda: _plots().plot_digits([["a"] * 784]), "holds text"),
    ("digits complex", lambda: _plots().plot_digits(np.zeros((1, 784), complex)), "complex"),
    ("pixels 0-255", lambda: _plots().plot_digits(np.full((1, 784), 200.0)), "divide them by 255"),
    ("probabilities NaN", lambda: _plots().plot_probabilities([np.nan] * 10), "NaN"),
    ("probabilities text", lambda: _plots().plot_probabilities(list("0123456789")), "text"),
    ("probabilities in %", lambda: _plots().plot_probabilities([10] * 10), "from 0 to 1"),
    ("history of a model", lambda: _plots().plot_history(net()), "model.history_"),
    ("history None", lambda: _plots().plot_history(None), "training History"),
    ("history in one ax", lambda: _plots().plot_history(_history(), axes=_new_ax()), "two axes"),
    ("boundary of None", lambda: _plots().plot_decision_boundary(None, X, Y), "predict_proba"),
    ("boundary resolution 1", lambda: _boundary(resolution=1), "from 2 to 2,000"),
    ("boundary resolution 2.5", lambda: _boundary(resolution=2.5), "whole number"),
    ("boundary resolution 10**5", lambda: _boundary(resolution=10**5), "from 2 to 2,000"),
    ("boundary with no points", lambda: _boundary(X=np.zeros((0, 2)), y=[]), "at least 1"),
    ("boundary labels as text", lambda: _boundary(y=["0", "1"] * 4), "text"),
    ("boundary of 3 classes", lambda: _boundary(y=[0, 1, 2, 0, 1, 2, 0, 1]), "0 or 1 per point"),
    ("boundary one-hot labels", lambda: _boundary(y=np.eye(2)[Y]), "got shape"),
    ("boundary of a 3-output model", lambda: _boundary(model=MLP([2, 3, 3])), "gives 3 outputs"),
]


def _new_ax():
    import matplotlib.pyplot as plt

    return plt.figure().add_subplot()


def _history():
    return fit(net(), X, Y, epochs=1, progress=False)


def _boundary(model=None, X=X, y=Y, **settings):
    return _plots().plot_decision_boundary(model or net(), X, y, **settings)


# ---- MNIST and the handwriting path ---------------------------------------------------------


def _models():
    from annlib.lab import digit_reader as models

    return models


def _data():
    from annlib import data

    return data


def _digit_net():
    return MLP([784, 4, 10])


OWN = np.zeros((2, 784), np.float32)

CASES += [
    ("load_mnist(folder=5)", lambda: _data().load_mnist(folder=5), "name of a folder"),
    ("load_mnist(folder a file)", lambda: _data().load_mnist(folder=__file__), "is a file"),
    ("load_mnist(flatten='no')", lambda: _data().load_mnist(flatten="no"), "True .* or False"),
    ("fine_tune(None)", lambda: _models().fine_tune(None, OWN, [1, 2], OWN, [1, 2]), "network"),
    (
        "fine_tune(a path)",
        lambda: _models().fine_tune("m.npz", OWN, [1, 2], OWN, [1, 2]),
        "load it first",
    ),
    (
        "fine_tune(a 2-input network)",
        lambda: _models().fine_tune(net(), OWN, [1, 2], OWN, [1, 2]),
        "needs 784 inputs",
    ),
    (
        "fine_tune pixels 0-255",
        lambda: _models().fine_tune(_digit_net(), OWN + 200, [1, 2], OWN, [1, 2]),
        "Divide pixels of 0 to 255 by 255",
    ),
    (
        "fine_tune digits of text",
        lambda: _models().fine_tune(_digit_net(), [["a"] * 784], [1], OWN, [1, 2]),
        "28 x 28 numbers",
    ),
    ("read_number(None)", lambda: _models().read_number(None, DIGIT), "a trained digit reader"),
]


# ---- experiments, the range test, surfaces, signals and dropout -----------------------


def _grid(**settings):
    """A small grid, with ``settings`` changing its defaults."""
    arguments = {
        "vary": {"lr": [0.1]},
        "validation": (X, Y),
        "progress": False,
        "sizes": [2, 4, 2],
        "epochs": 1,
        **settings,
    }
    return experiments.grid(arguments.pop("network", MLP), X, Y, **arguments)


def _results():
    return pd.DataFrame(
        {"lr": [0.1], "seed": [0], "epoch": [1], **{m: [0.5] for m in experiments.METRICS}}
    )


def _odd_surface():
    surface = ravine()
    return Surface("odd", surface.loss, lambda w: "downhill", (0, 0), surface.window)


CASES += [
    ("grid seeds as one number", lambda: _grid(seeds=3), "seeds must be a list.*range\\(3\\)"),
    ("grid seeds negative", lambda: _grid(seeds=[0, -1]), "seeds\\[1\\].*at least 0"),
    ("grid seeds of a bool", lambda: _grid(seeds=[True]), "seeds\\[0\\].*whole number"),
    ("grid seeds twice", lambda: _grid(seeds=[0, 0]), "all be different"),
    ("grid vary value twice", lambda: _grid(vary={"lr": [0.1, 0.1]}), "holds a value twice"),
    ("grid vary as a set", lambda: _grid(vary={"lr": {0.1, 0.2}}), "must be a list"),
    ("grid varied and fixed", lambda: _grid(vary={"lr": [0.1]}, lr=0.2), "both varied"),
    ("grid varies progress", lambda: _grid(vary={"progress": [True]}), "set by grid"),
    ("grid a made network", lambda: _grid(network=net()), "the class, such as MLP"),
    (
        "grid a function making no network",
        lambda: _grid(network=lambda sizes: "MLP"),
        "must make an annlib network",
    ),
    ("grid a bad later value", lambda: _grid(vary={"lr": [0.1, np.nan]}), "finite number"),
    ("grid validation not a pair", lambda: _grid(validation=X), "a pair"),
    ("grid inputs too wide", lambda: _grid(sizes=[3, 4, 2]), "3 inputs"),
    ("final of an array", lambda: experiments.final(np.zeros(3)), "results must be"),
    (
        "final of another table",
        lambda: experiments.final(pd.DataFrame({"a": [1]})),
        "no column 'seed'",
    ),
    ("summary metric a list", lambda: experiments.summary(_results(), ["loss"]), "metric must"),
    (
        "summary without settings",
        lambda: experiments.summary(_results().drop(columns="lr")),
        "no column of a varied setting",
    ),
    ("lr test momentum 5", lambda: lr_range_test(net(), X, Y, momentum=5), "momentum must"),
    ("lr test beta 1", lambda: lr_range_test(net(), X, Y, beta=1), "beta"),
    ("lr test blow_up 1", lambda: lr_range_test(net(), X, Y, blow_up=1), "blow_up"),
    ("lr test huge steps", lambda: lr_range_test(net(), X, Y, steps=10**12), "1,000,000"),
    ("lr test steps 1e2", lambda: lr_range_test(net(), X, Y, steps=1e2), "whole number"),
    ("lr test seed -1", lambda: lr_range_test(net(), X, Y, seed=-1), "at least 0"),
    ("lr test lr_max inf", lambda: lr_range_test(net(), X, Y, lr_max=np.inf), "finite"),
    ("lr test lr_min True", lambda: lr_range_test(net(), X, Y, lr_min=True), "a number"),
    ("path momentum 5 (sgd)", lambda: optimizer_path(ravine(), (0, 1), momentum=5), "momentum"),
    ("path huge steps", lambda: optimizer_path(ravine(), (0, 1), steps=10**9), "1,000,000"),
    ("path a word gradient", lambda: optimizer_path(_odd_surface(), (0, 1)), "two numbers"),
    ("ravine too steep", lambda: ravine(steep=1e300), "from 1 to"),
    ("ravine steep NaN", lambda: ravine(steep=np.nan), "finite"),
    (
        "signals that overflow",
        lambda: layer_signals(MLP([2] + [50] * 12 + [2], init=1e4), X, Y),
        "overflowed",
    ),
    ("dropout as a bool", lambda: DropoutMLP([2, 4, 2], dropout=True), "dropout must be a"),
    ("dropout without hidden", lambda: DropoutMLP([2, 2], dropout=0.5), "no hidden layer"),
    (
        "dropout rng a word",
        lambda: DropoutMLP([2, 4, 2]).forward_for_training(X, "random"),
        "rng .*a seed, or a numpy Generator",
    ),
]


# ---- autograd, the PyTorch bridge and the tools for inside the network ----------------


def _yes_no():
    return MLP([2, 3, 1], output="sigmoid", seed=0, dtype="float64")


def _loss(model=None, params="made", Y=((1.0,),)):
    model = _yes_no() if model is None else model
    params = autograd.parameters(model) if params == "made" else params
    return autograd.mlp_loss(model, params, [[0.3, 0.7]], Y)


def _saturated():
    model = _yes_no()
    for name in model.params:
        model.params[name][:] = 100.0  # the output is sigmoid(> 700): exactly 1.0
    return _loss(model, Y=[[0.5]])


def _slopes_too_large():
    x = Value(1e-300)
    ((x**0.5) * 1e200).backward()  # d/dx = 1e200 * 0.5 / sqrt(1e-300): beyond 1.8e308


def _inside_net():
    return MLP([6, 5, 4, 3], seed=1)


CASES += [
    ("Value(-8) ** 0.5", lambda: Value(-8) ** 0.5, "not a real number"),
    ("Value(10) ** 400", lambda: Value(10) ** 400, "too large"),
    ("Value(1e-300) ** -1", lambda: Value(1e-300) ** -1, "too large"),
    ("Value(0) ** 0.5", lambda: Value(0) ** 0.5, "no slope"),
    ("Value(2) ** True", lambda: Value(2) ** True, "must be a number"),
    ("Value(2) ** '2'", lambda: Value(2) ** "2", "must be a number"),
    ("Value(2) ** NaN", lambda: Value(2) ** float("nan"), "finite number"),
    ("Value(-2) ** a Value", lambda: Value(-2.0) ** Value(3.0), "needs a positive x"),
    ("-2 ** a Value", lambda: (-2) ** Value(3.0), "needs a positive x"),
    ("Value(10 ** 400)", lambda: Value(10**400), "finite number"),
    ("Value(NaN)", lambda: Value(float("nan")), "finite number"),
    ("Value('3')", lambda: Value("3"), "one real number"),
    ("Value + complex", lambda: Value(2) + np.complex128(1 + 2j), "another Value or a number"),
    ("Value + None", lambda: Value(2) + None, "another Value or a number"),
    ("Value / 0", lambda: Value(2) / 0, "division by 0"),
    ("1 / Value(0)", lambda: 1 / Value(0), "division by 0"),
    ("Value(1) / Value(1e-200)", lambda: Value(1) / Value(1e-200), "too large"),
    ("Value(1e200) * 1e200", lambda: Value(1e200) * 1e200, "too large"),
    ("Value(0).log()", lambda: Value(0).log(), "positive"),
    ("Value(800).exp()", lambda: Value(800).exp(), "too large"),
    ("slopes too large", _slopes_too_large, "slopes have grown too large"),
    ("zero_grad(numbers)", lambda: autograd.zero_grad([1.0]), "zero_grad takes Values"),
    ("values(text)", lambda: autograd.values([["a"]]), "must hold numbers"),
    ("numbers(of='slope')", lambda: autograd.numbers([Value(1)], "slope"), "'data' or 'grad'"),
    ("parameters(a path)", lambda: autograd.parameters("m.npz"), "annlib MLP"),
    ("mlp_loss(a path)", lambda: autograd.mlp_loss("m.npz", {}, [[0, 0]], [[1]]), "annlib MLP"),
    (
        "mlp_loss of a step network",
        lambda: _loss(MLP([2, 3, 1], activation="step", output="sigmoid"), {}),
        "mlp_loss knows the activations",
    ),
    ("mlp_loss(params=None)", lambda: _loss(params=None), "dict of Values"),
    (
        "mlp_loss(model.params)",
        lambda: _loss(params=_yes_no().params),
        "must hold Values, as parameters\\(model\\) makes them",
    ),
    ("mlp_loss(params={})", lambda: _loss(params={}), "W1 .* is missing"),
    ("mlp_loss wanting 2 of a sigmoid", lambda: _loss(Y=[[2.0]]), "could never learn it"),
    ("mlp_loss with labels", lambda: _loss(Y=[1]), "model.targets"),
    ("mlp_loss with NaN wanted", lambda: _loss(Y=[[np.nan]]), "NaN"),
    (
        "mlp_loss softmax rows not adding to 1",
        lambda: autograd.mlp_loss(
            MLP([2, 3, 2]), autograd.parameters(MLP([2, 3, 2])), [[0, 1]], [[1, 1]]
        ),
        "adds up to 2",
    ),
    ("mlp_loss of a saturated output", _saturated, "probability of exactly 0"),
    # ---- annlib.lab.hidden_neurons ----
    ("jaccard(one bool)", lambda: inside.jaccard(True, True), "True/False masks"),
    ("jaccard(ragged)", lambda: inside.jaccard([[True], [True, False]], [True]), "True/False"),
    (
        "knocked_out(ragged neurons)",
        lambda: inside.knocked_out(_inside_net(), 1, [[1], [2, 3]]),
        "whole numbers of neurons",
    ),
    (
        "knocked_out(neurons=None)",
        lambda: inside.knocked_out(_inside_net(), 1, None),
        "whole numbers of neurons",
    ),
    ("overlap_by_digit(None)", lambda: inside.overlap_by_digit(None, [0, 1]), "a list of True"),
    (
        "overlap_by_digit(one layer's mask)",
        lambda: inside.overlap_by_digit(np.zeros((4, 3), bool), [0, 1, 0, 1]),
        "for one layer: \\[mask\\]",
    ),
    (
        "overlap_by_digit(ragged masks)",
        lambda: inside.overlap_by_digit([[[True], [True, False]]], [0, 1]),
        "True/False masks",
    ),
    (
        "by_digit(classes=10)",
        lambda: inside.by_digit(np.zeros((3, 2)), [0, 1, 2], classes=10),
        "such as range\\(10\\)",
    ),
    (
        "by_digit(classes as text)",
        lambda: inside.by_digit(np.zeros((3, 2)), [0, 1, 2], classes=["0", "1"]),
        "each class must be a whole number",
    ),
    (
        "strongest(no examples)",
        lambda: inside.strongest(_inside_net(), np.zeros((0, 6)), 1, 0),
        "X is empty",
    ),
    ("active(top=True)", lambda: inside.active(np.zeros((2, 3)), top=True), "whole number"),
    (
        "to_torch(a step output)",
        lambda: pytorch.to_torch(MLP([2, 3, 1], output="step", loss="sse")),
        "to_torch knows the outputs",
    ),
    ("to_torch(a path)", lambda: pytorch.to_torch("m.npz"), "annlib MLP"),
]


def _torch_cases():
    """Rows that need PyTorch itself (left out where it is not installed)."""
    if not pytorch.have_torch():
        return []
    import torch

    nn = torch.nn

    def nan_weights():
        linear = nn.Linear(3, 2)
        with torch.no_grad():
            linear.weight[0, 0] = float("nan")
        return nn.Sequential(linear, nn.ReLU(), nn.Linear(2, 2))

    def infinite_bias():
        linear = nn.Linear(3, 2)
        with torch.no_grad():
            linear.bias[1] = float("inf")
        return nn.Sequential(linear)

    def weight_of_another_shape():
        linear = nn.Linear(3, 2)
        linear.weight = nn.Parameter(torch.zeros(5, 5))
        return nn.Sequential(linear, nn.ReLU(), nn.Linear(2, 2))

    def nan_mlp():
        model = MLP([2, 3, 2])
        model.params["W2"][0, 0] = np.nan
        return model

    def reshaped_mlp():
        model = MLP([2, 3, 2])
        model.params["W1"] = np.zeros((3, 3))
        return model

    return [
        ("from_torch(NaN weights)", lambda: pytorch.from_torch(nan_weights()), "NaN or infinity"),
        ("from_torch(infinite bias)", lambda: pytorch.from_torch(infinite_bias()), "infinity"),
        (
            "from_torch(a weight of another shape)",
            lambda: pytorch.from_torch(weight_of_another_shape()),
            "one row per output",
        ),
        (
            "from_torch(complex weights)",
            lambda: pytorch.from_torch(nn.Sequential(nn.Linear(3, 2, dtype=torch.complex64))),
            "must be real numbers",
        ),
        (
            "from_torch(a Tanh output with cross-entropy)",
            lambda: pytorch.from_torch(nn.Sequential(nn.Linear(3, 2), nn.Tanh())),
            "give loss='sse'",
        ),
        ("from_torch(a list)", lambda: pytorch.from_torch([nn.Linear(3, 2)]), "nn.Sequential"),
        ("from_torch(empty)", lambda: pytorch.from_torch(nn.Sequential()), "Linear, activation"),
        ("to_torch(NaN weights)", lambda: pytorch.to_torch(nan_mlp()), "NaN or infinity"),
        (
            "to_torch(W1 of another shape)",
            lambda: pytorch.to_torch(reshaped_mlp()),
            "W1 must have shape \\(3, 2\\)",
        ),
    ]


CASES += _torch_cases()


# ---- the widgets: OptimizerExplorer, NeuronInspector, KnockOutExplorer, the pads --------


PAD_DIGITS = np.random.default_rng(0).random((20, 784)).astype(np.float32)
PAD_LABELS = np.arange(20) % 10


def reader(sizes=(784, 30, 20, 10), **settings):
    return MLP(list(sizes), seed=0, **settings)


def blown_up():
    """A network whose training blew up: NaN weights."""
    net = reader()
    net.params["W2"][0, 0] = np.nan
    return net


def inspect(model=None, X=PAD_DIGITS, y=PAD_LABELS, **settings):
    return NeuronInspector(reader() if model is None else model, X, y, **settings)


def knock(X_rank=PAD_DIGITS, X=PAD_DIGITS, y=PAD_LABELS, **settings):
    return KnockOutExplorer(reader(), X, y, X_rank, **settings)


def unfitted():
    from sklearn.linear_model import LogisticRegression

    return LogisticRegression()


def fitted_on_8_by_8():
    """scikit-learn's own digits are 8 x 8: a model fitted on them reads 64 pixels, not 784."""
    from sklearn.linear_model import LogisticRegression

    rng = np.random.default_rng(0)
    return LogisticRegression(max_iter=50).fit(rng.random((30, 64)), np.arange(30) % 10)


class ThreeAnswers:
    """A model that reads 784 pixels but gives 3 probabilities, not 10."""

    def predict_proba(self, X):
        return np.full((len(X), 3), 1 / 3)


class NaNAnswers:
    """A model (not annlib's) whose answers are NaN."""

    def predict_proba(self, X):
        return np.full((len(X), 10), np.nan)


def draw(points):
    DrawingPad().draw(points)


CASES += [
    # ---- OptimizerExplorer (notebook 08) ----
    ("optimizer lr 0", lambda: Opt(lr=0), r"above 0.*0\.001 to 1 \(the slider's range\)"),
    ("optimizer lr negative", lambda: Opt(lr=-0.1), "must be above 0"),
    ("optimizer lr below the slider", lambda: Opt(lr=1e-5), "from 0.001 to 1"),
    ("optimizer lr above the slider", lambda: Opt(lr=5), r"from 0\.001 to 1 \(the slider"),
    ("optimizer lr NaN", lambda: Opt(lr=float("nan")), "finite number"),
    ("optimizer lr infinite", lambda: Opt(lr=float("inf")), "finite number"),
    ("optimizer lr as text", lambda: Opt(lr="0.1"), "must be a number"),
    ("optimizer lr True", lambda: Opt(lr=True), "must be a number"),
    ("optimizer momentum 1", lambda: Opt(momentum=1), r"up to \(not including\) 1"),
    ("optimizer momentum negative", lambda: Opt(momentum=-0.1), r"from 0 up to"),
    ("optimizer momentum 0.99", lambda: Opt(momentum=0.99), "slider's values, 0 to 0.98"),
    ("optimizer momentum between steps", lambda: Opt(momentum=0.95), "in steps of 0.02"),
    ("optimizer momentum NaN", lambda: Opt(momentum=float("nan")), "finite number"),
    ("optimizer momentum as text", lambda: Opt(momentum="0.9"), "must be a number"),
    ("optimizer momentum True", lambda: Opt(momentum=True), "must be a number"),
    ("optimizer steps 0", lambda: Opt(steps=0), "from 1 to 1,000"),
    ("optimizer steps a million", lambda: Opt(steps=10**6), "from 1 to 1,000"),
    ("optimizer steps not whole", lambda: Opt(steps=2.5), "whole number"),
    ("optimizer steps True", lambda: Opt(steps=True), "whole number"),
    ("optimizer start off the picture", lambda: Opt(start=(100, 100)), "off the picture"),
    ("optimizer start NaN", lambda: Opt(start=(np.nan, 1)), "finite number"),
    ("optimizer start of three", lambda: Opt(start=(1, 2, 3)), "two weights"),
    ("optimizer start None", lambda: Opt(start=None), "two weights"),
    ("optimizer start as text", lambda: Opt(start="-4, 1"), "two weights"),
    ("optimizer start of bools", lambda: Opt(start=(True, False)), "must be a number"),
    ("optimizer surface not called", lambda: Opt(ravine), "give a Surface"),
    # ---- NeuronInspector (notebook 10) ----
    ("inspector given the class MLP", lambda: inspect(MLP), "not the class MLP"),
    ("inspector given a file name", lambda: inspect("net.npz"), "load it first"),
    ("inspector given a ConvNet", lambda: inspect(ConvNet(seed=0)), "looks inside an MLP"),
    ("inspector given NaN weights", lambda: inspect(blown_up()), "NaN or infinity"),
    ("inspector given 6 inputs", lambda: inspect(reader((6, 4, 10))), "784 inputs"),
    ("inspector no hidden layer", lambda: inspect(reader((784, 10))), "one hidden layer"),
    ("inspector X empty", lambda: inspect(X=np.zeros((0, 784)), y=[]), "X is empty"),
    ("inspector X with NaN", lambda: inspect(X=PAD_DIGITS * np.nan), "NaN or infinity"),
    ("inspector X of 0 to 255", lambda: inspect(X=PAD_DIGITS * 255), "Divide pixels of 0 to 255"),
    ("inspector X negative", lambda: inspect(X=PAD_DIGITS - 0.5), "from 0 .background. to 1"),
    ("inspector X 785 wide", lambda: inspect(X=np.zeros((20, 785))), r"shape \(n, 784\)"),
    ("inspector X as images", lambda: inspect(X=PAD_DIGITS.reshape(20, 28, 28)), "reshape"),
    ("inspector y short", lambda: inspect(y=PAD_LABELS[:5]), "20 examples but y has 5"),
    ("inspector y of 10", lambda: inspect(y=PAD_LABELS + 1), "from 0 to 9"),
    ("inspector layer 0", lambda: inspect(layer=0), "at least 1"),
    ("inspector layer the output", lambda: inspect(layer=3), "layer 3 is the output"),
    ("inspector layer 1.0", lambda: inspect(layer=1.0), "whole number"),
    ("inspector layer True", lambda: inspect(layer=True), "whole number"),
    ("inspector neuron past the layer", lambda: inspect(layer=2, neuron=20), "0 to 19"),
    ("inspector neuron -1", lambda: inspect(neuron=-1), "0 to 29"),
    ("inspector neuron 2.5", lambda: inspect(neuron=2.5), "whole number"),
    ("inspector k 0", lambda: inspect(k=0), "k .* from 1 to 30"),
    ("inspector k 10000", lambda: inspect(k=10_000), "k .* from 1 to 30"),
    ("inspector average_of 0", lambda: inspect(average_of=0), "at least 1"),
    # ---- KnockOutExplorer (notebook 10) ----
    ("knock out more than the layer", lambda: knock(count=31), "30 neurons .* from 0 to 30"),
    ("knock out -1", lambda: knock(count=-1), "from 0 to 30"),
    ("knock out 2.0", lambda: knock(count=2.0), "whole number"),
    ("knock out a count beyond layer 2", lambda: knock(layer=2, count=25), "from 0 to 20"),
    ("knock out which misspelt", lambda: knock(which="Random"), "random.* or .most active"),
    ("knock out which as a list", lambda: knock(which=["random"]), "random.* or .most active"),
    (
        "knock out which as an array",
        lambda: knock(which=np.array(["random", "most active"])),
        "random.* or .most active",
    ),
    ("knock out X_rank empty", lambda: knock(X_rank=np.zeros((0, 784))), "X_rank is empty"),
    ("knock out X_rank NaN", lambda: knock(X_rank=PAD_DIGITS * np.nan), "NaN or infinity"),
    ("knock out X_rank 0 to 255", lambda: knock(X_rank=PAD_DIGITS * 255), "pixels of X_rank"),
    ("knock out X empty", lambda: knock(X=np.zeros((0, 784)), y=[]), "X is empty"),
    ("knock out seed -1", lambda: knock(seed=-1), "at least 0"),
    ("knock out layer the output", lambda: knock(layer=3), "layer 3 is the output"),
    # ---- NetworkPad (notebook 10) and the DrawingPad (notebook 13) ----
    ("network pad given the class MLP", lambda: NetworkPad(MLP), "not the class MLP"),
    ("network pad given 4 inputs", lambda: NetworkPad(reader((4, 3, 10))), "784 inputs"),
    ("network pad given a ConvNet", lambda: NetworkPad(ConvNet(seed=0)), "looks inside an MLP"),
    ("network pad given NaN weights", lambda: NetworkPad(blown_up()), "NaN or infinity"),
    ("network pad of size 10", lambda: NetworkPad(reader(), size=10), "from 28 to 1,000"),
    ("network pad pen 0", lambda: NetworkPad(reader(), pen=0), "from 1 to 70"),
    ("pad of a million pixels", lambda: DrawingPad(size=10**6), "from 28 to 1,000"),
    ("pad pen wider than a quarter", lambda: DrawingPad(pen=200), "quarter of the pad"),
    ("pad small, pen left as it was", lambda: DrawingPad(size=60), "quarter .* 60"),
    ("pad given the class MLP", lambda: DrawingPad(MLP), "not the class MLP"),
    ("pad given NaN weights", lambda: DrawingPad(blown_up()), "NaN or infinity"),
    ("pad given an unfitted model", lambda: DrawingPad(unfitted()), "could not.*Is it trained"),
    ("pad given a model for 8 x 8", lambda: DrawingPad(fitted_on_8_by_8()), "blank 28 x 28"),
    ("pad given 3 answers", lambda: DrawingPad(ThreeAnswers()), "3 values instead of 10"),
    ("pad given NaN answers", lambda: DrawingPad(NaNAnswers()), "probabilities hold NaN"),
    ("draw one point, not a list", lambda: draw((140, 40)), r"\(x, y\) pairs"),
    ("draw points of three", lambda: draw([(1, 2, 3)]), r"\(x, y\) pairs"),
    ("draw points as text", lambda: draw([(10, 10), ("a", "b")]), "must hold numbers"),
    ("draw a NaN point", lambda: draw([(10, 10), (np.nan, 5)]), "NaN or infinity"),
    ("draw off the pad", lambda: draw([(140, 40), (140, 400)]), "on the pad: x and y from 0"),
    ("draw ragged points", lambda: draw([(1, 2), (3,)]), "rows of equal length"),
    ("draw a number", lambda: draw(140), r"\(x, y\) pairs"),
    ("draw nothing but None", lambda: draw(None), "must hold numbers"),
]


@pytest.mark.parametrize("what, call, words", CASES, ids=[c[0] for c in CASES])
def test_a_bad_argument_gets_annlibs_own_clear_message(what, call, words):
    with pytest.raises((ValueError, TypeError, FloatingPointError, OSError)) as caught:
        call()
    assert caught.match(words), f"{what}: {caught.value}"
    raised_in = Path(traceback.extract_tb(caught.tb)[-1].filename)
    assert "annlib" in raised_in.parts, f"{what}: raised in {raised_in}, not by annlib"


def test_saving_where_a_file_stands_for_a_folder_or_broken_weights(tmp_path):
    """Clear refusals, and nothing written: a folder that is a file, a folder as a network,
    and a network whose weights are NaN (it could never be loaded again)."""
    (tmp_path / "afile").write_text("not a folder")
    with pytest.raises(NotADirectoryError, match="afile is a file, not a folder"):
        net().save(tmp_path / "afile" / "net")
    (tmp_path / "adir.npz").mkdir()
    with pytest.raises(IsADirectoryError, match="is a folder, not a saved network"):
        MLP.load(tmp_path / "adir.npz")
    with pytest.raises(ValueError, match="W1 holds NaN, infinity .* is not saved"):
        _nan_weights_saved(tmp_path)
    assert not (tmp_path / "broken.npz").exists()


def test_numbers_that_overflow_inside_the_network_are_an_error_not_nan():
    model = net()
    model.params["W1"] = np.full_like(model.params["W1"], 3e38)  # huge but representable
    with pytest.raises(FloatingPointError, match="outputs overflowed"):
        model.predict_proba(np.full((1, 2), 1e30))


def test_a_neuron_reads_a_table_by_its_column_names():
    import pandas as pd

    neuron = ThresholdNeuron([1, 0], 1, inputs="CD")
    assert not neuron.fires(pd.DataFrame({"D": [1], "C": [0]}))[0]  # C = 0: quiet


def test_huge_weights_give_true_signals_and_tables():
    from annlib import truth_table

    assert ThresholdNeuron([1e300, 1e300], 0).signal([1, 1]) == 2e300
    table = truth_table(ThresholdNeuron([1e20, 1], 1e20))
    assert table["signal"].max() == pytest.approx(1e20 + 1) and (table["signal"] >= 0).all()


def test_results_that_used_to_be_silently_wrong():
    """Each of these once gave a wrong answer without a word; now each answer is right."""
    import pandas as pd

    # a shift far past the edge leaves only paper, without allocating a huge padded copy
    moved = images.random_shifts(np.ones((2, 784), np.float32), max_shift=10**9, rng=0)
    assert moved.shape == (2, 784) and moved.dtype == np.float32 and not moved.any()
    # rescaling keeps what it is given (it used to clip negative values to 0)
    assert images.rescale(-np.ones((28, 28)), 2).min() == -1
    # a table without 2s says so, instead of 'nan%'
    from annlib import metrics

    y = np.array([0, 1, 3, 4, 5, 6, 7, 8, 9])
    numbers = metrics.article_numbers(metrics.contingency_table(y, y))
    assert numbers["2 read as 7 or 8"] == "– (no 2s in the table)"
    assert numbers["0 right"] == "100.0%"
    # titles in a pandas Series are used by position, whatever the Series' own index
    axes = _plots().plot_digits(DIGITS, titles=pd.Series(["a", "b", "c"], index=[7, 8, 9]))
    assert [ax.get_title() for ax in axes[:3]] == ["a", "b", "c"]
    # fine-tuning with no MNIST digits mixed in stays allowed (notebook 13 shows forgetting)
    tuned = _models().fine_tune(
        _digit_net(), OWN, [1, 2], [], [], repeats=1, epochs=1, progress=False
    )
    assert len(tuned.history_) == 1
    # an unordered set of sizes is refused above; a tuple or list keeps its order
    assert MLP((3, 2)).sizes == (3, 2)


def test_what_the_review_found():
    """A review of issue 16's checks found these; each now behaves."""
    import pandas as pd

    from annlib import metrics, neuron_g
    from annlib.data.your_digits import check_digits
    from annlib.lab import tables
    from annlib.network import ThresholdLayer

    # names and columns given as NumPy arrays or a pandas Index are accepted
    table = neuron_g().truth_table()
    assert tables.fires_by(table, np.array(["D", "C"])).shape == (4, 2)
    layer = ThresholdLayer([[1, 1]], [1], names=np.array(["E"]), inputs=pd.Index(["A", "B"]))
    assert layer.names == ("E",) and layer.inputs == ("A", "B")
    # an array is not told to "give the table itself, not its .style"
    with pytest.raises(TypeError) as caught:
        metrics.style_contingency(np.eye(3))
    assert ".style" not in str(caught.value)
    # pixels just above 1 are not told to divide by 255
    with pytest.raises(ValueError) as caught:
        check_digits(np.full((1, 784), 1.0001), [1], "test")
    assert "255" not in str(caught.value)
    # fine_tune: no MNIST digits given as None is allowed; your digits as None are explained
    tuned = _models().fine_tune(
        _digit_net(), OWN, [1, 2], None, None, repeats=1, epochs=1, progress=False
    )
    assert len(tuned.history_) == 1
    with pytest.raises(ValueError, match="X_own holds no digits"):
        _models().fine_tune(_digit_net(), None, None, OWN, [1, 2])


def test_the_learning_rate_plot_shows_the_best_runs_whole():
    """Notebook 03's explorer: the lowest loss of a good rate stays inside the fixed scale."""
    from annlib import neuron_g, truth_table
    from annlib.widgets import LearningRateExplorer

    table = truth_table(neuron_g())
    X, y = table[list("ABCDE")].to_numpy(), table.fires.astype(int).to_numpy()
    explorer = LearningRateExplorer(
        lambda: MLP([5, 1], output="sigmoid", loss="sse", seed=0), X, y, epochs=300, lr=3.0
    )
    for lr in (150.0, 300.0, 500.0):
        explorer.slider.value = lr
        _, losses = Picture(explorer.picture.svg).line("loss", "losses")
        assert losses == pytest.approx(explorer.history.loss, rel=0.01)  # all of it drawn
    with pytest.raises(ValueError, match="0 < lowest < highest"):
        LearningRateExplorer(lambda: MLP([5, 1]), X, y, loss_range=(0, 1))
