"""One weight's SSE valley and gradient descent down it: the numbers, without matplotlib."""

import itertools
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from annlib import plots
from annlib.functions import sigmoid, step
from annlib.lab import valley as descent

AND_X = np.array([[0, 0], [0, 1], [1, 0], [1, 1]])
AND_Y = np.array([0, 0, 0, 1])
ROOT = Path(__file__).resolve().parents[1]


def test_the_numbers_load_without_matplotlib():
    code = (
        "import sys, annlib.lab.valley, annlib.exercises, annlib.network, annlib.lab.tables; "
        "sys.exit('matplotlib' in sys.modules)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, (
        "importing annlib.lab.valley or annlib.exercises loaded matplotlib"
    )


def test_plots_keeps_the_old_names_of_the_numbers():
    assert plots.sse_along_weight is descent.sse_along_weight
    assert plots.descent_path is descent.descent_path


def test_sse_along_weight_of_a_threshold_neuron_counts_mistakes():
    # w_D = 1, m = 1.5: w_C < 0.5 misses (1,1); 0.5 <= w_C < 1.5 is perfect;
    # w_C >= 1.5 fires on (1,0)
    sse = descent.sse_along_weight(AND_X, AND_Y, [0, 1], 1.5, 0, [0.0, 1.0, 2.0], step)
    assert sse.tolist() == [1, 0, 1]


def test_sse_along_weight_is_the_sse_of_the_neuron():
    for w_c in (-1.0, 0.5, 2.0):
        a = sigmoid(AND_X @ np.array([w_c, 1.0]) - 1.5)
        sse = descent.sse_along_weight(AND_X, AND_Y, [7.0, 1.0], 1.5, 0, [w_c], sigmoid)
        assert sse[0] == pytest.approx(np.sum((a - AND_Y) ** 2))


@pytest.mark.parametrize("value", [-2.0, 0.0, 1.0, 3.0])
def test_sse_slope_agrees_with_a_finite_difference(value):
    h = 1e-6
    sse = descent.sse_along_weight(AND_X, AND_Y, [1, 1], 1.5, 0, [value - h, value + h], sigmoid)
    slope = descent.sse_slope(AND_X, AND_Y, [1, 1], 1.5, 0, value)
    assert slope == pytest.approx((sse[1] - sse[0]) / (2 * h), abs=1e-6)


def test_descent_path_goes_downhill_with_a_good_learning_rate():
    path = descent.descent_path(AND_X, AND_Y, [1, 1], 1.5, 0, start=3.0, lr=3.0, steps=20)
    sse = descent.sse_along_weight(AND_X, AND_Y, [1, 1], 1.5, 0, path, sigmoid)
    assert len(path) == 21 and path[0] == 3.0
    assert np.all(np.diff(sse) <= 1e-12) and abs(path[-1] - 1.0) < 0.01
    bouncing = descent.descent_path(AND_X, AND_Y, [1, 1], 1.5, 0, start=3.0, lr=10.0, steps=20)
    assert abs(bouncing[-1] - bouncing[-3]) < 0.05 and abs(bouncing[-1] - bouncing[-2]) > 1


def test_each_step_moves_against_the_slope():
    path = descent.descent_path(AND_X, AND_Y, [1, 1], 1.5, 0, start=3.0, lr=0.5, steps=3)
    for before, after in itertools.pairwise(path):
        assert after == pytest.approx(
            before - 0.5 * descent.sse_slope(AND_X, AND_Y, [1, 1], 1.5, 0, before)
        )


def test_which_weight_and_how_many_steps_are_checked():
    with pytest.raises(
        ValueError,
        match=r"index \(which weight moves\) must be a whole number "
        "from 0 to 1; got 2",
    ):
        descent.descent_path(AND_X, AND_Y, [1, 1], 1.5, 2, start=3.0, lr=1.0, steps=5)
    with pytest.raises(TypeError, match="steps must be a whole number such as 20; got 2.5"):
        descent.descent_path(AND_X, AND_Y, [1, 1], 1.5, 0, start=3.0, lr=1.0, steps=2.5)


def test_the_gradient_is_the_slopes_along_each_weight():
    for weights in ([3.0, 1.0], [-1.0, 2.5], [1.0, 1.0]):
        gradient = descent.sse_gradient(AND_X, AND_Y, weights, 1.5)
        for i in range(2):
            assert gradient[i] == pytest.approx(
                descent.sse_slope(AND_X, AND_Y, weights, 1.5, i, weights[i])
            )


def test_the_surface_holds_the_sse_at_every_pair_of_weights():
    a_values, b_values = np.array([-1.0, 0.0, 2.0]), np.array([0.5, 3.0])
    surface = descent.sse_surface(AND_X, AND_Y, [9.0, 9.0], 1.5, (0, 1), a_values, b_values)
    assert surface.shape == (2, 3)  # one row per value of the second weight, as np.meshgrid
    for row, w_d in enumerate(b_values):
        wanted = descent.sse_along_weight(AND_X, AND_Y, [0.0, w_d], 1.5, 0, a_values, sigmoid)
        assert surface[row] == pytest.approx(wanted)
    swapped = descent.sse_surface(AND_X, AND_Y, [9.0, 9.0], 1.5, (1, 0), b_values, a_values)
    assert swapped == pytest.approx(surface.T)
    with pytest.raises(ValueError, match="two different weights"):
        descent.sse_surface(AND_X, AND_Y, [1, 1], 1.5, (0, 0), a_values, b_values)
    with pytest.raises(ValueError, match=r"such as \(0, 1\); got 0"):
        descent.sse_surface(AND_X, AND_Y, [1, 1], 1.5, 0, a_values, b_values)


def test_descent_on_every_weight_steps_against_the_gradient_to_the_bottom():
    path = descent.descent_path_all(AND_X, AND_Y, [4.0, -2.0], 1.5, lr=3.0, steps=40)
    assert path.shape == (41, 2) and path[0].tolist() == [4.0, -2.0]
    step = path[1] - path[0]
    assert step == pytest.approx(-3.0 * descent.sse_gradient(AND_X, AND_Y, [4.0, -2.0], 1.5))
    assert path[-1] == pytest.approx([1.0, 1.0], abs=1e-3)  # the lowest point of the map
    sse = [descent.sse_surface(AND_X, AND_Y, w, 1.5, (0, 1), [w[0]], [w[1]])[0, 0] for w in path]
    assert np.all(np.diff(sse) <= 1e-12)


def test_near_the_bottom_each_step_multiplies_the_distance_by_one_minus_lr_times_the_curvature():
    """Notebook 03's rule: overshooting from 1 / SSE'' (3.25), no converging from 2 / SSE''."""
    h = 1e-4
    curvature = (
        descent.sse_slope(AND_X, AND_Y, [1, 1], 1.5, 0, 1 + h)
        - descent.sse_slope(AND_X, AND_Y, [1, 1], 1.5, 0, 1 - h)
    ) / (2 * h)
    assert round(curvature, 3) == 0.308 and round(2 / curvature, 2) == 6.50
    for lr in (3.0, 5.0, 6.3, 7.0):
        path = descent.descent_path(AND_X, AND_Y, [1, 1], 1.5, 0, 1.001, lr, 1)
        assert (path[1] - 1) / (path[0] - 1) == pytest.approx(1 - lr * curvature, abs=1e-4)

    def distance(lr, steps):
        return abs(descent.descent_path(AND_X, AND_Y, [1, 1], 1.5, 0, 1.01, lr, steps)[-1] - 1)

    assert distance(0.99 * 2 / curvature, 400) < 0.01 < distance(1.01 * 2 / curvature, 400)
