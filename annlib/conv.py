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

and backpropagation is the same as in a dense layer (two products, and a sum for the
biases), with the patch gradients added back onto the pixels they came from (col2im).
"""

from __future__ import annotations

import numpy as np

from . import _validate
from . import functions as F
from ._network import NetworkModel
from ._passes import checks_backward, checks_forward
from .init import starting_weights

SIDE = 28  # MNIST's digits are 28 x 28 pixels (annlib.data.mnist.SIDE)

# --------------------------------------------------------------------------
# im2col and its inverse
# --------------------------------------------------------------------------
#
# Inside the ConvNet, a batch of images is stored channel by channel: (channels, n, h, w),
# "CNHW". Then the patches are the columns of one table, cols^T (channels * k * k,
# n * oh * ow), each convolution is W cols^T, whose result is already the next layer's
# (filters, n, oh, ow), and its backward pass is two more products with no transposed
# copies in between; putting the patch gradients back onto the pixels (col2im) is k * k
# additions of whole blocks. The public functions below take and give the usual
# (n, channels, h, w), "NCHW", and use the same code.


def _patches(X, k: int):
    """cols^T: every k x k patch of X (channels, n, h, w) as a column, rows ordered
    (channel, i, j) like a filter's weights, columns (image, row, column) of the output."""
    c, n, h, w = X.shape
    oh, ow = h - k + 1, w - k + 1
    cols_t = np.empty((c, k, k, n, oh, ow), dtype=X.dtype)
    for i in range(k):  # k * k block copies, each of whole rows of the output
        for j in range(k):
            cols_t[:, i, j] = X[:, :, i : i + oh, j : j + ow]
    return cols_t.reshape(c * k * k, n * oh * ow), (oh, ow)


def _unpatch(dcols_t, shape, k: int):
    """The adjoint of _patches: add each patch's gradient back onto its pixels (c, n, h, w).

    dcols_t holds a column per (image, output row, column) like _patches' cols^T, but for
    full-width output rows: (c * k * k, n * oh * w), the columns past ow holding zeros
    (_full_rows makes them). Then each of the k * k shifted additions is one run of
    oh * w numbers per image and channel, not oh runs of ow: where a row's patch runs
    past the image's edge, it adds zeros onto the start of the next row.
    """
    c, n, h, w = shape
    oh = h - k + 1
    d = dcols_t.reshape(c, k, k, n, oh * w)
    flat = np.zeros((c, n, h * w + k - 1), dtype=dcols_t.dtype)  # k - 1 to spare at the end
    for i in range(k):
        for j in range(k):
            flat[:, :, i * w + j : i * w + j + oh * w] += d[:, i, j]
    return flat[:, :, : h * w].reshape(c, n, h, w)


def _full_rows(d, w: int):
    """d (..., ow) with zeros added to make rows of w: what _unpatch takes."""
    if d.shape[-1] == w:
        return d
    full = np.zeros((*d.shape[:-1], w), dtype=d.dtype)
    full[..., : d.shape[-1]] = d
    return full


def im2col(X, k: int):
    """All k x k patches of a batch of images X (n, channels, h, w), one per row.

    Returns cols of shape (n * oh * ow, channels * k * k) and the output size (oh, ow).
    """
    cols_t, size = _patches(np.asarray(X).transpose(1, 0, 2, 3), k)
    return cols_t.T, size


def col2im(dcols, shape, k: int):
    """Add patch gradients (as from im2col) back onto the pixels: the adjoint of im2col."""
    n, c, h, w = shape
    oh, ow = h - k + 1, w - k + 1
    d = np.asarray(dcols).reshape(n, oh, ow, c * k * k).transpose(3, 0, 1, 2)
    full = _full_rows(d, w).reshape(c * k * k, -1)
    return _unpatch(full, (c, n, h, w), k).transpose(1, 0, 2, 3)


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


def _conv_forward(X, W, b):
    """Z = W cols^T + b for images X (channels, n, h, w): Z is (filters, n, oh, ow)."""
    filters, _, k, _ = W.shape
    cols_t, (oh, ow) = _patches(X, k)
    Z = W.reshape(filters, -1) @ cols_t
    Z += b[:, np.newaxis]
    return Z.reshape(filters, X.shape[1], oh, ow), (cols_t, X.shape)


def _conv_backward(dZ, W, cache, input_gradient: bool = True):
    """dL/dW, dL/db and (if asked) dL/dX, all (channels, n, h, w), from dL/dZ."""
    cols_t, shape = cache
    filters, _, k, _ = W.shape
    d = dZ.reshape(filters, -1)  # one column per (image, position): no copy
    dW = (cols_t @ d.T).T.reshape(W.shape)  # (this order is the faster one for BLAS here)
    db = d.sum(axis=1)
    dX = None
    if input_gradient:  # rows padded to the input's width first: see _unpatch
        full = _full_rows(dZ, shape[3]).reshape(filters, -1)
        dX = _unpatch(W.reshape(filters, -1).T @ full, shape, k)
    return dX, dW, db


def conv_forward(X, W, b):
    """Every filter of W (filters, channels, k, k) at every position of X (n, channels, h, w)."""
    filters, channels, k, _ = W.shape
    _check_images(X, channels, k, "this convolution")
    Z, cache = _conv_forward(X.transpose(1, 0, 2, 3), W, b)
    return np.ascontiguousarray(Z.transpose(1, 0, 2, 3)), cache  # (n, filters, oh, ow)


def conv_backward(dZ, W, cache, input_gradient: bool = True):
    """Gradients for the filters, biases and (if asked) the input, from dL/dZ."""
    dX, dW, db = _conv_backward(
        np.ascontiguousarray(dZ.transpose(1, 0, 2, 3)), W, cache, input_gradient
    )
    return (None if dX is None else dX.transpose(1, 0, 2, 3)), dW, db


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
            block = (slice(None), slice(None), slice(i, h2 * size, size), slice(j, w2 * size, size))
            here = X[block] == out
            here &= ~taken
            np.multiply(dout, here, out=dX[block])
            taken |= here
    return dX


def global_maxpool_forward(X):
    """Each channel's largest value anywhere in the image: (n, c, h, w) -> (n, c).

    (It takes the largest over the last two axes, so (c, n, h, w) gives (c, n).)"""
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
    fit, predict, predict_proba, score, evaluate, save and load (annlib._network).
    Arguments: image_shape (h, w); filters, the number of filters of the two convolutions;
    kernel_sizes, their sizes k; n_classes; seed; dtype. Its params: K1, c1 (the first
    filters and their biases), K2, c2 (the second), W3, b3 (the dense output layer).
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

    @property
    def weight_names(self) -> list[str]:
        """K1, K2 (the filters) and W3: the weights weight decay pulls (never the biases)."""
        return ["K1", "K2", "W3"]

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
        Z, _ = _conv_forward(
            X.reshape(1, len(X), *self.image_shape), self.params["K1"], self.params["c1"]
        )
        A = self.activation(Z).transpose(1, 0, 2, 3)  # (filters, n, ...) -> (n, filters, ...)
        return A[0] if single else A

    @checks_forward
    def forward(self, X, keep: bool = False):
        """The class probabilities for a batch X (n, h * w); with keep=True also the cache
        that backward(cache, Y) needs. Nothing is stored on the network.

        Images travel channel by channel, (channels, n, h, w) (see _patches), so every
        layer's output is the next one's input with no transposed copy in between."""
        p, relu = self.params, self.activation
        X4 = X.reshape(1, len(X), *self.image_shape)  # one channel: (1, n, h, w), no copy
        Z1, conv1 = _conv_forward(X4, p["K1"], p["c1"])
        # pooling, then ReLU: the same as ReLU, then pooling (the largest of four stays the
        # largest after ReLU), with ReLU on a quarter of the numbers
        M1, pool1 = maxpool_forward(Z1, 2)
        P1 = relu(M1)  # (not in place: the pooling's cache keeps M1 for its backward pass)
        Z2, conv2 = _conv_forward(P1, p["K2"], p["c2"])
        A2 = relu(Z2)
        G_t, gpool = global_maxpool_forward(A2)  # (filters, n)
        G = G_t.T  # (n, filters)
        Z3 = G @ p["W3"].T
        Z3 += p["b3"]
        A3 = self.output(Z3)
        return (A3, (conv1, pool1, P1, conv2, A2, gpool, G, Z3, A3)) if keep else A3

    @checks_backward
    def backward(self, cache, Y):
        """Gradients of the mean loss for every parameter, from forward(X, keep=True)'s cache."""
        conv1, pool1, P1, conv2, A2, gpool, G, Z3, A3 = cache
        p = self.params
        # A3 - Y; the loss is a mean, so its 1/n is folded into delta, once
        delta = F.output_delta(self.output, self.loss, Z3, A3, Y) * (1 / len(Y))
        grads = {"W3": delta.T @ G, "b3": delta.sum(axis=0)}
        dA2 = global_maxpool_backward((delta @ p["W3"]).T, gpool)
        dZ2 = dA2 * (A2 > 0)  # ReLU's slope: 1 where it passed the signal on (A2 > 0), else 0
        dP1, grads["K2"], grads["c2"] = _conv_backward(dZ2, p["K2"], conv2)
        dZ1 = maxpool_backward(dP1 * (P1 > 0), pool1)  # through ReLU, then back through the pool
        _, grads["K1"], grads["c1"] = _conv_backward(dZ1, p["K1"], conv1, input_gradient=False)
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
