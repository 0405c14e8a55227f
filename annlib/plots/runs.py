"""Pictures of a grid of experiments (annlib.lab.experiments.grid): a result against a setting,
and curves over the epochs, one per combination of settings.

Each line has its own Okabe-Ito colour and, as a second cue, its own marker and dashes;
where several seeds ran, the line is their mean and the band their lowest to highest.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ._style import INK, _new_axes, _open_frame

# Okabe-Ito's colours (readable with every common colour-vision deficiency), in the order
# lines get them, with a marker and dashes each so that no line depends on colour alone
SERIES = (
    ("#d55e00", "o", "-"),
    ("#0072b2", "s", "--"),
    ("#009e73", "^", "-."),
    ("#cc79a7", "D", ":"),
    ("#e69f00", "v", "-"),
    ("#56b4e9", "P", "--"),
    ("#000000", "X", "-."),
)
LABELS = {
    "loss": "loss (training examples)",
    "accuracy": "accuracy (training examples)",
    "val_loss": "loss (validation examples)",
    "val_accuracy": "accuracy (validation examples)",
    "seconds": "seconds per epoch",
}


def series_style(i: int) -> dict:
    colour, marker, dashes = SERIES[i % len(SERIES)]
    return {"color": colour, "marker": marker, "linestyle": dashes}


def _check(results, *columns) -> None:
    if not isinstance(results, pd.DataFrame) or "epoch" not in results:
        raise TypeError("give the table that experiments.grid returns (one row per run and epoch).")
    missing = [c for c in columns if c is not None and c not in results]
    if missing:
        raise ValueError(f"the table has no column {missing[0]!r}; it has {list(results.columns)}.")


def _settings(results) -> list[str]:
    from ..lab.experiments import METRICS

    return [c for c in results.columns if c not in ("seed", "epoch", *METRICS)]


def _label(keys, values) -> str:
    values = values if isinstance(values, tuple) else (values,)
    return ", ".join(f"{k} = {v}" for k, v in zip(keys, values))


def _over_seeds(part: pd.DataFrame, by: str, y: str) -> pd.DataFrame:
    """The mean, min and max of ``y`` over the seeds for each value of ``by``: NaN (a gap in
    the line) where a seed has no number there, because its run diverged or stopped, so
    that the mean of the others never hides it."""
    runs = part["seed"].nunique()
    stats = part.groupby(by, sort=True)[y].agg(["mean", "min", "max", "count"])
    stats.loc[stats["count"] < runs, ["mean", "min", "max"]] = np.nan
    return stats


def _legend_handles(ax) -> list:
    """The lines, then (if any band is labelled) one grey patch for what the bands show."""
    from matplotlib.patches import Patch

    handles = [line for line in ax.lines if not line.get_label().startswith("_")]
    bands = [c for c in ax.collections if not c.get_label().startswith("_")]
    if bands:
        handles.append(Patch(color="#999999", alpha=0.35, label=bands[0].get_label()))
    return handles


def plot_grid(results, x: str, y: str = "val_accuracy", ax=None, log_x=None):
    """``y`` at the last epoch against the setting ``x``: one line for each combination of
    the other varied settings, the mean over the seeds, with their range as a band (a gap
    where a seed's run diverged)."""
    from ..lab.experiments import final

    _check(results, x, y)
    ends = final(results)
    others = [c for c in _settings(results) if c != x]
    ax = _new_axes(ax, (5.5, 3.6))
    groups = ends.groupby(others, sort=False) if others else [((), ends)]
    for i, (key, part) in enumerate(groups):
        stats = _over_seeds(part, x, y)
        xs = np.asarray(stats.index, dtype=float)
        style = series_style(i)
        ax.plot(xs, stats["mean"], label=_label(others, key) if others else None, **style)
        if (stats["max"] > stats["min"]).any():
            ax.fill_between(xs, stats["min"], stats["max"], color=style["color"], alpha=0.15)
    values = ends[x].astype(float)
    if log_x if log_x is not None else (values.min() > 0 and values.max() / values.min() >= 100):
        ax.set_xscale("log")
    ax.set(xlabel=x, ylabel=LABELS.get(y, y) + " at the end")
    if others:
        ax.legend(frameon=False, fontsize=9)
    _open_frame(ax)
    return ax


def plot_grid_curves(results, y: str = "val_accuracy", ax=None, legend_loc: str = "best"):
    """``y`` after each epoch: one curve for each combination of the varied settings, the
    mean over the seeds, with their range as a band (a gap where a seed's run diverged),
    and a legend (at ``legend_loc``, a matplotlib location) that says so."""
    _check(results, y)
    keys = _settings(results)
    ax = _new_axes(ax, (5.5, 3.6))
    banded = False
    for i, (key, part) in enumerate(results.groupby(keys, sort=False)):
        stats = _over_seeds(part, "epoch", y)
        style = series_style(i)
        ax.plot(stats.index, stats["mean"], label=_label(keys, key), markersize=4, **style)
        if (stats["max"] > stats["min"]).any():
            ax.fill_between(
                stats.index,
                stats["min"],
                stats["max"],
                color=style["color"],
                alpha=0.15,
                # one legend entry says what every band is (in grey: it stands for them all)
                label=None if banded else "line: mean of the seeds; band: lowest to highest",
            )
            banded = True
    ax.set(xlabel="epoch", ylabel=LABELS.get(y, y))
    ax.legend(handles=_legend_handles(ax), frameon=False, fontsize=9, loc=legend_loc)
    _open_frame(ax)
    return ax


def plot_lr_range_test(test, ax=None):
    """The learning-rate range test (annlib.lab.lr_range): each step's loss against its rate
    (log scale), smoothed, with the suggested rate (if there is one) and where the loss
    blew up."""
    from ..lab.lr_range import LRRangeTest

    if not isinstance(test, LRRangeTest):
        raise TypeError("give what lr_range_test returns.")
    ax = _new_axes(ax, (5.5, 3.6))
    colour, _, _ = SERIES[1]
    ax.plot(test.lrs, test.losses, color="#bbbbbb", linewidth=1, label="loss of each step")
    ax.plot(test.lrs, test.smoothed, color=colour, linewidth=2, label="smoothed")
    if test.suggestion is not None:  # (None: no rate could be suggested; test.note says why)
        ax.axvline(
            test.suggestion,
            color=SERIES[0][0],
            linestyle="--",
            label=f"suggested rate {test.suggestion:.2g}",
        )
    else:
        ax.set_title("no rate can be suggested (test.note says why)", fontsize=10)
    if test.stopped_at is not None:
        ax.axvline(
            test.stopped_at, color=INK, linestyle=":", label=f"blew up at {test.stopped_at:.2g}"
        )
    finite = test.smoothed[np.isfinite(test.smoothed)]
    if finite.size:
        ax.set_ylim(0, min(float(np.nanmax(finite)), 4 * float(finite.min())) * 1.05)
    ax.set_xscale("log")
    ax.set(xlabel="learning rate (log scale)", ylabel="loss (minibatch mean)")
    ax.legend(frameon=False, fontsize=9)
    _open_frame(ax)
    return ax
