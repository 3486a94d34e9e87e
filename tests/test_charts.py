"""Charts: levels in taxonomy order, colour plus hatch plus a written count, plain-word labels, a live chart."""

from __future__ import annotations

import io

import pandas as pd
import PIL.Image
import pytest
from matplotlib.colors import to_hex

import medialit
from medialit import charts
from medialit.session import TaggingSession

TAXONOMY = medialit.load_taxonomy()


@pytest.fixture
def session() -> TaggingSession:
    session = TaggingSession(medialit.load_article(), TAXONOMY)
    for claim_id, level in [("C004", "bare_assertion"), ("C005", "bare_assertion"), ("C006", "named_source"), ("C011", "vague_attribution"), ("C012", "not_a_claim")]:
        session.tag(claim_id, level)
    return session


def _axes():
    figure = charts.new_figure(6, 4)
    return figure, figure.subplots()


def test_style_helpers_come_from_the_taxonomy():
    assert list(charts.level_colours(TAXONOMY)) == TAXONOMY.keys
    assert charts.level_colours(TAXONOMY)["contradicted"] == "#D55E00"
    assert all(charts.level_hatches(TAXONOMY).values()), "every level has a pattern, so colour is never alone"
    style = charts.bar_style("named_source", TAXONOMY)
    assert style["facecolor"] == TAXONOMY["named_source"].colour and style["hatch"] == TAXONOMY["named_source"].hatch
    assert "\n" in charts.short_label("Traceable to a primary record", 12)


def test_count_levels_keeps_every_level_in_order(session):
    counts = charts.count_levels(session.to_frame(), TAXONOMY)
    assert counts.index.tolist() == TAXONOMY.keys
    assert counts["bare_assertion"] == 2 and counts["corroborated"] == 0 and counts.sum() == 5
    assert charts.count_levels(session.to_frame().iloc[0:0], TAXONOMY).sum() == 0


def test_counts_by_section_counts_untagged_rows(session):
    table = charts.counts_by_section(session.to_frame(all_claims=True), TAXONOMY, session.sections)
    assert table.index.tolist() == session.sections
    assert table.loc["Introduction", "bare_assertion"] == 2
    assert table.loc["Introduction", charts.UNTAGGED] == 3
    assert table.to_numpy().sum() == session.progress().total


def test_plot_level_counts_draws_ordered_coloured_hatched_labelled_bars(session):
    _, ax = _axes()
    assert charts.plot_level_counts(session.to_frame(), ax, TAXONOMY) is ax
    bars = ax.patches
    assert [round(b.get_width()) for b in bars] == charts.count_levels(session.to_frame(), TAXONOMY).tolist()
    assert [to_hex(b.get_facecolor()).upper() for b in bars] == [lv.colour for lv in TAXONOMY]
    assert [b.get_hatch() for b in bars] == [lv.hatch for lv in TAXONOMY]
    ticks = [t.get_text().replace("\n", " ") for t in ax.get_yticklabels()]
    assert ticks == [lv.label for lv in TAXONOMY], "levels read top to bottom in taxonomy order, in words"
    assert sorted(t.get_text() for t in ax.texts) == sorted(str(n) for n in [2, 1, 1, 1, 0, 0, 0])
    assert ax.get_xlabel() == "Number of claims" and ax.get_title(loc="left")


def test_plot_levels_by_section_stacks_levels_and_says_tagged_of_total(session):
    _, ax = _axes()
    frame = session.to_frame(all_claims=True)
    assert charts.plot_levels_by_section(frame, ax, TAXONOMY, sections=session.sections) is ax
    totals = [t.get_text() for t in ax.texts]
    assert totals[0] == "3 of 6" and len(totals) == len(session.sections)
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    assert legend == [lv.label for lv in TAXONOMY] + ["Not yet tagged"]
    intro = [p for p in ax.patches if abs(p.get_y() + p.get_height() / 2) < 1e-9 and p.get_width() > 0]
    assert sum(p.get_width() for p in intro) == 6


def test_render_png_gives_a_png(session):
    figure, ax = _axes()
    charts.plot_level_counts(session.to_frame(), ax, TAXONOMY)
    png = charts.render_png(figure)
    assert png.startswith(b"\x89PNG") and PIL.Image.open(io.BytesIO(png)).size == (480, 320)
    assert charts.render_png(figure, dpi=40).startswith(b"\x89PNG")


def test_charts_accept_an_empty_frame():
    empty = pd.DataFrame({"claim_id": [], "section": [], "level": []})
    _, ax = _axes()
    charts.plot_level_counts(empty, ax, TAXONOMY)
    assert [b.get_width() for b in ax.patches] == [0] * len(TAXONOMY)
