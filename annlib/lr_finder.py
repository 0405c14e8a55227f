"""The learning-rate range test ("lr finder"): how the loss answers ever larger steps.

Starting from the network's weights, it takes minibatch steps with a learning rate that
grows by the same factor at every step, from ``lr_min`` to ``lr_max``, and records the loss
of each minibatch before its step. While the rate is too small the loss hardly moves; then
it falls; past the largest rate the network can take, it shoots up, and the test stops.
A good rate for training lies well below where it blows up: this test suggests a tenth of
the rate at which the (smoothed) loss was lowest, a common rule of thumb. The network
itself is not changed: the test trains a copy.

    test = lr_range_test(MLP(sizes), X, y)
    test.suggestion                  # a tenth of the rate where the smoothed loss was lowest
    plots.plot_lr_range_test(test)   # the loss against the rate, log scale
"""

from __future__ import annotations

import copy
from dataclasses import dataclass

import numpy as np

from . import _validate
from .network_model import NetworkModel
from .train import OPTIMIZERS, Momentum


@dataclass
class LRRangeTest:
    """What the range test measured: one entry per step."""

    lrs: np.ndarray  # the learning rate of each step
    losses: np.ndarray  # the mean loss of the step's minibatch, before the step
    smoothed: np.ndarray  # the same, smoothed (an exponential moving average)
    stopped_at: float | None  # the rate at which the loss blew up (None: it never did)
    suggestion: float  # a tenth of the rate where the smoothed loss was lowest


def _smooth(losses: np.ndarray, beta: float) -> np.ndarray:
    """An exponential moving average, with the start-up bias removed (as Adam does)."""
    out, average = np.empty_like(losses), 0.0
    for i, loss in enumerate(losses):
        average = beta * average + (1 - beta) * loss
        out[i] = average / (1 - beta ** (i + 1))
    return out


def lr_range_test(
    model: NetworkModel,
    X,
    y,
    *,
    lr_min=1e-6,
    lr_max=10.0,
    steps=100,
    batch_size=64,
    optimizer="sgd",
    momentum=0.9,
    seed=0,
    blow_up=4.0,
    beta=0.9,
) -> LRRangeTest:
    """Run the range test on a copy of ``model`` with (X, y); see this module's help.

    It stops early when the smoothed loss passes ``blow_up`` times the lowest seen.
    """
    if not isinstance(model, NetworkModel):
        raise TypeError(f"lr_range_test takes an annlib network; got {type(model).__name__}.")
    lr_min = _validate.real_number(lr_min, "lr_min")
    lr_max = _validate.real_number(lr_max, "lr_max")
    if not 0 < lr_min < lr_max:
        raise ValueError(
            f"the rates must grow from lr_min to lr_max, with 0 < lr_min < lr_max, such as "
            f"1e-6 and 10; got lr_min={lr_min}, lr_max={lr_max}."
        )
    steps = _validate.whole_number(steps, "steps", minimum=5, example="100")
    batch_size = _validate.whole_number(batch_size, "batch_size", minimum=1, example="64")
    if not isinstance(optimizer, str) or optimizer not in OPTIMIZERS:
        raise ValueError(f"unknown optimizer {optimizer!r}; choose one of {sorted(OPTIMIZERS)}.")
    net = copy.deepcopy(model)  # the learner's network keeps its weights
    X, _ = net.check_inputs(X)
    if not len(X):
        raise ValueError("X holds no examples: the range test needs some to take steps on.")
    Y = net.targets(y, len(X))
    rng = np.random.default_rng(seed)
    opt = Momentum(lr_min, momentum) if optimizer == "momentum" else OPTIMIZERS[optimizer](lr_min)
    lrs = lr_min * (lr_max / lr_min) ** (np.arange(steps) / (steps - 1))
    losses, order, at = [], rng.permutation(len(X)), 0
    with np.errstate(over="ignore", invalid="ignore"):
        for lr in lrs:
            if at + batch_size > len(X):  # a new pass through the examples
                order, at = rng.permutation(len(X)), 0
            rows = order[at : at + batch_size]
            at += batch_size
            out, cache = net.forward(X[rows], keep=True)
            losses.append(net.loss.value(out, Y[rows]) / len(rows))
            smoothed = _smooth(np.array(losses), beta)
            if not np.isfinite(smoothed[-1]) or smoothed[-1] > blow_up * smoothed.min():
                break
            opt.lr = lr
            opt.step(net.params, net.backward(cache, Y[rows]))
    losses = np.array(losses)
    done = len(losses)
    blew_up = done < steps or not np.isfinite(losses[-1])
    smoothed = _smooth(losses, beta)
    usable = smoothed[: max(done - 1, 1)] if blew_up else smoothed  # before it blew up
    return LRRangeTest(
        lrs=lrs[:done],
        losses=losses,
        smoothed=smoothed,
        stopped_at=float(lrs[done - 1]) if blew_up else None,
        suggestion=float(lrs[int(np.nanargmin(usable))] / 10),
    )
