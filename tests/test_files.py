"""annlib._files: .npz files written atomically, with the mode any new file gets."""

import io
import json
import os
import stat
import threading
import tracemalloc
import zipfile

import numpy as np
import pytest

from annlib import _files


def test_a_saved_file_gets_the_usual_mode_without_touching_the_umask(tmp_path, monkeypatch):
    """The umask is process-wide: setting it, even briefly, races with other threads."""
    usual = _usual_mode(tmp_path)

    def no_umask(mask):
        pytest.fail("os.umask called: it changes the mode of files other threads create")

    monkeypatch.setattr(os, "umask", no_umask)
    path = _files.save_npz(tmp_path / "a", x=np.arange(3))
    assert path.name == "a.npz" and np.array_equal(np.load(path)["x"], [0, 1, 2])
    assert stat.S_IMODE(path.stat().st_mode) == usual
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.npz", "probe"]  # no temporary left


def test_saves_from_several_threads_all_land(tmp_path):
    def save(i):
        _files.save_npz(tmp_path / f"f{i}", x=np.full(4, i))

    threads = [threading.Thread(target=save, args=(i,)) for i in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(f"f{i}.npz" for i in range(8))
    assert all(np.load(tmp_path / f"f{i}.npz")["x"][0] == i for i in range(8))


def _usual_mode(folder) -> int:
    """The mode a new file gets here: 0o666 less the umask, as the system applies it."""
    probe = folder / "probe"
    probe.touch()
    return stat.S_IMODE(probe.stat().st_mode)


@pytest.mark.skipif(not hasattr(os, "fork"), reason="needs resource limits (Linux, macOS)")
def test_a_save_cut_off_by_a_full_disk_leaves_the_last_good_file(tmp_path):
    """A real fault, not a mock: a child process may write files of at most 64 KB (as a disk
    that fills up), saves a large model and a large set of digits over good ones, and fails;
    the good files are exactly as they were, and no temporary file is left behind."""
    import subprocess
    import sys
    import textwrap

    from annlib.data.your_digits import save_digits
    from annlib.mlp import MLP

    model_path = MLP([4, 3, 2], seed=0).save(tmp_path / "net.npz")
    digits_path = save_digits(tmp_path / "mine.npz", np.zeros((3, 784)), [1, 2, 3])
    before = {p: p.read_bytes() for p in (model_path, digits_path)}
    child = textwrap.dedent(f"""
        import resource, signal, sys
        import numpy as np
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a write past the limit fails (EFBIG)
        resource.setrlimit(resource.RLIMIT_FSIZE, (64_000, 64_000))
        from annlib.mlp import MLP
        from annlib.data.your_digits import save_digits
        failed = 0
        try:
            MLP([784, 300, 10], seed=1).save({str(model_path)!r})
        except OSError:
            failed += 1
        try:
            save_digits({str(digits_path)!r}, np.ones((100, 784)), [5] * 100, mode="replace")
        except OSError:
            failed += 1
        sys.exit(0 if failed == 2 else 1)
    """)
    result = subprocess.run([sys.executable, "-c", child], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert {p: p.read_bytes() for p in before} == before
    assert sorted(p.name for p in tmp_path.iterdir() if not p.name.endswith(".backup.npz")) == [
        "mine.npz",
        "net.npz",
    ]


# --- reading: headers are checked before any memory is set aside ---


def _npz_with(path, **entries):
    """An .npz file whose entries are the given raw .npy bytes (to make damaged files)."""
    with zipfile.ZipFile(path, "w") as archive:
        for name, raw in entries.items():
            archive.writestr(f"{name}.npy", raw)
    return path


def _npy_bytes(array) -> bytes:
    buffer = io.BytesIO()
    np.save(buffer, array)
    return buffer.getvalue()


def test_read_npz_gives_back_what_was_saved(tmp_path):
    x, meta = np.arange(12, dtype=np.float32).reshape(3, 4), np.array('{"a": 1}')
    arrays = _files.read_npz(_files.save_npz(tmp_path / "a", x=x, __meta__=meta, f=x.T))
    assert sorted(arrays) == ["__meta__", "f", "x"]
    assert np.array_equal(arrays["x"], x) and arrays["x"].dtype == np.float32
    assert np.array_equal(arrays["f"], x.T) and str(arrays["__meta__"]) == '{"a": 1}'
    arrays["x"][0, 0] = 5  # the arrays are the caller's own, writable


def test_an_array_cut_short_is_called_incomplete_not_a_pickle(tmp_path):
    raw = _npy_bytes(np.ones((50, 40), np.float32))
    path = _npz_with(tmp_path / "cut.npz", W1=raw[: len(raw) - 100])
    with pytest.raises(_files.UnreadableNpz, match=r"'W1' should hold 8,000 bytes.*cut short") as e:
        _files.read_npz(path)
    assert not e.value.pickle


def test_a_header_claiming_gigabytes_is_refused_before_allocating(tmp_path):
    header = io.BytesIO()
    np.lib.format.write_array_header_1_0(
        header, {"descr": "<f4", "fortran_order": False, "shape": (200_000, 100_000)}
    )
    path = _npz_with(tmp_path / "huge.npz", W1=header.getvalue() + b"\0" * 64)
    _refused_with_little_memory(path, r"80,000,000,000 bytes.*holds 64")


def _refused_with_little_memory(path, words):
    """read_npz refuses the file, having set aside less than a megabyte on the way."""
    tracemalloc.start()  # NumPy reports its arrays' memory to tracemalloc
    try:
        with pytest.raises(_files.UnreadableNpz, match=words):
            _files.read_npz(path)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 10**6


def test_objects_are_refused_as_a_pickle(tmp_path):
    path = tmp_path / "evil.npz"
    np.savez(path, W1=np.array([{"code": "anything"}], dtype=object))
    with pytest.raises(_files.UnreadableNpz, match="Python objects") as e:
        _files.read_npz(path)
    assert e.value.pickle


@pytest.mark.parametrize(
    "raw, words",
    [
        (b"not an array at all", "'W1' is damaged"),
        (_npy_bytes(np.ones(3))[:6], "'W1' is damaged"),
    ],
)
def test_entries_that_are_not_arrays_are_damaged(tmp_path, raw, words):
    with pytest.raises(_files.UnreadableNpz, match=words):
        _files.read_npz(_npz_with(tmp_path / "bad.npz", W1=raw))


@pytest.mark.filterwarnings("ignore:Stored array in format 3.0")
@pytest.mark.parametrize("write", [np.savez, np.savez_compressed])
def test_read_npz_reads_every_kind_of_array_numpy_writes(tmp_path, write):
    arrays = {
        "fortran": np.asfortranarray(np.arange(12.0).reshape(3, 4)),
        "big_endian": np.arange(5, dtype=">f8"),
        "empty": np.zeros((0, 3), np.float32),
        "scalar": np.array(3.5),
        "text": np.array("héllo"),
        "fields": np.zeros(3, dtype=[("ü✓", "<f4")]),  # NumPy writes .npy version 3 for this
    }
    write(tmp_path / "all.npz", **arrays)
    read = _files.read_npz(tmp_path / "all.npz")
    for name, array in arrays.items():
        assert read[name].dtype == array.dtype and read[name].shape == array.shape, name
        assert np.array_equal(read[name], array) and read[name].flags.writeable, name


def test_damaged_packed_data_is_called_damaged(tmp_path):
    path = tmp_path / "packed.npz"
    np.savez_compressed(path, W1=np.random.default_rng(0).normal(size=(50, 40)))
    raw = bytearray(path.read_bytes())
    raw[200:240] = bytes(40)  # zeros over the middle of the packed data
    path.write_bytes(raw)
    with pytest.raises(_files.UnreadableNpz, match=r"'W1' is damaged \(.+\)"):
        _files.read_npz(path)


def test_sizes_the_file_cannot_back_are_refused_before_reading(tmp_path):
    """An entry's recorded sizes could claim gigabytes: they are checked against the file."""
    path = _files.save_npz(tmp_path / "a", W1=np.ones(10))
    raw = bytearray(path.read_bytes())
    central = raw.rindex(b"PK\x01\x02")  # the entry's record in the zip's directory
    raw[central + 20 : central + 28] = (3_900_000_000).to_bytes(4, "little") * 2  # both sizes
    path.write_bytes(raw)
    _refused_with_little_memory(path, r"claims 3,900,000,000 bytes")


# ---- what the learner protected, and files from a newer annlib --------------------------


@pytest.mark.parametrize("save", ["network", "digits"])
def test_a_file_the_learner_made_read_only_is_never_replaced(tmp_path, save):
    from annlib.data.your_digits import save_digits
    from annlib.mlp import MLP

    path = tmp_path / "kept.npz"
    MLP([2, 3, 2], seed=0).save(path) if save == "network" else save_digits(
        path, np.zeros((1, 784)), [3]
    )
    before = path.read_bytes()
    path.chmod(0o444)
    with pytest.raises(PermissionError, match="read-only .* not replaced"):
        if save == "network":
            MLP([2, 3, 2], seed=1).save(path)
        else:
            save_digits(path, np.ones((1, 784)), [4], mode="replace")
    assert path.read_bytes() == before and sorted(p.name for p in tmp_path.iterdir()) == [
        "kept.npz"
    ]  # and no temporary file left behind
    path.chmod(0o644)  # made writable on purpose: now it is replaced
    if save == "network":
        MLP([2, 3, 2], seed=1).save(path)
        assert path.read_bytes() != before


def _resaved_meta(path, **changes):
    """The saved network at path, its __meta__ changed as a later annlib might write it."""
    arrays = _files.read_npz(path)
    meta = {**json.loads(str(arrays.pop("__meta__"))), **changes}
    _files.save_npz(path, __meta__=np.array(json.dumps(meta)), **arrays)


@pytest.mark.parametrize(
    "changes",
    [
        {"format_version": 3},  # a new file format
        {"model": "LeNet"},  # a kind of network this annlib has not got
        {"settings": {"sizes": [2, 3, 2], "new_setting": 1}},  # a setting it does not know
    ],
)
def test_a_file_from_a_newer_annlib_says_update_not_damaged(tmp_path, changes):
    from annlib.mlp import MLP

    path = MLP([2, 3, 2], seed=0).save(tmp_path / "net")
    _resaved_meta(path, annlib="99.0.0", **changes)
    with pytest.raises(ValueError, match="saved by annlib 99.0.0, which is newer") as caught:
        MLP.load(path)
    assert "pip install" in str(caught.value) and "damaged" not in str(caught.value).split("(")[0]
    _resaved_meta(path, annlib="0.1.0")  # the same file from an older annlib: no such advice
    with pytest.raises(ValueError) as caught:
        MLP.load(path)
    assert "which is newer" not in str(caught.value)
