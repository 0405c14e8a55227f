"""annlib.lab.experiments: a grid of training runs as one tidy table, and its pictures."""

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest

from annlib import plots
from annlib.data.examples import two_moons
from annlib.lab import experiments
from annlib.mlp import MLP


@pytest.fixture(scope="module")
def moons():
    X, y = two_moons(200, noise=0.2, seed=0)
    return (X[:150], y[:150]), (X[150:], y[150:])


def small_grid(moons, **extra):
    (X, y), validation = moons
    settings = {"sizes": [2, 8, 2], "epochs": 3, "batch_size": 32, **extra}
    return experiments.grid(
        MLP,
        X,
        y,
        vary={"lr": [0.01, 0.3], "activation": ["relu", "tanh"]},
        seeds=[0, 1],
        validation=validation,
        progress=False,
        **settings,
    )


def test_one_row_per_run_and_epoch_with_the_settings_and_seed(moons):
    results = small_grid(moons)
    assert list(results.columns) == [
        "lr",
        "activation",
        "seed",
        "epoch",
        "loss",
        "accuracy",
        "val_loss",
        "val_accuracy",
        "seconds",
    ]
    assert len(results) == 2 * 2 * 2 * 3  # lr x activation x seeds x epochs
    runs = results.groupby(["lr", "activation", "seed"]).epoch.apply(list)
    assert all(epochs == [1, 2, 3] for epochs in runs)
    assert results.val_accuracy.between(0, 1).all() and (results.seconds > 0).all()


def test_each_run_is_the_training_it_names(moons):
    """A row's numbers are those of fit with that run's settings and seed, done by hand."""
    (X, y), validation = moons
    results = small_grid(moons)
    by_hand = MLP([2, 8, 2], activation="tanh", seed=1).fit(
        X, y, epochs=3, batch_size=32, lr=0.3, validation=validation, seed=1, progress=False
    )
    run = results[(results.lr == 0.3) & (results.activation == "tanh") & (results.seed == 1)]
    assert np.allclose(run.val_loss, by_hand.history_.val_loss)
    assert np.allclose(run.loss, by_hand.history_.loss)


def test_the_same_call_gives_the_same_table(moons):
    a, b = small_grid(moons), small_grid(moons)
    columns = ["loss", "accuracy", "val_loss", "val_accuracy"]
    assert np.array_equal(a[columns].to_numpy(), b[columns].to_numpy())


def test_final_and_summary_give_one_row_per_run_and_per_setting(moons):
    results = small_grid(moons)
    ends = experiments.final(results)
    assert len(ends) == 8 and (ends.epoch == 3).all()
    table = experiments.summary(results)
    assert len(table) == 4 and list(table.columns) == ["lr", "activation", "mean", "min", "max"]
    row = table[(table.lr == 0.3) & (table.activation == "relu")].iloc[0]
    seeds = ends[(ends.lr == 0.3) & (ends.activation == "relu")].val_accuracy
    assert row["mean"] == pytest.approx(seeds.mean()) and row["min"] == seeds.min()


def test_a_list_setting_can_be_varied_and_grouped(moons):
    (X, y), validation = moons
    results = experiments.grid(
        MLP,
        X,
        y,
        vary={"sizes": [[2, 4, 2], [2, 16, 2]]},
        validation=validation,
        progress=False,
        epochs=2,
    )
    assert set(results["sizes"]) == {(2, 4, 2), (2, 16, 2)}
    assert len(experiments.summary(results)) == 2


@pytest.mark.parametrize(
    "change, error, message",
    [
        ({"vary": {}}, TypeError, "vary must be a dict"),
        ({"vary": {"lr": 0.1}}, TypeError, r"vary\['lr'\] must be a list"),
        ({"vary": {"lr": []}}, ValueError, "is empty"),
        ({"vary": {"learning_rate": [0.1]}}, ValueError, "unknown setting.*learning_rate"),
        ({"seeds": []}, ValueError, "seeds must be a list"),
        ({"seeds": [0.5]}, TypeError, r"seeds\[0\] \(a seed\) must be a whole number"),
        ({"validation": None}, ValueError, "never the test examples"),
        ({"seed": 3}, ValueError, "seeds=\\[...\\]"),
        ({"network": "MLP"}, TypeError, "network must be an annlib network"),
    ],
)
def test_bad_settings_say_what_to_give(moons, change, error, message):
    (X, y), validation = moons
    arguments = {
        "vary": {"lr": [0.1]},
        "validation": validation,
        "progress": False,
        "sizes": [2, 4, 2],
        "epochs": 1,
        **change,
    }
    network = arguments.pop("network", MLP)
    with pytest.raises(error, match=message):
        experiments.grid(network, X, y, **arguments)


def test_the_pictures_show_a_line_per_setting_with_a_band_for_the_seeds(moons):
    results = small_grid(moons)
    ax = plots.plot_grid(results, x="lr")
    assert len(ax.lines) == 2  # one per activation
    assert [t.get_text() for t in ax.get_legend().get_texts()] == [
        "activation = relu",
        "activation = tanh",
    ]
    assert len(ax.collections) == 2  # the seeds' ranges
    assert {line.get_marker() for line in ax.lines} == {"o", "s"}  # not colour alone
    plt.close(ax.figure)
    ax = plots.plot_grid_curves(results, y="val_loss", legend_loc="upper right")
    assert len(ax.lines) == 4 and ax.get_xlabel() == "epoch"
    assert len(ax.lines[0].get_xdata()) == 3
    labels = [t.get_text() for t in ax.get_legend().get_texts()]
    assert len(labels) == 5 and "band" in labels[-1]  # one entry says what the bands show
    assert ax.get_legend()._loc == 1  # upper right, where it was asked to be
    plt.close(ax.figure)
    with pytest.raises(ValueError, match="no column 'momentum'"):
        plots.plot_grid(results, x="momentum")


def test_seeds_of_numpy_integers_are_whole_numbers(moons):
    (X, y), validation = moons
    results = experiments.grid(
        MLP,
        X,
        y,
        vary={"lr": [0.1]},
        seeds=np.arange(2),
        validation=validation,
        progress=False,
        sizes=[2, 4, 2],
        epochs=1,
    )
    assert sorted(results.seed) == [0, 1] and results.seed.map(type).eq(int).all()


class StopAtCall:
    """A callback (after every epoch) that presses stop at its call number ``at``."""

    def __init__(self, at):
        self.at, self.calls = at, 0

    def __call__(self, history, model):
        self.calls += 1
        if self.calls == self.at:
            raise KeyboardInterrupt


def test_a_grid_stopped_in_its_third_run_gives_back_the_two_that_finished(moons, capsys):
    (X, y), validation = moons
    stop = StopAtCall(at=5)  # epochs=2: run 3's first epoch
    results = experiments.grid(
        MLP,
        X,
        y,
        vary={"lr": [0.05, 0.1, 0.2, 0.3]},
        validation=validation,
        progress=False,
        sizes=[2, 4, 2],
        epochs=2,
        callback=stop,
    )
    assert list(results.lr.unique()) == [0.05, 0.1] and len(results) == 4  # run 3 left out
    said = capsys.readouterr().out
    assert "run 3 of 4" in said and "the 2 runs that finished" in said
    assert "model.history_" not in said  # (fit's note about a network the learner never sees)
    assert "run 3 of 4" in results.attrs["stopped"]
    by_hand = MLP([2, 4, 2], seed=0).fit(
        X, y, epochs=2, lr=0.1, validation=validation, progress=False
    )
    assert np.allclose(results[results.lr == 0.1].val_loss, by_hand.history_.val_loss)
    with pytest.raises(KeyboardInterrupt):  # stopped in run 1: nothing to give back
        experiments.grid(
            MLP,
            X,
            y,
            vary={"lr": [0.1, 0.2]},
            validation=validation,
            progress=False,
            sizes=[2, 4, 2],
            epochs=2,
            callback=StopAtCall(at=1),
        )


def test_every_run_is_checked_before_the_first_one_trains(moons):
    (X, y), validation = moons
    trained = StopAtCall(at=0)  # counts the epochs trained, never stops
    for vary, words in [
        ({"activation": ["relu", "nonsense"]}, "activation='nonsense'.*unknown activation"),
        ({"sizes": [[2, 4, 2], [3, 4, 2]]}, "3 inputs"),
        ({"lr": [0.1, -1]}, "lr .*greater than 0"),
        ({"optimizer": ["sgd", "rmsprop"]}, "unknown optimizer"),
        ({"early_stopping": [None, 0]}, "early_stopping"),
    ]:
        settings = {"sizes": [2, 4, 2], "epochs": 1, "callback": trained}
        settings = {k: v for k, v in settings.items() if k not in vary}
        with pytest.raises((ValueError, TypeError), match=words):
            experiments.grid(
                MLP, X, y, vary=vary, validation=validation, progress=False, **settings
            )
    assert trained.calls == 0


def test_a_run_that_diverges_is_a_result_and_the_grid_goes_on(moons, capsys):
    (X, y), validation = moons
    results = experiments.grid(
        MLP,
        X,
        y,
        vary={"lr": [0.1, 1e4]},
        validation=validation,
        progress=False,
        sizes=[2, 4, 2],
        epochs=3,
    )
    assert list(results[results.lr == 0.1].epoch) == [1, 2, 3]
    wild = results[results.lr == 1e4]
    assert wild.val_accuracy.iloc[:-1].notna().all() and np.isnan(wild.val_accuracy.iloc[-1])
    assert "lr=10000.0, seed=0 diverged in epoch" in capsys.readouterr().out
    table = experiments.summary(results).set_index("lr")
    assert np.isnan(table.loc[1e4, "mean"]) and table.loc[0.1, "mean"] > 0.5


def test_a_setting_of_none_is_a_value_like_any_other(moons):
    (X, y), validation = moons
    results = experiments.grid(
        MLP,
        X,
        y,
        vary={"early_stopping": [None, 2]},
        seeds=[0, 1],
        validation=validation,
        progress=False,
        sizes=[2, 4, 2],
        epochs=2,
    )
    ends = experiments.final(results)
    assert len(ends) == 4 and list(ends.early_stopping) == [None, None, 2, 2]
    table = experiments.summary(results)
    assert list(table.early_stopping) == [None, 2] and table["mean"].notna().all()


def test_a_network_function_taking_any_settings_gets_them_and_its_seed(moons):
    from annlib.dropout import DropoutMLP

    (X, y), validation = moons
    results = experiments.grid(
        DropoutMLP,
        X,
        y,
        vary={"activation": ["relu", "tanh"]},
        seeds=[0, 1],
        validation=validation,
        progress=False,
        sizes=[2, 8, 2],
        dropout=0.2,
        epochs=1,
    )
    seed1 = results[(results.activation == "tanh") & (results.seed == 1)]
    by_hand = DropoutMLP([2, 8, 2], dropout=0.2, activation="tanh", seed=1).fit(
        X, y, epochs=1, validation=validation, seed=1, progress=False
    )
    assert np.allclose(seed1.val_loss, by_hand.history_.val_loss)
    made = []

    def network(**settings):
        made.append(settings)
        return MLP(**settings)

    experiments.grid(
        network,
        X,
        y,
        vary={"lr": [0.1]},
        seeds=[3],
        validation=validation,
        progress=False,
        sizes=[2, 4, 2],
        epochs=1,
    )
    assert made[-1] == {"sizes": [2, 4, 2], "seed": 3}


def test_the_pictures_show_a_gap_where_a_seed_diverged_not_the_others_mean():
    rows = [
        {"lr": lr, "seed": seed, "epoch": epoch, **{m: 0.5 for m in experiments.METRICS}}
        for lr in (0.1, 1.0)
        for seed in (0, 1)
        for epoch in (1, 2, 3)
        if not (lr == 1.0 and seed == 1 and epoch == 3)  # this run diverged in epoch 2
    ]
    results = pd.DataFrame(rows)
    results.loc[
        (results.lr == 1.0) & (results.seed == 1) & (results.epoch == 2), "val_accuracy"
    ] = np.nan
    ends = plots.plot_grid(results, x="lr").lines[0].get_ydata()
    assert ends[0] == 0.5 and np.isnan(ends[1])  # not 0.5, the mean of the seed that survived
    curves = plots.plot_grid_curves(results).lines
    assert list(curves[0].get_ydata()) == [0.5] * 3
    assert curves[1].get_ydata()[0] == 0.5 and np.isnan(curves[1].get_ydata()[1:]).all()
    plt.close("all")
