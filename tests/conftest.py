"""Shared test setup: draw figures off screen; MNIST and small image data for the models."""

import matplotlib
import pytest
from mnist_or_skip import mnist_or_skip

matplotlib.use("Agg")


@pytest.fixture(scope="session")
def mnist():
    """The article's split ((X_train, y_train), (X_test, y_test)); skipped without the files,
    unless ANNLIB_REQUIRE_DATA=1 (as in CI), where the tests fail instead."""
    from annlib.data import load_mnist

    return mnist_or_skip(load_mnist)
