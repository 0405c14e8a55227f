"""Pictures of a convolutional network: filters, feature maps, receptive fields (notebook 12)."""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.patches import Rectangle

from ._style import ACTIVE, INK

FILTER_COLOURS = "RdBu_r"  # diverging, colour-blind safe: blue below 0, white 0, red above


def plot_filters(K, n_cols=16, size=0.8, title=None, titles=None, label="weight"):
    """Each filter of a first convolutional layer as a small image, on one colour scale.

    K: (n_filters, k, k) weights. White is 0; red weights add to the filter's response
    where there is ink, blue ones take away. A shared colour bar gives the values.
    titles: one short title per filter (its number, say), or None; label: the colour bar's.
    """
    K = np.asarray(K, float)
    if K.ndim != 3 or K.shape[1] != K.shape[2]:
        raise ValueError(f"expected filters of shape (n_filters, k, k); got {K.shape}.")
    n_rows = int(np.ceil(len(K) / n_cols))
    limit = float(np.abs(K).max()) or 1.0
    fig, axes = plt.subplots(n_rows, n_cols, figsize=(size * n_cols + 1, size * n_rows + 0.3))
    axes = np.atleast_1d(axes).ravel()
    for ax in axes:
        ax.axis("off")
    if titles is not None and len(titles) != len(K):
        raise ValueError(f"give one title per filter: {len(K)} filters, {len(titles)} titles.")
    for i, (ax, kernel) in enumerate(zip(axes, K)):
        shown = ax.imshow(kernel, cmap=FILTER_COLOURS, vmin=-limit, vmax=limit)
        if titles is not None:
            ax.set_title(str(titles[i]), fontsize=8, pad=2)
    bar = fig.colorbar(shown, ax=list(axes), fraction=0.02, pad=0.01)
    bar.set_label(label, fontsize=8)
    bar.ax.tick_params(labelsize=7)
    if title:
        fig.suptitle(title)
    return axes


def plot_feature_maps(images, maps, titles, map_titles):
    """Images (28 x 28) and their feature maps side by side; the maps share one colour bar.

    Each map is drawn at its own size (a 5 x 5 filter fits 24 x 24 times in 28 x 28), over
    the pixels of the image it covers, so a map lines up with its image.
    """
    images, maps = np.asarray(images, float), np.asarray(maps, float)
    fig, axes = plt.subplots(
        1, len(images) + len(maps), figsize=(3 * (len(images) + len(maps)), 2.9)
    )
    side = int(np.sqrt(images[0].size))
    for ax, image, title in zip(axes, images, titles):
        ax.imshow(image.reshape(side, side), cmap="gray", vmin=0, vmax=1)
        ax.set_title(title, fontsize=10)
    top = float(maps.max()) or 1.0
    offset = (side - maps.shape[-1]) / 2  # a map is smaller than its image: centre it
    for ax, feature_map, title in zip(axes[len(images) :], maps, map_titles):
        shown = ax.imshow(
            feature_map,
            cmap="magma",
            vmin=0,
            vmax=top,
            extent=(offset - 0.5, side - offset - 0.5, side - offset - 0.5, offset - 0.5),
        )
        ax.set_xlim(-0.5, side - 0.5)
        ax.set_ylim(side - 0.5, -0.5)
        ax.set_title(title, fontsize=10)
    for ax in axes:
        ax.set_xticks([])
        ax.set_yticks([])
    bar = fig.colorbar(shown, ax=list(axes[len(images) :]), fraction=0.03, pad=0.02)
    bar.set_label("filter response", fontsize=8)
    return axes


def plot_receptive_fields(image, fields: dict, size=2.4):
    """The patch of the image that one value in the middle of each layer depends on.

    fields: layer name -> the side of its receptive field in pixels, in the order of the
    layers (LeNet.receptive_fields()). One panel per layer: the digit, the layer's field as
    a thick square, and the layer before's as a thin dashed one, each centred on the middle
    of the image (to within a pixel: a value's field sits on whole pixels). Each panel's
    title gives the layer and the side, so the picture reads without its colours.
    """
    image = np.asarray(image, float)
    side = int(np.sqrt(image.size))
    if side * side != image.size:
        raise ValueError(f"expected a square image, such as 784 pixels; got {image.size}.")
    names = list(fields)
    if not names:
        raise ValueError(
            "fields must name at least one layer and its side, such as "
            "LeNet().receptive_fields(); got none."
        )
    fig, axes = plt.subplots(1, len(names), figsize=(size * len(names), size + 0.4))
    axes = np.atleast_1d(axes)
    middle = (side - 1) / 2
    for i, (ax, name) in enumerate(zip(axes, names)):
        ax.imshow(image.reshape(side, side), cmap="gray_r", vmin=0, vmax=1)
        boxes = [(fields[name], {"ls": "-", "lw": 2.5, "ec": ACTIVE})]  # this layer's field
        if i > 0:  # and the layer before's, thin and dashed
            boxes.insert(0, (fields[names[i - 1]], {"ls": "--", "lw": 1.2, "ec": INK}))
        for field, style in boxes:
            corner = middle - field / 2
            ax.add_patch(Rectangle((corner, corner), field, field, fill=False, **style))
        ax.set_title(f"{name}: {fields[name]} x {fields[name]} pixels", fontsize=10)
        ax.set_xlim(-0.5, side - 0.5)
        ax.set_ylim(side - 0.5, -0.5)
        ax.set_xticks([])
        ax.set_yticks([])
    return axes
