"""The before/after assessment: its two parallel forms and rubric (data/assessment.toml), the widget a learner answers
and scores in (medialit.assess), the exercise log that keeps both, the teacher's score sheet, and the class's
before/after per criterion."""

from __future__ import annotations

import csv
import doctest
import io
import json
import re
from pathlib import Path

import ipywidgets as widgets
import nbformat
import pandas as pd
import pytest

import medialit
from medialit import assessment as assessment_module
from medialit import assessment_report, assessment_scores, exercise_log
from medialit.assess import AssessTask, AssessmentText
from medialit.assessment import LEVELS, form_html, load_assessment, read_assessment
from medialit.assessment_report import before_after_html, describe_before_after, plot_before_after
from medialit.assessment_scores import SHEET_COLUMNS, answers_table, before_after, combine, merge_sheets, read_sheet, sheet_text
from medialit.errors import DataFileError, TeacherFileError, UnknownExerciseError

from lesson_measures import activity_minutes, declared_minutes, prose, reading_grade

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data" / "assessment.toml"
NOTEBOOKS = {"before": ROOT / "notebooks" / "90-assess-before.ipynb", "after": ROOT / "notebooks" / "91-assess-after.ipynb"}
ASSESSMENT = load_assessment()
BEFORE, AFTER = ASSESSMENT.forms


@pytest.fixture
def log(tmp_path):
    return tmp_path / "progress.json"


def written(task: AssessTask, answer: str, reason: str | None = None) -> None:
    """Type into the task's boxes the way a learner does."""
    if reason is None:
        task.control.field.value = answer
    else:
        task.reason.value = reason


def all_html(widget) -> str:
    """Every piece of HTML and every label a widget shows, children included."""
    parts = [getattr(widget, "value", "") if isinstance(widget, widgets.HTML) else getattr(widget, "description", "")]
    for child in getattr(widget, "children", ()):
        parts.append(all_html(child))
    return "\n".join(str(part) for part in parts)


def test_module_examples_run():
    for module in (assessment_module, assessment_report, exercise_log, medialit.feedback):
        assert doctest.testmod(module, optionflags=doctest.ELLIPSIS).failed == 0, module.__name__


# ---- the two forms are parallel, and written for the learners ----

def test_two_forms_of_the_same_four_tasks_each_scored_on_one_criterion():
    assert [f.key for f in ASSESSMENT.forms] == ["before", "after"] and [f.notebook for f in ASSESSMENT.forms] == ["90", "91"]
    assert [t.name for t in ASSESSMENT.tasks] == ["Who is behind it", "Claim or not", "How well supported", "Checking from outside"]
    assert ASSESSMENT.levels == (("basic", 0), ("emergent", 1), ("proficient", 2))
    assert ASSESSMENT.task_ids() == ["90.1", "90.2", "90.3", "90.4", "91.1", "91.2", "91.3", "91.4"]
    for task in ASSESSMENT.tasks:
        assert all(task.rubric[level] for level in LEVELS)
        for form in ASSESSMENT.forms:
            assert all(form.exemplars[task.number][level] for level in LEVELS), f"{form.key} task {task.number}"


def test_the_forms_have_the_same_kinds_of_sentence_in_the_same_order():
    assert [(s.level, s.why) for s in BEFORE.sentences] == [(s.level, s.why) for s in AFTER.sentences]
    levels = {s.level for s in BEFORE.sentences}
    assert {"not_a_claim", "bare_assertion", "vague_attribution", "named_source"} <= levels  # claims of different support
    for form in ASSESSMENT.forms:
        key = form.sentence(ASSESSMENT.tasks[2].quote)
        assert key.level == "vague_attribution" and re.search(r"\d+ percent", key.text), "the key claim: an unnamed study with an exact number"
        assert len(form.search) == 3 and form.about.startswith("About us")


def test_the_forms_are_as_long_and_as_hard_to_read_as_each_other():
    """How comparable difficulty was judged: same structure (above), and the same length and reading level."""
    words = {f.key: len(f.words().split()) for f in ASSESSMENT.forms}
    grades = {f.key: reading_grade(f.words()) for f in ASSESSMENT.forms}
    assert abs(words["before"] - words["after"]) <= 0.1 * max(words.values()), words
    assert abs(grades["before"] - grades["after"]) <= 1.0, grades
    assert max(grades.values()) <= 9, grades


def test_questions_rubric_and_exemplars_read_at_grade_9_or_below():
    texts = {"questions": " ".join(t.question for t in ASSESSMENT.tasks),
             "rubric": " ".join(t.rubric[level] for t in ASSESSMENT.tasks for level in LEVELS)}
    for form in ASSESSMENT.forms:
        texts[f"exemplars ({form.key})"] = " ".join(answer for answers in form.exemplars.values() for answer in answers.values())
    for name, text in texts.items():
        assert reading_grade(text) <= 9, f"the assessment's {name} read at grade {reading_grade(text):.1f}"


def test_each_tick_exemplar_sorts_the_sentences_as_its_level_says():
    """The rubric of task 2 counts sentences sorted as a careful reader would: 8+ Proficient, 6-7 Emergent, 5- Basic."""
    for form in ASSESSMENT.forms:
        asked = ASSESSMENT.task(f"{form.notebook}.2")
        agree = {level: asked.agreement(form.ticked[2][level]) for level in LEVELS}
        assert agree["proficient"] >= 8 and 6 <= agree["emergent"] <= 7 and agree["basic"] <= 5, (form.key, agree)


def test_each_exemplar_is_about_its_own_form():
    companies = {"before": "SoundWell", "after": "AromaPure"}
    for form in ASSESSMENT.forms:
        other = companies["after" if form.key == "before" else "before"]
        source = form.exemplars[1]["proficient"]
        assert companies[form.key] in source and companies[form.key] in " ".join(t for _, t in form.search)
        assert other not in " ".join(a for answers in form.exemplars.values() for a in answers.values())
        quoted = re.findall(r'"([^"]+)"', form.exemplars[3]["proficient"])
        assert quoted and quoted[0] in form.sentence(4).text, "the proficient answer to task 3 quotes the deciding words of sentence 4"


def test_the_texts_are_labelled_invented_and_link_nowhere():
    for form in ASSESSMENT.forms:
        page = form_html(ASSESSMENT, form)
        assert "made up for this series" in page and "invented" in page
        assert not re.search(r"https?://", form.words() + form.where)
        assert all(word.endswith(".example") for word in re.findall(r"\b[\w-]+\.(?:com|org|net|example)\b", form.where + " ".join(s for s, _ in form.search)))


def _copy(tmp_path, old: str, new: str) -> Path:
    text = DATA.read_text(encoding="utf-8")
    assert old in text
    path = tmp_path / "assessment.toml"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return path


def test_the_loader_refuses_forms_that_are_not_parallel(tmp_path):
    last = 'text = "By next year, fewer students will fall asleep in class."\nlevel = "not_a_claim"'
    path = _copy(tmp_path, last, last.replace("not_a_claim", "bare_assertion"))
    with pytest.raises(DataFileError, match=r"not parallel.*Fix: give each sentence"):
        read_assessment(path)


def test_the_loader_names_a_missing_exemplar_a_bad_level_and_bad_points(tmp_path):
    with pytest.raises(DataFileError, match=r"\[\[form\]\] 'before'.*no exemplar answers for task\(s\) \[4\]"):
        read_assessment(_copy(tmp_path, "[[form.exemplar]]\ntask = 4", "[[form.nothing]]\ntask = 4"))
    with pytest.raises(DataFileError, match=r"sentence 1: 'level' must be a key of data/taxonomy.csv.*'probably'"):
        read_assessment(_copy(tmp_path, 'level = "bare_assertion"', 'level = "probably"'))
    with pytest.raises(DataFileError, match=r"\[points\].*rising"):
        read_assessment(_copy(tmp_path, "proficient = 2\n", "proficient = 0\n"))


# ---- the widget: answer, hand in (locked), rubric and exemplars, self-assessment, resume ----

def test_a_written_answer_is_handed_in_locked_shown_the_rubric_scored_and_resumed(log):
    task = AssessTask("90.3", log_path=log)
    assert BEFORE.sentence(4).text in task.header.value  # the sentence the task is about is quoted
    secret = BEFORE.exemplars[3]["proficient"][:40]
    assert secret not in all_html(task.widget) and ASSESSMENT.tasks[2].rubric["proficient"][:40] not in all_html(task.widget)
    answer = 'Weak. "A recent study found" names no study, so I cannot look it up.'
    written(task, answer)
    task.hand_in_button.click()
    assert task.handed_in and task.control.field.disabled and task.hand_in_button.disabled
    shown = all_html(task.widget)
    assert "The rubric: How well supported" in shown and "Self-assessment" in shown
    for level in LEVELS:  # every level's description and this form's exemplar, escaped
        assert ASSESSMENT.tasks[2].rubric[level][:30] in shown.replace("&#x27;", "'")
        assert BEFORE.exemplars[3][level][:30].replace('"', "&quot;") in shown
    assert "40 percent" in shown and "25 percent" not in shown  # this form's exemplars, not the other's
    task.scores.buttons["1"].click()
    assert "Saved your self-assessment: Emergent (1 point)" in task.score_status.value
    entry = exercise_log.read_record(log)["90.3"]
    assert entry["answer"] == answer and entry["self_score"] == 1 and entry["status"] == "answered"
    task.control.field.value = "changed after seeing the rubric"
    task.hand_in_button.click()  # a disabled button does nothing in a browser; the method refuses too
    assert exercise_log.read_record(log)["90.3"]["answer"] == answer
    again = AssessTask("90.3", log_path=log)
    assert again.control.value == answer and again.control.field.disabled and again.scores.value == "1"
    assert "The rubric" in all_html(again.widget) and "Emergent (1 point)" in again.score_status.value


def test_an_answer_too_short_to_be_one_is_not_handed_in(log):
    task = AssessTask("91.1", log_path=log)
    written(task, "no idea")
    task.hand_in_button.click()
    assert "Not handed in yet: 2 word(s) so far" in task.status.value
    assert not task.handed_in and not task.control.field.disabled and exercise_log.read_record(log) == {}
    assert "The rubric" not in all_html(task.widget)


def test_task_2_is_answered_with_ticks_and_a_reason_and_counts_the_agreement(log):
    task = AssessTask("91.2", log_path=log)
    assert [box.description[:2] for box in task.control.boxes.values()] == [f"{n}." for n in range(1, 10)]
    for number in ("1", "3", "4"):
        task.control.boxes[number].value = True
    written(task, "", reason="Sentence 8 is not a factual claim: it tells schools what they should do.")
    task.hand_in_button.click()
    assert all(box.disabled for box in task.control.boxes.values()) and task.reason.disabled
    shown = all_html(task.widget)
    assert "You ticked 1, 3 and 4. A careful reader ticks 1, 3, 4, 5 and 6: your ticks sort 7 of the 9 sentences the same way." in shown
    assert "Ticked: 1, 3, 4, 5 and 6." in shown  # the Proficient exemplar's ticks
    assert exercise_log.read_record(log)["91.2"]["answer"] == ["1", "3", "4"]


def test_an_answer_with_a_pasted_control_character_is_not_handed_in_so_it_can_travel_to_the_teacher(log):
    task = AssessTask("90.1", log_path=log)
    written(task, "The search shows a company set up the group,\x0b so it gains if schools believe the text.")
    task.hand_in_button.click()
    assert "Not handed in yet: Your answer contains a control character (U+000B, at character 45)" in task.status.value
    assert "Retype that part" in task.status.value and not task.handed_in and exercise_log.read_record(log) == {}
    written(task, "The search shows a company set up the group,\nso it gains if schools believe the text.")  # a line break is fine
    task.hand_in_button.click()
    assert task.handed_in


def test_task_2_needs_a_reason(log):
    task = AssessTask("90.2", log_path=log)
    task.control.boxes["1"].value = True
    task.hand_in_button.click()
    assert "Not handed in yet" in task.status.value and not task.handed_in


def test_a_score_needs_a_handed_in_answer(log):
    task = AssessTask("90.1", log_path=log)
    assert task.score(2) is False and "Hand in your answer first" in task.score_status.value
    assert exercise_log.record_self_score("90.1", 2, log) is False and exercise_log.read_record(log) == {}


def test_an_unreadable_record_is_left_alone_and_the_answer_stays_in_the_box(log):
    log.write_text("{not json", encoding="utf-8")
    task = AssessTask("90.1", log_path=log)
    written(task, "The search shows a speaker company set up the institute, so it gains if schools buy speakers.")
    task.hand_in_button.click()
    assert "Not handed in" in task.status.value and "could not be read or written" in task.status.value
    assert not task.control.field.disabled and log.read_text(encoding="utf-8") == "{not json"


def test_an_unknown_task_says_which_there_are():
    with pytest.raises(UnknownExerciseError, match=r"'92.1'.*90.1 \.\.\. 91.4"):
        AssessTask("92.1")


def test_the_text_is_shown_escaped_and_as_plain_text_too(tmp_path, monkeypatch):
    path = _copy(tmp_path, 'title = "Play Music Before Class, and Watch Grades Climb"', 'title = "<script>alert(1)</script> Music"')
    trap = read_assessment(path)
    page = AssessmentText("before", assessment=trap)._repr_html_()
    assert "<script>" not in page and "&lt;script&gt;" in page
    text = str(medialit.assessment_text("after"))
    assert AFTER.title in text and "1. " + AFTER.sentence(1).text in text and "What a quick web search shows" in text


def test_the_exercise_log_keeps_a_self_score_only_with_an_answer_and_only_whole_points(log):
    log.write_text(json.dumps({"schema": "medialit-exercises", "schema_version": 2, "exercises": {
        "90.1": {"status": "answered", "answer": "x", "self_score": 2},
        "90.2": {"status": "answered", "answer": "x", "self_score": True},
        "90.3": {"status": "answered", "answer": "x", "self_score": 1.5},
        "90.4": {"status": "answered", "self_score": 1}}}), encoding="utf-8")
    entries = exercise_log.read_record(log)
    assert entries["90.1"]["self_score"] == 2
    assert all("self_score" not in entries[k] for k in ("90.2", "90.3", "90.4"))
    assert exercise_log.record_self_score("90.1", -1, log) is False and exercise_log.record_self_score("90.1", 0, log) is True
    assert exercise_log.read_record(log)["90.1"]["self_score"] == 0


# ---- the notebooks ----

@pytest.mark.parametrize("form", ["before", "after"])
def test_each_notebook_asks_its_own_form_every_task_in_order(form):
    cells = nbformat.read(NOTEBOOKS[form], as_version=4).cells
    code = [c.source for c in cells if c.cell_type == "code"]
    notebook = ASSESSMENT.form(form).notebook
    assert f'medialit.assessment_text("{form}")' in code
    assert [m for source in code for m in re.findall(r'medialit\.assess\("([\d.]+)"\)', source)] == [f"{notebook}.{n}" for n in range(1, 5)]


@pytest.mark.parametrize("form", ["before", "after"])
def test_each_notebook_states_its_time_marks_its_timed_parts_and_reads_at_grade_9(form):
    path = NOTEBOOKS[form]
    total, timed = declared_minutes(path)
    assert (total, timed) == (35, 30) and activity_minutes(path) == timed
    assert reading_grade(prose(path)) <= 9


# ---- the teacher's sheet ----

RECORDS = {
    "Ana": {"90.1": {"status": "answered", "answer": "Ana before one", "self_score": 0},
            "90.2": {"status": "answered", "answer": ["1", "3"], "reason": "8 says what schools should do", "self_score": 1},
            "91.1": {"status": "answered", "answer": "Ana after one", "self_score": 2},
            "91.2": {"status": "answered", "answer": ["1", "3", "4", "5", "6"], "reason": "because", "self_score": 2},
            "04.1": {"status": "correct", "answer": "An opinion piece"}},
    "=Bo": {"90.1": {"status": "answered", "answer": "@SUM(1)", "self_score": 1},
            "91.1": {"status": "answered", "answer": "Bo after one"}},
    "Chen": {"90.1": {"status": "answered", "answer": "Chen before only", "self_score": 2, "extra": "ignored"},
             "90.3": {"status": "answered", "answer": "not scored"}},
}


def test_the_answers_table_has_a_row_per_learner_and_task_sorted_task_by_task():
    table = answers_table(RECORDS, ASSESSMENT)
    assert list(table.columns) == list(SHEET_COLUMNS)
    assert list(zip(table["task"], table["learner"])) == [("90.1", "=Bo"), ("90.1", "Ana"), ("90.1", "Chen"), ("90.2", "Ana"), ("90.3", "Chen"),
                                                          ("91.1", "=Bo"), ("91.1", "Ana"), ("91.2", "Ana")]
    row = table[(table["learner"] == "Ana") & (table["task"] == "90.2")].iloc[0]
    assert row["answer"] == "Ticked: 1, 3. Why: 8 says what schools should do" and row["criterion"] == "Claim or not" and row["form"] == "before"
    assert table["teacher_score"].eq("").all() and pd.isna(table[table["learner"] == "Chen"]["self_score"]).tolist() == [False, True]


def _write(path: Path, table: pd.DataFrame) -> Path:
    path.write_text(sheet_text(table), encoding="utf-8", newline="")
    return path


def _fill(path: Path, scores: dict[tuple[str, str], str], *, delimiter: str = ",", encoding: str = "utf-8-sig") -> None:
    """What a teacher does in a spreadsheet: type scores in the teacher_score column, save as CSV."""
    rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8-sig"), newline="")))
    for row in rows[1:]:
        name = row[0][1:] if row[0].startswith("'") else row[0]
        row[6] = scores.get((name, row[2]), row[6])
    out = io.StringIO()
    csv.writer(out, delimiter=delimiter, lineterminator="\r\n").writerows(rows)
    path.write_bytes(out.getvalue().encode(encoding))


def test_the_sheet_is_spreadsheet_safe_and_reads_back_with_the_teachers_scores(tmp_path):
    path = _write(tmp_path / "scores.csv", answers_table(RECORDS, ASSESSMENT))
    raw = path.read_bytes()
    assert raw.startswith("\ufefflearner,form,task,criterion,answer,self_score,teacher_score\r\n".encode())
    assert b"'=Bo" in raw and b"'@SUM(1)" in raw and b",=Bo" not in raw
    _fill(path, {("=Bo", "90.1"): "2", ("Ana", "91.1"): "Emergent", ("=Bo", "91.1"): "1"})
    sheet = read_sheet(path, ASSESSMENT)
    assert sheet.problems == []
    scored = dict(zip(zip(sheet.rows["learner"], sheet.rows["task"]), sheet.rows["teacher_score"]))
    assert scored[("=Bo", "90.1")] == 2 and scored[("Ana", "91.1")] == 1 and pd.isna(scored[("Ana", "90.1")])


@pytest.mark.parametrize("delimiter, encoding", [(";", "utf-8-sig"), (",", "cp1252"), (";", "cp1252"), ("\t", "utf-16")])  # utf-16: Excel's "Unicode Text"
def test_a_sheet_saved_by_a_spreadsheet_in_another_style_reads_the_same(tmp_path, delimiter, encoding):
    records = {"José": RECORDS["Ana"]}
    path = _write(tmp_path / "scores.csv", answers_table(records, ASSESSMENT))
    _fill(path, {("José", "90.1"): "2"}, delimiter=delimiter, encoding=encoding)
    sheet = read_sheet(path, ASSESSMENT)
    assert sheet.problems == [] and sheet.rows.set_index("task").loc["90.1", "teacher_score"] == 2
    assert set(sheet.rows["learner"]) == {"José"}


def test_bad_rows_are_named_with_line_column_value_and_fix_and_the_rest_is_used(tmp_path):
    path = _write(tmp_path / "scores.csv", answers_table(RECORDS, ASSESSMENT))
    rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8-sig"), newline="")))

    def at(name: str, task: str) -> int:
        return next(i for i, row in enumerate(rows) if row[0].lstrip("'") == name and row[2] == task)

    bad_score, no_name, first = at("Ana", "90.1"), at("Chen", "90.1"), at("Ana", "90.2")
    rows[bad_score][6] = "three"                            # not a score
    rows[no_name][0] = ""                                   # no name
    rows[at("Ana", "91.1")][6] = "2"                        # a good score, among the bad ones
    rows.append(["Dee", "before", "90.9", "x", "y", "", "1"])  # a task that does not exist
    rows.append(rows[first][:6] + ["2"])                    # a second row for the same learner and task
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    path.write_text(out.getvalue(), encoding="utf-8")
    sheet = read_sheet(path, ASSESSMENT)
    problems = {p.line: p for p in sheet.problems}
    bad_score, no_name, first, no_task, twice = bad_score + 1, no_name + 1, first + 1, len(rows) - 1, len(rows)  # lines count from 1
    assert set(problems) == {bad_score, no_name, no_task, twice}
    assert str(problems[bad_score]) == (f"line {bad_score}, column G (teacher_score), value 'three': is not a score of the rubric. "
                                        "This teacher score is ignored; the learner's own score counts for this answer. "
                                        "Fix: write one of 0 (Basic), 1 (Emergent), 2 (Proficient), or leave the cell empty for no teacher score.")
    assert problems[no_name].column == "A (learner)" and (problems[no_task].column, problems[no_task].value) == ("C (task)", "90.9")
    assert f"the first, line {first}, is used" in problems[twice].outcome
    used = sheet.rows.set_index(["learner", "task"])
    assert used.loc[("Ana", "91.1"), "teacher_score"] == 2 and len(sheet.rows) == len(rows) - 1 - 4


def test_a_sheet_without_its_columns_is_refused_by_name(tmp_path):
    path = tmp_path / "grades.csv"
    path.write_text("name,grade\nAna,A\n", encoding="utf-8")
    with pytest.raises(TeacherFileError, match=r"grades.csv, line 1: has no column learner, task, teacher_score.*Fix:"):
        read_sheet(path, ASSESSMENT)


def test_writing_the_sheet_again_keeps_every_teacher_score_and_row(tmp_path):
    path = _write(tmp_path / "scores.csv", answers_table({"Ana": RECORDS["Ana"], "Chen": RECORDS["Chen"]}, ASSESSMENT))
    _fill(path, {("Ana", "90.1"): "2", ("Chen", "90.3"): "maybe"})
    later = dict(RECORDS)
    del later["Chen"]  # Chen's hand-in is gone from the folder; Bo's came in late
    merged = merge_sheets(answers_table(later, ASSESSMENT), read_sheet(path, ASSESSMENT))
    _write(path, merged)
    again = read_sheet(path, ASSESSMENT)
    by_row = {(r["learner"], r["task"]): r["teacher_score"] for r in again.cells}
    assert by_row[("Ana", "90.1")] == "2" and by_row[("Chen", "90.3")] == "maybe" and ("=Bo", "91.1") in by_row
    assert ("Chen", "90.1") in by_row and [p.value for p in again.problems] == ["maybe"]


# ---- the class's before/after ----

def _scores(tmp_path, fills=None):
    table = answers_table(RECORDS, ASSESSMENT)
    path = _write(tmp_path / "scores.csv", table)
    _fill(path, fills or {})
    return combine(table, read_sheet(path, ASSESSMENT), ASSESSMENT)


def test_the_teachers_score_wins_and_who_scored_is_kept(tmp_path):
    scores = _scores(tmp_path, {("=Bo", "90.1"): "2", ("Ana", "91.1"): "1", ("=Bo", "91.1"): "0"}).set_index(["learner", "task"])
    assert (scores.loc[("=Bo", "90.1"), "points"], scores.loc[("=Bo", "90.1"), "scored_by"]) == (2, "teacher")
    assert (scores.loc[("Ana", "91.1"), "points"], scores.loc[("Ana", "91.1"), "scored_by"]) == (1, "teacher")
    assert (scores.loc[("Ana", "90.1"), "points"], scores.loc[("Ana", "90.1"), "scored_by"]) == (0, "self")
    assert pd.isna(scores.loc[("Chen", "90.3"), "points"]) and scores.loc[("Chen", "90.3"), "scored_by"] == ""


def test_before_and_after_compares_only_learners_scored_in_both_forms(tmp_path):
    scores = _scores(tmp_path, {("=Bo", "90.1"): "2", ("Ana", "91.1"): "1", ("=Bo", "91.1"): "0"})
    summary = before_after(scores, ASSESSMENT)
    who = summary.table.set_index("criterion")
    # Criterion 1: Ana 0 (self) -> 1 (teacher); Bo 2 (teacher) -> 0 (teacher). Chen did only the before form.
    first = who.loc["Who is behind it"]
    assert first["learners"] == 2 and first["before_mean"] == 1.0 and first["after_mean"] == 0.5 and first["change"] == -0.5
    assert (first["before_basic"], first["before_emergent"], first["before_proficient"]) == (1, 0, 1)
    assert (first["after_basic"], first["after_emergent"], first["after_proficient"]) == (1, 1, 0)
    assert (first["before_teacher"], first["before_self"], first["after_teacher"], first["after_self"]) == (1, 1, 2, 0)
    second = who.loc["Claim or not"]  # only Ana: 1 (self) -> 2 (self)
    assert (second["learners"], second["before_mean"], second["after_mean"]) == (1, 1.0, 2.0)
    assert who.loc["How well supported", "learners"] == 0 and pd.isna(who.loc["How well supported", "before_mean"])
    assert (summary.learners_before, summary.learners_after, summary.learners_both, summary.unscored) == (3, 2, 2, 1)


def test_the_chart_has_a_title_axis_labels_and_bars_at_the_means(tmp_path):
    summary = before_after(_scores(tmp_path, {("=Bo", "90.1"): "2", ("Ana", "91.1"): "1", ("=Bo", "91.1"): "0"}), ASSESSMENT)
    ax = plot_before_after(summary, ASSESSMENT)
    assert ax.get_title(loc="left") and ax.get_xlabel() and ax.get_ylabel()
    heights = [round(bar.get_height(), 2) for container in ax.containers for bar in container]
    assert heights == [1.0, 1.0, 0.0, 0.0, 0.5, 2.0, 0.0, 0.0]
    words = describe_before_after(summary)
    assert "Who is behind it: 1.0 before, 0.5 after (2 learners)." in words and "How well supported: no learner has a score in both forms yet." in words


def test_the_section_says_who_is_counted_and_who_scored_and_escapes_everything(tmp_path):
    summary = before_after(_scores(tmp_path, {("=Bo", "90.1"): "2", ("=Bo", "91.1"): "1"}), ASSESSMENT)
    problem = assessment_scores.SheetProblem(4, "G (teacher_score)", "<b>three</b>", "is not a score of the rubric.", "write 0, 1 or 2.")
    page = before_after_html(summary, ASSESSMENT, [problem], scores_file="<scores>.csv")
    assert "<h2>The assessment: before and after the series</h2>" in page
    assert "Only learners scored on a criterion in both forms are counted for it" in page
    assert "Who scored: 2 of the scores counted are the teacher's, 4 the learners' own (self-assessment)." in page
    assert "<b>three</b>" not in page and "&lt;b&gt;three&lt;/b&gt;" in page and "&lt;scores&gt;.csv" in page
    alt = re.search(r'<img src="data:image/png;base64,[^"]+" alt="([^"]+)"', page).group(1)
    assert alt.startswith("Bar chart. Mean points per criterion")
    assert "<caption>Before and after, per criterion (learners scored in both forms only)</caption>" in page


def test_the_before_after_is_a_narrow_table_with_how_to_read_it_the_cautions_and_every_table_in_a_scrolling_box(tmp_path):
    summary = before_after(_scores(tmp_path, {("=Bo", "90.1"): "2", ("=Bo", "91.1"): "1"}), ASSESSMENT)
    for page in (before_after_html(summary, ASSESSMENT, charts=False), assessment_report.before_after_brief_html(summary)):
        tables = re.findall(r"<table>.*?</table>", page)
        heads = [re.findall(r"<th scope=.col.>([^<]*)</th>", markup) for markup in tables]
        assert heads[0] == ["Criterion", "Learners in both forms", "Before: mean points", "After: mean points", "Change", "Who scored"]
        assert "Before: Basic" in heads[1] and "After: Proficient" in heads[1], "the level counts: a second table"
        assert page.count("<table>") == len(re.findall(r'<div class="table-scroll" role="region" aria-label="[^"]+" tabindex="0"><table>', page)), "every table scrolls in its own box"
        assert page.count("How to read this table") == 2 and "After minus before" in page
        assert re.search(r"<details class='levels'><summary>How many learners reached each level</summary><div class=\"table-scroll\" role=\"region\" aria-label=\"How many[^\"]+\" tabindex=\"0\"><table>", page)
        text = re.sub(r"<[^>]+>", " ", page)
        assert "have not been tried on learners" in text and "There is no comparison class" in text and "Learners' own scores and yours may differ" in text
        assert "2 by the teacher, 2 self-scored" in text, "Who is behind it: Bo's pair is the teacher's, Ana's her own"


# ---- the instructor guide ----

def _guide_section() -> str:
    text = (ROOT / "docs" / "instructor-guide.md").read_text(encoding="utf-8")
    start = text.index("## The before/after assessment (notebooks 90 and 91)")
    return text[start:text.index("\n## ", start + 3)]


def test_the_guide_shows_the_rubric_word_for_word_and_the_notebooks_time():
    section = _guide_section()
    for task in ASSESSMENT.tasks:
        row = f"| {task.number}. {task.name} | " + " | ".join(task.rubric[level] for level in reversed(LEVELS)) + " |"
        assert row in section, f"the guide's rubric row for task {task.number} differs from data/assessment.toml"
    total, timed = declared_minutes(NOTEBOOKS["before"])
    assert f"About {total} minutes each, {timed} of them timed" in section
    for words in ("before lesson 01", "after lesson 09", "Only learners scored on a criterion in both forms are counted for it", "Self-assessment"):
        assert words in section
