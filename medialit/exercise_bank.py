"""The exercises' questions, answers, hints and rubrics: one file, ``data/exercises.toml``, read and checked here.

Each ``[[exercise]]`` table has an ``id`` ("04.2": exercise notebook 04, exercise 2; "L04.2": activity 2 asked in
lesson notebook 04 itself, :func:`lesson_activities`), a ``title``, a ``kind`` that says
how an answer is compared, a ``hint`` that points to the idea (never the answer) and, optionally, an ``explain``
shown once the answer is right. The kinds and their fields:

============  ===============================================================================================
kind          fields
============  ===============================================================================================
``choice``    ``options``: the choices shown; ``answer``: the right one (``items = "claims"``: claim IDs)
``text``      ``accept``: the answers taken (compared ignoring case, spaces and punctuation at the ends)
``number``    ``answer``, ``tolerance`` (absolute, default 0.005); ``percent = true`` also takes 42 for 0.42
``set``       ``answer``: items whose order does not matter (``accept_also``: other sets that are defensible);
              ``options`` (claim IDs with ``items = "claims"``, words, or ``[value, label]`` pairs) or
              ``words_of``: a claim whose words are the options
``mapping``   ``answer``: a table of key -> number or text (a dict or a pandas Series), ``tolerance``
``level``     ``claim``: a claim ID whose levels come from the answer key (``medialit.answer_key``), or
              ``answer``: a level key for a claim that is not in the article; ``gate = true`` asks only
              "claim or not a claim"; ``reason = true`` asks for a reason too (kept, not checked)
``chart``     ``bars``: how many bars; ``heights``: their values (any order); a title and axis labels needed
``rubric``    ``ideas``: ``{label = [cues...]}`` a strong answer touches (a cue matches at the start of a word,
              so "universit" finds "university"); ``proficient``/``emergent``/``basic``; ``min_words``;
              ``model_answer``: one strong answer, shown only after the learner's own
============  ===============================================================================================

**Two tracks.** ``track = "reading"`` (the default) is answered in a widget, ``medialit.ask("04.2")``, with no
typed code. It needs a ``question`` (the widget shows it; ``show`` lists claim IDs to quote under it, and ``article``
names a practice article in the file's ``[practice]`` table that those IDs and ``options`` come from) and a kind a
control can answer (choice, level, set with options, number, text, rubric). ``track = "data"`` is the optional
data track: answered in code (pandas, matplotlib) with ``medialit.check("04.4", answer)``; its task is written in
the notebook.

The answers of ``level`` exercises about the article are not written here at all: they are read from the answer
key, so the two can never disagree. The tests recompute the other answers from the data where they can.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from . import data
from .errors import DataFileError, NotAReadingExerciseError, UnknownExerciseError  # re-exported: callers import them from here too

__all__ = ["KINDS", "TRACKS", "READING_KINDS", "Exercise", "UnknownExerciseError", "NotAReadingExerciseError", "load_exercises", "exercise", "notebook_exercises", "lesson_activities"]

KINDS = ("choice", "text", "number", "set", "mapping", "level", "chart", "rubric")
TRACKS = ("reading", "data")
READING_KINDS = ("choice", "level", "set", "number", "text", "rubric")  # the kinds a widget control can answer
FILENAME = "exercises.toml"
_REQUIRED = {
    "choice": ("options", "answer"),
    "text": ("accept",),
    "number": ("answer",),
    "set": ("answer",),
    "mapping": ("answer",),
    "level": (),  # a claim or an answer: checked below
    "chart": ("bars",),
    "rubric": ("ideas", "proficient", "emergent", "basic"),
}
_COMMON = ("id", "title", "kind", "hint", "explain", "track", "question", "show", "article")


@dataclass(frozen=True)
class Exercise:
    """One exercise: what it asks, how to compare an answer, and what to say about it."""

    id: str
    title: str
    kind: str
    hint: str
    explain: str = ""
    spec: dict = field(default_factory=dict)
    track: str = "reading"
    question: str = ""
    show: tuple[str, ...] = ()
    article: str = ""  # the text of a practice article the claim IDs refer to ("" for the case study)

    @property
    def notebook(self) -> str:
        """The exercise notebook it belongs to: "04" for "04.2"; "L04" for "L04.2", an activity of lesson 04."""
        return self.id.split(".")[0]

    @property
    def in_lesson(self) -> bool:
        """True for an activity asked in a lesson notebook ("L04.2"), not in an exercise notebook."""
        return self.id.startswith("L")

    @property
    def has_rubric(self) -> bool:
        return self.kind == "rubric"

    @property
    def is_reading(self) -> bool:
        """True for the reading track (answered in a widget), False for the optional data track (code)."""
        return self.track == "reading"

    def rubric(self) -> list[tuple[str, str]]:
        """(grade, description) for Proficient, Emergent and Basic; empty for exercises with a check."""
        if not self.has_rubric:
            return []
        return [(grade.title(), self.spec[grade]) for grade in ("proficient", "emergent", "basic")]

    def option_values(self) -> list[str]:
        """The values a choice or set exercise offers (``[value, label]`` pairs give their value); [] if none."""
        return [str(option[0]) if isinstance(option, list) else str(option) for option in self.spec.get("options", [])]


def _option_problem(table: dict) -> str:
    """Why a choice or set exercise's options cannot express its answer ("" when they can)."""
    options = table.get("options")
    if options is None:
        return ""
    if not isinstance(options, list) or not options or not all(isinstance(o, str) or (isinstance(o, list) and len(o) == 2 and all(isinstance(x, str) for x in o)) for o in options):
        return "'options' must be a list of texts or of [value, label] pairs."
    values = {(o[0] if isinstance(o, list) else o).casefold() for o in options}
    answer = table.get("answer")
    wanted = [answer] if isinstance(answer, str) else list(answer or [])
    missing = [item for item in wanted if str(item).casefold() not in values]
    return f"the answer {missing} is not among the 'options', so no learner could give it." if missing else ""


def _exercise(path: Path, number: int, table: dict, practice: dict[str, str]) -> Exercise:
    where = f"[[exercise]] number {number}"
    ident = str(table.get("id", ""))
    parts = ident.split(".")
    lesson = parts[0][1:] if parts[0].startswith("L") else parts[0]  # "L04.2": an activity of lesson 04 itself
    if len(parts) != 2 or not (len(lesson) == 2 and lesson.isdigit() and parts[1].isdigit()):
        raise DataFileError(path, f"'id' must look like '04.2', or 'L04.2' for an activity in lesson 04 itself (got {ident!r}).", where=where,
                            fix="use the notebook's two-digit number (with L before it for a lesson activity), a dot, and the exercise's number.")
    where = f"exercise {ident!r}"
    kind = table.get("kind")
    if kind not in KINDS:
        raise DataFileError(path, f"'kind' must be one of {list(KINDS)} (got {kind!r}).", where=where, fix="see the table in medialit/exercise_bank.py.")
    for name in ("title", "hint") + _REQUIRED[kind]:
        if name not in table or table[name] in ("", [], {}):
            raise DataFileError(path, f"a {kind!r} exercise needs '{name}'.", where=where, fix=f"add {name} = ... to the exercise.")
    if kind == "level" and ("claim" in table) == ("answer" in table):
        raise DataFileError(path, "a 'level' exercise needs either 'claim' (the answer key decides) or 'answer' (a level key), not both.", where=where, fix="add claim = \"C063\" or answer = \"primary_record\".")
    track = table.get("track", "reading")
    if track not in TRACKS:
        raise DataFileError(path, f"'track' must be one of {list(TRACKS)} (got {track!r}).", where=where, fix='use track = "data" for a code exercise, or leave it out for the reading track.')
    if ident.startswith("L") and track != "reading":
        raise DataFileError(path, "a lesson activity (an 'L' id) is answered in a widget, so it cannot be on the data track.", where=where, fix='leave out track, or give it an exercise id such as "04.7".')
    if track == "reading":
        if kind not in READING_KINDS or (kind == "set" and not ("options" in table or "words_of" in table)):
            raise DataFileError(path, f"a reading-track {kind!r} exercise has no control a learner could answer it with.", where=where, fix="give a set exercise 'options' or 'words_of', or make it track = \"data\".")
        if not str(table.get("question", "")).strip():
            raise DataFileError(path, "a reading-track exercise needs 'question' (the widget shows it).", where=where, fix="add question = \"...\".")
    problem = _option_problem(table) if kind in ("choice", "set") else ""
    if problem:
        raise DataFileError(path, problem, where=where, fix="list every right answer among the options.")
    show = table.get("show", [])
    if not isinstance(show, list) or not all(isinstance(c, str) for c in show):
        raise DataFileError(path, "'show' must be a list of claim IDs.", where=where, fix='write show = ["C015", "C016"].')
    article = table.get("article", "")
    if article and article not in practice:
        raise DataFileError(path, f"'article' names {article!r}, which the [practice] table does not have (it has {sorted(practice)}).", where=where, fix="add the article's text under [practice], or correct the name.")
    return Exercise(
        id=ident, title=table["title"], kind=kind, hint=table["hint"].strip(), explain=table.get("explain", "").strip(),
        spec={k: v for k, v in table.items() if k not in _COMMON}, track=track, question=str(table.get("question", "")).strip(),
        show=tuple(show), article=practice.get(article, ""),
    )


@lru_cache(maxsize=4)
def _load(path: str) -> dict[str, Exercise]:
    file = Path(path)
    try:
        document = tomllib.loads(file.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise DataFileError(file, "file not found.", fix="restore it from git: git checkout -- data/exercises.toml") from None
    except tomllib.TOMLDecodeError as exc:
        raise DataFileError(file, f"is not valid TOML ({exc}).", fix="correct the line named, or restore it from git.") from None
    practice = document.get("practice", {})
    if not isinstance(practice, dict) or not all(isinstance(text, str) and text.strip() for text in practice.values()):
        raise DataFileError(file, "[practice] must map names to the texts of practice articles.", where="[practice]", fix='write name = """the article\'s text""".')
    exercises: dict[str, Exercise] = {}
    for number, table in enumerate(document.get("exercise", []), start=1):
        item = _exercise(file, number, table, practice)
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
    """The exercises of one exercise notebook ("04" or 4), in order; a lesson's own activities are not among them."""
    prefix = f"{int(notebook):02d}" if str(notebook).isdigit() else str(notebook)[:2]
    return [item for item in load_exercises().values() if item.notebook == prefix]


def lesson_activities(lesson: str | int) -> list[Exercise]:
    """The activities asked in lesson notebook ``lesson`` ("04" or 4) itself, in order (IDs "L04.1", ...)."""
    prefix = "L" + (f"{int(lesson):02d}" if str(lesson).isdigit() else str(lesson)[:2])
    return [item for item in load_exercises().values() if item.notebook == prefix]
