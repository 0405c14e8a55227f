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
    test.note                        # what the suggestion is, or why there is none
    plots.plot_lr_range_test(test)   # the loss against the rate, log scale

When the loss never fell (it only rose from the first step, or was not a number from the
start), no rate can be suggested: suggestion is None, and the test says why. Pressing stop
(KeyboardInterrupt) during the test keeps the steps taken so far: it returns them, and
says so.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass

import numpy as np

from .. import _validate
from .._network import NetworkModel
from ..optim import check_momentum, make_optimizer


@dataclass
class LRRangeTest:
    """What the range test measured: one entry per step."""

    lrs: np.ndarray  # the learning rate of each step
    losses: np.ndarray  # the mean loss of the step's minibatch, before the step
    smoothed: np.ndarray  # the same, smoothed (an exponential moving average)
    stopped_at: float | None  # the rate at which the loss blew up (None: it never did)
    suggestion: float | None  # a tenth of the rate where the smoothed loss was lowest (or None)
    note: str = ""  # what the suggestion is, or why there is none; and if you pressed stop


def _check_settings(lr_min, lr_max, steps, batch_size, optimizer, momentum, blow_up, beta):
    lr_min = _validate.real_number(lr_min, "lr_min")
    lr_max = _validate.real_number(lr_max, "lr_max")
    if not 0 < lr_min < lr_max:
        raise ValueError(
            f"the rates must grow from lr_min to lr_max, with 0 < lr_min < lr_max, such as "
            f"1e-6 and 10; got lr_min={lr_min}, lr_max={lr_max}."
        )
    steps = _validate.whole_number(steps, "steps", minimum=5, maximum=1_000_000, example="100")
    batch_size = _validate.whole_number(batch_size, "batch_size", minimum=1, example="64")
    make_optimizer(optimizer, lr_min, momentum)  # (checks the optimizer's name and momentum)
    momentum = check_momentum(momentum)
    blow_up = _validate.real_number(blow_up, "blow_up")
    if not blow_up > 1:
        raise ValueError(
            "blow_up is how many times the lowest smoothed loss counts as blowing up: a number "
            f"greater than 1, such as 4; got {blow_up}."
        )
    beta = _validate.real_number(beta, "beta")
    if not 0 <= beta < 1:
        raise ValueError(
            "beta is the share of the running average kept at each step when smoothing: from "
            f"0 (no smoothing) up to, not including, 1, such as 0.9; got {beta}."
        )
    return lr_min, lr_max, steps, batch_size, momentum, blow_up, beta


def _step_losses(net, X, Y, lrs, batch_size, optimizer, rng):
    """The mean loss of each step's minibatch, measured before its step, one step at a
    time (the caller stops asking when the loss has blown up)."""
    training = {"rng": rng} if getattr(net, "dropout", 0) else {}  # dropout's masks, as fit
    order, at = rng.permutation(len(X)), 0
    for lr in lrs:
        if at + batch_size > len(X):  # a new pass through the examples
            order, at = rng.permutation(len(X)), 0
        rows = order[at : at + batch_size]
        at += batch_size
        out, cache = net.forward(X[rows], keep=True, **training)
        yield net.loss.value(out, Y[rows]) / len(rows)
        optimizer.lr = lr
        optimizer.step(net.params, net.backward(cache, Y[rows]))


def _suggest(lrs, smoothed, blew_up: bool) -> tuple[float | None, str]:
    """A tenth of the rate where the smoothed loss was lowest before it blew up; or None,
    with the reason, when the loss never fell."""
    usable = smoothed[:-1] if blew_up else smoothed  # (the last step is where it blew up)
    if not len(usable):
        return None, (
            f"no rate can be suggested: the loss of the very first minibatch, before any step, "
            f"was {smoothed[0]}, so the network's outputs overflow on these examples. Scale "
            "the inputs (pixels from 0 to 1, say) or check the network's weights."
        )
    best = int(np.argmin(usable))
    if best == 0 and blew_up:
        return None, (
            f"no rate can be suggested: the loss rose from the very first step and blew up at "
            f"lr={lrs[len(smoothed) - 1]:.2g}, so even the smallest rates were too large. "
            "Try a much smaller lr_min, or scale the inputs."
        )
    if best == 0:
        return None, (
            "no rate can be suggested: the smoothed loss never fell below its first value. "
            "Try a larger lr_max or more steps, or check the network and the labels."
        )
    return float(lrs[best] / 10), (
        f"the suggestion is a tenth of {lrs[best]:.2g}, where the smoothed loss was lowest."
    )


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

    It stops early when the smoothed loss passes ``blow_up`` times the lowest seen (or is
    not a number). ``beta`` is the smoothing's share of the running average (0 <= beta < 1).
    When the loss never fell, suggestion is None and note says why (it is also printed).
    If you press stop, the test returns the steps taken so far and says so.
    """
    if not isinstance(model, NetworkModel):
        raise TypeError(f"lr_range_test takes an annlib network; got {type(model).__name__}.")
    lr_min, lr_max, steps, batch_size, momentum, blow_up, beta = _check_settings(
        lr_min, lr_max, steps, batch_size, optimizer, momentum, blow_up, beta
    )
    rng = _validate.random_generator(seed, "seed")
    net = copy.deepcopy(model)  # the learner's network keeps its weights
    X, _ = net.check_inputs(X)
    if not len(X):
        raise ValueError("X holds no examples: the range test needs some to take steps on.")
    Y = net.targets(y, len(X))
    opt = make_optimizer(optimizer, lr_min, momentum)
    lrs = lr_min * (lr_max / lr_min) ** (np.arange(steps) / (steps - 1))
    losses, smoothed, average, lowest = [], [], 0.0, np.inf
    blew_up, stopped = False, ""
    try:
        with np.errstate(over="ignore", invalid="ignore"):
            for loss in _step_losses(net, X, Y, lrs, batch_size, opt, rng):
                losses.append(loss)
                average = beta * average + (1 - beta) * loss  # (without its start-up bias:)
                smoothed.append(average / (1 - beta ** len(losses)))
                lowest = min(lowest, smoothed[-1])
                if not np.isfinite(smoothed[-1]) or smoothed[-1] > blow_up * lowest:
                    blew_up = True
                    break
    except KeyboardInterrupt:
        if not losses:
            raise
        stopped = (
            f"The range test was stopped (you pressed stop) after {len(losses)} of {steps} "
            "steps, before the loss blew up: the result holds those steps, and its "
            "suggestion comes from them alone."
        )
    done = len(losses)
    suggestion, note = _suggest(lrs, np.array(smoothed), blew_up)
    note = " ".join(filter(None, [stopped, note[0].upper() + note[1:]]))
    if suggestion is None or stopped:
        print(note)
    return LRRangeTest(
        lrs=lrs[:done],
        losses=np.array(losses),
        smoothed=np.array(smoothed),
        stopped_at=float(lrs[done - 1]) if blew_up else None,
        suggestion=suggestion,
        note=note,
    )
