"""Start-up costs a learner pays: importing medialit, and running the first notebook.

``import medialit`` is lazy: it loads a module only when one of its names is first used. So the honest figures are
what a lesson pays on top of what it needs anyway, each in a fresh Python, as a new kernel (CPU time):

* ``import medialit`` alone against a bare Python: importing the package itself costs (almost) nothing;
* lesson 00's imports and every medialit name it uses (the name box, a question, the article, the levels, the gloss)
  against importing the third-party packages that lesson needs anyway: pandas (its setup cell imports it) and
  ipywidgets with IPython's display (its name box and questions are widgets). Target <= 1.1x.
* the tagger (lesson 03) against pandas, matplotlib's Figure and Agg canvas, and ipywidgets, which it draws and
  shows with (a chart drawn without pyplot needs no more). Target <= 1.1x;
* executing ``notebooks/00-start-here.ipynb`` against executing an empty notebook: kernel start-up is the floor.
"""

from __future__ import annotations

import re
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient

from timing import report

ROOT = Path(__file__).resolve().parent.parent
FIRST_LESSON = ROOT / "notebooks" / "00-start-here.ipynb"


def _cpu_seconds(statement: str) -> float:
    """The CPU time (user + system) of a fresh Python running ``statement``."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    subprocess.run([sys.executable, "-c", statement], check=True)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def _fresh_import_seconds(statement: str, baseline: str, repeat: int = 11) -> tuple[float, float]:
    """Median CPU seconds of a fresh Python running ``statement``, and running ``baseline``, taken in turns.

    CPU time, not wall-clock: on a machine shared with other work a fresh interpreter's wall-clock time swings by 2-3x
    with the neighbours; taking the two in turns lets both see the same neighbours.
    """
    ours, floor = [], []
    for _ in range(repeat):
        ours.append(_cpu_seconds(statement))
        floor.append(_cpu_seconds(baseline))
    return statistics.median(ours), statistics.median(floor)


def _execute_seconds(notebook: nbformat.NotebookNode, repeat: int = 3) -> float:
    times = []
    for _ in range(repeat):
        copy = nbformat.from_dict(notebook)
        start = time.perf_counter()
        NotebookClient(copy, timeout=300, kernel_name="python3", resources={"metadata": {"path": str(ROOT / "notebooks")}}).execute()
        times.append(time.perf_counter() - start)
    return sorted(times)[len(times) // 2]


def medialit_names_used(notebook: nbformat.NotebookNode) -> list[str]:
    """Every ``medialit.NAME`` a notebook's code cells use, so the figure follows the lesson as it changes."""
    return sorted({name for cell in notebook.cells if cell.cell_type == "code" for name in re.findall(r"\bmedialit\.([A-Za-z_]\w*)", cell.source)})


def main() -> bool:
    start_here = nbformat.read(FIRST_LESSON, as_version=4)
    lesson_needs = "import pandas, ipywidgets, IPython.display"
    uses = "; ".join(f"medialit.{name}" for name in medialit_names_used(start_here))
    ours, bare = _fresh_import_seconds("import medialit", "pass")
    ok = report("import medialit (CPU)", ours, "a bare Python", bare)
    ours, needs = _fresh_import_seconds(f"{lesson_needs}; import medialit; {uses}", lesson_needs)
    ok &= report("lesson 00's imports + medialit names (CPU)", ours, "pandas + ipywidgets alone", needs, limit=1.1)
    tagger_needs = "import pandas, matplotlib.figure, matplotlib.backends.backend_agg, ipywidgets, IPython.display"
    ours, needs = _fresh_import_seconds(f"{tagger_needs}; import medialit; medialit.ClaimTagger", tagger_needs)
    ok &= report("the tagger's imports, lesson 03 (CPU)", ours, "pandas + a matplotlib Figure + ipywidgets", needs, limit=1.1)
    empty = nbformat.v4.new_notebook(metadata={"kernelspec": {"name": "python3", "display_name": "Python 3"}})
    floor = _execute_seconds(empty)
    ok &= report("execute 00-start-here", _execute_seconds(start_here), "execute an empty notebook", floor)
    return ok


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    sys.exit(0 if main() else 1)
