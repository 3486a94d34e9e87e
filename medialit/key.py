"""The answer key of a case study: for each statement, the level a careful first reading gives, and why.

>>> key = AnswerKey([KeyEntry("C004", "bare_assertion", ("named_source",), "debatable", 'only "he says"', "he says", ())])
>>> sorted(key["C004"].acceptable)
['bare_assertion', 'named_source']
>>> key.verdict("C004", "named_source"), key.verdict("C004", None)
('defensible', 'not answered')

:func:`read_answer_key` reads a key from a CSV in either of two shapes, and checks it against the case's claims
and taxonomy:

* **the series' own** (``data/cases/<id>/answer_key.csv``, see ``data/README.md``): ``claim_id``, ``level``,
  ``defensible`` (other levels, ``a;b``), ``confidence`` (``clear-cut`` or ``debatable``), ``reason``,
  ``quote`` and ``signals``;
* **a teacher's key** filled in from the template ``medialit new-case`` writes: ``claim_id``, ``text`` (a copy
  to read), ``level``, ``reason`` and ``debatable`` (``yes`` or ``no``), with ``defensible``, ``quote`` and
  ``signals`` optional. A template whose levels are all still empty is "not keyed yet": the case has no key.

Either way the result is an :class:`AnswerKey`. This module is where a key's defensible levels are parsed
(:func:`split_levels`) and where a level is judged against the key (:meth:`AnswerKey.verdict`); every other
module asks the key object.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Iterator

import pandas as pd

from .article import STRUCTURE_KINDS
from .csvrows import read_table
from .errors import DataFileError, UnknownClaimError
from .taxonomy import Taxonomy

__all__ = [
    "KEY_COLUMNS", "TEMPLATE_COLUMNS", "CONFIDENCES", "SIGNAL_CATEGORIES", "VERDICTS", "COMPARE_COLUMNS",
    "KeyEntry", "AnswerKey", "as_answer_key", "split_levels", "verdict", "reason_quotes", "keyed_claims",
    "key_problems", "validate_answer_key", "is_blank", "read_answer_key", "compare_with_key",
]

KEY_COLUMNS = ["claim_id", "level", "defensible", "confidence", "reason", "quote", "signals"]
TEMPLATE_COLUMNS = ["claim_id", "text", "level", "reason", "debatable", "defensible", "quote", "signals"]
_TEMPLATE_REQUIRED = ["claim_id", "level", "reason", "debatable"]
CONFIDENCES = ("clear-cut", "debatable")
SIGNAL_CATEGORIES = ("hedge", "booster", "vague_attribution", "loaded", "first_person", "specific")
VERDICTS = ("matches the key", "defensible", "differs", "not answered")
COMPARE_COLUMNS = ["claim_id", "text", "your_level", "key_level", "verdict", "confidence", "reason"]
_QUOTED = re.compile(r'"([^"]+)"')
_YES, _NO = ("yes", "y", "true", "1", "debatable"), ("no", "n", "false", "0", "clear-cut")
# Words too common to be the deciding words a reason quotes ("the" occurs in almost every claim).
_FILLER = frozenset("a an the of to in on at and or but is are was were be it its this that these those as by for with from".split())


def split_levels(value: object) -> tuple[str, ...]:
    """The level keys in a ``defensible`` cell (``"a;b"``, ``"a; b"``, a list, or empty): the one parser of it.

    >>> split_levels("bare_assertion; not_a_claim")
    ('bare_assertion', 'not_a_claim')
    """
    if value is None or (isinstance(value, float) and value != value):
        return ()
    parts = value if isinstance(value, (list, tuple, set, frozenset)) else str(value).split(";")
    return tuple(part.strip() for part in parts if str(part).strip())


def reason_quotes(reason: str) -> list[str]:
    """The passages a reason quotes in straight double quotes (each must be the claim's own words)."""
    return _QUOTED.findall(reason)


def keyed_claims(claims: pd.DataFrame) -> pd.DataFrame:
    """The rows of a claims table the key must cover: every unit that is not part of the layout."""
    return claims[~claims["kind"].isin(STRUCTURE_KINDS)]


def verdict(level: str | None, key_level: str, defensible: object = "") -> str:
    """How a level stands against one key row: ``matches the key``, ``defensible``, ``differs`` or ``not answered``."""
    if level is None:
        return "not answered"
    if level == key_level:
        return "matches the key"
    return "defensible" if level in split_levels(defensible) else "differs"


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


class AnswerKey:
    """A case's answer key: one :class:`KeyEntry` per keyed claim, in reading order."""

    def __init__(self, entries: Iterable[KeyEntry], source: str = "<memory>"):
        self.source = source
        self._entries = {entry.claim_id: entry for entry in entries}

    @classmethod
    def from_frame(cls, frame: pd.DataFrame, source: str = "<table>") -> "AnswerKey":
        """A key from a table with ``claim_id`` and ``level`` (``defensible``, ``confidence``, ``reason``, ...
        optional), such as ``load_answer_key()``. The table is taken as it is: check a file with :func:`read_answer_key`."""
        missing = [c for c in ("claim_id", "level") if c not in frame.columns]
        if missing:
            raise ValueError(f"the answer key is missing column(s) {missing}; it has {list(frame.columns)}.")

        def column(name: str) -> list:
            return list(frame[name]) if name in frame.columns else [""] * len(frame)

        entries = []
        for claim_id, level, defensible, confidence, reason, quote, signals in zip(
            frame["claim_id"], frame["level"], *(column(name) for name in KEY_COLUMNS[2:])
        ):
            others = tuple(other for other in split_levels(defensible) if other != level)
            entries.append(KeyEntry(str(claim_id), str(level).strip(), others, str(confidence or ("debatable" if others else "clear-cut")),
                                    str(reason), str(quote), split_levels(signals)))
        return cls(entries, source)

    def __getitem__(self, claim_id: str) -> KeyEntry:
        try:
            return self._entries[claim_id]
        except (KeyError, TypeError):
            raise UnknownClaimError(claim_id, self.claim_ids) from None

    def __contains__(self, claim_id: object) -> bool:
        return claim_id in self._entries

    def __iter__(self) -> Iterator[KeyEntry]:
        return iter(self._entries.values())

    def __len__(self) -> int:
        return len(self._entries)

    @property
    def claim_ids(self) -> list[str]:
        return list(self._entries)

    def get(self, claim_id: str) -> KeyEntry | None:
        """The entry for ``claim_id``, or None if the key does not cover it."""
        return self._entries.get(claim_id)

    def acceptable(self, claim_id: str) -> frozenset[str]:
        """Every level the key accepts for a claim: its level plus the defensible ones."""
        return self[claim_id].acceptable

    def verdict(self, claim_id: str, level: str | None) -> str:
        """How ``level`` stands against the key's row for ``claim_id`` (see :data:`VERDICTS`)."""
        entry = self[claim_id]
        return verdict(level, entry.level, entry.defensible)

    def to_frame(self) -> pd.DataFrame:
        """The key as a table, columns :data:`KEY_COLUMNS` (defensible levels and signals joined with ``;``)."""
        rows = [(e.claim_id, e.level, ";".join(e.defensible), e.confidence, e.reason, e.quote, ";".join(e.signals)) for e in self]
        return pd.DataFrame(rows, columns=KEY_COLUMNS)

    def __repr__(self) -> str:
        return f"AnswerKey({len(self)} claims, source={self.source!r})"


def as_answer_key(key: "AnswerKey | pd.DataFrame | None") -> AnswerKey | None:
    """An :class:`AnswerKey` from a key or a key table (``load_answer_key()``); None stays None."""
    if key is None or isinstance(key, AnswerKey):
        return key
    if isinstance(key, pd.DataFrame):
        return AnswerKey.from_frame(key)
    raise TypeError(f"expected an AnswerKey or a table of the key (a DataFrame), got {type(key).__name__}.")


# ---- reading and checking a key file ----


def is_blank(frame: pd.DataFrame) -> bool:
    """True for a key nobody has filled in yet: it has rows, and every ``level`` is empty (the new-case template)."""
    return "level" in frame.columns and bool(len(frame)) and not frame["level"].astype(str).str.strip().any()


def _shape(frame: pd.DataFrame, path: str | Path) -> tuple[pd.DataFrame, bool]:
    """The key in the series' columns, and whether it came as a teacher's template; raises if it is neither."""
    if "confidence" in frame.columns or "debatable" not in frame.columns:
        missing = [c for c in KEY_COLUMNS if c not in frame.columns]
        if missing:
            raise DataFileError(path, f"missing column(s) {missing}; found {list(frame.columns)}.", where="header",
                                fix=f"the header must be {KEY_COLUMNS} (the series' key) or include {_TEMPLATE_REQUIRED} (a key made with medialit new-case).")
        return frame[KEY_COLUMNS].astype(str).apply(lambda column: column.str.strip()), False
    missing = [c for c in _TEMPLATE_REQUIRED if c not in frame.columns]
    if missing:
        raise DataFileError(path, f"missing column(s) {missing}; found {list(frame.columns)}.", where="header", fix=f"the header must include {_TEMPLATE_REQUIRED}.")
    filled = frame.reindex(columns=TEMPLATE_COLUMNS, fill_value="").astype(str).apply(lambda column: column.str.strip())
    return filled, True


def key_problems(frame: pd.DataFrame, claims: pd.DataFrame, levels: list[str], path: str | Path = "<answer key>") -> list[DataFileError]:
    """Every problem of a key table against the claims table and the taxonomy's level keys, row by row.

    Each is a :class:`DataFileError` naming the CSV line, the claim, the field, the bad value and the fix.
    """
    try:
        frame, template = _shape(frame, path)
    except DataFileError as error:
        return [error]
    texts = dict(zip(claims["claim_id"], claims["text"]))
    kinds = dict(zip(claims["claim_id"], claims["kind"]))
    problems: list[DataFileError] = []
    seen: dict[str, int] = {}

    def problem(where: str, what: str, fix: str) -> None:
        problems.append(DataFileError(path, what, where=where, fix=fix))

    for line, row in enumerate(frame.to_dict("records"), start=2):
        if not any(row.values()):  # a row a spreadsheet left behind (",,,,,"): nothing to check
            continue
        claim_id = row["claim_id"]
        where = f"line {line} (claim_id {claim_id!r})"
        if claim_id not in texts:
            problem(f"line {line}", f"'claim_id' {claim_id!r} is not in the claims table.", "use an ID from the case's claims.csv (C001 ...), or delete the row.")
            continue
        if claim_id in seen:
            problem(where, f"'claim_id' {claim_id!r} is keyed twice (also on line {seen[claim_id]}).", "keep one row per claim.")
            continue
        seen[claim_id] = line
        text = texts[claim_id]
        if kinds[claim_id] in STRUCTURE_KINDS:
            problem(where, f"{claim_id} is a {kinds[claim_id]}, part of the layout, which the key does not cover.", f"delete the row: only units that are not {list(STRUCTURE_KINDS)} are keyed.")
            continue
        level = row["level"]
        if template and row["text"] and row["text"] != text:
            problem(where, f"'text' is not the claim's text in claims.csv (got {row['text'][:40]!r}...).", "the text column is a copy to read by: copy it again from claims.csv, or leave it empty.")
        if not level:
            problem(where, "'level' is empty.", "fill in every row's level (or leave every level empty to hand the case out without a key).")
            continue
        if level not in levels:
            problem(where, f"'level' must be one of {levels} (got {level!r}).", "use a key from the case's taxonomy (its taxonomy.csv, else data/taxonomy.csv).")
        others = split_levels(row["defensible"])
        for other in others:
            if other not in levels or other == level:
                problem(where, f"'defensible' lists {other!r}, which is not another level of the taxonomy.", f"separate keys from {levels} with ';', leaving out the row's own level.")
        if template:
            answer = row["debatable"].lower()
            if answer not in _YES + _NO or not answer:
                problem(where, f"'debatable' must be yes or no (got {row['debatable']!r}).", "write yes where a careful reader could defend another level, else no.")
            elif others and answer not in _YES:
                problem(where, f"'defensible' names {list(others)} but 'debatable' is {row['debatable']!r}.", "a row that names other defensible levels is debatable: write yes.")
            elif answer in _YES and not others:
                problem(where, "'debatable' is yes but 'defensible' names no other level.", f"name the levels a careful reader could also defend in 'defensible', separated by ';' (from {levels}), or write no.")
        else:
            confidence = row["confidence"]
            if confidence not in CONFIDENCES:
                problem(where, f"'confidence' must be one of {list(CONFIDENCES)} (got {confidence!r}).", "write clear-cut or debatable.")
            elif (confidence == "debatable") != bool(others):
                problem(where, f"'confidence' is {confidence!r} but 'defensible' is {row['defensible']!r}.", "a debatable row names the other defensible levels; a clear-cut row names none.")
        quote = row["quote"]  # required in the series' key, optional in a teacher's; where given, the claim's words
        if (quote or not template) and (not quote or quote not in text):
            problem(where, f"'quote' {row['quote']!r} does not occur in the claim's text.", "copy the deciding words exactly from claims.csv (curly apostrophes included).")
        reason = row["reason"]
        quoted = reason_quotes(reason)
        if not reason:
            problem(where, "'reason' is empty.", 'write why this level, in one or two sentences that quote the deciding words in straight double quotes, e.g. "reports have emerged".')
        elif not quoted:
            curly = " It uses curly quotation marks (“ ”), which are not read as a quotation." if "“" in reason or "”" in reason else ""
            problem(where, f"'reason' quotes none of the claim's words.{curly}", 'quote the deciding words in straight double quotes, e.g. "reports have emerged".')
        for passage in quoted:
            if passage not in text:
                problem(where, f"'reason' quotes {passage!r}, which is not in the claim's text.", "quote only this claim's exact words in double quotes; use single quotes for anything else.")
            elif passage.strip().lower() in _FILLER:
                problem(where, f"'reason' quotes only {passage!r}, a word that cannot decide a level.", "quote the words that decide the level, e.g. \"reports have emerged\" or \"alleged\".")
        for signal in split_levels(row["signals"]):
            if signal not in SIGNAL_CATEGORIES:
                problem(where, f"'signals' lists {signal!r}.", f"use categories from {list(SIGNAL_CATEGORIES)}, separated by ';'.")
    unkeyed = [cid for cid in keyed_claims(claims)["claim_id"] if cid not in seen]
    if unkeyed:
        problems.append(DataFileError(path, f"{len(unkeyed)} claim(s) have no key row: {unkeyed[:5]}{' ...' if len(unkeyed) > 5 else ''}.",
                                      fix="add one row per sentence and bio unit of the case's claims.csv."))
    return problems


def validate_answer_key(frame: pd.DataFrame, claims: pd.DataFrame, levels: list[str], path: str | Path = "<answer key>") -> pd.DataFrame:
    """Check a key table (either shape) and return it in the series' columns :data:`KEY_COLUMNS`.

    Raises the first of :func:`key_problems` as a :class:`DataFileError`.
    """
    problems = key_problems(frame, claims, levels, path)
    if problems:
        raise problems[0]
    shaped, template = _shape(frame, path)
    if template:
        debatable = shaped["debatable"].str.lower().isin(_YES)
        shaped = shaped.assign(confidence=["debatable" if flag else "clear-cut" for flag in debatable])
    return shaped[KEY_COLUMNS].reset_index(drop=True)


def read_answer_key(path: str | Path, claims: pd.DataFrame, taxonomy: Taxonomy) -> AnswerKey | None:
    """Read and check a key CSV (either shape) against a case's claims and taxonomy.

    Returns None for a template nobody has filled in yet (every level empty); raises :class:`DataFileError`,
    naming the line, the field and the fix, for anything else that is wrong.
    """
    frame = read_table(path, ["claim_id", "level"], missing_fix="check the path; a case needs no key, but a key file must be readable.")
    if is_blank(frame):
        return None
    return AnswerKey.from_frame(validate_answer_key(frame, claims, taxonomy.keys, path), str(path))


def _as_mapping(answers) -> dict:
    if isinstance(answers, pd.DataFrame):
        missing = [c for c in ("claim_id", "level") if c not in answers.columns]
        if missing:
            raise ValueError(f"the table of answers needs the columns 'claim_id' and 'level' (missing {missing}).")
        return dict(zip(answers["claim_id"], answers["level"]))
    if isinstance(answers, pd.Series):
        return answers.to_dict()
    return dict(answers)


def compare_with_key(answers, key: AnswerKey, taxonomy: Taxonomy, claims: pd.DataFrame) -> pd.DataFrame:
    """Line up a learner's levels with ``key``: one row per claim answered, in the order given.

    ``answers`` maps claim IDs to levels (keys or labels, :meth:`Taxonomy.resolve`): a dict, a Series, or a table
    with ``claim_id`` and ``level`` columns. ``None`` or ``...`` means "not answered yet". Columns
    :data:`COMPARE_COLUMNS`; ``verdict`` is one of :data:`VERDICTS`.
    """
    texts = dict(zip(claims["claim_id"], claims["text"]))
    rows = []
    for claim_id, value in _as_mapping(answers).items():
        entry = key[claim_id]
        level = taxonomy.resolve(value)
        rows.append([claim_id, texts.get(claim_id, ""), level, entry.level, key.verdict(claim_id, level), entry.confidence, entry.reason])
    return pd.DataFrame(rows, columns=COMPARE_COLUMNS)
