"""The learner's work folder never collides with the repository, and an older version's work moves there once."""

from __future__ import annotations

import os
import subprocess

import pytest

from medialit import paths, progress
from medialit.pseudonyms import class_secret


@pytest.fixture
def fresh_home(tmp_path, monkeypatch):
    """A home folder with no MEDIALIT_HOME, as on Binder or a hub; the once-per-process memory is reset."""
    monkeypatch.delenv("MEDIALIT_HOME", raising=False)
    monkeypatch.delenv("MEDIALIT_PSEUDONYM_SECRET", raising=False)
    monkeypatch.delenv("JUPYTERHUB_USER", raising=False)
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setattr(paths, "_moved_already", set())
    return tmp_path


def _top_level_names(root):
    try:
        listed = subprocess.run(["git", "-C", str(root), "ls-files"], capture_output=True, text=True, check=True).stdout
        names = {line.split("/", 1)[0] for line in listed.splitlines() if line}
    except (OSError, subprocess.CalledProcessError):
        names = set()
    return names | {entry.name for entry in root.iterdir() if not entry.name.startswith(".")}


def test_the_work_folder_is_no_top_level_name_of_the_repository(root):
    """On Binder the repository *is* the home folder: ~/<work folder> must not be one of its folders or files."""
    names = {name.casefold() for name in _top_level_names(root)}
    assert "medialit" in names, "the listing should see the package folder"
    assert paths.WORK_FOLDER.casefold() not in names


def test_the_default_work_folder_is_in_the_home_folder(fresh_home):
    assert paths.home() == fresh_home / paths.WORK_FOLDER
    assert paths.progress_path("Ana") == fresh_home / paths.WORK_FOLDER / "progress" / "ana.json"


def _old_version_files(home):
    """~/medialit as Binder makes it (the package) holding an older version's work beside progress.py."""
    old = home / "medialit"
    (old / "progress").mkdir(parents=True)
    (old / "submissions").mkdir()
    (old / "exercises").mkdir()
    (old / "progress.py").write_text("# the package's own module\n")
    (old / "__init__.py").write_text("")
    (old / "progress" / "ana.json").write_text('{"old": "ana progress"}')
    (old / "progress" / ".ana.json.lock").write_text("")
    (old / "submissions" / "ana.json").write_text('{"old": "ana submission"}')
    (old / "exercises" / "progress.json").write_text('{"old": "exercise record"}')
    (old / "exercises" / "04-signal-words.ipynb").write_text("{}")  # a clone's notebook, never medialit's file
    (old / "pseudonym-secret.txt").write_text("s3cret\n")
    return old


def test_first_use_moves_an_older_versions_work_and_nothing_else(fresh_home):
    old = _old_version_files(fresh_home)
    new = paths.home()
    assert (new / "progress" / "ana.json").read_text() == '{"old": "ana progress"}'
    assert (new / "submissions" / "ana.json").read_text() == '{"old": "ana submission"}'
    assert (new / "exercises" / "progress.json").read_text() == '{"old": "exercise record"}'
    assert (new / "pseudonym-secret.txt").read_text() == "s3cret\n"
    for moved in ("progress/ana.json", "submissions/ana.json", "exercises/progress.json", "pseudonym-secret.txt"):
        assert not (old / moved).exists()
    # the package and anything that is not medialit's own file stay exactly where they were
    assert (old / "progress.py").read_text() == "# the package's own module\n" and (old / "__init__.py").exists()
    assert (old / "exercises" / "04-signal-words.ipynb").exists()
    assert not (new / "progress.py").exists() and not (new / "exercises" / "04-signal-words.ipynb").exists()


def test_the_move_never_replaces_a_file_in_the_new_folder(fresh_home):
    old = _old_version_files(fresh_home)
    new = fresh_home / paths.WORK_FOLDER
    (new / "progress").mkdir(parents=True)
    (new / "progress" / "ana.json").write_text('{"new": "kept"}')
    assert paths.home() == new
    assert (new / "progress" / "ana.json").read_text() == '{"new": "kept"}'
    assert (old / "progress" / "ana.json").read_text() == '{"old": "ana progress"}', "the old file stays, whole"
    assert (new / "submissions" / "ana.json").exists(), "the others still move"


def test_a_link_in_the_old_folder_is_not_followed(fresh_home, tmp_path_factory):
    elsewhere = tmp_path_factory.mktemp("elsewhere") / "private.json"
    elsewhere.write_text("{}")
    (fresh_home / "medialit" / "progress").mkdir(parents=True)
    os.symlink(elsewhere, fresh_home / "medialit" / "progress" / "ana.json")
    assert paths.move_old_work(fresh_home / "medialit", fresh_home / paths.WORK_FOLDER) == []
    assert elsewhere.exists() and (fresh_home / "medialit" / "progress" / "ana.json").is_symlink()


def test_a_learner_resumes_their_old_progress_and_the_teacher_keeps_their_pseudonyms(fresh_home):
    session = progress.open_session("Ana", autosave=False, path=fresh_home / "medialit" / "progress" / "ana.json")
    session.tag(session.claim_ids()[0], "bare_assertion")
    progress.save(session)
    (fresh_home / "medialit" / "pseudonym-secret.txt").write_text("the teacher's secret\n")
    paths._moved_already.clear()
    resumed = progress.open_session("Ana", autosave=False)
    assert resumed.level_of(session.claim_ids()[0]) == "bare_assertion"
    assert resumed.store.path == fresh_home / paths.WORK_FOLDER / "progress" / "ana.json"
    assert class_secret() == "the teacher's secret"


def test_medialit_home_is_used_as_given_and_nothing_moves(fresh_home, monkeypatch):
    old = _old_version_files(fresh_home)
    monkeypatch.setenv("MEDIALIT_HOME", str(fresh_home / "chosen"))
    assert paths.home() == fresh_home / "chosen"
    assert (old / "progress" / "ana.json").exists() and not (fresh_home / paths.WORK_FOLDER).exists()
