"""Fuzzing ``medialit class-report`` with hostile submission folders, end to end through the command.

Each example is a folder of good submissions (with hostile but valid names and notes) and bad files: random
JSON, huge integers, lone surrogates, deep nesting, wrong types, raw bytes, empty files and special files
(named pipes, sockets, folders, links to devices), under hostile file names. Whatever the folder holds, the
command must not raise, must exit 0, must name every bad file (on the terminal and in the page) and must merge
every good one, with a CSV that no spreadsheet reads as a formula and output that no terminal or page
misreads.
"""

from __future__ import annotations

import contextlib
import csv
import io
import json
import os
import socket
import tempfile
import unicodedata
from html.parser import HTMLParser
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from medialit.cli import main
from medialit.tagfile import SCHEMA_VERSION
from hang_guard import never_hangs
from test_classroom import CLAIMS, TAXONOMY, submission

BIDI = set("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
HOSTILE_PIECES = ["", "=cmd", "+1", "-2", "@SUM(A1)", "\u200b=x", "\u00a0+x", "\u202eevil", "\u2066x\u2069", "\x1b[2K", "\x07",
                  "\x9b2J", "<script>alert(1)</script>", "\t", "\n", "é李محمد", "\udcff"]  # "\udcff": the byte 0xFF in a name
HOSTILE_TEXT = st.one_of(st.text(max_size=30), st.sampled_from(HOSTILE_PIECES[:-1]))
NAME_PIECES = [piece for piece in HOSTILE_PIECES if "/" not in piece] + ["<img src=x onerror=alert(1)>"]  # no "/" in a file name
JSON_VALUES = st.recursive(st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False), st.text(max_size=12)),
                           lambda inner: st.one_of(st.lists(inner, max_size=3), st.dictionaries(st.text(max_size=6), inner, max_size=3)),
                           max_leaves=8)
BAD_KINDS = ["random json", "huge integer", "surrogate", "deep nesting", "wrong type", "bytes", "empty", "another article",
             "fifo", "socket", "folder", "device link", "dangling link"]


@st.composite
def good_files(draw, number: int) -> tuple[str, bytes]:
    claims = draw(st.lists(st.sampled_from(CLAIMS), min_size=1, max_size=5, unique=True))
    tags = {claim: (draw(st.sampled_from(TAXONOMY.keys)), draw(HOSTILE_TEXT)) for claim in claims}
    document = submission(f"good{number:02d} {draw(HOSTILE_TEXT)}", tags)
    return f"good{number:02d}-{draw(st.sampled_from(NAME_PIECES))}.json", json.dumps(document).encode()


@st.composite
def bad_files(draw, number: int) -> tuple[str, str, bytes]:
    """(file name, kind, content); the content is ignored for the special files."""
    kind = draw(st.sampled_from(BAD_KINDS))
    name = f"bad{number:02d}-{draw(st.sampled_from(NAME_PIECES))}.json"
    document = submission(f"zz{number}", {"C004": ("bare_assertion", "the-note")})
    text = json.dumps(document)
    if kind == "random json":  # never a tag file: its "schema" would need 13 characters
        return name, kind, json.dumps(draw(JSON_VALUES)).encode()
    if kind == "huge integer":  # more digits than Python converts (4,300): json.loads raises ValueError
        digits = "9" * draw(st.integers(4_301, 20_000))
        old, new = draw(st.sampled_from([(f'"schema_version": {SCHEMA_VERSION}', f'"schema_version": {digits}'), (f'"learner": "zz{number}"', f'"learner": {digits}'),
                                         ('"level": "bare_assertion"', f'"level": "bare_assertion", "stars": {digits}')]))
        return name, kind, text.replace(old, new, 1).encode()
    if kind == "surrogate":  # a lone surrogate, written as a JSON escape: valid JSON, invalid Unicode
        target = draw(st.sampled_from([f'"zz{number}"', '"the-note"', f'"{document["updated"]}"']))  # the last: "updated" and "tagged_at"
        lone = draw(st.sampled_from(["\\ud800", "\\udfff", "\\udc80x", "x\\ud83d"]))
        return name, kind, text.replace(target, target[:-1] + lone + '"').encode()
    if kind == "deep nesting":
        depth = draw(st.integers(5_000, 200_000))
        return name, kind, ('{"schema": "medialit-tags", "tags": ' + "[" * depth + "]" * depth + "}").encode()
    if kind == "wrong type":
        field, value = draw(st.sampled_from([("learner", 7), ("tags", ["C004"]), ("schema_version", "1"), ("article", None),
                                             ("taxonomy", "levels"), ("kind", "homework")]))
        document[field] = value
        return name, kind, json.dumps(document).encode()
    if kind == "bytes":
        return name, kind, draw(st.binary(min_size=1, max_size=200).filter(lambda b: not b.strip().startswith(b"{")))
    if kind == "another article":
        return name, kind, json.dumps(submission(f"zz{number}", {"C004": "bare_assertion"}, sha256="0" * 64)).encode()
    return name, kind, b""


def make(folder: Path, name: str, kind: str, content: bytes) -> None:
    path = folder / name
    if kind == "fifo":
        os.mkfifo(path)
    elif kind == "socket":
        with socket.socket(socket.AF_UNIX) as listener:
            listener.bind(str(path))
    elif kind == "folder":
        path.mkdir()
    elif kind == "device link":
        path.symlink_to("/dev/zero")
    elif kind == "dangling link":
        path.symlink_to(folder / "no-such-file")
    else:
        path.write_bytes(content)


def visible_start(cell: str) -> str:
    return next((ch for ch in cell if not ch.isspace() and unicodedata.category(ch) not in ("Cc", "Cf", "Zs", "Zl", "Zp")), "")


class Page(HTMLParser):
    def __init__(self, text: str):
        super().__init__()
        self.tags: set[str] = set()
        self.attributes: list[str] = []
        self.cells: list[str] = []
        self._in_cell = False
        self.feed(text)

    def handle_starttag(self, tag, attrs):
        self.tags.add(tag)
        self.attributes += [name for name, _ in attrs]
        self._in_cell = self._in_cell or tag == "td"

    def handle_endtag(self, tag):
        self._in_cell = self._in_cell and tag != "td"

    def handle_data(self, data):
        if self._in_cell:
            self.cells.append(data)


SAFE_TAGS = {"html", "head", "meta", "title", "style", "body", "h1", "h2", "h3", "p", "table", "caption", "thead", "tbody", "tr", "th", "td", "ul", "li", "span", "strong", "em", "img", "bdi",
             "details", "summary", "dl", "dt", "dd", "div"}  # each table's "How to read this table": native, script-free


@settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(data=st.data())
def test_class_report_never_raises_names_every_bad_file_and_merges_the_good(data):
    good = [data.draw(good_files(n), label=f"good {n}") for n in range(data.draw(st.integers(0, 3), label="good count"))]
    bad = [data.draw(bad_files(n), label=f"bad {n}") for n in range(data.draw(st.integers(1, 6), label="bad count"))]
    with tempfile.TemporaryDirectory(prefix="fuzz-") as scratch:
        folder, out = Path(scratch) / "class", Path(scratch) / "out"
        folder.mkdir()
        for name, content in good:
            (folder / name).write_bytes(content)
        for name, kind, content in bad:
            make(folder, name, kind, content)
        stdout, stderr = io.StringIO(), io.StringIO()
        with never_hangs(), contextlib.redirect_stdout(stdout), contextlib.redirect_stderr(stderr):
            code = main(["class-report", str(folder), "--out", str(out / "report.html"), "--csv", str(out / "merged.csv"), "--no-charts", "--no-key"])
        page_text = (out / "report.html").read_text(encoding="utf-8")
        rows = list(csv.reader(io.StringIO((out / "merged.csv").read_text(encoding="utf-8-sig"), newline="")))

    assert code == 0, stderr.getvalue()
    problem_lines = [line for line in stderr.getvalue().splitlines() if line.startswith("problem: ")]
    for number in range(len(bad)):
        assert any(line.startswith(f"problem: bad{number:02d}-") for line in problem_lines), (bad[number][1], stderr.getvalue())
    assert not any(line.startswith("problem: good") for line in problem_lines)

    header, body = rows[0], rows[1:]
    learners = {row[header.index("learner")].lstrip("'") for row in body}
    assert {name.split()[0] for name in learners} == {f"good{n:02d}" for n in range(len(good))}
    assert not [cell for row in body for cell in row if visible_start(cell) and visible_start(cell) in "=+-@" and not cell.startswith("'")]

    page = Page(page_text)
    assert page.tags <= SAFE_TAGS and not [name for name in page.attributes if name.startswith("on")]
    assert not BIDI & set(page_text)
    shown = "".join(page.cells)
    for number in range(len(bad)):
        assert f"bad{number:02d}-" in shown

    printed = stdout.getvalue() + stderr.getvalue()
    assert not [ch for ch in printed if ch != "\n" and unicodedata.category(ch) in ("Cc", "Cf", "Cs", "Zl", "Zp")]
