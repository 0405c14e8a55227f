"""Optimisers: how a network takes a step downhill, once backpropagation has the slopes.

Each optimiser changes the weights ``params`` (a dict of arrays, changed in place) using
the gradients ``grads`` (the same names), with the learning rate lr:

    sgd        w <- w - lr * g
    momentum   v <- mu * v - lr * g;  w <- w + v        (keeps rolling in a good direction)
    adam       m <- b1 m + (1 - b1) g;  v <- b2 v + (1 - b2) g^2
               w <- w - lr * m_hat / (sqrt(v_hat) + eps), m_hat and v_hat their averages
               with the bias of starting at 0 corrected: m / (1 - b1^t), v / (1 - b2^t)

``make_optimizer(name, lr, momentum)`` checks the settings and builds one: training
(annlib.train), the learning-rate range test and the optimisers' paths across a loss
surface (annlib.lab) all build theirs here. A schedule (SCHEDULES) sets lr epoch by epoch.
"""

from __future__ import annotations

import numpy as np

from . import _validate


class SGD:
    """Plain gradient descent: w <- w - lr * g."""

    def __init__(self, lr):
        self.lr, self.buffer = lr, {}

    def step(self, params, grads):
        for name, g in grads.items():
            params[name] -= _times(self.lr, g, self.buffer, name)  # w <- w - lr g


class Momentum:
    """Gradient descent with momentum: a running velocity v smooths the steps.

    v <- mu * v - lr * g;  w <- w + v
    """

    def __init__(self, lr, momentum=0.9):
        self.lr, self.mu, self.v, self.buffer = lr, momentum, {}, {}

    def step(self, params, grads):
        for name, g in grads.items():
            if name not in self.v:
                self.v[name] = np.zeros_like(g)
            v = self.v[name]
            v *= self.mu
            v -= _times(self.lr, g, self.buffer, name)  # v <- mu v - lr g
            params[name] += v  # w <- w + v


def _times(lr, g, buffers: dict, name: str):
    """lr * g, written into a buffer kept for ``name`` and of g's number type.

    Changing the weights in place and reusing one buffer per array saves making new arrays
    the size of the weights at every step: written with new arrays (v = mu v - lr g, then
    w = w + v), an epoch of SGD with momentum took 1.19 s instead of 0.83 s in one run of
    benchmarks/training_speed.py (issue 33).
    In g's type: a schedule's rate can be a float64 number, which would otherwise make a
    float32 network's steps float64.
    """
    out = buffers.get(name)
    if out is None or out.shape != g.shape or out.dtype != g.dtype:
        out = buffers[name] = np.empty_like(g)
    return np.multiply(g, lr, out=out)


class Adam:
    """Adam: each weight gets its own step size from running averages of its gradients.

    m <- b1 m + (1 - b1) g;  v <- b2 v + (1 - b2) g^2  (t: the number of steps so far)
    w <- w - lr * m_hat / (sqrt(v_hat) + eps), with m_hat = m / (1 - b1^t), v_hat = v / (1 - b2^t)

    ``step`` computes exactly that, written the fast way (see _adam_update).
    """

    def __init__(self, lr, beta1=0.9, beta2=0.999, eps=1e-8):
        self.lr, self.beta1, self.beta2, self.eps = lr, beta1, beta2, eps
        self.m, self.v, self.buffer, self.t = {}, {}, {}, 0

    def step(self, params, grads):
        self.t += 1
        for name, g in grads.items():
            if name not in self.m:
                self.m[name], self.v[name] = np.zeros_like(g), np.zeros_like(g)
                self.buffer[name] = np.empty_like(g)
            _adam_update(self, params[name], g, self.m[name], self.v[name], self.buffer[name])


def _adam_update(adam: Adam, w, g, m, v, tmp) -> None:
    """One Adam step for one array of weights w, in place, with no new arrays.

    The speed trick, kept apart from the formula (benchmarks/adam_update.py measures it
    against the formula as written in Adam's help, which makes about ten temporary arrays
    per step): the two bias corrections are folded into the step size and eps,
        lr * (m / c1) / (sqrt(v / c2) + eps) == lr_t * m / (sqrt(v) + eps_t),
        lr_t = lr * sqrt(c2) / c1,  eps_t = eps * sqrt(c2),  c1 = 1 - b1^t, c2 = 1 - b2^t,
    and every intermediate result goes into one reused buffer, tmp.
    """
    b1, b2 = adam.beta1, adam.beta2
    c1, c2 = 1 - b1**adam.t, 1 - b2**adam.t
    lr_t, eps_t = adam.lr * np.sqrt(c2) / c1, adam.eps * np.sqrt(c2)
    m *= b1
    np.multiply(g, 1 - b1, out=tmp)
    m += tmp  # m <- b1 m + (1 - b1) g
    v *= b2
    np.multiply(g, g, out=tmp)
    tmp *= 1 - b2
    v += tmp  # v <- b2 v + (1 - b2) g^2
    np.sqrt(v, out=tmp)
    tmp += eps_t
    np.divide(m, tmp, out=tmp)
    tmp *= lr_t
    w -= tmp  # w <- w - lr_t m / (sqrt(v) + eps_t)


OPTIMIZERS = {"sgd": SGD, "momentum": Momentum, "adam": Adam}

SCHEDULES = {  # the learning rate of epoch t + 1 (t = 0, 1, ..., total - 1)
    "constant": lambda lr, t, total: lr,
    "cosine": lambda lr, t, total: lr * 0.5 * (1 + np.cos(np.pi * t / total)),
    # a tenth of lr from halfway on, a hundredth for the last quarter
    "step": lambda lr, t, total: lr * 0.1 ** ((t >= total / 2) + (t >= 3 * total / 4)),
}


def make_optimizer(name, lr, momentum=0.9):
    """The optimiser called ``name`` ('sgd', 'momentum' or 'adam'), with its settings checked.

    lr: the learning rate, greater than 0. momentum: mu, the fraction of the last step
    kept in the next (0 <= mu < 1); only 'momentum' uses it, but it is always checked.
    """
    name, lr, momentum = check_optimizer(name), check_lr(lr), check_momentum(momentum)
    return Momentum(lr, momentum) if name == "momentum" else OPTIMIZERS[name](lr)


def check_optimizer(name) -> str:
    """One of OPTIMIZERS' names."""
    if not isinstance(name, str) or name not in OPTIMIZERS:
        raise ValueError(f"unknown optimizer {name!r}; choose one of {sorted(OPTIMIZERS)}.")
    return name


def check_lr(lr, name="lr (the learning rate)") -> float:
    """The learning rate as a float, refused unless it is a number greater than 0."""
    lr = _validate.real_number(lr, name)
    if not lr > 0:
        raise ValueError(f"{name} must be a number greater than 0; got {lr!r}.")
    return lr


def check_momentum(momentum) -> float:
    """mu, the fraction of the last step kept in the next: 0 <= mu < 1."""
    momentum = _validate.real_number(momentum, "momentum")
    if not 0 <= momentum < 1:
        raise ValueError(
            f"momentum must be from 0 up to (not including) 1, such as 0.9; got {momentum!r}. "
            "It is the fraction of the last step kept in the next: at 1 or more the steps "
            "never die down."
        )
    return momentum


def check_schedule(schedule) -> str:
    """One of SCHEDULES' names."""
    if not isinstance(schedule, str) or schedule not in SCHEDULES:
        raise ValueError(f"unknown schedule {schedule!r}; choose one of {sorted(SCHEDULES)}.")
    return schedule
