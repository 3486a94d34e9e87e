"""Split an article into the units a learner tags: title, byline, headings, sentences, list labels, bio.

Every unit is a span ``(start, end)`` of the original text, so ``text[start:end]`` is always exactly the
unit's words: nothing is normalised, and the learner can always find a claim in the article.

The rules are plain and few, chosen for opinion articles copied as plain text:

* a **paragraph** is a line (or, in text that separates paragraphs with blank lines, a block of lines);
* a **heading** is a line that starts with a section marker (``·``, ``§``, ``#``) or a short line with no
  sentence punctuation;
* a **list item** starts with ``1.``, ``2)``, ``-``, ``*`` or ``•``; a short label ending in a colon
  (``1. Border Geopolitics and Information Flow:``) is a unit of its own;
* a **sentence** ends at ``.``, ``!``, ``?`` or ``…`` (with any closing quotes) followed by a space and a
  capital, digit, opening quote or ``/`` — unless the word before the stop is an abbreviation (``Jan.``,
  ``Dr.``) or an initial (``M.``, ``U.S.``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = ["Span", "Unit", "sentence_spans", "split_sentences", "segment"]

Span = tuple[int, int]

# Words that end with a full stop without ending the sentence. Lower-case, without the stop.
ABBREVIATIONS = frozenset(
    """
    mr mrs ms dr prof sr jr st mt rev fr gen col lt capt cmdr sgt maj adm gov sen rep pres supt insp
    jan feb mar apr jun jul aug sep sept oct nov dec mon tue wed thu fri sat sun
    no nos vol vols fig figs p pp ch sec art ed eds est approx dept univ assn bros co corp inc ltd
    vs etc e.g i.e cf al viz ca c a.m p.m
    """.split()
)
# Words that usually open a sentence: after "U.S." they mean the stop did end the sentence.
SENTENCE_OPENERS = frozenset("the a an i it he she we they this that these those in on but and so yet".split())

CLOSERS = "\"'”’»)]}"
OPENERS = "\"'“‘«([{"
SECTION_MARKERS = "·§#"
_TERMINAL = re.compile(r"[.!?…]+")
_LIST_ITEM = re.compile(r"(?:\d{1,3}[.)]|[-*•–])[ \t]+")
_LIST_LABEL = re.compile(r"[^.!?:\n\r]{1,80}:")
_LINE = re.compile(r"[^\r\n]*")


@dataclass(frozen=True)
class Unit:
    """One taggable unit of an article: where it is and what kind of text it is."""

    start: int
    end: int
    kind: str  # title, byline, heading, sentence, list_label, bio
    section: str
    section_no: int
    paragraph: int  # 0 for the title and byline, then 1, 2, ... in reading order
    sentence: int  # position within its paragraph, from 1
    list_item: int | None = None  # the item's number in a numbered list


def _word_before(text: str, stop: int) -> str:
    """The word that ends just before position ``stop`` (a full stop), lower-cased."""
    start = stop
    while start > 0 and not text[start - 1].isspace() and text[start - 1] not in OPENERS:
        start -= 1
    return text[start:stop].lower()


def _is_abbreviation(word: str) -> bool:
    bare = word.rstrip(".")
    if bare in ABBREVIATIONS:
        return True
    if re.fullmatch(r"[a-z]", bare):  # an initial: "M." in "London M. University"
        return True
    return bool(re.fullmatch(r"(?:[a-z]\.)+[a-z]", bare))  # "U.S", "e.g"


def _opens_sentence(text: str, pos: int) -> bool:
    """True when the text at ``pos`` can start a new sentence."""
    if pos >= len(text):
        return True
    ch = text[pos]
    if ch in OPENERS or ch == "/":
        return True
    return ch.isupper() or ch.isdigit()


def sentence_spans(text: str, start: int = 0, end: int | None = None) -> list[Span]:
    """Spans of the sentences in ``text[start:end]``, as offsets into ``text``; spaces between them are left out."""
    end = len(text) if end is None else end
    spans: list[Span] = []
    sentence_start = _skip_space(text, start, end)
    for match in _TERMINAL.finditer(text, sentence_start, end):
        stop = match.end()
        if stop <= sentence_start:
            continue
        # Take closing quotes and brackets, also a curly closing quote after a space: `domestic. ”`.
        after = stop
        while after < end and text[after] in CLOSERS:
            after += 1
        gap = _skip_space(text, after, end)
        if gap < end and gap > after and text[gap] in "”’" and (gap + 1 == end or text[gap + 1].isspace()):
            after = gap + 1
        nxt = _skip_space(text, after, end)
        if nxt == after and nxt < end:
            continue  # no space after the stop: "U.S.-Mexico", "3.14", "example.com"
        if not _opens_sentence(text, nxt):
            continue
        if match.group() == "." and _is_abbreviation(_word_before(text, match.start())):
            word = _word_before(text, match.start())
            following = re.match(r"[A-Za-z]+", text[nxt:end])
            multi_initial = "." in word.rstrip(".")
            if not (multi_initial and following and following.group().lower() in SENTENCE_OPENERS):
                continue
        spans.append((sentence_start, after))
        sentence_start = nxt
    if sentence_start < end:
        spans.append((sentence_start, _strip_end(text, sentence_start, end)))
    return _split_at_slashes(text, spans)


def _split_at_slashes(text: str, spans: list[Span]) -> list[Span]:
    """Split at a spaced slash before a capital (`@EQFARD / The newly ...`): web footers use it as a separator."""
    out: list[Span] = []
    for s, e in spans:
        cut = s
        for m in re.finditer(r"\s+/\s+(?=[A-Z“\"])", text[s:e]):
            if s + m.start() > cut:
                out.append((cut, s + m.start()))
                cut = s + m.start() + len(m.group()) - len(m.group().lstrip())
        out.append((cut, e))
    return out


def _skip_space(text: str, pos: int, end: int) -> int:
    while pos < end and text[pos].isspace():
        pos += 1
    return pos


def _strip_end(text: str, start: int, end: int) -> int:
    while end > start and text[end - 1].isspace():
        end -= 1
    return end


def split_sentences(text: str) -> list[str]:
    """Split plain text into sentences, keeping each one's exact characters.

    >>> split_sentences("The U.S. border is long. Dr. Smith said so… Really? Yes.")
    ['The U.S. border is long.', 'Dr. Smith said so…', 'Really?', 'Yes.']
    """
    spans: list[Span] = []
    for line_start, line_end in _paragraph_spans(text):
        spans.extend(sentence_spans(text, line_start, line_end))
    return [text[s:e] for s, e in spans]


def _line_spans(text: str) -> list[Span]:
    """Non-blank lines as spans, trimmed; any of \\n, \\r\\n or \\r ends a line."""
    spans = []
    for m in _LINE.finditer(text):
        s, e = m.start(), m.end()
        s = _skip_space(text, s, e)
        e = _strip_end(text, s, e)
        if e > s:
            spans.append((s, e))
    return spans


def _paragraph_spans(text: str) -> list[Span]:
    """One span per paragraph: a line, or where blank lines separate paragraphs, a block of lines."""
    lines = _line_spans(text)
    if not re.search(r"\S[ \t]*(?:\r\n|\r|\n)[ \t]*(?:\r\n|\r|\n)\s*\S", text):
        return lines
    blocks: list[Span] = []
    for s, e in lines:
        joined = blocks and not re.search(r"(?:\r\n|\r|\n)[ \t]*(?:\r\n|\r|\n)", text[blocks[-1][1] : s])
        if joined and not _looks_like_heading(text[s:e]) and not _LIST_ITEM.match(text, s) and not _looks_like_heading(
            text[blocks[-1][0] : blocks[-1][1]]
        ):
            blocks[-1] = (blocks[-1][0], e)
        else:
            blocks.append((s, e))
    return blocks


def _looks_like_heading(line: str) -> bool:
    """A section marker, or a short capitalised line with no sentence punctuation."""
    if line[0] in SECTION_MARKERS:
        return True
    words = line.split()
    return (
        len(words) <= 12
        and line[0].isupper()
        and line[-1] not in ".!?:;,…" + CLOSERS
        and not _LIST_ITEM.match(line)
    )


def _heading_name(line: str) -> str:
    return line.lstrip(SECTION_MARKERS + " \t").strip()


def _whitespace_pattern(phrase: str) -> re.Pattern[str]:
    return re.compile(r"\s+".join(re.escape(word) for word in phrase.split()))


def segment(text: str, *, title: str | None = None, author: str | None = None) -> list[Unit]:
    """Cut an article into units, in reading order.

    ``title``: where given and the text starts with it (line breaks may differ), that span is the title;
    otherwise the first line is. ``author``: a short line after the title naming them is the byline, and a
    closing paragraph that starts with their name is the author's bio.
    """
    paragraphs = _paragraph_spans(text)
    units: list[Unit] = []
    if not paragraphs:
        return units
    front = "Front matter"
    first = paragraphs[0][0]
    match = _whitespace_pattern(title).match(text, first) if title and title.split() else None
    title_end = match.end() if match else paragraphs[0][1]
    units.append(Unit(first, title_end, "title", front, 0, 0, 1))
    rest = [(max(s, title_end), e) for s, e in paragraphs if e > title_end]
    rest = [(_skip_space(text, s, e), e) for s, e in rest]

    if rest and _is_byline(text[rest[0][0] : rest[0][1]], author):
        units.append(Unit(rest[0][0], rest[0][1], "byline", front, 0, 0, 2))
        rest = rest[1:]

    section, section_no, paragraph = front, 0, 0
    for index, (s, e) in enumerate(rest):
        line = text[s:e]
        paragraph += 1
        if _looks_like_heading(line) and not (index == len(rest) - 1 and _is_bio(line, author)):
            section_no += 1
            section = _heading_name(line) or line
            units.append(Unit(s, e, "heading", section, section_no, paragraph, 1))
            continue
        kind, list_item, body_start = "sentence", None, s
        if index == len(rest) - 1 and _is_bio(line, author):
            kind, section, section_no = "bio", "About the author", section_no + 1
        item = _LIST_ITEM.match(text, s, e)
        if kind == "sentence" and item:
            number = re.match(r"\d+", item.group())
            list_item = int(number.group()) if number else None
            label = _LIST_LABEL.match(text, item.end(), e)
            if label and len(label.group().split()) <= 12:
                units.append(Unit(s, label.end(), "list_label", section, section_no, paragraph, 1, list_item))
                body_start = _skip_space(text, label.end(), e)
        position = len([u for u in units if u.paragraph == paragraph])
        for offset, (a, b) in enumerate(sentence_spans(text, body_start, e), start=1):
            units.append(Unit(a, b, kind, section, section_no, paragraph, position + offset, list_item))
    return units


def _is_byline(line: str, author: str | None) -> bool:
    if len(line.split()) > 10 or line[-1] in ".!?":
        return False
    if author and author.lower() in line.lower():
        return True
    return line.lower().startswith("by ")


def _is_bio(line: str, author: str | None) -> bool:
    return bool(author) and line.startswith(author) and len(line.split()) > 12
