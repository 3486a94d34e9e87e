"""The sentence splitter and segmenter on any plain text: properties for random text, named constructs, and the
public "Golden Rules" benchmark (read from beside the checkout when present, never copied into the project)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from medialit import data
from medialit.segment import segment, split_sentences, unit_spans

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))
import golden_rules  # noqa: E402

FIXTURES = Path(__file__).parent / "fixtures"

# Text built from the pieces that trouble splitters, so random examples hit the interesting paths often.
PIECES = st.sampled_from(
    [" ", "  ", "\n", "\r\n", "\r", "\n\n", ".", ". ", "!", "?", "…", "...", ". . .", ":", "“", "”", '"', "'", "(", ")",
     "/", " / ", "1. ", "2) ", "a. ", "• ", "- ", "U.S.", "Dr.", "Jan.", "e.g.", "M.", "3.14", "$100.00", "x@y.org",
     "https://a.org/b.c", "The", "word", "Mayor", "I", "he", "# ", "· ", "Heading", "\t", "Ünïcode", "中文"]
)
RANDOM_TEXT = st.one_of(st.text(max_size=400), st.lists(PIECES, max_size=80).map("".join))
# The deadline is a guard against hangs (a case taking seconds), not a speed measurement.
GUARD = settings(max_examples=300, deadline=5000)


def assert_exact_cover(text: str, spans: list[tuple[int, int]]) -> None:
    """Spans are ordered, never overlap, are trimmed, and cover every non-space character exactly once."""
    previous_end = 0
    covered = [False] * len(text)
    for start, end in spans:
        assert previous_end <= start < end <= len(text), (start, end, previous_end)
        assert not text[start].isspace() and not text[end - 1].isspace()
        for i in range(start, end):
            covered[i] = True
        previous_end = end
    missing = [i for i, ch in enumerate(text) if not ch.isspace() and not covered[i]]
    assert not missing, f"characters outside every span: {[text[i] for i in missing[:5]]}"


@GUARD
@given(RANDOM_TEXT)
def test_random_text_never_crashes_and_spans_cover_it_exactly(text):
    spans = unit_spans(text)
    assert_exact_cover(text, spans)
    assert split_sentences(text) == [text[s:e] for s, e in spans]


@GUARD
@given(RANDOM_TEXT)
def test_segment_units_point_at_their_text_in_order(text):
    units = segment(text)
    assert_exact_cover(text, [(u.start, u.end) for u in units])
    assert all(u.kind in ("title", "byline", "heading", "list_label", "sentence", "bio") for u in units)
    assert [u.paragraph for u in units] == sorted(u.paragraph for u in units)


@settings(max_examples=100, deadline=5000)
@given(st.lists(st.sampled_from(["Alpha beta gamma.", "Delta", "epsilon zeta eta theta", "1. Item one.", "· Head"]), min_size=1, max_size=12))
def test_line_endings_do_not_change_the_units(lines):
    text = "\n".join(lines)
    expected = [(u.kind, text[u.start : u.end]) for u in segment(text)]
    for newline in ("\r\n", "\r"):
        other = text.replace("\n", newline)
        got = [(u.kind, other[u.start : u.end].replace(newline, "\n")) for u in segment(other)]
        assert got == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        # abbreviations and initials
        ("Dr. Nair met Prof. Ng at 10 a.m. on Jan. 5. They talked.", ["Dr. Nair met Prof. Ng at 10 a.m. on Jan. 5.", "They talked."]),
        ("J. R. R. Tolkien wrote it. He was born in 1892.", ["J. R. R. Tolkien wrote it.", "He was born in 1892."]),
        ("I live in the U.S. How about you? The U.S. Senate voted.", ["I live in the U.S.", "How about you?", "The U.S. Senate voted."]),
        ("See e.g. the list. Done.", ["See e.g. the list.", "Done."]),
        # decimals, money, addresses
        ("Pi is 3.14. She paid $100.00 for it.", ["Pi is 3.14.", "She paid $100.00 for it."]),
        ("Write to a.b@example.org. Thanks.", ["Write to a.b@example.org.", "Thanks."]),
        ("Visit https://example.org/a.b?c=1. Then stop.", ["Visit https://example.org/a.b?c=1.", "Then stop."]),
        # quotations
        ('He said "Go home." Then he left.', ['He said "Go home."', "Then he left."]),
        ("She said, “It is done. ” Then she left.", ["She said, “It is done. ”", "Then she left."]),
        ('She turned to him, "This is great." she said.', ['She turned to him, "This is great." she said.']),
        # ellipses
        ("Wait… What? Yes!", ["Wait…", "What?", "Yes!"]),
        ("The thing is . . . I did not mean it.", ["The thing is . . . I did not mean it."]),
        # lists on one line and on their own lines
        ("1) The first item 2) The second item", ["1) The first item", "2) The second item"]),
        ("a. The first item b. The second item", ["a. The first item", "b. The second item"]),
        ("1. First point.\n2. Second point.\n- A bullet\n• Another", ["1. First point.", "2. Second point.", "- A bullet", "• Another"]),
        # paragraphs and line endings
        ("One line.\r\nTwo line.\rThree line.", ["One line.", "Two line.", "Three line."]),
        ("A paragraph that wraps\nonto a second line. Next.", ["A paragraph that wraps\nonto a second line.", "Next."]),
        ("Title\n\nFirst paragraph.\nStill first.\n\nSecond.", ["Title", "First paragraph.", "Still first.", "Second."]),
        ("no sentence punctuation at all just words", ["no sentence punctuation at all just words"]),
        ("", []),
        ("   \n\r\n  ", []),
    ],
)
def test_named_constructs(text, expected):
    assert split_sentences(text) == expected


def test_segment_recognises_headings_lists_and_blank_line_paragraphs():
    text = "My Title\nBy A. Writer\n\n# Background\n\nThe town grew. It grew fast.\n\n1. First: the road.\n2. The bridge.\n\nThe End"
    units = [(u.kind, text[u.start : u.end], u.section) for u in segment(text)]
    assert units == [
        ("title", "My Title", "Front matter"),
        ("byline", "By A. Writer", "Front matter"),
        ("heading", "# Background", "Background"),
        ("sentence", "The town grew.", "Background"),
        ("sentence", "It grew fast.", "Background"),
        ("list_label", "1. First:", "Background"),
        ("sentence", "the road.", "Background"),
        ("sentence", "2. The bridge.", "Background"),
        ("heading", "The End", "The End"),
    ]


def test_a_text_without_a_title_line_has_no_title():
    """The title is a first line that reads as a headline with more text after it; otherwise every unit is a claim."""
    one_line = "The mayor resigned on Monday. Reports say more officials will follow."
    assert [(u.kind, u.paragraph) for u in segment(one_line)] == [("sentence", 1), ("sentence", 1)]
    statement_first = "The mayor resigned on Monday.\nReports say more officials will follow."
    assert [u.kind for u in segment(statement_first)] == ["sentence", "sentence"]
    headline_first = "Mayor Resigns\nBy A. Writer\nReports say more officials will follow."
    assert [u.kind for u in segment(headline_first)] == ["title", "byline", "sentence"]


def test_the_case_study_splits_as_the_frozen_table_says():
    """split_sentences and the committed claims table agree on every sentence of the article."""
    text, claims = data.load("article"), data.load("claims")
    sentences = set(split_sentences(text))
    for row in claims[claims["kind"].isin(["sentence", "bio", "list_label"])].itertuples():
        assert row.text in sentences, row.claim_id


def test_the_second_article_splits_sensibly():
    text = (FIXTURES / "second_article.txt").read_text(encoding="utf-8")
    sentences = split_sentences(text)
    assert "1. The track bed must be cleared and relaid along 6.2 km of the old route." in sentences
    assert "2. Trains could run every 30 min. at peak times, if the signalling is upgraded." in sentences
    assert any(s.startswith("Dr. Priya Nair, who chairs") for s in sentences)
    assert "The full report is online at https://example.org/millbrook-rail-study and questions can be sent to transport@example.org." in sentences


# --- the Golden Rules ------------------------------------------------------------------------------------------

GOLDEN = golden_rules.folder()
PASSED_TODAY = 51  # of 52: all but en-gr-18 (a.m./P.M.), which pySBD fails too


@pytest.mark.skipif(GOLDEN is None, reason="Golden Rules not found beside the checkout (../shared/benchmarks/sentence-golden-rules/); set MEDIALIT_GOLDEN_RULES to run")
def test_golden_rules_pass_count_does_not_regress():
    cases = golden_rules.load_cases(GOLDEN)
    result = golden_rules.score(split_sentences, cases)
    print(f"\nGolden Rules: {result['main']}/48 main, {result['extra']}/{len(cases) - 48} extra; failed {result['failed']}")
    assert result["main"] + result["extra"] >= PASSED_TODAY, result["failed"]
    assert set(result["failed"]) <= {"en-gr-18"}


@pytest.mark.skipif(GOLDEN is None, reason="Golden Rules not found beside the checkout")
def test_naive_baseline_is_clearly_worse():
    """The baseline in benchmarks/ is a real baseline: our splitter must beat it by a wide margin."""
    cases = golden_rules.load_cases(GOLDEN)
    naive = golden_rules.score(golden_rules.naive_split, cases)
    assert naive["main"] + naive["extra"] <= PASSED_TODAY - 20


def test_sentences_are_never_called_front_matter():
    """Found trying a teacher's own article: with no headings, every sentence sat in a section called "Front matter"."""
    plain = segment_table("Bridge Closed for Repairs\nBy A. Writer\n\nThe bridge closed on Monday. Officials say it may reopen in May.\n")
    assert set(plain[plain["kind"] == "sentence"]["section"]) == {"The article"}
    assert set(plain[plain["kind"] != "sentence"]["section"]) == {"Front matter"}
    headed = segment_table("Bridge Closed\n\nThe bridge closed on Monday.\n\nWhat comes next\n\nRepairs start in May.\n")
    assert headed[headed["kind"] == "sentence"]["section"].tolist() == ["Opening", "What comes next"]


def segment_table(text):
    from medialit.article import claims_table

    return claims_table(text)
