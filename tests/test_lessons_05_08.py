"""Lessons 05-09 are for readers of fifteen: no code to edit, no answer before answering, readable, and on time.

What a learner relies on, lesson by lesson:

* **No code in front of them.** Every code cell is folded away (``"jupyter": {"source_hidden": true}``) under a
  one-line caption just above it ("▶ The next cell shows ..."), which the code's first line repeats as a comment
  (the one line a folded cell shows); no cell holds a blank to fill in (``...``, ``my_x = "me"``); every activity is
  a widget (``medialit.ask("L05.1")``, the tagger, a button), and every widget cell runs on its own, as its "run
  this cell again" note after a kernel restart asks. Shift+Enter or *Run All* is all. (The conventions of lessons
  00-04.)
* **Nothing from the key before an answer.** Each lesson is run top to bottom in a fresh work folder, as a learner
  who has answered nothing: no reason or level of the answer key, and no activity's explanation or strong answer,
  may appear in any output, widget or chart.
* **Charts that can be read**: no text of a chart a lesson shows runs off the figure or is printed over other text.
* **Reading level** at or under Flesch-Kincaid grade 9, and **timing**: the timed activities add up to no more
  than the activity minutes the ``**Time:**`` line declares, and the time fits one period (``lesson_measures``).
* **Help for every learner**: the glossary linked near the top, a sentence frame before every written answer, and
  an extension task for those who finish early.
* **Offline sources for lesson 06**: short excerpts with their source, address and access date, each address listed
  in ``docs/sources.md``.
"""

from __future__ import annotations

import csv
import html
import json
import re
from pathlib import Path

import nbformat
import pytest

import lesson_measures as measures
import medialit
from medialit.answer_key import load_answer_key
from medialit.exercise_bank import lesson_activities
from notebooks import ROOT, execute_changed, json_strings

LESSONS = sorted((ROOT / "notebooks").glob("0[5-9]-*.ipynb"))
PERIODS = (45, 50)
GLOSSARY = "../docs/glossary.md"
CAPTION = "▶ "
ASK = re.compile(r"""^medialit\.ask\("(L\d\d\.\d+)"\)$""")
BLANK = re.compile(r"(=\s*\.\.\.|\(\s*\.\.\.\s*,|\"\"\"\s*\n\s*\"\"\"|=\s*[\"']me[\"']|#\s*(paste|change|type|fill)\b)", re.I)
EDIT_WORDS = re.compile(r"\b(edit (the|this) (cell|code|line)|change (the|this) (line|cell|value)|type (it|your \w+) (in|into) the cell|between the triple quotes)\b", re.I)
PACK = ROOT / "data" / "evidence_pack" / "06-find-better-coverage.csv"  # the same columns as lesson 01's pack
TESTS = Path(__file__).resolve().parent


def _id(path: Path) -> str:
    return path.name


def _cells(path: Path):
    return nbformat.read(path, as_version=4).cells


def test_the_lessons_are_there():
    assert [p.name[:2] for p in LESSONS] == ["05", "06", "07", "08", "09"]


# ---------------------------------------------------------------- reading level and timing


@pytest.mark.parametrize("path", LESSONS, ids=_id)
def test_the_prose_reads_at_grade_9_or_below(path):
    grade = measures.reading_grade(measures.prose(path))
    assert grade <= 9, f"{path.name} reads at Flesch-Kincaid grade {grade:.1f}; shorten sentences and use plainer words"


@pytest.mark.parametrize("path", LESSONS, ids=_id)
def test_timed_activities_fit_the_stated_time_and_the_period(path):
    total, activities = measures.declared_minutes(path)
    assert total in PERIODS, f"{path.name} takes {total} min; a period is {PERIODS}"
    assert activities is not None and activities < total, f"{path.name}: say how many minutes are activities ('{total} min, N of them ...')"
    markers = measures.activity_markers(path)
    assert markers, f"{path.name} has no timed activity markers ('**Try it (5 min).**')"
    assert measures.activity_minutes(path) <= activities, f"{path.name}: the markers {markers} add up to more than the {activities} min declared"


# ---------------------------------------------------------------- no code in front of learners


def _statement(cell) -> str:
    """A code cell's source without comments, imports and blank lines: what it does."""
    return "\n".join(line for line in cell.source.splitlines() if line.strip() and not line.startswith(("#", "import ", "from ")))


@pytest.mark.parametrize("path", LESSONS, ids=_id)
def test_every_code_cell_is_folded_under_a_caption_its_first_line_repeats(path):
    cells = _cells(path)
    for index, cell in enumerate(cells):
        if cell.cell_type != "code":
            continue
        assert cell.metadata.get("jupyter", {}).get("source_hidden") is True, f"{path.name} cell {index} is not folded away"
        above = cells[index - 1]
        last_line = above.source.strip().splitlines()[-1] if above.source.strip() else ""
        assert above.cell_type == "markdown" and last_line.startswith(CAPTION), f"{path.name} cell {index} has no '{CAPTION}The next cell ...' caption just above it"
        assert len(last_line) < 200, f"{path.name} cell {index}: keep the caption to one short line"
        assert cell.source.startswith("# "), f"{path.name} cell {index}: begin the code with a comment saying what it shows (a folded cell shows its first line)"


@pytest.mark.parametrize("path", LESSONS, ids=_id)
def test_no_cell_asks_a_learner_to_edit_code(path):
    for index, cell in enumerate(_cells(path)):
        if cell.cell_type == "code":
            assert not BLANK.search(cell.source), f"{path.name} cell {index} has a blank for the learner to fill in: {BLANK.search(cell.source).group(0)!r}"
        else:
            assert not EDIT_WORDS.search(cell.source), f"{path.name} cell {index} asks the learner to edit code: {EDIT_WORDS.search(cell.source).group(0)!r}"


@pytest.mark.parametrize("path", LESSONS, ids=_id)
def test_the_lessons_activities_are_asked_in_order_each_in_a_cell_of_its_own(path):
    asked = [m.group(1) for cell in _cells(path) if cell.cell_type == "code" and (m := ASK.match(_statement(cell)))]
    assert asked == [item.id for item in lesson_activities(path.name[:2])]
    stray = [cell.source for cell in _cells(path) if cell.cell_type == "code" and "ask(" in cell.source and not ASK.match(_statement(cell))]
    assert not stray, f"{path.name}: an ask() cell does nothing else"



# ---------------------------------------------------------------- help for every learner


@pytest.mark.parametrize("path", LESSONS, ids=_id)
def test_the_glossary_is_linked_near_the_top(path):
    assert f"]({GLOSSARY})" in _cells(path)[0].source, f"{path.name}: link the glossary ({GLOSSARY}) in the opening cell"


@pytest.mark.parametrize("path", LESSONS, ids=_id)
def test_every_written_answer_has_sentence_frames_and_the_lesson_an_extension(path):
    for item in lesson_activities(path.name[:2]):
        if item.kind == "rubric":
            assert "Sentence frame" in item.question, f"{item.id}: a written answer offers sentence frames in its question"
    cells = _cells(path)
    text = "\n".join(cell.source for cell in cells if cell.cell_type == "markdown")
    assert "**Extension (for early finishers).**" in text, f"{path.name}: add an extension for early finishers"
    assert text.index("**Extension (for early finishers).**") < text.index("## Key points")
    if "ClaimTagger(" in "\n".join(cell.source for cell in cells) or "tagger(" in "\n".join(cell.source for cell in cells):
        assert "**Sentence frame for" in text, f"{path.name}: give a sentence frame for the tagger's note"


# ---------------------------------------------------------------- offline sources for lesson 06


def test_the_offline_excerpts_are_short_attributed_dated_and_listed():
    rows = list(csv.DictReader(PACK.open(encoding="utf-8")))
    sources = (ROOT / "docs" / "sources.md").read_text(encoding="utf-8")
    assert len(rows) >= 8
    for row in rows:
        assert row["question"] and row["title"] and row["site"] and row["published"] and row["whose_words"] and row["what_it_shows"]
        assert re.fullmatch(r"20\d\d-\d\d-\d\d", row["accessed"]), row
        assert row["url"] in sources, f"{row['url']} is not listed in docs/sources.md"
        for part in row["excerpt"].split("[…]"):
            assert 5 <= len(part.split()) <= 60, f"{row['source_id']}: quote a sentence or two, not a page"
    lesson = "\n".join(cell.source for cell in _cells(ROOT / "notebooks" / "06-find-better-coverage.ipynb"))
    shown = set(re.findall(r'"([a-z0-9-]+-\d{4}|[a-z-]+)"', lesson)) & {row["source_id"] for row in rows}
    assert shown == {row["source_id"] for row in rows}, "lesson 06 shows every excerpt of its pack"


# ---------------------------------------------------------------- run as a learner who has answered nothing

_HOOK = """
import json as _json, sys as _sys
_sys.path.insert(0, {tests!r})
from figure_text import text_problems as _text_problems
from matplotlib.backend_bases import FigureCanvasBase as _Canvas
from matplotlib.text import Text as _Text
_shown_charts = []
_print_figure = _Canvas.print_figure
def _checked_print_figure(canvas, *args, **kwargs):  # every chart drawn to an image passes here
    figure = canvas.figure
    _shown_charts.append({{"texts": [t.get_text() for t in figure.findobj(match=_Text)], "problems": _text_problems(figure)}})
    return _print_figure(canvas, *args, **kwargs)
_Canvas.print_figure = _checked_print_figure
import medialit.charts as _charts
_render_png = _charts.render_png
def _checked_render_png(figure, *args, **kwargs):  # charts drawn into a widget (an <img> with its words) pass here
    _shown_charts.append({{"texts": [t.get_text() for t in figure.findobj(match=_Text)], "problems": _text_problems(figure)}})
    return _render_png(figure, *args, **kwargs)
_charts.render_png = _checked_render_png
"""
_REPORT = 'print("@@charts@@" + _json.dumps(_shown_charts))'


def _what_a_learner_sees(notebook) -> str:
    """Every text the run showed: outputs, the state of every widget (as saved with the notebook), chart texts."""
    parts = []
    for cell in notebook.cells:
        for output in cell.get("outputs", []):
            parts.append(output.get("text", ""))
            parts.extend(str(value) for value in output.get("data", {}).values())
    parts.extend(json_strings(notebook.metadata.get("widgets", {})))
    return html.unescape("\n".join(parts))


def _run_as_a_new_learner(path, tmp_path, monkeypatch):
    monkeypatch.setenv("MEDIALIT_HOME", str(tmp_path / "work"))
    monkeypatch.delenv("MPLBACKEND", raising=False)  # charts as JupyterLab shows them (inline), not the tests' Agg
    notebook = nbformat.read(path, as_version=4)
    setup = next(i for i, cell in enumerate(notebook.cells) if cell.cell_type == "code")
    notebook.cells.insert(setup + 1, nbformat.v4.new_code_cell(_HOOK.format(tests=str(TESTS))))
    notebook.cells.append(nbformat.v4.new_code_cell(_REPORT))
    ran = execute_changed(path, notebook, "under-test")
    report = "".join(output.get("text", "") for output in ran.cells[-1].outputs)
    charts = json.loads(report.split("@@charts@@", 1)[1])
    ran.cells.pop()
    return path, ran, charts


@pytest.fixture(scope="module")
def runs():
    return {}


@pytest.fixture
def run(request, runs, tmp_path_factory):
    """Each lesson is run once per test session, as a learner in a fresh work folder who has answered nothing."""
    path = request.param
    if path not in runs:
        monkeypatch = pytest.MonkeyPatch()
        try:
            runs[path] = _run_as_a_new_learner(path, tmp_path_factory.mktemp(path.stem), monkeypatch)
        finally:
            monkeypatch.undo()
    return runs[path]


QUOTED = re.compile(r'"[^"]*"|“[^”]*”|\([^)]*\)')


def _own_words(text: str, least: int = 25) -> list[str]:
    """The stretches of ``text`` that are its own words, not quotations of the article (which lessons show freely)."""
    return [part.strip(" ,;:.") for part in QUOTED.split(" ".join(text.split())) if len(part.strip(" ,;:.")) >= least]


def _forbidden(lesson: str) -> dict[str, list[str]]:
    """What must not show before an answer: the key's reasons and levels, the activities' explanations and answers."""
    taxonomy = medialit.load_taxonomy()
    found = {f"the key's reason for {row.claim_id}": _own_words(row.reason) for row in load_answer_key().itertuples()}
    for item in lesson_activities(lesson):
        found[f"{item.id}'s explanation"] = _own_words(item.explain)
        found[f"{item.id}'s strong answer"] = _own_words(item.spec.get("model_answer", ""))
    for level in taxonomy:
        found[f"a level given as the key's ({level.key})"] = [f"key: {level.label}", f"key: {level.key}", f"key's level: {level.label}"]
    found["the answer key's verdict"] = ["The answer key ("]
    found["a column of the key"] = ["key_level", "Key's level"]
    return found


@pytest.mark.notebook
@pytest.mark.parametrize("run", LESSONS, ids=_id, indirect=True)
def test_nothing_from_the_key_shows_before_an_answer(run):
    path, notebook, charts = run
    seen = " ".join((_what_a_learner_sees(notebook) + "\n".join(text for chart in charts for text in chart["texts"])).split())
    leaks = [what for what, stretches in _forbidden(path.name[:2]).items() if any(words in seen for words in stretches)]
    assert not leaks, f"{path.name} shows, before the learner has answered: {leaks}"


@pytest.mark.notebook
@pytest.mark.parametrize("run", LESSONS, ids=_id, indirect=True)
def test_every_chart_shown_can_be_read(run):
    path, _, charts = run
    problems = [problem for chart in charts for problem in chart["problems"]]
    assert not problems, f"{path.name}: {problems}"


@pytest.mark.notebook
@pytest.mark.parametrize("run", LESSONS, ids=_id, indirect=True)
def test_the_lesson_runs_and_shows_its_widgets(run):
    _, notebook, _ = run
    errors = [o for cell in notebook.cells for o in cell.get("outputs", []) if o.get("output_type") == "error"]
    assert not errors, [e.get("ename") for e in errors]
    bare = [o["data"]["text/plain"] for cell in notebook.cells for o in cell.get("outputs", []) if set(o.get("data", {})) == {"text/plain"} and o["data"]["text/plain"].startswith("<Figure size")]
    assert not bare, f"a chart shows as the words {bare[0]!r} instead of a picture"
    widgets = [cell for cell in notebook.cells if any("application/vnd.jupyter.widget-view+json" in o.get("data", {}) for o in cell.get("outputs", []))]
    asked = [cell for cell in notebook.cells if cell.cell_type == "code" and ASK.match(cell.source.strip())]
    assert len(widgets) >= len(asked)


# ---------------------------------------------------------------- lesson 08: the learner's own article, pasted

PASTED = """Bike Lanes Make Streets Safer
By Jo Park

The city's 2024 traffic report counted 31 crashes on Main Street. Experts say protected lanes cut injuries.

The council should build protected lanes this year."""

_PASTE = """
import medialit

medialit.my_article().text.value = {text!r}
medialit.my_article().use_button.click()   # what a learner does: paste, then press Use this article
"""


def _subtree_text(state: dict, model_id: str) -> str:
    """All the text the widget ``model_id`` and the widgets inside it show, from the notebook's saved widget state."""
    model = state.get(model_id, {}).get("state", {})
    parts = [str(model.get(key, "")) for key in ("value", "description")]
    for child in model.get("children", []):
        parts.append(_subtree_text(state, str(child).removeprefix("IPY_MODEL_")))
    return "\n".join(parts)


def _views(notebook) -> dict[str, str]:
    """What each of OwnArticle's views shows at the end of the run, by its CSS class (medialit-own-<name>)."""
    state = notebook.metadata["widgets"]["application/vnd.jupyter.widget-state+json"]["state"]
    return {cls.removeprefix("medialit-own-"): _subtree_text(state, model_id) for model_id, model in state.items()
            for cls in model.get("state", {}).get("_dom_classes", []) if cls.startswith("medialit-own-") and cls != "medialit-own-article"}


@pytest.mark.notebook
def test_lesson_08_switches_every_view_to_the_learners_article_as_soon_as_it_is_pasted(tmp_path, monkeypatch):
    monkeypatch.setenv("MEDIALIT_HOME", str(tmp_path / "work"))
    path = ROOT / "notebooks" / "08-your-own-article.ipynb"
    notebook = nbformat.read(path, as_version=4)
    at = next(i for i, cell in enumerate(notebook.cells) if cell.cell_type == "code" and "my_article().tagger()" in cell.source)
    notebook.cells.insert(at + 1, nbformat.v4.new_code_cell(_PASTE.format(text=PASTED)))  # pasted after every view is shown
    ran = execute_changed(path, notebook, "pasted-under-test")
    views = _views(ran)
    assert {"claims", "signals", "tagger"} <= set(views)
    for name in ("claims", "signals", "tagger"):  # no cell was run again: each view followed the paste by itself
        assert "Main Street" in views[name] and "Larkfield" not in views[name], name
    assert "Bike Lanes Make Streets Safer" in views["tagger"]
    saved = list((tmp_path / "work" / "articles").glob("*.txt"))
    assert len(saved) == 1 and saved[0].read_text(encoding="utf-8") == PASTED  # lesson 09 opens it again
