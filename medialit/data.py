"""The series' own case study and data files, by name, so no notebook ever needs a relative path.

>>> from medialit import data
>>> data.load("claims").shape[1]
10
>>> "taxonomy" in data.names()
True
>>> data.load_case().id
'fbi-jttf-iran-espionage'

This is the **top layer**: the one place that knows which case is the series' own (``DEFAULT_CASE``, the pack
in ``data/cases/``). :func:`load_case` reads it, or any other case pack by folder or by id; the lessons, the
tagger and the ``medialit`` command call it and hand the case down. Nothing below imports this module.

Every loader checks what it reads and raises :class:`~medialit.errors.DataFileError` naming the file, the row or
field and the fix. The folder is ``data/`` beside the package; set ``MEDIALIT_DATA_DIR`` to use another one
(an instructor's own copy, say).
"""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path
from typing import Any, Callable

from . import lexicon as _lexicon
from . import series
from .article import Article
from .case import CLAIMS_FILE, CASE_FILE, ARTICLE_FILE, KEY_FILE, CaseStudy, read_case
from .errors import DataFileError
from .taxonomy import Taxonomy, load_taxonomy as _read_taxonomy

__all__ = ["DEFAULT_CASE", "ARTICLE_SHA256", "data_dir", "cases_dir", "case_folder", "load_case", "path", "load", "names",
           "load_article", "load_taxonomy", "sample_paths", "SAMPLE_DIR", "PROBLEMS_DIR"]

DEFAULT_CASE = "fbi-jttf-iran-espionage"
ARTICLE_SHA256 = "2d4e1e0a5481733b7465a495ddef2f42b43bc18cddb3f662427807621d09c054"
SAMPLE_DIR, PROBLEMS_DIR = "sample_class", "sample_class_problems"
# The series' case once lived directly in data/; the old names still find its files in the pack.
_MOVED = {"article.txt": ARTICLE_FILE, "article.json": CASE_FILE, "claims.csv": CLAIMS_FILE, "answer_key.csv": KEY_FILE}

data_dir = series.data_dir


def cases_dir() -> Path:
    """The folder of case packs: ``data/cases/``."""
    return data_dir() / "cases"


def case_folder(case: str | os.PathLike | None = None) -> Path:
    """The folder of a case pack: the series' own for None, ``data/cases/<id>`` for an id, else the path given.

    A relative path that is not there is also looked for from the project's folder, so a notebook (which runs
    in ``notebooks/``) finds ``"data/cases/city-budget"`` as a terminal in the project folder does.
    """
    if case is None:
        return cases_dir() / DEFAULT_CASE
    folder = Path(case)
    if folder.exists() or folder.is_absolute():
        return folder
    for candidate in (cases_dir() / folder, data_dir().parent / folder):
        if candidate.is_dir():
            return candidate
    return folder


def load_case(case: str | os.PathLike | CaseStudy | None = None) -> CaseStudy:
    """A case study: the series' own (no argument), a pack under ``data/cases/`` by id, or a pack's folder.

    Read once, then again only when one of the pack's files changes.
    """
    if isinstance(case, CaseStudy):
        return case
    folder = case_folder(case).resolve()
    return _cached_case(str(folder), _stamps(folder))


@lru_cache(maxsize=16)
def _cached_case(folder: str, stamps: tuple) -> CaseStudy:
    return read_case(folder)


def _stamps(folder: Path) -> tuple:
    """Every file of a pack (and the series' taxonomy it may use) with its change time and size: the cache key."""
    try:
        entries = sorted((entry.name, entry.stat().st_mtime_ns, entry.stat().st_size) for entry in os.scandir(folder) if entry.is_file())
    except OSError:
        entries = []
    taxonomy = series.path(series.TAXONOMY_FILE)
    try:
        info = taxonomy.stat()
        entries.append(("<series taxonomy>", info.st_mtime_ns, info.st_size))
    except OSError:
        pass
    return tuple(entries)


def path(filename: str) -> Path:
    """The full path of a file in the data folder (it need not exist yet).

    The series' case files that moved into its pack (``article.txt``, ``article.json`` -> ``case.json``,
    ``claims.csv``, ``answer_key.csv``) are found there by their old names.
    """
    if filename in _MOVED:
        return case_folder() / _MOVED[filename]
    return series.path(filename)


def load_article() -> Article:
    """The series' case-study article, with its reviewed claims table."""
    return load_case().article


def load_taxonomy(filename: str | None = None) -> Taxonomy:
    """The series' evidence levels (the case study's), or those of another taxonomy file in the data folder."""
    return load_case().taxonomy if filename is None else _read_taxonomy(series.path(filename))


def sample_paths(problems: bool = False) -> list[Path]:
    """The committed sample class's files, sorted; ``problems=True`` adds the four deliberately bad ones."""
    files = sorted(series.path(SAMPLE_DIR).glob("*.json"))
    return files + (sorted(series.path(PROBLEMS_DIR).glob("*.json")) if problems else [])


def _key_table():
    key = load_case().key
    if key is None:
        raise DataFileError(case_folder() / KEY_FILE, "the series' case has no answer key.", fix="restore it from git: git checkout -- data/cases/")
    return key.to_frame()


LOADERS: dict[str, Callable[[], Any]] = {
    "case": load_case,
    "article": lambda: load_case().article.text,
    "article_info": lambda: dict(load_case().provenance),
    "claims": lambda: load_case().claims.copy(),
    "taxonomy": lambda: load_case().taxonomy,
    "answer_key": _key_table,
    "lexicon": lambda: _lexicon.lexicon_table(series.path(series.LEXICON_FILE)),
}


def names() -> list[str]:
    """The names :func:`load` accepts."""
    return sorted(LOADERS)


def load(name: str) -> Any:
    """Load a data set of the series' case by name: ``"claims"`` (DataFrame), ``"article"`` (the exact text),
    ``"taxonomy"``, ``"answer_key"``, ``"case"`` (the whole :class:`~medialit.case.CaseStudy`), ...

    See :func:`names` for the full list and ``data/README.md`` for what each file holds.
    """
    try:
        loader = LOADERS[name]
    except KeyError:
        raise DataFileError(data_dir(), f"there is no data set called {name!r}.", fix=f"use one of {names()}.") from None
    return loader()
