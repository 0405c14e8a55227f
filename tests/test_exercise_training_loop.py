"""Exercise 14.5, PyTorch's training loop by hand: the model answer passes, other right ways
pass too, each classic slip fails with its own message, a blank is "not answered yet", and
without PyTorch the check says how to install it instead of crashing."""

import builtins
import contextlib
import sys

import numpy as np
import pytest

from annlib.exercises import training_loop
from annlib.exercises.core import BLANK, CORRECT, WRONG
from annlib.lab import pytorch_bridge

EXERCISE = training_loop.EXERCISES[0]


def _my_epoch(
    clear="before",
    backward=True,
    step="after backward",
    item=True,
    graph_off="no_grad",
    eval_mode=True,
    train_after=True,
    first_batch_only=False,
    epochs=1,
    returns=lambda losses, accuracy: (losses, accuracy),
):
    """A learner's my_epoch, right by default; each argument brings in one slip (or another
    right way of writing a line)."""
    torch = pytest.importorskip("torch")

    def no_graph():
        if graph_off == "no_grad":
            return torch.no_grad()
        if graph_off == "inference_mode":
            return torch.inference_mode()
        if graph_off == "switched off for good":
            torch.set_grad_enabled(False)
        return contextlib.nullcontext()

    def my_epoch(model, optimizer, loss_fn, batches, X_val, y_val):
        losses = []
        for _ in range(epochs):
            for X, y in batches:
                if step == "first":
                    optimizer.step()
                if clear == "before":
                    optimizer.zero_grad()
                if clear == "model":
                    model.zero_grad()
                loss = loss_fn(model(X), y)
                if step == "before backward":
                    optimizer.step()
                if backward:
                    loss.backward()
                if clear == "between":
                    optimizer.zero_grad()
                if step == "after backward":
                    optimizer.step()
                if clear == "after":
                    optimizer.zero_grad()
                losses.append(loss.item() if item is True else item(loss))
                if first_batch_only:
                    break
        if eval_mode:
            model.eval()
        with no_graph():
            predicted = model(X_val).argmax(dim=1)
        if train_after:
            model.train()
        return returns(losses, (predicted == y_val).float().mean().item())

    return my_epoch


RIGHT = {
    "the model answer": None,
    "zero_grad after the step": dict(clear="after"),
    "model.zero_grad()": dict(clear="model"),
    "inference_mode": dict(graph_off="inference_mode"),
    "a tuple of losses, a NumPy accuracy": dict(
        returns=lambda losses, accuracy: (tuple(losses), np.float64(accuracy))
    ),
}


@pytest.mark.parametrize("way", list(RIGHT))
def test_right_answers_pass(way):
    pytest.importorskip("torch")
    answer = EXERCISE.reference if RIGHT[way] is None else _my_epoch(**RIGHT[way])
    feedback = EXERCISE.check(answer)
    assert feedback.status == CORRECT, feedback


def test_an_accuracy_left_as_a_one_number_tensor_is_read_as_its_number():
    torch = pytest.importorskip("torch")

    def my_epoch(model, optimizer, loss_fn, batches, X_val, y_val):
        losses = []
        for X, y in batches:
            optimizer.zero_grad()
            loss = loss_fn(model(X), y)
            loss.backward()
            optimizer.step()
            losses.append(loss.item())
        model.eval()
        with torch.no_grad():
            accuracy = (model(X_val).argmax(1) == y_val).float().mean()
        model.train()
        return losses, accuracy

    assert EXERCISE.check(my_epoch).status == CORRECT


# (the answer, a phrase of the message only that slip gets)
SLIPS = {
    "no zero_grad": (dict(clear=None), "followed more than this batch's slopes"),
    "step before backward": (dict(step="before backward"), "ran before loss.backward()"),
    "step first in the loop": (dict(step="first"), "ran before loss.backward()"),
    "the loss tensor kept": (dict(item=lambda loss: loss), "still carry their graph"),
    "measured with a graph": (dict(graph_off=None), "with the graph switched on"),
    "measured without eval()": (dict(eval_mode=False), "in train() mode, so dropout"),
    "not back in train()": (dict(train_after=False), "still in eval() mode"),
    "no backward": (dict(backward=False), "never calls loss.backward()"),
    "no step": (dict(step=None), "never calls optimizer.step()"),
    "the first batch only": (dict(first_batch_only=True), "the first batch only"),
    "zero_grad between backward and step": (dict(clear="between"), "found no slopes"),
    "two epochs": (dict(epochs=2), "optimizer.step() 10 times for 5 batches"),
    "graph switched off for good": (
        dict(graph_off="switched off for good"),
        "left PyTorch's graph switched off",
    ),
    "loss.detach() kept": (
        dict(item=lambda loss: loss.detach()),
        "should be plain Python numbers",
    ),
    "losses only": (dict(returns=lambda losses, accuracy: losses), "return two things"),
    "swapped": (
        dict(returns=lambda losses, accuracy: (accuracy, losses)),
        "return the losses first",
    ),
    "the mean loss": (
        dict(returns=lambda losses, accuracy: (sum(losses) / len(losses), accuracy)),
        "should be a list with one number per batch",
    ),
    "the last loss only": (
        dict(returns=lambda losses, accuracy: (losses[-1:], accuracy)),
        "holds 1 for the 5 batches",
    ),
    "a percentage": (
        dict(returns=lambda losses, accuracy: (losses, 100 * accuracy)),
        "a fraction between 0 and 1, not",
    ),
    "a count": (
        dict(returns=lambda losses, accuracy: (losses, 40 * accuracy)),
        "number of validation examples classified right",
    ),
    "the error rate": (
        dict(returns=lambda losses, accuracy: (losses, 1 - accuracy)),
        "your accuracy is",
    ),
}


@pytest.mark.parametrize("slip", list(SLIPS))
def test_each_slip_gets_its_own_message(slip):
    options, phrase = SLIPS[slip]
    feedback = EXERCISE.check(_my_epoch(**options))
    assert feedback.status == WRONG, feedback
    assert phrase in feedback.message, feedback.message
    others = [p for name, (_, p) in SLIPS.items() if name != slip and p != phrase]
    assert not any(p in feedback.message for p in others), feedback.message


def _measured_first(model, optimizer, loss_fn, batches, X_val, y_val):
    import torch

    model.eval()
    with torch.no_grad():
        accuracy = (model(X_val).argmax(1) == y_val).float().mean().item()
    model.train()
    losses = []
    for X, y in batches:
        optimizer.zero_grad()
        loss = loss_fn(model(X), y)
        loss.backward()
        optimizer.step()
        losses.append(loss.item())
    return losses, accuracy


def _trained_in_eval_mode(model, optimizer, loss_fn, batches, X_val, y_val):
    import torch

    model.eval()
    losses = []
    for X, y in batches:
        optimizer.zero_grad()
        loss = loss_fn(model(X), y)
        loss.backward()
        optimizer.step()
        losses.append(loss.item())
    with torch.no_grad():
        accuracy = (model(X_val).argmax(1) == y_val).float().mean().item()
    model.train()
    return losses, accuracy


def _measured_on_training_data(model, optimizer, loss_fn, batches, X_val, y_val):
    import torch

    losses = []
    for X, y in batches:
        optimizer.zero_grad()
        loss = loss_fn(model(X), y)
        loss.backward()
        optimizer.step()
        losses.append(loss.item())
    model.eval()
    with torch.no_grad():
        accuracy = (model(X.clone()).argmax(1) == y).float().mean().item()
    model.train()
    return losses, accuracy


def _clipped(model, optimizer, loss_fn, batches, X_val, y_val):
    import torch

    losses = []
    for X, y in batches:
        optimizer.zero_grad()
        loss = loss_fn(model(X), y)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 0.01)  # not what was asked
        optimizer.step()
        losses.append(loss.item())
    model.eval()
    with torch.no_grad():
        accuracy = (model(X_val).argmax(1) == y_val).float().mean().item()
    model.train()
    return losses, accuracy


def _loss_logged_after_the_step(model, optimizer, loss_fn, batches, X_val, y_val):
    import torch

    losses = []
    for X, y in batches:
        optimizer.zero_grad()
        loss = loss_fn(model(X), y)
        loss.backward()
        optimizer.step()
        with torch.no_grad():
            losses.append(loss_fn(model(X), y).item())  # a second pass, after the step
    model.eval()
    with torch.no_grad():
        accuracy = (model(X_val).argmax(1) == y_val).float().mean().item()
    model.train()
    return losses, accuracy


def _nudged_after_the_loop(model, optimizer, loss_fn, batches, X_val, y_val):
    import torch

    losses, accuracy = training_loop.epoch(model, optimizer, loss_fn, batches, X_val, y_val)
    with torch.no_grad():
        model[0].weight *= 0.5  # a change the losses cannot show
    return losses, accuracy


def _all_but_the_last_batch(model, optimizer, loss_fn, batches, X_val, y_val):
    losses, accuracy = training_loop.epoch(model, optimizer, loss_fn, batches[:-1], X_val, y_val)
    return losses + [losses[-1]], accuracy


def _right_or_wrong_for_each(model, optimizer, loss_fn, batches, X_val, y_val):
    import torch

    losses, _ = training_loop.epoch(model, optimizer, loss_fn, batches, X_val, y_val)
    model.eval()
    with torch.no_grad():
        right = (model(X_val).argmax(1) == y_val).float()  # the mean is missing
    model.train()
    return losses, right


def _no_return(model, optimizer, loss_fn, batches, X_val, y_val):
    for X, y in batches:
        optimizer.zero_grad()
        loss_fn(model(X), y).backward()
        optimizer.step()


MORE_SLIPS = [
    (_measured_first, "before the last training step"),
    (_trained_in_eval_mode, "trained with the model in eval() mode"),
    (_measured_on_training_data, "never runs the model on X_val"),
    (_clipped, "from batch 2 on your losses differ"),
    (_loss_logged_after_the_step, "for batch 1 your loss is"),
    (_nudged_after_the_loop, "after your epoch the network's 0.weight differs"),
    (_all_but_the_last_batch, "trained on 4 of the 5 batches"),
    (_right_or_wrong_for_each, "one number; yours is a tensor of shape (40,)"),
    (_no_return, "returns None"),
    (lambda *args: 1 / 0, "your function raised ZeroDivisionError"),
    ("my_epoch", "expected a function"),
]


@pytest.mark.parametrize("answer,phrase", MORE_SLIPS, ids=lambda x: getattr(x, "__name__", None))
def test_other_slips_are_named_too(answer, phrase):
    pytest.importorskip("torch")
    feedback = EXERCISE.check(answer)
    assert feedback.status == WRONG, feedback
    assert phrase in feedback.message, feedback.message


def test_the_check_leaves_pytorch_as_it_found_it():
    torch = pytest.importorskip("torch")
    torch.manual_seed(123)
    state, threads = torch.get_rng_state(), torch.get_num_threads()
    EXERCISE.check(_my_epoch(graph_off="switched off for good"))
    EXERCISE.check(EXERCISE.reference)
    assert torch.equal(torch.get_rng_state(), state)  # the learner's random numbers go on
    assert torch.is_grad_enabled() and torch.get_num_threads() == threads


def test_a_blank_is_not_answered_yet():
    def my_epoch(model, optimizer, loss_fn, batches, X_val, y_val): ...

    for answer in (..., my_epoch):
        feedback = EXERCISE.check(answer)
        assert feedback.status == BLANK, feedback


def test_without_pytorch_the_check_says_how_to_install_it(monkeypatch):
    monkeypatch.setitem(sys.modules, "torch", None)  # import torch now fails
    feedback = EXERCISE.check(EXERCISE.reference)
    assert feedback.status == WRONG, feedback
    assert "PyTorch, which is not installed" in feedback.message
    assert pytorch_bridge.INSTALL in feedback.message
    assert EXERCISE.check(...).status == BLANK  # the notebook as committed still runs


def test_a_broken_pytorch_is_told_to_reinstall(monkeypatch):
    real_import = builtins.__import__

    def importing(name, *args, **kwargs):
        if name == "torch" or name.startswith("torch."):
            raise OSError("libtorch_cpu.so: cannot open shared object file")
        return real_import(name, *args, **kwargs)

    monkeypatch.delitem(sys.modules, "torch", raising=False)
    monkeypatch.setattr(builtins, "__import__", importing)
    feedback = EXERCISE.check(EXERCISE.reference)
    assert feedback.status == WRONG, feedback
    assert "installed but cannot be imported" in feedback.message
    assert "libtorch_cpu.so" in feedback.message
    assert pytorch_bridge.REINSTALL in feedback.message


def test_the_solution_shows_the_loop_and_why():
    solution = EXERCISE.solution()
    for line in ("optimizer.zero_grad()", "loss.backward()", "optimizer.step()", "loss.item()"):
        assert line in solution
    assert "model.eval()" in solution and "torch.no_grad()" in solution
    assert "model.train()" in solution and "dropout" in solution
    assert "my_epoch(model, optimizer, loss_fn, batches, X_val, y_val)" in EXERCISE.prompt
