"""pytest setup for the whole project: notebook cells that need PyTorch.

Notebook 10's second half uses PyTorch, which the course leaves optional (README: "After the
course: PyTorch"). Its cells are tagged "torch"; where PyTorch is not installed, nbval skips
them with the command to install it, and the rest of the notebook still runs. CI installs
PyTorch, so there every cell runs.
"""

import pytest


def _tags(item) -> list:
    cell = getattr(item, "cell", None)  # nbval's items carry their notebook cell
    return cell.get("metadata", {}).get("tags", []) if cell is not None else []


def pytest_collection_modifyitems(config, items):
    from annlib.pytorch import INSTALL, have_torch

    cells = [item for item in items if "torch" in _tags(item)]
    if cells and not have_torch():
        why = f"this cell needs PyTorch, which is not installed: {INSTALL}"
        for item in cells:
            item.add_marker(pytest.mark.skip(reason=why))
