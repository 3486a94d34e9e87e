"""``medialit class-report`` end to end on the sample class: a self-contained, escaped page; a formula-safe CSV;
stable pseudonyms; nothing written into the submissions folder. Plus the report's building blocks."""

from __future__ import annotations

import contextlib
import csv
import errno
import io
import json
import os
import re
import shutil
import stat
import unicodedata
from html.parser import HTMLParser
from pathlib import Path

import pandas as pd
import pytest

from medialit import data
from medialit.cli import main
from medialit.pseudonyms import SECRET_ENV, class_secret, pseudonym, pseudonymise
from medialit.report import FORMULA_STARTS, TextProgress, spreadsheet_safe
from medialit.safe_text import for_display
from medialit.sample_class import NAMES, PROBLEMS_DIR, SAMPLE_DIR

HOSTILE_NOTES = {
    "C004": "<script>alert('stolen')</script>",
    "C005": '=HYPERLINK("http://evil.example/","click")',
    "C006": "+SUM(1,2)",
    "C007": "<img src=x onerror=alert(1)>",
    "C008": "@cmd",
    "C009": "-1+1",
}


class Page(HTMLParser):
    """Collects every tag, attribute and text run of a page."""

    def __init__(self, text: str):
        super().__init__()
        self.tags: list[str] = []
        self.attributes: list[tuple[str, str | None]] = []
        self.text: list[str] = []
        self.feed(text)

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self.attributes += attrs

    def handle_data(self, data):
        self.text.append(data)


def make_class_folder(folder: Path) -> Path:
    """The sample class, its deliberately bad files, and one learner whose notes try to inject HTML and formulas."""
    folder.mkdir()
    for source in (data.path(SAMPLE_DIR), data.path(PROBLEMS_DIR)):
        for path in source.glob("*.json"):
            shutil.copy(path, folder / path.name)
    document = json.loads((folder / "Zoe-U.json").read_text(encoding="utf-8"))
    document["learner"] = "Mallory <b>Bold</b>"
    for claim_id, note in HOSTILE_NOTES.items():
        document["tags"][claim_id] = {"level": "bare_assertion", "note": note, "tagged_at": document["updated"]}
    (folder / "Mallory.json").write_text(json.dumps(document), encoding="utf-8")
    return folder


@pytest.fixture
def class_folder(tmp_path: Path) -> Path:
    return make_class_folder(tmp_path / "submissions")


@pytest.fixture(scope="module")
def full_run(tmp_path_factory):
    """One full report (charts included) on the class folder: (folder, state before, output folder, exit code, stderr)."""
    root = tmp_path_factory.mktemp("report")
    folder = make_class_folder(root / "submissions")
    before = folder_state(folder)
    out = root / "out"
    capture = io.StringIO()
    with contextlib.redirect_stderr(capture):
        code = run_report(folder, out)
    return folder, before, out, code, capture.getvalue()


def folder_state(folder: Path) -> dict:
    return {p.name: (p.stat().st_mtime_ns, p.read_bytes()) for p in folder.iterdir()}


def run_report(folder: Path, out: Path, *extra: str) -> int:
    return main(["class-report", str(folder), "--out", str(out / "report.html"), "--csv", str(out / "merged.csv"), *extra])


def test_the_report_is_self_contained_and_escaped(full_run):
    folder, before, out, code, err = full_run
    assert code == 0
    assert folder_state(folder) == before  # nothing written into the submissions folder
    html = (out / "report.html").read_text(encoding="utf-8")
    page = Page(html)
    # details/summary/dl: each table's "How to read this table", native and script-free
    assert set(page.tags) <= {"html", "head", "meta", "title", "style", "body", "h1", "h2", "h3", "p", "table", "caption", "thead", "tbody", "tr", "th", "td", "ul", "li", "span", "strong", "em", "img", "bdi",
                              "details", "summary", "dl", "dt", "dd", "div"}
    assert "script" not in page.tags and "link" not in page.tags and "iframe" not in page.tags
    sources = [value for name, value in page.attributes if name in ("src", "href")]
    assert sources and all(value.startswith("data:image/png;base64,") for value in sources)
    assert not any(name.startswith("on") for name, _ in page.attributes)
    assert "http://" not in html and "https://" not in html and "url(" not in html and "@import" not in html
    assert "default-src 'none'" in html  # the browser is told to load nothing
    # the hostile learner's name and notes appear, as text
    assert "Mallory &lt;b&gt;Bold&lt;/b&gt;" in html and "<b>Bold" not in html
    assert "<script" not in html and "<img src=x" not in html
    assert "truncated.json" in err and "other-article.json" in err  # problems also go to the teacher's terminal
    problems = "".join(page.text)
    for name in ("truncated.json", "other-article.json", "unknown-claims.json", "Amira-K-earlier.json"):
        assert name in problems


def test_the_csv_cannot_start_a_formula(full_run):
    _, _, out, code, _ = full_run
    assert code == 0
    raw = (out / "merged.csv").read_text(encoding="utf-8-sig")
    rows = list(csv.reader(io.StringIO(raw)))
    assert rows[0][:4] == ["learner", "file", "pass", "claim_id"]
    cells = [cell for row in rows for cell in row]
    assert not [cell for cell in cells if cell.startswith(FORMULA_STARTS)]
    assert "'=HYPERLINK(\"http://evil.example/\",\"click\")" in cells and "'+SUM(1,2)" in cells and "'-1+1" in cells and "'@cmd" in cells
    merged = pd.read_csv(out / "merged.csv", encoding="utf-8-sig", dtype=str, keep_default_na=False)
    assert merged["learner"].nunique() == 32  # 30 learners, Quinn T. (tags partly dropped), Mallory


def test_pseudonyms_are_stable_and_hide_names(class_folder, tmp_path, monkeypatch):
    monkeypatch.delenv(SECRET_ENV, raising=False)
    first, second = tmp_path / "one", tmp_path / "two"
    assert run_report(class_folder, first, "--pseudonymise", "--no-charts") == 0
    assert run_report(class_folder, second, "--pseudonymise", "--no-charts") == 0  # the secret file made by the first run is reused
    one = pd.read_csv(first / "merged.csv", encoding="utf-8-sig", dtype=str, keep_default_na=False)
    two = pd.read_csv(second / "merged.csv", encoding="utf-8-sig", dtype=str, keep_default_na=False)
    assert one["learner"].str.fullmatch(r"Learner-[0-9a-f]{8}").all() and one["file"].str.fullmatch(r"Learner-[0-9a-f]{8}\.json").all()
    assert one["learner"].tolist() == two["learner"].tolist()
    html = (first / "report.html").read_text(encoding="utf-8")
    merged = (first / "merged.csv").read_text(encoding="utf-8-sig")
    for name in NAMES + ["Mallory"]:
        assert name.split()[0] not in html and name.split()[0] not in merged, name  # not even in a problem's reason
    assert "with pseudonyms instead of names" in html


def test_refuses_to_write_into_the_submissions_folder(class_folder, capsys):
    before = folder_state(class_folder)
    assert main(["class-report", str(class_folder), "--out", str(class_folder / "report.html")]) == 2
    assert "inside the submissions folder" in capsys.readouterr().err
    assert folder_state(class_folder) == before


def test_an_empty_or_missing_folder_is_handled(tmp_path, capsys):
    empty = tmp_path / "empty"
    empty.mkdir()
    assert main(["class-report", str(empty), "--out", str(tmp_path / "r.html"), "--no-charts"]) == 0
    assert "No submission could be merged" in (tmp_path / "r.html").read_text(encoding="utf-8")
    assert main(["class-report", str(tmp_path / "nowhere"), "--out", str(tmp_path / "r.html")]) == 2
    assert "nowhere: does not exist" in capsys.readouterr().err


# --- building blocks ----------------------------------------------------------------------------------------

def test_learner_notes_are_shown_escaped(tmp_path):
    from medialit.classroom import analyse_class
    from medialit.classroom import merge_submissions
    from medialit.report import class_report_html
    from test_classroom import put, submission

    for number, (level, note) in enumerate([("bare_assertion", HOSTILE_NOTES["C004"]), ("not_a_claim", HOSTILE_NOTES["C007"]), ("named_source", "<b>bold</b> & 'quoted'")]):
        put(tmp_path, f"l{number}.json", submission(f"<i>L{number}</i>", {"C004": (level, note)}))
    tags, problems = merge_submissions(tmp_path)
    html = class_report_html(analyse_class(tags), problems, charts=False)
    assert "&lt;script&gt;alert(&#x27;stolen&#x27;)&lt;/script&gt;" in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in html and "&lt;b&gt;bold&lt;/b&gt; &amp; &#x27;quoted&#x27;" in html
    assert "&lt;i&gt;L0&lt;/i&gt;" in html
    assert "<script" not in html and "<img" not in html and "<b>" not in html and "<i>" not in html


@pytest.mark.parametrize("start", list(FORMULA_STARTS))
def test_spreadsheet_safe_prefixes_every_formula_start(start):
    frame = pd.DataFrame({"note": [f"{start}1+1", "fine", ""], "rank": [1, -2, 3]})
    safe = spreadsheet_safe(frame)
    assert safe["note"].tolist() == [f"'{start}1+1", "fine", ""]
    assert safe["rank"].tolist() == [1, -2, 3]  # numbers stay numbers
    assert frame["note"].iloc[0] == f"{start}1+1"  # the input is not changed


def test_pseudonym_is_keyed_and_collision_free():
    assert pseudonym("Ana Ruiz", "k1") == pseudonym(" ana  ruiz", "k1") != pseudonym("Ana Ruiz", "k2")
    assert pseudonym("", "k1") == ""
    frame = pseudonymise(pd.DataFrame({"learner": [f"Learner {i}" for i in range(500)], "file": [f"f{i}.json" for i in range(500)]}), "k")
    assert frame["learner"].nunique() == 500 and frame["file"].str.fullmatch(r"Learner-[0-9a-f]{8}\.json").all()


def test_class_secret_is_created_once_and_env_wins(tmp_path, monkeypatch):
    monkeypatch.delenv(SECRET_ENV, raising=False)
    first = class_secret(tmp_path)
    assert len(first) >= 32 and class_secret(tmp_path) == first
    monkeypatch.setenv(SECRET_ENV, "from-the-environment")
    assert class_secret(tmp_path) == "from-the-environment"


def test_text_progress_draws_only_long_runs():
    stream = io.StringIO()
    progress = TextProgress(stream=stream, min_total=10, width=10)
    for done in range(1, 5):
        progress(done, 4)
    assert stream.getvalue() == ""
    for done in range(1, 101):
        progress(done, 100)
    text = stream.getvalue()
    assert "[##########] 100/100\n" in text and text.count("\r") == 11  # drawn at the start and once per tenth, not per file


# --- the teacher's files are never replaced by surprise (issue 11, item 7) --------------------------------------

def one_line_refusal(capsys) -> str:
    """The command's message for a refusal: one line, no traceback."""
    captured = capsys.readouterr()
    lines = captured.err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("class-report: ") and "Traceback" not in captured.err, captured.err
    return lines[0]


def test_refuses_to_replace_a_file_it_did_not_write_unless_forced(class_folder, tmp_path, capsys):
    grades = tmp_path / "grades.xlsx"
    grades.write_bytes(b"PK\x03\x04 a teacher's spreadsheet")
    key = tmp_path / "answer_key.csv"
    key.write_text("claim_id,level\nC004,bare_assertion\n", encoding="utf-8")
    assert main(["class-report", str(class_folder), "--out", str(grades), "--no-charts"]) == 2
    assert "grades.xlsx" in one_line_refusal(capsys) and grades.read_bytes() == b"PK\x03\x04 a teacher's spreadsheet"
    assert main(["class-report", str(class_folder), "--out", str(tmp_path / "new.html"), "--csv", str(key), "--no-charts"]) == 2
    assert "--force" in one_line_refusal(capsys) and key.read_text(encoding="utf-8").startswith("claim_id,level\n")
    assert not (tmp_path / "new.html").exists()  # refused before anything was written
    assert main(["class-report", str(class_folder), "--out", str(grades), "--csv", str(key), "--no-charts", "--force"]) == 0
    assert grades.read_bytes().startswith(b"<!DOCTYPE html>") and "learner,file,pass" in key.read_text(encoding="utf-8-sig")


def test_rerunning_over_its_own_output_needs_no_force(class_folder, tmp_path):
    assert run_report(class_folder, tmp_path, "--no-charts") == 0
    first = (tmp_path / "report.html").read_text(encoding="utf-8")
    assert '<meta name="generator" content="medialit class-report">' in first
    assert run_report(class_folder, tmp_path, "--no-charts", "--pseudonymise") == 0  # last week's files, replaced
    assert "with pseudonyms instead of names" in (tmp_path / "report.html").read_text(encoding="utf-8")
    # a page or CSV that only carries our name is not ours: recognised from the first bytes, not from the name
    (tmp_path / "report.html").write_text("<p>my notes about medialit class-report</p>", encoding="utf-8")
    assert run_report(class_folder, tmp_path, "--no-charts") == 2


def test_refuses_one_path_for_both_outputs(class_folder, tmp_path, capsys):
    same = tmp_path / "both.html"
    assert main(["class-report", str(class_folder), "--out", str(same), "--csv", str(tmp_path / "." / "both.html"), "--no-charts"]) == 2
    assert "both --out and --csv" in one_line_refusal(capsys) and not same.exists()


def test_refuses_folders_and_special_files_as_outputs(class_folder, tmp_path, capsys):
    from hang_guard import never_hangs

    folder = tmp_path / "existing-folder"
    folder.mkdir()
    pipe = tmp_path / "pipe.html"
    os.mkfifo(pipe)
    device = tmp_path / "device.csv"
    device.symlink_to("/dev/null")  # stands for any device node; the link itself shows whether it was replaced
    with never_hangs():
        for args, words in ((["--out", str(folder)], "is a folder"),
                            (["--out", str(pipe)], "named pipe"),
                            (["--out", str(tmp_path / "r.html"), "--csv", str(device), "--force"], "character device")):
            assert main(["class-report", str(class_folder), *args, "--no-charts"]) == 2
            assert words in one_line_refusal(capsys)
    assert folder.is_dir() and not any(folder.iterdir()) and stat.S_ISFIFO(os.lstat(pipe).st_mode) and device.is_symlink()
    assert not (tmp_path / "r.html").exists()


def test_write_report_refuses_by_default_in_a_notebook_too(tmp_path):
    from medialit.errors import TeacherFileError
    from medialit.report import write_csv, write_report

    notes = tmp_path / "notes.html"
    notes.write_text("mine", encoding="utf-8")
    with pytest.raises(TeacherFileError, match="was not written by medialit class-report"):
        write_report(notes, "<p>report</p>")
    assert notes.read_text(encoding="utf-8") == "mine"
    write_csv(tmp_path / "merged.csv", pd.DataFrame(columns=["learner", "file", "pass", "claim_id", "section", "level", "rank", "note", "tagged_at", "updated"]))
    write_csv(tmp_path / "merged.csv", pd.DataFrame(columns=["learner", "file", "pass", "claim_id", "section", "level", "rank", "note", "tagged_at", "updated"]))


# --- hostile text: spreadsheets, bidirectional controls, terminals (items 9, 10, 11) ---------------------------

INVISIBLE_STARTS = [" ", "\t ", "\n", "\r\n", "\u00a0", "\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u202e", "\u2066", "\u00ad", " \u200b\u00a0\t"]
BIDI = "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"


def visible_start(cell: str) -> str:
    """The first character a spreadsheet would show: white space and control/format characters do not count."""
    return next((ch for ch in cell if not ch.isspace() and unicodedata.category(ch) not in ("Cc", "Cf", "Zs", "Zl", "Zp")), "")


@pytest.mark.parametrize("invisible", INVISIBLE_STARTS)
@pytest.mark.parametrize("start", ["=", "+", "-", "@"])
def test_spreadsheet_safe_looks_past_invisible_characters(invisible, start):
    cell, fine = f"{invisible}{start}HYPERLINK(\"http://evil.example\")", f"{invisible}fine"
    cell_shown, fine_shown = for_display(cell), for_display(fine)  # bidi controls dropped, other controls escaped
    fine_shown = "'" + fine_shown if fine_shown.startswith(("\t", "\r")) else fine_shown  # a leading tab or CR is neutralised anyway
    assert spreadsheet_safe(pd.DataFrame({"note": [cell, fine]}))["note"].tolist() == ["'" + cell_shown, fine_shown]


def test_the_csv_of_a_hostile_folder_has_no_formula_anywhere(tmp_path):
    from test_classroom import put, submission

    folder = tmp_path / "hostile"
    folder.mkdir()
    for number, invisible in enumerate(INVISIBLE_STARTS):
        start = "=+-@"[number % 4]
        notes = {claim: ("bare_assertion", f"{invisible}{start}cmd|' /C calc'!A{i}") for i, claim in enumerate(["C004", "C005", "C006"])}
        document = submission(f"{invisible}{start}learner {number}", notes)
        document["updated"] = f"{invisible}{start}1+1"
        put(folder, f"{invisible}{start}file-{number}.json", document)  # a new line in a file name is allowed too
    assert main(["class-report", str(folder), "--out", str(tmp_path / "r.html"), "--csv", str(tmp_path / "m.csv"), "--no-charts", "--no-key"]) == 0
    rows = list(csv.reader(io.StringIO((tmp_path / "m.csv").read_text(encoding="utf-8-sig"), newline="")))
    assert len(rows) == 1 + 3 * len(INVISIBLE_STARTS)
    cells = [cell for row in rows[1:] for cell in row]
    assert not [cell for cell in cells if visible_start(cell) and visible_start(cell) in "=+-@" and not cell.startswith("'")]
    columns = [rows[0].index(name) for name in ("learner", "file", "note", "updated")]
    assert all(row[i].startswith("'") for row in rows[1:] for i in columns)  # every hostile cell, neutralised


def test_bidirectional_controls_are_dropped_and_learner_text_isolated(tmp_path):
    from medialit.classroom import analyse_class
    from medialit.classroom import merge_submissions
    from medialit.report import class_report_html
    from test_classroom import put, submission

    put(tmp_path, "\u202emal.json", submission("\u202eAna\u202c", {"C004": ("bare_assertion", "\u2067evil\u2069 \u202egnp.exe")}))
    put(tmp_path, "m.json", submission("\u0645\u062d\u0645\u062f", {"C004": ("named_source", "\u200fok\u200e")}))
    put(tmp_path, "z.json", submission("Zoe", {"C004": ("not_a_claim", "")}))  # three tags: C004 is among the disputed
    put(tmp_path, "broken\u2066.json", "not json")
    tags, problems = merge_submissions(tmp_path)
    page = class_report_html(analyse_class(tags), problems, charts=False)
    assert not set(BIDI) & set(page)
    assert "<bdi>Ana</bdi>" in page and "<bdi>evil gnp.exe</bdi>" in page and "<bdi>\u0645\u062d\u0645\u062f</bdi>" in page
    assert "<td><bdi>broken.json</bdi></td>" in page  # a file name in the problems table


def test_names_are_printed_to_the_terminal_with_control_characters_escaped(tmp_path, capsys):
    from test_classroom import put, submission

    folder = tmp_path / "class"
    folder.mkdir()
    put(folder, "ana.json", submission("Ana", {"C004": "bare_assertion"}))
    put(folder, "\x1b[2K\x1b[1Aerase.json", "not json")  # would erase the line above it
    put(folder, "bell\x07\x9b2J.json", "not json")  # BEL, and the one-byte CSI of C1
    put(folder, "title\x1b]0;pwned\x07.json", "not json")  # would retitle the window
    put(folder, "latin1-\udce9.json", "not json")  # a name that is not UTF-8 at all
    put(folder, "rlo\u202etxt.json", "not json")
    assert main(["class-report", str(folder), "--out", str(tmp_path / "r.html"), "--no-charts", "--no-key"]) == 0
    captured = capsys.readouterr()
    printed = captured.out + captured.err
    assert not [ch for ch in printed if ch != "\n" and unicodedata.category(ch) in ("Cc", "Cf", "Cs")]
    for escaped in ("\\x1b[2K\\x1b[1Aerase.json", "bell\\x07\\x9b2J.json", "title\\x1b]0;pwned\\x07.json", "latin1-\\xe9.json", "rlo\\u202etxt.json"):
        assert f"problem: {escaped}: " in captured.err, escaped


# --- pseudonyms: the secret's problems are one-line errors (item 12) ---------------------------------------------

@pytest.mark.parametrize("problem", ["home is a file", "folder at the secret", "not UTF-8", "read-only home"])
def test_pseudonymise_problems_are_clear_one_line_errors(problem, class_folder, tmp_path, monkeypatch, capsys):
    monkeypatch.delenv(SECRET_ENV, raising=False)
    home = tmp_path / "home"
    monkeypatch.setenv("MEDIALIT_HOME", str(home))
    secret = home / "pseudonym-secret.txt"
    if problem == "home is a file":
        home.write_text("not a folder", encoding="utf-8")
    elif problem == "folder at the secret":
        secret.mkdir(parents=True)
    elif problem == "not UTF-8":
        home.mkdir()
        secret.write_bytes(b"\xff\xfe s\x00e\x00c\x00r\x00e\x00t\x00")
    else:  # a read-only file system: even root cannot write there
        import medialit.atomic

        def read_only(*args, **kwargs):
            raise OSError(errno.EROFS, os.strerror(errno.EROFS), str(home))

        monkeypatch.setattr(medialit.atomic.tempfile, "mkstemp", read_only)
    before = secret.read_bytes() if secret.is_file() else None
    assert run_report(class_folder, tmp_path / "out", "--pseudonymise", "--no-charts") == 2
    line = one_line_refusal(capsys)
    assert "pseudonym-secret.txt" in line and SECRET_ENV in line
    assert not (tmp_path / "out").exists()  # nothing written with names in it
    if before is not None:
        assert secret.read_bytes() == before  # the old secret is never replaced: it keeps last term's pseudonyms


# ---- words for the columns (issue 14), exercise results (issue 13) ----

class Tables(HTMLParser):
    """Each table's column headings, and the terms of the "How to read this table" list that follows it."""

    def __init__(self, text: str):
        super().__init__()
        self.tables: list[dict] = []
        self._in: str | None = None
        self.feed(text)

    def handle_starttag(self, tag, attrs):
        if tag == "table":
            self.tables.append({"headings": [], "explained": []})
        if tag in ("th", "dt"):
            self._in = tag

    def handle_endtag(self, tag):
        if tag in ("th", "dt"):
            self._in = None

    def handle_data(self, data):
        if self._in == "th":
            self.tables[-1]["headings"].append(data)
        elif self._in == "dt":
            self.tables[-1]["explained"].append(data)


def test_every_column_a_teacher_sees_is_headed_in_words_and_explained_while_the_csv_keeps_machine_names(full_run):
    from medialit.column_words import COLUMNS

    _, _, out, _, _ = full_run
    tables = Tables((out / "report.html").read_text(encoding="utf-8")).tables
    assert len(tables) >= 5
    words = {heading for heading, _ in COLUMNS.values()}
    for table in tables:
        assert table["headings"] and set(table["headings"]) <= words, f"a heading is not in words: {set(table['headings']) - words}"
        assert set(table["explained"]) == set(table["headings"]), "every column of every table has a line on how to read it"
    shown = {heading for table in tables for heading in table["headings"]}
    assert {"Agreement (Krippendorff's alpha, levels as categories)", "Spread of answers (bits)"} <= shown
    assert not any("_" in heading for heading in shown), "no machine name such as alpha_nominal or entropy_bits"
    header = next(csv.reader(io.StringIO((out / "merged.csv").read_text(encoding="utf-8-sig"))))
    assert header == ["learner", "file", "pass", "claim_id", "section", "level", "rank", "note", "tagged_at", "updated"]
    readme = (Path(__file__).resolve().parent.parent / "data" / "README.md").read_text(encoding="utf-8")
    assert "keeps these machine names" in readme


def test_the_report_shows_each_exercise_right_first_and_in_the_end_with_the_wrong_answers_escaped(tmp_path, capsys):
    from medialit.tagfile import ExerciseResult

    folder = tmp_path / "class"
    folder.mkdir()
    results = {
        "ana": {"02.1": ExerciseResult("correct", "not_yet", 2, ("<script>x</script>",)), "04.1": ExerciseResult("not_yet", "not_yet", 1, ("may",))},
        "ben": {"02.1": ExerciseResult("correct", "correct", 1, ())},
        "cem": {"02.1": ExerciseResult("not_yet", "not_yet", 3, ("<SCRIPT>x</script>", "named source"))},
    }
    for name, exercises in results.items():
        document = json.loads((data.path(SAMPLE_DIR) / "Ben-O.json").read_text(encoding="utf-8"))
        document.update(learner=name, exercises={i: r.to_json() for i, r in exercises.items()})
        (folder / f"{name}.json").write_text(json.dumps(document), encoding="utf-8")
    assert main(["class-report", str(folder), "--out", str(tmp_path / "report.html"), "--no-charts"]) == 0
    page = (tmp_path / "report.html").read_text(encoding="utf-8")
    exercises = page[page.index("<h2>Exercises</h2>"):]
    row = exercises[exercises.index("<bdi>02.1</bdi>"):exercises.index("</tr>", exercises.index("<bdi>02.1</bdi>"))]
    assert '<td class="num">3</td><td class="num">33%</td><td class="num">67%</td>' in row  # 3 tried, 1 of 3 right first, 2 of 3 in the end
    assert "“<bdi>&lt;script&gt;x&lt;/script&gt;</bdi>” (2)" in row and "“<bdi>named source</bdi>” (1)" in row
    assert "<script>" not in page and "<SCRIPT>" not in page


def test_every_table_scrolls_sideways_in_its_own_box_instead_of_widening_the_page(full_run):
    _, _, out, _, _ = full_run
    page = (out / "report.html").read_text(encoding="utf-8")
    assert page.count("<table>") >= 4 and page.count("<table>") == len(re.findall(r'<div class="table-scroll" role="region" aria-label="[^"]+" tabindex="0"><table>', page))
    assert re.search(r"\.table-scroll \{ overflow-x: auto; max-width: 100%; \}", page)
