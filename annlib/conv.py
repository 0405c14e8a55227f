"""Convolutions in NumPy: neurons that look at small regions, wherever they are.

A convolutional layer has a few small filters, e.g. 5x5 weights each. A filter
slides over the image; at every position it computes the weighted sum of the
pixels under it plus a bias, exactly like one neuron looking at one small
region. The same filter is used at every position, so a stroke gives the same
response wherever it appears: the response (the *feature map*) moves with the
digit. Max pooling then keeps the strongest response in each neighbourhood, and
a *global* max pool keeps each filter's strongest response anywhere in the
image, which does not depend on where the digit is.

im2col turns the sliding into one matrix product: cut the input into all its
k x k patches, one patch per row; then every filter at every position is

    Z = cols W^T + b,    cols: (n * positions, channels * k * k),  W: (filters, channels * k * k)

and backpropagation is the same three products as in a dense layer, with the
patch gradients added back onto the pixels they came from (col2im).
"""

from __future__ import annotations

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view

from . import _validate
from . import functions as F
from .data import SIDE
from .network_model import NetworkModel, starting_weights
from .passes import checks_backward, checks_forward

# --------------------------------------------------------------------------
# im2col and its inverse
# --------------------------------------------------------------------------


def im2col(X, k: int):
    """All k x k patches of a batch of images X (n, channels, h, w), one per row.

    Returns cols of shape (n * oh * ow, channels * k * k) and the output size (oh, ow).
    """
    n, c, h, w = X.shape
    oh, ow = h - k + 1, w - k + 1
    windows = sliding_window_view(X, (k, k), axis=(2, 3))  # (n, c, oh, ow, k, k), no copy
    cols = windows.transpose(0, 2, 3, 1, 4, 5).reshape(n * oh * ow, c * k * k)
    return cols, (oh, ow)


def col2im(dcols, shape, k: int):
    """Add patch gradients (as from im2col) back onto the pixels: the adjoint of im2col."""
    n, c, h, w = shape
    oh, ow = h - k + 1, w - k + 1
    d = dcols.reshape(n, oh, ow, c, k, k).transpose(0, 3, 4, 5, 1, 2)  # (n, c, k, k, oh, ow)
    dX = np.zeros(shape, dtype=dcols.dtype)
    for i in range(k):  # k * k shifted additions, each over the whole batch
        for j in range(k):
            dX[:, :, i : i + oh, j : j + ow] += d[:, :, i, j]
    return dX


# --------------------------------------------------------------------------
# layers as pairs of functions: forward returns what backward needs
# --------------------------------------------------------------------------


def _check_images(X, channels: int, k: int, who: str):
    if X.ndim != 4:
        raise ValueError(
            f"{who} takes a batch of images of shape (n, channels, height, width); "
            f"got shape {X.shape}."
        )
    if X.shape[1] != channels:
        raise ValueError(
            f"{who} has filters for {channels} channel(s); the images have "
            f"{X.shape[1]} (shape {X.shape})."
        )
    if X.shape[2] < k or X.shape[3] < k:
        raise ValueError(
            f"{who}'s {k}x{k} filters do not fit in images of {X.shape[2]}x{X.shape[3]} pixels."
        )


def conv_forward(X, W, b):
    """Every filter of W (filters, channels, k, k) at every position of X (n, channels, h, w)."""
    filters, channels, k, _ = W.shape
    _check_images(X, channels, k, "this convolution")
    cols, (oh, ow) = im2col(X, k)
    Z = cols @ W.reshape(filters, -1).T
    Z += b
    out = Z.reshape(len(X), oh, ow, filters).transpose(0, 3, 1, 2)  # (n, filters, oh, ow)
    return np.ascontiguousarray(out), (cols, X.shape)


def conv_backward(dZ, W, cache, input_gradient: bool = True):
    """Gradients for the filters, biases and (if asked) the input, from dL/dZ."""
    cols, shape = cache
    filters, _, k, _ = W.shape
    d = dZ.transpose(0, 2, 3, 1).reshape(-1, filters)  # one row per (image, position)
    dW = (d.T @ cols).reshape(W.shape)
    db = d.sum(axis=0)
    dX = col2im(d @ W.reshape(filters, -1), shape, k) if input_gradient else None
    return dX, dW, db


def maxpool_forward(X, size: int = 2):
    """The largest value in each size x size block (a ragged edge is dropped).

    Computed as the elementwise maximum of the size * size strided slices (one per
    position inside a block), which NumPy does far faster than a max over block axes.
    """
    h, w = X.shape[2:]
    if h < size or w < size:
        raise ValueError(
            f"{size}x{size} pooling needs images of at least {size}x{size}; got {h}x{w}."
        )
    h2, w2 = h // size, w // size
    slices = [
        X[:, :, i : h2 * size : size, j : w2 * size : size]
        for i in range(size)
        for j in range(size)
    ]
    out = slices[0].copy()
    for s in slices[1:]:
        np.maximum(out, s, out=out)
    return out, (X, out, size)


def maxpool_backward(dout, cache):
    """Each block's gradient goes to the position that held its maximum (the first, on ties)."""
    X, out, size = cache
    h2, w2 = out.shape[2:]
    dX = np.zeros(X.shape, dtype=dout.dtype)
    taken = np.zeros(out.shape, dtype=bool)
    for i in range(size):
        for j in range(size):
            here = (X[:, :, i : h2 * size : size, j : w2 * size : size] == out) & ~taken
            dX[:, :, i : h2 * size : size, j : w2 * size : size] = dout * here
            taken |= here
    return dX


def global_maxpool_forward(X):
    """Each channel's largest value anywhere in the image: (n, c, h, w) -> (n, c)."""
    out = X.max(axis=(2, 3))
    return out, (X == out[:, :, None, None])


def global_maxpool_backward(dout, mask):
    return mask * dout[:, :, None, None]


# --------------------------------------------------------------------------
# a small convolutional network, with every annlib network's interface
# --------------------------------------------------------------------------


class ConvNet(NetworkModel):
    """A small convolutional network for digit images.

        image -> conv (filters[0] filters of k0 x k0) -> ReLU -> 2x2 max pool
              -> conv (filters[1] filters of k1 x k1) -> ReLU -> global max pool
              -> dense layer -> softmax over the classes, trained with cross-entropy

    Inputs are rows of h * w pixels, like the MLP's, and it is used like the MLP:
    fit, predict, predict_proba, score, evaluate, save and load (network_model).
    Parameters: K1, c1 (first filters and biases), K2, c2 (second), W3, b3 (the
    dense output layer).
    """

    def __init__(
        self,
        image_shape=(SIDE, SIDE),
        filters=(16, 64),
        kernel_sizes=(5, 5),
        n_classes=10,
        seed=0,
        dtype="float32",
    ):
        h, w = _pair(image_shape, "image_shape", (SIDE, SIDE))
        f1, f2 = _pair(filters, "filters", (16, 64))
        k1, k2 = _pair(kernel_sizes, "kernel_sizes", (5, 5))
        n_classes = _validate.whole_number(n_classes, "n_classes", minimum=2, example="10")
        if (h - k1 + 1) // 2 < k2 or (w - k1 + 1) // 2 < k2:
            raise ValueError(
                f"images of {h}x{w} are too small for {k1}x{k1} filters, 2x2 pooling "
                f"and then {k2}x{k2} filters."
            )
        _validate.affordable(
            f1 * k1 * k1 + f1 + f2 * f1 * k2 * k2 + f2 + n_classes * (f2 + 1),
            f"ConvNet(filters={(f1, f2)}, kernel_sizes={(k1, k2)})",
        )
        super().__init__(seed, dtype)
        self.image_shape, self.filters, self.kernel_sizes = (h, w), (f1, f2), (k1, k2)
        self.activation = F.activation("relu")
        self.output = F.activation("softmax")
        self.loss = F.loss("cross_entropy", self.output)
        rng = np.random.default_rng(self.seed)

        def normal(shape, fan_in, relu=True):
            return starting_weights(rng, shape, fan_in, relu, self.dtype)

        self.params = {
            "K1": normal((f1, 1, k1, k1), k1 * k1),
            "c1": np.zeros(f1, self.dtype),
            "K2": normal((f2, f1, k2, k2), f1 * k2 * k2),
            "c2": np.zeros(f2, self.dtype),
            "W3": normal((n_classes, f2), f2, relu=False),
            "b3": np.zeros(n_classes, self.dtype),
        }

    @property
    def n_inputs(self) -> int:
        return self.image_shape[0] * self.image_shape[1]

    @property
    def n_outputs(self) -> int:
        return len(self.params["b3"])

    def settings(self) -> dict:
        return {
            "image_shape": self.image_shape,
            "filters": self.filters,
            "kernel_sizes": self.kernel_sizes,
            "n_classes": self.n_outputs,
            "seed": self.seed,
            "dtype": self.dtype.name,
        }

    def feature_maps(self, X) -> np.ndarray:
        """The first layer's responses (after ReLU): (n, filters[0], h - k + 1, w - k + 1)."""
        X, single = self.check_inputs(X)
        Z, _ = conv_forward(
            X.reshape(len(X), 1, *self.image_shape), self.params["K1"], self.params["c1"]
        )
        A = self.activation(Z)
        return A[0] if single else A

    @checks_forward
    def forward(self, X, keep: bool = False):
        """The class probabilities for a batch X (n, h * w); with keep=True also the cache
        that backward(cache, Y) needs. Nothing is stored on the network."""
        p, relu = self.params, self.activation
        X4 = X.reshape(len(X), 1, *self.image_shape)
        Z1, conv1 = conv_forward(X4, p["K1"], p["c1"])
        A1 = relu(Z1, out=Z1)
        P1, pool1 = maxpool_forward(A1, 2)
        Z2, conv2 = conv_forward(P1, p["K2"], p["c2"])
        A2 = relu(Z2, out=Z2)
        G, gpool = global_maxpool_forward(A2)
        Z3 = G @ p["W3"].T
        Z3 += p["b3"]
        A3 = self.output(Z3)
        return (A3, (conv1, A1, pool1, conv2, A2, gpool, G, Z3, A3)) if keep else A3

    @checks_backward
    def backward(self, cache, Y):
        """Gradients of the mean loss for every parameter, from forward(X, keep=True)'s cache."""
        conv1, A1, pool1, conv2, A2, gpool, G, Z3, A3 = cache
        p, relu = self.params, self.activation
        delta = F.output_delta(self.output, self.loss, Z3, A3, Y)  # A3 - Y
        delta *= 1 / len(Y)  # the loss is a mean: the 1/n is folded into delta, once
        grads = {"W3": delta.T @ G, "b3": delta.sum(axis=0)}
        dA2 = global_maxpool_backward(delta @ p["W3"], gpool)
        dZ2 = relu.backward(None, A2, dA2)
        dP1, grads["K2"], grads["c2"] = conv_backward(dZ2, p["K2"], conv2)
        dZ1 = relu.backward(None, A1, maxpool_backward(dP1, pool1))
        _, grads["K1"], grads["c1"] = conv_backward(dZ1, p["K1"], conv1, input_gradient=False)
        return grads


def _pair(value, name: str, example: tuple[int, int]) -> tuple[int, int]:
    """Two whole numbers of at least 1, such as (28, 28)."""
    try:
        pair = tuple(value)
    except TypeError:
        pair = ()
    if len(pair) != 2:
        raise TypeError(f"{name} must be a pair of whole numbers such as {example}; got {value!r}.")
    return tuple(
        _validate.whole_number(v, f"{name}[{i}]", minimum=1, example=str(example[i]))
        for i, v in enumerate(pair)
    )
