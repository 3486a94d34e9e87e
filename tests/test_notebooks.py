"""Every notebook runs top to bottom, is committed clean, and opens and closes the way the series promises."""

from __future__ import annotations

import re

import nbformat
import pytest

from notebooks import ROOT, all_notebooks, execute, is_teacher_notebook

NOTEBOOKS = all_notebooks()
NAME = re.compile(r"\d\d-[a-z0-9]+(?:-[a-z0-9]+)*\.ipynb")


def _id(path):
    return f"{path.parent.name}/{path.name}"


def test_the_series_has_a_start_notebook():
    assert (ROOT / "notebooks" / "00-start-here.ipynb") in NOTEBOOKS


@pytest.mark.notebook
@pytest.mark.parametrize("path", NOTEBOOKS, ids=_id)
def test_notebook_runs_top_to_bottom(path):
    notebook = execute(path)
    errors = [o for c in notebook.cells for o in c.get("outputs", []) if o.get("output_type") == "error"]
    assert not errors


@pytest.mark.parametrize("path", NOTEBOOKS, ids=_id)
def test_notebook_is_committed_without_outputs_or_widget_state(path):
    notebook = nbformat.read(path, as_version=4)
    dirty = [i for i, c in enumerate(notebook.cells) if c.cell_type == "code" and (c.outputs or c.execution_count)]
    assert not dirty, f"{_id(path)}: cells {dirty} carry outputs; clear them before committing"
    assert "widgets" not in notebook.metadata, f"{_id(path)} carries saved widget state"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=_id)
def test_notebook_name_and_kernel(path):
    assert NAME.fullmatch(path.name), f"{path.name} should look like 03-tag-the-claims.ipynb"
    notebook = nbformat.read(path, as_version=4)
    assert notebook.metadata.get("kernelspec", {}).get("name") == "python3", "give the notebook a python3 kernelspec"
    nbformat.validate(notebook)


@pytest.mark.parametrize("path", [p for p in NOTEBOOKS if p.parent.name == "notebooks"], ids=_id)
def test_lesson_opens_and_closes_the_same_way(path):
    cells = nbformat.read(path, as_version=4).cells
    opening = cells[0].source
    assert cells[0].cell_type == "markdown" and opening.startswith("# "), "open with a title"
    for promise in ("By the end", "Time", "Prerequisites"):
        assert promise.lower() in opening.lower(), f"the opening cell should state {promise!r}"
    closing = "\n".join(c.source for c in cells[-3:] if c.cell_type == "markdown").lower()
    # a teacher's notebook (NN-teacher-) closes with key points and questions to ask the class, not review questions
    assert "key points" in closing and ("review questions" in closing or (is_teacher_notebook(path) and "questions to ask the class" in closing))
    assert len(cells) <= 45, f"{path.name} has {len(cells)} cells; split it (the series aims at 25-40)"
    setup = next(c for c in cells if c.cell_type == "code")
    assert all(
        line.startswith(("import ", "from ", "#", "%")) or not line.strip() for line in setup.source.splitlines()
    ), "the first code cell ('run this first') only imports"
