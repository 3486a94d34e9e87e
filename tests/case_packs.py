"""A teacher's case pack for the tests: the second article (``tests/fixtures/second_article.txt``, written for the
tests) made into a pack with ``medialit new-case``, then its provenance and key filled in as a teacher would."""

from __future__ import annotations

import csv
import json
from pathlib import Path

from medialit.cli import main

SECOND_ARTICLE = Path(__file__).resolve().parent / "fixtures" / "second_article.txt"
PROVENANCE = {
    "url": "https://example.org/millbrook-weekly/old-station",
    "author": "Dana Whitlock",
    "publisher": "Millbrook Weekly (invented for the tests)",
    "date": "2026-11-30",
    "licence": "written for the project's tests; same licence as the code",
}
# The teacher's levels (every other statement: the author's word only); (level, other defensible levels).
LEVELS = {
    "C006": ("named_source", ""), "C008": ("named_source", ""), "C012": ("named_source", ""),
    "C014": ("primary_record", "named_source"), "C016": ("vague_attribution", ""), "C017": ("vague_attribution", ""),
    "C018": ("vague_attribution", "bare_assertion"), "C022": ("vague_attribution", ""), "C025": ("not_a_claim", "bare_assertion"),
}


def fill_provenance(pack: Path, **changes: str) -> None:
    info = json.loads((pack / "case.json").read_text(encoding="utf-8"))
    info.update(PROVENANCE, **changes)
    (pack / "case.json").write_text(json.dumps(info, ensure_ascii=False, indent=2), encoding="utf-8")


def key_rows(pack: Path) -> list[dict[str, str]]:
    with open(pack / "answer_key.csv", encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def write_key(pack: Path, rows: list[dict[str, str]]) -> None:
    with open(pack / "answer_key.csv", "w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)


def fill_key(pack: Path) -> None:
    """Level, reason (quoting the claim's first words) and debatable on every row, as a teacher fills them in."""
    rows = key_rows(pack)
    for row in rows:
        level, defensible = LEVELS.get(row["claim_id"], ("bare_assertion", ""))
        words = " ".join(row["text"].split()[:3])
        row.update(level=level, reason=f'The text says "{words}" and gives no more.', debatable="yes" if defensible else "no", defensible=defensible)
    write_key(pack, rows)


def make_pack(folder: Path, *, keyed: bool = True) -> Path:
    """A new pack of the second article in ``folder``, its provenance filled in (and its key, if ``keyed``)."""
    assert main(["new-case", str(SECOND_ARTICLE), "--out", str(folder)]) == 0
    fill_provenance(folder)
    if keyed:
        fill_key(folder)
    return folder
