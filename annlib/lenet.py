"""A LeNet-style convolutional network: small pools that keep the layout, then dense layers.

Yann LeCun's LeNet (1989-1998) read the digits on cheques. Its plan is still the plan of
image networks:

    image (1 x 28 x 28)
      -> conv: filters[0] filters of k x k, padding p  -> ReLU -> 2 x 2 max pool
      -> conv: filters[1] filters of k x k, padding p  -> ReLU -> 2 x 2 max pool
      -> flatten: every pooled value, in its place, becomes one input of
      -> dense: hidden neurons -> ReLU
      -> dense: n_classes outputs -> softmax, trained with cross-entropy

Three words, all in notebook 12:

- **padding** p: a frame of p zeros around the image before the filters slide, so that a
  k x k filter also sits on the edge pixels (p = (k - 1) / 2 keeps the size: "same");
- **stride** s: how far a window moves between two positions; the pools here take 2 x 2
  blocks with stride 2, halving each side;
- **receptive field**: the patch of the image that one value depends on. It grows with
  every layer (receptive_fields() counts it), until the dense layers see the whole image.

Unlike ConvNet's global max pool, the small pools keep *where* things are, roughly, and the
dense layer learns which feature at which place means which digit. The convolutions and
pools are annlib.conv's: images travel channel by channel, (channels, n, h, w).
"""

from __future__ import annotations

import numpy as np

from . import _validate
from . import functions as F
from ._network import NetworkModel
from ._passes import checks_backward, checks_forward
from .conv import SIDE, _conv_backward, _conv_forward, _pair, maxpool_backward, maxpool_forward
from .init import starting_weights


def pad(X, p: int):
    """X (channels, n, h, w) with a frame of p zeros around each image."""
    if p == 0:
        return X
    return np.pad(X, ((0, 0), (0, 0), (p, p), (p, p)))


def unpad(dX, p: int):
    """The gradient of pad: the frame's gradients dropped (the zeros are not learned)."""
    if p == 0:
        return dX
    return dX[:, :, p:-p, p:-p]


def output_side(side: int, k: int, padding: int) -> int:
    """The side of a layer's output: a k x k filter with padding p, then a 2 x 2 pool."""
    return (side + 2 * padding - k + 1) // 2


class LeNet(NetworkModel):
    """LeNet-style: two convolutions, each with ReLU and a 2 x 2 max pool, then two dense layers.

    Inputs are rows of h * w pixels, like the MLP's; it is used like every annlib network:
    fit, predict, predict_proba, score, evaluate, save and load. Arguments: image_shape
    (h, w); filters, the number of filters of the two convolutions; kernel_size k; padding
    p (the same for both convolutions); hidden, the neurons of the first dense layer;
    n_classes; seed; dtype. Its params: K1, c1 and K2, c2 (filters and biases), W3, b3 (the
    hidden dense layer) and W4, b4 (the output layer).
    """

    def __init__(
        self,
        image_shape=(SIDE, SIDE),
        filters=(6, 16),
        kernel_size=5,
        padding=2,
        hidden=120,
        n_classes=10,
        seed=0,
        dtype="float32",
    ):
        h, w = _pair(image_shape, "image_shape", (SIDE, SIDE))
        f1, f2 = _pair(filters, "filters", (6, 16))
        k = _validate.whole_number(kernel_size, "kernel_size", minimum=1, example="5")
        p = _validate.whole_number(padding, "padding", minimum=0, example="2")
        if p >= k:
            raise ValueError(
                f"padding={p} puts filters of {k}x{k} on nothing but zeros at the edges; "
                f"use less than k, such as (k - 1) // 2 = {(k - 1) // 2}."
            )
        hidden = _validate.whole_number(hidden, "hidden", minimum=1, example="120")
        n_classes = _validate.whole_number(n_classes, "n_classes", minimum=2, example="10")
        h1, w1 = output_side(h, k, p), output_side(w, k, p)
        h2, w2 = output_side(h1, k, p), output_side(w1, k, p)
        if min(h1, w1) + 2 * p < k or min(h2, w2) < 1:
            raise ValueError(
                f"images of {h}x{w} are too small for two {k}x{k} convolutions with padding "
                f"{p}, each followed by a 2x2 pool; use larger images or more padding."
            )
        n_flat = f2 * h2 * w2
        _validate.affordable(
            f1 * k * k
            + f1
            + f2 * f1 * k * k
            + f2
            + hidden * (n_flat + 1)
            + n_classes * (hidden + 1),
            f"LeNet(filters={(f1, f2)}, hidden={hidden})",
        )
        super().__init__(seed, dtype)
        self.image_shape, self.filters = (h, w), (f1, f2)
        self.kernel_size, self.padding, self.hidden = k, p, hidden
        self.pooled_shape = (h2, w2)  # each second-layer map after its pool
        self.activation = F.activation("relu")
        self.output = F.activation("softmax")
        self.loss = F.loss("cross_entropy", self.output)
        rng = np.random.default_rng(self.seed)

        def normal(shape, fan_in, relu=True):
            return starting_weights(rng, shape, fan_in, relu, self.dtype)

        self.params = {
            "K1": normal((f1, 1, k, k), k * k),
            "c1": np.zeros(f1, self.dtype),
            "K2": normal((f2, f1, k, k), f1 * k * k),
            "c2": np.zeros(f2, self.dtype),
            "W3": normal((hidden, n_flat), n_flat),
            "b3": np.zeros(hidden, self.dtype),
            "W4": normal((n_classes, hidden), hidden, relu=False),
            "b4": np.zeros(n_classes, self.dtype),
        }

    @property
    def n_inputs(self) -> int:
        return self.image_shape[0] * self.image_shape[1]

    @property
    def n_outputs(self) -> int:
        return len(self.params["b4"])

    @property
    def weight_names(self) -> list[str]:
        """K1, K2 (the filters), W3 and W4: the weights weight decay pulls (never the biases)."""
        return ["K1", "K2", "W3", "W4"]

    def settings(self) -> dict:
        return {
            "image_shape": self.image_shape,
            "filters": self.filters,
            "kernel_size": self.kernel_size,
            "padding": self.padding,
            "hidden": self.hidden,
            "n_classes": self.n_outputs,
            "seed": self.seed,
            "dtype": self.dtype.name,
        }

    def receptive_fields(self) -> dict[str, int]:
        """The side of the patch of the image that one value of each layer depends on.

        A k x k filter widens the field by (k - 1) times the distance between two
        neighbouring values of its input, in pixels (the *jump*); a 2 x 2 pool with
        stride 2 widens it by one jump and doubles the jump.
        """
        k, field, jump, sides = self.kernel_size, 1, 1, {}
        for layer in ("conv 1", "pool 1", "conv 2", "pool 2"):
            if layer.startswith("conv"):
                field += (k - 1) * jump
            else:
                field, jump = field + jump, jump * 2
            sides[layer] = field
        return sides

    @checks_forward
    def forward(self, X, keep: bool = False):
        """The class probabilities for a batch X (n, h * w); with keep=True also the cache
        that backward(cache, Y) needs. Nothing is stored on the network."""
        p, relu, n = self.params, self.activation, len(X)
        X4 = X.reshape(1, n, *self.image_shape)  # one channel: (1, n, h, w), no copy
        # pooling, then ReLU: the same as ReLU, then pooling (the largest of four stays the
        # largest after ReLU), with ReLU on a quarter of the numbers
        Z1, conv1 = _conv_forward(pad(X4, self.padding), p["K1"], p["c1"])
        M1, pool1 = maxpool_forward(Z1, 2)
        P1 = relu(M1)
        Z2, conv2 = _conv_forward(pad(P1, self.padding), p["K2"], p["c2"])
        M2, pool2 = maxpool_forward(Z2, 2)
        P2 = relu(M2)  # (filters, n, h2, w2)
        A2 = P2.transpose(1, 0, 2, 3).reshape(n, -1)  # flatten: one row of features per image
        Z3 = A2 @ p["W3"].T
        Z3 += p["b3"]
        A3 = relu(Z3)
        Z4 = A3 @ p["W4"].T
        Z4 += p["b4"]
        A4 = self.output(Z4)
        return (A4, (conv1, pool1, P1, conv2, pool2, P2, A2, A3, Z4, A4)) if keep else A4

    @checks_backward
    def backward(self, cache, Y):
        """Gradients of the mean loss for every parameter, from forward(X, keep=True)'s cache."""
        conv1, pool1, P1, conv2, pool2, P2, A2, A3, Z4, A4 = cache
        p, pad_ = self.params, self.padding
        # A4 - Y; the loss is a mean, so its 1/n is folded into delta, once
        delta4 = F.output_delta(self.output, self.loss, Z4, A4, Y) * (1 / len(Y))
        grads = {"W4": delta4.T @ A3, "b4": delta4.sum(axis=0)}
        delta3 = (delta4 @ p["W4"]) * (A3 > 0)  # back through W4, then through ReLU
        grads["W3"], grads["b3"] = delta3.T @ A2, delta3.sum(axis=0)
        dP2 = (delta3 @ p["W3"]).reshape(len(Y), *P2.shape[:1], *P2.shape[2:])  # unflatten
        dZ2 = maxpool_backward(dP2.transpose(1, 0, 2, 3) * (P2 > 0), pool2)
        dP1, grads["K2"], grads["c2"] = _conv_backward(dZ2, p["K2"], conv2)
        dZ1 = maxpool_backward(unpad(dP1, pad_) * (P1 > 0), pool1)
        _, grads["K1"], grads["c1"] = _conv_backward(dZ1, p["K1"], conv1, input_gradient=False)
        return grads
