"""Pictures of the inside of a network (notebooks 09 and 10): weight images, the article's
paths on a real digit, overlaps, one neuron, accuracy per digit, and the live network view."""

import base64
import io

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest
from matplotlib.colors import to_hex
from PIL import Image
from svgread import Picture

from annlib import plots
from annlib.lab.hidden_neurons import activations, strongest_paths
from annlib.mlp import MLP


@pytest.fixture
def net():
    return MLP([784, 30, 20, 10], seed=0)


@pytest.fixture
def digit():
    x = np.zeros((28, 28))
    x[5:23, 12:16] = 1.0  # a 1
    return x.ravel()


def test_weight_images_are_28_by_28_on_one_scale_centred_on_zero(net):
    W = net.params["W1"][:6]
    axes = plots.plot_weight_images(W, titles=list(range(6)), n_cols=3)
    shown = [ax.images[0] for ax in axes if ax.images]
    assert len(shown) == 6 and all(im.get_array().shape == (28, 28) for im in shown)
    limit = np.abs(W).max()
    assert all(im.get_clim() == pytest.approx((-limit, limit)) for im in shown)
    assert shown[0].get_cmap().name == "RdBu_r"  # diverging: white is 0
    assert np.allclose(shown[4].get_array(), W[4].reshape(28, 28))
    assert [ax.get_title() for ax in axes[:6]] == [str(i) for i in range(6)]
    assert any(ax.get_label() == "<colorbar>" for ax in axes[0].figure.axes)
    plt.close("all")
    axes = plots.plot_weight_images(W, label="change in weight")
    (bar,) = [ax for ax in axes[0].figure.axes if ax.get_label() == "<colorbar>"]
    assert bar.get_ylabel() == "change in weight"
    plt.close("all")
    with pytest.raises(ValueError, match="one row of 784 weights"):
        plots.plot_weight_images(np.zeros((3, 10)))
    with pytest.raises(ValueError, match="one title per filter"):
        plots.plot_weight_images(W, titles=[1, 2])


def test_paths_light_exactly_the_neurons_that_are_on(net, digit):
    shown = [np.arange(0, 30, 3), np.arange(0, 20, 2)]
    ax = plots.plot_paths(net, digit, shown)
    A = [a[0] for a in activations(net, digit)]
    rings = {p.get_gid() for p in ax.patches if str(p.get_gid()).endswith(" on")}
    wanted = {
        f"layer {l} neuron {j} on"
        for l, neurons in enumerate(shown, start=1)
        for j in neurons
        if A[l - 1][j] > 0
    }
    assert rings == wanted | {"answer on"} and len(wanted) > 3
    answer = str(int(np.argmax(A[-1])))
    faces = {p.get_gid(): to_hex(p.get_facecolor()) for p in ax.patches if p.get_gid() == answer}
    assert faces[answer] == plots.ACTIVE
    notes = [t.get_text() for t in ax.texts]
    assert f"layer 1\n{int(np.sum(A[0] > 0))}/30 on" in notes
    assert f"answer\n{answer}" in notes
    plt.close("all")
    with pytest.raises(ValueError, match="each of the 2 hidden layers"):
        plots.plot_paths(net, digit, shown[:1])
    with pytest.raises(ValueError, match="each neuron shown in layer 2"):
        plots.plot_paths(net, digit, [[0], [-1]])
    with pytest.raises(ValueError, match="each neuron shown in layer 1"):
        plots.plot_paths(net, digit, [[30], [0]])
    with pytest.raises(ValueError, match="links"):
        plots.plot_paths(net, digit, shown, links=-1)
    with pytest.raises(ValueError, match="28 x 28"):
        plots.plot_paths(MLP([4, 3, 2]), np.zeros(4), [[0]])


def test_overlap_bars_hatch_the_same_digit():
    table = pd.DataFrame(
        {"same digit": [0.2, 0.4], "different digits": [0.1, 0.1]},
        index=pd.Index([1, 2], name="layer"),
    )
    ax = plots.plot_overlap(table)
    bars = ax.patches
    assert [round(b.get_height(), 2) for b in bars] == [0.2, 0.4, 0.1, 0.1]
    assert bars[0].get_hatch() == plots.FIRING_HATCH and not bars[2].get_hatch()
    assert [t.get_text() for t in ax.get_xticklabels()] == ["1", "2"]
    plt.close("all")


def test_neuron_picture_marks_its_favourite_digit():
    images = np.random.default_rng(0).random((4, 784))
    per_digit = np.arange(10.0)[::-1]  # digit 0 the favourite
    fig = plots.plot_neuron(
        images, [4.0, 3.0, 2.0, 1.0], images.mean(0), per_digit, title="n", average_of=4
    )
    assert fig.axes[4].get_title() == "average of its\n4 strongest"
    bars = fig.axes[-1].patches
    assert to_hex(bars[0].get_facecolor()) == plots.ACTIVE and bars[0].get_hatch()
    assert all(to_hex(b.get_facecolor()) == plots.QUIET for b in bars[1:])
    assert [ax.get_title() for ax in fig.axes[:4]] == ["4.00", "3.00", "2.00", "1.00"]
    plt.close("all")
    few = plots.plot_neuron(images[:1], [1.0], images[0], np.zeros(10), average_of=1)  # dead
    assert all(to_hex(b.get_facecolor()) == plots.QUIET for b in few.axes[-1].patches)
    plt.close("all")
    for means, favourite in [(np.full(10, 0.269), None), (-np.arange(1.0, 11.0), 0)]:
        # a sigmoid neuron stuck at one value has none; a tanh neuron below 0 still has one
        bars = plots.plot_neuron(images[:1], [1.0], images[0], means).axes[-1].patches
        marked = [d for d, b in enumerate(bars) if to_hex(b.get_facecolor()) == plots.ACTIVE]
        assert marked == ([] if favourite is None else [favourite])
        plt.close("all")
    with pytest.raises(ValueError, match="one activation per image and ten per-digit means"):
        plots.plot_neuron(images, [1.0], images[0], per_digit)


def test_digit_accuracy_before_and_after():
    ax = plots.plot_digit_accuracy(np.full(10, 0.9), np.linspace(0, 0.9, 10))
    assert len(ax.patches) == 20
    assert ax.patches[19].get_height() == pytest.approx(0.9) and ax.patches[10].get_hatch()
    plt.close("all")


def test_grid_shape_holds_every_neuron():
    assert plots.grid_shape(500) == (25, 20)
    for n in (1, 10, 99, 100, 101, 784):
        rows, cols = plots.grid_shape(n)
        assert rows * cols >= n and (rows - 1) * cols < n


def test_network_view_lights_each_layer_and_draws_the_paths(net, digit):
    A = [a[0] for a in activations(net, digit)]
    answer, chains = strongest_paths(net, digit, n=3)
    picture = Picture(plots.svg_network_view(A[:-1], A[-1], chains, answer=answer).svg())
    for layer, a in enumerate(A[:-1], start=1):
        (image,) = picture.shapes(f"layer {layer}")
        png = base64.b64decode(image.get("href").split(",", 1)[1])
        pixels = np.asarray(Image.open(io.BytesIO(png)).convert("RGB")).reshape(-1, 3)[: len(a)]
        off = pixels[a <= 0]
        assert (off.sum(axis=1) < 30).all()  # off: black
        brightest = pixels[np.argmax(a)].sum()
        assert brightest == pixels.sum(axis=1).max() and brightest > 400
        assert f"{int(np.sum(a > 0))} of {len(a)} on" in picture.texts()
    assert len(picture.shapes("path 1")) == 1 and len(picture.shapes("path 3")) == 1
    (bar,) = picture.shapes(f"output {answer}")
    assert bar.get("fill") == plots.ACTIVE
    assert f"{answer}: {A[-1][answer]:.0%}" in picture.texts()


def test_network_view_without_relu_calls_no_neuron_off_and_checks_its_chains(net, digit):
    A = [a[0] for a in activations(net, digit)]
    picture = Picture(plots.svg_network_view(A[:-1], A[-1], relu=False).svg())
    assert "30 neurons" in picture.texts() and not any(" on" in t for t in picture.texts())
    with pytest.raises(ValueError, match="one neuron of each of the 2 hidden layers"):
        plots.svg_network_view(A[:-1], A[-1], chains=[[0]])
    with pytest.raises(ValueError, match="one neuron of each of the 2 hidden layers"):
        plots.svg_network_view(A[:-1], A[-1], chains=[[0, 25]])
    with pytest.raises(ValueError, match="one array per layer"):
        plots.svg_network_view([], A[-1])
