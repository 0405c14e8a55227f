"""The course's trained digit reader: made in notebook 05, used by notebooks 06 and 07.

``digit_reader()`` loads the network notebook 05 saved; if the file is missing
(a learner starting at notebook 06, say), it trains the same network with the
same recipe — about 15 seconds on a laptop — and saves it for next time.
"""

from __future__ import annotations

from pathlib import Path

from .images import random_shifts
from .mlp import MLP

DEFAULT_PATH = Path("models") / "mnist_mlp.npz"  # relative to the notebooks folder

# Notebook 05's "modern choices", chosen on validation digits (benchmarks/choose_settings.py).
RECIPE = dict(epochs=20, batch_size=64, lr=1e-3, optimizer="adam", schedule="cosine", seed=0)
SIZES = [784, 500, 500, 500, 10]


def shift_by_one_pixel(batch, rng):
    """Notebook 05's data augmentation: every digit moved by up to one pixel."""
    return random_shifts(batch, max_shift=1, rng=rng)


def train_digit_reader(X, y, progress: bool = True) -> MLP:
    """The article's network trained with notebook 05's recipe."""
    from .train import fit

    model = MLP(SIZES, activation="relu", output="softmax", loss="cross_entropy", seed=0)
    fit(model, X, y, augment=shift_by_one_pixel, progress=progress, **RECIPE)
    return model


def digit_reader(path=DEFAULT_PATH, progress: bool = True) -> MLP:
    """Notebook 05's trained network: loaded from ``path``, or trained and saved there."""
    path = Path(path)
    if path.exists():
        return MLP.load(path)
    from .data import load_mnist

    print(f"{path} not found: training notebook 05's network now (about 15 seconds)...")
    (X, y), _ = load_mnist()
    model = train_digit_reader(X, y, progress=progress)
    model.save(path)
    print(f"saved to {path}")
    return model
