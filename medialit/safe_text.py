"""Text from a learner's file, made safe to show: in a terminal, in a web page, in a spreadsheet.

Anyone who can drop a file in the class folder controls its name and the names and notes inside it. Shown as
written, a few characters do harm without being seen:

* **control characters** (ESC, CSI, BEL, ...) drive the teacher's terminal: ``"\\x1b[2K"`` erases a line, so a
  problem could be hidden. :func:`for_terminal` writes them as escapes instead (``\\x1b``); in a page or a
  spreadsheet :func:`for_display` does the same (and drops the bidirectional controls). The tagger and the name box
  refuse them when typed (:data:`TYPED_CONTROLS`), so only a crafted file carries them.
* **bidirectional controls** (U+202E RIGHT-TO-LEFT OVERRIDE and friends) make the text after them display
  reversed ("Trojan Source", CVE-2021-42574). :func:`without_bidi_controls` drops them; a page then isolates
  each piece of learner text in ``<bdi>`` so right-to-left names (محمد) still display correctly.
* a spreadsheet cell whose **first visible character** is ``= + - @`` is a formula, even after spaces or
  zero-width characters. :func:`first_visible` finds that character.

>>> for_terminal("Ana\\x1b[2K.json")
'Ana\\\\x1b[2K.json'
>>> without_bidi_controls("\\u202egnp.exe")
'gnp.exe'
>>> first_visible("\\u200b\\u00a0 =1+1")
'='
"""

from __future__ import annotations

import re
import unicodedata

__all__ = ["BIDI_CONTROLS", "REORDERING_CONTROLS", "TYPED_CONTROLS", "for_terminal", "for_display", "typed_control", "without_bidi_controls",
           "first_visible", "preview"]

# Embeddings, overrides, isolates and the three marks (Unicode Standard Annex #9, "Explicit Directional Formatting").
BIDI_CONTROLS = "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
_DROP_BIDI = dict.fromkeys(map(ord, BIDI_CONTROLS))
# The embeddings, overrides and isolates: what reverses or hides text. The three marks (LRM, RLM, ALM) only place
# neutral characters beside right-to-left words and are typed in Arabic and Hebrew, so they may be entered.
REORDERING_CONTROLS = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
# Refused when a learner types a name or a note (medialit.tagfile.text_problem): C0 controls but tab and line breaks,
# DEL, the C1 controls (U+0080-U+009F, e.g. the one-character CSI), and the reordering controls.
TYPED_CONTROLS = re.compile(f"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f{REORDERING_CONTROLS}]")
_CONTROL_SHOWN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
# Control, format, lone surrogate, line and paragraph separator: never printed raw to a terminal.
_ESCAPED_CATEGORIES = {"Cc", "Cf", "Cs", "Zl", "Zp"}


def for_terminal(text: object) -> str:
    """``text`` with every control or format character (and any unpaired surrogate) written as a Python escape.

    Letters of every script, accents and emoji are kept; only what a terminal would act on, or could not print,
    is escaped. Use it for every name and message printed to a teacher's terminal.
    """
    text = str(text)
    if text.isprintable():  # the common case, checked in C
        return text
    return "".join(ch.encode("unicode_escape").decode("ascii") if unicodedata.category(ch) in _ESCAPED_CATEGORIES else ch for ch in text)


def typed_control(text: str) -> re.Match | None:
    """The first control character a learner may not type (:data:`TYPED_CONTROLS`), as a match, or None."""
    return TYPED_CONTROLS.search(text)


def for_display(text: str) -> str:
    """``text`` for a web page or a spreadsheet cell: bidirectional controls dropped, other control characters
    (NUL, ESC, C1) written as visible escapes (``\\x1b``); tabs and line breaks kept.

    A crafted file can carry what the tagger refuses to let in; this is what every output does with it.

    >>> for_display("Eve\x1b[2K\u202eevil")
    'Eve\\\\x1b[2Kevil'
    """
    text = without_bidi_controls(text)
    if text.isprintable():
        return text
    return _CONTROL_SHOWN.sub(lambda m: m.group().encode("unicode_escape").decode("ascii"), text)


def without_bidi_controls(text: str) -> str:
    """``text`` without the explicit bidirectional controls listed in :data:`BIDI_CONTROLS`."""
    return text.translate(_DROP_BIDI)


def first_visible(text: str) -> str:
    """The first character of ``text`` that is not white space (tabs, new lines, no-break spaces included) or an
    invisible control or format character (zero-width spaces, U+FEFF, bidirectional controls); ``""`` if none."""
    for ch in text:
        if ch.isprintable() and not ch.isspace():
            return ch
    return ""


def preview(text: str, limit: int) -> str:
    """``text`` if it has at most ``limit`` characters, else its start cut at a word boundary, ending in "…".

    >>> preview("not found anywhere (maybe discontinued)", 30)
    'not found anywhere (maybe…'
    """
    if len(text) <= limit:
        return text
    cut = text[:limit - 1]
    space = max(cut.rfind(" "), cut.rfind("\n"))
    if space > 0 and not text[limit - 1].isspace():  # mid-word: back to the last whole word (unless it is one long word)
        cut = cut[:space]
    return cut.rstrip(" \n\t,;:") + "…"
