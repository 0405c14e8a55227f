"""The digits and pictures the course works with (course machinery, not the maths).

    mnist        MNIST: download from mirrors with checksums, cache, read, the article's split
    images       moving digits (no wrap-around), random shifts; drawings and photos as digits
    your_digits  your own digits: saved without losing any, loaded with checks, split
    examples     the article's small network, two images of a 6, XOR, two moons

MNIST's names are also here, so ``from annlib.data import load_mnist`` works. Run
``python -m annlib.data`` to fetch and check the four MNIST files ahead of time.
"""

from .mnist import (
    ARTICLE_TEST,
    ARTICLE_TRAIN,
    DOWNLOAD_TIMEOUT,
    ENV_VAR,
    FILES,
    IDX_TYPES,
    MIRRORS,
    MIRRORS_VAR,
    SIDE,
    DataError,
    data_dir,
    fetch,
    fetch_mnist,
    load_mnist,
    load_validation,
    mirrors,
    read_idx,
    sha256,
)

__all__ = [
    "ARTICLE_TEST",
    "ARTICLE_TRAIN",
    "DOWNLOAD_TIMEOUT",
    "ENV_VAR",
    "FILES",
    "IDX_TYPES",
    "MIRRORS",
    "MIRRORS_VAR",
    "SIDE",
    "DataError",
    "data_dir",
    "fetch",
    "fetch_mnist",
    "load_mnist",
    "load_validation",
    "mirrors",
    "read_idx",
    "sha256",
]
