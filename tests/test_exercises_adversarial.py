"""Exercise checks cannot be fooled or hung: answers that change their inputs, change NumPy,
never return, exit, or overflow all get a true verdict, as feedback (never a crash)."""

import faulthandler
import signal
import threading
import time
import warnings

import numpy as np
import pytest

from annlib.exercises import EXERCISES, core, exercise
from annlib.exercises.core import CORRECT, WRONG
from annlib.mlp import MLP

FUNCTION_EXERCISES = [
    key for key, ex in EXERCISES.items() if callable(ex.reference) and not ex.builds
]


def _scribble(value):
    """Change an argument in place, as a careless answer might (arrays, and tables)."""
    if isinstance(value, np.ndarray) and value.flags.writeable and value.size:
        value[...] = 7
    elif hasattr(value, "iloc"):
        value.iloc[:, :] = 7


def _own(result):
    """The answer's own copy of an array it returns (not a view of its input)."""
    return np.copy(result) if isinstance(result, np.ndarray) else result


def test_there_are_function_exercises_to_try():
    assert len(FUNCTION_EXERCISES) >= 10


@pytest.mark.parametrize("key", FUNCTION_EXERCISES)
def test_a_right_answer_that_changes_its_inputs_afterwards_is_still_right(key):
    reference = exercise(key).reference

    def answer(*args):
        result = reference(*args)
        result = tuple(map(_own, result)) if isinstance(result, tuple) else _own(result)
        for value in args:
            _scribble(value)
        return result

    assert exercise(key).check(answer).status == CORRECT


def test_a_crop_with_the_right_shape_but_other_pixels_is_told_so():
    feedback = exercise("9.1").check(lambda image: exercise("9.1").reference(image) * 0 + 0.5)
    assert (
        "has the right shape" in feedback.message and "not the image's pixels" in feedback.message
    )


@pytest.mark.parametrize("key", FUNCTION_EXERCISES)
def test_an_answer_that_changes_numpy_is_wrong_and_numpy_is_put_back(key):
    real = (np.allclose, np.isclose, np.array_equal)

    def answer(*args):
        np.allclose = np.isclose = np.array_equal = lambda *a, **k: True
        return exercise(key).reference(*args)  # even a right result: NumPy must stay NumPy

    feedback = exercise(key).check(answer)
    assert feedback.status == WRONG and "changed NumPy itself" in feedback.message
    assert (np.allclose, np.isclose, np.array_equal) == real


@pytest.fixture
def watchdog():
    """If a check's time limit or the stop button fails, the loop below never ends: end
    the whole test run after a minute instead (a failure with a traceback, not a hang)."""
    faulthandler.dump_traceback_later(60, exit=True)
    yield
    faulthandler.cancel_dump_traceback_later()


@pytest.mark.parametrize("key", FUNCTION_EXERCISES)
def test_an_answer_that_never_returns_is_stopped(key, monkeypatch, watchdog):
    monkeypatch.setattr(core, "TIME_LIMIT", 0.2)

    def answer(*args):
        while True:
            try:
                pass
            except Exception:  # not even this keeps it running
                pass

    feedback = exercise(key).check(answer)
    assert feedback.status == WRONG and "longer than 0.2 seconds" in feedback.message


@pytest.mark.skipif(not hasattr(signal, "pthread_kill"), reason="needs POSIX signals")
def test_the_stop_button_stops_an_answer_that_never_returns(monkeypatch, watchdog):
    """The stop button sends SIGINT: it must end the check (KeyboardInterrupt, not a
    verdict), even in a loop that jumps back to a try: (which Python 3.10 never checks)."""
    monkeypatch.setattr(core, "TIME_LIMIT", 30.0)

    def answer(*args):
        while True:
            try:
                pass
            except Exception:
                pass

    # What the stop button meets in a kernel: Python's own SIGINT handler. (In one CI run
    # of the whole suite, this test found SIGINT not raising KeyboardInterrupt; whatever
    # earlier test left that behind, it is reported here and not this test's subject.)
    previous = signal.signal(signal.SIGINT, signal.default_int_handler)
    if previous is not signal.default_int_handler:
        warnings.warn(f"an earlier test left SIGINT handled by {previous!r}", stacklevel=1)
    main = threading.get_ident()
    press = threading.Timer(0.2, signal.pthread_kill, args=(main, signal.SIGINT))
    press.start()
    started = time.monotonic()
    try:
        with pytest.raises(KeyboardInterrupt):
            exercise(FUNCTION_EXERCISES[0]).check(answer)
    finally:
        press.cancel()
        signal.signal(signal.SIGINT, previous)
    assert time.monotonic() - started < 10


@pytest.mark.parametrize("key", FUNCTION_EXERCISES)
@pytest.mark.parametrize("error", [SystemExit(3), OverflowError("too big"), MemoryError()])
def test_every_error_of_an_answer_becomes_feedback(key, error):
    def answer(*args):
        raise error

    feedback = exercise(key).check(answer)
    assert feedback.status == WRONG and type(error).__name__ in feedback.message


def test_exercise_2_2_judges_from_its_own_copies():
    def right_but_changes_m(W, m, a):
        m -= 100  # in place: the check's m must not change
        return (W @ a >= m + 100).astype(int)

    def wrong_but_sets_m_to_infinity(W, m, a):
        m[:] = np.inf
        return np.zeros(len(W), dtype=int)

    assert exercise("2.2").check(right_but_changes_m).status == CORRECT
    assert exercise("2.2").check(wrong_but_sets_m_to_infinity).status == WRONG


def test_exercise_4_3_judges_the_weights_not_the_models_methods():
    untrained = MLP([2, 4, 1], activation="sigmoid", output="sigmoid", loss="sse", seed=0)
    untrained.predict_proba = lambda X: np.array([[0.0], [1.0], [1.0], [0.0]])  # a pretence
    feedback = exercise("4.3").check(untrained)
    assert feedback.status == WRONG and "your network outputs" in feedback.message
    broken = MLP([2, 4, 1], activation="sigmoid", output="sigmoid", loss="sse", seed=0)
    broken.params["W1"] = np.zeros((3, 3))
    assert "do not fit its own settings" in exercise("4.3").check(broken).message


@pytest.mark.parametrize(
    "key, answer, words",
    [
        ("1.1", (10**400, 1, 1), "far too large"),
        ("3.1", 10**400, "far too large"),
        ("3.3", 10**400, "far too large"),
    ],
)
def test_huge_numbers_are_explained(key, answer, words):
    feedback = exercise(key).check(answer)
    assert feedback.status == WRONG and words in feedback.message


def test_feedback_is_a_verdict_not_a_dump():
    def answer(*args):
        raise ValueError("x" * 5_000_000)

    feedback = exercise("3.2").check(answer)
    assert feedback.status == WRONG and len(feedback.message) <= core.MAX_MESSAGE


@pytest.mark.parametrize(
    "key, answer, status, words",
    [
        # a majority vote: 0.1 + 0.7 reaches m = 0.8, as annlib's own neurons say
        ("1.2", (0.1, 0.7, 0.7, 0.8), CORRECT, ""),
        ("1.2", (0.4, 0.4, 0.4, 0.9), WRONG, "your neuron stays quiet (signal 0.8 < m = 0.9)"),
        ("1.1", np.array([1, -1, 1]), CORRECT, ""),  # an array is three numbers too
        ("2.1", {"E": False, "F": True, "G": True}, WRONG, "not a dict"),
        ("3.1", "0.29", WRONG, "should be a number"),
        ("3.3", "5.5", WRONG, "should be a number"),
        (
            "2.2",
            lambda W, m, a: np.where(W @ a >= m, "1", "0"),
            WRONG,
            "should be real numbers, not text",
        ),
        ("5.2", lambda z: np.exp(z) / np.exp(z).sum(axis=1, keepdims=True) + 0j, WRONG, "complex"),
    ],
)
def test_verdicts_are_true_for_odd_but_telling_answers(key, answer, status, words):
    feedback = exercise(key).check(answer)
    assert feedback.status == status, feedback
    assert words in feedback.message


def test_ten_fractions_in_a_2_by_5_table_are_not_ten_fractions():
    def two_rows(table):
        fractions = exercise("5.1").reference(table)
        return np.asarray(fractions).reshape(2, 5)

    feedback = exercise("5.1").check(two_rows)
    assert feedback.status == WRONG and "shape (2, 5)" in feedback.message
