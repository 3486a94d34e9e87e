"""The lessons' small controls (a key shown only on request, a section menu), the "run this cell again" note every
widget cell shows, and lesson activities in the exercise bank. Driven as a learner does it, without a browser; the
real-browser proof of the note after a kernel restart is in test_browser_rerun.py."""

from __future__ import annotations

import doctest
import html

import pytest
from IPython.core.interactiveshell import InteractiveShell
from IPython.display import display
from IPython.utils.capture import capture_output

import medialit
from medialit import exercise_bank, feedback, identity, lesson_controls, rerun_note
from medialit.answer_key import key_for
from medialit.errors import DataFileError

WIDGET = "application/vnd.jupyter.widget-view+json"


@pytest.fixture(scope="module")
def shell():
    return InteractiveShell.instance()


def shown(shell, obj) -> list[dict]:
    """What a cell whose last line is ``obj`` displays: one bundle per output, in order."""
    with capture_output() as captured:
        display(obj)
    return [output.data for output in captured.outputs]


def test_the_doctests_hold():
    assert doctest.testmod(rerun_note).failed == 0


@pytest.mark.parametrize("make, what", [
    (lambda: medialit.ask("01.1"), "the question"),
    (lambda: identity.NameBox(), "the box for your name"),
    (lambda: lesson_controls.show_the_key(["C081"]), "the button that shows the key"),
    (lambda: lesson_controls.SectionPicker(lambda section: section), "the section menu"),
    (lambda: medialit.ClaimTagger(), "the tagger"),
])
def test_every_widget_cell_shows_a_rerun_note_above_the_widget(shell, make, what, tmp_path, monkeypatch):
    monkeypatch.setenv("MEDIALIT_HOME", str(tmp_path))
    note, widget = shown(shell, make())
    assert WIDGET not in note and "run this cell again" in note["text/html"].lower() and what in note["text/html"]
    assert note["text/plain"].startswith("Run this cell again (Shift+Enter)")
    assert WIDGET in widget and widget["text/plain"].startswith("Run this cell again"), "not VBox(children=...)"
    # The note hides itself only next to a live medialit widget, which carries the class the rule looks for.
    assert f":has(.{rerun_note.LIVE_CLASS})" in note["text/html"]
    from ipywidgets.widgets.widget import _instances
    assert rerun_note.LIVE_CLASS in _instances[widget[WIDGET]["model_id"]]._dom_classes


def test_the_key_is_not_computed_until_the_button_is_pressed(monkeypatch):
    calls = []
    reveal = lesson_controls.Reveal("Show the answer", lambda: calls.append(1) or "<p>the answer</p>")
    assert calls == [] and reveal.view.value == "" and not reveal.shown
    reveal.button.click()
    assert calls == [1] and reveal.view.value == "<p>the answer</p>" and reveal.button.description == "Hide it again"
    reveal.button.click()
    assert reveal.view.value == "" and reveal.button.description == "Show the answer"


def test_show_the_key_says_what_it_reveals_and_then_shows_the_keys_level_and_reason():
    ids = ["C081", "C082", "C083", "C084", "C085", "C086"]
    reveal = lesson_controls.show_the_key(ids)
    assert reveal.button.description.startswith("Show the key for C081-C086: its level and reason")
    assert all(key_for(i).reason[:40] not in reveal.widget.children[0].description for i in ids)
    reveal.button.click()
    page = html.unescape(reveal.view.value)
    for claim_id in ids:
        entry = key_for(claim_id)
        assert claim_id in page and medialit.load_taxonomy()[entry.level].label in page
    assert "London M. University" in page and "<script" not in page
    assert "and" in lesson_controls.show_the_key(["C012", "C027"]).button.description


def test_reveal_chart_draws_only_when_pressed_with_its_text_alternative():
    drawn = []

    def draw(ax):
        drawn.append(ax)
        ax.bar(["a", "b"], [1, 2])
        return ax

    reveal = lesson_controls.reveal_chart("Show the chart", draw, alt="Two bars: a 1, b 2.")
    assert drawn == []
    reveal.button.click()
    assert len(drawn) == 1 and "data:image/png;base64," in reveal.view.value and "alt='Two bars: a 1, b 2.'" in reveal.view.value


def test_the_section_picker_redraws_for_the_chosen_section():
    sections = lesson_controls.statement_sections()
    assert sections[0] == "Introduction" and "Conclusion" in sections and len(sections) == len(set(sections))
    picker = lesson_controls.SectionPicker(lambda section: f"<p>{section}</p>", start="Conclusion")
    assert picker.view.value == "<p>Conclusion</p>"
    picker.menu.value = "Introduction"
    assert picker.view.value == "<p>Introduction</p>"
    picker.show(sections[1])
    assert picker.menu.value == sections[1] and picker.view.value == f"<p>{sections[1]}</p>"


# ---- lesson activities in the exercise bank ----------------------------------------------------------------------


def test_lesson_activities_are_kept_apart_from_the_exercise_notebooks():
    activities = exercise_bank.lesson_activities("01")
    assert activities and all(item.in_lesson and item.id.startswith("L01.") for item in activities)
    assert not any(item.in_lesson for item in exercise_bank.notebook_exercises("01"))
    assert all(item.id not in {a.id for a in activities} for item in exercise_bank.notebook_exercises(1))
    assert [row[0] for row in feedback.summary("01").rows] == [item.id for item in exercise_bank.notebook_exercises("01")]
    assert exercise_bank.lesson_activities(1) == activities


def test_a_lesson_activity_id_must_be_well_formed_and_on_the_reading_track(data_copy):
    bank = data_copy / "exercises.toml"
    text = bank.read_text(encoding="utf-8")
    for bad, words in [('id = "L1.1"', "L04.2"), ('id = "X01.1"', "L04.2")]:
        bank.write_text(text.replace('id = "L01.1"', bad, 1), encoding="utf-8")
        exercise_bank._load.cache_clear()
        with pytest.raises(DataFileError, match=words):
            exercise_bank.load_exercises()
    bank.write_text(text.replace('id = "L01.1"', 'id = "L01.1"\ntrack = "data"', 1), encoding="utf-8")
    exercise_bank._load.cache_clear()
    with pytest.raises(DataFileError, match="cannot be on the data track"):
        exercise_bank.load_exercises()
    exercise_bank._load.cache_clear()


def test_the_class_view_opens_only_when_asked_and_closes_with_its_timer(tmp_path):
    """Lesson 07's live class view shows the key's levels, so it waits behind a button; hiding it stops its timer."""
    from medialit import data
    from medialit.classview import ClassView
    from medialit.lesson_controls import reveal_class_view

    reveal = reveal_class_view(data.path("sample_class"))
    assert not reveal.shown and reveal.slot.children == ()
    reveal.button.click()
    view = reveal._live
    assert isinstance(view, ClassView) and reveal.slot.children == (view.widget,) and view.projector.value
    assert "<strong>30</strong> learner(s) have handed in" in view.sections["summary"].value
    reveal.button.click()
    assert not reveal.shown and reveal._live is None and view._timer is None
