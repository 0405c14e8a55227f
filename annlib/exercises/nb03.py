"""Exercises of notebook 03: measuring the error, smooth neurons, gradient descent."""

from __future__ import annotations

import math

import numpy as np

from ..functions import sigmoid
from ..lab.valley import descent_path, sse_slope
from .core import Exercise, Wrong, array, call, number

OUTPUTS = np.array([0.8, 0.3, 0.6])
TARGETS = np.array([1.0, 0.0, 1.0])


def _check_sse(answer):
    value = number(answer, "the SSE")
    errors = OUTPUTS - TARGETS
    right = float(np.sum(errors**2))
    if math.isclose(value, right, abs_tol=1e-6):
        return
    for wrong, why in [
        (
            float(np.sum(errors)),
            (
                "that is the sum of the errors: square each error before "
                "adding, or errors of opposite sign cancel out"
            ),
        ),
        (
            float(np.sum(np.abs(errors))),
            "that is the sum of the sizes of the errors; the SSE squares them",
        ),
        (right / len(errors), "that is the mean of the squared errors; the SSE is their sum"),
        (right / 2, "that is half the SSE; in this course the SSE has no factor 1/2"),
        (
            float(np.sum(errors)) ** 2,
            "you squared the sum of the errors; square each error, then add",
        ),
    ]:
        if math.isclose(value, wrong, abs_tol=1e-6):
            raise Wrong(f"{value:g}: {why}.")
    raise Wrong(
        f"{value:g} is not the SSE of these outputs. Write out each error "
        "(output − target), square it, and add the three squares."
    )


def sigmoid_prime(z):
    """The slope of the sigmoid: σ'(z) = σ(z) (1 − σ(z))."""
    s = 1 / (1 + np.exp(-z))
    return s * (1 - s)


def _check_sigmoid_prime(function):
    z = np.linspace(-8, 8, 33)
    got = array(call(function, z.copy(), returns="the slopes"), "the result")
    if got.shape != z.shape:
        raise Wrong(
            f"given an array of {z.size} values of z, it should return {z.size} slopes, "
            f"one per z; yours returned shape {got.shape}. Use np.exp (not math.exp)."
        )
    expected = sigmoid(z) * (1 - sigmoid(z))
    bad = np.flatnonzero(~np.isclose(got, expected, rtol=1e-6, atol=1e-9))
    if bad.size:
        i = int(bad[0]) if 16 not in bad else 16  # z = 0 first: the easiest value to check by hand
        hint = ""
        if np.allclose(got, sigmoid(z)):
            hint = " That is σ(z) itself, not its slope."
        elif np.allclose(got, sigmoid(z) * (1 + sigmoid(z))):
            hint = " Check the sign: it is 1 − σ(z), not 1 + σ(z)."
        elif np.allclose(got, -expected):
            hint = (
                " Yours are negative, but σ rises everywhere, so its slope is positive: the "
                "slope of e^(−z) is −e^(−z), and the slope of 1/u is −1/u²; two minus signs."
            )
        elif np.allclose(got, 1 - sigmoid(z)):
            hint = (
                " That is e^(−z)/(1 + e^(−z)), which is 1 − σ(z): the chain rule's slope of "
                "1/u is −1/u², so 1 + e^(−z) appears squared."
            )
        raise Wrong(
            f"at z = {z[i]:g} the slope of the sigmoid is {expected[i]:.4g}, yours gives "
            f"{got[i]:.4g}.{hint}"
        )


X_AND = np.array([[0, 0], [0, 1], [1, 0], [1, 1]], float)
Y_AND = np.array([0, 0, 0, 1], float)
H = 1e-4  # the nudge that measures a slope of the slope
TOLERANCE = 0.005  # exercise 3.3's answer must be within 0.5% of 2 / SSE'' (the prompt says so)


def _valley(w_d, m):
    """One weight's valley: w_C moves in a sigmoid neuron for C AND D with w_D and m fixed."""
    return {"X": X_AND, "y": Y_AND, "weights": [0.0, w_d], "m": m, "index": 0}


def _bottom(valley) -> float:
    """Where the slope of the valley is 0, found by halving an interval around it."""
    low, high = -5.0, 10.0
    for _ in range(60):
        middle = (low + high) / 2
        if sse_slope(**valley, value=middle) < 0:
            low = middle
        else:
            high = middle
    return (low + high) / 2


def _curvature(valley, at) -> float:
    """SSE'' at w_C = at: how fast the slope changes there (the slope of the slope)."""
    return (sse_slope(**valley, value=at + H) - sse_slope(**valley, value=at - H)) / (2 * H)


SECTION_5 = _valley(1.0, 1.5)  # the valley of sections 4 and 5: w_D = 1, m = 1.5
SURER = _valley(2.0, 3.0)  # exercise 3.3's: w_D = 2, m = 3
SURER_BOTTOM = _bottom(SURER)  # 2.000
SURER_CURVATURE = _curvature(SURER, SURER_BOTTOM)  # 0.252
LIMIT = 2 / SURER_CURVATURE  # 7.92: the largest rate that still closes in on the bottom
SECTION_5_CURVATURE = _curvature(SECTION_5, _bottom(SECTION_5))  # 0.308 at w_C = 1
START_CURVATURE = _curvature(SURER, 3.0)  # 0.166, at w_C = 3, where the explorer starts


def _close_to(value, target) -> bool:
    return abs(value - target) <= TOLERANCE * abs(target)


def _distances(lr) -> tuple[float, float]:
    """How far w_C is from the bottom after 50 and after 100 steps of rate lr, started 0.01
    to the right of the bottom: shrinking means descent closes in on it."""
    path = descent_path(**SURER, start=SURER_BOTTOM + 0.01, lr=lr, steps=100)
    return abs(path[50] - SURER_BOTTOM), abs(path[100] - SURER_BOTTOM)


def _check_largest_rate(answer):
    lr = number(answer, "the learning rate")
    if lr <= 0:
        raise Wrong(f"a learning rate of {lr:g} does not step downhill: it must be positive.")
    if _close_to(lr, LIMIT):
        return
    for wrong, why in [
        (
            1 / SURER_CURVATURE,
            "that is 1 / SSE'': from this rate on, each step jumps over the bottom, but it "
            "lands closer than it started, so descent still closes in. It stops closing in "
            "at twice that rate",
        ),
        (
            SURER_CURVATURE,
            "that is SSE'' itself, the curvature at the bottom; the largest rate is 2 "
            "divided by it",
        ),
        (
            2 * SURER_CURVATURE,
            "that is 2 × SSE''; the largest rate is 2 divided by SSE''",
        ),
        (
            2 / SECTION_5_CURVATURE,
            "that is the limit of section 5's neuron (w_D = 1, m = 1.5). This neuron's valley "
            "has its bottom elsewhere and curves differently there: measure its own SSE''",
        ),
        (
            1 / SECTION_5_CURVATURE,
            "that is where section 5's neuron (w_D = 1, m = 1.5) begins to overshoot. This "
            "neuron's valley is another one, and the question is where descent stops closing "
            "in: 2 / SSE'' at its own bottom",
        ),
        (
            2 / START_CURVATURE,
            "that is 2 / SSE'' at w_C = 3, where the explorer starts. The rule holds near the "
            "bottom, where the valley is close to a parabola: measure SSE'' at the bottom, "
            "where the slope is 0",
        ),
    ]:
        if _close_to(lr, wrong):
            raise Wrong(f"{lr:g}: {why}.")
    after_50, after_100 = _distances(lr)
    if lr < LIMIT:
        where = (
            "has reached the bottom after 50 steps"
            if after_50 < 1e-9
            else f"is {after_50:.1e} from it after 50 steps and {after_100:.1e} after 100"
        )
        raise Wrong(
            f"with lr = {lr:g}, descent started 0.01 from the bottom {where}: it closes in, "
            "and so would a somewhat larger rate. Predict the edge from the curvature rather "
            "than by trying rates: 2 / SSE'' at the bottom."
        )
    raise Wrong(
        f"with lr = {lr:g}, descent started 0.01 from the bottom is {after_50:.3f} from it "
        f"after 50 steps and {after_100:.3f} after 100: it does not close in. The edge is "
        "lower: 2 / SSE'' at the bottom."
    )


EXERCISES = [
    Exercise(
        "3.1",
        "an SSE by hand",
        """
        A network gives the outputs 0.8, 0.3 and 0.6 for three examples whose targets are
        1, 0 and 1. What is its sum of squared errors (SSE)? Work it out with pencil and
        paper (or in your head), then answer with the number.
        """,
        _check_sse,
        "The errors are 0.8 − 1, 0.3 − 0 and 0.6 − 1. Square each one, then add them.",
        reference=0.29,
        explanation="(−0.2)² + 0.3² + (−0.4)² = 0.04 + 0.09 + 0.16 = 0.29.",
    ),
    Exercise(
        "3.2",
        "the slope of the sigmoid, derived",
        """
        The sigmoid σ(z) = 1 / (1 + e^(−z)) has a slope that can be written with σ itself.
        Find it with pen and paper: two lines, the chain rule and then a little algebra.
        Then write my_sigmoid_prime(z), which returns that slope at z. It must work on a
        whole NumPy array of z's at once.
        """,
        _check_sigmoid_prime,
        "Step 1, the chain rule: σ(z) = 1/u with u = 1 + e^(−z). The slope of 1/u is −1/u², "
        "and the slope of u is −e^(−z); multiply the two. Step 2, σ itself: split what you "
        "get into 1/(1 + e^(−z)) times e^(−z)/(1 + e^(−z)). The first factor is σ(z); in the "
        "second, add and subtract 1 in the numerator, and you reach a formula in σ(z) alone. "
        "Test it before you code it: at z = 0, where σ = 0.5, the slope is 0.25. Use np.exp "
        "(not math.exp) so that arrays work.",
        reference=sigmoid_prime,
        explanation=(
            "Step 1, the chain rule, with u = 1 + e^(−z):\n"
            "    σ'(z) = −1/u² × (−e^(−z)) = e^(−z) / (1 + e^(−z))²\n"
            "Step 2, split it and write e^(−z) = (1 + e^(−z)) − 1 in the second factor:\n"
            "    σ'(z) = 1/(1 + e^(−z)) × e^(−z)/(1 + e^(−z))\n"
            "          = σ(z) × (1 − 1/(1 + e^(−z))) = σ(z) (1 − σ(z))\n"
            "So a sigmoid neuron's slope comes from its own answer a: a (1 − a)."
        ),
    ),
    Exercise(
        "3.3",
        "predict the largest learning rate that still converges",
        """
        Section 5 found where descent stops closing in on the bottom of the w_C valley:
        at the learning rate 2 / SSE'', from the curvature SSE'' at the bottom. Predict
        that rate for another neuron for C AND D: w_D = 2 and m = 3, with w_C moving.
        Its valley has its bottom somewhere else and curves differently there. Find the
        bottom (where the slope is 0), measure SSE'' there as section 5 does, and answer
        with the largest learning rate that still converges, to within 0.5% (two
        decimals). Then check it with the explorer:

            widgets.DescentExplorer(X_and, y_and, weights=[1.0, 2.0], m=3.0, start=3.0,
                                    lr=3.0, steps=100, name="w_C")

        At the slider's rates below your prediction, w_C closes in on the bottom; at
        those clearly above it, it keeps bouncing.
        """,
        _check_largest_rate,
        "Copy section 5's cells that define slope(w_c) and measure the curvature, and "
        "change the neuron: [w_c, 2.0] in place of [w_c, 1.0], and m = 3.0 in place of 1.5. "
        "Print the slope at a few values of w_C, say 0, 1, 2, 3, 4: the bottom is where it "
        "changes sign. Measure SSE'' there, then work out 2 / SSE''.",
        reference=round(LIMIT, 2),
        explanation=(
            f"The slope is 0 at w_C = {SURER_BOTTOM:.2f}, the bottom. There SSE'' = "
            f"{SURER_CURVATURE:.4f}, less than section 5's: the valley is flatter at its "
            f"bottom and tolerates larger steps: 2 / {SURER_CURVATURE:.4f} = {LIMIT:.2f}. "
            "Below that rate, each step lands closer to the bottom than it started; above "
            "it, farther. In the explorer, lr = 7.08 closes in on the bottom and 8.91 keeps "
            "bouncing."
        ),
    ),
]
