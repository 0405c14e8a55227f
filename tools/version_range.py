"""The oldest and the newest packages the README allows, proven in two fresh environments.

    oldest   the oldest supported Python, with every package of pyproject.toml (annlib's
             dependencies and the extras `course` and `test`) at exactly its lower bound
    newest   the newest supported Python, with the newest release of every package

In each, from this folder: the unit tests (`pytest tests -m "not browser"`, which import and
exercise every annlib module; not those of the maintainers' scripts, MAINTAINERS_TESTS, which
CI runs in its main environment), then nbval on the notebooks that train little (NOTEBOOKS),
whose checked cells then hold with those versions' printing and arithmetic. Notebooks 05, 06,
07 and 11 are left out: they train for 40 s to two minutes on one core, and the unit tests
cover their code; 08, quick since notebooks were split (17 s), is not yet added. (Notebooks
09, 10 and 12 read the network notebook 05 saved in notebooks/models, as a learner's do;
where there is none, they train it once, the way notebook 05 does.)
PyTorch is not installed (the tests and notebook 14 skip its part, with a message).
The supported Pythons are pyproject.toml's classifiers; each is found on the PATH
(python3.10, ...), among pyenv's versions, or in the variable ANNLIB_PYTHON_3_10 (...).

    python tools/version_range.py              # both, one after the other
    python tools/version_range.py oldest       # or newest
    python tools/version_range.py --parallel   # both at once, one BLAS thread each
    python tools/version_range.py --threads 1  # one after the other, on one core (as CI does,
                                               # beside tools/other_arithmetic.py on the other)
    python tools/version_range.py --save       # and write the versions into the README

The report names the Python and the version of every declared package that was installed.
Exit code 0 when every environment passed.
"""

from __future__ import annotations

import argparse
import glob
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

try:
    import tomllib
except ImportError:  # Python 3.10
    import tomli as tomllib

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = ["01", "02", "03", "04", "09", "10", "13", "14"]
# Tests of the maintainers' scripts (benchmarks, tools, the website's drawn-ahead pictures):
# they run in CI's main environment; the version range proves what a learner installs.
MAINTAINERS_TESTS = [
    "tests/test_adam_update.py",
    "tests/test_ahead.py",
    "tests/test_benchmark.py",
    "tests/test_tools.py",
    "tests/test_training_speed.py",
    "tests/test_website.py",
]
EXTRAS = ("course", "test")
README_START = "<!-- version range: written by python tools/version_range.py --save -->"
README_END = "<!-- end of version range -->"
# One install at a time: an editable install writes annlib's build information into this
# folder, and two at once could trip over each other.
INSTALLING = threading.Lock()


def project() -> dict:
    return tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]


def requirements() -> list[str]:
    """Every package the course declares, as 'name>=lowest': annlib's own, then the extras."""
    declared = list(project()["dependencies"])
    for extra in EXTRAS:
        declared += project()["optional-dependencies"][extra]
    return declared


def lowest_pins() -> list[str]:
    """Every declared package pinned to exactly its lower bound ('numpy==1.26')."""
    pins = []
    for requirement in requirements():
        name, bound = re.fullmatch(r"([A-Za-z0-9_.\-]+)>=([0-9][0-9.]*)", requirement).groups()
        pins.append(f"{name}=={bound}")
    return pins


def supported_pythons() -> list[str]:
    """The Python versions pyproject.toml's classifiers name, oldest first ('3.10', ...)."""
    prefix = "Programming Language :: Python :: "
    versions = [
        c.removeprefix(prefix)
        for c in project()["classifiers"]
        if re.fullmatch(re.escape(prefix) + r"3\.\d+", c)
    ]
    return sorted(versions, key=lambda v: tuple(map(int, v.split("."))))


def find_python(version: str) -> str:
    """The interpreter of a Python version, or a SystemExit saying how to provide one."""
    variable = "ANNLIB_PYTHON_" + version.replace(".", "_")
    candidates = [os.environ.get(variable), shutil.which(f"python{version}")]
    home = Path(os.environ.get("PYENV_ROOT", Path.home() / ".pyenv"))
    pattern = str(home / "versions" / f"{version}.*" / "bin" / f"python{version}")
    candidates += sorted(glob.glob(pattern), key=_patch_number, reverse=True)
    for candidate in filter(None, candidates):
        try:
            said = subprocess.run(
                [candidate, "-c", "import sys; print('%d.%d' % sys.version_info[:2])"],
                capture_output=True, text=True, check=True,
            ).stdout.strip()  # fmt: skip
        except (OSError, subprocess.CalledProcessError):
            continue
        if said == version:
            return candidate
    raise SystemExit(
        f"Python {version} was not found (not on the PATH as python{version}, not among "
        f"pyenv's versions): install it, or set {variable} to its interpreter."
    )


def _patch_number(path: str) -> int:
    found = re.search(r"/\d+\.\d+\.(\d+)/", path)
    return int(found.group(1)) if found else -1


@dataclass
class Result:
    name: str
    python: str = ""
    versions: dict[str, str] = field(default_factory=dict)
    steps: list[tuple[str, bool, float]] = field(default_factory=list)

    @property
    def passed(self) -> bool:
        return bool(self.steps) and all(ok for _, ok, _ in self.steps)


def prove(name: str, work: Path, threads: int | None = None) -> Result:
    """Make the environment `name` ('oldest' or 'newest') in work/name and run the tests."""
    pythons = supported_pythons()
    version = pythons[0] if name == "oldest" else pythons[-1]
    result = Result(name)
    log = work / f"{name}.log"
    env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1", "PIP_DISABLE_PIP_VERSION_CHECK": "1"}
    env.pop("VIRTUAL_ENV", None)
    if threads:
        env.update({k: str(threads) for k in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS")})

    def step(title: str, command: list, **kwargs) -> bool:
        started = time.monotonic()
        with open(log, "a", encoding="utf-8") as out:
            out.write(f"\n== {title}: {' '.join(map(str, command))}\n")
            out.flush()
            done = subprocess.run(
                [str(c) for c in command], cwd=ROOT, env=env, stdout=out, stderr=out, **kwargs
            )
        ok = done.returncode == 0
        result.steps.append((title, ok, time.monotonic() - started))
        print(f"   [{name}] {title}: {'passed' if ok else 'FAILED'} "
              f"({time.monotonic() - started:.0f} s)", flush=True)  # fmt: skip
        return ok

    venv = work / f"venv-{name}"
    subprocess.run([find_python(version), "-m", "venv", venv], check=True)
    python = venv / ("Scripts" if os.name == "nt" else "bin") / "python"
    env["PATH"] = f"{python.parent}{os.pathsep}{env['PATH']}"
    pip = [python, "-m", "pip", "install", "--quiet"]
    install = [*pip, "-e", f"{ROOT}[{','.join(EXTRAS)}]"]
    if name == "oldest":
        constraints = work / "oldest-constraints.txt"
        constraints.write_text("\n".join(lowest_pins()) + "\n", encoding="utf-8")
        install += ["-c", constraints]
    with INSTALLING:
        if not (step("pip", [*pip, "--upgrade", "pip"]) and step("install", install)):
            return result
    result.python = subprocess.run(
        [python, "-c", "import platform; print(platform.python_version())"],
        capture_output=True, text=True, check=True,
    ).stdout.strip()  # fmt: skip
    result.versions = installed_versions(python)
    pytest = [python, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-rfE"]
    skipped = [f"--ignore={test}" for test in MAINTAINERS_TESTS]
    step("unit tests", [*pytest, "tests", "-m", "not browser", *skipped])
    notebooks = notebook_paths()
    step(f"nbval on notebooks {', '.join(NOTEBOOKS)}", [*pytest, *notebooks])
    return result


def notebook_paths() -> list[str]:
    """The notebooks of NOTEBOOKS, one file each (a number that names none is an error)."""
    paths = []
    for number in NOTEBOOKS:
        found = sorted(ROOT.glob(f"notebooks/{number}_*.ipynb"))
        if len(found) != 1:
            raise SystemExit(f"NOTEBOOKS names notebook {number}, but {len(found)} files match it")
        paths.append(str(found[0].relative_to(ROOT)))
    return paths


def installed_versions(python) -> dict[str, str]:
    """The installed version of every declared package, in the environment of python."""
    names = [re.split(r"[<>=]", r)[0] for r in requirements()]
    code = (
        "import sys; from importlib.metadata import version\n"
        "for name in sys.argv[1:]: print(name, version(name))"
    )
    lines = subprocess.run(
        [python, "-c", code, *names], capture_output=True, text=True, check=True
    ).stdout.split("\n")
    return dict(line.split(" ", 1) for line in lines if line)


def failures(log: str) -> str:
    """The lines of a log that say what failed: pytest's summary of failures and errors,
    or, if a step failed before any test ran, the log's last lines."""
    lines = log.splitlines()
    said = [line for line in lines if line.startswith(("FAILED ", "ERROR ", "E   "))]
    return "\n".join(said[:80] or lines[-40:])


def report(results: list[Result]) -> str:
    """The README's table: one column per environment, one row per package."""
    head = "| | " + " | ".join(r.name for r in results) + " |"
    lines = [head, "|---" * (len(results) + 1) + "|"]
    lines.append("| Python | " + " | ".join(r.python for r in results) + " |")
    names = dict.fromkeys(name for r in results for name in r.versions)  # in order, once
    for name in names:
        lines.append(f"| {name} | " + " | ".join(r.versions.get(name, "") for r in results) + " |")
    lines.append(
        "| tests | " + " | ".join(("passed" if r.passed else "FAILED") for r in results) + " |"
    )
    return "\n".join(lines)


def save(table: str, day: str) -> None:
    readme = ROOT / "README.md"
    text = readme.read_text(encoding="utf-8")
    start, end = text.index(README_START) + len(README_START), text.index(README_END)
    body = f"\nProven on {day} by `python tools/version_range.py`:\n\n{table}\n\n"
    readme.write_text(text[:start] + body + text[end:], encoding="utf-8")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("which", nargs="*", help="oldest, newest or both (the default)")
    parser.add_argument("--parallel", action="store_true", help="both at once, 1 thread each")
    parser.add_argument("--threads", type=int, help="BLAS threads for the tests (default: all)")
    parser.add_argument("--save", action="store_true", help="write the table into the README")
    parser.add_argument("--keep", type=Path, help="make the environments here and keep them")
    args = parser.parse_args()
    which = args.which or ["oldest", "newest"]
    if set(which) - {"oldest", "newest"}:
        parser.error(f"choose oldest, newest or both; got {' '.join(which)}")
    started = time.monotonic()
    work = args.keep or Path(tempfile.mkdtemp(prefix="annlib-versions-"))
    work.mkdir(parents=True, exist_ok=True)
    print(f"== the version range: {', '.join(which)} (logs in {work})", flush=True)
    try:
        if args.parallel and len(which) > 1:
            from concurrent.futures import ThreadPoolExecutor

            with ThreadPoolExecutor(len(which)) as pool:
                results = list(pool.map(lambda n: prove(n, work, threads=1), which))
        else:
            results = [prove(name, work, threads=args.threads) for name in which]
        table = report(results)
        print(table)
        for result in results:
            if not result.passed:
                print(f"--- what failed in {result.name} (all of it: {work / result.name}.log):")
                print(failures((work / f"{result.name}.log").read_text(errors="replace")))
        if args.save and all(r.passed for r in results) and len(results) == 2:
            save(table, time.strftime("%Y-%m-%d"))
            print("   written into the README")
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
    print(f"   {time.monotonic() - started:.0f} s in all")
    return 0 if all(r.passed for r in results) else 1


if __name__ == "__main__":
    sys.exit(main())
