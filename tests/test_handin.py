"""Handing in: the export's document, written atomically with mode 0640, under the account's hub user only.

These tests run as one account; which account the hand-in believes it runs as is replaced (``handin.account_name``).
tests/test_inbox_accounts.py does the same with real Unix accounts.
"""

from __future__ import annotations

import errno
import json
import os
import stat

import pytest

import medialit
from medialit import handin, inbox, progress, tagfile
from medialit.errors import HandInError
from medialit.session import TaggingSession
from medialit.tagger import ClaimTagger

ARTICLE = medialit.load_article()
TAXONOMY = medialit.load_taxonomy()


@pytest.fixture
def class_inbox(tmp_path, monkeypatch):
    """A class inbox for TLJH-style accounts, set in MEDIALIT_INBOX; this kernel runs as jupyter-ana."""
    tmp_path.chmod(0o755)
    folder = tmp_path / "inbox"
    inbox.init(folder, account_prefix="jupyter-")
    monkeypatch.setenv("MEDIALIT_INBOX", str(folder))
    monkeypatch.setenv("MEDIALIT_HOME", str(tmp_path / "home"))
    monkeypatch.delenv("JUPYTERHUB_USER", raising=False)
    monkeypatch.setattr(handin, "account_name", lambda uid: "jupyter-ana")
    return folder


def _session(level="bare_assertion"):
    session = TaggingSession(ARTICLE, TAXONOMY, learner="whatever the learner typed")
    session.tag(session.claim_ids()[3], level, "only his word")
    return session


def _entries(folder):
    return sorted(entry.name for entry in folder.iterdir() if entry.name != inbox.MARKER)


def test_a_hand_in_is_the_exports_document_under_the_hub_user_with_mode_0640(class_inbox, tmp_path):
    session = _session()
    target = medialit.hand_in(session)
    assert target == class_inbox / "ana.json" and _entries(class_inbox) == ["ana.json"], "no temporary file is left"
    assert stat.S_IMODE(os.stat(target).st_mode) == inbox.HAND_IN_MODE == 0o640  # never the umask's 0644
    assert os.stat(target).st_gid == os.stat(class_inbox).st_gid, "the inbox's group (setgid), so teachers read it"
    exported = progress.export_submission(session, learner="ana", path=tmp_path / "export.json")
    handed, wanted = json.loads(target.read_text("utf-8")), json.loads(exported.read_text("utf-8"))
    assert handed.pop("updated") and wanted.pop("updated")
    assert handed == wanted and handed["learner"] == "ana" and handed["kind"] == "submission"
    assert tagfile.read(target).tags == session.first.tags()


def test_handing_in_again_replaces_your_own_file_and_nothing_else(class_inbox):
    (class_inbox / "bob.json").write_text("bob's hand-in")
    medialit.hand_in(_session("bare_assertion"))
    medialit.hand_in(_session("named_source"))
    assert [tag.level for tag in tagfile.read(class_inbox / "ana.json").tags.values()] == ["named_source"]
    assert (class_inbox / "bob.json").read_text() == "bob's hand-in" and _entries(class_inbox) == ["ana.json", "bob.json"]


def test_the_name_comes_from_the_account_never_from_jupyterhub_user(class_inbox, monkeypatch):
    monkeypatch.setenv("JUPYTERHUB_USER", "bob")  # a learner can set this in their own kernel
    with pytest.raises(HandInError) as caught:
        medialit.hand_in(_session())
    assert "runs as the account jupyter-ana" in str(caught.value) and "Tell your teacher" in str(caught.value)
    assert _entries(class_inbox) == []
    monkeypatch.setenv("JUPYTERHUB_USER", "ana")
    assert medialit.hand_in(_session()).name == "ana.json"


def test_tljhs_shortened_accounts_hand_in_under_the_full_hub_name(class_inbox, monkeypatch):
    long_name = "abcdefghijklmnopqr"
    monkeypatch.setattr(handin, "account_name", lambda uid: "jupyter-abcdefghijklmnopqr-e375e")
    monkeypatch.setenv("JUPYTERHUB_USER", long_name)
    assert tagfile.read(medialit.hand_in(_session())).learner == long_name
    monkeypatch.delenv("JUPYTERHUB_USER")  # the account alone cannot say the full name: refused, not guessed
    with pytest.raises(HandInError, match="not one this inbox takes hand-ins from"):
        medialit.hand_in(_session())


def test_an_account_of_another_kind_cannot_hand_in(class_inbox, monkeypatch):
    monkeypatch.setattr(handin, "account_name", lambda uid: "jovyan")  # Zero to JupyterHub: everyone is jovyan
    monkeypatch.setenv("JUPYTERHUB_USER", "ana")
    with pytest.raises(HandInError, match="jovyan.*docs/deploy.md"):
        medialit.hand_in(_session())
    assert _entries(class_inbox) == []


def test_a_name_someone_else_took_gets_a_message_to_tell_the_teacher(class_inbox, monkeypatch):
    (class_inbox / "ana.json").write_text("bob was here first")
    monkeypatch.setattr(handin, "_my_uid", lambda: os.geteuid() + 1)  # so the file there is someone else's
    with pytest.raises(HandInError) as caught:
        medialit.hand_in(_session())
    message = str(caught.value)
    assert "ana.json" in message and "already taken" in message and "Tell your teacher" in message
    assert (class_inbox / "ana.json").read_text() == "bob was here first"


def test_a_failed_write_leaves_the_earlier_hand_in_whole(class_inbox, monkeypatch):
    first = medialit.hand_in(_session("bare_assertion")).read_bytes()

    def disk_full(*args):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "replace", disk_full)
    with pytest.raises(HandInError, match="disk is full"):
        medialit.hand_in(_session("named_source"))
    assert (class_inbox / "ana.json").read_bytes() == first and _entries(class_inbox) == ["ana.json"]


@pytest.mark.parametrize("spoil, words", [
    (lambda folder: folder.chmod(0o3777), "not safe to hand in to: others can read it"),
    (lambda folder: folder.chmod(0o2773), "not safe to hand in to: it has no sticky bit"),
    (lambda folder: (folder / inbox.MARKER).unlink(), "is not a class inbox"),
    (lambda folder: folder.rename(folder.with_name("moved")), "does not exist"),
])
def test_no_hand_in_goes_where_others_could_read_or_spoil_it(class_inbox, spoil, words):
    spoil(class_inbox)
    with pytest.raises(HandInError, match=words):
        medialit.hand_in(_session())
    assert not (class_inbox / "ana.json").exists()


def test_without_an_inbox_hand_in_says_how_to_export(monkeypatch):
    monkeypatch.setenv("MEDIALIT_INBOX", "")
    with pytest.raises(HandInError, match="no class inbox.*export_submission"):
        medialit.hand_in(_session())


def test_the_taggers_button_says_hand_in_and_hands_in_under_the_hub_user(class_inbox):
    tagger = ClaimTagger(_session())
    assert tagger.export_button.description == "Hand in" and "class inbox" in tagger.export_button.tooltip
    assert tagger.learner_name.disabled, "what is typed there cannot change whose hand-in it is"
    tagger.learner_name.value = "Bob"
    tagger.export_button.click()
    assert "Handed in as ana" in tagger.status.value and "⚠" not in tagger.status.value
    assert tagfile.read(class_inbox / "ana.json").learner == "ana" and not (class_inbox / "bob.json").exists()


def test_the_taggers_button_shows_why_a_hand_in_failed(class_inbox):
    class_inbox.chmod(0o3777)
    tagger = ClaimTagger(_session())
    tagger.export_button.click()
    assert "Could not hand in" in tagger.status.value and "Tell your teacher" in tagger.status.value


def test_without_an_inbox_the_tagger_exports_as_before(tmp_path, monkeypatch):
    monkeypatch.setenv("MEDIALIT_INBOX", "")
    monkeypatch.setenv("MEDIALIT_HOME", str(tmp_path / "home"))
    tagger = ClaimTagger(_session())
    assert tagger.export_button.description == "Export for the teacher" and not tagger.learner_name.disabled
    tagger.learner_name.value = "Bob"
    tagger.export_button.click()
    assert "Exported" in tagger.status.value
    assert tagfile.read(tmp_path / "home" / "submissions" / "bob.json").learner == "Bob"


def test_an_inbox_in_a_config_file_turns_export_into_hand_in(class_inbox, tmp_path, monkeypatch):
    monkeypatch.delenv("MEDIALIT_INBOX")
    setting = tmp_path / "etc" / "inbox.json"
    setting.parent.mkdir()
    setting.write_text(json.dumps({"inbox": str(class_inbox)}))
    monkeypatch.setattr(inbox, "CONFIG_FILES", (tmp_path / "none.json", setting))
    assert handin.export_button_text() == handin.HAND_IN
    path, handed_in = handin.hand_in_or_export(_session())
    assert handed_in and path == class_inbox / "ana.json"


def test_an_empty_session_is_never_handed_in(class_inbox):
    empty = TaggingSession(ARTICLE, TAXONOMY, learner="ana")
    with pytest.raises(HandInError, match="Nothing to hand in yet: tag at least one claim"):
        medialit.hand_in(empty)
    assert _entries(class_inbox) == [], "nothing written"
    tagger = ClaimTagger(empty)
    tagger.export_button.click()
    assert "Nothing to hand in yet" in tagger.status.value and _entries(class_inbox) == []


# ---- one hand-in per learner per case, with the learner's exercise results ----

def test_a_learner_hands_in_two_cases_and_neither_replaces_the_other(class_inbox, tmp_path):
    from case_packs import make_pack

    other = medialit.load_case(make_pack(tmp_path / "old-station"))
    mine = TaggingSession(other, learner="ana")
    mine.tag(mine.claim_ids()[0], "bare_assertion")
    medialit.hand_in(_session())
    medialit.hand_in(mine)
    assert _entries(class_inbox) == ["ana--old-station.json", "ana.json"]
    assert tagfile.read(class_inbox / "ana--old-station.json").case_id == other.id
    assert tagfile.read(class_inbox / "ana.json").case_id == medialit.data.DEFAULT_CASE
    assert handin.hand_in_name("Ana María", other.id) == "ana_maría--old-station.json"


def test_a_hand_in_carries_the_learners_exercise_results(class_inbox):
    medialit.exercise_log.record("02.1", "not_yet", answer="named source")
    medialit.exercise_log.record("02.1", "correct", answer="not a claim")
    target = medialit.hand_in(_session())
    assert tagfile.read(target).exercises == {"02.1": tagfile.ExerciseResult("correct", "not_yet", 2, ("named source",))}
    assert json.loads(target.read_text("utf-8"))["schema_version"] == 3


def test_a_hand_in_and_an_export_carry_the_assessment_answers_and_self_scores_and_no_other_answer(class_inbox, tmp_path):
    log = medialit.exercise_log
    log.record("02.1", "correct", answer="my private lesson answer")  # a lesson's exercise: its answer stays private
    log.record("90.1", "answered", answer="The company set up the group, so it gains if we believe it.")
    log.record_self_score("90.1", 1)
    log.record("90.2", "answered", answer=["1", "4"], reason="Sentence 9 says what we should do, so it is not a claim.")
    target = medialit.hand_in(_session())
    read = tagfile.read(target)
    assert read.assessment == {
        "90.1": tagfile.AssessedAnswer("The company set up the group, so it gains if we believe it.", "", 1),
        "90.2": tagfile.AssessedAnswer(("1", "4"), "Sentence 9 says what we should do, so it is not a claim.", None),
    }
    assert "my private lesson answer" not in target.read_text("utf-8"), "a lesson's exercise travels as its result only"
    assert set(read.exercises) == {"02.1", "90.1", "90.2"}
    exported = progress.export_submission(_session(), learner="ana", path=tmp_path / "export.json")
    assert tagfile.read(exported).assessment == read.assessment


def test_an_answer_a_hand_in_could_not_carry_is_left_out_and_the_hand_in_still_goes(class_inbox):
    """A hand-edited record: the tag file's rules are checked before writing, so the teacher's reader never refuses it."""
    log = medialit.exercise_log
    log.record("90.1", "answered", answer="A fine answer about who is behind it.")
    log.record("90.3", "answered", answer="Pasted \x1b[2K from somewhere")   # record() takes it; the tag file would not
    target = medialit.hand_in(_session())
    assert set(tagfile.read(target).assessment) == {"90.1"}
