"""Saving a tagging session on every change, resuming it later, and exporting a submission for the teacher.

>>> session = open_session("Ana")                         # opens the learner's progress file   # doctest: +SKIP
>>> session.tag("C004", "bare_assertion")                 # saved at once, to that file   # doctest: +SKIP

:func:`open_session` is what the tagger uses: it resumes the learner's progress file if there is one, or starts
a new session, and from then on saves after every change, undo and redo, through a
:class:`~medialit.store.ProgressStore` (``session.store``), which merges with what other taggers of the same
learner saved (two tabs, two kernels), so no tag is lost.

Where files go (see :mod:`medialit.paths`): ``~/medialit-work/progress/<name>.json`` and
``~/medialit-work/submissions/<name>.json``, or under ``$MEDIALIT_HOME`` if set, with a file name made from the
learner's name in any script. On a shared JupyterHub ``~`` is the learner's own persistent home, so work
survives a server restart, and the hub user is the learner when no name is given. Pass ``path=`` to choose any
other file, or ``store=`` (e.g. a :class:`~medialit.store.MemoryStore`) to keep it elsewhere.

This module is part of the **top layer**: without ``case=`` it opens and reads sessions on the series' own case
study (``medialit.load_case()``). Another case's progress goes to its own file,
``~/medialit-work/progress/<name>--<case id>.json`` (and its export ``submissions/<name>--<case id>.json``), so a
learner can work on several cases.

Files are written atomically (:func:`medialit.tagfile.write_atomic`): a crash leaves the old file or the new one,
never half of one. A file that cannot be resumed — another article, a newer schema, an unknown claim or level,
corrupt JSON, a folder where the file should be — raises :class:`~medialit.errors.ProgressFileError` and is
never changed or replaced.
"""

from __future__ import annotations

import os
from pathlib import Path

from . import atomic, exercise_log, paths, tagfile
from . import data as _data
from .article import Article
from .case import CaseStudy, as_case
from .assessment import load_assessment
from .errors import DataFileError, ProgressFileError, SubmissionError
from .session import TaggingSession
from .store import ProgressStore, Store, check_document, to_tagfile
from .taxonomy import Taxonomy

__all__ = ["save", "load", "open_session", "move_to_name", "export_submission", "submission", "to_tagfile", "progress_path", "submission_path",
           "case_file_name"]


def save(session: TaggingSession, path: str | Path | None = None) -> Path | None:
    """Save the session now, and return the file's path.

    Without ``path``: to its store (merging with what other taggers saved there), or, for a session without one,
    to the learner's progress file. With ``path``: a copy of the session, exactly as it is, to that file.
    """
    store = session.store
    if path is None or (isinstance(store, ProgressStore) and Path(path) == store.path):
        if store is None:
            store = session.store = ProgressStore(paths.progress_path(session.learner or "me"))
        store.save(session)
        return getattr(store, "path", None)
    with atomic.locked(path):
        return tagfile.write_atomic(path, to_tagfile(session))


def _case(case: CaseStudy | Article | str | os.PathLike | None, taxonomy: Taxonomy | None = None) -> CaseStudy:
    """The case to work on: the series' own for None, a pack by folder or id, or the case or article given."""
    return as_case(case if isinstance(case, (CaseStudy, Article)) else _data.load_case(case), taxonomy)


def load(path: str | Path, case: CaseStudy | Article | str | None = None, taxonomy: Taxonomy | None = None, *, error: type[ProgressFileError] = ProgressFileError) -> TaggingSession:
    """Read a progress file (or a submission) on ``case`` (default: the series' own) back into a session.

    The file is only read. Raises ``error`` (ProgressFileError by default) naming the file, the field and the fix
    when the file is for another case or article, has a newer schema, names a claim or level that does not exist,
    or is not valid JSON.
    """
    path = Path(path)
    document = tagfile.read(path, error=error)
    session = TaggingSession(_case(case, taxonomy), learner=document.learner)
    check_document(document, session, path, error=error)
    session.restore(document.tags, document.lateral_tags)
    session.created = document.created or session.created
    session.kind = document.kind
    return session


def open_session(name: str | None = None, *, case: CaseStudy | Article | str | None = None, path: str | Path | None = None, autosave: bool = True,
                 store: Store | None = None, article: Article | None = None, taxonomy: Taxonomy | None = None) -> TaggingSession:
    """Resume the learner's progress on a case, or start a new session; then save after every change.

    ``name`` is the learner's name or pseudonym, in any script (it names the default file
    ``~/medialit-work/progress/<name>.json``, see :mod:`medialit.paths`); without one, the JupyterHub user, else
    ``"me"``. ``case`` is the case study (default: the series' own; a :class:`~medialit.case.CaseStudy`, a
    pack's folder or id, or an :class:`~medialit.article.Article`, also accepted as ``article=``).
    ``path`` chooses the file instead; ``store`` keeps the progress somewhere else entirely. A file that
    exists but cannot be resumed raises ProgressFileError and is left exactly as it was, so no work is ever
    overwritten by an empty session. A file saved under an older version's name for this learner is renamed to
    the new name first (only if it holds this learner's name; an existing file is never replaced).
    """
    name = paths.default_learner(name)
    study = _case(case if case is not None else article, taxonomy)
    if store is None:
        target = Path(path) if path is not None else progress_path(name, study)
        if path is None and study.id == _data.DEFAULT_CASE:
            _adopt_old_file(name, target)
        store = ProgressStore(target)
    session = store.open(study, learner=name)
    if autosave:
        store.autosave(session)
    return session


def move_to_name(session: TaggingSession, name: str) -> bool:
    """Save an unnamed session (``"me"``) from now on in ``name``'s progress file, once the learner saved that name.

    What the tagger does after a name typed in its field is saved (its tags were carried over to that file first,
    :func:`medialit.unnamed_work.carry_over`): the session takes in what the file holds and saves every later change
    there. True if it moved; a session with a file chosen by ``path=``, a named one or one without a store stays.
    """
    old = session.store
    if not isinstance(old, ProgressStore) or paths.learner_key(session.learner) != paths.PLACEHOLDER or old.path != progress_path(paths.PLACEHOLDER, session.case):
        return False
    new = ProgressStore(progress_path(name, session.case))
    old.detach(session)
    session.learner = name
    new.autosave(session)
    new.save(session)
    return True


def case_file_name(name: str, case_id: str) -> str:
    """The one naming of a learner's files per case (progress, export, hand-in): ``<name>.json`` for the series' own
    case, ``<name>--<case id>.json`` for another, so a learner who works on two cases keeps both.

    >>> case_file_name("Ana", _data.DEFAULT_CASE), case_file_name("Ana", "old-station")
    ('ana.json', 'ana--old-station.json')
    """
    stem = paths.file_stem(name)
    return f"{stem}.json" if case_id in ("", _data.DEFAULT_CASE) else f"{stem}--{case_id}.json"


def progress_path(name: str, case: CaseStudy) -> Path:
    """A learner's progress file for a case: ``<name>.json`` for the series' own, ``<name>--<case id>.json`` else."""
    return paths.progress_path(name).with_name(case_file_name(name, case.id))


def submission_path(name: str, case_id: str) -> Path:
    """A learner's export for a case, in ``<home>/submissions``: named as the progress file and the hand-in are."""
    return paths.submission_path(name).with_name(case_file_name(name, case_id))


def _adopt_old_file(name: str, target: Path) -> None:
    """Move this learner's progress from an older version's file name (ASCII only) to ``target``.

    Only when the old file holds this learner's name (older versions saved 李明 and Иван both as
    ``learner.json``), only if ``target`` does not exist yet, and never by replacing a file.
    """
    old = paths.legacy_progress_path(name)
    if old == target or os.path.lexists(target) or not old.is_file():
        return  # nothing to move (on a file system that ignores case, Ana.json *is* ana.json)
    with atomic.locked(target):
        if os.path.lexists(target):
            return
        try:
            if paths.learner_key(tagfile.read(old).learner) != paths.learner_key(name):
                return  # another learner's file: left where it is
        except ProgressFileError:
            return  # unreadable: it stays as it is
        try:
            os.link(old, target)  # a second name for the same file; fails if target exists, so never overwrites
        except FileExistsError:
            return
        except OSError:  # no hard links on this file system: rename (under the lock, target checked absent)
            os.rename(old, target)
            return
        old.unlink()


def export_submission(session: TaggingSession, learner: str | None = None, path: str | Path | None = None) -> Path:
    """Write a submission for the teacher (same format, ``kind: "submission"``) and return its path.

    ``learner`` is the name or pseudonym the teacher will see (default: the session's); the default file is
    ``~/medialit-work/submissions/<learner>.json`` for the series' own case and ``<learner>--<case id>.json`` for
    another (:func:`case_file_name`), so exporting a second case never replaces the first. A session with a store first takes in what other taggers of the
    learner saved, so the submission holds all of the learner's work; the learner's exercise results go with it. A
    session with neither a tag nor an answer to the assessment, or the placeholder name ``"me"``, is refused with a :class:`~medialit.errors.SubmissionError`
    saying why (:func:`submission_problem`); nothing is written.
    """
    if session.store is not None:
        session.store.sync(session)
    name = (session.learner if learner is None else learner).strip()
    if not name:
        raise SubmissionError(path or paths.submission_path(), "has no learner name.", fix="type your name or a pseudonym your teacher knows.")
    problem = tagfile.text_problem(name, tagfile.MAX_NAME, typed=True)  # typed in the tagger's name field: no control characters
    if problem:
        raise SubmissionError(path or paths.submission_path(name), f"the name {name[:40]!r} {problem}",
                              fix="type a shorter name or a pseudonym your teacher knows." if len(name) > tagfile.MAX_NAME else "type the name again (or paste it as plain text).")
    target = Path(path) if path is not None else submission_path(name, session.case_id)
    refused = submission_problem(session, name)
    if refused:
        raise SubmissionError(target, refused[0], fix=refused[1])
    return tagfile.write_atomic(target, submission(session, name))


def submission(session: TaggingSession, name: str) -> tagfile.TagFile:
    """The session as a submission under ``name``, with what of the learner's exercise record goes to the teacher:
    every exercise's result (:func:`medialit.exercise_log.for_hand_in`) and the assessment's answers and self-scores
    (:func:`medialit.exercise_log.assessment_for_hand_in`). An export and a hand-in are this same document."""
    return to_tagfile(session, kind="submission", learner=name, exercises=exercise_log.for_hand_in(),
                      assessment=exercise_log.assessment_for_hand_in(_assessment_tasks()))


def _assessment_tasks() -> list[str]:
    """The series' assessment task IDs ("90.1", ...); none if its file cannot be read (a hand-in never fails over it)."""
    try:
        return load_assessment().task_ids()
    except DataFileError:
        return []


def submission_problem(session: TaggingSession, name: str, *, again: str = "hand in again") -> tuple[str, str] | None:
    """Why this session cannot go to the teacher under ``name`` (the problem and the fix), or None if it can.

    One rule for an export and a hand-in: a session with no tag in either pass and no answer to the before/after
    assessment is nothing to hand in (*Run All* on an untouched lesson would otherwise send an empty file); the
    assessment's answers go even before the learner has tagged anything (notebook 91's *Hand in your answers*).
    The placeholder name ``"me"`` is nobody the teacher can match. ``again`` ends the fix: what the learner
    presses next, in the words of the button they see ("press Export for the teacher again").
    """
    if not session.first.tags() and not session.lateral.tags() and not exercise_log.assessment_for_hand_in(_assessment_tasks()):
        return "Nothing to hand in yet: tag at least one claim.", f"choose a level for a claim in the tagger, then {again}."
    if paths.learner_key(name) == paths.PLACEHOLDER:
        return (f'"{name}" is not a name your teacher can match to you.',
                f"save your name or a pseudonym your teacher knows in lesson 00's name box, then {again}.")
    return None
