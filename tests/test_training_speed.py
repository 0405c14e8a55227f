"""benchmarks/training_speed.py runs end to end on synthetic data (timings are never tested).

training_speed.py needs PyTorch, which the course does not install
(benchmarks/requirements.txt does): without it, its test is skipped."""

import sys

import numpy as np
import pytest
from scripts import load_script


@pytest.fixture(scope="module")
def speed():
    pytest.importorskip("torch", reason="benchmarks/training_speed.py compares with PyTorch")
    yield load_script("benchmarks/training_speed.py", "annlib_training_speed")
    del sys.modules["annlib_training_speed"]


def test_every_workload_is_timed_in_both_tools(speed, capsys):
    assert speed.main(["--tiny", "--threads", "1"]) == 0
    out = capsys.readouterr().out
    for workload in ("sgd", "adam", "convnet", "lenet"):
        assert workload in out
    table = speed.run(
        epochs=2, repeats=1, threads=1, tiny=True, names=["sgd"], log=lambda *a, **k: None
    )
    row = table.loc["sgd"]
    assert row["annlib s/epoch"] > 0 and row["PyTorch s/epoch"] > 0
    assert row["annlib / PyTorch"] == pytest.approx(row["annlib s/epoch"] / row["PyTorch s/epoch"])
    assert row["met"] in ("yes", "no")


def test_time_to_accuracy_counts_training_seconds_until_the_target():
    from annlib.model import History

    module = load_script("benchmarks/time_to_accuracy.py", "annlib_time_to_accuracy")
    del sys.modules["annlib_time_to_accuracy"]

    history = History(seconds=[1.0, 2.0, 4.0], val_accuracy=[0.90, 0.97, 0.99])
    assert module.seconds_to(history, 0.97) == 3.0
    assert module.seconds_to(history, 0.995) is None
    assert module.seconds_to({"seconds": [1.0, 2.0], "val_accuracy": [0.97, 0.99]}, 0.97) == 1.0
    recipes = module.candidates()
    ours = f"notebook 05's recipe ({module.RECIPE['epochs']} epochs, shifts)"
    assert recipes[ours] is module.RECIPE
    assert recipes["the old recipe (20 epochs, shifts)"] == {**module.RECIPE, "epochs": 20}
    assert all(set(r) <= {*module.RECIPE, "augment"} for r in recipes.values())
    full = module.candidates_all_digits()
    assert "the old recipe (10 epochs, batch 128)" in full
    assert full["5 epochs, batch 256, lr 2e-3"] == {  # what notebook 06's section 3 trains
        **full["the old recipe (10 epochs, batch 128)"],
        "epochs": 5,
        "batch_size": 256,
        "lr": 2e-3,
    }
    assert all(set(r) <= set(module.RECIPE) for r in full.values())
    lenet = module.candidates_lenet()  # notebook 12's LeNet trains LENET_RECIPE
    ours = "LeNet (6, 16), hidden 120, 10 epochs (notebook 12's)"
    assert {k: v for k, v in lenet[ours].items() if k != "network"} == module.LENET_RECIPE
    assert lenet[ours]["network"] == {}  # LeNet's defaults, which the notebook uses
    assert all(set(r) <= {*module.RECIPE, "network"} for r in lenet.values())
    convnet = module.candidates_convnet()  # notebook 12's ConvNet trains "5 epochs"
    assert convnet["5 epochs"] == {**module.CONVNET, "epochs": 5}
    assert all(set(r) <= set(module.RECIPE) for r in convnet.values())


def test_widget_work_times_every_widget_the_latency_benchmark_times(capsys):
    module = load_script("benchmarks/widget_work.py", "annlib_widget_work")
    del sys.modules["annlib_widget_work"]
    assert module.per_input(lambda i: None, repeats=3) >= 0
    module.main(["--repeats", "1", "--markdown"])
    table = capsys.readouterr().out
    for widget in ("01 neuron explorer", "02 network explorer", "12 drawing pad", "10 network pad"):
        assert f"| {widget}" in table
    assert table.count("\n") == 2 + 11  # the header, its rule, and eleven rows


def test_time_to_accuracy_trains_pytorch_with_the_recipe():
    pytest.importorskip("torch", reason="time_to_accuracy.py's PyTorch column needs PyTorch")
    module = load_script("benchmarks/time_to_accuracy.py", "annlib_time_to_accuracy")
    del sys.modules["annlib_time_to_accuracy"]
    rng = np.random.default_rng(0)
    X, y = rng.random((200, 784), dtype=np.float32), rng.integers(0, 10, 200)
    shifted = []

    def augment(batch, generator):
        shifted.append(len(batch))
        return module.RECIPE["augment"](batch, generator)

    recipe = {**module.RECIPE, "epochs": 2, "batch_size": 50, "augment": augment}
    history = module.torch_history(recipe, X, y, X[:40], y[:40])
    assert len(history["seconds"]) == len(history["val_accuracy"]) == 2
    assert all(0 <= a <= 1 for a in history["val_accuracy"])
    assert shifted == [50] * 8  # every batch of both epochs, augmented
