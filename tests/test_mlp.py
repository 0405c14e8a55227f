"""The MLP: gradient checks for every activation x loss, shapes, a stateless forward pass,
save/load (atomic, old files too), clear errors."""

import itertools
import json
import zipfile
from pathlib import Path

import numpy as np
import pytest

from annlib import functions as F
from annlib import mlp
from annlib._network import NetworkModel
from annlib.conv import ConvNet
from annlib.data.examples import two_moons
from annlib.mlp import MLP

FIXTURES = Path(__file__).parent / "fixtures"

COMBINATIONS = [
    (act, out, loss)
    for act in ["relu", "sigmoid", "tanh"]
    for out, loss in [
        ("softmax", "cross_entropy"),
        ("softmax", "sse"),
        ("sigmoid", "sse"),
        ("sigmoid", "cross_entropy"),
        ("identity", "sse"),
    ]
]


def numeric_gradients(model, X, y, h=1e-6):
    """Central finite differences of the mean loss, one parameter at a time."""
    grads = {}
    for key, p in model.params.items():
        g = np.zeros_like(p)
        for idx in np.ndindex(p.shape):
            old = p[idx]
            p[idx] = old + h
            up, _ = model.gradients(X, y)
            p[idx] = old - h
            down, _ = model.gradients(X, y)
            p[idx] = old
            g[idx] = (up - down) / (2 * h)
        grads[key] = g
    return grads


@pytest.mark.parametrize("activation, output, loss", COMBINATIONS)
@pytest.mark.parametrize("seed", [0, 1])
def test_backpropagation_matches_finite_differences(activation, output, loss, seed):
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(6, 4))
    y = rng.integers(0, 3, size=6)
    model = MLP(
        [4, 5, 4, 3], activation=activation, output=output, loss=loss, seed=seed, dtype="float64"
    )
    _, analytic = model.gradients(X, y)
    numeric = numeric_gradients(model, X, y)
    for key in model.params:
        a, n = analytic[key], numeric[key]
        relative = np.linalg.norm(a - n) / max(np.linalg.norm(a) + np.linalg.norm(n), 1e-12)
        assert relative < 1e-6, f"{key}: relative error {relative:.1e}"


def test_a_wrong_gradient_would_be_caught():
    """The check above can fail: halve one gradient and the relative error is large."""
    rng = np.random.default_rng(0)
    X, y = rng.normal(size=(6, 4)), rng.integers(0, 3, size=6)
    model = MLP([4, 5, 3], seed=0, dtype="float64")
    _, analytic = model.gradients(X, y)
    numeric = numeric_gradients(model, X, y)
    wrong = analytic["W1"] * 0.5
    relative = np.linalg.norm(wrong - numeric["W1"]) / (
        np.linalg.norm(wrong) + np.linalg.norm(numeric["W1"])
    )
    assert relative > 0.1


@pytest.mark.parametrize(
    "make",
    [
        lambda: MLP([4, 5, 3], activation="sigmoid", seed=0, dtype="float64"),
        lambda: ConvNet(
            image_shape=(6, 6),
            filters=(2, 3),
            kernel_sizes=(3, 2),
            n_classes=3,
            seed=0,
            dtype="float64",
        ),
    ],
    ids=["MLP", "ConvNet"],
)
def test_predict_between_forward_and_backward_changes_nothing(make):
    """The cache belongs to the caller: other passes in between cannot spoil backward."""
    model = make()
    rng = np.random.default_rng(0)
    X, y = rng.random((5, model.n_inputs)), rng.integers(0, 3, 5)
    _, expected = model.gradients(X, y)
    X, _ = model.check_inputs(X)
    Y = model.targets(y, len(X))
    _, cache = model.forward(X, keep=True)
    model.predict(rng.random((7, model.n_inputs)))  # e.g. a look at other examples ...
    model.forward(X[:2][::-1], keep=True)  # ... or another training pass
    for _ in range(2):  # backward only reads the cache: the same gradients every time
        grads = model.backward(cache, Y)
        assert all(np.array_equal(grads[k], expected[k]) for k in expected)


def test_forward_stores_nothing_on_the_network():
    model = MLP([3, 4, 2], seed=0)
    before = dict(vars(model))
    X = np.ones((2, 3), np.float32)
    A = model.forward(X)
    A_kept, (Z, As) = model.forward(X, keep=True)
    assert dict(vars(model)).keys() == before.keys()
    assert isinstance(A, np.ndarray) and np.array_equal(A, A_kept)
    assert Z[0] is None and As[0] is X and len(Z) == len(As) == 3  # Z[l], A[l] for l = 0, 1, 2
    assert np.array_equal(As[2], A)


def test_the_cache_is_what_the_docstrings_say():
    """Z[l] holds layer l's weighted inputs and A[l] its activations, for every activation
    (annlib 0.8's ReLU wrote A[l] over Z[l]; the formulas no longer hide such tricks)."""
    X = np.random.default_rng(0).normal(size=(5, 3)).astype(np.float32)
    for activation, f in (("relu", lambda z: np.maximum(z, 0)), ("sigmoid", F.sigmoid)):
        model = MLP([3, 4, 4, 2], activation=activation, seed=0)
        _, (Z, A) = model.forward(X, keep=True)
        assert Z[0] is None and A[0] is X
        weighted = X @ model.params["W1"].T + model.params["b1"]
        assert Z[1] is not A[1] and np.array_equal(Z[1], weighted)
        assert np.array_equal(A[1], f(Z[1])) and np.array_equal(A[2], f(Z[2]))
        assert np.allclose(A[3], F.softmax(Z[3]))  # the output layer's own f
    for doc in (MLP.forward.__doc__, mlp.__doc__, F.Activation.__doc__):
        assert "over Z" not in doc and "over z" not in doc, doc


def test_backward_matches_the_formulas():
    """dW_l = delta_l^T A_{l-1} / n, db_l = sum of delta_l / n,
    delta_{l-1} = (delta_l W_l) * f'(Z_{l-1})."""
    model = MLP([3, 4, 2], activation="sigmoid", output="softmax", seed=1, dtype="float64")
    X = np.random.default_rng(1).normal(size=(6, 3))
    y = np.array([0, 1, 1, 0, 1, 0])
    A2, cache = model.forward(X, keep=True)
    Z, A = cache
    Y = model.targets(y)
    n = len(X)
    delta2 = A2 - Y  # softmax + cross-entropy
    delta1 = (delta2 @ model.params["W2"]) * A[1] * (1 - A[1])
    grads = model.backward(cache, Y)
    assert np.allclose(grads["W2"], delta2.T @ A[1] / n)
    assert np.allclose(grads["b2"], delta2.sum(axis=0) / n)
    assert np.allclose(grads["W1"], delta1.T @ X / n)
    assert np.allclose(grads["b1"], delta1.sum(axis=0) / n)


def test_shapes_names_and_dtype():
    model = MLP([784, 500, 500, 500, 10], seed=0)
    assert list(model.params) == ["W1", "b1", "W2", "b2", "W3", "b3", "W4", "b4"]
    assert model.params["W1"].shape == (500, 784)  # one row per neuron
    assert model.params["b4"].shape == (10,)
    assert all(p.dtype == np.float32 for p in model.params.values())
    assert model.n_parameters == 784 * 500 + 500 + 2 * (500 * 500 + 500) + 500 * 10 + 10
    X = np.random.default_rng(0).random((7, 784), dtype=np.float32)
    P = model.predict_proba(X)
    assert P.shape == (7, 10) and P.dtype == np.float32 and np.allclose(P.sum(axis=1), 1, atol=1e-5)
    assert model.predict(X).shape == (7,)
    assert isinstance(model.predict(X[0]), int)  # one example gives one label


def test_thresholds_are_negative_biases():
    model = MLP([2, 3, 2], seed=0)
    model.params["b1"][:] = [0.5, -1.0, 2.0]
    assert model.thresholds[0].tolist() == [-0.5, 1.0, -2.0]


def test_same_seed_same_network_other_seed_other_network():
    a, b, c = MLP([5, 4, 3], seed=7), MLP([5, 4, 3], seed=7), MLP([5, 4, 3], seed=8)
    assert all(np.array_equal(a.params[k], b.params[k]) for k in a.params)
    assert not np.array_equal(a.params["W1"], c.params["W1"])


def test_single_output_is_a_yes_no_classifier():
    model = MLP([2, 1], activation="sigmoid", output="sigmoid", loss="sse", seed=0)
    model.params.update(W1=np.array([[1.0, 1.0]], np.float32), b1=np.array([-1.5], np.float32))
    X = np.array(list(itertools.product([0, 1], repeat=2)))  # 00, 01, 10, 11
    assert model.predict(X).tolist() == [0, 0, 0, 1]  # AND: yes only when the output >= 0.5
    assert model.n_classes == 2
    assert model.score(X, [0, 0, 0, 1]) == 1.0 and model.score(X, [0, 1, 1, 0]) == 0.25
    assert model.score(X, [[0], [0], [0], [1]]) == 1.0  # wanted outputs as a table work too
    with pytest.raises(ValueError, match="from 0 to 1"):
        model.score(X, [0, 1, 2, 0])


def test_save_and_load_give_identical_predictions(tmp_path):
    X = np.random.default_rng(1).normal(size=(20, 6))
    model = MLP([6, 5, 3], activation="tanh", seed=3).fit(
        X, np.arange(20) % 3, epochs=3, progress=False
    )
    path = model.save(tmp_path / "net")
    assert path.name == "net.npz"
    assert repr(MLP.load(tmp_path / "net")) == repr(model)  # load finds what save wrote
    loaded = MLP.load(path)
    assert repr(loaded) == repr(model)
    assert np.array_equal(loaded.predict_proba(X), model.predict_proba(X))
    assert loaded.history_ == model.history_  # the training history travels with the weights
    assert type(NetworkModel.load(path)) is MLP


def test_networks_saved_by_annlib_0_7_still_load():
    """A file written by annlib 0.7.0's MLP.save (format 'annlib.MLP', version 1)."""
    path = FIXTURES / "mlp_format_1_annlib_0.7.0.npz"
    with np.load(path) as data:
        meta = json.loads(str(data["__meta__"]))
    assert (meta["format"], meta["format_version"]) == ("annlib.MLP", 1)
    model = MLP.load(path)
    assert repr(model) == (
        "MLP(sizes=[2, 4, 2], activation='tanh', output='softmax', "
        "loss='cross_entropy', seed=5) with 22 parameters"
    )
    X = np.array([[0, 0], [0, 1], [1, 0], [1, 1]])
    expected = [
        [0.9951414, 0.0048586],
        [0.00951023, 0.9904897],
        [0.01084732, 0.98915267],
        [0.9857884, 0.01421159],
    ]  # what 0.7.0 predicted for XOR after training
    assert np.allclose(model.predict_proba(X), expected, atol=1e-6)
    assert model.score(X, [0, 1, 1, 0]) == 1.0
    with pytest.raises(AttributeError, match="holds no training history"):
        model.history_  # noqa: B018


def test_a_failed_save_leaves_the_previous_file_intact(tmp_path, monkeypatch):
    good = MLP([4, 3, 2], seed=0)
    path = good.save(tmp_path / "net.npz")
    before = path.read_bytes()

    def disk_full(file, **arrays):
        file.write(b"PK half a file")
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(np, "savez", disk_full)
    with pytest.raises(OSError, match="No space left"):
        MLP([4, 3, 2], seed=1).save(path)
    assert path.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["net.npz"]  # no temporary file left behind
    monkeypatch.undo()
    assert np.array_equal(MLP.load(path).params["W1"], good.params["W1"])


def test_load_names_the_kind_of_network_a_file_holds(tmp_path):
    path = ConvNet(image_shape=(6, 6), filters=(2, 3), kernel_sizes=(3, 2), seed=0).save(
        tmp_path / "conv.npz"
    )
    with pytest.raises(
        ValueError,
        match=r"holds a ConvNet, which MLP.load does not make: load it with ConvNet\.load",
    ):
        MLP.load(path)
    assert type(NetworkModel.load(path)) is ConvNet


def test_load_refuses_pickles(tmp_path):
    path = tmp_path / "evil.npz"
    np.savez(path, __meta__=np.array("{}"), W1=np.array([{"code": "anything"}], dtype=object))
    with pytest.raises(ValueError, match="pickle"):
        MLP.load(path)


def _rewrite_entry(path, name, cut):
    """Rewrite the .npz file at path with entry name's bytes shortened by cut."""
    with zipfile.ZipFile(path) as archive:
        entries = {info.filename: archive.read(info) for info in archive.infolist()}
    entries[f"{name}.npy"] = entries[f"{name}.npy"][:-cut]
    with zipfile.ZipFile(path, "w") as archive:
        for filename, raw in entries.items():
            archive.writestr(filename, raw)


def test_load_calls_a_cut_short_weight_array_incomplete_not_a_pickle(tmp_path):
    path = MLP([4, 3, 2], seed=0).save(tmp_path / "net.npz")
    _rewrite_entry(path, "W1", cut=8)
    with pytest.raises(ValueError, match=r"net.npz is damaged or incomplete: its array 'W1'") as e:
        MLP.load(path)
    assert "pickle" not in str(e.value) and "train the network again" in str(e.value)
    path.write_bytes(path.read_bytes()[:-40])  # the whole file cut short
    with pytest.raises(ValueError, match="damaged or incomplete: it is not an .npz file"):
        MLP.load(path)


@pytest.mark.parametrize(
    "change, words",
    [
        (lambda meta: meta.update(format_version=99), "a format this annlib does not read"),
        (lambda meta: meta.update(model="Transformer"), "kind this annlib does not know"),
        (lambda meta: meta["settings"].update(sizes=[4, -3, 2]), "saved settings are damaged"),
        (lambda meta: meta["settings"].pop("sizes"), "saved settings are damaged"),
        (lambda meta: meta.update(history={"epochs": [1]}), "saved training history is damaged"),
        (lambda meta: meta.pop("settings"), "saved settings are missing"),
        # sizes that would need 400 GB: refused before anything is allocated
        (lambda meta: meta["settings"].update(sizes=[4, 10**6, 10**5, 2]), "far larger network"),
    ],
)
def test_load_refuses_damaged_settings(tmp_path, change, words):
    path = (
        MLP([4, 3, 2], seed=0)
        .fit(np.eye(4), [0, 1, 0, 1], epochs=1, progress=False)
        .save(tmp_path / "net.npz")
    )
    with np.load(path) as data:
        arrays = dict(data)
    meta = json.loads(str(arrays["__meta__"]))
    change(meta)
    arrays["__meta__"] = np.array(json.dumps(meta))
    np.savez(path, **arrays)
    with pytest.raises(ValueError, match=words):
        MLP.load(path)


def test_load_refuses_broken_weights(tmp_path):
    path = MLP([4, 3, 2], seed=0).save(tmp_path / "net.npz")
    with np.load(path) as data:
        arrays = dict(data)
    arrays["b1"] = np.array([0.0, np.nan, 0.0], np.float32)
    np.savez(path, **arrays)
    with pytest.raises(ValueError, match="b1 contains NaN or infinity"):
        MLP.load(path)
    arrays["__meta__"] = np.array("{not json")
    np.savez(path, **arrays)
    with pytest.raises(ValueError, match="saved settings are damaged"):
        MLP.load(path)


def test_load_refuses_wrong_shapes(tmp_path):
    model = MLP([4, 3, 2], seed=0)
    path = model.save(tmp_path / "net.npz")
    with np.load(path) as data:
        arrays = dict(data)
    arrays["W1"] = np.zeros((3, 5), np.float32)
    np.savez(path, **arrays)
    with pytest.raises(ValueError, match=r"W1 has shape \(3, 5\).*need shape \(3, 4\)"):
        MLP.load(path)


@pytest.mark.parametrize(
    "content, words",
    [
        (b"not a zip file at all", r"not a network saved by annlib \(not an .npz file\)\. Save"),
        (b"\x80\x04\x95 pickled bytes", "looks like a pickle"),
        (None, "no '__meta__' entry"),
    ],
)
def test_load_refuses_other_files(tmp_path, content, words):
    path = tmp_path / "other.npz"
    if content is None:
        np.savez(path, a=np.zeros(3))
    else:
        path.write_bytes(content)
    with pytest.raises(ValueError, match=words):
        MLP.load(path)
    with pytest.raises(FileNotFoundError, match="train one and save it"):
        MLP.load(tmp_path / "missing.npz")


# --- clear errors at the edge ---


@pytest.mark.parametrize(
    "sizes, words",
    [
        ([784], "at least two numbers"),
        ([784, 0, 10], "at least 1"),
        ([784, 2.5, 10], "whole number"),
        (784, "list of layer sizes"),
    ],
)
def test_bad_sizes(sizes, words):
    with pytest.raises((ValueError, TypeError), match=words):
        MLP(sizes)


def test_bad_settings():
    with pytest.raises(ValueError, match="choose one of"):
        MLP([2, 2], activation="swish")
    with pytest.raises(ValueError, match="does not give probabilities"):
        MLP([2, 2], output="identity", loss="cross_entropy")
    with pytest.raises(ValueError, match="at least 2 neurons"):
        MLP([2, 1], output="softmax")
    with pytest.raises(ValueError, match="dtype"):
        MLP([2, 2], dtype="int32")
    with pytest.raises(TypeError, match="seed"):
        MLP([2, 2], seed="zero")


def test_bad_inputs_say_what_was_expected():
    model = MLP([784, 10, 10], seed=0)
    with pytest.raises(ValueError, match=r"X must have shape \(n, 784\).*got shape \(3, 783\)"):
        model.predict(np.zeros((3, 783)))
    with pytest.raises(ValueError, match=r"images of shape \(28, 28\).*reshape"):
        model.predict(np.zeros((3, 28, 28)))
    with pytest.raises(ValueError, match="NaN"):
        model.predict(np.full((1, 784), np.nan))
    with pytest.raises(ValueError, match=r"labels must be whole numbers from 0 to 9.*got 10\."):
        model.score(np.zeros((2, 784)), [3, 10])
    with pytest.raises(ValueError, match="X has 2 examples but y has 3 labels"):
        model.score(np.zeros((2, 784)), [1, 2, 3])
    with pytest.raises(ValueError, match=r"got 1.5\."):
        model.score(np.zeros((1, 784)), [1.5])
    with pytest.raises(TypeError, match=r"sizes\[1\] \(neurons in layer 1\) must be a whole"):
        MLP([784, "500", 10])


# --- checks at forward and backward (decorators shared by MLP and ConvNet) ---

NETWORKS = [
    lambda: MLP([4, 3, 10], seed=0),
    lambda: ConvNet(image_shape=(6, 6), filters=(2, 3), kernel_sizes=(3, 2), n_classes=10, seed=0),
]


@pytest.mark.parametrize("make", NETWORKS, ids=["MLP", "ConvNet"])
def test_forward_says_what_shape_x_needs(make):
    model = make()
    n_in = model.n_inputs
    with pytest.raises(ValueError, match=rf"X must have shape \(n, {n_in}\).*got shape \(3, 5\)"):
        model.forward(np.zeros((3, 5), np.float32))
    with pytest.raises(ValueError, match="NaN"):
        model.forward([[np.nan] * n_in])
    A = model.forward(np.zeros((2, n_in), int).tolist())  # converted, like predict's input
    assert A.shape == (2, 10) and A.dtype == model.dtype


@pytest.mark.parametrize("make", NETWORKS, ids=["MLP", "ConvNet"])
def test_forward_takes_a_training_batch_as_it_is(make, monkeypatch):
    """The training loop's batches (2-D, the model's dtype and width) are not checked or copied."""
    model = make()
    monkeypatch.setattr(type(model), "check_inputs", lambda self, X: pytest.fail("checked"))
    X = np.random.default_rng(0).random((5, model.n_inputs), dtype=np.float32)
    A, cache = model.forward(X, keep=True)
    assert A.shape == (5, 10)
    if isinstance(model, MLP):
        assert cache[1][0] is X  # A[0] is X itself: no copy


@pytest.mark.parametrize("make", NETWORKS, ids=["MLP", "ConvNet"])
def test_backward_refuses_labels_where_wanted_outputs_belong(make):
    """A batch of 10 with 10 outputs: labels y (10,) used to give wrong gradients silently."""
    model = make()
    rng = np.random.default_rng(0)
    X, y = rng.random((10, model.n_inputs), dtype=np.float32), rng.integers(0, 10, 10)
    _, cache = model.forward(X, keep=True)
    with pytest.raises(
        ValueError, match=r"shape \(10, 10\).*got shape \(10,\).*model\.targets\(y\)"
    ):
        model.backward(cache, y)
    with pytest.raises(ValueError, match=r"shape \(10, 10\).*got shape \(9, 10\)"):
        model.backward(cache, model.targets(y[:9]))
    grads = model.backward(cache, model.targets(y).tolist())  # a nested list is converted
    assert set(grads) == set(model.params)


@pytest.mark.parametrize("make", NETWORKS, ids=["MLP", "ConvNet"])
def test_backward_explains_the_cache(make):
    model = make()
    X = np.zeros((2, model.n_inputs), np.float32)
    Y = model.targets([1, 2])
    A, cache = model.forward(X, keep=True)
    with pytest.raises(TypeError, match=r"annlib 0\.8.*A, cache = model\.forward\(X, keep=True\)"):
        model.backward(Y)  # annlib 0.7's call
    for wrong, got in [
        (A, "a ndarray object"),
        ((A, cache), "the whole pair"),
        (tuple(cache), "a tuple object"),
    ]:
        with pytest.raises(TypeError, match=rf"what forward\(X, keep=True\) returned.*{got}"):
            model.backward(wrong, Y)


def test_backward_keeps_its_formulas_for_notebook_04():
    """Notebook 04 prints MLP.backward's source as the four formulas: no checks in between."""
    import inspect

    source = inspect.getsource(MLP.backward)
    assert "def backward(self, cache, Y)" in source and "raise" not in source
    assert len(source.splitlines()) <= 20


@pytest.mark.parametrize("make", NETWORKS, ids=["MLP", "ConvNet"])
def test_loss_value_refuses_the_pair_forward_returns(make):
    model = make()
    X = np.zeros((2, model.n_inputs), np.float32)
    pair = model.forward(X, keep=True)  # annlib 0.7's habit: A = model.forward(X, keep=True)
    with pytest.raises(TypeError, match=r"A, cache = model\.forward\(X, keep=True\)"):
        model.loss_value(pair, model.targets([0, 1]))


# ---- how the starting weights are drawn (init) ------------------------------------------


@pytest.mark.parametrize(
    "init, activation, expected",
    [
        ("auto", "relu", lambda n_in, n_out: np.sqrt(2 / n_in)),
        ("auto", "sigmoid", lambda n_in, n_out: np.sqrt(1 / n_in)),
        ("he", "sigmoid", lambda n_in, n_out: np.sqrt(2 / n_in)),
        ("xavier", "tanh", lambda n_in, n_out: np.sqrt(2 / (n_in + n_out))),
        ("lecun", "relu", lambda n_in, n_out: np.sqrt(1 / n_in)),
        (0.5, "relu", lambda n_in, n_out: 0.5),
    ],
)
def test_each_init_draws_weights_with_its_spread(init, activation, expected):
    model = MLP([400, 300, 10], activation=activation, init=init, seed=0)
    for l, (n_in, n_out) in enumerate([(400, 300), (300, 10)], start=1):
        W = model.params[f"W{l}"]
        assert W.std() == pytest.approx(expected(n_in, n_out), rel=0.05), f"layer {l}"
        assert not model.params[f"b{l}"].any()


def test_the_default_init_is_the_one_networks_always_had():
    """'auto' draws exactly what MLP drew before init existed, and is not shown or saved."""
    rng = np.random.default_rng(3)
    W1 = rng.normal(0.0, np.sqrt(2.0 / 6), size=(4, 6)).astype("float32")
    model = MLP([6, 4, 2], seed=3)
    assert np.array_equal(model.params["W1"], W1)
    assert "init" not in model.settings() and "init" not in repr(model)
    assert MLP([6, 4, 2], seed=3, init="xavier").settings()["init"] == "xavier"


def test_zeros_keep_every_hidden_neuron_the_same_however_long_it_trains():
    """All-zero starting weights: every neuron of a layer gets the same slope at every
    step, so they stay copies of each other (the symmetry that random starts break)."""
    X, y = two_moons(100, noise=0.2, seed=0)
    model = MLP([2, 6, 2], activation="sigmoid", init="zeros").fit(
        X, y, epochs=20, lr=0.5, progress=False
    )
    W1 = model.params["W1"]
    assert np.abs(W1).max() > 1e-3  # it learned something...
    assert np.allclose(W1, W1[0]) and np.allclose(model.params["b1"], model.params["b1"][0])
    assert np.allclose(model.params["W2"], model.params["W2"][:, :1])  # ...all six the same


def test_init_is_saved_and_loaded_and_checked(tmp_path):
    model = MLP([3, 4, 2], init=0.01, seed=1)
    loaded = MLP.load(model.save(tmp_path / "small.npz"))
    assert loaded.init == 0.01 and np.array_equal(loaded.params["W1"], model.params["W1"])
    for bad in ["glorot", 0, -1.0, float("nan"), True, None]:
        with pytest.raises(ValueError, match="init must be one of"):
            MLP([3, 2], init=bad)


@pytest.mark.parametrize(
    "settings, Y, words",
    [
        # cross-entropy on a sigmoid: its log-loss has no meaning for a target of 2
        (
            dict(activation="sigmoid", output="sigmoid", loss="cross_entropy"),
            [[2.0], [0.0]],
            "wants an output of 2, but a sigmoid output layer only gives values from 0 to 1",
        ),
        (dict(output="sigmoid", loss="sse"), [[1.0], [-0.5]], "wants an output of -0.5"),
        (dict(activation="relu", output="relu", loss="sse"), [[1.0], [-3.0]], "from 0 to inf"),
    ],
)
def test_wanted_outputs_the_output_layer_can_never_give_are_refused(settings, Y, words):
    model = MLP([2, 3, 1], seed=0, **settings)
    Y = np.array(Y, dtype=model.dtype)

    def by_hand():  # notebook 04's way: forward, then backward with the wanted outputs
        _, cache = model.forward(np.eye(2), keep=True)
        return model.backward(cache, Y)

    for use in (
        lambda: model.fit(np.eye(2), Y, epochs=1, progress=False),
        lambda: model.gradients(np.eye(2), Y),
        by_hand,
    ):
        with pytest.raises(ValueError, match=words):
            use()


def test_softmax_wanted_outputs_must_add_up_to_one():
    model = MLP([2, 3, 2], seed=0)
    with pytest.raises(ValueError, match=r"row 0 adds up to 0\.9, but a softmax"):
        model.fit(np.eye(2), np.array([[0.5, 0.4], [0.0, 1.0]]), epochs=1, progress=False)
    smoothed = np.array([[0.95, 0.05], [0.05, 0.95]])  # probabilities are fine
    model.fit(np.eye(2), smoothed, epochs=1, progress=False)
    identity = MLP([2, 3, 2], output="identity", loss="sse", seed=0)  # reaches any number
    identity.fit(np.eye(2), np.array([[5.0, -3.0], [0.0, 1.0]]), epochs=1, progress=False)
