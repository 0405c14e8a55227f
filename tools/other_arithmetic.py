"""Run the notebooks' checked cells with other floating-point arithmetic than they were saved with.

A cell marked `# NBVAL_CHECK_OUTPUT` must print facts that hold on every machine: not the
last digits of a sum, which change with the processor, the BLAS library and the number of
threads. This runs nbval on the notebooks with the arithmetic changed in every way this
machine allows, so that a checked cell printing such digits fails here, not on a
learner's machine:

- OpenBLAS (NumPy's and SciPy's matrix products) on another family of kernels
  (OPENBLAS_CORETYPE: Sandybridge's, which add without fused multiply-add, or Haswell's
  where Sandybridge's are the ones in use), and on one thread instead of several;
- NumPy's own loops (exp, tanh, sums) without the vector instructions found on this
  processor (NPY_DISABLE_CPU_FEATURES), so with other rounding;
- PyTorch's kernels at their plainest level (ATEN_CPU_CAPABILITY=default), one thread.

Before the notebooks run, a probe proves that the change took effect: the same matrix
product and exp give other bits than with the usual arithmetic (else the run would prove
nothing, and it stops). threadpoolctl names the kernels in use.

    python tools/other_arithmetic.py                      # every notebook (several minutes)
    python tools/other_arithmetic.py notebooks/03_*.ipynb # some of them
"""

from __future__ import annotations

import os
import platform
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

PROBE = """
import hashlib, json, numpy as np
from threadpoolctl import threadpool_info
try:
    from numpy._core._multiarray_umath import __cpu_dispatch__, __cpu_features__
except ImportError:  # NumPy 1
    from numpy.core._multiarray_umath import __cpu_dispatch__, __cpu_features__
rng = np.random.default_rng(0)
A = rng.normal(size=(257, 300)).astype(np.float32)
B = rng.normal(size=(300, 129)).astype(np.float32)
x = rng.normal(size=100_000).astype(np.float32)
blas = [i for i in threadpool_info() if i["internal_api"] == "openblas"]
print(json.dumps({
    "product": hashlib.sha256((A @ B).tobytes()).hexdigest(),
    "exp": hashlib.sha256(np.exp(x).tobytes()).hexdigest(),
    "kernels": blas[0]["architecture"] if blas else None,
    "threads": blas[0]["num_threads"] if blas else None,
    "numpy loops": [f for f in __cpu_dispatch__ if __cpu_features__.get(f)],
}))
"""


def probe(env: dict) -> dict:
    import json

    said = subprocess.run(
        [sys.executable, "-c", PROBE], env=env, capture_output=True, text=True, check=True
    )
    return json.loads(said.stdout)


def other_arithmetic(usual: dict) -> dict[str, str]:
    """The environment variables that change the arithmetic, chosen from the usual one."""
    change = {
        "OPENBLAS_NUM_THREADS": "1",
        "OMP_NUM_THREADS": "1",
        "MKL_NUM_THREADS": "1",
        "ATEN_CPU_CAPABILITY": "default",
    }
    if usual["numpy loops"]:
        change["NPY_DISABLE_CPU_FEATURES"] = " ".join(usual["numpy loops"])
    if platform.machine().lower() in ("x86_64", "amd64") and usual["kernels"]:
        change["OPENBLAS_CORETYPE"] = (
            "Haswell" if usual["kernels"].lower() == "sandybridge" else "Sandybridge"
        )
    return change


def main() -> int:
    base = {k: v for k, v in os.environ.items() if k not in ("OPENBLAS_CORETYPE",)}
    usual = probe(base)
    change = other_arithmetic(usual)
    env = {**base, **change}
    other = probe(env)
    print("== the notebooks' checked cells with other arithmetic")
    print(f"   usual: OpenBLAS {usual['kernels']} kernels on {usual['threads']} threads, "
          f"NumPy loops {' '.join(usual['numpy loops']) or 'baseline'}")  # fmt: skip
    print(f"   now:   OpenBLAS {other['kernels']} kernels on {other['threads']} thread, "
          f"NumPy loops {' '.join(other['numpy loops']) or 'baseline'}; "
          + " ".join(f"{k}={v}" for k, v in change.items()))  # fmt: skip
    if other["product"] == usual["product"] and other["exp"] == usual["exp"]:
        print(
            "   the arithmetic did not change (the same bits as usual): this run would prove "
            "nothing, so it stops here.",
            file=sys.stderr,
        )
        return 1
    same = {key: other[key] == usual[key] for key in ("product", "exp")}
    said = ", ".join(f"{key} {'the same' if same[key] else 'other bits'}" for key in same)
    print(f"   proven changed: {said}")
    targets = sys.argv[1:] or ["notebooks"]
    command = [sys.executable, "-m", "pytest", "-q", *targets]
    return subprocess.run(command, cwd=ROOT, env=env).returncode


if __name__ == "__main__":
    sys.exit(main())
