"""A tagging session: one learner's tags on one case study, with undo, progress and filters, and no widget code.

>>> import medialit
>>> session = medialit.TaggingSession(medialit.load_case())
>>> session.tag("C004", "bare_assertion", note="only the author says so")
>>> session.level_of("C004")
'bare_assertion'
>>> session.undo()                       # undo says which claim it changed
Change(pass_='first', claim_id='C004', old=None, new=Tag(level='bare_assertion', ...))
>>> session.level_of("C004") is None
True

**What is tagged.** A session is given its case (:class:`~medialit.case.CaseStudy`: ``medialit.load_case()``
for the series' article, ``medialit.load_case(folder)`` for a case pack) or just an
:class:`~medialit.article.Article` (it then has the taxonomy given, else the series' levels, and no key).
Every unit of the article can be tagged except the parts of its layout (the title, the byline, section headings
and list labels: ``medialit.article.STRUCTURE_KINDS``). Sentences and the author's bio are tagged; the bio holds
checkable claims about the author. ``TaggingSession(..., include_structure=True)`` makes every unit taggable.
Progress ("12 of 65 tagged") counts only taggable units.

**Two passes.** The *first* pass is reading the article alone (lessons 03-05). The *lateral* pass is tagging again
after reading laterally, checking other sources (lesson 06). They are kept apart and saved apart (``tags`` and
``lateral_tags`` in the progress file). ``session.first`` and ``session.lateral`` are the two passes
(:class:`~medialit.passes.Pass`), each with ``tag``, ``clear``, ``set_note``, ``level_of``, ``note_of``, ``tags``,
``progress``, ``claim_ids``, ``next_claim`` and ``to_frame``; the session's own methods of those names act on the
first pass::

    session.lateral.tag("C011", "contradicted", note="the 2024 threat assessment says otherwise")
    session.compare_passes()        # first vs lateral level per claim: moved up, down or unchanged

**Undo** goes back one change at a time, in either pass: each step puts back one claim's previous level and note
(stamped with the time of the undo, which is a change too) and returns the :class:`Change`, so a tagger can
show that claim. A new change after an undo clears the redo history.

**Notes** are checked when they are entered (:func:`medialit.tagfile.text_problem`): more than
:data:`~medialit.tagfile.MAX_NOTE` characters, a NUL, or a broken character (a lone surrogate) raises
:class:`~medialit.errors.InvalidTextError` and changes nothing, so what is in memory can always be saved.

**Saving** is not done here: a store (:mod:`medialit.store`) listens to :meth:`on_change` and writes the
progress file after every change. For it, the session keeps which claims changed since the last save, and
:meth:`merge` takes in what another tagger of the same learner saved meanwhile (claim by claim, the later
change wins), so two taggers open on one learner never lose each other's work.
"""

from __future__ import annotations

from datetime import datetime, timezone
from typing import TYPE_CHECKING, Callable, NamedTuple

import pandas as pd

from .article import STRUCTURE_KINDS, Article
from .case import CaseStudy, as_case
from .errors import ArticleError, DataFileError, InvalidTextError, NotTaggableError, NotTaggedError, UnknownClaimError, UnknownLevelError
from .passes import PASSES, Pass, Progress
from .tagfile import MAX_CLAIMS, MAX_ID, MAX_LEVELS, MAX_NAME, MAX_NOTE, Tag, now, text_problem
from .taxonomy import EvidenceLevel, Taxonomy

if TYPE_CHECKING:
    from .store import Store

__all__ = ["PASSES", "Progress", "Change", "TaggingSession", "Pass", "NotTaggableError", "NotTaggedError"]

COMPARE_COLUMNS = ["claim_id", "section", "text", "first", "lateral", "first_rank", "lateral_rank", "change"]
MAX_UNDO = 500


class Change(NamedTuple):
    """One change to one claim, as undo and redo see it: the pass (its name), the claim, and its tag before and after."""

    pass_: str
    claim_id: str
    old: Tag | None
    new: Tag | None


class TaggingSession:
    """The state of one learner's work on one case study: a level (and a note) per claim, in two passes.

    ``case`` is a :class:`~medialit.case.CaseStudy` (``medialit.load_case()``) or an
    :class:`~medialit.article.Article`, with ``taxonomy`` then (default: the series' levels). ``learner`` is
    the name or pseudonym written into saved files. A session refuses claim IDs the article does not have
    (:class:`~medialit.errors.UnknownClaimError`) and levels the taxonomy does not have
    (:class:`~medialit.errors.UnknownLevelError`).
    """

    def __init__(self, case: CaseStudy | Article | None = None, taxonomy: Taxonomy | None = None, *, learner: str = "", include_structure: bool = False):
        if case is None:
            raise TypeError("TaggingSession needs the case to tag: TaggingSession(medialit.load_case()) for the series' article, "
                            "or TaggingSession(medialit.case_from_text(text)) for your own.")
        self.case = as_case(case, taxonomy)
        self.article = self.case.article
        self.taxonomy = self.case.taxonomy
        self.learner = learner
        self.include_structure = include_structure
        self.created = now()
        records = self.article.records()
        self._claims = {c.claim_id: c for c in records}
        self._taggable = [c.claim_id for c in records if include_structure or c.kind not in STRUCTURE_KINDS]
        self._taggable_set = set(self._taggable)
        _check_it_fits_a_tag_file(self.article, self.taxonomy, self._taggable)
        self._tags: dict[str, dict[str, Tag]] = {p: {} for p in PASSES}
        self.first = Pass(self, "first")
        """The first pass: reading the article alone (lessons 03-05). The session's own methods act on it."""
        self.lateral = Pass(self, "lateral")
        """The lateral pass: tagging again after reading other sources (lesson 06)."""
        self._undo: list[Change] = []
        self._redo: list[Change] = []
        self._listeners: list[Callable[[TaggingSession], None]] = []
        self._saved: dict[str, dict[str, Tag]] = {p: {} for p in PASSES}  # the tags as last saved or read
        self._unsaved: dict[tuple[str, str], str] = {}  # (pass, claim ID) -> when it changed, since then
        self.kind = "progress"  # or "submission", when read back from a submission file
        self.store: Store | None = None  # the store this session saves to (medialit.store), set when a store opens it

    @property
    def learner(self) -> str:
        """The name or pseudonym written into saved files (at most ``MAX_NAME`` characters)."""
        return self._learner

    @learner.setter
    def learner(self, name: str) -> None:
        name = str(name)
        problem = text_problem(name, MAX_NAME, nul_ok=True)
        if problem:
            raise InvalidTextError(f"The name {name[:40]!r} {problem} Choose a shorter name or a pseudonym.")
        self._learner = name

    # ---- what the session is about ----
    @property
    def title(self) -> str:
        return self.article.title

    @property
    def sha256(self) -> str:
        """The article's fingerprint; a progress file only resumes on the article with this fingerprint."""
        return self.article.sha256

    @property
    def sections(self) -> list[str]:
        """Sections that hold at least one taggable claim, in reading order."""
        return list(dict.fromkeys(self._claims[c].section for c in self._taggable))

    @property
    def case_id(self) -> str:
        """The id of the case this session tags (written into saved files beside the article's SHA-256)."""
        return self.case.id

    @property
    def passes(self) -> tuple[Pass, Pass]:
        """The first and the lateral pass."""
        return (self.first, self.lateral)

    def pass_named(self, name: str | Pass) -> Pass:
        """The pass called ``name`` (``"first"`` or ``"lateral"``); a pass of this session is returned as it is."""
        if isinstance(name, Pass) and name.session is self:
            return name
        if name == "first":
            return self.first
        if name == "lateral":
            return self.lateral
        raise ValueError(f"'pass_' must be one of {list(PASSES)} (got {name!r}).")

    def claim(self, claim_id: str):
        """The :class:`~medialit.article.Claim` with this ID (any unit of the article, taggable or not)."""
        return self.article.claim(claim_id)

    def check_claim(self, claim_id: str) -> str:
        """Return ``claim_id`` if it can be tagged; raise UnknownClaimError (or NotTaggableError) if not."""
        if claim_id in self._taggable_set:
            return claim_id
        record = self._claims.get(claim_id) if isinstance(claim_id, str) else None
        if record is not None:
            raise NotTaggableError(claim_id, record.kind, record.text, self._taggable)
        raise UnknownClaimError(claim_id, self._taggable)

    def check_level(self, level: str | EvidenceLevel) -> str:
        """Return the level's key (a key, a label in any case, or an EvidenceLevel); raise UnknownLevelError otherwise."""
        key = self.taxonomy.resolve(level)
        if key is None:
            raise UnknownLevelError(level, self.taxonomy.keys)
        return key

    # ---- the first pass's tags, read and changed from the session itself (session.lateral for the other) ----
    def tags(self) -> dict[str, Tag]:
        """A copy of the first pass's tags: claim ID -> Tag(level, note, tagged_at)."""
        return self.first.tags()

    def level_of(self, claim_id: str) -> str | None:
        return self.first.level_of(claim_id)

    def note_of(self, claim_id: str) -> str:
        return self.first.note_of(claim_id)

    def tag(self, claim_id: str, level: str | EvidenceLevel, note: str | None = None) -> None:
        """Give ``claim_id`` the level ``level`` in the first pass. ``note=None`` keeps its note (see :meth:`Pass.tag`)."""
        self.first.tag(claim_id, level, note)

    def clear(self, claim_id: str) -> None:
        """Remove the first-pass tag (and its note) from ``claim_id``."""
        self.first.clear(claim_id)

    def set_note(self, claim_id: str, note: str) -> None:
        """Attach a note to a claim tagged in the first pass (raises NotTaggedError if it has no level yet)."""
        self.first.set_note(claim_id, note)

    @staticmethod
    def check_note(claim_id: str, note: str, *, nul_ok: bool = False) -> str:
        """Return ``note`` if it can be saved; raise InvalidTextError (saying why and what to do) if not."""
        note = str(note)
        problem = text_problem(note, MAX_NOTE, nul_ok=nul_ok, typed=not nul_ok)  # typed: no control characters
        if problem:
            todo = "shorten it" if len(note) > MAX_NOTE else "type it again (or paste it as plain text)"
            raise InvalidTextError(f"The note for {claim_id} {problem} It was not saved: {todo}, then try again.")
        return note

    def _change(self, name: str, claim_id: str, tag: Tag | None) -> None:
        self._undo.append(Change(name, claim_id, self._tags[name].get(claim_id), tag))
        del self._undo[:-MAX_UNDO]
        self._redo.clear()
        self._put(name, claim_id, tag)
        self.notify()

    def _put(self, name: str, claim_id: str, tag: Tag | None) -> None:
        """Set (or, with None, remove) one tag and remember that it changed, and when, until the next save."""
        if tag is None:
            self._tags[name].pop(claim_id, None)
        else:
            self._tags[name][claim_id] = tag
        self._unsaved[name, claim_id] = tag.tagged_at if tag is not None else now()

    @property
    def can_undo(self) -> bool:
        return bool(self._undo)

    @property
    def can_redo(self) -> bool:
        return bool(self._redo)

    def undo(self) -> Change | None:
        """Undo the last change: that claim gets back its previous level and note. Returns the :class:`Change`
        undone (``.claim_id`` and ``.pass_`` say where), or None if there is nothing to undo."""
        return self._step(self._undo, self._redo, backwards=True)

    def redo(self) -> Change | None:
        """Re-apply the last undone change; returns it, or None if there is nothing to redo."""
        return self._step(self._redo, self._undo, backwards=False)

    def _step(self, source: list[Change], target: list[Change], *, backwards: bool) -> Change | None:
        """Apply the newest change on ``source`` (backwards for undo), keeping it on ``target`` to come back to."""
        if not source:
            return None
        change = source.pop()
        tag = change.old if backwards else change.new
        self._put(change.pass_, change.claim_id, tag._replace(tagged_at=now()) if tag is not None else None)
        target.append(change)
        self.notify()
        return change

    def _snapshot(self) -> dict[str, dict[str, Tag]]:
        return {p: dict(t) for p, t in self._tags.items()}  # Tags are frozen, so a shallow copy is exact

    def on_change(self, listener: Callable[["TaggingSession"], None]) -> None:
        """Call ``listener(session)`` after every change, undo and redo (the progress file saves this way)."""
        self._listeners.append(listener)

    def off_change(self, listener: Callable[["TaggingSession"], None]) -> None:
        """Stop calling ``listener`` (a closed tagger does this, so it no longer redraws)."""
        self._listeners = [known for known in self._listeners if known != listener]

    def notify(self) -> None:
        """Call every listener, even if one fails (a failed save must not stop a tagger redrawing); then raise.

        Every change, undo and redo does this; a store does it too when changes saved elsewhere came in.
        """
        failure = None
        for listener in list(self._listeners):
            try:
                listener(self)
            except Exception as exc:  # re-raised below, after the other listeners
                failure = failure or exc
        if failure is not None:
            raise failure

    def restore(self, tags: dict[str, Tag], lateral_tags: dict[str, Tag] | None = None) -> None:
        """Replace all tags at once with saved ones (resuming from a file). Checks every ID, level and note; not undoable."""
        new = {"first": dict(tags), "lateral": dict(lateral_tags or {})}
        for mapping in new.values():
            for claim_id, tag in mapping.items():
                self.check_claim(claim_id)
                self.check_level(tag.level)
                self.check_note(claim_id, tag.note, nul_ok=True)  # readers accept a NUL; only typing one is refused
        self._tags = new
        self._saved = self._snapshot()
        self._unsaved.clear()
        self._undo.clear()
        self._redo.clear()

    # ---- saving: what changed since the last save, and merging what another tagger saved ----
    @property
    def has_unsaved(self) -> bool:
        """True while some change is not yet in the progress file (after a failed save, until the next one)."""
        return bool(self._unsaved)

    def merge(self, tags: dict[str, Tag], lateral_tags: dict[str, Tag]) -> list[tuple[str, str]]:
        """Take in the tags just read from the progress file, where another tagger of this learner may have saved.

        Claim by claim: if the file still has what this session last saved or read there, this session's tag
        stands (changed or not). Otherwise the claim was changed elsewhere: the file's tag comes in, unless this
        session changed the claim too, later (a clear elsewhere leaves no time, so a change here wins over it).
        Returns the ``(pass, claim_id)`` pairs that came in; undo forgets its steps on those claims, as they are
        another tagger's change now. Listeners are not called: the store does that once the file is written.
        """
        arrived = []
        for name, saved in zip(PASSES, (tags, lateral_tags)):
            mine, base = self._tags[name], self._saved[name]
            for claim_id in saved.keys() | mine.keys() | base.keys():
                theirs = saved.get(claim_id)
                if theirs == base.get(claim_id) or theirs == mine.get(claim_id):
                    continue  # nobody else changed it (or to what this session has already)
                changed_here = self._unsaved.get((name, claim_id))
                if changed_here is not None and not _later(theirs, changed_here):
                    continue  # both changed it; this session's change is the later one
                self._unsaved.pop((name, claim_id), None)
                if theirs is None:
                    mine.pop(claim_id, None)
                else:
                    mine[claim_id] = theirs
                arrived.append((name, claim_id))
        if arrived:
            gone = set(arrived)
            self._undo = [c for c in self._undo if (c.pass_, c.claim_id) not in gone]
            self._redo = [c for c in self._redo if (c.pass_, c.claim_id) not in gone]
        return arrived

    def mark_saved(self, tags: dict[str, Tag] | None = None, lateral_tags: dict[str, Tag] | None = None) -> None:
        """Record what the progress file now holds (the store calls it after each save or read).

        Without arguments: exactly this session's tags, just written; nothing is unsaved any more. With the
        tags just read (after a :meth:`merge` without a write): those, and this session's changes stay unsaved.
        """
        if tags is None:
            self._saved = self._snapshot()
            self._unsaved.clear()
        else:
            self._saved = {"first": dict(tags), "lateral": dict(lateral_tags or {})}

    # ---- progress, filters and navigation (of the first pass; session.lateral has the same) ----
    def _filtered(self, section: str | None, skip: dict[str, Tag] | None) -> list[str]:
        """Taggable claim IDs in reading order, of one ``section`` if given, leaving out the claims in ``skip``."""
        if section is not None and section not in self.sections:
            raise ValueError(f"'section' must be one of {self.sections} (got {section!r}).")
        return [c for c in self._taggable if (section is None or self._claims[c].section == section) and not (skip and c in skip)]

    def claim_ids(self, section: str | None = None, *, untagged: bool = False) -> list[str]:
        """Taggable claim IDs in reading order, optionally one ``section`` and/or only those untagged in the first pass."""
        return self.first.claim_ids(section, untagged=untagged)

    def progress(self, section: str | None = None) -> Progress:
        """How many taggable claims have a first-pass level: ``str()`` reads "n of N tagged"."""
        return self.first.progress(section)

    def progress_table(self) -> pd.DataFrame:
        """First-pass progress per section, in reading order: columns section, tagged, total."""
        return self.first.progress_table()

    def next_claim(self, current: str | None, *, step: int = 1, section: str | None = None, untagged: bool = False, wrap: bool = False) -> str | None:
        """The claim ``step`` places after ``current`` (see :meth:`Pass.next_claim`; ``untagged`` means in the first pass)."""
        return self.first.next_claim(current, step=step, section=section, untagged=untagged, wrap=wrap)

    def context(self, claim_id: str) -> tuple[str | None, str | None]:
        """The text of the units just before and after a claim in the same section (None at a section's edge)."""
        record = self.claim(claim_id)
        ids = self.article.claim_ids
        index = ids.index(claim_id)
        before = self._claims[ids[index - 1]] if index > 0 else None
        after = self._claims[ids[index + 1]] if index + 1 < len(ids) else None
        return (
            before.text if before and before.section == record.section and before.kind not in ("title", "heading") else None,
            after.text if after and after.section == record.section else None,
        )

    # ---- tables ----
    def to_frame(self, *, all_claims: bool = False) -> pd.DataFrame:
        """The first pass's tags as a DataFrame (one row per tagged claim); ``all_claims`` adds untagged rows."""
        return self.first.to_frame(all_claims=all_claims)

    def compare_passes(self) -> pd.DataFrame:
        """First-pass vs lateral-pass level for every claim tagged in the lateral pass.

        ``change`` is ``"up"`` (stronger support after checking), ``"down"`` (weaker), ``"unchanged"``, or
        ``"not comparable"`` when either level is the unranked gate *not a factual claim* and the other is not,
        or when the claim has no first-pass level.
        """
        first, lateral = self._tags["first"], self._tags["lateral"]
        rows = []
        for claim_id in self._taggable:
            if claim_id not in lateral:
                continue
            before = first.get(claim_id)
            a = self.taxonomy[before.level].rank if before else None
            b = self.taxonomy[lateral[claim_id].level].rank
            if before is not None and before.level == lateral[claim_id].level:
                change = "unchanged"
            elif a is None or b is None:
                change = "not comparable"
            else:
                change = "up" if b > a else "down" if b < a else "unchanged"
            rows.append({
                "claim_id": claim_id, "section": self._claims[claim_id].section, "text": self._claims[claim_id].text,
                "first": before.level if before else None, "lateral": lateral[claim_id].level,
                "first_rank": a, "lateral_rank": b, "change": change,
            })
        frame = pd.DataFrame(rows, columns=COMPARE_COLUMNS)
        for column in ("first_rank", "lateral_rank"):
            frame[column] = frame[column].astype("Int64")
        return frame

    # ---- equality (used by tests: load(save(s)) == s) ----
    def state(self) -> tuple:
        """Everything a saved file records about this session's work, for comparison."""
        return (self.sha256, tuple(self.taxonomy.keys), self.learner, self._snapshot())

    def __eq__(self, other: object) -> bool:
        return isinstance(other, TaggingSession) and self.state() == other.state()

    __hash__ = None  # type: ignore[assignment]  # a session changes, so it is not hashable

    def __repr__(self) -> str:
        return f"TaggingSession({self.title[:40]!r}, {self.first.progress()}, lateral {self.lateral.progress()})"


def _later(theirs: Tag | None, changed_here: str) -> bool:
    """Whether the file's tag was changed after ``changed_here``; a clear (None) or an unreadable time is not."""
    if theirs is None:
        return False
    try:
        return _moment(theirs.tagged_at) > _moment(changed_here)
    except ValueError:
        return False


def _moment(stamp: str) -> datetime:
    moment = datetime.fromisoformat(stamp)
    return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)


def _check_it_fits_a_tag_file(article: Article, taxonomy: Taxonomy, taggable: list[str]) -> None:
    """Refuse, up front, an article or taxonomy whose tags a progress file could not hold (see medialit.tagfile)."""
    if len(taggable) > MAX_CLAIMS:
        raise ArticleError(article.title[:60] or "the article", f"has {len(taggable):,} units to tag; a progress file holds at most {MAX_CLAIMS:,}.", fix="tag a shorter piece: one article, or a part of a long text at a time.")
    too_long = [c for c in taggable if len(c) > MAX_ID]
    if too_long:
        raise ArticleError(article.title[:60] or "the article", f"has claim IDs longer than {MAX_ID} characters ({too_long[0][:40]!r}...).", fix="use short claim IDs such as C001.")
    if len(taxonomy) > MAX_LEVELS or any(len(key) > MAX_ID for key in taxonomy.keys):
        raise DataFileError("taxonomy", f"has {len(taxonomy)} levels; a progress file holds at most {MAX_LEVELS} levels of at most {MAX_ID} characters each.", fix="use fewer levels, with shorter keys.")
