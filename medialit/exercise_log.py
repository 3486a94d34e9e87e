"""A self-learner's exercise record across sessions: the best result of every exercise, saved as it happens.

Each check writes ``~/medialit/exercises/progress.json`` (or under ``$MEDIALIT_HOME``)::

    {"schema": "medialit-exercises", "schema_version": 1,
     "exercises": {"04.2": {"status": "correct", "first_done": "2026-11-25T16:05:00+00:00",
                            "updated": "2026-11-25T16:07:00+00:00", "attempts": 3}}}

Only the *status* is kept, never the learner's answer (the answer lives in the notebook they wrote it in). A
status only improves: a later "not yet" never erases an earlier "correct". Writes are atomic
(:func:`medialit.tagfile.write_atomic`), so a crash leaves the old record or the new one, and each one reads,
updates and writes the record under its lock (:func:`medialit.atomic.locked`), so two notebooks checking at
the same moment both keep their result. A record that cannot be
read (hand-edited, another schema) is left untouched and nothing more is saved to it, so nothing is lost; saving
never raises in a learner's notebook (a read-only home just means nothing is saved).
"""

from __future__ import annotations

import json
from pathlib import Path

from .atomic import locked
from .paths import home
from .tagfile import now, write_atomic

__all__ = ["SCHEMA", "record_path", "read_record", "record"]

SCHEMA = "medialit-exercises"
SCHEMA_VERSION = 1
_RANK = {"unanswered": 0, "not_yet": 1, "answered": 2, "correct": 3}
MAX_BYTES = 1_000_000


def record_path() -> Path:
    """Where the exercise record is saved: ``<medialit home>/exercises/progress.json``."""
    return home() / "exercises" / "progress.json"


def read_record(path: str | Path | None = None) -> dict[str, dict] | None:
    """The saved record (exercise ID -> entry); ``{}`` if there is none yet, ``None`` if the file is unreadable."""
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
    if not isinstance(document.get("schema_version"), int) or document["schema_version"] > SCHEMA_VERSION:
        return None
    return {k: v for k, v in document["exercises"].items() if isinstance(v, dict) and v.get("status") in _RANK}


def record(exercise_id: str, status: str, path: str | Path | None = None) -> bool:
    """Save one check's status if it is the best so far; returns False if nothing could be saved."""
    path = Path(path) if path else record_path()
    try:
        with locked(path):
            return _record(exercise_id, status, path)
    except OSError:  # a read-only home, a folder in the way: nothing saved, and nothing raised in the notebook
        return False


def _record(exercise_id: str, status: str, path: Path) -> bool:
    entries = read_record(path)
    if entries is None:  # unreadable: leave it exactly as it is
        return False
    stamp = now()
    entry = dict(entries.get(exercise_id, {"status": "unanswered", "attempts": 0}))
    if status != "unanswered":
        entry["attempts"] = int(entry.get("attempts", 0)) + 1
    if _RANK[status] >= _RANK.get(entry.get("status"), 0):
        entry["status"] = status
    if status in ("correct", "answered") and not entry.get("first_done"):
        entry["first_done"] = stamp
    entry["updated"] = stamp
    entries[exercise_id] = entry
    write_atomic(path, {"schema": SCHEMA, "schema_version": SCHEMA_VERSION, "exercises": dict(sorted(entries.items()))})
    return True
