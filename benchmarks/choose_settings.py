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

from annlib.data import load_mnist, load_validation
from annlib.lab.digit_reader import NETWORK, RECIPE
from annlib.mlp import MLP


def without(settings: dict, *names) -> dict:
    return {k: v for k, v in settings.items() if k not in names}


# Every candidate changes notebook 05's recipe (annlib.lab.digit_reader.NETWORK and RECIPE), the
# last one being the recipe itself, so the table always measures what the notebook uses.
ADAM = without(RECIPE, "schedule", "augment")
CANDIDATES = {
    # the article's choices: sigmoid neurons and the sum of squared errors
    "sigmoid, SSE, SGD lr 0.5": {
        "activation": "sigmoid",
        "output": "sigmoid",
        "loss": "sse",
        **ADAM,
        "optimizer": "sgd",
        "lr": 0.5,
        "epochs": 10,
    },
    f"sigmoid, SSE, Adam lr {ADAM['lr']:g}": {
        "activation": "sigmoid",
        "output": "sigmoid",
        "loss": "sse",
        **ADAM,
        "epochs": 10,
    },
    # modern choices: ReLU, softmax with cross-entropy (NETWORK's)
    "ReLU, cross-entropy, SGD lr 0.1": {**ADAM, "optimizer": "sgd", "lr": 0.1},
    f"ReLU, cross-entropy, Adam lr {ADAM['lr']:g}": ADAM,
    f"... + {RECIPE['schedule']} schedule": without(RECIPE, "augment"),
    f"... + {RECIPE['schedule']} + 1-pixel shifts (notebook 05's recipe)": RECIPE,
}
ARCHITECTURE = ("activation", "output", "loss")  # for MLP(); fit() takes a candidate's others


def main() -> pd.DataFrame:
    (X, y), _ = load_mnist(n_test=1)  # the article's 10,000 training digits
    X_val, y_val = load_validation()  # training digits 10,000 to 10,999
    rows = []
    for name, candidate in CANDIDATES.items():
        network = {**NETWORK, **{k: v for k, v in candidate.items() if k in ARCHITECTURE}}
        start = time.perf_counter()
        model = MLP(**network).fit(
            X, y, validation=(X_val, y_val), progress=False, **without(candidate, *ARCHITECTURE)
        )
        history = model.history_
        rows.append(
            {
                "settings": name,
                "epochs": len(history),
                "validation accuracy": history.val_accuracy[-1],
                "mean of last 5": float(np.mean(history.val_accuracy[-5:])),
                "seconds": round(time.perf_counter() - start, 1),
            }
        )
        print(rows[-1], flush=True)
    table = pd.DataFrame(rows).set_index("settings")
    print(table.to_string(float_format="{:.3f}".format))
    return table


if __name__ == "__main__":
    main()
