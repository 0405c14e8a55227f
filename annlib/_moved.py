"""Old import paths of annlib 0.8, kept working for one release (0.9) with a warning.

annlib 0.9 put the maths a learner reads at the top of the package and the course's
machinery into subpackages (CHANGELOG.md, "0.9.0"). ``import annlib.models`` still
works: it warns (a FutureWarning, which Jupyter shows) and gives the module at its new
place, annlib.lab.digit_reader, the very same module object. annlib 0.10 removes this.
"""

from __future__ import annotations

import importlib
import importlib.abc
import importlib.util
import sys
import warnings

MOVED = {  # old name: new name
    "annlib.examples": "annlib.data.examples",
    "annlib.images": "annlib.data.images",
    "annlib.your_digits": "annlib.data.your_digits",
    "annlib.experiments": "annlib.lab.experiments",
    "annlib.lr_finder": "annlib.lab.lr_range",
    "annlib.surfaces": "annlib.lab.loss_surfaces",
    "annlib.descent": "annlib.lab.valley",
    "annlib.signals": "annlib.lab.signal_sizes",
    "annlib.inside": "annlib.lab.hidden_neurons",
    "annlib.models": "annlib.lab.digit_reader",
    "annlib.pytorch": "annlib.lab.pytorch_bridge",
    "annlib.tables": "annlib.lab.tables",
    "annlib.network_model": "annlib._network",
    "annlib.network_files": "annlib._network_files",
    "annlib.passes": "annlib._passes",
    "annlib.progress": "annlib._progress",
    "annlib.versioning": "annlib._versioning",
    "annlib.plots.inside": "annlib.plots.looking_inside",
    "annlib.plots.autograd": "annlib.plots.value_graphs",
    "annlib.plots.experiments": "annlib.plots.runs",
    "annlib.widgets.inside": "annlib.widgets.inspectors",
    "annlib.widgets.neurons": "annlib.widgets.neuron_sliders",
}


def message(old: str, new: str) -> str:
    """What the warning says: where the module is now, and the line to write instead."""
    package, _, leaf = new.rpartition(".")
    return (
        f"{old} is now {new} (annlib 0.9 moved it; the old name goes in annlib 0.10): "
        f"write `from {package} import {leaf}` or `import {new}`."
    )


class _Alias(importlib.abc.MetaPathFinder, importlib.abc.Loader):
    """Finds an old name and loads it as the module at its new name (with a warning)."""

    def __init__(self):
        self._own_specs = {}  # new name: its spec, before importing by the old name

    def find_spec(self, fullname, path=None, target=None):
        if fullname not in MOVED:
            return None
        return importlib.util.spec_from_loader(fullname, self)

    def create_module(self, spec):
        new = MOVED[spec.name]
        warnings.warn(message(spec.name, new), FutureWarning, stacklevel=2)
        module = importlib.import_module(new)
        self._own_specs[new] = module.__spec__
        return module

    def exec_module(self, module):
        """The module was run at its new name already; give it back its own spec.

        Python's import machinery has just set ``module.__spec__`` to the old name's
        spec. Left so, the module's relative imports inside functions would compare
        ``__package__`` with the old parent and warn (an error under pytest).
        """
        module.__spec__ = self._own_specs[module.__name__]


def install() -> None:
    """Put the finder on Python's import path once (annlib/__init__.py calls this)."""
    if not any(isinstance(finder, _Alias) for finder in sys.meta_path):
        sys.meta_path.append(_Alias())
