"""annlib 0.8's import paths still work in 0.9 (annlib._moved): each gives the very module at
its new place, with a FutureWarning that names the new path; and every new path exists."""

import importlib
import sys
import warnings

import pytest

from annlib._moved import MOVED


@pytest.mark.parametrize("old, new", sorted(MOVED.items()))
def test_an_old_path_gives_the_module_at_its_new_place_and_says_where(old, new):
    sys.modules.pop(old, None)  # (an earlier test may have imported it)
    learner = {}
    with pytest.warns(FutureWarning, match=rf"{old} is now {new} .*import") as caught:
        exec(compile(f"import {old} as module", "a learner's cell", "exec"), learner)
    module = learner["module"]
    assert module is importlib.import_module(new)
    assert module.__name__ == new
    assert caught[0].filename == "a learner's cell"  # the warning points at the import


def test_from_annlib_import_an_old_name_works_too():
    sys.modules.pop("annlib.inside", None)
    if hasattr(sys.modules["annlib"], "inside"):
        delattr(sys.modules["annlib"], "inside")
    with pytest.warns(FutureWarning, match="annlib.lab.hidden_neurons"):
        from annlib import inside
    from annlib.lab import hidden_neurons

    assert inside is hidden_neurons


def test_a_new_path_gives_no_warning():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        for new in MOVED.values():
            importlib.import_module(new)


def test_a_name_that_never_existed_is_still_an_import_error():
    with pytest.raises(ModuleNotFoundError):
        importlib.import_module("annlib.no_such_module")


@pytest.mark.parametrize("old, new", sorted(MOVED.items()))
def test_a_module_imported_by_its_old_path_keeps_its_own_spec(old, new):
    """Python would give the module the old name's spec; its relative imports inside
    functions would then warn that __package__ != __spec__.parent (Python 3.12 and
    later make that a DeprecationWarning, an error under pytest)."""
    sys.modules.pop(old, None)
    with pytest.warns(FutureWarning):
        module = importlib.import_module(old)
    assert module.__spec__.name == new
    assert module.__spec__.parent == module.__package__
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        importlib.__import__("_validate", module.__dict__, level=new.count("."))
