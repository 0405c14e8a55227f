"""What an answer may not change while it is checked: the code and data the check relies on.

An answer is the learner's own code, and the check runs it. A right-looking verdict could be
bought without a right answer by changing what the check compares with: NumPy's functions
(``np.allclose = lambda *a: True``, or the same deep inside ``numpy._core``), the check's own
reference answer or data (``nb07.early_stopping = ...``, ``nb14._PAIRS[:] = ...``), a class's
method, a function's code, or a builtin such as ``float``. ``Snapshot()`` notes all of these
before the learner's code runs; ``restore()`` puts back whatever changed and names it, so the
check can say so and judge the answer wrong.

Guarded: every loaded module of NumPy and annlib, and ``builtins``, ``copy`` and ``math``
(their names); the classes NumPy and annlib define in Python (their methods); the code,
defaults and closures of their Python functions, also those a decorator wraps; the attributes
of every exercise; and the data of the exercise modules (lists, dicts and arrays, compared by
content). Names a module gains count only if they are not modules themselves (NumPy loads its
submodules when first used), and names Python adds by itself (``__warningregistry__``, when a
warning is shown) never count. What the guard cannot see: code that edits memory directly
(ctypes), and code of the answer that runs after the guard has looked, which is why the check
reads an answer into plain data while the guard watches (``core._settled``) and watches the
hooks an answer could leave behind (``core.call``).
"""

from __future__ import annotations

import _thread
import copy
import gc
import operator
import signal
import sys
import threading
import types

import numpy as np

GUARDED = ("numpy", "annlib", "builtins", "copy", "math")
CLASSES = ("numpy", "annlib")  # whose classes and functions' code are guarded too
_TPFLAGS_HEAPTYPE = 1 << 9  # Python's flag for a class whose attributes can be changed
_LAZY = {"__slotnames__", "__warningregistry__"}  # added by Python's copy and warnings
_GONE = object()


def _guarded_modules():
    for name, module in list(sys.modules.items()):
        if isinstance(module, types.ModuleType) and name.partition(".")[0] in GUARDED:
            yield name, module


def _functions(value):
    """The Python functions behind ``value``: itself, what NumPy's dispatcher holds
    (``_implementation``), and what decorators wrap (``__wrapped__``)."""
    found = []
    for _ in range(10):  # (a chain of wrappers is short)
        if isinstance(value, types.FunctionType):
            found.append(value)
            value = getattr(value, "__wrapped__", None)
        elif isinstance(getattr(type(value), "_implementation", None), types.GetSetDescriptorType):
            value = value._implementation  # NumPy's _ArrayFunctionDispatcher
        else:
            break
    return found


_FOUND: dict = {}  # module -> (its number of names, its functions and classes), found once


def _code_and_classes(module, names: dict) -> list:
    """The (name, value) pairs of a module that are functions or classes, found again only
    when the module gains or loses names (most of NumPy's names are neither)."""
    found = _FOUND.get(module)
    if found is None or found[0] != len(names):
        pairs = [(k, v) for k, v in names.items() if _functions(v) or isinstance(v, type)]
        found = _FOUND[module] = (len(names), pairs)
    return [(key, names[key]) for key, _ in found[1] if key in names]


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


class Snapshot:
    """The guarded names, classes, code and data as they are now (see the module's doc)."""

    def __init__(self, exercises=()):
        self.spaces = {}  # module or class -> (its label, a copy of its names)
        self.code = {}  # function -> (its label, its code, defaults, keyword defaults, closure)
        self.data = {}  # label -> (its module, its name, a deep copy of its content)
        for name, module in _guarded_modules():
            names = dict(vars(module))
            self.spaces[module] = (name, names)
            if name.partition(".")[0] in CLASSES:
                for key, value in _code_and_classes(module, names):
                    self._note(f"{name}.{key}", value)
            if name.startswith("annlib.exercises"):
                for key, value in names.items():
                    if not key.startswith("__") and _is_data(value):
                        self.data[f"{name}.{key}"] = (module, key, copy.deepcopy(value))
        for exercise in exercises:
            self.spaces[exercise] = (f"exercise {exercise.key}", dict(vars(exercise)))

    def _note(self, label, value):
        """Note a function's code, or a class's names and its methods' code."""
        for function in _functions(value):
            self.code.setdefault(function, (label, *_code_of(function)))
        if isinstance(value, type) and value not in self.spaces:
            mutable = value.__flags__ & _TPFLAGS_HEAPTYPE
            if mutable and value.__module__.partition(".")[0] in CLASSES:
                names = dict(vars(value))
                self.spaces[value] = (label, names)
                for key, member in names.items():
                    member = getattr(member, "__func__", member)  # class and static methods
                    for function in _functions(member):
                        self.code.setdefault(function, (f"{label}.{key}", *_code_of(function)))

    def restore(self) -> list[str]:
        """Put back everything that changed since the snapshot; the sorted names of what did."""
        changed = []
        for space, (label, names) in self.spaces.items():
            changed += _restore_names(space, label, names)
        for function, (label, *saved) in self.code.items():
            if not all(map(operator.is_, _code_of(function), saved)):
                changed.append(label)
                _put_code_back(function, *saved)
        for label, (module, name, saved) in self.data.items():
            value = vars(module).get(name, _GONE)
            if not _same(value, saved):
                changed.append(label)
                if not _put_back(value, saved):  # (in place, for every holder of it)
                    fresh = copy.deepcopy(saved)  # or else a fresh copy under its name
                    setattr(module, name, fresh)
                    self.spaces[module][1][name] = fresh
        return sorted(set(changed))


def _put_back(value, saved) -> bool:
    """Put the saved content back into ``value`` itself, so that everything holding it (an
    exercise's reference, say) sees it again; False where that cannot be done."""
    try:
        if isinstance(value, np.ndarray):
            if value.dtype != saved.dtype or value.shape != saved.shape:
                return False  # (NumPy no longer lets an array change its kind in place)
            value.setflags(write=True)
            value[...] = saved
        elif isinstance(value, list):
            value[:] = copy.deepcopy(saved)
        elif isinstance(value, (dict, set)):
            value.clear()
            value.update(copy.deepcopy(saved))
        elif isinstance(value, tuple) and len(value) == len(saved):
            return all(_put_back(v, s) or _same(v, s) for v, s in zip(value, saved))
        return _same(value, saved)
    except Exception:  # noqa: BLE001 (whatever stops it, the name gets a fresh copy)
        return False


def _code_of(function) -> tuple:
    cells = tuple(_contents(cell) for cell in function.__closure__ or ())
    return function.__code__, function.__defaults__, function.__kwdefaults__, *cells


def _contents(cell):
    try:
        return cell.cell_contents
    except ValueError:  # a cell not filled yet
        return _GONE


def _put_code_back(function, code, defaults, kwdefaults, *cells) -> None:
    function.__code__, function.__defaults__, function.__kwdefaults__ = code, defaults, kwdefaults
    for cell, value in zip(function.__closure__ or (), cells):
        if value is _GONE:
            del cell.cell_contents
        else:
            cell.cell_contents = value


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


class Hooks:
    """What an answer could leave behind to act after it returns: a profile or trace
    function, a garbage collector's callback, a signal handler, or a thread still running.
    Noted before the answer runs; ``left()`` puts the hooks back and names what was left."""

    def __init__(self):
        self.profile, self.trace = sys.getprofile(), sys.gettrace()
        self.callbacks = list(gc.callbacks)
        self.handlers = {s: signal.getsignal(s) for s in _SIGNALS}
        self.threads = set(threading.enumerate())
        self.started = _thread_count()

    def left(self) -> list[str]:
        found = []
        if sys.getprofile() is not self.profile:
            sys.setprofile(self.profile)
            found.append("a profile function")
        if sys.gettrace() is not self.trace:
            sys.settrace(self.trace)
            found.append("a trace function")
        if list(map(id, gc.callbacks)) != list(map(id, self.callbacks)):
            gc.callbacks[:] = self.callbacks
            found.append("a callback of the garbage collector")
        for number, handler in self.handlers.items():
            if signal.getsignal(number) is not handler:
                if threading.current_thread() is threading.main_thread():
                    signal.signal(number, handler)
                found.append(f"a handler of the signal {number.name}")
        new = [t for t in set(threading.enumerate()) - self.threads if t.is_alive()]
        own = [t for t in new if not _library_thread(t)]
        if own or _thread_count() - self.started > len(new):  # (also a thread of _thread's)
            found.append("a thread still running")
        return found


_SIGNALS = tuple(getattr(signal, name) for name in ("SIGINT", "SIGALRM") if hasattr(signal, name))
# libraries whose helper threads may outlive a call (tqdm's monitor of its bars, a kernel's)
_HELPER_LIBRARIES = ("tqdm", "IPython", "ipykernel", "zmq", "jupyter_client", "matplotlib")


def _thread_count() -> int:
    return getattr(_thread, "_count", lambda: 0)()


def _library_thread(thread) -> bool:
    """A thread of a helper library's own class (looked up in that library, so that a class
    an answer makes cannot pass for one)."""
    kind = type(thread)
    module = sys.modules.get(kind.__module__)
    return (
        kind.__module__.partition(".")[0] in _HELPER_LIBRARIES
        and getattr(module, kind.__qualname__, None) is kind
    )
