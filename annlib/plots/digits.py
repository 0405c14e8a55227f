"""Pictures of images and digits: small black-and-white images (notebook 02), MNIST's digits
and what a network reads in them (notebooks 05 to 13).
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np

from .. import _validate
from ..data.images import SIDE
from ._style import ACTIVE, FIRING_HATCH, INK, QUIET, _new_axes, _open_frame, pixels_to_png
from .svg import Drawing, Panel


def _as_images(X) -> np.ndarray:
    """Digits given as rows of SIDE x SIDE pixels, one row, one image or a stack, as a stack.

    Pixels must be numbers from 0 (background) to 1 (full ink), as MNIST's are here.
    """
    X = _validate.numeric_array(X, "the digits' pixels")
    if X.size and (X.min() < 0 or X.max() > 1 + 1e-6):
        hint = " (pixels of 0 to 255? divide them by 255)" if 1 < X.max() <= 255 else ""
        raise ValueError(
            f"pixels must go from 0 (background) to 1 (full ink); these go from "
            f"{X.min():g} to {X.max():g}{hint}."
        )
    if X.ndim == 2 and X.shape[1] == SIDE * SIDE:
        return X.reshape(-1, SIDE, SIDE)
    if X.ndim == 1 and X.size == SIDE * SIDE:
        return X.reshape(1, SIDE, SIDE)
    if X.ndim == 2 and X.shape == (SIDE, SIDE):
        return X[np.newaxis]
    if X.ndim == 3:
        return X
    raise ValueError(
        f"expected digits as rows of {SIDE * SIDE} pixels or {SIDE}x{SIDE} images; "
        f"got shape {X.shape}."
    )


def plot_image(image, ax=None, title=None):
    """A small black-and-white image: ink dark, background white, pixel grid visible."""
    image = _validate.numeric_array(image, "the image")
    if image.ndim != 2:
        raise ValueError(f"plot_image draws one image, a 2-D array; got shape {image.shape}.")
    ax = _new_axes(ax, (2.2, 2.2))
    ax.imshow(image, cmap="Greys", vmin=0, vmax=1)
    ax.set_xticks(np.arange(-0.5, image.shape[1]), minor=True)
    ax.set_yticks(np.arange(-0.5, image.shape[0]), minor=True)
    ax.grid(which="minor", color="#bbbbbb", linewidth=0.6)
    ax.tick_params(which="both", length=0, labelbottom=False, labelleft=False)
    if title:
        ax.set_title(title)
    return ax


def plot_digits(X, titles=None, n_cols=10, size=1.1, axes=None, title_colours=None, wrong=None):
    """A grid of digits (MNIST style: light ink on a dark background), with optional titles.

    ``wrong``, one True or False per digit, marks the digits read wrongly with a second cue
    besides colour: a thick dashed ACTIVE frame around the digit and "(wrong)" after its
    title (unless title_colours says otherwise, that title is ACTIVE too). Colour alone
    never says right or wrong: use ``wrong`` rather than title_colours for that.
    """
    images = _as_images(X)
    n = len(images)
    titles = _one_each(titles, n, "titles")
    title_colours = _one_each(title_colours, n, "title_colours")
    wrong = _one_each(wrong, n, "wrong")
    if wrong is not None:
        not_yes_or_no = [w for w in wrong if not isinstance(w, (bool, np.bool_))]
        if not_yes_or_no:
            raise TypeError(
                "wrong must be one True (read wrongly) or False (read right) per digit, such "
                f"as answers != labels; got {not_yes_or_no[0]!r}."
            )
        wrong = [bool(w) for w in wrong]
        if title_colours is None:
            title_colours = [ACTIVE if w else INK for w in wrong]
    if title_colours is not None:
        from matplotlib.colors import is_color_like

        bad = [c for c in title_colours if not is_color_like(c)]
        if bad:
            raise ValueError(
                f"title_colours must be colours such as 'black' or '#d55e00'; got {bad[0]!r}."
            )
    if axes is None:
        n_cols = _validate.whole_number(n_cols, "n_cols (digits per row)", minimum=1, example="10")
        size = _validate.real_number(size, "size (inches per digit)")
        if size <= 0:
            raise ValueError(
                f"size is the width of each digit in inches, such as 1.1; got {size:g}."
            )
        n_rows = max(1, int(np.ceil(n / n_cols)))
        _, axes = plt.subplots(n_rows, n_cols, figsize=(n_cols * size, n_rows * size * 1.15))
    axes = np.atleast_1d(axes).ravel()
    if len(axes) < n:
        raise ValueError(
            f"there are {n} digits but only {len(axes)} axes to draw them in: give one axis "
            "per digit, or leave axes out."
        )
    for k, ax in enumerate(axes):
        ax.axis("off")
        if k < n:
            ax.imshow(images[k], cmap="gray", vmin=0, vmax=1)
            marked = wrong is not None and wrong[k]
            if marked:
                ax.add_patch(_wrong_frame(ax))
            if titles is not None or marked:
                colour = title_colours[k] if title_colours is not None else INK
                title = "" if titles is None else str(titles[k])
                if marked:
                    title = f"{title} (wrong)" if title else "wrong"
                ax.set_title(title, fontsize=9, color=colour)
    return axes


def _wrong_frame(ax):
    """The frame plot_digits draws around a digit read wrongly: thick, dashed, ACTIVE."""
    from matplotlib.patches import Rectangle

    return Rectangle(
        (-0.03, -0.03),
        1.06,
        1.06,
        transform=ax.transAxes,  # just outside the digit, whatever its size
        fill=False,
        edgecolor=ACTIVE,
        linewidth=2.5,
        linestyle=(0, (3, 1.5)),
        clip_on=False,
        gid="wrong",
    )


def _one_each(values, n: int, name: str):
    """``values`` as a list of n (one per digit), or None; a clear error otherwise."""
    if values is None:
        return None
    if isinstance(values, (str, bytes)) or not hasattr(values, "__len__"):
        raise TypeError(f"{name} must be a list with one entry per digit; got {values!r}.")
    values = list(values)  # by position: a pandas Series' own index plays no part
    if len(values) != n:
        raise ValueError(f"{name} needs one entry per digit: {n} digits, {len(values)} {name}.")
    return values


def pixel_label(v: float) -> str:
    """A pixel value as printed in a cell: two decimals without the 0 (".96"), "1", or
    "<.01" for a trace of ink that two decimals would show as zero."""
    if v >= 0.995:
        return "1"
    return "<.01" if v < 0.005 else f"{v:.2f}"[1:]


def plot_digit_numbers(image, ax=None, title=None):
    """One digit as its 28x28 pixel values, printed in each inked cell, drawn as in
    plot_digits: 0 = background (black) .. 1 = full ink (white)."""
    image = _as_images(image)[0]
    ax = _new_axes(ax, (9, 9))
    ax.imshow(image, cmap="gray", vmin=0, vmax=1)
    for (r, c), v in np.ndenumerate(image):
        if v > 0:
            ax.text(
                c,
                r,
                pixel_label(v),
                ha="center",
                va="center",
                fontsize=5,
                color=INK if v > 0.5 else "white",  # dark text on bright ink, white on dark
            )
    ax.set_xticks([])
    ax.set_yticks([])
    if title:
        ax.set_title(title)
    return ax


def plot_label_counts(y, ax=None, title="how many of each digit"):
    """A bar per digit: how many examples of it there are."""
    y = np.asarray(y)
    ax = _new_axes(ax, (6, 2.8))
    digits, counts = np.unique(y, return_counts=True)
    ax.bar(digits, counts, color=QUIET, edgecolor=INK)
    for d, c in zip(digits, counts):
        ax.text(d, c, str(c), ha="center", va="bottom", fontsize=9)
    ax.set_xticks(digits)
    ax.set(xlabel="digit", ylabel="examples", title=title)
    _open_frame(ax)
    return ax


def plot_mistakes(X, y_true, y_pred, confidence, n=20, n_cols=10, title=None):
    """A gallery of misread digits: what it is, what the network read, and how sure it was."""
    images = _as_images(X)
    n = _validate.whole_number(n, "n (how many mistakes to show)", minimum=0, example="20")
    wrong = np.flatnonzero(np.asarray(y_true) != np.asarray(y_pred))[:n]
    titles = [f"{y_true[i]} read {y_pred[i]}\n{confidence[i]:.0%} sure" for i in wrong]
    axes = plot_digits(
        images[wrong],
        titles,
        n_cols=min(n_cols, max(len(wrong), 1)),
        size=1.25,
        title_colours=[ACTIVE] * len(wrong),
    )
    if title:
        axes[0].figure.suptitle(title)
    return axes


def _probabilities(probabilities) -> np.ndarray:
    """Ten probabilities, one per digit 0-9, each from 0 to 1; a clear error otherwise."""
    probabilities = _validate.numeric_array(probabilities, "probabilities")
    if probabilities.shape != (10,):
        raise ValueError(
            f"expected 10 probabilities, one for each digit 0-9; got shape {probabilities.shape}."
        )
    if probabilities.min() < 0 or probabilities.max() > 1 + 1e-6:
        raise ValueError(
            "probabilities go from 0 to 1 (model.predict_proba gives them); these go from "
            f"{probabilities.min():g} to {probabilities.max():g}."
        )
    return probabilities


def plot_probabilities(probabilities, ax=None, title=None):
    """A bar per digit 0-9: how likely the network thinks each is; its answer ACTIVE and hatched."""
    probabilities = _probabilities(probabilities)
    best = int(np.argmax(probabilities))
    ax = _new_axes(ax, (4, 2.2))
    bars = ax.bar(range(10), probabilities, color=QUIET, edgecolor=INK, linewidth=0.6)
    bars[best].set_facecolor(ACTIVE)
    bars[best].set_hatch(FIRING_HATCH)
    ax.set_xticks(range(10))
    ax.set_ylim(0, 1)
    ax.set_ylabel("probability")
    if title:
        ax.set_title(title)
    _open_frame(ax)
    return ax


def svg_probabilities(probabilities):
    """plot_probabilities as SVG, for the drawing pad: a bar per digit 0-9, the answer ACTIVE
    and hatched."""
    probabilities = _probabilities(probabilities)
    best = int(np.argmax(probabilities))
    d = Drawing(400, 185, title=f"the network's probabilities: {best} is the likeliest")
    panel = Panel(d, (60, 15, 320, 145), (-0.6, 9.6), (0, 1), gid="probabilities")
    bottom = float(panel.y(0))
    for digit, p in enumerate(probabilities):
        left, top = float(panel.x(digit - 0.4)), float(panel.y(p))
        d.rect(
            left,
            top,
            float(panel.x(digit + 0.4)) - left,
            bottom - top,
            fill=ACTIVE if digit == best else QUIET,
            stroke=INK,
            width=0.6,
            hatch=digit == best,
            gid=f"bar {digit}",
        )
    panel.axes(ylabel="probability", xticks=range(10))
    return d


def svg_digit(image, title=""):
    """A 28 x 28 digit (0 background .. 1 ink) as plot_digits shows it, white on black, with
    a title above: for the drawing pad's "what it sees"."""
    d = Drawing(150, 170, title=title or "a digit")
    d.text(75, 10, title, size=13, anchor="middle")
    d.image(5, 25, 140, 140, pixels_to_png(image), gid="digit")
    return d


def plot_photo_reading(photo, number, digits, confidence):
    """A photo beside each digit found in it, as the network saw it, with its reading."""
    n = len(digits)
    fig, axes = plt.subplots(
        1, 1 + n, figsize=(3 + 1.4 * n, 2), gridspec_kw={"width_ratios": [3] + [1] * n}
    )
    axes[0].imshow(photo)
    axes[0].set_title("the photo")
    axes[0].axis("off")
    titles = [f"{d} ({c:.0%})" for d, c in zip(number, confidence)]
    plot_digits(np.stack(digits), titles=titles, axes=axes[1:], n_cols=n)
    return axes
