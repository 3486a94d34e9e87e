"""Load the series' data files by name, so no notebook ever needs a relative path.

>>> from medialit import data
>>> data.load("claims").shape[1]
10
>>> "taxonomy" in data.names()
True

Every loader checks what it reads and raises :class:`~medialit.errors.DataFileError` naming the file, the row or
field and the fix. The folder is ``data/`` beside the package; set ``MEDIALIT_DATA_DIR`` to use another one
(an instructor's own copy, say).
"""

from __future__ import annotations

import hashlib
import json
import os
from functools import lru_cache
from pathlib import Path
from typing import Any, Callable

import pandas as pd

from .article import Article, validate_claims
from .errors import DataFileError
from .taxonomy import Taxonomy, load_taxonomy as _read_taxonomy
from . import lexicon as _lexicon  # the signal word list (data/lexicon.csv), checked row by row
from . import answer_key as _answer_key  # the key loader; it calls back into this module only when used

__all__ = ["data_dir", "path", "load", "names", "load_article", "load_taxonomy", "ARTICLE_SHA256"]

ARTICLE_SHA256 = "2d4e1e0a5481733b7465a495ddef2f42b43bc18cddb3f662427807621d09c054"


def data_dir() -> Path:
    """The folder the data files are read from: ``$MEDIALIT_DATA_DIR`` or the project's ``data/``."""
    override = os.environ.get("MEDIALIT_DATA_DIR")
    return Path(override) if override else Path(__file__).resolve().parent.parent / "data"


def path(filename: str) -> Path:
    """The full path of a file in the data folder (it need not exist yet)."""
    return data_dir() / filename


def read_csv(filename: str, required: list[str]) -> pd.DataFrame:
    """Read a data CSV as text columns and check its header names every required column."""
    file = path(filename)
    try:
        frame = pd.read_csv(file, dtype=str, keep_default_na=False, encoding="utf-8")
    except FileNotFoundError:
        raise DataFileError(file, "file not found.", fix="restore it from git (git checkout -- data/), or set MEDIALIT_DATA_DIR to the folder that has it.") from None
    except (UnicodeDecodeError, pd.errors.ParserError) as exc:
        raise DataFileError(file, f"cannot be read as CSV ({exc}).", fix="save it as CSV UTF-8 with one header row.") from None
    missing = [column for column in required if column not in frame.columns]
    if missing:
        raise DataFileError(file, f"missing column(s) {missing}; found {list(frame.columns)}.", where="header", fix=f"the header must include {required}.")
    return frame


def _article_text() -> str:
    file = path("article.txt")
    try:
        raw = file.read_bytes()
    except FileNotFoundError:
        raise DataFileError(file, "file not found.", fix="restore it from git: git checkout -- data/article.txt") from None
    digest = hashlib.sha256(raw).hexdigest()
    if digest != _article_info()["sha256"]:
        raise DataFileError(file, f"has SHA-256 {digest[:16]}..., not the {_article_info()['sha256'][:16]}... recorded in article.json.", fix="the article must stay byte-for-byte as published; restore it from git.")
    return raw.decode("utf-8")


def _article_info() -> dict[str, Any]:
    file = path("article.json")
    try:
        return json.loads(file.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise DataFileError(file, "file not found.", fix="restore it from git.") from None
    except json.JSONDecodeError as exc:
        raise DataFileError(file, f"is not valid JSON ({exc.msg}).", where=f"line {exc.lineno}, column {exc.colno}", fix="restore it from git.") from None


def _claims() -> pd.DataFrame:
    frame = read_csv("claims.csv", ["claim_id", "text", "start", "end"])
    return validate_claims(frame, _article_text(), path("claims.csv"))


@lru_cache(maxsize=None)
def _cached_article(directory: str) -> Article:
    info = _article_info()
    return Article(_article_text(), title=info["title"], author=info["author"], source=info["url"], claims=_claims())


def load_article() -> Article:
    """The case-study article, with its reviewed claims table (cached: the files are read once)."""
    return _cached_article(str(data_dir()))


def load_taxonomy(filename: str = "taxonomy.csv") -> Taxonomy:
    """The evidence-level taxonomy from the data folder (``taxonomy.csv`` unless you name another)."""
    return _read_taxonomy(path(filename))


LOADERS: dict[str, Callable[[], Any]] = {
    "article": _article_text,
    "article_info": _article_info,
    "claims": _claims,
    "taxonomy": lambda: load_taxonomy(),
    "answer_key": lambda: _answer_key.load_answer_key(),
    "lexicon": lambda: _lexicon.lexicon_table(path("lexicon.csv")),
}


def names() -> list[str]:
    """The names :func:`load` accepts."""
    return sorted(LOADERS)


def load(name: str) -> Any:
    """Load a data set by name: ``"claims"`` (DataFrame), ``"article"`` (the exact text), ``"taxonomy"``, ...

    See :func:`names` for the full list and ``data/README.md`` for what each file holds.
    """
    try:
        loader = LOADERS[name]
    except KeyError:
        raise DataFileError(data_dir(), f"there is no data set called {name!r}.", fix=f"use one of {names()}.") from None
    return loader()
