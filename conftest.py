"""pytest setup for the whole project: notebook cells that need PyTorch.

Notebook 14's second half uses PyTorch, which the course leaves optional (README: "After the
course: PyTorch"). Its cells are tagged "torch"; where PyTorch is not installed, nbval skips
them with the command to install it, and the rest of the notebook still runs. CI installs
PyTorch, so there every cell runs.
"""

import pytest


def _tags(item) -> list:
    cell = getattr(item, "cell", None)  # nbval's items carry their notebook cell
    return cell.get("metadata", {}).get("tags", []) if cell is not None else []


def pytest_collection_modifyitems(config, items):
    from annlib.lab.pytorch_bridge import INSTALL, have_torch

    cells = [item for item in items if "torch" in _tags(item)]
    if cells and not have_torch():
        why = f"this cell needs PyTorch, which is not installed: {INSTALL}"
        for item in cells:
            item.add_marker(pytest.mark.skip(reason=why))


# Which test first leaves SIGINT not raising KeyboardInterrupt (a learner's stop button
# in a kernel relies on it; one full CI run found it ignored mid-session, and no part of
# the suite run alone does it): named at the end of the run, so the next one tells.
_SIGINT_LEFT = []


def pytest_runtest_logfinish(nodeid, location):
    import signal

    if not _SIGINT_LEFT and signal.getsignal(signal.SIGINT) is not signal.default_int_handler:
        _SIGINT_LEFT.append(f"{nodeid} left SIGINT handled by {signal.getsignal(signal.SIGINT)!r}")


def pytest_terminal_summary(terminalreporter):
    for line in _SIGINT_LEFT:
        terminalreporter.write_line(f"note: {line}")
