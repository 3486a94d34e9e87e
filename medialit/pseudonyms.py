"""Stable pseudonyms, so a class's results can be projected or shared without learners' names.

``pseudonym("Ana Ruiz", secret)`` is ``"Learner-"`` plus the first 8 hex digits of HMAC-SHA256(secret, name),
the name compared ignoring case and spacing (as the merge does). The same name and secret always give the
same pseudonym, so a teacher can follow "Learner-3f9a01c2" from one lesson to the next; without the secret,
nobody can recompute it from a list of the class's names.

The secret is the teacher's: :func:`class_secret` reads ``$MEDIALIT_PSEUDONYM_SECRET`` if set, else the file
``pseudonym-secret.txt`` in the teacher's medialit folder (``~/medialit``, see :mod:`medialit.paths`),
creating it with a random secret the first time. Keep that file to keep the pseudonyms; delete it for new ones.
Learners' **notes are not changed**: a note that names someone still names them. Everything else is: the learner
column, each file's name (shown as the pseudonym of its own name), and every name a problem's text or fix mentions,
including names only seen inside files or given by an inbox's owner (``ClassMerge.names``).

>>> pseudonym("Ana Ruiz", "s3cret") == pseudonym("  ana   RUIZ ", "s3cret")
True
>>> pseudonym("Ana Ruiz", "s3cret").startswith("Learner-")
True
"""

from __future__ import annotations

import hashlib
import hmac
import os
import re
import secrets
from pathlib import Path
from typing import Iterable

import pandas as pd

from . import atomic
from .class_merge import learner_key, not_a_regular_file
from .errors import TeacherFileError
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
    """The teacher's pseudonym secret: ``$MEDIALIT_PSEUDONYM_SECRET``, else a file kept in ``folder`` (default ``~/medialit``).

    Raises :class:`~medialit.errors.TeacherFileError` (naming the file and the fix) if the file cannot be read
    as text or cannot be created; an existing secret is never replaced, since that would change every pseudonym.
    """
    from_env = os.environ.get(SECRET_ENV, "").strip()
    if from_env:
        return from_env
    path = Path(folder) if folder else home()
    file = path / "pseudonym-secret.txt"
    fix = f"or set {SECRET_ENV} to a secret of your own (the same secret always gives the same pseudonyms)."
    stored = _stored_secret(file, fix)
    if stored:
        return stored
    fresh = secrets.token_hex(16)
    try:
        atomic.write_text(file, fresh + "\n")  # readable by the teacher only: it is what keeps pseudonyms unguessable
    except OSError as exc:  # a read-only home, a file where the folder should be
        raise TeacherFileError(file, f"cannot be created ({exc.strerror or type(exc).__name__}).", fix=f"make {path} writable, {fix}") from None
    return fresh


def _stored_secret(file: Path, fix: str) -> str:
    """The secret kept in ``file``, ``""`` if there is none yet; a file that cannot be used is an error, never replaced."""
    try:
        kind = not_a_regular_file(os.stat(file).st_mode)
    except FileNotFoundError:
        return ""
    except OSError as exc:
        raise TeacherFileError(file, f"cannot be read ({exc.strerror or type(exc).__name__}).", fix=f"check the folder's permissions, {fix}") from None
    if kind:
        raise TeacherFileError(file, f"is {kind}, where the pseudonym secret should be a small text file.", fix=f"move it out of the way, {fix}")
    try:
        return file.read_bytes().decode("utf-8").strip()
    except UnicodeDecodeError as exc:
        raise TeacherFileError(file, f"is not UTF-8 text (byte {exc.start}).", fix=f"restore it from a copy (a new secret gives new pseudonyms), {fix}") from None
    except OSError as exc:
        raise TeacherFileError(file, f"cannot be read ({exc.strerror or type(exc).__name__}).", fix=f"make it readable, {fix}") from None


def pseudonymise(frame: pd.DataFrame, secret: str, columns: tuple[str, ...] = ("learner",), file_column: str | None = "file",
                 text_columns: tuple[str, ...] = ("problem", "fix"), names: Iterable[str] = ()) -> pd.DataFrame:
    """A copy of ``frame`` with names in ``columns`` replaced by pseudonyms, and file names (which often carry
    the learner's name) replaced by the pseudonym of their stem plus ``.json``, also where ``text_columns``
    mention them (a problem's reason, say "the same learner as Ana.json", gets Ana.json's pseudonym).

    ``names`` are more names to hide wherever the text columns mention them, as whole words and ignoring case:
    the names inside files, a platform's names, an inbox's owners (``ClassMerge.names``). A problem's text can
    quote a name that is not in its learner column ("says it is by 'Ana', but it belongs to the account
    jupyter-bob"), so a report made with pseudonyms passes them all.

    Pseudonyms are 8 hex digits; if two names would share one, all get 12 so none collide.
    """
    result = frame.copy()
    everyone = {str(n) for n in names}
    for column in columns:
        if column in result:
            everyone |= set(result[column].astype(str))
    everyone = {n for n in everyone if n.strip()}
    digits = 8 if len({pseudonym(n, secret) for n in everyone}) == len({learner_key(n) for n in everyone}) else 12
    renamed: dict[str, str] = {}
    for column in columns:
        if column in result:
            result[column] = [renamed.setdefault(str(n), pseudonym(str(n), secret, digits)) for n in result[column]]
    if file_column and file_column in result:
        result[file_column] = [renamed.setdefault(str(f), _file_pseudonym(str(f), secret, digits)) if str(f).strip() else "" for f in result[file_column]]
    for name in everyone:
        renamed.setdefault(name, pseudonym(name, secret, digits))
    mentions = {old.casefold(): new for old, new in renamed.items() if old.strip()}
    # longest first, so "Ana-earlier.json" is replaced before "Ana"; whole words only, so "Ana" leaves "Banana" alone
    pattern = re.compile(r"(?<!\w)(?:" + "|".join(map(re.escape, sorted(mentions, key=len, reverse=True))) + r")(?!\w)", re.IGNORECASE) if mentions else None
    for column in text_columns:
        if column in result:
            result[column] = [_replace_all(str(text), pattern, mentions, secret, digits) for text in result[column]]
    return result


def _file_pseudonym(label: str, secret: str, digits: int) -> str:
    """A file's name as the pseudonym of its name without ``.json`` (``ana (1).json`` -> ``Learner-1a2b3c4d.json``)."""
    return f"{pseudonym(Path(label).stem, secret, digits)}.json"


_FILE_NAME = re.compile(r"[^\s'\"(),/]+\.json")


def _replace_all(text: str, pattern: re.Pattern | None, mentions: dict[str, str], secret: str, digits: int) -> str:
    """Replace the names and file names ``text`` mentions, including other files' names (``Ana.json``)."""
    if pattern is not None:
        text = pattern.sub(lambda m: mentions[m.group(0).casefold()], text)
    return _FILE_NAME.sub(lambda m: m.group(0) if m.group(0).startswith(PREFIX) else _file_pseudonym(m.group(0), secret, digits), text)
