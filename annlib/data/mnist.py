"""MNIST, ready to use: download once, check, cache, and read into NumPy arrays.

    (X_train, y_train), (X_test, y_test) = load_mnist()

gives the source article's split: the first 10,000 training digits and the
first 1,000 test digits, as float32 pixels in [0, 1] (one row of 784 per digit)
and integer labels 0-9.

Where the files come from:

* The folder named by the environment variable ANNLIB_DATA_DIR, if set (for
  offline machines, classrooms and CI: put the four official files there).
* Otherwise a per-user cache folder (for example ~/.cache/annlib/mnist on Linux).

A file that is missing, or whose SHA-256 does not match the official one, is
downloaded (with pooch) from public mirrors, trying each in turn. Run
``python -m annlib.data`` to fetch and check everything ahead of time.
"""

from __future__ import annotations

import gzip
import hashlib
import os
import sys
import zlib
from pathlib import Path

import numpy as np

from .._validate import whole_number

ENV_VAR = "ANNLIB_DATA_DIR"

MIRRORS = (
    "https://ossci-datasets.s3.amazonaws.com/mnist/",
    "https://storage.googleapis.com/cvdf-datasets/mnist/",
)
MIRRORS_VAR = "ANNLIB_MNIST_MIRRORS"  # other mirrors: base addresses, separated by spaces
DOWNLOAD_TIMEOUT = 15  # seconds a mirror may stay silent before the next one is tried


def mirrors() -> tuple[str, ...]:
    """The mirrors to download MNIST from, in order: those in the environment variable
    ANNLIB_MNIST_MIRRORS (separated by spaces or commas), if it is set, else MIRRORS."""
    given = os.environ.get(MIRRORS_VAR, "").replace(",", " ").split()
    return tuple(given) if given else tuple(MIRRORS)


# The four official files and their SHA-256 hashes.
FILES = {
    "train-images-idx3-ubyte.gz": "440fcabf73cc546fa21475e81ea370265605f56be210a4024d2ca8f203523609",  # noqa: E501
    "train-labels-idx1-ubyte.gz": "3552534a0a558bbed6aed32b30c495cca23d567ec52cac8be1a0730e8010255c",  # noqa: E501
    "t10k-images-idx3-ubyte.gz": "8d422c7b0a1c1c79245a5bcf07fe86e33eeafee792b84584aec276f5a2dbc4e6",
    "t10k-labels-idx1-ubyte.gz": "f7ae60f92e00ec6debd23a6088c31dbd2371eca3ffa0defaefb259924204aec6",
}

N_TRAIN, N_TEST = 60_000, 10_000
ARTICLE_TRAIN, ARTICLE_TEST = 10_000, 1_000  # the source article's split: load_mnist's default
SIDE = 28  # every MNIST digit is SIDE x SIDE pixels: rows of SIDE * SIDE = 784 numbers

# IDX type codes (the third byte of the magic number) and their NumPy types.
IDX_TYPES = {0x08: np.uint8, 0x09: np.int8, 0x0B: ">i2", 0x0C: ">i4", 0x0D: ">f4", 0x0E: ">f8"}


class DataError(RuntimeError):
    """MNIST could not be found, fetched or read; the message says what to do.

    ``problems`` lists, for a failed fetch, what each mirror answered.
    """

    def __init__(self, message: str, problems=(), state: str = ""):
        super().__init__(message)
        self.problems, self.state = list(problems), state


# --------------------------------------------------------------------------
# Where the files live
# --------------------------------------------------------------------------


def data_dir() -> Path:
    """The folder MNIST is read from and downloaded to."""
    configured = os.environ.get(ENV_VAR)
    if configured:
        return Path(configured).expanduser()
    import pooch

    return Path(pooch.os_cache("annlib")) / "mnist"


def sha256(path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def fetch(filename: str, known_sha256: str, folder=None, mirrors=None) -> Path:
    """One file, checked against its SHA-256: from ``folder`` if it is there and
    intact, else downloaded from the first mirror that serves it intact.

    A file already in the folder with the wrong hash is downloaded again (it is
    never used). Raises DataError, naming every mirror tried and what went
    wrong, if no good copy can be had. ``mirrors``: base addresses to try, in order
    (default: ``mirrors()``, read when called). A mirror silent for DOWNLOAD_TIMEOUT
    seconds is given up, with a line saying so, and the next one tried.
    """
    mirror_list = _mirror_list(mirrors)
    folder = Path(folder) if folder is not None else data_dir()
    path = folder / filename
    if path.exists() and sha256(path) == known_sha256:
        return path
    damaged = path.exists()
    problems = []
    for k, mirror in enumerate(mirror_list):
        try:
            return _download(mirror.rstrip("/") + "/" + filename, known_sha256, folder, filename)
        # any failure (network down, HTTP error, hash mismatch, disk full...) means: next mirror
        except Exception as error:  # noqa: BLE001
            problems.append(f"{mirror}: {_short(error)}")
            if k + 1 < len(mirror_list):
                print(f"{filename}: {problems[-1]}; trying the next mirror.")
    state = "is damaged (its SHA-256 does not match the official file)" if damaged else "is missing"
    raise DataError(
        f"The MNIST file {filename} {state} in {folder}, and no mirror could provide a good copy:\n"
        + "".join(f"  - {p}\n" for p in problems)
        + _HOW_TO_PROVIDE.format(folder=folder, env=ENV_VAR),
        problems=problems,
        state="damaged" if damaged else "missing",
    )


def _download(url: str, known_sha256: str, folder: Path, filename: str) -> Path:
    import logging

    import pooch

    logging.getLogger("pooch").setLevel(logging.WARNING)
    return Path(
        pooch.retrieve(
            url,
            known_hash=f"sha256:{known_sha256}",
            fname=filename,
            path=folder,
            downloader=pooch.HTTPDownloader(progressbar=False, timeout=DOWNLOAD_TIMEOUT),
        )
    )


def _mirror_list(given) -> tuple[str, ...]:
    """The mirrors to try: ``given`` (one address or several), or mirrors()."""
    if given is None:
        return mirrors()
    if isinstance(given, str):
        given = [given]
    given = tuple(given)
    if not given or not all(isinstance(m, str) and m.strip() for m in given):
        raise ValueError(
            f"mirrors must be web addresses of folders holding the MNIST files, such as "
            f"{MIRRORS[0]!r}; got {given!r}."
        )
    return given


def _short(error: Exception) -> str:
    """One readable line about what went wrong."""
    text = str(error).strip().splitlines()[0] if str(error).strip() else ""
    if any(
        s in text
        for s in (
            "NameResolution",
            "Failed to resolve",
            "Max retries exceeded",
            "Connection refused",
            "Network is unreachable",
        )
    ):
        return "could not connect (is the computer offline?)"
    if "timed out" in text.lower() or "timeout" in type(error).__name__.lower():
        return f"did not answer within {DOWNLOAD_TIMEOUT} seconds, so it was given up"
    if "hash" in text.lower() and "match" in text.lower():
        return "the downloaded file's SHA-256 did not match the official file"
    return f"{type(error).__name__}: {text}"[:160]


_HOW_TO_PROVIDE = (
    "To fix this, either\n"
    "  - connect to the internet and run this again (annlib downloads the files itself), or\n"
    "  - copy the four official MNIST files (train-images-idx3-ubyte.gz, "
    "train-labels-idx1-ubyte.gz,\n    t10k-images-idx3-ubyte.gz, t10k-labels-idx1-ubyte.gz) "
    "into a folder and set the\n    environment variable {env} to that folder "
    "(now looking in {folder})."
)


def _folder(folder) -> Path:
    """The MNIST folder: the one given (~ expanded), or data_dir(); never a file."""
    if folder is None:
        return data_dir()
    if not isinstance(folder, (str, os.PathLike)) or not str(folder).strip():
        raise TypeError(
            f"folder must be the name of a folder, such as 'data/mnist'; got {folder!r}."
        )
    folder = Path(folder).expanduser()
    if folder.exists() and not folder.is_dir():
        raise NotADirectoryError(
            f"{folder} is a file, not a folder: give the folder that holds (or will hold) "
            "the four MNIST files."
        )
    return folder


def fetch_mnist(folder=None, mirrors=None) -> dict[str, Path]:
    """All four MNIST files, checked; one error listing every file that could not be had."""
    folder = _folder(folder)
    paths, missing = {}, []
    for filename, digest in FILES.items():
        try:
            paths[filename] = fetch(filename, digest, folder, mirrors)
        except DataError as error:
            missing.append((filename, error.state, error.problems))
    if missing:
        lines = [
            (
                f"MNIST is not available: {len(missing)} of 4 files could not be found in "
                f"{folder} or downloaded."
            )
        ]
        for filename, state, problems in missing:
            lines.append(f"  - {filename} ({state}); tried:")
            lines.extend(f"      {p}" for p in problems)
        raise DataError(
            "\n".join(lines) + "\n" + _HOW_TO_PROVIDE.format(folder=folder, env=ENV_VAR)
        )
    return paths


# --------------------------------------------------------------------------
# Reading IDX files
# --------------------------------------------------------------------------


def read_idx(path) -> np.ndarray:
    """Read an IDX file (gzipped or not) into a NumPy array, checking it thoroughly.

    The format: two zero bytes, a type code, the number of dimensions d, then d
    big-endian 32-bit sizes, then the values. A file that is truncated, too
    long, or not IDX at all raises DataError naming the file and what to do.
    """
    path = Path(path)
    advice = f"Delete {path} and run again to download a fresh copy."
    try:
        opener = gzip.open if path.suffix == ".gz" else open
        with opener(path, "rb") as f:
            raw = f.read()
    except FileNotFoundError:
        raise DataError(f"{path} does not exist.") from None
    except (OSError, EOFError, zlib.error) as error:  # gzip.BadGzipFile is an OSError
        raise DataError(
            f"{path} is damaged: it cannot be decompressed ({_short(error)}). {advice}"
        ) from None
    if len(raw) < 4 or raw[0] != 0 or raw[1] != 0 or raw[2] not in IDX_TYPES:
        raise DataError(
            f"{path} is not an IDX file (its first bytes are {raw[:4]!r}, not an IDX "
            f"magic number). {advice}"
        )
    ndim = raw[3]
    header = 4 + 4 * ndim
    if ndim == 0 or len(raw) < header:
        raise DataError(f"{path} is damaged: its header is cut short. {advice}")
    shape = tuple(int(d) for d in np.frombuffer(raw, ">u4", count=ndim, offset=4))
    dtype = np.dtype(IDX_TYPES[raw[2]])
    expected = header + int(np.prod(shape)) * dtype.itemsize
    if len(raw) != expected:
        how = "truncated (cut short)" if len(raw) < expected else "longer than its header says"
        raise DataError(
            f"{path} is damaged: it is {how}, {len(raw):,} bytes where a "
            f"{' x '.join(map(str, shape))} array needs {expected:,}. {advice}"
        )
    return np.frombuffer(raw, dtype, offset=header).reshape(shape).astype(dtype.newbyteorder("="))


def _read_pair(images_path, labels_path, n_expected: int):
    images, labels = read_idx(images_path), read_idx(labels_path)
    if images.ndim != 3 or images.shape[1:] != (SIDE, SIDE) or images.dtype != np.uint8:
        raise DataError(
            f"{images_path} does not hold {SIDE}x{SIDE} images of bytes (shape {images.shape})."
        )
    if labels.ndim != 1 or labels.dtype != np.uint8 or labels.max(initial=0) > 9:
        raise DataError(f"{labels_path} does not hold digit labels 0-9.")
    if len(images) != len(labels) or len(images) != n_expected:
        raise DataError(
            f"{images_path} has {len(images):,} images and {labels_path} "
            f"{len(labels):,} labels; MNIST has {n_expected:,} of each."
        )
    return images, labels


def _count(value, name: str, most: int) -> int:
    if value is None:
        return most
    return whole_number(
        value, f"{name} (None gives all {most:,})", minimum=1, maximum=most, example="1000"
    )


def load_validation(n_val=1_000, flatten=True, folder=None):
    """Validation digits: MNIST training digits that the article's split does not train on.

    The n_val training digits after the first ARTICLE_TRAIN (numbers 10,000 to 10,999 by
    default). A network trained on load_mnist()'s 10,000 never learns from them, so they
    can choose settings and draw learning curves, while the test digits are kept for one
    honest measurement at the end. Returns (X_val, y_val), prepared as load_mnist's.
    """
    n_val = _count(n_val, "n_val", N_TRAIN - ARTICLE_TRAIN)
    (X, y), _ = load_mnist(n_train=ARTICLE_TRAIN + n_val, n_test=1, flatten=flatten, folder=folder)
    return X[ARTICLE_TRAIN:], y[ARTICLE_TRAIN:]


def load_mnist(n_train=ARTICLE_TRAIN, n_test=ARTICLE_TEST, flatten=True, folder=None):
    """MNIST as ((X_train, y_train), (X_test, y_test)).

    Parameters
    ----------
    n_train, n_test : how many digits, taken from the start of the official
        training and test sets. The defaults are the source article's split
        (10,000 and 1,000; the first 1,000 test digits hold 85 zeros, as its
        table does). None gives all 60,000 / 10,000.
    flatten : True gives images as rows of 784 pixels, False as 28x28 arrays.
    folder : where to look for the files (default: ANNLIB_DATA_DIR or the cache).

    Pixels are float32 from 0 (background) to 1 (ink); labels are int64 0-9.
    """
    n_train = _count(n_train, "n_train", N_TRAIN)
    n_test = _count(n_test, "n_test", N_TEST)
    if not isinstance(flatten, (bool, np.bool_)):
        raise TypeError(
            f"flatten must be True (rows of 784 pixels) or False (28 x 28 images); got {flatten!r}."
        )
    paths = fetch_mnist(folder)
    train = _read_pair(
        paths["train-images-idx3-ubyte.gz"], paths["train-labels-idx1-ubyte.gz"], N_TRAIN
    )
    test = _read_pair(
        paths["t10k-images-idx3-ubyte.gz"], paths["t10k-labels-idx1-ubyte.gz"], N_TEST
    )

    def prepare(images, labels, n):
        X = images[:n].astype(np.float32) / 255.0
        return (X.reshape(n, -1) if flatten else X), labels[:n].astype(np.int64)

    return prepare(*train, n_train), prepare(*test, n_test)


def main(argv=None) -> int:
    """python -m annlib.data: fetch and check the four MNIST files now."""
    folder = data_dir()
    print(f"MNIST folder: {folder}" + (f" (from {ENV_VAR})" if os.environ.get(ENV_VAR) else ""))
    try:
        paths = fetch_mnist(folder)
    except DataError as error:
        print(error, file=sys.stderr)
        return 1
    for filename, path in paths.items():
        print(f"  {filename}: SHA-256 verified ({path.stat().st_size:,} bytes)")
    (X_train, _), (X_test, _) = load_mnist(None, None)
    print(f"ready: {len(X_train):,} training and {len(X_test):,} test digits")
    return 0


if __name__ == "__main__":
    sys.exit(main())
