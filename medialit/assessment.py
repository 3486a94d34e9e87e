"""The before/after assessment: a short text the learner has never seen, four tasks, and a rubric with points.

The series opens and closes with the same performance task on two parallel texts (``data/assessment.toml``):
form ``before`` (notebook 90, before lesson 01) and form ``after`` (notebook 91, after lesson 09). Each form is a
short invented post (numbered sentences, an author and a publisher to look into, a vague attribution, a claim with
a named source) and the results of a quick web search about who is behind it. The four tasks are the same in both
forms, word for word, and each is scored on one criterion of the rubric:

>>> assessment = load_assessment()
>>> [(task.number, task.name) for task in assessment.tasks]
[(1, 'Who is behind it'), (2, 'Claim or not'), (3, 'How well supported'), (4, 'Checking from outside')]
>>> asked = assessment.task("91.3")
>>> asked.form.key, asked.task.name, asked.form.sentence(asked.task.quote).level
('after', 'How well supported', 'vague_attribution')
>>> assessment.levels
(('basic', 0), ('emergent', 1), ('proficient', 2))

A task answered in a form is a :class:`FormTask` with an exercise ID like the lessons' ("90.1": notebook 90, task 1),
under which the learner's answer and self-score are saved (:mod:`medialit.exercise_log`). The widget that asks it is
:func:`medialit.assess`; scores and the class's before/after are in :mod:`medialit.assessment_scores`.

The loader checks the file and raises :class:`~medialit.errors.DataFileError` naming the table, the field and the fix:
the two forms must be parallel (the same kinds of sentence in the same order, an exemplar at every level of every
task), so an edit can never leave one form easier than the other by accident.
"""

from __future__ import annotations

import html
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Iterable

from . import series
from .errors import DataFileError

__all__ = ["FILENAME", "LEVELS", "Task", "Sentence", "Form", "FormTask", "Assessment", "read_assessment", "load_assessment", "assessment_task_ids"]

FILENAME = "assessment.toml"
LEVELS = ("basic", "emergent", "proficient")  # lowest first
KINDS = ("text", "sentences")  # a written answer; ticks on the numbered sentences and a written reason
FIX = "correct it in data/assessment.toml, or restore the file from git."


@dataclass(frozen=True)
class Task:
    """One task, the same in both forms, scored on one criterion (``name``) with a description per level."""

    number: int
    key: str
    name: str
    kind: str
    question: str
    rubric: dict[str, str]  # level -> what an answer at that level looks like
    quote: int | None = None  # the sentence the task is about, quoted under its question


@dataclass(frozen=True)
class Sentence:
    """One numbered sentence of a form's text, and how a careful reader of the text alone weighs it."""

    number: int
    text: str
    level: str  # a key of data/taxonomy.csv
    why: str

    @property
    def is_claim(self) -> bool:
        """Whether evidence could show it true or false (every level but *not a factual claim*)."""
        return self.level != "not_a_claim"


@dataclass(frozen=True)
class Form:
    """One of the two parallel texts, with its search results and the exemplar answers to its tasks."""

    key: str
    notebook: str
    when: str
    title: str
    byline: str
    where: str
    about: str
    sentences: tuple[Sentence, ...]
    search: tuple[tuple[str, str], ...]  # (where it was found, what it says)
    exemplars: dict[int, dict[str, str]]  # task number -> level -> an answer at that level
    ticked: dict[int, dict[str, tuple[int, ...]]]  # for a "sentences" task: level -> the sentences its exemplar ticks

    def sentence(self, number: int) -> Sentence:
        return self.sentences[number - 1]

    def claims(self) -> tuple[int, ...]:
        """The numbers of the sentences a careful reader ticks as factual claims."""
        return tuple(s.number for s in self.sentences if s.is_claim)

    def words(self) -> str:
        """Everything a learner reads before the tasks (title, byline, sentences, the publisher's note, the search
        results), for measuring how long and how hard it is."""
        return "\n".join([self.title, self.byline, " ".join(s.text for s in self.sentences), self.about, *(text for _, text in self.search)])


@dataclass(frozen=True)
class FormTask:
    """A task as asked in one form: its exercise ID ("90.1"), the form, and the task."""

    form: Form
    task: Task

    @property
    def id(self) -> str:
        return f"{self.form.notebook}.{self.task.number}"

    def exemplar(self, level: str) -> str:
        return self.form.exemplars[self.task.number][level]

    def agreement(self, ticked: Iterable[str | int]) -> int:
        """How many of the form's sentences ``ticked`` sorts as a careful reader would (ticked or not)."""
        chosen = {int(n) for n in ticked}
        return sum((s.number in chosen) == s.is_claim for s in self.form.sentences)


@dataclass(frozen=True)
class Assessment:
    """The whole assessment: its tasks, its two forms and the points of each level."""

    title: str
    label: str
    min_words: int
    points: dict[str, int]
    tasks: tuple[Task, ...]
    forms: tuple[Form, ...]

    @property
    def levels(self) -> tuple[tuple[str, int], ...]:
        """(level, points), lowest first."""
        return tuple((level, self.points[level]) for level in LEVELS)

    def form(self, key: str) -> Form:
        """A form by its key ("before", "after") or its notebook number ("90")."""
        for form in self.forms:
            if str(key).strip().lower() in (form.key, form.notebook):
                return form
        raise KeyError(f"there is no form {key!r}; the forms are {[f.key for f in self.forms]} (notebooks {[f.notebook for f in self.forms]}).")

    def task(self, task_id: str) -> FormTask:
        """A task as asked in a form, by its exercise ID ("90.1")."""
        notebook, _, number = str(task_id).strip().partition(".")
        for task in self.tasks:
            if number == str(task.number):
                return FormTask(self.form(notebook), task)
        raise KeyError(f"there is no assessment task {task_id!r}; they are {self.task_ids()}.")

    def task_ids(self) -> list[str]:
        return [f"{form.notebook}.{task.number}" for form in self.forms for task in self.tasks]

    def level_of(self, points: int) -> str:
        """The level a number of points stands for ("emergent" for 1)."""
        return next(level for level, value in self.levels if value == points)


def _need(path: Path, table: dict, names: tuple[str, ...], where: str) -> None:
    for name in names:
        if not isinstance(table.get(name), str) or not table[name].strip():
            raise DataFileError(path, f"needs '{name}' (text).", where=where, fix=f"add {name} = \"...\"; " + FIX)


def _task(path: Path, number: int, table: dict) -> Task:
    where = f"[[task]] number {number}"
    _need(path, table, ("key", "name", "question", *LEVELS), where)
    if table.get("number") != number:
        raise DataFileError(path, f"'number' must be {number} (tasks are numbered 1, 2, ... in order); got {table.get('number')!r}.", where=where, fix=FIX)
    if table.get("kind") not in KINDS:
        raise DataFileError(path, f"'kind' must be one of {list(KINDS)} (got {table.get('kind')!r}).", where=where, fix=FIX)
    return Task(number, table["key"], table["name"], table["kind"], table["question"].strip(), {level: table[level].strip() for level in LEVELS}, table.get("quote"))


def _form(path: Path, table: dict, tasks: tuple[Task, ...], levels: set[str]) -> Form:
    where = f"[[form]] {table.get('key', '?')!r}"
    _need(path, table, ("key", "notebook", "when", "title", "byline", "where", "about"), where)
    sentences = []
    for number, row in enumerate(table.get("sentence", []), start=1):
        _need(path, row, ("text", "level", "why"), f"{where}, sentence {number}")
        if row["level"] not in levels:
            raise DataFileError(path, f"'level' must be a key of data/taxonomy.csv {sorted(levels)} (got {row['level']!r}).", where=f"{where}, sentence {number}", fix=FIX)
        sentences.append(Sentence(number, row["text"].strip(), row["level"], row["why"].strip()))
    search = []
    for number, row in enumerate(table.get("search", []), start=1):
        _need(path, row, ("source", "text"), f"{where}, search result {number}")
        search.append((row["source"].strip(), row["text"].strip()))
    if not sentences or not search:
        raise DataFileError(path, "needs its numbered sentences ([[form.sentence]]) and its search results ([[form.search]]).", where=where, fix=FIX)
    exemplars, ticked = {}, {}
    for row in table.get("exemplar", []):
        task = next((t for t in tasks if t.number == row.get("task")), None)
        spot = f"{where}, the exemplar of task {row.get('task')!r}"
        if task is None:
            raise DataFileError(path, f"'task' must be one of {[t.number for t in tasks]}.", where=spot, fix=FIX)
        _need(path, row, LEVELS, spot)
        exemplars[task.number] = {level: row[level].strip() for level in LEVELS}
        if task.kind == "sentences":
            ticks = {level: row.get(f"{level}_ticked") for level in LEVELS}
            if not all(isinstance(t, list) and all(isinstance(n, int) and 1 <= n <= len(sentences) for n in t) for t in ticks.values()):
                raise DataFileError(path, f"a 'sentences' task's exemplar needs basic_ticked, emergent_ticked and proficient_ticked: lists of sentence numbers 1-{len(sentences)}.", where=spot, fix=FIX)
            ticked[task.number] = {level: tuple(t) for level, t in ticks.items()}
    missing = [t.number for t in tasks if t.number not in exemplars]
    if missing:
        raise DataFileError(path, f"has no exemplar answers for task(s) {missing}; every task needs one at each level.", where=where, fix="add a [[form.exemplar]] table per task.")
    for task in tasks:
        if task.quote is not None and not 1 <= task.quote <= len(sentences):
            raise DataFileError(path, f"task {task.number} quotes sentence {task.quote}, which the form does not have.", where=where, fix=FIX)
    return Form(table["key"], str(table["notebook"]), table["when"], table["title"].strip(), table["byline"].strip(), table["where"].strip(),
                table["about"].strip(), tuple(sentences), tuple(search), exemplars, ticked)


def read_assessment(path: str | Path, levels: set[str] | None = None) -> Assessment:
    """Read and check an assessment file; ``levels`` are the evidence levels its sentences may name."""
    path = Path(path)
    try:
        document = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise DataFileError(path, "file not found.", fix="restore it from git: git checkout -- data/assessment.toml") from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise DataFileError(path, f"is not valid TOML ({exc}).", fix="correct the line named, or restore it from git.") from None
    levels = levels if levels is not None else set(series.taxonomy().keys)
    points = document.get("points", {})
    if set(points) != set(LEVELS) or not all(isinstance(p, int) and not isinstance(p, bool) for p in points.values()) or [points[level] for level in LEVELS] != sorted(set(points.values())):
        raise DataFileError(path, f"[points] must give each of {list(LEVELS)} a whole number of points, rising from basic to proficient (got {points!r}).", where="[points]", fix=FIX)
    _need(path, document, ("title", "label"), "the top of the file")
    tasks = tuple(_task(path, number, table) for number, table in enumerate(document.get("task", []), start=1))
    forms = tuple(_form(path, table, tasks, levels) for table in document.get("form", []))
    if not tasks or [f.key for f in forms] != ["before", "after"] or len({f.notebook for f in forms}) != 2:
        raise DataFileError(path, "needs its tasks ([[task]]) and two forms, 'before' then 'after', each with its own notebook number.", fix=FIX)
    before, after = forms
    if [(s.level, s.why) for s in before.sentences] != [(s.level, s.why) for s in after.sentences]:
        raise DataFileError(path, "the two forms are not parallel: their sentences must be of the same kinds ('level' and 'why'), in the same order.",
                            where="[[form]] 'after'", fix="give each sentence of one form a counterpart of the same kind at the same place in the other.")
    if len(before.search) != len(after.search):
        raise DataFileError(path, "the two forms are not parallel: they need the same number of search results.", where="[[form]] 'after'", fix=FIX)
    return Assessment(document["title"].strip(), document["label"].strip(), int(document.get("min_words", 8)), dict(points), tasks, forms)


def load_assessment() -> Assessment:
    """The series' assessment (``data/assessment.toml``), read again only when the file changes."""
    file = series.path(FILENAME)
    try:
        info = file.stat()
        stamp = (info.st_mtime_ns, info.st_size)
    except OSError:
        stamp = (0, 0)
    return _load(str(file), stamp)


def assessment_task_ids() -> frozenset[str]:
    """The exercise IDs of the assessment's tasks ("90.1" ... "91.4"); empty if its file cannot be read.

    They are saved as exercises are, but they are not lesson exercises (no title, no right answer: a self-score),
    so the class's exercise tables leave them out (:class:`medialit.class_exercises.ExerciseTally`).
    """
    try:
        return frozenset(load_assessment().task_ids())
    except DataFileError:
        return frozenset()


@lru_cache(maxsize=4)
def _load(file: str, stamp: tuple[int, int]) -> Assessment:
    return read_assessment(file)


def form_html(assessment: Assessment, form: Form) -> str:
    """A form's text and its search results as HTML, every piece escaped, labelled as an invented practice text."""
    e = html.escape
    sentences = "".join(f"<li value='{s.number}'>{e(s.text)}</li>" for s in form.sentences)
    results = "".join(f"<li><strong>{e(source)}</strong>: “{e(text)}”</li>" for source, text in form.search)
    return (
        f"<div class='medialit-assess-text' style='border:1px solid #767676;padding:0.6em 1em;max-width:48rem'>"
        f"<p style='margin:0.2em 0;font-size:0.9em'><em>{e(assessment.label)}</em></p>"
        f"<h3 style='margin:0.4em 0'>{e(form.title)}</h3><p style='margin:0.2em 0'>{e(form.byline)}<br>{e(form.where)}</p>"
        f"<ol style='line-height:1.5'>{sentences}</ol><p style='margin:0.2em 0'><em>{e(form.about)}</em></p></div>"
        f"<h4 style='margin:0.8em 0 0.2em 0'>What a quick web search shows</h4><ul>{results}</ul>"
    )


def form_text(assessment: Assessment, form: Form) -> str:
    """The same as plain text, for a terminal or a screen reader."""
    lines = [assessment.label, "", form.title, form.byline, form.where, ""]
    lines += [f"{s.number}. {s.text}" for s in form.sentences]
    lines += ["", form.about, "", "What a quick web search shows:"]
    lines += [f"- {source}: \"{text}\"" for source, text in form.search]
    return "\n".join(lines)
