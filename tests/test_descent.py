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
