"""MNIST loading: IDX parsing, damaged files, mirrors and hashes (against a local HTTP
server), and the article's split.

Tests that need the real MNIST files use ANNLIB_DATA_DIR (or the user cache); they are
skipped when the files cannot be had, unless ANNLIB_REQUIRE_DATA=1 (as in CI), where
they fail instead.
"""

import functools
import gzip
import hashlib
import http.server
import socket
import threading

import numpy as np
import pytest
from mnist_or_skip import mnist_or_skip

from annlib.data import DataError, fetch, load_mnist, read_idx
from annlib.data import mnist as data

# --- IDX files written by the tests -----------------------------------------


def idx_bytes(array: np.ndarray, code=0x08) -> bytes:
    header = bytes([0, 0, code, array.ndim]) + np.array(array.shape, ">u4").tobytes()
    return header + array.astype({0x08: np.uint8, 0x0C: ">i4", 0x0D: ">f4"}[code]).tobytes()


@pytest.mark.parametrize("compress", [False, True])
def test_read_idx_round_trip(tmp_path, compress):
    images = np.arange(2 * 3 * 4, dtype=np.uint8).reshape(2, 3, 4)
    raw = idx_bytes(images)
    path = tmp_path / ("x.idx.gz" if compress else "x.idx")
    path.write_bytes(gzip.compress(raw) if compress else raw)
    assert np.array_equal(read_idx(path), images)


def test_read_idx_other_types(tmp_path):
    values = np.array([[1.5, -2.0], [0.25, 8.0]])
    (tmp_path / "f.idx").write_bytes(idx_bytes(values, 0x0D))
    assert read_idx(tmp_path / "f.idx").tolist() == values.tolist()
    (tmp_path / "i.idx").write_bytes(idx_bytes(np.array([-5, 70000]), 0x0C))
    assert read_idx(tmp_path / "i.idx").tolist() == [-5, 70000]


@pytest.mark.parametrize(
    "damage, words",
    [
        (lambda raw: raw[:-7], "truncated"),
        (lambda raw: raw + b"\x00\x00", "longer than its header says"),
        (lambda raw: b"\x42\x42" + raw[2:], "not an IDX file"),
        (lambda raw: raw[:6], "header is cut short"),
    ],
)
def test_damaged_idx_files_name_the_file_and_what_to_do(tmp_path, damage, words):
    path = tmp_path / "labels.idx"
    path.write_bytes(damage(idx_bytes(np.arange(10, dtype=np.uint8))))
    with pytest.raises(DataError, match=words) as error:
        read_idx(path)
    assert str(path) in str(error.value) and "Delete" in str(error.value)


def test_corrupted_and_truncated_gzip(tmp_path):
    packed = gzip.compress(idx_bytes(np.arange(1000, dtype=np.uint8)))
    (tmp_path / "cut.gz").write_bytes(packed[: len(packed) // 2])
    (tmp_path / "noise.gz").write_bytes(b"\x1f\x8b" + bytes(range(200)))
    for name in ["cut.gz", "noise.gz"]:
        with pytest.raises(DataError, match="cannot be decompressed.*Delete"):
            read_idx(tmp_path / name)


# --- mirrors and hashes, against a real HTTP server on 127.0.0.1 -----------------


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture
def serve(tmp_path):
    """serve(files) -> base URL of a local HTTP server serving {name: bytes}."""
    servers = []

    def start(files: dict) -> str:
        root = tmp_path / f"site{len(servers)}"
        root.mkdir()
        for name, content in files.items():
            (root / name).write_bytes(content)
        server = http.server.ThreadingHTTPServer(
            ("127.0.0.1", 0), functools.partial(QuietHandler, directory=str(root))
        )
        threading.Thread(target=server.serve_forever, daemon=True).start()
        servers.append(server)
        return f"http://127.0.0.1:{server.server_address[1]}/"

    yield start
    for server in servers:
        server.shutdown()
        server.server_close()


def dead_mirror() -> str:
    """A URL where nothing listens: connections are refused at once."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    return f"http://127.0.0.1:{port}/"


GOOD = gzip.compress(idx_bytes(np.arange(50, dtype=np.uint8) % 10))
GOOD_SHA = hashlib.sha256(GOOD).hexdigest()


def test_first_mirror_down_second_good(tmp_path, serve):
    good = serve({"labels.gz": GOOD})
    path = fetch("labels.gz", GOOD_SHA, tmp_path / "cache", mirrors=[dead_mirror(), good])
    assert path.read_bytes() == GOOD


@pytest.fixture
def silent_mirror():
    """A URL whose server accepts the connection and never answers."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen()
    held = []
    stop = threading.Event()

    def accept():
        listener.settimeout(0.1)
        while not stop.is_set():
            try:
                held.append(listener.accept()[0])  # keep it open, say nothing
            except OSError:
                continue

    threading.Thread(target=accept, daemon=True).start()
    yield f"http://127.0.0.1:{listener.getsockname()[1]}/"
    stop.set()
    for connection in held:
        connection.close()
    listener.close()


def test_a_silent_mirror_is_given_up_soon_and_the_next_one_tried(
    tmp_path, serve, silent_mirror, monkeypatch, capsys
):
    monkeypatch.setattr(data, "DOWNLOAD_TIMEOUT", 0.5)
    good = serve({"labels.gz": GOOD})
    path = fetch("labels.gz", GOOD_SHA, tmp_path, mirrors=[silent_mirror, good])
    assert path.read_bytes() == GOOD
    assert "did not answer within 0.5 seconds" in capsys.readouterr().out


def test_mirrors_come_from_the_environment_when_it_names_some(tmp_path, serve, monkeypatch):
    good = serve({"labels.gz": GOOD})
    monkeypatch.setenv(data.MIRRORS_VAR, f"{dead_mirror()}, {good}")
    assert data.mirrors() == (data.mirrors()[0], good) and len(data.mirrors()) == 2
    assert fetch("labels.gz", GOOD_SHA, tmp_path).read_bytes() == GOOD
    monkeypatch.delenv(data.MIRRORS_VAR)
    monkeypatch.setattr(data, "MIRRORS", (good,))  # the module's list is read when fetching
    assert data.mirrors() == (good,)
    with pytest.raises(ValueError, match="mirrors must be web addresses"):
        fetch("labels.gz", GOOD_SHA, tmp_path / "other", mirrors=[None])


def test_a_mirror_serving_a_bad_file_is_skipped(tmp_path, serve):
    bad = serve({"labels.gz": GOOD[:-1] + b"\x00"})
    good = serve({"labels.gz": GOOD})
    path = fetch("labels.gz", GOOD_SHA, tmp_path, mirrors=[bad, good])
    assert data.sha256(path) == GOOD_SHA


def test_every_mirror_bad_gives_one_clear_error(tmp_path, serve):
    bad = serve({"labels.gz": b"not the file"})
    with pytest.raises(DataError) as error:
        fetch("labels.gz", GOOD_SHA, tmp_path, mirrors=[bad, dead_mirror()])
    message = str(error.value)
    assert "labels.gz is missing" in message
    assert "SHA-256 did not match" in message and "could not connect" in message
    assert "ANNLIB_DATA_DIR" in message
    assert not (tmp_path / "labels.gz").exists()  # a bad download is never left behind


def test_a_bad_cached_file_is_fetched_again_not_used(tmp_path, serve):
    (tmp_path / "labels.gz").write_bytes(b"an old, damaged download")
    good = serve({"labels.gz": GOOD})
    path = fetch("labels.gz", GOOD_SHA, tmp_path, mirrors=[good])
    assert path.read_bytes() == GOOD


def test_a_bad_file_offline_is_reported_as_damaged(tmp_path):
    (tmp_path / "labels.gz").write_bytes(b"damaged")
    with pytest.raises(DataError, match="is damaged"):
        fetch("labels.gz", GOOD_SHA, tmp_path, mirrors=[dead_mirror()])


def test_a_good_local_file_needs_no_network(tmp_path):
    (tmp_path / "labels.gz").write_bytes(GOOD)
    assert fetch("labels.gz", GOOD_SHA, tmp_path, mirrors=[dead_mirror()]).read_bytes() == GOOD


def test_no_network_no_files_one_error_for_all_four(tmp_path):
    with pytest.raises(DataError) as error:
        data.fetch_mnist(tmp_path, mirrors=[dead_mirror()])
    message = str(error.value)
    assert "4 of 4 files" in message and str(tmp_path) in message
    for name in data.FILES:
        assert name in message
    assert "ANNLIB_DATA_DIR" in message


def test_data_dir_follows_the_environment(monkeypatch, tmp_path):
    monkeypatch.setenv("ANNLIB_DATA_DIR", str(tmp_path))
    assert data.data_dir() == tmp_path
    monkeypatch.delenv("ANNLIB_DATA_DIR")
    assert data.data_dir().name == "mnist" and "annlib" in str(data.data_dir())


# --- the real MNIST files ---------------------------------------------------


@pytest.fixture(scope="module")
def mnist_folder():
    return mnist_or_skip(lambda: data.fetch_mnist()["t10k-labels-idx1-ubyte.gz"].parent)


def test_without_mnist_tests_skip_or_fail_as_asked(monkeypatch):
    def missing():
        raise DataError("no MNIST files in /nowhere\nthe details")

    monkeypatch.delenv("ANNLIB_REQUIRE_DATA", raising=False)
    with pytest.raises(pytest.skip.Exception, match=r"not available here \(no MNIST files in /no"):
        mnist_or_skip(missing)
    monkeypatch.setenv("ANNLIB_REQUIRE_DATA", "1")  # as in CI
    with pytest.raises(DataError, match="no MNIST files"):
        mnist_or_skip(missing)
    assert mnist_or_skip(lambda: 42) == 42


def test_the_real_files_download_through_a_mirror(tmp_path, serve, mnist_folder):
    name = "t10k-labels-idx1-ubyte.gz"
    mirror = serve({name: (mnist_folder / name).read_bytes()})
    path = fetch(name, data.FILES[name], tmp_path, mirrors=[dead_mirror(), mirror])
    assert data.sha256(path) == data.FILES[name]


def test_the_articles_split(mnist_folder):
    (X_train, y_train), (X_test, y_test) = load_mnist()
    assert X_train.shape == (10_000, 784) and X_test.shape == (1_000, 784)
    assert X_train.dtype == np.float32 and y_train.dtype == np.int64
    assert X_train.min() == 0.0 and X_train.max() == 1.0
    assert np.sum(y_test == 0) == 85  # the article's table counts 85 zeros
    assert sorted(set(y_train.tolist())) == list(range(10))


def test_images_and_the_full_sets(mnist_folder):
    (X_train, y_train), (X_test, _) = load_mnist(None, None, flatten=False)
    assert X_train.shape == (60_000, 28, 28) and X_test.shape == (10_000, 28, 28)
    assert y_train[:5].tolist() == [5, 0, 4, 1, 9]  # the well-known first digits


@pytest.mark.parametrize(
    "kwargs", [{"n_train": 0}, {"n_test": 10_001}, {"n_train": 2.5}, {"n_train": True}]
)
def test_bad_split_sizes(kwargs):
    words = r"n_t\w+ \(None gives all [\d,]+\) must be a whole number"
    with pytest.raises((ValueError, TypeError), match=words):
        load_mnist(**kwargs)


def test_validation_digits_follow_the_articles_training_digits(mnist):
    from annlib.data import load_mnist, load_validation

    (X_train, y_train), _ = mnist
    X_val, y_val = load_validation(5)
    (X_more, y_more), _ = load_mnist(n_train=10_005, n_test=1)
    assert X_val.shape == (5, 784) and np.array_equal(X_val, X_more[10_000:])
    assert np.array_equal(y_val, y_more[10_000:])
    assert not any((X_train == x).all(axis=1).any() for x in X_val)  # none is a training digit
    with pytest.raises(ValueError, match=r"n_val .* must be a whole number from 1 to 50,000"):
        load_validation(50_001)
