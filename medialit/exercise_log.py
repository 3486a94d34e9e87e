"""A self-learner's exercise record across sessions: the best result of every exercise, saved as it happens.

Each check writes ``~/medialit-work/exercises/progress.json`` (or under ``$MEDIALIT_HOME``)::

    {"schema": "medialit-exercises", "schema_version": 2,
     "exercises": {"04.2": {"status": "correct", "first_done": "2026-11-25T16:05:00+00:00",
                            "updated": "2026-11-25T16:07:00+00:00", "attempts": 3, "first": "not_yet",
                            "wrong": ["C004, C015"], "answer": ["C004", "C015", "C017"], "reason": "..."}}}

A status only improves: a later "not yet" never erases an earlier "correct". ``self_score`` is the points a learner
gave their own written answer with a rubric (the before/after assessment, :mod:`medialit.assess`), saved by
:func:`record_self_score` and kept with the answer it scores. ``answer`` (and ``reason``) are the
latest answer given in a reading-track widget (:mod:`medialit.ask`), kept so the widget resumes with it when its cell
runs again; ``medialit.check`` from code saves the status only. An answer is small and plain: text of at most
:data:`MAX_TEXT` characters, a finite number, or a list of at most :data:`MAX_ITEMS` short texts, with no character
a file cannot hold (:func:`answer_problem` says what is wrong). Version 1 records (statuses only) are read as they
are and rewritten as version 2 at the next save.

What goes to the teacher with a hand-in: every exercise's result (:func:`for_hand_in`: status, first try, tries,
short wrong answers) and, for the before/after assessment's tasks only, the answer and the self-score
(:func:`assessment_for_hand_in`); no other answer leaves the record.

Writes are atomic (:func:`medialit.tagfile.write_atomic`), so a crash leaves the old record or the new one, and each
one reads, updates and writes the record under its lock (:func:`medialit.atomic.locked`), so two notebooks checking
at the same moment both keep their result. A record
that cannot be read (hand-edited, another schema) is left untouched and nothing more is saved to it, so nothing is
lost; saving never raises in a learner's notebook (a read-only home just means nothing is saved). While nbgrader
runs a notebook (it sets ``NBGRADER_EXECUTION`` for ``autograde`` and ``validate``) nothing is written at all: the
grader's home is not a learner's.
"""

from __future__ import annotations

import json
import math
import os
from pathlib import Path
from typing import Iterable

from .atomic import locked
from .paths import home
from .tagfile import (MAX_ANSWER, MAX_ASSESSED, MAX_ATTEMPTS, MAX_EXERCISES, MAX_ID, MAX_NOTE, MAX_POINTS, MAX_TICKED, MAX_WRONG, MAX_WRONG_TEXT,
                      AssessedAnswer, ExerciseResult, now, text_problem, write_atomic)
from .tagfile import answer_problem as _travel_problem

__all__ = ["SCHEMA", "SCHEMA_VERSION", "MAX_TEXT", "MAX_ITEMS", "MAX_WRONG", "MAX_WRONG_TEXT", "MAX_POINTS", "record_path", "read_record",
           "record", "record_self_score", "answer_problem", "assessed_problem", "answer_text", "for_hand_in", "assessment_for_hand_in",
           "under_grader", "is_points"]

SCHEMA = "medialit-exercises"
SCHEMA_VERSION = 2  # 2 adds "answer" and "reason"; version 1 files are read as they are
_RANK = {"unanswered": 0, "not_yet": 1, "answered": 2, "correct": 3}
MAX_BYTES = 1_000_000
MAX_TEXT = MAX_NOTE  # a written answer or a reason is held to the same length as a tag's note
MAX_ITEMS = 100
MAX_ITEM = 200


def record_path() -> Path:
    """Where the exercise record is saved: ``<medialit home>/exercises/progress.json``."""
    return home() / "exercises" / "progress.json"


def under_grader() -> bool:
    """True while nbgrader executes the notebook (``autograde`` or ``validate``): then nothing is saved."""
    return bool(os.environ.get("NBGRADER_EXECUTION"))


def _text_problem(text: str, limit: int, what: str) -> str:
    if len(text) > limit:
        return f"{what} is {len(text):,} characters long; at most {limit:,} are kept. Shorten it, then check again."
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return f"{what} holds a character no file can store (a lone surrogate, from a bad paste). Retype that part, then check again."
    if "\x00" in text:
        return f"{what} holds a NUL character. Retype it, then check again."
    return ""


def answer_problem(answer: object, reason: str | None = None) -> str:
    """Why ``answer`` (and ``reason``) cannot be saved, in words for the learner; ``""`` when they can.

    >>> answer_problem(["C004", "C015"]), answer_problem(0.25)
    ('', '')
    >>> answer_problem("x" * 6000)[:40]
    'Your answer is 6,000 characters long; at'
    """
    problem = ""
    if isinstance(answer, str):
        problem = _text_problem(answer, MAX_TEXT, "Your answer")
    elif isinstance(answer, bool) or answer is None:
        problem = "A yes/no or empty value is not an answer that can be saved."
    elif isinstance(answer, (int, float)):
        problem = "" if math.isfinite(answer) else "The number is not finite."
    elif isinstance(answer, list):
        if len(answer) > MAX_ITEMS:
            problem = f"Your answer has {len(answer)} items; at most {MAX_ITEMS} are kept."
        elif not all(isinstance(item, str) for item in answer):
            problem = "Every item of the answer must be text."
        else:
            problem = next((p for p in (_text_problem(item, MAX_ITEM, "An item of your answer") for item in answer) if p), "")
    else:
        problem = f"A {type(answer).__name__} is not an answer that can be saved (text, a number or a list of texts)."
    if not problem and reason is not None:
        problem = _text_problem(reason, MAX_TEXT, "Your reason") if isinstance(reason, str) else "The reason must be text."
    return problem


def assessed_problem(answer: object, reason: str | None = None) -> str:
    """Why an assessment answer cannot be handed in (it could not travel to the teacher), in words; ``""`` when it can.

    :func:`answer_problem`'s rules, and no control character but a tab or a line break (:func:`medialit.tagfile.answer_problem`).

    >>> assessed_problem("They sell the product.\\nSo they gain."), assessed_problem(["1", "4"], "an opinion")
    ('', '')
    >>> assessed_problem("Pasted\\x0c text")
    'Your answer contains a control character (U+000C, at character 7), usually from a paste. Retype that part.'
    """
    problem = answer_problem(answer, reason)
    if problem:
        return problem
    texts = [("Your answer", answer)] if isinstance(answer, str) else [("An item of your answer", item) for item in answer] if isinstance(answer, list) else []
    for what, text in texts + ([("Your reason", reason)] if reason else []):
        trouble = _travel_problem(text, MAX_ANSWER)
        if trouble:
            return f"{what} {trouble[:-1]}, usually from a paste. Retype that part."
    return ""


def answer_text(answer: object) -> str:
    """An answer as the short text a teacher reads: items sorted and joined, a number plainly, text with spaces collapsed.

    >>> answer_text(["C015", "C004"]), answer_text(0.25), answer_text("  not   a claim ")
    ('C004, C015', '0.25', 'not a claim')
    """
    if isinstance(answer, list):
        return ", ".join(sorted(" ".join(str(item).split()) for item in answer))
    if isinstance(answer, (int, float)) and not isinstance(answer, bool):
        return f"{answer:g}"
    return " ".join(str(answer).split())


def _wrong_answers(value: object) -> list[str] | None:
    """A saved ``wrong`` list if it is one a hand-in can carry, else None (it is then dropped, like a bad answer)."""
    if not isinstance(value, list) or len(value) > MAX_WRONG or not all(isinstance(item, str) and not text_problem(item, MAX_WRONG_TEXT) for item in value):
        return None
    return value


def _entry(value: object) -> dict | None:
    """One saved entry, checked: its status is known; an answer or reason that is not plain and small is dropped."""
    if not isinstance(value, dict) or value.get("status") not in _RANK:
        return None
    entry = dict(value)
    if not isinstance(entry.get("attempts", 0), int):
        entry["attempts"] = 0
    if "first" in entry and entry["first"] not in _RANK:
        del entry["first"]
    if "wrong" in entry and _wrong_answers(entry["wrong"]) is None:
        del entry["wrong"]
    if "answer" in entry and answer_problem(entry["answer"]):
        del entry["answer"]
    if "reason" in entry and answer_problem("", entry["reason"]):
        del entry["reason"]
    if "self_score" in entry and not ("answer" in entry and is_points(entry["self_score"])):
        del entry["self_score"]
    return entry


def is_points(value: object) -> bool:
    """Whether ``value`` can be a score: a whole number from 0 to :data:`MAX_POINTS` (True and 1.5 cannot)."""
    return isinstance(value, int) and not isinstance(value, bool) and 0 <= value <= MAX_POINTS


def read_record(path: str | Path | None = None) -> dict[str, dict] | None:
    """The saved record (exercise ID -> entry); ``{}`` if there is none yet, ``None`` if the file is unreadable.

    Reads schema versions 1 (statuses only) and 2 (statuses and answers).
    """
    path = Path(path) if path else record_path()
    try:
        if path.stat().st_size > MAX_BYTES:
            return None
        document = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {}
    except (OSError, UnicodeDecodeError, json.JSONDecodeError, RecursionError):
        return None
    if not isinstance(document, dict) or document.get("schema") != SCHEMA or not isinstance(document.get("exercises"), dict):
        return None
    version = document.get("schema_version")
    if not isinstance(version, int) or isinstance(version, bool) or not 1 <= version <= SCHEMA_VERSION:
        return None
    entries = {key: _entry(value) for key, value in document["exercises"].items()}
    return {key: entry for key, entry in entries.items() if entry is not None}


_UNSET = object()


def record(exercise_id: str, status: str, path: str | Path | None = None, *, answer: object = _UNSET, reason: str | None = None) -> bool:
    """Save one check's status if it is the best so far, and ``answer`` (and ``reason``) as the latest answer.

    Returns False if nothing could be saved: the record is unreadable, the home cannot be written, nbgrader is
    running the notebook, or the answer is not one that can be saved (:func:`answer_problem`; then nothing is).
    """
    if under_grader():
        return False
    if answer is not _UNSET and answer_problem(answer, reason):
        return False
    path = Path(path) if path else record_path()
    try:
        with locked(path):
            return _record(exercise_id, status, path, answer, reason)
    except OSError:  # a read-only home, a folder in the way: nothing saved, and nothing raised in the notebook
        return False


def _record(exercise_id: str, status: str, path: Path, answer: object, reason: str | None) -> bool:
    entries = read_record(path)
    if entries is None:  # unreadable: leave it exactly as it is
        return False
    stamp = now()
    entry = dict(entries.get(exercise_id, {"status": "unanswered", "attempts": 0}))
    if status != "unanswered":
        if not entry.get("attempts") and "first" not in entry:
            entry["first"] = status  # the first try: kept from now on, whatever comes later
        entry["attempts"] = int(entry.get("attempts", 0)) + 1
    if status == "not_yet" and answer is not _UNSET:
        wrong, text = list(entry.get("wrong", [])), answer_text(answer)
        if text and len(text) <= MAX_WRONG_TEXT and text not in wrong and len(wrong) < MAX_WRONG:
            entry["wrong"] = wrong + [text]
    if _RANK[status] >= _RANK.get(entry.get("status", ""), 0):
        entry["status"] = status
    if status in ("correct", "answered") and not entry.get("first_done"):
        entry["first_done"] = stamp
    if answer is not _UNSET:
        entry["answer"] = answer
        if reason is None:
            entry.pop("reason", None)
        else:
            entry["reason"] = reason
    entry["updated"] = stamp
    entries[exercise_id] = entry
    write_atomic(path, {"schema": SCHEMA, "schema_version": SCHEMA_VERSION, "exercises": dict(sorted(entries.items()))})
    return True


def for_hand_in(path: str | Path | None = None) -> dict[str, ExerciseResult]:
    """What a hand-in carries of the record (see the module): each exercise tried, as an ExerciseResult.

    ``{}`` when there is no record yet or it cannot be read (a hand-in never fails over the exercise record).
    """
    entries = read_record(path) or {}
    tried = [(i, entry) for i, entry in sorted(entries.items()) if entry["status"] != "unanswered" and not text_problem(i, MAX_ID)]
    return {
        exercise_id: ExerciseResult(entry["status"], entry.get("first", ""), min(max(entry.get("attempts", 0), 0), MAX_ATTEMPTS), tuple(entry.get("wrong", ())))
        for exercise_id, entry in tried[:MAX_EXERCISES]
    }


def assessment_for_hand_in(task_ids: Iterable[str], path: str | Path | None = None) -> dict[str, AssessedAnswer]:
    """What a hand-in carries of the assessment (:mod:`medialit.assessment`): each of ``task_ids`` answered, with its
    words and the learner's own score. Only these tasks travel with their words; every other answer stays here.

    An answer the tag file could not carry (a hand-edited record: too long, a control character) is left out, so a
    hand-in never fails over it; the widget refuses such an answer when it is typed (:func:`assessed_problem`).
    ``{}`` when there is no record yet or it cannot be read.
    """
    entries = read_record(path) or {}
    found: dict[str, AssessedAnswer] = {}
    for task_id in task_ids:
        entry = entries.get(task_id, {})
        answer, reason, points = entry.get("answer"), entry.get("reason") or "", entry.get("self_score")
        if len(found) == MAX_ASSESSED or text_problem(task_id, MAX_ID) or not (isinstance(answer, str) or isinstance(answer, list) and len(answer) <= MAX_TICKED):
            continue
        if assessed_problem(answer, reason) or (isinstance(answer, list) and any(len(item) > MAX_ID for item in answer)):
            continue
        found[task_id] = AssessedAnswer(tuple(answer) if isinstance(answer, list) else answer, reason, points if is_points(points) else None)
    return found


def record_self_score(exercise_id: str, points: int, path: str | Path | None = None) -> bool:
    """Save the points a learner gave their own saved answer to ``exercise_id`` (a later score replaces it).

    Returns False if nothing could be saved: no answer is saved for that exercise yet, ``points`` is not a whole
    number from 0 to :data:`MAX_POINTS`, the record is unreadable, the home cannot be written, or nbgrader is running.
    """
    if under_grader() or not is_points(points):
        return False
    path = Path(path) if path else record_path()
    try:
        with locked(path):
            entries = read_record(path)
            if entries is None or "answer" not in entries.get(exercise_id, {}):
                return False
            entries[exercise_id] = {**entries[exercise_id], "self_score": points, "updated": now()}
            write_atomic(path, {"schema": SCHEMA, "schema_version": SCHEMA_VERSION, "exercises": dict(sorted(entries.items()))})
            return True
    except OSError:
        return False
