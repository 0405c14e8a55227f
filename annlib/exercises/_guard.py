"""What an answer may not change while it is checked: the code and data the check relies on.

An answer is the learner's own code, and the check runs it. A right-looking verdict could be
bought without a right answer by changing what the check compares with: NumPy's functions
(``np.allclose = lambda *a: True``, or the same deep inside ``numpy._core``), the check's own
reference answer or data (``nb06.early_stopping = ...``, ``nb10._PAIRS[:] = ...``), a class's
method, a function's code, or a builtin such as ``float``. ``Snapshot()`` notes all of these
before the learner's code runs; ``restore()`` puts back whatever changed and names it, so the
check can say so and judge the answer wrong.

Guarded: every loaded module of NumPy, pandas and annlib, and ``builtins``, ``copy`` and
``math`` (their names); the classes NumPy and annlib define (their methods) and the code of
their Python functions; the attributes of every exercise; and the data of the exercise
modules (lists, dicts and arrays, compared by content). Names a module gains count only if
they are not modules themselves (NumPy loads its submodules when first used). Nothing in
Python stops code that edits memory directly (ctypes); that is not a slip a learner makes.
"""

from __future__ import annotations

import copy
import operator
import sys
import types

import numpy as np

GUARDED = ("numpy", "pandas", "annlib", "builtins", "copy", "math")
CLASSES = ("numpy", "annlib")  # whose classes and functions' code are guarded too
_HEAP_TYPE = 1 << 9  # a class made by Python code (one built into C cannot be changed)
# names Python adds by itself: copy to a class it first copies, warnings to a module that warns
_LAZY = {"__slotnames__", "__warningregistry__"}
_GONE = object()


def _guarded_modules():
    for name, module in list(sys.modules.items()):
        if isinstance(module, types.ModuleType) and name.partition(".")[0] in GUARDED:
            yield name, module


def _function(value):
    """The Python function behind ``value`` (NumPy wraps many in a dispatcher), or None."""
    if isinstance(value, types.FunctionType):
        return value
    inner = getattr(type(value), "_implementation", None) and value._implementation
    return inner if isinstance(inner, types.FunctionType) else None


def _is_data(value) -> bool:
    """Numbers, text and arrays in a list, tuple, dict or set (an exercise module's data)."""
    if isinstance(value, np.ndarray):
        return value.dtype != object
    if isinstance(value, dict):
        return all(map(_is_plain, value.keys())) and all(map(_is_plain, value.values()))
    return isinstance(value, (list, tuple, set)) and all(map(_is_plain, value))


def _is_plain(value) -> bool:
    return (
        value is None or isinstance(value, (bool, int, float, str, np.generic)) or _is_data(value)
    )


def _same(a, b) -> bool:
    """Equal content, NaN equal to NaN (data of the exercise modules)."""
    if isinstance(a, np.ndarray) or isinstance(b, np.ndarray):
        return (
            isinstance(a, np.ndarray)
            and isinstance(b, np.ndarray)
            and a.shape == b.shape
            and a.dtype == b.dtype
            and np.array_equal(a, b, equal_nan=a.dtype.kind in "fc")
        )
    if isinstance(a, dict):
        return type(a) is type(b) and a.keys() == b.keys() and all(_same(a[k], b[k]) for k in a)
    if isinstance(a, (list, tuple)):
        return type(a) is type(b) and len(a) == len(b) and all(map(_same, a, b))
    return type(a) is type(b) and a == b


def _put_back_in_place(value, saved) -> None:
    if isinstance(value, np.ndarray):
        value.setflags(write=True)
        value.resize(saved.shape, refcheck=False) if value.shape != saved.shape else None
        value[...] = saved
    elif isinstance(value, (list, dict, set)):
        value.clear()
        value.update(saved) if not isinstance(value, list) else value.extend(saved)


class Snapshot:
    """The guarded names, classes, code and data as they are now (see the module's doc)."""

    def __init__(self, exercises=()):
        self.spaces = {}  # module or class -> (its label, a copy of its names)
        self.code = {}  # function -> (its label, code, defaults, keyword defaults)
        self.data = {}  # label -> (the object, a deep copy of its content)
        for name, module in _guarded_modules():
            names = dict(vars(module))
            self.spaces[module] = (name, names)
            for key, value in names.items():
                if name.partition(".")[0] in CLASSES:
                    self._note(f"{name}.{key}", value)
                if (
                    name.startswith("annlib.exercises")
                    and not key.startswith("__")
                    and _is_data(value)
                ):
                    self.data[f"{name}.{key}"] = (value, copy.deepcopy(value))
        for exercise in exercises:
            self.spaces[exercise] = (f"exercise {exercise.key}", dict(vars(exercise)))

    def _note(self, label, value):
        function = _function(value)
        if function is not None:
            self.code.setdefault(function, (label, *_code_of(function)))
        elif isinstance(value, type) and value not in self.spaces:
            if value.__flags__ & _HEAP_TYPE and value.__module__.partition(".")[0] in CLASSES:
                names = dict(vars(value))
                self.spaces[value] = (label, names)
                for key, member in names.items():
                    member = getattr(member, "__func__", member)  # class and static methods
                    if _function(member) is not None:
                        self.code.setdefault(
                            _function(member), (f"{label}.{key}", *_code_of(member))
                        )

    def restore(self) -> list[str]:
        """Put back everything that changed since the snapshot; the sorted names of what did."""
        changed = []
        for space, (label, names) in self.spaces.items():
            changed += _restore_names(space, label, names)
        for function, (label, *saved) in self.code.items():
            if not all(map(operator.is_, _code_of(function), saved)):
                changed.append(label)
                function.__code__, function.__defaults__, function.__kwdefaults__ = saved
        for label, (value, saved) in self.data.items():
            if not _same(value, saved):
                changed.append(label)
                _put_back_in_place(value, saved)
        return sorted(set(changed))


def _code_of(function) -> tuple:
    return function.__code__, function.__defaults__, function.__kwdefaults__


def _restore_names(space, label, names) -> list[str]:
    """Put back the names of a module, class or exercise; those that changed, by label."""
    now = space.__dict__ if isinstance(space, type) else vars(space)
    if now.keys() == names.keys() and all(map(operator.is_, now.values(), names.values())):
        return []  # (the quick answer, nearly always)
    changed = []
    for key, value in names.items():
        if now.get(key, _GONE) is not value:
            changed.append(f"{label}.{key}")
            setattr(space, key, value)
    for key in set(now) - set(names) - _LAZY:
        if not isinstance(now[key], types.ModuleType):
            changed.append(f"{label}.{key}")
            delattr(space, key)
    return changed
