"""The evidence-level taxonomy: the shipped file is valid, and a broken one says exactly what to fix."""

from __future__ import annotations

import shutil

import pytest

import medialit
from medialit import DataFileError, UnknownLevelError
from medialit.taxonomy import load_taxonomy


def test_shipped_taxonomy_has_the_gate_then_ordered_levels():
    taxonomy = medialit.load_taxonomy()
    assert taxonomy.keys == [
        "not_a_claim", "contradicted", "bare_assertion", "vague_attribution",
        "named_source", "primary_record", "corroborated",
    ]
    assert taxonomy["not_a_claim"].rank is None and not taxonomy["not_a_claim"].is_claim
    assert [lv.rank for lv in taxonomy][1:] == [1, 2, 3, 4, 5, 6]
    assert taxonomy.by_shortcut("4").key == "named_source"
    assert taxonomy.by_shortcut("9") is None
    assert len(set(taxonomy.colours.values())) == len(taxonomy)
    assert all(level.hatch for level in taxonomy), "every level needs a pattern so colour is never the only cue"


def test_unknown_level_error_lists_the_choices():
    with pytest.raises(UnknownLevelError, match=r"'level' must be one of \['not_a_claim'.*\(got 'maybe'\)"):
        medialit.load_taxonomy()["maybe"]


def _broken_copy(root, tmp_path, old, new):
    target = tmp_path / "taxonomy.csv"
    shutil.copy(root / "data" / "taxonomy.csv", target)
    text = target.read_text(encoding="utf-8")
    assert old in text
    target.write_text(text.replace(old, new, 1), encoding="utf-8")
    return target


@pytest.mark.parametrize(
    "old, new, message",
    [
        ("#0072B2", "blue", r"line 7 \(key 'primary_record'\): 'colour' must be a hex colour like #0072B2 \(got 'blue'\)"),
        ("corroborated,6,6", "corroborated,six,6", r"'rank' must be a whole number or empty \(got 'six'\)"),
        ("named_source,4,4", "named_source,4,3", r"'shortcut' '3' is used by both 'vague_attribution' and 'named_source'"),
        ("contradicted,1", "Contradicted!,1", r"line 3: 'key' must be lower_case_with_underscores"),
        ("key,rank", "kee,rank", r"header: missing column\(s\) \['key'\]"),
    ],
)
def test_malformed_taxonomy_names_file_place_value_and_fix(root, tmp_path, old, new, message):
    broken = _broken_copy(root, tmp_path, old, new)
    with pytest.raises(DataFileError, match=message) as caught:
        load_taxonomy(broken)
    assert str(broken) in str(caught.value) and "Fix:" in str(caught.value)


def test_missing_and_non_utf8_taxonomy(tmp_path):
    with pytest.raises(DataFileError, match="file not found"):
        load_taxonomy(tmp_path / "nope.csv")
    latin = tmp_path / "latin.csv"
    latin.write_bytes("key,rank\ncaf\xe9,1\n".encode("latin-1"))
    with pytest.raises(DataFileError, match="not UTF-8"):
        load_taxonomy(latin)


def test_help_teaches_the_taxonomy():
    assert "Is the author's say-so the only evidence?" in medialit.taxonomy.__doc__
    assert "rank" in medialit.EvidenceLevel.__doc__
