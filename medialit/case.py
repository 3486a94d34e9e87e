"""A case study as one value: the article with its provenance, its claims, taxonomy, answer key and sources.

Everything the series does — tagging, comparing with the key, the class report, charts — takes a
:class:`CaseStudy` (or the parts it needs). A case is read once from a folder, a **case pack**::

    data/cases/<case-id>/
        case.json         id, title, author, publisher, url, date, licence, and the article's SHA-256
        article.txt       the article, byte for byte
        claims.csv        the claims table (medialit.article.CLAIM_COLUMNS)
        answer_key.csv    the key (any file name with "key" in it; optional, see medialit.key)
        sources.csv       sources for lateral reading (optional: source, url, claim_id, checked, note)
        taxonomy.csv      the evidence levels (optional: else the series' data/taxonomy.csv)

``medialit new-case`` makes a pack from any article, ``medialit check-case`` checks one (:mod:`medialit.case_pack`),
and ``medialit.load_case(path)`` reads one. An article a learner pastes becomes a case without a key:

>>> case = case_from_text("Big News\\nThe mayor resigned. Reports say more will follow.", title="Big News")
>>> case.id, case.key is None, case.claims["kind"].tolist()
('big-news-51fece70', True, ['title', 'sentence', 'sentence'])
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

import pandas as pd

from . import series
from .article import MAX_ARTICLE_BYTES, Article, read_regular_file, validate_claims
from .csvrows import read_table
from .errors import ArticleError, DataFileError
from .key import AnswerKey, is_blank, key_problems, validate_answer_key
from .taxonomy import Taxonomy, load_taxonomy

__all__ = [
    "CaseStudy", "as_case", "case_from_text", "case_id_for", "read_case", "inspect_case", "Inspection",
    "CASE_FILE", "ARTICLE_FILE", "CLAIMS_FILE", "KEY_FILE", "SOURCES_FILE", "TAXONOMY_FILE", "PROVENANCE",
    "SOURCE_COLUMNS", "key_files",
]

# How case.json says an article has no web address (a printed or PDF handout): "not stated in the text", "not online".
NO_ADDRESS = ("not stated", "not online", "not published online", "none")

CASE_FILE, ARTICLE_FILE, CLAIMS_FILE, KEY_FILE = "case.json", "article.txt", "claims.csv", "answer_key.csv"
SOURCES_FILE, TAXONOMY_FILE = "sources.csv", "taxonomy.csv"
PROVENANCE = ("url", "author", "publisher", "date", "licence")  # what a teacher fills in for a new pack
SOURCE_COLUMNS = ["source", "url", "claim_id", "checked", "note"]  # source and url required
_ID = re.compile(r"[a-z0-9][a-z0-9-]{0,63}")
_SHA256 = re.compile(r"[0-9a-f]{64}")
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


@dataclass(frozen=True, eq=False)
class CaseStudy:
    """One case study: an article, its claims, the evidence levels, and (if the pack has them) key and sources.

    ``id`` names the case in every tag file made on it, beside the article's SHA-256, so a learner's tags are
    never merged into another case by mistake. ``provenance`` is the pack's ``case.json`` (title, author,
    publisher, url, date, licence, ...); ``folder`` the pack it was read from (None for a case made in memory).
    """

    id: str
    article: Article
    taxonomy: Taxonomy
    key: AnswerKey | None = None
    sources: pd.DataFrame | None = None
    provenance: dict[str, Any] = field(default_factory=dict)
    folder: Path | None = None

    @property
    def title(self) -> str:
        return self.article.title

    @property
    def author(self) -> str:
        return self.article.author

    @property
    def claims(self) -> pd.DataFrame:
        """The claims table (one row per unit, :data:`medialit.article.CLAIM_COLUMNS`)."""
        return self.article.claims

    @property
    def sections(self) -> list[str]:
        """Section names in reading order."""
        return self.article.sections

    @property
    def sha256(self) -> str:
        """The article's fingerprint (SHA-256 of its exact text)."""
        return self.article.sha256

    @classmethod
    def from_article(cls, article: Article, taxonomy: Taxonomy | None = None, *, case_id: str | None = None) -> "CaseStudy":
        """A case of just an article (no key, no sources): the taxonomy given, else the series' levels."""
        return cls(case_id or article.case_id or case_id_for(article.title, article.sha256), article,
                   taxonomy if taxonomy is not None else series.taxonomy(), provenance={"title": article.title, "author": article.author, "url": article.source})

    def __repr__(self) -> str:
        key = f"a key of {len(self.key)} claims" if self.key is not None else "no key"
        return f"CaseStudy({self.id!r}, {self.title[:50]!r}, {len(self.claims)} units, {key})"


def as_case(case: "CaseStudy | Article", taxonomy: Taxonomy | None = None) -> CaseStudy:
    """The case to work on: a :class:`CaseStudy` as it is (with ``taxonomy`` instead of its own, if given), or an
    :class:`~medialit.article.Article` as a case without a key (``taxonomy``, else the series' levels)."""
    if isinstance(case, CaseStudy):
        return case if taxonomy is None or taxonomy is case.taxonomy else dataclasses.replace(case, taxonomy=taxonomy)
    if isinstance(case, Article):
        return CaseStudy.from_article(case, taxonomy)
    raise TypeError(
        f"expected a case study or an article, got {type(case).__name__}: pass medialit.load_case() for the series' "
        "article, medialit.load_case(folder) for a case pack, or medialit.case_from_text(text) for your own."
    )


def case_id_for(title: str, sha256: str) -> str:
    """An id for an article's case: its title as lower-case ASCII words joined by ``-`` and 8 digits of its SHA-256."""
    ascii_title = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode("ascii").lower()
    words = "-".join(re.findall(r"[a-z0-9]+", ascii_title))[:40].strip("-")
    return f"{words or 'article'}-{sha256[:8]}"


def case_from_text(text: str, *, title: str | None = None, author: str = "", taxonomy: Taxonomy | None = None) -> CaseStudy:
    """A case from an article's text (a learner's own, pasted): its claims table, the series' levels, no key.

    Lesson 08 does this in one call; the case works everywhere a pack does (the tagger, charts, signals), and
    its ``id`` stays the same for the same text, so a learner's progress on it resumes.
    """
    return CaseStudy.from_article(Article.from_text(text, title=title, author=author), taxonomy)


def key_files(folder: Path) -> list[Path]:
    """The CSV files in a pack whose name contains ``key`` (a pack has at most one)."""
    return sorted(p for p in folder.glob("*.csv") if "key" in p.name.lower())


# ---- reading a pack: every part checked; read_case stops at the first problem, inspect_case collects them ----


@dataclass
class Inspection:
    """What :func:`inspect_case` found: the case (None if it cannot be read), every problem, and whether the key is
    still a blank template (``not_keyed``)."""

    case: CaseStudy | None
    problems: list[DataFileError]
    not_keyed: bool = False


def read_case(folder: str | Path) -> CaseStudy:
    """Read and check the case pack in ``folder``; raises :class:`DataFileError` at the first problem, naming the
    file, the place and the fix. Provenance left blank does not stop it (see
    :func:`inspect_case`); a key template nobody has filled in yet means the case has no key."""
    return _read(Path(folder), problems=None)  # type: ignore[return-value]


def inspect_case(folder: str | Path) -> Inspection:
    """Check every part of a case pack and collect every problem, for ``medialit check-case``.

    Beyond what :func:`read_case` needs, the provenance must be filled in (:data:`PROVENANCE`).
    """
    problems: list[DataFileError] = []
    inspection = Inspection(None, problems)
    try:
        inspection.case = _read(Path(folder), problems, inspection)
    except DataFileError as stopped:  # a part the rest depends on is unusable: nothing more can be checked
        if stopped not in problems:
            problems.append(stopped)
    return inspection


def _read(folder: Path, problems: list[DataFileError] | None, inspection: Inspection | None = None) -> CaseStudy | None:
    def report(error: DataFileError, *, fatal: bool = False) -> None:
        """One problem: raised at once when reading; when inspecting, recorded (and raised only if ``fatal``)."""
        if problems is None or fatal:
            raise error
        problems.append(error)

    def part(read: Callable[[], Any]) -> Any:
        """Run a step that may raise an ArticleError (an empty article, say) and raise it as a DataFileError."""
        try:
            return read()
        except ArticleError as error:
            raise DataFileError(error.path, error.problem, where=error.where, fix=error.fix) from None

    if not folder.is_dir():
        report(DataFileError(folder, "is not a case pack folder" + (" (it is a file)." if folder.exists() else " (not found)."),
                             fix="give the folder medialit new-case made (it holds case.json), or a case id under data/cases/."), fatal=True)
    info = _provenance(folder / CASE_FILE)
    if problems is not None:
        for name in PROVENANCE:
            if not str(info.get(name) or "").strip():
                problems.append(DataFileError(folder / CASE_FILE, f"the provenance field {name!r} is not filled in.", where=f"field {name!r}",
                                              fix=f"write the article's {name} (where it is not stated, say so, e.g. \"not stated in the text\")."))
        url = str(info.get("url") or "").strip()
        if url and not url.startswith(("https://", "http://")) and not url.lower().startswith(NO_ADDRESS):
            problems.append(DataFileError(folder / CASE_FILE, f"'url' must be a web address or say there is none (got {url[:60]!r}).", where="field 'url'",
                                          fix="copy the address from the browser, starting https://; for an article that is not online, write \"not stated\" or \"not online\"."))
    text = _article_text(folder / ARTICLE_FILE, info["sha256"])
    claims = validate_claims(read_table(folder / CLAIMS_FILE, ["claim_id", "text", "start", "end"], missing_fix=_MAKE_AGAIN), text, folder / CLAIMS_FILE)
    own = folder / TAXONOMY_FILE
    taxonomy = load_taxonomy(own if own.exists() else series.path(series.TAXONOMY_FILE))
    article = part(lambda: Article(text, title=info["title"], author=str(info.get("author") or ""), source=str(info.get("url") or ""), claims=claims))
    article.case_id = info["id"]
    key = _key(folder, claims, taxonomy, report, inspection)
    sources = _sources(folder / SOURCES_FILE, claims, report)
    return CaseStudy(info["id"], article, taxonomy, key, sources, info, folder)


_MAKE_AGAIN = "restore it from git, or make the pack again with medialit new-case."


def _provenance(file: Path) -> dict[str, Any]:
    try:
        info = json.loads(file.read_text(encoding="utf-8-sig"))  # an editor may add a byte-order mark
    except FileNotFoundError:
        raise DataFileError(file, "file not found.", fix=_MAKE_AGAIN) from None
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        where = f"line {exc.lineno}, column {exc.colno}" if isinstance(exc, json.JSONDecodeError) else ""
        raise DataFileError(file, f"is not valid JSON ({getattr(exc, 'msg', exc)}).", where=where, fix="correct it (a comma or quote is usually missing), or restore it from git.") from None
    if not isinstance(info, dict):
        raise DataFileError(file, "must hold one JSON object.", fix=_MAKE_AGAIN)
    checks = (("id", _ID, "a short id of lower-case letters, digits and hyphens, e.g. 'city-budget-2026'"),
              ("sha256", _SHA256, "the article's SHA-256 as 64 lower-case hex digits (medialit new-case writes it)"),
              ("title", re.compile(r"(?s).*\S.*"), "the article's title"))
    for name, pattern, what in checks:
        value = info.get(name)
        if not isinstance(value, str) or not pattern.fullmatch(value):
            raise DataFileError(file, f"{name!r} must be {what} (got {str(value)[:60]!r}).", where=f"field {name!r}", fix=f"write {what}.")
    return info


def _article_text(file: Path, sha256: str) -> str:
    try:
        raw = read_regular_file(file, MAX_ARTICLE_BYTES)
    except ArticleError as error:
        raise DataFileError(file, error.problem, fix=_MAKE_AGAIN) from None
    digest = hashlib.sha256(raw).hexdigest()
    if digest != sha256:
        raise DataFileError(file, f"has SHA-256 {digest[:16]}..., not the {sha256[:16]}... recorded in case.json.",
                            fix="the article must stay byte-for-byte as published; restore it from git (a new article needs a new pack: medialit new-case).")
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise DataFileError(file, f"is not UTF-8 ({exc.reason} at byte {exc.start}).", fix="make the pack again with medialit new-case, which saves the article as UTF-8.") from None


def _key(folder: Path, claims: pd.DataFrame, taxonomy: Taxonomy, report, inspection: Inspection | None) -> AnswerKey | None:
    files = key_files(folder)
    if len(files) > 1:
        report(DataFileError(folder, f"has {len(files)} key files: {[p.name for p in files]}.", fix="keep one file whose name contains 'key'."))
        return None
    if not files:
        if inspection is not None:
            inspection.not_keyed = True
        return None
    try:
        frame = read_table(files[0], ["claim_id", "level"])
    except DataFileError as error:
        report(error)
        return None
    if is_blank(frame):
        if inspection is not None:
            inspection.not_keyed = True
        return None
    found = key_problems(frame, claims, taxonomy.keys, files[0])
    for problem in found:
        report(problem)
    return None if found else AnswerKey.from_frame(validate_answer_key(frame, claims, taxonomy.keys, files[0]), str(files[0]))


def _sources(file: Path, claims: pd.DataFrame, report) -> pd.DataFrame | None:
    if not file.exists():
        return None
    try:
        frame = read_table(file, ["source", "url"])
    except DataFileError as error:
        report(error)
        return None
    known = set(claims["claim_id"])
    found = False
    for line, row in enumerate(frame.to_dict("records"), start=2):
        where = f"line {line}"
        problems = []
        if not row["source"].strip():
            problems.append(("'source' is empty.", "name the source: who published what."))
        if not row["url"].strip().startswith(("https://", "http://")):
            problems.append((f"'url' must be a web address (got {row['url'][:60]!r}).", "copy the address from the browser, starting https://."))
        for claim_id in [c.strip() for c in str(row.get("claim_id", "")).split(";") if c.strip()]:
            if claim_id not in known:
                problems.append((f"'claim_id' {claim_id!r} is not in the claims table.", "use IDs from claims.csv, separated by ';'."))
        checked = str(row.get("checked", "")).strip()
        if checked and not _DATE.fullmatch(checked):
            problems.append((f"'checked' must be a date like 2026-11-30 (got {checked!r}).", "write the day you opened the source, YYYY-MM-DD."))
        for what, fix in problems:
            found = True
            report(DataFileError(file, what, where=where, fix=fix))
    return None if found else frame.reindex(columns=[*SOURCE_COLUMNS, *[c for c in frame.columns if c not in SOURCE_COLUMNS]], fill_value="")
