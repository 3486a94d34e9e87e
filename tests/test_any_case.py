"""End to end on an article none of the code has seen: a teacher makes a case pack with ``medialit new-case``, fills
in its provenance and key, three learners tag it in the tagger and export, and ``medialit class-report --case``
reports on it. Nothing of the series' own article (its author, title or any of its sentences) may appear in
anything that comes out: the tagger, the submissions, the page, its charts, the CSV, the terminal."""

from __future__ import annotations

import html
import json
import shutil

import pytest
from matplotlib.text import Text

import medialit
from case_packs import make_pack
from medialit import progress, report, tagfile
from medialit.cli import main

SEED = medialit.load_case()


def _plain(text: str) -> str:
    return " ".join(text.split())


# The author, the title, and every sentence of the series' article over 20 characters, with its first 20 characters
# (a chart shortens a long claim to its first words).
SEED_TEXTS = sorted({SEED.provenance["author"], SEED.title, *(_plain(t) for t in SEED.claims["text"] if len(t) > 20),
                     *(_plain(t)[:20] for t in SEED.claims["text"] if len(t) > 20)})
LEVELS = {  # three learners: the first claims in reading order, their levels
    "Ana": ["bare_assertion", "bare_assertion", "named_source", "named_source", "bare_assertion", "bare_assertion"],
    "Ben": ["bare_assertion", "not_a_claim", "named_source", "bare_assertion", "vague_attribution", "bare_assertion"],
    "Chen": ["named_source", "bare_assertion", "primary_record", "named_source", "bare_assertion", "not_a_claim"],
}


def seed_text_in(text: str) -> list[str]:
    """The texts of the series' article found in ``text`` (as written, or HTML-escaped), whitespace ignored."""
    plain = _plain(text)
    return [seed for seed in SEED_TEXTS if seed in plain or html.escape(seed) in plain or html.escape(seed, quote=False) in plain]


def test_the_check_finds_seed_text():
    assert seed_text_in(f"<td>{html.escape(SEED.claims['text'].iloc[5])}</td>") and seed_text_in("by Erfan Fard")


def test_a_teachers_case_from_new_case_to_the_class_report_shows_nothing_of_the_series_article(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("MEDIALIT_HOME", str(tmp_path / "home"))
    pack = make_pack(tmp_path / "cases" / "old-station")
    assert main(["check-case", str(pack)]) == 0
    case = medialit.load_case(pack)
    hand_ins = tmp_path / "hand-ins"
    hand_ins.mkdir()
    seen = {}
    for name, levels in LEVELS.items():
        tagger = medialit.ClaimTagger(case=case, name=name)
        for level in levels:
            tagger.choose(level)
            if len(seen.setdefault(name, [])) == 1:
                tagger.note.value = f"{name}: the study is named, so I could look it up"
            tagger.show_comparison()
            seen[name].append(tagger.claim_view.value + tagger.compare_view.value + tagger.chart_summary.value)
            tagger.go_untagged()
        tagger.export()
        assert tagger.status.value.count("Exported 6 of 20 tagged") == 1, tagger.status.value
        shutil.copy(progress.submission_path(name, case.id), hand_ins / f"{name}.json")  # <name>--<case id>.json: one export per case
        document = json.loads((hand_ins / f"{name}.json").read_text(encoding="utf-8"))
        assert (document["schema_version"], document["case"], document["article"]["sha256"]) == (tagfile.SCHEMA_VERSION, "old-station", case.sha256)
    drawn: list[str] = []
    real = report.figure_data_uri

    def recording(figure):  # every text on every chart of the page, before it becomes a PNG
        drawn.extend(text.get_text() for text in figure.findobj(Text))
        return real(figure)

    monkeypatch.setattr(report, "figure_data_uri", recording)
    capsys.readouterr()
    page, table = tmp_path / "report.html", tmp_path / "merged.csv"
    status = main(["class-report", str(hand_ins), "--case", str(pack), "--out", str(page), "--csv", str(table)])
    out, err = capsys.readouterr()
    assert status == 0, err
    written = page.read_text(encoding="utf-8")
    assert "3 learner(s) merged; 0 problem(s)" in written and "Will the Old Station Reopen?" in written
    assert "The class and the answer key" in written and "The railway station in Millbrook" in written
    assert any(label.startswith("C00") and "The railway station" in label for label in drawn), "charts label claims with this case's words"
    outputs = {
        "the tagger": "\n".join(text for views in seen.values() for text in views),
        "the submissions": "\n".join(p.read_text(encoding="utf-8") for p in hand_ins.iterdir()),
        "the page": written,
        "the charts": "\n".join(drawn),
        "the CSV": table.read_text(encoding="utf-8-sig"),
        "the terminal": out + err,
    }
    for where, text in outputs.items():
        assert text.strip(), where
        assert not seed_text_in(text), f"{where} shows the series' article: {seed_text_in(text)[:3]}"


def test_a_folder_that_mixes_cases_names_the_foreign_files_and_merges_the_rest(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("MEDIALIT_HOME", str(tmp_path / "home"))
    case = medialit.load_case(make_pack(tmp_path / "old-station"))
    hand_ins = tmp_path / "hand-ins"
    hand_ins.mkdir()
    for name in ("Ana", "Ben"):
        session = medialit.TaggingSession(case, learner=name)
        session.tag("C004", "bare_assertion")
        medialit.export_submission(session, path=hand_ins / f"{name}.json")
    shutil.copy(medialit.data.path("sample_class") / "Amira-K.json", hand_ins)  # the series' case
    old = json.loads((hand_ins / "Ben.json").read_text(encoding="utf-8"))
    old.update(schema_version=1, learner="Cleo")
    del old["case"]  # a version-1 file: the article's fingerprint only
    (hand_ins / "Cleo.json").write_text(json.dumps(old), encoding="utf-8")
    tags, problems = medialit.merge_submissions(hand_ins, case)
    assert sorted(tags["learner"].unique()) == ["Ana", "Ben", "Cleo"]
    assert problems[["file", "outcome"]].values.tolist() == [["Amira-K.json", "skipped"]]
    assert "is about another case study ('fbi-jttf-iran-espionage'" in problems["problem"].iloc[0]
    assert "--case fbi-jttf-iran-espionage" in problems["fix"].iloc[0]
    status = main(["class-report", str(hand_ins), "--case", str(case.folder), "--out", str(tmp_path / "r.html"), "--no-charts"])
    err = capsys.readouterr().err
    assert status == 0 and "problem: Amira-K.json: is about another case study" in err
    series_tags, series_problems = medialit.merge_submissions(hand_ins)  # the same folder, merged for the series' case
    assert series_tags["learner"].unique().tolist() == ["Amira K."] and len(series_problems) == 3


def test_a_progress_file_of_another_case_is_refused_by_name(tmp_path):
    case = medialit.load_case(make_pack(tmp_path / "old-station"))
    path = tmp_path / "p.json"
    session = medialit.open_session("Ana", case=case, path=path)
    session.tag("C004", "bare_assertion")
    with pytest.raises(medialit.ProgressFileError, match=r"belongs to another case study \('old-station'.*not 'fbi-jttf-iran-espionage'"):
        medialit.open_session("Ana", path=path)
    assert medialit.open_session("Ana", case=case, path=path).level_of("C004") == "bare_assertion"
