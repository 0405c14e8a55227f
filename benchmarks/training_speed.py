"""annlib against PyTorch, workload by workload: seconds per epoch of the same training.

Four workloads, each trained by annlib and by PyTorch (CPU) with the same network, data,
batch size, optimiser, learning rate and float32 numbers, alternating between the two
(and rotating who goes first) so that a busy moment of the machine hurts both alike:

    sgd      the article's network (784-500-500-500-10, ReLU, softmax + cross-entropy),
             10,000 digits, SGD with momentum 0.9, lr 0.05 (benchmark.py's task)
    adam     the same network with Adam, lr 0.001 (notebook 05's optimiser)
    convnet  notebook 12's ConvNet (16 and 64 filters of 5 x 5, 2 x 2 max pool, global max
             pool, a dense layer), 5,000 digits, Adam, lr 0.002
    lenet    notebook 12's LeNet (6 and 16 filters of 5 x 5 with padding 2, each with a 2 x 2
             max pool, a dense layer of 120, 10 outputs), 10,000 digits, Adam, lr 0.002

The targets (issue 17): Adam at most 1.0x PyTorch's seconds per epoch, the ConvNet at most
1.2x, SGD ahead of PyTorch; issue 35: the LeNet at most 1.5x. Timings are noisy: compare
the ratios of one run.

    pip install -r benchmarks/requirements.txt
    python benchmarks/training_speed.py               # a few minutes on 2 cores
    python benchmarks/training_speed.py --markdown    # the table as Markdown (for the README)
    python benchmarks/training_speed.py --tiny        # seconds: synthetic data, for the tests
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from dataclasses import dataclass

import numpy as np
import pandas as pd

TARGETS = {
    "sgd": 1.0,
    "adam": 1.0,
    "convnet": 1.2,
    "lenet": 1.5,
}  # at most this x PyTorch's s/epoch


@dataclass
class Workload:
    name: str
    what: str
    n_train: int
    optimizer: str
    lr: float
    conv: str = ""  # "", "convnet" or "lenet"


WORKLOADS = [
    Workload("sgd", "article network, SGD momentum 0.9, lr 0.05", 10_000, "momentum", 0.05),
    Workload("adam", "article network, Adam, lr 0.001", 10_000, "adam", 1e-3),
    Workload(
        "convnet", "ConvNet 16/64 filters of 5x5, Adam, lr 0.002", 5_000, "adam", 2e-3, "convnet"
    ),
    Workload(
        "lenet",
        "LeNet 6/16 filters of 5x5, dense 120, Adam, lr 0.002",
        10_000,
        "adam",
        2e-3,
        "lenet",
    ),
]
SIZES = (784, 500, 500, 500, 10)
BATCH = 64


def load(n: int, tiny: bool):
    if tiny:  # learnable noise around ten prototypes: no MNIST needed
        rng = np.random.default_rng(0)
        prototypes = rng.random((10, 784), dtype=np.float32)
        y = rng.integers(0, 10, n)
        X = np.clip(prototypes[y] + rng.normal(0, 0.3, (n, 784)), 0, 1).astype(np.float32)
        return X, y
    from annlib.data import load_mnist

    (X, y), _ = load_mnist(n, 1)
    return X, y


def annlib_epochs(work: Workload, X, y, epochs: int, seed: int) -> list[float]:
    from annlib.conv import ConvNet
    from annlib.lenet import LeNet
    from annlib.mlp import MLP

    networks = {"convnet": ConvNet, "lenet": LeNet}
    model = networks[work.conv](seed=seed) if work.conv else MLP(list(SIZES), seed=seed)
    settings = {"momentum": 0.9} if work.optimizer == "momentum" else {}
    model.fit(
        X,
        y,
        epochs=epochs,
        batch_size=BATCH,
        lr=work.lr,
        optimizer=work.optimizer,
        seed=seed,
        progress=False,
        **settings,
    )
    return list(model.history_.seconds)


def torch_epochs(work: Workload, X, y, epochs: int, seed: int, threads: int) -> list[float]:
    import torch
    from torch import nn

    torch.set_num_threads(threads)
    torch.manual_seed(seed)
    if work.conv == "lenet":  # annlib.lenet.LeNet's defaults
        model = nn.Sequential(
            nn.Unflatten(1, (1, 28, 28)),
            nn.Conv2d(1, 6, 5, padding=2),
            nn.ReLU(),
            nn.MaxPool2d(2),
            nn.Conv2d(6, 16, 5, padding=2),
            nn.ReLU(),
            nn.MaxPool2d(2),
            nn.Flatten(),
            nn.Linear(16 * 7 * 7, 120),
            nn.ReLU(),
            nn.Linear(120, 10),
        )
    elif work.conv:
        model = nn.Sequential(
            nn.Unflatten(1, (1, 28, 28)),
            nn.Conv2d(1, 16, 5),
            nn.ReLU(),
            nn.MaxPool2d(2),
            nn.Conv2d(16, 64, 5),
            nn.ReLU(),
            nn.AdaptiveMaxPool2d(1),
            nn.Flatten(),
            nn.Linear(64, 10),
        )
    else:
        layers = []
        for n_in, n_out in zip(SIZES[:-2], SIZES[1:-1]):
            layers += [nn.Linear(n_in, n_out), nn.ReLU()]
        model = nn.Sequential(*layers, nn.Linear(SIZES[-2], SIZES[-1]))
    if work.optimizer == "momentum":
        optimizer = torch.optim.SGD(model.parameters(), lr=work.lr, momentum=0.9)
    else:
        optimizer = torch.optim.Adam(model.parameters(), lr=work.lr)
    loss_fn = nn.CrossEntropyLoss()
    X, y = torch.from_numpy(X), torch.from_numpy(y)
    generator = torch.Generator().manual_seed(seed)
    seconds = []
    for _ in range(epochs):
        start = time.perf_counter()
        order = torch.randperm(len(X), generator=generator)
        Xs, ys = X[order], y[order]
        for i in range(0, len(Xs), BATCH):
            optimizer.zero_grad(set_to_none=True)
            loss = loss_fn(model(Xs[i : i + BATCH]), ys[i : i + BATCH])
            loss.backward()
            optimizer.step()
        seconds.append(time.perf_counter() - start)
    return seconds


def run(epochs: int, repeats: int, threads: int, tiny: bool, names=None, log=print):
    """The median steady epoch (each run's first left out) of each tool on each workload."""
    rows = []
    for work in WORKLOADS:
        if names and work.name not in names:
            continue
        X, y = load(work.n_train if not tiny else 640, tiny)
        times = {"annlib": [], "PyTorch": []}
        for r in range(repeats):
            order = ["annlib", "PyTorch"] if r % 2 == 0 else ["PyTorch", "annlib"]
            for tool in order:
                if tool == "annlib":
                    from threadpoolctl import threadpool_limits

                    with threadpool_limits(threads):  # NumPy's BLAS: as many threads as PyTorch
                        seconds = annlib_epochs(work, X, y, epochs, seed=r)
                else:
                    seconds = torch_epochs(work, X, y, epochs, seed=r, threads=threads)
                times[tool] += seconds[1:] if epochs > 1 else seconds
            log(f"  {work.name}: repetition {r + 1}/{repeats} done", file=sys.stderr)
        ours, theirs = statistics.median(times["annlib"]), statistics.median(times["PyTorch"])
        rows.append(
            {
                "workload": work.name,
                "what": work.what,
                "digits": len(X),
                "annlib s/epoch": ours,
                "PyTorch s/epoch": theirs,
                "annlib / PyTorch": ours / theirs,
                "target": f"at most {TARGETS[work.name]:.1f}x",
                "met": "yes" if ours / theirs <= TARGETS[work.name] else "no",
            }
        )
    return pd.DataFrame(rows).set_index("workload")


def report(table: pd.DataFrame, markdown: bool, epochs: int, repeats: int, threads: int) -> str:
    import platform

    import torch

    shown = table.copy()
    for column in ("annlib s/epoch", "PyTorch s/epoch"):
        shown[column] = shown[column].map(lambda v: f"{v:.3f}")
    shown["annlib / PyTorch"] = shown["annlib / PyTorch"].map(lambda v: f"{v:.2f}x")
    head = (
        f"Python {platform.python_version()}, NumPy {np.__version__}, PyTorch {torch.__version__}, "
        f"{os.cpu_count()} cores, {threads} threads; batch {BATCH}, float32; {epochs} epochs x "
        f"{repeats} alternating repetitions, median epoch without each run's first."
    )
    if markdown:
        lines = ["| " + " | ".join(["workload", *shown.columns]) + " |"]
        lines.append("|" + "---|" * (len(shown.columns) + 1))
        for name, row in shown.iterrows():
            lines.append("| " + " | ".join([name, *map(str, row.tolist())]) + " |")
        return head + "\n\n" + "\n".join(lines)
    return head + "\n\n" + shown.to_string()


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--epochs", type=int, default=3)
    parser.add_argument("--repeats", type=int, default=4)
    parser.add_argument("--threads", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--only", nargs="*", choices=[w.name for w in WORKLOADS])
    parser.add_argument("--markdown", action="store_true")
    parser.add_argument("--tiny", action="store_true", help="synthetic data, 1 repetition")
    args = parser.parse_args(argv)
    try:
        import torch  # noqa: F401
    except ImportError:
        print(
            "training_speed.py compares annlib with PyTorch, which is not installed: "
            "pip install -r benchmarks/requirements.txt",
            file=sys.stderr,
        )
        return 2
    if args.tiny:
        args.epochs, args.repeats = 2, 1
    table = run(args.epochs, args.repeats, args.threads, args.tiny, args.only)
    print(report(table, args.markdown, args.epochs, args.repeats, args.threads))
    return 0


if __name__ == "__main__":
    sys.exit(main())
