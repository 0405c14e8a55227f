"""Binder gets exactly the course's environment, so the notebooks proven by `python -m pytest`
are the ones Binder runs (.ci/binder-check then only proves that the build works)."""

from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def requirement_lines(path: Path) -> list[str]:
    lines = (line.split("#", 1)[0].strip() for line in path.read_text().splitlines())
    return [line for line in lines if line]


def test_binder_installs_the_course_requirements_and_nothing_else():
    assert requirement_lines(ROOT / "binder" / "requirements.txt") == ["-r ../requirements.txt"]


def test_binder_python_is_one_the_course_supports():
    runtime = (ROOT / "binder" / "runtime.txt").read_text().strip()
    assert runtime.startswith("python-3.")
    minor = int(runtime.split(".")[1])
    assert 10 <= minor <= 13


def test_postbuild_fails_loudly_and_fetches_mnist():
    script = (ROOT / "binder" / "postBuild").read_text().splitlines()
    assert "set -e" in script[:5]
    assert any("annlib.data" in line for line in script)
