"""The tag-file reader raises only its error class, whatever the input; the limits hold for reader and writer alike."""

from __future__ import annotations

import doctest
import json
import os
import socket
import sys
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import medialit
from medialit import progress, tagfile
from medialit.errors import ProgressFileError, SubmissionError
from medialit.session import TaggingSession
from medialit.tagfile import MAX_BYTES, MAX_CLAIMS, MAX_ID, MAX_NOTE, MAX_STAMP, ExerciseResult, Tag, TagFile

ARTICLE = medialit.load_article()
TAXONOMY = medialit.load_taxonomy()
STATEMENTS = TaggingSession(ARTICLE, TAXONOMY).claim_ids()


def good() -> dict:
    session = TaggingSession(ARTICLE, TAXONOMY, learner="Ana")
    session.tag("C004", "bare_assertion", note="only his word")
    session.lateral.tag("C005", "corroborated")
    return progress.to_tagfile(session).to_json()


def put(tmp_path: Path, payload: bytes | str | dict, name: str = "ana.json") -> Path:
    path = tmp_path / name
    if isinstance(payload, dict):
        payload = json.dumps(payload)  # ensure_ascii: a surrogate becomes a "\ud800" escape, as a hostile file has it
    path.write_bytes(payload if isinstance(payload, bytes) else payload.encode("utf-8"))
    return path


def test_the_doctests_hold():
    assert doctest.testmod(tagfile, optionflags=doctest.ELLIPSIS).failed == 0


def refused(path: Path, error=SubmissionError) -> str:
    with pytest.raises(error) as caught:
        tagfile.read(path, error=error)
    assert str(path) in str(caught.value) and "Fix:" in str(caught.value)
    return str(caught.value)


# ---- special files: refused before opening ----

@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are POSIX")
def test_a_named_pipe_is_not_a_regular_file_and_never_blocks(tmp_path):
    os.mkfifo(tmp_path / "pipe.json")
    assert "a named pipe (FIFO), not a regular file" in refused(tmp_path / "pipe.json")


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="needs /dev/zero")
def test_a_device_is_not_a_regular_file(tmp_path):
    (tmp_path / "zero.json").symlink_to("/dev/zero")
    assert "a character device, not a regular file" in refused(tmp_path / "zero.json")


@pytest.mark.skipif(not hasattr(socket, "AF_UNIX"), reason="needs Unix sockets")
def test_a_socket_is_not_a_regular_file():
    with tempfile.TemporaryDirectory(dir="/tmp") as folder:  # a short path: socket names are limited to ~100 bytes
        listener = socket.socket(socket.AF_UNIX)
        try:
            listener.bind(f"{folder}/s.json")
            assert "a socket, not a regular file" in refused(Path(folder) / "s.json")
        finally:
            listener.close()


def test_a_folder_and_a_missing_file(tmp_path):
    (tmp_path / "folder.json").mkdir()
    assert "is a folder" in refused(tmp_path / "folder.json")
    assert "not found" in refused(tmp_path / "missing.json")


# ---- hostile contents ----

def with_field(change) -> dict:
    document = good()
    change(document)
    return document


HOSTILE = {
    "a 5,000-digit number": '{"schema": "medialit-tags", "schema_version": 1, "n": ' + "9" * 5_000 + "}",
    "a 5,000-digit version": '{"schema": "medialit-tags", "schema_version": ' + "9" * 5_000 + "}",
    "a lone surrogate in the learner's name": with_field(lambda d: d.update(learner="Ana \ud800")),
    "a lone surrogate in a note": with_field(lambda d: d["tags"]["C004"].update(note="why \udfff")),
    "a lone surrogate in a claim ID": with_field(lambda d: d["tags"].update({"C\ud800": {"level": "bare_assertion"}})),
    "a lone surrogate in the title": with_field(lambda d: d["article"].update(title="\ud83d")),
    "a lone surrogate in a level": with_field(lambda d: d["tags"]["C004"].update(level="\udc00")),
    "a lone surrogate in the taxonomy": with_field(lambda d: d["taxonomy"].append("\ud800")),
    "a number for a time": with_field(lambda d: d["tags"]["C004"].update(tagged_at=12)),
    "a list for created": with_field(lambda d: d.update(created=[1, 2])),
    "a huge string for updated": with_field(lambda d: d.update(updated="9" * 10_000)),
    "a long learner name": with_field(lambda d: d.update(learner="x" * (tagfile.MAX_NAME + 1))),
    "a long claim ID": with_field(lambda d: d["tags"].update({"C" * (MAX_ID + 1): {"level": "bare_assertion"}})),
    "too many tags": with_field(lambda d: d.update(tags={f"C{i}": {"level": "x"} for i in range(MAX_CLAIMS + 1)})),
    "a float version": with_field(lambda d: d.update(schema_version=1.0)),
    "an infinite version": '{"schema": "medialit-tags", "schema_version": 1e999}',
    "deep nesting": "[" * 100_000 + "]" * 100_000,
    "deep nesting in a field": '{"schema": ' + "[" * 900 + "]" * 900 + "}",
    "a byte order mark": b"\xef\xbb\xbf" + json.dumps(good()).encode(),
    "not UTF-8": b'{"schema": "\xff"}',
}


@pytest.mark.parametrize("case", list(HOSTILE))
def test_a_hostile_file_raises_only_the_error_class_with_a_reason(tmp_path, case):
    message = refused(put(tmp_path, HOSTILE[case]))
    assert "Traceback" not in message and len(message) < 1_000


def test_a_note_over_the_limit_is_refused_naming_the_claim_never_cut(tmp_path):
    path = put(tmp_path, with_field(lambda d: d["tags"]["C004"].update(note="n" * (MAX_NOTE + 1))))
    message = refused(path, ProgressFileError)
    assert "tags['C004']" in message and f"{MAX_NOTE + 1:,} characters" in message and f"at most {MAX_NOTE:,}" in message


def test_a_note_at_the_limit_is_read_whole(tmp_path):
    note = "🙂" * MAX_NOTE
    path = put(tmp_path, with_field(lambda d: d["tags"]["C004"].update(note=note)))
    assert tagfile.read(path).tags["C004"].note == note


def test_parse_checks_python_values_too():
    deep: list = []
    for _ in range(50_000):
        deep = [deep]
    for document in ({"schema": deep}, {"schema": "medialit-tags", "schema_version": 10**5000}, {**good(), "learner": "\ud800"}):
        with pytest.raises(SubmissionError):
            tagfile.parse(document, error=SubmissionError)


# ---- the limits: whatever the writer can make, the reader reads ----

@settings(max_examples=5, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(st.characters(min_codepoint=0x10000, max_codepoint=0x10FFFF, exclude_categories=("Cs",)))
def test_max_length_notes_of_four_byte_characters_on_every_claim_in_both_passes_round_trip(character):
    session = TaggingSession(ARTICLE, TAXONOMY, learner="Ж" * tagfile.MAX_NAME)
    for claim_id in STATEMENTS:
        session.tag(claim_id, "bare_assertion", note=character * MAX_NOTE)
        session.lateral.tag(claim_id, "corroborated", note=character * MAX_NOTE)
    with tempfile.TemporaryDirectory() as folder:
        path = progress.save(session, Path(folder) / "full.json")
        assert path.stat().st_size <= MAX_BYTES
        assert progress.load(path, ARTICLE, TAXONOMY) == session


def test_the_largest_file_the_limits_allow_is_readable(tmp_path):
    """MAX_CLAIMS tags in both passes, every field at its limit, every character the longest JSON writes (6 bytes)."""
    worst = "\x01"
    tags = {f"{i:0{MAX_ID}d}": Tag(worst * MAX_ID, worst * MAX_NOTE, worst * MAX_STAMP) for i in range(MAX_CLAIMS)}
    document = TagFile(
        learner=worst * tagfile.MAX_NAME, article_title=worst * tagfile.MAX_TITLE, article_sha256=worst * MAX_ID,
        taxonomy=[worst * MAX_ID] * tagfile.MAX_LEVELS, tags=tags, lateral_tags=tags, created=worst * MAX_STAMP, updated=worst * MAX_STAMP,
        case_id=worst * MAX_ID,
        exercises={f"{i:0{MAX_ID}d}": ExerciseResult("not_yet", "not_yet", tagfile.MAX_ATTEMPTS, (worst * tagfile.MAX_WRONG_TEXT,) * tagfile.MAX_WRONG)
                   for i in range(tagfile.MAX_EXERCISES)},
    )
    path = tagfile.write_atomic(tmp_path / "largest.json", document)
    assert path.stat().st_size <= MAX_BYTES
    assert tagfile.read(path) == document


def test_a_file_names_its_case_and_a_version_1_file_is_still_read(tmp_path):
    document = good()
    assert document["schema_version"] == tagfile.SCHEMA_VERSION == 3 and document["case"] == medialit.data.DEFAULT_CASE
    assert tagfile.read(put(tmp_path, document)).case_id == medialit.data.DEFAULT_CASE
    old = dict(document, schema_version=1)
    del old["case"]
    read = tagfile.read(put(tmp_path, old, "old.json"))
    assert read.case_id == "" and read.article_sha256 == ARTICLE.sha256 and read.tags["C004"].note == "only his word"
    assert tagfile.read(put(tmp_path, dict(document, schema_version=1), "v1-with-case.json")).case_id == "", "version 1 has no case"
    assert progress.load(tmp_path / "old.json").tags() == {"C004": read.tags["C004"]}, "a version-1 progress file resumes"
    with pytest.raises(ProgressFileError, match=r"field 'case': 'case' must be text \(got 7\)"):
        tagfile.read(put(tmp_path, dict(document, case=7), "bad.json"))


# ---- version 3: exercise results travel with the tags ----

RESULTS = {"02.1": ExerciseResult("correct", "not_yet", 3, ("named source", "bare assertion")), "04.2": ExerciseResult("answered", "answered", 1, ())}


def test_exercise_results_travel_in_a_version_3_file_and_version_2_files_still_read(tmp_path):
    document = dict(good(), exercises={i: r.to_json() for i, r in RESULTS.items()})
    assert tagfile.read(put(tmp_path, document)).exercises == RESULTS
    assert "exercises" not in good(), "a file without exercise results carries no empty field"
    older = dict(document, schema_version=2)
    read = tagfile.read(put(tmp_path, older, "v2.json"))
    assert read.exercises == {} and read.tags["C004"].note == "only his word", "version 2 has no exercises: the field is not read"


def test_a_reader_of_version_2_refuses_a_version_3_file_with_what_to_do(tmp_path, monkeypatch):
    path = put(tmp_path, dict(good(), exercises={i: r.to_json() for i, r in RESULTS.items()}))
    monkeypatch.setattr(tagfile, "SCHEMA_VERSION", 2)  # the reader as it was before exercise results
    message = refused(path)
    assert "saved by a newer medialit (schema version 3; this one reads up to 2)" in message and "git pull" in message


@pytest.mark.parametrize("results, words", [
    ([], "'exercises' must be an object"),
    ({"02.1": "correct"}, "each exercise result must be an object"),
    ({"02.1": {"status": "perfect"}}, "'status' and 'first' must be one of"),
    ({"02.1": {"status": "correct", "first": "maybe"}}, "'status' and 'first' must be one of"),
    ({"02.1": {"status": "correct", "attempts": -1}}, "'attempts' must be a whole number"),
    ({"02.1": {"status": "correct", "attempts": True}}, "'attempts' must be a whole number"),
    ({"02.1": {"status": "correct", "attempts": 2.0}}, "'attempts' must be a whole number"),
    ({"02.1": {"status": "not_yet", "wrong": ["a"] * (tagfile.MAX_WRONG + 1)}}, "'wrong' must be a list of at most"),
    ({"02.1": {"status": "not_yet", "wrong": [3]}}, "'wrong' must be a list of at most"),
    ({"02.1": {"status": "not_yet", "wrong": ["x" * (tagfile.MAX_WRONG_TEXT + 1)]}}, "a wrong answer has 201 characters"),
    ({"02.1": {"status": "not_yet", "wrong": ["nul\x00"]}}, "NUL"),
    ({"x" * (MAX_ID + 1): {"status": "correct"}}, "the exercise ID has 65 characters"),
    ({f"{i}": {"status": "correct"} for i in range(tagfile.MAX_EXERCISES + 1)}, "a file holds at most 200"),
])
def test_exercise_results_are_checked_like_notes(tmp_path, results, words):
    message = refused(put(tmp_path, dict(good(), exercises=results)))
    assert words in message and "exercises" in message


# ---- version 3, optional: the before/after assessment's answers travel with the tags ----

ANSWERS = {"90.1": tagfile.AssessedAnswer("The company set up the group.\nSo they gain.", "", 1),
           "90.2": tagfile.AssessedAnswer(("1", "4", "6"), "Sentence 9 is advice, not a claim.", 2), "91.1": tagfile.AssessedAnswer("Not sure yet.")}


def test_assessment_answers_travel_in_a_version_3_file_and_older_files_have_none(tmp_path):
    document = dict(good(), assessment={i: a.to_json() for i, a in ANSWERS.items()})
    assert document["schema_version"] == 3
    assert tagfile.read(put(tmp_path, document)).assessment == ANSWERS
    assert "assessment" not in good(), "a file without assessment answers carries no empty field"
    assert "self_score" not in ANSWERS["91.1"].to_json() and "reason" not in ANSWERS["91.1"].to_json()
    assert tagfile.read(put(tmp_path, dict(document, schema_version=2), "v2.json")).assessment == {}


def test_a_version_3_reader_from_before_the_assessment_reads_the_tags_and_skips_it(tmp_path, root, monkeypatch):
    """The reader as it was on main before the field (git), given a file with assessment answers: no refusal."""
    import importlib.util
    import subprocess

    try:
        source = subprocess.run(["git", "-C", str(root), "show", "3bc3e40:medialit/tagfile.py"], capture_output=True, text=True, check=True).stdout
    except (OSError, subprocess.CalledProcessError):
        pytest.skip("the project's git history is not here")
    (tmp_path / "old_tagfile.py").write_text(source.replace("from . import atomic", "from medialit import atomic").replace("from .errors", "from medialit.errors"), encoding="utf-8")
    spec = importlib.util.spec_from_file_location("old_tagfile", tmp_path / "old_tagfile.py")
    old = importlib.util.module_from_spec(spec)
    monkeypatch.setitem(sys.modules, "old_tagfile", old)  # its dataclass looks itself up there
    spec.loader.exec_module(old)
    assert not hasattr(old, "AssessedAnswer") and old.SCHEMA_VERSION == 3
    path = put(tmp_path, dict(good(), assessment={i: a.to_json() for i, a in ANSWERS.items()}))
    read = old.read(path, error=SubmissionError)
    assert read.tags["C004"].note == "only his word"


@pytest.mark.parametrize("answers, words", [
    ([], "'assessment' must be an object"),
    ({"90.1": "my answer"}, "each assessment answer must be an object"),
    ({"90.1": {}}, "'answer' must be a text or a list of texts"),
    ({"90.1": {"answer": 3}}, "'answer' must be a text or a list of texts"),
    ({"90.2": {"answer": [1, 4]}}, "'answer' must be a text or a list of at most 50 texts"),
    ({"90.2": {"answer": ["1"] * (tagfile.MAX_TICKED + 1)}}, "'answer' must be a text or a list of at most 50 texts"),
    ({"90.2": {"answer": ["1"], "reason": 7}}, "'reason' must be text"),
    ({"90.1": {"answer": "x" * (tagfile.MAX_ANSWER + 1)}}, "an answer has 2,001 characters"),
    ({"90.2": {"answer": ["1"], "reason": "x" * (tagfile.MAX_ANSWER + 1)}}, "an answer has 2,001 characters"),
    ({"90.1": {"answer": "pasted \x1b[2K here"}}, "an answer contains a control character (U+001B, at character 8)"),
    ({"90.1": {"answer": "a bell \x07"}}, "control character (U+0007"),
    ({"90.1": {"answer": "nul \x00"}}, "NUL"),
    ({"90.1": {"answer": "broken \ud800"}}, "lone surrogate"),
    ({"90.2": {"answer": ["x" * (MAX_ID + 1)]}}, "an answer has 65 characters"),
    ({"90.1": {"answer": "fine", "self_score": True}}, "'self_score' must be a whole number of points from 0 to 100"),
    ({"90.1": {"answer": "fine", "self_score": 1.0}}, "'self_score' must be a whole number"),
    ({"90.1": {"answer": "fine", "self_score": -1}}, "'self_score' must be a whole number"),
    ({"90.1": {"answer": "fine", "self_score": tagfile.MAX_POINTS + 1}}, "'self_score' must be a whole number"),
    ({"x" * (MAX_ID + 1): {"answer": "fine"}}, "the task ID has 65 characters"),
    ({f"90.{i}": {"answer": "fine"} for i in range(tagfile.MAX_ASSESSED + 1)}, "a file holds at most 20"),
])
def test_assessment_answers_are_checked_like_notes(tmp_path, answers, words):
    message = refused(put(tmp_path, dict(good(), assessment=answers)))
    assert words in message and "assessment" in message


def test_a_file_at_every_limit_of_the_assessment_is_read_back(tmp_path):
    """The reader's size limit counts the assessment: the largest answers the writer can carry are read back."""
    longest = "😀\t" * (tagfile.MAX_ANSWER // 2)  # four bytes, and an escape of two: the most a character may take here
    answers = {f"9{i}.{n}": tagfile.AssessedAnswer(longest, longest, tagfile.MAX_POINTS) for i in range(2) for n in range(tagfile.MAX_ASSESSED // 2)}
    document = TagFile("Ana", "t", ARTICLE.sha256, list(TAXONOMY.keys), assessment=answers)
    path = tagfile.write_atomic(tmp_path / "big.json", document)
    assert tagfile.read(path).assessment == answers


def test_the_limits_are_written_where_a_teacher_finds_them(root):
    readme = (root / "data" / "README.md").read_text(encoding="utf-8")
    for figure in (MAX_NOTE, tagfile.MAX_NAME, MAX_CLAIMS, MAX_BYTES // 1_000_000):
        assert f"{figure:,}" in readme


# ---- fuzz: random JSON and random bytes ----

JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=10), inner, max_size=4),
    max_leaves=20,
)
FIELDS = ["schema", "schema_version", "kind", "learner", "article", "taxonomy", "created", "updated", "tags", "lateral_tags", "exercises", "assessment"]


@st.composite
def documents(draw) -> bytes:
    """A near-valid tag file with some fields replaced by anything, a random document, or random bytes."""
    shape = draw(st.sampled_from(["mutated", "mutated tag", "mutated answer", "random", "bytes", "big number", "surrogate"]))
    document = good()
    if shape == "random":
        return json.dumps(draw(JSON)).encode()
    if shape == "bytes":
        return draw(st.binary(max_size=300))
    if shape == "mutated":
        for name in draw(st.lists(st.sampled_from(FIELDS), min_size=1, max_size=3)):
            document[name] = draw(JSON)
    elif shape == "mutated tag":
        tag = document["tags"]["C004"]
        tag[draw(st.sampled_from(["level", "note", "tagged_at", "extra"]))] = draw(JSON)
        document["tags"][draw(st.text(max_size=70))] = draw(JSON | st.just(dict(tag)))
    elif shape == "mutated answer":  # an assessment answer, each of its parts anything
        answer = {"answer": ["1", "4"], "reason": "an opinion", "self_score": 1}
        for name in draw(st.lists(st.sampled_from(["answer", "reason", "self_score", "extra"]), max_size=3)):
            answer[name] = draw(JSON | st.text(max_size=30))
        document["assessment"] = {draw(st.sampled_from(["90.2", ""]) | st.text(max_size=70)): answer}
    elif shape == "big number":
        return json.dumps(document).replace('"schema_version": 1', '"schema_version": ' + "7" * draw(st.integers(4_000, 6_000))).encode()
    else:
        place = draw(st.sampled_from(["learner", "note", "claim", "title"]))
        bad = "x" + chr(draw(st.integers(0xD800, 0xDFFF)))
        if place == "learner":
            document["learner"] = bad
        elif place == "note":
            document["tags"]["C004"]["note"] = bad
        elif place == "claim":
            document["tags"][bad] = {"level": "bare_assertion"}
        else:
            document["article"]["title"] = bad
    return json.dumps(document, ensure_ascii=draw(st.booleans()) or shape == "surrogate").encode("utf-8", "surrogatepass")


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(payload=documents(), error=st.sampled_from([ProgressFileError, SubmissionError]))
def test_fuzz_the_reader_raises_only_its_error_class(tmp_path, payload, error):
    path = put(tmp_path, payload, "fuzz.json")
    try:
        document = tagfile.read(path, error=error)
    except error as exc:
        assert exc.path == str(path) and exc.problem
        return
    written = tagfile.write_atomic(tmp_path / "again.json", document)  # whatever it accepts can be written out again
    assert tagfile.read(written) == document


@settings(max_examples=300, deadline=None)
@given(JSON)
def test_fuzz_parse_of_any_json_value_raises_only_its_error_class(value):
    try:
        tagfile.parse(value, error=SubmissionError)
    except SubmissionError:
        pass
    try:
        tagfile.parse({**good(), "tags": {"C004": value}, "learner": value if isinstance(value, str) else "x"}, error=SubmissionError)
    except SubmissionError:
        pass


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX permissions")
def test_an_unreadable_file_is_reported(tmp_path):
    path = put(tmp_path, good())
    path.chmod(0)
    try:
        if os.access(path, os.R_OK):
            pytest.skip("running as a user who can read anything")
        assert "cannot be read" in refused(path)
    finally:
        path.chmod(0o600)
