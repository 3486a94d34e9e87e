"""One name, set once in lesson 00: saved in the work folder, checked like a note, used by every tagger and hand-in.

The name box is driven the way a learner does it (type, press Save), without a browser.
"""

from __future__ import annotations

import doctest
import json

import pytest

from medialit import identity, paths, progress, tagfile
from medialit.errors import InvalidTextError
from medialit.tagger import ClaimTagger


@pytest.fixture
def home(tmp_path, monkeypatch):
    monkeypatch.setenv("MEDIALIT_HOME", str(tmp_path / "home"))
    monkeypatch.delenv("JUPYTERHUB_USER", raising=False)
    return tmp_path / "home"


def type_and_save(box: identity.NameBox, name: str) -> bool:
    box.field.value = name
    box.save_button.click()
    return paths.saved_name() == name.strip()


def test_the_doctests_hold():
    assert doctest.testmod(paths).failed == 0


def test_without_a_saved_name_the_lessons_use_the_placeholder(home):
    assert paths.saved_name() == "" and paths.default_learner() == paths.PLACEHOLDER == "me"


def test_a_name_saved_in_the_box_is_the_default_for_every_lesson(home):
    box = identity.NameBox()
    assert "No name is saved yet" in box.status.value
    assert type_and_save(box, "  Ana María ")
    assert "Saved." in box.status.value and "Ana María" in box.status.value
    assert paths.default_learner() == "Ana María"
    assert paths.default_learner("Ben") == "Ben", "a name given explicitly still wins"
    session = progress.open_session(autosave=False)
    assert session.learner == "Ana María"
    tagger = ClaimTagger()  # a later lesson's tagger, no name typed: the saved name, its own file
    assert tagger.session.learner == "Ana María" and tagger.learner_name.value == "Ana María"
    tagger.choose("bare_assertion")
    assert paths.progress_path("Ana María").exists() and not paths.progress_path("me").exists()
    tagger.close()


def test_the_name_is_saved_in_the_work_folder_and_comes_back_in_a_new_box(home):
    assert type_and_save(identity.NameBox(), "李明")
    document = json.loads(paths.name_path().read_text(encoding="utf-8"))
    assert paths.name_path().parent == home and document["name"] == "李明" and document["schema"] == paths.NAME_SCHEMA
    again = identity.NameBox()
    assert again.field.value == "李明" and "李明" in again.status.value


@pytest.mark.parametrize("bad, words", [
    ("", "Type your name"),
    ("   ", "Type your name"),
    ("me", '"me" is what an unnamed session is called'),
    (" ME ", '"me" is what an unnamed session is called'),
    ("x" * (tagfile.MAX_NAME + 1), f"at most {tagfile.MAX_NAME}"),
    ("Ana\x00", "NUL character"),
    ("Ana\ud800", "broken character"),
])
def test_a_name_that_cannot_be_saved_is_refused_with_the_reason_and_the_old_name_stays(home, bad, words):
    box = identity.NameBox()
    assert type_and_save(box, "Ana")
    assert not type_and_save(box, bad)
    assert "Not saved." in box.status.value and words in box.status.value.replace("&quot;", '"')
    assert "The lessons still use <strong>Ana</strong>" in box.status.value
    assert paths.saved_name() == "Ana" and paths.default_learner() == "Ana"
    with pytest.raises(InvalidTextError):
        paths.save_name(bad)


def test_a_name_file_medialit_did_not_write_is_ignored_never_fatal(home):
    home.mkdir(parents=True)
    for content in ("not json", json.dumps({"name": "Ana"}), json.dumps({"schema": paths.NAME_SCHEMA, "name": "me"}),
                    json.dumps({"schema": paths.NAME_SCHEMA, "name": "x" * 5_000})):
        paths.name_path().write_text(content, encoding="utf-8")
        assert paths.saved_name() == "" and paths.default_learner() == "me"
    paths.name_path().unlink()
    paths.name_path().mkdir()  # a folder in the way: no name, and saving says why instead of raising
    box = identity.NameBox()
    assert not type_and_save(box, "Ana") and "could not be written" in box.status.value


def test_on_a_hub_the_hub_user_is_the_name_and_nothing_needs_typing(home, monkeypatch):
    paths.save_name("Ana")
    monkeypatch.setenv("JUPYTERHUB_USER", "ana.k")
    box = identity.NameBox()
    assert "signed in as <strong>ana.k</strong>" in box.status.value
    assert box.field not in box.widget.children and not box.save()
    assert paths.default_learner() == "ana.k" and identity.current_name() == "ana.k"


def test_the_name_box_is_escaped_and_its_callback_never_prints(home, capsys):
    box = identity.NameBox()
    assert type_and_save(box, "<b>Ana</b>")
    assert "&lt;b&gt;Ana&lt;/b&gt;" in box.status.value and "<b>Ana</b>" not in box.status.value
    assert capsys.readouterr().out == ""
