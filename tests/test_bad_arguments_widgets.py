"""Bad arguments to the widgets of notebooks 06, 07 and 09 (OptimizerExplorer, NeuronInspector,
KnockOutExplorer, NetworkPad and the DrawingPad under it): each gets annlib's own clear
message, raised by annlib, never a value quietly moved to the nearest one a slider has, nor an
error from deep inside NumPy, ipywidgets or scikit-learn. One row per mistake a learner might
make."""

import traceback
from pathlib import Path

import numpy as np
import pytest

from annlib.conv import ConvNet
from annlib.mlp import MLP
from annlib.surfaces import ravine
from annlib.widgets import DrawingPad, KnockOutExplorer, NetworkPad, NeuronInspector
from annlib.widgets import OptimizerExplorer as Opt

DIGITS = np.random.default_rng(0).random((20, 784)).astype(np.float32)
LABELS = np.arange(20) % 10


def reader(sizes=(784, 30, 20, 10), **settings):
    return MLP(list(sizes), seed=0, **settings)


def blown_up():
    """A network whose training blew up: NaN weights."""
    net = reader()
    net.params["W2"][0, 0] = np.nan
    return net


def inspect(model=None, X=DIGITS, y=LABELS, **settings):
    return NeuronInspector(reader() if model is None else model, X, y, **settings)


def knock(X_rank=DIGITS, X=DIGITS, y=LABELS, **settings):
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


CASES = [
    # ---- OptimizerExplorer (notebook 06) ----
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
    # ---- NeuronInspector (notebook 07) ----
    ("inspector given the class MLP", lambda: inspect(MLP), "not the class MLP"),
    ("inspector given a file name", lambda: inspect("net.npz"), "load it first"),
    ("inspector given a ConvNet", lambda: inspect(ConvNet(seed=0)), "looks inside an MLP"),
    ("inspector given NaN weights", lambda: inspect(blown_up()), "NaN or infinity"),
    ("inspector given 6 inputs", lambda: inspect(reader((6, 4, 10))), "784 inputs"),
    ("inspector no hidden layer", lambda: inspect(reader((784, 10))), "one hidden layer"),
    ("inspector X empty", lambda: inspect(X=np.zeros((0, 784)), y=[]), "X is empty"),
    ("inspector X with NaN", lambda: inspect(X=DIGITS * np.nan), "NaN or infinity"),
    ("inspector X of 0 to 255", lambda: inspect(X=DIGITS * 255), "Divide pixels of 0 to 255"),
    ("inspector X negative", lambda: inspect(X=DIGITS - 0.5), "from 0 .background. to 1"),
    ("inspector X 785 wide", lambda: inspect(X=np.zeros((20, 785))), r"shape \(n, 784\)"),
    ("inspector X as images", lambda: inspect(X=DIGITS.reshape(20, 28, 28)), "reshape"),
    ("inspector y short", lambda: inspect(y=LABELS[:5]), "20 examples but y has 5"),
    ("inspector y of 10", lambda: inspect(y=LABELS + 1), "from 0 to 9"),
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
    # ---- KnockOutExplorer (notebook 07) ----
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
    ("knock out X_rank NaN", lambda: knock(X_rank=DIGITS * np.nan), "NaN or infinity"),
    ("knock out X_rank 0 to 255", lambda: knock(X_rank=DIGITS * 255), "pixels of X_rank"),
    ("knock out X empty", lambda: knock(X=np.zeros((0, 784)), y=[]), "X is empty"),
    ("knock out seed -1", lambda: knock(seed=-1), "at least 0"),
    ("knock out layer the output", lambda: knock(layer=3), "layer 3 is the output"),
    # ---- NetworkPad (notebook 07) and the DrawingPad (notebook 09) ----
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
