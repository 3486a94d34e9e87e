"""The teacher's reader of a class inbox: a file counts only under its owner's hub user, and the rest is reported.

Every file here belongs to the account running the tests; who owns which file is replaced
(``inbox_reader.owner_account``, keyed by inode). tests/test_inbox_accounts.py does it with real accounts.
"""

from __future__ import annotations

import os

import pytest

import medialit
from medialit import inbox, inbox_reader, progress
from medialit.cli import main
from medialit.session import TaggingSession

ARTICLE = medialit.load_article()
TAXONOMY = medialit.load_taxonomy()
OWNERS: dict[int, str | None] = {}  # inode -> the account the reader is told owns it


@pytest.fixture
def class_inbox(tmp_path, monkeypatch):
    """An inbox for jupyter-NAME accounts; a file not written by :func:`_hand_in` belongs to the teacher."""
    tmp_path.chmod(0o755)
    folder = tmp_path / "inbox"
    inbox.init(folder, account_prefix="jupyter-")
    OWNERS.clear()
    monkeypatch.setattr(inbox_reader, "owner_account", lambda status: OWNERS.get(status.st_ino, "teacher"))
    return folder


def _hand_in(folder, file_name, learner, owner, level="bare_assertion", mode=0o640):
    """Write a submission claiming ``learner`` as ``file_name``, owned (as far as the reader knows) by ``owner``."""
    session = TaggingSession(ARTICLE, TAXONOMY, learner=learner)
    session.tag(session.claim_ids()[3], level)
    path = progress.export_submission(session, learner=learner, path=folder / file_name)
    path.chmod(mode)
    OWNERS[os.lstat(path).st_ino] = owner
    return path


def _problems_by_file(problems):
    return {row.file: row for row in problems.itertuples()}


def test_only_hand_ins_under_their_owners_name_are_merged(class_inbox):
    _hand_in(class_inbox, "ana.json", "ana", "jupyter-ana")
    _hand_in(class_inbox, "bob.json", "bob", "jupyter-bob", level="named_source")
    _hand_in(class_inbox, "forged.json", "ana", "jupyter-bob")   # bob hands in under ana's name
    _hand_in(class_inbox, "cara.json", "bob", "jupyter-bob")     # bob takes cara's file name (squatting)
    _hand_in(class_inbox, "dan.json", "dan", "teacher")          # copied in by the teacher: not dan's own
    tags, problems = medialit.merge_submissions(class_inbox)
    assert sorted(tags["learner"].unique()) == ["ana", "bob"]
    assert set(tags.loc[tags["learner"] == "ana", "level"]) == {"bare_assertion"}, "ana's own tags, not the forgery's"
    rows = _problems_by_file(problems)
    assert set(rows) == {"forged.json", "cara.json", "dan.json"} and {row.outcome for row in rows.values()} == {"skipped"}
    assert "says it is by 'ana', but it belongs to the account jupyter-bob" in rows["forged.json"].problem
    assert rows["forged.json"].learner == "bob", "the report names who really wrote it"
    assert "another file name" in rows["cara.json"].problem and "rm " in rows["cara.json"].fix
    assert "belongs to the account teacher" in rows["dan.json"].problem


def test_links_files_others_can_change_and_orphans_are_not_merged(class_inbox, tmp_path):
    private = _hand_in(tmp_path, "private.json", "ana", "jupyter-ana")  # ana's file elsewhere, not handed in
    (class_inbox / "ana.json").symlink_to(private)
    _hand_in(class_inbox, "bob.json", "bob", "jupyter-bob", mode=0o666)
    orphan = _hand_in(class_inbox, "eve.json", "eve", "jupyter-eve")
    OWNERS[os.lstat(orphan).st_ino] = None  # a deleted account
    tags, problems = medialit.merge_submissions(class_inbox)
    assert tags.empty
    rows = _problems_by_file(problems)
    assert "not opened" in rows["ana.json"].problem
    assert "can be changed by other accounts" in rows["bob.json"].problem
    assert "has no account" in rows["eve.json"].problem


def test_a_file_replaced_while_it_is_read_is_not_merged(class_inbox):
    ana = _hand_in(class_inbox, "ana.json", "ana", "jupyter-ana")
    check = inbox_reader.owner_check(class_inbox)
    reports = []

    def read_then_swap(path, report):
        document = medialit.tagfile.read(path)
        swapped = _hand_in(class_inbox.parent, "other.json", "ana", "jupyter-bob")
        os.replace(swapped, path)  # what was read is no longer what was checked
        return document

    assert check.read(ana, read_then_swap, lambda *row: reports.append(row)) is None
    assert "replaced while it was read" in reports[0][2]


def test_a_folder_without_the_marker_merges_as_before(tmp_path):
    """A folder the teacher collected files into (all owned by the teacher) is no inbox: no owner check."""
    session = TaggingSession(ARTICLE, TAXONOMY, learner="ana")
    session.tag(session.claim_ids()[3], "bare_assertion")
    progress.export_submission(session, path=tmp_path / "collected" / "whatever.json")
    assert inbox_reader.owner_check(tmp_path / "collected") is None
    tags, problems = medialit.merge_submissions(tmp_path / "collected")
    assert list(tags["learner"].unique()) == ["ana"] and problems.empty


def test_class_report_on_the_inbox_reports_the_forgery_and_merges_the_rest(class_inbox, tmp_path, capsys):
    _hand_in(class_inbox, "ana.json", "ana", "jupyter-ana")
    _hand_in(class_inbox, "forged.json", "ana", "jupyter-bob")
    assert main(["class-report", str(class_inbox), "--out", str(tmp_path / "report.html"), "--no-charts"]) == 0
    captured = capsys.readouterr()
    assert "(1 learners, 1 problem(s))" in captured.out
    assert "forged.json" in captured.err and "jupyter-bob" in captured.err
    assert "jupyter-bob" in (tmp_path / "report.html").read_text("utf-8")


def test_an_inbox_the_teacher_cannot_read_gives_a_clear_error(class_inbox, monkeypatch):
    def refuse(*args, **kwargs):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(inbox_reader.os, "scandir", refuse)
    with pytest.raises(medialit.InboxError, match="cannot be listed.*member of its group"):
        medialit.merge_submissions(class_inbox)


def _hand_in_case(folder, file_name, learner, owner, case):
    session = TaggingSession(case, learner=learner)
    session.tag(session.claim_ids()[0], "bare_assertion")
    path = progress.export_submission(session, learner=learner, path=folder / file_name)
    path.chmod(0o640)
    OWNERS[os.lstat(path).st_ino] = owner
    return path


def test_an_inbox_holds_one_hand_in_per_learner_per_case_and_each_report_reads_its_own(class_inbox, tmp_path):
    from case_packs import make_pack

    from medialit.class_merge import merge_class

    station = medialit.load_case(make_pack(tmp_path / "old-station"))
    _hand_in(class_inbox, "ana.json", "ana", "jupyter-ana")
    _hand_in_case(class_inbox, "ana--old-station.json", "ana", "jupyter-ana", station)
    _hand_in_case(class_inbox, "bob--old-station.json", "bob", "jupyter-bob", station)
    _hand_in_case(class_inbox, "cara--old-station.json", "bob", "jupyter-bob", station)   # bob squats cara's name for the case
    _hand_in_case(class_inbox, "bob--seed.json", "bob", "jupyter-bob", station)           # the case part is not the file's case
    series = merge_class(class_inbox, medialit.load_case())
    assert series.tags["learner"].unique().tolist() == ["ana"] and series.problems.empty
    assert series.other_cases == {"old-station": 3, "seed": 1}, "another case's hand-ins are counted, not listed as problems"
    ours = merge_class(class_inbox, station)
    assert sorted(ours.tags["learner"].unique()) == ["ana", "bob"] and ours.other_cases == {medialit.data.DEFAULT_CASE: 1, "seed": 1}
    rows = _problems_by_file(ours.problems)
    assert set(rows) == {"cara--old-station.json"} and "another file name" in rows["cara--old-station.json"].problem
    assert (class_inbox / "bob--seed.json").exists()  # counted under the name it gives; never merged for either case


def test_a_hand_in_the_teacher_cannot_read_names_its_owner(class_inbox, monkeypatch):
    """Permission denied (a learner's file written 0600 by hand): the row says whose it is, so the teacher knows whom to ask."""
    _hand_in(class_inbox, "ana.json", "ana", "jupyter-ana")
    locked = _hand_in(class_inbox, "bob.json", "bob", "jupyter-bob", mode=0o600)
    real_open = os.open

    def refusing_open(path, flags, *args, **kwargs):  # as the teacher's account would be refused (root never is)
        if os.fspath(path) == os.fspath(locked):
            raise PermissionError(13, "Permission denied", os.fspath(path))
        return real_open(path, flags, *args, **kwargs)

    monkeypatch.setattr(os, "open", refusing_open)
    tags, problems = medialit.merge_submissions(class_inbox)
    assert tags["learner"].unique().tolist() == ["ana"]
    (row,) = problems.itertuples()
    assert row.file == "bob.json" and row.learner == "bob" and "Permission denied" in row.problem
    assert "jupyter-bob" in row.problem and "'bob'" in row.problem and "bob" in row.fix
