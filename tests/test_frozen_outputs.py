"""The signal finder, the highlighter and the segmenter give exactly the output the code gave before they were
rewritten: every signal of the case study and of the second article, whole and claim by claim, every mark of the
highlighted text, and the second article's claims table (``tests/frozen_outputs.py`` wrote them from the old code).
"""

from __future__ import annotations

import pandas as pd
import pytest

from frozen_outputs import articles, as_text, mark_rows, read_expected, signal_rows
from medialit.signal_views import highlight_html

ARTICLES = articles()


@pytest.mark.parametrize("name", list(ARTICLES))
def test_signals_are_the_ones_the_old_code_found(name):
    text, claims = ARTICLES[name]
    expected = read_expected(f"{name}_signals.csv")
    assert len(expected) > 50
    pd.testing.assert_frame_equal(as_text(signal_rows(text, claims)), expected)


@pytest.mark.parametrize("name", list(ARTICLES))
def test_highlight_marks_are_the_ones_the_old_code_drew(name):
    text, _ = ARTICLES[name]
    expected = read_expected(f"{name}_marks.csv")
    assert len(expected) > 25
    pd.testing.assert_frame_equal(as_text(mark_rows(highlight_html(text))), expected)


def test_the_second_articles_claims_table_is_unchanged():
    _, claims = ARTICLES["second_article"]
    pd.testing.assert_frame_equal(as_text(claims), read_expected("second_article_claims.csv"))
