"""Making a case pack from any article, and checking one: what ``medialit new-case`` and ``check-case`` do.

A teacher who wants this week's article::

    medialit new-case this-weeks-article.txt --out data/cases/city-budget
    # fill in data/cases/city-budget/case.json (url, author, publisher, date, licence)
    # fill in data/cases/city-budget/answer_key.csv (level, reason, debatable on every row)
    medialit check-case data/cases/city-budget

:func:`new_case` writes the pack (:mod:`medialit.case` describes the layout): the article byte for byte (an
article that is not UTF-8 is saved as UTF-8, its text unchanged), ``case.json`` with the provenance left to fill
in, the claims table the segmenter makes, and ``answer_key.csv``, a key template with one row per statement and
``level``, ``reason`` and ``debatable`` empty. :func:`check_case` reports every problem of a pack, one line each,
naming the file, the row and the fix; a template nobody has filled in yet is "not keyed yet", not an error.
"""

from __future__ import annotations

import csv
import io
import json
import re
from dataclasses import dataclass
from pathlib import Path

from . import atomic
from .article import Article
from .case import ARTICLE_FILE, CASE_FILE, CLAIMS_FILE, KEY_FILE, PROVENANCE, Inspection, case_id_for, inspect_case
from .errors import DataFileError, TeacherFileError
from .key import TEMPLATE_COLUMNS, keyed_claims

__all__ = ["NewCase", "new_case", "check_case", "CaseCheck", "FILL_IN"]

FILL_IN = ("Fill in url, author, publisher, date and licence (where the article does not state one, say so), "
           "then level, reason and debatable on every row of answer_key.csv, and run: medialit check-case <this folder>")


@dataclass(frozen=True)
class NewCase:
    """What :func:`new_case` wrote: the pack's folder, its id, how many statements the key has rows for, and
    whether the article had to be saved as UTF-8."""

    folder: Path
    case_id: str
    statements: int
    converted: bool


def new_case(article_file: str | Path, out: str | Path, *, force: bool = False, title: str | None = None, case_id: str | None = None) -> NewCase:
    """Make a case pack in ``out`` from the article in ``article_file``; return what was written.

    ``out`` must be a new or empty folder unless ``force`` (then the pack's files in it are replaced). The
    case's id is ``case_id``, else the folder's name (as lower-case words joined by ``-``). ``title`` names the
    article's title if the segmenter should not guess it (see :mod:`medialit.segment`).
    """
    out = Path(out)
    if out.exists() and not out.is_dir():
        raise TeacherFileError(out, "is a file, not a folder; the case pack is a folder.", fix="give the name of a new folder, e.g. data/cases/my-case.")
    if out.is_dir() and any(out.iterdir()) and not force:
        raise TeacherFileError(out, "already holds files; they are left as they are.", fix="choose a new folder, or add --force to replace the pack's files in it.")
    article = Article.from_file(article_file, title=title)
    raw = Path(article_file).read_bytes()
    exact = article.text.encode("utf-8")
    ident = case_id if case_id is not None else _id_from(out.name, article)
    if not re.fullmatch(r"[a-z0-9][a-z0-9-]{0,63}", ident):
        raise TeacherFileError(out, f"cannot name a case {ident!r}.", fix="give --id with lower-case letters, digits and hyphens, e.g. --id city-budget-2026.")
    info = {"id": ident, "title": article.title, **{name: "" for name in PROVENANCE}, "sha256": article.sha256, "note": FILL_IN}
    statements = keyed_claims(article.claims)
    out.mkdir(parents=True, exist_ok=True)
    atomic.write_bytes(out / ARTICLE_FILE, exact, mode=0o644)
    atomic.write_text(out / CASE_FILE, json.dumps(info, ensure_ascii=False, indent=2) + "\n", mode=0o644)
    atomic.write_text(out / CLAIMS_FILE, article.claims.to_csv(index=False, lineterminator="\n"), mode=0o644)
    atomic.write_text(out / KEY_FILE, _template(statements), mode=0o644)
    return NewCase(out, ident, len(statements), converted=raw != exact)


def _id_from(name: str, article: Article) -> str:
    words = "-".join(re.findall(r"[a-z0-9]+", name.lower()))[:64].strip("-")
    return words or case_id_for(article.title, article.sha256)


def _template(statements) -> str:
    """The key template: a byte-order mark (so a spreadsheet reads accents right), then one row per statement."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(TEMPLATE_COLUMNS)
    for claim_id, text in zip(statements["claim_id"], statements["text"]):
        writer.writerow([claim_id, text, "", "", "", "", "", ""])
    return "\ufeff" + buffer.getvalue()


@dataclass(frozen=True)
class CaseCheck:
    """What :func:`check_case` found: one line per problem, a summary, and the exit status for the command
    (0 sound, 1 problems, 3 sound but not keyed yet)."""

    lines: list[str]
    summary: str
    status: int


def check_case(folder: str | Path) -> CaseCheck:
    """Check every part of the case pack in ``folder``: its provenance, the article's SHA-256, the claims, the
    taxonomy, and every row of the key (each keyed id exists, each level is in the taxonomy, each reason quotes
    its claim)."""
    found: Inspection = inspect_case(folder)
    lines = [str(problem) for problem in found.problems]
    if found.problems:
        return CaseCheck(lines, f"{folder}: {len(found.problems)} problem(s) to fix.", 1)
    case = found.case
    if case is None:  # pragma: no cover - a case that cannot be read always comes with a problem
        raise DataFileError(folder, "cannot be read.")
    if found.not_keyed:
        return CaseCheck(lines, f"{folder}: not keyed yet: the case can be tagged, but answer_key.csv has no levels "
                                "(fill in level, reason and debatable on every row to compare with a key).", 3)
    sources = f", {len(case.sources)} source(s)" if case.sources is not None else ""
    return CaseCheck(lines, f"{folder}: sound: case {case.id!r}, {len(case.claims)} units, {len(case.key or [])} keyed statements{sources}.", 0)
