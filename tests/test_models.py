"""digit_reader: loads notebook 05's network, or trains and saves it when the file is missing."""

import numpy as np
import pytest

from annlib import models
from annlib.mlp import MLP


def test_digit_reader_loads_a_saved_network(tmp_path):
    saved = MLP([784, 8, 10], seed=3)
    path = saved.save(tmp_path / "reader.npz")
    loaded = models.digit_reader(path)
    X = np.random.default_rng(0).random((4, 784))
    assert np.array_equal(loaded.predict_proba(X), saved.predict_proba(X))


def test_digit_reader_trains_and_saves_when_missing(tmp_path, monkeypatch):
    calls = []

    def quick_train(X, y, progress=True):  # stands in for the 15-second training
        calls.append(len(X))
        return MLP([784, 4, 10], seed=0)

    monkeypatch.setattr(models, "train_digit_reader", quick_train)
    monkeypatch.setattr("annlib.data.load_mnist",
                        lambda: ((np.zeros((20, 784), np.float32), np.arange(20) % 10), (None, None)))
    path = tmp_path / "models" / "reader.npz"
    model = models.digit_reader(path)
    assert calls == [20] and path.exists() and isinstance(model, MLP)
