"""Shared test setup: draw figures off screen; MNIST and small image data for the models."""

import os

import matplotlib
import numpy as np
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


def bars(n, side=8, seed=0):
    """n images (rows of side * side pixels) of one short bar anywhere in the image.

    Label 0: horizontal, 1: vertical, 2: diagonal. Small networks learn this perfectly
    in a fraction of a second; guessing gets a third right.
    """
    rng = np.random.default_rng(seed)
    X = np.zeros((n, side, side), np.float32)
    y = rng.integers(0, 3, n)
    for i, c in enumerate(y):
        r, q = rng.integers(0, side - 3, 2)
        for t in range(4):
            X[i, r + (t if c else 0), q + (t if c != 1 else 0)] = 1.0
    return X.reshape(n, -1), y
