"""Handing in: the learner's tags go into the class inbox, under the learner's own account, and nowhere else.

>>> medialit.hand_in(tagger.session)              # writes into a hub's class inbox   # doctest: +SKIP
PosixPath('/srv/medialit-inbox/ana.json')

When a class inbox is configured (:func:`medialit.inbox.configured_inbox`), the tagger's export button says
**Hand in** and calls :func:`hand_in_or_export`; without one it exports to the learner's own folder as before.

A hand-in is the same tag file as an export (``kind: "submission"``, :func:`medialit.progress.submission`), with the
learner's exercise results and the before/after assessment's answers and self-scores, written atomically into the inbox: a temporary file in the inbox,
flushed, given mode 0640 (read-write for the learner, read-only for the teachers' group, nothing for other
learners), then renamed over the learner's earlier hand-in. Handing in again replaces only that one file; the
inbox's sticky bit refuses a rename over anyone else's.

**One hand-in per learner per case** (:func:`hand_in_name`): ``<name>.json`` for the series' own case,
``<name>--<case id>.json`` for any other (the naming of progress files), so a learner who tags two cases hands in
both and neither replaces the other. ``--`` never occurs in a learner's file name (:func:`medialit.paths.file_stem`),
so the case part cannot be mistaken for a name.

**The name on a hand-in** is the hub user whose Unix account runs this kernel (:func:`hub_name`): what the learner
types in the name field, or sets as ``JUPYTERHUB_USER``, cannot make it anyone else's, and the teacher's reader
checks the file's owner anyway. Everything that goes wrong raises :class:`~medialit.errors.HandInError` with what
to do; the learner's progress file is never touched.
"""

from __future__ import annotations

import errno
import json
import os
import stat
from pathlib import Path

from . import atomic, progress
from .errors import HandInError, InboxError
from .inbox import HAND_IN_MODE, account_for, account_name, configured_inbox, folder_problems, read_marker
from .session import TaggingSession

__all__ = ["hand_in", "hand_in_or_export", "hand_in_name", "hub_name", "export_button_text"]

HAND_IN = ("Hand in", "Hand your tags in to your teacher's class inbox. Handing in again replaces your earlier hand-in (and nobody else's).")
EXPORT = ("Export for the teacher", "Write a submission file your teacher can collect")
_TELL = "Your tags are safe in your progress file. Tell your teacher, and show them this message."


def _my_uid() -> int:
    return os.geteuid()


def hub_name(inbox: Path, prefix: str) -> str:
    """The hub user this kernel runs as, from its Unix account (``prefix`` + name; see :func:`medialit.inbox.account_for`).

    ``$JUPYTERHUB_USER`` is used only when it is the name of this very account (it keeps the exact hub name where
    the account is shortened); a different one is refused, never believed.
    """
    account = account_name(_my_uid())
    if account is None:
        raise HandInError(inbox, f"this server runs as user ID {_my_uid()}, which has no account name, so the inbox cannot tell who you are.", fix=_TELL)
    claimed = os.environ.get("JUPYTERHUB_USER", "").strip()
    if claimed and account_for(claimed, prefix) != account:
        raise HandInError(inbox, f"this server runs as the account {account}, but the hub user {claimed!r} would be {account_for(claimed, prefix)}: the inbox cannot tell who you are.",
                          fix="hand in from your own server on the hub. " + _TELL + " (If every learner runs as one account, e.g. jovyan on Zero to JupyterHub, the class inbox cannot work there: docs/deploy.md.)")
    name = claimed or account.removeprefix(prefix)
    if not name or account_for(name, prefix) != account:
        raise HandInError(inbox, f"the account {account} is not one this inbox takes hand-ins from (hub accounts are named {prefix or ''}NAME).", fix="hand in from a notebook on your hub server. " + _TELL)
    return name


def _check_inbox(inbox: Path) -> str:
    """The inbox's account prefix, after checking the folder keeps its promises; HandInError otherwise."""
    try:
        mode = os.stat(inbox).st_mode
    except FileNotFoundError:
        raise HandInError(inbox, "the class inbox does not exist.", fix=_TELL) from None
    except OSError as exc:
        raise HandInError(inbox, f"the class inbox cannot be reached ({exc.strerror or type(exc).__name__}).", fix=_TELL) from None
    problems = folder_problems(mode)
    if problems:  # never hand in where others could read or spoil it
        raise HandInError(inbox, f"the class inbox is not safe to hand in to: {problems[0]}", fix=_TELL)
    try:
        return read_marker(inbox)
    except InboxError as exc:
        raise HandInError(inbox, exc.problem, fix=_TELL) from None


def hand_in_name(name: str, case_id: str) -> str:
    """The file name of ``name``'s hand-in for the case ``case_id``: one file per learner per case.

    >>> from medialit.data import DEFAULT_CASE
    >>> hand_in_name("Ana", DEFAULT_CASE), hand_in_name("Ana", "old-station")
    ('ana.json', 'ana--old-station.json')
    """
    return progress.case_file_name(name, case_id)  # one naming for progress, exports and hand-ins


def _taken(target: Path) -> bool:
    """True if ``target`` exists and is not this account's own regular file (someone took the name)."""
    try:
        status = os.lstat(target)
    except FileNotFoundError:
        return False
    return status.st_uid != _my_uid() or not stat.S_ISREG(status.st_mode)


def hand_in(session: TaggingSession, inbox: str | Path | None = None) -> Path:
    """Hand the session in to the class inbox (default: the configured one) and return the file written.

    The file is ``<inbox>/<name>.json`` for the hub user this kernel runs as (``<name>--<case id>.json`` for a case
    other than the series' own: :func:`hand_in_name`). A session with a store first takes in what other taggers of
    the learner saved, so the hand-in holds all of the learner's work; the learner's exercise results go with it. A
    session with neither a tag nor an answer to the assessment is refused (:func:`medialit.progress.submission_problem`),
    and nothing is written.
    """
    if inbox is None:
        try:
            inbox = configured_inbox()
        except InboxError as exc:
            raise HandInError(exc.path, exc.problem, fix=exc.fix) from None
        if inbox is None:
            raise HandInError("(no class inbox)", "this hub has no class inbox set up.", fix="use medialit.export_submission(session) and give the file to your teacher.")
    inbox = Path(inbox)
    name = hub_name(inbox, _check_inbox(inbox))
    target = inbox / hand_in_name(name, session.case_id)
    if session.store is not None:
        session.store.sync(session)
    refused = progress.submission_problem(session, name)
    if refused:
        raise HandInError(target, refused[0], fix=refused[1])
    squatted = HandInError(target, f"the name {target.name} is already taken in the class inbox by a file that is not yours.", fix=_TELL + " They can remove that file (their class report lists it); then hand in again.")
    if _taken(target):
        raise squatted
    # The bytes tagfile.write_atomic writes (tests/test_handin.py checks they match an export), with the inbox's mode.
    document = json.dumps(progress.submission(session, name).to_json(), ensure_ascii=False, indent=1)
    try:
        atomic.write_bytes(target, document.encode("utf-8"), mode=HAND_IN_MODE)
    except PermissionError as exc:
        if _taken(target):  # taken between the check and the rename
            raise squatted from None
        raise HandInError(inbox, f"cannot write into the class inbox ({exc.strerror}).", fix=_TELL) from None
    except OSError as exc:
        full = exc.errno in (errno.ENOSPC, errno.EDQUOT)
        raise HandInError(inbox, f"the hand-in could not be written ({exc.strerror or type(exc).__name__}).", fix=("the disk is full: " if full else "") + _TELL) from None
    return target


def export_button_text() -> tuple[str, str]:
    """The tagger's export button, ``(label, tooltip)``: *Hand in* when a class inbox is configured, else *Export*."""
    try:
        configured = configured_inbox() is not None
    except InboxError:
        configured = True  # a broken setting: pressing the button says what is wrong
    return HAND_IN if configured else EXPORT


def hand_in_or_export(session: TaggingSession, learner: str | None = None) -> tuple[Path, bool]:
    """What the tagger's button does: hand in if a class inbox is configured, else export under ``learner``.

    Returns the file written and whether it was a hand-in.
    """
    if export_button_text() == HAND_IN:
        return hand_in(session), True
    return progress.export_submission(session, learner=learner), False
