"""Where a learner's own files go, and who the learner is.

Everything a learner makes is saved under one folder they own, ``~/medialit-work`` by default (on a shared
JupyterHub that is the learner's persistent home directory, so work survives a server restart):

    ~/medialit-work/progress/<name>.json       the tagger's progress file, saved on every change
    ~/medialit-work/submissions/<name>.json    a copy exported for the teacher (<name>--<case id>.json for another case)
    ~/medialit-work/exercises/progress.json    the exercise record

Set the environment variable ``MEDIALIT_HOME`` to use another folder (the tests do), or pass a path to the
function that saves.

**Why not ``~/medialit``.** Older versions saved into ``~/medialit``. On Binder the repository is copied into the
home folder, so ``~/medialit`` *is* the package and progress files landed beside ``progress.py``; on a hub, a
clone named ``medialit`` shared the folder too. :data:`WORK_FOLDER` is a name the repository never uses at its top
level (a test checks it). The first time :func:`home` is asked for the default folder, medialit's own files in
``~/medialit`` (:data:`OWN_FILES`: progress and submissions, the exercise record, the teacher's pseudonym secret)
move there; nothing else is touched (never the package, never a notebook), and a file that already exists in the
new folder is never replaced: the old one then stays where it was.

**Who the learner is.** A name in any script or with any accents is a learner of its own: 李明, Иван, محمد,
José and Josè, Zoë and Zoé each get their own file. The *identity* of a name (:func:`learner_key`) is the name
in Unicode NFC form with its spaces collapsed and its case folded, so "Ana  María", "ana maría" and the same
letters typed with combining accents are one learner, everywhere (the tagger's file, the class merge, the
pseudonyms).

**One name, set once.** A learner types a name (or a pseudonym) once, in lesson 00's name box
(:mod:`medialit.identity`); it is saved in the work folder, ``~/medialit-work/learner.json`` (:func:`name_path`),
and every lesson's tagger and hand-in use it (:func:`default_learner`). On a JupyterHub nothing needs typing: the
hub user (``$JUPYTERHUB_USER``) is the learner. ``"me"`` (:data:`PLACEHOLDER`) is only what an unnamed session is
called; it is never saved as a name.

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
import json
import os
import re
import unicodedata
from pathlib import Path

__all__ = [
    "home", "progress_path", "submission_path", "learner_key", "file_stem", "default_learner", "safe_file_stem",
    "legacy_progress_path", "WORK_FOLDER", "OLD_WORK_FOLDER", "OWN_FILES", "move_old_work",
    "PLACEHOLDER", "NAME_FILE", "name_path", "hub_user", "saved_name", "save_name", "name_problem",
]

WORK_FOLDER = "medialit-work"  # in the home folder; never a top-level name of the repository (a test checks it)
OLD_WORK_FOLDER = "medialit"   # where versions before it saved, and on Binder the package folder itself
# The files medialit writes in its folder, as glob patterns: the only ones ever moved out of OLD_WORK_FOLDER.
OWN_FILES = ("progress/*.json", "submissions/*.json", "exercises/progress.json", "pseudonym-secret.txt")
PLACEHOLDER = "me"             # what a session without a name is called; never a saved name, never handed in
NAME_FILE = "learner.json"     # in the work folder: the name typed once in lesson 00
NAME_SCHEMA = "medialit-learner"
_NAME_FILE_BYTES = 4_096       # a name file larger than this is not one medialit wrote: it is ignored
_moved_already: set[tuple[Path, Path]] = set()  # (old, new) pairs looked at by this process

MAX_STEM_CHARACTERS = 40
MAX_STEM_BYTES = 80  # UTF-8 bytes: room for the hash, ".json", a lock or temporary name, under the tightest limits (143)
_KEPT_CATEGORIES = ("L", "M", "N")  # letters, marks (accents, vowel signs) and digits of every script
_RESERVED_ON_WINDOWS = {"con", "prn", "aux", "nul", "conin$", "conout$"} | {f"{d}{n}" for d in ("com", "lpt") for n in [*"0123456789", "¹", "²", "³"]}
_ENDS_LIKE_A_HASH = re.compile(r"-[0-9a-f]{8}$")


def home() -> Path:
    """The learner's medialit folder: ``$MEDIALIT_HOME``, else ``~/medialit-work``. Not created until something is saved.

    The first call in a process for the default folder moves an older version's files into it (:func:`move_old_work`).
    """
    override = os.environ.get("MEDIALIT_HOME")
    if override:
        return Path(override).expanduser()
    folder = Path.home() / WORK_FOLDER
    old = Path.home() / OLD_WORK_FOLDER
    if (old, folder) not in _moved_already:
        _moved_already.add((old, folder))
        move_old_work(old, folder)
    return folder


def move_old_work(old: str | Path, new: str | Path) -> list[Path]:
    """Move medialit's own files (:data:`OWN_FILES`) from ``old`` into ``new``, keeping their place; return the new paths.

    Only regular files matching those patterns move (so a package or a clone of the repository in ``old`` is left
    alone); a file whose place in ``new`` is taken stays in ``old``, so nothing is ever replaced. Never raises: a
    file that cannot move stays where it is, and a learner's work goes on.
    """
    old, new = Path(old), Path(new)
    moved: list[Path] = []
    try:
        if not old.is_dir() or old.resolve() == new.resolve():
            return moved
        sources = sorted(source for pattern in OWN_FILES for source in old.glob(pattern))
    except OSError:
        return moved
    for source in sources:
        target = new / source.relative_to(old)
        if _move_without_replacing(source, target):
            moved.append(target)
    return moved


def _move_without_replacing(source: Path, target: Path) -> bool:
    """Give ``source`` the name ``target`` unless ``target`` exists; True if it moved."""
    try:
        if source.is_symlink() or not source.is_file() or os.path.lexists(target):
            return False
        target.parent.mkdir(parents=True, exist_ok=True)
        try:
            os.link(source, target)  # fails if target exists (another process moved first): never replaces
        except FileExistsError:
            return False
        except OSError:  # no hard links on this file system (or source gone): rename, target checked absent
            if os.path.lexists(target) or not source.is_file():
                return False
            os.rename(source, target)
            return True
        source.unlink()
        return True
    except OSError:
        return False


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
    """The name to use: ``name`` if given, else the JupyterHub user, else the name saved in lesson 00, else ``"me"``.

    >>> default_learner("Ana")
    'Ana'
    """
    if name is not None and name.strip():
        return name
    return hub_user() or saved_name() or PLACEHOLDER


def hub_user() -> str:
    """The JupyterHub user this server belongs to (``$JUPYTERHUB_USER``), or "" when not on a hub."""
    return os.environ.get("JUPYTERHUB_USER", "").strip()


def name_path() -> Path:
    """Where the learner's name is saved: ``<home>/learner.json``."""
    return home() / NAME_FILE


def name_problem(name: str) -> str | None:
    """Why ``name`` cannot be saved as the learner's name (a sentence saying what to do), or None if it can.

    The same rule as a note in a tag file (:func:`medialit.tagfile.text_problem`, with the name's own limit), plus:
    not empty, and not the placeholder ``"me"``, which would hand in a file nobody can be matched to.

    >>> name_problem("Ana") is None
    True
    >>> name_problem("   ")
    'Type your name or a pseudonym your teacher knows.'
    >>> name_problem("Me")
    '"me" is what an unnamed session is called: type your own name or a pseudonym your teacher knows.'
    """
    from . import tagfile  # imported here: tagfile is a larger module that paths does not otherwise need

    if not isinstance(name, str) or not name.strip():
        return "Type your name or a pseudonym your teacher knows."
    problem = tagfile.text_problem(name.strip(), tagfile.MAX_NAME, typed=True)
    if problem:
        todo = "Type a shorter name" if len(name.strip()) > tagfile.MAX_NAME else "Type it again (or paste it as plain text)"
        return f"The name {problem} {todo}, or a pseudonym your teacher knows."
    if any(c in name.strip() for c in "\t\n\r"):
        return "The name has a tab or a line break in it: type it on one line."
    if learner_key(name) == PLACEHOLDER:
        return '"me" is what an unnamed session is called: type your own name or a pseudonym your teacher knows.'
    return None


def saved_name() -> str:
    """The name saved in lesson 00, or "" if none is saved (or the file is not one medialit wrote). Never raises."""
    path = name_path()
    try:
        if not path.is_file() or path.stat().st_size > _NAME_FILE_BYTES:
            return ""
        document = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return ""
    name = document.get("name") if isinstance(document, dict) and document.get("schema") == NAME_SCHEMA else None
    return name.strip() if isinstance(name, str) and name_problem(name) is None else ""


def save_name(name: str) -> Path:
    """Save ``name`` as the learner's name (atomically), and return the file. Every lesson uses it from then on.

    Raises :class:`~medialit.errors.InvalidTextError` saying why and what to do (:func:`name_problem`); then nothing
    is written and the name saved before, if any, stays.
    """
    from . import atomic
    from .errors import InvalidTextError

    problem = name_problem(name)
    if problem:
        raise InvalidTextError(problem)
    document = {"schema": NAME_SCHEMA, "schema_version": 1, "name": name.strip()}
    return atomic.write_text(name_path(), json.dumps(document, ensure_ascii=False, indent=1) + "\n")


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
