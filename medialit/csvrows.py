"""Read a small CSV data file (taxonomy, lexicon, claims, key) as text, checking what every such file needs.

Errors name the file, the place and the fix: a missing file, text that is not UTF-8, a header without a
required column. :func:`read_rows` gives dictionaries, :func:`read_table` a DataFrame of text columns.

A teacher edits these files in a spreadsheet, and a spreadsheet saves "CSV" its own way: a byte-order mark, and
in many languages (German, French, Spanish Excel) semicolons between the cells, because the comma is their decimal
mark. Both read as they are: the separator is whichever of comma, semicolon or tab the header line uses.
"""

from __future__ import annotations

import csv
from pathlib import Path

import pandas as pd

from .errors import DataFileError

__all__ = ["read_rows", "read_table", "separator", "separator_of", "SEPARATORS"]

_RESTORE = "restore it from git (git checkout -- data/), or set MEDIALIT_DATA_DIR to the folder that has it."


SEPARATORS = (",", ";", "\t")


def separator(path: str | Path) -> str:
    """The cell separator of a CSV: the one of comma, semicolon and tab its header line holds most of (comma if none)."""
    try:
        with Path(path).open(encoding="utf-8-sig", errors="replace", newline="") as handle:
            header = handle.readline()
    except OSError:
        return ","
    return separator_of(header)


def separator_of(header: str) -> str:
    """The separator a CSV's header line uses most of (comma if none): ``separator_of("a;b")`` is ``";"``."""
    counts = {mark: header.count(mark) for mark in SEPARATORS}
    best = max(SEPARATORS, key=lambda mark: counts[mark])
    return best if counts[best] else ","


def read_rows(path: str | Path, required: tuple[str, ...] | list[str], *, missing_fix: str, header_fix: str = "") -> list[dict[str, str]]:
    """The rows of a UTF-8 CSV as dictionaries keyed by the header; raises DataFileError if it cannot be used.

    ``missing_fix`` says what to do when the file is not there; ``header_fix`` when a required column is missing.
    """
    path = Path(path)
    try:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            reader = csv.DictReader(handle, delimiter=separator(path))
            columns = reader.fieldnames or []
            rows = list(reader)
    except FileNotFoundError:
        raise DataFileError(path, "file not found.", fix=missing_fix) from None
    except UnicodeDecodeError as exc:
        raise DataFileError(path, f"is not UTF-8 text ({exc.reason} at byte {exc.start}).", fix="save it as CSV UTF-8.") from None
    missing = [column for column in required if column not in columns]
    if missing:
        raise DataFileError(path, f"missing column(s) {missing}; found {columns}.", where="header", fix=header_fix or f"the header must include {list(required)}.")
    return rows


def read_table(path: str | Path, required: tuple[str, ...] | list[str], *, missing_fix: str = _RESTORE) -> pd.DataFrame:
    """A UTF-8 CSV as a DataFrame of text (empty cells are ``""``); raises DataFileError if it cannot be used."""
    path = Path(path)
    try:
        frame = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig", sep=separator(path))
    except FileNotFoundError:
        raise DataFileError(path, "file not found.", fix=missing_fix) from None
    except (UnicodeDecodeError, pd.errors.ParserError, pd.errors.EmptyDataError) as exc:
        raise DataFileError(path, f"cannot be read as CSV ({exc}).", fix="save it as CSV UTF-8 with one header row.") from None
    missing = [column for column in required if column not in frame.columns]
    if missing:
        raise DataFileError(path, f"missing column(s) {missing}; found {list(frame.columns)}.", where="header", fix=f"the header must include {list(required)}.")
    return frame
