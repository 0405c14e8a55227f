"""Shared test setup: draw figures off screen; MNIST and small image data for the models."""

import os

import matplotlib
import pytest

matplotlib.use("Agg")


@pytest.fixture(scope="session")
def mnist():
    """The article's split ((X_train, y_train), (X_test, y_test)); skipped without the files,
    unless ANNLIB_REQUIRE_DATA=1 (as in CI), where the tests fail instead."""
    from annlib.data import DataError, load_mnist

    try:
        return load_mnist()
    except DataError as error:
        if os.environ.get("ANNLIB_REQUIRE_DATA") == "1":
            raise
        pytest.skip(
            f"MNIST is not available here ({str(error).splitlines()[0]}); set "
            "ANNLIB_DATA_DIR to a folder holding the four files to run these tests."
        )
