"""The explorers the website runs with no kernel, as the notebooks save them, and the same
explorers made afresh by annlib (for tests/test_ahead.py and tests/browser/test_site.py)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import nbformat

from annlib.widgets import _ahead

REPO = Path(__file__).resolve().parents[1]


def saved() -> list[tuple[str, int, dict]]:
    """(notebook, n, data) for the n-th explorer of each notebook saved with its states."""
    found = []
    for path in sorted((REPO / "notebooks").glob("[0-9][0-9]_*.ipynb")):
        nb = nbformat.read(path, as_version=4)
        outputs = [o for c in nb.cells if c.cell_type == "code" for o in c.get("outputs", [])]
        datas = [o["data"][_ahead.MIME] for o in outputs if _ahead.MIME in o.get("data", {})]
        found += [(path.stem, n, dict(data)) for n, data in enumerate(datas)]
    return found


def fresh(notebook: str, n: int):
    """The n-th drawn-ahead explorer of ``notebook``, made as the notebook makes it."""
    import numpy as np

    from annlib import neuron_g, truth_table, widgets
    from annlib.data.examples import article_network, first_layer, six_images
    from annlib.lab.loss_surfaces import ravine
    from annlib.mlp import MLP

    x_and, y_and = np.array([[0, 0], [0, 1], [1, 0], [1, 1]]), np.array([0, 0, 0, 1])
    table = truth_table(neuron_g())
    makers = {
        ("01_threshold_neuron", 0): lambda: widgets.neuron_explorer(neuron_g()),
        ("02_layers", 0): lambda: widgets.network_explorer(
            article_network(),
            first_layer().fires(six_images()["scenario 1"].ravel()).astype(int),
            neuron="G",
        ),
        ("03_measuring_error", 0): lambda: widgets.SSEExplorer(
            x_and, y_and, weights=[3.0, 1.0], m=1.5, index=0, name="w_C"
        ),
        ("03_measuring_error", 1): lambda: widgets.DescentExplorer(
            x_and, y_and, weights=[1.0, 1.0], m=1.5, index=0, start=3.0, lr=3.0, name="w_C"
        ),
        ("03_measuring_error", 2): lambda: widgets.LearningRateExplorer(
            lambda: MLP([5, 1], output="sigmoid", loss="sse", seed=0),
            table[list("ABCDE")].to_numpy(),
            table["fires"].to_numpy().astype(int),
            epochs=300,
            lr=3.0,
        ),
        ("08_gradients_and_optimisers", 0): lambda: widgets.OptimizerExplorer(
            ravine(50), start=(-4, 1), lr=0.035
        ),
    }
    if (notebook, n) not in makers:
        raise KeyError(f"tests/page_explorers.py does not know how {notebook} makes explorer {n}")
    return makers[(notebook, n)]()


NUMBER = re.compile(r"[-−]?\d+(?:\.\d+)?(?:e[-+]?\d+)?")


def close(a: str, b: str) -> bool:
    """The same text, but for numbers with decimals or an exponent that differ by at most
    one unit of their last printed digit (another processor may round a computed coordinate
    the other way). Whole numbers (counts, weights on sliders) must be equal."""
    if a == b:
        return True
    words_a, words_b = NUMBER.split(a), NUMBER.split(b)
    numbers_a, numbers_b = NUMBER.findall(a), NUMBER.findall(b)
    if words_a != words_b or len(numbers_a) != len(numbers_b):
        return False
    for x, y in zip(numbers_a, numbers_b):
        computed = any(c in x for c in ".e")
        if x != y and not (computed and abs(_value(x) - _value(y)) <= 1.01 * _unit(x)):
            return False
    return True


def _value(text: str) -> float:
    return float(text.replace("−", "-"))


def _unit(text: str) -> float:
    """One unit of the last digit of a printed number: 0.01 for 3.25, 1e-06 for 1.5e-05."""
    mantissa, _, exponent = text.partition("e")
    decimals = len(mantissa.partition(".")[2])
    return 10.0 ** (int(exponent or 0) - decimals)


def as_json(data) -> dict:
    return json.loads(json.dumps(data))
