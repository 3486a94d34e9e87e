"""ClaimTagger driven as a learner drives it: clicks, field changes and key events, in plain pytest."""

from __future__ import annotations

import json

import pandas as pd
import pytest

import medialit
from medialit import paths, progress
from medialit.errors import UnknownClaimError
from medialit.session import TaggingSession
from medialit.tagger import ClaimTagger

ARTICLE = medialit.load_article()
TAXONOMY = medialit.load_taxonomy()


@pytest.fixture
def home(tmp_path, monkeypatch):
    monkeypatch.setenv("MEDIALIT_HOME", str(tmp_path / "home"))
    return tmp_path / "home"


@pytest.fixture
def tagger(home) -> ClaimTagger:
    return ClaimTagger(name="ana")


def key(tagger: ClaimTagger, name: str, tag: str = "DIV", **modifiers) -> None:
    """Send a keydown event exactly as ipyevents delivers it to the Python handler."""
    event = {"event": "keydown", "type": "keydown", "key": name, "code": f"Digit{name}", "altKey": False, "ctrlKey": False, "metaKey": False, "shiftKey": False, "repeat": False, "location": 0, "timeStamp": 1.0, "target": {"tagName": tag, "id": "", "className": ""}}
    event.update(modifiers)
    tagger.handle_key(event)


def test_it_opens_on_the_first_untagged_claim_with_context(tagger):
    assert tagger.current == "C004"
    view = tagger.claim_view.value
    assert "Introduction" in view and "C004" in view and "not tagged yet" in view
    assert tagger.progress_text.value == "0 of 65 tagged"
    assert tagger.chart.png.startswith(b"\x89PNG") and "data:image/png;base64," in tagger.chart_view.value
    assert "alt='Chart of your tags" in tagger.chart_view.value and "nothing tagged yet" in tagger.chart_view.value
    assert "medialit-tagger" in tagger.widget._dom_classes


def test_level_buttons_show_label_key_and_question(tagger):
    for level in TAXONOMY:
        button = tagger.level_buttons[level.key]
        assert level.label in button.description and level.shortcut in button.description
        assert level.question in button.tooltip
        assert f"medialit-level-{level.key}" in button._dom_classes


def test_clicking_levels_tags_saves_and_redraws(tagger, home):
    chart_before = tagger.chart_view.value
    tagger.level_buttons["bare_assertion"].click()
    assert tagger.session.level_of("C004") == "bare_assertion"
    assert tagger.progress_text.value == "1 of 65 tagged" and tagger.progress_bar.value == 1
    assert tagger.chart_view.value != chart_before
    button = tagger.level_buttons["bare_assertion"]
    assert button.description.startswith("✓") and "medialit-selected" in button._dom_classes and button.button_style
    assert not any("medialit-selected" in b._dom_classes for k, b in tagger.level_buttons.items() if k != "bare_assertion")
    saved = json.loads(paths.progress_path("ana").read_text(encoding="utf-8"))
    assert saved["tags"]["C004"]["level"] == "bare_assertion"
    assert "Saved at" in tagger.status.value
    chart_after_one = tagger.chart_view.value
    tagger.level_buttons["named_source"].click()  # changing one's mind: still one level
    assert tagger.progress_text.value == "1 of 65 tagged" and tagger.chart_view.value != chart_after_one
    assert tagger.level_buttons["named_source"].description.startswith("✓")
    assert not tagger.level_buttons["bare_assertion"].description.startswith("✓")


def test_digit_keys_choose_levels_but_not_while_typing(tagger):
    key(tagger, "3")
    assert tagger.session.level_of("C004") == TAXONOMY.by_shortcut("3").key
    key(tagger, "5", tag="TEXTAREA")
    key(tagger, "1", ctrlKey=True)
    key(tagger, "x")
    assert tagger.session.level_of("C004") == TAXONOMY.by_shortcut("3").key
    key(tagger, "ArrowRight")
    assert tagger.current == "C005"
    key(tagger, "ArrowLeft")
    assert tagger.current == "C004"


def test_navigation_buttons(tagger):
    tagger.next_button.click()
    assert tagger.current == "C005"
    tagger.prev_button.click()
    assert tagger.current == "C004"
    tagger.prev_button.click()
    assert tagger.current == "C004" and "first claim" in tagger.status.value
    tagger.level_buttons["bare_assertion"].click()
    tagger.next_button.click()
    tagger.level_buttons["bare_assertion"].click()
    tagger.prev_button.click()
    tagger.next_untagged_button.click()
    assert tagger.current == "C006"
    tagger.skip_button.click()
    assert tagger.current == "C007"
    tagger.skip_button.click()
    tagger.next_untagged_button.click()
    assert tagger.current not in ("C006", "C007"), "skipped claims come back only after the others"


def test_undo_redo_and_clear_buttons(tagger):
    assert tagger.undo_button.disabled and tagger.clear_button.disabled
    tagger.level_buttons["corroborated"].click()
    assert not tagger.undo_button.disabled
    tagger.clear_button.click()
    assert tagger.session.level_of("C004") is None and tagger.progress_text.value == "0 of 65 tagged"
    tagger.undo_button.click()
    assert tagger.session.level_of("C004") == "corroborated"
    tagger.undo_button.click()
    assert tagger.session.level_of("C004") is None and tagger.redo_button.disabled is False
    tagger.redo_button.click()
    assert tagger.session.level_of("C004") == "corroborated"


def test_note_field(tagger):
    tagger.note.value = "the author only"  # typed before choosing a level: kept, then saved with it
    assert tagger.session.level_of("C004") is None
    tagger.level_buttons["bare_assertion"].click()
    assert tagger.session.note_of("C004") == "the author only"
    tagger.note.value = "changed my mind about why"
    assert tagger.session.note_of("C004") == "changed my mind about why"
    tagger.next_button.click()
    assert tagger.note.value == ""
    tagger.prev_button.click()
    assert tagger.note.value == "changed my mind about why"


def test_section_filter_and_untagged_only(tagger):
    tagger.section_filter.value = "Conclusion"
    conclusion = tagger.session.claim_ids("Conclusion")
    assert tagger.current == conclusion[0]
    assert tagger.progress_text.value.endswith(f"0 of {len(conclusion)} in Conclusion")
    tagger.next_button.click()
    tagger.next_button.click()
    tagger.next_button.click()
    assert tagger.current == conclusion[-1], "navigation stays inside the section"
    tagger.level_buttons["not_a_claim"].click()
    tagger.untagged_only.value = True
    assert tagger.current == conclusion[0]
    tagger.next_button.click()
    tagger.next_button.click()
    assert tagger.current == conclusion[1], "the tagged last claim is passed over"


def test_comparison_shows_only_after_tagging(tagger):
    assert tagger.compare_button.disabled
    tagger.level_buttons["vague_attribution"].click()
    assert not tagger.compare_button.disabled
    tagger.compare_button.click()
    assert tagger.compare_view.layout.display != "none"
    key_row = medialit.answer_key.load_answer_key().set_index("claim_id").loc["C004"]
    assert TAXONOMY[key_row.level].label in tagger.compare_view.value
    tagger.next_button.click()
    assert tagger.compare_view.layout.display == "none", "moving on hides the key again"


def test_comparison_says_when_there_is_no_key(home):
    small_key = pd.DataFrame([{"claim_id": "C005", "level": "bare_assertion", "defensible": "", "confidence": "clear-cut", "reason": "<b>bold</b>", "quote": "x", "signals": ""}])
    tagger = ClaimTagger(TaggingSession(ARTICLE, TAXONOMY), answer_key=small_key)
    tagger.level_buttons["bare_assertion"].click()
    tagger.compare_button.click()
    assert "No key for this claim" in tagger.compare_view.value
    tagger.next_button.click()
    tagger.level_buttons["bare_assertion"].click()
    tagger.compare_button.click()
    assert "Same as the key" in tagger.compare_view.value
    assert "&lt;b&gt;bold&lt;/b&gt;" in tagger.compare_view.value, "key text is escaped"


def test_article_text_is_escaped(home):
    article = medialit.Article.from_text("Title\n<script>alert(1)</script> is a sentence. & another one.", title="Title")
    tagger = ClaimTagger(TaggingSession(article, TAXONOMY), answer_key=None)
    assert "<script>" not in tagger.claim_view.value and "&lt;script&gt;" in tagger.claim_view.value


def test_resuming_after_a_restart(home):
    first = ClaimTagger(name="ana")
    first.level_buttons["bare_assertion"].click()
    first.next_button.click()
    first.level_buttons["named_source"].click()
    again = ClaimTagger(name="ana")  # a new kernel: the same name resumes
    assert again.progress_text.value == "2 of 65 tagged"
    assert again.current == "C006", "it opens on the first claim still untagged"


def test_a_broken_progress_file_is_reported_and_kept(home):
    path = paths.progress_path("ana")
    path.parent.mkdir(parents=True)
    path.write_bytes(b"{ not json")
    with pytest.raises(medialit.ProgressFileError, match="not valid JSON"):
        ClaimTagger(name="ana")
    assert path.read_bytes() == b"{ not json"


def test_export_for_the_teacher(tagger, home):
    tagger.level_buttons["bare_assertion"].click()
    tagger.learner_name.value = "Falcon"
    tagger.export_button.click()
    submission = json.loads(paths.submission_path("Falcon").read_text(encoding="utf-8"))
    assert submission["kind"] == "submission" and submission["learner"] == "Falcon"
    assert submission["tags"]["C004"]["level"] == "bare_assertion"
    assert "Exported" in tagger.status.value
    tagger.learner_name.value = ""
    tagger.export_button.click()
    assert "Could not export" in tagger.status.value


def test_a_failed_save_is_shown_not_printed(tagger, monkeypatch, capsys):
    def full_disk(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(progress.tagfile, "write_atomic", full_disk)
    tagger.level_buttons["bare_assertion"].click()
    assert "No space left" in tagger.status.value
    assert capsys.readouterr() == ("", ""), "callbacks never print"


def test_changes_made_from_code_show_in_the_widget(tagger):
    tagger.session.tag("C004", "corroborated")
    assert tagger.level_buttons["corroborated"].description.startswith("✓")
    assert tagger.progress_text.value == "1 of 65 tagged"


def test_lateral_pass_tagger(home):
    session = progress.open_session("ana")
    session.tag("C011", "vague_attribution")
    tagger = ClaimTagger(session, pass_="lateral", section="Espionage Threats Along the U.S.-Mexico Border")
    assert tagger.current == "C011" and "Second pass" in tagger.header.value
    assert "First pass: Vague attribution" in tagger.claim_view.value
    tagger.level_buttons["contradicted"].click()
    assert session.lateral.level_of("C011") == "contradicted" and session.level_of("C011") == "vague_attribution"
    assert session.compare_passes().loc[0, "change"] == "down"
    assert "1 of 65 tagged" in tagger.progress_text.value


def test_every_control_has_a_text_label(tagger):
    buttons = [*tagger.level_buttons.values(), tagger.prev_button, tagger.next_button, tagger.next_untagged_button, tagger.skip_button, tagger.clear_button, tagger.undo_button, tagger.redo_button, tagger.compare_button, tagger.export_button]
    assert all(b.description.strip() and b.tooltip for b in buttons)
    assert all(w.description for w in (tagger.note, tagger.section_filter, tagger.untagged_only, tagger.learner_name, tagger.progress_bar))


def test_closing_a_tagger_detaches_it_from_the_session(tagger):
    session = tagger.session
    other = ClaimTagger(session)
    other.close()
    session.tag("C004", "corroborated")
    assert tagger.level_buttons["corroborated"].description.startswith("✓")
    assert not other.level_buttons["corroborated"].description.startswith("✓"), "a closed tagger no longer redraws"
    assert other.widget.comm is None


def test_a_note_that_cannot_be_saved_stays_in_the_field_and_every_later_save_works(tagger, home):
    """Before, a lone surrogate in a note made this save and every later one fail, while the status said "Saved"."""
    tagger.choose("bare_assertion")
    tagger.note.value = "only his word \ud800"  # a bad paste
    assert tagger.note.value == "only his word \ud800", "nothing typed is lost"
    assert "broken character" in tagger.status.value and "Saved at" not in tagger.status.value
    assert tagger.session.note_of("C004") == ""
    for _ in range(10):
        tagger.go_untagged()
        tagger.choose("named_source")
        assert "Saved at" in tagger.status.value
    saved = json.loads(paths.progress_path("ana").read_text(encoding="utf-8"))
    assert len(saved["tags"]) == 11 == tagger.session.progress().tagged
    tagger.go(-tagger.session.claim_ids().index(tagger.current))  # back to the first claim, C004
    assert tagger.note.value == "only his word \ud800", "the refused text is still there to fix"
    tagger.note.value = "only his word"
    assert tagger.session.note_of("C004") == "only his word" and "Saved at" in tagger.status.value


def test_a_too_long_note_typed_before_the_level_keeps_the_text_and_saves_the_level(tagger):
    long_note = "because " * 300
    tagger.note.value = long_note
    assert "at most 2,000" in tagger.status.value
    tagger.choose("vague_attribution")
    assert tagger.session.level_of("C004") == "vague_attribution" and tagger.session.note_of("C004") == ""
    assert "Level saved, but not the note" in tagger.status.value and tagger.note.value == long_note


def test_undo_and_redo_move_to_the_claim_they_changed(tagger):
    tagger.choose("bare_assertion")  # C004
    tagger.section_filter.value = "Conclusion"
    tagger.choose("not_a_claim")
    conclusion_claim = tagger.current
    tagger.next_button.click()
    tagger.undo_button.click()
    assert tagger.current == conclusion_claim and "Undid your change to" in tagger.status.value
    tagger.undo_button.click()
    assert tagger.current == "C004" and tagger.section_filter.value is None, "the filter opens to show it"
    assert tagger.session.progress().tagged == 0
    tagger.redo_button.click()
    assert tagger.current == "C004" and tagger.session.level_of("C004") == "bare_assertion" and "Redid" in tagger.status.value


def test_a_tagger_on_an_in_memory_store_writes_no_file(home):
    from medialit.store import MemoryStore

    store = MemoryStore()
    tagger = ClaimTagger(store=store)
    tagger.choose("bare_assertion")
    assert store.document().tags["C004"].level == "bare_assertion" and not home.exists()
    assert "Saved at" in tagger.status.value and "memory" in tagger.status.value


# ---- a tag made from a notebook cell, and any case study ----

def test_a_failed_save_after_a_tag_from_a_cell_shows_the_new_level_and_says_it_is_not_saved(home):
    from medialit.store import MemoryStore

    store = MemoryStore()
    session = progress.open_session("Ana", store=store)
    tagger = ClaimTagger(session)
    store.fail_with = OSError(28, "No space left on device")
    with pytest.raises(OSError):
        session.tag(tagger.current, "named_source")  # from a cell: the save fails
    assert tagger.level_buttons["named_source"].description.startswith("✓ "), "the widget shows the level the session has"
    assert "Your level: <b>✓ Named source" in tagger.claim_view.value and tagger.progress_text.value == "1 of 65 tagged"
    assert "Not saved: [Errno 28] No space left on device" in tagger.status.value and "kept here" in tagger.status.value
    store.fail_with = None
    session.tag("C005", "bare_assertion")  # the next change saves both
    assert "Saved at" in tagger.status.value and "Not saved" not in tagger.status.value
    assert set(store.document().tags) == {tagger.current, "C005"}


def test_the_tagger_tags_any_case_and_offers_the_key_only_when_it_has_one(home, tmp_path):
    from case_packs import make_pack

    keyed = medialit.load_case(make_pack(tmp_path / "keyed"))
    tagger = ClaimTagger(case=keyed, name="Ana")
    assert tagger.session.case is keyed and tagger.current == "C004" and "The railway station in Millbrook" in tagger.claim_view.value
    assert tagger.compare_button.layout.display != "none"
    tagger.choose("named_source")
    tagger.show_comparison()
    assert "The text says &quot;The railway station&quot; and gives no more." in tagger.compare_view.value
    unkeyed = ClaimTagger(case=medialit.case_from_text("My Own Article\nThe mayor resigned. Reports say more will follow."), name="Ana")
    assert unkeyed.answer_key is None and unkeyed.compare_button.layout.display == "none"
    assert ClaimTagger(case=str(tmp_path / "keyed"), name="Ben").session.case_id == "keyed", "a pack's folder works too"
    own, series = progress.progress_path("Ana", keyed), paths.progress_path("Ana")
    assert own.exists() and own.name == f"{series.stem}--keyed.json" and own.parent == series.parent, "each case has its own progress file"
    assert json.loads(own.read_text(encoding="utf-8"))["case"] == "keyed"


def test_the_pass_is_an_object_the_string_is_read_once(home):
    session = progress.open_session("Ana")
    lateral = ClaimTagger(session, pass_="lateral")
    assert lateral.tagging is session.lateral and lateral.pass_ == "lateral"
    assert ClaimTagger(session, pass_=session.lateral).tagging is session.lateral
    with pytest.raises(ValueError, match=r"'pass_' must be one of \['first', 'lateral'\]"):
        ClaimTagger(session, pass_="second")


# ---- the note is saved as the learner types (T1), and nothing empty or unnamed is handed in (T3) ----------------


class FakeLoop:
    """A kernel's event loop, as far as the tagger uses it: ``call_later``; ``run_pending`` is the learner's pause."""

    def __init__(self):
        self.handles = []

    def call_later(self, delay, callback):
        handle = FakeHandle(delay, callback)
        self.handles.append(handle)
        return handle

    def run_pending(self):
        for handle in [h for h in self.handles if not h.cancelled]:
            handle.cancelled = True
            handle.callback()


class FakeHandle:
    def __init__(self, delay, callback):
        self.delay, self.callback, self.cancelled = delay, callback, False

    def cancel(self):
        self.cancelled = True


@pytest.fixture
def kernel_loop(monkeypatch):
    """Run the tagger as in a Jupyter kernel, with an event loop whose time the test controls."""
    import medialit.tagger

    loop = FakeLoop()
    monkeypatch.setattr(medialit.tagger, "_note_loop", lambda: loop)
    return loop


def test_the_note_is_saved_about_a_second_after_the_last_key_without_leaving_the_field(home, kernel_loop):
    from medialit import tagfile

    path = paths.progress_path("ana")
    tagger = ClaimTagger(name="ana")
    assert tagger.note.continuous_update, "every key must reach the kernel, not only when the field loses focus"
    tagger.choose("bare_assertion")
    claim = tagger.current
    for text in ["o", "on", "only", "only his", "only his word"]:  # the keys, as the browser sends them
        tagger.note.value = text
    waiting = [h for h in kernel_loop.handles if not h.cancelled]
    assert len(waiting) == 1 and waiting[0].delay == pytest.approx(1.0, abs=0.5), "one save, about a second after the last key"
    assert tagfile.read(path).tags[claim].note == "", "not written on every key"
    kernel_loop.run_pending()  # the learner pauses; the field still has the focus
    assert tagfile.read(path).tags[claim].note == "only his word" and "Saved at" in tagger.status.value
    again = ClaimTagger(name="ana")  # the page reloaded, the cell run again: the note is there
    again.current = claim
    again.refresh()
    assert again.note.value == "only his word"


def test_a_note_still_being_typed_is_saved_when_the_learner_moves_on_or_closes(home, kernel_loop):
    from medialit import tagfile

    path = paths.progress_path("ana")
    tagger = ClaimTagger(name="ana")
    tagger.choose("bare_assertion")
    first = tagger.current
    tagger.note.value = "who is quoted?"
    tagger.next_button.click()  # before the pause: saved at once, for the claim it was typed for
    assert tagfile.read(path).tags[first].note == "who is quoted?" and tagger.note.value == ""
    tagger.choose("not_a_claim")
    second = tagger.current
    tagger.note.value = "describes the note itself"
    tagger.close()
    assert tagfile.read(path).tags[second].note == "describes the note itself"
    kernel_loop.run_pending()  # a save still scheduled finds nothing left to do
    assert tagfile.read(path).tags[second].note == "describes the note itself"


def test_an_empty_session_or_the_name_me_is_never_exported(home, monkeypatch):
    from medialit.errors import SubmissionError

    monkeypatch.delenv("JUPYTERHUB_USER", raising=False)
    untouched = ClaimTagger()  # Run All on a fresh lesson: nobody named, nothing tagged
    assert untouched.session.learner == "me" and untouched.learner_name.value == ""
    untouched.export_button.click()
    assert "no name yet" in untouched.status.value and "in the field beside the button, then press Export for the teacher" in untouched.status.value
    untouched.learner_name.value = "Ana"
    untouched.export_button.click()
    said = untouched.status.value
    assert "Nothing to hand in yet: tag at least one claim" in said and "then press Export for the teacher again" in said, said
    assert "hand in again" not in said, "the fix uses the words of the button the learner sees"
    assert not (home / "submissions").exists(), "nothing was written"
    with pytest.raises(SubmissionError, match="Nothing to hand in yet"):
        progress.export_submission(TaggingSession(ARTICLE, TAXONOMY, learner="Ana"))
    untouched.choose("bare_assertion")
    with pytest.raises(SubmissionError, match="not a name your teacher can match"):
        progress.export_submission(untouched.session, learner=" ME ")
    untouched.export_button.click()
    assert "Exported" in untouched.status.value and paths.submission_path("Ana").exists()


def test_setting_an_unknown_current_claim_from_code_is_refused_by_name(tagger):
    """``tagger.current = "C999"`` from a notebook cell: a clear UnknownClaimError naming the ID, and the tagger stays put."""
    before = tagger.current
    with pytest.raises(UnknownClaimError, match=r"C999.*|.*'C999'"):
        tagger.current = "C999"
    assert tagger.current == before
    tagger.current = "C005"  # a real claim is taken, and None (no claim) too
    assert tagger.current == "C005"
    tagger.current = None
    assert tagger.current is None
