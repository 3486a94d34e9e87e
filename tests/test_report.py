"""``medialit class-report`` end to end on the sample class: a self-contained, escaped page; a formula-safe CSV;
stable pseudonyms; nothing written into the submissions folder. Plus the report's building blocks."""

from __future__ import annotations

import contextlib
import csv
import io
import json
import shutil
from html.parser import HTMLParser
from pathlib import Path

import pandas as pd
import pytest

from medialit import data
from medialit.cli import main
from medialit.pseudonyms import SECRET_ENV, class_secret, pseudonym, pseudonymise
from medialit.report import FORMULA_STARTS, TextProgress, spreadsheet_safe
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
    assert set(page.tags) <= {"html", "head", "meta", "title", "style", "body", "h1", "h2", "h3", "p", "table", "caption", "thead", "tbody", "tr", "th", "td", "ul", "li", "span", "strong", "em", "img"}
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
    assert "is not a folder" in capsys.readouterr().err


# --- building blocks ----------------------------------------------------------------------------------------

def test_learner_notes_are_shown_escaped(tmp_path):
    from medialit.class_stats import analyse_class
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
