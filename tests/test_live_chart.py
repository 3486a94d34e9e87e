"""LiveChart: one figure, updated in place on every tag, drawing exactly what a fresh chart draws."""

from __future__ import annotations

import io

import numpy as np
import PIL.Image
import pytest

import medialit
from medialit.live_chart import LiveChart
from medialit.session import TaggingSession

TAXONOMY = medialit.load_taxonomy()


@pytest.fixture
def session() -> TaggingSession:
    session = TaggingSession(medialit.load_article(), TAXONOMY)
    for claim_id, level in [("C004", "bare_assertion"), ("C005", "bare_assertion"), ("C006", "named_source")]:
        session.tag(claim_id, level)
    return session


def _pixels(png: bytes) -> np.ndarray:
    return np.asarray(PIL.Image.open(io.BytesIO(png)).convert("RGB"))


def test_live_chart_changes_with_every_tag_and_matches_a_fresh_drawing(session):
    chart = LiveChart(TAXONOMY, session.sections)
    first = chart.update(session.to_frame(all_claims=True))
    session.tag("C007", "primary_record")
    second = chart.update(session.to_frame(all_claims=True))
    assert second != first and chart.png == second
    for claim_id in session.claim_ids()[:30]:  # push an axis past its limit, then come back
        session.tag(claim_id, "corroborated")
    chart.update(session.to_frame(all_claims=True))
    session.undo()
    live = chart.update(session.to_frame(all_claims=True))
    fresh = LiveChart(TAXONOMY, session.sections).update(session.to_frame(all_claims=True))
    assert np.array_equal(_pixels(live), _pixels(fresh)), "in-place updates draw exactly what a fresh chart draws"


def test_live_chart_reuses_one_figure(session):
    chart = LiveChart(TAXONOMY, session.sections)
    figure = chart.figure
    for level in TAXONOMY.keys:
        session.tag("C004", level)
        chart.update(session.to_frame(all_claims=True))
    assert chart.figure is figure and len(figure.axes) == 2
    assert len(chart.levels_ax.patches) == len(TAXONOMY)
