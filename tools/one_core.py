"""How long each notebook runs, and how much memory it takes, on a machine like Binder's.

Binder gives a learner about one core and 2 GB. This runs every notebook (or those named)
top to bottom, in order, in a fresh folder, pinned to one core (taskset where the system
has it) with every maths library limited to one thread, and reports its wall time and the
peak memory of its kernel. Nothing in notebooks/ is written.

    python tools/one_core.py               # every notebook (about 10 minutes)
    python tools/one_core.py 05 07         # only these
    python tools/one_core.py --markdown    # the table as Markdown (for the README)
    python tools/one_core.py 07 --slowest 8   # and the 8 slowest cells of each, to know what to cut

The budget (issue 17): no notebook over about 2 minutes, none over 1.5 GB.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tools"))

BUDGET_SECONDS, BUDGET_MB = 120, 1536
ONE_THREAD = {
    name: "1"
    for name in (
        "OMP_NUM_THREADS",
        "OPENBLAS_NUM_THREADS",
        "MKL_NUM_THREADS",
        "NUMEXPR_NUM_THREADS",
        "VECLIB_MAXIMUM_THREADS",
    )
}

# Run in a child process: executes one notebook, prints nothing; its exit code says if it ran.
CHILD = """
import sys
from pathlib import Path
sys.path.insert(0, sys.argv[3])
import notebooks
from nbclient import NotebookClient
nb = notebooks.read_text(Path(sys.argv[1]))
nb.metadata["kernelspec"] = notebooks.KERNELSPEC
NotebookClient(nb, timeout=notebooks.TIMEOUT, kernel_name=notebooks.this_python_kernel(
    Path(sys.argv[2]) / ".jupyter"), resources={"metadata": {"path": sys.argv[2]}}).execute()
import json
from datetime import datetime
cells = []
for cell in nb.cells:  # each code cell's seconds, from the times nbclient records
    times = cell.metadata.get("execution", {})
    if cell.cell_type == "code" and "shell.execute_reply" in times:
        took = (datetime.fromisoformat(times["shell.execute_reply"].replace("Z", "+00:00"))
                - datetime.fromisoformat(times["iopub.execute_input"].replace("Z", "+00:00")))
        first = next((line for line in cell.source.splitlines() if line.strip()), "")
        cells.append([took.total_seconds(), first[:70]])
print(json.dumps(cells))
"""


def measure(notebook: Path, workdir: Path) -> dict:
    """Run one notebook on one core; its seconds and the peak memory of its largest process."""
    command = [sys.executable, "-c", CHILD, str(notebook), str(workdir), str(ROOT / "tools")]
    if shutil.which("taskset"):
        command = ["taskset", "-c", "0", *command]
    env = {**os.environ, **ONE_THREAD}
    start = time.perf_counter()
    done = subprocess.run(command, env=env, capture_output=True, text=True)
    seconds = time.perf_counter() - start
    # ru_maxrss of the children waited for: the largest one, here the notebook's kernel (KiB)
    peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    if done.returncode != 0:
        raise SystemExit(f"{notebook.name} failed on one core:\n{done.stderr[-2000:]}")
    cells = json.loads(done.stdout.strip().splitlines()[-1])
    return {"notebook": notebook.stem, "seconds": seconds, "peak_mb": peak_mb, "cells": cells}


def main(argv=None) -> int:
    import notebooks

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("names", nargs="*", help="notebooks by number or name (default: all)")
    parser.add_argument("--markdown", action="store_true")
    parser.add_argument(
        "--slowest",
        type=int,
        default=0,
        metavar="N",
        help="also list each notebook's N slowest cells",
    )
    args = parser.parse_args(argv)
    rows = []
    with tempfile.TemporaryDirectory(prefix="annlib-one-core-") as folder:
        for notebook in notebooks.select(args.names):
            # each in a fresh process, so one notebook's peak is not the next one's
            # (ru_maxrss only grows): a child of a fresh child
            done = subprocess.run(
                [sys.executable, __file__, "--one", str(notebook), folder],
                capture_output=True,
                text=True,
            )
            if done.returncode != 0:
                raise SystemExit(done.stderr.strip() or f"{notebook.name}: the run failed")
            row = json.loads(done.stdout)
            rows.append(row)
            print(
                f"  {row['notebook']}: {row['seconds']:.0f} s, {row['peak_mb']:.0f} MB",
                file=sys.stderr,
            )
            for took, first in sorted(row["cells"], reverse=True)[: args.slowest]:
                print(f"    {took:6.1f} s  {first}", file=sys.stderr)
    print(report(rows, args.markdown))
    return 0 if all(ok(r) for r in rows) else 1


def ok(row: dict) -> bool:
    return row["seconds"] <= BUDGET_SECONDS and row["peak_mb"] <= BUDGET_MB


def report(rows, markdown: bool) -> str:
    lines = [
        f"One core (taskset -c 0), one thread per maths library; budget {BUDGET_SECONDS} s and "
        f"{BUDGET_MB / 1024:.1f} GB per notebook.",
        "",
    ]
    if markdown:
        lines += ["| notebook | seconds | peak memory (MB) | within budget |", "|---|---|---|---|"]
        for r in rows:
            within = "yes" if ok(r) else "no"
            lines.append(
                f"| {r['notebook']} | {r['seconds']:.0f} | {r['peak_mb']:.0f} | {within} |"
            )
    else:
        lines += [
            f"{r['notebook']:28s} {r['seconds']:6.0f} s {r['peak_mb']:7.0f} MB  "
            f"{'ok' if ok(r) else 'OVER BUDGET'}"
            for r in rows
        ]
    return "\n".join(lines)


if __name__ == "__main__":
    if len(sys.argv) == 4 and sys.argv[1] == "--one":
        print(json.dumps(measure(Path(sys.argv[2]), Path(sys.argv[3]))))
        sys.exit(0)
    sys.exit(main())
