"""Lessons 08 and 09 on the learner's own article: paste it (or pick a file), press a button, and everything follows.

Driven the way a learner drives it (the text box, the file picker, the button), with no Jupyter: the article in use
switches, is saved so the next lesson opens it again with the learner's tags, and every view (the claims table,
the signals, the tagger, the weakest claims, how checking moved them) follows it; text that cannot be used is refused
with a reason and changes nothing; the learner's text is escaped wherever it is shown.
"""

from __future__ import annotations

import os
from datetime import datetime, timezone

import pytest

from figure_text import text_problems
from medialit import charts
from medialit.article import MAX_ARTICLE_BYTES
from medialit.own_article import EXAMPLE, OwnArticle, my_article

MINE = """Bike Lanes Make Streets Safer
By Jo Park

The facts

The city's 2024 traffic report counted 31 crashes on Main Street. Experts say protected lanes cut injuries. I ride there every day and see near misses.

What to do

The council should build protected lanes this year."""


@pytest.fixture
def folder(tmp_path):
    return tmp_path / "articles"


def paste(own: OwnArticle, text: str) -> None:
    own.text.value = text
    own.use_button.click()


def pick(own: OwnArticle, name: str, content: bytes) -> None:
    """What the browser does when a learner picks a file: the picker's value becomes the file."""
    own.picker.value = ({"name": name, "type": "text/plain", "size": len(content), "content": memoryview(content),
                         "last_modified": datetime.now(timezone.utc)},)


def test_until_a_learner_chooses_the_made_up_example_is_in_use(folder):
    own = OwnArticle(folder=folder, name="Ana")
    assert own.case.title == EXAMPLE.splitlines()[0]
    assert "made-up example" in own.status.value
    assert not folder.exists()  # nothing is written before the learner chooses


def test_pasting_and_pressing_the_button_switches_every_view_to_the_article(folder):
    own = OwnArticle(folder=folder, name="Ana")
    claims, signals, tagger, weakest = own.claims_view(), own.signals_view(), own.tagger(), own.weakest_claims()
    heard = []
    own.on_change(lambda: heard.append(own.case.title))
    paste(own, MINE)
    assert own.case.title == "Bike Lanes Make Streets Safer" and heard == ["Bike Lanes Make Streets Safer"]
    assert "your article" in own.status.value and "Bike Lanes" in own.status.value
    assert "Main Street" in claims.value and "Larkfield" not in claims.value
    assert "Main Street" in signals.value and "Larkfield" not in signals.value
    (inner,) = tagger.children
    assert "Bike Lanes Make Streets Safer" in inner.children[1].value  # the tagger's header names the article
    assert "No claim tagged" in weakest.value


def test_the_article_is_saved_so_the_next_lesson_opens_it_with_the_learners_tags(folder):
    first = OwnArticle(folder=folder, name="Ana")
    paste(first, MINE)
    assert [p.name for p in folder.glob("*.txt")] == [f"{first.case.id}.txt"]
    assert (folder / f"{first.case.id}.txt").read_text(encoding="utf-8") == MINE
    claim = first.session.claim_ids()[0]
    first.session.tag(claim, "bare_assertion", note="only the author says so")

    later = OwnArticle(folder=folder, name="Ana")  # lesson 09, another kernel
    assert later.case.id == first.case.id and "your article" in later.status.value
    assert later.session.level_of(claim) == "bare_assertion"
    weakest = later.weakest_claims()
    assert claim in weakest.value and "only the author says so" not in weakest.value


def test_the_newest_saved_article_is_opened_and_a_damaged_file_is_skipped_not_deleted(folder):
    folder.mkdir()
    older, damaged = folder / "older.txt", folder / "damaged.txt"
    older.write_text("An Older Piece\nThe town hall opened in 1901.", encoding="utf-8")
    damaged.write_bytes(b"\xff\xfe not text")
    os.utime(older, (1, 1))
    own = OwnArticle(folder=folder, name="Ana")
    assert own.case.title == "An Older Piece" and damaged.exists()


@pytest.mark.parametrize("text, says", [("", "empty"), ("   \n  ", "empty"), ("x" * (MAX_ARTICLE_BYTES + 1), "Not used")])
def test_text_that_cannot_be_used_is_refused_with_a_reason_and_changes_nothing(folder, text, says):
    own = OwnArticle(folder=folder, name="Ana")
    before = own.case
    assert own.use_text(text) is False
    assert own.case is before and says in own.status.value
    assert not folder.exists()


def test_a_picked_file_fills_the_box_and_is_used_only_when_the_button_is_pressed(folder):
    own = OwnArticle(folder=folder, name="Ana")
    pick(own, "bikes.txt", MINE.encode("utf-8"))
    assert own.text.value == MINE and "Read bikes.txt" in own.status.value
    assert own.case.title != "Bike Lanes Make Streets Safer"
    own.use_button.click()
    assert own.case.title == "Bike Lanes Make Streets Safer"


def test_a_picked_file_that_is_not_text_says_so(folder):
    own = OwnArticle(folder=folder, name="Ana")
    pick(own, "photo.jpg", b"\xff\xd8\xff\xe0")
    assert "not plain text" in own.status.value and own.text.value == ""


def test_a_picked_file_too_large_for_an_article_is_refused_before_it_is_read(folder):
    own = OwnArticle(folder=folder, name="Ana")
    pick(own, "everything.txt", b"word " * (MAX_ARTICLE_BYTES // 5 + 1))
    assert "too long for an article" in own.status.value and own.text.value == ""


def test_an_article_that_cannot_be_saved_is_still_used_and_the_learner_is_told(tmp_path):
    blocked = tmp_path / "a-file"
    blocked.write_text("not a folder")
    own = OwnArticle(folder=blocked / "articles", name="Ana")
    paste(own, MINE)
    assert own.case.title == "Bike Lanes Make Streets Safer"
    assert "could not be saved" in own.status.value


def test_the_learners_text_is_escaped_wherever_it_is_shown(folder):
    own = OwnArticle(folder=folder, name="Ana")
    views = [own.claims_view(), own.signals_view()]
    paste(own, "<script>alert(1)</script> Piece\nThe <b>mayor</b> resigned on Monday.")
    for html in [own.status.value] + [view.value for view in views]:
        assert "<script>" not in html and "<b>mayor" not in html


def test_the_weakest_claims_and_the_moves_follow_the_tags(folder):
    own = OwnArticle(folder=folder, name="Ana")
    paste(own, MINE)
    weakest, moves = own.weakest_claims(), own.moves_view()
    assert "No second-pass tags" in moves.value
    claim = next(c for c in own.session.claim_ids() if "Experts say" in own.case.article.claim(c).text)
    own.session.tag(claim, "vague_attribution")
    assert claim in weakest.value and "Vague attribution" in weakest.value
    own.session.lateral.tag(claim, "named_source", note="the city's report")
    assert "<img" in moves.value and f"{claim}: Vague attribution → Named source" in moves.value


def test_the_moves_chart_says_each_move_in_words_and_every_label_can_be_read():
    import pandas as pd

    moves = pd.DataFrame({"claim_id": ["C004", "C005", "C017"], "first": ["vague_attribution", "bare_assertion", "bare_assertion"],
                          "lateral": ["primary_record", "contradicted", "bare_assertion"], "first_rank": [3, 2, 2], "lateral_rank": [5, 1, 2],
                          "change": ["up", "down", "unchanged"]})
    figure = charts.new_figure(width=9, height=3)
    ax = charts.plot_pass_moves(moves, figure.subplots())
    assert ax.figure is figure
    drawn = {text.get_text() for text in figure.findobj(match=lambda artist: hasattr(artist, "get_text"))}
    assert {"up", "down", "unchanged", "C004", "C017"} <= drawn
    assert not text_problems(figure)



def test_every_cell_that_asks_for_my_article_gets_the_same_one(folder):
    first = my_article(folder=folder, name="Ana")
    assert my_article(folder=folder, name="Ana") is first
    tagger = my_article(folder=folder, name="Ana").tagger()  # another cell
    paste(first, MINE)
    (inner,) = tagger.children
    assert "Bike Lanes Make Streets Safer" in inner.children[1].value
    assert my_article(folder=folder, name="Bea") is not first  # another learner, another article
