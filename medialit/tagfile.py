"""The tag file: one learner's tags on disk, as a progress file or as a submission for the teacher.

Both are the same JSON document (``kind`` tells them apart), so a teacher's merge reads exactly what the tagger
writes::

    {
      "schema": "medialit-tags", "schema_version": 2, "kind": "progress",
      "learner": "Ana",
      "case": "fbi-jttf-iran-espionage",
      "article": {"title": "The Role of ...", "sha256": "2d4e1e0a..."},
      "taxonomy": ["not_a_claim", "contradicted", ...],
      "created": "2026-11-25T16:00:00+00:00", "updated": "2026-11-25T16:20:00+00:00",
      "tags": {"C004": {"level": "bare_assertion", "note": "only his word", "tagged_at": "2026-11-25T16:05:00+00:00"}},
      "lateral_tags": {},
      "exercises": {"04.2": {"status": "correct", "first": "not_yet", "attempts": 3, "wrong": ["C004, C015"]}}
    }

``tags`` is the first pass (reading the article alone); ``lateral_tags`` is the second pass, after reading
laterally (lesson 06), kept apart so the two can be compared. ``case`` is the id of the case study tagged
(:mod:`medialit.case`) and ``article.sha256`` the fingerprint of its exact text: together they say which case
pack (claims table, key) the claim IDs belong to. Version 1 files (before case packs) have no ``case``; they
are read as before, by the fingerprint alone (``TagFile.case_id`` is then ``""``, as for a file naming no case).

``exercises`` (version 3, optional) is what a teacher needs from the learner's exercise record
(:mod:`medialit.exercise_log`), handed in with the tags: per exercise, the best status so far, the status of the
first try (``""`` when the record is older than first tries), the number of tries, and up to :data:`MAX_WRONG`
wrong answers, as short texts, in the order given. Nothing else of the record travels (no written answer that
counted, no reason). A version-2 file has no exercises and reads as before; a version-2 reader refuses a
version-3 file with "saved by a newer medialit", so no reader ever drops exercise results it cannot see.

``assessment`` (version 3, optional) carries the before/after assessment (:mod:`medialit.assessment`): per task
answered (``"90.1"``), the answer as handed in (the text, or for a task of ticks the sentences ticked, as texts),
the reason given with the ticks, and the learner's own score, if any (:class:`AssessedAnswer`). Only assessment
tasks travel with their words; every other exercise's answer stays in the learner's own record. It is written
only in a submission whose learner answered a task, and it is an addition a version-3 reader without it can
skip: such a reader has nothing to show of an assessment, and refusing the whole file (as a version bump would)
would lose the tags it can read, while the file itself keeps the answers for a newer reader. Its texts are
checked like notes, and more strictly: within :data:`MAX_ANSWER` characters, and no control character but a tab
or a line break (:func:`answer_problem`).

Writing is atomic: the document goes to a temporary file in the same folder, is flushed to disk, and then
replaces the old file in one step (``os.replace``). A crash, a killed kernel or a full disk leaves either the
old file or the new one, never half of one. Reading never executes anything (plain ``json``) and raises only
the error class it is given (``ProgressFileError`` or ``SubmissionError``), naming the file, the place and the
fix, whatever the input: a folder, a named pipe or a device ("not a regular file", checked before opening), a
file too large, not UTF-8, not JSON, nested too deeply, a 5,000-digit number, another schema or a newer
version, a field of the wrong type, text with a lone surrogate (it could never be written out again) or over
its limit.

**The limits** (also in ``data/README.md``): a note holds at most :data:`MAX_NOTE` characters, a learner's name
:data:`MAX_NAME`, a claim ID or level key :data:`MAX_ID`, a time stamp :data:`MAX_STAMP`; a pass holds at most
:data:`MAX_CLAIMS` tags; a file holds at most :data:`MAX_EXERCISES` exercise results, each with at most
:data:`MAX_WRONG` wrong answers of at most :data:`MAX_WRONG_TEXT` characters. The tagger refuses longer text when it is typed, and every reader refuses a file that
breaks a limit, naming the claim: nothing is ever silently cut (only the article's title, a label, is kept to
:data:`MAX_TITLE` characters). :data:`MAX_BYTES`, the largest file a reader accepts, is computed from these
limits, so every file the writer can make is readable.
"""

from __future__ import annotations

import json
import operator
import os
import re
import stat
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Iterator, NamedTuple

from . import atomic
from .errors import ProgressFileError, SubmissionError
from .safe_text import typed_control

__all__ = [
    "SCHEMA", "SCHEMA_VERSION", "MAX_BYTES", "MAX_NOTE", "MAX_NAME", "MAX_TITLE", "MAX_ID", "MAX_STAMP", "MAX_CLAIMS",
    "MAX_LEVELS", "MAX_EXERCISES", "MAX_WRONG", "MAX_ATTEMPTS", "MAX_WRONG_TEXT", "MAX_ANSWER", "MAX_ASSESSED", "MAX_TICKED", "MAX_POINTS",
    "EXERCISE_STATUSES", "Tag", "ExerciseResult", "AssessedAnswer", "TagFile",
    "now", "text_problem", "answer_problem", "parse", "read", "from_bytes", "write_atomic",
]

SCHEMA = "medialit-tags"
SCHEMA_VERSION = 3  # 2: the case id ("case"); 3: exercise results ("exercises"), the assessment ("assessment"); 1 and 2 are still read
KINDS = ("progress", "submission")

MAX_NOTE = 2_000     # characters in one note: a long paragraph of reasons
MAX_NAME = 100       # characters in a learner's name or pseudonym
MAX_TITLE = 500      # characters of the article's title kept in a file (a label: the SHA-256 identifies the article)
MAX_ID = 64          # characters in a claim ID, a level key or an article fingerprint (a SHA-256 has 64)
MAX_STAMP = 40       # characters in a time stamp ("2026-11-25T16:05:00+00:00" has 25)
MAX_CLAIMS = 1_000   # tags in one pass (the case study has 65 statements to tag)
MAX_LEVELS = 100     # level keys in the taxonomy list
MAX_EXERCISES = 200  # exercise results in one file (the series has about fifty exercises)
MAX_WRONG = 5        # wrong answers kept per exercise: the first ones given, the most telling
MAX_WRONG_TEXT = 200 # characters in one wrong answer as kept (a longer one is counted as a try, not kept)
MAX_ATTEMPTS = 1_000_000
MAX_ANSWER = MAX_NOTE  # characters in an assessment answer or its reason: held to a note's length, as the exercise log holds it
MAX_ASSESSED = 20    # assessment tasks in one file (the series' assessment has eight: four tasks in each of two forms)
MAX_TICKED = 50      # sentences ticked in one answer (a form has nine)
MAX_POINTS = 100     # a self-score is a whole number of points from 0 to this
EXERCISE_STATUSES = ("unanswered", "not_yet", "answered", "correct")  # worst to best, as the exercise log ranks them

# The largest file the writer can make, from the limits above: json.dumps writes any character in at most six
# bytes ("\u0001"; a 4-byte emoji stays 4 bytes), and each tag adds at most 100 bytes of quotes, braces, field
# names and indentation. The reader accepts exactly up to this size, so whatever the tagger saves, it reads back.
_PER_CHARACTER = 6
_PER_TAG = 100 + _PER_CHARACTER * (2 * MAX_ID + MAX_NOTE + MAX_STAMP)           # claim ID, level, note, time
_HEADER = 1_000 + _PER_CHARACTER * (MAX_NAME + MAX_TITLE + 2 * MAX_ID + 2 * MAX_STAMP) + MAX_LEVELS * (10 + _PER_CHARACTER * MAX_ID)
_PER_EXERCISE = 150 + _PER_CHARACTER * (MAX_ID + MAX_WRONG * (MAX_WRONG_TEXT + 4))  # ID, two statuses, tries, wrong answers
_PER_ASSESSED = 150 + _PER_CHARACTER * (MAX_ID + 2 * MAX_ANSWER + MAX_TICKED * (MAX_ID + 4))  # ID, answer or ticks, reason, score
MAX_BYTES = _HEADER + 2 * MAX_CLAIMS * _PER_TAG + MAX_EXERCISES * _PER_EXERCISE + MAX_ASSESSED * _PER_ASSESSED  # about 28 MB; a real file is ~100 kB

_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")  # control characters (Cc) but tab, line feed, carriage return
_SPECIAL_FILES = {stat.S_IFIFO: "a named pipe (FIFO)", stat.S_IFCHR: "a character device", stat.S_IFBLK: "a block device", stat.S_IFSOCK: "a socket"}
_PICK = "pick the .json file the tagger saved."
_RESTORE = "restore the file from a copy."


def now() -> str:
    """The current time as an ISO 8601 string in UTC, as stored in tag files."""
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def text_problem(text: str, limit: int, *, nul_ok: bool = False, typed: bool = False) -> str | None:
    """Why ``text`` cannot go into a tag file, or None if it can. One rule for the tagger and every reader.

    Refused: more than ``limit`` characters; a lone surrogate (half of a character, e.g. from a bad copy and
    paste: it cannot be written as UTF-8); a NUL character unless ``nul_ok`` (readers accept one). Text being
    ``typed`` (a note in the tagger, a name in the name box) must also hold no invisible control character
    (:data:`medialit.safe_text.TYPED_CONTROLS`: C0 and C1 controls such as ESC, and the bidirectional controls
    that reverse or isolate text, such as U+202E); tabs and line breaks stay allowed. Readers accept what a
    crafted file carries, and every output escapes or drops it (:func:`medialit.safe_text.for_display`,
    :func:`medialit.safe_text.for_terminal`).

    >>> text_problem("only his word", MAX_NOTE) is None
    True
    >>> text_problem("x" * 2_001, MAX_NOTE)
    'has 2,001 characters; at most 2,000 fit.'
    >>> text_problem("evil\u202etxt", MAX_NOTE, typed=True)
    'contains an invisible control character (\\\\u202e, at character 5), which could hide or reverse text.'
    """
    if len(text) > limit:
        return f"has {len(text):,} characters; at most {limit:,} fit."
    if not text.isascii():
        try:
            text.encode("utf-8")
        except UnicodeEncodeError as exc:
            return f"contains a broken character (a lone surrogate, {text[exc.start]!r}, at character {exc.start + 1}), usually left by a bad copy and paste."
    if not nul_ok and "\x00" in text:
        return f"contains a NUL character (at character {text.index(chr(0)) + 1})."
    found = typed_control(text) if typed else None
    if found is None:
        return None
    return f"contains an invisible control character ({found.group().encode('unicode_escape').decode('ascii')}, at character {found.start() + 1}), which could hide or reverse text."


def answer_problem(text: str, limit: int = MAX_ANSWER) -> str | None:
    """Why an assessment answer's ``text`` cannot travel in a tag file, or None: :func:`text_problem`'s rules, and no
    control character but a tab or a line break (a pasted one could drive a teacher's terminal or spreadsheet).

    >>> answer_problem("Who wrote it?\\nA company.") is None
    True
    >>> answer_problem("Pasted\\x1b[2K")
    'contains a control character (U+001B, at character 7).'
    """
    problem = text_problem(text, limit)
    if problem:
        return problem
    found = _CONTROL.search(text)
    return f"contains a control character (U+{ord(found.group()):04X}, at character {found.start() + 1})." if found else None


class Tag(NamedTuple):
    """One claim's tag: the level chosen, the learner's note on why, and when it last changed.

    A named tuple rather than a dataclass: a class merge builds one per tag of every learner, and tuples are
    the cheapest immutable records Python makes.
    """

    level: str
    note: str = ""
    tagged_at: str = ""


class ExerciseResult(NamedTuple):
    """One exercise as a hand-in carries it: the best status, the first try's status, how many tries, wrong answers.

    ``first`` is ``""`` when the learner's record was made before first tries were kept. ``wrong`` holds the first
    :data:`MAX_WRONG` different wrong answers, each as a short text (``"C004, C015"`` for a set of claims).
    """

    status: str
    first: str = ""
    attempts: int = 0
    wrong: tuple[str, ...] = ()

    def to_json(self) -> dict:
        return {"status": self.status, "first": self.first, "attempts": self.attempts, "wrong": list(self.wrong)}


class AssessedAnswer(NamedTuple):
    """One task of the before/after assessment as a hand-in carries it: the answer as handed in, the reason given
    with ticks, and the learner's own score (None when they gave none).

    ``answer`` is the written text, or for a task of ticks the sentences ticked, as texts (``("1", "4")``).
    """

    answer: str | tuple[str, ...]
    reason: str = ""
    self_score: int | None = None

    def to_json(self) -> dict:
        document: dict = {"answer": list(self.answer) if isinstance(self.answer, tuple) else self.answer}
        if self.reason:
            document["reason"] = self.reason
        if self.self_score is not None:
            document["self_score"] = self.self_score
        return document


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
    case_id: str = ""  # "" in a version-1 file, which names its article by fingerprint only
    exercises: dict[str, ExerciseResult] = field(default_factory=dict)  # exercise ID -> result; {} before version 3
    assessment: dict[str, AssessedAnswer] = field(default_factory=dict)  # assessment task ID -> answer; {} when none

    def to_json(self) -> dict:
        def tags(mapping: dict[str, Tag]) -> dict:
            return {cid: {"level": t.level, "note": t.note, "tagged_at": t.tagged_at} for cid, t in mapping.items()}

        document = {
            "schema": SCHEMA,
            "schema_version": SCHEMA_VERSION,
            "kind": self.kind,
            "learner": self.learner,
            "case": self.case_id,
            "article": {"title": self.article_title, "sha256": self.article_sha256},
            "taxonomy": list(self.taxonomy),
            "created": self.created,
            "updated": self.updated,
            "tags": tags(self.tags),
            "lateral_tags": tags(self.lateral_tags),
        }
        if self.exercises:  # optional: a progress file and a learner who did no exercise have none
            document["exercises"] = {exercise_id: result.to_json() for exercise_id, result in self.exercises.items()}
        if self.assessment:  # optional, like the exercises: only a submission of a learner who answered a task
            document["assessment"] = {task_id: answer.to_json() for task_id, answer in self.assessment.items()}
        return document


def write_atomic(path: str | Path, document: TagFile | dict) -> Path:
    """Write a tag file (or any JSON document) atomically; see :mod:`medialit.atomic`."""
    payload = document.to_json() if isinstance(document, TagFile) else document
    return atomic.write_bytes(path, json.dumps(payload, ensure_ascii=False, indent=1).encode("utf-8"))


def read(path: str | Path, *, error: type[ProgressFileError | SubmissionError] = ProgressFileError) -> TagFile:
    """Read and check a tag file. Raises ``error`` (a ProgressFileError or SubmissionError) naming what to fix.

    Raises nothing else, whatever the file holds. The file is only read, never changed.
    """
    path = Path(path)
    return from_bytes(_read_bytes(path, error), path, error=error)


def from_bytes(raw: bytes, path: str | Path = "<tag file>", *, error: type[ProgressFileError | SubmissionError] = ProgressFileError) -> TagFile:
    """Check and read a tag file's bytes (e.g. a member of a platform's zip, read into memory); ``path`` names it.

    The same checks as :func:`read` after the file is read: raises only ``error``, whatever ``raw`` holds.
    """
    if len(raw) > MAX_BYTES:
        raise error(path, f"is {len(raw):,} bytes, more than a tag file can be ({MAX_BYTES:,}).", fix="this is not a medialit tag file; " + _PICK)
    if not raw:
        raise error(path, "is empty.", fix="it was never written completely; use an earlier copy or start afresh under another name.")
    try:
        document = json.loads(raw.decode("utf-8"))
    except UnicodeDecodeError as exc:
        raise error(path, f"is not UTF-8 text (byte {exc.start}).", fix=_PICK) from None
    except json.JSONDecodeError as exc:
        raise error(path, f"is not valid JSON ({exc.msg}).", where=f"line {exc.lineno}, column {exc.colno}", fix="restore a copy, or start afresh under another name; this file is left as it is.") from None
    except ValueError as exc:  # a number of thousands of digits: Python refuses to convert it
        raise error(path, f"holds a number too long to read ({str(exc)[:80]}).", fix=_PICK) from None
    except RecursionError:  # brackets nested thousands deep: the decoder would overflow the stack
        raise error(path, "is nested too deeply to be a tag file.", fix=_PICK) from None
    # Valid UTF-8 cannot carry a lone surrogate; only a "\u" escape can make one. Most files have none.
    return _parse(document, path, error, check_escapes=b"\\u" in raw)


def _read_bytes(path: Path, error: type[ProgressFileError | SubmissionError]) -> bytes:
    """The file's bytes, after checking it is a regular file of a sensible size (before opening it)."""
    try:
        status = path.stat()
    except FileNotFoundError:
        raise error(path, "file not found.", fix="check the name and folder.") from None
    except (OSError, ValueError) as exc:  # no permission, a broken link, a NUL in the name, ...
        raise error(path, f"cannot be read ({_reason(exc)}).", fix="check the name, the folder and its permissions.") from None
    if stat.S_ISDIR(status.st_mode):
        raise error(path, "is a folder, not a tag file.", fix=_PICK)
    if not stat.S_ISREG(status.st_mode):  # reading a pipe would wait forever, a device would never end
        kind = _SPECIAL_FILES.get(stat.S_IFMT(status.st_mode), "a special file")
        raise error(path, f"is {kind}, not a regular file.", fix=_PICK)
    if status.st_size > MAX_BYTES:
        raise error(path, f"is {status.st_size:,} bytes, more than a tag file can be ({MAX_BYTES:,}).", fix="this is not a medialit tag file; " + _PICK)
    try:
        descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
        try:
            opened = os.fstat(descriptor)
            if not stat.S_ISREG(opened.st_mode):  # swapped for something else since the check
                raise error(path, "is not a regular file.", fix=_PICK)
            with os.fdopen(os.dup(descriptor), "rb") as stream:
                raw = stream.read(min(opened.st_size, MAX_BYTES) + 1)  # one byte more shows a file that grew
                if len(raw) > opened.st_size:
                    raw += stream.read(MAX_BYTES + 1 - len(raw))  # never more than the limit, whatever happens
        finally:
            os.close(descriptor)
    except OSError as exc:
        raise error(path, f"cannot be read ({_reason(exc)}).", fix="check the file's permissions.") from None
    if len(raw) > MAX_BYTES:
        raise error(path, f"is more than {MAX_BYTES:,} bytes, more than a tag file can be.", fix="this is not a medialit tag file; " + _PICK)
    if not raw:
        raise error(path, "is empty.", fix="it was never written completely; use an earlier copy or start afresh under another name.")
    return raw


def _reason(exc: BaseException) -> str:
    return getattr(exc, "strerror", None) or type(exc).__name__


def parse(document: object, path: str | Path = "<tag file>", *, error: type[ProgressFileError | SubmissionError] = ProgressFileError) -> TagFile:
    """Check a decoded JSON document field by field and build a :class:`TagFile`; raises only ``error``."""
    return _parse(document, path, error, check_escapes=True)


def _show(value: object) -> str:
    """A short, safe description of a bad value for a message (never a huge or deeply nested repr), in JSON's words."""
    if isinstance(value, str):
        return repr(value[:40] + ("..." if len(value) > 40 else ""))
    if value is None or isinstance(value, bool):
        return json.dumps(value)  # null, true, false: as the file has it
    if isinstance(value, float) or (isinstance(value, int) and abs(value) < 10**20):
        return repr(value)
    return _json_kind(value)


def _json_kind(value: object) -> str:
    """What a JSON value is, in plain words: "empty JSON (null)", "a list", "a number", ... (never a Python type name)."""
    if value is None:
        return "empty JSON (null)"
    if isinstance(value, bool):
        return "true or false"
    kinds = ((dict, "an object"), (list, "a list"), (str, "a piece of text"), ((int, float), "a number"))
    return next((words for kind, words in kinds if isinstance(value, kind)), "a value medialit does not know")


def _parse(document: object, path: str | Path, error: type[ProgressFileError | SubmissionError], *, check_escapes: bool) -> TagFile:
    def text(value: object, where: str, limit: int, fix: str = _RESTORE) -> str:
        if type(value) is not str:
            raise error(path, f"{where} must be text (got {_show(value)}).", where=f"field {where}", fix=fix)
        problem = text_problem(value, limit, nul_ok=True) if check_escapes or len(value) > limit else None
        if problem:
            raise error(path, f"{where} {problem}", where=f"field {where}", fix=fix)
        return value

    if not isinstance(document, dict):
        raise error(path, f"holds {_json_kind(document)}, not an object ({{...}}) as a tag file does.", fix=_PICK)
    if document.get("schema") != SCHEMA:
        raise error(path, f"is not a medialit tag file ('schema' is {_show(document.get('schema'))}, expected {SCHEMA!r}).", where="field 'schema'", fix=_PICK)
    version = document.get("schema_version")
    if type(version) is not int:
        raise error(path, f"'schema_version' must be a whole number (got {_show(version)}).", where="field 'schema_version'", fix=_RESTORE)
    if version > SCHEMA_VERSION:
        raise error(path, f"was saved by a newer medialit (schema version {_show(version)}; this one reads up to {SCHEMA_VERSION}).", where="field 'schema_version'", fix="update the series (git pull, then make lab) and open it again.")
    kind = document.get("kind", "progress")
    if kind not in KINDS:
        raise error(path, f"'kind' must be one of {list(KINDS)} (got {_show(kind)}).", where="field 'kind'", fix=_RESTORE)
    case_id = document.get("case", "") if version >= 2 else ""  # "" (no case named): matched by fingerprint alone
    article = document.get("article")
    if not isinstance(article, dict) or not isinstance(article.get("sha256"), str):
        raise error(path, "has no article fingerprint ('article': {'sha256': ...}).", where="field 'article'", fix=_RESTORE)
    taxonomy = document.get("taxonomy", [])
    if not isinstance(taxonomy, list) or len(taxonomy) > MAX_LEVELS:
        raise error(path, f"'taxonomy' must be a list of at most {MAX_LEVELS} level keys.", where="field 'taxonomy'", fix=_RESTORE)
    return TagFile(
        learner=text(document.get("learner", ""), "'learner'", MAX_NAME, fix=f"set it to the learner's name or pseudonym (at most {MAX_NAME} characters)."),
        article_title=text(article.get("title", ""), "'article.title'", 100 * MAX_TITLE)[:MAX_TITLE],
        article_sha256=text(article["sha256"], "'article.sha256'", MAX_ID),
        taxonomy=[text(key, "'taxonomy'", MAX_ID) for key in taxonomy],
        tags=_tags(document.get("tags", {}), "tags", path, error, check_escapes),
        lateral_tags=_tags(document.get("lateral_tags", {}), "lateral_tags", path, error, check_escapes),
        kind=kind,
        created=text(document.get("created", ""), "'created'", MAX_STAMP),
        updated=text(document.get("updated", ""), "'updated'", MAX_STAMP),
        case_id=text(case_id, "'case'", MAX_ID),
        exercises=_exercises(document.get("exercises", {}) if version >= 3 else {}, path, error),
        assessment=_assessment(document.get("assessment", {}) if version >= 3 else {}, path, error),
    )


def _objects_by_id(mapping: object, field: str, words: tuple[str, str], limit: int, needs: str, path: str | Path,
                   error: type[ProgressFileError | SubmissionError]) -> Iterator[tuple[str, dict, str]]:
    """Each ``(id, object, where)`` of a field that maps short IDs to objects (``exercises``, ``assessment``), after
    the checks such a field shares: an object, at most ``limit`` entries, IDs that are short text, values that are
    objects. ``words`` names an ID and a value in messages ("task", "assessment answer"); ``needs`` is the key a value
    must have.
    """
    id_word, value_word = words
    if not isinstance(mapping, dict):
        raise error(path, f"'{field}' must be an object of {id_word} ID -> {value_word}.", where=f"field '{field}'", fix=_RESTORE)
    if len(mapping) > limit:
        raise error(path, f"'{field}' holds {len(mapping):,} {value_word}s; a file holds at most {limit:,}.", where=f"field '{field}'", fix=_RESTORE)
    for key, value in mapping.items():
        where = f"{field}[{_show(key)}]"
        problem = text_problem(key, MAX_ID) if type(key) is str else "must be text"
        if problem:
            raise error(path, f"the {id_word} ID {problem}", where=where, fix=_RESTORE)
        if not isinstance(value, dict):
            raise error(path, f"each {value_word} must be an object with {needs}.", where=where, fix=_RESTORE)
        yield key, value, where


def _assessment(mapping: object, path: str | Path, error: type[ProgressFileError | SubmissionError]) -> dict[str, AssessedAnswer]:
    """The ``assessment`` field checked like the notes: known shapes, whole points, texts within the limits."""
    answers = {}
    for task_id, value, where in _objects_by_id(mapping, "assessment", ("task", "assessment answer"), MAX_ASSESSED, "an 'answer'", path, error):
        answer, reason, points = value.get("answer"), value.get("reason", ""), value.get("self_score")
        if isinstance(answer, list):
            if len(answer) > MAX_TICKED or not all(type(item) is str for item in answer):
                raise error(path, f"'answer' must be a text or a list of at most {MAX_TICKED} texts (the sentences ticked).", where=where, fix=_RESTORE)
            texts = [(item, MAX_ID) for item in answer]
            answer = tuple(answer)
        elif type(answer) is str:
            texts = [(answer, MAX_ANSWER)]
        else:
            raise error(path, f"'answer' must be a text or a list of texts (got {_show(answer)}).", where=where, fix=_RESTORE)
        if type(reason) is not str:
            raise error(path, f"'reason' must be text (got {_show(reason)}).", where=where, fix=_RESTORE)
        for text, limit in texts + [(reason, MAX_ANSWER)]:
            problem = answer_problem(text, limit)
            if problem:
                raise error(path, f"an answer {problem}", where=where, fix=_RESTORE)
        if points is not None and (type(points) is not int or not 0 <= points <= MAX_POINTS):
            raise error(path, f"'self_score' must be a whole number of points from 0 to {MAX_POINTS} (got {_show(points)}).", where=where, fix=_RESTORE)
        answers[task_id] = AssessedAnswer(answer, reason, points)
    return answers


def _exercises(mapping: object, path: str | Path, error: type[ProgressFileError | SubmissionError]) -> dict[str, ExerciseResult]:
    """The ``exercises`` field checked like the tags: known statuses, whole numbers, short texts within the limits."""
    results = {}
    for exercise_id, value, where in _objects_by_id(mapping, "exercises", ("exercise", "exercise result"), MAX_EXERCISES, "a 'status'", path, error):
        status, first, attempts, wrong = value.get("status"), value.get("first", ""), value.get("attempts", 0), value.get("wrong", [])
        if status not in EXERCISE_STATUSES or (first != "" and first not in EXERCISE_STATUSES):
            raise error(path, f"'status' and 'first' must be one of {list(EXERCISE_STATUSES)} (got {_show(status)}, {_show(first)}).", where=where, fix=_RESTORE)
        if type(attempts) is not int or not 0 <= attempts <= MAX_ATTEMPTS:
            raise error(path, f"'attempts' must be a whole number from 0 to {MAX_ATTEMPTS:,} (got {_show(attempts)}).", where=where, fix=_RESTORE)
        if not isinstance(wrong, list) or len(wrong) > MAX_WRONG or not all(type(answer) is str for answer in wrong):
            raise error(path, f"'wrong' must be a list of at most {MAX_WRONG} texts.", where=where, fix=_RESTORE)
        for answer in wrong:
            problem = text_problem(answer, MAX_WRONG_TEXT)
            if problem:
                raise error(path, f"a wrong answer {problem}", where=where, fix=_RESTORE)
        results[exercise_id] = ExerciseResult(status, first, attempts, tuple(wrong))
    return results


def _tags(mapping: object, name: str, path: str | Path, error: type[ProgressFileError | SubmissionError], check_escapes: bool) -> dict[str, Tag]:
    if not isinstance(mapping, dict):
        raise error(path, f"'{name}' must be an object of claim ID -> tag.", where=f"field '{name}'", fix=_RESTORE)
    if len(mapping) > MAX_CLAIMS:
        raise error(path, f"'{name}' holds {len(mapping):,} tags; a pass holds at most {MAX_CLAIMS:,}.", where=f"field '{name}'", fix=_RESTORE)
    tags = {}
    # The loop runs once per tag of every file a class merge reads, so it is kept lean: exact type checks here,
    # the lengths afterwards in bulk (C loops), and a tag-by-tag search only when something is wrong.
    for claim_id, value in mapping.items():
        if type(value) is dict:
            level, note, tagged_at = value.get("level"), value.get("note", ""), value.get("tagged_at", "")
            if type(level) is str and type(note) is str and type(tagged_at) is str:
                tags[claim_id] = Tag(level, note, tagged_at)
                continue
        raise _bad_tag(claim_id, value, name, path, error) or error(path, "each tag must be an object with text 'level', 'note' and 'tagged_at'.", where=f"{name}[{_show(claim_id)}]", fix=_RESTORE)
    values = tags.values()
    if tags and (
        not set(map(type, tags)) <= {str}
        or max(map(len, tags)) > MAX_ID
        or max(map(len, map(_LEVEL, values))) > MAX_ID
        or max(map(len, map(_NOTE, values))) > MAX_NOTE
        or max(map(len, map(_TAGGED_AT, values))) > MAX_STAMP
        or (check_escapes and any(text_problem(text, MAX_NOTE, nul_ok=True) for tag in values for text in tag))
        or (check_escapes and any(text_problem(claim_id, MAX_ID, nul_ok=True) for claim_id in tags))
    ):
        for claim_id, value in mapping.items():
            problem = _bad_tag(claim_id, value, name, path, error)
            if problem is not None:
                raise problem
    return tags


_LEVEL, _NOTE, _TAGGED_AT = (operator.attrgetter(field) for field in Tag._fields)


def _bad_tag(claim_id: object, value: object, name: str, path: str | Path, error: type[ProgressFileError | SubmissionError]) -> ProgressFileError | SubmissionError | None:
    """The error for a tag that breaks a rule, saying exactly what is wrong with it; None if it breaks none."""
    where = f"{name}[{_show(claim_id)}]"
    limits = {"level": MAX_ID, "note": MAX_NOTE, "tagged_at": MAX_STAMP}
    if type(claim_id) is not str or text_problem(claim_id, MAX_ID, nul_ok=True):
        what = f"the claim ID {text_problem(claim_id, MAX_ID, nul_ok=True) if type(claim_id) is str else 'must be text'}"
        return error(path, what, where=where, fix=_RESTORE)
    if not isinstance(value, dict) or type(value.get("level")) is not str:
        return error(path, "each tag must be an object with a 'level'.", where=where, fix=_RESTORE)
    for key, limit in limits.items():
        part = value.get(key, "")
        if type(part) is not str:
            return error(path, f"'{key}' must be text (got {_show(part)}).", where=where, fix=_RESTORE)
        problem = text_problem(part, limit, nul_ok=True)
        if problem:
            fix = "shorten the note (the tagger refuses longer ones) or restore a copy." if key == "note" else _RESTORE
            return error(path, f"the {key.replace('_', ' ')} of {claim_id} {problem}", where=where, fix=fix)
    return None
