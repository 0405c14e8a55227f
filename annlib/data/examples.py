"""Ready-made networks and images that the notebooks study.

The source article describes a small network: layer 1 with neurons A, B, C, D,
layer 2 with E, F, G, and an output that reads the digit. It gives no weights
for E and F, so these are ours, chosen so that its two scenarios come out
exactly as it tells them:

* Scenario 1: A, B and D fire. A sends its signal to E and G, B to E, and D to
  F and G. E fires (it needs A and B); F and G stay off. The output reads "6".
* Scenario 2: another image of a 6 makes C and D fire. Now F and G fire
  instead of E: a different path through the network, the same answer "6".

Neuron G keeps its rule from notebook 01 (C + 2D - E >= 2); in the network it
listens to A (weight 0), C, D and to its neighbour E, but not to B, whose
weight was 0 anyway.
"""

from __future__ import annotations

import numpy as np

from .._validate import whole_number
from ..network import ThresholdLayer, ThresholdNetwork
from ..neuron import ThresholdNeuron, neuron_g

IMAGE_SHAPE = (5, 5)

# Two handwritten-style 6s on a 5x5 grid: one with a flat top and an upright
# stroke, one with a slanted stroke. Both have the round loop at the bottom.
_SIX_FLAT = """
.###.
#....
####.
#...#
.###.
"""
_SIX_SLANTED = """
...#.
..#..
.###.
#...#
.###.
"""

# What each layer-1 neuron looks for: the pixels it gives weight 1, and m.
_DETECTORS = {
    "A": ("a flat bar on top", [(0, 1), (0, 2), (0, 3)], 2),
    "B": ("an upright stroke on the left", [(1, 0), (2, 0)], 2),
    "C": ("a slanted stroke from the top right", [(0, 3), (1, 2)], 2),
    "D": ("a round loop at the bottom", [(3, 0), (3, 4), (4, 1), (4, 2), (4, 3)], 4),
}


def _parse(picture: str) -> np.ndarray:
    rows = [row for row in picture.strip().splitlines()]
    return np.array([[ch == "#" for ch in row] for row in rows], dtype=np.int64)


def six_images() -> dict[str, np.ndarray]:
    """The two 5x5 images of a 6 used in the scenarios (1 = ink, 0 = background)."""
    return {"scenario 1": _parse(_SIX_FLAT), "scenario 2": _parse(_SIX_SLANTED)}


def pixel_names() -> list[str]:
    """Names of the 25 pixels, row by row: 'r0c0', 'r0c1', ..."""
    rows, cols = IMAGE_SHAPE
    return [f"r{r}c{c}" for r in range(rows) for c in range(cols)]


def detector_descriptions() -> dict[str, str]:
    """What each neuron of layer 1 responds to, in words."""
    return {name: words for name, (words, _, _) in _DETECTORS.items()}


def first_layer() -> ThresholdLayer:
    """Layer 1 (A, B, C, D): each neuron fires when enough of its pixels hold ink."""
    names = pixel_names()
    W = np.zeros((len(_DETECTORS), len(names)))
    m = []
    for j, (_, pixels, threshold) in enumerate(_DETECTORS.values()):
        for r, c in pixels:
            W[j, r * IMAGE_SHAPE[1] + c] = 1
        m.append(threshold)
    return ThresholdLayer(W, m, names=list(_DETECTORS), inputs=names, name="layer 1")


def article_g() -> ThresholdNeuron:
    """Neuron G as wired into the article's network: notebook 01's G without its input B."""
    g = neuron_g()
    keep = [i for i, name in enumerate(g.inputs) if name != "B"]
    return ThresholdNeuron(g.w[keep], g.m, inputs=[g.inputs[i] for i in keep], name=g.name)


def article_network() -> ThresholdNetwork:
    """The article's network after layer 1: A, B, C, D -> E, F, G -> output "6"."""
    e = ThresholdNeuron([1, 1], m=2, inputs="AB", name="E")  # A and B together
    f = ThresholdNeuron([1, 1], m=2, inputs="CD", name="F")  # C and D together
    layer2 = ThresholdLayer.from_neurons([e, f, article_g()], inputs="ABCD", name="layer 2")
    six = ThresholdNeuron([2, 1, 1], m=2, inputs="EFG", name="6")  # E alone, or F with G
    output = ThresholdLayer.from_neurons([six], inputs="EFG", name="output")
    return ThresholdNetwork([layer2, output], input_label="layer 1")


def xor_network() -> ThresholdNetwork:
    """Three threshold neurons that compute XOR (exactly one of C and D fires).

    OR fires when at least one input fires, AND when both do; XOR fires when
    OR fires and AND does not.
    """
    hidden = ThresholdLayer(
        [[1, 1], [1, 1]], [1, 2], names=["OR", "AND"], inputs="CD", name="hidden layer"
    )
    output = ThresholdLayer([[1, -1]], [1], names=["XOR"], inputs=["OR", "AND"], name="output")
    return ThresholdNetwork([hidden, output], input_label="input")


def two_moons(n: int = 200, noise: float = 0.1, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """Two interleaving half circles in the plane, labelled 0 and 1: a toy data set
    that no straight line separates. Returns X (n, 2) and y (n,)."""
    n = whole_number(n, "n (the number of points)", minimum=2, example="200")
    if not noise >= 0:
        raise ValueError(f"noise must be 0 or more; got {noise!r}.")
    rng = np.random.default_rng(seed)
    n_top = n // 2
    angle_top = rng.uniform(0, np.pi, n_top)
    angle_bottom = rng.uniform(0, np.pi, n - n_top)
    top = np.column_stack([np.cos(angle_top), np.sin(angle_top)])
    bottom = np.column_stack([1 - np.cos(angle_bottom), 0.5 - np.sin(angle_bottom)])
    X = np.vstack([top, bottom]) + rng.normal(0, noise, size=(n, 2))
    y = np.r_[np.zeros(n_top, np.int64), np.ones(n - n_top, np.int64)]
    order = rng.permutation(n)
    return X[order], y[order]


# --------------------------------------------------------------------------
# A demonstration "hand": digits written by a program, for notebook 13
# --------------------------------------------------------------------------


def _ellipse(cx, cy, rx, ry, n=24):
    t = np.radians(np.linspace(0, 360, n))
    return list(zip(cx + rx * np.cos(t), cy + ry * np.sin(t)))


# Stroke templates on a 280 x 280 pad, in a personal style: a slashed zero, a one with a
# flag and a base, a curly two, a flat-topped three, a closed four, a crossed seven.
HAND_TEMPLATES = {
    0: [_ellipse(140, 140, 55, 95), [(95, 225), (185, 55)]],
    1: [[(105, 85), (150, 40), (150, 240)], [(100, 240), (200, 240)]],
    2: [
        [
            (85, 95),
            (110, 55),
            (160, 45),
            (195, 80),
            (185, 130),
            (90, 225),
            (75, 208),
            (95, 198),
            (112, 230),
            (200, 232),
        ]
    ],
    3: [
        [(80, 50), (190, 50), (130, 120), (185, 150), (195, 195), (160, 235), (110, 240), (75, 215)]
    ],
    4: [[(170, 240), (170, 40), (80, 160), (215, 160)]],
    5: [
        [(195, 45), (100, 45), (90, 125), (150, 115), (195, 150), (195, 200), (160, 235), (90, 230)]
    ],
    6: [
        [
            (185, 50),
            (120, 90),
            (90, 160),
            (100, 215),
            (140, 240),
            (185, 210),
            (185, 165),
            (140, 140),
            (95, 170),
        ]
    ],
    7: [[(75, 55), (200, 55), (120, 240)], [(105, 145), (185, 145)]],
    8: [_ellipse(140, 90, 45, 45), _ellipse(140, 185, 55, 55)],
    9: [_ellipse(135, 95, 50, 50), [(185, 95), (185, 240)]],
}


def example_hand(per_digit: int = 5, seed: int = 0, slant: float = 0.9):
    """Digits in one made-up person's handwriting, prepared exactly like drawings on the pad.

    Each copy is the digit's template slanted (italic: the top leans right by
    ``slant`` times the height), a little resized, moved, turned and wobbly, then
    prepared exactly as a drawing on the pad. Returns X (n, 784) and y (n,).
    """
    from .images import render_strokes, to_mnist

    per_digit = whole_number(per_digit, "per_digit", minimum=1, example="5")
    rng = np.random.default_rng(seed)
    shear = np.array([[1.0, -slant], [0.0, 1.0]])
    X, y = [], []
    for digit in range(10):
        for _ in range(per_digit):
            angle, scale = np.radians(rng.uniform(-12, 12)), rng.uniform(0.8, 1.05)
            shift = rng.uniform(-25, 25, size=2)
            turn = np.array([[np.cos(angle), -np.sin(angle)], [np.sin(angle), np.cos(angle)]])
            strokes = []
            for stroke in HAND_TEMPLATES[digit]:
                points = (np.array(stroke, float) - 140) @ shear.T @ turn.T * scale + 140 + shift
                points += rng.normal(0, 2.5, points.shape)
                strokes.append([tuple(p) for p in np.clip(points, 5, 275)])
            # the same steps as a drawing on the pad: strokes -> pixels -> MNIST-style digit
            X.append(to_mnist(render_strokes(strokes), polarity="light").ravel())
            y.append(digit)
    return np.stack(X), np.array(y)


def pretend_photo():
    """A pretend photo of the number 1234: dark-blue pen on slightly grey paper, 520 x 170
    pixels, with a speck of dirt in a corner (a PIL image, as a camera's would be)."""
    from PIL import Image, ImageDraw

    photo = Image.new("RGB", (520, 170), (236, 234, 228))
    pen = ImageDraw.Draw(photo)
    strokes = [
        [(40, 50), (70, 30), (70, 140)],  # 1
        [(120, 55), (150, 30), (190, 35), (195, 75), (125, 140), (205, 140)],  # 2
        [(250, 30), (310, 30), (275, 80), (315, 100), (305, 140), (250, 135)],  # 3
        [(400, 30), (365, 100), (430, 100)],  # 4 ...
        [(415, 70), (415, 145)],  # ... and its stem
    ]
    for stroke in strokes:
        pen.line(stroke, fill=PEN, width=9)
    pen.point([(500, 160)], fill=PEN)  # a speck of dirt
    return photo


PEN = (25, 30, 80)  # dark-blue ink
