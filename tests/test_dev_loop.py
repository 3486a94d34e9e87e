"""The developer's loop: ruff and mypy catch real defects, doctests run, and the fast loop stays fast.

`make test-fast` leaves out the tests marked ``notebook`` and ``browser``; a test that executes a notebook without
the mark fails (tests/conftest.py), so a slow test cannot creep into the fast loop unnoticed.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

import notebooks

BIN = Path(sys.executable).parent


def test_an_unmarked_test_cannot_execute_a_notebook(root):
    with pytest.raises(RuntimeError, match="add @pytest.mark.notebook"):
        notebooks.execute(root / "notebooks" / "00-start-here.ipynb")


@pytest.mark.notebook
def test_a_marked_test_may_execute_one():
    assert notebooks.MAY_EXECUTE


def _ruff(root, folder: Path) -> str:
    done = subprocess.run([str(BIN / "ruff"), "check", "--config", str(root / "pyproject.toml"), "--output-format", "concise", "--no-cache", str(folder)],
                          capture_output=True, text=True, check=False)
    return done.stdout + done.stderr


def test_ruff_finds_the_defects_the_project_cares_about(root, tmp_path):
    (tmp_path / "module.py").write_text(
        "import json\n"                                   # F401: unused import
        "\n"
        "def listener(change, seen=[]):\n"                # B006: one list shared by every call
        "    print(change)\n"                             # T201: a widget callback must not print
        "    return eval(change) + missing\n",            # S307 and F821: eval of text, an undefined name
        encoding="utf-8")
    found = _ruff(root, tmp_path)
    for code in ("F401", "B006", "T201", "S307", "F821"):
        assert f" {code} " in found, f"ruff missed {code}:\n{found}"


def test_ruff_allows_the_long_lines_the_code_uses(root, tmp_path):
    (tmp_path / "long.py").write_text(f"TEXT = {'x' * 200!r}\n", encoding="utf-8")
    assert "All checks passed" in _ruff(root, tmp_path)


def test_mypy_checks_the_bodies_of_unannotated_functions(root, tmp_path):
    """check_untyped_defs: a helper without annotations is still checked (here a str method on an int)."""
    (tmp_path / "helper.py").write_text("def helper():\n    count = 3\n    return count.upper()\n", encoding="utf-8")
    done = subprocess.run([str(BIN / "mypy"), "--config-file", str(root / "pyproject.toml"), "--no-incremental", str(tmp_path / "helper.py")],
                          capture_output=True, text=True, check=False, cwd=tmp_path)
    assert done.returncode == 1 and '"int" has no attribute "upper"' in done.stdout, done.stdout + done.stderr


@pytest.mark.slow  # a second pytest: seconds
def test_pytest_collects_the_package_doctests(root):
    done = subprocess.run([sys.executable, "-m", "pytest", "--collect-only", "-q", "-p", "no:cacheprovider", "medialit/safe_text.py"],
                          cwd=root, capture_output=True, text=True, check=False)
    assert "medialit/safe_text.py::medialit.safe_text" in done.stdout, done.stdout + done.stderr


# A skipped example says why it is not run: "# <reason>  # doctest: +SKIP" (doctest reads only the directive).
SKIP = re.compile(r"#\s*doctest:\s*\+SKIP")
REASON = re.compile(r"#\s*\S.*#\s*doctest:\s*\+SKIP\s*$")


def skips_without_a_reason(folder: Path) -> list[str]:
    return [f"{path.relative_to(folder.parent)}:{number}" for path in sorted(folder.rglob("*.py"))
            for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
            if SKIP.search(line) and not REASON.search(line)]


def test_every_skipped_doctest_says_why(root, tmp_path):
    assert skips_without_a_reason(root / "medialit") == []
    (tmp_path / "pkg").mkdir()
    (tmp_path / "pkg" / "m.py").write_text('""">>> tagger()   # doctest: +SKIP   (a widget)\n>>> ok()   # a widget   # doctest: +SKIP\n"""\n', encoding="utf-8")
    assert skips_without_a_reason(tmp_path / "pkg") == ["pkg/m.py:1"]


def test_as_number_still_reads_every_kind_of_real_number_after_its_type_fix():
    """mypy made ``as_number`` test for real numbers instead of any Number: Decimal and Fraction still read."""
    from decimal import Decimal
    from fractions import Fraction

    import numpy as np

    from medialit.answers import as_number

    assert [as_number(v) for v in (Decimal("0.42"), Fraction(1, 2), np.float32(0.25), 3, "42%")] == [0.42, 0.5, 0.25, 3.0, 0.42]
    with pytest.raises(TypeError, match="expected a number, got complex"):
        as_number(1 + 2j)
