"""Pictures of images and digits: grids, pixel values, counts, mistakes, probabilities."""

import matplotlib.pyplot as plt
import numpy as np
import pytest
from matplotlib.colors import to_hex

from annlib import plots
from annlib.plots import ACTIVE, QUIET


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


@pytest.fixture
def X():
    return np.random.default_rng(0).random((12, 784))


def test_plot_digits_shows_each_digit_with_its_title(X):
    axes = plots.plot_digits(X, titles=list(range(12)), n_cols=6)
    assert len(axes) == 12 and axes[5].get_title() == "5"
    assert np.array_equal(axes[3].images[0].get_array(), X[3].reshape(28, 28))
    with pytest.raises(ValueError, match="784 pixels or 28x28"):
        plots.plot_digits(np.zeros((3, 5)))
    with pytest.raises(ValueError, match="n_cols .* must be a whole number of at least 1"):
        plots.plot_digits(X, n_cols=0)


def test_plot_digits_takes_one_28x28_digit(X):
    (ax,) = plots.plot_digits(X[0].reshape(28, 28), titles=["seven"], n_cols=1)
    assert ax.get_title() == "seven" and ax.images[0].get_array().shape == (28, 28)


def test_plot_digits_marks_wrong_readings_with_more_than_colour(X):
    answers, labels = np.array([7, 1, 4]), np.array([7, 2, 4])
    axes = plots.plot_digits(
        X[:3], titles=[f"read {a}" for a in answers], n_cols=3, wrong=answers != labels
    )
    frames = [[p for p in ax.patches if p.get_gid() == "wrong"] for ax in axes]
    assert [len(f) for f in frames] == [0, 1, 0]  # a frame around the wrong one only
    assert frames[1][0].get_linestyle() != "solid" and not frames[1][0].get_fill()
    assert [ax.get_title() for ax in axes] == ["read 7", "read 1 (wrong)", "read 4"]
    assert to_hex(axes[1].title.get_color()) == ACTIVE  # and its title in ACTIVE
    assert to_hex(axes[0].title.get_color()) != ACTIVE
    # title_colours still wins over the default colours; calls without wrong are unchanged
    axes = plots.plot_digits(
        X[:2], titles=["a", "b"], n_cols=2, wrong=[True, False], title_colours=["black", "black"]
    )
    assert to_hex(axes[0].title.get_color()) == "#000000" and axes[0].get_title() == "a (wrong)"
    (ax,) = plots.plot_digits(X[:1], n_cols=1, wrong=[True])
    assert ax.get_title() == "wrong"
    assert not plots.plot_digits(X[:2], titles=["a", "b"], n_cols=2)[0].patches
    with pytest.raises(TypeError, match="one True .* or False"):
        plots.plot_digits(X[:2], wrong=["yes", "no"])
    with pytest.raises(ValueError, match="one entry per digit"):
        plots.plot_digits(X[:2], wrong=[True])


def test_plot_digit_numbers_writes_every_inked_pixel(X):
    ax = plots.plot_digit_numbers(X[0])
    assert len(ax.texts) == int(np.sum(X[0] > 0))


def test_pixel_values_are_printed_as_they_are():
    from annlib.plots.digits import pixel_label

    # before, every value from 0.95 up printed as ".0"
    assert [pixel_label(v) for v in (1 / 255, 0.02, 0.5, 0.96, 0.994, 0.996, 1.0)] == [
        "<.01",
        ".02",
        ".50",
        ".96",
        ".99",
        "1",
        "1",
    ]
    image = np.zeros((28, 28))
    image[5, 5], image[6, 6] = 1.0, 0.2
    ax = plots.plot_digit_numbers(image)
    assert ax.images[0].get_cmap().name == "gray"  # 0 black, 1 white, as plot_digits draws them
    assert sorted(t.get_text() for t in ax.texts) == [".20", "1"]


def test_plot_image_shows_the_pixels_on_a_grid():
    image = np.eye(3)
    ax = plots.plot_image(image, title="diagonal")
    assert np.array_equal(ax.images[0].get_array(), image) and ax.get_title() == "diagonal"


def test_plot_label_counts_bars_are_the_counts():
    ax = plots.plot_label_counts([0, 1, 1, 2, 2, 2])
    assert [p.get_height() for p in ax.patches] == [1, 2, 3]


def test_plot_mistakes_shows_only_the_misread_digits(X):
    y_true, y_pred = np.array([1, 2, 3, 4]), np.array([1, 7, 3, 9])
    axes = plots.plot_mistakes(X[:4], y_true, y_pred, np.array([0.9, 0.8, 0.7, 0.6]))
    assert [a.get_title() for a in axes] == ["2 read 7\n80% sure", "4 read 9\n60% sure"]
    assert np.array_equal(axes[0].images[0].get_array(), X[1].reshape(28, 28))


def test_plot_probabilities_marks_the_answer_red():
    p = np.full(10, 0.02)
    p[7] = 0.82
    ax = plots.plot_probabilities(p)
    assert [b.get_height() for b in ax.patches] == pytest.approx(p.tolist())
    assert [to_hex(b.get_facecolor()) for b in ax.patches] == [QUIET] * 7 + [ACTIVE] + [QUIET] * 2
    with pytest.raises(ValueError, match="10 probabilities"):
        plots.plot_probabilities([0.5, 0.5])


def test_pretend_photo_reads_as_1234_and_its_picture_shows_each_digit():
    from annlib.data.examples import pretend_photo
    from annlib.lab.digit_reader import read_number

    class Stub:  # reads every digit as 7, so the test is about the picture, not a network
        def predict_proba(self, X):
            P = np.zeros((len(X), 10))
            P[:, 7] = 1
            return P

    photo = pretend_photo()
    assert photo.size == (520, 170)
    number, digits, confidence = read_number(Stub(), photo)
    assert len(digits) == 4  # four digits; the speck of dirt is not one
    axes = plots.plot_photo_reading(photo, number, digits, confidence)
    assert len(axes) == 5 and [ax.get_title() for ax in axes[1:]] == ["7 (100%)"] * 4
    plt.close("all")


def test_filters_share_one_scale_centred_on_zero():
    K = np.stack([np.full((5, 5), -2.0), np.eye(5)])
    axes = plots.plot_filters(K, n_cols=2)
    limits = [ax.images[0].get_clim() for ax in axes if ax.images]
    assert limits == [(-2.0, 2.0), (-2.0, 2.0)]  # white is 0 in every filter
    assert axes[0].figure.axes[-1].get_ylabel() == "weight"  # the colour bar
    with pytest.raises(ValueError, match="n_filters, k, k"):
        plots.plot_filters(np.zeros((2, 5, 4)))
    plt.close("all")


def test_feature_maps_share_one_scale_and_line_up_with_their_images():
    images = np.zeros((2, 784))
    maps = np.stack([np.ones((24, 24)), 3 * np.ones((24, 24))])
    axes = plots.plot_feature_maps(images, maps, ["a", "b"], ["map a", "map b"])
    assert [ax.images[0].get_clim() for ax in axes[2:]] == [(0, 3.0), (0, 3.0)]
    assert axes[2].images[0].get_extent() == [1.5, 25.5, 25.5, 1.5]  # centred in 28 x 28
    plt.close("all")


def test_accuracy_curves_tell_kinds_apart_without_colour():
    styles = {
        "dense": plots.curve_style(convolutional=False, moved=False),
        "conv, moved": plots.curve_style(convolutional=True, moved=True),
    }
    ax = plots.plot_accuracy_curves([0, 1], {"dense": [1, 0.5], "conv, moved": [1, 0.9]}, styles)
    dense, conv = ax.lines
    assert dense.get_marker() != conv.get_marker() and dense.get_linestyle() != conv.get_linestyle()
    assert list(conv.get_ydata()) == [1, 0.9] and ax.get_ylim() == (0, 1)
    with pytest.raises(ValueError, match="has 1 accuracies for 2 values"):
        plots.plot_accuracy_curves([0, 1], {"dense": [1]}, styles)
    kinds = [
        plots.curve_style(convolutional=c, moved=False, lenet=le)
        for c, le in [(False, False), (True, False), (True, True)]
    ]
    assert len({style["marker"] for style in kinds}) == 3  # three kinds, three markers
    plt.close("all")


def test_receptive_fields_are_squares_of_their_sides_around_the_middle():
    fields = {"conv 1": 5, "pool 1": 6, "conv 2": 14}
    axes = plots.plot_receptive_fields(np.zeros(784), fields)
    assert [ax.get_title() for ax in axes] == [
        "conv 1: 5 x 5 pixels",
        "pool 1: 6 x 6 pixels",
        "conv 2: 14 x 14 pixels",
    ]
    # each panel: its own field (thick, solid) and, after the first, the one before (dashed)
    assert [[p.get_width() for p in ax.patches] for ax in axes] == [[5], [5, 6], [6, 14]]
    last, before = axes[2].patches[1], axes[2].patches[0]
    assert last.get_xy() == (13.5 - 7, 13.5 - 7) and last.get_linewidth() > before.get_linewidth()
    assert before.get_linestyle() == "--"
    with pytest.raises(ValueError, match="square image"):
        plots.plot_receptive_fields(np.zeros(780), fields)
    with pytest.raises(ValueError, match="at least one layer"):
        plots.plot_receptive_fields(np.zeros(784), {})
    plt.close("all")
