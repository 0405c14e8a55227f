"""How notebook 05's training settings were chosen: on validation digits, never on the test digits.

The article's split trains on the first 10,000 training digits and tests on the first
1,000 test digits. To choose settings without peeking at the test digits, this script
trains on the same 10,000 and measures on 1,000 *other* training digits (numbers
10,000 to 10,999), which neither the notebook's training nor its test uses.

    python benchmarks/choose_settings.py            # about 3 minutes on 2 cores

Prints one row per candidate: accuracy on the validation digits after the last epoch,
the mean over the last five epochs (how steady it is), and the time taken.
"""

from __future__ import annotations

import time

import numpy as np
import pandas as pd

from annlib.data import load_mnist
from annlib.images import random_shifts
from annlib.mlp import MLP
from annlib.train import fit

ARTICLE = [784, 500, 500, 500, 10]


def shift_1px(batch, rng):
    return random_shifts(batch, 1, rng)


CANDIDATES = {
    # the article's choices: sigmoid neurons and the sum of squared errors
    "sigmoid, SSE, SGD lr 0.5": dict(activation="sigmoid", output="sigmoid", loss="sse",
                                     optimizer="sgd", lr=0.5, epochs=10),
    "sigmoid, SSE, Adam lr 1e-3": dict(activation="sigmoid", output="sigmoid", loss="sse",
                                       optimizer="adam", lr=1e-3, epochs=10),
    # modern choices: ReLU, softmax with cross-entropy
    "ReLU, cross-entropy, SGD lr 0.1": dict(optimizer="sgd", lr=0.1, epochs=20),
    "ReLU, cross-entropy, Adam lr 1e-3": dict(optimizer="adam", lr=1e-3, epochs=20),
    "... + cosine schedule": dict(optimizer="adam", lr=1e-3, epochs=20, schedule="cosine"),
    "... + cosine + 1-pixel shifts": dict(optimizer="adam", lr=1e-3, epochs=20,
                                          schedule="cosine", augment=shift_1px),
}


def main() -> pd.DataFrame:
    (X_all, y_all), _ = load_mnist(n_train=11_000, n_test=1)
    X, y = X_all[:10_000], y_all[:10_000]
    X_val, y_val = X_all[10_000:], y_all[10_000:]
    rows = []
    for name, settings in CANDIDATES.items():
        settings = dict(settings)
        model = MLP(ARTICLE, activation=settings.pop("activation", "relu"),
                    output=settings.pop("output", "softmax"),
                    loss=settings.pop("loss", "cross_entropy"), seed=0)
        start = time.perf_counter()
        history = fit(model, X, y, batch_size=64, validation=(X_val, y_val), seed=0,
                      progress=False, **settings)
        rows.append({"settings": name, "epochs": len(history),
                     "validation accuracy": history.val_accuracy[-1],
                     "mean of last 5": float(np.mean(history.val_accuracy[-5:])),
                     "seconds": round(time.perf_counter() - start, 1)})
        print(rows[-1], flush=True)
    table = pd.DataFrame(rows).set_index("settings")
    print(table.to_string(float_format="{:.3f}".format))
    return table


if __name__ == "__main__":
    main()
