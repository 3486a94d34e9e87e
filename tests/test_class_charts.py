"""The class charts draw what the tables say, return the ax they were given, and never rely on colour alone."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from matplotlib.figure import Figure
from matplotlib.text import Text

import medialit
from medialit import data
from medialit.answer_key import load_answer_key
from medialit.class_charts import plot_class_levels, plot_most_disputed, plot_section_agreement
from medialit.classroom import analyse_class, merge_submissions
from medialit.sample_class import SAMPLE_DIR

TAXONOMY = medialit.load_taxonomy()


@pytest.fixture(scope="module")
def results():
    tags, _ = merge_submissions(data.path(SAMPLE_DIR))
    return analyse_class(tags, key=load_answer_key())


def texts(ax) -> list[str]:
    return [t.get_text() for t in ax.texts]


def test_class_levels_stack_shares_with_hatches_and_write_the_key(results):
    ax = Figure().add_subplot()
    shown = list(results.disputed["claim_id"][:5])
    assert plot_class_levels(results.counts, results.key, claim_ids=shown, ax=ax) is ax
    assert [label.get_text().split()[0] for label in ax.get_yticklabels()] == shown
    bars = ax.patches
    assert len(bars) == len(shown) * len(TAXONOMY)
    assert {bar.get_hatch() for bar in bars} == {level.hatch for level in TAXONOMY}
    for row in range(len(shown)):  # each claim's segments add up to the whole class that tagged it
        assert sum(bar.get_width() for bar in bars[row :: len(shown)]) == pytest.approx(1.0)
    key = {entry.claim_id: entry.level for entry in results.key}
    for claim_id in shown:
        assert f"key: {TAXONOMY[key[claim_id]].label}" in texts(ax)
    assert [t.get_text() for t in ax.get_legend().get_texts()] == [level.label for level in TAXONOMY]


def test_most_disputed_bars_are_the_disagreement_and_name_the_level(results):
    ax = plot_most_disputed(results.disputed)
    assert isinstance(ax.figure, Figure)
    widths = [bar.get_width() for bar in ax.patches]
    assert widths == pytest.approx(results.disputed["disagreement"].tolist())
    assert all(bar.get_hatch() for bar in ax.patches)
    first = results.disputed.iloc[0]
    assert f"{first['disagreement']:.0%} chose otherwise; most: {TAXONOMY[first['modal_level']].label}" in texts(ax)


def test_section_agreement_writes_every_alpha_and_says_undefined(results):
    ax = plot_section_agreement(results.agreement)
    for value in results.agreement[["alpha_nominal", "alpha_ordinal"]].to_numpy().ravel():
        assert f"{value:.2f}" in texts(ax)
    assert {bar.get_hatch() for bar in ax.patches} == {"//", ".."}
    undefined = results.agreement.copy()
    undefined.loc[1, "alpha_ordinal"] = np.nan
    assert "undefined" in texts(plot_section_agreement(undefined))


def test_dollar_signs_in_text_are_not_mathematics(results):
    counts = results.counts.iloc[:1]
    ax = plot_class_levels(counts, title="Cost: $5 and $6")
    assert ax.get_title(loc="left") == "Cost: $5 and $6"  # as written, not escaped
    assert not any(text.get_parse_math() for text in ax.findobj(match=Text))  # and drawn as written


def test_a_chart_of_another_article_labels_claims_with_its_own_words_never_the_series():
    """A learner's own article: C002 is its byline, and the chart must never say 'Erfan Fard' (the series' C002)."""
    own = medialit.case_from_text("Our Town Pool\nBy Sam Ortega\nThe pool closed in May. Reports say it will reopen.")
    counts = pd.DataFrame({"bare_assertion": [2, 1], "vague_attribution": [0, 2]}, index=pd.Index(["C003", "C004"], name="claim_id"))
    ax = plot_class_levels(counts, claim_ids=["C003", "C004"], texts=own.claims, taxonomy=own.taxonomy)
    labels = [label.get_text() for label in ax.get_yticklabels()]
    assert labels[0].startswith("C003  The pool closed") and labels[1].startswith("C004  Reports say")
    bare = plot_class_levels(counts, claim_ids=["C002", "C003"])
    assert [label.get_text() for label in bare.get_yticklabels()] == ["C002", "C003"], "without texts, claim IDs only"
    assert not any("Erfan Fard" in text.get_text() for axes in (ax, bare) for text in axes.findobj(Text))
