"""Lessons 00-04 as a fifteen-year-old meets them: no code to read or edit, nothing from the answer key before they
have answered, prose at or under grade 9, activities that fit the period, and help (a glossary, plain words, sentence
frames, an extension) in every lesson. Also the data the lessons show: the plain-words gloss, the lesson 01 evidence
pack, the glossary, and the lesson activities' answers, recomputed from their sources.

The measures (reading grade, timing) come from ``tests/lesson_measures.py``, shared with lessons 05-08.
"""

from __future__ import annotations

import html
import re
from pathlib import Path

import nbformat
import pytest

import medialit
from medialit import reading_help
from medialit.answer_key import load_answer_key
from medialit.errors import DataFileError
from medialit.exercise_bank import lesson_activities
from medialit.signals import claim_signals, find_signals

from lesson_measures import activity_markers, activity_minutes, declared_minutes, prose, reading_grade
from notebooks import ROOT, execute, json_strings
from test_sources import listed

LESSONS = sorted((ROOT / "notebooks").glob("0[0-4]-*.ipynb"))
PERIOD = {"00": 15}  # every other lesson is one 45-minute period
GLOSSARY = ROOT / "docs" / "glossary.md"
CAPTION = "▶ "
ASK = re.compile(r"""medialit\.ask\("(L?\d\d\.\d+)"\)""")
EDIT_ME = re.compile(r"=\s*\.\.\.|<-|change this|your name\b.*in quotes|NAME\s*=|\binput\(", re.I)


def _id(path: Path) -> str:
    return path.name


def _cells(path: Path):
    return nbformat.read(path, as_version=4).cells


# ---- reading level, timing, help ---------------------------------------------------------------------------------


@pytest.mark.parametrize("path", LESSONS, ids=_id)
def test_the_prose_reads_at_or_under_grade_nine(path):
    grade = reading_grade(prose(path))
    assert grade <= 9, f"{path.name}: Flesch-Kincaid grade {grade:.1f}; shorten sentences and use shorter words"


@pytest.mark.parametrize("path", LESSONS, ids=_id)
def test_timed_activities_fit_the_declared_time_and_the_period(path):
    total, activities = declared_minutes(path)
    period = PERIOD.get(path.name[:2], 45)
    assert total <= period, f"{path.name} says about {total} min; its period is {period}"
    assert activities is not None, f"{path.name}: say how many minutes are activities ('about {total} min, N of them ...')"
    assert activity_markers(path), f"{path.name}: mark every timed activity in bold with its minutes, e.g. **Try it (5 min).**"
    assert activity_minutes(path) <= activities, f"{path.name}: the markers add up to {activity_minutes(path)} min, more than the {activities} declared"


@pytest.mark.parametrize("path", LESSONS, ids=_id)
def test_the_glossary_is_linked_near_the_top(path):
    assert GLOSSARY.is_file()
    assert "](../docs/glossary.md)" in _cells(path)[0].source, f"{path.name}: link the glossary in the opening cell"


@pytest.mark.parametrize("path", LESSONS, ids=_id)
def test_every_lesson_has_an_extension_and_every_written_answer_sentence_frames(path):
    text = "\n".join(cell.source for cell in _cells(path))
    assert "**Extension (for early finishers).**" in text
    for ident in ASK.findall(text):
        item = medialit.exercise_bank.exercise(ident)
        if item.kind == "rubric":
            assert "Sentence frame" in item.question, f"{ident}: a written answer offers sentence frames"


# ---- no code in front of learners -------------------------------------------------------------------------------


@pytest.mark.parametrize("path", LESSONS, ids=_id)
def test_every_code_cell_is_folded_away_with_a_caption_above_and_asks_for_no_editing(path):
    cells = _cells(path)
    assert 25 <= len(cells) <= 40, f"{path.name} has {len(cells)} cells; the series aims at 25-40"
    for index, cell in enumerate(cells):
        if cell.cell_type != "code":
            continue
        assert cell.metadata.get("jupyter", {}).get("source_hidden") is True, f"{path.name}, cell {index}: fold the code away"
        above = cells[index - 1]
        assert above.cell_type == "markdown", f"{path.name}, cell {index}: put a caption just above"
        caption = above.source.strip().splitlines()[-1]
        assert caption.startswith(CAPTION) and len(caption) < 160, f"{path.name}, cell {index}: one line '▶ The next cell shows ...'"
        assert not EDIT_ME.search(cell.source), f"{path.name}, cell {index} asks the learner to edit code"
    text = "\n".join(cell.source for cell in cells if cell.cell_type == "markdown").lower()
    assert "in the next cell" not in text and "put your" not in text and "change the" not in text


def test_every_lesson_activity_is_asked_once_in_its_own_lesson_in_order():
    for path in LESSONS:
        asked = ASK.findall("\n".join(cell.source for cell in _cells(path)))
        activities = [item.id for item in lesson_activities(path.name[:2])]
        assert [i for i in asked if i.startswith("L")] == activities, f"{path.name} asks {asked}; exercises.toml has {activities}"
        assert all(i.startswith(f"L{path.name[:2]}.") for i in asked), f"{path.name} asks another notebook's exercise: {asked}"



# ---- nothing from the key before an answer ------------------------------------------------------------------------


def _strings(value):
    """Every string inside a JSON value (outputs, widget state), HTML entities decoded."""
    return map(html.unescape, json_strings(value))


def what_the_learner_could_see(notebook) -> list[str]:
    """The outputs of every cell and the state of every widget, as text records (a table row, a line)."""
    shown = list(_strings([cell.get("outputs", []) for cell in notebook.cells]))
    shown += list(_strings(notebook.metadata.get("widgets", {})))
    records = []
    for text in shown:
        records += re.split(r"</tr>|\n", text)
    return records


def key_leaks(records: list[str]) -> list[str]:
    """Records that show a keyed claim's reason, or a claim ID beside an evidence level (the key's verdict)."""
    key = load_answer_key()
    taxonomy = medialit.load_taxonomy()
    levels = [word for level in taxonomy for word in (level.key, level.label)]
    leaks = []
    for row in key.itertuples():
        reason = " ".join(row.reason.split())[:60]
        leaks += [f"{row.claim_id}'s reason: {reason!r}" for record in records if reason in " ".join(record.split())]
    for record in records:
        ids = set(re.findall(r"\bC\d{3}\b", record))
        shown_levels = [level for level in levels if level in record]
        if ids and shown_levels:
            leaks.append(f"{sorted(ids)} beside {shown_levels}: {record[:120]!r}")
    return leaks


def test_the_leak_check_finds_a_key_level_or_reason_and_passes_plain_text():
    entry = medialit.key_for("C004")
    assert key_leaks([f"C004: key level {entry.level} ({entry.confidence})"])
    assert key_leaks([f"   {entry.reason}"])
    assert not key_leaks(["C004 · Indisputably, the Federal Bureau of Investigation's ...", "The author's word only"])


@pytest.mark.notebook
@pytest.mark.parametrize("path", LESSONS, ids=_id)
def test_running_a_lesson_shows_nothing_from_the_key_before_an_answer(path, tmp_path, monkeypatch):
    monkeypatch.setenv("MEDIALIT_HOME", str(tmp_path))  # a fresh learner: nothing answered, nothing tagged
    notebook = execute(path)
    errors = [o for c in notebook.cells for o in c.get("outputs", []) if o.get("output_type") == "error"]
    assert not errors
    leaks = key_leaks(what_the_learner_could_see(notebook))
    assert not leaks, f"{path.name} shows the key before the learner answers: {leaks[:3]}"
    assert notebook.metadata.get("widgets"), "the lesson's widgets (ask, the key buttons) are part of what is checked"


# ---- the activities' answers agree with their sources -------------------------------------------------------------


def _answer(ident):
    return medialit.exercise_bank.exercise(ident).spec["answer"]


def test_activity_answers_agree_with_the_data():
    claims = medialit.data.load("claims").set_index("claim_id")
    key = load_answer_key().set_index("claim_id")
    accepted = {cid: {row.level, *[d for d in row.defensible.split(";") if d]} for cid, row in key.iterrows()}
    # L00.1: C008's section and kind, read off the claims table.
    assert _answer("L00.1") == f"{claims.at['C008', 'section']}, a {claims.at['C008', 'kind']}"
    # L01.1: the options whose words are the author's own, by the evidence pack (the bio is the article's own).
    pack = reading_help.load_evidence_pack("01").set_index("source_id")
    sources = {"bio": "bio", "reprint": "same-bio-inn", "blog": "blog-toi", "news": "book-inn"}
    own = [option for option, source in sources.items() if pack.at[source, "whose_words"].startswith("the author")]
    assert sorted(_answer("L01.1")) == sorted(own)
    # L01.2: the pack records no description of the publisher.
    publisher = pack[pack["question"] == "Who is the publisher?"]
    assert (publisher["excerpt"] == "").all() and _answer("L01.2").startswith("Nothing")
    # L01.5: the bio sentences with something to look up: the key accepts named_source, or calls it a place to start.
    look_up = [cid for cid in medialit.exercise_bank.exercise("L01.5").option_values()
               if "named_source" in accepted[cid] or "place to start" in key.at[cid, "reason"]]
    assert sorted(_answer("L01.5")) == look_up
    # L02.1 and L04.2: every option is on one side of the gate whatever level the key accepts; the claims are the answer.
    for ident in ("L02.1", "L04.2"):
        options = medialit.exercise_bank.exercise(ident).option_values()
        sides = {cid: {level == "not_a_claim" for level in accepted[cid]} for cid in options}
        assert all(len(side) == 1 for side in sides.values()), f"{ident}: keep debatable gate calls out of a checked set"
        assert sorted(_answer(ident)) == sorted(cid for cid, side in sides.items() if side == {False})
    # L04.2: every option carries a booster, and every claim in the answer has weak support.
    boosted = set(claim_signals(claims.reset_index()).query("category == 'booster'")["claim_id"])
    assert set(medialit.exercise_bank.exercise("L04.2").option_values()) <= boosted
    assert all(accepted[cid] <= {"bare_assertion", "vague_attribution"} for cid in _answer("L04.2"))
    # L03.1: the gate's own question.
    assert _answer("L03.1") == medialit.load_taxonomy()["not_a_claim"].question


# ---- the gloss, the evidence pack, the glossary -------------------------------------------------------------------


def test_the_gloss_is_plain_faithful_and_documented():
    gloss = reading_help.load_gloss()
    assert len(gloss) >= 8
    grade = reading_grade(" ".join(gloss["plain"]))
    assert grade <= 9, f"the plain-words gloss reads at grade {grade:.1f}"
    claims = medialit.data.load("claims")
    for row in gloss.itertuples():
        original = " ".join(claims.loc[(claims["claim_id"] >= row.first_claim) & (claims["claim_id"] <= row.last_claim), "text"])
        assert reading_grade(original) > grade, f"paragraph {row.paragraph} is not one of the hard ones"
        assert re.search(r"\b(he|author)\b", row.plain, re.I), f"paragraph {row.paragraph}: keep the author as the speaker"
        if (find_signals(original)["category"] == "hedge").any():
            assert re.search(r"\b(may|might|perhaps|said to|assumed|not proven|suggests)\b", row.plain), f"paragraph {row.paragraph}: keep its hedges"
    assert "article_gloss.csv" in (ROOT / "data" / "README.md").read_text(encoding="utf-8")
    page = reading_help.gloss(paragraphs=[30]).data
    assert "C078-C080" in page and "C004" not in page and "The article's own words" in page


def test_the_gloss_refuses_a_row_that_names_the_wrong_paragraph(data_copy):
    gloss = data_copy / "article_gloss.csv"
    gloss.write_text(gloss.read_text(encoding="utf-8").replace("2,C004,C005", "3,C004,C005", 1), encoding="utf-8")
    with pytest.raises(DataFileError, match=r"article_gloss.csv, row 2: claims C004-C005 are not paragraph '3'"):
        reading_help.load_gloss()


def test_the_evidence_pack_is_attributed_dated_listed_and_short():
    pack = reading_help.load_evidence_pack("01")
    assert set(pack["question"]) == set(reading_help.QUESTIONS), "every lateral-reading question has a source"
    missing = sorted(set(pack["url"]) - listed())
    assert not missing, f"add {missing} to docs/sources.md"
    for row in pack.itertuples():
        assert len(row.excerpt.split()) <= 60, f"{row.source_id}: quote a short excerpt, not the page"
        assert row.whose_words and row.accessed >= "2026-11-25"
    assert (pack["excerpt"] != "").sum() >= 8
    article = medialit.load_article().text
    for row in pack[pack["url"] == medialit.data.load("article_info")["url"]].itertuples():
        assert not row.excerpt or row.excerpt in article, f"{row.source_id}: a quotation of the article is word for word"
    page = reading_help.evidence_pack("01").data
    assert all(html.escape(question) in page for question in reading_help.QUESTIONS) and "read 2026-11-30" in page
    assert "evidence_pack" in (ROOT / "data" / "README.md").read_text(encoding="utf-8")


def test_the_evidence_pack_refuses_an_undated_or_unaddressed_row(data_copy):
    pack = next((data_copy / "evidence_pack").glob("01-*.csv"))
    text = pack.read_text(encoding="utf-8")
    pack.write_text(text.replace(",2026-11-30,", ",last week,", 1), encoding="utf-8")
    with pytest.raises(DataFileError, match=r"'accessed' is 'last week'"):
        reading_help.load_evidence_pack(1)
    with pytest.raises(DataFileError, match="no evidence pack for lesson 09"):
        reading_help.load_evidence_pack(9)


def test_the_glossary_has_the_terms_and_every_outside_fact_has_a_source():
    text = GLOSSARY.read_text(encoding="utf-8")
    entries = [line for line in text.splitlines() if line.startswith("- **")]
    terms = " ".join(re.findall(r"\*\*([^*]+)\*\*", " ".join(entries))).lower()
    for term in ("jttf", "espionage", "attribution", "corroborated", "lateral reading", "hedge", "booster", "primary record",
                 "named source", "vague attribution", "factual claim", "quds force", "cbp", "dhs"):
        assert term in terms, f"the glossary lacks {term!r}"
    block = re.split(r"\n(?=- \*\*)", text.split("\n## ", 1)[1])
    for entry in block:
        if entry.startswith("- **"):
            assert "](http" in entry or "(plain meaning)" in entry or re.search(r"\(lessons? \d\d", entry), f"give a source, a lesson or '(plain meaning)': {entry[:60]}"
    assert not re.search(r"\b(Jewish|Kurd|religion of|ethnic)\b", text), "the glossary says nothing about anyone's identity"
