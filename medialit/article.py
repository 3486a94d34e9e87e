"""An article and its claims table: the text under study, cut into units a learner can tag.

>>> article = Article.from_text("Big News\\nBy A. Writer\\nThe mayor resigned. Reports say more will follow.",
...                             title="Big News")
>>> article.claims[["claim_id", "kind", "text"]].values.tolist()
[['C001', 'title', 'Big News'], ['C002', 'byline', 'By A. Writer'], ['C003', 'sentence', 'The mayor resigned.'], ['C004', 'sentence', 'Reports say more will follow.']]

Each row of ``claims`` keeps the exact characters of the article and their offsets, so
``article.text[row.start:row.end] == row.text`` always holds.
"""

from __future__ import annotations

import hashlib
import os
import stat
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from .errors import ArticleError, DataFileError, UnknownClaimError
from .segment import segment

__all__ = ["Claim", "Article", "CLAIM_COLUMNS", "KINDS", "claims_table", "validate_claims", "read_regular_file"]

CLAIM_COLUMNS = ["claim_id", "section_no", "section", "paragraph", "sentence", "list_item", "kind", "start", "end", "text"]
KINDS = ("title", "byline", "heading", "list_label", "sentence", "bio")
# Kinds that are labels of the article's structure rather than statements a learner weighs.
STRUCTURE_KINDS = ("title", "byline", "heading", "list_label")
MAX_ARTICLE_BYTES = 1_000_000  # a long feature is ~50 kB; a megabyte is a book, not an article


@dataclass(frozen=True)
class Claim:
    """One unit of the article: a sentence, heading, list label, the title, the byline or a bio sentence."""

    claim_id: str
    kind: str
    section: str
    section_no: int
    paragraph: int
    sentence: int
    list_item: int | None
    start: int
    end: int
    text: str

    @property
    def is_structure(self) -> bool:
        """True for titles, bylines, headings and list labels: parts of the layout, not statements."""
        return self.kind in STRUCTURE_KINDS


def claims_table(text: str, *, title: str | None = None, author: str | None = None) -> pd.DataFrame:
    """Segment ``text`` and number the units C001, C002, ... in reading order."""
    rows = []
    for number, unit in enumerate(segment(text, title=title, author=author), start=1):
        rows.append(
            {
                "claim_id": f"C{number:03d}",
                "section_no": unit.section_no,
                "section": unit.section,
                "paragraph": unit.paragraph,
                "sentence": unit.sentence,
                "list_item": unit.list_item,
                "kind": unit.kind,
                "start": unit.start,
                "end": unit.end,
                "text": text[unit.start : unit.end],
            }
        )
    frame = pd.DataFrame(rows, columns=CLAIM_COLUMNS)
    frame["list_item"] = frame["list_item"].astype("Int64")
    return frame


def validate_claims(frame: pd.DataFrame, text: str, path: str | Path = "<claims>") -> pd.DataFrame:
    """Check a claims table against its article and return it with proper column types.

    Raises :class:`DataFileError` naming the row (as a CSV line number), the claim, the field and the fix.
    """
    missing = [c for c in CLAIM_COLUMNS if c not in frame.columns]
    if missing:
        raise DataFileError(path, f"missing column(s) {missing}.", where="header", fix=f"the header must be {CLAIM_COLUMNS}.")
    frame = frame[CLAIM_COLUMNS].copy()
    for position, row in enumerate(frame.itertuples(index=False)):
        where = f"line {position + 2} (claim_id {row.claim_id!r})"
        for field in ("section_no", "paragraph", "sentence", "start", "end"):
            value = getattr(row, field)
            if not str(value).strip().lstrip("-").isdigit():
                raise DataFileError(path, f"'{field}' must be a whole number (got {value!r}).", where=where, fix="restore the value from git, or regenerate the table with `medialit claims`.")
        if row.kind not in KINDS:
            raise DataFileError(path, f"'kind' must be one of {list(KINDS)} (got {row.kind!r}).", where=where, fix="correct the kind.")
        start, end = int(row.start), int(row.end)
        if not 0 <= start < end <= len(text) or text[start:end] != row.text:
            raise DataFileError(path, f"'text' is not the article's text at offsets {start}-{end} (found {text[start:end][:40]!r}...).", where=where, fix="the claims table must match the article byte for byte; restore both from git.")
    duplicated = frame["claim_id"][frame["claim_id"].duplicated()].tolist()
    if duplicated:
        raise DataFileError(path, f"claim IDs appear twice: {duplicated}.", where="column 'claim_id'", fix="every claim needs its own ID.")
    for field in ("section_no", "paragraph", "sentence", "start", "end"):
        frame[field] = frame[field].astype(int)
    frame["list_item"] = pd.to_numeric(frame["list_item"].replace("", None)).astype("Int64")
    return frame


class Article:
    """An article under study: its exact text, where it came from, and its claims table.

    Build one from text with :meth:`from_text` or from a file with :meth:`from_file`; the series' own is
    ``medialit.load_article()``. ``sha256`` identifies the exact text, so a learner's progress file can
    never be applied to a different article by mistake. ``case_id`` names the case pack it was read from
    (``""`` for an article built from text): see :mod:`medialit.case`.
    """

    case_id = ""

    def __init__(self, text: str, *, title: str, author: str = "", source: str = "", claims: pd.DataFrame | None = None):
        if not text.strip():
            raise ArticleError(source or "<text>", "the article is empty.", fix="paste or load the article's text.")
        self.text = text
        self.title = title
        self.author = author
        self.source = source
        self.claims = claims if claims is not None else claims_table(text, title=title, author=author or None)
        self._records = {row.claim_id: Claim(**row._asdict()) for row in self.claims.itertuples(index=False)}

    @property
    def sha256(self) -> str:
        """SHA-256 of the text as UTF-8: the article's fingerprint."""
        return hashlib.sha256(self.text.encode("utf-8")).hexdigest()

    @property
    def claim_ids(self) -> list[str]:
        return list(self._records)

    @property
    def sections(self) -> list[str]:
        """Section names in reading order."""
        return list(dict.fromkeys(self.claims["section"]))

    def claim(self, claim_id: str) -> Claim:
        try:
            return self._records[claim_id]
        except KeyError:
            raise UnknownClaimError(claim_id, self.claim_ids) from None

    def records(self) -> list[Claim]:
        return list(self._records.values())

    @classmethod
    def from_text(cls, text: str, *, title: str | None = None, author: str = "", source: str = "") -> "Article":
        """Build an article from plain text, any line endings (LF, CRLF or CR).

        Without ``title``, the segmenter decides whether the first line is a title (see :mod:`medialit.segment`);
        a text without one has no title unit, and ``article.title`` is then its first words, as a name for it.

        Paragraphs may be lines or blocks separated by blank lines; headings, numbered and bulleted lists,
        quotations, abbreviations, URLs and e-mail addresses are handled by :mod:`medialit.segment`. The text is
        kept exactly as given, so every claim's offsets point into it.
        """
        where = source or "<text>"
        if not isinstance(text, str):
            raise ArticleError(where, f"expected text (str), got {type(text).__name__}.", fix="decode bytes first, or use Article.from_file(path).")
        if "\x00" in text:
            raise ArticleError(where, "the text contains NUL characters, so it is not plain text.", fix="copy the article's words into a .txt file.")
        if not text.strip():
            raise ArticleError(where, "the article is empty.", fix="paste or load the article's text.")
        if len(text) > MAX_ARTICLE_BYTES:
            raise ArticleError(where, f"is {len(text):,} characters; an article is rarely over {MAX_ARTICLE_BYTES:,}.", fix="use just the article's text, without pages of other material.")
        controls = sum(1 for ch in text if ord(ch) < 32 and ch not in "\t\n\r\f")
        if controls > max(3, len(text) // 100):
            raise ArticleError(where, f"has {controls:,} control characters, so it is not plain text.", fix="save the article as plain text (.txt, UTF-8).")
        claims = claims_table(text, title=title, author=author or None)
        return cls(text, title=_name_for(text, claims) if title is None else title, author=author, source=source, claims=claims)

    @classmethod
    def from_file(cls, path: str | Path, *, title: str | None = None, author: str = "", source: str = "") -> "Article":
        """Read a plain-text article: UTF-8 (with or without a byte-order mark) or UTF-16 with a byte-order mark.

        Only a regular file is read, and never more than ``MAX_ARTICLE_BYTES``: a folder, a named pipe, a device
        such as ``/dev/zero`` (or a link to one), a binary, empty or oversized file raises :class:`ArticleError`
        saying what to do, without waiting for or reading the rest.
        """
        path = Path(path)
        raw = read_regular_file(path, MAX_ARTICLE_BYTES)
        text = _decode(path, raw)
        return cls.from_text(text, title=title, author=author, source=source or str(path))

    def __repr__(self) -> str:
        return f"Article({self.title!r}, {len(self.claims)} units, sha256={self.sha256[:12]}...)"


def _name_for(text: str, claims: pd.DataFrame) -> str:
    """What to call an article given without a title: its first line (shortened if that is not a title line)."""
    first_line = text.strip().splitlines()[0].strip()
    titled = len(claims) > 0 and claims["kind"].iloc[0] == "title"
    return first_line if titled or len(first_line) <= 80 else first_line[:79].rstrip() + "…"


_SPECIAL_FILES = (
    (stat.S_ISFIFO, "a named pipe (FIFO), which waits for another program to write"),
    (stat.S_ISCHR, "a device (such as /dev/zero), which may never end"),
    (stat.S_ISBLK, "a disk device"),
    (stat.S_ISSOCK, "a socket"),
)


def read_regular_file(path: Path, limit: int) -> bytes:
    """The bytes of the regular file at ``path``, refused before reading when it is anything else or over ``limit``.

    The kind and size are checked before the file is opened, and again on the open file (it may have been
    replaced in between); opening does not wait (a pipe would), and at most ``limit + 1`` bytes are read, so
    a file that grows meanwhile is still refused.
    """
    try:
        info = path.stat()  # follows links: a link to a pipe is a pipe
    except FileNotFoundError:
        raise ArticleError(path, "file not found.", fix="check the file name and folder.") from None
    except OSError as exc:
        raise ArticleError(path, f"cannot be read ({exc.strerror}).", fix="check that the file is yours to read.") from None
    _check_kind_and_size(path, info, limit)
    try:
        handle = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    except OSError as exc:
        raise ArticleError(path, f"cannot be read ({exc.strerror}).", fix="check that the file is yours to read and not open elsewhere.") from None
    with os.fdopen(handle, "rb") as file:
        _check_kind_and_size(path, os.fstat(file.fileno()), limit)
        raw = file.read(limit + 1)
    if len(raw) > limit:
        raise ArticleError(path, f"grew past {limit:,} bytes while it was being read.", fix="wait until the file is saved, then try again; or save just the article's text.")
    return raw


def _check_kind_and_size(path: Path, info: os.stat_result, limit: int) -> None:
    link = " (the link points to it)" if path.is_symlink() else ""
    if stat.S_ISDIR(info.st_mode):
        raise ArticleError(path, f"is a folder, not a file{link}.", fix="give the path of the article's .txt file inside it.")
    if not stat.S_ISREG(info.st_mode):
        kind = next((name for test, name in _SPECIAL_FILES if test(info.st_mode)), "a special file")
        raise ArticleError(path, f"is not a regular file: it is {kind}{link}.", fix="save the article's text in a .txt file and give that file's path.")
    if info.st_size > limit:
        raise ArticleError(path, f"is {info.st_size:,} bytes; an article is rarely over {limit:,}.", fix="save just the article's text, without pages of other material.")


def _decode(path: Path, raw: bytes) -> str:
    """The file's text: UTF-16 when it starts with a UTF-16 byte-order mark, else UTF-8 (a UTF-8 mark is dropped)."""
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return raw.decode("utf-16")
        except UnicodeDecodeError:
            raise ArticleError(path, "starts like UTF-16 text but is not.", fix="re-save it as UTF-8 (Save As, encoding UTF-8).") from None
    nul = raw.find(b"\x00")
    if nul >= 0:
        raise ArticleError(path, f"contains NUL bytes (first at byte {nul}), so it is not a text file.", fix="save the article as plain text (.txt, UTF-8).")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        guess = ""
        try:
            raw.decode("cp1252")
            guess = " It may be Windows-1252 or Latin-1."
        except UnicodeDecodeError:
            pass
        raise ArticleError(path, f"is not UTF-8 ({exc.reason} at byte {exc.start}).{guess}", fix="re-save it as UTF-8 (in most editors: Save As, encoding UTF-8).") from None
