"""The before/after assessment reaches the teacher: learners answer and self-score both forms in the widgets, hand in;
the teacher runs ``medialit assess-sheet``, scores in a spreadsheet, and ``medialit class-report --scores`` shows the
class's before/after with the teacher's scores in place of the learners' own."""

from __future__ import annotations

import csv
import html
import io
import re
from pathlib import Path

import pytest

import medialit
from medialit import exercise_log, progress, tagfile
from medialit.assess import AssessTask
from medialit.assessment import load_assessment
from medialit.cli import main
from medialit.session import TaggingSession

ASSESSMENT = load_assessment()
CASE = medialit.load_case()
WRITTEN = {1: "The search shows a company set up the group, so it gains if readers believe the text.",
           3: 'Weak support: "a recent study found" names no study, so nobody can look it up.',
           4: "I would search the study's claim and the group's name with the company's name, on news sites."}
REASON = "Sentence 9 says what schools should do, so evidence could not show it true or false."


def answer_form(form: str, points: int) -> None:
    """A learner answers every task of a form in the widgets, hands each in, and presses the level ``points``."""
    notebook = ASSESSMENT.form(form).notebook
    for task in ASSESSMENT.tasks:
        widget = AssessTask(f"{notebook}.{task.number}")
        if task.kind == "sentences":
            for number in ("1", "4", "6"):
                widget.control.boxes[number].value = True
            widget.reason.value = REASON
        else:
            widget.control.field.value = WRITTEN[task.number]
        widget.hand_in_button.click()
        assert widget.handed_in, widget.status.value
        widget.scores.buttons[str(points)].click()


def hand_in(tmp_path: Path, monkeypatch, folder: Path, name: str, forms: dict[str, int]) -> Path:
    """One learner in their own home: answers the forms (form -> the self-score pressed on every task), tags, exports."""
    monkeypatch.setenv("MEDIALIT_HOME", str(tmp_path / f"home-{name}"))
    for form, points in forms.items():
        answer_form(form, points)
    session = TaggingSession(CASE, learner=name)
    session.tag(session.claim_ids()[3], "bare_assertion", "only his word")
    return progress.export_submission(session, learner=name, path=folder / f"{name}.json")


def fill_as_a_spreadsheet(path: Path, scores: dict[tuple[str, str], str]) -> None:
    """What a teacher's spreadsheet does: types scores in teacher_score, saves with semicolons and a byte-order mark."""
    rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8-sig"), newline="")))
    column = rows[0].index("teacher_score")
    for row in rows[1:]:
        row[column] = scores.get((row[0], row[2]), row[column])
    out = io.StringIO()
    csv.writer(out, delimiter=";", lineterminator="\r\n").writerows(rows)
    path.write_bytes(out.getvalue().encode("utf-8-sig"))


def sheet_rows(path: Path) -> list[dict[str, str]]:
    text = path.read_text(encoding="utf-8-sig")
    return list(csv.DictReader(io.StringIO(text, newline=""), delimiter=";" if text.split("\n")[0].count(";") else ","))


def words(page: Path) -> str:
    """The report's text as a reader sees it (tags dropped, entities read)."""
    return html.unescape(re.sub(r"<[^>]+>", " ", page.read_text(encoding="utf-8")))


@pytest.fixture
def class_folder(tmp_path, monkeypatch):
    """Ana, Ben and Cleo did both forms; Dan only the one before. Self-scores: Ana 0 then 2, Ben 1 and 1, Cleo 2 and 2."""
    folder = tmp_path / "hand-ins"
    folder.mkdir()
    for name, forms in {"Ana": {"before": 0, "after": 2}, "Ben": {"before": 1, "after": 1}, "Cleo": {"before": 2, "after": 2}, "Dan": {"before": 1}}.items():
        hand_in(tmp_path, monkeypatch, folder, name, forms)
    return folder


def test_learners_answers_reach_the_report_with_the_teachers_score_in_place_of_the_learners_own(class_folder, tmp_path, capsys):
    sheet = tmp_path / "scores.csv"
    assert main(["assess-sheet", str(class_folder), "--out", str(sheet)]) == 0
    assert "wrote" in capsys.readouterr().out
    rows = sheet_rows(sheet)
    assert len(rows) == 3 * 8 + 4, "a row per learner and task answered"
    ana = {row["task"]: row for row in rows if row["learner"] == "Ana"}
    assert ana["90.1"]["answer"] == WRITTEN[1] and ana["90.1"]["self_score"] == "0" and ana["91.1"]["self_score"] == "2"
    assert ana["90.2"]["answer"] == f"Ticked: 1, 4, 6. Why: {REASON}" and ana["90.2"]["criterion"] == "Claim or not"
    assert all(row["teacher_score"] == "" for row in rows)
    assert [row["task"] for row in rows] == sorted(row["task"] for row in rows), "sorted task by task, to score one criterion at a time"

    # The teacher scores Cleo: Basic before, Emergent after (as words and as a number), and saves from a spreadsheet.
    teacher = {("Cleo", f"90.{n}"): "Basic" for n in range(1, 5)} | {("Cleo", f"91.{n}"): "1" for n in range(1, 5)}
    fill_as_a_spreadsheet(sheet, teacher)
    report = tmp_path / "report.html"
    assert main(["class-report", str(class_folder), "--out", str(report), "--scores", str(sheet), "--no-charts"]) == 0
    text = words(report)
    assert "The assessment: before and after the series" in text and "(self-scored)" not in text
    assert "4 learner(s) handed in answers to the form taken before the series, 3 to the form taken after it, and 3 to both" in text
    for task in ASSESSMENT.tasks:  # Ana 0 -> 2, Ben 1 -> 1, Cleo (the teacher's) 0 -> 1; Dan did one form: not counted
        assert f"{task.name}: 0.3 before, 1.3 after (3 learners)." in text
    assert "Who scored: 8 of the scores counted are the teacher's, 16 the learners' own" in text
    assert "teacher scores from scores.csv" in text


def test_without_scores_the_report_shows_the_self_scored_before_and_after(class_folder, tmp_path):
    report = tmp_path / "report.html"
    assert main(["class-report", str(class_folder), "--out", str(report), "--no-charts"]) == 0
    text = words(report)
    assert "The assessment: before and after the series (self-scored)" in text
    assert "every score here is a self-assessment" in text
    assert "Who is behind it: 1.0 before, 1.7 after (3 learners)." in text


def test_the_section_has_a_chart_with_its_text_equivalent(class_folder, tmp_path):
    report = tmp_path / "report.html"
    assert main(["class-report", str(class_folder), "--out", str(report)]) == 0
    page = report.read_text(encoding="utf-8")
    section = page[page.index("The assessment: before and after"):]
    assert re.search(r'<img src="data:image/png;base64,[^"]+" alt="Bar chart\. Mean points per criterion[^"]*Who is behind it: 1\.0 before, 1\.7 after', section)


def test_bad_rows_of_the_sheet_are_named_and_the_rest_is_used(class_folder, tmp_path, capsys):
    sheet = tmp_path / "scores.csv"
    assert main(["assess-sheet", str(class_folder), "--out", str(sheet)]) == 0
    teacher = {("Cleo", f"90.{n}"): "0" for n in range(1, 5)} | {("Cleo", f"91.{n}"): "1" for n in range(1, 5)}
    fill_as_a_spreadsheet(sheet, teacher | {("Ana", "90.1"): "excellent"})
    line = 1 + next(n for n, row in enumerate(sheet_rows(sheet), start=1) if row["learner"] == "Ana" and row["task"] == "90.1")
    capsys.readouterr()
    report = tmp_path / "report.html"
    assert main(["class-report", str(class_folder), "--out", str(report), "--scores", str(sheet), "--no-charts"]) == 0
    said = capsys.readouterr().err
    assert (f"line {line}, column G (teacher_score), value 'excellent': is not a score of the rubric. "
            "This teacher score is ignored; the learner's own score counts for this answer. Fix: write one of 0 (Basic), 1 (Emergent), 2 (Proficient)") in said
    text = words(report)
    assert "Rows of the score sheet that were not used" in text and f"line {line}, column G (teacher_score), value 'excellent'" in text
    assert "Who is behind it: 0.3 before, 1.3 after (3 learners)." in text, "Ana's own score counts where the teacher's cell is unusable"
    assert "Claim or not: 0.3 before, 1.3 after (3 learners)." in text


def test_a_sheet_that_cannot_be_read_stops_the_report_before_anything_is_written(class_folder, tmp_path, capsys):
    sheet = tmp_path / "grades.csv"
    sheet.write_text("name,grade\r\nAna,A\r\n", encoding="utf-8")
    report = tmp_path / "report.html"
    assert main(["class-report", str(class_folder), "--out", str(report), "--scores", str(sheet), "--no-charts"]) == 2
    assert "has no column learner, task, teacher_score" in capsys.readouterr().err and not report.exists()
    assert main(["class-report", str(class_folder), "--out", str(sheet), "--scores", str(sheet), "--no-charts", "--force"]) == 2
    assert "the report never writes over it" in capsys.readouterr().err and sheet.read_text(encoding="utf-8").startswith("name,grade")


def test_running_assess_sheet_again_keeps_every_teacher_score_and_adds_the_late_answers(class_folder, tmp_path, monkeypatch, capsys):
    sheet = tmp_path / "scores.csv"
    assert main(["assess-sheet", str(class_folder), "--out", str(sheet)]) == 0
    fill_as_a_spreadsheet(sheet, {("Cleo", "90.1"): "Proficient", ("Dan", "90.4"): "0"})
    hand_in(tmp_path, monkeypatch, class_folder, "Dan", {"after": 2})  # Dan's late after-form: his home keeps the before-form too
    capsys.readouterr()
    assert main(["assess-sheet", str(class_folder), "--out", str(sheet)]) == 0
    assert "2 teacher score(s) kept" in capsys.readouterr().out
    rows = {(row["learner"], row["task"]): row for row in sheet_rows(sheet)}
    assert len(rows) == 4 * 8
    assert rows[("Cleo", "90.1")]["teacher_score"] == "Proficient" and rows[("Dan", "90.4")]["teacher_score"] == "0"
    assert rows[("Dan", "91.1")]["self_score"] == "2" and rows[("Dan", "91.1")]["teacher_score"] == ""


def test_assess_sheet_never_replaces_another_file_and_never_writes_into_the_hand_ins(class_folder, tmp_path, capsys):
    grades = tmp_path / "grades.csv"
    grades.write_text("name,grade\r\nAna,A\r\n", encoding="utf-8")
    assert main(["assess-sheet", str(class_folder), "--out", str(grades)]) == 2
    said = capsys.readouterr().err
    assert "already exists and is not a score sheet" in said and "--force" in said and grades.read_text(encoding="utf-8").startswith("name,grade")
    assert main(["assess-sheet", str(class_folder), "--out", str(grades), "--force"]) == 0
    assert grades.read_text(encoding="utf-8-sig").startswith("learner,form,task")
    assert main(["assess-sheet", str(class_folder), "--out", str(class_folder / "scores.csv")]) == 2
    assert "inside the submissions folder" in capsys.readouterr().err and not (class_folder / "scores.csv").exists()
    assert main(["assess-sheet", str(class_folder), "--out", str(tmp_path)]) == 2
    assert "is a folder, not a file" in capsys.readouterr().err


def test_assess_sheet_reads_the_hand_ins_as_class_report_does_and_names_the_same_problems(class_folder, tmp_path, capsys):
    (class_folder / "broken.json").write_text("{not json", encoding="utf-8")
    assert main(["assess-sheet", str(class_folder), "--out", str(tmp_path / "scores.csv")]) == 0
    assert "problem: broken.json: line 1, column 2: is not valid JSON" in capsys.readouterr().err
    assert main(["class-report", str(class_folder), "--out", str(tmp_path / "r.html"), "--no-charts"]) == 0
    assert "problem: broken.json: line 1, column 2: is not valid JSON" in capsys.readouterr().err


def test_with_no_answers_in_the_hand_ins_assess_sheet_says_so_and_writes_nothing(tmp_path, monkeypatch, capsys):
    folder = tmp_path / "hand-ins"
    folder.mkdir()
    hand_in(tmp_path, monkeypatch, folder, "Ana", {})
    assert main(["assess-sheet", str(folder), "--out", str(tmp_path / "scores.csv")]) == 1
    assert "carries answers to the assessment" in capsys.readouterr().err and not (tmp_path / "scores.csv").exists()
    assert main(["class-report", str(folder), "--out", str(tmp_path / "r.html"), "--no-charts"]) == 0
    assert "The assessment" not in words(tmp_path / "r.html"), "no section without answers"


def test_the_sheet_is_the_teachers_alone(class_folder, tmp_path):
    sheet = tmp_path / "scores.csv"
    assert main(["assess-sheet", str(class_folder), "--out", str(sheet)]) == 0
    assert sheet.stat().st_mode & 0o077 == 0, "it holds learners' written answers"


def test_the_learners_own_record_is_what_travels(tmp_path, monkeypatch):
    folder = tmp_path / "hand-ins"
    folder.mkdir()
    path = hand_in(tmp_path, monkeypatch, folder, "Ana", {"before": 1})
    carried = tagfile.read(path).assessment
    assert set(carried) == {"90.1", "90.2", "90.3", "90.4"} and {a.self_score for a in carried.values()} == {1}
    assert carried["90.2"] == tagfile.AssessedAnswer(("1", "4", "6"), REASON, 1)
    assert exercise_log.read_record()["90.1"]["answer"] == carried["90.1"].answer


# ---- the button at the end of notebook 91 ----

def test_the_button_at_the_end_of_the_form_hands_the_answers_in_with_the_learners_tags(tmp_path, monkeypatch):
    from medialit import paths
    from medialit.assess import hand_in_answers

    monkeypatch.setenv("MEDIALIT_HOME", str(tmp_path / "home"))
    paths.save_name("Ana")
    button = hand_in_answers()
    button.button.click()
    assert "Not handed in yet: Nothing to hand in yet" in button.status.value, "neither tags nor answers: nothing goes"
    assert not paths.submission_path("Ana").exists()
    answer_form("after", 2)
    session = progress.open_session()
    session.tag(session.claim_ids()[3], "bare_assertion")
    button.button.click()
    target = paths.submission_path("Ana")
    assert f"Saved for your teacher as {target}" in html.unescape(button.status.value)
    handed = tagfile.read(target)
    assert handed.learner == "Ana" and handed.tags and set(handed.assessment) == {"91.1", "91.2", "91.3", "91.4"}
    assert {answer.self_score for answer in handed.assessment.values()} == {2}


def test_without_a_name_the_button_says_what_to_do_and_writes_nothing(tmp_path, monkeypatch):
    from medialit.assess import hand_in_answers

    monkeypatch.setenv("MEDIALIT_HOME", str(tmp_path / "home"))
    monkeypatch.delenv("JUPYTERHUB_USER", raising=False)
    session = progress.open_session()
    session.tag(session.claim_ids()[3], "bare_assertion")
    button = hand_in_answers()
    button.button.click()
    shown = html.unescape(button.status.value)
    assert "is not a name your teacher can match" in shown and "save your name or a pseudonym your teacher knows in lesson 00's name box" in shown
    assert "tagger's name field" not in shown, "there is no tagger in notebook 91"
    assert not (tmp_path / "home" / "submissions").exists()


def test_the_answers_go_without_any_tag_and_the_teacher_counts_them(tmp_path, monkeypatch, capsys):
    from medialit import paths
    from medialit.assess import hand_in_answers

    folder = tmp_path / "hand-ins"
    folder.mkdir()
    hand_in(tmp_path, monkeypatch, folder, "Ana", {"before": 1, "after": 2})
    monkeypatch.setenv("MEDIALIT_HOME", str(tmp_path / "home-Ben"))
    monkeypatch.delenv("JUPYTERHUB_USER", raising=False)
    paths.save_name("Ben")
    answer_form("after", 1)  # Ben never tagged the article: notebook 91's button still sends his answers
    button = hand_in_answers()
    target = button.hand_in()
    shown = html.unescape(button.status.value)
    assert target == paths.submission_path("Ben") and "Saved for your teacher" in shown and "no tags yet" in shown, shown
    handed = tagfile.read(target)
    assert not handed.tags and set(handed.assessment) == {"91.1", "91.2", "91.3", "91.4"}
    (folder / "ben.json").write_bytes(target.read_bytes())
    capsys.readouterr()
    sheet = tmp_path / "scores.csv"
    assert main(["assess-sheet", str(folder), "--out", str(sheet)]) == 0
    out = capsys.readouterr()
    assert "ben.json" not in out.err and "from 2 learner(s)" in out.out, out
    assert sorted(row["task"] for row in sheet_rows(sheet) if row["learner"] == "Ben") == ["91.1", "91.2", "91.3", "91.4"]
    assert main(["class-report", str(folder), "--out", str(tmp_path / "r.html"), "--no-charts"]) == 0
    assert "ben.json" not in capsys.readouterr().err
    assert "1 learner(s) handed in answers to the form taken before the series, 2 to the form taken after it" in words(tmp_path / "r.html")


def test_a_file_with_neither_tags_nor_answers_is_still_refused_and_skipped(tmp_path, monkeypatch):
    from medialit.class_merge import merge_class

    monkeypatch.setenv("MEDIALIT_HOME", str(tmp_path / "home"))
    with pytest.raises(medialit.errors.SubmissionError, match="Nothing to hand in yet"):
        progress.export_submission(TaggingSession(CASE, learner="Ana"))
    folder = tmp_path / "hand-ins"
    folder.mkdir()
    tagfile.write_atomic(folder / "ana.json", progress.to_tagfile(TaggingSession(CASE, learner="Ana"), kind="submission"))
    merged = merge_class(folder, CASE)
    assert list(merged.problems["problem"]) == ["has no tags and no assessment answers."]


def test_after_hand_in_this_answer_the_status_says_it_is_locked_and_saved_not_that_the_teacher_has_it(tmp_path, monkeypatch):
    monkeypatch.setenv("MEDIALIT_HOME", str(tmp_path / "home"))
    widget = AssessTask("90.1")
    widget.control.field.value = WRITTEN[1]
    widget.hand_in_button.click()
    said = html.unescape(widget.status.value)
    assert "Locked and saved on your account" in said and "reaches your teacher when you hand in" in said
    assert "Handed in and saved" not in said


def test_notebook_91_has_the_button_after_its_four_tasks_and_90_says_when_the_answers_go():
    import nbformat

    root = Path(__file__).resolve().parent.parent / "notebooks"
    code = [c.source for c in nbformat.read(root / "91-assess-after.ipynb", as_version=4).cells if c.cell_type == "code"]
    tasks = [n for n, source in enumerate(code) if "medialit.assess(" in source]
    button = next(n for n, source in enumerate(code) if "hand_in_answers()" in source)
    assert button > max(tasks)
    before = "\n".join(c.source for c in nbformat.read(root / "90-assess-before.ipynb", as_version=4).cells)
    assert "hand_in_answers" not in before and "They go to your teacher with your tags" in before


@pytest.mark.skipif(not hasattr(__import__("os"), "mkfifo"), reason="named pipes are POSIX")
def test_a_scores_file_that_is_a_pipe_or_not_csv_is_refused_by_name_and_never_blocks(class_folder, tmp_path, capsys):
    import os

    pipe = tmp_path / "scores.csv"
    os.mkfifo(pipe)
    assert main(["class-report", str(class_folder), "--out", str(tmp_path / "r.html"), "--scores", str(pipe), "--no-charts"]) == 2
    assert "is a named pipe (FIFO), not a score sheet; it was not opened" in capsys.readouterr().err
    huge = tmp_path / "huge.csv"
    huge.write_text("learner,task,teacher_score\r\nAna,90.1,\"" + "x" * 200_000 + "\"\r\n", encoding="utf-8")
    assert main(["class-report", str(class_folder), "--out", str(tmp_path / "r.html"), "--scores", str(huge), "--no-charts"]) == 2
    said = capsys.readouterr().err
    assert "cannot be read as CSV (field larger than field limit" in said and "line 2" in said and "Traceback" not in said


def rewrite_sheet(path: Path, change) -> list[list[str]]:
    """What a teacher does by hand: ``change(rows)`` edits the sheet's rows (the header first); saved as the sheet was."""
    rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8-sig"), newline="")))
    change(rows)
    out = io.StringIO()
    csv.writer(out, lineterminator="\r\n").writerows(rows)
    path.write_bytes(out.getvalue().encode("utf-8-sig"))
    return rows


def test_a_mistyped_name_or_an_answer_not_handed_in_is_named_with_the_closest_name_and_counted_as_a_problem(class_folder, tmp_path, capsys):
    sheet = tmp_path / "scores.csv"
    assert main(["assess-sheet", str(class_folder), "--out", str(sheet)]) == 0

    def mistype(rows: list[list[str]]) -> None:
        cleo = next(row for row in rows if row[0] == "Cleo" and row[2] == "90.1")
        cleo[0], cleo[6] = "Cloe", "0"                # a typo: Cleo's own 2 would count in silence: her own 2 would count in silence
        rows.append(["Dan", "after", "91.1", "Who is behind it", "", "", "2"])  # Dan handed in no after-form
    rows = rewrite_sheet(sheet, mistype)
    typo = 1 + next(n for n, row in enumerate(rows) if row[0] == "Cloe")
    capsys.readouterr()
    report = tmp_path / "report.html"
    assert main(["class-report", str(class_folder), "--out", str(report), "--scores", str(sheet), "--no-charts"]) == 0
    said = capsys.readouterr()
    named = (f"line {typo}, column A (learner), value 'Cloe': matches no learner's hand-in. This teacher score is ignored. "
             "Fix: did you mean 'Cleo'? Write the name exactly as on the hand-in.")
    task = f"line {len(rows)}, column C (task), value '91.1': Dan's hand-in has no answer to this task. This teacher score is ignored."
    assert named in said.err and task in said.err
    assert "(4 learners, 2 problem(s), 2 of them in the score sheet)" in said.out
    text = words(report)
    assert named in text and task in text
    assert "2 problem(s) reported (2 in the score sheet" in text
    assert "4 learner(s) handed in answers to the form taken before the series, 3 to the form taken after it" in text, "no learner 'Cloe'"
    assert "Who scored: 0 of the scores counted are the teacher's" in text
    assert main(["class-report", str(class_folder), "--out", str(report), "--scores", str(sheet), "--no-charts", "--pseudonymise"]) == 0
    text = words(report)  # the rows name learners: off the page, said in the terminal, still counted
    assert "2 problem(s) reported (2 in the score sheet: listed in the terminal" in text and "Cloe" not in text

    capsys.readouterr()  # assess-sheet names them too, and keeps them in the sheet as written
    assert main(["assess-sheet", str(class_folder), "--out", str(sheet)]) == 0
    assert named in capsys.readouterr().err and any(row["learner"] == "Cloe" for row in sheet_rows(sheet))


def test_the_exercises_table_leaves_the_assessment_tasks_out(class_folder, tmp_path):
    report = tmp_path / "report.html"
    assert main(["class-report", str(class_folder), "--out", str(report), "--no-charts"]) == 0
    page = report.read_text(encoding="utf-8")
    handed_in = tagfile.read(class_folder / "Ana.json").exercises
    assert "90.1" in handed_in, "the hand-in carries the assessment's tasks with the exercises"
    exercises = page[page.index("<h2>Exercises</h2>"):page.index("The assessment: before and after")] if "<h2>Exercises</h2>" in page else ""
    assert not any(f"<bdi>{task_id}</bdi>" in exercises for task_id in ASSESSMENT.task_ids())


def test_assess_sheet_says_a_missing_folder_does_not_exist_and_an_empty_one_has_no_hand_ins_yet(tmp_path, capsys):
    assert main(["assess-sheet", str(tmp_path / "nowhere"), "--out", str(tmp_path / "scores.csv")]) == 2
    assert "nowhere: does not exist" in capsys.readouterr().err
    (tmp_path / "empty").mkdir()
    assert main(["assess-sheet", str(tmp_path / "empty"), "--out", str(tmp_path / "scores.csv")]) == 1
    said = capsys.readouterr().err
    assert f"no hand-ins in {tmp_path / 'empty'} yet" in said and "none of the 0" not in said and not (tmp_path / "scores.csv").exists()
