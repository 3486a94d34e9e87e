"""Start-up costs a learner pays: importing medialit, and running the first notebook.

* ``import medialit`` against importing its dependencies alone (pandas, matplotlib): medialit itself should add
  little on top of them.
* executing ``notebooks/00-start-here.ipynb`` against executing an empty notebook: kernel start-up is the floor.
"""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient

from timing import report

ROOT = Path(__file__).resolve().parent.parent


def _fresh_import_seconds(statement: str, repeat: int = 5) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        subprocess.run([sys.executable, "-c", statement], check=True)
        times.append(time.perf_counter() - start)
    return sorted(times)[len(times) // 2]


def _execute_seconds(notebook: nbformat.NotebookNode, repeat: int = 3) -> float:
    times = []
    for _ in range(repeat):
        copy = nbformat.from_dict(notebook)
        start = time.perf_counter()
        NotebookClient(copy, timeout=300, kernel_name="python3", resources={"metadata": {"path": str(ROOT / "notebooks")}}).execute()
        times.append(time.perf_counter() - start)
    return sorted(times)[len(times) // 2]


def main() -> bool:
    deps = _fresh_import_seconds("import pandas, matplotlib, matplotlib.pyplot")
    ours = _fresh_import_seconds("import pandas, matplotlib, matplotlib.pyplot, medialit")
    ok = report("import medialit (+ its dependencies)", ours, "dependencies alone", deps, limit=1.5)
    empty = nbformat.v4.new_notebook(metadata={"kernelspec": {"name": "python3", "display_name": "Python 3"}})
    floor = _execute_seconds(empty)
    start_here = nbformat.read(ROOT / "notebooks" / "00-start-here.ipynb", as_version=4)
    ok &= report("execute 00-start-here", _execute_seconds(start_here), "execute an empty notebook", floor)
    return ok


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    sys.exit(0 if main() else 1)
