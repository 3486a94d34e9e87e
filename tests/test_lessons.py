"""The guided series is complete and consistent: lesson structure, the map, the instructor guide and claim IDs.

``tests/test_notebooks.py`` checks that every notebook runs and opens and closes the promised way; these tests
check the teaching promises beyond that: observable objectives, a stated time that matches the map, three to five
review questions, a plan in the instructor guide for every lesson whose minutes add up, and that every claim ID
the series mentions exists.
"""

from __future__ import annotations

import re
from pathlib import Path

import nbformat
import pytest

import medialit

ROOT = Path(__file__).resolve().parent.parent
LESSONS = sorted((ROOT / "notebooks").glob("0[1-9]-*.ipynb"))
GUIDE = ROOT / "docs" / "instructor-guide.md"
CLAIM_ID = re.compile(r"\bC\d{3}\b")
TIME = re.compile(r"\*\*Time:\*\*\s*about (\d+) min")
VERBS = {"identify", "distinguish", "evaluate", "trace", "define", "classify", "explain", "separate", "tag",
         "compare", "describe", "locate", "spot", "measure", "read", "re-tag", "interpret", "apply", "check",
         "choose", "summarise", "summarize", "write", "justify", "recognise", "recognize", "find", "use", "judge",
         "count", "chart", "decide", "export", "save", "highlight", "record", "collect", "show", "name",
         "list", "state", "rank", "sort", "build", "load", "plot", "revise", "argue", "predict", "test", "weigh"}


def _cells(path: Path):
    return nbformat.read(path, as_version=4).cells


def _id(path: Path) -> str:
    return path.name


def _mentioning_files() -> list[Path]:
    files = sorted((ROOT / "notebooks").glob("*.ipynb"))
    for folder in ("solutions", "exercises"):
        files += sorted((ROOT / folder).glob("*.ipynb"))
    files += sorted((ROOT / "docs").glob("*.md"))
    return files + [ROOT / "data" / "cases" / medialit.data.DEFAULT_CASE / "answer_key.csv"]


def _text(path: Path) -> str:
    if path.suffix == ".ipynb":
        return "\n".join(cell.source for cell in _cells(path))
    return path.read_text(encoding="utf-8")


def test_teacher_notebooks_are_not_lessons_and_the_guide_points_to_them():
    """notebooks/NN-teacher-*.ipynb are for the teacher (99: the live class view). They are not lessons, so the checks in this
    file (a row in 00-start-here's map, a lesson plan in the guide that adds up to a period, observable objectives
    for learners, 25-40 cells, three to five review questions) do not apply to them; tests/test_notebooks.py still
    runs them, keeps them clean and checks that they open like a lesson. Every other notebook is a lesson, 00 or a form of the before/after
    assessment (90, 91)."""
    from notebooks import is_assessment_notebook, is_teacher_notebook

    notebooks = sorted((ROOT / "notebooks").glob("*.ipynb"))
    teachers = [p for p in notebooks if is_teacher_notebook(p)]
    assert [p.name for p in teachers] == ["99-teacher-class-view.ipynb"]
    assert not set(teachers) & set(LESSONS)
    assessments = [p.name for p in notebooks if is_assessment_notebook(p)]
    assert assessments == ["90-assess-before.ipynb", "91-assess-after.ipynb"]
    assert set(notebooks) == set(LESSONS) | set(teachers) | {ROOT / "notebooks" / n for n in ["00-start-here.ipynb", *assessments]}
    guide = GUIDE.read_text(encoding="utf-8")
    assert all(f"notebooks/{p.name}" in guide for p in teachers), "the instructor guide tells teachers where the class view is"


def test_the_series_has_its_lessons():
    stems = {p.stem for p in LESSONS}
    assert {"01-who-is-behind-it", "02-claims-and-opinions", "05-consistency"} <= stems


@pytest.mark.parametrize("path", _mentioning_files(), ids=lambda p: str(p.relative_to(ROOT)))
def test_every_claim_id_mentioned_exists(path):
    known = set(medialit.load_article().claim_ids)
    unknown = sorted(set(CLAIM_ID.findall(_text(path))) - known)
    assert not unknown, f"{path.relative_to(ROOT)} mentions claim IDs the article does not have: {unknown}"


@pytest.mark.parametrize("path", LESSONS, ids=_id)
def test_lesson_states_observable_objectives_time_and_prerequisites(path):
    opening = _cells(path)[0].source
    assert "By the end** you will be able to:" in opening or "By the end you will be able to" in opening
    objectives = re.findall(r"^- \*\*([a-z-]+)\*\*", opening, flags=re.M)
    assert 2 <= len(objectives) <= 6, f"{path.name}: list 2-6 objectives as '- **verb** ...'"
    assert set(objectives) <= VERBS, f"{path.name}: use verbs a teacher can observe, not {set(objectives) - VERBS}"
    assert TIME.search(opening), f"{path.name}: state the time as '**Time:** about N min'"
    assert "**Prerequisites:**" in opening


@pytest.mark.parametrize("path", LESSONS, ids=_id)
def test_lesson_length_and_closing(path):
    cells = _cells(path)
    assert 25 <= len(cells) <= 40, f"{path.name} has {len(cells)} cells; the series aims at 25-40"
    key_points, review = cells[-2], cells[-1]
    assert key_points.cell_type == "markdown" and key_points.source.startswith("## Key points")
    assert len(re.findall(r"^- ", key_points.source, flags=re.M)) >= 3
    assert review.cell_type == "markdown" and review.source.startswith("## Review questions")
    questions = re.findall(r"^\d+\. ", review.source, flags=re.M)
    assert 3 <= len(questions) <= 5, f"{path.name}: {len(questions)} review questions; ask 3-5"


@pytest.mark.parametrize("path", LESSONS, ids=_id)
def test_lesson_has_a_run_this_first_cell_that_only_imports(path):
    setup = next(cell for cell in _cells(path) if cell.cell_type == "code")
    assert "run this first" in setup.source.lower()
    body = [line for line in setup.source.splitlines() if line.strip() and not line.startswith("#")]
    assert body and all(line.startswith(("import ", "from ")) for line in body)


def test_the_map_in_start_here_lists_every_lesson_with_its_time():
    map_cell = next(c.source for c in _cells(ROOT / "notebooks" / "00-start-here.ipynb") if "## The map" in c.source)
    rows = {m.group(1): (m.group(2).strip(), int(m.group(3))) for m in re.finditer(r"^\| (\d\d) \| ([^|]+)\|[^|]+\| (\d+) min \|", map_cell, flags=re.M)}
    for path in LESSONS:
        number, words = path.stem[:2], path.stem[3:].replace("-", " ")
        assert number in rows, f"00-start-here's map has no row for {path.name}"
        assert rows[number][0] == words, f"the map calls lesson {number} {rows[number][0]!r}, the file says {words!r}"
        stated = int(TIME.search(_cells(path)[0].source).group(1))
        assert rows[number][1] == stated, f"{path.name} says about {stated} min, the map says {rows[number][1]}"


def test_the_map_places_the_assessment_before_lesson_01_and_after_the_last_lesson():
    """The before/after forms (90, 91) are on the map where they are taken, with the time their notebooks state."""
    from notebooks import is_assessment_notebook

    map_cell = next(c.source for c in _cells(ROOT / "notebooks" / "00-start-here.ipynb") if "## The map" in c.source)
    order = [m.group(1) for m in re.finditer(r"^\| (\d\d) \|", map_cell, flags=re.M)]
    rows = {m.group(1): (m.group(2).strip(), int(m.group(3))) for m in re.finditer(r"^\| (\d\d) \| ([^|]+)\|[^|]+\| (\d+) min \|", map_cell, flags=re.M)}
    forms = sorted(p for p in (ROOT / "notebooks").glob("*.ipynb") if is_assessment_notebook(p))
    last = max(p.stem[:2] for p in LESSONS)
    assert [p.stem[:2] for p in forms] == ["90", "91"]
    assert order.index("90") == order.index("01") - 1 and order.index("91") == order.index(last) + 1
    for path in forms:
        number, words = path.stem[:2], path.stem[3:].replace("-", " ")
        assert rows[number] == (words, int(TIME.search(_cells(path)[0].source).group(1)))
    assert f"after lesson {last}" in map_cell and f"after lesson {last}" in _cells(forms[1])[0].source


def _guide_sections() -> dict[str, str]:
    text = GUIDE.read_text(encoding="utf-8")
    parts = re.split(r"^## (\d\d) · ", text, flags=re.M)
    return {parts[i]: parts[i + 1] for i in range(1, len(parts), 2)}


def test_the_guide_has_a_plan_for_every_lesson():
    sections = _guide_sections()
    for path in [ROOT / "notebooks" / "00-start-here.ipynb", *LESSONS]:
        assert path.stem[:2] in sections, f"docs/instructor-guide.md has no section '## {path.stem[:2]} · ...'"


@pytest.mark.parametrize("number, section", sorted(_guide_sections().items()))
def test_each_plan_adds_up_and_has_prompts_misconceptions_and_a_rubric(number, section):
    spans = [(int(a), int(b)) for a, b in re.findall(r"^\| (\d+)-(\d+) \|", section, flags=re.M)]
    assert spans and spans[0][0] == 0, f"lesson {number}: the plan table should start at minute 0"
    assert all(prev[1] == nxt[0] for prev, nxt in zip(spans, spans[1:])), f"lesson {number}: gaps or overlaps in {spans}"
    assert 45 <= spans[-1][1] <= 50, f"lesson {number}: the plan lasts {spans[-1][1]} min; a period is 45-50"
    assert all(b > a for a, b in spans)
    for heading in ("**Discussion prompts.**", "**Misconceptions.**", "**Rubric"):
        assert heading in section, f"lesson {number}: missing {heading}"
    for grade in ("*Proficient:*", "*Emergent:*", "*Basic:*"):
        assert grade in section, f"lesson {number}: the rubric needs {grade}"


def test_the_guide_explains_collecting_submissions_and_the_report():
    text = GUIDE.read_text(encoding="utf-8")
    assert "~/medialit-work/submissions/<name>.json" in text
    assert "medialit class-report" in text and "--out report.html" in text


# What makes a cell a widget cell: it calls one of the public widgets (lessons 00-09).
WIDGET_CELL = re.compile(r"\b(ask|name_box|show_the_key|reveal_chart|reveal_class_view|Reveal|SectionPicker|ClaimTagger|my_article)\(")
WIDGET = "application/vnd.jupyter.widget-view+json"


@pytest.mark.notebook
@pytest.mark.parametrize("path", sorted((ROOT / "notebooks").glob("0[0-9]-*.ipynb")), ids=_id)
def test_every_widget_cell_runs_on_its_own_as_its_rerun_note_asks(path, tmp_path, monkeypatch):
    """After a kernel restart a widget cell says "run this cell again": that must work with nothing run before it."""
    from notebooks import execute

    monkeypatch.setenv("MEDIALIT_HOME", str(tmp_path))
    widget_cells = [cell for cell in _cells(path) if cell.cell_type == "code" and WIDGET_CELL.search(cell.source)]
    assert widget_cells, f"{path.name} has no widget cell"
    alone = nbformat.v4.new_notebook(metadata=nbformat.read(path, as_version=4).metadata)
    for cell in widget_cells:  # %reset -f: an empty namespace before each, as after a restart
        alone.cells += [nbformat.v4.new_code_cell("%reset -f"), nbformat.v4.new_code_cell(cell.source)]
    copy = tmp_path / path.name
    nbformat.write(alone, copy)
    ran = execute(copy)
    errors = [o.get("evalue", "") for c in ran.cells for o in c.get("outputs", []) if o.get("output_type") == "error"]
    assert not errors, f"{path.name}: a widget cell needs an earlier cell: {errors[:2]}"
    shown = [any(WIDGET in o.get("data", {}) for o in c.get("outputs", [])) for c in ran.cells[1::2]]
    assert all(shown), f"{path.name}: cells {[i for i, s in enumerate(shown) if not s]} showed no widget"
