"""The picture of a computational graph (notebook 10): one box per Value, one labelled arrow
per use, the result outlined."""

import matplotlib.pyplot as plt
import pytest
from matplotlib.colors import to_hex
from matplotlib.patches import FancyArrowPatch, FancyBboxPatch

from annlib import plots
from annlib.autograd import Value


def test_one_box_per_value_and_one_arrow_per_use():
    w, x = Value(0.5, label="w"), Value(2.0, label="x")
    z = w * x + 1.0
    z.label = "z"
    a = z.tanh()
    a.backward()
    ax = plots.plot_graph(a)
    boxes = [p for p in ax.patches if isinstance(p, FancyBboxPatch)]
    arrows = [p for p in ax.patches if isinstance(p, FancyArrowPatch)]
    assert len(boxes) == len(a.graph()) == 6  # w, x, w*x, the number 1, z, tanh
    assert len(arrows) == sum(len(v._parents) for v in a.graph()) == 5
    outlined = [b for b in boxes if to_hex(b.get_edgecolor()) == plots.ACTIVE]
    assert [b.get_gid() for b in outlined] == ["tanh"]  # the result
    texts = [t.get_text() for t in ax.texts]
    assert "w\n0.5\ngrad " + f"{w.grad:.4g}" in texts
    assert "×2" in texts and "×0.5" in texts  # the local slopes of w * x
    for (x0, _), (x1, _) in (arrow._posA_posB for arrow in arrows):
        assert x1 > x0  # every arrow points right, from a Value to what is made from it
    plt.close("all")


def test_the_graph_picture_refuses_what_it_cannot_draw():
    with pytest.raises(TypeError, match="Value's graph"):
        plots.plot_graph(3.0)
    y = Value(1.0)
    for _ in range(50):
        y = y * 1.0
    with pytest.raises(ValueError, match="too many to draw"):
        plots.plot_graph(y)
