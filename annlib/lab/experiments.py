"""Experiments: train one network for every combination of some settings, and collect what
happened in one tidy table.

    results = experiments.grid(MLP, X, y, vary={"lr": [0.01, 0.1, 1.0]}, seeds=[0, 1],
                               validation=(X_val, y_val), sizes=[784, 30, 10], epochs=5)
    plots.plot_grid(results, x="lr")          # validation accuracy at the end, against lr

``vary`` holds the settings that change, each with its list of values; every other keyword
is a setting that stays the same. A setting is given to the network (MLP(sizes=..., ...))
or to its training (fit(..., lr=..., epochs=...)), whichever has a setting of that name.
Every run takes its seed, for the network's starting weights and for the order of its
training examples, so the same call gives the same table.

The table has one row per run and epoch: a column for each varied setting, then seed,
epoch, loss, accuracy (on the training examples), val_loss and val_accuracy (on the
validation examples) and seconds. That shape ("tidy": one observation per row) is the
one pandas groups, filters and plots most easily.

Before the first run trains, grid builds every run's network and checks every setting, so
a mistake in the last combination stops the grid at once, not after an hour of training.
A run whose loss diverges (too large a learning rate, say) is a result too: its rows end
with the epoch where it diverged, with that epoch's loss (inf or NaN) and no validation
scores (NaN), and the grid goes on. Pressing stop (KeyboardInterrupt) keeps the runs that
finished: grid returns their table and says so (see grid).
"""

from __future__ import annotations

import contextlib
import inspect
import io
import itertools

import numpy as np
import pandas as pd

from .. import _validate
from .._network import NetworkModel
from ..train import check_settings, fit

METRICS = ("loss", "accuracy", "val_loss", "val_accuracy", "seconds")
GIVEN_BY_GRID = ("model", "X", "y", "validation", "progress", "seed")  # fit's, set by grid
FITS_STOP_LINE = "Training stopped after"  # how fit's message on a stopped run begins


def _settings_of(network) -> tuple[set[str], bool]:
    """The names of the settings ``network`` takes, and whether it takes any (**settings)."""
    try:
        parameters = inspect.signature(network).parameters.values()
    except (TypeError, ValueError):  # no signature to read
        raise TypeError(
            f"network must be an annlib network class, such as MLP, or a function that makes "
            f"one; got {network!r}."
        ) from None
    named = {p.name for p in parameters if p.kind in (p.POSITIONAL_OR_KEYWORD, p.KEYWORD_ONLY)}
    return named, any(p.kind == p.VAR_KEYWORD for p in parameters)


def _check_network(network) -> None:
    if isinstance(network, NetworkModel):
        raise TypeError(
            f"network must be the class, such as MLP, not a network already made "
            f"({type(network).__name__}(...)): grid makes a fresh one for every run."
        )
    if not callable(network):
        raise TypeError(
            f"network must be an annlib network class, such as MLP, or a function that makes "
            f"one; got {network!r}."
        )


def _shown(value):
    """A setting's value as the table shows it: a list (such as sizes) as a tuple, so
    that pandas can group by it; a NumPy number as a plain one."""
    if isinstance(value, (list, tuple, np.ndarray)):
        return tuple(_shown(v) for v in value)
    return value.item() if isinstance(value, np.generic) else value


def _check_vary(vary) -> dict[str, list]:
    if not isinstance(vary, dict) or not vary:
        raise TypeError(
            "vary must be a dict of the settings that change, each with a list of values, "
            f"such as vary={{'lr': [0.01, 0.1]}}; got {vary!r}."
        )
    checked = {}
    for name, values in vary.items():
        if isinstance(values, (str, bytes, dict, set, frozenset)) or not hasattr(
            values, "__iter__"
        ):
            raise TypeError(
                f"vary[{name!r}] must be a list of the values to try, such as "
                f"[{values!r}, ...]; got {values!r}."
            )
        values = list(values)
        if not values:
            raise ValueError(f"vary[{name!r}] is empty: give at least one value to try.")
        shown = [_shown(v) for v in values]
        with contextlib.suppress(TypeError):  # (values that cannot be compared so are not)
            if len(set(shown)) < len(shown):
                raise ValueError(
                    f"vary[{name!r}] holds a value twice ({shown}): give each value once "
                    "(for repeated runs, give more seeds)."
                )
        checked[name] = values
    return checked


def _check_seeds(seeds) -> list[int]:
    if isinstance(seeds, (str, bytes, dict, set, frozenset)) or not hasattr(seeds, "__iter__"):
        raise TypeError(
            "seeds must be a list of whole numbers of at least 0, such as [0, 1, 2] or "
            f"range(3); got {seeds!r}."
        )
    seeds = [
        _validate.whole_number(s, f"seeds[{i}] (a seed)", minimum=0, example="0 or 1")
        for i, s in enumerate(seeds)
    ]
    if not seeds:
        raise ValueError(
            "seeds must be a list of whole numbers of at least 0, such as [0, 1]; got none."
        )
    if len(set(seeds)) < len(seeds):
        raise ValueError(
            f"seeds must all be different; got {seeds}: a seed given twice trains the same run "
            "twice."
        )
    return seeds


def _check_names(vary, fixed, for_network, takes_any, for_fit) -> None:
    if "seed" in vary or "seed" in fixed:
        raise ValueError("give the seeds as seeds=[...], not as a setting: each run takes one.")
    both = [n for n in vary if n in fixed]
    if both:
        raise ValueError(
            f"{both[0]!r} is both varied (in vary) and fixed (a keyword of its own): give it "
            "once, in vary to try several values, or as a keyword to keep one."
        )
    taken = [n for n in [*vary, *fixed] if n in GIVEN_BY_GRID]
    if taken:
        raise ValueError(
            f"{taken[0]!r} is set by grid itself for every run, so it cannot be a setting: "
            "give validation=(X_val, y_val) and progress=... to grid."
        )
    unknown = [n for n in [*vary, *fixed] if n not in for_network | for_fit and not takes_any]
    if unknown:
        raise ValueError(
            f"unknown setting(s) {unknown}: the network takes {sorted(for_network - {'seed'})}, "
            f"and its training takes {sorted(for_fit)}."
        )


def _describe(changed: dict, seed: int) -> str:
    return ", ".join(f"{k}={_shown(v)!r}" for k, v in {**changed, "seed": seed}.items())


def _build(network, settings: dict, seed: int, where: str):
    """The network of one run, made with its settings and seed."""
    try:
        model = network(**settings)
    except (TypeError, ValueError) as error:
        raise type(error)(f"the network of the run with {where} cannot be made: {error}") from None
    if not isinstance(model, NetworkModel):
        raise TypeError(
            f"network must make an annlib network (MLP or ConvNet); for the run with {where} "
            f"it made {type(model).__name__}."
        )
    return model


def _fits_own_checks(model, trained: dict) -> None:
    """Check the training settings of a run with fit's own checks, without training (the
    data are checked by _check_data; validation is always given to a grid's runs)."""
    check_settings(model, validation=(), progress=False, **trained)


def _check_data(model, X, y, validation, seen: dict) -> None:
    """Check (X, y) and validation against one run's network, as fit will. Inputs pass or
    fail alike for networks of the same kind, width and number type: those are checked once."""
    key = (type(model), model.n_inputs, model.dtype)
    if key not in seen:
        if not (isinstance(validation, (tuple, list)) and len(validation) == 2):
            raise TypeError(f"validation must be a pair (X_val, y_val); got {validation!r}.")
        n = len(model.check_inputs(X)[0])
        if not n:
            raise ValueError("X holds no examples; there is nothing to learn from.")
        n_val = len(model.check_inputs(validation[0])[0])
        if not n_val:
            raise ValueError("the validation set holds no examples: give some.")
        seen[key] = n, n_val
    n, n_val = seen[key]
    model.targets(y, n)
    model.targets(validation[1], n_val)


def _history_table(history) -> pd.DataFrame:
    """One row per epoch. An epoch where the loss diverged has its loss and accuracy, but no
    validation scores and no time: those are NaN."""
    n = len(history.epoch)
    columns = {m: list(getattr(history, m)) for m in METRICS}
    return pd.DataFrame(
        {"epoch": history.epoch, **{m: v + [np.nan] * (n - len(v)) for m, v in columns.items()}}
    )


def _fit_run(model, X, y, *, validation, seed, trained):
    """fit for one run. If the run is stopped, fit prints where its network keeps what it
    learned; inside a grid that network is out of the learner's reach, so that line is
    left out (grid says what it keeps instead). Anything else printed during the run (by a
    callback, say) is passed on when the run ends."""
    printed = io.StringIO()
    try:
        with contextlib.redirect_stdout(printed), np.errstate(over="ignore", invalid="ignore"):
            return fit(model, X, y, validation=validation, seed=seed, progress=False, **trained)
    finally:
        lines = printed.getvalue().splitlines(keepends=True)
        print("".join(line for line in lines if not line.startswith(FITS_STOP_LINE)), end="")


def _run_table(model, X, y, validation, seed, trained, where: str) -> pd.DataFrame:
    """The rows of one run: its history, one row per epoch."""
    try:
        history = _fit_run(model, X, y, validation=validation, seed=seed, trained=trained)
    except FloatingPointError as error:  # the numbers grew past what the network holds
        history = model.history_
        print(
            f"The run with {where} diverged in epoch {len(history)}: its rows end with that "
            f"epoch, whose val_loss and val_accuracy are NaN. ({error})"
        )
    return _history_table(history)


def _stopped(finished: int, runs: list, names: list) -> str:
    """What grid says when it is stopped: where, and what it gives back."""
    total = len(runs)
    if finished == total:
        return f"The grid was stopped after its last run: all {total} runs are in the table."
    changed, seed = runs[finished]
    return (
        f"The grid was stopped (you pressed stop) during run {finished + 1} of {total} (with "
        f"{_describe(changed, seed)}), which is left out: the table returned holds the "
        f"{finished} run{'' if finished == 1 else 's'} that finished, every epoch of each. "
        "Run grid again for them all."
    )


def grid(network, X, y, *, vary, validation, seeds=(0,), progress=True, **fixed) -> pd.DataFrame:
    """Train ``network`` (an annlib network class, such as MLP, or a function that makes
    one) once for every combination of the values in ``vary`` and every seed, measured on
    ``validation`` = (X_val, y_val) after every epoch. Returns the tidy table described in
    this module's help: one row per run and epoch.

    Every run's network is built and every setting checked before the first run trains.
    If you press stop (KeyboardInterrupt) while it runs, grid stops and returns the table
    of the runs that finished, says which run it was in (that run is left out: it did not
    finish), and notes it in the table's ``attrs["stopped"]``; stopped during the first
    run, nothing has finished, and the KeyboardInterrupt goes on as usual.
    """
    _check_network(network)
    vary = _check_vary(vary)
    seeds = _check_seeds(seeds)
    if validation is None:
        raise ValueError(
            "grid compares settings on held-out examples: give validation=(X_val, y_val), "
            "never the test examples (a setting chosen on them flatters itself)."
        )
    for_network, takes_any = _settings_of(network)
    for_fit = _settings_of(fit)[0] - set(GIVEN_BY_GRID)
    _check_names(vary, fixed, for_network, takes_any, for_fit)
    names = list(vary)
    runs = [
        (dict(zip(names, values)), seed)
        for values in itertools.product(*vary.values())
        for seed in seeds
    ]

    def split(changed: dict, seed: int) -> tuple[dict, dict]:
        """A run's settings: those that make its network, and those of its training."""
        settings = {**fixed, **changed}
        to_network = {k for k in settings if k in for_network or (takes_any and k not in for_fit)}
        made = {k: v for k, v in settings.items() if k in to_network}
        if "seed" in for_network or takes_any:
            made["seed"] = seed
        return made, {k: v for k, v in settings.items() if k not in to_network}

    seen = {}
    for changed, seed in runs:  # everything checked before the first run trains
        made, trained = split(changed, seed)
        model = _build(network, made, seed, _describe(changed, seed))
        _check_data(model, X, y, validation, seen)
        _fits_own_checks(model, trained)
    from .._progress import progress_bar

    bar = progress_bar(len(runs), desc="experiments", unit="run", show=progress)
    tables, stopped = [], None
    try:
        for changed, seed in runs:
            made, trained = split(changed, seed)
            where = _describe(changed, seed)
            model = _build(network, made, seed, where)
            table = _run_table(model, X, y, validation, seed, trained, where)
            for name in reversed(names):
                table.insert(0, name, [_shown(changed[name])] * len(table))
            table.insert(len(names), "seed", seed)
            tables.append(table)
            bar.update(1)
    except KeyboardInterrupt:
        if not tables:
            print(f"The grid was stopped during run 1 of {len(runs)}: no run finished.")
            raise
        stopped = _stopped(len(tables), runs, names)
        print(stopped)
    finally:
        bar.close()
    results = pd.concat(tables, ignore_index=True)[[*names, "seed", "epoch", *METRICS]]
    if stopped:
        results.attrs["stopped"] = stopped
    return results


def _check_results(results) -> pd.DataFrame:
    return _validate.table(
        results,
        "results",
        columns=("seed", "epoch", *METRICS),
        expected="the table that experiments.grid returns",
    )


def final(results: pd.DataFrame) -> pd.DataFrame:
    """The last epoch of every run: one row per run. (A setting of None is a value like any
    other; a run that diverged ends with the epoch where it did.)"""
    results = _check_results(results).reset_index(drop=True)
    keys = [c for c in results.columns if c not in ("epoch", *METRICS)]
    last = results.groupby(keys, sort=False, dropna=False)["epoch"].idxmax()
    return results.loc[last.to_numpy()].reset_index(drop=True)


def summary(results: pd.DataFrame, metric: str = "val_accuracy") -> pd.DataFrame:
    """For each combination of settings, ``metric`` at the last epoch: mean, lowest and
    highest over the seeds. If a run of a combination diverged, its val_loss and
    val_accuracy are NaN, and so are that combination's mean, lowest and highest."""
    if not isinstance(metric, str) or metric not in METRICS:
        raise ValueError(f"metric must be one of {list(METRICS)}; got {metric!r}.")
    ends = final(results)
    keys = [c for c in ends.columns if c not in ("seed", "epoch", *METRICS)]
    if not keys:
        raise ValueError(
            "results has no column of a varied setting, so it is not the table that "
            f"experiments.grid returns; its columns are {list(results.columns)}."
        )
    groups = ends.groupby(keys, sort=False, dropna=False)
    by = groups[metric]
    table = groups.head(1)[keys].reset_index(drop=True)  # (the settings as given: None stays)
    stats = by.agg(["mean", "min", "max", "count", "size"])
    stats.loc[stats["count"] < stats["size"], ["mean", "min", "max"]] = np.nan  # (a NaN run)
    for column in ("mean", "min", "max"):
        table[column] = stats[column].to_numpy()
    return table
