"""pytest's set-up for everything it collects here, the tests in tests/ and the package's doctests in medialit/.

Every test and doctest stays away from the learner's real files and settings:

* ``MEDIALIT_HOME`` points at a temporary folder, so nothing writes progress or exercise results into a real home
  directory (``medialit.check`` in a doctest records the answer, as it does in a lesson).
* ``MEDIALIT_INBOX`` is set but empty (no class inbox), so a hub's ``/etc/medialit/inbox.json`` never turns a
  test's export into a hand-in; the inbox tests set their own.
* ``MPLBACKEND=Agg`` draws charts without a screen.
* Jupyter's config, data and runtime folders are temporary too, so notebook and browser tests never read or
  change a user's settings.

It lives at the top so that ``pytest medialit`` (the doctests alone) is kept away from real files too; the tests'
fixtures are in tests/conftest.py.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest


def pytest_configure(config: pytest.Config) -> None:
    scratch = Path(tempfile.mkdtemp(prefix="medialit-tests-"))
    os.environ["MEDIALIT_HOME"] = str(scratch / "medialit-home")
    os.environ["MPLBACKEND"] = "Agg"
    os.environ["MEDIALIT_INBOX"] = ""
    for name in ("JUPYTER_CONFIG_DIR", "JUPYTER_RUNTIME_DIR", "IPYTHONDIR"):
        os.environ[name] = str(scratch / name.lower())
    os.environ.pop("MEDIALIT_DATA_DIR", None)
