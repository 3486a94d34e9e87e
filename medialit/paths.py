"""Where a learner's own files go: progress, exports and submissions.

Everything a learner makes is saved under one folder they own, ``~/medialit`` by default (on a shared
JupyterHub that is the learner's persistent home directory, so work survives a server restart):

    ~/medialit/progress/<name>.json       the tagger's progress file, saved on every change
    ~/medialit/submissions/<name>.json    a copy exported for the teacher

Set the environment variable ``MEDIALIT_HOME`` to use another folder (the tests do), or pass a path to the
function that saves.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

__all__ = ["home", "progress_path", "submission_path", "safe_file_stem"]


def home() -> Path:
    """The learner's medialit folder: ``$MEDIALIT_HOME`` or ``~/medialit``. Not created until something is saved."""
    override = os.environ.get("MEDIALIT_HOME")
    return Path(override).expanduser() if override else Path.home() / "medialit"


def safe_file_stem(name: str) -> str:
    """A learner's name as a file name: letters, digits, '-' and '_' only (``"Ana María"`` -> ``"Ana-Mar-a"``)."""
    stem = re.sub(r"[^A-Za-z0-9_-]+", "-", name.strip()).strip("-")
    return stem[:60] or "learner"


def progress_path(name: str = "me") -> Path:
    return home() / "progress" / f"{safe_file_stem(name)}.json"


def submission_path(name: str = "me") -> Path:
    return home() / "submissions" / f"{safe_file_stem(name)}.json"
