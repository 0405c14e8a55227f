"""annlib against the tools a learner would otherwise use, side by side, in one run.

Trains the source article's network (784-500-500-500-10, ReLU, softmax with
cross-entropy) on the article's split (the first 10,000 MNIST training digits,
tested on the first 1,000 test digits) with the same batch size, epochs,
optimiser (SGD with momentum 0.9), learning rate and float32 data in:

    annlib                        this course's NumPy code
    PyTorch (CPU)                 torch.nn, the same layers and optimiser
    scikit-learn MLPClassifier    solver='sgd', the same settings, one epoch per call
    scikit-learn RandomForest     100 trees: for the article's claim about cost

Repetitions alternate between the tools (and rotate their order), so a busy
moment of the machine hurts all of them alike. It also measures the machine's
float32 matrix-multiply rate at the exact shapes of a training step, and how
much of it annlib's training uses.

    pip install -r benchmarks/requirements.txt
    python benchmarks/benchmark.py                 # about a minute on 2 cores
    python benchmarks/benchmark.py --markdown      # the table as Markdown (for the README)
    python benchmarks/benchmark.py --tiny          # seconds; synthetic data (used by the tests)
"""

from __future__ import annotations

import argparse
import datetime
import importlib
import itertools
import math
import os
import platform
import statistics
import sys
import time
import warnings
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

ARTICLE_TARGET = 0.922


@dataclass
class Config:
    sizes: tuple = (784, 500, 500, 500, 10)
    n_train: int = 10_000
    n_test: int = 1_000
    epochs: int = 4
    repeats: int = 7
    batch_size: int = 64
    lr: float = 0.05
    momentum: float = 0.9
    threads: int = os.cpu_count() or 1
    trees: int = 100
    synthetic: bool = False


@dataclass
class Result:
    epoch_seconds: list = field(default_factory=list)  # every epoch, in order
    accuracies: list = field(default_factory=list)  # final test accuracy of each repetition
    curves: list = field(default_factory=list)  # test accuracy after each epoch, per repetition
    fit_seconds: list = field(default_factory=list)  # whole fits (random forest)


# ---------------------------------------------------------------------------
# data
# ---------------------------------------------------------------------------


def load_data(cfg: Config):
    if cfg.synthetic:  # ten noisy prototypes: learnable, and no download needed
        rng = np.random.default_rng(0)
        prototypes = rng.random((10, cfg.sizes[0]), dtype=np.float32)
        y = rng.integers(0, 10, cfg.n_train + cfg.n_test)
        X = np.clip(prototypes[y] + rng.normal(0, 0.3, (len(y), cfg.sizes[0])), 0, 1)
        X = X.astype(np.float32)
        return (X[: cfg.n_train], y[: cfg.n_train]), (X[cfg.n_train :], y[cfg.n_train :])
    from annlib.data import load_mnist

    return load_mnist(cfg.n_train, cfg.n_test)


def step_gemms(sizes, batch):
    """The (m, k, n) shapes of every matrix product in one training step of an MLP."""
    shapes = []
    for n_in, n_out in itertools.pairwise(sizes):
        shapes.append((batch, n_in, n_out))  # forward:  A_prev (batch x n_in) @ W^T
        shapes.append((n_out, batch, n_in))  # weights:  delta^T (n_out x batch) @ A_prev
    for n_in, n_out in list(itertools.pairwise(sizes))[1:]:
        shapes.append((batch, n_out, n_in))  # backward: delta (batch x n_out) @ W
    return shapes


def flops_per_epoch(cfg: Config) -> float:
    full, rest = divmod(cfg.n_train, cfg.batch_size)

    def per_step(b):
        return sum(2 * m * k * n for m, k, n in step_gemms(cfg.sizes, b))

    return full * per_step(cfg.batch_size) + (per_step(rest) if rest else 0)


def matmul_rate(cfg: Config, library: str = "numpy", seconds: float = 1.5) -> float:
    """FLOP/s of float32 matrix products at the training step's shapes."""
    rng = np.random.default_rng(0)
    pairs = [
        (rng.random((m, k), dtype=np.float32), rng.random((k, n), dtype=np.float32))
        for m, k, n in step_gemms(cfg.sizes, cfg.batch_size)
    ]
    flops = sum(2 * a.shape[0] * a.shape[1] * b.shape[1] for a, b in pairs)
    if library == "torch":
        import torch

        pairs = [(torch.from_numpy(a), torch.from_numpy(b)) for a, b in pairs]
    for a, b in pairs:  # warm up
        a @ b
    done, start = 0, time.perf_counter()
    while time.perf_counter() - start < seconds:
        for a, b in pairs:
            a @ b
        done += 1
    return done * flops / (time.perf_counter() - start)


# ---------------------------------------------------------------------------
# the tools
# ---------------------------------------------------------------------------


class Tool:
    name = "tool"
    module = None  # the package the tool needs, if any
    install = ""

    def missing(self) -> str | None:
        """None if the tool can run, else why not and how to fix it."""
        if self.module is None:
            return None
        try:
            importlib.import_module(self.module)
        except ImportError:
            return f"not installed ({self.install})"
        return None

    def run(self, data, cfg: Config, seed: int, result: Result) -> None:
        raise NotImplementedError


class Annlib(Tool):
    name = "annlib"

    def run(self, data, cfg, seed, result):
        from annlib.mlp import MLP

        (X, y), (X_test, y_test) = data
        model = MLP(
            list(cfg.sizes), activation="relu", output="softmax", loss="cross_entropy", seed=seed
        )
        curve = []

        def measure(history, model):  # test accuracy after each epoch; fit's clock has stopped
            curve.append(model.score(X_test, y_test))

        model.fit(
            X,
            y,
            epochs=cfg.epochs,
            batch_size=cfg.batch_size,
            lr=cfg.lr,
            optimizer="momentum",
            momentum=cfg.momentum,
            seed=seed,
            progress=False,
            callback=measure,
        )
        result.epoch_seconds += model.history_.seconds
        result.curves.append(curve)
        result.accuracies.append(curve[-1])


class Torch(Tool):
    name = "PyTorch (CPU)"
    module = "torch"
    install = "pip install torch==2.13.0"

    def run(self, data, cfg, seed, result):
        import torch
        from torch import nn

        torch.set_num_threads(cfg.threads)
        torch.manual_seed(seed)
        (X, y), (X_test, y_test) = data
        X, y = torch.from_numpy(X), torch.from_numpy(y)
        X_test = torch.from_numpy(X_test)
        layers = []
        for n_in, n_out in zip(cfg.sizes[:-1], cfg.sizes[1:-1]):
            layers += [nn.Linear(n_in, n_out), nn.ReLU()]
        layers.append(nn.Linear(cfg.sizes[-2], cfg.sizes[-1]))
        model = nn.Sequential(*layers)
        loss_fn = nn.CrossEntropyLoss()  # softmax + cross-entropy, averaged over the batch
        optimizer = torch.optim.SGD(model.parameters(), lr=cfg.lr, momentum=cfg.momentum)
        generator = torch.Generator().manual_seed(seed)
        curve = []
        for _ in range(cfg.epochs):
            start = time.perf_counter()
            model.train()
            order = torch.randperm(len(X), generator=generator)
            Xs, ys = X[order], y[order]
            for i in range(0, len(Xs), cfg.batch_size):
                optimizer.zero_grad(set_to_none=True)
                loss = loss_fn(model(Xs[i : i + cfg.batch_size]), ys[i : i + cfg.batch_size])
                loss.backward()
                optimizer.step()
            result.epoch_seconds.append(time.perf_counter() - start)
            model.eval()
            with torch.no_grad():
                curve.append(float((model(X_test).argmax(1).numpy() == y_test).mean()))
        result.curves.append(curve)
        result.accuracies.append(curve[-1])


class SklearnMLP(Tool):
    name = "scikit-learn MLPClassifier"
    module = "sklearn"
    install = "pip install scikit-learn"

    def run(self, data, cfg, seed, result):
        from sklearn.exceptions import ConvergenceWarning
        from sklearn.neural_network import MLPClassifier

        (X, y), (X_test, y_test) = data
        model = MLPClassifier(
            hidden_layer_sizes=tuple(cfg.sizes[1:-1]),
            activation="relu",
            solver="sgd",
            learning_rate_init=cfg.lr,
            momentum=cfg.momentum,
            nesterovs_momentum=False,
            batch_size=cfg.batch_size,
            alpha=0.0,
            max_iter=1,
            warm_start=True,
            shuffle=True,
            random_state=seed,
        )
        curve = []
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", ConvergenceWarning)  # one epoch per call, on purpose
            for _ in range(cfg.epochs):
                start = time.perf_counter()
                model.fit(X, y)
                result.epoch_seconds.append(time.perf_counter() - start)
                curve.append(model.score(X_test, y_test))
        result.curves.append(curve)
        result.accuracies.append(curve[-1])


class RandomForest(SklearnMLP):
    name = "scikit-learn RandomForest"

    def run(self, data, cfg, seed, result):
        from sklearn.ensemble import RandomForestClassifier

        (X, y), (X_test, y_test) = data
        model = RandomForestClassifier(
            n_estimators=cfg.trees, n_jobs=cfg.threads, random_state=seed
        )
        start = time.perf_counter()
        model.fit(X, y)
        result.fit_seconds.append(time.perf_counter() - start)
        result.accuracies.append(model.score(X_test, y_test))


TOOLS = [Annlib(), Torch(), SklearnMLP(), RandomForest()]


# ---------------------------------------------------------------------------
# the run and the table
# ---------------------------------------------------------------------------


def steady_epochs(epoch_seconds, epochs):
    """Epoch times without each run's first (warm-up) epoch, when runs have more than one."""
    if epochs < 2:
        return list(epoch_seconds)
    return [s for i, s in enumerate(epoch_seconds) if i % epochs != 0]


def first_pass(curves, epoch_seconds, target=ARTICLE_TARGET):
    """Median training time until the test accuracy first exceeds the target (None if never)."""
    times, per_rep = [], len(curves[0]) if curves else 0
    for r, curve in enumerate(curves):
        seconds = epoch_seconds[r * per_rep : (r + 1) * per_rep]
        for e, accuracy in enumerate(curve):
            if accuracy > target:
                times.append(sum(seconds[: e + 1]))
                break
    return statistics.median(times) if len(times) == len(curves) and times else None


def machine() -> dict:
    import numpy

    info = {
        "python": platform.python_version(),
        "numpy": numpy.__version__,
        "cores": os.cpu_count(),
        "cpu": platform.processor() or platform.machine(),
    }
    try:
        with open("/proc/cpuinfo") as f:
            info["cpu"] = next(l.split(":", 1)[1].strip() for l in f if l.startswith("model name"))
    except (OSError, StopIteration):
        pass
    for module in ("torch", "sklearn"):
        try:
            info[module] = __import__(module).__version__
        except ImportError:
            info[module] = "missing"
    return info


def run(cfg: Config, tools=TOOLS, log=print):
    data = load_data(cfg)
    results = {tool.name: Result() for tool in tools}
    missing = {tool.name: tool.missing() for tool in tools}
    available = [tool for tool in tools if missing[tool.name] is None]
    for r in range(cfg.repeats):
        order = (
            available[r % len(available) :] + available[: r % len(available)] if available else []
        )
        for tool in order:
            start = time.perf_counter()
            tool.run(data, cfg, seed=r, result=results[tool.name])
            log(
                f"  repetition {r + 1}/{cfg.repeats}: {tool.name} done in "
                f"{time.perf_counter() - start:.1f} s",
                file=sys.stderr,
            )
    flops = flops_per_epoch(cfg)
    gemm_numpy = matmul_rate(cfg, "numpy")
    gemm_torch = matmul_rate(cfg, "torch") if missing[Torch.name] is None else None
    annlib_epoch = statistics.median(steady_epochs(results["annlib"].epoch_seconds, cfg.epochs))
    rows = []
    for tool in tools:
        res = results[tool.name]
        if missing[tool.name]:
            rows.append({"tool": tool.name, "status": missing[tool.name]})
            continue
        row = {"tool": tool.name, "status": "ran"}
        if res.epoch_seconds:
            epoch = statistics.median(steady_epochs(res.epoch_seconds, cfg.epochs))
            row.update(
                {
                    "s/epoch": epoch,
                    "samples/s": cfg.n_train / epoch,
                    "s/epoch vs annlib": epoch / annlib_epoch,
                    f"s to pass {ARTICLE_TARGET:.1%}": first_pass(res.curves, res.epoch_seconds),
                }
            )
        else:
            fit = statistics.median(res.fit_seconds)
            row.update({"fit s (whole)": fit, "fit s vs annlib epoch": fit / annlib_epoch})
        row["test accuracy"] = statistics.median(res.accuracies)
        rows.append(row)
    table = pd.DataFrame(rows).set_index("tool")
    summary = {
        "flops_per_epoch": flops,
        "annlib_flop_rate": flops / annlib_epoch,
        "gemm_rate_numpy": gemm_numpy,
        "gemm_rate_torch": gemm_torch,
        "fraction_of_gemm": flops / annlib_epoch / gemm_numpy,
        "vs_torch": (
            annlib_epoch / table.loc[Torch.name, "s/epoch"] if missing[Torch.name] is None else None
        ),
    }
    return table, summary


def _markdown(frame: pd.DataFrame) -> str:
    header = [frame.index.name or ""] + [str(c) for c in frame.columns]
    rows = [[str(i)] + [str(v) for v in row] for i, row in zip(frame.index, frame.to_numpy())]
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    return "\n".join(lines + ["| " + " | ".join(r) + " |" for r in rows])


def report(table, summary, cfg: Config, markdown=False) -> str:
    info = machine()
    shown = table.copy()
    formats = {
        "s/epoch": "{:.3f}",
        "samples/s": "{:,.0f}",
        "s/epoch vs annlib": "{:.2f}x",
        f"s to pass {ARTICLE_TARGET:.1%}": "{:.2f}",
        "fit s (whole)": "{:.1f}",
        "fit s vs annlib epoch": "{:.0f}x",
        "test accuracy": "{:.1%}",
    }
    for column, fmt in formats.items():
        if column in shown:
            shown[column] = [
                fmt.format(v)
                if isinstance(v, (int, float)) and not math.isnan(v)
                else ("never" if column.startswith("s to pass") and v is None else "")
                for v in shown[column]
            ]
    shown = shown.fillna("")
    body = _markdown(shown) if markdown else shown.to_string()
    gemm_torch = summary["gemm_rate_torch"]
    lines = [
        (
            f"Machine: {info['cpu']}, {info['cores']} cores; Python {info['python']}, NumPy "
            f"{info['numpy']}, PyTorch {info['torch']}, scikit-learn {info['sklearn']}."
        ),
        (
            f"Task: {'-'.join(map(str, cfg.sizes))} network, {cfg.n_train:,} training / "
            f"{cfg.n_test:,} test {'synthetic examples' if cfg.synthetic else 'MNIST digits'}, "
            f"float32, batch {cfg.batch_size}, SGD lr {cfg.lr} momentum {cfg.momentum}, "
            f"{cfg.epochs} epochs x {cfg.repeats} alternating repetitions; s/epoch is the median "
            f"over all epochs but each run's first (warm-up); {cfg.threads} threads; random forest "
            f"{cfg.trees} trees."
        ),
        "",
        body,
        "",
        (
            f"Matrix products of one training step, float32: NumPy "
            f"{summary['gemm_rate_numpy'] / 1e9:.0f} GFLOP/s"
            + (f", PyTorch {gemm_torch / 1e9:.0f} GFLOP/s" if gemm_torch else "")
            + "."
        ),
        (
            f"annlib trains at {summary['annlib_flop_rate'] / 1e9:.0f} GFLOP/s "
            f"({summary['flops_per_epoch'] / 1e9:.1f} GFLOP per epoch): "
            f"{summary['fraction_of_gemm']:.0%} of NumPy's matrix-multiply rate "
            "(target: at least 60%)."
        ),
    ]
    if summary["vs_torch"] is not None:
        met = "met" if summary["vs_torch"] <= 1.1 else "MISSED"
        lines.append(
            f"annlib's seconds per epoch are {summary['vs_torch']:.2f}x PyTorch's "
            f"(target: at most 1.1x): {met}."
        )
    if markdown:  # one paragraph per line of text (Markdown would run them together)
        lines = [line for pair in zip(lines, [""] * len(lines)) for line in pair]
        return "\n".join(lines).replace("\n\n\n\n", "\n\n").strip("\n")
    return "\n".join(lines)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--epochs", type=int, default=Config.epochs)
    parser.add_argument("--repeats", type=int, default=Config.repeats)
    parser.add_argument("--batch-size", type=int, default=Config.batch_size)
    parser.add_argument("--threads", type=int, default=Config.threads)
    parser.add_argument("--markdown", action="store_true", help="print the table as Markdown")
    parser.add_argument(
        "--save",
        action="store_true",
        help="also write the Markdown report to benchmarks/results.md and into "
        "the README's Performance section (a test keeps the two equal)",
    )
    parser.add_argument(
        "--tiny",
        action="store_true",
        help="a seconds-long run on small synthetic data (checks the script works)",
    )
    args = parser.parse_args(argv)
    cfg = Config(
        epochs=args.epochs, repeats=args.repeats, batch_size=args.batch_size, threads=args.threads
    )
    if args.tiny:
        cfg = Config(
            sizes=(784, 32, 32, 10),
            n_train=600,
            n_test=200,
            epochs=2,
            repeats=2,
            batch_size=64,
            threads=args.threads,
            trees=5,
            synthetic=True,
        )
    table, summary = run(cfg)
    print(report(table, summary, cfg, markdown=args.markdown))
    if args.save:
        if args.tiny:
            raise SystemExit("--save keeps the real benchmark's results; not a --tiny run's")
        text = (
            f"One run, {datetime.date.today().isoformat()}:\n\n"
            + report(table, summary, cfg, markdown=True)
            + "\n"
        )
        save_results(text)
    return 0


RESULTS = Path(__file__).resolve().parent / "results.md"
README = Path(__file__).resolve().parents[1] / "README.md"
BEGIN = "<!-- benchmark results: written by python benchmarks/benchmark.py --save -->"
END = "<!-- end of benchmark results -->"


def readme_results(readme: str) -> str:
    """The benchmark's report as the README quotes it (between the two markers)."""
    if BEGIN not in readme or END not in readme:
        raise ValueError(f"the README has no benchmark section marked {BEGIN!r} ... {END!r}")
    return readme.split(BEGIN, 1)[1].split(END, 1)[0].strip("\n") + "\n"


def save_results(text: str, results=RESULTS, readme=README) -> None:
    """Write the report to results.md and replace the README's copy of it."""
    page = readme.read_text()
    readme_results(page)  # the markers must be there before anything is written
    before, rest = page.split(BEGIN, 1)
    after = rest.split(END, 1)[1]
    results.write_text(text)
    readme.write_text(before + BEGIN + "\n" + text + END + after)


if __name__ == "__main__":
    sys.exit(main())
