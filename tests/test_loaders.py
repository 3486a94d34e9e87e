"""``medialit.data.load`` and the article loaders: good files load, bad ones name the file, place and fix."""

from __future__ import annotations


import pytest

import medialit
from medialit import ArticleError, DataFileError, data


def test_load_by_name():
    claims = data.load("claims")
    assert list(claims.columns) == medialit.article.CLAIM_COLUMNS
    assert claims["start"].dtype.kind == "i"
    assert isinstance(data.load("taxonomy"), medialit.Taxonomy)
    article = medialit.load_article()
    assert article.sha256 == data.ARTICLE_SHA256
    assert article.claim("C002").text == "Erfan Fard"


def test_unknown_name_lists_the_known_ones():
    with pytest.raises(DataFileError, match=r"no data set called 'clams'.*use one of \[.*'claims'"):
        data.load("clams")


def test_changed_article_is_refused(seed_pack):
    (seed_pack / "article.txt").write_text("An edited article.", encoding="utf-8")
    with pytest.raises(DataFileError, match=r"article.txt: has SHA-256 .* byte-for-byte"):
        data.load("article")


def test_claims_row_that_no_longer_matches_the_article(seed_pack):
    path = seed_pack / "claims.csv"
    path.write_text(path.read_text(encoding="utf-8").replace("Erfan Fard\n", "Someone Else\n", 1), encoding="utf-8")
    with pytest.raises(DataFileError, match=r"claims.csv, line 3 \(claim_id 'C002'\): 'text' is not the article's text"):
        data.load("claims")


def test_claims_row_with_a_bad_offset(seed_pack):
    path = seed_pack / "claims.csv"
    path.write_text(path.read_text(encoding="utf-8").replace("byline,87,", "byline,eighty,", 1), encoding="utf-8")
    with pytest.raises(DataFileError, match=r"line 3 \(claim_id 'C002'\): 'start' must be a whole number \(got 'eighty'\)"):
        data.load("claims")


def test_claims_with_missing_column(seed_pack):
    path = seed_pack / "claims.csv"
    path.write_text(path.read_text(encoding="utf-8").replace("claim_id,", "id,", 1), encoding="utf-8")
    with pytest.raises(DataFileError, match=r"claims.csv, header: missing column"):
        data.load("claims")


def test_missing_data_file_says_how_to_restore(seed_pack):
    (seed_pack / "claims.csv").unlink()
    with pytest.raises(DataFileError, match="file not found.*restore it from git"):
        data.load("claims")


def test_article_from_file_rejects_binary_and_non_utf8(tmp_path):
    binary = tmp_path / "photo.txt"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00")
    with pytest.raises(ArticleError, match="NUL bytes"):
        medialit.Article.from_file(binary)
    latin = tmp_path / "latin.txt"
    latin.write_bytes("Caf\xe9 owners say prices rose.".encode("latin-1"))
    with pytest.raises(ArticleError, match=r"not UTF-8 .*Fix: re-save it as UTF-8"):
        medialit.Article.from_file(latin)
    empty = tmp_path / "empty.txt"
    empty.write_text("  \n", encoding="utf-8")
    with pytest.raises(ArticleError, match="empty"):
        medialit.Article.from_file(empty)


def test_article_from_text_builds_a_claims_table():
    article = medialit.Article.from_text("Headline Here\nBy Jo Bloggs\n\nThe council met on Jan. 5. It voted 7-2.", title="Headline Here")
    assert article.claims["kind"].tolist() == ["title", "byline", "sentence", "sentence"]
    assert article.claims["text"].tolist()[2:] == ["The council met on Jan. 5.", "It voted 7-2."]
