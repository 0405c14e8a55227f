"""The exercise framework: a prompt, a check that explains, a hint, a solution on request.

An exercise checks an answer by what it does: a function the learner wrote is
run on many inputs and compared with the expected behaviour; numbers and
weights are put to work in a neuron or a network. The feedback says what went
wrong in the learner's terms ("your neuron fires on C=1, D=0 ...").

A blank answer (``...``, or a function whose body is only ``...`` or ``pass``)
is "not answered yet", never an error, so the notebooks run top to bottom as
committed.
"""

from __future__ import annotations

import contextlib
import copy
import dis
import html
import inspect
import re
import signal
import sys
import textwrap
import threading
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from ._guard import Hooks, Snapshot

CORRECT, WRONG, BLANK = "correct", "wrong", "not answered"
TIME_LIMIT = 10.0  # seconds a check may take; an answer that never returns is stopped
MAX_MESSAGE = 600  # characters of feedback at most: a verdict, not a dump


class Wrong(Exception):
    """Raised by a check to say what is wrong with an answer, in the learner's terms."""


class NotAnswered(Exception):
    """Raised by a check when the answer is still the blank the notebook started with."""


class TimeUp(BaseException):
    """Raised when a check runs past its time limit (a BaseException, so that an answer's
    own ``except Exception`` cannot swallow it)."""


@dataclass(frozen=True)
class Feedback:
    """What ``Exercise.check`` says: correct, wrong (and why), or not answered yet."""

    exercise: str
    status: str
    message: str

    def __bool__(self) -> bool:
        return self.status == CORRECT

    def __repr__(self) -> str:
        mark = {CORRECT: "✓ correct", WRONG: "✗ not yet", BLANK: "not answered yet"}[self.status]
        return f"Exercise {self.exercise}: {mark} — {self.message}"

    def _repr_html_(self) -> str:
        colour = {CORRECT: "#2e7d32", WRONG: "#c62828", BLANK: "#757575"}[self.status]
        mark = {CORRECT: "✓ Correct", WRONG: "✗ Not yet", BLANK: "Not answered yet"}[self.status]
        return (
            f'<div style="border-left:4px solid {colour};padding:4px 10px">'
            f'<b style="color:{colour}">{mark}</b> (exercise {html.escape(self.exercise)}): '
            f"{html.escape(self.message)}</div>"
        )


class Text(str):
    """A hint or a solution: shown as text, or as a formatted block in JupyterLab."""

    def __repr__(self) -> str:
        return str(self)

    def _repr_html_(self) -> str:
        return f'<pre style="white-space:pre-wrap">{html.escape(self)}</pre>'


class Exercise:
    """One exercise: ``check(answer)``, ``hint()``, ``solution()``.

    ``checker(answer)`` returns nothing when the answer is right, and raises
    ``Wrong("...")`` (what is wrong and why) or ``NotAnswered`` otherwise.
    ``reference`` is the model answer, the one ``solution()`` shows and the
    tests check; with ``builds=True`` it is a function whose result is the
    answer (a trained network, say), and ``solution()`` shows its code.
    """

    def __init__(
        self,
        key: str,
        title: str,
        prompt: str,
        checker: Callable,
        hint: str,
        reference,
        explanation: str = "",
        builds: bool = False,
    ):
        self.key, self.title = key, title
        self.prompt = textwrap.dedent(prompt).strip()
        self._checker = checker
        self._hint = textwrap.dedent(hint).strip()
        self.reference = reference
        self.explanation = textwrap.dedent(explanation).strip()
        self.builds = builds  # the reference is a recipe: the answer is what it returns
        EVERY.append(self)

    def reference_answer(self):
        """The model answer, as it would be passed to ``check``."""
        return self.reference() if self.builds else self.reference

    def check(self, answer) -> Feedback:
        """Say whether ``answer`` is right and, if not, what is wrong with it.

        Whatever the answer does (raise any error, exit, loop for ever, change NumPy or the
        check's own reference and data), the result is feedback: the check has a time limit,
        and what the answer changed is put back and makes it wrong (see ``_guard``).
        """
        with _guarded() as guard:
            feedback = self._verdict(answer)
        try:
            changed = guard.restore()
        except Exception as error:  # noqa: BLE001 (an answer that broke what it changed)
            return self._feedback(
                WRONG,
                f"your answer changed things the check could not put back ({error}); restart "
                "the kernel (Kernel > Restart Kernel...) before you go on.",
            )
        if changed:
            return self._feedback(WRONG, _changed_message("your answer", changed))
        return feedback

    def _verdict(self, answer) -> Feedback:
        try:
            with time_limit(TIME_LIMIT), np.errstate(all="ignore"):  # (the check's own sums)
                answer = _own_copy(answer)
                if is_blank(answer):
                    raise NotAnswered
                self._checker(answer)
        except NotAnswered as blank:
            return self._feedback(
                BLANK, str(blank) or "replace the ... with your answer, then run the cell again."
            )
        except Wrong as wrong:
            return self._feedback(WRONG, str(wrong))
        except TimeUp:
            return self._feedback(
                WRONG,
                f"checking your answer took longer than {TIME_LIMIT:g} seconds, so it was "
                "stopped: does a loop in it never end?",
            )
        except (Exception, SystemExit) as error:  # the answer broke the check: explain it
            return self._feedback(
                WRONG,
                f"checking your answer raised {type(error).__name__}: {error}. Is it the "
                "kind of answer the exercise asks for?",
            )
        return Feedback(self.key, CORRECT, "well done!")

    def _feedback(self, status: str, message: str) -> Feedback:
        if len(message) > MAX_MESSAGE:
            message = message[: MAX_MESSAGE - 1] + "…"
        return Feedback(self.key, status, message)

    def hint(self) -> Text:
        """A nudge in the right direction, without the answer."""
        return Text(f"Hint for {self.key}: {self._hint}")

    def solution(self) -> Text:
        """The model answer (try first: it is more fun to find it yourself)."""
        if callable(self.reference):
            shown = textwrap.dedent(inspect.getsource(self.reference))
        else:
            shown = repr(self.reference)
        if self.explanation:
            shown += "\n" + self.explanation
        return Text(f"Solution of {self.key}:\n{shown}")

    def __repr__(self) -> str:
        return f"Exercise {self.key}: {self.title}\n\n{self.prompt}"

    def _repr_html_(self) -> str:
        # one flowing paragraph per blank-line-separated block, so the page sets the width;
        # a block indented by four spaces is code, shown as it is
        paragraphs = "".join(
            f"<pre>{html.escape(textwrap.dedent(block))}</pre>"
            if all(line.startswith("    ") for line in block.splitlines())
            else f"<p>{_code_spans(html.escape(' '.join(block.split())))}</p>"
            for block in self.prompt.split("\n\n")
        )
        return f"<b>Exercise {html.escape(self.key)}: {html.escape(self.title)}</b>{paragraphs}"


def _code_spans(text: str) -> str:
    """`name` in a prompt shown as code, as Markdown would show it."""
    return re.sub(r"`([^`]+)`", r"<code>\1</code>", text)


# ---- blank answers -------------------------------------------------------------------

_NOTHING = {"RESUME", "NOP", "CACHE", "RETURN_VALUE", "LOAD_CONST", "RETURN_CONST"}


def is_blank(answer) -> bool:
    """True for ``...``, a tuple or list holding ``...``, or a function with an empty body
    (only ``...``, ``pass``, a docstring or comments: it does nothing and returns None)."""
    if answer is Ellipsis:
        return True
    if isinstance(answer, (tuple, list)):
        return any(is_blank(part) for part in answer)
    code = getattr(answer, "__code__", None)
    if code is None:
        return False
    return all(
        step.opname in _NOTHING and (not step.opname.endswith("CONST") or step.argval is None)
        for step in dis.get_instructions(code)
    )


# ---- helpers for the checks ------------------------------------------------------------


@contextlib.contextmanager
def time_limit(seconds: float):
    """Raise TimeUp in the code inside after ``seconds`` (where the system has a timer
    signal and this is the main thread, as in a notebook's kernel; elsewhere, no limit).
    In the main thread the stop button's KeyboardInterrupt gets in too, on every Python."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    if not hasattr(signal, "setitimer"):  # Windows: no timer, but the stop button works
        with signals_reach_every_loop():
            yield
        return

    def up(signum, frame):
        raise TimeUp

    previous = signal.signal(signal.SIGALRM, up)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        with signals_reach_every_loop():
            yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


@contextlib.contextmanager
def signals_reach_every_loop():
    """Make the time limit and the stop button reach the loops of the learner's code.

    Python runs signal handlers (the time limit's, and the KeyboardInterrupt of the stop
    button) between the steps of a loop. Python 3.10 skips that when a loop jumps straight
    back to a ``try:`` (as in ``while True: try: ...``), so such a loop could never be
    stopped. There, a trace function runs at each line of code outside annlib and NumPy:
    being Python code itself, it gives the handlers their chance. A Python trace function
    already in place (a debugger's) is left alone, so that its breakpoints still work.
    Later Pythons need none. Nothing stops a loop that catches everything (``except:``).
    """
    previous = sys.gettrace()
    if sys.version_info >= (3, 11) or inspect.isfunction(previous) or inspect.ismethod(previous):
        yield
        return
    ours = tuple(str(Path(module.__file__).parent) for module in (np, sys.modules["annlib"]))

    def each_line(frame, event, arg):
        return each_line

    def each_call(frame, event, arg):
        return None if frame.f_code.co_filename.startswith(ours) else each_line

    sys.settrace(each_call)
    try:
        yield
    finally:
        sys.settrace(previous)


EVERY: list[Exercise] = []  # every exercise made, so that the guard watches them all
_GUARDS: deque[Snapshot] = deque()  # the snapshots of the checks running (they can nest)


@contextlib.contextmanager
def _guarded():
    """A snapshot of what answers may not change, for the calls of one check."""
    _GUARDS.append(Snapshot(EVERY))
    try:
        yield _GUARDS[-1]
    finally:
        _GUARDS.pop()


def _changed_message(who: str, changed: list[str]) -> str:
    shown = ", ".join(changed[:3]) + (f" and {len(changed) - 3} more" if len(changed) > 3 else "")
    if any(name.startswith("numpy") for name in changed):
        what = "NumPy itself"
    elif any(name.startswith(("annlib", "exercise")) for name in changed):
        what = "the check's own code or data"
    else:
        what = "Python's own functions"
    return (
        f"{who} changed {what} ({shown}); an answer should only compute its result. "
        "Everything it changed has been put back."
    )


def call(
    function, *args, returns: str = "the result", copies: bool = True, who: str = "your function"
):
    """Run the learner's function and give back what it returns.

    The function gets copies of the arguments (unless ``copies=False``: the check watches
    what it does to them), so whatever it changes in them cannot change what the check
    compares with. Its exceptions, and a missing ``return`` (None), become feedback
    instead of a crash; ``returns`` names what the function should give back, ``who`` the
    code run (in the feedback). It runs while the guard watches (``_watched``).
    """
    if not callable(function):
        raise Wrong(f"expected a function (def ...), got {type(function).__name__}.")
    shown = ", ".join(_short(a) for a in args)
    result, failed = _watched(lambda: function(*(copy.deepcopy(args) if copies else args)), who)
    if failed is not None:
        raise Wrong(f"{who} raised {type(failed).__name__}: {failed} (called with {shown}).")
    if result is None:
        raise Wrong(f"{who} returns None: did you forget to `return` {returns}?")
    return result


def _watched(run, who: str):
    """``run()`` while the guard watches: (its result as plain data, the error it raised).

    Whatever the learner's code changed in NumPy or the check is put back, and so is a hook
    it left behind (a profile or trace function, a signal handler, a thread; see
    ``_guard.Hooks``): either makes the answer Wrong. The result is read into plain data
    (``_settled``) before the guard looks, so none of the learner's code runs after that.
    """
    guard = _GUARDS[-1] if _GUARDS else Snapshot(EVERY)
    hooks, result, failed, left = Hooks(), None, None, []
    try:
        result = run()
        left = hooks.left()  # at once: a hook left behind could act in what follows
        result = _settled(result)
    except (Exception, SystemExit) as error:  # the learner's code may fail in any way
        failed = error
    finally:
        left += hooks.left()
        changed = guard.restore()
    if changed:
        raise Wrong(_changed_message(who, changed))
    if left:
        raise Wrong(
            f"{who} left {' and '.join(sorted(set(left)))} behind, which could change things "
            "while the check compares: an answer should compute its result and return it."
        )
    return result, failed


def _own_copy(answer):
    """The answer as plain data, made while the guard watches (an answer that is a number of
    its own kind could change NumPy when the check reads it); functions stay functions."""
    settled, failed = _watched(lambda: answer, "your answer")
    if failed is not None:
        raise failed
    return settled


_PLAIN = (bool, int, float, complex, str, bytes, type(None))
_NUMPY_SCALARS = frozenset(np.sctypeDict.values())  # NumPy's own number types, exactly
# a subclass of a plain type, read by the plain type's own method (not one it overrides)
_AS_PLAIN = (
    (int, int.__int__),
    (float, float.__float__),
    (str, lambda text: str.__getitem__(text, slice(None))),
    (bytes, lambda data: bytes.__getitem__(data, slice(None))),
)


def _settled(value, depth: int = 0):
    """What a learner's code returned, as plain numbers, text, arrays, lists and dicts, so
    that none of the answer's own code (an ``__eq__``, ``__float__``, ``__len__`` or
    ``__array__``) runs after the guard has checked it. What is not numbers (a function, a
    trained network) stays as it is, and is read later only with annlib's own code.
    """
    kind = type(value)
    if kind in _PLAIN or kind in _NUMPY_SCALARS or depth > 20:  # (20: a list holding itself)
        return value
    if kind is np.ndarray and value.dtype != object:
        return value.copy()
    if isinstance(value, (tuple, list)):  # (a named tuple becomes a plain one)
        plain = tuple if isinstance(value, tuple) else list
        return plain(_settled(part, depth + 1) for part in value)
    if isinstance(value, (set, frozenset)):
        return {_settled(part, depth + 1) for part in value}
    if kind is dict:
        return {_settled(k, depth + 1): _settled(v, depth + 1) for k, v in value.items()}
    for base, read in _AS_PLAIN:
        if isinstance(value, base):
            return read(value)
    try:
        as_array = np.array(value, subok=False)  # an array's subclass, a table, a tensor, ...
    except Exception:  # noqa: BLE001 (its own conversion failed: the check will say so)
        return value
    if as_array.dtype != object:
        return as_array
    if hasattr(kind, "__float__") and not hasattr(kind, "__len__"):
        return float(value)  # a number of its own kind (a Fraction, a Decimal)
    return value


def number(value, what: str) -> float:
    """``value`` as a float, or a Wrong saying what was expected."""
    if isinstance(value, (bool, np.bool_, str, bytes)):
        raise Wrong(f"{what} should be a number, got {value!r}.")
    try:
        result = float(value)
    except (TypeError, ValueError):
        raise Wrong(f"{what} should be a number, got {_short(value)}.") from None
    except OverflowError:
        raise Wrong(f"{what} is far too large to be a number here.") from None
    if not np.isfinite(result):
        raise Wrong(f"{what} should be a finite number, got {result}.")
    return result


def array(value, what: str, shape: tuple | None = None) -> np.ndarray:
    """``value`` as a float array (of ``shape``, if given), or a Wrong saying what was expected."""
    if value is None:
        raise Wrong(f"{what} is None: did you forget to `return` it?")
    try:
        kind = np.asarray(value).dtype.kind
    except (TypeError, ValueError):
        kind = "O"
    if kind in "USc":
        raise Wrong(
            f"{what} should be real numbers, not {'complex numbers' if kind == 'c' else 'text'}: "
            f"got {_short(value)}."
        )
    try:
        result = np.asarray(value, dtype=float)
    except (TypeError, ValueError):
        raise Wrong(f"{what} should be numbers, got {_short(value)}.") from None
    if shape is not None and result.shape != tuple(shape):
        raise Wrong(f"{what} should have shape {tuple(shape)}, but has shape {result.shape}.")
    return result


def _short(value, limit: int = 60) -> str:
    text = np.array2string(value, threshold=8) if isinstance(value, np.ndarray) else repr(value)
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit] + "..."


def numbers(values) -> str:
    """A short list of numbers as a learner writes them: [0, -3, 1.5]."""
    return "[" + ", ".join(f"{float(v):g}" for v in np.ravel(values)) + "]"


def pattern(names, values) -> str:
    """An input pattern as the notebooks write it: 'C=1, D=0'."""
    return ", ".join(f"{n}={int(v)}" for n, v in zip(names, values))
