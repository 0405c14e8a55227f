"""annlib installed on its own, as `pip install .` or `pip install git+...` installs it.

Builds a wheel of annlib from this folder, installs it into a new, empty virtual
environment (with only what pyproject.toml's `dependencies` bring), and there, outside this
folder, imports every annlib module and runs a short smoke test: neuron G's truth table,
one epoch of a tiny MLP, and one explorer built. A package that annlib imports but
pyproject.toml does not declare makes this fail.

    python tools/wheel_check.py            # about a minute; exit code 0 when it passes
    python tools/wheel_check.py --python python3.12

(`--smoke` is the part that runs inside the new environment.)
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def build_and_install(python: str, work: Path) -> Path:
    """A wheel of annlib, installed alone into a new virtual environment; its Python."""
    wheels = work / "wheels"
    run([sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "-w", wheels, ROOT])
    (wheel,) = wheels.glob("annlib-*.whl")
    print(f"   built {wheel.name}")
    run([python, "-m", "venv", work / "venv"])
    venv_python = work / "venv" / ("Scripts" if os.name == "nt" else "bin") / "python"
    run([venv_python, "-m", "pip", "install", "--quiet", "--upgrade", "pip"])
    run([venv_python, "-m", "pip", "install", "--quiet", wheel])
    return venv_python


def run(command, **kwargs) -> None:
    subprocess.run([str(part) for part in command], check=True, **kwargs)


def smoke() -> None:
    """Inside the new environment: every module imports, and the basics work."""
    import importlib
    import pkgutil

    import annlib

    where = Path(annlib.__file__).resolve()
    assert ROOT not in where.parents, f"annlib was imported from the checkout ({where})"
    modules = sorted(info.name for info in pkgutil.walk_packages(annlib.__path__, prefix="annlib."))
    for name in modules:
        importlib.import_module(name)
    print(f"   imported annlib and its {len(modules)} modules from {where.parent}")

    import numpy as np

    from annlib import neuron_g, truth_table
    from annlib.data.examples import two_moons
    from annlib.mlp import MLP
    from annlib.widgets import NeuronExplorer

    table = truth_table(neuron_g())
    firing = table.index[table["fires"]].tolist()
    assert firing == [2, 6, 7, 10, 14, 15, 18, 22, 23, 26, 30, 31], firing
    print(f"   neuron G fires on {len(firing)} of the 32 patterns of its truth table")

    X, y = two_moons(200, noise=0.2, seed=0)
    model = MLP([2, 8, 2], seed=0).fit(X, y, epochs=1, batch_size=16, progress=False)
    assert len(model.history_) == 1 and np.isfinite(model.history_.loss[0])
    print(f"   a tiny MLP trained one epoch (loss {model.history_.loss[0]:.2f})")

    explorer = NeuronExplorer(neuron_g())
    parts, controls = [explorer], []
    while parts:
        part = parts.pop()
        parts.extend(getattr(part, "children", ()))
        controls += [part] if hasattr(part, "value") and hasattr(part, "description") else []
    assert len(controls) >= 6, f"the explorer has {len(controls)} controls"  # 5 weights and m
    print(f"   {type(explorer).__name__} built, with {len(controls)} controls")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--python", default=sys.executable, help="the Python to install into")
    parser.add_argument("--smoke", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.smoke:
        smoke()
        return 0
    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="annlib-wheel-") as folder:
        work = Path(folder)
        try:
            venv_python = build_and_install(args.python, work)
            # run from the temporary folder, so that `import annlib` cannot find this checkout
            run([venv_python, Path(__file__).resolve(), "--smoke"], cwd=work)
        except subprocess.CalledProcessError as error:
            print(
                f"wheel check FAILED: {' '.join(error.cmd)} exited with {error.returncode} "
                "(above: what it said). A module missing in the new environment means "
                "pyproject.toml's dependencies leave out a package annlib imports.",
                file=sys.stderr,
            )
            return 1
    seconds = time.monotonic() - started
    print(f"   the wheel installs alone and passes the smoke test ({seconds:.0f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
