"""Write the exercise notebooks from the solution notebooks: the solutions are the single source.

An exercise notebook has two tracks (see ``data/exercises.toml``). The **reading track** is a cell that only calls
``medialit.ask("04.2")``: the widget holds the question and the answer, so the cell is the same in both folders. The
**data track** (optional; cells tagged ``data-track``) is code, written once with its worked answer in
``solutions/NN-stem.ipynb`` and marked the way nbgrader understands (its default delimiters, and the cell metadata
``{"nbgrader": {"solution": true, "grade_id": ...}}``), so ``nbgrader generate_assignment`` takes the solution
notebooks as they are (``tests/test_nbgrader.py`` runs it):

* **Code cells**: the lines between ``### BEGIN SOLUTION`` and ``### END SOLUTION`` are the answer. In the exercise
  they become ``# YOUR ANSWER HERE`` plus ``name = ...`` for every name the answer assigns at its top level, so
  the cell still runs and the check below it reports "not answered yet" instead of a ``NameError``::

      ### BEGIN SOLUTION                        # YOUR ANSWER HERE
      hedges = ["may", "potentially"]    -->    hedges = ...
      ### END SOLUTION
      medialit.check("04.1", hedges)            medialit.check("04.1", hedges)

* **Markdown cells**: the lines between the same two markers (each on a line of its own) are a model answer in
  prose. In the exercise they become ``YOUR ANSWER HERE`` (nbgrader's text stub) with a note to double-click.
* **Autograder test cells** (nbgrader ``grade`` cells that are not solutions: visible asserts, then the lines
  between ``### BEGIN HIDDEN TESTS`` and ``### END HIDDEN TESTS``) are for nbgrader only and are left out of the
  exercise: there, ``medialit.check`` gives the feedback, and a failing assert would stop *Run All*. Hidden-test
  lines anywhere else are removed too, so they never reach a learner.

Everything else (other cells, lines outside the markers, cell ids, metadata) is copied as it is; outputs and
execution counts are always cleared. The output is deterministic, and generating from an exercise notebook (which
has no markers left) changes nothing, so running ``medialit exercises`` twice is harmless.

>>> strip_code_solution('x = 1\\n### BEGIN SOLUTION\\nanswer = x + 1\\n### END SOLUTION\\ncheck(answer)')
'x = 1\\n# YOUR ANSWER HERE\\nanswer = ...\\ncheck(answer)'
"""

from __future__ import annotations

import ast
import copy
import textwrap
from dataclasses import dataclass
from pathlib import Path

import nbformat

from . import atomic
from .errors import DataFileError

__all__ = [
    "BEGIN",
    "END",
    "BEGIN_HIDDEN",
    "END_HIDDEN",
    "CODE_PROMPT",
    "TEXT_PROMPT",
    "Region",
    "solution_regions",
    "strip_code_solution",
    "strip_text_solution",
    "strip_hidden_tests",
    "is_test_cell",
    "make_exercise",
    "generate",
    "render",
    "compare",
]

BEGIN = "### BEGIN SOLUTION"
END = "### END SOLUTION"
BEGIN_HIDDEN = "### BEGIN HIDDEN TESTS"
END_HIDDEN = "### END HIDDEN TESTS"
CODE_PROMPT = "# YOUR ANSWER HERE"
TEXT_PROMPT = "YOUR ANSWER HERE *(double-click this cell and write your answer in place of this line)*"


@dataclass(frozen=True)
class Region:
    """One marked answer: the lines between the markers, and where they are (for error messages and tests)."""

    cell_index: int
    cell_type: str
    start_line: int
    lines: tuple[str, ...]


def _find_regions(source: str, where: str, begin_marker: str = BEGIN, end_marker: str = END) -> list[tuple[int, int]]:
    """(begin, end) line numbers of each marked region; raises if the markers do not pair up."""
    pairs, begin = [], None
    for number, line in enumerate(source.split("\n")):
        marker = line.strip()
        if marker == begin_marker:
            if begin is not None:
                raise DataFileError(where, f"a second '{begin_marker}' at line {number + 1} before the '{end_marker}' of the one at line {begin + 1}.", fix="close each region before opening the next.")
            begin = number
        elif marker == end_marker:
            if begin is None:
                raise DataFileError(where, f"'{end_marker}' at line {number + 1} has no '{begin_marker}' before it.", fix=f"add '{begin_marker}' on its own line where the region starts.")
            pairs.append((begin, number))
            begin = None
    if begin is not None:
        raise DataFileError(where, f"'{begin_marker}' at line {begin + 1} is never closed.", fix=f"add '{end_marker}' on its own line where the region ends.")
    return pairs


def solution_regions(notebook: nbformat.NotebookNode, where: str = "<notebook>") -> list[Region]:
    """Every marked answer in a notebook, code and markdown, in order."""
    regions = []
    for index, cell in enumerate(notebook.cells):
        if cell.cell_type not in ("code", "markdown"):
            continue
        lines = cell.source.split("\n")
        for begin, end in _find_regions(cell.source, f"{where}, cell {index}"):
            regions.append(Region(index, cell.cell_type, begin + 1, tuple(lines[begin + 1 : end])))
    return regions


def _assigned_names(lines: list[str], where: str) -> list[str]:
    """The names a block of code assigns at its own top level, in order of first assignment."""
    code = textwrap.dedent("\n".join(lines))
    try:
        tree = ast.parse(code)
    except SyntaxError as exc:
        raise DataFileError(where, f"the solution region is not complete Python on its own ({exc.msg}, line {exc.lineno} of the region).", fix="put the markers around whole statements.") from None
    names: list[str] = []

    def collect(target: ast.AST) -> None:
        if isinstance(target, ast.Name):
            if target.id not in names:
                names.append(target.id)
        elif isinstance(target, (ast.Tuple, ast.List)):
            for element in target.elts:
                collect(element)
        elif isinstance(target, ast.Starred):
            collect(target.value)

    for statement in tree.body:
        if isinstance(statement, ast.Assign):
            for target in statement.targets:
                collect(target)
        elif isinstance(statement, (ast.AnnAssign, ast.AugAssign)):
            collect(statement.target)
    return names


def strip_code_solution(source: str, where: str = "<cell>") -> str:
    """A code cell's source with each solution region replaced by the prompt and ``name = ...`` placeholders."""
    lines = source.split("\n")
    regions = _find_regions(source, where)
    if not regions:
        return source
    out, position = [], 0
    for begin, end in regions:
        out.extend(lines[position:begin])
        indent = lines[begin][: len(lines[begin]) - len(lines[begin].lstrip())]
        names = _assigned_names(lines[begin + 1 : end], where)
        out.append(indent + CODE_PROMPT)
        out.extend(f"{indent}{name} = ..." for name in names)
        if not names and indent:
            out.append(f"{indent}pass")  # keeps an indented block valid
        position = end + 1
    out.extend(lines[position:])
    return "\n".join(out)


def strip_text_solution(source: str, where: str = "<cell>") -> str:
    """A markdown cell's source with each solution region replaced by the text prompt."""
    lines = source.split("\n")
    regions = _find_regions(source, where)
    out, position = [], 0
    for begin, end in regions:
        out.extend(lines[position:begin])
        out.append(TEXT_PROMPT)
        position = end + 1
    out.extend(lines[position:])
    return "\n".join(out)


def strip_hidden_tests(source: str, where: str = "<cell>") -> str:
    """A cell's source without its hidden-test regions (markers included), as nbgrader releases it."""
    lines = source.split("\n")
    out, position = [], 0
    for begin, end in _find_regions(source, where, BEGIN_HIDDEN, END_HIDDEN):
        out.extend(lines[position:begin])
        position = end + 1
    out.extend(lines[position:])
    return "\n".join(out)


def is_test_cell(cell: nbformat.NotebookNode) -> bool:
    """True for an nbgrader autograder test: a code cell marked ``grade`` and not ``solution``."""
    marks = cell.metadata.get("nbgrader", {})
    return cell.cell_type == "code" and bool(marks.get("grade")) and not marks.get("solution")


def make_exercise(solution: nbformat.NotebookNode, where: str = "<notebook>") -> nbformat.NotebookNode:
    """The exercise notebook for a solution notebook (the input is not changed)."""
    exercise = copy.deepcopy(solution)
    exercise.metadata.pop("widgets", None)
    exercise.cells = [cell for cell in exercise.cells if not is_test_cell(cell)]
    for index, cell in enumerate(exercise.cells):
        place = f"{where}, cell {index}"
        if cell.cell_type in ("code", "markdown"):
            cell.source = strip_hidden_tests(cell.source, place)
        if cell.cell_type == "code":
            cell.source = strip_code_solution(cell.source, place)
            cell.outputs = []
            cell.execution_count = None
        elif cell.cell_type == "markdown":
            cell.source = strip_text_solution(cell.source, place)
    return exercise


def render(notebook: nbformat.NotebookNode) -> str:
    """The exact text a notebook is written as, so files can be compared byte for byte."""
    text = nbformat.writes(notebook)
    return text if text.endswith("\n") else text + "\n"


def _expected(solutions: Path) -> dict[str, str]:
    files = {}
    for path in sorted(solutions.glob("*.ipynb")):
        notebook = nbformat.read(path, as_version=4)
        files[path.name] = render(make_exercise(notebook, str(path)))
    return files


def generate(solutions: str | Path, out: str | Path) -> list[Path]:
    """Write ``out/NN-stem.ipynb`` for every ``solutions/NN-stem.ipynb``; returns the files written or rewritten.

    A file whose content would not change is left alone (its modification time too).
    """
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for name, text in _expected(Path(solutions)).items():
        target = out / name
        if target.exists() and target.read_text(encoding="utf-8") == text:
            continue
        atomic.write_text(target, text, mode=0o644)
        written.append(target)
    return written


def compare(solutions: str | Path, exercises: str | Path) -> dict[str, list[str]]:
    """How ``exercises/`` differs from what ``solutions/`` would generate: ``{"differ": [...], "missing": [...],
    "extra": [...]}`` (file names; all empty lists when the folders agree)."""
    expected = _expected(Path(solutions))
    exercises = Path(exercises)
    present = {p.name for p in exercises.glob("*.ipynb")}
    return {
        "differ": [n for n, text in expected.items() if n in present and (exercises / n).read_text(encoding="utf-8") != text],
        "missing": [n for n in expected if n not in present],
        "extra": sorted(present - set(expected)),
    }
