"""Language signals: the words that show how much support a writer has, or claims to have.

>>> from medialit.signals import find_signals
>>> found = find_signals("Reports have emerged that the FBI may have met in El Paso on 6 March 2017.")
>>> found[["category", "match"]].values.tolist()
[['vague_attribution', 'Reports have emerged'], ['specific', 'FBI'], ['hedge', 'may'], ['specific', 'El Paso'], ['specific', '6 March 2017']]

Six categories (``CATEGORIES`` in :mod:`medialit.lexicon` says what each means): ``hedge``, ``booster``,
``vague_attribution``, ``loaded``, ``first_person`` and ``specific``. The first five come from the word list in
``data/lexicon.csv``; ``specific`` comes from that list (agency acronyms) **plus** a few rules, which are
approximate and easy to fool:

* **dates**: a month name with a day or a year (``6th March 2017``, ``Jan. 25, 2019``);
* **numbers**: digits, except a list item's own number (``3.`` at the start of a line), and number words
  from two to a billion (not "one", which is usually a pronoun, nor "hundreds", which is vague);
* **acronyms**: two or more capitals (``DHS``, ``CSU-LA``, ``U.S.``), unless the whole line is in capitals;
* **names**: runs of capitalised words (``Department of Homeland Security``, ``El Paso``), ignoring the first
  word of a sentence unless a name continues after it, lines in Title Case (headings, list labels), and
  nationality words (``Iranian``, ``Kurdish``);
* **contacts and documents**: web addresses, e-mail addresses, @handles and short capitalised quoted titles.

Signals are clues for a reader, not verdicts: "may" can be a hedge or a month, "critical" can boost or
describe. ``tests/test_signals.py`` measures how often the rules agree with a careful human reader.

The work grows in step with the text, whatever the text: a megabyte of prose takes under half a second, the
worst texts we know (``'U.S. '`` repeated, a line every few characters) under two
(``benchmarks/bench_signals.py``; ``tests/test_signals_scale.py`` counts the work).
"""

from __future__ import annotations

import bisect
import itertools
import re
from functools import lru_cache
from pathlib import Path

import pandas as pd

from . import series
from .lexicon import CATEGORIES, LexiconEntry, find_phrases, load_lexicon
from .segment import _LIST_ITEM, unit_spans

__all__ = ["SIGNAL_COLUMNS", "find_signals", "signals_per_claim", "signals_per_section", "claim_signals", "default_lexicon"]

SIGNAL_COLUMNS = ["start", "end", "category", "match", "entry"]

_MONTH = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November|December"
    r"|Jan\.?|Feb\.?|Mar\.?|Apr\.?|Jun\.?|Jul\.?|Aug\.?|Sept?\.?|Oct\.?|Nov\.?|Dec\.?)"
)
_DAY = r"\d{1,2}(?:st|nd|rd|th)?"
_YEAR = r"(?:1[5-9]|20)\d\d"
# "one" is left out (it is more often a pronoun); "hundreds", "thousands" are left out (they are vague).
_NUMBER_WORDS = "two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|thirty|forty|fifty|hundred|thousand|million|billion"
_RULES: list[tuple[str, re.Pattern[str]]] = [
    ("date", re.compile(rf"(?<!\w)(?:{_DAY}[ \t]+(?:of[ \t]+)?{_MONTH}(?:,?[ \t]+{_YEAR})?|{_MONTH}[ \t]+{_DAY}(?:,?[ \t]+{_YEAR})?|{_MONTH},?[ \t]+{_YEAR})(?!\w)")),
    ("web address", re.compile(r"(?:https?://|www\.)[^\s<>\"“”]+[^\s<>\"“”.,;:!?)\]]")),
    ("e-mail", re.compile(r"(?<![\w.+-])[\w.+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+")),
    ("handle", re.compile(r"(?<![\w@])@\w{2,}")),
    ("number", re.compile(r"(?<![\w.,])\d+(?:[.,]\d+)*(?:st|nd|rd|th|%)?(?!\w)")),
    ("number word", re.compile(rf"(?<![\w-])(?:{_NUMBER_WORDS})(?![\w-])", re.IGNORECASE)),
    ("acronym", re.compile(r"(?<![\w.])(?:[A-Z]\.){2,}(?![\w])|(?<![\w-])[A-Z][A-Z0-9&]+(?:-[A-Z][A-Z0-9]*)*s?(?![\w’'])")),
    ("quoted title", re.compile(r"[“\"][A-Z][^“”\"\n.!?]{0,80}[”\"]")),
]
# What a rule's every match contains, so a text without it is not searched for that rule at all.
_NEEDS = {
    "date": re.compile(r"\d"),
    "web address": re.compile(r"://|www\."),
    "e-mail": re.compile("@"),
    "handle": re.compile("@"),
    "number": re.compile(r"\d"),
    "acronym": re.compile(r"[A-Z][A-Z0-9&.]"),
    "quoted title": re.compile(r"[“\"][A-Z]"),
}
_CAPITAL = r"[A-Z][a-z]+(?:[-’'][A-Za-z]+)*"
_NAME_START = re.compile(r"[A-Z][a-z]")  # where a name can begin
_INITIAL = re.compile(r"[A-Z]\.")
_LATIN_WORD = re.compile(r"[A-Za-z][\w’'.-]*")
_NON_SPACE = re.compile(r"\S+")
_NAME_RUN = re.compile(
    rf"{_CAPITAL}(?:(?<![’']s)[ \t]+(?:(?:of|the|and|for|de|la|del|von|van|bin|al)[ \t]+)?(?:{_CAPITAL}|[A-Z]\.(?=[ \t]+[A-Z])))*"
)
# Capitalised words that open sentences but are not names.
_OPENERS = frozenset(
    """the a an in on at of for to by from with as and but or so yet if when while where whereas although though
    this that these those there here it its their our his her we they he she you i however moreover meanwhile
    after before since during because briefly observationally remarkably indisputably""".split()
)
_DEMONYM = re.compile(r"(?:ian|ican|ean|ese|ish|ic|i)$")


@lru_cache(maxsize=8)
def _cached_lexicon(path: str, mtime: float) -> tuple[LexiconEntry, ...]:
    return tuple(load_lexicon(path))


def default_lexicon(path: str | Path | None = None) -> list[LexiconEntry]:
    """The lexicon in use: the series' ``data/lexicon.csv`` (or the file at ``path``), read again whenever it changes."""
    file = Path(path) if path is not None else series.path(series.LEXICON_FILE)
    try:
        mtime = file.stat().st_mtime
    except OSError:
        mtime = 0.0
    return list(_cached_lexicon(str(file), mtime))


def find_signals(text: str, lexicon: list[LexiconEntry] | str | Path | None = None) -> pd.DataFrame:
    """Find the language signals in ``text``: one row per signal, in reading order.

    Columns: ``start``, ``end`` (offsets, so ``text[start:end] == match``), ``category`` (a key of
    ``CATEGORIES``), ``match`` (the words as written) and ``entry`` (the lexicon phrase that matched, or
    ``rule: <name>`` for a specific found by a rule). Within one category, spans never overlap (the longer
    wins); a word may carry two categories ("alleged" inside a vague-attribution phrase, say).

    >>> find_signals("Mayor Lee may resign.")[["category", "match"]].values.tolist()
    [['specific', 'Mayor Lee'], ['hedge', 'may']]
    """
    if not isinstance(text, str):
        raise TypeError(f"find_signals expects text (str), got {type(text).__name__}.")
    entries = lexicon if isinstance(lexicon, list) else default_lexicon(lexicon)
    candidates = [(start, end, entry.category, entry.phrase) for start, end, entry in find_phrases(entries, text)]
    # A word the lexicon already files elsewhere ("MAY", "Remarkably") is not also a specific,
    # and a word inside a date ("3 May 2024") is not a hedge.
    elsewhere = {(s, e) for s, e, category, _ in candidates if category != "specific"}
    specifics = [c for c in _specifics(text) if (c[0], c[1]) not in elsewhere]
    dates = [(s, e) for s, e, _, rule in specifics if rule == "rule: date"]
    if dates:
        inside_date = _containment(dates)
        candidates = [c for c in candidates if not inside_date(c[0], c[1])]
    by_category: dict[str, list[tuple[int, int, str, str]]] = {category: [] for category in CATEGORIES}
    for candidate in itertools.chain(candidates, specifics):
        by_category.get(candidate[2], []).append(candidate)
    rows = [row for found in by_category.values() for row in _longest_first(found, len(text))]
    rows.sort(key=lambda r: (r[0], -r[1]))
    frame = pd.DataFrame([(s, e, cat, text[s:e], entry) for s, e, cat, entry in rows], columns=SIGNAL_COLUMNS)
    return frame.astype({"start": int, "end": int})


def _longest_first(candidates: list[tuple[int, int, str, str]], length: int) -> list[tuple[int, int, str, str]]:
    """Keep non-overlapping spans, preferring the longer, then the earlier."""
    kept: list[tuple[int, int, str, str]] = []
    taken = TakenSpans(length)
    for cand in sorted(candidates, key=lambda c: (-(c[1] - c[0]), c[0])):
        if taken.first_overlap(cand[0], cand[1]) is None:
            taken.take(cand[0], cand[1], len(kept))
            kept.append(cand)
    return kept


class TakenSpans:
    """The characters covered by spans kept so far, when spans are offered longest first.

    Every kept span is then at least as long as the one offered, so the two can only overlap where the kept
    one covers the offered span's first or last character: two look-ups, not a pass over every kept span,
    which keeps a text with thousands of signals linear (``'U.S. '`` repeated to 1 MB has 200,000).
    """

    def __init__(self, length: int):
        self._owner = [-1] * length  # for each character, the number of the kept span covering it, or -1

    def first_overlap(self, start: int, end: int) -> int | None:
        """The lowest number among kept spans that overlap ``[start, end)``, or None. Spans must not be empty."""
        first, last = self._owner[start], self._owner[end - 1]
        if first < 0 or 0 <= last < first:
            first = last
        return None if first < 0 else first

    def take(self, start: int, end: int, number: int) -> None:
        self._owner[start:end] = [number] * (end - start)


def _containment(spans: list[tuple[int, int]]):
    """A test ``inside(start, end)``: is ``[start, end)`` within one of ``spans``? Each test costs a binary search."""
    spans = sorted(spans)
    starts = [s for s, _ in spans]
    reach = list(itertools.accumulate((e for _, e in spans), max))  # the furthest end among spans starting so far

    def inside(start: int, end: int) -> bool:
        i = bisect.bisect_right(starts, start) - 1
        return i >= 0 and reach[i] >= end

    return inside


def _specifics(text: str) -> list[tuple[int, int, str, str]]:
    """Specifics found by the rules (dates, numbers, acronyms, names, contacts, quoted titles)."""
    found: list[tuple[int, int, str, str]] = []
    rules = [(name, rule) for name, rule in _RULES if name not in _NEEDS or _NEEDS[name].search(text)]
    any_rule = _any_of(tuple(name for name, _ in rules))
    for start, end in unit_spans(text):
        marker = _LIST_ITEM.match(text, start, end)
        body = marker.end() if marker else start
        hit = any_rule.search(text, body, end)  # most sentences have no date, number or acronym: one search, not eight
        name = _may_have_names(text, body, end)
        if not (hit or name):
            continue
        piece = text[body:end]
        shouting = sum(map(str.isupper, piece)) > 0.8 * max(1, sum(map(str.isalpha, piece)))
        for rule_name, rule in rules if hit else ():
            if rule_name == "acronym" and shouting:
                continue
            label = f"rule: {rule_name}"
            found.extend((m.start(), m.end(), "specific", label) for m in rule.finditer(text, body, end))
        if name and not shouting and not _title_case(piece):
            found.extend(_names(text, body, end))
    return found


@lru_cache(maxsize=None)
def _any_of(names: tuple[str, ...]) -> re.Pattern[str]:
    """The named rules as one pattern, each alternative with its own case rule: where it finds nothing, none would."""
    rules = dict(_RULES)
    return re.compile("|".join(f"(?{'i' if rules[n].flags & re.IGNORECASE else ''}:{rules[n].pattern})" for n in names))


def _title_case(piece: str) -> bool:
    """True for a heading or label In Title Case: no full stop at the end, and its long words capitalised.

    A label ending in a colon (``Community Engagement:``) needs one long word, a heading three.
    """
    piece = piece.rstrip(" \t\"'”’)")
    if piece.endswith((".", "!", "?", "…")):
        return False
    words = [w for w in _LATIN_WORD.findall(piece) if len(w) >= 4]
    enough = 1 if piece.endswith(":") else 3
    return len(words) >= enough and sum(w[0].isupper() for w in words) >= 0.75 * len(words)


def _may_have_names(text: str, start: int, end: int) -> bool:
    """False where :func:`_names` would find none: no capitalised word, or only the one that opens the sentence
    (alone, it is not taken for a name), so most sentences skip the search."""
    first = _NAME_START.search(text, start, end)
    if first is None:
        return False
    if first.start() > _sentence_start(text, start, end):
        return True
    return bool(_NAME_START.search(text, first.start() + 1, end) or _INITIAL.search(text, start, end))


def _sentence_start(text: str, start: int, end: int) -> int:
    while start < end and text[start] in "\"'“‘([ \t·§#/•*-":
        start += 1
    return start


def _names(text: str, start: int, end: int) -> list[tuple[int, int, str, str]]:
    """Runs of capitalised words that look like names of people, organisations or places."""
    out = []
    sentence_start = _sentence_start(text, start, end)
    for m in _NAME_RUN.finditer(text, start, end):
        s, e = m.start(), m.end()
        words = _NON_SPACE.findall(text, s, e)
        if s == sentence_start or text[max(start, s - 2) : s].rstrip().endswith(":"):
            if words[0].lower() in _OPENERS:
                words = words[1:]
                if words:
                    s = text.index(words[0], s)
            elif len(words) < 2:
                continue  # one capitalised word opening a sentence is usually just a word
        while words and words[0].lower() in _OPENERS:
            s = text.index(words[1], s) if len(words) > 1 else e
            words = words[1:]
        if not words:
            continue
        if e - s >= 2 and text[e - 2 : e] in ("’s", "'s"):
            e -= 2
        capitals = [w for w in words if w[0].isupper()]
        if all(_DEMONYM.search(w.rstrip(".,")) for w in capitals):
            continue  # Iranian, Kurdish, Arabic and English: nationalities and languages, not names
        out.append((s, e, "specific", "rule: name"))
    return out


def _require(claims: pd.DataFrame, columns: list[str]) -> None:
    missing = [c for c in columns if c not in claims.columns]
    if missing:
        raise ValueError(f"the claims table is missing column(s) {missing}; found {list(claims.columns)}. Use medialit.data.load('claims') or Article.claims.")


def claim_signals(claims: pd.DataFrame, lexicon=None) -> pd.DataFrame:
    """Every signal in every claim: ``claim_id`` and ``section`` plus :func:`find_signals`' columns.

    Offsets are within each claim's text. ``claims`` is a claims table (``medialit.data.load("claims")``).
    """
    _require(claims, ["claim_id", "text"])
    entries = lexicon if isinstance(lexicon, list) else default_lexicon(lexicon)
    frames = []
    for row in claims.itertuples(index=False):
        found = find_signals(row.text, entries)
        found.insert(0, "claim_id", row.claim_id)
        found.insert(1, "section", getattr(row, "section", ""))
        frames.append(found)
    columns = ["claim_id", "section", *SIGNAL_COLUMNS]
    return pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=columns)


def signals_per_claim(claims: pd.DataFrame, lexicon=None) -> pd.DataFrame:
    """How many signals of each category each claim has: one row per claim (index ``claim_id``).

    >>> import medialit
    >>> counts = signals_per_claim(medialit.data.load("claims"))
    >>> counts.loc["C004", ["booster", "specific"]].tolist()   # Indisputably; two named organisations
    [1, 2]
    """
    _require(claims, ["claim_id", "text"])
    found = claim_signals(claims, lexicon)
    table = pd.crosstab(found["claim_id"], found["category"]) if len(found) else pd.DataFrame()
    table = table.reindex(index=list(claims["claim_id"]), columns=list(CATEGORIES), fill_value=0).fillna(0).astype(int)
    table.index.name, table.columns.name = "claim_id", None
    return table


def signals_per_section(claims: pd.DataFrame, lexicon=None) -> pd.DataFrame:
    """Signals per section, in reading order, with the number of claims (``claims``) in each section."""
    _require(claims, ["claim_id", "text", "section"])
    per_claim = signals_per_claim(claims, lexicon)
    sections = claims.set_index("claim_id")["section"]
    table = per_claim.groupby(sections.reindex(per_claim.index), sort=False).sum()
    table.insert(0, "claims", sections.value_counts().reindex(table.index).astype(int))
    table.index.name = "section"
    return table
