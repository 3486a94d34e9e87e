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
