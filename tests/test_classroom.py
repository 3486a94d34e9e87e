"""Merging a class's submissions: bad files are reported by name and reason, the rest merges, nothing is written.

Also the class statistics on a small hand-made class (every figure checked by hand), the synthetic sample
class (the committed files are what the seeded generator makes), and a hypothesis fuzzing test that feeds the
merge malformed and hostile submissions.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import socket
from html.parser import HTMLParser
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import medialit
from medialit import data
from medialit.agreement import cohen_kappa, krippendorff_alpha
from medialit.class_stats import class_agreement, claim_disagreement, class_vs_key, learner_agreement, level_counts, most_disputed, reliability_data
from medialit.classroom import PROBLEM_COLUMNS, TAG_COLUMNS, analyse_class, merge_submissions
from medialit.errors import SubmissionError
from medialit.report import class_report_html
from medialit.sample_class import LEARNERS, PROBLEMS_DIR, SAMPLE_DIR, generate_class, sample_files
from medialit.tagfile import MAX_BYTES, MAX_NOTE, SCHEMA_VERSION, Tag, TagFile

from hang_guard import never_hangs

CASE = medialit.load_case()
ARTICLE = medialit.load_article()
TAXONOMY = medialit.load_taxonomy()
CLAIMS = ARTICLE.claim_ids


def submission(learner: str, tags: dict[str, str | tuple[str, str]], *, updated: str = "2026-11-25T10:00:00+00:00", sha256: str | None = None, lateral: dict | None = None) -> dict:
    """A submission document as the tagger writes it."""
    def as_tag(value):
        level, note = value if isinstance(value, tuple) else (value, "")
        return Tag(level, note, updated)

    return TagFile(
        learner=learner, article_title=ARTICLE.title, article_sha256=sha256 or ARTICLE.sha256, taxonomy=TAXONOMY.keys,
        tags={c: as_tag(v) for c, v in tags.items()}, lateral_tags={c: as_tag(v) for c, v in (lateral or {}).items()},
        kind="submission", created=updated, updated=updated,
    ).to_json()


def put(folder: Path, name: str, document: dict | bytes | str) -> Path:
    path = folder / name
    if isinstance(document, dict):
        document = json.dumps(document)
    path.write_bytes(document if isinstance(document, bytes) else document.encode("utf-8"))
    return path


def snapshot(folder: Path) -> dict[str, tuple[int, str]]:
    """Every entry in the folder with its modification time and content hash: proof nothing was written."""
    return {p.name: (p.stat().st_mtime_ns, hashlib.sha256(p.read_bytes()).hexdigest() if p.is_file() else "dir") for p in sorted(folder.iterdir())}


# --- the merge --------------------------------------------------------------------------------------------

def test_the_sample_class_merges_whole_and_untouched():
    folder = data.path(SAMPLE_DIR)
    before = snapshot(folder)
    tags, problems = merge_submissions(folder)
    assert snapshot(folder) == before
    assert list(tags.columns) == TAG_COLUMNS and list(problems.columns) == PROBLEM_COLUMNS
    assert tags["learner"].nunique() == LEARNERS and problems.empty
    assert set(tags["pass"]) == {"first", "lateral"}
    assert tags["claim_id"].isin(CLAIMS).all() and tags["level"].isin(TAXONOMY.keys).all()
    ranked = tags["level"] != "not_a_claim"
    assert tags.loc[ranked, "rank"].notna().all() and tags.loc[~ranked, "rank"].isna().all()


def test_every_kind_of_bad_file_is_reported_and_the_rest_merges(tmp_path):
    good = {"C004": "bare_assertion", "C005": ("vague_attribution", "who?")}
    put(tmp_path, "ana.json", submission("Ana", good))
    put(tmp_path, "malformed.json", '{"schema": "medialit-tags", "tags": {')
    put(tmp_path, "foreign.json", submission("Ben", good, sha256="f" * 64))
    put(tmp_path, "zero-bytes.json", b"")
    put(tmp_path, "no-tags.json", submission("Cleo", {}))
    put(tmp_path, "oversized.json", b" " * (MAX_BYTES + 1))
    put(tmp_path, "deep.json", "[" * 100_000 + "]" * 100_000)
    put(tmp_path, "latin1.json", "{\"learner\": \"Jos\xe9\"}".encode("latin-1"))
    put(tmp_path, "a-list.json", "[1, 2, 3]")
    put(tmp_path, "unknown.json", submission("Dev", {"C004": "named_source", "C999": "bare_assertion", "C005": "very_true"}))
    put(tmp_path, "nameless.json", submission("  ", {"C006": "not_a_claim"}))
    (tmp_path / "folder.json").mkdir()
    put(tmp_path, "notes.txt", "not a submission")
    put(tmp_path, ".ana.json.tmp", "half-written")
    before = snapshot(tmp_path)

    tags, problems = merge_submissions(tmp_path)

    assert snapshot(tmp_path) == before
    outcome = dict(zip(problems["file"], problems["outcome"]))
    for name in ("malformed.json", "foreign.json", "zero-bytes.json", "no-tags.json", "oversized.json", "deep.json", "latin1.json", "a-list.json", "folder.json"):
        assert outcome[name] == "skipped", name
    assert outcome["unknown.json"] == "tags dropped" and outcome["nameless.json"] == "merged, named after the file"
    assert "notes.txt" not in outcome and ".ana.json.tmp" not in outcome
    reasons = " ".join(problems["problem"])
    for words in ("not valid JSON", "another article", "empty", "no tags", "bytes, more than", "nested too deeply", "not UTF-8", "C999", "very_true"):
        assert words in reasons, words
    assert sorted(tags["learner"].unique()) == ["Ana", "Dev", "nameless"]
    assert tags.loc[tags["learner"] == "Dev", ["claim_id", "level"]].values.tolist() == [["C004", "named_source"]]
    assert tags.loc[tags["learner"] == "Ana", "note"].tolist() == ["", "who?"]


def test_the_newest_file_of_a_learner_wins_and_the_older_is_reported(tmp_path):
    def session(document: dict) -> dict:  # one learner's exports of one tagging session share its "created" time
        return dict(document, created="2026-11-23T09:00:00+00:00")

    put(tmp_path, "ana-monday.json", session(submission("Ana Ruiz", {"C004": "bare_assertion"}, updated="2026-11-23T10:00:00+00:00")))
    put(tmp_path, "ana-tuesday.json", session(submission("  ana  RUIZ", {"C004": "vague_attribution"}, updated="2026-11-24T09:00:00+01:00")))
    put(tmp_path, "ana-undated.json", session(submission("Ana Ruiz", {"C004": "not_a_claim"}, updated="last week")))
    tags, problems = merge_submissions(tmp_path)
    assert tags["level"].tolist() == ["vague_attribution"] and tags["file"].tolist() == ["ana-tuesday.json"]
    assert sorted(problems["file"]) == ["ana-monday.json", "ana-undated.json"]
    assert set(problems["outcome"]) == {"replaced by a newer file"}
    assert all("ana-tuesday.json" in reason for reason in problems["problem"])


def test_a_list_of_files_merges_two_folders(tmp_path):
    files = sorted(data.path(SAMPLE_DIR).glob("*.json")) + sorted(data.path(PROBLEMS_DIR).glob("*.json"))
    tags, problems = merge_submissions(files)
    assert tags["learner"].nunique() == LEARNERS + 1  # the class plus "Quinn T.", whose known tags survive
    outcome = dict(zip(problems["file"], problems["outcome"]))
    assert outcome == {"Amira-K-earlier.json": "replaced by a newer file", "other-article.json": "skipped", "truncated.json": "skipped", "unknown-claims.json": "tags dropped"}
    assert set(tags.loc[tags["learner"] == "Amira K.", "file"]) == {"Amira-K.json"}


def test_a_missing_folder_is_an_error_naming_it(tmp_path):
    with pytest.raises(SubmissionError, match="does not exist"):
        merge_submissions(tmp_path / "nowhere")


def test_progress_is_reported_per_file(tmp_path):
    for number in range(3):
        put(tmp_path, f"l{number}.json", submission(f"L{number}", {"C004": "bare_assertion"}))
    calls = []
    merge_submissions(tmp_path, progress=lambda done, total: calls.append((done, total)))
    assert calls == [(1, 3), (2, 3), (3, 3)]



def make_special_files(folder: Path, prefix: str = "") -> list[str]:
    """A named pipe, a socket, a folder, links to two devices: every one named ``*.json``. Returns their names."""
    os.mkfifo(folder / f"{prefix}pipe.json")
    listener = socket.socket(socket.AF_UNIX)
    listener.bind(str(folder / f"{prefix}sock.json"))  # the socket file stays after the socket is closed
    listener.close()
    (folder / f"{prefix}folder.json").mkdir()
    (folder / f"{prefix}zero.json").symlink_to("/dev/zero")
    (folder / f"{prefix}null.json").symlink_to("/dev/null")
    return [f"{prefix}{name}.json" for name in ("pipe", "sock", "folder", "zero", "null")]


def test_special_files_are_not_regular_files_and_are_never_opened(tmp_path):
    put(tmp_path, "ana.json", submission("Ana", {"C004": "bare_assertion"}))
    special = make_special_files(tmp_path)
    (tmp_path / "gone.json").symlink_to(tmp_path / "deleted.json")
    with never_hangs():
        tags, problems = merge_submissions(tmp_path)
    reasons = dict(zip(problems["file"], problems["problem"]))
    assert sorted(reasons) == sorted(special + ["gone.json"])
    for name in special:
        assert ("is not a regular file" in reasons[name] or "is a symbolic link" in reasons[name]) and "was not opened" in reasons[name], name
    assert "named pipe" in reasons["pipe.json"] and "socket" in reasons["sock.json"] and "folder" in reasons["folder.json"]
    assert "symbolic link (to a character device)" in reasons["zero.json"] and "symbolic link (to a file that does not exist" in reasons["gone.json"]
    assert tags["learner"].unique().tolist() == ["Ana"]


def test_huge_integers_and_lone_surrogates_are_named_and_the_rest_merges(tmp_path):
    put(tmp_path, "ana.json", submission("Ana", {"C004": "bare_assertion"}))
    ben = json.dumps(submission("Ben", {"C004": "bare_assertion"}))
    put(tmp_path, "huge-version.json", ben.replace(f'"schema_version": {SCHEMA_VERSION}', '"schema_version": ' + "9" * 5000))
    put(tmp_path, "huge-extra.json", ben.replace('"level": "bare_assertion"', '"level": "bare_assertion", "stars": ' + "1" * 5000))
    put(tmp_path, "surrogate-name.json", submission("Cleo \ud800", {"C004": "bare_assertion"}))  # json writes it as \ud800
    put(tmp_path, "surrogate-note.json", submission("Dev", {"C004": ("bare_assertion", "a bad \udc80 paste")}))
    tags, problems = merge_submissions(tmp_path)
    assert sorted(problems["file"]) == ["huge-extra.json", "huge-version.json", "surrogate-name.json", "surrogate-note.json"]
    assert set(problems["outcome"]) == {"skipped"} and problems["problem"].str.len().gt(10).all()
    assert tags["learner"].unique().tolist() == ["Ana"]
    assert "\ud800" not in "".join(problems.astype(str).to_numpy().ravel())  # nothing that cannot be written as UTF-8


def test_one_file_can_never_stop_the_merge(tmp_path, monkeypatch):
    import medialit.class_merge as class_merge

    put(tmp_path, "ana.json", submission("Ana", {"C004": "bare_assertion"}))
    put(tmp_path, "ben.json", submission("Ben", {"C004": "not_a_claim"}))
    real_read = class_merge.read

    def read_with_a_surprise(path, **options):
        if Path(path).name == "ben.json":
            raise RuntimeError("something nobody foresaw \x1b[2K")
        return real_read(path, **options)

    monkeypatch.setattr(class_merge, "read", read_with_a_surprise)
    tags, problems = merge_submissions(tmp_path)
    assert problems[["file", "outcome"]].values.tolist() == [["ben.json", "skipped"]]
    assert "RuntimeError: something nobody foresaw \\x1b[2K" in problems["problem"].iloc[0]
    assert tags["learner"].unique().tolist() == ["Ana"]


def test_file_names_that_are_not_utf8_are_shown_escaped(tmp_path):
    put(tmp_path, "caf\udce9.json", submission("Ana", {"C004": "bare_assertion"}))  # the byte 0xE9 (Latin-1 é)
    put(tmp_path, "bad-\udcff.json", "not json")
    tags, problems = merge_submissions(tmp_path)
    assert tags["file"].tolist() == ["caf\\xe9.json"] and problems["file"].tolist() == ["bad-\\xff.json"]


# --- the statistics, on a class small enough to check by hand ---------------------------------------------

@pytest.fixture
def small_class(tmp_path):
    # three learners, three claims of the Introduction (C004, C005, C006)
    put(tmp_path, "a.json", submission("A", {"C004": "bare_assertion", "C005": "bare_assertion", "C006": "not_a_claim"}))
    put(tmp_path, "b.json", submission("B", {"C004": "bare_assertion", "C005": "vague_attribution", "C006": "not_a_claim"}))
    put(tmp_path, "c.json", submission("C", {"C004": "named_source", "C005": "bare_assertion"}, lateral={"C004": "corroborated"}))
    tags, _ = merge_submissions(tmp_path)
    return tags


KEY = pd.DataFrame({
    "claim_id": ["C004", "C005", "C006"],
    "level": ["bare_assertion", "bare_assertion", "bare_assertion"],
    "defensible": ["named_source", "", "not_a_claim"],
    "confidence": ["debatable", "clear-cut", "debatable"],
})


def test_level_counts_and_disagreement_by_hand(small_class):
    counts = level_counts(small_class, TAXONOMY)
    assert list(counts.columns) == TAXONOMY.keys
    assert counts.loc["C004", "bare_assertion"] == 2 and counts.loc["C004", "named_source"] == 1 and counts.loc["C004"].sum() == 3  # first pass only
    spread = claim_disagreement(small_class, TAXONOMY, ARTICLE).set_index("claim_id")
    assert spread.loc["C004", "modal_level"] == "bare_assertion"
    assert spread.loc["C004", "disagreement"] == pytest.approx(1 / 3)
    assert spread.loc["C004", "entropy_bits"] == pytest.approx(-(2 / 3) * np.log2(2 / 3) - (1 / 3) * np.log2(1 / 3))
    assert spread.loc["C006", "disagreement"] == 0 and spread.loc["C006", "entropy_bits"] == 0 and spread.loc["C006", "tags"] == 2
    assert spread.loc["C004", "section"] == "Introduction" and spread.loc["C004", "text"].startswith("Indisputably")
    disputed = most_disputed(claim_disagreement(small_class, TAXONOMY, ARTICLE), n=2, min_tags=3)
    assert disputed["claim_id"].tolist() == ["C004", "C005"]  # equal disagreement: C004 and C005 by ID; C006 has 2 tags


def test_alpha_per_scope_is_krippendorff_over_the_learner_by_claim_table(small_class):
    agreement = class_agreement(small_class, TAXONOMY, ARTICLE).set_index("scope")
    assert list(agreement.index) == ["Whole article", "Introduction"]
    nominal = [["bare_assertion", "bare_assertion", "not_a_claim"], ["bare_assertion", "vague_attribution", "not_a_claim"], ["named_source", "bare_assertion", None]]
    assert agreement.loc["Whole article", "alpha_nominal"] == pytest.approx(krippendorff_alpha(nominal, "nominal"))
    # ordinal: ranks only; "not a factual claim" has none and is left out
    ordinal = [[2, 2, np.nan], [2, 3, np.nan], [4, 2, np.nan]]
    assert agreement.loc["Whole article", "alpha_ordinal"] == pytest.approx(krippendorff_alpha(ordinal, "ordinal"))
    assert agreement.loc["Whole article", "tags"] == 8 and agreement.loc["Whole article", "learners"] == 3
    matrix = reliability_data(small_class, TAXONOMY, "ordinal", pass_="lateral")
    assert matrix.shape == (1, 1) and matrix.iloc[0, 0] == TAXONOMY["corroborated"].rank


def test_learners_and_class_against_the_key_by_hand(small_class):
    learners = learner_agreement(small_class, KEY, TAXONOMY).set_index("learner")
    assert learners.loc["A", "matches_key"] == pytest.approx(2 / 3) and learners.loc["A", "acceptable"] == pytest.approx(1.0)
    assert learners.loc["B", "matches_key"] == pytest.approx(1 / 3) and learners.loc["B", "acceptable"] == pytest.approx(2 / 3)
    assert learners.loc["B", "within_one_rank"] == pytest.approx(2 / 3)  # vague attribution is one rank from bare assertion
    assert learners.loc["C", "within_one_rank"] == pytest.approx(1 / 2)  # named source is two ranks away
    assert learners.loc["B", "cohen_kappa"] == pytest.approx(cohen_kappa(["bare_assertion", "vague_attribution", "not_a_claim"], ["bare_assertion"] * 3), nan_ok=True)
    versus = class_vs_key(small_class, KEY, TAXONOMY, ARTICLE).set_index("claim_id")
    assert versus.loc["C004", "share_key"] == pytest.approx(2 / 3) and versus.loc["C004", "share_acceptable"] == pytest.approx(1.0)
    assert bool(versus.loc["C006", "class_matches_key"]) is False and bool(versus.loc["C006", "class_acceptable"]) is True
    with pytest.raises(ValueError, match="confidence"):
        learner_agreement(small_class, KEY.drop(columns="confidence"), TAXONOMY)


def test_analyse_class_on_the_sample_with_the_real_key():
    from medialit.answer_key import load_answer_key

    tags, _ = merge_submissions(data.path(SAMPLE_DIR))
    results = analyse_class(tags, key=load_answer_key())
    whole = results.agreement.iloc[0]
    assert whole["scope"] == "Whole article" and 0 < whole["alpha_nominal"] < 1 and 0 < whole["alpha_ordinal"] < 1
    assert len(results.learners) == LEARNERS and results.learners["matches_key"].between(0, 1).all()
    assert len(results.disputed) == 10 and results.disputed["disagreement"].is_monotonic_decreasing
    assert len(results.vs_key) == len(load_answer_key())


# --- the synthetic sample class ---------------------------------------------------------------------------

def test_the_committed_sample_class_is_what_the_seeded_generator_makes():
    good, bad = sample_files(case=CASE)
    for folder, expected in ((data.path(SAMPLE_DIR), good), (data.path(PROBLEMS_DIR), bad)):
        committed = {p.name: p.read_bytes() for p in folder.glob("*.json")}
        assert sorted(committed) == sorted(expected), f"{folder} differs: run `medialit sample-class`"
        for name, payload in expected.items():
            assert committed[name] == payload, f"{folder / name} differs from the generator: run `medialit sample-class`"


def test_the_generator_is_seeded_and_realistic():
    first, again, other = generate_class(seed=5, case=CASE), generate_class(seed=5, case=CASE), generate_class(seed=6, case=CASE)
    assert [s.to_json() for s in first] == [s.to_json() for s in again]
    assert [s.to_json() for s in first] != [s.to_json() for s in other]
    sizes = [len(s.tags) for s in first]
    assert min(sizes) < max(sizes)  # some learners skip or stop early
    assert any(t.note for s in first for t in s.tags.values())
    complete = generate_class(learners=4, complete=True, case=CASE)
    assert len({len(s.tags) for s in complete}) == 1


# --- fuzzing: malformed and hostile submissions -----------------------------------------------------------

HOSTILE_TEXT = st.one_of(
    st.text(max_size=40),
    st.sampled_from(["<script>alert('x')</script>", "<img src=x onerror=alert(1)>", "=HYPERLINK(\"http://evil\",\"x\")", "+1+1", "-2", "@SUM(A1)", "\tTab", "\rCR", "&amp; \"quoted\" 'single'", "</td></tr></table><h1>", "x" * MAX_NOTE]),  # the longest note a tag file may hold
)
json_values = st.recursive(st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False), st.text(max_size=20)), lambda inner: st.one_of(st.lists(inner, max_size=4), st.dictionaries(st.text(max_size=8), inner, max_size=4)), max_leaves=12)


@st.composite
def valid_submissions(draw, number: int) -> dict:
    claims = draw(st.lists(st.sampled_from(CLAIMS), min_size=1, max_size=8, unique=True))
    tags = {c: (draw(st.sampled_from(TAXONOMY.keys)), draw(HOSTILE_TEXT)) for c in claims}
    return submission(f"learner {number} {draw(HOSTILE_TEXT)[:50]}", tags)


@st.composite
def hostile_documents(draw, number: int) -> bytes:
    base = submission(f"zz hostile {number}", {"C004": "bare_assertion"})
    kind = draw(st.sampled_from(["random", "learner", "tags", "tag", "note", "level", "unknown", "article", "schema", "bytes", "huge"]))
    if kind == "random":
        return json.dumps(draw(json_values)).encode()
    if kind == "learner":
        base["learner"] = draw(st.one_of(st.integers(), st.lists(st.integers()), st.none()))
    elif kind == "tags":
        base["tags"] = draw(st.one_of(st.lists(st.text()), st.text(), st.integers()))
    elif kind == "tag":
        base["tags"] = {"C004": draw(st.one_of(st.text(), st.integers(), st.lists(st.integers())))}
    elif kind == "note":
        base["tags"]["C004"]["note"] = draw(st.one_of(st.integers(), st.lists(st.text()), st.dictionaries(st.text(), st.text())))
    elif kind == "level":
        base["tags"]["C004"]["level"] = draw(st.one_of(st.integers(), st.none(), st.lists(st.text())))
    elif kind == "unknown":
        base["tags"] = {draw(st.text(min_size=1, max_size=30).filter(lambda c: c not in CLAIMS)): {"level": draw(HOSTILE_TEXT), "note": draw(HOSTILE_TEXT)}}
    elif kind == "article":
        base["article"] = draw(st.one_of(st.none(), st.text(), st.just({"sha256": "0" * 64})))
    elif kind == "schema":
        base[draw(st.sampled_from(["schema", "schema_version", "kind", "taxonomy"]))] = draw(json_values)
        base["schema_version"] = base["schema_version"] if base["schema"] == "medialit-tags" else 1
        if base.get("schema") == "medialit-tags" and base.get("schema_version") == 1 and base.get("kind") in ("progress", "submission") and isinstance(base.get("taxonomy"), list) and all(isinstance(k, str) for k in base["taxonomy"]):
            base["schema"] = "not-ours"  # still a valid file: make it hostile
    elif kind == "bytes":
        return draw(st.binary(max_size=200))
    elif kind == "huge":
        base["tags"]["C004"]["note"] = "<b>" * 700_000  # > 2 MB once written: too large, skipped
    return json.dumps(base).encode()


class TagCollector(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags, self.attributes = set(), []

    def handle_starttag(self, tag, attrs):
        self.tags.add(tag)
        self.attributes += attrs


SAFE_TAGS = {"html", "head", "meta", "title", "style", "body", "h1", "h2", "h3", "p", "table", "caption", "thead", "tbody", "tr", "th", "td", "ul", "li", "span", "strong", "em", "img", "bdi",
             "details", "summary", "dl", "dt", "dd", "div"}  # each table's "How to read this table": native, script-free


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture, HealthCheck.data_too_large])
@given(data_=st.data())
def test_fuzz_the_merge_never_crashes_never_loses_a_valid_submission_and_escapes_what_it_shows(tmp_path_factory, data_):
    folder = tmp_path_factory.mktemp("fuzz")
    valid = [data_.draw(valid_submissions(n), label=f"valid {n}") for n in range(data_.draw(st.integers(1, 4), label="valid count"))]
    hostile = [data_.draw(hostile_documents(n), label=f"hostile {n}") for n in range(data_.draw(st.integers(0, 5), label="hostile count"))]
    for number, document in enumerate(valid):
        put(folder, f"valid-{number}.json", document)
    for number, payload in enumerate(hostile):
        put(folder, f"hostile-{number}.json", payload)
    before = snapshot(folder)

    tags, problems = merge_submissions(folder)

    assert snapshot(folder) == before
    assert not problems["file"].str.startswith("valid-").any()
    for number, document in enumerate(valid):
        rows = tags[tags["file"] == f"valid-{number}.json"]
        assert rows["learner"].iloc[0] == document["learner"][:200].strip() or rows["learner"].iloc[0] == document["learner"][:200]
        assert sorted(zip(rows["claim_id"], rows["level"])) == sorted((c, t["level"]) for c, t in document["tags"].items())
    assert not tags["file"].str.startswith("hostile-").any() or tags.loc[tags["file"].str.startswith("hostile-"), "claim_id"].isin(CLAIMS).all()

    page = class_report_html(analyse_class(tags), problems, charts=False)
    collector = TagCollector()
    collector.feed(page)
    assert collector.tags <= SAFE_TAGS
    assert not any(name.startswith("on") for name, _ in collector.attributes)
    # every "<" on the page opens one of the page's own tags: a learner's "<" is always escaped. (Checking each raw
    # note against the page could not tell a note "<" or "<bdi" from the page's own markup.)
    markup = re.compile(r"<!DOCTYPE html>|</?(?:" + "|".join(sorted(SAFE_TAGS)) + r")\b[^<>]*>")
    assert "<" not in markup.sub("", page)


def test_sample_paths_and_the_check_command(capsys):
    from medialit.cli import main
    from medialit.data import sample_paths

    assert len(sample_paths()) == LEARNERS and len(sample_paths(problems=True)) == LEARNERS + 4
    assert main(["sample-class", "--check"]) == 0
    assert "current" in capsys.readouterr().out


def test_without_a_key_the_generator_uses_plausible_levels():
    import dataclasses

    levels = {t.level for s in generate_class(learners=10, seed=3, case=dataclasses.replace(CASE, key=None)) for t in s.tags.values()}
    assert levels <= {"bare_assertion", "not_a_claim"} and levels == {"bare_assertion", "not_a_claim"}
