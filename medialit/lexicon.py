"""The word lists behind the language signals: what each category means, and how a lexicon entry matches.

A lexicon is a CSV file (``data/lexicon.csv``) with one entry per row::

    category,phrase,example
    hedge,suggest+,The figures suggest that fewer people moved.
    vague_attribution,report+ have|has emerge+,Reports have emerged of a second meeting.
    specific,FBI,The FBI opened an inquiry.

How a ``phrase`` matches (rules kept small enough to write by hand):

* words match **whole words only** ("may" never matches inside "Mayor", "critical" not inside
  "non-critical"), across any spaces or line breaks;
* case is ignored, except for a word written in capitals with two or more letters (``FBI``, ``US``), which must
  appear in capitals (so ``US`` is not the word "us");
* ``word+`` also matches the word's regular inflections: ``suggest+`` matches suggests, suggested, suggesting;
  ``emerge+`` matches emerges, emerged, emerging; ``imply+`` matches implies, implied (irregular forms such as
  "saw" need their own entry);
* ``a|b`` matches either word at that place: ``have|has|had``;
* ``'`` matches a straight or curly apostrophe.

:func:`load_lexicon` checks every row and raises :class:`~medialit.errors.DataFileError` naming the file, the
line, the value and the fix; it also checks that each entry's example sentence really contains a match.
:func:`find_phrases` finds every entry in a text in one pass over its words.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import pandas as pd

from .csvrows import read_rows
from .errors import DataFileError

__all__ = ["Category", "CATEGORIES", "LexiconEntry", "load_lexicon", "compile_phrase", "inflections", "lexicon_table", "find_phrases"]


@dataclass(frozen=True)
class Category:
    """One kind of language signal: what it is, what it tells a reader, and how it is drawn."""

    key: str
    label: str
    cue: str  # the letter shown after each highlight, so colour is never the only cue
    colour: str  # Okabe-Ito, colour-blind safe
    hatch: str  # bar pattern in charts
    underline: str  # CSS text-decoration-style in highlights
    meaning: str


CATEGORIES: dict[str, Category] = {
    c.key: c
    for c in (
        Category("hedge", "Hedge", "H", "#56B4E9", "//", "dotted", "Softens or qualifies a claim: may, alleged, suggest, potentially."),
        Category("booster", "Booster", "B", "#D55E00", "xx", "double", "Claims more certainty or importance than is shown: indisputably, clearly, pivotal, crucial."),
        Category("vague_attribution", "Vague source", "V", "#E69F00", "..", "wavy", "A source no reader can look up: reports have emerged, experts say, credible information."),
        Category("loaded", "Loaded word", "L", "#CC79A7", "\\\\", "dashed", "Emotive or judging wording that tells you how to feel: regime, conspiring, gruesome."),
        Category("first_person", "First-person account", "F", "#009E73", "++", "solid", "The author as witness: I observed, I shared, I was there. Only the author vouches for it."),
        Category("specific", "Specific", "S", "#0072B2", "--", "solid", "Something checkable: a named person, organisation, place, date, number or document."),
    )
}

def inflections(word: str) -> list[str]:
    """Regular English inflections of ``word`` (itself first): -s/-es, -ed/-d, -ing, y to -ies/-ied, final e dropped.

    >>> inflections("suggest")
    ['suggest', 'suggests', 'suggested', 'suggesting']
    >>> inflections("emerge")
    ['emerge', 'emerges', 'emerged', 'emerging']
    >>> inflections("imply")
    ['imply', 'implies', 'implied', 'implying']
    """
    lower = word.lower()
    if lower.endswith("e"):
        forms = [word, word + "s", word + "d", word[:-1] + "ing"]
    elif lower.endswith("y") and len(word) > 2 and lower[-2] not in "aeiou":
        forms = [word, word[:-1] + "ies", word[:-1] + "ied", word + "ing"]
    elif lower.endswith(("s", "x", "z", "ch", "sh")):
        forms = [word, word + "es", word + "ed", word + "ing"]
    else:
        forms = [word, word + "s", word + "ed", word + "ing"]
        # a short word ending consonant-vowel-consonant doubles it: stop -> stopped, admit -> admitted
        if re.search(r"[^aeiou][aeiou][bdgklmnprt]$", lower) and len(word) <= 6:
            forms += [word + word[-1] + "ed", word + word[-1] + "ing"]
    return forms


def _forms(word: str) -> list[str]:
    """Every literal form one word of a phrase stands for: its alternatives, each with its inflections if marked."""
    forms = []
    for alternative in word.split("|"):
        inflect = alternative.endswith("+")
        alternative = alternative.rstrip("+")
        if not alternative:
            raise ValueError("an empty word (check for '||' or a lone '+')")
        forms.extend(inflections(alternative) if inflect else [alternative])
    return forms


def _word_pattern(word: str) -> str:
    """The regular expression for one word of a phrase (alternatives, inflection, case rule)."""
    options = []
    for form in _forms(word):
        escaped = re.escape(form).replace("'", "['’]").replace("’", "['’]")
        if sum(ch.isupper() for ch in form) >= 2 and not any(ch.islower() for ch in form):
            escaped = f"(?-i:{escaped})"  # an acronym: capitals only
        options.append(escaped)
    options.sort(key=len, reverse=True)  # longest first: "suggested" before "suggest"
    return "(?:" + "|".join(options) + ")"


def compile_phrase(phrase: str) -> re.Pattern[str]:
    """Compile a lexicon phrase into a case-insensitive, whole-word regular expression.

    >>> bool(compile_phrase("may").search("The Mayor spoke.")), bool(compile_phrase("may").search("It MAY rain."))
    (False, True)
    >>> compile_phrase("report+ have|has emerge+").search("Reports have\\nemerged today.").group()
    'Reports have\\nemerged'
    """
    words = phrase.split()
    if not words:
        raise ValueError("the phrase is empty")
    body = r"\s+".join(_word_pattern(word) for word in words)
    return re.compile(rf"(?<![\w-]){body}(?![\w-])", re.IGNORECASE)


@dataclass(frozen=True)
class LexiconEntry:
    """One row of the lexicon: its category, the phrase as written, its example, and the compiled pattern."""

    category: str
    phrase: str
    example: str
    pattern: re.Pattern[str]
    line: int = 0


def find_phrases(entries: list[LexiconEntry] | tuple[LexiconEntry, ...], text: str) -> list[tuple[int, int, LexiconEntry]]:
    """Every match of every entry in ``text`` as ``(start, end, entry)``: entry by entry, each in reading order.

    The result is exactly what ``entry.pattern.finditer(text)`` gives for each entry, but found in one pass over
    the words: a match must begin a word, so each word is looked up by its first word (case ignored) and only
    the entries that start with it are tried there. A hundred and fifty entries then cost one pass, not 150.

    >>> may = LexiconEntry("hedge", "may", "It may rain.", compile_phrase("may"))
    >>> [(start, end, entry.phrase) for start, end, entry in find_phrases([may], "It may, or MAY not, dismay.")]
    [(3, 6, 'may'), (11, 14, 'may')]
    """
    entries = tuple(entries)
    by_word, scanned = _first_words(entries)
    found: list[list[tuple[int, int]]] = [[] for _ in entries]
    reach = [0] * len(entries)  # like finditer, an entry's next match starts where its last one ended
    if _COMBINING_IOTA in text:
        by_word, scanned = {}, tuple(range(len(entries)))
    for word in _WORD_RUN.finditer(text):
        run = word.group()
        numbers = by_word.get(run.lower() if run.isascii() else _fold(run))  # (for ASCII, lower is the fold)
        if numbers:
            start = word.start()
            for number in numbers:
                match = entries[number].pattern.match(text, start) if start >= reach[number] else None
                if match:
                    found[number].append(match.span())
                    reach[number] = match.end()
    for number in scanned:
        found[number] = [match.span() for match in entries[number].pattern.finditer(text)]
    return [(start, end, entry) for entry, spans in zip(entries, found) for start, end in spans]


_WORD_RUN = re.compile(r"(?<![\w-])[\w-]+")  # where a phrase can begin: whole words, as compile_phrase demands
# The one character that matches a letter ("ι") when case is ignored but is no word character itself, so words
# cannot be told apart around it: a text that has it is scanned entry by entry (slower, and just as exact).
_COMBINING_IOTA = "\u0345"
_DOTLESS = str.maketrans({"İ": "i", "ı": "i"})  # the regular expressions also take these for "i" when case is ignored


def _fold(word: str) -> str:
    """``word`` with case ignored, so that two words a case-blind regular expression takes as equal fold alike."""
    return word.translate(_DOTLESS).casefold()


@lru_cache(maxsize=16)
def _first_words(entries: tuple[LexiconEntry, ...]) -> tuple[dict[str, tuple[int, ...]], tuple[int, ...]]:
    """Which entries may begin at a word, by the word folded; and the entries that must be scanned for instead
    (a phrase that starts with a sign, or an entry whose pattern is not its phrase's)."""
    by_word: dict[str, list[int]] = {}
    scanned: list[int] = []
    for number, entry in enumerate(entries):
        try:
            own = compile_phrase(entry.phrase).pattern == entry.pattern.pattern
            starts = {_fold(_WORD_RUN.match(form).group()) for form in _forms(entry.phrase.split()[0])} if own else set()  # type: ignore[union-attr]
        except (ValueError, IndexError, AttributeError):  # AttributeError: a form starting with a sign has no word
            starts = set()
        if not starts:
            scanned.append(number)
        for start in starts:
            by_word.setdefault(start, []).append(number)
    return {word: tuple(numbers) for word, numbers in by_word.items()}, tuple(scanned)


def load_lexicon(path: str | Path) -> list[LexiconEntry]:
    """Read and check a lexicon CSV (columns ``category``, ``phrase``, ``example``; others are kept as notes)."""
    path = Path(path)
    rows = read_rows(
        path,
        ("category", "phrase", "example"),
        missing_fix="restore it from git (git checkout -- data/lexicon.csv), or pass the path of your own lexicon.",
        header_fix="the header must be category,phrase,example (other columns are allowed as notes).",
    )
    entries: list[LexiconEntry] = []
    seen: dict[tuple[str, str], int] = {}
    for line, row in enumerate(rows, start=2):
        entries.append(_entry(path, line, row, seen))
    if not entries:
        raise DataFileError(path, "has no entries.", fix="add one row per word or phrase.")
    return entries


def _entry(path: Path, line: int, row: dict[str, str], seen: dict[tuple[str, str], int]) -> LexiconEntry:
    category = (row.get("category") or "").strip()
    phrase = " ".join((row.get("phrase") or "").split())
    example = (row.get("example") or "").strip()
    where = f"line {line}" + (f" (phrase {phrase!r})" if phrase else "")
    if category not in CATEGORIES:
        raise DataFileError(path, f"'category' must be one of {list(CATEGORIES)} (got {category!r}).", where=where, fix="use one of the category keys exactly as written.")
    if not phrase:
        raise DataFileError(path, "'phrase' is empty.", where=where, fix="write the word or phrase to look for, e.g. 'suggest+'.")
    if not example:
        raise DataFileError(path, "'example' is empty.", where=where, fix="add a short sentence that uses the phrase, so others see what it is for.")
    key = (category, phrase.lower())
    if key in seen:
        raise DataFileError(path, f"the {category} phrase {phrase!r} is already on line {seen[key]}.", where=where, fix="delete one of the two rows.")
    seen[key] = line
    try:
        pattern = compile_phrase(phrase)
    except (ValueError, re.error) as exc:
        raise DataFileError(path, f"'phrase' cannot be read ({exc}).", where=where, fix="write words separated by spaces; use word+ for inflections and a|b for alternatives.") from None
    if not pattern.search(example):
        raise DataFileError(path, f"the example {example!r} does not contain a match for {phrase!r}.", where=where, fix="fix the phrase or write an example that uses it (inflections need a '+', e.g. 'suggest+').")
    return LexiconEntry(category, phrase, example, pattern, line)


def lexicon_table(path: str | Path) -> pd.DataFrame:
    """The checked lexicon as a DataFrame (``category``, ``phrase``, ``example``, ``line``), for reading."""
    entries = load_lexicon(path)
    return pd.DataFrame([(e.category, e.phrase, e.example, e.line) for e in entries], columns=["category", "phrase", "example", "line"])
