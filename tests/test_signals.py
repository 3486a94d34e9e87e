"""Language signals: the lexicon, the matcher, the specifics rules, counts, highlighting, charts, and accuracy.

The accuracy tests print precision and recall per category against spans a person marked by hand
(``data/signals_gold.csv`` for the case study, ``tests/fixtures/second_article_gold.csv`` for our second article).
Run ``pytest tests/test_signals.py -s -k precision`` to see the figures.
"""

from __future__ import annotations

import doctest
import html
import re
import sys
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import medialit
from medialit import data, lexicon, signal_views, signals
from medialit.errors import DataFileError
from medialit.lexicon import CATEGORIES, compile_phrase, inflections, load_lexicon
from medialit.signals import default_lexicon, find_signals, signals_per_claim, signals_per_section
from medialit.signal_views import highlight_html, plot_signals_by_level, plot_signals_by_section, signals_by_level

FIXTURES = Path(__file__).parent / "fixtures"
LEXICON_CATEGORIES = ["hedge", "booster", "vague_attribution", "loaded", "first_person"]


def pairs(text: str, **kwargs) -> list[tuple[str, str]]:
    return [tuple(r) for r in find_signals(text, **kwargs)[["category", "match"]].values.tolist()]


# --- the lexicon file -----------------------------------------------------------------------------------------


def test_categories_are_the_documented_keys():
    assert list(CATEGORIES) == ["hedge", "booster", "vague_attribution", "loaded", "first_person", "specific"]
    cues = [c.cue for c in CATEGORIES.values()]
    assert len(set(cues)) == len(cues), "each category needs its own letter"
    assert len({c.underline for c in CATEGORIES.values()}) >= 5


def test_the_shipped_lexicon_loads_and_covers_every_category():
    table = data.load("lexicon")
    assert set(table["category"]) == set(CATEGORIES)
    assert (table["example"].str.len() > 0).all()
    assert len(table) >= 100


def write(tmp_path: Path, body: str) -> Path:
    file = tmp_path / "lexicon.csv"
    file.write_text("category,phrase,example\n" + body, encoding="utf-8")
    return file


@pytest.mark.parametrize(
    "body, words",
    [
        ("hedgy,may,It may rain.\n", ["line 2", "'category' must be one of", "hedgy"]),
        ("hedge,,It may rain.\n", ["line 2", "'phrase' is empty"]),
        ("hedge,may,\n", ["line 2", "'example' is empty"]),
        ("hedge,may,It may rain.\nhedge,MAY,It MAY rain.\n", ["line 3", "already on line 2"]),
        ("hedge,suggest,The data suggested it.\n", ["line 2", "does not contain a match", "suggest+"]),
        ("hedge,may||might,It may rain.\n", ["line 2", "cannot be read"]),
    ],
)
def test_a_bad_lexicon_row_is_named_with_its_line_and_fix(tmp_path, body, words):
    with pytest.raises(DataFileError) as caught:
        load_lexicon(write(tmp_path, body))
    message = str(caught.value)
    assert "lexicon.csv" in message and "Fix:" in message
    for word in words:
        assert word in message


def test_a_lexicon_without_its_columns_or_not_utf8_is_refused(tmp_path):
    file = tmp_path / "lexicon.csv"
    file.write_text("kind,words\nhedge,may\n", encoding="utf-8")
    with pytest.raises(DataFileError, match=r"missing column\(s\) \['category', 'phrase', 'example'\]"):
        load_lexicon(file)
    file.write_bytes("category,phrase,example\nhedge,peut-être,Il pleut peut-être.\n".encode("latin-1"))
    with pytest.raises(DataFileError, match="not UTF-8"):
        load_lexicon(file)
    with pytest.raises(DataFileError, match="file not found"):
        load_lexicon(tmp_path / "missing.csv")


def test_an_instructor_can_extend_the_lexicon(tmp_path):
    own = write(tmp_path, "hedge,as far as we know,\"As far as we know, the road is open.\"\nloaded,fat cat+,The fat cats won again.\n")
    text = "As far as we know, the fat cats won."
    assert pairs(text, lexicon=own) == [("hedge", "As far as we know"), ("loaded", "fat cats")]
    assert ("hedge", "As far as we know") not in pairs(text)  # the shipped lexicon does not have it


# --- matching: case, inflections, phrases, word boundaries --------------------------------------------------


def test_inflections_cover_regular_forms():
    assert inflections("suggest") == ["suggest", "suggests", "suggested", "suggesting"]
    assert inflections("allege") == ["allege", "alleges", "alleged", "alleging"]
    assert inflections("imply") == ["imply", "implies", "implied", "implying"]
    assert "admitted" in inflections("admit")


@pytest.mark.parametrize(
    "text, expected",
    [
        ("It MAY rain. May it rain? it may.", [("hedge", "MAY"), ("hedge", "May"), ("hedge", "may")]),
        ("The data suggests, suggested and are suggesting.", [("hedge", "suggests"), ("hedge", "suggested"), ("hedge", "suggesting")]),
        ("Reports have\nemerged. A report has emerged.", [("vague_attribution", "Reports have\nemerged"), ("vague_attribution", "report has emerged")]),
        ("The Mayor spoke of mayhem and dismay.", [("specific", "Mayor")]),
        ("A non-critical, clearly-minded... no: unclearly put.", []),
        ("The mullah’s regime and the mullah's men.", [("loaded", "mullah"), ("loaded", "regime"), ("loaded", "mullah")]),
        ("Tell us what the US did.", [("specific", "US")]),
        ("The vote on 3 May 2024 may move.", [("specific", "3 May 2024"), ("hedge", "may")]),
    ],
)
def test_matching_handles_case_inflection_phrases_and_word_boundaries(text, expected):
    assert pairs(text) == expected


def test_compile_phrase_escapes_everything():
    pattern = compile_phrase("a.b (c)")
    assert pattern.search("x a.b (c) y") and not pattern.search("x aXb (c) y")


# Phrases and text that test find_phrases' shortcut (look up each word, try only the entries that start with it)
# where case folding is odd: dotted and dotless i, long s, the Kelvin sign, sharp s, micro and mu, a combining
# Greek iota (U+0345, not a word character), circled letters, and phrases that start with a sign.
ODD_PHRASES = ["straße", "µg dose", "kelvin", "istanbul", "ιx", "'em", "don't", "ⓜay", "first-hand", "U.S.", "well known"]
ODD_PIECES = st.sampled_from(
    ["straße", "STRASSE", "STRAẞE", "µg", "μg", "MG", "dose", "\u212aelvin", "KELVIN", "İstanbul", "ıstanbul", "ISTANBUL",
     "ιx", "ΙX", "\u0345x", "ᾳx", "'em", "’em", "don't", "DON’T", "ⓜay", "Ⓜay", "may", "MAY", "first-hand", "U.S.", "u.s.",
     "well known", "well-known", "reports have emerged", " ", "  ", "\n", "-", ".", ",", "'", "a", "x"]
)


def test_case_folding_agrees_with_case_blind_regular_expressions():
    """Two characters a case-blind pattern takes as equal fold alike, so the word look-up never misses a match."""
    cased = "".join(chr(c) for c in range(sys.maxunicode + 1) if len({chr(c), chr(c).lower(), chr(c).upper(), chr(c).casefold()}) > 1)
    assert len(cased) > 2500
    for char in cased:
        for other in re.findall(re.escape(char), cased, re.IGNORECASE):
            assert lexicon._fold(other) == lexicon._fold(char), (char, other)


@settings(max_examples=300, deadline=None)
@given(st.lists(ODD_PIECES, max_size=40).map("".join))
def test_find_phrases_finds_what_each_pattern_finds(text):
    entries = default_lexicon() + [lexicon.LexiconEntry("hedge", p, p, compile_phrase(p)) for p in ODD_PHRASES]
    expected = [(m.start(), m.end(), entry) for entry in entries for m in entry.pattern.finditer(text)]
    assert lexicon.find_phrases(entries, text) == expected


# --- specifics ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, found",
    [
        ("The vote is on 12 March 2024, or March 12, 2024.", ["12 March 2024", "March 12, 2024"]),
        ("They paid £4.5 million for 3,200 tickets, 10% more.", ["4.5", "million", "3,200", "10%"]),
        ("1. The first point has no number.", []),
        ("See https://example.org/a-b. Write to press@example.org or @newsdesk.", ["https://example.org/a-b", "press@example.org", "@newsdesk"]),
        ("Officials from the Department of Homeland Security met Ana Ruiz in El Paso.", ["Department of Homeland Security", "Ana Ruiz", "El Paso"]),
        ("Budget cuts were announced. However, Canada disagreed.", ["Canada"]),
        ("The Iranian and Mexican delegates spoke Persian and English.", []),
        ("Her book “The Quiet Year” was published.", ["“The Quiet Year”"]),
        ("Espionage Threats Along the Northern Border", []),
        ("4. Community Engagement: residents were asked.", []),
    ],
)
def test_specifics_rules(text, found):
    got = find_signals(text)
    assert got[got["category"] == "specific"]["match"].tolist() == found


def test_all_caps_lines_do_not_count_as_acronyms():
    assert find_signals("BREAKING NEWS FROM THE COUNCIL")["match"].tolist() == []


# --- offsets and robustness ---------------------------------------------------------------------------------


@settings(max_examples=150, deadline=None)
@given(st.lists(st.sampled_from(list("abc MAY may Iran FBI 2019 March. \n,:;“”'’-@1") + ["reports have emerged ", "I saw ", "U.S.", "· "]), max_size=60).map("".join))
def test_offsets_always_point_at_the_match(text):
    found = find_signals(text)
    for row in found.itertuples():
        assert text[row.start : row.end] == row.match
        assert row.category in CATEGORIES
    for category, group in found.groupby("category"):
        spans = sorted(zip(group["start"], group["end"]))
        assert all(a_end <= b_start for (_, a_end), (b_start, _) in zip(spans, spans[1:])), f"{category} spans overlap"


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=300))
def test_any_text_gives_a_table_and_never_crashes(text):
    found = find_signals(text)
    assert list(found.columns) == signals.SIGNAL_COLUMNS


def test_find_signals_refuses_non_text():
    with pytest.raises(TypeError, match="expects text"):
        find_signals(b"bytes")


# --- accuracy against a careful reader ----------------------------------------------------------------------


def _overlap(a, b) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def precision_recall(text: str, gold: pd.DataFrame) -> pd.DataFrame:
    """Per category: a found span is right if it overlaps a gold span of its category; a gold span is found likewise."""
    found = find_signals(text)
    rows = []
    for category in CATEGORIES:
        g = list(zip(*[gold.loc[gold["category"] == category, c] for c in ("start", "end")]))
        p = list(zip(*[found.loc[found["category"] == category, c] for c in ("start", "end")]))
        right = sum(any(_overlap(x, y) for y in g) for x in p)
        hit = sum(any(_overlap(y, x) for x in p) for y in g)
        exact = len(set(p) & set(g))
        rows.append({"category": category, "gold": len(g), "found": len(p), "precision": right / len(p) if p else 1.0, "recall": hit / len(g) if g else 1.0, "exact": exact})
    return pd.DataFrame(rows).set_index("category")


def test_gold_spans_are_the_article_text():
    text, gold = data.load("article"), pd.read_csv(data.path("signals_gold.csv"))
    assert list(gold.columns) == ["start", "end", "category", "text"]
    assert set(gold["category"]) <= set(CATEGORIES)
    for row in gold.itertuples():
        assert text[row.start : row.end] == row.text


def test_precision_and_recall_on_the_case_study():
    text, gold = data.load("article"), pd.read_csv(data.path("signals_gold.csv"))
    table = precision_recall(text, gold)
    print("\nCase study, against data/signals_gold.csv (overlap match):\n" + table.round(2).to_string())
    lexicon_part = table.loc[LEXICON_CATEGORIES]
    assert (lexicon_part["precision"] >= 0.9).all(), lexicon_part
    assert (lexicon_part["recall"] >= 0.85).all(), lexicon_part
    assert table.loc["specific", "precision"] >= 0.85 and table.loc["specific", "recall"] >= 0.85
    hedges = gold[gold["category"] == "hedge"]["text"].str.lower()
    assert {"alleged", "assumed", "suspected", "may", "potentially"} <= set(hedges)


def test_precision_and_recall_on_the_second_article():
    text = (FIXTURES / "second_article.txt").read_text(encoding="utf-8")
    gold = pd.read_csv(FIXTURES / "second_article_gold.csv")
    for row in gold.itertuples():
        assert text[row.start : row.end] == row.text
    table = precision_recall(text, gold)
    print("\nSecond article, against tests/fixtures/second_article_gold.csv:\n" + table.round(2).to_string())
    found, right = table["found"].sum(), (table["precision"] * table["found"]).sum()
    hit = (table["recall"] * table["gold"]).sum()
    assert right / found >= 0.85 and hit / table["gold"].sum() >= 0.85


# --- counts per claim and per section -----------------------------------------------------------------------


def test_counts_per_claim_and_section_agree():
    claims = data.load("claims")
    per_claim = signals_per_claim(claims)
    assert list(per_claim.index) == list(claims["claim_id"]) and list(per_claim.columns) == list(CATEGORIES)
    assert per_claim.loc["C004", "booster"] == 1  # "Indisputably"
    assert per_claim.loc["C008", "first_person"] >= 3  # Observationally, I had, I was
    per_section = signals_per_section(claims)
    assert list(per_section.index) == medialit.load_article().sections
    assert per_section["claims"].sum() == len(claims)
    assert (per_section[list(CATEGORIES)].sum() == per_claim.sum()).all()


def test_counts_need_a_claims_table():
    with pytest.raises(ValueError, match=r"missing column\(s\) \['claim_id'\]"):
        signals_per_claim(pd.DataFrame({"text": ["It may rain."]}))


# --- highlighting -------------------------------------------------------------------------------------------


def _visible_text(markup: str) -> str:
    markup = re.sub(r"<sup[^>]*>.*?</sup>|<span[^>]*>.*?</span>", "", markup)
    return html.unescape(re.sub(r"<[^>]+>", "", markup))


def test_highlight_escapes_first_then_marks():
    text = 'Reports say <script>alert("x")</script> & the FBI may act.'
    markup = highlight_html(text)
    assert "<script>" not in markup and "&lt;script&gt;" in markup and "&amp;" in markup
    assert _visible_text(markup) == text
    assert markup.count("<mark ") == len(find_signals(text))
    assert 'data-category="hedge"' in markup and ">H</sup>" in markup and "(hedge)" in markup


def test_highlight_of_the_whole_article_keeps_every_character():
    text = data.load("article")
    assert _visible_text(highlight_html(text)) == text


def test_highlight_filters_categories_and_explains_overlaps():
    text = "Reports suggest the plan may fail."
    only = highlight_html(text, categories=["hedge"])
    assert 'data-category="vague_attribution"' not in only and only.count("<mark ") == 2  # suggest, may
    both = highlight_html(text)  # "Reports suggest" (vague source) contains "suggest" (hedge)
    assert both.count("<mark ") == 2 and "Vague source + Hedge" in both and ">VH</sup>" in both


def test_highlight_refuses_foreign_offsets_and_categories():
    bad = pd.DataFrame({"start": [0], "end": [99], "category": ["hedge"]})
    with pytest.raises(ValueError, match="do not fit"):
        highlight_html("short", bad)
    evil = pd.DataFrame({"start": [0], "end": [2], "category": ['x" onmouseover="alert(1)']})
    with pytest.raises(ValueError, match="unknown signal"):
        highlight_html("short", evil)


def test_legend_names_every_category_in_words():
    legend = highlight_html("It may rain.", legend=True)
    for cat in CATEGORIES.values():
        assert html.escape(cat.label) in legend and f"<strong>{cat.cue}</strong>" in legend


# --- charts -------------------------------------------------------------------------------------------------


def test_signals_by_level_follows_the_taxonomy():
    claims, key = data.load("claims"), data.load("answer_key")
    table = signals_by_level(claims, key)
    order = [k for k in medialit.load_taxonomy().keys if k in set(key["level"])]
    assert list(table.index) == order
    assert table["claims"].sum() == len(key)
    with pytest.raises(ValueError, match="not in the taxonomy"):
        signals_by_level(claims, pd.DataFrame({"claim_id": ["C004"], "level": ["maybe"]}))


def test_chart_of_signals_beside_levels_takes_and_returns_ax():
    claims, key = data.load("claims"), data.load("answer_key")
    fig, ax = plt.subplots()
    try:
        assert plot_signals_by_level(claims, key, ax, categories=("hedge", "booster")) is ax
        assert len(ax.containers) == 2
        assert [c.get_children()[0].get_hatch() for c in ax.containers] == [CATEGORIES["hedge"].hatch, CATEGORIES["booster"].hatch]
        taxonomy = medialit.load_taxonomy()
        labels = [t.get_text().split("\n")[0] for t in ax.get_xticklabels()]
        assert labels == [taxonomy[k].label for k in signals_by_level(claims, key).index]
        assert ax.get_title() and ax.get_ylabel() and ax.get_legend() is not None
        ax.clear()
        assert plot_signals_by_section(claims, ax) is ax
        assert len(ax.get_yticklabels()) == len(medialit.load_article().sections)
    finally:
        plt.close(fig)


@pytest.mark.parametrize("module", [lexicon, signals, signal_views])
def test_docstring_examples_run(module):
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    assert result.attempted > 0 and result.failed == 0
