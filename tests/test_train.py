"""Training: XOR to 100% from a fixed seed, histories, early stopping, clear errors."""

import numpy as np
import pytest

from annlib.examples import two_moons
from annlib.mlp import MLP
from annlib.train import History, fit

XOR_X = np.array([[0, 0], [0, 1], [1, 0], [1, 1]])
XOR_Y = np.array([0, 1, 1, 0])


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_xor_reaches_100_percent_from_a_fixed_seed(seed):
    model = MLP([2, 4, 1], activation="sigmoid", output="sigmoid", loss="sse", seed=seed)
    assert model.score(XOR_X, XOR_Y) < 1.0  # the random start does not know XOR
    history = fit(model, XOR_X, XOR_Y, epochs=2000, batch_size=4, lr=2.0, seed=0, progress=False)
    assert model.score(XOR_X, XOR_Y) == 1.0 and model.predict(XOR_X).tolist() == [0, 1, 1, 0]
    assert history.accuracy[-1] == 1.0  # the accuracy seen while training agrees
    assert history.loss[-1] < history.loss[0] / 10
    assert history is model.history_ and isinstance(history, History)


def test_training_is_repeatable():
    X, y = two_moons(200, noise=0.15, seed=0)
    runs = []
    for _ in range(2):
        model = MLP([2, 16, 2], seed=0)
        fit(model, X, y, epochs=5, batch_size=16, lr=0.1, seed=3, progress=False)
        runs.append(model.params["W1"].copy())
    assert np.array_equal(*runs)


@pytest.mark.parametrize("optimizer, lr", [("sgd", 0.3), ("momentum", 0.05), ("adam", 0.01)])
def test_every_optimizer_learns_two_moons(optimizer, lr):
    X, y = two_moons(400, noise=0.1, seed=0)
    X_val, y_val = two_moons(200, noise=0.1, seed=1)
    model = MLP([2, 32, 32, 2], seed=0)
    history = fit(
        model,
        X,
        y,
        epochs=60,
        batch_size=32,
        lr=lr,
        optimizer=optimizer,
        validation=(X_val, y_val),
        seed=0,
        progress=False,
    )
    assert history.val_accuracy[-1] >= 0.97
    table = history.to_frame()
    assert list(table.columns) == ["loss", "accuracy", "val_loss", "val_accuracy", "seconds"]
    assert len(table) == 60


def test_early_stopping_keeps_the_best_weights():
    X, y = two_moons(60, noise=0.35, seed=0)
    X_val, y_val = two_moons(300, noise=0.35, seed=1)
    model = MLP([2, 64, 64, 2], seed=0)
    history = fit(
        model,
        X,
        y,
        epochs=400,
        batch_size=8,
        lr=0.01,
        optimizer="adam",
        validation=(X_val, y_val),
        early_stopping=10,
        seed=0,
        progress=False,
    )
    assert history.stopped_early and len(history) < 400
    best = history.best_epoch
    assert history.val_loss[best - 1] == min(history.val_loss)
    assert model.evaluate(X_val, y_val)[0] == pytest.approx(history.val_loss[best - 1], rel=1e-5)


def test_callback_sees_every_epoch_and_can_stop():
    seen = []

    def callback(history, model):
        seen.append(len(history))
        return len(history) < 3

    fit(
        MLP([2, 4, 1], output="sigmoid", loss="sse"),
        XOR_X,
        XOR_Y,
        epochs=10,
        callback=callback,
        progress=False,
    )
    assert seen == [1, 2, 3]


def test_divergence_is_reported_with_advice():
    X = np.random.default_rng(0).normal(size=(50, 3)) * 100
    y = np.random.default_rng(1).normal(size=(50, 1)) * 100
    model = MLP([3, 8, 1], output="identity", loss="sse", seed=0)
    with (
        np.errstate(all="ignore"),
        pytest.raises(FloatingPointError, match="smaller learning rate"),
    ):
        fit(model, X, y, epochs=50, lr=10.0, progress=False)


@pytest.mark.parametrize(
    "kwargs, words",
    [
        ({"epochs": 0}, "epochs must be a whole number of at least 1; got 0"),
        ({"seed": -1}, "seed must be a whole number of at least 0"),
        ({"early_stopping": 2.5, "validation": (XOR_X, XOR_Y)}, "early_stopping .* whole number"),
        ({"batch_size": 2.5}, "batch_size must be a whole number"),
        ({"lr": -1}, "lr .* greater than 0"),
        ({"lr": "fast"}, "lr .* must be a number"),
        ({"optimizer": "rmsprop"}, "choose one of"),
        ({"optimizer": "momentum", "momentum": "0.9"}, r"momentum must be a number .*got '0\.9'"),
        ({"optimizer": "momentum", "momentum": 1.0}, r"momentum must be from 0 up to .*got 1\.0"),
        ({"momentum": -0.5}, r"momentum must be from 0 up to .*got -0\.5"),
        ({"early_stopping": 3}, "give validation"),
        ({"validation": XOR_X}, "pair"),
    ],
)
def test_bad_settings_get_clear_errors(kwargs, words):
    with pytest.raises((ValueError, TypeError), match=words):
        fit(MLP([2, 2, 1], output="sigmoid", loss="sse"), XOR_X, XOR_Y, progress=False, **kwargs)


def test_bad_data_gets_clear_errors():
    model = MLP([2, 3, 2], seed=0)
    with pytest.raises(ValueError, match="X has 4 examples but y has 3"):
        fit(model, XOR_X, [0, 1, 1], progress=False)
    with pytest.raises(ValueError, match="no examples"):
        fit(model, np.zeros((0, 2)), [], progress=False)
    with pytest.raises(TypeError, match=r"fit trains an annlib network \(MLP or ConvNet\); got s"):
        fit("model", XOR_X, XOR_Y)


def test_augment_changes_every_minibatch():
    seen = []

    def augment(xb, rng):
        seen.append(len(xb))
        return xb + rng.normal(0, 0.01, size=xb.shape)

    X, y = two_moons(100, seed=0)
    fit(MLP([2, 4, 2], seed=0), X, y, epochs=2, batch_size=32, augment=augment, progress=False)
    assert seen == [32, 32, 32, 4] * 2
