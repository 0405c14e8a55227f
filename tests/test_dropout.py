"""annlib.dropout: an MLP that switches hidden neurons off while it trains, with gradients
checked against finite differences through the same masks."""

import numpy as np
import pytest

from annlib.data.examples import two_moons
from annlib.dropout import DropoutMLP
from annlib.mlp import MLP


def loss_with_masks(model, X, Y, seed):
    """The mean loss of the training forward pass whose masks come from ``seed``."""
    out, _ = model.forward_for_training(X, np.random.default_rng(seed))
    return model.loss.value(out, Y) / len(X)


@pytest.mark.parametrize(
    "activation, output, loss",
    [
        ("relu", "softmax", "cross_entropy"),
        ("sigmoid", "sigmoid", "sse"),
        ("tanh", "softmax", "sse"),
    ],
)
def test_backpropagation_through_the_masks_matches_finite_differences(activation, output, loss):
    rng = np.random.default_rng(0)
    X, y = rng.normal(size=(8, 4)), rng.integers(0, 3, size=8)
    model = DropoutMLP(
        [4, 6, 5, 3],
        dropout=0.4,
        activation=activation,
        output=output,
        loss=loss,
        seed=0,
        dtype="float64",
    )
    for key in ("b1", "b2", "b3"):  # not 0: an example whose inputs to a layer are all off
        model.params[key] += rng.normal(size=model.params[key].shape)  # would sit on ReLU's kink
    Y = model.targets(y, 8)
    _, cache = model.forward_for_training(X, np.random.default_rng(7))
    assert any((m == 0).any() for m in cache.masks[1:])  # some neurons really are off
    analytic = model.backward(cache, Y)
    h = 1e-6
    for key, p in model.params.items():
        numeric = np.zeros_like(p)
        for idx in np.ndindex(p.shape):
            old = p[idx]
            p[idx] = old + h
            up = loss_with_masks(model, X, Y, 7)
            p[idx] = old - h
            down = loss_with_masks(model, X, Y, 7)
            p[idx] = old
            numeric[idx] = (up - down) / (2 * h)
        a = analytic[key]
        relative = np.linalg.norm(a - numeric) / max(
            np.linalg.norm(a) + np.linalg.norm(numeric), 1e-12
        )
        assert relative < 1e-6, f"{key}: relative error {relative:.1e}"


def test_the_masks_switch_off_a_share_p_and_scale_the_rest():
    model = DropoutMLP([50, 400, 3], dropout=0.25, seed=0, dtype="float64")
    X = np.random.default_rng(1).random((200, 50))
    _, cache = model.forward_for_training(X, np.random.default_rng(2))
    M = cache.masks
    mask = M[1]
    assert M[0] is None and mask.shape == (200, 400)
    assert np.mean(mask == 0) == pytest.approx(0.25, abs=0.01)
    assert set(np.unique(mask)) == {0.0, 1 / 0.75}


def test_predictions_use_every_neuron_as_the_mlp_does():
    X, y = two_moons(60, noise=0.2, seed=0)
    model = DropoutMLP([2, 8, 2], dropout=0.5, seed=3)
    plain = MLP([2, 8, 2], seed=3)
    assert np.array_equal(model.predict_proba(X), plain.predict_proba(X))
    assert np.array_equal(model.forward(X), model.forward(X))  # no randomness outside training
    _, cache = model.forward(X, keep=True)
    assert cache.masks is None and np.array_equal(cache[1][1], plain.forward(X, keep=True)[1][1][1])


def test_fit_draws_the_masks_from_its_seed():
    X, y = two_moons(200, noise=0.2, seed=0)

    def trained(dropout, seed=0):
        return DropoutMLP([2, 16, 2], dropout=dropout, seed=0).fit(
            X, y, epochs=5, lr=0.1, seed=seed, progress=False
        )

    a, b = trained(0.5), trained(0.5)
    assert all(np.array_equal(a.params[k], b.params[k]) for k in a.params)  # same seed
    other = trained(0.5, seed=1)
    assert not np.array_equal(a.params["W1"], other.params["W1"])
    none = trained(0.0)  # dropout 0: exactly the MLP's training
    mlp = MLP([2, 16, 2], seed=0).fit(X, y, epochs=5, lr=0.1, progress=False)
    assert all(np.array_equal(none.params[k], mlp.params[k]) for k in mlp.params)
    assert not np.array_equal(a.params["W1"], none.params["W1"])


def test_saved_and_loaded_with_its_dropout_and_checked(tmp_path):
    model = DropoutMLP([3, 4, 2], dropout=0.3, seed=1)
    loaded = MLP.load(model.save(tmp_path / "dropout.npz"))
    assert type(loaded) is DropoutMLP and loaded.dropout == 0.3
    assert np.array_equal(loaded.params["W1"], model.params["W1"])
    for bad in [1.0, -0.1, "half"]:
        with pytest.raises((ValueError, TypeError), match="dropout"):
            DropoutMLP([3, 2], dropout=bad)


def test_the_training_pass_takes_a_seed_for_its_masks_as_it_takes_a_generator():
    model = DropoutMLP([3, 6, 2], dropout=0.5, seed=0)
    X = np.random.default_rng(1).random((5, 3))

    def out(rng):
        return model.forward_for_training(X, rng)[0]

    assert np.array_equal(out(7), out(np.random.default_rng(7)))
    assert np.array_equal(out(np.int64(7)), out(7))
    assert DropoutMLP([3, 2], dropout=0).dropout == 0  # no hidden layer: fine without dropout


def test_the_constructor_lists_the_mlps_settings_with_the_mlps_defaults():
    """DropoutMLP names every setting (scikit-learn reads them from the signature), so they
    are written beside MLP's: this keeps the two lists from drifting apart."""
    import inspect

    mlp = dict(inspect.signature(MLP.__init__).parameters)
    dropout = dict(inspect.signature(DropoutMLP.__init__).parameters)
    assert dropout.pop("dropout").default == 0.5
    assert [(p.name, p.default) for p in dropout.values()] == [
        (p.name, p.default) for p in mlp.values()
    ]
