"""The exercise record: best status per exercise, saved atomically, never lost, never raising in a notebook."""

from __future__ import annotations

import json

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
    assert document["schema"] == "medialit-exercises" and document["schema_version"] == 1
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
    assert "In all your sessions so far: 1 of 5 done" in str(later)
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
