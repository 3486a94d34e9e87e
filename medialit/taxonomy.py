"""The evidence-level taxonomy: how much support a claim has, from none to corroborated.

One gate comes first — is this a factual claim at all? — then the levels, ordered from weakest to strongest
support, so that two learners who pick neighbouring levels disagree less than two who pick opposite ends:

====  ==================  ===================================================================
rank  key                 the learner asks
====  ==================  ===================================================================
 –    not_a_claim         Could any evidence, even in principle, show this true or false?
 1    contradicted        Does the best source I found disagree?
 2    bare_assertion      Is the author's say-so the only evidence?
 3    vague_attribution   If I ask "who exactly?", does the text answer?
 4    named_source        Is there a who or what I can actually look up?
 5    primary_record      Can I open the original document this rests on?
 6    corroborated        Did I find at least two independent sources that agree?
====  ==================  ===================================================================

Reading the article alone reaches the middle levels; reading laterally (checking other sources) can move a
claim up to *corroborated* or down to *contradicted*. The table lives in ``data/taxonomy.csv`` so an instructor
can edit it; :func:`load_taxonomy` checks every row and says exactly what to fix.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable

from .csvrows import read_rows
from .errors import DataFileError, UnknownLevelError

__all__ = ["EvidenceLevel", "Taxonomy", "load_taxonomy"]

REQUIRED_COLUMNS = ("key", "rank", "shortcut", "colour", "hatch", "label", "description", "question")
_KEY = re.compile(r"[a-z][a-z0-9_]*")
_COLOUR = re.compile(r"#[0-9A-Fa-f]{6}")


@dataclass(frozen=True)
class EvidenceLevel:
    """One level of support a claim can have.

    ``rank`` orders the levels from weakest (1) to strongest support; the gate *not a factual claim* has no
    rank (``None``) because it is not a degree of support. ``shortcut`` is the keyboard key that picks the
    level in the tagger, ``colour`` and ``hatch`` draw it in charts (the hatch pattern means colour is never
    the only cue), and ``question`` is what a learner asks to decide.
    """

    key: str
    rank: int | None
    shortcut: str
    colour: str
    hatch: str
    label: str
    description: str
    question: str
    borrowed_from: str = ""

    @property
    def is_claim(self) -> bool:
        """False only for the gate: a statement no evidence could settle."""
        return self.rank is not None


class Taxonomy:
    """The evidence levels in display order: the gate first, then by rank from weakest to strongest."""

    def __init__(self, levels: list[EvidenceLevel], source: str = "<memory>"):
        self.source = source
        self.levels = sorted(levels, key=lambda lv: -1 if lv.rank is None else lv.rank)
        self._by_key = {lv.key: lv for lv in self.levels}
        self._by_name = {name.casefold(): lv.key for lv in self.levels for name in (lv.label, lv.key)}

    @property
    def keys(self) -> list[str]:
        return [lv.key for lv in self.levels]

    @property
    def colours(self) -> dict[str, str]:
        return {lv.key: lv.colour for lv in self.levels}

    def __getitem__(self, key: str) -> EvidenceLevel:
        try:
            return self._by_key[key]
        except KeyError:
            raise UnknownLevelError(key, self.keys) from None

    def __contains__(self, key: object) -> bool:
        return key in self._by_key

    def __iter__(self):
        return iter(self.levels)

    def __len__(self) -> int:
        return len(self.levels)

    def by_shortcut(self, shortcut: str) -> EvidenceLevel | None:
        """The level a key press picks, or None if that key picks none."""
        return next((lv for lv in self.levels if lv.shortcut == shortcut), None)

    def rank(self, key: str) -> int | None:
        return self[key].rank

    def resolve(self, value: object) -> str | None:
        """The level key ``value`` names, or None when it names no answer: the one rule for reading a level.

        A key (``"named_source"``), a label in any case (``"Named source, not yet checked"``) or an
        :class:`EvidenceLevel` gives its key; None, ``...``, NaN or blank text means "not answered yet" (None).
        Anything else raises :class:`~medialit.errors.UnknownLevelError` listing the keys.

        >>> levels = Taxonomy([EvidenceLevel("bare_assertion", 2, "2", "#000000", "", "The author's word only", "", "?")])
        >>> levels.resolve("bare_assertion"), levels.resolve("THE AUTHOR'S WORD ONLY"), levels.resolve(" ")
        ('bare_assertion', 'bare_assertion', None)
        """
        if isinstance(value, EvidenceLevel):
            value = value.key
        if value is None or value is Ellipsis or (isinstance(value, float) and value != value):
            return None
        text = str(value).strip()
        if not text:
            return None
        if text in self._by_key:
            return text
        found = self._by_name.get(text.casefold())
        if found is None:
            raise UnknownLevelError(text, self.keys)
        return found

    def count(self, levels: Iterable[object]) -> dict[str, int]:
        """How many of ``levels`` (keys; None, NaN or "" for untagged) fall at each level, in taxonomy order, zeros
        included: the one count behind every chart, table and summary of levels. An unknown key raises
        :class:`~medialit.errors.UnknownLevelError`.
        """
        counts = dict.fromkeys(self._by_key, 0)
        for level in levels:
            if isinstance(level, str) and level:
                if level not in counts:
                    raise UnknownLevelError(level, self.keys)
                counts[level] += 1
        return counts

    def __repr__(self) -> str:
        return f"Taxonomy({self.keys}, source={self.source!r})"


def load_taxonomy(path: str | Path) -> Taxonomy:
    """Read and check a taxonomy CSV. Every problem names the file, the row, the field and the fix."""
    path = Path(path)
    rows = read_rows(path, REQUIRED_COLUMNS, missing_fix="check the path, or load the series' own with medialit.data.load_taxonomy().")
    if not rows:
        raise DataFileError(path, "has no levels.", fix="add one row per evidence level.")
    levels = [_level_from_row(path, number, row) for number, row in enumerate(rows, start=2)]
    _check_unique(path, levels)
    return Taxonomy(levels, source=str(path))


def _level_from_row(path: Path, line: int, row: dict[str, str]) -> EvidenceLevel:
    where = f"line {line}"
    key = (row.get("key") or "").strip()
    if not _KEY.fullmatch(key):
        raise DataFileError(path, f"'key' must be lower_case_with_underscores (got {key!r}).", where=where, fix="use a short key such as 'named_source'.")
    where = f"line {line} (key {key!r})"
    rank_text = (row.get("rank") or "").strip()
    if rank_text and not rank_text.isdigit():
        raise DataFileError(path, f"'rank' must be a whole number or empty (got {rank_text!r}).", where=where, fix="use 1 for the weakest support, counting up; leave it empty only for the 'not a claim' gate.")
    colour = (row.get("colour") or "").strip()
    if not _COLOUR.fullmatch(colour):
        raise DataFileError(path, f"'colour' must be a hex colour like #0072B2 (got {colour!r}).", where=where, fix="pick from a colour-blind-safe palette such as Okabe-Ito.")
    shortcut = (row.get("shortcut") or "").strip()
    if len(shortcut) != 1:
        raise DataFileError(path, f"'shortcut' must be a single key (got {shortcut!r}).", where=where, fix="use one digit or letter.")
    for field in ("label", "question"):
        if not (row.get(field) or "").strip():
            raise DataFileError(path, f"'{field}' is empty.", where=where, fix=f"write the level's {field} in plain words.")
    return EvidenceLevel(
        key=key,
        rank=int(rank_text) if rank_text else None,
        shortcut=shortcut,
        colour=colour.upper(),
        hatch=(row.get("hatch") or "").strip(),
        label=row["label"].strip(),
        description=(row.get("description") or "").strip(),
        question=row["question"].strip(),
        borrowed_from=(row.get("borrowed_from") or "").strip(),
    )


def _check_unique(path: Path, levels: list[EvidenceLevel]) -> None:
    for field in ("key", "rank", "shortcut", "colour"):
        seen: dict[object, str] = {}
        for level in levels:
            value = getattr(level, field)
            if value is None:
                continue
            if value in seen:
                raise DataFileError(path, f"'{field}' {value!r} is used by both {seen[value]!r} and {level.key!r}.", where=f"key {level.key!r}", fix=f"give every level its own {field}.")
            seen[value] = level.key
    if sum(level.rank is None for level in levels) > 1:
        raise DataFileError(path, "more than one level has an empty 'rank'.", fix="only the 'not a claim' gate goes without a rank.")
