"""digit_reader: loads notebook 05's network, or trains and saves it when the file is missing."""

import importlib.util
from pathlib import Path

import numpy as np
import pytest

from annlib.data import your_digits
from annlib.lab import digit_reader as models
from annlib.mlp import MLP
from annlib.model import History


def test_digit_reader_loads_a_saved_network(tmp_path):
    saved = MLP([784, 8, 10], seed=3)
    path = saved.save(tmp_path / "reader.npz")
    loaded = models.digit_reader(path)
    X = np.random.default_rng(0).random((4, 784))
    assert np.array_equal(loaded.predict_proba(X), saved.predict_proba(X))


def test_digit_reader_trains_and_saves_when_missing(tmp_path, monkeypatch):
    calls = []

    def quick_train(X, y, progress=True):  # stands in for the 15-second training
        calls.append(len(X))
        return MLP([784, 4, 10], seed=0)

    monkeypatch.setattr(models, "train_digit_reader", quick_train)
    monkeypatch.setattr(
        "annlib.data.load_mnist",
        lambda: ((np.zeros((20, 784), np.float32), np.arange(20) % 10), (None, None)),
    )
    path = tmp_path / "models" / "reader.npz"
    model = models.digit_reader(path)
    assert calls == [20] and path.exists() and isinstance(model, MLP)
    models.digit_reader(tmp_path / "models" / "reader")  # the file save wrote: no training
    assert calls == [20]


def test_save_and_load_your_digits(tmp_path):
    X = np.random.default_rng(0).random((6, 28, 28)).astype(np.float32)
    y = np.array([0, 1, 2, 3, 4, 5])
    path = models.save_digits(tmp_path / "mine.npz", X, y)
    X2, y2 = models.load_digits(path)
    assert np.array_equal(X2, X.reshape(6, -1)) and np.array_equal(y2, y)
    path = models.save_digits(tmp_path / "mine", X, y, mode="replace")
    assert path == tmp_path / "mine.npz"  # .npz added, as np.savez does ...
    assert np.array_equal(models.load_digits(tmp_path / "mine")[1], y)  # ... and found again
    with pytest.raises(ValueError, match="6 digits but 3 labels; give one label per digit"):
        models.save_digits(tmp_path / "bad.npz", X, [0, 1, 2])
    with pytest.raises(ValueError, match=r"save_digits got no digits \(X is empty\): draw"):
        models.save_digits(tmp_path / "none.npz", [], [])
    with pytest.raises(FileNotFoundError, match="draw some first"):
        models.load_digits(tmp_path / "none.npz")
    np.savez(tmp_path / "evil.npz", X=np.array([{"a": 1}], dtype=object), y=np.zeros(1))
    with pytest.raises(ValueError, match="not a file of digits"):
        models.load_digits(tmp_path / "evil.npz")


def test_saving_adds_to_the_digits_already_saved_and_says_nothing_is_lost(tmp_path):
    rng = np.random.default_rng(0)
    first, second = rng.random((50, 784)), rng.random((3, 784))
    path = models.save_digits(tmp_path / "my_digits.npz", first, np.arange(50) % 10)
    models.save_digits(path, second, [7, 7, 7])  # a second session: added, not replaced
    X, y = models.load_digits(path)
    assert len(X) == 53 and np.allclose(X[:50], first) and y[-3:].tolist() == [7, 7, 7]
    with pytest.raises(FileExistsError, match="never writes over"):
        models.save_digits(path, second, [1, 1, 1], mode="new")
    models.save_digits(path, second, [1, 2, 3], mode="replace")  # on purpose: a backup first
    assert len(models.load_digits(path)[0]) == 3
    assert len(models.load_digits(your_digits.backup_path(path))[0]) == 53
    with pytest.raises(ValueError, match="mode must be one of"):
        models.save_digits(path, second, [1, 2, 3], mode="overwrite")


@pytest.mark.parametrize(
    "X, y, words",
    [
        (np.zeros((2, 784)), [1.5, 2], "whole numbers from 0 to 9"),
        (np.zeros((2, 784)), [11, 2], "whole numbers from 0 to 9"),
        (np.zeros((2, 784)), [-3, 2], "whole numbers from 0 to 9"),
        (np.zeros((2, 784)), [np.nan, 2], "whole numbers from 0 to 9"),
        (np.zeros((2, 784)), ["a", "b"], "whole numbers from 0 to 9"),
        (np.full((1, 784), np.nan), [1], "include NaN or infinity"),
        (np.full((1, 784), np.inf), [1], "include NaN or infinity"),
        (np.full((1, 784), 255.0), [1], "from 0 .background. to 1"),
        (np.zeros((1, 27, 27)), [1], "expected digits of 28 x 28"),
        ([np.zeros(784), np.zeros(10)], [1, 2], "all the same size"),
    ],
)
def test_bad_digits_are_refused_when_saved_and_when_loaded(tmp_path, X, y, words):
    with pytest.raises(ValueError, match=words):
        models.save_digits(tmp_path / "mine.npz", X, y)
    if isinstance(X, np.ndarray) and X.ndim == 2:  # the same, written by something else
        np.savez(tmp_path / "theirs.npz", X=X, y=np.asarray(y))
        with pytest.raises(ValueError, match=words):
            models.load_digits(tmp_path / "theirs.npz")


@pytest.mark.parametrize(
    "content, words",
    [
        (b"1,2,3\n4,5,6\n", "not an .npz file"),
        (b"PK\x03\x04 cut short", "may be damaged"),
    ],
)
def test_files_that_are_not_digits_say_so(tmp_path, content, words):
    path = tmp_path / "mine.npz"
    path.write_bytes(content)
    with pytest.raises(ValueError, match=f"not a file of digits saved by save_digits.*{words}"):
        models.load_digits(path)


def test_a_truncated_digits_file_is_refused_and_a_save_never_truncates_the_old_one(tmp_path):
    path = models.save_digits(tmp_path / "mine.npz", np.zeros((5, 784)), np.arange(5))
    good = path.read_bytes()
    (tmp_path / "cut.npz").write_bytes(good[: len(good) // 2])
    with pytest.raises(ValueError, match="not a file of digits"):
        models.load_digits(tmp_path / "cut.npz")
    with pytest.raises(ValueError):  # a save that fails leaves the old file as it was
        models.save_digits(path, np.full((1, 784), np.nan), [1])
    assert path.read_bytes() == good


def test_a_damaged_saved_network_is_moved_aside_and_trained_again(tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(models, "train_digit_reader", lambda X, y, progress=True: MLP([784, 4, 10]))
    monkeypatch.setattr(
        "annlib.data.load_mnist",
        lambda: ((np.zeros((20, 784), np.float32), np.arange(20) % 10), (None, None)),
    )
    path = tmp_path / "mnist_mlp.npz"
    path.write_bytes(b"not a network")
    model = models.digit_reader(path)
    assert isinstance(model, MLP) and list(MLP.load(path).sizes) == [784, 4, 10]
    assert (tmp_path / "mnist_mlp.damaged.npz").read_bytes() == b"not a network"
    assert "could not be read" in capsys.readouterr().out


def test_fine_tune_learns_new_examples_and_leaves_the_original_alone():
    rng = np.random.default_rng(0)
    X_mnist = rng.random((200, 784)).astype(np.float32) * 0.1
    y_mnist = rng.integers(0, 10, 200)
    X_own = np.zeros((5, 784), np.float32)
    X_own[:, 300:320] = 1.0  # five identical "own" digits ...
    y_own = np.full(5, 7)  # ... that are all 7s
    model = MLP([784, 16, 10], seed=0)
    before = model.predict_proba(X_own[:1]).copy()
    assert model.predict(X_own[0]) != 7
    tuned = models.fine_tune(model, X_own, y_own, X_mnist, y_mnist, epochs=5, lr=1e-2)
    assert np.array_equal(model.predict_proba(X_own[:1]), before)  # the original is untouched
    assert not hasattr(model, "history_") and len(tuned.history_) == 5
    assert tuned.predict(X_own[0]) == 7


@pytest.mark.parametrize(
    "counts, words",
    [
        ((3, 2, 10, 10), r"your digits \(X_own, y_own\): 3 digits but 2 labels; give one label"),
        ((3, 3, 10, 9), r"MNIST digits \(X_mnist, y_mnist\): 10 digits but 9 labels; give one"),
        ((0, 0, 10, 10), r"X_own holds no digits: draw a few of your own first"),
    ],
)
def test_fine_tune_counts_in_the_learners_terms(counts, words):
    """Counted before the repeats: not 'X has 60 examples but y has 40 labels'."""
    n_own, n_labels, n_mnist, n_mnist_labels = counts
    X_own, y_own = np.zeros((n_own, 784), np.float32), np.zeros(n_labels, int)
    X_mnist, y_mnist = np.zeros((n_mnist, 784), np.float32), np.zeros(n_mnist_labels, int)
    with pytest.raises(ValueError, match=words):
        models.fine_tune(MLP([784, 4, 10]), X_own, y_own, X_mnist, y_mnist, progress=False)


def test_notebook_05s_recipe_is_defined_once_and_used(monkeypatch):
    seen = {}

    def spy(model, X, y, **settings):  # stands in for annlib.train.fit
        seen.update(settings, model=model)
        model.history_ = History()

    monkeypatch.setattr("annlib.train.fit", spy)
    X, y = np.zeros((5, 784), np.float32), np.arange(5)
    model = models.train_digit_reader(X, y, progress=False, validation=(X, y))
    assert model is seen["model"] and isinstance(model, MLP)
    assert model.settings() == {**models.NETWORK, "dtype": "float32"}
    assert repr(model).startswith(
        "MLP(sizes=[784, 500, 500, 500, 10], activation='relu', "
        "output='softmax', loss='cross_entropy', seed=0)"
    )
    assert {k: seen[k] for k in models.RECIPE} == models.RECIPE
    assert seen["validation"][0] is X and seen["progress"] is False
    assert models.RECIPE["augment"] is models.shift_by_one_pixel
    tuned = models.fine_tune(model, X[:2], y[:2], X, y, epochs=1)
    assert seen["model"] is tuned and seen["augment"] is models.RECIPE["augment"]
    assert (seen["batch_size"], seen["optimizer"]) == (
        models.RECIPE["batch_size"],
        models.RECIPE["optimizer"],
    )


def meanings():
    table = models.recipe_table()
    return dict(zip(table.index.get_level_values("setting"), table["what it means"]))


def test_the_recipe_table_is_built_from_the_recipe(monkeypatch):
    """Change NETWORK or RECIPE and the table's meanings follow; each fits pandas' cell."""
    now = meanings()
    assert now["sizes"] == "784 pixels, 3 hidden layers of 500, 10 digits"
    assert now["augment"] == "each digit moved up to 1 pixel when shown"
    assert now["epochs"] == "passes through the 10,000 training digits"
    monkeypatch.setitem(models.NETWORK, "sizes", [784, 300, 100, 5])
    monkeypatch.setitem(models.NETWORK, "activation", "sigmoid")
    monkeypatch.setitem(models.RECIPE, "optimizer", "sgd")
    monkeypatch.setitem(models.RECIPE, "schedule", "constant")
    monkeypatch.setattr(models, "SHIFT", 2)
    changed = meanings()
    assert changed["sizes"] == "784 pixels, hidden layers of 300, 100, 5 digits"
    assert changed["output"] == "5 outputs that are probabilities adding up to 1"
    assert changed["activation"] == "hidden neurons: 1 / (1 + e^-z)"
    assert changed["optimizer"] != now["optimizer"] and changed["schedule"] != now["schedule"]
    assert changed["augment"] == "each digit moved up to 2 pixels when shown"
    monkeypatch.setitem(models.RECIPE, "augment", None)
    assert meanings()["augment"] == "none: each digit shown as it is"
    monkeypatch.setitem(models.NETWORK, "sizes", [784, 1000, 800, 600, 400, 200, 10])
    assert meanings()["sizes"] == "784 pixels, 5 hidden layers, 10 digits"  # shortened to fit
    monkeypatch.setitem(models.NETWORK, "sizes", [784, 10])
    assert meanings()["sizes"] == "784 pixels, no hidden layer, 10 digits"


def test_every_meaning_fits_a_pandas_cell():
    import pandas as pd

    width = pd.get_option("display.max_colwidth")
    assert models.MEANING_WIDTH <= width
    texts = [*meanings().values(), *models._SAME_FOR_ANY_VALUE.values()]
    texts += [t.format(n=1000) for each in models._FOR_EACH_VALUE.values() for t in each.values()]
    assert all(0 < len(text) <= models.MEANING_WIDTH for text in texts), texts


def test_shift_by_one_pixel_moves_each_digit_at_most_one_pixel():
    digits = np.zeros((50, 28, 28), np.float32)
    digits[:, 14, 14] = 1.0
    moved = models.shift_by_one_pixel(digits.reshape(50, -1), np.random.default_rng(0))
    rows, cols = np.nonzero(moved.reshape(50, 28, 28).sum(axis=0))
    assert set(rows.tolist()) == set(cols.tolist()) == {13, 14, 15}


def test_choose_settings_measures_the_recipe_itself():
    path = Path(__file__).resolve().parents[1] / "benchmarks" / "choose_settings.py"
    spec = importlib.util.spec_from_file_location("choose_settings", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    candidates = list(module.CANDIDATES.values())
    assert candidates[-1] is models.RECIPE  # the last row is notebook 05's recipe
    for candidate in candidates:  # each changes the recipe, and keeps its batches and seed
        assert candidate["batch_size"] == models.RECIPE["batch_size"]
        assert candidate["seed"] == models.RECIPE["seed"]


def test_read_number_reads_digits_left_to_right():
    from PIL import Image, ImageDraw

    class Widths(MLP):
        """Reads a digit as 1 if its ink is narrow, else 0: enough to test the order."""

        def predict_proba(self, X):
            X = np.asarray(X).reshape(len(X), 28, 28)
            narrow = (X > 0.2).any(axis=1).sum(axis=1) <= 8
            return np.eye(10)[np.where(narrow, 1, 0)]

    image = Image.new("RGB", (300, 120), "white")
    draw = ImageDraw.Draw(image)
    draw.line([(40, 20), (40, 100)], fill="black", width=8)  # a 1
    draw.ellipse([(100, 20), (160, 100)], outline="black", width=8)  # a 0
    draw.line([(220, 20), (220, 100)], fill="black", width=8)  # a 1
    number, digits, confidence = models.read_number(Widths([784, 10]), image)
    assert number == "101" and len(digits) == 3 and confidence.tolist() == [1.0, 1.0, 1.0]


def test_the_articles_recipe_is_notebook_05s_network_with_the_articles_choices():
    from annlib.lab.digit_reader import ARTICLE_NETWORK, ARTICLE_RECIPE, NETWORK

    assert ARTICLE_NETWORK["sizes"] == NETWORK["sizes"] == [784, 500, 500, 500, 10]
    assert (ARTICLE_NETWORK["activation"], ARTICLE_NETWORK["output"], ARTICLE_NETWORK["loss"]) == (
        "sigmoid",
        "sigmoid",
        "sse",
    )
    assert "augment" not in ARTICLE_RECIPE and ARTICLE_RECIPE["optimizer"] == "adam"


def test_split_each_digit_puts_half_of_every_digit_in_each_part():
    y = np.repeat(np.arange(10), 15)
    teach, test = models.split_each_digit(y, seed=0)
    assert len(np.intersect1d(teach, test)) == 0 and len(teach) + len(test) == len(y)
    assert np.bincount(y[teach]).tolist() == [7] * 10  # half of 15, rounded down
    assert np.bincount(y[test]).tolist() == [8] * 10
    assert not np.array_equal(models.split_each_digit(y, seed=1)[0], teach)  # the seed shuffles


def test_split_each_digit_with_one_example_of_a_digit_teaches_with_it():
    teach, test = models.split_each_digit(np.array([3, 3, 3, 3, 7]))
    assert 4 in teach and sorted(np.concatenate([teach, test])) == [0, 1, 2, 3, 4]
    with pytest.raises(ValueError, match="at least two of each digit"):
        models.split_each_digit(np.array([1, 2, 3]))
    with pytest.raises(ValueError, match="whole-number labels"):
        models.split_each_digit(np.array([1.5, 2.0]))


def test_saving_a_network_never_writes_over_your_digits(tmp_path):
    path = models.save_digits(tmp_path / "my_digits.npz", np.zeros((2, 784)), [1, 2])
    before = path.read_bytes()
    with pytest.raises(FileExistsError, match="not a network saved by annlib"):
        MLP([784, 4, 10]).save(path)
    assert path.read_bytes() == before
    (tmp_path / "folder.npz").mkdir()
    with pytest.raises(IsADirectoryError, match="is a folder"):
        MLP([784, 4, 10]).save(tmp_path / "folder.npz")
    MLP([784, 4, 10], seed=1).save(tmp_path / "net.npz")
    MLP([784, 4, 10], seed=2).save(tmp_path / "net.npz")  # a network over a network: fine


def test_digit_reader_leaves_other_files_alone_and_keeps_every_damaged_one(
    tmp_path, monkeypatch, capsys
):
    from annlib.conv import ConvNet

    digits = models.save_digits(tmp_path / "d.npz", np.zeros((2, 784)), [1, 2])
    with pytest.raises(ValueError, match="holds digits .* left as it is"):
        models.digit_reader(digits)
    small = MLP([2, 3, 2]).save(tmp_path / "small.npz")
    with pytest.raises(ValueError, match="2 inputs and 2 outputs, not notebook 05's"):
        models.digit_reader(small)
    conv = ConvNet(filters=(2, 2)).save(tmp_path / "conv.npz")
    with pytest.raises(ValueError, match="holds a ConvNet"):
        models.digit_reader(conv)
    assert digits.exists() and small.exists() and conv.exists()
    monkeypatch.setattr(models, "train_digit_reader", lambda X, y, progress=True: MLP([784, 4, 10]))
    monkeypatch.setattr(
        "annlib.data.load_mnist",
        lambda: ((np.zeros((20, 784), np.float32), np.arange(20) % 10), (None, None)),
    )
    path = tmp_path / "reader.npz"
    for damage in (b"first damage", b"second damage"):
        path.write_bytes(damage)
        models.digit_reader(path)
    assert (tmp_path / "reader.damaged.npz").read_bytes() == b"first damage"
    assert (tmp_path / "reader.damaged-2.npz").read_bytes() == b"second damage"


def test_split_each_digit_without_digits_says_to_draw_some():
    with pytest.raises(ValueError, match="Draw and keep some first"):
        models.split_each_digit(np.array([], dtype=np.int64))


def test_choose_sse_steps_trains_each_candidate_with_plain_descent():
    """benchmarks/choose_sse_steps.py (notebook 07's choice), on a tiny stand-in."""
    path = Path(__file__).resolve().parents[1] / "benchmarks" / "choose_sse_steps.py"
    spec = importlib.util.spec_from_file_location("choose_sse_steps", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    assert module.NETWORK["loss"] == "sse" and module.CANDIDATES[-1][:2] == (8, 0.5)
    rng = np.random.default_rng(0)
    X, y = rng.random((40, 6)), rng.integers(0, 3, 40)
    tiny = {**module.NETWORK, "sizes": [6, 5, 3]}
    accuracies, seconds = module.run(8, 0.5, 2, X, y, X[:10], y[:10], network=tiny)
    assert len(accuracies) == 2 and all(0 <= a <= 1 for a in accuracies) and seconds > 0


def test_fine_tune_stopped_returns_the_copy_as_far_as_it_got(monkeypatch, capsys):
    """The stop button during fine-tuning keeps the epochs that finished (before, the tuned
    copy was lost with the interrupt), and the learner's own network stays as it was."""
    X = np.random.default_rng(0).random((40, 784)).astype(np.float32)
    y = np.arange(40) % 10
    batches = []

    def stop_in_epoch_3(batch, rng):
        batches.append(len(batch))
        if len(batches) > 2 * int(np.ceil(60 / models.RECIPE["batch_size"])):
            raise KeyboardInterrupt
        return batch

    monkeypatch.setitem(models.RECIPE, "augment", stop_in_epoch_3)
    model = MLP([784, 8, 10], seed=0)
    before = {k: v.copy() for k, v in model.params.items()}
    tuned = models.fine_tune(model, X[:2], y[:2], X[2:], y[2:], repeats=11, epochs=5)
    assert len(tuned.history_) == 2 and tuned.history_.interrupted == "you pressed stop"
    assert all(np.array_equal(model.params[k], before[k]) for k in before)
    assert "returns that copy, tuned as far as it got" in capsys.readouterr().out
