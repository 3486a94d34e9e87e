"""Two taggers on one learner never lose a tag; the store says "saved" only when it wrote; leftovers are cleaned.

Two taggers for one learner happen in class: two browser tabs, the same lesson opened twice, a second kernel.
Every save reads the file under its lock, merges claim by claim, and writes the whole (medialit.store).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

import medialit
from medialit import atomic, paths, progress, tagfile
from medialit.errors import ProgressFileError
from medialit.store import MemoryStore, ProgressStore
from medialit.tagger import ClaimTagger

ARTICLE = medialit.load_article()
TAXONOMY = medialit.load_taxonomy()


@pytest.fixture
def home(tmp_path, monkeypatch) -> Path:
    monkeypatch.setenv("MEDIALIT_HOME", str(tmp_path / "home"))
    monkeypatch.delenv("JUPYTERHUB_USER", raising=False)
    return tmp_path / "home"


def saved(path: Path, pass_: str = "tags") -> dict[str, str]:
    return {claim_id: tag["level"] for claim_id, tag in json.loads(path.read_text(encoding="utf-8"))[pass_].items()}


# ---- two taggers in one kernel ----

def test_two_taggers_for_one_learner_lose_nothing(home):
    """The issue's case: tag 5 claims in a, 1 in b; the file must hold all 6 (it held 1)."""
    a, b = ClaimTagger(name="Ana"), ClaimTagger(name="Ana")
    for _ in range(5):
        a.choose("bare_assertion")
        a.go_untagged()
    b.choose("corroborated")  # b still shows C004, so this changes a claim a tagged: the later change wins
    b.go_untagged()  # moving on takes in a's tags first: the next untagged claim is after a's five
    assert b.current == "C009"
    b.choose("contradicted")
    file = saved(paths.progress_path("Ana"))
    assert len(file) == 6 and file["C004"] == "corroborated" and file["C009"] == "contradicted"
    a.go(1)  # moving on first takes in what the other tagger saved
    assert a.session.tags() == b.session.tags() and "another tagger" in a.status.value
    assert a.progress_text.value.startswith("6 of 65")


def test_two_sessions_of_one_store_merge_clears_and_changes(home):
    store = MemoryStore()
    a, b = store.open(ARTICLE, TAXONOMY, learner="Ana"), store.open(ARTICLE, TAXONOMY, learner="Ana")
    store.autosave(a)
    store.autosave(b)
    a.tag("C004", "bare_assertion")
    a.tag("C005", "named_source")
    b.lateral.tag("C011", "contradicted")  # b's save takes in a's two tags
    assert set(b.tags()) == {"C004", "C005"}
    b.clear("C004")  # a clear is a change like any other
    a.tag("C006", "not_a_claim")  # a's save takes in b's clear and b's lateral tag
    document = store.document()
    assert set(document.tags) == {"C005", "C006"} and set(document.lateral_tags) == {"C011"}
    assert set(a.tags()) == {"C005", "C006"} and a.lateral.level_of("C011") == "contradicted"


def test_undo_never_reverts_what_another_tagger_changed(home):
    store = MemoryStore()
    a, b = store.open(ARTICLE, TAXONOMY, learner="Ana"), store.open(ARTICLE, TAXONOMY, learner="Ana")
    store.autosave(a)
    store.autosave(b)
    a.tag("C004", "bare_assertion")
    a.tag("C005", "named_source")
    b.tag("C005", "corroborated")  # b changes a claim a tagged
    b.tag("C006", "not_a_claim")
    store.sync(a)
    undone = a.undo()  # a's last change was C005, which is b's now: undo goes to a's C004 instead
    assert undone.claim_id == "C004" and a.level_of("C004") is None
    assert a.level_of("C005") == "corroborated" and a.level_of("C006") == "not_a_claim"
    assert a.undo() is None, "a has nothing else of its own to undo"
    assert store.document().tags.keys() == {"C005", "C006"}


def test_where_both_changed_a_claim_the_later_change_wins(home, monkeypatch):
    """A save that failed leaves a's change waiting; b changed the same claim later: b's change stays."""
    clock = iter(f"2026-11-25T10:00:{second:02d}+00:00" for second in range(10, 60))
    for module in (medialit.session, medialit.passes):  # the clock of every change: tags (passes), clears and undo (session)
        monkeypatch.setattr(module, "now", lambda: next(clock))
    store = MemoryStore()
    a, b = store.open(ARTICLE, TAXONOMY, learner="Ana"), store.open(ARTICLE, TAXONOMY, learner="Ana")
    store.autosave(a)
    store.autosave(b)
    store.fail_with = OSError(28, "No space left on device")
    with pytest.raises(OSError):
        a.tag("C004", "bare_assertion")  # 10:00:10, not saved
    store.fail_with = None
    b.tag("C004", "corroborated")  # 10:00:11, saved
    a.tag("C005", "named_source")  # a's save: its C004 is older than b's
    assert store.document().tags == a.tags() == {**b.tags(), "C005": a.tags()["C005"]}
    assert a.level_of("C004") == "corroborated"
    b.tag("C006", "not_a_claim")  # and an earlier change of a's own claim is never taken over by an old one
    with pytest.raises(OSError):
        store.fail_with = OSError(5, "Input/output error")
        b.tag("C005", "contradicted")  # 10:00:14, not saved
    store.fail_with = None
    a.tag("C007", "bare_assertion")
    b.tag("C008", "bare_assertion")  # b's waiting C005 is later than a's: it wins
    assert store.document().tags["C005"].level == "contradicted"


# ---- two processes ----

CHILD = textwrap.dedent(
    """
    import sys
    from medialit import progress
    path, who, claims = sys.argv[1], sys.argv[2], sys.argv[3].split(",")
    session = progress.open_session(who, path=path)
    levels = session.taxonomy.keys
    print("ready", flush=True)
    sys.stdin.readline()  # both start together
    for i in range(int(sys.argv[4])):
        claim = claims[(i * 5) % len(claims)]
        if i % 11 == 5:
            session.clear(claim)
            print("ack", claim, "-", who, i, flush=True)
            continue
        level = levels[(i * 3 + len(who)) % len(levels)]
        session.tag(claim, level, note=f"{who} {i}")
        print("ack", claim, level, who, i, flush=True)  # acknowledged: tag() returned after the save
    """
)


@pytest.mark.slow
def test_two_processes_tagging_interleaved_lose_no_acknowledged_tag(tmp_path):
    """Two kernels tag different and overlapping claims, interleaved, many times: every acknowledged tag is kept.

    For a claim only one process tags, the file holds that process's last acknowledged change. For a claim both
    tag, it holds the last acknowledged change of one of them (whichever saved last), never an older one.
    """
    path = tmp_path / "shared.json"
    ids = [c.claim_id for c in ARTICLE.records() if c.kind in ("sentence", "bio")]
    plans = {"anna": ids[0:14], "bea": ids[8:22]}  # eight claims each of their own, six in common
    steps = 160
    children = {
        who: subprocess.Popen([sys.executable, "-c", CHILD, str(path), who, ",".join(claims), str(steps)], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
        for who, claims in plans.items()
    }
    for child in children.values():
        assert child.stdout.readline().strip() == "ready"
    for child in children.values():
        child.stdin.write("go\n")
        child.stdin.flush()
    logs = {}
    for who, child in children.items():
        out, _ = child.communicate(timeout=300)
        assert child.returncode == 0
        logs[who] = [line.split() for line in out.splitlines() if line.startswith("ack")]
        assert len(logs[who]) == steps
    last = {who: {} for who in plans}
    for who, lines in logs.items():
        for _, claim, level, _, step in lines:
            last[who][claim] = None if level == "-" else (level, f"{who} {step}")
    in_file = {c: (t.level, t.note) for c, t in tagfile.read(path).tags.items()}
    for claim in set(plans["anna"]) | set(plans["bea"]):
        candidates = [last[who][claim] for who in plans if claim in last[who]]
        assert in_file.get(claim) in candidates, f"{claim}: {in_file.get(claim)} is none of the last acknowledged {candidates}"
    mine_only = (set(plans["anna"]) ^ set(plans["bea"]))
    assert all(in_file.get(c) == (last["anna"] | last["bea"])[c] for c in mine_only)
    assert not list(tmp_path.glob("*.tmp"))


# ---- the store: saved only when written; errors; the file's place ----

def test_the_status_says_saved_only_when_the_file_was_written(home):
    store = MemoryStore()
    tagger = ClaimTagger(store=store, name="Ana")
    tagger.choose("bare_assertion")
    assert "Saved at" in tagger.status.value and store.document().tags.keys() == {"C004"}
    store.fail_with = OSError(28, "No space left on device")
    tagger.go(1)
    tagger.choose("named_source")
    assert "Saved at" not in tagger.status.value and "Not saved" in tagger.status.value and "No space left" in tagger.status.value
    assert tagger.session.level_of("C005") == "named_source", "the change is kept in the tagger"
    assert store.document().tags.keys() == {"C004"} and tagger.session.has_unsaved
    store.fail_with = None
    tagger.go(1)  # moving on retries the save
    assert store.document().tags.keys() == {"C004", "C005"} and not tagger.session.has_unsaved
    tagger.go(-1)
    tagger.choose("named_source")  # the same level again: nothing to write, so no "Saved at"
    assert store.error is None


def test_the_store_keeps_path_time_and_error_not_the_session(home):
    session = progress.open_session("Ana")
    assert isinstance(session.store, ProgressStore) and session.store.path == paths.progress_path("Ana")
    assert session.store.saved_at is None and session.store.saves == 0
    session.tag("C004", "bare_assertion")
    assert session.store.saved_at is not None and session.store.saves == 1 and session.store.error is None
    assert not hasattr(session, "saved_path") and not hasattr(session, "saved_at")


def test_stale_temporary_files_are_removed_on_the_next_save(home):
    session = progress.open_session("ana")
    session.tag("C004", "bare_assertion")
    folder = paths.progress_path("ana").parent
    stale = [folder / f".ana.json.{name}.tmp" for name in ("abc123de", "x_9y8z7w")]
    others = [folder / ".bob.json.abc123de.tmp", folder / ".ana.json.lock", folder / "ana.json.tmp"]
    for file in stale + others[:1] + others[2:]:
        file.write_bytes(b'{"half": ')
    session.tag("C005", "named_source")
    assert not any(file.exists() for file in stale), "interrupted writes of this file are cleaned up"
    assert all(file.exists() for file in others), "another file's temporaries, the lock and look-alikes stay"


def test_without_a_lock_only_old_temporaries_are_removed(tmp_path):
    old, fresh = tmp_path / ".a.json.old12345.tmp", tmp_path / ".a.json.new12345.tmp"
    old.write_bytes(b"x")
    fresh.write_bytes(b"x")
    os.utime(old, (1_000_000_000, 1_000_000_000))
    assert atomic.remove_temporaries(tmp_path / "a.json", under_lock=False) == 1
    assert fresh.exists() and not old.exists()


@pytest.mark.parametrize("where", ["file", "lock"])
def test_a_folder_where_the_progress_file_goes_is_a_clear_error(home, where):
    target = paths.progress_path("Ana")
    folder = target if where == "file" else atomic.lock_path(target)
    folder.mkdir(parents=True)
    (folder / "keep.txt").write_text("mine")
    with pytest.raises(ProgressFileError) as caught:
        session = progress.open_session("Ana")
        session.tag("C004", "bare_assertion")
    message = str(caught.value)
    assert str(folder) in message and "is a folder" in message and "Fix: move or rename it" in message
    assert (folder / "keep.txt").read_text() == "mine"


def test_a_file_where_the_progress_folder_goes_is_a_clear_error(home):
    home.mkdir()
    (home / "progress").write_text("not a folder")
    with pytest.raises(ProgressFileError, match="is a file, where the folder of progress files goes"):
        progress.open_session("Ana").tag("C004", "bare_assertion")


def test_a_folder_where_the_progress_file_goes_is_reported_by_the_tagger(home):
    paths.progress_path("Ana").mkdir(parents=True)
    with pytest.raises(ProgressFileError, match="is a folder"):
        ClaimTagger(name="Ana")


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are POSIX")
def test_a_named_pipe_where_the_progress_file_goes_never_blocks(home):
    target = paths.progress_path("Ana")
    target.parent.mkdir(parents=True)
    os.mkfifo(target)
    with pytest.raises(ProgressFileError, match="special file"):
        progress.open_session("Ana")


def test_a_session_that_does_not_autosave_is_never_written_by_a_sync(home):
    progress.open_session("Ana").tag("C004", "bare_assertion")
    path = paths.progress_path("Ana")
    before = path.read_bytes()
    reader = progress.open_session("Ana", autosave=False)  # lesson 07 reads a learner's own tags this way
    reader.tag("C005", "named_source")
    other = progress.open_session("Ana")
    other.tag("C006", "not_a_claim")
    reader.store.sync(reader)
    assert reader.level_of("C006") == "not_a_claim" and reader.level_of("C005") == "named_source", "it takes in, keeps its own"
    assert "C005" not in tagfile.read(path).tags and reader.has_unsaved
    progress.save(reader)  # until it is saved on purpose
    assert set(tagfile.read(path).tags) == {"C004", "C005", "C006"} and before != path.read_bytes()


def test_a_file_removed_while_a_tagger_is_open_is_written_again_whole(home):
    session = progress.open_session("Ana")
    session.tag("C004", "bare_assertion")
    session.tag("C005", "named_source")
    paths.progress_path("Ana").unlink()
    session.store.sync(session)  # what the tagger does before it moves on
    assert set(tagfile.read(paths.progress_path("Ana")).tags) == {"C004", "C005"}
