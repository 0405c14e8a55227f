"""How far a trained network's accuracy moves with the arithmetic alone, and with the seed.

Trains notebook 05's two networks (the article's sigmoid/SSE network and the modern ReLU
one, each with notebook 05's recipe, on the article's 10,000 digits) once per kind of
arithmetic, each in a fresh process with the environment variables that select it (the
same ones tools/other_arithmetic.py uses), and then with other seeds under the usual
arithmetic. The spread tells how much room a checked cell's threshold needs: a check that
a run under other arithmetic can fail would tell some learners their course is broken.

    python benchmarks/arithmetic_spread.py            # about 8 minutes on 2 cores
    python benchmarks/arithmetic_spread.py --seeds 0 1 2 3 4

Each line: the kind of arithmetic, the seed, and the accuracy on the 1,000 test digits.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys

KINDS = {
    "usual": {},
    "one thread": {"OPENBLAS_NUM_THREADS": "1"},
    "Sandybridge kernels": {"OPENBLAS_CORETYPE": "Sandybridge"},
    "Prescott kernels": {"OPENBLAS_CORETYPE": "Prescott"},
    "NumPy without X86_V3 loops": {"NPY_DISABLE_CPU_FEATURES": "X86_V3"},
    "all of these (as tools/other_arithmetic.py)": {
        "OPENBLAS_CORETYPE": "Sandybridge",
        "OPENBLAS_NUM_THREADS": "1",
        "NPY_DISABLE_CPU_FEATURES": "X86_V3",
    },
}

TRAIN = """
import sys
from annlib.data import load_mnist
from annlib.mlp import MLP
from annlib.models import ARTICLE_NETWORK, ARTICLE_RECIPE, NETWORK, RECIPE
from annlib.train import fit
(X, y), (X_test, y_test) = load_mnist()
seed = int(sys.argv[1])
for network, recipe in [(ARTICLE_NETWORK, ARTICLE_RECIPE), (NETWORK, RECIPE)]:
    model = MLP(**{**network, "seed": seed})
    fit(model, X, y, **{**recipe, "seed": seed}, progress=False)
    print(f"{model.score(X_test, y_test):.1%}")
"""


def accuracies(change: dict, seed: int) -> list[str]:
    env = {**os.environ, **change}
    said = subprocess.run(
        [sys.executable, "-c", TRAIN, str(seed)], env=env, capture_output=True, text=True
    )
    if said.returncode:
        return [f"failed: {said.stderr.strip().splitlines()[-1]}"]
    return said.stdout.split()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, nargs="*", default=[1, 2, 3])
    args = parser.parse_args()
    print("| arithmetic | seed | article's network (SSE) | modern network |")
    print("|---|---|---|---|")
    runs = [(name, change, 0) for name, change in KINDS.items()]
    runs += [("usual", {}, seed) for seed in args.seeds if seed != 0]
    for name, change, seed in runs:
        print(f"| {name} | {seed} | " + " | ".join(accuracies(change, seed)) + " |", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
