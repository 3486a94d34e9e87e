"""A tagging session: one learner's tags on one article, with undo, progress and filters, and no widget code.

>>> import medialit
>>> session = medialit.TaggingSession(medialit.load_article(), medialit.load_taxonomy())
>>> session.tag("C004", "bare_assertion", note="only the author says so")
>>> session.level_of("C004")
'bare_assertion'
>>> session.undo()                       # undo says which claim it changed
Change(pass_='first', claim_id='C004', old=None, new=Tag(level='bare_assertion', ...))
>>> session.level_of("C004") is None
True

**What can be tagged.** Every unit of the article except the parts of its layout (the title, the byline, section
headings and list labels: ``medialit.article.STRUCTURE_KINDS``). Sentences and the author's bio are tagged; the bio
holds checkable claims about the author. ``TaggingSession(..., include_structure=True)`` makes every unit taggable.
Progress ("12 of 65 tagged") counts only taggable units.

**Two passes.** The *first* pass is reading the article alone (lessons 03-05). The *lateral* pass is tagging again
after reading laterally, checking other sources (lesson 06). They are kept apart and saved apart (``tags`` and
``lateral_tags`` in the progress file). Every method that reads or changes tags takes ``pass_="first"`` or
``pass_="lateral"``; ``session.lateral`` is the same session seen through the lateral pass::

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
from typing import Callable, NamedTuple

import pandas as pd

from .article import STRUCTURE_KINDS, Article
from .errors import ArticleError, DataFileError, InvalidTextError, MedialitError, UnknownClaimError
from .tagfile import MAX_CLAIMS, MAX_ID, MAX_LEVELS, MAX_NAME, MAX_NOTE, Tag, now, text_problem
from .taxonomy import EvidenceLevel, Taxonomy

__all__ = ["PASSES", "Progress", "Change", "TaggingSession", "PassView", "NotTaggableError", "NotTaggedError"]

PASSES = ("first", "lateral")
TAG_COLUMNS = ["claim_id", "section", "kind", "text", "level", "label", "rank", "note", "tagged_at"]
COMPARE_COLUMNS = ["claim_id", "section", "text", "first", "lateral", "first_rank", "lateral_rank", "change"]
MAX_UNDO = 500


class NotTaggableError(UnknownClaimError):
    """A claim ID that exists but is part of the article's layout (a heading, list label, title or byline)."""

    def __init__(self, claim_id: str, kind: str, text: str, known: list[str]):
        self.claim_id = claim_id
        MedialitError.__init__(
            self,
            f"{claim_id} is a {kind} ({text[:40]!r}): part of the article's layout, not a statement to weigh. "
            f"Tag one of the {len(known)} statements instead, or build the session with include_structure=True.",
        )


class NotTaggedError(MedialitError, ValueError):
    """A note for a claim that has no level yet (a note explains a level, so the level comes first)."""


class Change(NamedTuple):
    """One change to one claim, as undo and redo see it: the pass, the claim, and its tag before and after."""

    pass_: str
    claim_id: str
    old: Tag | None
    new: Tag | None


class Progress(NamedTuple):
    """How far a learner has got: ``tagged`` of ``total`` claims."""

    tagged: int
    total: int

    @property
    def fraction(self) -> float:
        return self.tagged / self.total if self.total else 1.0

    @property
    def done(self) -> bool:
        return self.tagged >= self.total

    def __str__(self) -> str:
        return f"{self.tagged} of {self.total} tagged"


class TaggingSession:
    """The state of one learner's work on one article: a level (and a note) per claim, in two passes.

    ``article`` defaults to the case study and ``taxonomy`` to the series' levels. ``learner`` is the name or
    pseudonym written into saved files. A session refuses claim IDs the article does not have
    (:class:`~medialit.errors.UnknownClaimError`) and levels the taxonomy does not have
    (:class:`~medialit.errors.UnknownLevelError`).
    """

    def __init__(self, article: Article | None = None, taxonomy: Taxonomy | None = None, *, learner: str = "", include_structure: bool = False):
        if article is None or taxonomy is None:
            from . import data  # imported here so building a session from your own article reads no file

            article = article if article is not None else data.load_article()
            taxonomy = taxonomy if taxonomy is not None else data.load_taxonomy()
        self.article = article
        self.taxonomy = taxonomy
        self.learner = learner
        self.include_structure = include_structure
        self.created = now()
        records = article.records()
        self._claims = {c.claim_id: c for c in records}
        self._taggable = [c.claim_id for c in records if include_structure or c.kind not in STRUCTURE_KINDS]
        self._taggable_set = set(self._taggable)
        _check_it_fits_a_tag_file(article, taxonomy, self._taggable)
        self._tags: dict[str, dict[str, Tag]] = {p: {} for p in PASSES}
        self._undo: list[Change] = []
        self._redo: list[Change] = []
        self._listeners: list[Callable[[TaggingSession], None]] = []
        self._saved: dict[str, dict[str, Tag]] = {p: {} for p in PASSES}  # the tags as last saved or read
        self._unsaved: dict[tuple[str, str], str] = {}  # (pass, claim ID) -> when it changed, since then
        self.kind = "progress"  # or "submission", when read back from a submission file
        self.store = None  # the store this session saves to (medialit.store), set by medialit.progress.open_session

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
    def lateral(self) -> "PassView":
        """This session seen through the lateral pass (lesson 06): ``session.lateral.tag(...)``."""
        return PassView(self, "lateral")

    @property
    def first(self) -> "PassView":
        """This session seen through the first pass (the default of every method)."""
        return PassView(self, "first")

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
        """Return the level's key; raise UnknownLevelError for a level the taxonomy does not have."""
        key = level.key if isinstance(level, EvidenceLevel) else level
        return self.taxonomy[key].key

    # ---- reading tags ----
    def tags(self, pass_: str = "first") -> dict[str, Tag]:
        """A copy of the tags of one pass: claim ID -> Tag(level, note, tagged_at)."""
        return dict(self._pass(pass_))

    def level_of(self, claim_id: str, pass_: str = "first") -> str | None:
        tag = self._pass(pass_).get(self.check_claim(claim_id))
        return tag.level if tag else None

    def note_of(self, claim_id: str, pass_: str = "first") -> str:
        tag = self._pass(pass_).get(self.check_claim(claim_id))
        return tag.note if tag else ""

    # ---- changing tags (each change can be undone and is announced to listeners) ----
    def tag(self, claim_id: str, level: str | EvidenceLevel, note: str | None = None, *, pass_: str = "first") -> None:
        """Give ``claim_id`` the level ``level`` (a key such as ``"named_source"``). ``note=None`` keeps its note."""
        claim_id, key, tags = self.check_claim(claim_id), self.check_level(level), self._pass(pass_)
        old = tags.get(claim_id)
        note = (old.note if old else "") if note is None else self.check_note(claim_id, note)
        if old and old.level == key and old.note == note:
            return
        self._change(pass_, claim_id, Tag(level=key, note=note, tagged_at=now()))

    def clear(self, claim_id: str, *, pass_: str = "first") -> None:
        """Remove the tag (and its note) from ``claim_id``; clearing an untagged claim does nothing."""
        if self.check_claim(claim_id) in self._pass(pass_):
            self._change(pass_, claim_id, None)

    def set_note(self, claim_id: str, note: str, *, pass_: str = "first") -> None:
        """Attach a note (why this level) to a tagged claim. Raises NotTaggedError if it has no level yet."""
        old = self._pass(pass_).get(self.check_claim(claim_id))
        if old is None:
            raise NotTaggedError(f"{claim_id} has no level yet in the {pass_} pass; choose a level, then explain it.")
        note = self.check_note(claim_id, note)
        if old.note != note:
            self._change(pass_, claim_id, Tag(level=old.level, note=note, tagged_at=now()))

    @staticmethod
    def check_note(claim_id: str, note: str, *, nul_ok: bool = False) -> str:
        """Return ``note`` if it can be saved; raise InvalidTextError (saying why and what to do) if not."""
        note = str(note)
        problem = text_problem(note, MAX_NOTE, nul_ok=nul_ok)
        if problem:
            todo = "shorten it" if len(note) > MAX_NOTE else "type it again (or paste it as plain text)"
            raise InvalidTextError(f"The note for {claim_id} {problem} It was not saved: {todo}, then try again.")
        return note

    def _change(self, pass_: str, claim_id: str, tag: Tag | None) -> None:
        self._undo.append(Change(pass_, claim_id, self._tags[pass_].get(claim_id), tag))
        del self._undo[:-MAX_UNDO]
        self._redo.clear()
        self._put(pass_, claim_id, tag)
        self.notify()

    def _put(self, pass_: str, claim_id: str, tag: Tag | None) -> None:
        """Set (or, with None, remove) one tag and remember that it changed, and when, until the next save."""
        if tag is None:
            self._tags[pass_].pop(claim_id, None)
        else:
            self._tags[pass_][claim_id] = tag
        self._unsaved[pass_, claim_id] = tag.tagged_at if tag is not None else now()

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

    def _pass(self, pass_: str) -> dict[str, Tag]:
        try:
            return self._tags[pass_]
        except (KeyError, TypeError):
            raise ValueError(f"'pass_' must be one of {list(PASSES)} (got {pass_!r}).") from None

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
            except Exception as exc:  # noqa: BLE001 - re-raised below, after the other listeners
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
        for pass_, saved in zip(PASSES, (tags, lateral_tags)):
            mine, base = self._tags[pass_], self._saved[pass_]
            for claim_id in saved.keys() | mine.keys() | base.keys():
                theirs = saved.get(claim_id)
                if theirs == base.get(claim_id) or theirs == mine.get(claim_id):
                    continue  # nobody else changed it (or to what this session has already)
                changed_here = self._unsaved.get((pass_, claim_id))
                if changed_here is not None and not _later(theirs, changed_here):
                    continue  # both changed it; this session's change is the later one
                self._unsaved.pop((pass_, claim_id), None)
                if theirs is None:
                    mine.pop(claim_id, None)
                else:
                    mine[claim_id] = theirs
                arrived.append((pass_, claim_id))
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

    # ---- progress, filters and navigation ----
    def claim_ids(self, section: str | None = None, *, untagged: bool = False, pass_: str = "first") -> list[str]:
        """Taggable claim IDs in reading order, optionally only one ``section`` and/or only the untagged ones."""
        if section is not None and section not in self.sections:
            raise ValueError(f"'section' must be one of {self.sections} (got {section!r}).")
        tags = self._pass(pass_)
        return [
            c for c in self._taggable
            if (section is None or self._claims[c].section == section) and not (untagged and c in tags)
        ]

    def progress(self, section: str | None = None, pass_: str = "first") -> Progress:
        """How many of the taggable claims (of one section, or of all) have a level: ``str()`` reads "n of N tagged"."""
        ids = self.claim_ids(section, pass_=pass_)
        tags = self._pass(pass_)
        return Progress(sum(c in tags for c in ids), len(ids))

    def progress_table(self, pass_: str = "first") -> pd.DataFrame:
        """Progress per section, in reading order: columns section, tagged, total."""
        rows = [(s, *self.progress(s, pass_)) for s in self.sections]
        return pd.DataFrame(rows, columns=["section", "tagged", "total"])

    def next_claim(self, current: str | None, *, step: int = 1, section: str | None = None, untagged: bool = False, wrap: bool = False, pass_: str = "first") -> str | None:
        """The claim ``step`` places after (or, negative, before) ``current`` among the filtered claims.

        ``current=None`` starts before the first claim. Returns None at either end unless ``wrap`` is true; with
        ``untagged=True`` it finds the next claim still without a level.
        """
        ids = self.claim_ids(section, pass_=pass_)
        if not ids:
            return None
        order = {c: i for i, c in enumerate(self._taggable)}
        here = order.get(current, -1) if current is not None else (-1 if step > 0 else len(self._taggable))
        tags = self._pass(pass_)
        ahead = [c for c in ids if (order[c] > here if step > 0 else order[c] < here)]
        behind = [c for c in ids if (order[c] <= here if step > 0 else order[c] >= here)]
        if step < 0:
            ahead.reverse()
            behind.reverse()
        candidates = ahead + (behind if wrap else [])
        if untagged:
            candidates = [c for c in candidates if c not in tags]
            return candidates[0] if candidates else None
        index = abs(step) - 1
        return candidates[index] if index < len(candidates) else None

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
    def to_frame(self, pass_: str = "first", *, all_claims: bool = False) -> pd.DataFrame:
        """The tags as a DataFrame (one row per tagged claim, in reading order); ``all_claims`` adds untagged rows."""
        tags = self._pass(pass_)
        rows = []
        for claim_id in self._taggable:
            tag = tags.get(claim_id)
            if tag is None and not all_claims:
                continue
            record = self._claims[claim_id]
            level = self.taxonomy[tag.level] if tag else None
            rows.append({
                "claim_id": claim_id, "section": record.section, "kind": record.kind, "text": record.text,
                "level": tag.level if tag else None, "label": level.label if level else None,
                "rank": level.rank if level else None, "note": tag.note if tag else "", "tagged_at": tag.tagged_at if tag else "",
            })
        frame = pd.DataFrame(rows, columns=TAG_COLUMNS)
        frame["rank"] = frame["rank"].astype("Int64")
        return frame

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

    __hash__ = None  # a session changes, so it is not hashable

    def __repr__(self) -> str:
        return f"TaggingSession({self.title[:40]!r}, {self.progress()}, lateral {self.progress(pass_='lateral')})"


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


class PassView:
    """One session seen through one pass: the same methods without the ``pass_`` argument.

    ``session.lateral.tag("C011", "contradicted")`` is ``session.tag("C011", "contradicted", pass_="lateral")``.
    """

    def __init__(self, session: TaggingSession, pass_: str):
        session._pass(pass_)
        self.session, self.pass_ = session, pass_

    def tag(self, claim_id: str, level: str | EvidenceLevel, note: str | None = None) -> None:
        self.session.tag(claim_id, level, note, pass_=self.pass_)

    def clear(self, claim_id: str) -> None:
        self.session.clear(claim_id, pass_=self.pass_)

    def set_note(self, claim_id: str, note: str) -> None:
        self.session.set_note(claim_id, note, pass_=self.pass_)

    def level_of(self, claim_id: str) -> str | None:
        return self.session.level_of(claim_id, self.pass_)

    def note_of(self, claim_id: str) -> str:
        return self.session.note_of(claim_id, self.pass_)

    def tags(self) -> dict[str, Tag]:
        return self.session.tags(self.pass_)

    def progress(self, section: str | None = None) -> Progress:
        return self.session.progress(section, self.pass_)

    def to_frame(self, *, all_claims: bool = False) -> pd.DataFrame:
        return self.session.to_frame(self.pass_, all_claims=all_claims)

    def __repr__(self) -> str:
        return f"<{self.pass_} pass of {self.session!r}>"
