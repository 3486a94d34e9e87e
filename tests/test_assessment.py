"""The before/after assessment: its two parallel forms and rubric (data/assessment.toml), the widget a learner answers
and scores in (medialit.assess), and the exercise log that keeps both."""

from __future__ import annotations

import doctest
import json
import re
from pathlib import Path

import ipywidgets as widgets
import nbformat
import pytest

import medialit
from medialit import assessment as assessment_module
from medialit import exercise_log
from medialit.assess import AssessTask, AssessmentText
from medialit.assessment import LEVELS, form_html, load_assessment, read_assessment
from medialit.errors import DataFileError, UnknownExerciseError

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
    for module in (assessment_module, exercise_log, medialit.feedback):
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
