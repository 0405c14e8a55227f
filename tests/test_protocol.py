"""Every model a learner trains follows one protocol (scikit-learn's, with the differences
annlib/model.py lists; tests/test_sklearn.py runs the models in scikit-learn's tools):

fit(X, y) returns the model and keeps a History on history_; predict, predict_proba and
score; using what fit learns before fit raises NotFittedError, which says to call fit,
while a misspelt name raises Python's own AttributeError.
"""

import numpy as np
import pytest
from bar_images import bars

from annlib._network import NetworkModel
from annlib.baselines import AverageDarkness, NearestMean, RandomGuess
from annlib.conv import ConvNet
from annlib.mlp import MLP
from annlib.model import History, Model, NotFittedError
from annlib.train import fit

X, Y = bars(300, seed=0)
X_TEST, Y_TEST = bars(300, seed=1)
TRAINING = {"epochs": 30, "batch_size": 16, "lr": 0.01, "optimizer": "adam", "progress": False}

MODELS = {
    "RandomGuess": lambda: RandomGuess(seed=0),
    "AverageDarkness": AverageDarkness,
    "NearestMean": NearestMean,
    "MLP": lambda: MLP([64, 16, 3], seed=0),
    "ConvNet": lambda: ConvNet(
        image_shape=(8, 8), filters=(4, 6), kernel_sizes=(3, 2), n_classes=3, seed=0
    ),
}
NETWORKS = ["MLP", "ConvNet"]
BASELINES = ["RandomGuess", "AverageDarkness", "NearestMean"]


def fitted(name):
    model = MODELS[name]()
    settings = TRAINING if name in NETWORKS else {}
    return model, model.fit(X, Y, **settings)


@pytest.mark.parametrize("name", MODELS)
def test_fit_returns_the_model_itself_with_a_history(name):
    model, returned = fitted(name)
    assert returned is model
    history = model.history_
    assert isinstance(history, History)
    assert len(history) == (TRAINING["epochs"] if name in NETWORKS else 1)
    assert history.to_frame().shape[0] == len(history)
    assert history.accuracy[-1] == pytest.approx(
        model.score(X, Y), abs=0.05 if name in NETWORKS else 0
    )
    assert all(s >= 0 for s in history.seconds)


@pytest.mark.parametrize("name", MODELS)
def test_predict_predict_proba_and_score_agree(name):
    _, model = fitted(name)
    labels, P = model.predict(X_TEST), model.predict_proba(X_TEST)
    assert labels.shape == (len(X_TEST),) and labels.dtype.kind == "i"
    assert set(labels.tolist()) <= {0, 1, 2}
    assert P.shape == (len(X_TEST), 3) and np.all(P >= 0)
    assert np.allclose(P.sum(axis=1), 1, atol=1e-5)  # probabilities of the three classes
    assert model.score(X_TEST, Y_TEST) == pytest.approx(np.mean(labels == Y_TEST))
    if name != "RandomGuess":  # the guesser draws its answers; the others answer their best
        assert np.array_equal(labels, P.argmax(axis=1))


@pytest.mark.parametrize(
    "name, low, high",
    [
        ("RandomGuess", 0.25, 0.42),  # a third, by chance
        ("AverageDarkness", 0.25, 0.42),  # every bar has the same ink: no better than guessing
        ("NearestMean", 0.45, 0.75),
        ("MLP", 1.0, 1.0),
        ("ConvNet", 1.0, 1.0),
    ],
)
def test_each_model_reaches_its_known_accuracy(name, low, high):
    _, model = fitted(name)
    assert low <= model.score(X_TEST, Y_TEST) <= high


def test_baseline_probabilities_mean_what_they_say():
    guess = RandomGuess(seed=0).fit(X, Y)
    assert np.allclose(guess.predict_proba(X_TEST[:4]), 1 / 3)  # knows nothing: all alike
    sure = NearestMean().fit(X, Y).predict_proba(X_TEST[:50])
    assert set(np.unique(sure).tolist()) == {0.0, 1.0} and np.all(sure.sum(axis=1) == 1)


def test_baselines_keep_the_labels_they_saw():
    model = NearestMean().fit(X, Y + 5)  # labels 5, 6, 7
    assert model.classes_.tolist() == [5, 6, 7]
    assert set(model.predict(X_TEST).tolist()) <= {5, 6, 7}
    with pytest.raises(ValueError, match="at least two classes"):
        NearestMean().fit(X, np.zeros(len(X), int))


@pytest.mark.parametrize("name", BASELINES)
def test_a_baseline_used_before_fit_says_to_call_fit(name):
    model = MODELS[name]()
    for use in (model.predict, model.predict_proba):
        with pytest.raises(
            NotFittedError,
            match=rf"this {name} cannot read digits yet because "
            r"it has not been trained yet: call model\.fit",
        ):
            use(X)
    with pytest.raises(NotFittedError, match=f"this {name} has no history_"):
        model.history_  # noqa: B018


@pytest.mark.parametrize("name", NETWORKS)
def test_an_untrained_network_predicts_but_has_no_history(name):
    model = MODELS[name]()
    assert model.predict(X_TEST).shape == (len(X_TEST),)  # random starting weights
    assert model.score(X_TEST, Y_TEST) < 0.7
    assert not hasattr(model, "history_")  # NotFittedError is an AttributeError ...
    with pytest.raises(
        ValueError,
        match=rf"this {name} has no history_ because it has not been "
        r"trained yet: call model\.fit\(X_train, y_train\)",
    ):
        model.history_  # noqa: B018  ... and a ValueError, like scikit-learn's
    with pytest.raises(AttributeError, match="has no attribute 'histroy_'") as typo:
        model.histroy_  # noqa: B018  a misspelt name is not "call fit first"
    assert not isinstance(typo.value, NotFittedError)


def test_model_fit_and_train_fit_are_one_training():
    a, b = MLP([64, 16, 3], seed=0), MLP([64, 16, 3], seed=0)
    history = fit(a, X, Y, **TRAINING)
    assert b.fit(X, Y, **TRAINING) is b
    assert history is a.history_
    assert history.loss == b.history_.loss
    assert all(np.array_equal(a.params[k], b.params[k]) for k in a.params)


def test_the_history_fills_while_training_and_is_replaced_by_the_next_fit():
    seen = []
    model = MLP([64, 8, 3], seed=0)
    model.fit(
        X, Y, epochs=3, progress=False, callback=lambda history, m: seen.append(len(m.history_))
    )
    first = model.history_
    assert seen == [1, 2, 3]
    model.fit(X, Y, epochs=2, progress=False)
    assert len(model.history_) == 2 and model.history_ is not first


def test_bad_settings_leave_the_history_alone():
    model = MLP([64, 8, 3], seed=0).fit(X, Y, epochs=2, progress=False)
    with pytest.raises(ValueError):
        model.fit(X, Y, epochs=0)
    assert len(model.history_) == 2


def test_fit_names_what_it_trains():
    with pytest.raises(
        TypeError,
        match=r"fit trains an annlib network \(MLP or ConvNet\); got "
        r"NearestMean\. Other models train with their own",
    ):
        fit(NearestMean(), X, Y)


def test_both_networks_share_one_implementation():
    assert issubclass(MLP, NetworkModel) and issubclass(ConvNet, NetworkModel)
    assert not issubclass(ConvNet, MLP)
    for method in (
        "predict",
        "predict_proba",
        "score",
        "evaluate",
        "fit",
        "save",
        "load",
        "check_inputs",
        "targets",
    ):
        assert method not in vars(MLP) and method not in vars(ConvNet), method


@pytest.mark.parametrize(
    "name, learned",
    [
        ("RandomGuess", ["history_", "classes_", "n_features_in_"]),
        ("AverageDarkness", ["history_", "classes_", "n_features_in_", "mean_ink_"]),
        ("NearestMean", ["history_", "classes_", "n_features_in_", "means_"]),
    ],
)
def test_every_learned_name_read_before_fit_says_to_call_fit(name, learned):
    """model.py's promise: every name fit learns (each declared with Learned) raises
    NotFittedError before fit; any other missing name, Python's own AttributeError."""
    model = MODELS[name]()
    for attribute in learned:
        with pytest.raises(NotFittedError, match=rf"this {name} has no {attribute} because"):
            getattr(model, attribute)
        assert not hasattr(model, attribute)  # an AttributeError too
    with pytest.raises(AttributeError) as error:  # before fit, a typo is still a typo
        model.meens_  # noqa: B018
    assert not isinstance(error.value, NotFittedError)
    model.fit(X, Y)
    assert all(hasattr(model, attribute) for attribute in learned)
    with pytest.raises(AttributeError) as error:  # a name fit does not learn: a plain typo
        model.meens_  # noqa: B018
    assert not isinstance(error.value, NotFittedError)


@pytest.mark.parametrize("name", NETWORKS)
def test_networks_name_their_classes_like_every_model(name):
    model = MODELS[name]()
    assert model.classes_.tolist() == [0, 1, 2]  # one class per output, known before fit
    assert MLP([2, 1], output="sigmoid", loss="sse").classes_.tolist() == [0, 1]  # yes/no
    for method in ("predict", "score"):  # one implementation serves every model
        assert getattr(type(model), method) is getattr(Model, method)


def test_accuracy_has_one_definition(monkeypatch):
    """score, evaluate and the training history all count right answers with metrics.n_right."""
    from annlib import metrics

    counted = []

    def n_right(y_true, y_pred):
        counted.append(len(y_true))
        return int(np.count_nonzero(np.asarray(y_true) == np.asarray(y_pred)))

    monkeypatch.setattr(metrics, "n_right", n_right)
    model = MODELS["MLP"]()
    model.fit(X[:40], Y[:40], epochs=1, batch_size=16, progress=False)
    assert counted == [16, 16, 8]  # the training loop, one count per minibatch
    counted.clear()
    model.score(X_TEST, Y_TEST), model.evaluate(X_TEST, Y_TEST), NearestMean().fit(X, Y)
    assert counted == [len(X_TEST), len(X_TEST), len(X)]  # score, evaluate, a baseline's history
    assert metrics.accuracy([1, 2, 3, 4], [1, 2, 0, 4]) == 0.75 and counted[-1] == 4
    # no examples: a clear error, not NaN (which compares as neither better nor worse)
    with pytest.raises(ValueError, match="no examples to score"):
        metrics.accuracy([], [])
    with pytest.raises(ValueError, match="no examples to score"):
        NearestMean().fit(X, Y).score(X[:0], Y[:0])
