"""Where sentences end: the rules of the splitter, and nothing about paragraphs, headings or sections.

``sentence_spans(text, start, end)`` returns the spans of the sentences in one paragraph; the spans are offsets
into ``text``, never copies, so a claim can always be found again in the article.

* a **sentence** ends at ``.``, ``!``, ``?`` or ``…`` (with any closing quotes) followed by a space and a
  capital, digit, opening quote or ``/`` — unless the word before the stop is an abbreviation (``Jan.``,
  ``Dr.``) or an initial (``M.``, ``U.S.``), or a closing citation follows (``" (Smith 55).``). After an
  abbreviation a sentence does end when the next word usually opens one (``and co. They``, ``the U.S. How``),
  never after a title (``Dr.``, ``Mr.``);
* **list items on one line** split where the numbering continues (``1) The first item 2) The second item``,
  ``a. ... b. ...``, ``• 9. ... • 10. ...``); a marker's own full stop (``1.``) never ends a sentence;
* **ellipses**: ``...`` and ``…`` end a sentence like a full stop; three spaced dots (``. . .``) never do; four end
  it (``compounds. . . . The practice``: after the first dot when it is glued to the word);
* **glued sentences** (``Hello world.Today is Tuesday.``) split between a word and a capitalised word, except in
  web or e-mail addresses and after abbreviations;
* decimals (``3.14``, ``$100.00``), URLs and e-mail addresses never end a sentence, because no space follows
  their dots.

Measured on the English "Golden Rules" (``benchmarks/bench_sentences.py``): 47 of 48 cases plus 4 of 4 extras,
against pySBD 0.3.4's 47 + 1. The look-around is bounded, so any input is split in linear time.
"""

from __future__ import annotations

import re

__all__ = ["Span", "ABBREVIATIONS", "TITLES", "SENTENCE_OPENERS", "sentence_spans"]

Span = tuple[int, int]

# Words that end with a full stop without ending the sentence. Lower-case, without the stop.
ABBREVIATIONS = frozenset(
    """
    mr mrs ms dr prof sr jr st mt rev fr gen col lt capt cmdr sgt maj adm gov sen rep pres supt insp
    jan feb mar apr jun jul aug sep sept oct nov dec mon tue wed thu fri sat sun
    no nos vol vols fig figs p pp ch sec art ed eds est approx dept univ assn bros co corp inc ltd
    vs etc e.g i.e cf al viz ca c a.m p.m n°
    """.split()
)
# Words that usually open a sentence: after "U.S." or "co." they mean the stop did end the sentence.
SENTENCE_OPENERS = frozenset(
    """the a an i it he she we they this that these those in on but and so yet how what why who where when
    did do does is are was were there here you my our his her its their however after before if""".split()
)
# Abbreviations that always come before a name, so never end a sentence.
TITLES = frozenset("mr mrs ms dr prof sr st mt rev fr gen col lt capt cmdr sgt maj adm gov sen rep pres supt insp".split())

CLOSERS = "\"'”’»)]}"
OPENERS = "\"'“‘«([{"
_TERMINAL = re.compile(r"[.!?…]+")
ROUND_BULLETS = "•⁃"
# A list marker at the start of a paragraph: `1.`, `2)`, `1.)`, `a.`, `• 9.`, `⁃10.`, or a bullet alone.
_MARKER = re.compile(
    r"(?P<bullet>[•⁃])?[ \t]*(?:(?P<num>\d{1,3})|(?P<letter>[a-z]))(?P<close>\.\)|\.|\))[ \t]+(?=\S)"
    r"|(?P<only>[•⁃*–-])[ \t]+(?=\S)"
)
_LONGEST_WORD = 60  # look no further than this for the word around a stop, so no input can make the splitter slow
_WORD_CHARS = re.compile(r"[^\s\"'“‘«(\[{]*")  # a word before a stop: after a space or an opening quote
_INITIALS = re.compile(r"(?:[a-z]\.)*[a-z]")
_ASCII_WORD = re.compile(r"[A-Za-z]+")
_TOKEN_CHARS = re.compile(r"\S*")
_SPACED_ELLIPSIS = re.compile(r"\.(?:[ \t]\.){2,}")
_CAPITALISED = re.compile(r"[A-Z][a-z]")
_TWO_LOWER = re.compile(r"[a-z0-9]{2}")
_ADDRESS = re.compile(r"@|://|www\.|\.(?:com|org|net|edu|gov|io|uk|html?)\b", re.IGNORECASE)
_SPACED_SLASH = re.compile(r"\s+/\s+(?=[A-Z“\"])")


def _word_before(text: str, stop: int) -> str:
    """The word that ends just before position ``stop`` (a full stop), lower-cased."""
    return text[slice(*_run_before(text, stop, _WORD_CHARS))].lower()


def _run_before(text: str, stop: int, run: re.Pattern[str]) -> tuple[int, int]:
    """The run of ``run`` characters that ends at ``stop`` (or at a line break just before it), looking back no
    further than ``_LONGEST_WORD`` characters: the window is read backwards, so every stop costs one short match."""
    limit = max(0, stop - _LONGEST_WORD)
    end = stop - 1 if stop > limit and text[stop - 1] == "\n" else stop
    found = run.match(text[limit:end][::-1])
    assert found is not None, "every run pattern here matches the empty string"
    return end - found.end(), end


def _is_abbreviation(word: str) -> bool:
    bare = word.rstrip(".")
    if bare in ABBREVIATIONS or bare.rsplit(".", 1)[-1] in TITLES:  # also `Tuesday.Mr.` glued to a sentence
        return True
    # an initial ("M." in "London M. University") or initials ("U.S", "e.g")
    return _INITIALS.fullmatch(bare) is not None


def _opens_sentence(text: str, pos: int) -> bool:
    """True when the text at ``pos`` can start a new sentence."""
    if pos >= len(text):
        return True
    ch = text[pos]
    if ch in OPENERS or ch == "/":
        return True
    return ch.isupper() or ch.isdigit()


def sentence_spans(text: str, start: int = 0, end: int | None = None) -> list[Span]:
    """Spans of the sentences in ``text[start:end]``, as offsets into ``text``; spaces between them are left out.

    A run of list items on one line (``1) The first item 2) The second item``) gives one span per item.
    """
    end = len(text) if end is None else end
    spans: list[Span] = []
    for item_start, item_end, body in _inline_items(text, start, end):
        spans.extend(_sentences(text, item_start, item_end, body))
    return _split_at_slashes(text, spans)


def _inline_items(text: str, start: int, end: int) -> list[tuple[int, int, int]]:
    """``(start, end, body)`` per list item when the text opens with a list marker, else one piece.

    ``body`` is where the item's words begin, so the marker's own full stop (``1.``) never ends a sentence.
    Further items on the same line count only when numbered in sequence (``2)`` after ``1)``, ``b.`` after ``a.``)
    or marked with the same round bullet (``•``, ``⁃``).
    """
    first = _skip_space(text, start, end)
    marker = _MARKER.match(text, first, end)
    if not marker:
        return [(first, end, first)]
    pieces: list[tuple[int, int, int]] = []
    item_start, body = first, marker.end()
    while True:
        following = _next_marker(text, marker, body, end)
        if following is None:
            pieces.append((item_start, end, body))
            return pieces
        pieces.append((item_start, _strip_end(text, item_start, following.start()), body))
        item_start, body, marker = following.start(), following.end(), following


def _next_marker(text: str, marker: re.Match[str], pos: int, end: int) -> re.Match[str] | None:
    bullet, number, letter, close = marker.group("bullet", "num", "letter", "close")
    if number:
        label = re.escape(bullet or "") + r"[ \t]*" + str(int(number) + 1) + re.escape(close)
    elif letter and letter < "z":
        label = re.escape(bullet or "") + r"[ \t]*" + chr(ord(letter) + 1) + re.escape(close)
    elif marker.group("only") in ROUND_BULLETS:
        label = re.escape(marker.group("only"))
    else:
        return None
    found = re.compile(rf"(?<=\s)(?:{label})[ \t]*(?=\S)").search(text, pos, end)
    return _MARKER.match(text, found.start(), end) if found else None


def _sentences(text: str, start: int, end: int, body: int) -> list[Span]:
    """The sentence loop: cut ``text[start:end]`` at each stop that ends a sentence; scan from ``body``."""
    if not _TERMINAL.search(text, body, end):  # no stop at all: one sentence
        return [(start, _strip_end(text, start, end))] if start < end else []
    spans: list[Span] = []
    ignored, openers = _spaced_ellipses(text, body, end)
    sentence_start = start
    for match in _TERMINAL.finditer(text, body, end):
        stop = match.end()
        if stop <= sentence_start or match.start() in ignored:
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
            if not _glued_sentence(text, match, after):
                continue  # no space after the stop: "U.S.-Mexico", "3.14", "example.com"
        elif nxt < end and nxt not in openers and not _opens_sentence(text, nxt):
            continue
        if nxt < end and text[nxt] == "(" and _is_trailing_citation(text, nxt, end):
            continue  # `"... stairways [...]" (Smith 55).`: the citation belongs to the sentence
        if match.group() == ".":
            word = _word_before(text, match.start())
            if _is_abbreviation(word) and not _abbreviation_ends_sentence(text, word, nxt, end):
                continue
        spans.append((sentence_start, after))
        sentence_start = nxt
    if sentence_start < end:
        spans.append((sentence_start, _strip_end(text, sentence_start, end)))
    return spans


def _spaced_ellipses(text: str, start: int, end: int) -> tuple[set[int], set[int]]:
    """Full stops inside spaced ellipses (``. . .``) that do not end a sentence, and where one may start.

    Three spaced dots never end a sentence. Four end it: after the first dot when it is glued to a word
    (``compounds. . . . The``, the next sentence then opens with ``. . .``), else after the last dot.
    """
    ignored: set[int] = set()
    openers: set[int] = set()
    for m in _SPACED_ELLIPSIS.finditer(text, start, end):
        dots = [m.start() + i for i, ch in enumerate(m.group()) if ch == "."]
        glued = m.start() > 0 and text[m.start() - 1].isalnum()
        rest = m.end()
        while rest < end and (text[rest] in CLOSERS or text[rest] in "”’" or text[rest].isspace()):
            rest += 1
        if len(dots) >= 4 and glued and rest < end:
            ignored.update(dots[1:])
            openers.add(dots[1])
        elif glued and rest >= end:
            ignored.update(dots)  # `less complex. . . .”` at the very end: one sentence
        elif len(dots) >= 4:
            ignored.update(dots[:-1])
        else:
            ignored.update(dots)
    return ignored, openers


def _glued_sentence(text: str, match: re.Match[str], after: int) -> bool:
    """``Hello world.Today is Tuesday.``: a full stop between a word and a capitalised word, outside addresses."""
    if match.group() != "." or not _CAPITALISED.match(text, after) or not _TWO_LOWER.fullmatch(text, max(0, match.start() - 2), match.start()):
        return False
    token = text[slice(*_run_before(text, match.start(), _TOKEN_CHARS))]
    rest = _TOKEN_CHARS.match(text, match.start(), min(len(text), after + _LONGEST_WORD))
    token += rest.group() if rest else ""
    return not _ADDRESS.search(token) and not _is_abbreviation(_word_before(text, match.start()))


def _is_trailing_citation(text: str, open_paren: int, end: int) -> bool:
    close = text.find(")", open_paren, min(end, open_paren + 200))
    return close > 0 and close + 1 < end + 1 and text[close + 1 : close + 2] in (".", "!", "?") and "\n" not in text[open_paren:close]


def _abbreviation_ends_sentence(text: str, word: str, nxt: int, end: int) -> bool:
    """After an abbreviation, a new sentence starts only where the next word is one that usually opens one.

    ``and co. They should know`` and ``in the U.S. How about you?`` end; ``Dr. Smith`` and ``U.S. Senate`` do not.
    A title such as ``Dr.`` or ``Mr.`` is always followed by a name.
    """
    word = word.rstrip(".")
    if word.rsplit(".", 1)[-1] in TITLES:
        return False
    following = _ASCII_WORD.match(text, nxt, end)
    return following is not None and following.group().lower() in SENTENCE_OPENERS and following.group()[0].isupper()


def _split_at_slashes(text: str, spans: list[Span]) -> list[Span]:
    """Split at a spaced slash before a capital (`@EQFARD / The newly ...`): web footers use it as a separator."""
    out: list[Span] = []
    for s, e in spans:
        cut = s
        for m in _SPACED_SLASH.finditer(text, s, e) if text.find("/", s, e) >= 0 else ():
            if m.start() > cut:
                out.append((cut, m.start()))
                cut = m.start() + len(m.group()) - len(m.group().lstrip())  # at the slash
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
