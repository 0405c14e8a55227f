"""The one rule for tests that need the real MNIST files: skip them, with a message, when
the files cannot be had, unless ANNLIB_REQUIRE_DATA=1 (as in CI), where they fail instead.

(A module of its own, not conftest.py: tests/browser has a conftest.py too, so
`from conftest import ...` would find whichever was imported first.)
"""

import os

import pytest

from annlib.data import DataError


def mnist_or_skip(load):
    """load()'s result; if it raises DataError, skip the test (or fail, as CI asks)."""
    try:
        return load()
    except DataError as error:
        if os.environ.get("ANNLIB_REQUIRE_DATA") == "1":
            raise
        pytest.skip(
            f"MNIST is not available here ({str(error).splitlines()[0]}); set "
            "ANNLIB_DATA_DIR to a folder holding the four files to run these tests."
        )
