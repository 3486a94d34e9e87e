"""Control characters (NUL, ESC sequences, C1 controls, U+202E and the other bidi controls) in names and notes.

Refused when typed (a note in the tagger, the name box), and made harmless on every way out of a crafted hand-in that
bypassed the tagger: the HTML report, the CSV and the teacher's terminal.
"""

from __future__ import annotations

import csv
import io

import pytest

import medialit
from medialit import paths, tagfile
from medialit.cli import main
from medialit.errors import InvalidTextError
from medialit.session import TaggingSession

from test_classroom import put, submission

# What a crafted file may carry: NUL, an ESC sequence that erases a line, a title-setting OSC ending in BEL, a C1 CSI,
# DEL, and the bidirectional controls that reverse or isolate text (Trojan Source).
CONTROLS = ["\x00", "\x1b[2K", "\x1b]0;pwned\x07", "\x9b31m", "\x7f", "\u202e", "\u202d", "\u2066", "\u2067", "\u2068", "\u2069", "\u202a", "\u202b"]
RAW = set("\x00\x1b\x07\x9b\x7f\u202e\u202d\u2066\u2067\u2068\u2069\u202a\u202b")


@pytest.mark.parametrize("control", CONTROLS)
def test_a_note_with_a_control_character_is_refused_when_typed(control):
    session = TaggingSession(medialit.load_case())
    session.tag("C004", "bare_assertion", note="ok")
    with pytest.raises(InvalidTextError, match="C004.*(control|NUL)"):
        session.set_note("C004", f"only his{control} word")
    assert session.first.tags()["C004"].note == "ok", "a refused note changes nothing"
    assert tagfile.text_problem(f"a{control}b", tagfile.MAX_NOTE, typed=True) is not None
    assert tagfile.text_problem(f"a{control}b", tagfile.MAX_NOTE, nul_ok=True) is None, "readers accept it, and escape it on output"


def test_line_breaks_and_tabs_stay_allowed_in_a_note_and_letters_of_every_script_in_a_name():
    assert tagfile.text_problem("first line\nsecond\tline\r\n", tagfile.MAX_NOTE, typed=True) is None
    assert paths.name_problem("محمد") is None and paths.name_problem("李明") is None and paths.name_problem("Zoë") is None
    assert tagfile.text_problem("עברית\u200f and English", tagfile.MAX_NOTE, typed=True) is None, "a right-to-left mark reverses nothing"


@pytest.mark.parametrize("control", CONTROLS + ["\n", "\t"])
def test_the_name_box_refuses_a_control_character(control, monkeypatch, tmp_path):
    monkeypatch.setenv("MEDIALIT_HOME", str(tmp_path))
    problem = paths.name_problem(f"Ana{control}Ruiz")
    assert problem and problem.startswith("The name")
    with pytest.raises(InvalidTextError):
        paths.save_name(f"Ana{control}Ruiz")
    assert not paths.name_path().exists()


def crafted_class(folder):
    """A crafted hand-in carrying every control in its name, its notes and its file name, beside two plain ones."""
    hostile = "".join(CONTROLS)
    put(folder, "crafted\x1b[2K.json", submission(f"Eve{hostile}", {"C004": ("bare_assertion", f"note{hostile}end"), "C005": ("named_source", f"{hostile}=1+1"), "C998": "named_source"}))
    put(folder, "ana.json", submission("Ana", {"C004": ("not_a_claim", "plain"), "C005": "named_source"}))
    put(folder, "ben.json", submission("Ben", {"C004": ("bare_assertion", "plain"), "C005": "vague_attribution", "C999": "named_source"}))
    return folder


def test_a_crafted_hand_in_reaches_no_output_with_its_controls(tmp_path, capsys):
    (tmp_path / "class").mkdir()
    folder = crafted_class(tmp_path / "class")
    out, table = tmp_path / "report.html", tmp_path / "merged.csv"
    assert main(["class-report", str(folder), "--out", str(out), "--csv", str(table), "--no-charts"]) == 0
    page = out.read_text(encoding="utf-8")
    text = table.read_text(encoding="utf-8-sig")
    terminal = capsys.readouterr()
    for where, output in (("the HTML report", page), ("the CSV", text), ("the terminal", terminal.out + terminal.err)):
        left = sorted(RAW & set(output))
        assert not left, f"{where} carries raw controls {left!r}"
    assert "Eve" in page and "note" in page and "crafted" in terminal.err, "the learner still counts, the file is still named"
    rows = list(csv.DictReader(io.StringIO(text)))
    assert {row["learner"][:3] for row in rows} == {"Ana", "Ben", "Eve"}, "three learners merged, the crafted one too"
    assert all(not row["note"].lstrip().startswith("=") for row in rows)


def test_the_taggers_name_field_refuses_a_control_character_on_export(tmp_path, monkeypatch):
    monkeypatch.setenv("MEDIALIT_HOME", str(tmp_path))
    monkeypatch.delenv("MEDIALIT_INBOX", raising=False)
    tagger = medialit.ClaimTagger(name="Ana")
    tagger.choose("bare_assertion")
    tagger.learner_name.value = "Ana\u202eevil"
    tagger.export()
    assert "control character" in tagger.status.value and not (tmp_path / "submissions").exists()
