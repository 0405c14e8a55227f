"""Exercises with instant feedback, a few at the end of every notebook.

>>> from annlib.exercises import exercise
>>> ex = exercise("1.1")      # in a notebook, exercise("1.1") on its own shows the task
>>> ex.title
'a neuron for C AND NOT D'
>>> ex.check((1, 1, 2))       # an answer (w_C, w_D, m) that is wrong: the feedback says why
Exercise 1.1: ✗ not yet — with C=1, D=0 your neuron stays quiet (signal 1 < m = 2);
C AND NOT D should fire there.
>>> ex.check((1, -1, 1))      # D holds the neuron back, and C alone reaches m
Exercise 1.1: ✓ correct — well done!
>>> ex.check(...)             # the blank the notebook starts with
Exercise 1.1: not answered yet — replace the ... with your answer, then run the cell again.

``ex.hint()`` gives a nudge; ``ex.solution()`` shows the model answer.
"""

from __future__ import annotations

from . import nb01, nb02, nb03, nb04, nb05, nb06, nb07, nb08, nb09, nb10, nb11, nb12, nb13, nb14
from .core import Exercise, Feedback, is_blank

# one module per notebook (imports written out, so that readers and tests see them)
NOTEBOOK_MODULES = (
    nb01,
    nb02,
    nb03,
    nb04,
    nb05,
    nb06,
    nb07,
    nb08,
    nb09,
    nb10,
    nb11,
    nb12,
    nb13,
    nb14,
)
EXERCISES: dict[str, Exercise] = {
    ex.key: ex for module in NOTEBOOK_MODULES for ex in module.EXERCISES
}


def exercise(key: str) -> Exercise:
    """The exercise called ``key``, such as "1.1" (notebook 01, first exercise)."""
    key = str(key)
    if key not in EXERCISES:
        raise KeyError(f"there is no exercise {key!r}; the exercises are {', '.join(EXERCISES)}.")
    return EXERCISES[key]


def exercises(notebook: int) -> list[Exercise]:
    """The exercises at the end of notebook ``notebook`` (1 to the last), in order."""
    found = [ex for key, ex in EXERCISES.items() if key.split(".")[0] == str(notebook).lstrip("0")]
    if not found:
        last = max(int(key.split(".")[0]) for key in EXERCISES)
        raise KeyError(f"notebook {notebook} has no exercises; the notebooks are 1 to {last}.")
    return found


__all__ = ["Exercise", "Feedback", "exercise", "exercises", "is_blank", "EXERCISES"]
