"""How far a trained network's accuracy moves with the arithmetic alone, and with the seed.

Trains notebook 05's two networks (the article's sigmoid/SSE network and the modern ReLU
one, each with notebook 05's recipe, on the article's 10,000 digits) once per kind of
arithmetic, each in a fresh process with the environment variables that select it (the
same ones tools/other_arithmetic.py uses, found from this machine), and then with other
seeds under the usual arithmetic. The spread tells how much room a checked cell's
threshold needs: a check that a run under other arithmetic can fail would tell some
learners their course is broken.

    python benchmarks/arithmetic_spread.py            # about 6 minutes on 2 cores
    python benchmarks/arithmetic_spread.py --seeds 0 1 2 3 4

Each line: the kind of arithmetic, the seed, and the accuracy on the 1,000 test digits.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tools"))
import other_arithmetic  # noqa: E402  (tools/other_arithmetic.py: the same knobs, proven)


def kinds() -> dict[str, dict[str, str]]:
    """Each kind of arithmetic this machine offers, as the environment variables that pick
    it: the usual one, each change of tools/other_arithmetic.py alone, and all of them."""
    usual = other_arithmetic.probe(dict(os.environ))
    every = other_arithmetic.other_arithmetic(usual)
    found = {"usual": {}, "one thread": {"OPENBLAS_NUM_THREADS": "1"}}
    if "OPENBLAS_CORETYPE" in every:
        found[f"{every['OPENBLAS_CORETYPE']} kernels"] = {
            "OPENBLAS_CORETYPE": every["OPENBLAS_CORETYPE"]
        }
    if "NPY_DISABLE_CPU_FEATURES" in every:
        found[f"NumPy without its {every['NPY_DISABLE_CPU_FEATURES']} loops"] = {
            "NPY_DISABLE_CPU_FEATURES": every["NPY_DISABLE_CPU_FEATURES"]
        }
    found["all of these (tools/other_arithmetic.py)"] = every
    return found


TRAIN = """
import sys
from annlib.data import load_mnist
from annlib.mlp import MLP
from annlib.lab.digit_reader import ARTICLE_NETWORK, ARTICLE_RECIPE, NETWORK, RECIPE
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
        last = (said.stderr.strip().splitlines() or [f"exit code {said.returncode}"])[-1]
        return [f"failed: {last}"]
    return said.stdout.split()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, nargs="*", default=[1, 2, 3])
    args = parser.parse_args()
    print("| arithmetic | seed | article's network (SSE) | modern network |")
    print("|---|---|---|---|")
    runs = [(name, change, 0) for name, change in kinds().items()]
    runs += [("usual", {}, seed) for seed in args.seeds if seed != 0]
    for name, change, seed in runs:
        print(f"| {name} | {seed} | " + " | ".join(accuracies(change, seed)) + " |", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
