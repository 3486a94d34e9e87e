"""Bring your own article: bad input gives a clear ArticleError (file, problem, fix) or a sensible result, never a hang."""

from __future__ import annotations

import os
import signal
from pathlib import Path

import pytest

from medialit import Article, ArticleError
from medialit.article import MAX_ARTICLE_BYTES

from hang_guard import never_hangs

FIXTURES = Path(__file__).parent / "fixtures"
SHORT = "A Title\nBy Someone\nThe council met. It voted to close the bridge.\n"


def article_file(tmp_path: Path, content: bytes, name: str = "article.txt") -> Path:
    file = tmp_path / name
    file.write_bytes(content)
    return file


def assert_clear(caught: pytest.ExceptionInfo, *words: str) -> None:
    message = str(caught.value)
    assert "Fix:" in message, message
    for word in words:
        assert word in message, message


@pytest.mark.parametrize("text", ["", "   ", "\n\r\n\t  \r"])
def test_empty_text_is_refused(text):
    with pytest.raises(ArticleError) as caught:
        Article.from_text(text)
    assert_clear(caught, "empty")


def test_an_empty_file_names_the_file(tmp_path):
    with pytest.raises(ArticleError) as caught:
        Article.from_file(article_file(tmp_path, b""))
    assert_clear(caught, "article.txt", "empty")


def test_a_binary_file_is_refused(tmp_path):
    png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4
    with pytest.raises(ArticleError) as caught:
        Article.from_file(article_file(tmp_path, png, "photo.txt"))
    assert_clear(caught, "photo.txt", "NUL bytes", "not a text file")


def test_control_characters_are_not_plain_text():
    with pytest.raises(ArticleError) as caught:
        Article.from_text("Title\n" + "\x01\x02\x03\x04 garbage " * 50)
    assert_clear(caught, "control characters")


def test_a_non_utf8_file_is_refused_with_a_hint(tmp_path):
    latin = "Café Society\nThe café opened. It was crowded.\n".encode("cp1252")
    with pytest.raises(ArticleError) as caught:
        Article.from_file(article_file(tmp_path, latin))
    assert_clear(caught, "not UTF-8", "byte 3", "Windows-1252", "UTF-8")


def test_utf8_and_utf16_byte_order_marks_are_read(tmp_path):
    plain = Article.from_text(SHORT)
    for encoded in (b"\xef\xbb\xbf" + SHORT.encode("utf-8"), SHORT.encode("utf-16")):
        article = Article.from_file(article_file(tmp_path, encoded))
        assert article.text == SHORT and article.sha256 == plain.sha256
        assert list(article.claims["text"]) == list(plain.claims["text"])


def test_a_5_mb_file_is_refused_quickly_without_reading_it(tmp_path):
    big = tmp_path / "book.txt"
    with big.open("wb") as handle:
        line = b"The committee met again and talked about the budget for the year.\n"
        handle.write(line * (5_000_000 // len(line) + 1))
    assert big.stat().st_size > 5_000_000
    with pytest.raises(ArticleError) as caught:
        Article.from_file(big)
    assert_clear(caught, "book.txt", "bytes", f"{MAX_ARTICLE_BYTES:,}")


def test_5_mb_of_text_is_refused_too():
    with pytest.raises(ArticleError) as caught:
        Article.from_text("Word. " * 900_000)
    assert_clear(caught, "characters")


def test_a_long_article_just_under_the_limit_is_segmented():
    """About 0.9 MB of prose: the whole pipeline returns (linear-time splitter), every claim at its offsets."""
    paragraph = "The council met on 3 May. Dr. Lee said the U.S. grant was $4.5 million... Others disagreed!\n"
    text = "A Long Report\n" + paragraph * (900_000 // len(paragraph))
    article = Article.from_text(text)
    assert len(article.claims) > 25_000
    sample = article.claims.iloc[::997]
    assert all(text[r.start : r.end] == r.text for r in sample.itertuples())


def test_text_without_sentence_punctuation_gives_sensible_units():
    text = "notes from the meeting\nthe road is closed\nthe bridge needs work and the council has no money for it yet"
    article = Article.from_text(text)
    assert article.title == "notes from the meeting"
    assert len(article.claims) >= 1
    for row in article.claims.itertuples():
        assert text[row.start : row.end] == row.text
    one_line = Article.from_text("just words and more words " * 2000)
    assert len(one_line.claims) == 1 and one_line.claims.iloc[0]["kind"] == "sentence"  # no title line: a claim
    assert len(one_line.title) <= 80 and one_line.title.endswith("…")  # its name is its first words


# --- the title line ------------------------------------------------------------------------------------------


def kinds(text: str, **kwargs) -> list[tuple[str, str]]:
    article = Article.from_text(text, **kwargs)
    return [(row.kind, row.text) for row in article.claims.itertuples()]


def test_a_one_line_article_is_all_claims():
    text = "The mayor resigned on Monday. Reports say more officials will follow."
    article = Article.from_text(text)
    assert kinds(text) == [("sentence", "The mayor resigned on Monday."), ("sentence", "Reports say more officials will follow.")]
    assert article.title == text  # short enough to name it whole
    from medialit.session import TaggingSession

    assert TaggingSession(article, learner="tester").claim_ids() == ["C001", "C002"]  # both can be tagged


@pytest.mark.parametrize(
    "text",
    [
        "The mayor resigned on Monday.\nReports say more officials will follow.",  # a statement, not a headline
        "The mayor resigned. Others stayed.\nReports say more will follow.",  # a run of sentences
        "1. The mayor resigned\n2. Reports say more will follow.",  # a list item
        "The mayor resigned on Monday...\nReports say more will follow.",  # an ellipsis ends a statement
    ],
)
def test_a_first_line_that_is_not_a_title_line_is_claims(text):
    assert [kind for kind, _ in kinds(text)] != [] and all(kind == "sentence" for kind, _ in kinds(text))


@pytest.mark.parametrize(
    "text, title",
    [
        ("Will the Old Station Reopen?\nThe council will vote.", "Will the Old Station Reopen?"),
        ("Mayor Resigns!\nThe mayor resigned on Monday.", "Mayor Resigns!"),
        ('"Who Pays?"\nThe mayor resigned on Monday.', '"Who Pays?"'),
        ("the budget, explained\n\nThe mayor resigned on Monday.", "the budget, explained"),
    ],
)
def test_a_headline_followed_by_text_is_the_title(text, title):
    assert kinds(text)[0] == ("title", title)
    assert Article.from_text(text).title == title


def test_a_given_title_is_the_title_even_when_it_reads_as_a_statement():
    text = "The mayor resigned.\nReports say more will follow."
    assert kinds(text, title="The mayor resigned.")[0] == ("title", "The mayor resigned.")
    assert kinds(text, title="Another title")[0] == ("sentence", "The mayor resigned.")  # not at the start: the rule decides


def test_missing_files_folders_and_non_text_are_named(tmp_path):
    with pytest.raises(ArticleError) as caught:
        Article.from_file(tmp_path / "nope.txt")
    assert_clear(caught, "nope.txt", "not found")
    with pytest.raises(ArticleError) as caught:
        Article.from_file(tmp_path)
    assert_clear(caught, "folder")
    with pytest.raises(ArticleError) as caught:
        Article.from_text(b"bytes")  # type: ignore[arg-type]
    assert_clear(caught, "bytes")


# --- special files: refused before anything is opened or read ---------------------------------------------------

UNIX_ONLY = pytest.mark.skipif(not hasattr(os, "mkfifo") or not hasattr(signal, "SIGALRM"), reason="named pipes and alarms are Unix")



@UNIX_ONLY
def test_a_named_pipe_is_refused_without_waiting_for_a_writer(tmp_path):
    pipe = tmp_path / "article.txt"
    os.mkfifo(pipe)
    with never_hangs(5), pytest.raises(ArticleError) as caught:
        Article.from_file(pipe)
    assert_clear(caught, str(pipe), "not a regular file", "named pipe")


@UNIX_ONLY
def test_a_link_to_a_named_pipe_is_refused_and_named(tmp_path):
    pipe = tmp_path / "pipe"
    os.mkfifo(pipe)
    link = tmp_path / "article.txt"
    link.symlink_to(pipe)
    with never_hangs(5), pytest.raises(ArticleError) as caught:
        Article.from_file(link)
    assert_clear(caught, "article.txt", "not a regular file", "named pipe", "link")


@UNIX_ONLY
@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="no /dev/zero here")
def test_an_endless_device_is_refused_without_reading_it():
    with never_hangs(5), pytest.raises(ArticleError) as caught:
        Article.from_file("/dev/zero")
    assert_clear(caught, "/dev/zero", "not a regular file", "device")


def test_a_folder_or_a_link_to_one_is_refused(tmp_path):
    folder = tmp_path / "articles"
    folder.mkdir()
    link = tmp_path / "article.txt"
    link.symlink_to(folder, target_is_directory=True)
    for path in (folder, link):
        with pytest.raises(ArticleError) as caught:
            Article.from_file(path)
        assert_clear(caught, path.name, "is a folder")


def test_a_file_that_grows_after_its_size_was_checked_is_read_no_further(tmp_path, monkeypatch):
    """The size is checked before reading, but the file may grow in between: reading stops after the limit + 1 bytes."""
    small = article_file(tmp_path, SHORT.encode("utf-8"))
    checked = os.stat(small)
    with small.open("ab") as handle:
        handle.write(b"x" * (MAX_ARTICLE_BYTES * 3))
    real_stat = os.stat
    monkeypatch.setattr(os, "stat", lambda path, *args, **kwargs: checked if Path(path) == small else real_stat(path, *args, **kwargs))
    monkeypatch.setattr(os, "fstat", lambda fd: checked)  # both checks see the size before it grew
    with pytest.raises(ArticleError) as caught:
        Article.from_file(small)
    assert_clear(caught, "article.txt", f"grew past {MAX_ARTICLE_BYTES:,} bytes")


@pytest.mark.parametrize("newline", ["\r\n", "\r"])
def test_windows_and_old_mac_line_endings_give_the_same_claims(tmp_path, newline):
    text = (FIXTURES / "second_article.txt").read_text(encoding="utf-8")
    lf = Article.from_text(text)
    other = Article.from_file(article_file(tmp_path, text.replace("\n", newline).encode("utf-8")))
    assert other.text == text.replace("\n", newline)
    columns = ["claim_id", "kind", "section", "paragraph", "sentence"]
    assert other.claims[columns].equals(lf.claims[columns])
    assert [t.replace(newline, "\n") for t in other.claims["text"]] == list(lf.claims["text"])
    for row in other.claims.itertuples():
        assert other.text[row.start : row.end] == row.text
