"""Saving on every change, resuming, refusing files that cannot be resumed (untouched), exporting, crash safety."""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

import medialit
from medialit import paths, progress, tagfile
from medialit.errors import ProgressFileError, SubmissionError
from medialit.session import TaggingSession

ARTICLE = medialit.load_article()
TAXONOMY = medialit.load_taxonomy()


@pytest.fixture
def home(tmp_path, monkeypatch) -> Path:
    monkeypatch.setenv("MEDIALIT_HOME", str(tmp_path / "home"))
    return tmp_path / "home"


def visible(folder: Path) -> list[str]:
    """The files a learner sees in the folder (the hidden lock file beside a progress file is left out)."""
    return sorted(p.name for p in folder.iterdir() if not p.name.startswith("."))


def test_default_locations_are_under_the_learners_medialit_folder(home):
    session = progress.open_session("Ana María")
    session.tag("C004", "bare_assertion")
    assert session.store.path == home / "progress" / "ana_maría.json" == paths.progress_path("Ana María")
    assert session.store.path.exists()
    exported = progress.export_submission(session)
    assert exported == home / "submissions" / "ana_maría.json"


def test_every_change_is_saved_at_once(home):
    session = progress.open_session("ana")
    path = paths.progress_path("ana")
    assert not path.exists(), "opening alone writes nothing"

    def saved_levels():
        return {k: v["level"] for k, v in json.loads(path.read_text(encoding="utf-8"))["tags"].items()}

    session.tag("C004", "bare_assertion")
    assert saved_levels() == {"C004": "bare_assertion"}
    session.lateral.tag("C004", "corroborated")
    assert json.loads(path.read_text())["lateral_tags"]["C004"]["level"] == "corroborated"
    session.undo()
    assert json.loads(path.read_text())["lateral_tags"] == {}
    session.clear("C004")
    assert saved_levels() == {}
    session.undo()
    assert saved_levels() == {"C004": "bare_assertion"}
    assert sorted(p.name for p in path.parent.iterdir()) == [".ana.json.lock", "ana.json"], "no temporary files are left behind"


def test_the_file_carries_schema_article_taxonomy_and_times(home):
    session = progress.open_session("ana")
    session.tag("C005", "named_source", note="the FBI says so")
    document = json.loads(paths.progress_path("ana").read_text(encoding="utf-8"))
    assert document["schema"] == tagfile.SCHEMA and document["schema_version"] == tagfile.SCHEMA_VERSION
    assert document["kind"] == "progress" and document["learner"] == "ana"
    assert document["article"] == {"title": ARTICLE.title, "sha256": ARTICLE.sha256}
    assert document["taxonomy"] == TAXONOMY.keys
    assert document["created"] <= document["updated"]
    assert document["tags"]["C005"]["note"] == "the FBI says so"


def test_reopening_resumes_where_the_learner_stopped(home):
    first = progress.open_session("ana")
    first.tag("C004", "bare_assertion", note="why")
    first.lateral.tag("C011", "contradicted")
    created = json.loads(paths.progress_path("ana").read_text())["created"]
    again = progress.open_session("ana")  # a restarted kernel
    assert again == first
    assert again.note_of("C004") == "why" and again.lateral.level_of("C011") == "contradicted"
    again.tag("C005", "named_source")  # and carries on, saving to the same file
    third = progress.open_session("ana")
    assert third.progress().tagged == 2
    assert json.loads(paths.progress_path("ana").read_text())["created"] == created


def test_a_chosen_path_is_used(tmp_path):
    target = tmp_path / "class 7B" / "my tags.json"
    session = progress.open_session("ana", path=target)
    session.tag("C004", "bare_assertion")
    assert target.exists() and progress.load(target) == session


def _good_document() -> dict:
    session = TaggingSession(ARTICLE, TAXONOMY, learner="ana")
    session.tag("C004", "bare_assertion")
    return progress.to_tagfile(session).to_json()


def _bad_files() -> dict[str, bytes]:
    def variant(change) -> bytes:
        document = _good_document()
        change(document)
        return json.dumps(document).encode("utf-8")

    return {
        "another article": variant(lambda d: d["article"].update(sha256="0" * 64, title="Another story")),
        "newer schema": variant(lambda d: d.update(schema_version=tagfile.SCHEMA_VERSION + 1)),
        "unknown level": variant(lambda d: d["tags"]["C004"].update(level="maybe")),
        "unknown claim": variant(lambda d: d["tags"].update(C999={"level": "bare_assertion"})),
        "layout unit": variant(lambda d: d["tags"].update(C003={"level": "bare_assertion"})),
        "a submission": variant(lambda d: d.update(kind="submission")),
        "other schema": variant(lambda d: d.update(schema="something-else")),
        "corrupt json": json.dumps(_good_document()).encode("utf-8")[:-40],
        "empty": b"",
        "not utf-8": b"\xff\xfe\x00garbage",
    }


@pytest.mark.parametrize("case", list(_bad_files()))
def test_a_file_that_cannot_be_resumed_is_refused_and_left_byte_identical(tmp_path, case):
    path = tmp_path / "ana.json"
    content = _bad_files()[case]
    path.write_bytes(content)
    os.utime(path, (1_000_000_000, 1_000_000_000))
    with pytest.raises(ProgressFileError) as caught:
        progress.open_session("ana", path=path)
    message = str(caught.value)
    assert str(path) in message and "Fix:" in message
    assert path.read_bytes() == content, "never replaced by an empty session"
    assert path.stat().st_mtime == 1_000_000_000
    assert sorted(p.name for p in tmp_path.iterdir()) == ["ana.json"]


def test_another_article_is_named_in_the_message(tmp_path):
    path = tmp_path / "ana.json"
    path.write_bytes(_bad_files()["another article"])
    with pytest.raises(ProgressFileError, match="another article.*Another story"):
        progress.load(path)


def test_a_failed_save_leaves_the_old_file(tmp_path, monkeypatch):
    path = tmp_path / "ana.json"
    session = progress.open_session("ana", path=path)
    session.tag("C004", "bare_assertion")
    before = path.read_bytes()

    def full_disk(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", full_disk)
    with pytest.raises(OSError):
        session.tag("C005", "named_source")
    assert path.read_bytes() == before
    assert visible(tmp_path) == ["ana.json"] and not list(tmp_path.glob("*.tmp")), "the temporary file is removed"
    assert session.has_unsaved and isinstance(session.store.error, OSError), "the store knows the save failed"
    monkeypatch.undo()
    session.tag("C006", "not_a_claim")  # the next save that works writes everything still unsaved
    assert set(tagfile.read(path).tags) == {"C004", "C005", "C006"} and session.store.error is None


def test_export_submission(home, tmp_path):
    session = progress.open_session("ana")
    session.tag("C004", "bare_assertion", note="n")
    saved = paths.progress_path("ana").read_bytes()
    path = progress.export_submission(session, learner="Falcon 7")
    assert path == paths.submission_path("Falcon 7")
    document = tagfile.read(path, error=SubmissionError)
    assert document.kind == "submission" and document.learner == "Falcon 7"
    assert document.tags == session.tags() and document.article_sha256 == ARTICLE.sha256
    assert paths.progress_path("ana").read_bytes() == saved, "exporting does not touch the progress file"
    chosen = progress.export_submission(session, path=tmp_path / "out.json")
    assert tagfile.read(chosen).learner == "ana"
    with pytest.raises(SubmissionError, match="name"):
        progress.export_submission(session, learner="  ")
    with pytest.raises(ProgressFileError, match="submission"):
        progress.open_session("x", path=path)


CHILD = textwrap.dedent(
    """
    import sys
    from medialit import progress
    session = progress.open_session("crash", path=sys.argv[1])
    ids, levels = session.claim_ids(), session.taxonomy.keys
    for i in range(1_000_000):
        session.tag(ids[i % len(ids)], levels[(i * 3) % len(levels)], note=f"step {i}")
        if i == 0:
            print("saving", flush=True)
    """
)


def _expected_after(steps: int, ids: list[str], levels: list[str]) -> dict[str, tuple[str, str]]:
    state = {}
    for i in range(steps):
        state[ids[i % len(ids)]] = (levels[(i * 3) % len(levels)], f"step {i}")
    return state


@pytest.mark.slow
def test_killing_a_process_while_it_saves_never_leaves_a_broken_file(tmp_path):
    """SIGKILL a process that saves in a loop, at random moments: the file is always a complete, valid state."""
    session = TaggingSession(ARTICLE, TAXONOMY)
    ids, levels = session.claim_ids(), TAXONOMY.keys
    rng = random.Random(20261125)
    path = tmp_path / "crash.json"
    for attempt in range(6):
        child = subprocess.Popen([sys.executable, "-c", CHILD, str(path)], stdout=subprocess.PIPE, text=True)
        try:
            assert child.stdout.readline().strip() == "saving"
            time.sleep(rng.uniform(0.0, 0.4))
        finally:
            child.send_signal(signal.SIGKILL)
            child.wait(timeout=30)
        loaded = progress.load(path, ARTICLE, TAXONOMY)  # raises if the file were half-written
        got = {claim_id: (tag.level, tag.note) for claim_id, tag in loaded.tags().items()}
        last = max(int(note.split()[1]) for _, note in got.values())
        assert got == _expected_after(last + 1, ids, levels), f"attempt {attempt}: not a state the process saved"
        path.unlink()  # the next child starts afresh
        # A kill between create and rename can leave a temporary file (never the real one); the next save
        # removes it, so at most the one from this kill is there.
        assert len(list(tmp_path.glob(".crash.json.*.tmp"))) <= 1


def test_exporting_a_second_case_keeps_the_first_export(home, tmp_path):
    """One export per learner per case, named as a hand-in is (handin.hand_in_name): the second case never replaces the first."""
    from case_packs import make_pack
    from medialit import handin

    other = medialit.load_case(make_pack(tmp_path / "old-station"))
    own = progress.open_session("Ana")
    own.tag("C004", "bare_assertion")
    theirs = progress.open_session("Ana", case=other)
    theirs.tag(theirs.claim_ids()[0], "bare_assertion")
    first = progress.export_submission(own)
    second = progress.export_submission(theirs)
    assert (first.name, second.name) == (handin.hand_in_name("Ana", own.case_id), handin.hand_in_name("Ana", other.id)) == ("ana.json", "ana--old-station.json")
    assert first.parent == second.parent == home / "submissions"
    assert tagfile.read(first).case_id == own.case_id and tagfile.read(second).case_id == other.id
