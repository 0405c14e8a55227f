"""annlib._files: .npz files written atomically, with the mode any new file gets."""

import os
import stat
import threading

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
