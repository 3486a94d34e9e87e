"""The teacher's side of a class inbox: a hand-in counts only under the name of the account that owns it.

:func:`medialit.merge_submissions` (and so ``medialit class-report INBOX``) asks :func:`owner_check` about the
folder it merges. For a class inbox (a folder with :data:`medialit.inbox.MARKER`) every file must be a regular
file that no other account can change, and both the name inside it and its file name must be those of its owner's
hub user (:func:`medialit.inbox.account_for`). Otherwise it is not merged, and the class report says why:

==========================================  =====================================================================
what is wrong                               why it matters
==========================================  =====================================================================
a symbolic link, or not a regular file      it points at someone else's file; never opened
writable by other accounts                  anyone could have changed it since its learner handed it in
owned by an account with no name            a deleted account: nobody can say whose work it is
the name inside is not the owner's          someone handing in under another's name
the file name is not the owner's            someone taking another learner's file name, so they cannot hand in
(``<name>.json``, or ``<name>--<case>.json``  (the case part must be the case the file is about: one hand-in per
for a case other than the series' own)      learner per case, :func:`hand_in_names`)
replaced while it was read                  the owner checked is not the owner of what was read
==========================================  =====================================================================

The owner is taken from ``lstat`` of the inbox's entry before the file is read and checked again after (same
file, same owner), so swapping the entry during the merge cannot lend one account's content another's name.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path
from typing import Callable

from .errors import InboxError
from .inbox import MARKER, account_for, account_name, read_marker
from .paths import file_stem
from .tagfile import TagFile

__all__ = ["OwnerCheck", "owner_check", "owner_account", "hand_in_names"]

def owner_account(status: os.stat_result) -> str | None:
    """The account that owns a file (from its ``lstat``), or None if its user ID has no account. Tests replace this."""
    return account_name(status.st_uid)


_REMOVE = "remove it from the inbox (as its owner or with sudo: rm {path}); a learner's own hand-in is named after their hub user."


class OwnerCheck:
    """Vouches for each file of one class inbox: read it only if its owner may hand in under the name it bears."""

    def __init__(self, folder: Path, prefix: str, listed: dict[str, os.stat_result]):
        self.folder, self.prefix, self._listed = folder, prefix, listed

    @property
    def listed(self) -> dict[str, os.stat_result]:
        """Every entry of the inbox as listed (name -> its ``lstat``): the live class view compares them between looks."""
        return self._listed

    def _hub_user(self, account: str | None) -> str:
        """The hub user an account belongs to, for the report (``jupyter-ana`` -> ``ana``)."""
        if account is None:
            return ""
        return account.removeprefix(self.prefix) if account.startswith(self.prefix) else account

    def read(self, path: Path, read_one: Callable[[Path, Callable[..., None]], TagFile | None], report: Callable[..., None]) -> TagFile | None:
        """``read_one(path, report)`` if the file passes every check before and after reading; else report it and return None.

        What ``read_one`` reports (a file the teacher cannot read, a damaged one) names the file's owner: the account
        and hub user to ask.
        """
        try:
            before = self._listed.get(path.name) or os.lstat(path)
        except OSError as exc:
            report(path, "", f"cannot be examined ({exc.strerror or type(exc).__name__}).", "skipped")
            return None
        account = owner_account(before)
        owner = self._hub_user(account)
        remove = _REMOVE.format(path=path)
        if stat.S_ISLNK(before.st_mode) or not stat.S_ISREG(before.st_mode):
            report(path, owner, "is a link or a special file, not a hand-in; in a class inbox every hand-in is a file its learner wrote. It was not opened.", "skipped", remove)
            return None
        if before.st_mode & (stat.S_IWGRP | stat.S_IWOTH):
            report(path, owner, f"can be changed by other accounts (mode {stat.filemode(before.st_mode)}), so it may not be {owner or 'its owner'}'s work.", "skipped",
                   "ask the learner to hand in again (a hand-in is written read-only for others).")
            return None
        if account is None:
            report(path, "", f"belongs to user ID {before.st_uid}, which has no account (deleted?), so nobody can say whose work it is.", "skipped", remove)
            return None

        def owned(where, learner, problem, outcome, fix=""):  # whom to ask about a file that cannot be used
            report(where, learner or owner, f"{problem} It belongs to the account {account} (hub user {owner!r}).", outcome,
                   (f"{fix} " if fix else "") + f"It is {owner}'s: ask them to hand in again from the tagger (a hand-in is written readable "
                   "by the teachers' group), or read it with sudo.")

        submission = read_one(path, owned)
        if submission is None:
            return None
        try:
            after = os.lstat(path)
        except OSError:
            after = None
        if after is None or (after.st_dev, after.st_ino, after.st_uid) != (before.st_dev, before.st_ino, before.st_uid):
            report(path, owner, "was replaced while it was read.", "skipped", "run the report again.")
            return None
        claimed = submission.learner
        if account_for(claimed, self.prefix) != account:
            report(path, owner, f"says it is by {claimed[:60]!r}, but it belongs to the account {account} (hub user {owner!r}): a hand-in counts only under its owner's name.",
                   "skipped", f"if {owner} handed this in for {claimed[:60]!r}, ask {claimed[:60]!r} to hand in from their own account; then " + remove)
            return None
        if path.name not in hand_in_names(claimed, submission.case_id):
            report(path, owner, f"is {owner!r}'s hand-in under another file name, which may keep the learner of that name from handing in (theirs is {hand_in_names(claimed, submission.case_id)[-1]}).",
                   "skipped", remove)
            return None
        return submission


def hand_in_names(learner: str, case_id: str) -> tuple[str, ...]:
    """The file names a hand-in by ``learner`` for the case ``case_id`` may have: ``<name>.json`` (the series' own
    case, and every case before hand-ins named their case) and ``<name>--<case id>.json`` (:func:`medialit.handin.hand_in_name`).

    >>> hand_in_names("Ana", "old-station")
    ('ana.json', 'ana--old-station.json')
    """
    stem = file_stem(learner)
    return (f"{stem}.json",) + ((f"{stem}--{case_id}.json",) if case_id else ())


def owner_check(folder: str | os.PathLike) -> OwnerCheck | None:
    """An :class:`OwnerCheck` for ``folder`` if it is a class inbox, else None (a folder the teacher collected).

    Raises :class:`~medialit.errors.InboxError` when the inbox cannot be listed (not its owner or group).
    """
    folder = Path(folder)
    try:
        os.lstat(folder / MARKER)
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise InboxError(folder, f"cannot be read ({exc.strerror or type(exc).__name__}).", fix="run as the teacher who made the inbox, or a member of its group (id -Gn; log in again after being added), or with sudo.") from None
    prefix = read_marker(folder)
    try:
        with os.scandir(folder) as entries:
            listed = {}
            for entry in entries:
                try:
                    listed[entry.name] = entry.stat(follow_symlinks=False)
                except OSError:
                    continue  # gone already: examined again when read
    except OSError as exc:
        raise InboxError(folder, f"cannot be listed ({exc.strerror or type(exc).__name__}).", fix="run as the teacher who made the inbox, or a member of its group (id -Gn), or with sudo.") from None
    return OwnerCheck(folder, prefix, listed)
