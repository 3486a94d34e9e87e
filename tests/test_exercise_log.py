"""The exercise record: best status per exercise and the widget's latest answer, saved atomically, never lost,
never raising in a notebook, never written while nbgrader runs a notebook."""

from __future__ import annotations

import json

import pytest

import medialit
from medialit import exercise_log, feedback


def test_a_status_only_improves_and_attempts_are_counted(tmp_path):
    path = tmp_path / "progress.json"
    assert exercise_log.read_record(path) == {}
    assert exercise_log.record("04.1", "not_yet", path)
    assert exercise_log.record("04.1", "correct", path)
    assert exercise_log.record("04.1", "not_yet", path)  # a later slip does not erase the success
    entry = exercise_log.read_record(path)["04.1"]
    assert entry["status"] == "correct" and entry["attempts"] == 3 and entry["first_done"]
    document = json.loads(path.read_text(encoding="utf-8"))
    assert document["schema"] == "medialit-exercises" and document["schema_version"] == 2
    assert not list(tmp_path.glob(".*.tmp")), "no temporary file is left behind"


def test_an_unreadable_record_is_left_exactly_as_it_is(tmp_path):
    path = tmp_path / "progress.json"
    for content in ("{not json", json.dumps({"schema": "other"}), json.dumps({"schema": "medialit-exercises", "schema_version": 99, "exercises": {}})):
        path.write_text(content, encoding="utf-8")
        assert exercise_log.read_record(path) is None
        assert exercise_log.record("04.1", "correct", path) is False
        assert path.read_text(encoding="utf-8") == content


def test_saving_where_nothing_can_be_written_does_not_raise(tmp_path):
    blocked = tmp_path / "a-file"
    blocked.write_text("x", encoding="utf-8")
    assert exercise_log.record("04.1", "correct", blocked / "progress.json") is False


def test_checks_are_saved_and_the_summary_reports_them(tmp_path, monkeypatch):
    monkeypatch.setenv("MEDIALIT_HOME", str(tmp_path))
    feedback.reset()
    medialit.check("02.1", None)  # an unanswered check is not an attempt: nothing saved
    assert not exercise_log.record_path().exists()
    medialit.check("02.1", "not a claim")
    feedback.reset()  # a new kernel session
    later = feedback.summary("02")
    assert later.done == [] and later.saved_done == ("02.1",)
    assert f"In all your sessions so far: 1 of {len(later.rows)} done" in str(later)
    assert "answer" not in json.dumps(exercise_log.read_record())  # statuses only, never the learner's answers
    exercise_log.record_path().write_text("{broken", encoding="utf-8")
    assert "could not be read" in str(feedback.summary("02"))
    medialit.check("02.1", "not a claim")  # still no error in the notebook
    assert exercise_log.record_path().read_text(encoding="utf-8") == "{broken"
    feedback.reset()


RECORDER = """
import sys
from medialit import exercise_log
print("ready", flush=True)
sys.stdin.readline()
for i in range(100):
    assert exercise_log.record(f"{sys.argv[2]}.{i}", "correct", sys.argv[1])
"""


@pytest.mark.slow
def test_two_notebooks_checking_at_once_both_keep_their_results(tmp_path):
    import subprocess
    import sys

    path = tmp_path / "progress.json"
    children = [subprocess.Popen([sys.executable, "-c", RECORDER, str(path), who], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True) for who in ("04", "05")]
    for child in children:
        assert child.stdout.readline().strip() == "ready"
    for child in children:
        child.stdin.write("go\n")
        child.stdin.flush()
    for child in children:
        child.stdin.close()
        assert child.wait(timeout=120) == 0
    assert len(exercise_log.read_record(path)) == 200, "no check's result was lost to the other notebook's save"


def test_a_version_1_record_is_read_and_kept_when_saving_version_2(tmp_path):
    path = tmp_path / "progress.json"
    old = {"schema": "medialit-exercises", "schema_version": 1,
           "exercises": {"01.2": {"status": "correct", "attempts": 2, "first_done": "2026-11-25T16:05:00+00:00", "updated": "2026-11-25T16:07:00+00:00"}}}
    path.write_text(json.dumps(old), encoding="utf-8")
    assert exercise_log.read_record(path) == old["exercises"]
    assert exercise_log.record("04.1", "not_yet", path, answer=["may"])
    document = json.loads(path.read_text(encoding="utf-8"))
    assert document["schema_version"] == 2
    assert document["exercises"]["01.2"] == old["exercises"]["01.2"]  # nothing of the old record is lost
    assert document["exercises"]["04.1"]["answer"] == ["may"]


def test_the_latest_answer_is_kept_beside_the_best_status(tmp_path):
    path = tmp_path / "progress.json"
    assert exercise_log.record("03.1", "correct", path, answer="vague_attribution", reason="'reports have emerged' names no one")
    assert exercise_log.record("03.1", "not_yet", path, answer="named_source")
    entry = exercise_log.read_record(path)["03.1"]
    assert entry["status"] == "correct" and entry["answer"] == "named_source" and "reason" not in entry
    assert exercise_log.record("03.1", "correct", path)  # a check from code keeps the widget's answer
    assert exercise_log.read_record(path)["03.1"]["answer"] == "named_source"


@pytest.mark.parametrize("answer, reason, problem", [
    ("x" * (exercise_log.MAX_TEXT + 1), None, "characters long"),
    ("fine", "y" * (exercise_log.MAX_TEXT + 1), "Your reason is"),
    ("a lone \ud800 surrogate", None, "lone surrogate"),
    ("nul\x00", None, "NUL"),
    (["C001"] * (exercise_log.MAX_ITEMS + 1), None, "items"),
    (["ok", 3], None, "must be text"),
    (float("nan"), None, "not finite"),
    ({"a": 1}, None, "not an answer that can be saved"),
    (True, None, "yes/no"),
])
def test_answers_are_small_and_plain_or_not_saved(tmp_path, answer, reason, problem):
    path = tmp_path / "progress.json"
    assert problem in exercise_log.answer_problem(answer, reason)
    assert exercise_log.record("04.1", "not_yet", path, answer=answer, reason=reason) is False
    assert not path.exists()
    assert exercise_log.answer_problem("x" * exercise_log.MAX_TEXT, "y") == ""  # the limit itself is fine


def test_a_hand_edited_answer_is_dropped_and_its_status_kept(tmp_path):
    path = tmp_path / "progress.json"
    entry = {"status": "answered", "attempts": "many", "answer": {"not": "plain"}, "reason": 42}
    path.write_text(json.dumps({"schema": "medialit-exercises", "schema_version": 2, "exercises": {"01.5": entry}}), encoding="utf-8")
    assert exercise_log.read_record(path) == {"01.5": {"status": "answered", "attempts": 0}}
    assert exercise_log.record("01.5", "answered", path)


def test_nothing_is_written_while_nbgrader_runs_the_notebook(tmp_path, monkeypatch):
    """nbgrader sets NBGRADER_EXECUTION ("autograde" or "validate") for the kernels it starts; tests/test_nbgrader.py
    checks that the real autograder leaves the grader's home empty."""
    monkeypatch.setenv("MEDIALIT_HOME", str(tmp_path))
    for mode in ("autograde", "validate"):
        monkeypatch.setenv("NBGRADER_EXECUTION", mode)
        assert exercise_log.under_grader()
        assert exercise_log.record("01.2", "correct", answer="6") is False
        assert medialit.check("01.2", 6).correct  # the feedback is still there
    assert list(tmp_path.iterdir()) == []
    feedback.reset()


# ---- what a teacher needs: the first try and the wrong answers, small and checked ----

def test_the_first_try_and_the_first_different_wrong_answers_are_kept(tmp_path):
    path = tmp_path / "progress.json"
    assert exercise_log.record("02.1", "not_yet", path, answer="named source")
    for answer in ("  named   source ", "bare assertion", "x" * (exercise_log.MAX_WRONG_TEXT + 1), ["C015", "C004"]):
        assert exercise_log.record("02.1", "not_yet", path, answer=answer)
    assert exercise_log.record("02.1", "correct", path, answer="not a claim")
    entry = exercise_log.read_record(path)["02.1"]
    assert entry["first"] == "not_yet" and entry["attempts"] == 6 and entry["status"] == "correct"
    # the same answer twice is kept once; one too long to keep counts as a try; a set reads as sorted claims
    assert entry["wrong"] == ["named source", "bare assertion", "C004, C015"]
    for i in range(10):
        exercise_log.record("02.2", "not_yet", path, answer=f"guess {i}")
    assert exercise_log.read_record(path)["02.2"]["wrong"] == [f"guess {i}" for i in range(exercise_log.MAX_WRONG)]
    exercise_log.record("02.3", "correct", path)  # from code: a first try, no answer kept
    assert exercise_log.read_record(path)["02.3"] | {"updated": "", "first_done": ""} == {"status": "correct", "first": "correct", "attempts": 1, "updated": "", "first_done": ""}


def test_a_record_from_before_first_tries_gives_an_unknown_first_try(tmp_path):
    path = tmp_path / "progress.json"
    old = {"02.1": {"status": "not_yet", "attempts": 2}, "02.2": {"status": "correct", "attempts": 1, "first": "sometimes", "wrong": "not a list"}}
    path.write_text(json.dumps({"schema": "medialit-exercises", "schema_version": 2, "exercises": old}), encoding="utf-8")
    exercise_log.record("02.1", "correct", path)
    assert "first" not in exercise_log.read_record(path)["02.1"], "the first try was before first tries were kept"
    assert exercise_log.read_record(path)["02.2"] == {"status": "correct", "attempts": 1}, "hand-edited fields are dropped"


def test_a_hand_in_carries_statuses_first_tries_and_wrong_answers_only(tmp_path):
    path = tmp_path / "progress.json"
    exercise_log.record("03.1", "not_yet", path, answer="named_source", reason="he names the FBI")
    exercise_log.record("03.1", "correct", path, answer="vague_attribution", reason="'reports have emerged'")
    exercise_log.record("04.5", "answered", path, answer="A long written answer " * 5)
    results = exercise_log.for_hand_in(path)
    assert results == {"03.1": medialit.tagfile.ExerciseResult("correct", "not_yet", 2, ("named_source",)),
                       "04.5": medialit.tagfile.ExerciseResult("answered", "answered", 1, ())}
    assert "FBI" not in repr(results) and "written" not in repr(results), "no reason and no answer that counted travels"
    assert exercise_log.for_hand_in(tmp_path / "none.json") == {}
    path.write_text("{broken", encoding="utf-8")
    assert exercise_log.for_hand_in(path) == {}, "an unreadable record never stops a hand-in"
