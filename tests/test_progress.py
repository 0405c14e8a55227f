"""Progress bars: text in a terminal; in a notebook, a widget saved as the finished bar."""

import nbformat
import pytest

from annlib._progress import progress_bar


def test_outside_a_notebook_it_is_a_text_bar(capsys):
    bar = progress_bar(3, desc="training", unit="epoch")
    for _ in range(3):
        bar.update(1)
    bar.close()
    assert "training: 100%" in capsys.readouterr().err


def test_hidden_bar_prints_nothing(capsys):
    bar = progress_bar(3, desc="training", unit="epoch", show=False)
    bar.update(3)
    bar.close()
    assert capsys.readouterr().err == ""


def test_in_a_notebook_the_saved_bar_is_finished():
    nbclient = pytest.importorskip("nbclient")
    nb = nbformat.v4.new_notebook()
    nb.cells.append(
        nbformat.v4.new_code_cell(
            "from annlib.train import fit\nfrom annlib.mlp import MLP\n"
            "model = MLP([2, 3, 2], seed=0)\n"
            "history = fit(model, [[0, 0], [1, 1]], [0, 1], epochs=4, batch_size=2)"
        )
    )
    nbclient.NotebookClient(nb, timeout=120, kernel_name="python3").execute()
    outputs = nb.cells[0].outputs
    widget = [o for o in outputs if "application/vnd.jupyter.widget-view+json" in o.get("data", {})]
    assert len(widget) == 1, outputs
    text = widget[0]["data"]["text/plain"]
    assert text.startswith("training: 100%") and "4/4" in text, text
