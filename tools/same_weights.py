"""Does a change to annlib train exactly the same weights? A fingerprint of each setting.

Trains small networks in eleven settings (SGD, momentum and Adam, the schedules, weight
decay, shifted digits, sigmoid with SSE, tanh, dropout, the ConvNet) on random data with
fixed seeds, and prints one SHA-256 of all the weights per setting. Run it with the old and
the new annlib on the same machine, and compare: equal lines mean bit-for-bit the same
training. (Another processor or BLAS may change the last bits, so compare on one machine.)

    python tools/same_weights.py > new.txt
    PYTHONPATH=/path/to/old/checkout python tools/same_weights.py > old.txt
    diff old.txt new.txt && echo "the same training"

Issue 33 used it to show that the restructured core trains as annlib 0.8 did (seconds).
"""

from __future__ import annotations

import hashlib

import numpy as np

from annlib.conv import ConvNet
from annlib.dropout import DropoutMLP
from annlib.mlp import MLP

try:
    from annlib.data.images import random_shifts
except ImportError:  # annlib 0.8
    from annlib.images import random_shifts


def fingerprint(model) -> str:
    """The first 12 hex digits of the SHA-256 of every weight array, in name order."""
    data = b"".join(model.params[name].tobytes() for name in sorted(model.params))
    return hashlib.sha256(data).hexdigest()[:12]


def settings():
    """(name, a function that trains and returns a network) for every setting."""
    rng = np.random.default_rng(0)
    X, y = rng.random((256, 64)).astype(np.float32), rng.integers(0, 10, 256)
    images, labels = rng.random((256, 784)).astype(np.float32), rng.integers(0, 10, 256)
    quiet = {"progress": False}

    def shifted(batch, r):
        return random_shifts(batch, 4, r)

    return [
        ("relu, sgd", lambda: MLP([64, 32, 32, 10], seed=1).fit(X, y, epochs=3, **quiet)),
        (
            "relu, momentum, cosine",
            lambda: MLP([64, 32, 10], seed=1).fit(
                X, y, epochs=3, lr=0.05, optimizer="momentum", schedule="cosine", **quiet
            ),
        ),
        (
            "relu, adam, cosine, weight decay",
            lambda: MLP([64, 32, 10], seed=1).fit(
                X,
                y,
                epochs=3,
                lr=1e-3,
                optimizer="adam",
                schedule="cosine",
                weight_decay=1e-3,
                **quiet,
            ),
        ),
        (
            "sigmoid, sse",
            lambda: MLP(
                [64, 16, 10], activation="sigmoid", output="sigmoid", loss="sse", seed=1
            ).fit(X, y, epochs=3, lr=0.5, **quiet),
        ),
        (
            "sigmoid, sse, adam",
            lambda: MLP(
                [64, 16, 10], activation="sigmoid", output="sigmoid", loss="sse", seed=1
            ).fit(X, y, epochs=2, batch_size=10, lr=1e-3, optimizer="adam", **quiet),
        ),
        ("tanh", lambda: MLP([64, 16, 10], activation="tanh", seed=1).fit(X, y, epochs=3, **quiet)),
        (
            "dropout",
            lambda: DropoutMLP([64, 32, 10], dropout=0.3, seed=1).fit(X, y, epochs=3, **quiet),
        ),
        (
            "relu, adam, cosine, shifted digits",
            lambda: MLP([784, 64, 10], seed=0).fit(
                images,
                labels,
                epochs=2,
                batch_size=64,
                lr=1e-3,
                optimizer="adam",
                schedule="cosine",
                augment=shifted,
                **quiet,
            ),
        ),
        (
            "convnet, adam",
            lambda: ConvNet(filters=(4, 8), seed=1).fit(
                images[:64], labels[:64], epochs=2, lr=2e-3, optimizer="adam", **quiet
            ),
        ),
        (
            "convnet, sgd, weight decay",
            lambda: ConvNet(filters=(4, 8), seed=1).fit(
                images[:64], labels[:64], epochs=2, lr=0.05, weight_decay=1e-3, **quiet
            ),
        ),
        (
            "convnet, adam, cosine, shifted digits",
            lambda: ConvNet(filters=(4, 8), seed=0).fit(
                images,
                labels,
                epochs=2,
                batch_size=64,
                lr=2e-3,
                optimizer="adam",
                schedule="cosine",
                augment=shifted,
                **quiet,
            ),
        ),
    ]


def main() -> int:
    for name, train in settings():
        print(f"{name}: {fingerprint(train())}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
