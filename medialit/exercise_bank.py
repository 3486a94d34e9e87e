"""The exercises' answers, hints and rubrics: one file, ``data/exercises.toml``, read and checked here.

Each ``[[exercise]]`` table has an ``id`` ("04.2": notebook 04, exercise 2), a ``title``, a ``kind`` that says
how an answer is compared, a ``hint`` that points to the idea (never the answer) and, optionally, an ``explain``
shown once the answer is right. The kinds and their fields:

============  ===============================================================================================
kind          fields
============  ===============================================================================================
``text``      ``accept``: the answers taken (compared ignoring case, spaces and punctuation at the ends)
``number``    ``answer``, ``tolerance`` (absolute, default 0.005); ``percent = true`` also takes 42 for 0.42
``set``       ``answer``: items whose order does not matter (``accept_also``: other sets that are defensible)
``mapping``   ``answer``: a table of key -> number or text (a dict or a pandas Series), ``tolerance``
``level``     ``claim``: a claim ID; the levels taken come from the answer key (``medialit.answer_key``)
``chart``     ``bars``: how many bars; ``heights``: their values (any order); a title and axis labels needed
``rubric``    ``ideas``: ``{label = [cues...]}`` a strong answer touches (a cue matches at the start of a word,
              so "universit" finds "university"); ``proficient``/``emergent``/``basic``; ``min_words``
============  ===============================================================================================

The answers of ``level`` exercises are not written here at all: they are read from the answer key, so the two can
never disagree. The tests recompute the other answers from the data where they can.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from . import data
from .errors import DataFileError, MedialitError

__all__ = ["KINDS", "Exercise", "UnknownExerciseError", "load_exercises", "exercise", "notebook_exercises"]

KINDS = ("text", "number", "set", "mapping", "level", "chart", "rubric")
FILENAME = "exercises.toml"
_REQUIRED = {
    "text": ("accept",),
    "number": ("answer",),
    "set": ("answer",),
    "mapping": ("answer",),
    "level": ("claim",),
    "chart": ("bars",),
    "rubric": ("ideas", "proficient", "emergent", "basic"),
}


class UnknownExerciseError(MedialitError, KeyError):
    """An exercise ID that data/exercises.toml does not have."""

    def __init__(self, exercise_id: object, known: list[str]):
        self.exercise_id = exercise_id
        super().__init__(f"there is no exercise {exercise_id!r}; IDs look like '04.2' (this series has {known[0]} ... {known[-1]}).")

    def __str__(self) -> str:
        return self.args[0]


@dataclass(frozen=True)
class Exercise:
    """One exercise: how to compare an answer, and what to say about it."""

    id: str
    title: str
    kind: str
    hint: str
    explain: str = ""
    spec: dict = field(default_factory=dict)

    @property
    def notebook(self) -> str:
        """The two-digit number of the notebook the exercise belongs to ("04" for "04.2")."""
        return self.id.split(".")[0]

    @property
    def has_rubric(self) -> bool:
        return self.kind == "rubric"

    def rubric(self) -> list[tuple[str, str]]:
        """(grade, description) for Proficient, Emergent and Basic; empty for exercises with a check."""
        if not self.has_rubric:
            return []
        return [(grade.title(), self.spec[grade]) for grade in ("proficient", "emergent", "basic")]


def _exercise(path: Path, number: int, table: dict) -> Exercise:
    where = f"[[exercise]] number {number}"
    ident = str(table.get("id", ""))
    parts = ident.split(".")
    if len(parts) != 2 or not (len(parts[0]) == 2 and parts[0].isdigit() and parts[1].isdigit()):
        raise DataFileError(path, f"'id' must look like '04.2' (got {ident!r}).", where=where, fix="use the notebook's two-digit number, a dot, and the exercise's number.")
    where = f"exercise {ident!r}"
    kind = table.get("kind")
    if kind not in KINDS:
        raise DataFileError(path, f"'kind' must be one of {list(KINDS)} (got {kind!r}).", where=where, fix="see the table in medialit/exercise_bank.py.")
    for name in ("title", "hint") + _REQUIRED[kind]:
        if name not in table or table[name] in ("", [], {}):
            raise DataFileError(path, f"a {kind!r} exercise needs '{name}'.", where=where, fix=f"add {name} = ... to the exercise.")
    known = ("id", "title", "kind", "hint", "explain")
    return Exercise(id=ident, title=table["title"], kind=kind, hint=table["hint"].strip(), explain=table.get("explain", "").strip(), spec={k: v for k, v in table.items() if k not in known})


@lru_cache(maxsize=4)
def _load(path: str) -> dict[str, Exercise]:
    file = Path(path)
    try:
        document = tomllib.loads(file.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise DataFileError(file, "file not found.", fix="restore it from git: git checkout -- data/exercises.toml") from None
    except tomllib.TOMLDecodeError as exc:
        raise DataFileError(file, f"is not valid TOML ({exc}).", fix="correct the line named, or restore it from git.") from None
    exercises: dict[str, Exercise] = {}
    for number, table in enumerate(document.get("exercise", []), start=1):
        item = _exercise(file, number, table)
        if item.id in exercises:
            raise DataFileError(file, f"exercise {item.id!r} appears twice.", where=f"[[exercise]] number {number}", fix="give every exercise its own ID.")
        exercises[item.id] = item
    if not exercises:
        raise DataFileError(file, "has no [[exercise]] tables.", fix="restore it from git.")
    return exercises


def load_exercises() -> dict[str, Exercise]:
    """Every exercise of the series by ID, in the file's order (read once, then cached)."""
    return _load(str(data.path(FILENAME)))


def exercise(exercise_id: str) -> Exercise:
    """One exercise by ID; raises :class:`UnknownExerciseError` for an ID the series does not have."""
    exercises = load_exercises()
    key = str(exercise_id).strip()
    if key not in exercises:
        raise UnknownExerciseError(exercise_id, list(exercises))
    return exercises[key]


def notebook_exercises(notebook: str | int) -> list[Exercise]:
    """The exercises of one notebook ("04" or 4), in order."""
    prefix = f"{int(notebook):02d}" if str(notebook).isdigit() else str(notebook)[:2]
    return [item for item in load_exercises().values() if item.notebook == prefix]
