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
"""

from __future__ import annotations

import inspect
import itertools

import pandas as pd

from .train import fit

METRICS = ("loss", "accuracy", "val_loss", "val_accuracy", "seconds")


def _settings_of(function) -> set[str]:
    return {
        name
        for name, p in inspect.signature(function).parameters.items()
        if p.kind in (p.POSITIONAL_OR_KEYWORD, p.KEYWORD_ONLY)
    }


def _check_vary(vary) -> dict[str, list]:
    if not isinstance(vary, dict) or not vary:
        raise TypeError(
            "vary must be a dict of the settings that change, each with a list of values, "
            f"such as vary={{'lr': [0.01, 0.1]}}; got {vary!r}."
        )
    checked = {}
    for name, values in vary.items():
        if isinstance(values, (str, bytes)) or not hasattr(values, "__iter__"):
            raise TypeError(
                f"vary[{name!r}] must be a list of the values to try, such as "
                f"[{values!r}, ...]; got {values!r}."
            )
        values = list(values)
        if not values:
            raise ValueError(f"vary[{name!r}] is empty: give at least one value to try.")
        checked[name] = values
    return checked


def grid(network, X, y, *, vary, validation, seeds=(0,), progress=True, **fixed) -> pd.DataFrame:
    """Train ``network`` (an annlib network class, such as MLP, or a function that makes
    one) once for every combination of the values in ``vary`` and every seed, measured on
    ``validation`` = (X_val, y_val) after every epoch. Returns the tidy table described in
    this module's help: one row per run and epoch.
    """
    if not callable(network):
        raise TypeError(
            f"network must be an annlib network class, such as MLP, or a function that makes "
            f"one; got {network!r}."
        )
    vary = _check_vary(vary)
    given, seeds = seeds, list(seeds) if hasattr(seeds, "__iter__") else []
    if not seeds or not all(isinstance(s, int) and s >= 0 for s in seeds):
        raise ValueError(
            f"seeds must be a list of whole numbers of at least 0, such as [0, 1]; got {given!r}."
        )
    if "seed" in vary or "seed" in fixed:
        raise ValueError("give the seeds as seeds=[...], not as a setting: each run takes one.")
    if validation is None:
        raise ValueError(
            "grid compares settings on held-out examples: give validation=(X_val, y_val), "
            "never the test examples (a setting chosen on them flatters itself)."
        )
    for_network, for_fit = _settings_of(network), _settings_of(fit) - {"model", "X", "y"}
    unknown = [n for n in [*vary, *fixed] if n not in for_network | for_fit]
    if unknown:
        raise ValueError(
            f"unknown setting(s) {unknown}: the network takes {sorted(for_network - {'seed'})}, "
            f"and its training takes {sorted(for_fit - {'validation', 'progress', 'seed'})}."
        )
    names = list(vary)
    runs = [
        (dict(zip(names, values)), seed)
        for values in itertools.product(*vary.values())
        for seed in seeds
    ]
    from .progress import progress_bar

    bar = progress_bar(len(runs), desc="experiments", unit="run", show=progress)
    tables = []
    try:
        for changed, seed in runs:
            settings = {**fixed, **changed}
            made = {k: v for k, v in settings.items() if k in for_network}
            if "seed" in for_network:
                made["seed"] = seed
            model = network(**made)
            trained = {k: v for k, v in settings.items() if k in for_fit and k not in made}
            history = fit(model, X, y, validation=validation, seed=seed, progress=False, **trained)
            table = history.to_frame().reset_index()
            for name in reversed(names):  # (a list, such as sizes, as a tuple: it can group)
                shown = tuple(changed[name]) if isinstance(changed[name], list) else changed[name]
                table.insert(0, name, [shown] * len(table))
            table.insert(len(names), "seed", seed)
            tables.append(table)
            bar.update(1)
    finally:
        bar.close()
    return pd.concat(tables, ignore_index=True)[[*names, "seed", "epoch", *METRICS]]


def final(results: pd.DataFrame) -> pd.DataFrame:
    """The last epoch of every run: one row per run."""
    keys = [c for c in results.columns if c not in ("epoch", *METRICS)]
    ends = results.sort_values("epoch", kind="stable").groupby(keys, sort=False).tail(1)
    return ends.reset_index(drop=True)


def summary(results: pd.DataFrame, metric: str = "val_accuracy") -> pd.DataFrame:
    """For each combination of settings, ``metric`` at the last epoch: mean, lowest and
    highest over the seeds."""
    if metric not in METRICS:
        raise ValueError(f"metric must be one of {list(METRICS)}; got {metric!r}.")
    ends = final(results)
    keys = [c for c in ends.columns if c not in ("seed", "epoch", *METRICS)]
    return ends.groupby(keys, sort=False)[metric].agg(["mean", "min", "max"]).reset_index()
