"""Where a learner's own files go, and who the learner is.

Everything a learner makes is saved under one folder they own, ``~/medialit`` by default (on a shared
JupyterHub that is the learner's persistent home directory, so work survives a server restart):

    ~/medialit/progress/<name>.json       the tagger's progress file, saved on every change
    ~/medialit/submissions/<name>.json    a copy exported for the teacher

Set the environment variable ``MEDIALIT_HOME`` to use another folder (the tests do), or pass a path to the
function that saves.

**Who the learner is.** A name in any script or with any accents is a learner of its own: 李明, Иван, محمد,
José and Josè, Zoë and Zoé each get their own file. The *identity* of a name (:func:`learner_key`) is the name
in Unicode NFC form with its spaces collapsed and its case folded, so "Ana  María", "ana maría" and the same
letters typed with combining accents are one learner, everywhere (the tagger's file, the class merge, the
pseudonyms). On a JupyterHub a learner who types no name is the hub user (``$JUPYTERHUB_USER``).

**The file name** (:func:`file_stem`) is the identity made safe and readable: letters, marks and digits of every
script are kept, a space becomes ``_``, a ``-`` stays; anything else becomes ``-``. Whenever that readable
form is lossy (something was replaced or dropped), empty, longer than :data:`MAX_STEM_CHARACTERS` characters or
:data:`MAX_STEM_BYTES` bytes, a name Windows reserves (``con``, ``nul``, ``com1``, ...), or itself ends like a
hash, ``-`` and 8 hex digits of the identity's SHA-256 are added. So distinct identities get distinct files,
also on file systems that ignore case (the stem is already case-folded), and a name like "Ana" stays
``ana.json``. Files saved by older versions under ASCII-only names (:func:`safe_file_stem`) are moved to the
new name the first time the learner opens them (see :func:`medialit.progress.open_session`).
"""

from __future__ import annotations

import hashlib
import os
import re
import unicodedata
from pathlib import Path

__all__ = [
    "home", "progress_path", "submission_path", "learner_key", "file_stem", "default_learner", "safe_file_stem",
    "legacy_progress_path",
]

MAX_STEM_CHARACTERS = 40
MAX_STEM_BYTES = 80  # UTF-8 bytes: room for the hash, ".json", a lock or temporary name, under the tightest limits (143)
_KEPT_CATEGORIES = ("L", "M", "N")  # letters, marks (accents, vowel signs) and digits of every script
_RESERVED_ON_WINDOWS = {"con", "prn", "aux", "nul", "conin$", "conout$"} | {f"{d}{n}" for d in ("com", "lpt") for n in [*"0123456789", "¹", "²", "³"]}
_ENDS_LIKE_A_HASH = re.compile(r"-[0-9a-f]{8}$")


def home() -> Path:
    """The learner's medialit folder: ``$MEDIALIT_HOME`` or ``~/medialit``. Not created until something is saved."""
    override = os.environ.get("MEDIALIT_HOME")
    return Path(override).expanduser() if override else Path.home() / "medialit"


def learner_key(name: str) -> str:
    """A learner's identity: two names are the same learner exactly when their keys are equal.

    NFC-normalised, spaces collapsed, case folded (and normalised again, as folding can undo it):

    >>> learner_key(" Ana  María ") == learner_key("ana mari\\u0301a")
    True
    >>> learner_key("José") == learner_key("Josè")
    False
    """
    folded = " ".join(unicodedata.normalize("NFC", name).split()).casefold()
    return unicodedata.normalize("NFC", folded)


def default_learner(name: str | None = None) -> str:
    """The name to use: ``name`` if given, else the JupyterHub user (``$JUPYTERHUB_USER``), else ``"me"``."""
    if name is not None and name.strip():
        return name
    return os.environ.get("JUPYTERHUB_USER", "").strip() or "me"


def file_stem(name: str) -> str:
    """The learner's file name without ``.json``: readable, one per identity, safe on every file system.

    >>> [file_stem(n) for n in ("Ana", "ANA", "Ana María", "李明", "Zoë", "Zoé")]
    ['ana', 'ana', 'ana_maría', '李明', 'zoë', 'zoé']
    >>> file_stem("Ana!") != file_stem("Ana?") and file_stem("Ana!").startswith("ana-")
    True
    """
    identity = learner_key(name)
    readable = re.sub(r"-+", "-", "".join(map(_readable, identity))).strip("-")
    lossless = readable == identity.replace(" ", "_") and "_" not in identity  # then the name can be read back
    cut = _cut(readable)
    if lossless and readable and cut == readable and readable not in _RESERVED_ON_WINDOWS and not _ENDS_LIKE_A_HASH.search(readable):
        return readable
    digest = hashlib.sha256(identity.encode("utf-8", "surrogatepass")).hexdigest()[:8]
    return f"{cut or 'learner'}-{digest}"


def _readable(character: str) -> str:
    if character == " ":
        return "_"
    if character == "-" or unicodedata.category(character)[0] in _KEPT_CATEGORIES:
        return character
    return "-"


def _cut(stem: str) -> str:
    """At most MAX_STEM_CHARACTERS characters and MAX_STEM_BYTES bytes of ``stem``, never half a character."""
    stem = stem[:MAX_STEM_CHARACTERS]
    while len(stem.encode("utf-8", "surrogatepass")) > MAX_STEM_BYTES:
        stem = stem[:-1]
    return stem.rstrip("-_")


def progress_path(name: str = "me") -> Path:
    """The learner's progress file: ``<home>/progress/<file_stem(name)>.json``."""
    return home() / "progress" / f"{file_stem(name)}.json"


def submission_path(name: str = "me") -> Path:
    """The learner's submission for the teacher: ``<home>/submissions/<file_stem(name)>.json``."""
    return home() / "submissions" / f"{file_stem(name)}.json"


def safe_file_stem(name: str) -> str:
    """An ASCII-only file name (``"Ana María"`` -> ``"Ana-Mar-a"``): the naming of older versions.

    Lossy (every name in another script became ``learner``), so it no longer names a learner's files; it names
    the files of the committed sample class and finds progress saved under the old naming.
    """
    stem = re.sub(r"[^A-Za-z0-9_-]+", "-", name.strip()).strip("-")
    return stem[:60] or "learner"


def legacy_progress_path(name: str) -> Path:
    """Where an older version saved this learner's progress (``<home>/progress/<safe_file_stem(name)>.json``)."""
    return home() / "progress" / f"{safe_file_stem(name)}.json"
