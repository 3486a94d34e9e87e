"""Read a small CSV data file (taxonomy, lexicon) as rows of text, checking what every such file needs.

Errors name the file, the place and the fix: a missing file, text that is not UTF-8, a header without a
required column.
"""

from __future__ import annotations

import csv
from pathlib import Path

from .errors import DataFileError

__all__ = ["read_rows"]


def read_rows(path: str | Path, required: tuple[str, ...] | list[str], *, missing_fix: str, header_fix: str = "") -> list[dict[str, str]]:
    """The rows of a UTF-8 CSV as dictionaries keyed by the header; raises DataFileError if it cannot be used.

    ``missing_fix`` says what to do when the file is not there; ``header_fix`` when a required column is missing.
    """
    path = Path(path)
    try:
        with path.open(encoding="utf-8", newline="") as handle:
            reader = csv.DictReader(handle)
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
