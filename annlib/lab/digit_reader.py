"""The course's trained digit reader: made in notebook 05, used by notebooks 06 and 09 to 14.

``digit_reader()`` loads the network notebook 05 saved; if the file is missing
(a learner starting at notebook 11, say), it trains the same network with the
same recipe — about 15 seconds on a laptop — and saves it for next time.

Notebook 05's recipe is defined here, once: NETWORK (the architecture and its
activation, output and loss) and RECIPE (fit's settings, with the one-pixel shifts).
"""

from __future__ import annotations

from pathlib import Path

from .._files import npz_entries, npz_path
from .._network import NetworkModel
from ..data import ARTICLE_TRAIN, SIDE
from ..data.images import random_shifts
from ..data.your_digits import load_digits, save_digits, split_each_digit  # noqa: F401 (kept here too)
from ..mlp import MLP

DEFAULT_PATH = Path("models") / "mnist_mlp.npz"  # relative to the notebooks folder


SHIFT = 1  # pixels: how far notebook 05's augmentation moves a digit, at most


def shift_by_one_pixel(batch, rng):
    """Notebook 05's data augmentation: every digit moved by up to SHIFT (one) pixel."""
    return random_shifts(batch, max_shift=SHIFT, rng=rng)


# Notebook 05's recipe, defined here once (for the notebook, train_digit_reader, fine_tune
# and benchmarks/choose_settings.py): the article's network with the modern choices, and
# the training settings chosen on validation digits (benchmarks/choose_settings.py; the
# number of epochs, 8 rather than 20, by benchmarks/time_to_accuracy.py).
NETWORK = {
    "sizes": [SIDE * SIDE, 500, 500, 500, 10],
    "activation": "relu",
    "output": "softmax",
    "loss": "cross_entropy",
    "seed": 0,
}
RECIPE = {
    "epochs": 8,
    "batch_size": 64,
    "lr": 1e-3,
    "optimizer": "adam",
    "schedule": "cosine",
    "augment": shift_by_one_pixel,
    "seed": 0,
}

# The article's network and loss, as notebook 05 trains them and notebook 11 compares them with
# a random forest: sigmoid neurons throughout and the sum of squared errors. The article does
# not name an optimiser; Adam is the course's choice (notebook 05, section 3).
# Notebook 12's LeNet (annlib.lenet.LeNet's defaults: 6 and 16 filters of 5 x 5 with
# padding 2, a hidden layer of 120) and its recipe, chosen on validation digits among a few
# sizes and lengths (benchmarks/time_to_accuracy.py --lenet): 10 epochs read as many
# validation digits as 15, in two thirds of the time.
LENET_RECIPE = {**RECIPE, "epochs": 10, "lr": 2e-3}

ARTICLE_NETWORK = {**NETWORK, "activation": "sigmoid", "output": "sigmoid", "loss": "sse"}
ARTICLE_RECIPE = {"epochs": 10, "batch_size": 64, "lr": 1e-3, "optimizer": "adam", "seed": 0}


# What each setting means in recipe_table, built from the values, so that it changes with them.
MEANING_WIDTH = 50  # pandas shows at most 50 characters of a table cell (display.max_colwidth)
_SAME_FOR_ANY_VALUE = {
    "seed": "same starting weights and shuffles every run",
    "batch_size": "digits per gradient step",
    "lr": "the learning rate (the largest step)",
}
_FOR_EACH_VALUE = {  # {n}: the number of outputs
    "activation": {
        "relu": "hidden neurons: max(0, z)",
        "sigmoid": "hidden neurons: 1 / (1 + e^-z)",
        "tanh": "hidden neurons: tanh(z)",
        "step": "hidden neurons: the step (nothing to learn from)",
    },
    "output": {
        "softmax": "{n} outputs that are probabilities adding up to 1",
        "sigmoid": "{n} outputs, each a probability from 0 to 1",
        "identity": "{n} outputs, the weighted inputs as they are",
    },
    "loss": {
        "cross_entropy": "punishes a confident wrong answer hard",
        "sse": "the article's sum of squared errors",
    },
    "optimizer": {
        "adam": "a step size of its own for every weight",
        "momentum": "steps that keep rolling in a good direction",
        "sgd": "every weight steps lr x its slope downhill",
    },
    "schedule": {
        "cosine": "lr shrinks smoothly to nearly 0",
        "constant": "the same lr in every epoch",
    },
}


def _count(n: int, thing: str) -> str:
    return f"{n:,} {thing}" + ("" if n == 1 else "s")


def _layers_meaning(sizes) -> str:
    """'784 pixels, 3 hidden layers of 500, 10 digits', shorter if that does not fit."""
    n_in, hidden, n_out = sizes[0], list(sizes[1:-1]), sizes[-1]
    if not hidden:
        layers = "no hidden layer"
    elif len(set(hidden)) == 1:
        layers = f"{_count(len(hidden), 'hidden layer')} of {hidden[0]}"
    else:
        layers = "hidden layers of " + ", ".join(str(h) for h in hidden)
    text = f"{n_in} pixels, {layers}, {n_out} digits"
    if len(text) > MEANING_WIDTH:
        text = f"{n_in} pixels, {_count(len(hidden), 'hidden layer')}, {n_out} digits"
    return text


def _augment_meaning(augment) -> str:
    if augment is None:
        return "none: each digit shown as it is"
    if augment is shift_by_one_pixel:
        return f"each digit moved up to {_count(SHIFT, 'pixel')} when shown"
    summary = (augment.__doc__ or "").strip().split("\n")[0]
    return summary if 0 < len(summary) <= MEANING_WIDTH else "changes each minibatch a little"


def _meaning(key: str, value) -> str:
    """What a setting of NETWORK or RECIPE means, for its value ('' if annlib cannot say)."""
    if key == "sizes":
        return _layers_meaning(value)
    if key == "epochs":
        return f"passes through the {ARTICLE_TRAIN:,} training digits"
    if key == "augment":
        return _augment_meaning(value)
    if key in _SAME_FOR_ANY_VALUE:
        return _SAME_FOR_ANY_VALUE[key]
    words = _FOR_EACH_VALUE.get(key, {}).get(value, "")
    return words.format(n=NETWORK["sizes"][-1])


def recipe_table():
    """NETWORK and RECIPE as a table: setting, value, and what it means (at most
    MEANING_WIDTH characters, so that pandas shows it whole), built from the values."""
    import pandas as pd

    rows = [
        (part, key, getattr(value, "__name__", value), _meaning(key, value))
        for part, settings in (("network", NETWORK), ("training", RECIPE))
        for key, value in settings.items()
    ]
    return pd.DataFrame(rows, columns=["part", "setting", "value", "what it means"]).set_index(
        ["part", "setting"]
    )


def _move_aside(path: Path, why) -> Path:
    """Rename a damaged file to NAME.damaged.npz (never over an earlier one), and say so."""
    for k in range(1, 1000):
        aside = path.with_name(f"{path.stem}.damaged{'' if k == 1 else f'-{k}'}.npz")
        if not aside.exists():
            break
    path.replace(aside)
    print(f"{path} could not be read ({why}); it was moved to {aside.name}.")
    return aside


def new_digit_reader() -> MLP:
    """Notebook 05's network, untrained: MLP(**NETWORK)."""
    return MLP(**NETWORK)


def train_digit_reader(X, y, progress: bool = True, **settings) -> MLP:
    """Notebook 05's network trained with notebook 05's recipe; returns the trained MLP.

    ``settings`` are added to (or replace) RECIPE's, e.g. validation=(X_test, y_test)
    or a callback; the History is on model.history_.
    """
    return new_digit_reader().fit(X, y, **{**RECIPE, "progress": progress, **settings})


def digit_reader(path=DEFAULT_PATH, progress: bool = True) -> MLP:
    """Notebook 05's trained network: loaded from ``path``, or trained and saved there
    (.npz is added to the path if missing, as in model.save).

    A damaged file there (cut short, say) is not deleted: it is renamed to
    NAME.damaged.npz (or .damaged-2.npz, ...), and the network is trained again, with one
    line saying so. A file holding something else (another network, your digits) is left
    alone, with an error that says so.
    """
    path = npz_path(path)
    if path.is_dir():
        raise IsADirectoryError(f"{path} is a folder, not a saved network: give a file name.")
    if path.exists():
        from .._network import NetworkModel
        from .._network_files import holds_a_network

        if holds_a_network(path):
            try:
                model = NetworkModel.load(path)
            except ValueError as error:
                _move_aside(path, error)
            else:
                if isinstance(model, MLP) and (model.n_inputs, model.n_outputs) == (784, 10):
                    return model
                raise ValueError(
                    f"{path} holds a {type(model).__name__} with {model.n_inputs} inputs and "
                    f"{model.n_outputs} outputs, not notebook 05's digit reader (784 and 10): "
                    "it is left as it is; give digit_reader another path."
                )
        elif {"X", "y"} <= npz_entries(path):  # digits saved by save_digits
            raise ValueError(
                f"{path} holds digits (saved by save_digits), not a network: it is left as "
                "it is; give digit_reader another path."
            )
        else:
            _move_aside(path, "not a readable network file")
    from ..data import load_mnist

    print(f"{path} not found: training notebook 05's network now (about 15 seconds)...")
    (X, y), _ = load_mnist()
    model = train_digit_reader(X, y, progress=progress)
    model.save(path)
    print(f"saved to {path}")
    return model


# --------------------------------------------------------------------------
# The learner's own handwriting
# --------------------------------------------------------------------------


def fine_tune(
    model: NetworkModel,
    X_own,
    y_own,
    X_mnist,
    y_mnist,
    *,
    repeats: int = 20,
    epochs: int = 5,
    lr: float = 2e-4,
    seed: int = 0,
    progress: bool = False,
) -> NetworkModel:
    """A copy of ``model`` trained a little more on your digits mixed with MNIST digits.

    Your few digits are repeated ``repeats`` times (each time shifted by up to a pixel)
    and mixed with the MNIST digits, so the network learns your hand while forgetting
    little of everyone else's (notebook 13 measures how little). Batches, optimiser and
    shifts are notebook 05's (RECIPE); a small, constant learning rate keeps the steps
    gentle. Pressing stop ends the tuning and returns the copy as far as it got (its
    ``history_`` says so).
    """
    import copy

    import numpy as np

    from .._validate import whole_number
    from ..data.your_digits import check_digits

    digit_model(model, "fine_tune", trainable=True)
    repeats = whole_number(repeats, "repeats", minimum=1, example="20")
    if _how_many(X_own) == 0:
        raise ValueError(
            "X_own holds no digits: draw a few of your own first (fine_tune teaches the "
            "network your hand)."
        )
    X_own, y_own = check_digits(X_own, y_own, "your digits (X_own, y_own)")
    if _how_many(X_mnist) == 0 and _how_many(y_mnist) == 0:
        # no MNIST digits mixed in: allowed (notebook 13 shows what the network then forgets)
        X_mnist, y_mnist = np.zeros((0, X_own.shape[1]), np.float32), np.zeros(0, np.int64)
    else:
        X_mnist, y_mnist = check_digits(X_mnist, y_mnist, "the MNIST digits (X_mnist, y_mnist)")
    X = np.concatenate([np.repeat(X_own, repeats, axis=0), X_mnist])
    y = np.concatenate([np.repeat(y_own, repeats), y_mnist])
    tuned = copy.deepcopy(model)
    try:
        tuned.fit(
            X,
            y,
            epochs=epochs,
            lr=lr,
            seed=seed,
            progress=progress,
            batch_size=RECIPE["batch_size"],
            optimizer=RECIPE["optimizer"],
            augment=RECIPE["augment"],
        )
    except KeyboardInterrupt:  # the stop button: what was tuned so far is not thrown away
        print(
            "fine_tune returns that copy, tuned as far as it got (its history_ says how far); "
            "the network you gave it is unchanged."
        )
    return tuned


def _how_many(values) -> int:
    """How many digits (or labels) ``values`` holds, without converting them: None holds none."""
    if values is None:
        return 0
    try:
        return len(values)
    except TypeError:  # a single number: check_digits says what is wrong with it
        return -1


def digit_model(model, who: str, *, trainable: bool = False):
    """``model`` if it reads digits: 784 inputs (28 x 28 pixels) and 10 answers, one per digit.

    With trainable=True it must also be an annlib network (fine_tune trains it further).
    ``who`` names what needs it, for the message.
    """
    kind = "an annlib network" if trainable else "a trained digit reader"
    if (trainable and not isinstance(model, NetworkModel)) or not hasattr(model, "predict_proba"):
        hint = " (load it first: MLP.load(path))" if isinstance(model, (str, Path)) else ""
        raise TypeError(
            f"{who} needs {kind}, such as notebook 05's network "
            f"(annlib.lab.digit_reader.digit_reader()){hint}; got {type(model).__name__}."
        )
    n_in, n_out = getattr(model, "n_inputs", None), getattr(model, "n_outputs", None)
    if (n_in, n_out) != (None, None) and (n_in, n_out) != (SIDE * SIDE, 10):
        raise ValueError(
            f"{who} reads digits: its model needs {SIDE * SIDE} inputs (28 x 28 pixels) and "
            f"10 outputs (one per digit); this one has {n_in} inputs and {n_out} outputs."
        )
    return model


def read_number(model: NetworkModel, image):
    """Read every digit in a photo or drawing, left to right.

    Returns the number as a string, the 28 x 28 digits found, and the model's
    probability for each digit it read.
    """
    import numpy as np

    from ..data.images import split_digits
    from ..functions import predicted_class

    digit_model(model, "read_number")
    digits, _ = split_digits(image)
    P = model.predict_proba(np.stack(digits).reshape(len(digits), -1))
    return "".join(str(d) for d in predicted_class(P)), digits, P.max(axis=1)
