"""The case study as one value: loading packs, a case from pasted text, the answer key as an object, and the one
rule for level names and level counts."""

from __future__ import annotations

import dataclasses
import doctest
import json
import math
import shutil

import pandas as pd
import pytest

import medialit
from case_packs import SECOND_ARTICLE, key_rows, make_pack, write_key
from medialit import case as case_module
from medialit import data, key as key_module
from medialit.accessible import level_counts
from medialit.charts import count_levels, counts_by_section
from medialit.errors import DataFileError, UnknownClaimError, UnknownLevelError
from medialit.key import AnswerKey, KeyEntry, split_levels
from medialit.sample_class import generate_class

SERIES = medialit.load_case()
TAXONOMY = SERIES.taxonomy


# ---- loading cases ----

def test_the_series_case_is_the_default_and_loads_by_id_and_by_path():
    assert SERIES.id == data.DEFAULT_CASE and SERIES.sha256 == data.ARTICLE_SHA256
    assert SERIES.key is not None and len(SERIES.key) == 65 and SERIES.sources is None
    assert SERIES.provenance["author"] == "Erfan Fard" and SERIES.title == SERIES.article.title
    assert medialit.load_case(data.DEFAULT_CASE) is SERIES, "read once: loading again gives the same case"
    assert medialit.load_case(data.cases_dir() / data.DEFAULT_CASE) is SERIES
    assert medialit.load_article() is SERIES.article and medialit.load_taxonomy() is SERIES.taxonomy


def test_a_pack_of_another_article_loads_with_its_own_key(tmp_path):
    case = medialit.load_case(make_pack(tmp_path / "millbrook-station"))
    assert case.id == "millbrook-station" and case.title == "Will the Old Station Reopen?"
    assert case.provenance["author"] == "Dana Whitlock" and case.article.source.startswith("https://example.org/")
    assert case.sha256 == medialit.Article.from_file(SECOND_ARTICLE).sha256
    assert case.key["C014"].acceptable == {"primary_record", "named_source"} and case.key["C014"].is_debatable
    assert case.key["C004"].confidence == "clear-cut" and case.key.claim_ids[0] == "C004"
    assert case.taxonomy.keys == TAXONOMY.keys, "a pack without taxonomy.csv has the series' levels"


def test_a_changed_pack_is_read_again(tmp_path):
    pack = make_pack(tmp_path / "pack")
    first = medialit.load_case(pack)
    rows = key_rows(pack)
    rows[0]["level"] = "not_a_claim"
    write_key(pack, rows)
    assert medialit.load_case(pack).key["C004"].level == "not_a_claim" != first.key["C004"].level


def test_a_pack_may_bring_its_own_taxonomy(tmp_path, root):
    pack = make_pack(tmp_path / "pack", keyed=False)
    levels = (root / "data" / "taxonomy.csv").read_text(encoding="utf-8").replace("Named source, not yet checked", "A source you can look up")
    (pack / "taxonomy.csv").write_text(levels, encoding="utf-8")
    case = medialit.load_case(pack)
    assert case.taxonomy["named_source"].label == "A source you can look up" and case.key is None
    assert medialit.TaggingSession(case).taxonomy is case.taxonomy


@pytest.mark.parametrize("breakage, message", [
    (lambda pack: (pack / "case.json").unlink(), r"case.json: file not found.*Fix: restore it"),
    (lambda pack: (pack / "case.json").write_text("{", encoding="utf-8"), r"case.json, line 1, column 2: is not valid JSON"),
    (lambda pack: _edit_info(pack, id="Not An Id"), r"field 'id': 'id' must be a short id"),
    (lambda pack: (pack / "article.txt").write_text("Another text.", encoding="utf-8"), r"article.txt: has SHA-256 .*byte-for-byte"),
    (lambda pack: (pack / "claims.csv").write_text("claim_id,text,start,end\nC001,x,0,1\n", encoding="utf-8"), r"claims.csv, header: missing column"),
    (lambda pack: shutil.copy(pack / "answer_key.csv", pack / "key-copy.csv"), r"has 2 key files: \['answer_key.csv', 'key-copy.csv'\]"),
])
def test_a_broken_pack_names_the_file_the_place_and_the_fix(tmp_path, breakage, message):
    pack = make_pack(tmp_path / "pack")
    breakage(pack)
    with pytest.raises(DataFileError, match=message):
        medialit.load_case(pack)


def _edit_info(pack, **changes):
    info = json.loads((pack / "case.json").read_text(encoding="utf-8"))
    (pack / "case.json").write_text(json.dumps(dict(info, **changes)), encoding="utf-8")


def test_not_a_folder_is_refused(tmp_path):
    with pytest.raises(DataFileError, match=r"is not a case pack folder \(not found\)"):
        medialit.load_case(tmp_path / "nowhere")


def test_a_case_from_pasted_text_for_lesson_08():
    text = SECOND_ARTICLE.read_text(encoding="utf-8")
    case = medialit.case_from_text(text)
    assert case.key is None and case.taxonomy.keys == TAXONOMY.keys
    assert case.id == medialit.case_from_text(text).id, "the same text is the same case: progress on it resumes"
    assert case.id.startswith("will-the-old-station-reopen-") and case.title == "Will the Old Station Reopen?"
    session = medialit.TaggingSession(case)
    session.tag("C004", "bare_assertion")
    assert session.case_id == case.id and session.progress().tagged == 1


def test_the_module_examples_run():
    import medialit.classroom
    import medialit.sample_class
    import medialit.store

    for module in (case_module, key_module, medialit.series, data, medialit.store, medialit.classroom, medialit.sample_class):
        assert doctest.testmod(module, optionflags=doctest.ELLIPSIS).failed == 0, module.__name__


# ---- the answer key as an object ----

def test_the_key_parses_defensible_levels_once_whatever_the_spacing():
    assert split_levels("bare_assertion; not_a_claim") == ("bare_assertion", "not_a_claim") == split_levels(" bare_assertion ;not_a_claim;")
    assert split_levels("") == () == split_levels(float("nan")) == split_levels(None)
    table = pd.DataFrame({"claim_id": ["C004"], "level": ["named_source"], "defensible": ["bare_assertion; not_a_claim"], "confidence": ["debatable"]})
    key = AnswerKey.from_frame(table)
    assert key["C004"].defensible == ("bare_assertion", "not_a_claim")
    assert key.verdict("C004", "not_a_claim") == "defensible" and key.verdict("C004", "contradicted") == "differs"
    assert key.to_frame().loc[0, "defensible"] == "bare_assertion;not_a_claim"
    with pytest.raises(UnknownClaimError):
        key["C999"]


def test_a_valid_spaced_row_never_makes_the_sample_class_write_a_level_with_a_space():
    """The key row "bare_assertion; not_a_claim" is valid; the sample class once picked " not_a_claim" from it."""
    table = SERIES.key.to_frame()
    table["defensible"] = table["defensible"].str.replace(";", "; ")
    spaced = table.loc[table["defensible"].str.contains("; ")]
    assert len(spaced), "the series' key has rows with two defensible levels"
    submissions = generate_class(learners=30, seed=11, case=SERIES, key=table)
    chosen = {tag.level for submission in submissions for tag in [*submission.tags.values(), *submission.lateral_tags.values()]}
    assert chosen <= set(TAXONOMY.keys), f"levels not in the taxonomy: {sorted(chosen - set(TAXONOMY.keys))}"


def test_the_key_template_columns_are_read_too(tmp_path):
    case = medialit.load_case(make_pack(tmp_path / "pack"))
    entry = case.key["C025"]
    assert (entry.level, entry.defensible, entry.confidence) == ("not_a_claim", ("bare_assertion",), "debatable")
    assert entry.reason.startswith('The text says "If the plan') and entry.quote == "" and entry.signals == ()


def test_compare_with_key_works_on_any_case(tmp_path):
    case = medialit.load_case(make_pack(tmp_path / "pack"))
    compared = medialit.compare_with_key({"C025": "The author's word only", "C014": "named_source", "C016": None}, case=case)
    assert compared["verdict"].tolist() == ["defensible", "defensible", "not answered"]
    assert compared.loc[0, "text"].startswith("If the plan passes")


# ---- one rule for level names, one count of levels ----

def test_taxonomy_resolve_is_the_one_rule_for_level_names():
    assert TAXONOMY.resolve("named_source") == "named_source"
    assert TAXONOMY.resolve("Named source, not yet checked") == TAXONOMY.resolve("NAMED SOURCE, NOT YET CHECKED") == "named_source"
    assert TAXONOMY.resolve(TAXONOMY["corroborated"]) == "corroborated"
    for nothing in (None, ..., math.nan, "", "   "):
        assert TAXONOMY.resolve(nothing) is None
    with pytest.raises(UnknownLevelError, match="got 'probably'"):
        TAXONOMY.resolve("probably")


def test_every_count_of_levels_is_the_taxonomy_count():
    frame = pd.DataFrame({"section": ["A", "A", "B", "B"], "level": ["bare_assertion", None, "not_a_claim", "bare_assertion"]})
    expected = TAXONOMY.count(frame["level"])
    assert expected["bare_assertion"] == 2 and expected["not_a_claim"] == 1 and sum(expected.values()) == 3
    assert count_levels(frame, TAXONOMY).to_dict() == expected == level_counts(frame, TAXONOMY).to_dict()
    table = counts_by_section(frame, TAXONOMY)
    assert table.loc["A", "bare_assertion"] == 1 and table.loc["A", "not yet tagged"] == 1 and table.loc["B"].sum() == 2
    with pytest.raises(UnknownLevelError):
        TAXONOMY.count(["very_true"])


def test_a_case_without_its_key_is_still_a_case():
    bare = dataclasses.replace(SERIES, key=None)
    assert medialit.TaggingSession(bare).case.key is None
    with pytest.raises(DataFileError, match="has no answer key yet"):
        medialit.key_for("C004", case=bare)


def test_entries_are_key_entries():
    assert isinstance(SERIES.key["C063"], KeyEntry) and medialit.key_for("C063") is SERIES.key["C063"]


def test_a_pack_is_found_from_a_notebook_by_id_or_by_its_path_in_the_project(monkeypatch, root):
    monkeypatch.chdir(root / "notebooks")  # where a lesson runs
    assert medialit.load_case(f"data/cases/{data.DEFAULT_CASE}") is SERIES
    assert medialit.load_case(data.DEFAULT_CASE) is SERIES
    with pytest.raises(DataFileError, match=r"no-such-case: is not a case pack folder \(not found\)"):
        medialit.load_case("no-such-case")
