"""A trained network on disk: one .npz file of plain arrays, never a pickle.

The file holds every parameter array under its name (W1, b1, ... or K1, c1, ...) and
one text entry, ``__meta__``: JSON with the format and its version, the annlib that
wrote it, the kind of network, the settings that rebuild it and the training history.
Loading checks all of it and refuses, with a message that says what to do, files that
hold pickles (loading one can run any code), damaged files, and broken weights.
Files of annlib 0.7 and earlier (format "annlib.MLP", version 1) still load.
"""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import numpy as np

from ._files import UnreadableNpz, npz_entries, npz_path, read_npz, save_npz
from ._versioning import UPDATE_HELP, installed_version, parse_version
from .model import History

FORMAT, FORMAT_VERSION = "annlib.network", 2
# Files of annlib 0.7 and earlier: MLPs only, their settings at the top level of __meta__.
OLD_FORMAT, OLD_FORMAT_VERSION = "annlib.MLP", 1
# the networks files may hold, and where each is (for the message when it is not loaded)
KINDS = {
    "MLP": "annlib.mlp",
    "DropoutMLP": "annlib.dropout",
    "ConvNet": "annlib.conv",
    "LeNet": "annlib.lenet",
}


def save(model, path) -> Path:
    """Save a network's weights, settings and training history to an .npz file.

    Plain arrays and text only (no pickle), written atomically: a save that fails
    never damages an earlier file at path. Returns the path (.npz added if missing).
    """
    meta = {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "annlib": installed_version(),
        "model": type(model).__name__,
        "settings": model.settings(),
    }
    if "history_" in model.__dict__:
        meta["history"] = dataclasses.asdict(model.history_)
    for key, value in model.params.items():
        value = np.asarray(value)
        if value.dtype.kind != "f" or not np.isfinite(value).all():
            raise ValueError(
                f"{key} holds NaN, infinity or something that is not numbers, so the network "
                "is broken and is not saved (it could not be loaded again); train it again, "
                "or load the last good save."
            )
    path = npz_path(path)
    if path.is_dir():
        raise IsADirectoryError(
            f"{path} is a folder: give a file name, such as {path / 'net.npz'}."
        )
    if path.exists() and not holds_a_network(path):
        raise FileExistsError(
            f"{path} holds something that is not a network saved by annlib (your digits, "
            "perhaps), so it is not written over: save the network under another name."
        )
    return save_npz(path, __meta__=np.array(json.dumps(meta)), **model.params)


def holds_a_network(path) -> bool:
    """Whether the file at path is an .npz file with a network saved by annlib in it."""
    return "__meta__" in npz_entries(path)


def load(cls, path):
    """Load a network of class ``cls`` saved by save() (also MLP files of annlib 0.7 and earlier).

    MLP.load and ConvNet.load check the file holds that kind of network;
    NetworkModel.load returns whichever it holds. Files holding pickled objects
    (which could run any code), damaged files and broken weights are refused.
    The path is save()'s: .npz is added if missing, so load("m") reads save("m")'s m.npz.
    """
    path = npz_path(path)
    arrays = _read_arrays(path)
    if "__meta__" not in arrays:
        raise ValueError(
            f"{path} is an .npz file but not a network saved by annlib "
            "(it has no '__meta__' entry)."
        )
    try:
        meta = json.loads(str(arrays.pop("__meta__")))
    except json.JSONDecodeError:
        meta = None
    if not isinstance(meta, dict):  # a damaged file: a ValueError, like every refusal here
        raise ValueError(
            f"{path}: the saved settings are damaged; "  # noqa: TRY004
            "save the network again."
        )
    try:
        return _build(cls, path, meta, arrays)
    except ValueError as error:
        newer = _newer_writer(meta)
        if newer is None:
            raise
        raise ValueError(
            f"{path} was saved by annlib {newer}, which is newer than this annlib "
            f"({installed_version()}), and this one cannot read it ({error}) Update annlib, and "
            f"the file will load.\n{UPDATE_HELP}"
        ) from None


def _newer_writer(meta: dict) -> str | None:
    """The annlib version that wrote a file, if it is newer than this one (else None)."""
    written = meta.get("annlib")
    try:
        return written if parse_version(written) > parse_version(installed_version()) else None
    except ValueError:  # no version, or not one: nothing to say about it
        return None


def _build(cls, path: Path, meta: dict, arrays: dict):
    """The network a file's settings and arrays describe, checked at every step."""
    kind, settings = _kind_and_settings(path, meta)
    network_class = _kind_of(cls, kind)
    if network_class is None:  # a file of another kind, or of a kind not imported yet
        raise ValueError(
            f"{path} holds a {kind}, which {cls.__name__}.load does not make: load it with "
            f"{kind}.load(path), after `from {KINDS[kind]} import {kind}`."
        )
    stored = sum(a.size for a in arrays.values())
    if _implied_numbers(settings) > 2 * stored + 1_000:  # checked before anything is made
        raise ValueError(
            f"{path}: the saved settings describe a far larger network than the {stored:,} "
            "weights the file holds; the file is damaged: save the network again."
        )
    try:
        model = network_class(**settings)
    except (TypeError, ValueError) as error:
        raise ValueError(f"{path}: the saved settings are damaged ({error}).") from None
    _put_weights(path, model, arrays)
    if "history" not in meta:  # saved by annlib 0.7 or earlier, or before any fit
        model._not_fitted_because = f"{path} holds no training history"
        return model
    try:
        model.history_ = History(**meta["history"])
    except TypeError:
        raise ValueError(f"{path}: the saved training history is damaged.") from None
    return model


def _kind_of(cls, kind: str):
    """The class called ``kind``: cls itself or one of its subclasses (None if neither).

    NetworkModel.load finds MLP, DropoutMLP, ConvNet and LeNet among its subclasses, so
    this module never imports them (they import it, through NetworkModel): a kind whose
    module is not imported yet is not found, and _build says which module to import.
    """
    if cls.__name__ == kind:
        return cls
    for subclass in cls.__subclasses__():
        found = _kind_of(subclass, kind)
        if found is not None:
            return found
    return None


def _read_arrays(path: Path) -> dict[str, np.ndarray]:
    """Every array in an .npz file, refusing pickles and anything that is not an .npz file."""
    if not path.exists():
        raise FileNotFoundError(
            f"no saved network at {path}; train one and save it with model.save(path) first."
        )
    if path.is_dir():
        raise IsADirectoryError(
            f"{path} is a folder, not a saved network: give the file's name, such as "
            f"{path / 'net.npz'}."
        )
    with open(path, "rb") as f:
        head = f.read(4)
    if not head.startswith(b"PK"):  # every .npz file is a zip archive
        looks = " It looks like a pickle, which annlib never loads." if head[:1] == b"\x80" else ""
        raise ValueError(
            f"{path} is not a network saved by annlib (not an .npz file).{looks} "
            "Save networks with model.save(path)."
        )
    try:
        return read_npz(path)
    except UnreadableNpz as error:
        if error.pickle:
            raise ValueError(
                f"{path} holds Python objects (a pickle), which annlib never loads, "
                "because loading a pickle can run any code. Save networks with "
                "model.save(path)."
            ) from None
        raise ValueError(
            f"{path} is damaged or incomplete: {error}. Load an earlier save, or train "
            "the network again and save it with model.save(path)."
        ) from None


def _implied_numbers(settings: dict) -> float:
    """About how many weights the settings ask for (counted without making any), so that a
    damaged file cannot make load allocate gigabytes. Unknown or odd settings count 0: the
    network's own checks then say what is wrong."""
    try:
        sizes = [float(n) for n in settings.get("sizes", ())]
        dense = sum(a * b for a, b in zip(sizes, sizes[1:]))
        filters = [float(n) for n in settings.get("filters", ())]
        kernels = [float(n) for n in settings.get("kernel_sizes", ())]
        if "kernel_size" in settings:  # LeNet: one size for both, and a hidden dense layer
            kernels = [float(settings["kernel_size"])] * 2
            dense += float(settings.get("hidden", 0)) * float(np.prod(settings["image_shape"]))
        conv = sum(f * k * k for f, k in zip(filters, kernels))
        if len(filters) == 2 and len(kernels) == 2:
            conv += filters[0] * filters[1] * kernels[1] ** 2
        return dense + conv
    except (TypeError, ValueError):
        return 0.0


def _kind_and_settings(path: Path, meta: dict) -> tuple[str, dict]:
    """Which network a file holds and the settings that rebuild it, for either format."""
    version = (meta.get("format"), meta.get("format_version"))
    if version == (OLD_FORMAT, OLD_FORMAT_VERSION):
        names = ("sizes", "activation", "output", "loss", "dtype")
        if not all(name in meta for name in names):
            raise ValueError(f"{path}: the saved settings are damaged; save the network again.")
        return "MLP", {**{name: meta[name] for name in names}, "seed": meta.get("seed", 0)}
    if version == (FORMAT, FORMAT_VERSION):
        if meta.get("model") not in KINDS:
            raise ValueError(
                f"{path} holds a network of a kind this annlib does not know "
                f"({meta.get('model')!r}); it reads {', '.join(KINDS)}."
            )
        if not isinstance(meta.get("settings"), dict):
            raise ValueError(f"{path}: the saved settings are missing; save the network again.")
        return meta["model"], meta["settings"]
    raise ValueError(
        f"{path} was saved in a format this annlib does not read "
        f"({meta.get('format')!r}, version {meta.get('format_version')!r})."
    )


def _put_weights(path: Path, model, arrays: dict) -> None:
    """Copy the saved arrays into model.params, after checking names, shapes and values."""
    if set(arrays) != set(model.params):
        raise ValueError(
            f"{path} holds the arrays {sorted(arrays)}, but {model!r} needs {sorted(model.params)}."
        )
    for key, value in arrays.items():
        if value.shape != model.params[key].shape or value.dtype.kind != "f":
            raise ValueError(
                f"{path}: {key} has shape {value.shape} and type {value.dtype}, "
                f"but these settings need shape {model.params[key].shape} of "
                "floats; the file is damaged or was edited."
            )
        if not np.all(np.isfinite(value)):
            raise ValueError(
                f"{path}: {key} contains NaN or infinity; the saved network is broken."
            )
        model.params[key] = value.astype(model.dtype)
