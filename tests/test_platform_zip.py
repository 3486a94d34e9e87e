"""A learning platform's bulk download: learners named by each platform's file-name scheme, hostile zips refused.

The zips are built here by hand, member by member, as Canvas, Moodle and Google Drive (for Google Classroom) name
them (see medialit/platform_zip.py for the sources), and as an attacker would: names that climb out, absolute names,
links, a gigabyte of zeros, a zip inside the zip, 100,000 members, the same name twice. Nothing may be written to
disk, every bad member must be named with its reason, and the rest must merge.
"""

from __future__ import annotations

import json
import struct
import zipfile
import zlib
from pathlib import Path

import pytest

import medialit
from medialit import platform_zip
from medialit.class_merge import merge_class
from medialit.cli import main
from medialit.errors import SubmissionError
from medialit.session import TaggingSession
from medialit.store import to_tagfile
from medialit.tagfile import ExerciseResult

CASE = medialit.load_case()


def submission(learner: str, level: str = "bare_assertion", *, updated: str = "2026-12-01T10:00:00+00:00", **exercises: ExerciseResult) -> bytes:
    session = TaggingSession(CASE, learner=learner)
    for claim_id in session.claim_ids()[:3]:
        session.tag(claim_id, level)
    document = to_tagfile(session, kind="submission", learner=learner, exercises={k.replace("_", "."): v for k, v in exercises.items()})
    document.updated = updated
    return json.dumps(document.to_json()).encode("utf-8")


def make_zip(path: Path, members: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return path


def raw_zip(path: Path, members: list[tuple[str, bytes, int, int, int]]) -> Path:
    """A zip written byte by byte: (name, deflated data, CRC-32, declared unpacked size, external attributes) each.

    For what zipfile will not write: a declared size that lies, or a gigabyte of zeros without deflating a gigabyte.
    """
    local, central = bytearray(), bytearray()
    for name, data, crc, size, attributes in members:
        encoded = name.encode("utf-8")
        header = struct.pack("<4s5H3L2H", b"PK\x03\x04", 20, 0x800, 8, 0, 0x21, crc, len(data), size, len(encoded), 0)
        central += struct.pack("<4s6H3L5H2L", b"PK\x01\x02", 0x314, 20, 0x800, 8, 0, 0x21, crc, len(data), size, len(encoded), 0, 0, 0, 0,
                               attributes, len(local)) + encoded
        local += header + encoded + data
    count, zip64 = len(members), b""
    if count > 0xFFFF:  # Zip64: the real count is in the Zip64 end record, the classic one says 0xFFFF
        record = struct.pack("<4sQ2H2L4Q", b"PK\x06\x06", 44, 45, 45, 0, 0, count, count, len(central), len(local))
        zip64 = record + struct.pack("<4sLQL", b"PK\x06\x07", 0, len(local) + len(central), 1)
        count = 0xFFFF
    end = struct.pack("<4s4H2LH", b"PK\x05\x06", 0, 0, count, count, len(central), len(local), 0)
    path.write_bytes(bytes(local + central) + zip64 + end)
    return path


def zeros(megabytes: int) -> tuple[bytes, int]:
    """Deflated zeros and their CRC-32, made from one deflated megabyte repeated (each block ends on a full flush)."""
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    block = compressor.compress(bytes(2**20)) + compressor.flush(zlib.Z_FULL_FLUSH)
    crc = 0
    for _ in range(megabytes):
        crc = zlib.crc32(bytes(2**20), crc)
    return block * megabytes + compressor.flush(zlib.Z_FINISH), crc


def rows(problems) -> dict[str, str]:
    return {row.file: f"{row.outcome}: {row.problem}" for row in problems.itertuples()}


# ---- each platform's scheme names the learner ----

def test_canvas_names_the_learner_from_its_file_names_late_ones_too(tmp_path):
    path = make_zip(tmp_path / "submissions.zip", {
        "smithjane_12345_67890_jane_smith.json": submission("Jane Smith", updated="2026-12-01T10:00:00+00:00"),
        "smithjane_12345_67899_jane_smith-1.json": submission("Jane Smith", "not_a_claim", updated="2026-12-01T11:00:00+00:00"),
        "doejohn_late_23456_78901_me.json": submission("Johnny"),
        "núñezjosé_LATE_34567_78902_josé.json": submission("José Núñez"),
    })
    merged = merge_class(path, CASE)
    assert sorted(merged.tags["learner"].unique()) == ["doejohn", "núñezjosé", "smithjane"]
    assert set(merged.tags.loc[merged.tags["learner"] == "smithjane", "level"]) == {"not_a_claim"}, "the newer resubmission wins"
    found = rows(merged.problems)
    assert "replaced by a newer file" in found["smithjane_12345_67890_jane_smith.json"]
    assert found["doejohn_late_23456_78901_me.json"].startswith("merged as Canvas names it: says it is by 'Johnny'")
    assert len(found) == 2, "'Jane Smith' is smithjane and 'José Núñez' is núñezjosé: no note for a name in another order"
    assert platform_zip.platform_learner("doejohn_late_23456_78901_me.json") == ("Canvas", "doejohn", "23456", True)


def test_moodle_names_the_learner_from_its_folders_and_from_flat_names(tmp_path):
    path = make_zip(tmp_path / "moodle.zip", {
        "Jane Smith_4321_assignsubmission_file_/jane.json": submission("Jane Smith"),
        "Jane Smith_4321_assignsubmission_onlinetext_/onlinetext.html": b"<p>hello</p>",
        "Jane Smith_4330_assignsubmission_file_/export.json": submission("Jane Smith", "not_a_claim"),  # another Jane Smith
        "John Doe_4322_assignsubmission_file_john.json": submission("John Doe"),
        "Participant_4323_assignsubmission_file_/me.json": submission("Kim"),
    })
    merged = merge_class(path, CASE)
    assert sorted(merged.tags["learner"].unique()) == ["Jane Smith (4321)", "Jane Smith (4330)", "John Doe", "Participant"]
    found = rows(merged.problems)
    assert found["Jane Smith_4321_assignsubmission_onlinetext_/onlinetext.html"].startswith("left out: is not a .json tag file")
    assert "says it is by 'Kim'" in found["Participant_4323_assignsubmission_file_/me.json"], "blind marking: the platform's name stands"


def test_google_classroom_through_drive_names_copies_and_keeps_learners_own_names(tmp_path):
    path = make_zip(tmp_path / "Week 3-20261201T101010Z-001.zip", {
        "Week 3/Jane Smith - jane_smith.json": submission("Jane Smith"),
        "Week 3/ana.json": submission("Ana"),           # attached by the learner: Drive keeps the learner's own name
        "Week 3/ana (1).json": submission("Ana", updated="2026-12-01T09:00:00+00:00"),
    })
    merged = merge_class(path, CASE)
    assert sorted(merged.tags["learner"].unique()) == ["Ana", "Jane Smith"]
    assert set(rows(merged.problems)) == {"Week 3/ana (1).json"}, "the older of Ana's two files, replaced"


# ---- hostile zips: every bad member named, the rest merges, nothing written ----

def test_names_that_climb_out_or_start_at_the_top_links_and_nested_zips_are_refused_and_the_rest_merges(tmp_path):
    link = zipfile.ZipInfo("link.json")
    link.external_attr = (0o120777 << 16)
    path = make_zip(tmp_path / "hostile.zip", {
        "ana.json": submission("Ana"),
        "../evil.json": submission("Eve"),
        "safe/../../evil2.json": submission("Eve"),
        "/etc/evil3.json": submission("Eve"),
        "C:\\evil4.json": submission("Eve"),
        "inner.zip": b"PK\x03\x04not really",
        "sneaky.json": b"PK\x03\x04" + b"\x00" * 40,
        "__MACOSX/._ana.json": b"junk",
    })
    with zipfile.ZipFile(path, "a") as archive:
        archive.writestr(link, "/etc/passwd")
    before = sorted(p.name for p in tmp_path.iterdir())
    merged = merge_class(path, CASE)
    assert merged.tags["learner"].unique().tolist() == ["Ana"]
    found = rows(merged.problems)
    assert "climbs out of its folder" in found["../evil.json"] and "climbs out" in found["safe/../../evil2.json"]
    assert "absolute name" in found["/etc/evil3.json"] and "absolute name" in found["C:\\evil4.json"]
    assert "symbolic link" in found["link.json"]
    assert "archive inside the zip" in found["inner.zip"] and "is a zip, not a tag file" in found["sneaky.json"]
    assert "__MACOSX/._ana.json" not in found, "what zip tools add is left out quietly"
    assert sorted(p.name for p in tmp_path.iterdir()) == before and not Path("evil.json").exists(), "nothing extracted"


def test_the_same_name_twice_reads_neither(tmp_path):
    path = tmp_path / "twice.zip"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("ana.json", submission("Ana"))
        with pytest.warns(UserWarning, match="Duplicate name"):
            archive.writestr("ana.json", submission("Eve"))
        archive.writestr("ben.json", submission("Ben"))
    merged = merge_class(path, CASE)
    assert merged.tags["learner"].unique().tolist() == ["Ben"]
    assert rows(merged.problems)["ana.json"].startswith("skipped: appears 2 times in the zip")


def test_a_gigabyte_of_zeros_is_refused_whether_its_size_is_declared_or_hidden(tmp_path):
    data, crc = zeros(1024)
    small_data, small_crc = zeros(20)
    path = raw_zip(tmp_path / "bombs.zip", [
        ("declared.json", data, crc, 2**30, 0o100644 << 16),               # says 1 GiB: refused before unpacking
        ("hidden.json", data, crc, 1000, 0o100644 << 16),                  # says 1,000 bytes: zipfile stops there, CRC fails
        ("ratio.json", small_data, small_crc, 20 * 2**20, 0o100644 << 16),  # 20 MB, under the size limit, but 1,000 to 1
        ("ana.json", *_deflated(submission("Ana")), 0o100644 << 16),
    ])
    merged = merge_class(path, CASE)
    assert merged.tags["learner"].unique().tolist() == ["Ana"]
    found = rows(merged.problems)
    assert "would unpack to 1,073,741,824 bytes" in found["declared.json"] and "not unpacked" in found["declared.json"]
    assert found["hidden.json"].startswith("skipped: cannot be unpacked") or "zip bomb" in found["hidden.json"]
    assert "times its packed size (a zip bomb?)" in found["ratio.json"]


def _deflated(data: bytes) -> tuple[bytes, int, int]:
    compressor = zlib.compressobj(6, zlib.DEFLATED, -15)
    return compressor.compress(data) + compressor.flush(), zlib.crc32(data), len(data)


def test_past_the_total_limit_the_rest_is_named_and_left_out(tmp_path, monkeypatch):
    members = {f"learner{i}.json": submission(f"Learner {i}") for i in range(4)}
    path = make_zip(tmp_path / "class.zip", members)
    monkeypatch.setattr(platform_zip, "MAX_TOTAL_BYTES", 2 * len(members["learner0.json"]) + 10)
    merged = merge_class(path, CASE)
    assert merged.tags["learner"].nunique() == 2
    assert all("past" in text and "not unpacked" in text for text in rows(merged.problems).values()) and len(merged.problems) == 2


def test_a_hundred_thousand_members_are_refused_before_any_is_opened(tmp_path, capsys):
    empty = _deflated(b"")
    path = raw_zip(tmp_path / "many.zip", [(f"{i}.json", *empty, 0o100644 << 16) for i in range(100_000)])
    assert len(zipfile.ZipFile(path).infolist()) == 100_000, "a real zip that zipfile reads"
    with pytest.raises(SubmissionError, match="holds 100,000 files; a class's download holds at most 5,000"):
        platform_zip.read_zip(path)
    assert main(["class-report", str(path), "--out", str(tmp_path / "report.html"), "--no-charts"]) == 2
    assert "holds 100,000 files" in capsys.readouterr().err and not (tmp_path / "report.html").exists()


def test_a_file_that_is_not_a_zip_is_a_folder_or_nothing(tmp_path):
    broken = tmp_path / "broken.zip"
    broken.write_bytes(b"PK\x03\x04 and then nothing")
    with pytest.raises(SubmissionError, match="is not a zip that can be read"):
        platform_zip.read_zip(broken)
    assert not platform_zip.is_zip(tmp_path) and not platform_zip.is_zip(tmp_path / "missing.zip")


def test_class_report_reads_a_platforms_zip_with_exercise_results(tmp_path, capsys):
    path = make_zip(tmp_path / "submissions.zip", {
        "smithjane_12345_67890_jane.json": submission("Jane Smith", **{"02_1": ExerciseResult("correct", "not_yet", 2, ("named source",))}),
        "doejohn_23456_78901_john.json": submission("John Doe", **{"02_1": ExerciseResult("correct", "correct", 1, ())}),
        "../evil.json": submission("Eve"),
    })
    assert main(["class-report", str(path), "--out", str(tmp_path / "report.html"), "--no-charts"]) == 0
    out, err = capsys.readouterr()
    assert "(2 learners, 1 problem(s))" in out and "../evil.json" in err
    page = (tmp_path / "report.html").read_text("utf-8")
    assert "smithjane" in page and "named source" in page
