"""Shared test set-up: keep every test away from the learner's real files and settings.

* ``MEDIALIT_HOME`` points at a temporary folder, so no test writes progress into a real home directory.
* ``MEDIALIT_INBOX`` is set but empty (no class inbox), so a hub's ``/etc/medialit/inbox.json`` never turns a
  test's export into a hand-in; the inbox tests set their own.
* ``MPLBACKEND=Agg`` draws charts without a screen.
* Jupyter's config, data and runtime folders are temporary too, so notebook and browser tests never read or
  change a user's settings.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def pytest_configure(config: pytest.Config) -> None:
    scratch = Path(tempfile.mkdtemp(prefix="medialit-tests-"))
    os.environ["MEDIALIT_HOME"] = str(scratch / "medialit-home")
    os.environ["MPLBACKEND"] = "Agg"
    os.environ["MEDIALIT_INBOX"] = ""
    for name in ("JUPYTER_CONFIG_DIR", "JUPYTER_RUNTIME_DIR", "IPYTHONDIR"):
        os.environ[name] = str(scratch / name.lower())
    os.environ.pop("MEDIALIT_DATA_DIR", None)


@pytest.fixture
def root() -> Path:
    """The project's top folder."""
    return ROOT


@pytest.fixture
def data_copy(root, tmp_path, monkeypatch):
    """A private copy of data/ that a test may break; medialit.data reads it instead of the real one."""
    copy = tmp_path / "data"
    shutil.copytree(root / "data", copy, ignore=shutil.ignore_patterns("sample_class*"))
    monkeypatch.setenv("MEDIALIT_DATA_DIR", str(copy))
    return copy


@pytest.fixture
def seed_pack(data_copy):
    """The series' own case pack inside the private copy of data/ (data_copy): break its files freely."""
    from medialit.data import DEFAULT_CASE

    return data_copy / "cases" / DEFAULT_CASE
