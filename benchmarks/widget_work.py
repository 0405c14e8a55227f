"""The kernel's share of a widget's answer: milliseconds of Python per input, and the
seconds an explorer takes to appear when it draws every position of its slider ahead.

The browser tests time the whole trip (tests/browser/test_latency.py); this script times
only what runs in the kernel, so the two together say where the time goes. Median of
``--repeats`` inputs each, on this machine's clock (noisy: compare within one run).

    python benchmarks/widget_work.py              # about half a minute
    python benchmarks/widget_work.py --markdown   # the table as Markdown (for the README)
"""

from __future__ import annotations

import argparse
import statistics
import time

import numpy as np
import pandas as pd

from annlib import neuron_g, truth_table
from annlib.data.examples import article_network
from annlib.lab.digit_reader import NETWORK
from annlib.mlp import MLP
from annlib.widgets import (
    DescentExplorer,
    DrawingPad,
    LearningRateExplorer,
    NetworkExplorer,
    NetworkPad,
    NeuronExplorer,
    SSEExplorer,
)

AND_X, AND_Y = np.array([[0, 0], [0, 1], [1, 0], [1, 1]]), np.array([0, 0, 0, 1])


def per_input(act, repeats: int) -> float:
    """Median milliseconds of ``act(i)`` over ``repeats`` inputs."""
    times = []
    for i in range(repeats):
        started = time.perf_counter()
        act(i)
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def seconds(make) -> float:
    started = time.perf_counter()
    make()
    return time.perf_counter() - started


def run(repeats: int) -> pd.DataFrame:
    neuron = NeuronExplorer(neuron_g())
    network = NetworkExplorer(article_network(), [1, 1, 0, 1], neuron="G")
    pad = DrawingPad(model=MLP(**NETWORK))  # the course's network's sizes: the same work
    lit = NetworkPad(MLP(**NETWORK))
    table = truth_table(neuron_g())
    X, y = table[list("ABCDE")].to_numpy(), table.fires.astype(int).to_numpy()

    def toggle(i):
        network.toggles[2].value = not network.toggles[2].value

    def first_steps(sliders):
        """Two sliders in turn: each step is a slider's first since the other moved, so the
        explorer draws that slider's frames ahead again."""

        def act(i):
            slider = sliders[i % 2]
            slider.value = slider.min if slider.value != slider.min else slider.min + slider.step

        return act

    def slider_then_click(i):
        m = network.controls.m_slider
        m.value = 2.5 if m.value != 2.5 else 3.0  # draws m's frames ahead
        network.toggles[2].value = not network.toggles[2].value  # draws all 4 inputs' flips

    def stroke(i, pad=pad):
        pad.clear()
        pad.draw([(140, 40), (140 + i % 3, 250)])

    rows = [
        (
            "01 neuron explorer: one step of m",
            "ms per input",
            per_input(lambda i: setattr(neuron.m_slider, "value", 2.5 + 0.5 * (i % 2)), repeats),
        ),
        ("02 network explorer: click an input", "ms per input", per_input(toggle, repeats)),
        (
            "02 network explorer: one step of G's m",
            "ms per input",
            per_input(
                lambda i: setattr(network.controls.m_slider, "value", 2.5 + 0.5 * (i % 2)), repeats
            ),
        ),
        (
            "01 neuron explorer: a slider's first step (draws its frames ahead)",
            "ms per input",
            per_input(first_steps([neuron.weight_sliders[0], neuron.m_slider]), repeats),
        ),
        (
            "02 network explorer: a slider's first step (draws its frames ahead)",
            "ms per input",
            per_input(
                first_steps([network.controls.m_slider, network.controls.weight_sliders[0]]),
                repeats,
            ),
        ),
        (
            "02 network explorer: a step of G's m, then a click (both draw ahead)",
            "ms per pair",
            per_input(slider_then_click, repeats),
        ),
        ("12 drawing pad: a stroke -> the answer", "ms per input", per_input(stroke, repeats)),
        (
            "10 network pad: a stroke -> the answer and the lit network",
            "ms per input",
            per_input(lambda i: stroke(i, lit), repeats),
        ),
        (
            "03 SSE explorer appears (161 frames)",
            "s",
            seconds(lambda: SSEExplorer(AND_X, AND_Y, [3.0, 1.0], 1.5, index=0, name="w_C")),
        ),
        (
            "03 descent explorer appears (81 frames)",
            "s",
            seconds(lambda: DescentExplorer(AND_X, AND_Y, [1.0, 1.0], 1.5, start=3.0, lr=3.0)),
        ),
        (
            "03 learning-rate explorer appears (61 runs of 300 epochs, 61 frames)",
            "s",
            seconds(
                lambda: LearningRateExplorer(
                    lambda: MLP([5, 1], output="sigmoid", loss="sse", seed=0),
                    X,
                    y,
                    epochs=300,
                    lr=3.0,
                )
            ),
        ),
    ]
    return pd.DataFrame(rows, columns=["what", "unit", "time"])


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=30)
    parser.add_argument("--markdown", action="store_true")
    args = parser.parse_args(argv)
    table = run(args.repeats)
    table["time"] = table["time"].map(lambda t: f"{t:.1f}")
    if args.markdown:
        print("| what | unit | time |\n|---|---|---|")
        for row in table.itertuples(index=False):
            print(f"| {row.what} | {row.unit} | {row.time} |")
    else:
        print(table.to_string(index=False))


if __name__ == "__main__":
    main()
