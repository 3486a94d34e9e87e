"""The package as someone installs it: a built wheel, non-editable, in a fresh environment, used from elsewhere.

`make lab` and `make test` install the package editable, so they would never notice a wheel that leaves out a
subpackage (the `medialit` command's sub-commands were missing once) or the data it reads. This builds the wheel
the way `pip install .` would, installs it into a new virtual environment with the pinned dependencies, and runs
the teacher's command from a folder that is not the project.
"""

from __future__ import annotations

import ast
import importlib.metadata
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from packaging.requirements import Requirement

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "medialit"
UV = shutil.which("uv")


def project_dependencies() -> set[str]:
    """The distributions pyproject.toml declares for the package (not the test extra), normalised."""
    import tomllib

    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    return {Requirement(line).name.lower().replace("_", "-") for line in project["dependencies"]}


def imported_top_level_modules() -> set[str]:
    """Every top-level module the package's source imports (absolute imports only)."""
    names = set()
    for path in PACKAGE.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names.update(alias.name.split(".")[0] for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names.add(node.module.split(".")[0])
    return names


def test_every_third_party_package_the_code_imports_is_declared():
    declared = project_dependencies()
    providers = importlib.metadata.packages_distributions()
    undeclared = {}
    for module in imported_top_level_modules() - set(sys.stdlib_module_names) - {"medialit"}:
        distributions = {name.lower().replace("_", "-") for name in providers.get(module, [module])}
        if not distributions & declared:
            undeclared[module] = sorted(distributions)
    assert not undeclared, f"imported but not declared in pyproject.toml's dependencies: {undeclared}"


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("dist")
    if UV:
        command = [UV, "build", "--wheel", "--out-dir", str(out), str(ROOT)]
    else:
        command = [sys.executable, "-m", "pip", "wheel", "--no-deps", "--wheel-dir", str(out), str(ROOT)]
    result = subprocess.run(command, capture_output=True, text=True, cwd=ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    (built,) = out.glob("medialit-*.whl")
    return built


def test_the_wheel_holds_every_module_of_the_package_and_the_series_data(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    missing = [str(path.relative_to(ROOT)) for path in PACKAGE.rglob("*.py") if str(path.relative_to(ROOT)) not in names]
    assert not missing, f"left out of the wheel: {missing}"
    for data_file in ("taxonomy.csv", "lexicon.csv", "exercises.toml", "cases/fbi-jttf-iran-espionage/article.txt"):
        assert f"medialit/_data/{data_file}" in names
    assert zipfile.ZipFile(wheel).read("medialit/_data/cases/fbi-jttf-iran-espionage/article.txt") == (ROOT / "data/cases/fbi-jttf-iran-espionage/article.txt").read_bytes()


@pytest.mark.slow
@pytest.mark.skipif(UV is None, reason="uv is needed to build a fresh environment quickly (CI installs it: .ci/run)")
def test_an_installed_wheel_runs_the_class_report_from_another_folder(wheel, tmp_path):
    venv = tmp_path / "venv"
    subprocess.run([UV, "venv", "--quiet", "--python", sys.executable, str(venv)], check=True)
    python = venv / "bin" / "python"
    install = subprocess.run([UV, "pip", "install", "--quiet", "--python", str(python), "-r", str(ROOT / "requirements" / "lab.txt"), str(wheel)],
                             capture_output=True, text=True)
    assert install.returncode == 0, install.stderr
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    env = {k: v for k, v in os.environ.items() if k not in ("MEDIALIT_DATA_DIR", "PYTHONPATH")}
    env["MEDIALIT_HOME"] = str(tmp_path / "home")
    where = subprocess.run([str(python), "-c", "import medialit, medialit.series as s; print(medialit.__file__); print(s.data_dir())"],
                           capture_output=True, text=True, cwd=elsewhere, env=env)
    package_file, data_folder = where.stdout.split()
    assert str(venv) in package_file and "site-packages" in package_file, "the test must use the installed wheel, not the checkout"
    assert data_folder.endswith("medialit/_data")
    report = subprocess.run([str(venv / "bin" / "medialit"), "class-report", str(ROOT / "data" / "sample_class"), "--out", "report.html", "--csv", "merged.csv"],
                            capture_output=True, text=True, cwd=elsewhere, env=env)
    assert report.returncode == 0, report.stdout + report.stderr
    page = (elsewhere / "report.html").read_text(encoding="utf-8")
    assert "30 learner(s) merged" in page and "The Role of the FBI" in page
    assert (elsewhere / "merged.csv").stat().st_size > 10_000
    for command in ("check-case", "new-case", "inbox", "hub-link"):  # every sub-command made it into the wheel
        helped = subprocess.run([str(venv / "bin" / "medialit"), command, "--help"], capture_output=True, text=True, cwd=elsewhere, env=env)
        assert helped.returncode == 0, f"medialit {command}: {helped.stderr}"
