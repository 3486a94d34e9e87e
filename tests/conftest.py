"""The tests' shared fixtures, and the marks that keep `make test-fast` fast.

The set-up that keeps every test away from the learner's real files and settings (``MEDIALIT_HOME`` and Jupyter's
folders in a temporary folder, no class inbox, the Agg backend) is in the conftest.py at the top of the project,
so the package's doctests get it too.

Marks: ``notebook`` for a test that executes a notebook, ``browser`` for one that drives Chromium, ``slow`` for one
that builds an environment, starts a server or races processes; `make test-fast` leaves all three out. A test that
executes a notebook without its mark fails, so the fast loop cannot grow slow unnoticed (:func:`pytest_runtest_setup`).
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item: pytest.Item) -> None:
    """Let tests/notebooks.py execute notebooks only for a test marked ``notebook`` (set before its fixtures run)."""
    helper = sys.modules.get("notebooks")
    if helper is not None:
        helper.MAY_EXECUTE = item.get_closest_marker("notebook") is not None


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
