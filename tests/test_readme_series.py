"""README's table of the series lists every notebook a learner or teacher opens, with the time the notebook states."""

from __future__ import annotations

import re
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"
TIME = re.compile(r"\*\*Time:\*\*\s*about (\d+) min")
ROW = re.compile(r"^\| `(\d\d-[a-z0-9-]+)` \| [^|]+\| (\d+) min[^|]*\|$", re.M)


def series_table(readme: str) -> dict[str, int]:
    """README's "The series" table: each notebook's stem and the minutes it is given."""
    table = readme[readme.index("## The series"):]
    table = table[: table.index("\n\n", table.index("| notebook"))]
    return {stem: int(minutes) for stem, minutes in ROW.findall(table)}


def test_the_readme_lists_every_notebook_with_the_time_it_states():
    rows = series_table(README.read_text(encoding="utf-8"))
    notebooks = sorted((ROOT / "notebooks").glob("*.ipynb"))
    assert sorted(rows) == [p.stem for p in notebooks], "README's series table and notebooks/ list different notebooks"
    for path in notebooks:
        stated = TIME.search(nbformat.read(path, as_version=4).cells[0].source)
        assert stated, f"{path.name} states no **Time:** in its first cell"
        assert rows[path.stem] == int(stated.group(1)), f"{path.name} says about {stated.group(1)} min, README says {rows[path.stem]}"


def test_the_table_reader_sees_a_dropped_row_and_a_changed_time():
    readme = README.read_text(encoding="utf-8")
    assert "07-class-results" in series_table(readme)
    assert "07-class-results" not in series_table(re.sub(r"^\| `07-class-results` .*\n", "", readme, flags=re.M))
    changed = series_table(re.sub(r"^(\| `07-class-results` \|[^|]+\| )\d+ min", r"\g<1>99 min", readme, flags=re.M))
    assert changed["07-class-results"] == 99
