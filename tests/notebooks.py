"""Finding and executing the series' notebooks, shared by the notebook tests."""

from __future__ import annotations

import re
from pathlib import Path

import nbformat
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parent.parent
FOLDERS = ("notebooks", "solutions", "exercises")
# notebooks/NN-teacher-*.ipynb are for the teacher (99: the live class view), not lessons: they open like a lesson
# but are exempt from what only a learner's lesson needs (the map, a lesson plan, review questions).
# notebooks/9N-assess-*.ipynb are the before/after assessment (90 before lesson 01, 91 after lesson 09): a learner's,
# but not a lesson either. tests/test_lessons.py says which checks those are.
TEACHER_NOTEBOOK = re.compile(r"\d\d-teacher-")
ASSESSMENT_NOTEBOOK = re.compile(r"9\d-assess-")


def is_teacher_notebook(path: Path) -> bool:
    """True for a teacher's notebook in ``notebooks/`` (``99-teacher-class-view.ipynb``)."""
    return path.parent.name == "notebooks" and TEACHER_NOTEBOOK.match(path.name) is not None


def is_assessment_notebook(path: Path) -> bool:
    """True for a form of the before/after assessment in ``notebooks/`` (``90-assess-before.ipynb``)."""
    return path.parent.name == "notebooks" and ASSESSMENT_NOTEBOOK.match(path.name) is not None


def all_notebooks() -> list[Path]:
    """Every committed notebook in the series' folders, found afresh so new ones are covered at once."""
    return sorted(p for folder in FOLDERS for p in (ROOT / folder).glob("*.ipynb"))


# Whether the running test may execute a notebook: tests/conftest.py sets it before each test, True only for a test
# marked ``notebook`` (the mark `make test-fast` leaves out). True outside pytest (a script reusing this module).
MAY_EXECUTE = True


def execute(path: Path, timeout: int = 300) -> nbformat.NotebookNode:
    """Run a notebook top to bottom in its own folder, as "Run All" would; raises on the first error."""
    if not MAY_EXECUTE:
        raise RuntimeError(f"this test executes {path.name} but is not marked: add @pytest.mark.notebook, so `make test-fast` leaves it out")
    notebook = nbformat.read(path, as_version=4)
    client = NotebookClient(notebook, timeout=timeout, kernel_name="python3", resources={"metadata": {"path": str(path.parent)}})
    client.execute()
    return notebook


def execute_changed(path: Path, notebook: nbformat.NotebookNode, label: str) -> nbformat.NotebookNode:
    """Run ``notebook`` (a changed copy of the one at ``path``) from ``path``'s folder, so its relative paths hold.

    The copy is written beside the lesson as a hidden ``.<stem>-<label>.ipynb`` and removed afterwards, pass or fail.
    """
    copy = path.parent / f".{path.stem}-{label}.ipynb"
    nbformat.write(notebook, copy)
    try:
        return execute(copy)
    finally:
        copy.unlink()


def text_outputs(notebook: nbformat.NotebookNode) -> str:
    """All the plain text a run printed or displayed, for assertions about what a learner sees."""
    parts = []
    for cell in notebook.cells:
        for output in cell.get("outputs", []):
            if "text" in output:
                parts.append(output["text"])
            parts.append(output.get("data", {}).get("text/plain", ""))
            parts.append(output.get("data", {}).get("text/html", ""))
    return "\n".join(parts)


def json_strings(value):
    """Every string inside a JSON value (a notebook's outputs, its widget state), depth first."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from json_strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from json_strings(item)
