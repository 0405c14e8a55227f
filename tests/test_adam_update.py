"""benchmarks/adam_update.py: every variant it times makes the same update as annlib's Adam
(a fast variant that computed something else would mislead); timings are never tested."""

import sys

import numpy as np
import pytest
from scripts import load_script


@pytest.fixture(scope="module")
def bench():
    yield load_script("benchmarks/adam_update.py", "annlib_adam_update")
    del sys.modules["annlib_adam_update"]


def test_every_variant_updates_the_weights_as_annlib_does(bench):
    made = {name: make(True) for name, make in bench.variants(True).items()}
    assert {"annlib", "formula as written", "annlib, 2 threads"} <= set(made)
    for step, _ in made.values():
        for _ in range(3):
            step()
    _, expected = made["annlib"]
    start, _ = bench.arrays(True)
    for name, (_, params) in made.items():
        for key, value in params.items():
            assert not np.array_equal(value, start[key]), f"{name} did not move {key}"
            assert np.allclose(value, expected[key], rtol=1e-5, atol=1e-7), (name, key)


def test_it_prints_a_table_of_every_variant(bench, capsys):
    assert bench.main(["--tiny"]) == 0
    out = capsys.readouterr().out
    assert "| annlib | " in out and "| annlib, 2 threads | " in out
