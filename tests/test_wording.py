"""Words a teacher or learner reads: no Python keywords or type names in messages, previews cut at a word."""

from __future__ import annotations

import pytest

from medialit.cli import main
from medialit.errors import SubmissionError
from medialit import tagfile


def test_the_cli_says_force_without_python_keywords(tmp_path, capsys):
    (tmp_path / "class").mkdir()
    grades = tmp_path / "grades.xlsx"
    grades.write_bytes(b"not ours")
    assert main(["class-report", str(tmp_path / "class"), "--out", str(grades)]) == 2
    err = capsys.readouterr().err
    assert "--force" in err and "force=True" not in err and "=True" not in err


@pytest.mark.parametrize("payload, words", [(b"null", "empty JSON (null)"), (b"[1, 2]", "a list"), (b'"text"', "a piece of text"), (b"3", "a number"), (b"true", "true or false")])
def test_a_file_that_is_not_an_object_is_named_in_plain_words(payload, words):
    with pytest.raises(SubmissionError) as caught:
        tagfile.from_bytes(payload, "ana.json", error=SubmissionError)
    assert words in str(caught.value)
    assert "NoneType" not in str(caught.value) and "type" not in str(caught.value)


def test_a_preview_is_cut_at_a_word_with_an_ellipsis():
    from medialit.safe_text import preview

    note = "The source is named but I could not find the original study anywhere online (maybe it was discontinued)"
    shown = preview(note, 90)
    assert shown.endswith("…") and len(shown) <= 90
    assert note.startswith(shown[:-1]) and shown[:-1].split()[-1] in note.split()  # a whole word before the "…"
    assert preview("short", 90) == "short"
    assert preview("x" * 200, 50) == "x" * 49 + "…"  # one long word: cut where it must


def test_the_reports_note_quotes_are_cut_at_a_word(tmp_path):
    from medialit.classroom import analyse_class, merge_submissions
    from medialit.report import class_report_html
    from test_classroom import put, submission

    note = ("word " * 70) + "discontinued"  # 362 characters: longer than the report quotes
    for number in range(3):
        put(tmp_path, f"l{number}.json", submission(f"L{number}", {"C004": ("bare_assertion" if number else "not_a_claim", note)}))
    tags, problems = merge_submissions(tmp_path)
    html = class_report_html(analyse_class(tags), problems, charts=False)
    assert "word word…" in html or "word…" in html
    assert "disc" not in html  # never half a word
