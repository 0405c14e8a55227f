"""Every exercise: the model answer passes, plausible wrong answers fail with the intended
message, and blanks are "not answered yet" (never an exception)."""

import math
from pathlib import Path

import numpy as np
import pytest

from annlib.exercises import EXERCISES, Feedback, exercise, exercises, is_blank
from annlib.exercises.core import BLANK, CORRECT, WRONG

ROOT = Path(__file__).resolve().parents[1]


def test_every_notebook_has_two_to_four_exercises():
    notebooks = sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
    assert len(notebooks) >= 9
    for notebook in range(1, len(notebooks) + 1):
        assert 2 <= len(exercises(notebook)) <= 4, notebook


@pytest.mark.parametrize("key", list(EXERCISES))
def test_the_reference_answer_passes(key):
    feedback = exercise(key).check(exercise(key).reference_answer())
    assert feedback.status == CORRECT, feedback
    assert bool(feedback)


def _blank_function(*args): ...  # your code here


def _blank_with_docstring(x):
    """Return the answer."""
    pass


@pytest.mark.parametrize("key", list(EXERCISES))
@pytest.mark.parametrize("blank", [..., (..., ...), _blank_function, _blank_with_docstring])
def test_blank_answers_are_not_answered_yet(key, blank):
    feedback = exercise(key).check(blank)
    assert feedback.status == BLANK and "not answered yet" in repr(feedback)
    assert not feedback


def test_a_function_with_a_body_is_not_blank():
    def answer(x):
        return x

    assert not is_blank(answer) and not is_blank((1, 2)) and is_blank([1, ...])


def test_hint_and_solution_show_text_and_the_tested_code():
    ex = exercise("3.2")
    hint = ex.hint()  # leads through the derivation, without handing over its result
    assert "chain rule" in hint and "0.25" in hint and "σ(z) (1 − σ(z))" not in hint
    solution = ex.solution()
    assert "def sigmoid_prime(z):" in solution and "return s * (1 - s)" in solution
    assert "(1, -1, 1)" in exercise("1.1").solution()
    assert "def train_xor" in exercise("4.3").solution()
    assert "Exercise 1.1: a neuron for C AND NOT D" in repr(exercise("1.1"))
    assert "<b>Exercise 1.1" in exercise("1.1")._repr_html_()


def test_feedback_shows_in_colour_and_as_text():
    wrong = exercise("1.1").check((1, 1, 1))
    assert wrong.status == WRONG and "✗ not yet" in repr(wrong) and "#c62828" in wrong._repr_html_()
    assert isinstance(wrong, Feedback)


def test_unknown_exercises_say_which_exist():
    with pytest.raises(KeyError, match="the exercises are 1.1, 1.2"):
        exercise("14.9")
    last = len(list((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb")))
    for wrong in (last + 1, "x", None, 0):
        with pytest.raises(KeyError, match=f"notebooks are 1 to {last}"):
            exercises(wrong)
    assert [ex.key for ex in exercises("05")] == ["5.1", "5.2"]
    assert [ex.key for ex in exercises("06")] == ["6.1", "6.2"]


def test_a_crashing_answer_is_explained_not_raised():
    feedback = exercise("1.3").check(lambda weights, m, x: undefined_name)  # noqa: F821
    assert feedback.status == WRONG
    assert "your function raised NameError" in feedback.message


# ---- wrong answers, each with the message it should get --------------------------------


def _forgets_to_return(weights, m, x):
    fires = np.dot(weights, x) >= m  # noqa: F841 (the mistake under test)


def _correlates_without_return(image, kernel):
    out = _correlate_reference(image, kernel)  # noqa: F841 (the mistake under test)


def _sigmoid(z):
    return 1 / (1 + np.exp(-z))


def _knock_into(model, layer, neurons):
    model.params[f"W{layer}"][neurons, :] = 0
    return model


def _knock_into_and_bias(model, layer, neurons):
    model.params[f"W{layer}"][neurons, :] = 0
    model.params[f"b{layer}"][neurons] = 0
    return model


def _knock_rows(model, layer, neurons):
    model.params[f"W{layer + 1}"][neurons, :] = 0
    return model


def _knock_own(model, layer, neurons):
    model.params[f"W{layer}"][:, neurons] = 0
    return model


def _knock_in_place(model, layer, neurons):
    """Right answers, but from the learner's own network, changed for good."""
    model.params[f"W{layer + 1}"][:, neurons] = 0
    return model


def _epoch(shuffle=True, numpy_random=False, shuffle_only_x=False, sign=-1, drop_last=False,
           weights_only=False, first_batch_only=False):  # fmt: skip
    """A learner's one epoch of exercise 5.2, with one classic slip."""

    def my_one_epoch(model, X, Y, batch_size, lr, rng):
        order = np.arange(len(X))
        if shuffle:
            order = np.random.permutation(len(X)) if numpy_random else rng.permutation(len(X))
        if shuffle_only_x:
            X, order = X[order], np.arange(len(X))
        end = len(X) - batch_size + 1 if drop_last else len(X)
        for start in range(0, batch_size if first_batch_only else end, batch_size):
            batch = order[start : start + batch_size]
            _, cache = model.forward(X[batch], keep=True)
            grads = model.backward(cache, Y[batch])
            for name in model.weight_names if weights_only else model.params:
                model.params[name] += sign * lr * grads[name]
        return model

    return my_one_epoch


def _adam_with(
    w,
    g,
    m,
    v,
    t,
    lr,
    b1,
    b2,
    eps,
    sign=-1,
    root=np.sqrt,
    eps_inside=False,
    square=np.square,
    t_from=1,
    old=False,
):
    """One Adam step with one classic slip, for exercise 8.3's wrong answers."""
    new_m, new_v = b1 * m + (1 - b1) * g, b2 * v + (1 - b2) * square(g)
    step_t = t - 1 + t_from
    used_m, used_v = (m, v) if old else (new_m, new_v)
    with np.errstate(all="ignore"):
        m_hat, v_hat = used_m / (1 - b1**step_t), used_v / (1 - b2**step_t)
        size = root(v_hat + eps) if eps_inside else root(v_hat) + eps
        return w + sign * lr * m_hat / size, new_m, new_v


def _adam_returning_hats(w, g, m, s, t, lr, b1, b2, eps):
    new_w, new_m, new_s = _adam_with(w, g, m, s, t, lr, b1, b2, eps)
    return new_w, new_m / (1 - b1**t), new_s / (1 - b2**t)


def _adam_without_correction(w, g, m, v, t, lr, b1, b2, eps):
    new_m, new_v = b1 * m + (1 - b1) * g, b2 * v + (1 - b2) * g**2
    return w - lr * new_m / (np.sqrt(new_v) + eps), new_m, new_v


WRONG_ANSWERS = {
    "1.1": [
        (
            (1, 1, 1),
            "with C=0, D=1 your neuron fires (signal 1 ≥ m = 1); C AND NOT D should stay quiet",
        ),
        (
            (1, -1, 2),
            "with C=1, D=0 your neuron stays quiet (signal 1 < m = 2); C AND NOT D should fire",
        ),
        ((1, 1, 2), "with C=1, D=0 your neuron stays quiet (signal 1 < m = 2)"),  # AND, not this
        ((1, 1), "give 3 numbers in this order: (w_C, w_D, m)"),
        ((1, "one", 2), "the value for w_D should be a number"),
    ],
    "1.2": [
        ((1, 1, 1, 1), "with A=0, B=0, C=1 your neuron fires"),
        ((1, 1, 1, 3), "with A=0, B=1, C=1 your neuron stays quiet (signal 2 < m = 3)"),
    ],
    "1.3": [
        (
            lambda w, m, x: float(np.dot(w, x)) > m,
            "the signal is exactly 2 = m; the neuron fires when the signal reaches m (≥)",
        ),
        (lambda w, m, x: sum(x) >= m, "so the neuron should stay quiet; yours says True"),
        (_forgets_to_return, "your function returns None: did you forget to `return`"),
        (lambda w, m, x: "yes", "the answer should be True/False (or 1/0), got 'yes'"),
    ],
    "2.1": [
        ({"F"}, "G fires too"),
        ({"E", "F", "G"}, "E stays quiet"),
        ({"F", "H"}, "['H'] are not among them"),
    ],
    "2.2": [
        (
            lambda W, m, a: (W @ a > m).astype(int),
            "(the signal equals m: a neuron fires when the signal reaches m)",
        ),
        (lambda W, m, a: int(np.all(W @ a >= m)), "the result should hold one 0 or 1 per neuron"),
        (lambda W, m, a: (a @ W >= m).astype(int), "your function raised ValueError"),
    ],
    "2.3": [
        (
            ([[1, 1], [1, 1]], [1, 2], [1, -1], 1),  # notebook 02's XOR network
            "with C=0, D=0 the hidden neurons give [0, 0] and the output stays quiet; "
            "'C and D the same' should fire",
        ),
        (
            ([[1, 1], [-1, -1]], [2, 0], [1, 1], 2),
            "with C=0, D=0 the hidden neurons give [0, 1] and the output stays quiet",
        ),
        (
            ([1, 1], [1, -1], [1, 1], 2),
            "W1 (rows: the two hidden neurons; columns: C and D) should have shape (2, 2)",
        ),
    ],
    "3.1": [
        (-0.3, "that is the sum of the errors: square each error"),
        (0.29 / 3, "that is the mean of the squared errors"),
        (0.145, "that is half the SSE"),
        (0.9, "that is the sum of the sizes of the errors"),
        (0.5, "0.5 is not the SSE of these outputs"),
    ],
    "3.2": [
        (
            _sigmoid,
            "at z = 0 the slope of the sigmoid is 0.25, yours gives 0.5. That is σ(z) itself",
        ),
        (lambda z: _sigmoid(z) * (1 + _sigmoid(z)), "Check the sign: it is 1 − σ(z)"),
        (lambda z: math.exp(-z) / (1 + math.exp(-z)) ** 2, "your function raised TypeError"),
        (lambda z: float(np.mean(_sigmoid(z))), "it should return 33 slopes, one per z"),
        (
            lambda z: -np.exp(-z) / (1 + np.exp(-z)) ** 2,
            "Yours are negative, but σ rises everywhere",
        ),
        (lambda z: np.exp(-z) / (1 + np.exp(-z)), "1 + e^(−z) appears squared"),
    ],
    "3.3": [
        (3.96, "3.96: that is 1 / SSE'': from this rate on, each step jumps over the bottom"),
        (0.252, "that is SSE'' itself, the curvature at the bottom"),
        (0.505, "that is 2 × SSE''; the largest rate is 2 divided by SSE''"),
        (6.5, "that is the limit of section 5's neuron"),
        (3.25, "that is where section 5's neuron (w_D = 1, m = 1.5) begins to overshoot"),
        (12.04, "that is 2 / SSE'' at w_C = 3, where the explorer starts"),
        (8, "after 100: it does not close in. The edge is lower"),
        (7.5, "after 100: it closes in, and so would a somewhat larger rate"),
        (5, "has reached the bottom after 50 steps: it closes in"),
        (-1, "it must be positive"),
    ],
    "4.1": [
        (
            lambda w, b, x, y: (2 * (_sigmoid(w @ x + b) - y) * x, 2 * (_sigmoid(w @ x + b) - y)),
            "your slopes miss the sigmoid's own slope a (1 − a)",
        ),
        (
            lambda w, b, x, y: (
                (_sigmoid(w @ x + b) - y) * _sigmoid(w @ x + b) * (1 - _sigmoid(w @ x + b)) * x,
                0.0,
            ),
            "your slopes are half the true ones",
        ),
        (lambda w, b, x, y: np.zeros_like(w), "return two things: (dw, db)"),
    ],
    "4.2": [
        (lambda W, a, g: (np.outer(a, g), g, W.T @ g), "grad_W should have the shape of W, (3, 4)"),
        (
            lambda W, a, g: (np.outer(g, a), g, W @ a),
            "grad_a_in should have the shape of a_in, (4,)",
        ),
        (lambda W, a, g: (np.outer(g, a), g, -W.T @ g), "grad_a_in differs from the true slopes"),
        (lambda W, a, g: (np.outer(g, a), g * 2, W.T @ g), "grad_b differs from the true slopes"),
    ],
    "5.1": [
        (lambda z: np.exp(z) / np.exp(z).sum(axis=1, keepdims=True), "e^1000 overflows"),
        (
            lambda z: np.exp(z - z.max()) / np.exp(z - z.max()).sum(axis=0, keepdims=True),
            "each row (one example's scores) should add up to 1",
        ),
        (lambda z: np.exp(z - z.max()).sum(axis=1), "return probabilities of the same shape"),
    ],
    "5.2": [
        (_epoch(shuffle=False), "you took the examples in their stored order"),
        (_epoch(numpy_random=True), "two runs with the same rng gave different weights"),
        (_epoch(shuffle_only_x=True), "their wanted outputs were not"),
        (_epoch(sign=+1), "your steps go uphill"),
        (_epoch(drop_last=True), "leave a last batch of 2, and yours skipped it"),
        (_epoch(weights_only=True), "the biases b learn too"),
        (_epoch(first_batch_only=True), "only the first batch made a step"),
        (lambda model, X, Y, batch_size, lr, rng: model, "the weights did not change"),
        (lambda model, X, Y, batch_size, lr, rng: model.params, "return the model you trained"),
    ],
    "6.1": [
        (lambda t: 100 * np.diag(t) / t.sum(axis=1), "these are percentages"),
        (lambda t: np.diag(t) / t.sum(axis=0), "you divided by the column sums"),
        (lambda t: np.diag(t) / t.sum(), "you divided by the whole table's sum"),
        (lambda t: np.diag(t), "digit 0: "),
    ],
    "6.2": [
        (lambda t, a, b: 100 * (t[a, b] + t[b, a]) / (t[a].sum() + t[b].sum()), "a percentage"),
        (lambda t, a, b: t[a, b] / t[a].sum(), "you counted the mistakes one way only"),
        (lambda t, a, b: (t[a, b] + t[b, a]) / (t[:, a].sum() + t[:, b].sum()), "column sums"),
        (lambda t, a, b: (t[a, b] + t[b, a]) / t.sum(), "you divided by the whole table's sum"),
        (lambda t, a, b: t[a, b] / t[a].sum() + t[b, a] / t[b].sum(), "you combined two rates"),
        (lambda t, a, b: t[a, b] + t[b, a], "6 + 3 mistakes (each read as the other)"),
    ],
    "7.1": [
        (lambda losses, p: _keeps(losses, p) - 1, "count the epochs from 1"),
        (lambda losses, p: int(np.argmin(losses)) + 1, "it never sees the losses after that"),
        (lambda losses, p: _stop_epoch(losses, p), "keeps the weights of the best epoch before it"),
        (lambda losses, p: _keeps_on_equal(losses, p), "does not beat it"),
    ],
    "7.2": [
        (lambda n: 2 / n, "that is the variance"),
        (lambda n: math.sqrt(1 / n), "LeCun's rule"),
        (lambda n: math.sqrt(2 * n), "for 2 inputs the spread is 1;"),
    ],
    "7.3": [
        (lambda a, p, rng: a * (rng.random(a.shape) >= p), "Divide the kept ones by 1 - p"),
        (lambda a, p, rng: a * (np.random.random(a.shape) >= p) / (1 - p), "not np.random"),
        (lambda a, p, rng: a * (rng.random(a.shape[1]) >= p) / (1 - p), "every example lost"),
        (lambda a, p, rng: a * (rng.random(a.shape) < p) / (1 - p), "p is the share switched"),
        (lambda a, p, rng: a * (rng.random(a.shape) >= p) / p, "the share kept, not by p"),
        (lambda a, p, rng: a * (rng.random(a.shape) >= p) * (1 - p), "you multiplied"),
        (lambda a, p, rng: a, "no activation was switched off"),
        (lambda a, p, rng: a * (rng.random(a.shape) >= 0.5) / 0.5, "about 30% should be"),
        (lambda a, p, rng: a * (rng.random((len(a), 1)) >= p) / (1 - p), "all its neurons or"),
        (lambda a, p, rng: a * (k := rng.random(a.shape) >= p) / k.mean(), "happened to keep"),
    ],
    "8.1": [
        (lambda W, v, g, lr, mu: (W - lr * g, mu * v - lr * g), "that is plain gradient descent"),
        (lambda W, v, g, lr, mu: (W + v, mu * v - lr * g), "moves by the old velocity"),
        (lambda W, v, g, lr, mu: (W + mu * v + lr * g, mu * v + lr * g), "should go against it"),
        (lambda W, v, g, lr, mu: W - lr * g, "return two things: (W, v)"),
        (
            lambda W, v, g, lr, mu: (W - lr * (mu * v + g), mu * v + g),
            "that is right in another convention",
        ),
    ],
    "8.2": [
        (lambda P, y: np.mean(np.log(P[np.arange(len(y)), y])), "yours is negative"),
        (lambda P, y: -np.sum(np.log(P[np.arange(len(y)), y])), "is their mean"),
        (lambda P, y: -np.mean(np.log(P)), "you took the log of every probability"),
        (lambda P, y: np.mean(1 - P[np.arange(len(y)), y]), "not 1 − it"),
    ],
    "8.3": [
        (_adam_without_correction, "the bias corrections"),
        (lambda *args: _adam_with(*args, sign=+1), "your step goes uphill"),
        (lambda *args: _adam_with(*args, root=lambda x: x), "divide by the square root"),
        (lambda *args: _adam_with(*args, eps_inside=True), "add eps after the square root"),
        (lambda *args: _adam_with(*args, square=lambda g: g), "s is the running mean of"),
        (lambda *args: _adam_with(*args, t_from=0), "t counts the steps from 1"),
        (lambda *args: _adam_with(*args, old=True), "update m and s first"),
        (lambda *args: _adam_returning_hats(*args), "you returned m̂"),
        (lambda w, g, m, s, t, lr, b1, b2, eps: (w - lr * g, m, s), "m should be beta1 m"),
        (lambda w, g, m, s, t, lr, b1, b2, eps: w - lr * g, "return three arrays"),
    ],
    "9.1": [
        (lambda W, S: np.linalg.norm(W - S), "the size of the change itself"),
        (lambda W, S: 100 * np.linalg.norm(W - S) / np.linalg.norm(S), "this is a percentage"),
        (lambda W, S: np.linalg.norm(W) / np.linalg.norm(S), "that compares the sizes"),
        (lambda W, S: [np.linalg.norm(W - S) / np.linalg.norm(S)], "the number itself"),
        (lambda W, S: np.linalg.norm(W) / np.linalg.norm(S) - 1, "difference of the two sizes"),
        (lambda W, S: np.linalg.norm(W - S) / np.linalg.norm(W), "the size of the trained"),
        (lambda W, S: np.sum((W - S) ** 2) / np.sum(S**2), "left out the square roots"),
        (lambda W, S: np.abs(W - S).mean() / np.abs(S).mean(), "compared the mean sizes"),
        (lambda W, S: np.linalg.norm(W - S, axis=1) / np.linalg.norm(S, axis=1), "one number"),
    ],
    "9.2": [
        (lambda a, b: int(np.sum(a & b)), "that is how many are active in both"),
        (lambda a, b: np.sum(a & b) / len(a), "you divided by all"),
        (lambda a, b: np.sum(a & b) / max(a.sum(), 1), "you divided by the size of one set"),
        (lambda a, b: 1 - np.sum(a & b) / np.sum(a | b), "1 minus the overlap"),
        (lambda a, b: np.sum(a & b) / max(np.sum(a | b), 1), "Two empty sets are the same set"),
    ],
    "10.1": [
        (lambda A, y, d: int(np.argmax(A.mean(axis=0))), "the most active over all the digits"),
        (lambda A, y, d: int(np.argmax(A[y == d][0])), "the most active for one example"),
        (lambda A, y, d: float(A[y == d].mean(axis=0).max()), "not its activation"),
        (lambda A, y, d: int(np.argmin(A[y == d].mean(axis=0))), "has the highest mean"),
    ],
    "10.2": [
        (_knock_into, "the weights into them, but each keeps its bias"),
        (_knock_into_and_bias, "still sends f(0) to the next layer (0.5 for a sigmoid)"),
        (_knock_rows, "you zeroed rows of W2"),
        (_knock_own, "you zeroed columns of W1"),
        (lambda model, layer, neurons: model.params, "return a network (an MLP"),
        (_knock_in_place, "changed the model it was given"),
    ],
    "14.1": [
        (lambda a, b: (a, b), "swapped"),
        (lambda a, b: (1.0, 1.0), "local slopes of a + b"),
        (lambda a, b: (a * b, a * b), "c itself is not a slope"),
        (lambda a, b: b, "return two numbers"),
    ],
    "14.2": [
        (4, "x is used three times"),
        (8, "counts two uses"),
        (6, "the product of the *other* factors"),
        (24, "two backward() calls"),
        (3, "3 is not it"),
    ],
    "14.3": [
        (lambda W, b: (W.T, b), "transposed"),
        (lambda W, b: (W, b * 0), "the bias should be annlib's b"),
        (lambda W, b: (W * 2, b), "number for number"),
        (lambda W, b: W, "return two arrays"),
    ],
    "14.4": [
        (lambda v, p: v._made(v.data**p, "**", (v,), (p * v.data**p,)), "lowers it by one"),
        (lambda v, p: v._made(v.data**p, "**", (v,), (v.data ** (p - 1),)), "the factor p"),
        (lambda v, p: v._made(v.data**p, "**", (v,), (v.data**p,)), "the number v^p itself"),
        (lambda v, p: v._made(v.data**p, "**", (v,), (p * v.data,)), "only for p = 2"),
        (lambda v, p: v._made(v.data**p, "**", (), ()), "it has no parents"),
        (
            lambda v, p: v._made(v.data**p, "**", (v,), (p * v.data ** (p - 1) * v.grad,)),
            "multiplying by a grad",
        ),
        (
            lambda v, p: [setattr(v, "grad", p * v.data ** (p - 1)), type(v)(v.data**p)][1],
            "set v.grad to 6.75 itself",
        ),
        (
            lambda v, p: v._made(p * v.data ** (p - 1), "**", (v,), (p * v.data ** (p - 1),)),
            "you gave the slope where the number goes",
        ),
        (
            lambda v, p: v._made(v.data**p, "**", (v.data,), (p * v.data ** (p - 1),)),
            "not their numbers",
        ),
        (lambda v, p: v._made(v.data**p, "**", (v,), ()), "one local slope for each parent"),
        (lambda v, p: v.data**p, "not a Value"),
        (lambda v, p: v**p, "the exercise is to write ** yourself"),
    ],
    "11.1": [
        (lambda im, dx, dy: np.roll(im, (dy, dx), axis=(0, 1)), "np.roll wraps around"),
        (
            lambda im, dx, dy: (
                np.roll(np.roll(im, -dx, axis=1), -dy, axis=0) * 0 + _shift_reference(im, -dx, -dy)
            ),
            "your image moves the other way",
        ),
        (lambda im, dx, dy: _shift_reference(im, dy, dx), "you swapped the directions"),
    ],
    "11.2": [
        (lambda a, b: _sign_test_reference(a, b) / 2, "half the answer"),
        (
            lambda a, b: min(
                1.0, 2 * sum(math.comb(a + b, i) for i in range(min(a, b))) / 2 ** (a + b)
            ),
            "you left out the split itself",
        ),
        (lambda a, b: 1.5, "a chance lies between 0 and 1"),
        (lambda a, b: 0.5, "for a split of 26 against 22, yours says 0.5; it should be 0.665"),
    ],
    "12.2": [
        (lambda n, k, p, s: (n + 2 * p - k) // s, "one short"),
        (lambda n, k, p, s: (n - k) // s + 1, "you left out the padding"),
        (lambda n, k, p, s: (n + p - k) // s + 1, "2p in all, not p"),
        (lambda n, k, p, s: n + 2 * p - k + 1, "the stride is left out"),
        (lambda n, k, p, s: (n + 2 * p - k) / s + 1, "round down"),
    ],
    "12.1": [
        (lambda im, k: _correlate_reference(im, k[::-1, ::-1]), "you flipped the kernel"),
        (
            lambda im, k: np.zeros(im.shape),
            "should have shape (4, 5); yours has (6, 7) (no padding here)",
        ),
        (lambda im, k: _correlate_reference(im, k) * 2, "the top-left value should be"),
        (
            _correlates_without_return,
            "your function returns None: did you forget to `return` the result?",
        ),
    ],
    "13.1": [
        (
            lambda im: im[
                np.nonzero(im)[0].min() : np.nonzero(im)[0].max(),
                np.nonzero(im)[1].min() : np.nonzero(im)[1].max(),
            ],
            "your crop cuts off the last row and column of ink",
        ),
        (lambda im: im, "so the crop should have shape"),
    ],
    "13.2": [
        (lambda p: 1 - p / 255, "your ink comes out darker than the background"),
        (lambda p: 255 - p if np.median(p) > 128 else p, "divide by 255"),
        (lambda p: p / 255, "for a photo of dark ink on light paper your ink comes out darker"),
    ],
}


def _stop_epoch(losses, patience):
    from annlib.exercises.nb07 import _stop_epoch

    return _stop_epoch(losses, patience)


def _keeps(losses, patience):
    from annlib.exercises.nb07 import early_stopping

    return early_stopping(losses, patience)


def _keeps_on_equal(losses, patience):
    from annlib.exercises.nb07 import _early_stopping

    return _early_stopping(losses, patience, np.less_equal)


def _shift_reference(image, dx, dy):
    from annlib.exercises.nb11 import shift

    return shift(image, dx, dy)


def _correlate_reference(image, kernel):
    from annlib.exercises.nb12 import correlate

    return correlate(image, kernel)


def _sign_test_reference(only_a, only_b):
    from annlib.exercises.nb11 import sign_test

    return sign_test(only_a, only_b)


def _train_xor_badly():
    from annlib.mlp import MLP

    return MLP([2, 4, 1], activation="sigmoid", output="sigmoid", loss="sse", seed=0)  # untrained


WRONG_ANSWERS["4.3"] = [
    ("model", "give the trained annlib MLP itself; got str"),
    (None, "give the trained annlib MLP itself; got NoneType"),
    (_train_xor_badly(), "XOR is 1 there. Train longer"),  # built, never trained
    (
        __import__("annlib.mlp", fromlist=["MLP"]).MLP([2, 1], output="sigmoid", loss="sse"),
        "your network has no hidden layer, so it can only draw one straight line",
    ),
]


def test_every_exercise_has_at_least_two_wrong_answers():
    assert set(WRONG_ANSWERS) == set(EXERCISES)
    assert all(len(answers) >= 2 for answers in WRONG_ANSWERS.values())


@pytest.mark.parametrize(
    "key,answer,message",
    [
        (key, answer, message)
        for key, answers in WRONG_ANSWERS.items()
        for answer, message in answers
    ],
)
def test_wrong_answers_get_the_intended_message(key, answer, message):
    feedback = exercise(key).check(answer)
    assert feedback.status == WRONG, feedback
    assert message in feedback.message, feedback.message


def test_an_untrained_xor_network_is_told_which_pattern_it_gets_wrong():
    feedback = exercise("4.3").check(_train_xor_badly())
    assert feedback.status == WRONG
    assert "XOR is" in feedback.message and "Train longer" in feedback.message
    assert "for x₁ = " in feedback.message  # notebook 04's names for the inputs
    from annlib.mlp import MLP

    wrong_size = exercise("4.3").check(MLP([3, 2, 1], output="sigmoid", loss="sse"))
    assert (
        "should have 2 inputs (x₁, x₂) and 1 output; yours has sizes [3, 2, 1]"
        in wrong_size.message
    )


# ---- the notebooks: each ends with its exercises, left blank for the learner --------------


def _cells(number):
    import json
    from pathlib import Path

    path = next((Path(__file__).parents[1] / "notebooks").glob(f"{number:02d}_*.ipynb"))
    return [
        ("".join(c["source"]), c) for c in json.loads(path.read_text(encoding="utf-8"))["cells"]
    ]


NOTEBOOK_COUNT = len(list((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb")))


@pytest.mark.parametrize("number", range(1, NOTEBOOK_COUNT + 1))
def test_each_notebook_ends_with_its_exercises_left_blank(number):
    cells = _cells(number)
    sources = [source for source, _ in cells]
    heading = next(i for i, s in enumerate(sources) if s.startswith("## Exercises"))
    summary = next(i for i, s in enumerate(sources) if s.startswith("## Summary"))
    assert heading < summary == len(cells) - 1, "exercises come last, then the closing summary"
    for ex in exercises(number):
        answer = [(s, c) for s, c in cells[heading:] if f'exercise("{ex.key}").check(' in s]
        assert len(answer) == 1, ex.key
        source, cell = answer[0]
        assert "..." in source and "# NBVAL_CHECK_OUTPUT" in source
        shown = "".join(cell["outputs"][0]["data"]["text/plain"])
        assert shown.startswith(f"Exercise {ex.key}: not answered yet"), shown


def test_a_code_block_in_an_exercise_shows_as_code():
    page = exercise("14.2")._repr_html_()
    assert "<pre>x = Value(2.0)\ny = x * x * x\ny.backward()</pre>" in page
    assert "<p>After this code" in page


def test_a_prompt_shows_names_in_backticks_as_code():
    page = exercise("10.2")._repr_html_()
    assert "<code>model</code>" in page and "`" not in page


def test_one_step_of_adam_may_come_back_as_a_list():
    reference = exercise("8.3").reference
    assert exercise("8.3").check(lambda *args: list(reference(*args))).status == CORRECT
