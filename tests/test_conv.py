"""The convolution layer and the small ConvNet: im2col, gradient checks, shapes, clear errors."""

import numpy as np
import pytest
from bar_images import bars

from annlib.conv import (
    ConvNet,
    col2im,
    conv_backward,
    conv_forward,
    global_maxpool_forward,
    im2col,
    maxpool_backward,
    maxpool_forward,
)
from annlib.data.images import shift
from annlib.mlp import MLP


def direct_convolution(X, W, b):
    """The definition, with loops: out[n, f, i, j] = sum of W[f] * the patch at (i, j), + b[f]."""
    n, _, h, w = X.shape
    f, _, k, _ = W.shape
    out = np.zeros((n, f, h - k + 1, w - k + 1))
    for i in range(h - k + 1):
        for j in range(w - k + 1):
            patch = X[:, :, i : i + k, j : j + k]
            out[:, :, i, j] = np.tensordot(patch, W, axes=([1, 2, 3], [1, 2, 3])) + b
    return out


def test_im2col_convolution_equals_the_definition():
    rng = np.random.default_rng(0)
    X, W, b = rng.normal(size=(2, 3, 7, 6)), rng.normal(size=(4, 3, 3, 3)), rng.normal(size=4)
    Z, _ = conv_forward(X, W, b)
    assert Z.shape == (2, 4, 5, 4)
    assert np.allclose(Z, direct_convolution(X, W, b))


def test_col2im_is_the_adjoint_of_im2col():
    # <im2col(X), D> == <X, col2im(D)> for any X and D: the defining property of the backward pass
    rng = np.random.default_rng(1)
    X = rng.normal(size=(2, 2, 6, 5))
    cols, _ = im2col(X, 3)
    D = rng.normal(size=cols.shape)
    assert np.isclose(np.sum(cols * D), np.sum(X * col2im(D, X.shape, 3)))


def numeric(f, array, h=1e-6):
    grad = np.zeros_like(array)
    for i in np.ndindex(array.shape):
        old = array[i]
        array[i] = old + h
        up = f()
        array[i] = old - h
        down = f()
        array[i] = old
        grad[i] = (up - down) / (2 * h)
    return grad


def relative(a, b):
    return np.linalg.norm(a - b) / max(np.linalg.norm(a) + np.linalg.norm(b), 1e-12)


def test_conv_layer_gradient_check():
    rng = np.random.default_rng(2)
    X, W, b = rng.normal(size=(2, 2, 6, 5)), rng.normal(size=(3, 2, 3, 3)), rng.normal(size=3)
    G = rng.normal(size=(2, 3, 4, 3))  # some dL/dZ

    def loss():
        return np.sum(conv_forward(X, W, b)[0] * G)

    _, cache = conv_forward(X, W, b)
    dX, dW, db = conv_backward(G, W, cache)
    assert relative(dW, numeric(loss, W)) < 1e-7
    assert relative(db, numeric(loss, b)) < 1e-7
    assert relative(dX, numeric(loss, X)) < 1e-7


def test_maxpool_sends_each_gradient_to_its_maximum():
    X = np.array([[[[1, 5, 2, 0, 9], [3, 4, 8, 1, 9], [0, 0, 1, 1, 9]]]], float)
    out, cache = maxpool_forward(X, 2)
    assert out.tolist() == [[[[5, 8]]]]  # the ragged last row and column are dropped
    dX = maxpool_backward(np.array([[[[10.0, 20.0]]]]), cache)
    assert dX.tolist() == [[[[0, 10, 0, 0, 0], [0, 0, 20, 0, 0], [0, 0, 0, 0, 0]]]]


@pytest.mark.parametrize("seed", [0, 1])
def test_convnet_gradient_check(seed):
    rng = np.random.default_rng(seed)
    net = ConvNet(
        image_shape=(9, 9),
        filters=(2, 3),
        kernel_sizes=(3, 2),
        n_classes=3,
        seed=seed,
        dtype="float64",
    )
    X, y = rng.random((4, 81)), rng.integers(0, 3, 4)
    _, grads = net.gradients(X, y)
    for key, p in net.params.items():
        assert relative(grads[key], numeric(lambda: net.gradients(X, y)[0], p)) < 1e-6, key


def test_convnet_shapes_and_interface():
    net = ConvNet(seed=0)
    X = np.random.default_rng(0).random((5, 784), dtype=np.float32)
    assert net.predict_proba(X).shape == (5, 10)
    assert net.predict(X).shape == (5,)
    assert net.feature_maps(X).shape == (5, 16, 24, 24)
    assert set(net.params) == {"K1", "c1", "K2", "c2", "W3", "b3"}
    assert "ConvNet(" in repr(net)


def test_feature_maps_move_with_the_digit():
    image = np.zeros((28, 28), np.float32)
    image[8:20, 12:15] = 1.0
    net = ConvNet(seed=0)
    maps = net.feature_maps(np.stack([image.ravel(), shift(image, 3, 2).ravel()]))
    assert np.allclose(maps[1][:, 6:, 5:], maps[0][:, 4:-2, 2:-3], atol=1e-5)


def test_convnet_errors():
    with pytest.raises(ValueError, match="too small"):
        ConvNet(image_shape=(6, 6), kernel_sizes=(5, 3))
    with pytest.raises(ValueError, match=r"shape \(n, 784\)"):
        ConvNet(seed=0).predict(np.zeros((2, 100)))
    with pytest.raises(ValueError, match="filters for 2 channel"):
        conv_forward(np.zeros((1, 3, 5, 5)), np.zeros((4, 2, 3, 3)), np.zeros(4))
    with pytest.raises(ValueError, match="do not fit"):
        conv_forward(np.zeros((1, 1, 2, 2)), np.zeros((1, 1, 3, 3)), np.zeros(1))
    with pytest.raises(ValueError, match="batch of images of shape"):
        conv_forward(np.zeros((5, 5)), np.zeros((1, 1, 3, 3)), np.zeros(1))
    with pytest.raises(TypeError, match=r"filters must be a pair of whole numbers such as \(16, 6"):
        ConvNet(filters=16)
    with pytest.raises(TypeError, match=r"kernel_sizes\[1\] must be a whole number such as 5"):
        ConvNet(kernel_sizes=(5, 2.5))
    with pytest.raises(ValueError, match="n_classes must be a whole number of at least 2"):
        ConvNet(n_classes=1)
    with pytest.raises(ValueError, match=r"X holds 2 images of shape \(28, 28\).*reshape"):
        ConvNet(seed=0).predict(np.zeros((2, 28, 28)))


def test_a_trained_convnet_saves_and_loads_like_an_mlp(tmp_path):
    X, y = bars(200, seed=0)
    net = ConvNet(image_shape=(8, 8), filters=(4, 6), kernel_sizes=(3, 2), n_classes=3, seed=0)
    net.fit(X, y, epochs=20, batch_size=16, lr=0.01, optimizer="adam", progress=False)
    X_test, y_test = bars(100, seed=1)
    assert net.score(X_test, y_test) == 1.0
    path = net.save(tmp_path / "conv")
    loaded = ConvNet.load(path)
    assert repr(loaded) == repr(net) and "image_shape=(8, 8)" in repr(loaded)
    assert np.array_equal(loaded.predict_proba(X_test), net.predict_proba(X_test))
    assert loaded.history_ == net.history_


def test_a_convnet_is_not_an_mlp_and_has_no_thresholds():
    net = ConvNet(seed=0)
    assert not isinstance(net, MLP) and not hasattr(net, "thresholds")
    assert not hasattr(net, "sizes")  # no MLP weights built and thrown away
    assert net.n_inputs == 784 and net.n_outputs == net.n_classes == 10


def test_global_maxpool_ignores_where_the_maximum_is():
    X = np.zeros((1, 2, 5, 5))
    X[0, 0, 1, 1], X[0, 1, 4, 0] = 3.0, 7.0
    moved = np.roll(X, 2, axis=3)
    assert global_maxpool_forward(X)[0].tolist() == [[3.0, 7.0]]
    assert global_maxpool_forward(moved)[0].tolist() == [[3.0, 7.0]]
