"""Exercise checks cannot be fooled or hung: answers that change their inputs, change NumPy,
never return, exit, or overflow all get a true verdict, as feedback (never a crash)."""

import copy
import faulthandler
import signal
import sys
import threading
import time
import warnings

import numpy as np
import pytest

from annlib.autograd import Value
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
    feedback = exercise("13.1").check(lambda image: exercise("13.1").reference(image) * 0 + 0.5)
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
        ("5.1", lambda z: np.exp(z) / np.exp(z).sum(axis=1, keepdims=True) + 0j, WRONG, "complex"),
    ],
)
def test_verdicts_are_true_for_odd_but_telling_answers(key, answer, status, words):
    feedback = exercise(key).check(answer)
    assert feedback.status == status, feedback
    assert words in feedback.message


def test_ten_fractions_in_a_2_by_5_table_are_not_ten_fractions():
    def two_rows(table):
        fractions = exercise("6.1").reference(table)
        return np.asarray(fractions).reshape(2, 5)

    feedback = exercise("6.1").check(two_rows)
    assert feedback.status == WRONG and "shape (2, 5)" in feedback.message


# ---- every exercise of the course: answers that try to buy a ✓ ----------------------

VALUE_EXERCISES = [key for key, ex in EXERCISES.items() if not callable(ex.reference)]
BUILT_EXERCISES = [key for key, ex in EXERCISES.items() if ex.builds]


def test_every_exercise_of_the_course_is_tried():
    tried = set(FUNCTION_EXERCISES) | set(VALUE_EXERCISES) | set(BUILT_EXERCISES)
    assert tried == set(EXERCISES)
    assert {key.split(".")[0] for key in EXERCISES} == {str(n) for n in range(1, 15)}


def _off(result):
    """A wrong result of the right kind: every number moved by one (a network: its weights)."""
    if isinstance(result, (bool, np.bool_)):
        return not result
    if isinstance(result, (int, float, np.number)):
        return result + 1
    if isinstance(result, np.ndarray):
        return ~result if result.dtype == bool else result + 1
    if isinstance(result, (tuple, list)):
        return type(result)(map(_off, result))
    if isinstance(result, MLP):
        moved = copy.deepcopy(result)
        for value in moved.params.values():
            value += 1
        return moved
    if isinstance(result, Value):  # the same graph, its number moved by one
        moved = copy.copy(result)
        moved.data = result.data + 1
        return moved
    raise AssertionError(f"no wrong twin for {result!r}")


def _filled(result, x):
    """``result`` with every number (and every weight of a network) replaced by ``x``."""
    if isinstance(result, (int, float, np.number, np.bool_)):  # (True or False too)
        return x
    if isinstance(result, np.ndarray):
        return np.full(result.shape, x)
    if isinstance(result, (tuple, list)):
        return type(result)(_filled(part, x) for part in result)
    if isinstance(result, MLP):
        filled = copy.deepcopy(result)
        for name, value in filled.params.items():
            filled.params[name] = np.full(value.shape, x)
        return filled
    if isinstance(result, Value):
        return Value(float(x))  # (a Value refuses NaN and infinity: the answer fails)
    return result


def _changes_numpy_once():
    """Make NumPy's comparisons say "equal" deep inside ``numpy._core``, where ``np.allclose``
    and ``np.array_equal`` find them, then put them back at the first use: a patch that
    hides itself once it has done its work."""
    numeric = sys.modules[NUMERIC]
    real = {name: getattr(numeric, name) for name in ("isclose", "array_equal")}

    def say_equal(a, b, *args, **kwargs):
        for name, value in real.items():
            setattr(numeric, name, value)
        return np.ones(np.broadcast(np.asarray(a), np.asarray(b)).shape, dtype=bool)

    for name in real:
        setattr(numeric, name, say_equal)
    return real


NUMERIC = "numpy._core.numeric" if "numpy._core.numeric" in sys.modules else "numpy.core.numeric"


def _numpy_is_numpy():
    numeric = sys.modules[NUMERIC]
    return numeric.isclose is np.isclose and numeric.array_equal is np.array_equal


@pytest.mark.parametrize("key", FUNCTION_EXERCISES)
def test_an_answer_that_replaces_the_checks_reference_is_wrong(key):
    ex = exercise(key)
    reference = ex.reference
    module = sys.modules[reference.__module__]

    def wrong(*args):
        return _off(reference(*args))

    def answer(*args):
        ex.reference = wrong  # the model answer, and the name the check calls it by
        setattr(module, reference.__name__, wrong)
        return wrong(*args)

    feedback = ex.check(answer)
    assert feedback.status == WRONG and "the check's own code or data" in feedback.message
    assert ex.reference is reference and getattr(module, reference.__name__) is reference


@pytest.mark.parametrize("key", FUNCTION_EXERCISES)
def test_an_answer_that_rewrites_the_references_code_is_wrong(key):
    reference = exercise(key).reference
    code = reference.__code__

    def answer(*args):
        result = _off(reference(*args))
        # code that returns this very result, whatever it is given
        reference.__code__ = (lambda *args: None).__code__.replace(co_consts=(result,))
        return result

    try:
        feedback = exercise(key).check(answer)
    finally:
        rewritten, reference.__code__ = reference.__code__, code
    assert feedback.status == WRONG and "the check's own code or data" in feedback.message
    assert rewritten is code  # the check put it back itself


@pytest.mark.parametrize("key", FUNCTION_EXERCISES)
def test_an_answer_that_changes_numpy_deep_inside_is_wrong(key):
    still_changed = []

    def answer(*args):
        _changes_numpy_once()
        result = _off(exercise(key).reference(*args))
        # (an answer that trains a network may use the patch up itself, which undoes it)
        still_changed.append(not _numpy_is_numpy())
        return result

    feedback = exercise(key).check(answer)
    assert feedback.status == WRONG
    if all(still_changed):
        assert "changed NumPy itself" in feedback.message
    assert _numpy_is_numpy()


class _Sly:
    """A result that changes NumPy when the check reads it (as an array, a number, a list)."""

    def __init__(self, value):
        self.value = value

    def __array__(self, dtype=None, copy=None):
        _changes_numpy_once()
        return np.asarray(self.value, dtype=dtype)

    def __float__(self):
        _changes_numpy_once()
        return float(self.value)

    def __len__(self):
        _changes_numpy_once()
        return len(self.value)

    def __getitem__(self, i):
        _changes_numpy_once()
        return self.value[i]


@pytest.mark.parametrize("key", FUNCTION_EXERCISES)
def test_a_result_that_changes_numpy_when_read_is_wrong(key):
    def answer(*args):
        result = _off(exercise(key).reference(*args))
        return tuple(map(_Sly, result)) if isinstance(result, tuple) else _Sly(result)

    feedback = exercise(key).check(answer)
    assert feedback.status == WRONG and "changed NumPy itself" in feedback.message
    assert _numpy_is_numpy()


def test_an_answer_that_shortens_the_checks_own_cases_is_wrong():
    """10.1 loops over a list of (a, b) pairs: an answer right for the first pair only, that
    empties the list, would end the loop there."""
    import annlib.exercises.nb14 as nb14

    pairs = list(nb14._PAIRS)

    def answer(a, b):
        nb14._PAIRS.clear()
        return b, a

    feedback = exercise("14.1").check(answer)
    assert feedback.status == WRONG and "nb14._PAIRS" in feedback.message
    assert nb14._PAIRS == pairs


def test_an_answer_that_leaves_a_thread_behind_is_wrong():
    done = threading.Event()

    def wait():
        done.wait()

    def answer(*args):
        threading.Thread(target=wait, daemon=True).start()
        return exercise("7.2").reference(*args)

    try:
        feedback = exercise("7.2").check(answer)
    finally:
        done.set()
    assert feedback.status == WRONG and "left a thread still running behind" in feedback.message


@pytest.mark.parametrize("key", FUNCTION_EXERCISES + BUILT_EXERCISES)
@pytest.mark.parametrize("x", [np.nan, np.inf, 1e300])
def test_results_of_nan_or_huge_numbers_are_wrong_not_a_crash(key, x):
    ex = exercise(key)
    if ex.builds:
        answer = _filled(ex.reference_answer(), x)
    else:

        def answer(*args):
            return _filled(ex.reference(*args), x)

    with warnings.catch_warnings():
        warnings.simplefilter("error")  # not even a NumPy warning on the way
        feedback = ex.check(answer)
    assert feedback.status == WRONG, feedback


@pytest.mark.parametrize(
    "key",
    [k for k in VALUE_EXERCISES if _filled(exercise(k).reference, 0) != exercise(k).reference],
)
@pytest.mark.parametrize("x", [np.nan, -np.inf, 1e300, 10**400])
def test_answers_of_nan_or_huge_numbers_are_wrong_not_a_crash(key, x):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        feedback = exercise(key).check(_filled(exercise(key).reference, x))
    assert feedback.status == WRONG, feedback


def _sly_value(value):
    """The right answer, made of numbers and names that change NumPy when read."""
    if isinstance(value, (tuple, list, set)):
        return type(value)(map(_sly_value, value))
    if isinstance(value, str):
        return _SlyText(value)
    return _SlyNumber(value)


class _SlyNumber(float):
    def __float__(self):
        _changes_numpy_once()
        return super().__float__()

    def __index__(self):
        _changes_numpy_once()
        return int(super().__float__())


class _SlyText(str):
    armed = False  # (the set that holds it hashes it too)

    def __eq__(self, other):
        if self.armed:
            _changes_numpy_once()
        return super().__eq__(other)

    def __hash__(self):
        if self.armed:
            _changes_numpy_once()
        return super().__hash__()


@pytest.mark.parametrize("key", VALUE_EXERCISES)
def test_a_wrong_answer_that_would_change_numpy_when_read_is_wrong(key, monkeypatch):
    """Numbers and names of their own kind are read with Python's plain methods, so their
    own __float__, __eq__ or __hash__ never runs: the answer is judged as the plain value."""
    answer = _sly_value(_off_value(exercise(key).reference))
    monkeypatch.setattr(_SlyText, "armed", True)
    feedback = exercise(key).check(answer)
    assert feedback.status == WRONG and _numpy_is_numpy()


def _off_value(value):
    """A wrong value answer: every number moved by one, every name changed."""
    if isinstance(value, (tuple, list, set)):
        return type(value)(map(_off_value, value))
    return value + "?" if isinstance(value, str) else -value - 1


def test_a_network_that_changes_numpy_when_read_is_wrong():
    model = exercise("4.3").reference_answer()
    settings = model.settings

    def sly_settings():
        _changes_numpy_once()
        return settings()

    model.settings = sly_settings
    feedback = exercise("4.3").check(model)
    assert feedback.status == WRONG and "changed NumPy itself" in feedback.message
    assert _numpy_is_numpy()


class _Endless:
    def __float__(self):
        while True:
            pass


@pytest.mark.parametrize("key", ["3.1", "3.3", "14.2"])
def test_an_answer_that_never_finishes_being_read_is_stopped(key, monkeypatch, watchdog):
    monkeypatch.setattr(core, "TIME_LIMIT", 0.2)
    feedback = exercise(key).check(_Endless())
    assert feedback.status == WRONG and "longer than 0.2 seconds" in feedback.message


def test_a_right_answer_that_sets_off_warnings_is_still_right():
    """A warning inside NumPy makes Python note it in NumPy's module (its registry of
    warnings shown): that is no change an answer made."""

    def answer(n_in):
        np.mean(np.array([]))  # "Mean of empty slice", from inside NumPy
        return np.sqrt(2 / n_in)

    with warnings.catch_warnings(record=True) as shown:
        warnings.simplefilter("default")
        assert exercise("7.2").check(answer).status == CORRECT
    assert shown  # (the warnings did go off)


def test_a_right_answer_may_import_and_use_annlib_numpy_and_pandas(monkeypatch):
    """The guard counts changes, not use: loading modules (NumPy's and annlib's own lazy
    imports) and training a network inside an answer leave the verdict right."""
    import annlib

    for name in [n for n in sys.modules if n.startswith("annlib.plots")]:
        monkeypatch.delitem(sys.modules, name)  # loaded afresh inside the answer (and put
    monkeypatch.delattr(annlib, "plots", raising=False)  # back afterwards, for other tests)

    def answer(n_in):
        import pandas as pd

        import annlib.plots  # noqa: F401
        from annlib.train import fit

        fit(MLP([1, 2, 2], seed=0), [[0.0], [1.0]], [0, 1], epochs=1, progress=False)
        return float(pd.Series([np.sqrt(2 / n_in)]).iloc[0]) + np.fft.fft([0.0]).real[0]

    assert exercise("7.2").check(answer).status == CORRECT


# ---- what a review of the guard found --------------------------------------------------


class _LooksLikeNumPy(np.float64):
    __module__ = "numpy"  # a number of its own kind that claims to be NumPy's

    def __float__(self):
        _changes_numpy_once()
        return 0.0


class _Sequence:
    """No __array__: read through __len__ and __getitem__, each changing NumPy."""

    def __init__(self, values):
        self.values = list(values)

    def __len__(self):
        _changes_numpy_once()
        return len(self.values)

    def __getitem__(self, i):
        _changes_numpy_once()
        return self.values[i]


@pytest.mark.parametrize(
    "key, answer",
    [
        ("7.2", lambda n_in: _LooksLikeNumPy(0.0)),
        ("6.1", lambda table: _Sequence(np.zeros(10))),
    ],
    ids=["a NumPy number that is not NumPy's", "a sequence without __array__"],
)
def test_results_of_a_kind_of_their_own_are_read_while_watched(key, answer):
    """Read as plain numbers while the guard watches (a subclass of float by float's own
    method, so its __float__ never runs): wrong, and NumPy as it was."""
    feedback = exercise(key).check(answer)
    assert feedback.status == WRONG and _numpy_is_numpy()


def test_a_network_of_a_class_of_its_own_is_read_while_watched():
    class Sly(MLP):
        def settings(self):
            _changes_numpy_once()
            return super().settings()

    def answer(model, layer, neurons):
        cheat = copy.deepcopy(model)  # nothing knocked out: wrong
        cheat.__class__ = Sly
        return cheat

    feedback = exercise("10.2").check(answer)
    assert feedback.status == WRONG and _numpy_is_numpy()


@pytest.mark.parametrize("hook", ["profile", "trace"])
def test_a_hook_left_behind_is_wrong_and_removed(hook):
    def spy(frame, event, arg):
        return None

    def answer(n_in):
        (sys.setprofile if hook == "profile" else sys.settrace)(spy)
        return 0.5  # wrong, hoping the hook makes the check say otherwise

    before = sys.getprofile(), sys.gettrace()
    feedback = exercise("7.2").check(answer)
    assert feedback.status == WRONG and f"left a {hook} function" in feedback.message
    assert (sys.getprofile(), sys.gettrace()) == before


def test_code_behind_a_decorator_is_guarded_too():
    wrapped = MLP.forward.__wrapped__
    code = wrapped.__code__

    def answer(n_in):
        wrapped.__code__ = (lambda self, X: None).__code__.replace(co_name=code.co_name)
        return np.sqrt(2 / n_in)

    try:
        feedback = exercise("7.2").check(answer)
    finally:
        rewritten, wrapped.__code__ = wrapped.__code__, code
    assert feedback.status == WRONG and "MLP.forward" in feedback.message
    assert rewritten is code


def test_data_changed_in_kind_or_inside_a_tuple_is_put_back_whole():
    import annlib.exercises.nb02 as nb02
    import annlib.exercises.nb03 as nb03

    outputs, same = nb03.OUTPUTS.copy(), copy.deepcopy(nb02.SAME_REFERENCE)

    def answer(n_in):
        nb03.OUTPUTS.dtype = np.int64  # the same bytes, read as whole numbers
        nb02.SAME_REFERENCE[0][0][0] = 99
        return np.sqrt(2 / n_in)

    assert exercise("7.2").check(answer).status == WRONG
    assert nb03.OUTPUTS.dtype == outputs.dtype and np.array_equal(nb03.OUTPUTS, outputs)
    assert nb02.SAME_REFERENCE == same
    assert exercise("3.1").check(exercise("3.1").reference).status == CORRECT


def test_the_checks_own_sums_ignore_the_learners_numpy_error_settings():
    with np.errstate(all="raise"):  # set by the learner in an earlier cell
        assert exercise("5.1").check(exercise("5.1").reference).status == CORRECT


def test_pandas_caches_are_no_change_an_answer_made():
    import pandas as pd

    def answer(table):
        frame = pd.DataFrame(table)
        return np.diag(frame.query("index >= 0").to_numpy()) / frame.sum(axis=1).to_numpy()

    for _ in range(2):
        assert exercise("6.1").check(answer).status == CORRECT
