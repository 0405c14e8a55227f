"""The LeNet-style network: gradients, padding, receptive fields, files and clear errors."""

import subprocess
import sys

import numpy as np
import pytest
from bar_images import bars
from test_conv import numeric, relative

from annlib._network import NetworkModel
from annlib.lenet import LeNet, pad, unpad
from annlib.mlp import MLP


@pytest.mark.parametrize(
    "settings",
    [
        {"image_shape": (12, 12), "filters": (2, 3), "kernel_size": 3, "padding": 1, "hidden": 4},
        {"image_shape": (13, 11), "filters": (3, 2), "kernel_size": 3, "padding": 0, "hidden": 5},
        {"image_shape": (10, 10), "filters": (2, 2), "kernel_size": 5, "padding": 2, "hidden": 3},
    ],
)
def test_lenet_gradient_check(settings):
    rng = np.random.default_rng(0)
    net = LeNet(**settings, n_classes=3, seed=1, dtype="float64")
    h, w = settings["image_shape"]
    X, y = rng.random((3, h * w)), np.array([0, 2, 1])
    _, grads = net.gradients(X, y)
    for key, p in net.params.items():
        assert relative(grads[key], numeric(lambda: net.gradients(X, y)[0], p)) < 1e-6, key


def test_padding_keeps_the_size_and_its_gradient_drops_the_frame():
    X = np.arange(2 * 3 * 4 * 5, dtype=float).reshape(2, 3, 4, 5)
    padded = pad(X, 2)
    assert padded.shape == (2, 3, 8, 9)
    assert padded[:, :, :2].sum() == 0 and padded[:, :, :, -2:].sum() == 0
    assert np.array_equal(unpad(padded, 2), X) and pad(X, 0) is X
    net = LeNet(seed=0)  # 5 x 5 filters with padding 2: 28 -> 28 -> pool 14 -> 14 -> pool 7
    assert net.pooled_shape == (7, 7) and net.params["W3"].shape == (120, 16 * 7 * 7)
    assert LeNet(padding=0, seed=0).pooled_shape == (4, 4)  # 28 -> 24 -> 12 -> 8 -> 4


def _field_sides(net):
    """Measured: with positive filters and no biases, a value is above 0 exactly where its
    receptive field holds the one lit pixel. Lights each pixel of the image in turn, and
    returns the side of the square of pixels that reach a second-layer pooled value in the
    middle of the image."""
    for key in ("K1", "K2", "W3", "W4"):
        net.params[key][:] = 1.0
    h, w = net.image_shape
    X = np.eye(h * w, dtype=net.dtype)  # image i has only pixel i lit
    _, cache = net.forward(X, keep=True)
    P2 = cache[5][0]  # (images, pooled rows, pooled columns), of the first filter
    a, b = net.pooled_shape[0] // 2, net.pooled_shape[1] // 2
    reached = (P2[:, a, b] > 0).reshape(h, w)
    rows, columns = np.flatnonzero(reached.any(axis=1)), np.flatnonzero(reached.any(axis=0))
    assert reached.sum() == len(rows) * len(columns)  # a full square
    return len(rows), len(columns)


@pytest.mark.parametrize("kernel_size, padding", [(5, 2), (3, 1), (5, 0)])
def test_receptive_fields_are_what_the_network_measures(kernel_size, padding):
    net = LeNet(
        image_shape=(40, 40), filters=(1, 1), kernel_size=kernel_size, padding=padding, hidden=2
    )
    fields = net.receptive_fields()
    assert list(fields) == ["conv 1", "pool 1", "conv 2", "pool 2"]
    assert fields["conv 1"] == kernel_size
    assert _field_sides(net) == (fields["pool 2"], fields["pool 2"])
    assert LeNet(seed=0).receptive_fields() == {
        "conv 1": 5,
        "pool 1": 6,
        "conv 2": 14,
        "pool 2": 16,
    }


def test_lenet_shapes_and_interface():
    net = LeNet(seed=0)
    X = np.random.default_rng(0).random((5, 784), dtype=np.float32)
    assert net.predict_proba(X).shape == (5, 10)
    assert np.allclose(net.predict_proba(X).sum(axis=1), 1, atol=1e-5)
    assert set(net.params) == {"K1", "c1", "K2", "c2", "W3", "b3", "W4", "b4"}
    assert net.weight_names == ["K1", "K2", "W3", "W4"]
    assert "LeNet(" in repr(net) and not isinstance(net, MLP)


def test_lenet_errors():
    with pytest.raises(ValueError, match="padding=5 puts filters of 5x5 on nothing but zeros"):
        LeNet(padding=5)
    with pytest.raises(ValueError, match="too small for two 5x5 convolutions"):
        LeNet(image_shape=(8, 8), padding=0)
    with pytest.raises(ValueError, match="hidden must be a whole number of at least 1"):
        LeNet(hidden=0)
    with pytest.raises(TypeError, match=r"filters must be a pair of whole numbers such as \(6, 16"):
        LeNet(filters=8)
    with pytest.raises(ValueError, match=r"shape \(n, 784\)"):
        LeNet(seed=0).predict(np.zeros((2, 100)))


def test_a_trained_lenet_saves_and_loads(tmp_path):
    X, y = bars(200, seed=0)
    net = LeNet(image_shape=(8, 8), filters=(4, 6), kernel_size=3, padding=1, hidden=8, n_classes=3)
    net.fit(X, y, epochs=20, batch_size=16, lr=0.01, optimizer="adam", progress=False)
    X_test, y_test = bars(100, seed=1)
    assert net.score(X_test, y_test) == 1.0
    path = net.save(tmp_path / "lenet")
    for loaded in (LeNet.load(path), NetworkModel.load(path)):
        assert repr(loaded) == repr(net) and "padding=1" in repr(loaded)
        assert np.array_equal(loaded.predict_proba(X_test), net.predict_proba(X_test))
        assert loaded.history_ == net.history_


def test_a_lenet_file_loaded_before_annlib_lenet_is_imported_says_what_to_import(tmp_path):
    """annlib imports no network module when it loads a file (no import cycles), so
    NetworkModel.load of a LeNet file, before annlib.lenet is imported, says what to do."""
    path = LeNet(image_shape=(10, 10), filters=(2, 2), kernel_size=3, padding=1, hidden=3).save(
        tmp_path / "small"
    )
    code = (
        "import sys\n"
        "from annlib._network import NetworkModel\n"
        "assert 'annlib.lenet' not in sys.modules\n"
        "try:\n"
        f"    NetworkModel.load({str(path)!r})\n"
        "except ValueError as error:\n"
        "    print(error)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert "holds a LeNet, which NetworkModel.load does not make" in done.stdout
    assert "LeNet.load(path), after `from annlib.lenet import LeNet`" in done.stdout
