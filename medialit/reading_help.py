"""Help with reading: the article's hardest paragraphs in plain words, and the evidence pack for reading laterally.

>>> gloss()                              # a lesson shows it with this one call; a widget, shown by a notebook   # doctest: +SKIP
>>> evidence_pack("01")                  # a widget, shown by a notebook   # doctest: +SKIP

**The gloss** (``data/article_gloss.csv``) restates the article's hardest paragraphs (they read at about US grade
15-20) in short sentences a fifteen-year-old can follow, keeping the author as the speaker ("The author says ...")
and keeping every hedge ("may", "said to be"), so the plain version never claims more than the article does. It
helps a reader understand the text; it is not evidence, and the lessons always weigh the article's own words.

**The evidence pack** (``data/evidence_pack/<lesson>.csv``) holds short, attributed excerpts of pages about the
article's author and publisher, each with its address and the day it was read, so a class without internet can
still read laterally. Every excerpt is quoted word for word, for criticism and teaching, and ``docs/sources.md``
lists every address. Rows are grouped under the four questions lateral reading asks (:data:`QUESTIONS`).

Both codebooks are in ``data/README.md``. Every text is escaped before it becomes HTML.
"""

from __future__ import annotations

import html
import re

import pandas as pd
from IPython.display import HTML

from . import data
from .csvrows import read_table
from .errors import DataFileError

__all__ = ["GLOSS_FILE", "PACK_FOLDER", "QUESTIONS", "load_gloss", "gloss", "load_evidence_pack", "evidence_pack"]

GLOSS_FILE = "article_gloss.csv"
GLOSS_COLUMNS = ["paragraph", "first_claim", "last_claim", "plain", "words"]
PACK_FOLDER = "evidence_pack"
PACK_COLUMNS = ["source_id", "question", "title", "site", "published", "url", "accessed", "whose_words", "excerpt", "what_it_shows"]
QUESTIONS = ("Who is the author?", "Who is the publisher?", "What else do they publish?", "What might they stand to gain?")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_BOX = "border-left:4px solid #767676;padding:0.3em 0.8em;margin:0.5em 0"


def load_gloss() -> pd.DataFrame:
    """The gloss, checked: every row names an existing paragraph and the claims that make it up, in order."""
    file = data.path(GLOSS_FILE)
    frame = read_table(file, GLOSS_COLUMNS)
    claims = data.load("claims").set_index("claim_id")
    for number, row in enumerate(frame.itertuples(index=False), start=2):
        where = f"row {number}"
        for column in ("first_claim", "last_claim"):
            if getattr(row, column) not in claims.index:
                raise DataFileError(file, f"'{column}' is {getattr(row, column)!r}, which is not a claim of the article.", where=where, fix="use a claim ID from data/claims.csv.")
        paragraphs = {str(claims.at[row.first_claim, "paragraph"]), str(claims.at[row.last_claim, "paragraph"])}
        if paragraphs != {row.paragraph} or row.first_claim > row.last_claim:
            raise DataFileError(file, f"claims {row.first_claim}-{row.last_claim} are not paragraph {row.paragraph!r} (they are in {sorted(paragraphs)}).", where=where,
                                fix="give the paragraph's first and last claim, from data/claims.csv.")
        if not row.plain.strip():
            raise DataFileError(file, "'plain' is empty.", where=where, fix="write the paragraph in plain words.")
    return frame


def _original(first: str, last: str) -> str:
    claims = data.load("claims")
    ids = claims["claim_id"]
    return " ".join(claims.loc[(ids >= first) & (ids <= last), "text"])


def gloss(paragraphs: list[int] | None = None) -> HTML:
    """The plain-words version of the hardest paragraphs (all, or only those numbered in ``paragraphs``)."""
    frame = load_gloss()
    if paragraphs is not None:
        frame = frame[frame["paragraph"].astype(int).isin(paragraphs)]
    parts = ["<div class='medialit-gloss'><p><strong>The hardest paragraphs, in plain words.</strong> "
             "This helps you read the article; it is not evidence. When you weigh a claim, go back to the article's own words.</p>"]
    for row in frame.itertuples(index=False):
        words = f"<p style='margin:0.2em 0;font-size:0.92em'><em>Hard words:</em> {html.escape(row.words)}</p>" if row.words.strip() else ""
        parts.append(
            f"<div style='{_BOX}'><p style='margin:0.2em 0'><strong>{html.escape(row.first_claim)}-{html.escape(row.last_claim)}</strong> "
            f"{html.escape(row.plain)}</p>{words}<details><summary>The article's own words</summary>"
            f"<blockquote>{html.escape(_original(row.first_claim, row.last_claim))}</blockquote></details></div>"
        )
    return HTML("".join(parts) + "</div>")


def load_evidence_pack(lesson: str | int) -> pd.DataFrame:
    """Lesson ``lesson``'s evidence pack ("01" or 1), checked: known questions, web addresses, dates of reading."""
    number = f"{int(lesson):02d}"
    matches = sorted(data.path(PACK_FOLDER).glob(f"{number}-*.csv"))
    if not matches:
        raise DataFileError(data.path(PACK_FOLDER), f"has no evidence pack for lesson {number} (a file named {number}-<lesson>.csv).",
                            fix="restore it from git, or give the lesson's number of an existing pack.")
    frame = read_table(matches[0], PACK_COLUMNS)
    for number_, row in enumerate(frame.itertuples(index=False), start=2):
        where = f"row {number_} ({row.source_id})"
        problem = (f"'question' is {row.question!r}; use one of {list(QUESTIONS)}." if row.question not in QUESTIONS else
                   f"'url' is {row.url!r}; give the page's full web address." if not row.url.startswith(("https://", "http://")) else
                   f"'accessed' is {row.accessed!r}; give the day the page was read as YYYY-MM-DD." if not _DATE.match(row.accessed) else
                   "'what_it_shows' is empty." if not row.what_it_shows.strip() else None)
        if problem:
            raise DataFileError(matches[0], problem, where=where, fix="correct the row; the codebook is in data/README.md.")
    if frame["source_id"].duplicated().any():
        raise DataFileError(matches[0], f"'source_id' repeats {sorted(set(frame.loc[frame['source_id'].duplicated(), 'source_id']))}.", fix="give every row its own source_id.")
    return frame


def evidence_pack(lesson: str | int = "01") -> HTML:
    """Lesson ``lesson``'s evidence pack, grouped by the question each source helps answer."""
    frame = load_evidence_pack(lesson)
    parts = ["<div class='medialit-evidence-pack'><p><strong>Evidence pack</strong>: short quotations from other pages, "
             "each with its address and the day it was read. Online, open the pages yourself: they may have changed.</p>"]
    for question in QUESTIONS:
        rows = frame[frame["question"] == question]
        if rows.empty:
            continue
        parts.append(f"<h4 style='margin:0.8em 0 0.2em 0'>{html.escape(question)}</h4>")
        for row in rows.itertuples(index=False):
            quote = f"<blockquote style='margin:0.3em 0 0.3em 1em'>“{html.escape(row.excerpt)}”</blockquote>" if row.excerpt.strip() else ""
            when = f", {html.escape(row.published)}" if row.published.strip() else ""
            parts.append(
                f"<div style='{_BOX}'><p style='margin:0.2em 0'><strong>{html.escape(row.title)}</strong> · {html.escape(row.site)}{when}</p>"
                f"<p style='margin:0.2em 0;font-size:0.9em'>Whose words: {html.escape(row.whose_words)}. "
                f"Address: {html.escape(row.url)} (read {html.escape(row.accessed)})</p>{quote}"
                f"<p style='margin:0.2em 0'><em>What it shows:</em> {html.escape(row.what_it_shows)}</p></div>"
            )
    return HTML("".join(parts) + "</div>")
