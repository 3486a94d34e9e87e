"""End to end on an article that is not the case study: tests/fixtures/second_article.txt, a short text we wrote.

Reading it from a file, its claims table, its signals (counted, highlighted, charted), and tagging it: the session,
the tagger widget, the progress file (tied to this article and refused for another) and the charts.
"""

from __future__ import annotations

from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
import pytest

import medialit
from medialit import progress
from medialit.errors import ProgressFileError
from medialit.session import TaggingSession

FIXTURE = Path(__file__).parent / "fixtures" / "second_article.txt"


@pytest.fixture(scope="module")
def article() -> medialit.Article:
    return medialit.Article.from_file(FIXTURE)


def test_the_claims_table_has_ids_sections_offsets_and_kinds(article):
    claims = article.claims
    assert list(claims["claim_id"]) == [f"C{i:03d}" for i in range(1, len(claims) + 1)]
    assert article.title == "Will the Old Station Reopen?"
    assert article.sections == ["Front matter", "Background", "What the study says", "What residents think", "What happens next"]
    kinds = claims.set_index("text")["kind"]
    assert kinds["By Dana Whitlock"] == "byline" and kinds["What the study says"] == "heading"
    numbered = claims[claims["list_item"].notna()]
    assert list(numbered["list_item"]) == [1, 2, 3]
    assert numbered.iloc[1]["text"] == "2. Trains could run every 30 min. at peak times, if the signalling is upgraded."
    assert "- Supporters expect shorter commutes and more visitors." in set(claims["text"])
    for row in claims.itertuples():
        assert article.text[row.start : row.end] == row.text


def test_signals_per_claim_find_the_hedges_sources_and_specifics(article):
    counts = medialit.signals_per_claim(article.claims)
    by_text = counts.set_axis(article.claims["text"])
    assert by_text.loc["Some say the money would be better spent on buses.", "vague_attribution"] == 1
    assert by_text.loc["The council will vote on 12 March.", "specific"] == 1
    spoke = next(t for t in article.claims["text"] if t.startswith("I spoke"))
    assert by_text.loc[spoke, "first_person"] == 1 and by_text.loc[spoke, "specific"] >= 3
    assert counts["hedge"].sum() == 3  # could, could, often
    sections = medialit.signals_per_section(article.claims)
    assert list(sections.index) == article.sections


def test_a_claim_highlights_as_escaped_html(article):
    quote = next(t for t in article.claims["text"] if t.startswith("Dr. Priya Nair"))
    html = medialit.highlight_html(quote)
    assert "&quot;The numbers" in html and 'data-category="specific"' in html


def test_the_signal_chart_draws_this_article(article):
    fig, ax = plt.subplots()
    try:
        assert medialit.plot_signals_by_section(article.claims, ax) is ax
        assert len(ax.get_yticklabels()) == len(article.sections)
    finally:
        plt.close(fig)


def test_tagging_saving_and_charting_work_unchanged(article, tmp_path):
    taxonomy = medialit.load_taxonomy()
    session = TaggingSession(article, taxonomy, learner="tester")
    ids = session.claim_ids()
    assert "C001" not in ids  # the title is layout, not a statement
    session.tag(ids[0], "bare_assertion")
    session.tag(ids[1], "not_a_claim", note="a description")
    session.tag(ids[3], "named_source")
    assert str(session.progress()).startswith("3 of ")
    tags = session.to_frame()
    table = medialit.signals_by_level(article.claims, tags, taxonomy)
    assert list(table.index) == ["not_a_claim", "bare_assertion", "named_source"]
    fig, ax = plt.subplots()
    try:
        assert medialit.plot_signals_by_level(article.claims, tags, ax, taxonomy=taxonomy) is ax
        from medialit import charts

        ax.clear()
        assert charts.plot_level_counts(tags, ax, taxonomy) is ax
    finally:
        plt.close(fig)

    file = progress.save(session, tmp_path / "tester.json")
    resumed = progress.load(file, article, taxonomy)
    assert resumed.level_of(ids[3]) == "named_source" and resumed.sha256 == article.sha256
    with pytest.raises(ProgressFileError, match="belongs to another case study"):
        progress.load(file, medialit.load_article(), taxonomy)  # a progress file is tied to its case and article


def test_the_tagger_widget_tags_this_article(article, tmp_path):
    tagger_module = pytest.importorskip("medialit.tagger")
    session = progress.open_session("second", path=tmp_path / "second.json", article=article)
    tagger = tagger_module.ClaimTagger(session, answer_key=None)
    first = tagger.current
    assert first == session.claim_ids()[0]
    tagger.choose("bare_assertion")
    tagger.go(1)
    assert session.level_of(first) == "bare_assertion" and tagger.current != first
    assert (tmp_path / "second.json").exists()  # saved after the change
