"""medialit.ask: every reading-track exercise answered the way a learner does it (press buttons, tick boxes, type,
press Check), without a browser. The real-browser keyboard walk and the axe audit are in test_browser_ask.py."""

from __future__ import annotations

import html
import json

import ipywidgets as widgets
import pytest

import medialit
from medialit import exercise_log, feedback
from medialit.answer_key import key_for
from medialit.answers import normalise
from medialit.ask import Ask
from medialit.ask_controls import ButtonGroup, CheckboxList, TextAnswer, WordPicker
from medialit.exercise_bank import NotAReadingExerciseError, load_exercises

READING = [item for item in load_exercises().values() if item.is_reading]


@pytest.fixture(autouse=True)
def fresh_session():
    feedback.reset()
    yield
    feedback.reset()


@pytest.fixture
def log(tmp_path):
    return tmp_path / "progress.json"


def right_answer(item):
    """The answer a learner would give to be right, in the control's own terms."""
    spec = item.spec
    if item.kind == "level" and spec.get("gate"):
        return "not a claim" if key_for(spec["claim"]).level == "not_a_claim" else "claim"
    if item.kind == "level":
        return key_for(spec["claim"]).level if "claim" in spec else spec["answer"]
    if item.kind == "text":
        return spec["accept"][0]
    if item.kind == "number":
        return str(spec["answer"])
    if item.kind == "rubric":
        return spec["model_answer"]
    return spec["answer"]


def wrong_answer(item):
    control_kind = item.kind
    if control_kind in ("choice", "level"):
        return "claim" if right_answer(item) == "not a claim" else next(
            v for v in (["not a claim"] if item.spec.get("gate") else []) + item.option_values() + medialit.load_taxonomy().keys if v != right_answer(item))
    if control_kind == "set":  # one right item swapped for a wrong one
        right = list(right_answer(item))
        offered = item.option_values() or [normalise(word) for word in medialit.load_article().claim(item.spec["words_of"]).text.split()]
        return right[:-1] + [next(value for value in offered if value not in right)]
    return {"text": "the weather service", "number": "123456", "rubric": "banana " * 80}[control_kind]


def answer_like_a_learner(ask: Ask, answer) -> None:
    """Set the control the way a learner does: press buttons, tick boxes, type."""
    control = ask.control
    if isinstance(control, WordPicker):
        wanted = {normalise(word) for word in answer}
        for button in control.buttons.values():
            if normalise(button.description) in wanted and normalise(button.description) not in control.value:
                button.click()
    elif isinstance(control, ButtonGroup):
        for value in answer if isinstance(answer, list) else [answer]:
            control.buttons[value].click()
    elif isinstance(control, CheckboxList):
        wanted = {value.casefold() for value in answer}
        for value, box in control.boxes.items():
            box.value = value.casefold() in wanted
    else:
        control.field.value = answer


def page(ask: Ask) -> str:
    """Every piece of HTML and every label the widget shows."""
    parts, pending = [], [ask.widget]
    while pending:
        widget = pending.pop()
        pending.extend(getattr(widget, "children", ()))
        parts += [str(getattr(widget, name, "")) for name in ("value", "description", "tooltip", "placeholder") if isinstance(getattr(widget, name, None), str)]
    return "\n".join(parts)


@pytest.mark.parametrize("item", READING, ids=lambda item: item.id)
def test_every_reading_exercise_can_be_answered_right_through_its_control(item, log, capsys):
    ask = Ask(item.id, log_path=log)
    answer_like_a_learner(ask, right_answer(item))
    ask.check_button.click()
    want = "answered" if item.has_rubric else "correct"
    assert ask.result.status == want, f"{item.id}: {ask.result}"
    assert f"medialit-{want}" in ask.feedback_view.value and "Saved" in ask.status.value
    assert exercise_log.read_record(log)[item.id]["status"] == want
    assert capsys.readouterr() == ("", ""), "callbacks never print"


@pytest.mark.parametrize("item", READING, ids=lambda item: item.id)
def test_a_wrong_answer_gets_not_yet_and_the_hint_never_the_answer(item, log):
    ask = Ask(item.id, log_path=log)
    answer_like_a_learner(ask, wrong_answer(item))
    ask.check_button.click()
    assert ask.result.status == "not_yet" and "medialit-not_yet" in ask.feedback_view.value
    assert html.escape(item.hint) in ask.feedback_view.value
    if item.explain:
        assert html.escape(item.explain) not in ask.feedback_view.value


@pytest.mark.parametrize("item", READING, ids=lambda item: item.id)
def test_nothing_from_the_key_is_shown_before_an_answer(item, log):
    shown = page(Ask(item.id, log_path=log))
    secrets = [item.explain, item.spec.get("model_answer", "")]
    if "claim" in item.spec:
        secrets.append(key_for(item.spec["claim"]).reason)
    for secret in filter(None, secrets):
        assert html.escape(secret[:60]) not in shown and secret[:60] not in shown, f"{item.id} shows {secret[:60]!r} before an answer"
    assert "medialit-feedback" not in shown


@pytest.mark.parametrize("item", READING, ids=lambda item: item.id)
def test_every_control_has_a_text_label_and_is_a_native_control(item, log):
    ask = Ask(item.id, log_path=log)
    pending, interactive = [ask.widget], []
    while pending:
        widget = pending.pop()
        pending.extend(getattr(widget, "children", ()))
        if isinstance(widget, (widgets.Button, widgets.Checkbox, widgets.Text, widgets.Textarea)):
            interactive.append(widget)
    assert interactive and all(widget.description.strip() for widget in interactive)
    assert {"Check", "Show a hint"} <= {w.description for w in interactive if isinstance(w, widgets.Button)}
    assert not [w for w in interactive if not isinstance(w, (widgets.Button, widgets.Checkbox, widgets.Text, widgets.Textarea))]


def test_the_answer_and_its_feedback_come_back_when_the_cell_runs_again(log):
    first = Ask("03.3", log_path=log)
    first.control.buttons["named_source"].click()
    first.reason.value = "'such as the Department of Homeland Security' names agencies a reader could ask"
    first.check_button.click()
    assert first.result.correct
    feedback.reset()  # a new kernel session
    again = Ask("03.3", log_path=log)
    assert again.control.value == "named_source" and again.control.buttons["named_source"].description.startswith("✓")
    assert again.reason.value.startswith("'such as")
    assert "medialit-correct" in again.feedback_view.value and "saved on" in again.status.value
    assert feedback.results()["03.3"].correct, "a resumed answer counts in the notebook's summary"
    assert exercise_log.read_record(log)["03.3"]["attempts"] == 1, "resuming is not an attempt"


@pytest.mark.parametrize("ident, answer", [("04.1", ["may", "potentially"]), ("02.3", ["C025", "C028"]), ("01.4", "the FBI"), ("01.5", "My own words " * 3), ("01.1", "A news report")])
def test_every_kind_of_control_resumes_what_was_checked(log, ident, answer):
    ask = Ask(ident, log_path=log)
    answer_like_a_learner(ask, answer)
    before = ask.control.value
    ask.check_button.click()
    assert Ask(ident, log_path=log).control.value == before


def test_a_saved_answer_that_no_longer_fits_starts_afresh(log):
    exercise_log.record("01.1", "not_yet", log, answer="An answer that is not a choice any more")
    ask = Ask("01.1", log_path=log)
    assert ask.control.value is None and ask.feedback_view.value == "" and "01.1" not in feedback.results()


def test_the_word_picker_toggles_each_word_and_reads_words_not_punctuation(log):
    ask = Ask("04.1", log_path=log)
    buttons = ask.control.buttons
    comma = next(b for b in buttons.values() if b.description.endswith(","))
    word = comma.description
    comma.click()
    assert ask.control.value == [word.rstrip(",")] and comma.description == f"✓ {word}"
    assert "medialit-selected" in comma._dom_classes
    comma.click()  # pressed again: un-picked
    assert ask.control.value == [] and not comma.description.startswith("✓")


def test_choose_one_keeps_one_choice_and_says_which_in_words(log):
    ask = Ask("01.1", log_path=log)
    ask.control.buttons["A news report"].click()
    ask.control.buttons["An opinion piece"].click()
    chosen = [b.description for b in ask.control.buttons.values() if b.description.startswith("✓ ")]
    assert chosen == ["✓ An opinion piece"] and ask.control.value == "An opinion piece"


def test_the_level_picker_gives_each_level_its_question_as_tooltip(log):
    taxonomy = medialit.load_taxonomy()
    ask = Ask("03.1", log_path=log)
    assert {value: b.tooltip for value, b in ask.control.buttons.items()} == {level.key: level.question for level in taxonomy}
    gate = Ask("02.1", log_path=log)
    assert set(gate.control.buttons) == {"claim", "not a claim"} and taxonomy["not_a_claim"].question in gate.control.buttons["not a claim"].tooltip


def test_claims_are_shown_with_their_id_and_text(log):
    ask = Ask("05.2", log_path=log)
    article = medialit.load_article()
    assert [box.description for box in ask.control.boxes.values()] == [f"{c} · {article.claim(c).text}" for c in ask.item.spec["options"]]
    assert html.escape(article.claim("C075").text) in ask.header.value  # the claim the question is about
    practice = Ask("08.2", log_path=log)
    assert practice.control.boxes["C005"].description == "C005 · Some residents say the change will hurt students."


def test_check_with_no_answer_says_what_to_do_and_saves_nothing(log):
    ask = Ask("02.3", log_path=log)
    ask.check_button.click()
    assert "Not answered yet" in ask.feedback_view.value and "press Check" in ask.feedback_view.value
    assert not log.exists()


def test_the_hint_button_shows_and_hides_the_hint(log):
    ask = Ask("04.2", log_path=log)
    ask.hint_button.click()
    assert html.escape(ask.item.hint) in ask.hint_view.value and ask.hint_button.description == "Hide the hint"
    ask.hint_button.click()
    assert ask.hint_view.value == "" and ask.hint_button.description == "Show a hint"


def test_a_written_answer_gets_ideas_and_rubric_then_one_strong_answer(log):
    ask = Ask("05.5", log_path=log)
    ask.control.field.value = ("C015 points at credible evidence but names none of it, while C016 says every claim is approached with skepticism "
                               "unless confirmed by reliable sources. The article never names a source, so a reader cannot tell which to believe.")
    ask.check_button.click()
    shown = ask.feedback_view.value
    assert ask.result.status == "answered" and "Proficient" in shown and "Your answer touches" in shown
    assert "One strong answer, to compare with yours (shown now that you have answered)" in shown
    assert html.escape(ask.item.spec["model_answer"][:40]) in shown
    ask.control.field.value = "banana " * 40
    ask.check_button.click()
    assert ask.result.status == "not_yet" and "One strong answer" not in ask.feedback_view.value


def test_learner_text_is_escaped_in_what_the_widget_shows(log, data_copy):
    nasty = "<img src=x onerror=alert(1)><script>alert(2)</script>"
    with (data_copy / "exercises.toml").open("a", encoding="utf-8") as toml:  # a reading-track number exercise
        toml.write('\n[[exercise]]\nid = "09.1"\ntitle = "<b>A count</b>"\nkind = "number"\nanswer = 6\ntolerance = 0\n'
                   'question = "How many <i>bio</i> units?"\nhint = "Count them."\n')
    ask = Ask("01.4", log_path=log)
    ask.control.field.value = nasty
    ask.check_button.click()
    assert "<img" not in ask.feedback_view.value and "<script" not in ask.feedback_view.value
    number = Ask("09.1", log_path=log)
    assert isinstance(number.control, TextAnswer) and "&lt;i&gt;bio&lt;/i&gt;" in number.header.value and "<b>" not in number.header.value
    number.control.field.value = nasty
    number.check_button.click()
    assert "&lt;script&gt;" in number.feedback_view.value and "<script" not in number.feedback_view.value
    number.control.field.value = "6"
    number.check_button.click()
    assert number.result.correct


def test_an_answer_too_long_to_keep_is_checked_but_not_saved(log):
    ask = Ask("08.4", log_path=log)
    ask.control.field.value = "word " * 2000
    ask.check_button.click()
    assert "Not saved" in ask.status.value and "characters long" in ask.status.value
    assert not log.exists() and ask.result is not None


def test_under_nbgrader_the_widget_checks_but_never_writes(log, monkeypatch):
    monkeypatch.setenv("NBGRADER_EXECUTION", "autograde")
    ask = Ask("01.1", log_path=log)
    ask.control.buttons["An opinion piece"].click()
    ask.check_button.click()
    assert ask.result.correct and "not saved: nbgrader" in ask.status.value and not log.exists()


def test_a_data_track_exercise_has_no_widget():
    with pytest.raises(NotAReadingExerciseError, match=r"03.4 is on the data track.*medialit.check\('03.4', answer\)"):
        medialit.ask("03.4")


def test_ask_saves_in_the_learners_own_record_by_default(tmp_path, monkeypatch):
    monkeypatch.setenv("MEDIALIT_HOME", str(tmp_path))
    ask = medialit.ask("02.2")
    ask.control.buttons["claim"].click()
    ask.check_button.click()
    saved = json.loads((tmp_path / "exercises" / "progress.json").read_text(encoding="utf-8"))
    assert saved["exercises"]["02.2"]["answer"] == "claim" and saved["exercises"]["02.2"]["status"] == "correct"
    assert ask._repr_mimebundle_()["application/vnd.jupyter.widget-view+json"]["model_id"] == ask.widget.model_id
