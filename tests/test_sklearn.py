"""annlib's models in scikit-learn's tools: clone, cross_val_score, Pipeline, GridSearchCV.

annlib does not import scikit-learn (the course does: it is in the course's requirements),
yet its models follow scikit-learn's protocol. What differs on purpose is listed in
annlib/model.py's help; each difference has a test here, named for it. The data are tiny
and the trainings a few epochs, so the whole file takes seconds.
"""

from __future__ import annotations

import copy
import inspect
import pickle
import re

import numpy as np
import pytest
import sklearn
from sklearn.base import clone, is_classifier
from sklearn.model_selection import GridSearchCV, cross_val_score
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import StandardScaler
from sklearn.utils.validation import check_is_fitted

from annlib.baselines import AverageDarkness, NearestMean, RandomGuess
from annlib.conv import ConvNet
from annlib.dropout import DropoutMLP
from annlib.mlp import MLP
from annlib.model import Model, NotFittedError

QUIET = {"progress": False}
SKLEARN = tuple(int(part) for part in re.match(r"(\d+)\.(\d+)", sklearn.__version__).groups())


def two_clouds(n=120, seed=0, offset=0.0):
    """Two well separated clouds of points in 2-D, labels 0 and 1 taking turns."""
    rng = np.random.default_rng(seed)
    y = np.arange(n) % 2
    X = rng.normal(size=(n, 2)) + np.where(y[:, None] == 1, 2.5, -2.5) + offset
    return X, y


def quadrants(n=120, seed=0):
    """XOR in 2-D: label 1 where x and y have the same sign. No straight line separates it."""
    rng = np.random.default_rng(seed)
    X = rng.uniform(-1, 1, (n, 2))
    return X, (X[:, 0] * X[:, 1] > 0).astype(int)


def fit_settings(settings: dict) -> dict:
    """cross_val_score's keyword for fit's settings: params= from scikit-learn 1.4 on,
    fit_params= before (removed in 1.6)."""
    return {"params" if SKLEARN >= (1, 4) else "fit_params": settings}


def takes_every_argument_by_name(cls) -> bool:
    kinds = [p.kind for p in inspect.signature(cls).parameters.values()]
    return inspect.Parameter.VAR_KEYWORD not in kinds


MODELS = {
    "MLP": lambda: MLP([2, 8, 2], seed=3),
    "ConvNet": lambda: ConvNet(
        image_shape=(6, 6), filters=(2, 3), kernel_sizes=(3, 2), n_classes=2, seed=1
    ),
    "DropoutMLP": lambda: DropoutMLP([2, 8, 2], dropout=0.25, seed=2),
    "NearestMean": NearestMean,
    "RandomGuess": lambda: RandomGuess(seed=4),
}


def data_for(model):
    """Small data the model takes: 36 pixels for the ConvNet, 2 numbers for the others."""
    X, y = two_clouds(60)
    if isinstance(model, ConvNet):
        X = np.tile(X, 18)
    return X, y


# ---- clone, get_params, set_params ---------------------------------------------------


@pytest.mark.parametrize("name", MODELS)
def test_clone_makes_the_same_model_untrained(name):
    model = MODELS[name]()
    if not takes_every_argument_by_name(type(model)):
        pytest.skip(
            f"{name}'s constructor still takes **settings, so get_params cannot list its "
            "arguments: pending the lead's change to an explicit signature (issue 33)"
        )
    X, y = data_for(model)
    training = {"epochs": 2, **QUIET} if hasattr(model, "params") else {}  # networks only
    model.fit(X, y, **training)
    twin = clone(model)
    assert type(twin) is type(model) and twin is not model
    assert twin.get_params() == model.get_params()
    assert not hasattr(twin, "history_") and hasattr(model, "history_")  # clone never trains
    if hasattr(model, "params"):  # a network: the starting weights its seed gives, not fit's
        fresh = MODELS[name]()
        assert all(np.array_equal(twin.params[k], fresh.params[k]) for k in fresh.params)
        assert not all(np.array_equal(twin.params[k], model.params[k]) for k in model.params)
    assert twin.fit(X, y, **training) is twin


def test_get_params_returns_the_arguments_as_given():
    sizes = [2, 3, 2]
    model = MLP(sizes, activation="tanh", seed=5)
    params = model.get_params()
    assert params["sizes"] is sizes  # the very object: what clone checks
    assert params == {
        "sizes": [2, 3, 2],
        "activation": "tanh",
        "output": "softmax",
        "loss": "cross_entropy",
        "seed": 5,
        "dtype": "float32",
        "init": "auto",
    }  # the defaults of the arguments not given
    assert model.get_params(deep=False) == params  # no annlib model holds another model
    # ... while the attributes keep what the constructor made of them
    assert model.sizes == (2, 3, 2) and model.activation.name == "tanh"
    assert ConvNet().get_params()["filters"] == (16, 64)
    assert RandomGuess().get_params() == {"seed": 0} and NearestMean().get_params() == {}
    assert copy.deepcopy(model).get_params() == params
    assert pickle.loads(pickle.dumps(model)).get_params() == params


def test_help_shows_each_constructor_s_own_arguments():
    """Model.__new__ keeps the arguments for get_params; what help() and JupyterLab show
    for a class is still its constructor's signature."""
    assert str(inspect.signature(NearestMean)) == "()"
    assert str(inspect.signature(RandomGuess)) == "(seed=0)"
    assert list(inspect.signature(MLP).parameters)[:2] == ["sizes", "activation"]


def test_set_params_builds_the_model_again_with_new_weights():
    X, y = two_clouds()
    model = MLP([2, 8, 2], seed=0).fit(X, y, epochs=2, **QUIET)
    assert model.set_params(seed=1, activation="tanh") is model
    assert model.get_params()["seed"] == 1 and model.activation.name == "tanh"
    rebuilt = MLP([2, 8, 2], activation="tanh", seed=1)
    assert all(np.array_equal(model.params[k], rebuilt.params[k]) for k in rebuilt.params)
    assert not hasattr(model, "history_")  # what fit learned went with the old weights
    assert model.set_params() is model  # nothing to change: nothing changes


def test_set_params_refuses_unknown_names_and_bad_values_and_changes_nothing():
    model = MLP([2, 8, 2], seed=0)
    weights, params = copy.deepcopy(model.params), model.get_params()
    with pytest.raises(
        ValueError,
        match=r"'epochs' is not an argument of MLP; its arguments are sizes, activation, "
        r"output, loss, seed, dtype, init\. Training settings, such as epochs or lr, are "
        r"not the model's: give them to fit",
    ):
        model.set_params(epochs=3)
    with pytest.raises(TypeError, match="sizes must be a list of layer sizes"):
        model.set_params(sizes=-1)
    assert model.get_params() == params
    assert all(np.array_equal(model.params[k], weights[k]) for k in weights)
    with pytest.raises(
        ValueError, match="'seed' is not an argument of NearestMean; its arguments are none"
    ):
        NearestMean().set_params(seed=1)


def test_a_constructor_with_star_arguments_is_refused_by_get_params():
    class Loose(Model):
        def __init__(self, **settings):
            self.settings = settings

    with pytest.raises(TypeError, match=r"Loose's constructor takes \*\*settings, so get_params"):
        Loose(a=1).get_params()
    with pytest.raises(TypeError, match="name every argument"):
        clone(Loose(a=1))


# ---- scikit-learn's tools ----------------------------------------------------------------


@pytest.mark.parametrize("name", MODELS)
def test_every_model_is_a_classifier_to_scikit_learn(name):
    model = MODELS[name]()
    assert is_classifier(model)
    if SKLEARN >= (1, 6):
        from sklearn.utils import get_tags

        tags = get_tags(model)
        assert tags.estimator_type == "classifier" and tags.target_tags.required
        assert tags.classifier_tags.poor_score == (name == "RandomGuess")
    else:
        assert model._estimator_type == "classifier" and model._more_tags()["requires_y"]


def test_cross_val_score_on_a_separable_problem():
    X, y = two_clouds()
    scores = cross_val_score(
        MLP([2, 8, 2], seed=0), X, y, cv=3, **fit_settings({"epochs": 3, **QUIET})
    )
    assert len(scores) == 3 and scores.min() > 0.9  # chance: 0.5
    assert cross_val_score(NearestMean(), X, y, cv=3).min() > 0.9
    assert cross_val_score(RandomGuess(seed=0), X, y, cv=3).mean() < 0.75


def test_a_pipeline_scales_then_trains():
    X, y = two_clouds(offset=40.0)  # far from 0: the scaler brings them back
    X_test, y_test = two_clouds(seed=1, offset=40.0)
    pipe = Pipeline([("scale", StandardScaler()), ("net", MLP([2, 8, 2], seed=0))])
    assert pipe.fit(X, y, net__epochs=3, net__progress=False) is pipe
    assert len(pipe.named_steps["net"].history_) == 3  # fit's settings reached the network
    assert np.allclose(pipe.named_steps["scale"].mean_, X.mean(axis=0))
    assert pipe.predict(X_test).shape == (len(X_test),)
    assert pipe.score(X_test, y_test) > 0.9
    assert pipe.classes_.tolist() == [0, 1]


def test_grid_search_picks_the_setting_that_learns():
    """On XOR, a network without a hidden layer (a straight line) cannot do well."""
    X, y = quadrants()
    search = GridSearchCV(MLP([2, 2], seed=0), {"sizes": [[2, 2], [2, 16, 2]]}, cv=3)
    search.fit(X, y, epochs=60, lr=0.05, optimizer="adam", batch_size=16, **QUIET)
    line, hidden = search.cv_results_["mean_test_score"]
    assert search.best_params_ == {"sizes": [2, 16, 2]}
    assert hidden > 0.9 and line < hidden - 0.2
    assert len(search.best_estimator_.history_) == 60  # refitted with fit's settings
    assert search.score(*quadrants(seed=1)) > 0.85


def test_fitted_means_fit_has_run():
    X, y = two_clouds()
    reader = NearestMean()
    assert not reader.__sklearn_is_fitted__()
    with pytest.raises(sklearn.exceptions.NotFittedError):
        check_is_fitted(reader)
    check_is_fitted(reader.fit(X, y))
    net = MLP([2, 8, 2])
    assert not net.__sklearn_is_fitted__()
    assert net.fit(X, y, epochs=1, **QUIET).__sklearn_is_fitted__()


# ---- what differs on purpose (annlib/model.py's help, "What differs, on purpose") --------


def test_difference_1_weights_exist_before_fit():
    X, y = two_clouds()
    net = MLP([2, 8, 2], seed=0)
    assert set(net.params) == {"W1", "b1", "W2", "b2"}  # made by the constructor
    assert net.predict(X).shape == (len(X),)  # so it predicts, unfitted (by chance)
    with pytest.raises(NotFittedError, match="this MLP has no history_"):
        net.history_  # noqa: B018  only what fit learns needs fit
    with pytest.raises(NotFittedError, match="this NearestMean cannot read digits yet"):
        NearestMean().predict(X)  # a baseline knows nothing before fit


def test_difference_1_networks_tell_scikit_learn_they_predict_before_fit():
    net, reader = MLP([2, 8, 2]), NearestMean()
    if not MLP.predicts_before_fit:
        pytest.skip(
            "NetworkModel does not set predicts_before_fit = True yet: pending the lead's "
            "one-line change to annlib/_network.py (issue 33)"
        )
    if SKLEARN >= (1, 6):
        from sklearn.utils import get_tags

        assert not get_tags(net).requires_fit and get_tags(reader).requires_fit
    else:
        assert not net._more_tags()["requires_fit"] and reader._more_tags()["requires_fit"]
    if SKLEARN >= (1, 6):  # check_is_fitted reads the tag from 1.6 on
        check_is_fitted(net)


def test_difference_2_fit_goes_on_from_the_current_weights():
    X, y = two_clouds()
    full_batch = {"epochs": 1, "batch_size": len(X), "lr": 0.5, **QUIET}
    twice = MLP([2, 8, 2], seed=0)
    twice.fit(X, y, **full_batch)
    after_one = copy.deepcopy(twice.params)
    twice.fit(X, y, **full_batch)
    once = MLP([2, 8, 2], seed=0).fit(X, y, **{**full_batch, "epochs": 2})
    # plain gradient descent on the whole set: the second fit starts where the first ended,
    # so two fits of 1 epoch are one fit of 2 (to rounding)
    assert all(np.allclose(twice.params[k], once.params[k], atol=1e-6) for k in once.params)
    assert not all(np.allclose(twice.params[k], after_one[k], atol=1e-3) for k in after_one)
    # with minibatches and Adam they differ: each fit shuffles from its seed again and
    # starts Adam's memory afresh
    adam = {"epochs": 1, "batch_size": 16, "lr": 0.01, "optimizer": "adam", **QUIET}
    twice = MLP([2, 8, 2], seed=0).fit(X, y, **adam).fit(X, y, **adam)
    once = MLP([2, 8, 2], seed=0).fit(X, y, **{**adam, "epochs": 2})
    gap = max(np.abs(twice.params[k] - once.params[k]).max() for k in once.params)
    assert gap > 1e-3
    # to start again: a clone (or a new model) has the starting weights
    restart = clone(twice)
    assert all(np.array_equal(restart.params[k], MLP([2, 8, 2]).params[k]) for k in once.params)


def test_difference_3_training_settings_are_fit_arguments():
    X, y = two_clouds()
    with pytest.raises(TypeError, match="epochs"):
        MLP([2, 8, 2], epochs=3)
    epochs_seen = []
    cross_val_score(
        MLP([2, 8, 2]),
        X,
        y,
        cv=3,
        **fit_settings({"epochs": 2, "callback": lambda h, m: epochs_seen.append(1), **QUIET}),
    )
    assert len(epochs_seen) == 3 * 2  # three folds, two epochs each
    search = GridSearchCV(MLP([2, 8, 2]), {"epochs": [1, 2]}, cv=3)
    with pytest.raises(ValueError, match="'epochs' is not an argument of MLP"):
        search.fit(X, y, **QUIET)  # only constructor arguments can be searched over


def test_difference_4_the_shape_comes_from_the_constructor():
    X, y = two_clouds()
    three = MLP([2, 8, 3], seed=0)
    assert three.classes_.tolist() == [0, 1, 2]  # one class per output, before fit
    three.fit(X, y, epochs=2, **QUIET)  # labels 0 and 1 only
    assert three.predict_proba(X).shape == (len(X), 3) and three.classes_.tolist() == [0, 1, 2]
    with pytest.raises(ValueError, match=r"the network has 2 inputs, so X must have shape"):
        three.fit(np.hstack([X, X]), y, **QUIET)
    with pytest.raises(ValueError, match="labels must be whole numbers from 0 to 2"):
        three.fit(X, y + 5, **QUIET)
    assert NearestMean().fit(X, y + 5).classes_.tolist() == [5, 6]  # a baseline learns them


def test_difference_5_constructors_check_their_arguments_at_once():
    with pytest.raises(TypeError, match="sizes must be a list of layer sizes"):
        MLP(sizes=-1)  # scikit-learn's own models would wait for fit to say so
    with pytest.raises(ValueError, match="seed must be a whole number"):
        RandomGuess(seed=-1)


# ---- errors that say what to do ------------------------------------------------------------


@pytest.mark.parametrize("reader", [NearestMean, AverageDarkness, RandomGuess])
def test_baselines_say_what_is_wrong_with_data_they_cannot_learn_from(reader):
    X, y = two_clouds(12)
    cases = [
        (np.empty((0, 2)), [], "X holds no examples"),
        (np.empty((12, 0)), y, r"X has 0 feature\(s\) \(shape=\(12, 0\)\) while a minimum"),
        (X, None, "fit requires y to be passed, but the target y is None"),
        (X, np.zeros(12), r"only one class \(label 0\)"),
        (X, y + 0.5, "labels must be whole numbers.*continuous values"),
    ]
    for X_bad, y_bad, said in cases:
        with pytest.raises(ValueError, match=said):
            reader().fit(X_bad, y_bad)
    fitted = reader().fit(X, y)
    with pytest.raises(ValueError, match="X has 3 features, but .* is expecting 2 features"):
        fitted.predict(np.zeros((4, 3)))
    with pytest.raises(ValueError, match=r"Reshape your data \(for a single example"):
        fitted.predict(X[0])
