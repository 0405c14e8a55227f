"""One Adam step on the article network's weights (784-500-500-500-10, float32, 897,010
numbers): annlib's against the ways of speeding it up tried for issue 17, and PyTorch's.

Issue 17 asked for Adam training within PyTorch's time per epoch; the update step is where
annlib loses (README, "Training speed"). This script measures the step alone, so that
whoever takes the issue up can see the gap and try a new idea in a few lines:

    annlib              annlib.optim.Adam.step, as fit uses it (one reused buffer, the
                        bias corrections folded into the step: optim._adam_update)
    formula as written  Adam's formulas line by line in NumPy, with the temporary arrays
                        they make: what annlib's speed trick buys
    annlib, 2 threads   the same update, the weight matrices split between two Python
                        threads (NumPy lets go of Python's lock inside its loops)
    numexpr             each formula as one fused pass (only if numexpr is installed)
    PyTorch foreach     torch.optim.Adam(foreach=True), PyTorch's default on the CPU
    PyTorch fused       torch.optim.Adam(fused=True), one pass per tensor (if this PyTorch
                        has it on the CPU)

The variants take turns, round after round, so that a busy moment hurts all alike; each
reports its median milliseconds per step. Timings are noisy: compare the ratios of one run.

    python benchmarks/adam_update.py                # about 10 seconds on 2 cores
    python benchmarks/adam_update.py --tiny         # seconds: small weights, for the tests
"""

from __future__ import annotations

import argparse
import statistics
import sys
import threading
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from annlib.optim import Adam  # noqa: E402

SIZES = (784, 500, 500, 500, 10)
LR = 1e-3


def shapes(tiny: bool) -> list[tuple[int, ...]]:
    sizes = (20, 16, 16, 4) if tiny else SIZES
    out = []
    for n_in, n_out in zip(sizes, sizes[1:]):
        out += [(n_out, n_in), (n_out,)]
    return out


def arrays(tiny: bool, seed: int = 0) -> tuple[dict, dict]:
    rng = np.random.default_rng(seed)
    params = {
        f"p{i}": rng.normal(0, 0.05, shape).astype(np.float32)
        for i, shape in enumerate(shapes(tiny))
    }
    grads = {k: rng.normal(0, 1e-3, v.shape).astype(np.float32) for k, v in params.items()}
    return params, grads


def annlib_step(tiny: bool):
    params, grads = arrays(tiny)
    adam = Adam(LR)

    def step():
        adam.step(params, {k: g.copy() for k, g in grads.items()})  # fit hands over fresh grads

    return step, params


def formula_step(tiny: bool):
    """Adam as its help writes it: m_hat and v_hat, each line making new arrays."""
    params, grads = arrays(tiny)
    m = {k: np.zeros_like(v) for k, v in params.items()}
    v = {k: np.zeros_like(p) for k, p in params.items()}
    t = [0]
    b1, b2, eps = 0.9, 0.999, 1e-8

    def step():
        t[0] += 1
        for k, g in grads.items():
            m[k] = b1 * m[k] + (1 - b1) * g
            v[k] = b2 * v[k] + (1 - b2) * g * g
            m_hat, v_hat = m[k] / (1 - b1 ** t[0]), v[k] / (1 - b2 ** t[0])
            params[k] -= LR * m_hat / (np.sqrt(v_hat) + eps)

    return step, params


def two_threads_step(tiny: bool):
    params, grads = arrays(tiny)
    keys = sorted(params, key=lambda k: -params[k].size)
    halves = [keys[0::2], keys[1::2]]  # the largest matrices on different threads
    adams = [Adam(LR), Adam(LR)]

    def step():
        fresh = {k: g.copy() for k, g in grads.items()}
        workers = [
            threading.Thread(target=adam.step, args=(params, {k: fresh[k] for k in half}))
            for adam, half in zip(adams, halves)
        ]
        for worker in workers:
            worker.start()
        for worker in workers:
            worker.join()

    return step, params


def numexpr_step(tiny: bool):
    import numexpr as ne

    params, grads = arrays(tiny)
    m = {k: np.zeros_like(v) for k, v in params.items()}
    v = {k: np.zeros_like(p) for k, p in params.items()}
    t = [0]

    def step():
        t[0] += 1
        c1, c2 = 1 - 0.9 ** t[0], 1 - 0.999 ** t[0]
        lr_t, eps_t = np.float32(LR * np.sqrt(c2) / c1), np.float32(1e-8 * np.sqrt(c2))
        for k, g in grads.items():
            names = {"g": g.copy(), "m": m[k], "v": v[k], "p": params[k], "lr": lr_t, "eps": eps_t}
            for formula, out in [
                ("0.9 * m + 0.1 * g", m[k]),
                ("0.999 * v + 0.001 * g * g", v[k]),
                ("p - lr * m / (sqrt(v) + eps)", params[k]),
            ]:
                ne.evaluate(formula, local_dict=names, out=out, casting="same_kind")

    return step, params


def torch_step(tiny: bool, fused: bool):
    import torch

    params, grads = arrays(tiny)
    tensors = [torch.from_numpy(p).requires_grad_() for p in params.values()]  # (shared memory)
    for tensor, g in zip(tensors, grads.values()):
        tensor.grad = torch.from_numpy(g.copy())
    how = {"fused": True} if fused else {"foreach": True}
    optimizer = torch.optim.Adam(tensors, lr=LR, **how)

    def step():
        with torch.no_grad():
            optimizer.step()

    return step, params


def variants(tiny: bool) -> dict:
    """Every variant this machine can run, as a function that makes (its step, the weights
    it updates)."""
    found = {
        "annlib": annlib_step,
        "formula as written": formula_step,
        "annlib, 2 threads": two_threads_step,
    }
    try:
        import numexpr  # noqa: F401

        found["numexpr"] = numexpr_step
    except ImportError:
        print("numexpr is not installed: its variant is left out (pip install numexpr)")
    try:
        import torch  # noqa: F401

        found["PyTorch foreach"] = lambda tiny: torch_step(tiny, fused=False)
        try:
            torch_step(True, fused=True)[0]()
            found["PyTorch fused"] = lambda tiny: torch_step(tiny, fused=True)
        except (RuntimeError, TypeError) as error:
            print(f"this PyTorch has no fused Adam on the CPU ({str(error)[:60]})")
    except ImportError:
        print("PyTorch is not installed: its variants are left out (benchmarks/requirements.txt)")
    return found


def run(tiny: bool, rounds: int, steps: int) -> dict[str, float]:
    """The median milliseconds per step of each variant, over ``rounds`` turns of ``steps``."""
    made = {name: make(tiny)[0] for name, make in variants(tiny).items()}
    times = {name: [] for name in made}
    for step in made.values():  # warm up: first allocations, thread pools
        step()
    for _ in range(rounds):
        for name, step in made.items():
            start = time.perf_counter()
            for _ in range(steps):
                step()
            times[name].append(1e3 * (time.perf_counter() - start) / steps)
    return {name: statistics.median(ms) for name, ms in times.items()}


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tiny", action="store_true", help="small weights, a few steps")
    parser.add_argument("--rounds", type=int, default=None)
    parser.add_argument("--steps", type=int, default=None)
    args = parser.parse_args(argv)
    rounds = args.rounds or (2 if args.tiny else 15)
    steps = args.steps or (3 if args.tiny else 20)
    result = run(args.tiny, rounds, steps)
    base = result["annlib"]
    print("| variant | ms per step (median) | x annlib |")
    print("|---|---|---|")
    for name, ms in result.items():
        print(f"| {name} | {ms:.2f} | {ms / base:.2f} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
