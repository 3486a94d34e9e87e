"""The sources list is complete: every link in the lessons, solutions, exercises and docs is listed in docs/sources.md."""

from __future__ import annotations

import re
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parent.parent
SOURCES = ROOT / "docs" / "sources.md"
LINK = re.compile(r"https?://[^\s<>()\[\]\"'`|]+")
LOCAL = ("http://127.0.0.1", "http://localhost", "https://localhost")


def links_in(text: str) -> set[str]:
    """Every http(s) address in a text, without trailing punctuation; local addresses are left out."""
    found = {match.rstrip(".,;:!?*_") for match in LINK.findall(text)}
    return {link for link in found if not link.startswith(LOCAL)}


def _text(path: Path) -> str:
    if path.suffix == ".ipynb":
        return "\n".join(cell.source for cell in nbformat.read(path, as_version=4).cells)
    return path.read_text(encoding="utf-8")


def citing_files() -> list[Path]:
    """The files whose links must be listed: lessons, solutions, exercises and every document in docs/."""
    files = sorted((ROOT / "notebooks").glob("*.ipynb"))
    for folder in ("solutions", "exercises"):
        files += sorted(p for p in (ROOT / folder).rglob("*") if p.suffix in {".ipynb", ".md", ".py"})
    files += sorted(p for p in (ROOT / "docs").glob("*.md") if p != SOURCES)
    return files


def listed() -> set[str]:
    return links_in(SOURCES.read_text(encoding="utf-8"))


def test_link_pattern_handles_markdown_and_prose():
    text = "See <https://a.example/x>, [b](https://b.example/y). Then http://127.0.0.1:8888/lab and https://c.example/z."
    assert links_in(text) == {"https://a.example/x", "https://b.example/y", "https://c.example/z"}


@pytest.mark.parametrize("path", citing_files(), ids=lambda p: str(p.relative_to(ROOT)))
def test_every_link_is_in_the_sources_list(path):
    missing = sorted(links_in(_text(path)) - listed())
    assert not missing, f"{path.relative_to(ROOT)} links to {missing}; add each to docs/sources.md with what it supports"


def test_every_listed_source_says_what_it_supports():
    rows = [line for line in SOURCES.read_text(encoding="utf-8").splitlines() if line.startswith("|") and "http" in line]
    assert len(rows) >= 20
    seen: set[str] = set()
    for row in rows:
        cells = [cell.strip() for cell in row.strip("|").split("|")]
        assert len(cells) >= 3 and all(cells), f"incomplete row: {row[:80]}"
        (link,) = links_in(cells[0])  # one address per source
        assert link not in seen, f"{link} is listed twice"
        seen.add(link)


def test_the_primary_records_the_lessons_rely_on_are_listed():
    assert {
        "https://www.fbi.gov/investigate/terrorism/joint-terrorism-task-forces",
        "https://www.justice.gov/opa/speech/attorney-general-holder-holds-national-security-enforcement-press-conference",
        "https://cor.inquirygroup.org",
    } <= listed()


# --- sources and fairness ------------------------------------------------------------------------------------------

DATE = re.compile(r"\b20\d\d-\d\d-\d\d\b")
QUOTED = re.compile(r"\"[^\"|]{3,}\"|“[^”|]{3,}”")


def _rows_with_links() -> list[list[str]]:
    lines = SOURCES.read_text(encoding="utf-8").splitlines()
    return [[cell.strip() for cell in line.strip("|").split("|")] for line in lines if line.startswith("|") and "http" in line]


def _all_prose() -> dict[Path, str]:
    files = citing_files() + sorted((ROOT / "data").glob("*.md")) + [ROOT / "README.md"]
    return {path: _text(path) for path in files}


def test_every_quoted_page_has_an_access_date():
    # A quotation is only as good as the day it was read: pages change (the FBI's own JTTF wording did).
    undated = [cells[0][:70] for cells in _rows_with_links() if QUOTED.search(" | ".join(cells[1:])) and not DATE.search(" | ".join(cells))]
    assert not undated, f"rows of docs/sources.md that quote a page but give no access date (YYYY-MM-DD): {undated}"


def test_the_fbi_podcast_is_dated_and_never_said_to_open_with_the_quotation():
    podcast = "https://inside-the-fbi.transistor.fm/episodes/joint-terrorism-task-forces/transcript"
    (row,) = [cells for cells in _rows_with_links() if podcast in cells[0]]
    assert re.search(r"\(20\d\d\)", row[0]), f"give the episode's year in its title cell: {row[0]}"
    # The words come after the episode's introduction, not at its opening.
    opens = [path.relative_to(ROOT) for path, text in _all_prose().items() if re.search(r"podcast[^.]{0,120}\bopens\b", text, re.S)]
    assert not opens, f"{opens} say the FBI podcast opens with the quoted words; they come after its introduction"


def test_civic_online_reasoning_s_publisher_is_named_one_way():
    texts = _all_prose() | {SOURCES: SOURCES.read_text(encoding="utf-8")}
    for path, text in texts.items():
        flat = " ".join(text.split())
        assert not re.search(r"Stanford(?:'s|’s)? \[?Civic Online Reasoning", flat), f"{path.relative_to(ROOT)}: name the Digital Inquiry Group"
        for match in re.finditer(r"Stanford History Education Group", flat):
            assert flat[max(0, match.start() - 13):match.start()] == "formerly the ", f"{path.relative_to(ROOT)}: '{flat[match.start() - 40:match.end()]}'"
    assert "Digital Inquiry Group (formerly the Stanford History Education Group)" in SOURCES.read_text(encoding="utf-8")


TAXONOMY_SOURCES = {  # a name in taxonomy.csv's borrowed_from -> words its credit row in docs/sources.md contains
    "ClaimBuster": "ClaimBuster", "InfoZones": "InfoZones", "FEVER": "FEVER", "Admiralty code": "Admiralty code",
    "ICD 203": "Directive 203", "ICD 206": "Directive 206", "Wikipedia's weasel-words guidance": "weasel",
    "CoNLL-2010": "CoNLL-2010", "Civic Online Reasoning": "Civic Online Reasoning", "COR": "Civic Online Reasoning",
    "SIFT": "SIFT",
}


def test_every_framework_the_taxonomy_borrows_from_is_credited_with_a_link():
    import csv

    with open(ROOT / "data" / "taxonomy.csv", encoding="utf-8", newline="") as handle:
        borrowed = [part.strip() for row in csv.DictReader(handle) for part in row["borrowed_from"].split(";") if part.strip()]
    rows = [" | ".join(cells) for cells in _rows_with_links()]
    for item in borrowed:
        name = next((n for n in sorted(TAXONOMY_SOURCES, key=len, reverse=True) if item.startswith(n)), None)
        assert name, f"taxonomy.csv borrows from {item!r}: credit it in docs/sources.md and name it in TAXONOMY_SOURCES"
        assert any(TAXONOMY_SOURCES[name] in row for row in rows), f"docs/sources.md has no linked row crediting {name}"


def test_the_guide_rules_out_identity_and_makes_no_unsourced_claim_about_its_rubric():
    guide = " ".join((ROOT / "docs" / "instructor-guide.md").read_text(encoding="utf-8").split())
    assert "follows Civic Online Reasoning" not in guide, "say where the rubric's grades come from, or drop the claim"
    assert re.search(r"expertise.{0,400}interests.{0,600}identity", guide), "the guide should allow expertise and interests and rule out identity"


def test_no_lesson_guesses_what_the_author_can_support_or_intends():
    guesses = re.compile(r"what the author can support|the author (?:probably|likely|must have|surely)\b", re.I)
    found = [path.relative_to(ROOT) for path, text in _all_prose().items() if guesses.search(" ".join(text.split()))]
    assert not found, f"{found} guess about the author; judge the support the text gives"
