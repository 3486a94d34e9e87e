"""``medialit new-case`` and ``medialit check-case``: a teacher makes a pack for any article and checks it."""

from __future__ import annotations

import json

import pytest

import medialit
from case_packs import SECOND_ARTICLE, fill_key, fill_provenance, key_rows, make_pack, write_key
from medialit.article import claims_table
from medialit.cli import main
from medialit.key import TEMPLATE_COLUMNS


def run(capsys, *argv: str) -> tuple[int, str, str]:
    status = main(list(argv))
    out, err = capsys.readouterr()
    return status, out, err


def test_new_case_writes_the_article_a_provenance_form_the_claims_and_a_key_template(tmp_path, capsys):
    pack = tmp_path / "cases" / "old-station"
    status, out, _ = run(capsys, "new-case", str(SECOND_ARTICLE), "--out", str(pack))
    assert status == 0 and "wrote case 'old-station'" in out and "medialit check-case" in out
    assert sorted(p.name for p in pack.iterdir()) == ["answer_key.csv", "article.txt", "case.json", "claims.csv"]
    assert (pack / "article.txt").read_bytes() == SECOND_ARTICLE.read_bytes(), "the article is copied byte for byte"
    info = json.loads((pack / "case.json").read_text(encoding="utf-8"))
    assert info["id"] == "old-station" and info["title"] == "Will the Old Station Reopen?"
    assert {info[name] for name in ("url", "author", "publisher", "date", "licence")} == {""} and "check-case" in info["note"]
    assert info["sha256"] == medialit.Article.from_file(SECOND_ARTICLE).sha256
    claims = medialit.load_case(pack).claims
    assert claims.astype(str).equals(claims_table(SECOND_ARTICLE.read_text(encoding="utf-8")).astype(str))
    rows = key_rows(pack)
    assert list(rows[0]) == TEMPLATE_COLUMNS and {"claim_id", "text", "level", "reason", "debatable"} <= set(rows[0])
    statements = claims[claims["kind"].isin(["sentence", "bio"])]
    assert [row["claim_id"] for row in rows] == statements["claim_id"].tolist(), "one row per statement"
    assert [row["text"] for row in rows] == statements["text"].tolist()
    assert all(row["level"] == row["reason"] == row["debatable"] == "" for row in rows), "level and reason are for the teacher"
    assert (pack / "answer_key.csv").read_bytes().startswith(b"\xef\xbb\xbf"), "a byte-order mark, so a spreadsheet reads accents"


def test_new_case_never_replaces_a_folder_with_files_unless_forced(tmp_path, capsys):
    out = tmp_path / "pack"
    out.mkdir()
    (out / "notes.txt").write_text("the teacher's own notes", encoding="utf-8")
    status, _, err = run(capsys, "new-case", str(SECOND_ARTICLE), "--out", str(out))
    assert status == 2 and "already holds files" in err and "--force" in err
    assert sorted(p.name for p in out.iterdir()) == ["notes.txt"], "nothing is written"
    status, _, _ = run(capsys, "new-case", str(SECOND_ARTICLE), "--out", str(out), "--force", "--id", "station-2026")
    assert status == 0 and json.loads((out / "case.json").read_text(encoding="utf-8"))["id"] == "station-2026"
    (tmp_path / "a-file").write_text("x", encoding="utf-8")
    status, _, err = run(capsys, "new-case", str(SECOND_ARTICLE), "--out", str(tmp_path / "a-file"))
    assert status == 2 and "is a file, not a folder" in err


def test_new_case_refuses_what_is_not_an_article(tmp_path, capsys):
    (tmp_path / "photo.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00")
    status, _, err = run(capsys, "new-case", str(tmp_path / "photo.txt"), "--out", str(tmp_path / "pack"))
    assert status == 2 and "NUL bytes" in err and not (tmp_path / "pack").exists()


def test_an_article_that_is_not_utf8_is_saved_as_utf8(tmp_path, capsys):
    source = tmp_path / "utf16.txt"
    source.write_bytes(SECOND_ARTICLE.read_text(encoding="utf-8").encode("utf-16"))
    status, out, _ = run(capsys, "new-case", str(source), "--out", str(tmp_path / "pack"))
    assert status == 0 and "saved as UTF-8" in out
    assert (tmp_path / "pack" / "article.txt").read_bytes() == SECOND_ARTICLE.read_bytes()


def test_check_case_leads_a_teacher_from_a_new_pack_to_a_sound_one(tmp_path, capsys):
    pack = tmp_path / "pack"
    run(capsys, "new-case", str(SECOND_ARTICLE), "--out", str(pack))
    status, out, _ = run(capsys, "check-case", str(pack))
    lines = out.splitlines()
    assert status == 1 and lines[-1] == f"{pack}: 5 problem(s) to fix."
    for name in ("url", "author", "publisher", "date", "licence"):
        assert any(f"case.json, field '{name}': the provenance field '{name}' is not filled in. Fix:" in line for line in lines), name
    fill_provenance(pack)
    status, out, _ = run(capsys, "check-case", str(pack))
    assert status == 3 and out.startswith(f"{pack}: not keyed yet"), "a blank key template is not an error"
    fill_key(pack)
    status, out, _ = run(capsys, "check-case", str(pack))
    assert status == 0 and out == f"{pack}: sound: case 'pack', 26 units, 20 keyed statements.\n"


def test_check_case_names_every_bad_row_with_its_file_line_and_fix(tmp_path, capsys):
    pack = make_pack(tmp_path / "pack")
    capsys.readouterr()
    rows = key_rows(pack)
    rows[0].update(level="maybe")                                     # line 2: not a level
    rows[1].update(reason="It has no quotation at all.")              # line 3: quotes nothing
    rows[2].update(reason='It says "reports have emerged".')          # line 4: quotes words not in the claim
    rows[3].update(claim_id="C999")                                   # line 5: no such claim (so C008 has no row)
    rows[4].update(defensible="named_source", debatable="no")         # line 6: defensible but not debatable
    rows[5].update(level="")                                          # line 7: not filled in
    write_key(pack, rows)
    fill_provenance(pack, url="capitolinstitute.org")
    status, out, _ = run(capsys, "check-case", str(pack))
    lines = out.splitlines()
    assert status == 1 and lines[-1].endswith("8 problem(s) to fix.")
    key = str(pack / "answer_key.csv")
    expected = [
        (f"{key}, line 2 (claim_id 'C004'): 'level' must be one of", "Fix: use a key from the case's taxonomy"),
        (f"{key}, line 3 (claim_id 'C005'): 'reason' quotes none of the claim's words.", 'Fix: quote the deciding words'),
        (f"{key}, line 4 (claim_id 'C006'): 'reason' quotes 'reports have emerged', which is not in the claim's text.", "Fix:"),
        (f"{key}, line 5: 'claim_id' 'C999' is not in the claims table.", "Fix: use an ID from the case's claims.csv"),
        (f"{key}, line 6 (claim_id 'C009'): 'defensible' names ['named_source'] but 'debatable' is 'no'.", "Fix: a row that names other defensible levels is debatable"),
        (f"{key}, line 7 (claim_id 'C010'): 'level' is empty.", "Fix: fill in every row's level"),
        (f"{key}: 1 claim(s) have no key row: ['C008'].", "Fix: add one row per sentence"),
        (f"{pack / 'case.json'}, field 'url': 'url' must be a web address", "Fix: copy the address"),
    ]
    for start, fix in expected:
        assert any(line.startswith(start) and fix in line for line in lines), start
    assert len(lines) == len(expected) + 1, "one line per problem, and the summary"


def test_check_case_finds_a_changed_article(tmp_path, capsys):
    pack = make_pack(tmp_path / "pack")
    capsys.readouterr()
    (pack / "article.txt").write_bytes(SECOND_ARTICLE.read_bytes().replace(b"1998", b"1999"))
    status, out, _ = run(capsys, "check-case", str(pack))
    assert status == 1 and f"{pack / 'article.txt'}: has SHA-256" in out and "byte-for-byte" in out


def test_check_case_on_the_series_own_pack_and_on_no_pack(tmp_path, capsys):
    status, out, _ = run(capsys, "check-case", str(medialit.data.case_folder()))
    assert status == 0 and "sound: case 'fbi-jttf-iran-espionage', 86 units, 65 keyed statements." in out
    status, out, _ = run(capsys, "check-case", str(tmp_path / "nothing"))
    assert status == 1 and "is not a case pack folder (not found)." in out


def test_a_partly_keyed_pack_cannot_be_loaded_until_every_row_is(tmp_path):
    pack = make_pack(tmp_path / "pack", keyed=False)
    rows = key_rows(pack)
    rows[0].update(level="bare_assertion", reason=f'"{rows[0]["text"][:10]}" only.', debatable="no")
    write_key(pack, rows)
    with pytest.raises(medialit.DataFileError, match=r"line 3 \(claim_id 'C005'\): 'level' is empty"):
        medialit.load_case(pack)
