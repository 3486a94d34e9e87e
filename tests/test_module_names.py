"""No helper module in tests/ or benchmarks/ may take the name of an installed package or a standard module.

pytest puts tests/ at the front of ``sys.path`` (and some tests add benchmarks/), so ``tests/jupyterlab.py`` (the
browser harness's old name) was what ``import jupyterlab`` found in the whole test process, not JupyterLab.
"""

from __future__ import annotations

import sys
from importlib.metadata import packages_distributions
from pathlib import Path


def shadowing(folder: Path) -> list[str]:
    """The modules in ``folder`` whose name an installed distribution or the standard library already uses."""
    installed = packages_distributions()
    problems = []
    for path in sorted(folder.glob("*.py")):
        name = path.stem
        if name in installed:
            problems.append(f"{path.name} hides the installed package {name!r} (from {', '.join(installed[name])}): rename it")
        elif name in sys.stdlib_module_names:
            problems.append(f"{path.name} hides the standard module {name!r}: rename it")
    return problems


def test_no_test_or_benchmark_module_hides_a_real_one(root):
    assert shadowing(root / "tests") == []
    assert shadowing(root / "benchmarks") == []


def test_the_check_finds_a_module_named_like_a_package(tmp_path):
    for name in ("jupyterlab", "pandas", "json", "lab_harness"):
        (tmp_path / f"{name}.py").write_text("", encoding="utf-8")
    problems = shadowing(tmp_path)
    assert [problem.split(" ", 1)[0] for problem in problems] == ["json.py", "jupyterlab.py", "pandas.py"], problems
    assert "'jupyterlab' (from jupyterlab)" in problems[1]
