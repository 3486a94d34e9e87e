"""The tag file: one learner's tags on disk, as a progress file or as a submission for the teacher.

Both are the same JSON document (``kind`` tells them apart), so a teacher's merge reads exactly what the tagger
writes::

    {
      "schema": "medialit-tags", "schema_version": 1, "kind": "progress",
      "learner": "Ana",
      "article": {"title": "The Role of ...", "sha256": "2d4e1e0a..."},
      "taxonomy": ["not_a_claim", "contradicted", ...],
      "created": "2026-11-25T16:00:00+00:00", "updated": "2026-11-25T16:20:00+00:00",
      "tags": {"C004": {"level": "bare_assertion", "note": "only his word", "tagged_at": "2026-11-25T16:05:00+00:00"}},
      "lateral_tags": {}
    }

``tags`` is the first pass (reading the article alone); ``lateral_tags`` is the second pass, after reading
laterally (lesson 06), kept apart so the two can be compared.

Writing is atomic: the document goes to a temporary file in the same folder, is flushed to disk, and then
replaces the old file in one step (``os.replace``). A crash, a killed kernel or a full disk leaves either the
old file or the new one, never half of one. Reading never executes anything (plain ``json``) and refuses files
that are too large, not JSON, of another schema or of a newer version, naming the file, the place and the fix.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import NamedTuple

from . import atomic
from .errors import ProgressFileError

__all__ = ["SCHEMA", "SCHEMA_VERSION", "MAX_BYTES", "Tag", "TagFile", "now", "parse", "read", "write_atomic"]

SCHEMA = "medialit-tags"
SCHEMA_VERSION = 1
MAX_BYTES = 2_000_000  # a whole article tagged with long notes is ~100 kB
KINDS = ("progress", "submission")
MAX_NOTE = 5_000


def now() -> str:
    """The current time as an ISO 8601 string in UTC, as stored in tag files."""
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


class Tag(NamedTuple):
    """One claim's tag: the level chosen, the learner's note on why, and when.

    A named tuple rather than a dataclass: a class merge builds one per tag of every learner, and tuples are
    the cheapest immutable records Python makes.
    """

    level: str
    note: str = ""
    tagged_at: str = ""


@dataclass
class TagFile:
    """The contents of a progress file or a submission."""

    learner: str
    article_title: str
    article_sha256: str
    taxonomy: list[str]
    tags: dict[str, Tag] = field(default_factory=dict)
    lateral_tags: dict[str, Tag] = field(default_factory=dict)
    kind: str = "progress"
    created: str = field(default_factory=now)
    updated: str = field(default_factory=now)

    def to_json(self) -> dict:
        def tags(mapping: dict[str, Tag]) -> dict:
            return {cid: {"level": t.level, "note": t.note, "tagged_at": t.tagged_at} for cid, t in mapping.items()}

        return {
            "schema": SCHEMA,
            "schema_version": SCHEMA_VERSION,
            "kind": self.kind,
            "learner": self.learner,
            "article": {"title": self.article_title, "sha256": self.article_sha256},
            "taxonomy": list(self.taxonomy),
            "created": self.created,
            "updated": self.updated,
            "tags": tags(self.tags),
            "lateral_tags": tags(self.lateral_tags),
        }


def write_atomic(path: str | Path, document: TagFile | dict) -> Path:
    """Write a tag file (or any JSON document) atomically; see :mod:`medialit.atomic`."""
    payload = document.to_json() if isinstance(document, TagFile) else document
    return atomic.write_bytes(path, json.dumps(payload, ensure_ascii=False, indent=1).encode("utf-8"))


def read(path: str | Path, *, error: type[ProgressFileError] = ProgressFileError) -> TagFile:
    """Read and check a tag file. Raises ``error`` (a ProgressFileError or SubmissionError) naming what to fix.

    The file is only read, never changed, whatever is wrong with it.
    """
    path = Path(path)
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        raise error(path, "file not found.", fix="check the name and folder.") from None
    if size > MAX_BYTES:
        raise error(path, f"is {size:,} bytes, more than a tag file can be ({MAX_BYTES:,}).", fix="this is not a medialit tag file; pick the .json file the tagger saved.")
    if size == 0:
        raise error(path, "is empty.", fix="it was never written completely; use an earlier copy or start afresh under another name.")
    raw = path.read_bytes()
    try:
        document = json.loads(raw.decode("utf-8"))
    except UnicodeDecodeError as exc:
        raise error(path, f"is not UTF-8 text (byte {exc.start}).", fix="pick the .json file the tagger saved.") from None
    except json.JSONDecodeError as exc:
        raise error(path, f"is not valid JSON ({exc.msg}).", where=f"line {exc.lineno}, column {exc.colno}", fix="restore a copy, or start afresh under another name; this file is left as it is.") from None
    except RecursionError:  # brackets nested thousands deep: the decoder would overflow the stack
        raise error(path, "is nested too deeply to be a tag file.", fix="pick the .json file the tagger saved.") from None
    return parse(document, path, error=error)


def parse(document: object, path: str | Path = "<tag file>", *, error: type[ProgressFileError] = ProgressFileError) -> TagFile:
    """Check a decoded JSON document field by field and build a :class:`TagFile`."""
    if not isinstance(document, dict):
        raise error(path, f"holds a JSON {type(document).__name__}, not an object.", fix="pick the .json file the tagger saved.")
    if document.get("schema") != SCHEMA:
        raise error(path, f"is not a medialit tag file ('schema' is {document.get('schema')!r}, expected {SCHEMA!r}).", where="field 'schema'", fix="pick the .json file the tagger saved.")
    version = document.get("schema_version")
    if not isinstance(version, int) or isinstance(version, bool):
        raise error(path, f"'schema_version' must be a whole number (got {version!r}).", where="field 'schema_version'", fix="restore the file from a copy.")
    if version > SCHEMA_VERSION:
        raise error(path, f"was saved by a newer medialit (schema version {version}; this one reads up to {SCHEMA_VERSION}).", where="field 'schema_version'", fix="update the series (git pull, then make lab) and open it again.")
    kind = document.get("kind", "progress")
    if kind not in KINDS:
        raise error(path, f"'kind' must be one of {list(KINDS)} (got {kind!r}).", where="field 'kind'", fix="restore the file from a copy.")
    article = document.get("article")
    if not isinstance(article, dict) or not isinstance(article.get("sha256"), str):
        raise error(path, "has no article fingerprint ('article': {'sha256': ...}).", where="field 'article'", fix="restore the file from a copy.")
    taxonomy = document.get("taxonomy", [])
    if not isinstance(taxonomy, list) or not all(isinstance(k, str) for k in taxonomy):
        raise error(path, "'taxonomy' must be a list of level keys.", where="field 'taxonomy'", fix="restore the file from a copy.")
    learner = document.get("learner", "")
    if not isinstance(learner, str):
        raise error(path, f"'learner' must be text (got {type(learner).__name__}).", where="field 'learner'", fix="set it to the learner's name or pseudonym.")
    return TagFile(
        learner=learner[:200],
        article_title=str(article.get("title", ""))[:500],
        article_sha256=article["sha256"],
        taxonomy=taxonomy,
        tags=_tags(document.get("tags", {}), "tags", path, error),
        lateral_tags=_tags(document.get("lateral_tags", {}), "lateral_tags", path, error),
        kind=kind,
        created=str(document.get("created", "")),
        updated=str(document.get("updated", "")),
    )


def _tags(mapping: object, name: str, path: str | Path, error: type[ProgressFileError]) -> dict[str, Tag]:
    if not isinstance(mapping, dict):
        raise error(path, f"'{name}' must be an object of claim ID -> tag.", where=f"field '{name}'", fix="restore the file from a copy.")
    tags = {}
    # The loop runs once per tag of every file a class merge reads, so the common case is kept lean:
    # exact type checks, and error messages are only built when a tag is actually wrong.
    for claim_id, value in mapping.items():
        if type(value) is dict:
            level, note, tagged_at = value.get("level"), value.get("note", ""), value.get("tagged_at", "")
            if type(level) is str and type(note) is str:
                if len(note) > MAX_NOTE:
                    note = note[:MAX_NOTE]
                tags[claim_id] = Tag(level, note, tagged_at if type(tagged_at) is str else str(tagged_at))
                continue
        raise _bad_tag(value, f"{name}[{claim_id!r}]", path, error)
    return tags


def _bad_tag(value: object, where: str, path: str | Path, error: type[ProgressFileError]) -> ProgressFileError:
    if not isinstance(value, dict) or not isinstance(value.get("level"), str):
        return error(path, "each tag must be an object with a 'level'.", where=where, fix="restore the file from a copy.")
    return error(path, f"'note' must be text (got {type(value.get('note')).__name__}).", where=where, fix="restore the file from a copy.")
