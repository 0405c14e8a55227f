"""How notebook 07 chose the settings that give notebook 05's SSE network enough steps of
plain gradient descent (section 3): on validation digits, never on the test digits.

The network is the article's, 784-500-500-500-10 with sigmoid neurons and the SSE, trained
by plain gradient descent (no momentum, no Adam) on the article's 10,000 training digits.
Each candidate is measured after every epoch on the validation digits (training digits
10,000 to 10,999). These are the candidates that were tried, in the order they were tried.
The last, batches of 8 at lr 0.5, stayed at or above 95% of the validation digits from
epoch 19 on; the notebook trains it for 20 epochs (25,000 steps, about a minute).

    python benchmarks/choose_sse_steps.py      # about 6 minutes on 2 cores

When the settings were chosen (2026-11-30, on the 2-core machine the course was made on),
it gave at the last epoch (another processor may differ in the last digits):
batches of 16, lr 0.5, 20 epochs: 93.3%; batches of 64, lr 2.0: stalled at 10.3%;
batches of 8, lr 0.5, 12 epochs: 92.9%; batches of 16 and 32 at lr 1.0: stalled (8.6%);
batches of 8, lr 0.5, 24 epochs: 96.1% (95.5% after 20).
"""

from __future__ import annotations

import argparse
import time

from annlib.mlp import MLP
from annlib.train import fit

NETWORK = {
    "sizes": [784, 500, 500, 500, 10],
    "activation": "sigmoid",
    "output": "sigmoid",
    "loss": "sse",
    "seed": 0,
}
CANDIDATES = [  # (batch size, learning rate, epochs)
    (16, 0.5, 20),
    (64, 2.0, 20),
    (8, 0.5, 12),
    (16, 1.0, 20),
    (32, 1.0, 30),
    (8, 0.5, 24),
]


def run(batch_size, lr, epochs, X, y, X_val, y_val, network=None):
    """Train one candidate; its validation accuracy after every epoch, and the seconds."""
    model = MLP(**(network or NETWORK))
    started = time.perf_counter()
    history = fit(
        model,
        X,
        y,
        epochs=epochs,
        batch_size=batch_size,
        lr=lr,
        seed=0,
        validation=(X_val, y_val),
        progress=False,
    )
    return list(history.val_accuracy), time.perf_counter() - started


def main(argv=None) -> int:
    argparse.ArgumentParser(description=__doc__.splitlines()[0]).parse_args(argv)
    from annlib.data import load_mnist, load_validation

    (X, y), _ = load_mnist()  # the test digits are loaded with them, and never used here
    X_val, y_val = load_validation()
    for batch_size, lr, epochs in CANDIDATES:
        accuracies, seconds = run(batch_size, lr, epochs, X, y, X_val, y_val)
        shown = " ".join(f"{a:.3f}" for a in accuracies)
        print(
            f"batch {batch_size:3}, lr {lr}, {epochs} epochs, {seconds:.0f} s: {shown}", flush=True
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
