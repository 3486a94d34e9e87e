"""The answer key: for every statement in the case study, the evidence level a careful first reading gives, and why.

>>> from medialit import answer_key
>>> entry = answer_key.key_for("C063")
>>> entry.level, entry.quote
('vague_attribution', 'reports have emerged')
>>> sorted(answer_key.acceptable_levels("C083"))
['bare_assertion', 'named_source']

The key lives in ``data/answer_key.csv`` (see ``data/README.md`` for the codebook). It keys every unit of the
claims table except the article's structure (title, byline, section headings, list labels): those are labels of
the layout, not statements. Each row gives

* ``level``: the level from reading the article alone (the first pass; lateral reading can move it later),
* ``defensible``: other levels a careful reader could argue for (empty when the call is clear-cut),
* ``confidence``: ``clear-cut`` or ``debatable`` (debatable rows are where a good class discussion starts),
* ``reason``: one to three sentences that quote, in double quotes, the claim's own words that decide it,
* ``quote``: the deciding words, exactly as they appear in the claim,
* ``signals``: the language signals present (hedge, booster, vague_attribution, loaded, first_person, specific).

:func:`load_answer_key` checks all of that and raises :class:`~medialit.errors.DataFileError` naming the file,
the line, the field and the fix.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import pandas as pd

from . import data as _data
from .article import STRUCTURE_KINDS
from .errors import DataFileError, UnknownClaimError, UnknownLevelError

__all__ = [
    "KEY_COLUMNS",
    "CONFIDENCES",
    "SIGNAL_CATEGORIES",
    "KeyEntry",
    "load_answer_key",
    "validate_answer_key",
    "keyed_claims",
    "key_for",
    "acceptable_levels",
    "reason_quotes",
    "compare_with_key",
    "VERDICTS",
]

KEY_COLUMNS = ["claim_id", "level", "defensible", "confidence", "reason", "quote", "signals"]
CONFIDENCES = ("clear-cut", "debatable")
SIGNAL_CATEGORIES = ("hedge", "booster", "vague_attribution", "loaded", "first_person", "specific")
_QUOTED = re.compile(r'"([^"]+)"')
VERDICTS = ("matches the key", "defensible", "differs", "not answered")
COMPARE_COLUMNS = ["claim_id", "text", "your_level", "key_level", "verdict", "confidence", "reason"]


@dataclass(frozen=True)
class KeyEntry:
    """The key's verdict on one claim: its level, the other defensible levels, and the words that decide it."""

    claim_id: str
    level: str
    defensible: tuple[str, ...]
    confidence: str
    reason: str
    quote: str
    signals: tuple[str, ...]

    @property
    def acceptable(self) -> frozenset[str]:
        """The key's level plus every defensible alternative: the answers a teacher would accept."""
        return frozenset((self.level, *self.defensible))

    @property
    def is_debatable(self) -> bool:
        return self.confidence == "debatable"


def reason_quotes(reason: str) -> list[str]:
    """The passages a reason quotes in straight double quotes (each must be the claim's own words)."""
    return _QUOTED.findall(reason)


def keyed_claims(claims: pd.DataFrame) -> pd.DataFrame:
    """The rows of a claims table the key must cover: every unit that is not part of the layout."""
    return claims[~claims["kind"].isin(STRUCTURE_KINDS)]


def _split(value: str) -> list[str]:
    return [part.strip() for part in value.split(";") if part.strip()]


def validate_answer_key(frame: pd.DataFrame, claims: pd.DataFrame, levels: list[str], path: str | Path = "<answer key>") -> pd.DataFrame:
    """Check an answer-key table against the claims table and the taxonomy's level keys; return it cleaned.

    Every problem raises :class:`DataFileError` naming the CSV line, the claim, the field, the bad value and the fix.
    """
    missing = [c for c in KEY_COLUMNS if c not in frame.columns]
    if missing:
        raise DataFileError(path, f"missing column(s) {missing}; found {list(frame.columns)}.", where="header", fix=f"the header must be {KEY_COLUMNS}.")
    frame = frame[KEY_COLUMNS].apply(lambda column: column.str.strip())
    texts = dict(zip(claims["claim_id"], claims["text"]))
    kinds = dict(zip(claims["claim_id"], claims["kind"]))
    seen: dict[str, int] = {}
    for position, row in enumerate(frame.itertuples(index=False)):
        line = position + 2
        where = f"line {line} (claim_id {row.claim_id!r})"
        if row.claim_id not in texts:
            raise DataFileError(path, f"'claim_id' {row.claim_id!r} is not in the claims table.", where=f"line {line}", fix="use an ID from data/claims.csv (C001 ...), or delete the row.")
        if row.claim_id in seen:
            raise DataFileError(path, f"'claim_id' {row.claim_id!r} is keyed twice (also on line {seen[row.claim_id]}).", where=where, fix="keep one row per claim.")
        seen[row.claim_id] = line
        if kinds[row.claim_id] in STRUCTURE_KINDS:
            raise DataFileError(path, f"{row.claim_id} is a {kinds[row.claim_id]}, part of the layout, which the key does not cover.", where=where, fix=f"delete the row: only units that are not {list(STRUCTURE_KINDS)} are keyed.")
        if row.level not in levels:
            raise DataFileError(path, f"'level' must be one of {levels} (got {row.level!r}).", where=where, fix="use a key from data/taxonomy.csv.")
        for other in _split(row.defensible):
            if other not in levels or other == row.level:
                raise DataFileError(path, f"'defensible' lists {other!r}, which is not another level of the taxonomy.", where=where, fix=f"separate keys from {levels} with ';', leaving out the row's own level.")
        if row.confidence not in CONFIDENCES:
            raise DataFileError(path, f"'confidence' must be one of {list(CONFIDENCES)} (got {row.confidence!r}).", where=where, fix="write clear-cut or debatable.")
        if (row.confidence == "debatable") != bool(_split(row.defensible)):
            raise DataFileError(path, f"'confidence' is {row.confidence!r} but 'defensible' is {row.defensible!r}.", where=where, fix="a debatable row names the other defensible levels; a clear-cut row names none.")
        if not row.quote or row.quote not in texts[row.claim_id]:
            raise DataFileError(path, f"'quote' {row.quote!r} does not occur in the claim's text.", where=where, fix="copy the deciding words exactly from data/claims.csv (curly apostrophes included).")
        quoted = reason_quotes(row.reason)
        if not quoted:
            raise DataFileError(path, "'reason' quotes none of the claim's words.", where=where, fix='quote the deciding words in straight double quotes, e.g. "reports have emerged".')
        for passage in quoted:
            if passage not in texts[row.claim_id]:
                raise DataFileError(path, f"'reason' quotes {passage!r}, which is not in the claim's text.", where=where, fix="quote only this claim's exact words in double quotes; use single quotes for anything else.")
        for signal in _split(row.signals):
            if signal not in SIGNAL_CATEGORIES:
                raise DataFileError(path, f"'signals' lists {signal!r}.", where=where, fix=f"use categories from {list(SIGNAL_CATEGORIES)}, separated by ';'.")
    unkeyed = [cid for cid in keyed_claims(claims)["claim_id"] if cid not in seen]
    if unkeyed:
        raise DataFileError(path, f"{len(unkeyed)} claim(s) have no key row: {unkeyed[:5]}{' ...' if len(unkeyed) > 5 else ''}.", fix="add one row per sentence and bio unit of data/claims.csv.")
    return frame.reset_index(drop=True)


@lru_cache(maxsize=None)
def _cached_key(directory: str, filename: str) -> pd.DataFrame:
    frame = _data.read_csv(filename, KEY_COLUMNS)
    claims = _data.load_article().claims
    return validate_answer_key(frame, claims, _data.load_taxonomy().keys, _data.path(filename))


def load_answer_key(filename: str = "answer_key.csv") -> pd.DataFrame:
    """The checked answer key as a DataFrame, one row per keyed claim, columns :data:`KEY_COLUMNS` (text)."""
    return _cached_key(str(_data.data_dir()), filename).copy()


def key_for(claim_id: str) -> KeyEntry:
    """The key's verdict on one claim; raises :class:`UnknownClaimError` for a claim the key does not cover."""
    frame = load_answer_key()
    rows = frame[frame["claim_id"] == claim_id]
    if rows.empty:
        raise UnknownClaimError(claim_id, frame["claim_id"].tolist())
    row = rows.iloc[0]
    return KeyEntry(
        claim_id=row.claim_id,
        level=row.level,
        defensible=tuple(_split(row.defensible)),
        confidence=row.confidence,
        reason=row.reason,
        quote=row.quote,
        signals=tuple(_split(row.signals)),
    )


def acceptable_levels(claim_id: str) -> set[str]:
    """Every level the key accepts for a claim: its level plus the defensible ones."""
    return set(key_for(claim_id).acceptable)


def _as_mapping(answers) -> dict:
    if isinstance(answers, pd.DataFrame):
        missing = [c for c in ("claim_id", "level") if c not in answers.columns]
        if missing:
            raise ValueError(f"the table of answers needs the columns 'claim_id' and 'level' (missing {missing}).")
        return dict(zip(answers["claim_id"], answers["level"]))
    if isinstance(answers, pd.Series):
        return answers.to_dict()
    return dict(answers)


def _level_key(value, taxonomy) -> str | None:
    if value is None or value is Ellipsis or (isinstance(value, float) and value != value) or str(value).strip() == "":
        return None
    text = str(value).strip()
    by_label = {level.label.lower(): level.key for level in taxonomy}
    if text in taxonomy.keys:
        return text
    if text.lower() in by_label:
        return by_label[text.lower()]
    raise UnknownLevelError(text, taxonomy.keys)


def verdict(level: str | None, key_level: str, defensible: str | list[str] = "") -> str:
    """How a level stands against one key row: ``matches the key``, ``defensible``, ``differs`` or ``not answered``.

    ``defensible`` is the key's other acceptable levels, as the CSV's ``a;b`` text or a list.
    """
    if level is None:
        return "not answered"
    if level == key_level:
        return "matches the key"
    others = _split(defensible) if isinstance(defensible, str) else defensible
    return "defensible" if level in others else "differs"


def compare_with_key(answers) -> pd.DataFrame:
    """Line up a learner's levels with the key: one row per claim answered, in the order given.

    ``answers`` maps claim IDs to level keys or labels: a dict (``{"C081": "bare_assertion"}``), a Series, or a
    table with ``claim_id`` and ``level`` columns (such as ``TaggingSession.to_frame()``). ``None`` or ``...``
    means "not answered yet". The ``verdict`` column says ``matches the key``, ``defensible`` (one of the key's
    other acceptable levels), ``differs`` or ``not answered``; ``reason`` is the key's reason, to read *after*
    deciding. Unknown claims or levels raise :class:`UnknownClaimError` / :class:`UnknownLevelError`.
    """
    taxonomy = _data.load_taxonomy()
    key = load_answer_key().set_index("claim_id")
    texts = dict(zip(_data.load_article().claims["claim_id"], _data.load_article().claims["text"]))
    rows = []
    for claim_id, value in _as_mapping(answers).items():
        if claim_id not in key.index:
            raise UnknownClaimError(claim_id, key.index.tolist())
        entry = key.loc[claim_id]
        level = _level_key(value, taxonomy)
        rows.append([claim_id, texts[claim_id], level, entry.level, verdict(level, entry.level, entry.defensible), entry.confidence, entry.reason])
    return pd.DataFrame(rows, columns=COMPARE_COLUMNS)
