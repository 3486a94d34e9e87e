"""Where a learner's progress is kept: a store owns the file (or the memory), its lock, the last save and the last error.

>>> import medialit
>>> store, case = MemoryStore(), medialit.load_case()   # nothing touches the disk: for tests and trying things out
>>> a = store.open(case, learner="Ana"); b = store.open(case, learner="Ana")   # two taggers on one learner
>>> store.autosave(a); store.autosave(b)
>>> a.tag("C004", "bare_assertion"); b.tag("C005", "named_source")
>>> sorted(store.document().tags)                  # neither change is lost
['C004', 'C005']

A :class:`ProgressStore` keeps a progress file (:mod:`medialit.tagfile`). Every save is read-merge-write under
the file's lock (:func:`medialit.atomic.locked`): read what is in the file now, take in what other taggers of
the same learner saved there (:meth:`~medialit.session.TaggingSession.merge`: claim by claim, the later change
wins), then write the whole, atomically. So two tabs, the same lesson open twice or a second kernel never lose
each other's work, and :meth:`Store.sync` brings their changes into a tagger before it redraws.

The store remembers when it last wrote (:attr:`Store.saved_at`) and what went wrong last (:attr:`Store.error`):
a tagger says "Saved" only when the file was really written. A failed save changes nothing on disk and
leaves the session's changes marked unsaved, so the next save that works writes them all: what the learner
sees and what is on disk never differ without the tagger saying so.
"""

from __future__ import annotations

import json
import os
import stat
import threading
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import Iterator, NamedTuple

from . import atomic, tagfile
from .article import Article
from .case import CaseStudy
from .errors import MedialitError, ProgressFileError
from .session import TaggingSession
from .taxonomy import Taxonomy

__all__ = ["Store", "ProgressStore", "MemoryStore", "Synced", "to_tagfile", "check_document"]


class Synced(NamedTuple):
    """What one save or sync did: whether it wrote, and the ``(pass, claim_id)`` changes that came in from elsewhere."""

    wrote: bool
    arrived: list[tuple[str, str]]


def to_tagfile(session: TaggingSession, *, kind: str = "progress", learner: str | None = None,
               exercises: dict[str, tagfile.ExerciseResult] | None = None, assessment: dict[str, tagfile.AssessedAnswer] | None = None) -> tagfile.TagFile:
    """The session as a :class:`~medialit.tagfile.TagFile` (the one format of progress files and submissions).

    ``exercises`` are the learner's exercise results a submission carries (:func:`medialit.exercise_log.for_hand_in`),
    ``assessment`` the assessment's answers (:func:`medialit.exercise_log.assessment_for_hand_in`).
    """
    return tagfile.TagFile(
        learner=session.learner if learner is None else learner,
        article_title=session.title[: tagfile.MAX_TITLE],
        article_sha256=session.sha256,
        taxonomy=list(session.taxonomy.keys),
        tags=session.first.tags(),
        lateral_tags=session.lateral.tags(),
        kind=kind,
        created=session.created,
        updated=tagfile.now(),
        case_id=session.case_id,
        exercises=dict(exercises or {}),
        assessment=dict(assessment or {}),
    )


def check_document(document: tagfile.TagFile, session: TaggingSession, path: str | Path, *, error: type[ProgressFileError] = ProgressFileError) -> None:
    """Raise ``error`` unless ``document`` can be applied to ``session``: same case and article, known claims and levels."""
    if document.case_id and document.case_id != session.case_id:
        raise error(
            path,
            f"belongs to another case study ({document.case_id!r}, {document.article_title[:60]!r}), not {session.case_id!r}.",
            where="field 'case'",
            fix="open it with the case it was made for (medialit.load_case(...)), or choose another name to start afresh on this one.",
        )
    if document.article_sha256 != session.sha256:
        raise error(
            path,
            f"belongs to another article ({document.article_title[:60]!r}, SHA-256 {document.article_sha256[:12]}...), "
            f"not {session.title[:60]!r} ({session.sha256[:12]}...).",
            where="field 'article'",
            fix="open it with the article it was made for, or choose another name to start afresh on this one.",
        )
    for name, tags in (("tags", document.tags), ("lateral_tags", document.lateral_tags)):
        for claim_id, tag in tags.items():
            where = f"{name}[{claim_id!r}]"
            try:
                session.check_claim(claim_id)
            except MedialitError as exc:
                raise error(path, str(exc), where=where, fix="this file was made from a different claims table; restore a copy or start afresh under another name.") from None
            if tag.level not in session.taxonomy:
                raise error(path, f"level {tag.level!r} is not in the taxonomy {session.taxonomy.keys}.", where=where, fix="open it with the taxonomy it was tagged with, or start afresh under another name.")


class Store:
    """What every store does: open a session, save it (merging), sync it; subclasses lock, read and write."""

    @property
    def location(self) -> str:
        """Where the store keeps the work, as messages name it."""
        return "memory"

    def __init__(self) -> None:
        self.saved_at: datetime | None = None  # when this store last wrote
        self.saves = 0                         # how many writes so far (a tagger compares it before and after)
        self.error: Exception | None = None    # what went wrong in the last save or sync, None once one works
        self._autosaved: set[int] = set()      # the sessions that save here on every change (by id)

    # ---- what a subclass provides ----
    def _locked(self):
        raise NotImplementedError

    def _read(self) -> tagfile.TagFile | None:
        raise NotImplementedError

    def _write(self, document: tagfile.TagFile) -> None:
        raise NotImplementedError

    def _check(self) -> None:
        """Raise a clear error if the store cannot be used at all (a folder where the file goes)."""

    # ---- opening, saving, syncing ----
    def open(self, case: CaseStudy | Article, taxonomy: Taxonomy | None = None, *, learner: str = "me") -> TaggingSession:
        """A session on ``case`` holding what is stored (or a new, empty one), attached to this store. Nothing is written."""
        session = TaggingSession(case, taxonomy, learner=learner)
        self._check()
        document = self._read_for(session)
        if document is not None:
            session.learner = document.learner or learner
            session.restore(document.tags, document.lateral_tags)
            session.created = document.created or session.created
        session.store = self
        return session

    def autosave(self, session: TaggingSession) -> None:
        """Save ``session`` here after every change, undo and redo it announces."""
        session.store = self
        self._autosaved.add(id(session))
        session.on_change(self._save_if_changed)

    def detach(self, session: TaggingSession) -> None:
        """Stop saving ``session`` here (it moves to another store, e.g. once the learner has saved a name)."""
        session.off_change(self._save_if_changed)
        self._autosaved.discard(id(session))
        if session.store is self:
            session.store = None

    def _save_if_changed(self, session: TaggingSession) -> None:
        if session.has_unsaved:  # changes that arrived from elsewhere are announced too; they need no write
            self.save(session)

    def save(self, session: TaggingSession) -> Synced:
        """Read what is stored, merge the session's changes into it, write the whole (if anything changed).
        Raises if it cannot.

        On failure nothing stored changes, ``error`` says why, and the session's changes stay unsaved, so the
        next save writes them.
        """
        return self._sync(session, write=True, create=True)

    def sync(self, session: TaggingSession) -> Synced:
        """Bring in what other taggers saved; a session that saves here on every change also writes what a
        failed save left unsaved. Listeners of the session hear about changes that came in, so its taggers redraw.
        """
        result = self._sync(session, write=id(session) in self._autosaved)
        if result.arrived:
            session.notify()
        return result

    def _sync(self, session: TaggingSession, *, write: bool, create: bool = False) -> Synced:
        try:
            with self._locked():
                document = self._read_for(session)
                arrived = session.merge(document.tags, document.lateral_tags) if document is not None else []
                # Write this session's changes; and if the file is gone, everything the session holds, at once.
                wrote = write and (session.has_unsaved or (document is None and (create or any(p.tags() for p in session.passes))))
                if wrote:
                    self._write(to_tagfile(session))
                    session.mark_saved()
                else:
                    session.mark_saved(document.tags if document else {}, document.lateral_tags if document else {})
        except Exception as exc:
            self.error = exc
            raise
        self.error = None
        if wrote:
            self.saved_at = datetime.now()
            self.saves += 1
        return Synced(wrote, arrived)

    def _read_for(self, session: TaggingSession) -> tagfile.TagFile | None:
        document = self._read()
        if document is not None:
            check_document(document, session, self.location)
            if document.kind != "progress":
                raise ProgressFileError(self.location, "is a submission for the teacher, not a progress file.", where="field 'kind'", fix="resume from your progress file (~/medialit-work/progress/<name>.json), or open this one with medialit.progress.load() to read it.")
        return document


class ProgressStore(Store):
    """A learner's progress file: its path, its lock (``.<name>.lock`` beside it), the last save and error."""

    def __init__(self, path: str | Path):
        super().__init__()
        self.path = Path(path)

    @property
    def location(self) -> str:
        return str(self.path)

    @contextmanager
    def _locked(self) -> Iterator[None]:
        self._check()
        with atomic.locked(self.path) as held:
            atomic.remove_temporaries(self.path, under_lock=held)
            yield

    def _check(self) -> None:
        """A clear error when a folder or a special file sits where the progress file (or its lock) goes."""
        fix = "move or rename it (the tagger never saves into it), or open the tagger with another name or path= to save elsewhere."
        if self.path.parent.exists() and not self.path.parent.is_dir():
            raise ProgressFileError(self.path.parent, "is a file, where the folder of progress files goes.", fix=fix)
        for place, what in ((self.path, "your progress file"), (atomic.lock_path(self.path), "the progress file's lock")):
            try:
                mode = os.stat(place).st_mode
            except OSError:
                continue  # not there yet (or not reachable: writing will say so)
            if not stat.S_ISREG(mode):
                kind = "a folder" if stat.S_ISDIR(mode) else "a special file (not a regular file)"
                raise ProgressFileError(place, f"is {kind}, where {what} goes.", fix=fix)

    def _read(self) -> tagfile.TagFile | None:
        if not os.path.lexists(self.path):
            return None
        return tagfile.read(self.path)

    def _write(self, document: tagfile.TagFile) -> None:
        tagfile.write_atomic(self.path, document)


class MemoryStore(Store):
    """A progress "file" kept in memory, as JSON bytes, so saving works exactly as on disk but nothing is written.

    For tests and for trying the tagger out. Sessions opened on one MemoryStore are like taggers open on one
    progress file. Set :attr:`fail_with` to an exception to make the next saves fail (as a full disk would).
    """

    def __init__(self, document: tagfile.TagFile | None = None):
        super().__init__()
        self.data: bytes | None = None
        self.fail_with: Exception | None = None
        self._lock = threading.Lock()
        if document is not None:
            self._write(document)

    def _locked(self):
        return self._lock

    def _read(self) -> tagfile.TagFile | None:
        return None if self.data is None else tagfile.parse(json.loads(self.data), self.location)

    def _write(self, document: tagfile.TagFile) -> None:
        if self.fail_with is not None:
            raise self.fail_with
        self.data = json.dumps(document.to_json(), ensure_ascii=False, indent=1).encode("utf-8")

    def document(self) -> tagfile.TagFile | None:
        """What is stored now, as a :class:`~medialit.tagfile.TagFile` (None before the first save)."""
        return None if self.data is None else tagfile.parse(json.loads(self.data), self.location)
