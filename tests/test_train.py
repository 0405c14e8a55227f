"""Training: XOR to 100% from a fixed seed, histories, early stopping, clear errors."""

import numpy as np
import pytest

from annlib.data.examples import two_moons
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


def test_the_history_of_a_diverged_training_is_still_a_table():
    """The diverged epoch has its loss but no validation scores and no time (NaN there);
    the epochs before it are whole (found by review: to_frame used to fail)."""
    rng = np.random.default_rng(0)
    X, y = rng.normal(size=(40, 2)), (rng.random(40) > 0.5).astype(int)
    model = MLP([2, 4, 2], seed=0)
    calls = []

    def blow_up_in_epoch_3(history, model):
        calls.append(1)
        if len(calls) == 2:
            model.params["W1"][...] = 1e30  # the next epoch's loss overflows

    with np.errstate(all="ignore"), pytest.raises(FloatingPointError):
        fit(model, X, y, epochs=5, validation=(X, y), callback=blow_up_in_epoch_3, progress=False)
    table = model.history_.to_frame()
    assert list(table.index) == [1, 2, 3]
    assert table.loc[[1, 2], ["val_loss", "seconds"]].notna().all().all()
    assert table.loc[3, ["val_loss", "val_accuracy", "seconds"]].isna().all()


def test_divergence_leaves_the_last_finite_weights():
    X = np.random.default_rng(0).normal(size=(50, 3)) * 100
    y = np.random.default_rng(1).normal(size=(50, 1)) * 100
    model = MLP([3, 8, 1], output="identity", loss="sse", seed=0)
    with np.errstate(all="ignore"), pytest.raises(FloatingPointError, match="keeps its weights"):
        fit(model, X, y, epochs=50, lr=10.0, progress=False)
    assert all(np.isfinite(p).all() for p in model.params.values())
    assert model.history_.interrupted == "the loss diverged"


def _moons_training(model, callback, **settings):
    X, y = two_moons(60, noise=0.35, seed=0)
    X_val, y_val = two_moons(100, noise=0.35, seed=1)
    return fit(
        model,
        X,
        y,
        epochs=30,
        batch_size=8,
        lr=0.05,
        optimizer="adam",
        validation=(X_val, y_val),
        seed=0,
        progress=False,
        callback=callback,
        **settings,
    )


def test_the_stop_button_keeps_the_weights_and_history_of_complete_epochs(capsys):
    after = {}

    def remember(history, model):
        after[len(history)] = {k: v.copy() for k, v in model.params.items()}

    batches = []

    def press_stop_in_epoch_4(batch, rng):  # 8 minibatches per epoch: stop in the 4th epoch
        batches.append(len(batch))
        if len(batches) == 3 * 8 + 3:
            raise KeyboardInterrupt
        return batch

    model = MLP([2, 16, 2], seed=0)
    with pytest.raises(KeyboardInterrupt):
        _moons_training(model, remember, augment=press_stop_in_epoch_4)
    assert len(model.history_) == 3 and model.history_.interrupted == "you pressed stop"
    for name, value in model.params.items():  # not the half-done fourth epoch
        assert np.array_equal(value, after[3][name])
    said = capsys.readouterr().out
    assert "Training stopped after 3 complete epochs (you pressed stop)" in said
    assert "from the end of epoch 3" in said and "model.history_" in said


def test_stopping_with_early_stopping_on_keeps_the_best_weights(capsys):
    best = {}

    def stop_at_epoch_12(history, model):
        if history.val_loss[-1] == min(history.val_loss):
            best.update({k: v.copy() for k, v in model.params.items()})
        if len(history) == 12:
            raise KeyboardInterrupt

    model = MLP([2, 16, 2], seed=0)
    with pytest.raises(KeyboardInterrupt):
        _moons_training(model, stop_at_epoch_12, early_stopping=25)
    assert len(model.history_) == 12
    for name, value in model.params.items():
        assert np.array_equal(value, best[name])
    assert f"best weights, from epoch {model.history_.best_epoch}" in capsys.readouterr().out


def test_an_error_in_a_callback_keeps_the_history_and_says_so(capsys):
    def broken(history, model):
        if len(history) == 2:
            raise ValueError("my plot went wrong")

    model = MLP([2, 16, 2], seed=0)
    with pytest.raises(ValueError, match="my plot went wrong"):
        _moons_training(model, broken)
    assert len(model.history_) == 2 and model.history_.to_frame().shape[0] == 2
    assert "(stopped by an error, ValueError (below))" in capsys.readouterr().out


def test_a_stop_before_the_first_epoch_ends_keeps_the_starting_weights(capsys):
    model = MLP([2, 16, 2], seed=0)
    start = {k: v.copy() for k, v in model.params.items()}

    def stop_at_once(batch, rng):
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        _moons_training(model, None, augment=stop_at_once)
    assert all(np.array_equal(v, start[k]) for k, v in model.params.items())
    assert "after 0 complete epochs" in capsys.readouterr().out


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


def test_weights_that_overflow_are_divergence_even_when_the_loss_looks_fine():
    X, y = two_moons(8, seed=0)
    model = MLP([2, 4, 2], seed=0)
    start = {k: v.copy() for k, v in model.params.items()}
    with np.errstate(all="ignore"), pytest.raises(FloatingPointError, match="weights grew"):
        fit(model, X, y, epochs=1, batch_size=16, lr=1e300, progress=False)
    assert all(np.array_equal(v, start[k]) for k, v in model.params.items())


def test_weight_decay_adds_lambda_times_each_weight_to_its_gradient_not_the_biases():
    """One step of plain SGD with weight decay is the step on loss + lambda/2 * sum(W^2)."""
    X, y = two_moons(32, noise=0.2, seed=0)
    lam, lr = 0.5, 0.1
    model = MLP([2, 5, 2], seed=0, dtype="float64")
    start = {k: v.copy() for k, v in model.params.items()}
    model.fit(X, y, epochs=1, batch_size=32, lr=lr, weight_decay=lam, seed=0, progress=False)
    by_hand = MLP([2, 5, 2], seed=0, dtype="float64")
    order = np.random.default_rng(0).permutation(32)  # fit's shuffle with seed 0
    _, cache = by_hand.forward(X[order], keep=True)
    grads = by_hand.backward(cache, by_hand.targets(y[order], 32))
    for name, value in start.items():
        slope = grads[name] + (lam * value if name.startswith("W") else 0)
        assert np.allclose(model.params[name], value - lr * slope), name


def test_weight_decay_keeps_weights_smaller_and_checks_its_value():
    X, y = two_moons(200, noise=0.2, seed=0)

    def size(weight_decay):
        model = MLP([2, 16, 2], seed=0).fit(
            X, y, epochs=20, lr=0.05, weight_decay=weight_decay, progress=False
        )
        return sum(float(np.sum(model.params[k] ** 2)) for k in model.params if k[0] == "W")

    assert size(0.05) < 0.7 * size(0.0)
    with pytest.raises(ValueError, match="weight_decay must be 0"):
        MLP([2, 2]).fit(X, y, weight_decay=-1, progress=False)
    with pytest.raises((TypeError, ValueError), match="weight_decay"):
        MLP([2, 2]).fit(X, y, weight_decay="a lot", progress=False)


def test_the_step_schedule_divides_the_rate_by_ten_at_half_and_three_quarters(monkeypatch):
    import annlib.optim as optim

    rates = [optim.SCHEDULES["step"](0.1, t, 8) for t in range(8)]
    assert rates == pytest.approx([0.1] * 4 + [0.01] * 2 + [0.001] * 2)
    made = []  # the optimiser fit makes, to read its rate after each epoch

    class Watched(optim.SGD):
        def __init__(self, lr):
            super().__init__(lr)
            made.append(self)

    monkeypatch.setitem(optim.OPTIMIZERS, "sgd", Watched)
    seen = []
    X, y = two_moons(64, noise=0.2, seed=0)
    fit(
        MLP([2, 4, 2], seed=0),
        X,
        y,
        epochs=4,
        lr=0.2,
        schedule="step",
        progress=False,
        callback=lambda history, model: seen.append(made[0].lr),
    )
    assert seen == pytest.approx([0.2, 0.2, 0.02, 0.002])
