"""The answer key covers every statement exactly once, with valid levels and reasons that quote the claim itself."""

from __future__ import annotations

import csv
import doctest

import pytest

import medialit
from medialit import answer_key, data
from medialit.article import STRUCTURE_KINDS
from medialit.errors import DataFileError, UnknownClaimError

RAW_ROWS = list(csv.DictReader(open(data.path("answer_key.csv"), encoding="utf-8", newline="")))


@pytest.fixture(scope="module")
def key():
    return data.load("answer_key")


@pytest.fixture(scope="module")
def claims():
    return medialit.load_article().claims


def _write_key(folder, rows):
    with open(folder / "answer_key.csv", "w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=answer_key.KEY_COLUMNS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def _with(target, **changes):
    return [dict(row, **changes) if row["claim_id"] == target else dict(row) for row in RAW_ROWS]


# --- the committed key -----------------------------------------------------------------------------------------

def test_every_statement_has_exactly_one_key_row_and_structure_has_none(key, claims):
    statements = claims.loc[~claims["kind"].isin(STRUCTURE_KINDS), "claim_id"].tolist()
    assert [row["claim_id"] for row in RAW_ROWS] == statements  # one row each, in reading order
    assert key["claim_id"].is_unique
    structure = set(claims.loc[claims["kind"].isin(STRUCTURE_KINDS), "claim_id"])
    assert structure and not structure & set(key["claim_id"])
    assert set(claims.loc[claims["claim_id"].isin(key["claim_id"]), "kind"]) == {"sentence", "bio"}


def test_columns_are_stable_for_the_exercise_checks(key):
    assert list(key.columns) == ["claim_id", "level", "defensible", "confidence", "reason", "quote", "signals"]


def test_levels_and_alternatives_are_taxonomy_keys(key):
    levels = set(medialit.load_taxonomy().keys)
    assert set(key["level"]) <= levels
    for row in key.itertuples():
        others = [part for part in row.defensible.split(";") if part]
        assert set(others) <= levels - {row.level}, row.claim_id
        assert (row.confidence == "debatable") == bool(others), row.claim_id


def test_every_quote_and_every_quoted_passage_occurs_in_its_claim(key, claims):
    texts = dict(zip(claims["claim_id"], claims["text"]))
    for row in key.itertuples():
        assert row.quote in texts[row.claim_id], row.claim_id
        passages = answer_key.reason_quotes(row.reason)
        assert passages, f"{row.claim_id}: the reason quotes nothing"
        for passage in passages:
            assert passage in texts[row.claim_id], f"{row.claim_id}: {passage!r}"


def test_reasons_are_one_to_three_sentences(key):
    for row in key.itertuples():
        count = len(medialit.split_sentences(row.reason))
        assert 1 <= count <= 3, f"{row.claim_id}: {count} sentences"


def test_signals_are_known_categories(key):
    for row in key.itertuples():
        assert set(filter(None, row.signals.split(";"))) <= set(answer_key.SIGNAL_CATEGORIES), row.claim_id


def test_first_pass_levels_stay_within_what_the_article_alone_can_show(key):
    # Reading the article alone cannot corroborate, contradict or open a primary record: that is lesson 06's job.
    assert not set(key["level"]) & {"contradicted", "primary_record", "corroborated"}
    assert {"not_a_claim", "bare_assertion", "vague_attribution"} <= set(key["level"])
    # No statement says who vouches for it, so none is keyed named_source; where one names what it is about
    # (a partner agency, a university, a book), named_source is a defensible reading, not the key's.
    assert "named_source" not in set(key["level"])
    assert key["defensible"].str.contains("named_source").any()
    assert set(key["confidence"]) == {"clear-cut", "debatable"}


def test_textbook_cases(key):
    entry = answer_key.key_for("C063")
    assert (entry.level, entry.confidence, entry.quote) == ("vague_attribution", "clear-cut", "reports have emerged")
    assert "vague_attribution" in entry.signals
    assert answer_key.key_for("C025").level == "not_a_claim"  # "Scientific studies should examine"
    assert answer_key.key_for("C008").signals[0] == "first_person"


def test_acceptable_levels_are_the_level_plus_the_defensible_ones():
    assert answer_key.acceptable_levels("C083") == {"named_source", "bare_assertion"}
    assert answer_key.acceptable_levels("C014") == {"vague_attribution"}
    assert answer_key.key_for("C004").is_debatable


def test_key_for_refuses_a_heading_and_an_unknown_id():
    with pytest.raises(UnknownClaimError, match=r"got 'C003'"):
        answer_key.key_for("C003")  # "· Introduction" is a heading
    with pytest.raises(UnknownClaimError, match=r"got 'C999'"):
        answer_key.acceptable_levels("C999")


def test_loaded_key_is_a_copy(key):
    first = data.load("answer_key")
    first.loc[0, "level"] = "corroborated"
    assert data.load("answer_key").loc[0, "level"] != "corroborated"


def test_module_examples_run():
    assert doctest.testmod(answer_key).failed == 0


# --- broken keys name the file, line, field and fix -----------------------------------------------------------

@pytest.mark.parametrize(
    "change, message",
    [
        (dict(claim_id="C999"), r"line 2: 'claim_id' 'C999' is not in the claims table\..*Fix: use an ID"),
        (dict(level="maybe"), r"line 2 \(claim_id 'C004'\): 'level' must be one of \[.*\] \(got 'maybe'\)\..*Fix: use a key from the case's taxonomy"),
        (dict(defensible="probable"), r"'defensible' lists 'probable'"),
        (dict(confidence="certain"), r"'confidence' must be one of \['clear-cut', 'debatable'\] \(got 'certain'\)"),
        (dict(confidence="clear-cut"), r"'confidence' is 'clear-cut' but 'defensible' is"),
        (dict(quote="front line of offence"), r"'quote' 'front line of offence' does not occur in the claim's text\..*curly apostrophes"),
        (dict(reason="It has no quotation at all."), r"'reason' quotes none of the claim's words"),
        (dict(reason='It says "reports have emerged".'), r"'reason' quotes 'reports have emerged', which is not in the claim's text"),
        (dict(signals="booster;weasel"), r"'signals' lists 'weasel'"),
    ],
)
def test_broken_row_is_reported_with_place_and_fix(seed_pack, change, message):
    _write_key(seed_pack, _with("C004", **change))
    with pytest.raises(DataFileError, match=message) as caught:
        data.load("answer_key")
    assert "answer_key.csv" in str(caught.value)


def test_a_structure_row_is_refused(seed_pack):
    rows = [dict(RAW_ROWS[0], claim_id="C003", quote="Introduction", reason='"Introduction" is a heading.')] + RAW_ROWS
    _write_key(seed_pack, rows)
    with pytest.raises(DataFileError, match=r"line 2 \(claim_id 'C003'\): C003 is a heading.*Fix: delete the row"):
        data.load("answer_key")


def test_duplicate_and_missing_rows_are_refused(seed_pack):
    _write_key(seed_pack, RAW_ROWS + [RAW_ROWS[0]])
    with pytest.raises(DataFileError, match=rf"line {len(RAW_ROWS) + 2} \(claim_id 'C004'\): .* keyed twice \(also on line 2\)"):
        data.load("answer_key")
    _write_key(seed_pack, RAW_ROWS[1:])
    with pytest.raises(DataFileError, match=r"1 claim\(s\) have no key row: \['C004'\]"):
        data.load("answer_key")


def test_missing_file_and_missing_column(seed_pack):
    (seed_pack / "answer_key.csv").unlink()
    with pytest.raises(DataFileError, match=r"answer_key.csv: the series' case has no answer key.*restore it from git"):
        data.load("answer_key")
    (seed_pack / "answer_key.csv").write_text("claim_id,level\nC004,bare_assertion\n", encoding="utf-8")
    with pytest.raises(DataFileError, match=r"header: missing column\(s\) \['defensible'"):
        data.load("answer_key")


# --- comparing a learner's answers with the key -----------------------------------------------------------------

def test_compare_with_key_gives_a_verdict_per_answer():
    table = answer_key.compare_with_key({"C086": "bare_assertion", "C083": "named_source", "C081": "named_source", "C084": None})
    assert table["claim_id"].tolist() == ["C086", "C083", "C081", "C084"]
    assert table["verdict"].tolist() == ["matches the key", "defensible", "differs", "not answered"]
    assert table.loc[0, "reason"] == answer_key.key_for("C086").reason
    assert list(table.columns) == ["claim_id", "text", "your_level", "key_level", "verdict", "confidence", "reason"]


def test_compare_with_key_takes_labels_series_and_tables():
    by_label = answer_key.compare_with_key({"C063": "Vague attribution"})
    assert by_label.loc[0, "your_level"] == "vague_attribution" and by_label.loc[0, "verdict"] == "matches the key"
    import pandas as pd

    frame = pd.DataFrame({"claim_id": ["C025", "C014"], "level": ["not_a_claim", "bare_assertion"]})
    assert answer_key.compare_with_key(frame)["verdict"].tolist() == ["matches the key", "differs"]
    assert answer_key.compare_with_key(pd.Series({"C025": ...}))["verdict"].tolist() == ["not answered"]


def test_compare_with_key_refuses_unknown_claims_and_levels():
    with pytest.raises(UnknownClaimError, match="got 'C010'"):
        answer_key.compare_with_key({"C010": "not_a_claim"})  # a heading is not keyed
    with pytest.raises(medialit.UnknownLevelError, match=r"got 'probably true'"):
        answer_key.compare_with_key({"C025": "probably true"})
