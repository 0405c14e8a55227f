"""Small labelled images for testing models: a bar, horizontal, vertical or diagonal.

(A module of its own, not conftest.py: tests/browser has a conftest.py too, so
`from conftest import ...` would find whichever was imported first.)
"""

import numpy as np


def bars(n, side=8, seed=0):
    """n images (rows of side * side pixels) of one short bar anywhere in the image.

    Label 0: horizontal, 1: vertical, 2: diagonal. Small networks learn this perfectly
    in a fraction of a second; guessing gets a third right.
    """
    rng = np.random.default_rng(seed)
    X = np.zeros((n, side, side), np.float32)
    y = rng.integers(0, 3, n)
    for i, c in enumerate(y):
        r, q = rng.integers(0, side - 3, 2)
        for t in range(4):
            X[i, r + (t if c else 0), q + (t if c != 1 else 0)] = 1.0
    return X.reshape(n, -1), y
