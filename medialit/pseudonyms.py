"""Stable pseudonyms, so a class's results can be projected or shared without learners' names.

``pseudonym("Ana Ruiz", secret)`` is ``"Learner-"`` plus the first 8 hex digits of HMAC-SHA256(secret, name),
the name compared ignoring case and spacing (as the merge does). The same name and secret always give the
same pseudonym, so a teacher can follow "Learner-3f9a01c2" from one lesson to the next; without the secret,
nobody can recompute it from a list of the class's names.

The secret is the teacher's: :func:`class_secret` reads ``$MEDIALIT_PSEUDONYM_SECRET`` if set, else the file
``pseudonym-secret.txt`` in the teacher's medialit folder (``~/medialit``, see :mod:`medialit.paths`),
creating it with a random secret the first time. Keep that file to keep the pseudonyms; delete it for new ones.
Learners' **notes are not changed**: a note that names someone still names them.

>>> pseudonym("Ana Ruiz", "s3cret") == pseudonym("  ana   RUIZ ", "s3cret")
True
>>> pseudonym("Ana Ruiz", "s3cret").startswith("Learner-")
True
"""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets
from pathlib import Path

import pandas as pd

from .classroom import learner_key
from .paths import home

__all__ = ["SECRET_ENV", "pseudonym", "class_secret", "pseudonymise"]

SECRET_ENV = "MEDIALIT_PSEUDONYM_SECRET"
PREFIX = "Learner-"


def pseudonym(name: str, secret: str, digits: int = 8) -> str:
    """The learner's stable pseudonym under ``secret`` (empty names stay empty)."""
    if not str(name).strip():
        return ""
    digest = hmac.new(secret.encode("utf-8"), learner_key(str(name)).encode("utf-8"), hashlib.sha256).hexdigest()
    return PREFIX + digest[:digits]


def class_secret(folder: str | Path | None = None) -> str:
    """The teacher's pseudonym secret: ``$MEDIALIT_PSEUDONYM_SECRET``, else a file kept in ``folder`` (default ``~/medialit``)."""
    from_env = os.environ.get(SECRET_ENV, "").strip()
    if from_env:
        return from_env
    path = Path(folder) if folder else home()
    file = path / "pseudonym-secret.txt"
    if file.is_file():
        stored = file.read_text(encoding="utf-8").strip()
        if stored:
            return stored
    path.mkdir(parents=True, exist_ok=True)
    fresh = secrets.token_hex(16)
    temporary = path / ".pseudonym-secret.txt.tmp"
    temporary.write_text(fresh + "\n", encoding="utf-8")
    temporary.replace(file)
    return fresh


def pseudonymise(frame: pd.DataFrame, secret: str, columns: tuple[str, ...] = ("learner",), file_column: str | None = "file") -> pd.DataFrame:
    """A copy of ``frame`` with names in ``columns`` replaced by pseudonyms, and file names (which often carry
    the learner's name) replaced by the pseudonym of their stem plus ``.json``.

    Pseudonyms are 8 hex digits; if two names in ``frame`` would share one, all get 12 so none collide.
    """
    result = frame.copy()
    names = set()
    for column in columns:
        if column in result:
            names |= set(result[column].astype(str))
    digits = 8 if len({pseudonym(n, secret) for n in names if n.strip()}) == len({learner_key(n) for n in names if n.strip()}) else 12
    for column in columns:
        if column in result:
            result[column] = [pseudonym(str(n), secret, digits) for n in result[column]]
    if file_column and file_column in result:
        result[file_column] = [f"{pseudonym(Path(str(f)).stem, secret, digits)}.json" if str(f).strip() else "" for f in result[file_column]]
    return result
