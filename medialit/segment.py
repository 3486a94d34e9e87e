"""Split an article into the units a learner tags: title, byline, headings, sentences, list labels, bio.

Every unit is a span ``(start, end)`` of the original text, so ``text[start:end]`` is always exactly the
unit's words: nothing is normalised, and the learner can always find a claim in the article.

The rules are plain and few, chosen for opinion articles copied as plain text:

* the **title** is the text's first paragraph when the caller names it (``title=``, and the text starts with it).
  Otherwise the first paragraph is a title only when it is a *title line*: more text follows it on a later
  line, it is not a list item, and it reads as a headline, not a statement: one sentence at most, not ending in
  a full stop or an ellipsis (``Will the Old Station Reopen?`` is a title; ``The mayor resigned on Monday.`` is
  not). A text without a title line has no title, so all of its sentences are claims: a one-line article
  (``The mayor resigned on Monday. Reports say more officials will follow.``) is two claims, not a title;
* a **byline** is a short line after the title that starts with "By" or names the author;
* a **paragraph** is a line (or, in text that separates paragraphs with blank lines, a block of lines); a line
  ends at LF, CRLF or CR alike, and a line of four or more words without closing punctuation followed by a line
  starting in lower case is one wrapped paragraph;
* a **heading** is a line that starts with a section marker (``·``, ``§``, ``#``) or a short line with no
  sentence punctuation;
* a **list item** starts with ``1.``, ``2)``, ``-``, ``*`` or ``•``; a short label ending in a colon
  (``1. Border Geopolitics and Information Flow:``) is a unit of its own;
* a **sentence**: see :mod:`medialit.sentences` for the splitting rules and their Golden Rules score.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .sentences import CLOSERS, Span, _skip_space, sentence_spans

__all__ = ["Span", "Unit", "sentence_spans", "unit_spans", "split_sentences", "segment"]


SECTION_MARKERS = "·§#"
_LIST_ITEM = re.compile(r"(?:\d{1,3}[.)]|[-*•–])[ \t]+")
_BREAK = r"(?:\r\n|\r(?!\n)|\n)"  # one line break: CRLF (Windows), CR (old Mac) or LF
_LIST_LABEL = re.compile(r"[^.!?:\n\r]{1,80}:")
_LINE = re.compile(r"[^\r\n]+")
_BLANK_LINE = re.compile(rf"{_BREAK}[ \t]*{_BREAK}")
_BLANK_LINE_BETWEEN_TEXT = re.compile(rf"\S[ \t]*{_BREAK}[ \t]*{_BREAK}\s*\S")


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


def unit_spans(text: str) -> list[Span]:
    """Spans of every paragraph's sentences in reading order, with a list item's label (``2. Investigation:``)
    as a span of its own: the pieces :func:`split_sentences` returns, without :func:`segment`'s title and byline."""
    spans: list[Span] = []
    for start, end in _paragraph_spans(text):
        item = _LIST_ITEM.match(text, start, end)
        label = _LIST_LABEL.match(text, item.end(), end) if item else None
        if label and len(label.group().split()) <= 12:
            spans.append((start, label.end()))
            start = _skip_space(text, label.end(), end)
        if start < end:
            spans.extend(sentence_spans(text, start, end))
    return spans


def split_sentences(text: str) -> list[str]:
    """Split plain text into sentences, keeping each one's exact characters.

    >>> split_sentences("The U.S. border is long. Dr. Smith said so… Really? Yes.")
    ['The U.S. border is long.', 'Dr. Smith said so…', 'Really?', 'Yes.']
    """
    return [text[s:e] for s, e in unit_spans(text)]


def _line_spans(text: str) -> list[Span]:
    """Non-blank lines as spans, trimmed; any of \\n, \\r\\n or \\r ends a line."""
    spans = []
    for m in _LINE.finditer(text):
        line = m.group()
        words = line.strip()
        if words:
            start = m.start() + len(line) - len(line.lstrip())
            spans.append((start, start + len(words)))
    return spans


def _paragraph_spans(text: str) -> list[Span]:
    """One span per paragraph: a line, or where blank lines separate paragraphs, a block of lines.

    Either way a line that starts in lower case after a line of four or more words with no closing
    punctuation continues it (text copied from a PDF or a narrow column: ``It was a cold\\nnight in the
    city.``); shorter lines stay apart (a lower-case list: ``features\\ncontact manager``).
    """
    lines = _line_spans(text)
    blank_lines = _BLANK_LINE_BETWEEN_TEXT.search(text) is not None
    blocks: list[Span] = []
    for number, (s, e) in enumerate(lines):
        if not blocks:
            blocks.append((s, e))
            continue
        previous = blocks[-1]
        blank = s - previous[1] > 1 and _BLANK_LINE.search(text, previous[1], s) is not None  # one character: one break
        last_line = text[slice(*lines[number - 1])]  # the last line of the block so far
        continues = not blank and text[s].islower() and last_line[-1] not in ".!?…:;" and len(last_line.split()) >= 4
        same_block = (
            blank_lines
            and not blank
            and not _looks_like_heading(text[s:e])
            and not _LIST_ITEM.match(text, s)
            and not (previous[1] - previous[0] < 300 and _looks_like_heading(text[previous[0] : previous[1]]))
        )
        if continues or same_block:
            blocks[-1] = (previous[0], e)
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


FRONT_MATTER = "Front matter"  # the title and byline
OPENING = "Opening"  # sentences before the first heading
WHOLE_ARTICLE = "The article"  # every sentence of an article that has no headings


def segment(text: str, *, title: str | None = None, author: str | None = None) -> list[Unit]:
    """Cut an article into units, in reading order.

    ``title``: where given and the text starts with it (line breaks may differ), that span is the title;
    otherwise the first line is, if it is a title line (see the rules above); if not, the text has no title.
    ``author``: a short line after the title naming them is the byline, and a closing paragraph that starts
    with their name is the author's bio.
    """
    paragraphs = _paragraph_spans(text)
    units: list[Unit] = []
    if not paragraphs:
        return units
    front = FRONT_MATTER
    first = paragraphs[0][0]
    match = _whitespace_pattern(title).match(text, first) if title and title.split() else None
    rest = paragraphs
    if match or _is_title_line(text, paragraphs):
        title_end = match.end() if match else paragraphs[0][1]
        units.append(Unit(first, title_end, "title", front, 0, 0, 1))
        rest = [(max(s, title_end), e) for s, e in paragraphs if e > title_end]
        rest = [(_skip_space(text, s, e), e) for s, e in rest]
        if rest and _is_byline(text[rest[0][0] : rest[0][1]], author):
            units.append(Unit(rest[0][0], rest[0][1], "byline", front, 0, 0, 2))
            rest = rest[1:]

    # Sentences before the first heading: the article's opening, or, in an article with no headings, all of it.
    has_headings = any(_looks_like_heading(text[s:e]) for s, e in rest)
    section, section_no, paragraph = (OPENING if has_headings else WHOLE_ARTICLE), 0, 0
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
        position = sum(1 for u in reversed(units[-3:]) if u.paragraph == paragraph)  # at most a list label before
        for offset, (a, b) in enumerate(sentence_spans(text, body_start, e), start=1):
            units.append(Unit(a, b, kind, section, section_no, paragraph, position + offset, list_item))
    return units


def _is_title_line(text: str, paragraphs: list[Span]) -> bool:
    """Is the first paragraph a title? More text follows it, and it reads as a headline (see the module's rules)."""
    start, end = paragraphs[0]
    if len(paragraphs) < 2 or _LIST_ITEM.match(text, start, end):
        return False
    ending = text[start:end].rstrip(CLOSERS)  # `"Who Pays?"` ends in its question mark
    return len(sentence_spans(text, start, end)) == 1 and not ending.endswith((".", "…"))


def _is_byline(line: str, author: str | None) -> bool:
    if len(line.split()) > 10 or line[-1] in ".!?":
        return False
    if author and author.lower() in line.lower():
        return True
    return line.lower().startswith("by ")


def _is_bio(line: str, author: str | None) -> bool:
    return bool(author and line.startswith(author) and len(line.split()) > 12)
