"""Who is who in a folder the teacher collected: two learners who typed one name, one learner's two files, links.

The rule (docs/instructor-guide.md, "Two learners, one name"): where a class inbox or a platform names the learner,
that name is the identity. In a folder the teacher collected, a typed name is only a name: two files with the same
name are one learner's only when they come from one tagging session (the same ``created`` time); then the newer
counts. Otherwise both count, numbered, and the report says so.
"""

from __future__ import annotations

import json


import medialit
from medialit.class_merge import merge_class
from medialit.classview import ClassView

from test_classroom import put, submission
from test_classview import assert_same_as_a_full_merge

CASE = medialit.load_case()


def by(learner: str, tags: dict, *, created: str, updated: str) -> dict:
    document = submission(learner, tags, updated=updated)
    document["created"] = created
    return document


MONDAY, TUESDAY = "2026-11-23T10:00:00+00:00", "2026-11-24T10:00:00+00:00"


def test_two_learners_who_typed_the_same_name_both_count_and_the_report_says_so(tmp_path):
    put(tmp_path, "ana.json", by("Ana", {"C004": "bare_assertion", "C005": "named_source"}, created=MONDAY, updated=MONDAY))
    put(tmp_path, "ana (1).json", by("ana", {"C004": "not_a_claim"}, created=TUESDAY, updated=TUESDAY))
    put(tmp_path, "ben.json", by("Ben", {"C004": "bare_assertion"}, created=MONDAY, updated=MONDAY))
    merged = merge_class(tmp_path, CASE)
    tags = merged.tags
    assert sorted(tags["learner"].unique()) == ["Ana (1)", "Ben", "ana (2)"]
    assert dict(zip(tags["learner"], tags["file"]))["Ana (1)"] == "ana.json" and set(tags[tags["learner"] == "ana (2)"]["claim_id"]) == {"C004"}
    rows = merged.problems[merged.problems["outcome"] == "counted as a separate learner"]
    assert sorted(rows["file"]) == ["ana (1).json", "ana.json"]
    for text in rows["problem"]:
        assert "2 files name the learner" in text and "ana.json" in text and "ana (1).json" in text and "Ana (1)" in text and "ana (2)" in text
    assert all("distinct names" in fix for fix in rows["fix"])


def test_one_learners_two_files_from_one_session_are_one_learner_and_the_newer_counts(tmp_path):
    put(tmp_path, "ana-monday.json", by("Ana", {"C004": "bare_assertion"}, created=MONDAY, updated=MONDAY))
    put(tmp_path, "ana-tuesday.json", by("Ana", {"C004": "named_source"}, created=MONDAY, updated=TUESDAY))
    merged = merge_class(tmp_path, CASE)
    assert merged.tags["learner"].unique().tolist() == ["Ana"] and merged.tags["level"].tolist() == ["named_source"]
    assert merged.problems[["file", "outcome"]].values.tolist() == [["ana-monday.json", "replaced by a newer file"]]


def test_two_files_saved_at_the_same_moment_say_so_and_which_one_counts_whatever_the_order(tmp_path):
    put(tmp_path, "ana-a.json", by("Ana", {"C004": "bare_assertion"}, created=MONDAY, updated=TUESDAY))
    put(tmp_path, "ana-b.json", by("Ana", {"C004": "named_source"}, created=MONDAY, updated=TUESDAY))
    files = sorted(tmp_path.glob("*.json"))
    for order in (files, files[::-1]):
        merged = merge_class(order, CASE)
        assert merged.tags["file"].unique().tolist() == ["ana-b.json"]
        (row,) = merged.problems.itertuples()
        assert row.file == "ana-a.json" and row.outcome == "not used: saved at the same moment"
        assert "same moment" in row.problem and "newer" not in row.problem
        assert "ana-b.json was used" in row.problem and "sorts last" in row.problem


def test_a_symbolic_link_in_a_collected_folder_is_never_followed(tmp_path):
    teachers = tmp_path / "teacher"
    teachers.mkdir()
    secret = put(teachers, "marks.json", by("Teacher", {"C004": "corroborated"}, created=MONDAY, updated=MONDAY))
    folder = tmp_path / "class"
    folder.mkdir()
    put(folder, "ana.json", by("Ana", {"C004": "bare_assertion"}, created=MONDAY, updated=MONDAY))
    (folder / "ben.json").symlink_to(secret)
    merged = merge_class(folder, CASE)
    assert merged.tags["learner"].unique().tolist() == ["Ana"], "the link's target is never read"
    (row,) = merged.problems.itertuples()
    assert row.file == "ben.json" and "symbolic link" in row.problem and "not opened" in row.problem and row.outcome == "skipped"


def test_the_live_view_counts_them_as_the_report_does(tmp_path):
    folder = tmp_path / "class"
    folder.mkdir()
    put(folder, "ana.json", by("Ana", {"C004": "bare_assertion"}, created=MONDAY, updated=MONDAY))
    put(folder, "ana (1).json", by("Ana", {"C004": "not_a_claim"}, created=TUESDAY, updated=TUESDAY))
    put(folder, "ana-a.json", by("Ben", {"C004": "bare_assertion"}, created=MONDAY, updated=TUESDAY))
    put(folder, "ana-b.json", by("Ben", {"C004": "named_source"}, created=MONDAY, updated=TUESDAY))
    view = ClassView(folder, CASE, live=False)
    assert sorted(view.watch.learners) == ["Ana (1)", "Ana (2)", "Ben"]
    assert_same_as_a_full_merge(view)


def test_a_platform_names_the_learner_whatever_the_file_says(tmp_path):
    from test_platform_zip import make_zip

    one = json.dumps(by("Ana", {"C004": "bare_assertion"}, created=MONDAY, updated=MONDAY)).encode()
    two = json.dumps(by("Ana", {"C004": "named_source"}, created=TUESDAY, updated=TUESDAY)).encode()
    archive = make_zip(tmp_path / "download.zip", {"ruizana_1234_1_ana.json": one, "ruizana_1234_2_ana.json": two})
    merged = merge_class(archive, CASE)
    assert merged.tags["learner"].unique().tolist() == ["ruizana"] and merged.tags["level"].tolist() == ["named_source"]
    assert "replaced by a newer file" in merged.problems["outcome"].tolist()


def test_a_collectors_user_prefix_is_the_identity(tmp_path):
    """docs/deploy.md's copy loop names each file ``<hub user>--<file>``: that user, not the typed name, is who it is."""
    put(tmp_path, "jupyter-ana--ana.json", by("Ana", {"C004": "bare_assertion"}, created=MONDAY, updated=MONDAY))
    put(tmp_path, "jupyter-ana2--ana.json", by("Ana", {"C004": "not_a_claim"}, created=MONDAY, updated=MONDAY))  # same name, same moment
    put(tmp_path, "jupyter-ben--ben.json", by("Ben", {"C004": "bare_assertion"}, created=MONDAY, updated=MONDAY))
    put(tmp_path, "jupyter-ben--ben-again.json", by("Benjamin", {"C004": "named_source"}, created=TUESDAY, updated=TUESDAY))  # his newer file
    merged = merge_class(tmp_path, CASE)
    assert sorted(merged.tags["learner"].unique()) == ["Ana (1)", "Ana (2)", "Benjamin"]
    outcomes = dict(zip(merged.problems["file"], merged.problems["outcome"]))
    assert outcomes == {"jupyter-ana--ana.json": "counted as a separate learner", "jupyter-ana2--ana.json": "counted as a separate learner",
                        "jupyter-ben--ben.json": "replaced by a newer file"}
