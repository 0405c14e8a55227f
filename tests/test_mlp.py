"""The MLP: gradient checks for every activation x loss, shapes, save/load, clear errors."""

import itertools

import numpy as np
import pytest

from annlib.mlp import MLP

COMBINATIONS = [
    (act, out, loss)
    for act in ["relu", "sigmoid", "tanh"]
    for out, loss in [("softmax", "cross_entropy"), ("softmax", "sse"), ("sigmoid", "sse"),
                      ("sigmoid", "cross_entropy"), ("identity", "sse")]
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
    model = MLP([4, 5, 4, 3], activation=activation, output=output, loss=loss, seed=seed,
                dtype="float64")
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
    relative = np.linalg.norm(wrong - numeric["W1"]) / (np.linalg.norm(wrong) + np.linalg.norm(numeric["W1"]))
    assert relative > 0.1


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
    model = MLP([2, 3, 1], activation="sigmoid", output="sigmoid", loss="sse", seed=0)
    X = np.array(list(itertools.product([0, 1], repeat=2)))
    assert set(model.predict(X).tolist()) <= {0, 1}
    assert 0.0 <= model.score(X, [0, 1, 1, 0]) <= 1.0
    with pytest.raises(ValueError, match="from 0 to 1"):
        model.score(X, [0, 1, 2, 0])


def test_save_and_load_give_identical_predictions(tmp_path):
    model = MLP([6, 5, 3], activation="tanh", seed=3)
    X = np.random.default_rng(1).normal(size=(20, 6))
    path = model.save(tmp_path / "net")
    assert path.name == "net.npz"
    loaded = MLP.load(path)
    assert repr(loaded) == repr(model)
    assert np.array_equal(loaded.predict_proba(X), model.predict_proba(X))


def test_load_refuses_pickles(tmp_path):
    path = tmp_path / "evil.npz"
    np.savez(path, __meta__=np.array("{}"), W1=np.array([{"code": "anything"}], dtype=object))
    with pytest.raises(ValueError, match="pickle"):
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


@pytest.mark.parametrize("content, words", [
    (b"not a zip file at all", r"not a network saved by annlib \(not an .npz file\)\. Save"),
    (b"\x80\x04\x95 pickled bytes", "looks like a pickle"),
    (None, "no '__meta__' entry"),
])
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

@pytest.mark.parametrize("sizes, words", [
    ([784], "at least two numbers"),
    ([784, 0, 10], "at least 1"),
    ([784, 2.5, 10], "whole number"),
    (784, "list of layer sizes"),
])
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
    with pytest.raises(RuntimeError, match="call forward"):
        MLP([2, 2], seed=0).backward(np.zeros((1, 2)))
