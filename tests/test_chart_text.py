"""Every chart draws article and learner text as written: a ``$`` is a dollar sign, never mathematical notation.

A learner's article with the heading ``# Costs of $x^{2$`` once stopped the tagger's chart (matplotlib read the
two dollar signs as a formula it could not parse), and ``$5 and $10`` was drawn as italic math. Each chart
function gets hostile text (dollars, backslashes, underscores, right-to-left scripts, emoji, a very long label)
wherever article, learner or instructor text can reach it; the chart must render to PNG, every text must be
marked literal, and the text drawn must be the text given.
"""

from __future__ import annotations

import dataclasses
import io

import matplotlib
import pandas as pd
import pytest
from matplotlib.text import Text

import medialit
from medialit import charts, class_charts, signal_views
from medialit.live_chart import LiveChart

pytestmark = [
    pytest.mark.filterwarnings("ignore:Glyph .* missing from font"),  # emoji: drawn as boxes, still text
    pytest.mark.filterwarnings("ignore:constrained_layout not applied"),  # an 800-character legend leaves no room
]

TAXONOMY = medialit.load_taxonomy()
HOSTILE = ["$", "Costs of $x^{2$", "$5 and $10", "a \\ b \\n \\alpha", "_snake_case_ ^{}", "مقالة رأي عن الحدود", "שלום עולם", "News 📰🔥"]
LONG = " ".join(["long"] * 20 + ["$x^{2$"] + ["label"] * 20)  # wrapped or shortened, never read as math
LEVEL_LABELS = ["Costs of $x^{2$", "$5 and $10", "a \\ b \\n \\alpha", "_snake_case_ ^{}", "مقالة رأي عن الحدود", "שלום עולם 📰🔥", LONG]


def words(text: str) -> str:
    return " ".join(text.split())


def hostile_taxonomy():
    """The series' levels, labelled by an instructor with hostile text."""
    assert len(LEVEL_LABELS) == len(TAXONOMY)
    return medialit.Taxonomy([dataclasses.replace(level, label=label) for level, label in zip(TAXONOMY, LEVEL_LABELS)])


def assert_drawn_as_written(figure, expected: list[str]) -> None:
    """The figure renders; every text in it is literal; each expected string is drawn as given (line breaks aside)."""
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png")
    assert buffer.getvalue().startswith(b"\x89PNG")
    texts = figure.findobj(match=Text)
    assert texts and all(not t.get_parse_math() for t in texts), [t.get_text() for t in texts if t.get_parse_math()]
    drawn = [words(t.get_text()) for t in texts]
    for text in expected:
        assert any(words(text) in d for d in drawn), (text, drawn)


def tags_in(sections: list[str]) -> pd.DataFrame:
    levels = [TAXONOMY.keys[i % len(TAXONOMY)] for i in range(len(sections))]
    return pd.DataFrame({"claim_id": [f"C{i + 1:03d}" for i in range(len(sections))], "section": sections, "level": levels})


def test_level_counts_draw_level_labels_and_title_as_written():
    figure = charts.new_figure()
    ax = charts.plot_level_counts(tags_in(HOSTILE), figure.subplots(), hostile_taxonomy(), title="Costs of $x^{2$")
    assert ax.get_title(loc="left") == "Costs of $x^{2$"
    assert_drawn_as_written(figure, LEVEL_LABELS)


def test_levels_by_section_draw_section_names_as_written():
    figure = charts.new_figure()
    charts.plot_levels_by_section(tags_in(HOSTILE + [LONG]), figure.subplots(), hostile_taxonomy(), title="$5 and $10")
    assert_drawn_as_written(figure, HOSTILE + LEVEL_LABELS)
    legend = [t.get_text() for t in figure.axes[0].get_legend().get_texts()]
    assert legend == [*LEVEL_LABELS, "Not yet tagged"]  # even a label that starts with "_"


def test_the_live_chart_draws_section_names_as_written():
    chart = LiveChart(TAXONOMY, HOSTILE + [LONG])
    png = chart.update(tags_in(HOSTILE + [LONG]))
    assert png.startswith(b"\x89PNG")
    assert_drawn_as_written(chart.figure, HOSTILE + [LONG])


def test_the_tagger_charts_an_article_with_dollars_in_a_heading(tmp_path):
    tagger_module = pytest.importorskip("medialit.tagger")
    text = "Paying for Maths\n\n# Costs of $x^{2$\n\nThe course costs $5 and $10 a week. It may rise.\n\n# Who pays\n\nParents pay."
    article = medialit.Article.from_text(text)
    assert "Costs of $x^{2$" in article.sections
    session = medialit.progress.open_session("dollars", path=tmp_path / "dollars.json", article=article)
    tagger = tagger_module.ClaimTagger(session, answer_key=None)
    tagger.choose("bare_assertion")
    assert "medialit-chart-image" in tagger.chart_view.value
    assert_drawn_as_written(tagger.chart.figure, ["Costs of $x^{2$"])


def test_class_levels_draw_title_and_level_labels_as_written():
    counts = pd.DataFrame([[3, 1, 0, 0, 2, 0, 1]], index=["C004"], columns=TAXONOMY.keys)
    ax = class_charts.plot_class_levels(counts, taxonomy=hostile_taxonomy(), title="Costs of $x^{2$")
    assert ax.get_title(loc="left") == "Costs of $x^{2$"
    assert_drawn_as_written(ax.figure, LEVEL_LABELS)
    assert [t.get_text() for t in ax.get_legend().get_texts()] == LEVEL_LABELS  # even a label that starts with "_"


def test_most_disputed_draws_claim_texts_as_written():
    disputed = pd.DataFrame(
        {"claim_id": [f"C{i:03d}" for i in range(len(HOSTILE))], "text": HOSTILE, "disagreement": [0.5] * len(HOSTILE), "modal_level": ["bare_assertion"] * len(HOSTILE)}
    )
    ax = class_charts.plot_most_disputed(disputed, title="$5 and $10")
    assert_drawn_as_written(ax.figure, [*HOSTILE, "$5 and $10"])


def test_section_agreement_draws_section_names_as_written():
    agreement = pd.DataFrame({"scope": HOSTILE, "claims": [4] * len(HOSTILE), "alpha_nominal": [0.5] * len(HOSTILE), "alpha_ordinal": [0.7] * len(HOSTILE)})
    ax = class_charts.plot_section_agreement(agreement, title="Costs of $x^{2$")
    assert_drawn_as_written(ax.figure, [*HOSTILE, "Costs of $x^{2$"])


def test_signal_charts_draw_section_names_and_level_labels_as_written():
    text = "Paying for Maths\n\n" + "".join(f"# {name}\n\nThe FBI may act. Reports say it will.\n\n" for name in HOSTILE)
    article = medialit.Article.from_text(text)
    assert [s for s in article.sections if s != "Front matter"] == HOSTILE
    figure = charts.new_figure(12, 8)
    signal_views.plot_signals_by_section(article.claims, figure.subplots())
    assert_drawn_as_written(figure, HOSTILE)
    levels = pd.DataFrame({"claim_id": article.claims["claim_id"], "level": [TAXONOMY.keys[i % 7] for i in range(len(article.claims))]})
    figure = charts.new_figure(12, 6)
    signal_views.plot_signals_by_level(article.claims, levels, figure.subplots(), taxonomy=hostile_taxonomy())
    assert_drawn_as_written(figure, LEVEL_LABELS)


def test_charts_change_no_global_setting():
    """Literal text is set per chart, never for the whole notebook: a learner's own plots keep their math."""
    before = dict(matplotlib.rcParams)
    figure = charts.new_figure()
    charts.plot_level_counts(tags_in(HOSTILE), figure.subplots(), TAXONOMY)
    assert dict(matplotlib.rcParams) == before and matplotlib.rcParams["text.parse_math"] is True
