"""The before/after assessment's scores: the class's answers as a sheet a teacher scores, and before/after per criterion.

::

    records = hand_in_records(merged.assessment)        # the answers the hand-ins carry (medialit.class_merge)
    table = answers_table(records, assessment)          # learner -> their exercise record (from the hand-ins)
    write_sheet("scores.csv", table)                    # the teacher fills in the teacher_score column ...
    sheet = read_sheet("scores.csv", assessment)        # ... and it is read back, with every bad row named
    sheet = match_sheet(table, sheet)                   # a row for no answer handed in (a name mistyped) is named too
    scores = combine(table, sheet, assessment)          # the teacher's score wins over the learner's own
    summary = before_after(scores, assessment)          # per criterion: the two forms side by side

**The sheet** (``medialit assess-sheet``) has one row per learner and task answered, sorted task by task, so a
teacher scores one criterion for the whole class before moving to the next:

======================  ============================================================================================
column                  meaning
======================  ============================================================================================
``learner``             the name on the hand-in
``form``                ``before`` or ``after``
``task``                the task's exercise ID (``90.1``: form before, task 1)
``criterion``           the criterion the task is scored on ("Who is behind it")
``answer``              what the learner handed in (task 2: the sentences ticked, then the reason)
``self_score``          the learner's own score (0 Basic, 1 Emergent, 2 Proficient), or empty
``teacher_score``       empty: the teacher writes 0, 1 or 2 (or Basic, Emergent, Proficient) here
======================  ============================================================================================

It is a spreadsheet-safe CSV (UTF-8 with a byte-order mark; a cell that would start a formula gets a leading
``'``). Written again over a sheet it wrote, it keeps every teacher score and every row already there and adds the
new answers, so re-running it after late hand-ins loses nothing.

**Reading it back** takes the file as a spreadsheet saves it (commas, semicolons or tabs; UTF-8, Windows-1252 from an
older Excel, or UTF-16 with its byte-order mark: Excel's "Unicode Text"). A row that cannot be used is named, with its line, its column (letter and name), its value and the fix,
and left out; the rest is used; each says what happens instead ("this teacher score is ignored; the learner's own
score counts for this answer"). A row whose learner (or learner and task) matches no answer handed in, a name
mistyped say, is named the same way, with the closest name handed in (:func:`match_sheet`). A sheet without the columns it needs raises
:class:`~medialit.errors.TeacherFileError`.

**Before and after** (:func:`before_after`): for each criterion, the mean points and the count at each level in
each form, side by side, over the learners who have a score for that criterion in *both* forms (the paired
comparison); it also says how many of those scores are the learner's own and how many the teacher's.
"""

from __future__ import annotations

import codecs
import csv
import difflib
import io
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Mapping

import pandas as pd

from .assessment import LEVELS, Assessment
from .class_merge import not_a_regular_file
from .csvrows import separator_of
from .errors import TeacherFileError
from .exercise_log import is_points
from .paths import learner_key
from .report import FORMULA_STARTS, spreadsheet_safe
from .safe_text import first_visible
from .tagfile import AssessedAnswer

__all__ = ["SHEET_COLUMNS", "SheetProblem", "Sheet", "BeforeAfter", "hand_in_records", "answers_table", "answer_words", "sheet_text", "is_sheet",
           "read_sheet", "merge_sheets", "match_sheet", "combine", "before_after"]

SHEET_COLUMNS = ("learner", "form", "task", "criterion", "answer", "self_score", "teacher_score")
_NEEDED = ("learner", "task", "teacher_score")
_HEADER = "\ufeff" + ",".join(SHEET_COLUMNS)
IGNORED_OWN_COUNTS = "This teacher score is ignored; the learner's own score counts for this answer."
IGNORED = "This teacher score is ignored."
CLOSE_NAME = 0.6  # how alike (difflib's ratio) a sheet's name and a hand-in's must be to suggest one for the other
MAX_SHEET_BYTES = 100_000_000  # a thousand learners' eight longest answers (about 64 MB as UTF-8) fit; a wrong, huge file is refused


@dataclass(frozen=True)
class SheetProblem:
    """One row of a score sheet that cannot be used: where, what, and how to fix it."""

    line: int
    column: str
    value: str
    problem: str
    fix: str
    outcome: str = "The row is not used."  # what happens instead, in words a teacher can check against the report

    def __str__(self) -> str:
        return f"line {self.line}, column {self.column}, value {self.value!r}: {self.problem} {self.outcome} Fix: {self.fix}"


@dataclass
class Sheet:
    """A score sheet as read: its usable rows (teacher scores as points, or <NA>), the rows it could not use, and
    every row as written (``cells``: column name -> text), which :func:`merge_sheets` keeps."""

    rows: pd.DataFrame
    problems: list[SheetProblem] = field(default_factory=list)
    cells: list[dict[str, str]] = field(default_factory=list)
    header: list[str] = field(default_factory=list)  # the columns as the file has them (a problem names its letter)


def answer_words(answer: object, reason: object = None) -> str:
    """An answer as one text for the sheet: a written answer as written; ticked sentences, then the reason."""
    if isinstance(answer, list):
        ticked = ", ".join(str(n) for n in answer) or "none"
        return f"Ticked: {ticked}. Why: {reason or ''}".strip()
    return str(answer)


def hand_in_records(answers: Mapping[str, Mapping[str, AssessedAnswer]]) -> dict[str, dict[str, dict]]:
    """The assessment answers a class's hand-ins carry (learner -> task ID -> :class:`~medialit.tagfile.AssessedAnswer`,
    as :class:`medialit.class_merge.ClassMerge` has them) as the exercise records :func:`answers_table` reads."""
    def entry(given: AssessedAnswer) -> dict:
        found: dict = {"answer": list(given.answer) if isinstance(given.answer, tuple) else given.answer, "reason": given.reason or None}
        if given.self_score is not None:
            found["self_score"] = given.self_score
        return found
    return {learner: {task_id: entry(given) for task_id, given in tasks.items()} for learner, tasks in answers.items()}


def answers_table(records: Mapping[str, Mapping[str, dict]], assessment: Assessment) -> pd.DataFrame:
    """One row per learner and assessment task answered (columns :data:`SHEET_COLUMNS`, ``teacher_score`` empty).

    ``records`` maps each learner's name to their exercise record (exercise ID -> saved entry, as
    :func:`medialit.exercise_log.read_record` gives it). A self-score outside the rubric's points is left out.
    """
    allowed = set(assessment.points.values())
    rows = []
    for learner, entries in records.items():
        for task_id in assessment.task_ids():
            entry = entries.get(task_id) if isinstance(entries, Mapping) else None
            if not isinstance(entry, Mapping) or "answer" not in entry:
                continue
            asked = assessment.task(task_id)
            score = entry.get("self_score")
            rows.append({"learner": learner, "form": asked.form.key, "task": task_id, "criterion": asked.task.name,
                         "answer": answer_words(entry["answer"], entry.get("reason")),
                         "self_score": score if is_points(score) and score in allowed else pd.NA, "teacher_score": ""})
    table = pd.DataFrame(rows, columns=list(SHEET_COLUMNS))
    table["self_score"] = table["self_score"].astype("Int64")
    order = {task_id: n for n, task_id in enumerate(assessment.task_ids())}
    return table.sort_values(["task", "learner"], key=lambda c: c.map(order) if c.name == "task" else c.map(learner_key), kind="stable").reset_index(drop=True)


def sheet_text(table: pd.DataFrame) -> str:
    """The sheet as CSV text: spreadsheet-safe cells, a byte-order mark (Excel then reads accents), CRLF lines."""
    return "\ufeff" + spreadsheet_safe(table[list(SHEET_COLUMNS)]).to_csv(index=False, lineterminator="\r\n")


def is_sheet(path: str | Path) -> bool:
    """Whether ``path`` starts as a score sheet starts (its header), so it may be rewritten in place."""
    try:
        with open(path, "rb") as stream:
            return stream.read(len(_HEADER.encode())) == _HEADER.encode()
    except OSError:
        return False


def _unquote(value: str) -> str:
    """A cell as the learner wrote it: the ``'`` the sheet put before a would-be formula taken off again."""
    rest = value[1:]
    if value.startswith("'") and rest and (rest.startswith(FORMULA_STARTS) or first_visible(rest) in FORMULA_STARTS[:4]):
        return rest
    return value


def _decode(path: Path) -> str:
    kind = not_a_regular_file(os.stat(path).st_mode)  # a named pipe would wait forever, a device never end
    if kind and kind != "a folder":
        raise TeacherFileError(path, f"is {kind}, not a score sheet; it was not opened.", fix="give the .csv file.")
    if os.stat(path).st_size > MAX_SHEET_BYTES:
        raise TeacherFileError(path, f"is larger than a score sheet can be ({MAX_SHEET_BYTES:,} bytes).", fix="give the .csv file medialit assess-sheet wrote.")
    data = path.read_bytes()
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):  # Excel's "Unicode Text": UTF-16, tab-separated
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            raise TeacherFileError(path, "is saved as UTF-16 text, but part of it is not.", fix="in your spreadsheet choose Save as 'CSV UTF-8'.") from None
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise TeacherFileError(path, "is neither UTF-8 nor Windows-1252 text.", fix="save it from the spreadsheet as 'CSV UTF-8'.")


def _column(header: list[str], name: str) -> str:
    """A column as a spreadsheet shows it: its letter, then its name (``"G (teacher_score)"``)."""
    index = header.index(name)
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return f"{letters} ({name})"


def _points(text: str, assessment: Assessment) -> int | None:
    """A teacher's score as points: 0, 1, 2 (also 2.0) or a level's name; None if it is neither."""
    words = text.strip().lower()
    for level, points in assessment.levels:
        if words == level:
            return points
    try:
        number = float(words.replace(",", "."))
    except ValueError:
        return None
    return int(number) if number.is_integer() and int(number) in assessment.points.values() else None


def read_sheet(path: str | Path, assessment: Assessment) -> Sheet:
    """Read a score sheet back. Rows that cannot be used are listed in ``Sheet.problems`` (line, column, value, fix)."""
    path = Path(path)
    try:
        text = _decode(path)
    except FileNotFoundError:
        raise TeacherFileError(path, "not found.", fix="give the sheet medialit assess-sheet wrote (and you filled in).") from None
    except IsADirectoryError:
        raise TeacherFileError(path, "is a folder, not a score sheet.", fix="give the .csv file.") from None
    except OSError as exc:  # no permission, a broken link
        raise TeacherFileError(path, f"cannot be read ({exc.strerror or type(exc).__name__}).", fix="check the file's name and permissions.") from None
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=separator_of(text.split("\n", 1)[0]))
    header = [name.strip().lstrip("'").lower() for name in next(reader, [])]
    missing = [name for name in _NEEDED if name not in header]
    if missing:
        raise TeacherFileError(path, f"has no column {', '.join(missing)} in its first line (it has {header[:8]}).",
                               where="line 1", fix="give the sheet medialit assess-sheet wrote, with its first line as it was.")
    known = set(assessment.task_ids())
    levels = ", ".join(f"{p} ({level.title()})" for level, p in assessment.levels)
    sheet, rows = Sheet(pd.DataFrame(), header=header), []
    seen: dict[tuple[str, str], int] = {}  # (learner, task) -> the line that scored it
    start = 2
    for cells in _rows(reader, path):
        line, start = start, reader.line_num + 1
        if not any(cell.strip() for cell in cells):
            continue
        row = dict(zip(header, (_unquote(cell) for cell in cells)))
        sheet.cells.append(row)
        learner, task, given = row.get("learner", "").strip(), row.get("task", "").strip(), row.get("teacher_score", "").strip()
        points = _points(given, assessment) if given else None
        identity = (learner_key(learner), task)
        problem: tuple[str, str, str, str]  # (column, value, what is wrong, the fix)
        outcome = IGNORED if given else SheetProblem.outcome
        if not learner:
            problem = ("learner", learner, "the learner's name is empty.", "write the name as it is on the hand-in, or delete the row.")
        elif task not in known:
            problem = ("task", task, f"is not a task of the assessment ({', '.join(sorted(known))}).", "write the task's ID as the sheet gave it (e.g. 90.1), or delete the row.")
        elif given and points is None:
            problem = ("teacher_score", given, "is not a score of the rubric.", f"write one of {levels}, or leave the cell empty for no teacher score.")
            outcome = IGNORED_OWN_COUNTS
        elif identity in seen:
            problem = ("task", task, f"is the second row for {learner} and this task.", "delete one of the two rows.")
            outcome = f"This row is ignored; the first, line {seen[identity]}, is used."
        else:
            seen[identity] = line
            rows.append({"line": line, "learner": learner, "task": task, "teacher_score": points if points is not None else pd.NA})
            continue
        name, value, words, fix = problem
        sheet.problems.append(SheetProblem(line, _column(header, name), value, words, fix, outcome))
    sheet.rows = pd.DataFrame(rows, columns=["line", "learner", "task", "teacher_score"])
    sheet.rows["teacher_score"] = sheet.rows["teacher_score"].astype("Int64")
    return sheet


def _rows(reader, path: Path):
    """The reader's rows; a line the csv module cannot read (a cell over its size limit) is named, not a traceback."""
    try:
        yield from reader
    except csv.Error as exc:
        raise TeacherFileError(path, f"cannot be read as CSV ({exc}).", where=f"line {reader.line_num}", fix="save it again from the spreadsheet as CSV, or restore the sheet assess-sheet wrote.") from None


def merge_sheets(fresh: pd.DataFrame, existing: Sheet) -> pd.DataFrame:
    """The fresh answers with what a sheet already holds: its teacher scores (as written) kept on the rows they were
    on, and its rows that the fresh answers do not have kept as they were. Nothing a teacher wrote is lost."""
    table = fresh.copy()
    table["teacher_score"] = table["teacher_score"].astype(object)
    index = {(learner_key(r.learner), r.task): i for i, r in enumerate(table.itertuples())}
    extra = []
    for cells in existing.cells:  # every row as written, the unusable ones too
        place = index.pop((learner_key(cells.get("learner", "")), cells.get("task", "").strip()), None)
        if place is not None:
            table.at[place, "teacher_score"] = cells.get("teacher_score", "").strip()
        else:
            extra.append({name: cells.get(name, "") for name in SHEET_COLUMNS})
    if extra:
        table["self_score"] = table["self_score"].astype(object)
        table = pd.concat([table, pd.DataFrame(extra, columns=list(SHEET_COLUMNS))], ignore_index=True)
    return table


def match_sheet(answers: pd.DataFrame, sheet: Sheet) -> Sheet:
    """The sheet without its rows that match no answer handed in, each of those named as a problem instead.

    A name typed differently from the hand-in's ("Lena Novac" for "Lena Novak") would otherwise be a learner of its
    own, and the real learner's own score would count in silence. The problem suggests the closest name handed in
    (if one is close: :data:`CLOSE_NAME`). Matching is by :func:`~medialit.paths.learner_key`, as everywhere.
    Rows already matched stay; run twice, it finds nothing more.
    """
    handed_in = {(learner_key(learner), task) for learner, task in zip(answers["learner"], answers["task"])}
    names = {learner_key(learner): learner for learner in answers["learner"]}
    kept, problems = [], list(sheet.problems)
    for row in sheet.rows.itertuples(index=False):
        key = learner_key(row.learner)
        if (key, row.task) in handed_in:
            kept.append(row)
            continue
        outcome = IGNORED if not pd.isna(row.teacher_score) else SheetProblem.outcome
        if key in names:
            problems.append(SheetProblem(row.line, _column(sheet.header, "task"), row.task, f"{row.learner}'s hand-in has no answer to this task.",
                                         "check the task's ID (e.g. 90.1), or delete the row if the learner did not answer it.", outcome))
            continue
        close = difflib.get_close_matches(row.learner, sorted(names.values(), key=learner_key), n=1, cutoff=CLOSE_NAME)
        fix = (f"did you mean {close[0]!r}? Write the name exactly as on the hand-in." if close else
               "write the name exactly as on the hand-in, or delete the row if that learner has not handed in.")
        problems.append(SheetProblem(row.line, _column(sheet.header, "learner"), row.learner, "matches no learner's hand-in.", fix, outcome))
    rows = pd.DataFrame(kept, columns=sheet.rows.columns).astype(sheet.rows.dtypes.to_dict()) if kept else sheet.rows.iloc[0:0]
    problems.sort(key=lambda problem: problem.line)
    return Sheet(rows.reset_index(drop=True), problems, sheet.cells, sheet.header)


def combine(answers: pd.DataFrame, sheet: Sheet | None, assessment: Assessment) -> pd.DataFrame:
    """Every scored answer: learner, form, task, criterion (the task's number), points and who scored it.

    The teacher's score (from ``sheet``) counts instead of the learner's own; a row without either is unscored
    (``points`` <NA>, ``scored_by`` ""). A teacher's score for an answer the hand-ins do not have still counts here:
    :func:`match_sheet` first to leave those out (and name them).
    """
    teacher: dict[tuple[str, str], int] = {}
    names: dict[tuple[str, str], str] = {}
    if sheet is not None:
        for row in sheet.rows.itertuples():
            if not pd.isna(row.teacher_score):
                teacher[(learner_key(row.learner), row.task)] = int(row.teacher_score)
                names.setdefault((learner_key(row.learner), row.task), row.learner)
    rows = []
    for row in answers.itertuples():
        identity = (learner_key(row.learner), row.task)
        if identity in teacher:
            points, by = teacher.pop(identity), "teacher"
        elif not pd.isna(row.self_score):
            points, by = int(row.self_score), "self"
        else:
            points, by = pd.NA, ""
        rows.append((row.learner, row.task, points, by))
    rows += [(names[identity], identity[1], points, "teacher") for identity, points in teacher.items()]
    frame = pd.DataFrame(rows, columns=["learner", "task", "points", "scored_by"])
    frame["points"] = frame["points"].astype("Int64")
    frame["form"] = [assessment.task(t).form.key for t in frame["task"]]
    frame["criterion"] = [assessment.task(t).task.number for t in frame["task"]]
    frame["key"] = frame["learner"].map(learner_key)
    return frame[["learner", "key", "form", "task", "criterion", "points", "scored_by"]]


@dataclass(frozen=True)
class BeforeAfter:
    """The class's before/after: ``table`` has one row per criterion (see :func:`before_after`)."""

    table: pd.DataFrame
    learners_before: int  # learners with any answer in the before form
    learners_after: int
    learners_both: int  # ... in both forms
    unscored: int  # answers with no score at all (neither the learner's own nor the teacher's)


def before_after(scores: pd.DataFrame, assessment: Assessment) -> BeforeAfter:
    """Per criterion, the two forms side by side over the learners scored on it in both (the paired comparison).

    Columns: ``criterion`` (its name), ``learners`` (paired), ``before_mean`` and ``after_mean`` (points),
    ``change``, ``before_basic`` ... ``after_proficient`` (how many paired learners at each level), and
    ``before_teacher``, ``before_self``, ``after_teacher``, ``after_self`` (who gave those scores).
    """
    scored = scores[scores["points"].notna()]
    rows = []
    for task in assessment.tasks:
        mine = scored[scored["criterion"] == task.number]
        before = mine[mine["form"] == "before"].drop_duplicates("key").set_index("key")
        after = mine[mine["form"] == "after"].drop_duplicates("key").set_index("key")
        paired = sorted(set(before.index) & set(after.index))
        row: dict[str, Any] = {"criterion": task.name, "learners": len(paired)}
        for name, side in (("before", before.loc[paired]), ("after", after.loc[paired])):
            points = side["points"].astype(float)
            row[f"{name}_mean"] = points.mean() if len(paired) else float("nan")
            for level, value in assessment.levels:
                row[f"{name}_{level}"] = int((side["points"] == value).sum())
            for by in ("teacher", "self"):
                row[f"{name}_{by}"] = int((side["scored_by"] == by).sum())
        row["change"] = row["after_mean"] - row["before_mean"]
        rows.append(row)
    columns = ["criterion", "learners", "before_mean", "after_mean", "change"] + [f"{s}_{level}" for s in ("before", "after") for level in LEVELS] + \
              [f"{s}_{b}" for s in ("before", "after") for b in ("teacher", "self")]
    forms = scores.groupby("form")["key"].agg(lambda keys: set(keys))
    before_keys, after_keys = forms.get("before", set()), forms.get("after", set())
    return BeforeAfter(pd.DataFrame(rows, columns=columns), len(before_keys), len(after_keys), len(before_keys & after_keys), int(scores["points"].isna().sum()))
