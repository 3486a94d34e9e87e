"""The two commands: `make lab` and `make test` set up once, then reinstall nothing until a pin changes.

These run `make -n` (print, don't run) in a scratch copy of the Makefile, so they are fast and touch nothing.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import time

import pytest

pytestmark = pytest.mark.skipif(shutil.which("make") is None, reason="make is not installed")


@pytest.fixture
def project(root, tmp_path):
    """A scratch folder with the real Makefile, stand-in pins and an already-built virtual environment."""
    shutil.copy(root / "Makefile", tmp_path / "Makefile")
    (tmp_path / "requirements").mkdir()
    for name in ("requirements/lab.txt", "requirements/test.txt", "pyproject.toml"):
        (tmp_path / name).write_text("# stand-in\n", encoding="utf-8")
    (tmp_path / ".venv" / "bin").mkdir(parents=True)
    (tmp_path / ".venv" / "bin" / "python").write_text("", encoding="utf-8")
    time.sleep(0.05)
    for stamp in (".venv/.lab-installed", ".venv/.test-installed"):
        (tmp_path / stamp).write_text("", encoding="utf-8")
    return tmp_path


def dry_run(folder, target, *variables):
    """The commands `make TARGET` would run, as printed by `make -n` (run outside any calling make)."""
    env = {k: v for k, v in os.environ.items() if k not in ("MAKELEVEL", "MAKEFLAGS", "MFLAGS")}
    result = subprocess.run(["make", "--no-print-directory", "-n", target, *variables], cwd=folder, capture_output=True, text=True, env=env)
    assert result.returncode == 0, result.stderr
    return result.stdout


@pytest.mark.parametrize("uv", ["", "uv"], ids=["pip", "uv"])
def test_second_run_installs_nothing(project, uv):
    for target in ("lab", "test"):
        assert "pip install" not in dry_run(project, target, f"UV={uv}")


@pytest.mark.parametrize("uv", ["", "uv"], ids=["pip", "uv"])
def test_changed_pins_reinstall(project, uv):
    time.sleep(0.05)
    (project / "requirements" / "test.txt").write_text("# changed\n", encoding="utf-8")
    plan = dry_run(project, "test", f"UV={uv}")
    assert "-r requirements/test.txt" in plan and "--no-deps -e ." in plan
    assert "pip install" not in dry_run(project, "lab", f"UV={uv}"), "lab's pins did not change"


def test_fresh_machine_creates_the_environment(project):
    shutil.rmtree(project / ".venv")
    assert "python3 -m venv .venv" in dry_run(project, "test", "UV=")
    assert "uv venv" in dry_run(project, "test", "UV=uv")


def test_lab_listens_on_localhost_with_a_token(project):
    command = dry_run(project, "lab").strip().splitlines()[-1]
    assert "jupyter lab" in command and "--LabApp.default_url=/lab/tree/notebooks/00-start-here.ipynb" in command
    assert "--ServerApp.ip=127.0.0.1" in command
    assert "token=''" not in command and "token=\"\"" not in command and "disable_check_xsrf" not in command


def test_lab_allows_root_only_when_root(project):
    command = dry_run(project, "lab").strip().splitlines()[-1]
    assert ("--allow-root" in command) == (os.geteuid() == 0)


def test_ci_script_runs_the_readme_test_command(root):
    script = (root / ".ci" / "run").read_text(encoding="utf-8")
    assert "make test" in script and "chromium" in script
    assert "make test" in (root / "README.md").read_text(encoding="utf-8")
    assert os.access(root / ".ci" / "run", os.X_OK)


@pytest.mark.slow
def test_make_lab_serves_the_whole_series_and_prints_the_first_lesson(root, tmp_path):
    """The real command `make lab` runs: its file browser reaches exercises/ and docs/, its address opens lesson 00.

    A file path on jupyter's command line would make that file's folder the root, hiding exercises/ (seen on
    2026-11-30): this starts the server exactly as the Makefile says, from the project's folder, and asks its API.
    """
    import json
    import re
    import signal
    import socket
    import urllib.request

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    command = dry_run(root, "lab", f"PORT={port}", "LAB_ARGS=--no-browser").strip().splitlines()[-1]
    env = {k: v for k, v in os.environ.items() if k not in ("MAKELEVEL", "MAKEFLAGS", "MFLAGS")}
    for name in ("JUPYTER_CONFIG_DIR", "JUPYTER_DATA_DIR", "JUPYTER_RUNTIME_DIR", "JUPYTERLAB_SETTINGS_DIR", "JUPYTERLAB_WORKSPACES_DIR", "IPYTHONDIR"):
        env[name] = str(tmp_path / name.lower())
    log = tmp_path / "lab.log"
    with log.open("wb") as stream:
        server = subprocess.Popen(command, shell=True, cwd=root, env=env, stdout=stream, stderr=subprocess.STDOUT, start_new_session=True)
    try:
        address = None
        deadline = time.monotonic() + 60
        while address is None and time.monotonic() < deadline and server.poll() is None:
            time.sleep(0.3)
            found = re.search(rf"http://127\.0\.0\.1:{port}/\S*token=\w+", log.read_text(errors="replace"))
            address = found.group(0) if found else None
        assert address, f"no address printed:\n{log.read_text(errors='replace')}"
        assert f"127.0.0.1:{port}/lab/tree/notebooks/00-start-here.ipynb?token=" in address
        token = address.rsplit("token=", 1)[1]

        def listing(path):
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/contents/{path}?token={token}", timeout=10) as response:
                return {item["name"] for item in json.load(response)["content"]}

        top = listing("")
        assert {"notebooks", "exercises", "solutions", "docs", "data"} <= top
        assert "03-tag-the-claims.ipynb" in listing("exercises")
        assert "instructor-guide.md" in listing("docs")
        with urllib.request.urlopen(address, timeout=10) as page:
            assert page.status == 200
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=20)


def test_make_test_lints_and_type_checks_before_the_tests(project):
    plan = dry_run(project, "test", "PYTEST_ARGS=-x").splitlines()
    assert plan == [".venv/bin/ruff check", ".venv/bin/mypy", ".venv/bin/python -m pytest -x"]


def test_make_test_fast_leaves_out_notebooks_the_browser_and_the_slow_tests(project):
    plan = dry_run(project, "test-fast", "PYTEST_ARGS=-x").splitlines()
    assert plan[:2] == [".venv/bin/ruff check", ".venv/bin/mypy"]
    assert plan[2] == '.venv/bin/python -m pytest -q -m "not notebook and not browser and not slow" -x'


def test_make_help_lists_the_developer_commands(root):
    env = {k: v for k, v in os.environ.items() if k not in ("MAKELEVEL", "MAKEFLAGS", "MFLAGS")}
    shown = subprocess.run(["make", "--no-print-directory", "help"], cwd=root, capture_output=True, text=True, env=env, check=True).stdout
    for target in ("test", "test-fast", "lint", "typecheck"):
        assert f"make {target} " in shown, shown
