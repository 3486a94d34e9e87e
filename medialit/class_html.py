"""The class's tables as HTML, for the report page and the live class view: escaped, headed in words, explained.

Every piece of text from a learner, a file name or the article goes through :func:`escape` (``html.escape``, its
bidirectional controls dropped, other control characters shown as escapes) and sits in ``<bdi>`` (:func:`bdi`), so
a note such as ``<script>`` shows as text and a name with U+202E cannot reverse the text around it. Column headings are words (:mod:`medialit.column_words`),
each table has a caption, headings are ``<th scope="col">``, and a "How to read this table" list under it says
what each column means (a native ``<details>``: reached with Tab, opened with Enter, no script). Each table sits in
a ``<div class="table-scroll">`` (:data:`SCROLL_CLASS`): the page's style gives it ``overflow-x: auto``, so a wide
table scrolls sideways inside its own box instead of widening the page past a projector's or a laptop's width. The
box is a named region Tab reaches (``tabindex="0"``, its caption as its label), so the arrow keys scroll it.

>>> import pandas as pd
>>> print(table(pd.DataFrame({"entropy_bits": [1.0]}), "Spread", decimals=("entropy_bits",), explain=False))
<div class="table-scroll" role="region" aria-label="Spread" tabindex="0"><table><caption>Spread</caption><thead><tr><th scope="col">Spread of answers (bits)</th></tr></thead><tbody><tr class=""><td class="num">1.00</td></tr></tbody></table></div>
"""

from __future__ import annotations

import html
from typing import Callable, Mapping

import numpy as np
import pandas as pd

from .class_stats import MIN_LEARNERS_AGREEMENT, MIN_TAGS_DISPUTED
from .column_words import heading, note
from .safe_text import for_display

__all__ = ["LEVEL_COLUMNS", "SCROLL_CLASS", "escape", "bdi", "table", "how_to_read", "wrong_answers", "level_cells", "too_few_for_agreement", "too_few_for_disputes"]

LEVEL_COLUMNS = ("modal_level", "key_level", "class_level")  # columns that hold a level key
SCROLL_CLASS = "table-scroll"  # the box every table sits in; styled overflow-x: auto where the page is made


def escape(value: object) -> str:
    """Any text as HTML: escaped, its bidirectional controls dropped, other control characters shown as escapes
    (``\\x1b``: a crafted file's, see :func:`medialit.safe_text.for_display`); a missing value is empty."""
    return html.escape(for_display("" if value is None or (isinstance(value, float) and pd.isna(value)) else str(value)), quote=True)


def bdi(value: object) -> str:
    """A piece of learner (or article) text, isolated so its direction cannot spill over the text around it."""
    return f"<bdi>{escape(value)}</bdi>"


def wrong_answers(answers: object) -> str:
    """``[(answer, learners), ...]`` as HTML: each answer quoted and isolated, with how many gave it."""
    if not isinstance(answers, (list, tuple)) or not answers:
        return ""
    return "; ".join(f"“{bdi(answer)}” ({int(count)})" for answer, count in answers)


def level_cells(taxonomy) -> dict[str, Callable[[object], str]]:
    """Cell formatters that show a level's label ("The author's word only") where a column holds its key."""
    labels = {level.key: level.label for level in taxonomy} if taxonomy is not None else {}
    return {column: (lambda key: bdi(labels.get(key, key))) for column in LEVEL_COLUMNS}


def how_to_read(columns: list[str], words: Mapping[str, tuple[str, str]] | None = None) -> str:
    """A native, keyboard-reachable list of what each column means (``words``: a column's own heading and note)."""
    words = words or {}
    described = [words.get(c, (heading(c), note(c))) for c in columns]
    items = "".join(f"<dt>{escape(title)}</dt><dd>{escape(line)}</dd>" for title, line in described if line)
    return f'<details class="how-to-read"><summary>How to read this table</summary><dl>{items}</dl></details>' if items else ""


def table(frame: pd.DataFrame, caption: str, *, percent: tuple[str, ...] = (), decimals: tuple[str, ...] = (), row_class: str = "",
          cells: Mapping[str, Callable[[object], str]] | None = None, explain: bool = True, words: Mapping[str, tuple[str, str]] | None = None) -> str:
    """``frame`` as an HTML table headed in words; ``percent`` and ``decimals`` name columns shown as 42% and 0.42,
    ``cells`` gives a column its own HTML (its function escapes), True/False read "yes"/"no". ``words`` heads (and
    explains) columns :mod:`medialit.column_words` does not know, e.g. one per evidence level: ``{key: (label, note)}``."""
    cells, words = cells or {}, words or {}

    def cell(column: str, value: object) -> str:
        if column in cells:
            return f"<td>{cells[column](value)}</td>"
        if isinstance(value, (bool, np.bool_)):
            return f"<td>{'yes' if value else 'no'}</td>"
        if column in percent and isinstance(value, (int, float)) and not pd.isna(value):
            return f'<td class="num">{value:.0%}</td>'
        if column in decimals and isinstance(value, (int, float)) and not pd.isna(value):
            return f'<td class="num">{value:.2f}</td>'
        if isinstance(value, (int, float)):
            return f'<td class="num">{"" if pd.isna(value) else escape(value)}</td>'
        return f"<td>{bdi(value)}</td>"

    head = "".join(f'<th scope="col">{escape(words[c][0] if c in words else heading(c))}</th>' for c in frame.columns)
    rows = "".join(f'<tr class="{row_class}">' + "".join(cell(c, v) for c, v in zip(frame.columns, row)) + "</tr>" for row in frame.itertuples(index=False))
    # a box that may scroll is reachable by Tab and named by its caption, so a keyboard can scroll it (WCAG 2.1.1)
    markup = f'<div class="{SCROLL_CLASS}" role="region" aria-label="{escape(caption)}" tabindex="0"><table><caption>{escape(caption)}</caption><thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table></div>'
    return markup + (how_to_read(list(frame.columns), words) if explain else "")


def too_few_for_agreement(agreement: pd.DataFrame) -> str:
    """In words, when no agreement can be computed yet (every alpha missing): what is needed. ``""`` when it can."""
    alphas = agreement[["alpha_nominal", "alpha_ordinal"]] if len(agreement) else pd.DataFrame()
    if len(alphas) and alphas.notna().any().any():
        return ""
    return (f"<p>Too few learners for agreement yet: Krippendorff's alpha needs at least {MIN_LEARNERS_AGREEMENT} learners "
            "who tagged the same claims. The figures appear when more hand in.</p>")


def too_few_for_disputes(disputed: pd.DataFrame) -> str:
    """In words, when no claim has enough tags to be called disputed yet. ``""`` when some has."""
    if len(disputed):
        return ""
    return (f"<p>No claim can be called disputed yet: that needs at least {MIN_TAGS_DISPUTED} learners who tagged the same "
            "claim. The list appears when more hand in.</p>")
