"""Exercise 14.5, for notebook 14 (From annlib to PyTorch): PyTorch's training loop, by hand.

PyTorch is optional, so this module never imports it when it is loaded: the check imports it
when it runs, and says how to install it where it is missing. The check runs the learner's
epoch and its own on the same small network, data and seeds, and watches the learner's with
PyTorch's hooks: every pass through the network (on which data, with dropout on or off, with
or without a graph), every backward pass, and the slopes the optimiser finds at each step.
Each classic slip of a training loop leaves its own trace there, and gets its own message.
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass
from functools import partial

import numpy as np

from ..lab import pytorch_bridge
from .core import Exercise, Wrong, _short, _watched, number

# ---- 14.5 one epoch of PyTorch training, written out ---------------------------------------


def epoch(model, optimizer, loss_fn, batches, X_val, y_val):
    """Train on every batch, then measure the validation accuracy: (losses, accuracy)."""
    import torch  # (in the notebook, imported at the top)

    losses = []
    for X, y in batches:
        optimizer.zero_grad()  # backward() adds to .grad: clear the last batch's slopes
        loss = loss_fn(model(X), y)
        loss.backward()
        optimizer.step()
        losses.append(loss.item())  # a plain number: the graph can go
    model.eval()  # dropout off: measure the whole network
    with torch.no_grad():  # no graph: nothing will go backward from here
        predicted = model(X_val).argmax(dim=1)
    model.train()  # ready for the next epoch
    accuracy = (predicted == y_val).float().mean().item()
    return losses, accuracy


_SEED = 14
_FEATURES, _HIDDEN, _CLASSES = 4, 16, 3
_DROPOUT = 0.5
_BATCH, _N_TRAIN, _N_VAL = 16, 76, 40  # five batches, the last one of 12
_LR = 0.2


@dataclass
class _Setup:
    """What an epoch is given: a fresh network with its optimiser, and the data."""

    model: object
    optimizer: object
    loss_fn: object
    batches: list
    X_val: object
    y_val: object

    def arguments(self) -> tuple:
        return self.model, self.optimizer, self.loss_fn, self.batches, self.X_val, self.y_val


def _setup(torch) -> _Setup:
    """The same network (a Linear layer, ReLU, dropout, a Linear layer), the same starting
    weights and the same made-up data (three classes in four dimensions) every time."""
    rng = np.random.default_rng(_SEED)
    centres = rng.normal(0, 1.5, size=(_CLASSES, _FEATURES))
    labels = rng.integers(0, _CLASSES, size=_N_TRAIN + _N_VAL)
    points = centres[labels] + rng.normal(size=(_N_TRAIN + _N_VAL, _FEATURES))

    def tensors(rows):
        return torch.tensor(points[rows], dtype=torch.float32), torch.tensor(labels[rows])

    batches = [tensors(slice(s, min(s + _BATCH, _N_TRAIN))) for s in range(0, _N_TRAIN, _BATCH)]
    X_val, y_val = tensors(slice(_N_TRAIN, None))
    torch.manual_seed(_SEED)
    nn = torch.nn
    model = nn.Sequential(
        nn.Linear(_FEATURES, _HIDDEN), nn.ReLU(), nn.Dropout(_DROPOUT), nn.Linear(_HIDDEN, _CLASSES)
    )
    optimizer = torch.optim.SGD(model.parameters(), lr=_LR)
    return _Setup(model, optimizer, nn.CrossEntropyLoss(), batches, X_val, y_val)


class _Trace:
    """What a run of an epoch did, in order, seen through PyTorch's hooks.

    ``forwards``: each pass through the network, as (what, dropout on, graph on, when), where
    what is the index of the training batch it was given, "val" for the validation data (or a
    part of it) and "other" for anything else. ``backwards``: when each backward pass reached
    the weights. ``steps``: the state of the slopes at each optimiser step, as (state, when):
    "fresh" (exactly this batch's), "before backward" (no backward pass since this batch went
    through the network), "cleared" (none) or "added up" (more than one backward pass's).
    """

    def __init__(self, torch, setup: _Setup):
        self.torch, self.setup = torch, setup
        self.forwards, self.backwards, self.steps = [], [], []
        self.added = {}  # whether the latest backward pass added to slopes already there
        self.clock = 0
        self.params = list(setup.model.parameters())
        for i, param in enumerate(self.params):
            param.register_hook(partial(self._slopes_arrive, i))
        setup.model[0].register_forward_pre_hook(self._forward)
        setup.optimizer.register_step_pre_hook(self._step)

    def _tick(self) -> int:
        self.clock += 1
        return self.clock

    def _slopes_arrive(self, i, slopes):  # called before backward adds them to .grad
        there = self.params[i].grad
        self.added[i] = there is not None and bool(there.any())
        if i == 0:
            self.backwards.append(self._tick())

    def _forward(self, module, args):
        what = self._which(args[0]) if args else "other"
        dropout_on = self.setup.model[2].training
        self.forwards.append((what, dropout_on, self.torch.is_grad_enabled(), self._tick()))

    def _which(self, x):
        torch = self.torch
        if not isinstance(x, torch.Tensor):
            return "other"
        for i, (X, _) in enumerate(self.setup.batches):
            if x is X or (x.shape == X.shape and torch.equal(x, X)):
                return i
        X_val = self.setup.X_val
        same_storage = x.untyped_storage().data_ptr() == X_val.untyped_storage().data_ptr()
        if same_storage or (x.shape == X_val.shape and torch.equal(x, X_val)):
            return "val"
        return "other"

    def _step(self, optimizer, args, kwargs):
        self.steps.append((self._state(), self._tick()))

    def _state(self) -> str:
        trained = [when for what, _, graph, when in self.forwards if _is_batch(what) and graph]
        if not self.backwards or (trained and self.backwards[-1] < trained[-1]):
            return "before backward"
        grads = [param.grad for param in self.params]
        if all(g is None or not g.any() for g in grads):
            return "cleared"
        return "added up" if any(self.added.values()) else "fresh"


def _is_batch(what) -> bool:
    return not isinstance(what, str)


@dataclass(frozen=True)
class _TensorSeen:
    """A tensor the learner's function returned, read while it was watched."""

    graph: bool
    shape: tuple
    value: float | None


def _readable(torch, value, depth: int = 0):
    """The function's result with every tensor in it replaced by what the check needs to know
    of it (whether it carries a graph, its shape, its number), lists and tuples kept."""
    if isinstance(value, torch.Tensor):
        one = value.numel() == 1 and not value.is_complex()
        return _TensorSeen(
            value.requires_grad or value.grad_fn is not None,
            tuple(value.shape),
            float(value.detach().reshape(-1)[0]) if one else None,
        )
    if isinstance(value, (list, tuple)) and depth < 2:
        parts = [_readable(torch, part, depth + 1) for part in value]
        return tuple(parts) if isinstance(value, tuple) else parts
    return value


def _torch():
    """The torch module, or a Wrong saying how to install PyTorch (or reinstall it)."""
    try:
        return pytorch_bridge.require_torch()
    except ImportError as error:
        cause = error.__cause__
        if isinstance(cause, ModuleNotFoundError) and cause.name == "torch":
            raise Wrong(
                "this exercise runs your function with PyTorch, which is not installed here. "
                f"Install the CPU build with `{pytorch_bridge.INSTALL}` in a terminal (or in "
                "a cell, with % in front), restart the kernel, and run the notebook again."
            ) from None
        raise Wrong(
            "this exercise runs your function with PyTorch, which is installed but cannot be "
            f"imported ({type(cause).__name__}: {cause}). Reinstall it with "
            f"`{pytorch_bridge.REINSTALL}`, restart the kernel, and run the notebook again."
        ) from None


@dataclass
class _Run:
    """An epoch's result and what the network looked like after it."""

    result: object
    weights: dict
    trace: _Trace | None
    grad_left_on: bool
    training_after: bool


def _run(torch, function, watch: bool) -> _Run:
    """Run ``function`` (the learner's, watched, or the reference) on a fresh setup, with
    PyTorch's random numbers (dropout's) seeded, and its random numbers and graph switch put
    back afterwards (an answer may switch the graph off for good)."""
    with torch.random.fork_rng(devices=[]), torch.enable_grad():
        setup = _setup(torch)
        trace = _Trace(torch, setup) if watch else None
        torch.manual_seed(_SEED + 1)  # the same dropout for every run
        if watch:
            result = _call_watched(torch, function, setup)
        else:
            result = function(*setup.arguments())
        grad_left_on = torch.is_grad_enabled()
    weights = {k: v.detach().clone() for k, v in setup.model.state_dict().items()}
    training = all(module.training for module in setup.model.modules())
    return _Run(result, weights, trace, grad_left_on, training)


@contextlib.contextmanager
def _one_thread(torch):
    """PyTorch on one thread while the check runs: for so small a network, more threads only
    wait for each other, most of all on a busy machine."""
    threads = torch.get_num_threads()
    torch.set_num_threads(1)
    try:
        yield
    finally:
        torch.set_num_threads(threads)


def _call_watched(torch, function, setup: _Setup):
    if not callable(function):
        raise Wrong(f"expected a function (def my_epoch...), got {type(function).__name__}.")
    result, failed = _watched(
        lambda: _readable(torch, function(*setup.arguments())), "your function"
    )
    if failed is not None:
        raise Wrong(f"your function raised {type(failed).__name__}: {failed}")
    if result is None:
        raise Wrong("your function returns None: did you forget to `return losses, accuracy`?")
    return result


def _check_epoch(function):
    torch = _torch()
    with _one_thread(torch):
        expected = _run(torch, epoch, watch=False)
        got = _run(torch, function, watch=True)
    n = len(expected.result[0])
    losses, accuracy = _two_things(got.result)
    _check_training(got.trace, n)
    _check_losses(losses, accuracy, n)
    _check_measuring(got.trace)
    _check_left_as_found(got)
    _compare(expected, got, losses, accuracy)


def _two_things(result):
    if not isinstance(result, (tuple, list)) or len(result) != 2:
        raise Wrong(
            "return two things, `losses, accuracy`: the list of the batches' losses and the "
            f"validation accuracy. Yours returned {_short(result)}."
        )
    return result


def _check_training(trace: _Trace, n: int) -> None:
    """The slips of the loop over the batches, from what the hooks saw."""
    if not trace.backwards:
        raise Wrong(
            "your function never calls loss.backward(), so no slopes are computed: "
            "optimizer.step() finds no .grad to follow and leaves every weight as it was. "
            "After computing the loss, call loss.backward(), then optimizer.step()."
        )
    if not trace.steps:
        raise Wrong(
            "your function never calls optimizer.step(): loss.backward() computes the slopes, "
            "but only the step moves the weights, so the network learns nothing. Call "
            "optimizer.step() after loss.backward(), once per batch."
        )
    for k, (state, _) in enumerate(trace.steps, start=1):
        _check_step(state, k)
    _check_batches(trace, n)


def _check_step(state: str, k: int) -> None:
    if state == "before backward":
        raise Wrong(
            f"at step {k}, your optimizer.step() ran before loss.backward() had computed this "
            "batch's slopes. So the step follows stale slopes (the previous batch's) or none "
            "at all (the first batch, or after zero_grad): the weights move for the wrong "
            "batch, or not at all. The order is zero_grad(), the loss, loss.backward(), "
            "optimizer.step()."
        )
    if state == "cleared":
        raise Wrong(
            f"at step {k}, your optimizer.step() found no slopes: they were cleared after "
            "loss.backward() and before the step (a zero_grad() in between?), so no weight "
            "moved. Clear the slopes before the backward pass, never between it and the step."
        )
    if state == "added up":
        raise Wrong(
            f"at step {k}, your optimizer.step() followed more than this batch's slopes: "
            "loss.backward() adds (+=) its slopes to what .grad already holds, as the Values "
            "earlier in this notebook did, so without optimizer.zero_grad() each step "
            "follows the sum of every batch's slopes so far. Call optimizer.zero_grad() in "
            "each batch, before loss.backward()."
        )


def _check_batches(trace: _Trace, n: int) -> None:
    trained = [what for what, _, graph, _ in trace.forwards if _is_batch(what) and graph]
    steps = len(trace.steps)
    if set(trained) == {0} and steps == 1 and n > 1:
        raise Wrong(
            f"your function trained on the first batch only (one step; there are {n} batches): "
            "is the `return` (or a `break`) inside the for loop? Train on every batch, then "
            "measure the accuracy once, after the loop."
        )
    if set(trained) != set(range(n)):
        raise Wrong(
            f"your function trained on {len(set(trained))} of the {n} batches: one epoch is "
            "one training step on every (X, y) in batches."
        )
    if steps != n:
        raise Wrong(
            f"your function called optimizer.step() {steps} times for {n} batches: one epoch "
            "is one step per batch."
        )
    training = [on for what, on, graph, _ in trace.forwards if _is_batch(what) and graph]
    if not all(training):
        raise Wrong(
            "your function trained with the model in eval() mode, so dropout was switched off "
            "during training. The model comes in train() mode: switch to eval() only for "
            "measuring, after the loop."
        )


def _check_losses(losses, accuracy, n: int) -> None:
    """The losses: a list of n plain numbers, never tensors holding on to their graphs."""
    if isinstance(accuracy, (list, tuple)) and not isinstance(losses, (list, tuple)):
        raise Wrong("return the losses first, then the accuracy: `return losses, accuracy`.")
    if not isinstance(losses, (list, tuple)):
        raise Wrong(
            f"the losses should be a list with one number per batch ({n} batches); yours is "
            f"{_kind(losses)}."
        )
    kept = next((loss for loss in losses if isinstance(loss, _TensorSeen)), None)
    if kept is not None and kept.graph:
        raise Wrong(
            "your losses are tensors that still carry their graph (grad_fn): each one keeps "
            "its batch's whole graph alive, so memory grows with every batch and every epoch. "
            "And a tensor is not a plain number to print or plot. Append loss.item(), the "
            "loss as a plain Python number."
        )
    for loss in losses:
        if isinstance(loss, bool) or not isinstance(loss, (int, float, np.number)):
            raise Wrong(
                "the losses should be plain Python numbers, as loss.item() gives; yours "
                f"include {_kind(loss)}."
            )
    if len(losses) != n:
        raise Wrong(
            f"your list of losses holds {len(losses)} for the {n} batches: keep one loss per "
            "batch, appended in the loop."
        )


def _kind(value) -> str:
    if isinstance(value, _TensorSeen):
        return f"a tensor of shape {value.shape}"
    if isinstance(value, np.ndarray):
        return f"an array of shape {value.shape}"
    if isinstance(value, (int, float, np.number)) and not isinstance(value, bool):
        return f"a single number ({value:.4g})"
    return f"{type(value).__name__} {_short(value)}"


def _check_measuring(trace: _Trace) -> None:
    """The slips of measuring the validation accuracy: when, in which mode, with a graph."""
    measured = [(on, graph, when) for what, on, graph, when in trace.forwards if what == "val"]
    if not measured:
        raise Wrong(
            "your function never runs the model on X_val: the accuracy to return is the one "
            "on the validation data, measured after training."
        )
    if measured[0][2] < trace.steps[-1][1]:
        raise Wrong(
            "your function measured the validation accuracy before the last training step: "
            "measure once, after the loop, so that it is the accuracy of the trained network."
        )
    if any(dropout_on for dropout_on, _, _ in measured):
        raise Wrong(
            "your function measured the accuracy with the model in train() mode, so dropout "
            f"still switched off a random {_DROPOUT:.0%} of the hidden neurons: the accuracy "
            "is that of a damaged network, and changes from run to run. Call model.eval() "
            "before measuring."
        )
    if any(graph for _, graph, _ in measured):
        raise Wrong(
            "your function measured the accuracy with the graph switched on: PyTorch recorded "
            "every step of the validation pass for a backward() that never comes, which costs "
            "time and memory for nothing. Measure inside `with torch.no_grad():`."
        )


def _check_left_as_found(got: _Run) -> None:
    if not got.training_after:
        raise Wrong(
            "after your function returns, the model is still in eval() mode: the next epoch "
            "would train with dropout switched off, without noticing. Call model.train() after "
            "measuring."
        )
    if not got.grad_left_on:
        raise Wrong(
            "your function left PyTorch's graph switched off after it returned "
            "(torch.set_grad_enabled(False)?), so nothing trained after it would learn. Use "
            "`with torch.no_grad():`, which switches it back on at the end of the block."
        )


def _compare(expected: _Run, got: _Run, losses, accuracy) -> None:
    """The numbers, against the check's own epoch on the same network, data and seeds."""
    pairs = [(float(mine), theirs) for mine, theirs in zip(losses, expected.result[0])]
    differ = [k for k, (a, b) in enumerate(pairs, 1) if not np.isclose(a, b, rtol=1e-4, atol=1e-6)]
    if differ and differ[0] == 1:  # the network is still the same: the logging differs
        mine, theirs = pairs[0]
        raise Wrong(
            f"for batch 1 your loss is {mine:.5g}, but the loss of its training step is "
            f"{theirs:.5g} (the check's own loop, on the same network, data and seeds). Keep "
            "loss.item() of the loss you called backward() on, the mean over the batch."
        )
    moved = [name for name, w in expected.weights.items() if not _close(got.weights[name], w)]
    if differ or moved:
        where = (
            f"from batch {differ[0]} on your losses differ from those"
            if differ
            else f"after your epoch the network's {moved[0]} differs from that"
        )
        raise Wrong(
            f"{where} of the check's own loop (the same network, data and seeds), so "
            "your steps moved the weights differently: one pass through the network, "
            "loss.backward() and optimizer.step() per batch, with loss_fn(model(X), y), and "
            "nothing else that changes the slopes or the weights."
        )
    _check_accuracy(accuracy, expected.result[1])


def _close(a, b) -> bool:
    return bool(np.allclose(a.numpy(), b.numpy(), rtol=1e-4, atol=1e-5))


def _check_accuracy(accuracy, expected: float) -> None:
    if isinstance(accuracy, _TensorSeen):
        if accuracy.value is None:
            raise Wrong(
                f"the accuracy should be one number; yours is a tensor of shape {accuracy.shape}."
            )
        accuracy = accuracy.value
    value = number(accuracy, "the accuracy")
    if np.isclose(value, 100 * expected, atol=1e-3) and expected > 0:
        raise Wrong(f"the accuracy should be a fraction between 0 and 1, not {value:g} %.")
    if np.isclose(value, expected * _N_VAL, atol=1e-3) and expected > 0:
        raise Wrong(
            f"{value:g} is the number of validation examples classified right: divide it by "
            "the number of examples, to give a fraction between 0 and 1."
        )
    if not np.isclose(value, expected, atol=1e-6):
        raise Wrong(
            f"your accuracy is {value:.4g}, but the network your epoch trained gets "
            f"{expected:.4g} on the validation data: the fraction of X_val whose highest output "
            "is the class in y_val."
        )


EXERCISES = [
    Exercise(
        "14.5",
        "PyTorch's training loop, written by hand",
        """
        Write `my_epoch(model, optimizer, loss_fn, batches, X_val, y_val)`: one epoch of
        training in PyTorch. For each `(X, y)` in `batches`: clear the slopes, compute the
        loss `loss_fn(model(X), y)`, go backward, take one step of the optimiser, and keep
        the batch's loss as a plain number. Then measure the validation accuracy, the
        fraction of `X_val` whose highest output is the class in `y_val`, with the model in
        `eval()` mode and without building a graph (`torch.no_grad()`), and put the model
        back in `train()` mode, as it came. Return `losses, accuracy`: a list with one
        number per batch, and a number between 0 and 1.

        The check runs your function on a small network with dropout and made-up data,
        watches every step it takes, and compares the result with its own loop's.
        """,
        _check_epoch,
        "Four lines per batch, in this order: optimizer.zero_grad(), the loss, "
        "loss.backward(), optimizer.step(); loss.item() is the loss as a plain number. "
        "Measuring: model.eval(), a `with torch.no_grad():` block around model(X_val), "
        "argmax(dim=1) compared with y_val, and model.train() at the end.",
        reference=epoch,
        explanation="Each line keeps out a classic slip: backward() adds to .grad, hence "
        "zero_grad(); the step follows the slopes, so it comes after backward(); loss.item() "
        "lets each batch's graph go; eval() switches dropout off, so the whole network is "
        "measured; no_grad() builds no graph for a backward() that never comes; train() "
        "switches dropout back on for the next epoch.",
    ),
]
