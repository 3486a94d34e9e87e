"""``class-report --pseudonymise``: no real name anywhere in the page, the CSV or the terminal, problems included.

A name can reach a report through the learner column, a file's name, a problem's text (the name inside a file, a
duplicate's file names, an inbox owner's account) and its fix. Each test searches every output for every real name.
"""

from __future__ import annotations

import re

import pytest

from medialit.cli import main
from medialit.pseudonyms import SECRET_ENV

from test_classroom import put, submission
from test_inbox_reader import _hand_in, class_inbox  # noqa: F401  (a fixture)

MONDAY, TUESDAY = "2026-11-23T10:00:00+00:00", "2026-11-24T10:00:00+00:00"


def by(learner: str, tags: dict, *, created: str = MONDAY, updated: str = MONDAY) -> dict:
    return dict(submission(learner, tags, updated=updated), created=created)


def leaks(text: str, names: list[str]) -> list[str]:
    return [name for name in names if re.search(re.escape(name), text, re.IGNORECASE)]


def run(source, tmp_path, capsys) -> str:
    out, csv = tmp_path / "report.html", tmp_path / "merged.csv"
    assert main(["class-report", str(source), "--out", str(out), "--csv", str(csv), "--pseudonymise", "--no-charts"]) == 0
    terminal = capsys.readouterr()
    return "\n".join([out.read_text(encoding="utf-8"), csv.read_text(encoding="utf-8-sig"), terminal.out, terminal.err])


@pytest.fixture(autouse=True)
def secret(monkeypatch):
    monkeypatch.setenv(SECRET_ENV, "the teacher's own secret")


def test_a_collected_folder_leaks_no_name(tmp_path, capsys):
    folder = tmp_path / "class"
    folder.mkdir()
    put(folder, "wilhelmina.json", by("Wilhelmina", {"C004": "bare_assertion"}))
    put(folder, "wilhelmina (1).json", by("Wilhelmina", {"C004": "not_a_claim"}, created=TUESDAY, updated=TUESDAY))  # another Wilhelmina
    put(folder, "bartholomew-old.json", by("Bartholomew", {"C004": "bare_assertion"}))
    put(folder, "bartholomew.json", by("Bartholomew", {"C004": "named_source"}, updated=TUESDAY))  # replaces his older file
    put(folder, "ophelia.json", "{ not json")                                                   # unreadable, named after her
    put(folder, "persephone-wrong.json", by("Persephone", {"C004": "bare_assertion"}) | {"article": {"title": "x", "sha256": "0" * 64}})
    put(folder, "rosalind.json", by("  ", {"C004": "bare_assertion"}))                          # no name inside: named after the file
    put(folder, "cornelius.json", by("Cornelius", {"C004": "bare_assertion", "C999": "named_source"}))  # tags dropped
    (folder / "tristan.json").symlink_to(folder / "cornelius.json")
    everything = run(folder, tmp_path, capsys)
    assert "Learner-" in everything
    assert leaks(everything, ["Wilhelmina", "Bartholomew", "Ophelia", "Persephone", "Rosalind", "Cornelius", "Tristan"]) == []


def test_a_class_inbox_leaks_no_name_nor_account(class_inbox, tmp_path, capsys):  # noqa: F811
    _hand_in(class_inbox, "zelda.json", "zelda", "jupyter-zelda")
    _hand_in(class_inbox, "forged.json", "zelda", "jupyter-quentin")     # quentin hands in under zelda's name
    _hand_in(class_inbox, "xavier.json", "quentin", "jupyter-quentin")   # quentin squats xavier's file name
    _hand_in(class_inbox, "yolanda.json", "yolanda", "teacher")          # copied in by the teacher
    _hand_in(class_inbox, "isidore.json", "isidore", "jupyter-isidore", mode=0o666)  # others could change it
    everything = run(class_inbox, tmp_path, capsys)
    assert "Learner-" in everything
    assert leaks(everything, ["zelda", "quentin", "xavier", "yolanda", "isidore"]) == []


def test_the_live_views_pseudonyms_leak_no_name_either(class_inbox):  # noqa: F811
    from medialit.classview import ClassView

    _hand_in(class_inbox, "zelda.json", "zelda", "jupyter-zelda")
    _hand_in(class_inbox, "forged.json", "zelda", "jupyter-quentin")
    _hand_in(class_inbox, "xavier.json", "quentin", "jupyter-quentin")
    view = ClassView(class_inbox, live=False, pseudonyms=True)
    page = "\n".join(section.value for section in view.sections.values())
    assert "Learner-" in page
    assert leaks(page, ["zelda", "quentin", "xavier"]) == []
