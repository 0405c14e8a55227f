"""The version check at the top of every notebook."""

import pytest

import annlib
from annlib._versioning import AnnlibVersionError, parse_version, require


def test_installed_version_passes_and_says_so(capsys):
    assert require(annlib.__version__) == annlib.__version__
    assert f"annlib {annlib.__version__} is ready" in capsys.readouterr().out


@pytest.mark.parametrize("need, have", [("0.1", "0.1.0"), ("0.1.0", "0.1.3"), ("0.1.2", "0.4.0")])
def test_newer_annlib_keeps_older_notebooks_working(need, have):
    assert require(need, installed=have, quiet=True) == have


def test_older_annlib_stops_with_update_instructions():
    with pytest.raises(AnnlibVersionError) as error:
        require("0.3.0", installed="0.2.9")
    message = str(error.value)
    assert "written for annlib 0.3.0 or newer" in message and "0.2.9" in message
    assert "pip install -r requirements.txt" in message and "restart the kernel" in message


def test_a_new_major_version_is_not_silently_accepted():
    with pytest.raises(AnnlibVersionError, match="different major version"):
        require("0.9", installed="1.0.0")


def test_versions_compare_as_numbers_not_text():
    assert parse_version("0.10.0") > parse_version("0.9.9")
    assert parse_version("1.2") == (1, 2, 0)


@pytest.mark.parametrize("bad", ["", "latest", "1", "1.2.3.4", "v1.2", None, 1.2])
def test_malformed_versions_are_refused(bad):
    with pytest.raises(ValueError, match="a version must look like"):
        parse_version(bad)


def test_package_version_matches_the_installed_metadata():
    from importlib.metadata import version

    assert version("annlib") == annlib.__version__, (
        "annlib's installed metadata is out of date: run `pip install -e .` again"
    )
