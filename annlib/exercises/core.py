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
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np

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

    def reference_answer(self):
        """The model answer, as it would be passed to ``check``."""
        return self.reference() if self.builds else self.reference

    def check(self, answer) -> Feedback:
        """Say whether ``answer`` is right and, if not, what is wrong with it.

        Whatever the answer does (raise any error, exit, loop for ever, change NumPy),
        the result is feedback: the check has a time limit, and NumPy is put back as
        it was after every call of the learner's code.
        """
        if is_blank(answer):
            return Feedback(
                self.key, BLANK, "replace the ... with your answer, then run the cell again."
            )
        try:
            with time_limit(TIME_LIMIT):
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


NUMPY_MODULES = (np, np.linalg, np.random)


def _numpy_names() -> dict:
    return {module: dict(vars(module)) for module in NUMPY_MODULES}


def _put_numpy_back(before: dict) -> list[str]:
    """Undo any change an answer made to NumPy's own functions; return their names."""
    changed = []
    for module, names in before.items():
        now = vars(module)  # (names added since, such as a submodule NumPy loads lazily, stay)
        for name, value in names.items():
            if now.get(name, _GONE) is not value:
                changed.append(f"{module.__name__}.{name}")
                setattr(module, name, value)
    return sorted(changed)


_GONE = object()


def call(function, *args, returns: str = "the result"):
    """Run the learner's function and give back what it returns.

    The function gets copies of the arguments, so whatever it changes in them cannot
    change what the check compares with. Its exceptions, and a missing ``return``
    (None), become feedback instead of a crash; ``returns`` names what the function
    should give back. If it changed NumPy itself (np.allclose = ...), NumPy is put back
    and the answer is wrong.
    """
    if not callable(function):
        raise Wrong(f"expected a function (def ...), got {type(function).__name__}.")
    shown = ", ".join(_short(a) for a in args)
    numpy_before = _numpy_names()
    failed = None
    try:
        result = function(*copy.deepcopy(args))
    except (Exception, SystemExit) as error:  # the learner's code may fail in any way
        failed = error
    finally:
        changed = _put_numpy_back(numpy_before)
    if changed:
        raise Wrong(
            f"your function changed NumPy itself ({', '.join(changed[:3])}); an answer should "
            "only compute its result. NumPy has been put back."
        )
    if failed is not None:
        raise Wrong(
            f"your function raised {type(failed).__name__}: {failed} (called with {shown})."
        )
    if result is None:
        raise Wrong(f"your function returns None: did you forget to `return` {returns}?")
    return result


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
