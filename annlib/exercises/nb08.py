"""Exercises of notebook 08: gradients and optimisers."""

from __future__ import annotations

import numpy as np

from .core import Exercise, Wrong, _short, array, call, number


def momentum_step(W, v, g, lr, mu):
    """One step of gradient descent with momentum: the new weights and the new velocity."""
    v = mu * v - lr * g
    return W + v, v


def _check_momentum(function):
    rng = np.random.default_rng(63)
    for _ in range(10):
        shape = (int(rng.integers(1, 4)), int(rng.integers(1, 4)))
        W, v, g = rng.normal(size=shape), rng.normal(size=shape), rng.normal(size=shape)
        lr, mu = float(rng.choice([0.01, 0.1, 0.5])), float(rng.choice([0.5, 0.9]))
        got = call(function, W, v, g, lr, mu, returns="the new W and the new v, as (W, v)")
        if not isinstance(got, (tuple, list)) or len(got) != 2:
            raise Wrong("return two things: (W, v), the new weights and the new velocity.")
        new_W = array(got[0], "the new W", shape)
        new_v = array(got[1], "the new v", shape)
        want_W, want_v = momentum_step(W, v, g, lr, mu)
        if np.allclose(new_W, want_W) and np.allclose(new_v, want_v):
            continue
        if np.allclose(new_W, W - lr * g):
            raise Wrong(
                "your W moves by −lr · g alone: that is plain gradient descent. With momentum "
                "the velocity comes first, v ← μ v − lr g, and W moves by the new v."
            )
        if np.allclose(new_W, W + v) and np.allclose(new_v, want_v):
            raise Wrong("your W moves by the old velocity; move it by the new one.")
        if np.allclose(new_v, mu * v + lr * g):
            raise Wrong("your velocity grows along the slope; it should go against it: − lr g.")
        if np.allclose(new_v, mu * v + g) and np.allclose(new_W, W - lr * new_v):
            raise Wrong(
                "that is right in another convention (PyTorch's: v sums the slopes, and W moves "
                "by −lr v). Here v is the step itself, as in section 2: v ← μ v − lr g, W ← W + v."
            )
        raise Wrong(
            f"with lr = {lr}, μ = {mu}: v ← μ v − lr g gives {np.round(want_v, 3).tolist()} and "
            f"W ← W + v gives {np.round(want_W, 3).tolist()}; yours are "
            f"{np.round(new_v, 3).tolist()} and {np.round(new_W, 3).tolist()}."
        )


def cross_entropy(P, y):
    """The mean over the examples of −log of the probability given to the right class."""
    P = np.asarray(P, dtype=float)
    return float(-np.mean(np.log(P[np.arange(len(y)), y])))


def _probabilities(rng, n, k):
    e = np.exp(rng.normal(size=(n, k)) * 2)
    return e / e.sum(axis=1, keepdims=True)


def _check_cross_entropy(function):
    rng = np.random.default_rng(64)
    for n, k in [(1, 3), (4, 10), (6, 5)]:
        P, y = _probabilities(rng, n, k), rng.integers(0, k, n)
        got = number(call(function, P, y, returns="the mean cross-entropy"), "the cross-entropy")
        want = cross_entropy(P, y)
        if np.isclose(got, want, rtol=1e-6):
            continue
        right = P[np.arange(n), y]
        if np.isclose(got, -want, rtol=1e-6):
            raise Wrong("yours is negative: the loss is −log p; log of a probability is ≤ 0.")
        if n > 1 and np.isclose(got, n * want, rtol=1e-6):
            raise Wrong(f"yours is the sum over the {n} examples; the loss is their mean.")
        if np.isclose(got, -np.mean(np.log(P)), rtol=1e-6) or np.isclose(
            got, -np.sum(np.log(P)) / n, rtol=1e-6
        ):
            raise Wrong(
                "you took the log of every probability; cross-entropy looks only at the one "
                "given to the right class, P[i, y[i]] for example i."
            )
        if np.isclose(got, np.mean(1 - right), rtol=1e-6):
            raise Wrong("take −log of the right class's probability, not 1 − it.")
        raise Wrong(
            f"for the probabilities {np.round(P, 3).tolist()} and right classes {y.tolist()} "
            f"the mean cross-entropy is {want:.4f}; yours is {got:.4f}."
        )


def adam_step(w, g, m, s, t, lr, beta1=0.9, beta2=0.999, eps=1e-8):
    """One Adam step as the formulas write it: returns the new w, m and s."""
    m = beta1 * m + (1 - beta1) * g  # running mean of the gradients
    s = beta2 * s + (1 - beta2) * g**2  # running mean of their squares
    m_hat = m / (1 - beta1**t)  # bias corrections: m and s start at 0
    s_hat = s / (1 - beta2**t)
    return w - lr * m_hat / (np.sqrt(s_hat) + eps), m, s


def _adam_slips(w, g, m, s, t, lr, b1, b2, eps):
    """What classic slips give for w, to explain a mismatch."""
    new_m, new_s = b1 * m + (1 - b1) * g, b2 * s + (1 - b2) * g**2
    m_hat, s_hat = new_m / (1 - b1**t), new_s / (1 - b2**t)
    with np.errstate(all="ignore"):
        return {
            "no bias correction": w - lr * new_m / (np.sqrt(new_s) + eps),
            "uphill": w + lr * m_hat / (np.sqrt(s_hat) + eps),
            "no square root": w - lr * m_hat / (s_hat + eps),
            "eps inside the root": w - lr * m_hat / np.sqrt(s_hat + eps),
            "old m and s": w - lr * (m / (1 - b1**t)) / (np.sqrt(s / (1 - b2**t)) + eps),
        }


def _check_adam_step(function):
    rng = np.random.default_rng(29)
    w, g = rng.normal(size=(3, 4)), rng.normal(size=(3, 4))
    lr, b1, b2, eps = 0.01, 0.9, 0.999, 1e-3  # a large eps, so that its place shows
    cases = [
        ("the first step", np.zeros_like(w), np.zeros_like(w), 1),
        ("step 5", rng.normal(size=w.shape) * 0.1, rng.uniform(0.1, 1, size=w.shape), 5),
    ]
    for name, m, s, t in cases:
        got = call(function, w, g, m, s, t, lr, b1, b2, eps, returns="(w, m, s)")
        if not isinstance(got, (tuple, list)) or len(got) != 3:
            raise Wrong(f"return three arrays, the new (w, m, s); got {_short(got)}.")
        new_w, new_m, new_s = (array(x, what, w.shape) for x, what in zip(got, "wms"))
        want_w, want_m, want_s = adam_step(w, g, m, s, t, lr, b1, b2, eps)
        if np.allclose(new_m, want_m / (1 - b1**t)):
            raise Wrong(
                f"at {name} you returned m̂; return m itself: Adam keeps the uncorrected "
                "running means and corrects them afresh at every step."
            )
        if not np.allclose(new_m, want_m):
            raise Wrong(
                f"at {name}, m should be beta1 m + (1 − beta1) g, the running mean of the "
                "gradients; yours differs."
            )
        if np.allclose(new_s, b2 * s + (1 - b2) * g):
            raise Wrong("s is the running mean of the squared gradients: (1 − beta2) g**2.")
        if not np.allclose(new_s, want_s):
            raise Wrong(f"at {name}, s should be beta2 s + (1 − beta2) g**2; yours differs.")
        if not np.all(np.isfinite(new_w)):
            raise Wrong(
                f"at {name} (t = {t}) your new weights are not finite: t counts the steps "
                "from 1, so the corrections 1 − beta1**t and 1 − beta2**t are never 0."
            )
        if np.allclose(new_w, want_w, rtol=1e-6, atol=1e-12):
            continue
        explanations = {
            "no bias correction": "divide m by 1 − beta1**t and s by 1 − beta2**t before the "
            "step (the bias corrections): m and s start at 0, and without them the first "
            "steps are the wrong size.",
            "uphill": "your step goes uphill: subtract lr m̂ / (√ŝ + eps) from w.",
            "no square root": "divide by the square root of ŝ (plus eps): ŝ is a mean of "
            "squared gradients, so √ŝ has the gradients' own size.",
            "eps inside the root": "add eps after the square root, √ŝ + eps, not inside it.",
            "old m and s": "update m and s first, with this step's gradient g, then step "
            "with the new ones.",
        }
        slips = _adam_slips(w, g, m, s, t, lr, b1, b2, eps)
        for slip, message in explanations.items():
            if np.allclose(new_w, slips[slip], rtol=1e-6, atol=1e-12):
                raise Wrong(f"at {name}: {message}")
        raise Wrong(
            f"at {name} your new w differs from w − lr m̂ / (√ŝ + eps), with "
            "m̂ = m / (1 − beta1**t) and ŝ = s / (1 − beta2**t)."
        )


EXERCISES = [
    Exercise(
        "8.1",
        "the momentum update",
        """
        Write my_momentum_step(W, v, g, lr, mu): one step of gradient descent with momentum,
        for weights W, velocity v and gradient g (arrays of one shape), learning rate lr and
        momentum mu. As in section 2, v is the step itself: the weights move by the new v.
        Return the new weights and the new velocity, as (W, v).
        """,
        _check_momentum,
        "First the velocity: keep mu of it and add the step against the slope, mu * v - lr * g. "
        "Then move the weights by the new velocity.",
        reference=momentum_step,
    ),
    Exercise(
        "8.2",
        "cross-entropy by hand",
        """
        Write my_cross_entropy(P, y): P holds one row of probabilities per example (each row
        adds up to 1), y the right class of each example (0, 1, ...). Return the mean over the
        examples of −log(the probability given to the right class).
        """,
        _check_cross_entropy,
        "P[np.arange(len(y)), y] picks, in each row i, the probability of the class y[i]. "
        "Then take -np.log of those and their mean.",
        reference=cross_entropy,
    ),
    Exercise(
        "8.3",
        "one step of Adam",
        """
        Write my_adam_step(w, g, m, s, t, lr, beta1, beta2, eps): one Adam step for the
        weights w with the gradient g, where m and s are the running means Adam keeps (of
        the gradients and of their squares) and t is the number of this step, counted from
        1. Update m and s, correct them for starting at 0 (m̂ = m / (1 − beta1**t),
        ŝ = s / (1 − beta2**t)), and move w by lr m̂ / (√ŝ + eps) against the slope.
        Return the new (w, m, s). Arrays all of one shape; work element by element.
        """,
        _check_adam_step,
        "Four lines: m = beta1 * m + (1 - beta1) * g, the same for s with g ** 2 and beta2, "
        "then m_hat and s_hat, then w - lr * m_hat / (np.sqrt(s_hat) + eps).",
        reference=adam_step,
        explanation=(
            "On the first step m̂ = g and ŝ = g², so every weight moves by lr × g / |g|,\n"
            "almost exactly lr, whatever the size of its slope: Adam's step has the size lr,\n"
            "and the gradient only gives its direction, until m and s have seen more steps.\n"
            "annlib.optim.Adam computes the same (calling s v, as Adam's paper does),\n"
            "written to make fewer arrays."
        ),
    ),
]
