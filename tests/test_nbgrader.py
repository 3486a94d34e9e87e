"""Real nbgrader (the CLI, in a temporary course folder) on every solution notebook.

What a teacher who grades with nbgrader does, end to end: ``nbgrader generate_assignment`` on all of ``solutions/``;
two submissions, a blank one (the generated release, as a learner receives it) and a solved one (the solutions);
``nbgrader autograde``; the scores from nbgrader's own gradebook. A blank submission scores 0 and the solution every
autograded point; ``nbgrader validate`` fails every blank notebook. The reading track's ``medialit.ask`` cells carry
no nbgrader metadata: nbgrader runs them but grades nothing there (their answers live in the exercise log).

Autograding must never write into the grader's home: the grader's ``HOME`` is an empty folder, ``MEDIALIT_HOME``
is unset (so medialit would write to ``~/medialit``), Jupyter, IPython and matplotlib keep their files elsewhere,
and after autograde and validate the home is still empty. A probe notebook in the assignment records
``NBGRADER_EXECUTION`` as the kernel sees it, which is what :func:`medialit.exercise_log.under_grader` reads.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_notebook

from medialit import exercises as gen
from medialit.exercise_bank import notebook_exercises

from notebooks import ROOT

pytestmark = pytest.mark.notebook

SOLUTIONS = sorted((ROOT / "solutions").glob("*.ipynb"))
ASSIGNMENT = "exercises"
COURSE_ID = "medialit-test"
PROBE = "probe-environment.ipynb"
PROBE_SOURCE = "import os\nprint('NBGRADER_EXECUTION=' + str(os.environ.get('NBGRADER_EXECUTION')))"


def _nbgrader(course: Path, env: dict, *args: str) -> str:
    done = subprocess.run([str(Path(sys.executable).parent / "nbgrader"), *args], cwd=course, env=env, capture_output=True,
                          text=True, timeout=900, check=False)
    assert done.returncode == 0, f"nbgrader {' '.join(args)} failed:\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}"
    return done.stdout + done.stderr


@pytest.fixture(scope="module")
def course(tmp_path_factory):
    """A course folder after generate_assignment, autograde (blank and solved) and validate (every blank notebook)."""
    root = tmp_path_factory.mktemp("nbgrader")
    course, home, tools = root / "course", root / "grader-home", root / "tools"
    home.mkdir()
    env = {key: value for key, value in os.environ.items() if key != "MEDIALIT_HOME"}
    env.update({
        "HOME": str(home),
        "PATH": f"{Path(sys.executable).parent}{os.pathsep}{env.get('PATH', '')}",  # nbgrader runs alembic from PATH
        "JUPYTER_CONFIG_DIR": str(tools / "jupyter-config"), "JUPYTER_DATA_DIR": str(tools / "jupyter-data"),
        "JUPYTER_RUNTIME_DIR": str(tools / "jupyter-runtime"), "IPYTHONDIR": str(tools / "ipython"),
        "MPLCONFIGDIR": str(tools / "matplotlib"), "XDG_CACHE_HOME": str(tools / "cache"), "XDG_CONFIG_HOME": str(tools / "config"),
        "MPLBACKEND": "Agg",
    })
    source = course / "source" / ASSIGNMENT
    source.mkdir(parents=True)
    (course / "nbgrader_config.py").write_text(f"c = get_config()\nc.CourseDirectory.course_id = {COURSE_ID!r}\n", encoding="utf-8")
    for path in SOLUTIONS:
        shutil.copy(path, source / path.name)
    probe = new_notebook(cells=[new_code_cell(PROBE_SOURCE)], metadata={"kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}})
    nbformat.write(probe, source / PROBE)
    generated = _nbgrader(course, env, "generate_assignment", ASSIGNMENT, "--force")
    release = course / "release" / ASSIGNMENT
    for student, folder in (("blank", release), ("solved", source)):
        shutil.copytree(folder, course / "submitted" / student / ASSIGNMENT)
    autograded = _nbgrader(course, env, "autograde", ASSIGNMENT, "--force")
    validated = _nbgrader(course, env, "validate", *[str(release / path.name) for path in SOLUTIONS])
    return {"root": course, "home": home, "release": release, "generated": generated, "autograded": autograded, "validated": validated}


def _scores(course: Path) -> dict[tuple[str, str], object]:
    from nbgrader.api import Gradebook

    scores = {}
    with Gradebook(f"sqlite:///{course / 'gradebook.db'}", course_id=COURSE_ID) as gradebook:
        for student in ("blank", "solved"):
            for path in SOLUTIONS:
                notebook = gradebook.find_submission_notebook(path.stem, ASSIGNMENT, student)
                scores[student, path.stem] = (notebook.code_score, notebook.max_code_score, notebook.max_written_score)
    return scores


def test_every_solution_notebook_goes_through_generate_assignment(course):
    released = sorted(p.name for p in course["release"].glob("*.ipynb"))
    assert released == sorted([p.name for p in SOLUTIONS] + [PROBE]), course["generated"][-2000:]
    for path in SOLUTIONS:
        text = "\n".join(cell.source for cell in nbformat.read(course["release"] / path.name, as_version=4).cells)
        for marker in (gen.BEGIN, gen.END, gen.BEGIN_HIDDEN, gen.END_HIDDEN, "evaluate("):
            assert marker not in text, f"the release of {path.name} still holds {marker!r}"


def test_a_blank_submission_scores_zero_and_the_solution_full_marks(course):
    scores = _scores(course["root"])
    for path in SOLUTIONS:
        blank, solved = scores["blank", path.stem], scores["solved", path.stem]
        data = [item for item in notebook_exercises(path.name[:2]) if not item.is_reading]
        assert blank[1] == solved[1] == len(data) > 0, f"{path.name}: one autograded point per data-track exercise"
        assert blank[0] == 0 < solved[0] == solved[1], f"{path.name}: blank {blank[0]}, solved {solved[0]} of {solved[1]}"
    assert sum(written for (_, _, written) in scores.values()) > 0, "written answers are graded by hand, with points"


def test_validate_fails_every_blank_notebook(course):
    assert course["validated"].count("VALIDATION FAILED") == len(SOLUTIONS), course["validated"][-3000:]


def test_the_reading_track_is_run_but_not_graded(course):
    autograded = course["root"] / "autograded" / "solved" / ASSIGNMENT / SOLUTIONS[0].name
    cells = nbformat.read(autograded, as_version=4).cells
    asks = [cell for cell in cells if re.fullmatch(r'medialit\.ask\("\d\d\.\d+"\)', cell.source.strip())]
    assert asks and all("nbgrader" not in cell.metadata or not cell.metadata["nbgrader"].get("grade") for cell in asks)
    assert all(any("application/vnd.jupyter.widget-view+json" in o.get("data", {}) for o in cell.outputs) for cell in asks)


def test_autograding_writes_nothing_into_the_graders_home(course):
    probe = nbformat.read(course["root"] / "autograded" / "solved" / ASSIGNMENT / PROBE, as_version=4)
    printed = "".join(output.get("text", "") for output in probe.cells[0].outputs)
    assert "NBGRADER_EXECUTION=autograde" in printed, "nbgrader sets NBGRADER_EXECUTION in the kernel it grades with"
    assert sorted(str(p.relative_to(course["home"])) for p in course["home"].rglob("*")) == []
