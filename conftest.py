"""pytest setup for the whole project: notebook cells that need PyTorch.

Notebook 10's second half uses PyTorch, which the course leaves optional (README: "After the
course: PyTorch"). Its cells are tagged "torch"; where PyTorch is not installed, nbval skips
them with the command to install it, and the rest of the notebook still runs. CI installs
PyTorch, so there every cell runs.
"""

import pytest


def _torch_missing() -> bool:
    try:
        import torch  # noqa: F401
    except ImportError:
        return True
    return False


def pytest_collection_modifyitems(config, items):
    cells = [
        i
        for i in items
        if "torch" in getattr(getattr(i, "cell", None), "metadata", {}).get("tags", [])
    ]
    if cells and _torch_missing():
        from annlib.pytorch import INSTALL

        skip = pytest.mark.skip(
            reason=f"this cell needs PyTorch, which is not installed: {INSTALL}"
        )
        for item in cells:
            item.add_marker(skip)
