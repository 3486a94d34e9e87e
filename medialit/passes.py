"""The two passes of tagging, as objects: ``session.first`` (the article alone) and ``session.lateral`` (after
reading other sources, lesson 06).

>>> import medialit
>>> session = medialit.TaggingSession(medialit.load_case())
>>> session.lateral.tag("C011", "contradicted", note="the 2024 threat assessment says otherwise")
>>> session.lateral.level_of("C011"), session.first.level_of("C011")
('contradicted', None)
>>> str(session.lateral.progress())
'1 of 65 tagged'

A :class:`Pass` reads and changes one pass's tags; the session it belongs to keeps the tags of both, one undo
history for both, and the saving (see :mod:`medialit.session`). The session's own ``tag``, ``level_of``, ...
act on its first pass.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, NamedTuple

import pandas as pd

from .errors import NotTaggedError
from .tagfile import Tag, now
from .taxonomy import EvidenceLevel

if TYPE_CHECKING:  # for the annotations only: a session makes its passes
    from .session import TaggingSession

__all__ = ["PASSES", "Pass", "Progress", "TAG_COLUMNS"]

PASSES = ("first", "lateral")
TAG_COLUMNS = ["claim_id", "section", "kind", "text", "level", "label", "rank", "note", "tagged_at"]


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


class Pass:
    """One pass of a session's tags: read them, change them (each change can be undone), and see how far it got.

    ``name`` is ``"first"`` or ``"lateral"``; ``session`` is the :class:`~medialit.session.TaggingSession` it
    belongs to. Claim IDs, levels (keys, labels or :class:`~medialit.taxonomy.EvidenceLevel`) and notes are
    checked by the session, so a pass refuses exactly what the session refuses.
    """

    def __init__(self, session: "TaggingSession", name: str):
        self.session = session
        self.name = name

    @property
    def _tags(self) -> dict[str, Tag]:
        return self.session._tags[self.name]

    # ---- reading tags ----
    def tags(self) -> dict[str, Tag]:
        """A copy of this pass's tags: claim ID -> Tag(level, note, tagged_at)."""
        return dict(self._tags)

    def level_of(self, claim_id: str) -> str | None:
        tag = self._tags.get(self.session.check_claim(claim_id))
        return tag.level if tag else None

    def note_of(self, claim_id: str) -> str:
        tag = self._tags.get(self.session.check_claim(claim_id))
        return tag.note if tag else ""

    # ---- changing tags (each change can be undone and is announced to the session's listeners) ----
    def tag(self, claim_id: str, level: str | EvidenceLevel, note: str | None = None) -> None:
        """Give ``claim_id`` the level ``level`` (a key such as ``"named_source"``). ``note=None`` keeps its note."""
        s = self.session
        claim_id, key = s.check_claim(claim_id), s.check_level(level)
        old = self._tags.get(claim_id)
        note = (old.note if old else "") if note is None else s.check_note(claim_id, note)
        if old and old.level == key and old.note == note:
            return
        s._change(self.name, claim_id, Tag(level=key, note=note, tagged_at=now()))

    def clear(self, claim_id: str) -> None:
        """Remove the tag (and its note) from ``claim_id``; clearing an untagged claim does nothing."""
        if self.session.check_claim(claim_id) in self._tags:
            self.session._change(self.name, claim_id, None)

    def set_note(self, claim_id: str, note: str) -> None:
        """Attach a note (why this level) to a tagged claim. Raises NotTaggedError if it has no level yet."""
        old = self._tags.get(self.session.check_claim(claim_id))
        if old is None:
            raise NotTaggedError(f"{claim_id} has no level yet in the {self.name} pass; choose a level, then explain it.")
        note = self.session.check_note(claim_id, note)
        if old.note != note:
            self.session._change(self.name, claim_id, Tag(level=old.level, note=note, tagged_at=now()))

    # ---- progress, filters and navigation ----
    def claim_ids(self, section: str | None = None, *, untagged: bool = False) -> list[str]:
        """Taggable claim IDs in reading order, optionally only one ``section`` and/or only the untagged ones."""
        return self.session._filtered(section, self._tags if untagged else None)

    def progress(self, section: str | None = None) -> Progress:
        """How many of the taggable claims (of one section, or of all) have a level: ``str()`` reads "n of N tagged"."""
        ids, tags = self.claim_ids(section), self._tags
        return Progress(sum(c in tags for c in ids), len(ids))

    def progress_table(self) -> pd.DataFrame:
        """Progress per section, in reading order: columns section, tagged, total."""
        rows = [(s, *self.progress(s)) for s in self.session.sections]
        return pd.DataFrame(rows, columns=["section", "tagged", "total"])

    def next_claim(self, current: str | None, *, step: int = 1, section: str | None = None, untagged: bool = False, wrap: bool = False) -> str | None:
        """The claim ``step`` places after (or, negative, before) ``current`` among the filtered claims.

        ``current=None`` starts before the first claim. Returns None at either end unless ``wrap`` is true; with
        ``untagged=True`` it finds the next claim still without a level.
        """
        ids = self.claim_ids(section)
        if not ids:
            return None
        taggable = self.session._taggable
        order = {c: i for i, c in enumerate(taggable)}
        here = order.get(current, -1) if current is not None else (-1 if step > 0 else len(taggable))
        ahead = [c for c in ids if (order[c] > here if step > 0 else order[c] < here)]
        behind = [c for c in ids if (order[c] <= here if step > 0 else order[c] >= here)]
        if step < 0:
            ahead.reverse()
            behind.reverse()
        candidates = ahead + (behind if wrap else [])
        if untagged:
            candidates = [c for c in candidates if c not in self._tags]
            return candidates[0] if candidates else None
        index = abs(step) - 1
        return candidates[index] if index < len(candidates) else None

    # ---- tables ----
    def to_frame(self, *, all_claims: bool = False) -> pd.DataFrame:
        """The tags as a DataFrame (one row per tagged claim, in reading order); ``all_claims`` adds untagged rows."""
        s, tags = self.session, self._tags
        rows = []
        for claim_id in s._taggable:
            tag = tags.get(claim_id)
            if tag is None and not all_claims:
                continue
            record = s.claim(claim_id)
            level = s.taxonomy[tag.level] if tag else None
            rows.append({
                "claim_id": claim_id, "section": record.section, "kind": record.kind, "text": record.text,
                "level": tag.level if tag else None, "label": level.label if level else None,
                "rank": level.rank if level else None, "note": tag.note if tag else "", "tagged_at": tag.tagged_at if tag else "",
            })
        frame = pd.DataFrame(rows, columns=TAG_COLUMNS)
        frame["rank"] = frame["rank"].astype("Int64")
        return frame

    def __repr__(self) -> str:
        return f"<{self.name} pass of {self.session!r}: {self.progress()}>"
