"""Tags made before a name was saved (under "me") are carried over to the name when it is saved, and nothing is lost.

Driven the way a learner works: tag in a tagger with no name, then save a name in lesson 00's name box or type it
in the tagger's name field and export.
"""

from __future__ import annotations

import pytest

from medialit import identity, paths, progress, tagfile, unnamed_work
from medialit.tagger import ClaimTagger


@pytest.fixture
def home(tmp_path, monkeypatch):
    monkeypatch.setenv("MEDIALIT_HOME", str(tmp_path / "home"))
    monkeypatch.delenv("JUPYTERHUB_USER", raising=False)
    return tmp_path / "home"


def tag_unnamed(count: int) -> list[str]:
    """A learner with no name saved tags ``count`` claims in lesson 03's tagger; the claims tagged."""
    tagger = ClaimTagger()
    assert tagger.session.learner == paths.PLACEHOLDER
    tagged = []
    for _ in range(count):
        tagged.append(tagger.current)
        tagger.choose("bare_assertion")
        tagger.go_untagged()
    tagger.close()
    return tagged


def aside(home) -> list:
    return sorted((home / "progress").glob("me.json.carried-over-*"))


def test_tags_made_before_the_name_was_saved_in_the_name_box_are_carried_over_and_said(home):
    tagged = tag_unnamed(4)
    box = identity.NameBox()
    box.field.value = "Lena Novak"
    box.save_button.click()
    said = box.status.value
    assert "Saved." in said and "The 4 tags saved before you saved your name" in said and "now saved under Lena Novak" in said
    again = ClaimTagger()  # lesson 03 run again: the tags are there, under the name
    assert again.session.learner == "Lena Novak" and sorted(again.session.first.tags()) == sorted(tagged)
    assert "4 of 65 tagged" in again.progress_text.value
    again.close()
    assert not paths.progress_path("me").exists(), "the placeholder's file is renamed aside, not left to be carried twice"
    [kept] = aside(home)
    assert sorted(tagfile.read(kept).tags) == sorted(tagged), "nothing is deleted"


def test_the_carry_merges_claim_by_claim_and_the_later_change_wins(home):
    paths.save_name("Lena Novak")
    named = ClaimTagger()
    first = named.current
    named.choose("named_source")
    named.go_untagged()
    second = named.current
    named.choose("named_source")
    named.close()
    paths.name_path().unlink()  # a shared computer, or the name file lost: the next tags go under "me"
    unnamed = ClaimTagger()
    assert unnamed.session.learner == "me"
    unnamed.current = first
    unnamed.choose("primary_record")  # later than Lena's tag on the same claim
    for claim_id in unnamed.tagging.claim_ids()[-2:]:
        unnamed.current = claim_id
        unnamed.choose("bare_assertion")
    unnamed.close()
    assert unnamed_work.carry_over("Lena Novak") == 3
    tags = tagfile.read(paths.progress_path("Lena Novak")).tags
    assert len(tags) == 4 and tags[first].level == "primary_record" and tags[second].level == "named_source"


def test_a_name_with_as_much_work_already_is_left_as_it_is_and_so_is_the_placeholders_file(home):
    paths.save_name("Ben")
    ben = ClaimTagger()
    ben.choose("named_source")
    ben.close()
    paths.name_path().unlink()
    tag_unnamed(1)
    before = paths.progress_path("me").read_bytes(), paths.progress_path("Ben").read_bytes()
    assert unnamed_work.carry_over("Ben") == 0
    assert (paths.progress_path("me").read_bytes(), paths.progress_path("Ben").read_bytes()) == before


def test_an_unreadable_placeholder_file_is_never_touched(home):
    path = paths.progress_path("me")
    path.parent.mkdir(parents=True)
    path.write_text("{not json", encoding="utf-8")
    assert unnamed_work.carry_over("Lena") == 0
    assert path.read_text(encoding="utf-8") == "{not json" and not paths.progress_path("Lena").exists()


def test_the_taggers_name_field_starts_empty_and_a_name_typed_there_becomes_the_learners_name(home):
    from medialit.assess import hand_in_answers

    tagger = ClaimTagger()  # a fresh home, no name saved: what the tester did in Chromium
    assert tagger.learner_name.value == "" and tagger.learner_name.placeholder == "Your name or pseudonym"
    tagger.choose("bare_assertion")
    typed = tagger.learner_name.value + "Lena Novak"  # focus the field and type: what the browser sends
    tagger.learner_name.value = typed
    tagger.export_button.click()
    said = tagger.status.value
    assert "Exported" in said and "Your name, Lena Novak, is saved" in said, said
    handed = tagfile.read(paths.submission_path("Lena Novak"))
    assert paths.submission_path("Lena Novak").name == "lena_novak.json" and handed.learner == "Lena Novak" and len(handed.tags) == 1
    assert paths.saved_name() == "Lena Novak" and not paths.progress_path("me").exists()
    tagger.go_untagged()
    tagger.choose("named_source")  # this tagger saves under the name from now on
    assert len(tagfile.read(paths.progress_path("Lena Novak")).tags) == 2 and not paths.progress_path("me").exists()
    tagger.close()
    assert progress.open_session(autosave=False).learner == "Lena Novak", "notebook 91's button uses the name"
    button = hand_in_answers()
    assert button.hand_in() == paths.submission_path("Lena Novak")


def test_without_a_name_the_taggers_export_says_where_to_type_it_in_the_buttons_words(home):
    tagger = ClaimTagger()
    tagger.choose("bare_assertion")
    tagger.export_button.click()
    said = tagger.status.value
    assert "Could not export for the teacher: no name yet" in said and "then press Export for the teacher" in said
    assert not (home / "submissions").exists() and paths.saved_name() == ""
    tagger.learner_name.value = "me"
    tagger.export_button.click()
    assert "is what an unnamed session is called" in tagger.status.value and paths.saved_name() == ""
    tagger.close()


def test_a_tagger_under_a_name_offers_the_tags_left_under_me_and_takes_them_on_a_click(home):
    tagged = tag_unnamed(4)
    paths.save_name("Lena Novak")  # saved the way an older version did: nothing carried over
    tagger = ClaimTagger()
    said = tagger.status.value
    assert "0 of 65 tagged" in tagger.progress_text.value and tagger.take_button.layout.display != "none"
    assert "4 tags were saved before you saved your name" in said and "Take my earlier tags" in said, said
    tagger.take_button.click()
    assert "4 of 65 tagged" in tagger.progress_text.value and "Took 4 earlier tags" in tagger.status.value
    assert tagger.take_button.layout.display == "none"
    assert sorted(tagfile.read(paths.progress_path("Lena Novak")).tags) == sorted(tagged) and len(aside(home)) == 1
    tagger.close()
    again = ClaimTagger()
    assert again.take_button.layout.display == "none" and "saved before you saved your name" not in again.status.value
    again.close()
