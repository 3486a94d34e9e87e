"""The class inbox: one shared folder every learner hands in to, where only the teachers can look.

On a JupyterHub where each learner runs as their own Unix account (The Littlest JupyterHub: the hub user ``ana``
runs as the account ``jupyter-ana``), Unix permissions alone make a safe drop box, on the model of nbgrader's
exchange: its ``inbound`` folder is mode 2733 (2773 when a group of instructors shares it), setgid "so student
submission will have the instructors group". nbgrader's submissions carry a random part in their names; a hand-in
here is named after its learner, so the inbox adds the sticky bit, without which anyone could delete or replace a
file whose name they can guess. ``medialit inbox init PATH --group teachers`` makes one (:func:`init`)::

    drwxrws-wt   mode 3773 (setgid and sticky)   owner: the teacher (or root)   group: the teachers

=====================  ==========================================================================================
bit                    what it promises
=====================  ==========================================================================================
others ``-wx``, no     a learner can create a file in the inbox and reach a file whose name they know, but cannot
``r``                  **list** it: nobody sees who else handed in, or under which names
sticky ``t``           an entry can be removed or renamed only by its owner or the inbox's owner (or root): nobody
                       **deletes, renames or replaces** another learner's hand-in (a rename over it is refused)
setgid ``s``           every file made in the inbox gets the inbox's group (the teachers), never the learner's own
group ``rwx``          the teachers' group lists the inbox and reads every hand-in
hand-in ``0640``       read-write for its learner, read-only for the teachers, **nothing for other learners**,
                       even if they know its name (set explicitly, whatever the learner's umask)
=====================  ==========================================================================================

What it cannot promise: a learner can tell whether a file of a given name exists (they cannot list names, but can
guess them); a learner can fill the disk unless the server sets quotas; a learner can take a name before its owner
hands in ("squatting": the reader reports that file, and the owner is told to ask the teacher to remove it); root
reads everything. Existing folders that break a promise (world-readable, not sticky, a symbolic link, owned by
someone else, inside a folder others can change) are refused, never "fixed" in place.

**Who handed in** is the file's owner, the Unix account, never anything a learner types or sets (a learner can
change ``JUPYTERHUB_USER`` in their own kernel). :func:`account_for` maps a hub user to their account; the prefix
(``jupyter-`` on TLJH) is kept in the inbox's hidden marker file, ``.medialit-inbox.json``, which also tells
readers that the folder is an inbox. The learner's side is :mod:`medialit.handin`, the teacher's reader
:mod:`medialit.inbox_reader`.

**Where a kernel finds the inbox** (:func:`configured_inbox`), first found wins:

1. ``$MEDIALIT_INBOX``, an absolute path (set but empty: no inbox, and the files below are not read);
2. ``<sys.prefix>/etc/medialit/inbox.json``, beside the Python environment (on TLJH ``/opt/tljh/user/etc/...``);
3. ``/etc/medialit/inbox.json``.

Each file holds ``{"inbox": "/srv/medialit-inbox"}``; only an administrator can write either place.

**The class list** (optional): ``class-list.txt`` in the inbox, one hub user per line (``#`` starts a comment),
written by the teacher (``sudo install -m 0640 -g teachers names.txt /srv/medialit-inbox/class-list.txt``). The
live class view then says who has not handed in yet (:func:`read_class_list`). Like the marker, it is trusted only
if the inbox's owner or root wrote it: a learner can create a file of that name, but it is never read.
"""

from __future__ import annotations

import grp
import hashlib
import json
import os
import pwd
import stat
import sys
from dataclasses import dataclass, field
from pathlib import Path

from . import atomic
from .errors import InboxError

__all__ = [
    "INBOX_MODE", "HAND_IN_MODE", "MARKER", "CONFIG_ENV", "CONFIG_FILES", "TLJH_PREFIX", "Inbox", "init", "describe",
    "folder_problems", "account_for", "account_name", "read_marker", "configured_inbox", "CLASS_LIST", "read_class_list",
]

INBOX_MODE = 0o3773   # setgid, sticky, rwx for the owner and the teachers' group, -wx for learners
HAND_IN_MODE = 0o640  # rw for the learner, r for the teachers' group, nothing for others
MARKER = ".medialit-inbox.json"
CLASS_LIST = "class-list.txt"
MARKER_SCHEMA = "medialit-inbox"
CONFIG_ENV = "MEDIALIT_INBOX"
CONFIG_FILES = (Path(sys.prefix) / "etc" / "medialit" / "inbox.json", Path("/etc/medialit/inbox.json"))
TLJH_PREFIX = "jupyter-"
TLJH_INSTALL = Path("/opt/tljh")  # there, init assumes TLJH's account prefix unless told otherwise
EVERYONE_GROUPS = {"users", "jupyterhub-users"}  # groups every hub user is in (TLJH adds all to jupyterhub-users)
_MAX_SMALL_FILE = 64_000  # bytes: a marker or a config file is a few dozen


@dataclass
class Inbox:
    """A class inbox as it is on disk: who owns it, who can read the hand-ins, and what (if anything) is wrong."""

    path: Path
    owner: str
    group: str
    readers: list[str]
    account_prefix: str
    mode: int
    problems: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    def summary(self) -> str:
        """A few lines for the teacher: the folder, its mode, who reads the hand-ins, how accounts map to names."""
        readers = ", ".join(self.readers) or "no account lists it as a member"
        mapping = f"hub user NAME hands in as the account {self.account_prefix}NAME" if self.account_prefix else "hub users hand in as the account of the same name"
        lines = [
            f"class inbox {self.path}",
            f"  mode {stat.S_IMODE(self.mode):04o} ({stat.filemode(self.mode)}), owner {self.owner}, group {self.group}",
            f"  hand-ins are read by {self.owner} and the group {self.group} ({readers})",
            "  learners cannot list, read, rename, replace or delete one another's hand-ins" if not self.problems else "  learners' hand-ins are NOT safe here until every PROBLEM below is fixed",
            f"  {mapping}",
        ]
        lines += [f"  warning: {text}" for text in self.warnings]
        lines += [f"  PROBLEM: {text}" for text in self.problems]
        return "\n".join(lines)


def folder_problems(mode: int) -> list[str]:
    """What breaks a class inbox's promises in a folder of this ``st_mode``, each with its fix; ``[]`` if nothing.

    >>> folder_problems(0o40000 | INBOX_MODE)
    []
    >>> folder_problems(0o40777)[0]
    'others can read it, so every learner could list who handed in. Fix: chmod o-r'
    """
    if not stat.S_ISDIR(mode):
        return ["it is not a folder."]
    problems = []
    if mode & stat.S_IROTH:
        problems.append("others can read it, so every learner could list who handed in. Fix: chmod o-r")
    if not mode & stat.S_ISVTX:
        problems.append("it has no sticky bit, so any learner could delete, rename or replace another's hand-in. Fix: chmod +t")
    if mode & (stat.S_IWOTH | stat.S_IXOTH) != stat.S_IWOTH | stat.S_IXOTH:
        problems.append("learners cannot write into it (others need w and x). Fix: chmod o+wx")
    if not mode & stat.S_ISGID:
        problems.append("it has no setgid bit, so hand-ins would keep each learner's own group and the teachers' group could not read them. Fix: chmod g+s")
    return problems


def account_for(hub_user: str, prefix: str) -> str:
    """The Unix account a hub user runs as: ``prefix + hub_user``.

    With TLJH's prefix, TLJH's own rule (``tljh/normalize.py``): a name of 26 characters or more is cut to 26 and
    given ``-`` and the first 5 hex digits of its SHA-256, so accounts stay under 32 characters.

    >>> account_for("ana", "jupyter-"), account_for("ana", "")
    ('jupyter-ana', 'ana')
    >>> account_for("abcdefghijklmnopqr", "jupyter-")
    'jupyter-abcdefghijklmnopqr-e375e'
    """
    name = prefix + hub_user
    if prefix == TLJH_PREFIX and len(name) >= 26:
        return f"{name[:26]}-{hashlib.sha256(name.encode('utf-8')).hexdigest()[:5]}"
    return name


def account_name(uid: int) -> str | None:
    """The name of the account with this user ID, or None if the system knows none (a deleted account)."""
    try:
        return pwd.getpwuid(uid).pw_name
    except KeyError:
        return None


def _group_name(gid: int) -> str:
    try:
        return grp.getgrgid(gid).gr_name
    except KeyError:
        return str(gid)


def _readers(gid: int) -> list[str]:
    """Every account in the group: its listed members and the accounts whose primary group it is."""
    try:
        members = set(grp.getgrgid(gid).gr_mem)
    except KeyError:
        members = set()
    return sorted(members | {entry.pw_name for entry in pwd.getpwall() if entry.pw_gid == gid})


def _read_small_json(path: Path, what: str, fix: str) -> dict:
    """A small JSON object from ``path``; FileNotFoundError passes through, anything else is an InboxError."""
    try:
        with open(path, "rb") as stream:
            raw = stream.read(_MAX_SMALL_FILE + 1)
    except FileNotFoundError:
        raise
    except OSError as exc:
        raise InboxError(path, f"cannot be read ({exc.strerror or type(exc).__name__}).", fix=fix) from None
    try:
        document = json.loads(raw.decode("utf-8")) if len(raw) <= _MAX_SMALL_FILE else None
    except (UnicodeDecodeError, ValueError, RecursionError):
        document = None
    if not isinstance(document, dict):
        raise InboxError(path, f"is not {what} (a small JSON object).", fix=fix)
    return document


def read_marker(inbox: str | Path) -> str:
    """The account prefix kept in ``inbox``'s marker file; InboxError if ``inbox`` is not a class inbox."""
    path = Path(inbox) / MARKER
    fix = "the teacher makes the inbox with: medialit inbox init PATH --group GROUP (docs/deploy.md)."
    try:
        status = os.lstat(path)  # before opening: a pipe or a learner's link would never be a marker
        owner = os.stat(inbox).st_uid
    except FileNotFoundError:
        raise InboxError(inbox, f"is not a class inbox (it has no {MARKER}).", fix=fix) from None
    except OSError as exc:
        raise InboxError(inbox, f"cannot be examined ({exc.strerror or type(exc).__name__}).", fix="check the path and its permissions.") from None
    if not stat.S_ISREG(status.st_mode) or status.st_uid not in (owner, 0):  # e.g. left by a learner before init
        raise InboxError(path, "is not a regular file written by the inbox's owner, so it cannot be trusted.", fix="the teacher removes it and runs medialit inbox init again.")
    try:
        document = _read_small_json(path, "a class inbox's marker", fix)
    except FileNotFoundError:
        raise InboxError(inbox, f"is not a class inbox (it has no {MARKER}).", fix=fix) from None
    prefix = document.get("account_prefix")
    if document.get("schema") != MARKER_SCHEMA or not isinstance(prefix, str) or len(prefix) > 32 or "/" in prefix:
        raise InboxError(path, "is not a class inbox's marker (schema or account_prefix wrong).", fix=fix)
    return prefix


def read_class_list(inbox: str | Path) -> list[str] | None:
    """The hub users in the inbox's ``class-list.txt``, or None when it has none; InboxError if it cannot be trusted."""
    path = Path(inbox) / CLASS_LIST
    try:
        status = os.lstat(path)
        owner = os.stat(inbox).st_uid
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise InboxError(path, f"cannot be examined ({exc.strerror or type(exc).__name__}).", fix="check the inbox's permissions.") from None
    if not stat.S_ISREG(status.st_mode) or status.st_uid not in (owner, 0) or status.st_size > _MAX_SMALL_FILE:
        raise InboxError(path, "is not a small regular file written by the inbox's owner, so it cannot be trusted as the class list.",
                         fix=f"the teacher removes it and writes the list again: sudo install -m 0640 -g GROUP names.txt {path}")
    try:
        text = path.read_bytes()[:_MAX_SMALL_FILE].decode("utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise InboxError(path, f"cannot be read as UTF-8 text ({type(exc).__name__}).", fix="save it as UTF-8 text, one hub user per line.") from None
    return [line.split("#", 1)[0].strip() for line in text.splitlines() if line.split("#", 1)[0].strip()]


def configured_inbox() -> Path | None:
    """The class inbox this kernel hands in to, from ``$MEDIALIT_INBOX`` or a config file (see the module); or None.

    Raises InboxError for a setting that cannot be used (a relative path, a file that is not such JSON), naming
    where it was found. Whether the folder exists and is sound is checked when handing in.
    """
    value = os.environ.get(CONFIG_ENV)
    if value is not None:
        return _absolute(value.strip(), f"${CONFIG_ENV}", f"set {CONFIG_ENV} to the inbox's full path, e.g. /srv/medialit-inbox, or unset it.") if value.strip() else None
    for file in CONFIG_FILES:
        fix = 'write {"inbox": "/srv/medialit-inbox"} into it (the inbox\'s full path), or remove it.'
        try:
            document = _read_small_json(file, "an inbox setting", fix)
        except FileNotFoundError:
            continue
        if not isinstance(document.get("inbox"), str) or not document["inbox"].strip():
            raise InboxError(file, "has no \"inbox\" path.", fix=fix)
        return _absolute(document["inbox"].strip(), str(file), fix)
    return None


def _absolute(value: str, where: str, fix: str) -> Path:
    path = Path(value).expanduser()
    if not path.is_absolute():
        raise InboxError(where, f"the inbox must be a full path (got {value[:80]!r}).", fix=fix)
    return path


# ---- making and checking an inbox (the teacher's side) ----
def init(path: str | Path, *, group: str | None = None, account_prefix: str | None = None) -> Inbox:
    """Make ``path`` a class inbox (mode 3773, group ``group``) and return it described; refuse anything unsafe.

    ``group`` is the teachers' group (default: your own primary group, only if no one else is in it).
    ``account_prefix`` is what the hub puts before a hub user's name to make their account (default: ``jupyter-``
    on The Littlest JupyterHub, else none). An existing folder that is already a sound inbox is left as it is;
    one that breaks a promise is refused with the reason and the fix, and nothing is changed.
    """
    path = Path(path).expanduser().absolute()
    prefix = account_prefix if account_prefix is not None else (TLJH_PREFIX if TLJH_INSTALL.is_dir() else "")
    if len(prefix) > 32 or "/" in prefix or any(c.isspace() for c in prefix):
        raise InboxError(path, f"account prefix {prefix[:40]!r} cannot start an account name.", fix="give the prefix the hub adds, e.g. --account-prefix jupyter- (TLJH), or none.")
    gid = _teachers_group(path, group)
    warnings = _check_ancestors(path)
    try:
        status = os.lstat(path)
    except FileNotFoundError:
        _create(path, gid)
    else:
        _check_existing(path, status, gid if group is not None else None)
    if not os.path.lexists(path / MARKER):
        marker = {"schema": MARKER_SCHEMA, "schema_version": 1, "account_prefix": prefix}
        atomic.write_bytes(path / MARKER, json.dumps(marker).encode("utf-8") + b"\n", mode=0o644)  # learners read the prefix
    elif read_marker(path) != prefix and account_prefix is not None:
        raise InboxError(path, f"is already an inbox for accounts named {read_marker(path)!r}+NAME, not {prefix!r}+NAME.", fix=f"edit {path / MARKER} if the hub changed, or leave out --account-prefix.")
    inbox = describe(path)
    inbox.warnings = warnings + inbox.warnings
    return inbox


def describe(path: str | Path) -> Inbox:
    """The inbox at ``path`` as it is now, with every problem found (``medialit inbox check``); changes nothing."""
    path = Path(path).expanduser().absolute()
    try:
        status = os.lstat(path)
    except OSError as exc:
        raise InboxError(path, f"cannot be examined ({exc.strerror or type(exc).__name__}).", fix="give the inbox's path, or make it with: medialit inbox init PATH") from None
    problems = ["it is a symbolic link: give the folder itself."] if stat.S_ISLNK(status.st_mode) else folder_problems(status.st_mode)
    owner = account_name(status.st_uid) or str(status.st_uid)
    if status.st_uid not in (0, os.geteuid()):
        problems.append(f"it belongs to {owner}, who can change its permissions at any time. Fix: a folder of your own, or sudo chown")
    try:
        prefix = read_marker(path)
    except InboxError as exc:
        prefix, problems = "", problems + [f"{exc.problem} Fix: {exc.fix}"]
    return Inbox(path, owner, _group_name(status.st_gid), _readers(status.st_gid), prefix, status.st_mode, problems, _check_ancestors(path))


def _teachers_group(path: Path, group: str | None) -> int:
    """The group ID hand-ins will get, checked: it exists, and it is not a group every learner is in."""
    if group is None:
        gid = os.getegid()
        others = [name for name in _readers(gid) if name != account_name(os.geteuid())]
        if others:
            raise InboxError(path, f"your group {_group_name(gid)} also has {', '.join(others[:5])}: they could read every hand-in.",
                             fix="give the teachers' group: --group teachers (create it with: sudo groupadd teachers).")
        return gid
    if group in EVERYONE_GROUPS:
        raise InboxError(path, f"every hub user is in the group {group}, so every learner could read every hand-in.", fix="give a group of teachers only, e.g. --group teachers.")
    try:
        return grp.getgrnam(group).gr_gid
    except KeyError:
        raise InboxError(path, f"there is no group named {group!r}.", fix=f"create it (sudo groupadd {group}) and add the teachers (sudo usermod -aG {group} ACCOUNT).") from None


def _check_ancestors(path: Path) -> list[str]:
    """Refuse a place others could swap the inbox out of; return warnings (learners cannot reach it)."""
    warnings = []
    for folder in Path(os.path.realpath(path.parent)).joinpath("_").parents:
        try:
            status = os.stat(folder)
        except FileNotFoundError:
            continue  # made by init, as yours
        except OSError:
            break
        if status.st_uid not in (0, os.geteuid()):
            raise InboxError(path, f"it would be inside {folder}, which belongs to {account_name(status.st_uid) or status.st_uid}: they could replace the inbox.",
                             fix="choose a place owned by you or root, e.g. /srv/medialit-inbox.")
        if status.st_mode & (stat.S_IWGRP | stat.S_IWOTH) and not status.st_mode & stat.S_ISVTX:
            raise InboxError(path, f"it would be inside {folder}, which others can change (mode {stat.filemode(status.st_mode)}): they could replace the inbox.",
                             fix="choose another place, e.g. /srv/medialit-inbox.")
        if not status.st_mode & stat.S_IXOTH:
            warnings.append(f"learners cannot reach the inbox until {folder} is searchable by others (chmod o+x {folder}).")
    return warnings


def _create(path: Path, gid: int) -> None:
    """Make the folder (and missing parents, mode 755) with the inbox's group and mode; undo on failure."""
    for parent in reversed(path.parents):
        if not parent.exists():
            parent.mkdir(mode=0o755)
            os.chmod(parent, 0o755)
    os.mkdir(path, 0o700)  # nobody else can enter before the mode below is set
    try:
        if os.stat(path).st_gid != gid:
            os.chown(path, -1, gid)
        os.chmod(path, INBOX_MODE)
    except OSError as exc:
        os.rmdir(path)
        raise InboxError(path, f"cannot be given its group or mode ({exc.strerror or type(exc).__name__}).",
                         fix="you must be in the group you give (id -Gn shows yours; log in again after being added), or run with sudo.") from None


def _check_existing(path: Path, status: os.stat_result, gid: int | None) -> None:
    """Refuse an existing folder that breaks a promise; the folder is left as it is."""
    if stat.S_ISLNK(status.st_mode):
        raise InboxError(path, "is a symbolic link; an inbox must be the folder itself.", fix="give the folder the link points to, or a new path.")
    problems = folder_problems(status.st_mode)
    if problems:
        raise InboxError(path, f"already exists and is not a safe inbox (mode {stat.filemode(status.st_mode)}): {problems[0].split(' Fix:')[0]}",
                         fix=f"give a new path (medialit makes the folder), or, if nothing private is in it yet: chmod {INBOX_MODE:04o} {path}")
    if status.st_uid not in (0, os.geteuid()):
        raise InboxError(path, f"already exists and belongs to {account_name(status.st_uid) or status.st_uid}, who could change its permissions.", fix="give a new path.")
    if gid is not None and status.st_gid != gid:
        raise InboxError(path, f"already exists with the group {_group_name(status.st_gid)}, not {_group_name(gid)}.", fix=f"chgrp {_group_name(gid)} {path}, or give a new path.")
