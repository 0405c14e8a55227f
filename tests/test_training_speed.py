"""benchmarks/training_speed.py runs end to end on synthetic data (timings are never tested).

It needs PyTorch, which the course does not install (benchmarks/requirements.txt does):
without it, the test is skipped."""

import importlib.util
import sys
from pathlib import Path

import pytest

SCRIPT = Path(__file__).resolve().parents[1] / "benchmarks" / "training_speed.py"


@pytest.fixture(scope="module")
def speed():
    pytest.importorskip("torch", reason="benchmarks/training_speed.py compares with PyTorch")
    spec = importlib.util.spec_from_file_location("annlib_training_speed", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up here
    spec.loader.exec_module(module)
    yield module
    del sys.modules[spec.name]


def test_every_workload_is_timed_in_both_tools(speed, capsys):
    assert speed.main(["--tiny", "--threads", "1"]) == 0
    out = capsys.readouterr().out
    for workload in ("sgd", "adam", "convnet"):
        assert workload in out
    table = speed.run(
        epochs=2, repeats=1, threads=1, tiny=True, names=["sgd"], log=lambda *a, **k: None
    )
    row = table.loc["sgd"]
    assert row["annlib s/epoch"] > 0 and row["PyTorch s/epoch"] > 0
    assert row["annlib / PyTorch"] == pytest.approx(row["annlib s/epoch"] / row["PyTorch s/epoch"])
    assert row["met"] in ("yes", "no")


def test_time_to_accuracy_counts_training_seconds_until_the_target():
    spec = importlib.util.spec_from_file_location(
        "annlib_time_to_accuracy", SCRIPT.parent / "time_to_accuracy.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    from annlib.model import History

    history = History(seconds=[1.0, 2.0, 4.0], val_accuracy=[0.90, 0.97, 0.99])
    assert module.seconds_to(history, 0.97) == 3.0
    assert module.seconds_to(history, 0.995) is None
    recipes = module.candidates()
    assert "notebook 05's recipe (20 epochs, shifts)" in recipes
    assert all(set(r) <= {*module.RECIPE, "augment"} for r in recipes.values())
