"""The picture of a computational graph (notebook 14): one box per Value, one labelled arrow
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


def _centres(ax):
    return {
        p.get_gid(): p.get_y() + p.get_height() / 2
        for p in ax.patches
        if isinstance(p, FancyBboxPatch)
    }


def test_operands_in_order_and_a_shared_value_between_its_uses():
    """Notebook 04's graph in small: x feeds two products. a - b puts a above b (notebook
    04 once turned its picture upside down for this), and x sits between w1 and w2, so that
    no two arrows cross; no two arrow labels overlap."""
    a, b = Value(3.0, label="a"), Value(1.0, label="b")
    ax = plots.plot_graph(a - b)
    y = _centres(ax)
    assert not ax.yaxis_inverted() and y["a"] > y["b"]
    plt.close("all")
    x, w1, w2 = Value(1.0, label="x"), Value(0.5, label="w1"), Value(0.3, label="w2")
    p1, p2 = w1 * x, w2 * x
    p1.label, p2.label = "p1", "p2"
    out = p1 + p2
    out.backward()
    ax = plots.plot_graph(out)
    y = _centres(ax)
    assert y["w1"] > y["x"] > y["w2"] and y["p1"] > y["p2"]
    renderer = ax.figure.canvas.get_renderer()
    labels = [t.get_window_extent(renderer) for t in ax.texts if t.get_text().startswith("×")]
    assert len(labels) == 6
    for i, one in enumerate(labels):
        for other in labels[i + 1 :]:
            assert not one.overlaps(other), (one, other)
    plt.close("all")
