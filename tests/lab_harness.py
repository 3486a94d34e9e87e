"""A real JupyterLab (or Notebook 7) in a real Chromium, for tests that must see what a learner sees.

Reuse it from any test module::

    import pytest
    from lab_harness import lab_page, browser  # noqa: F401  (pytest fixtures, imported so pytest finds them)

    @pytest.mark.browser
    @pytest.mark.parametrize("lab_page", [{"notebooks": ["notebooks/03-tag-the-claims.ipynb"]}], indirect=True)
    def test_something(lab_page):
        lab_page.open_notebook("03-tag-the-claims.ipynb")
        lab_page.run_all()
        lab_page.page.locator(".medialit-tagger").wait_for()
        lab_page.screenshot("tagger")              # -> test-artifacts/tagger.png

or, without fixtures (benchmarks, scripts)::

    with jupyter_server(notebooks=[path]) as server, chromium() as browser:
        lab = LabPage(browser.new_page(), server)
        ...

What it does, following ``/work/shared/BROWSER-NOTES.md``:

* :func:`jupyter_server` starts ``jupyter lab`` (or ``jupyter notebook``) from this virtual environment on a free
  localhost port with a random token, in a temporary root folder holding copies of the notebooks you name. Every
  Jupyter and IPython settings folder, and ``MEDIALIT_HOME``, point into a temporary folder too, so a test never
  reads or changes a user's settings or progress files. The "Jupyter news" toast is switched off and notebooks are
  not virtualised (every cell stays in the page). It polls ``/api/status`` until the server answers, and stops it
  by its process ID.
* :func:`chromium` launches Debian's ``/usr/bin/chromium`` through Playwright with the flags that keep it off the
  network. :func:`require_chromium` skips the test with a clear reason when it is missing, but fails when
  ``CI=true``: in CI a browser test must never skip silently.
* :class:`LabPage` opens a notebook, waits until its kernel is really idle, runs all cells and waits for them to
  finish, and saves screenshots to ``test-artifacts/`` (git-ignored).

Its name is no installed package's: pytest puts tests/ first on ``sys.path``, so a harness called ``jupyterlab``
(its old name) hid the real package from the whole test process (tests/test_module_names.py keeps it so).
"""

from __future__ import annotations

import contextlib
import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Iterable, Iterator

import pytest

__all__ = [
    "ROOT",
    "ARTIFACTS",
    "CHROMIUM",
    "CHROMIUM_ARGS",
    "JupyterServer",
    "LabPage",
    "require_chromium",
    "jupyter_server",
    "chromium",
    "lab_server",
    "browser",
    "lab_page",
]

ROOT = Path(__file__).resolve().parent.parent
ARTIFACTS = ROOT / "test-artifacts"
CHROMIUM = Path("/usr/bin/chromium")
# Keep Chromium off the network and quiet (see BROWSER-NOTES: without these it keeps trying closed routes).
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
STARTUP_SECONDS = 60
KERNEL_SECONDS = 60
SETTLE_SECONDS = 1.5  # a kernel quiet this long after Run All has run every cell (cells run back to back)

# Settings written into the temporary JUPYTERLAB_SETTINGS_DIR: no news toast, no virtualised cells.
DEFAULT_SETTINGS = {
    "@jupyterlab/apputils-extension/notification.jupyterlab-settings": {"fetchNews": "false", "checkForUpdates": False},
    "@jupyterlab/notebook-extension/tracker.jupyterlab-settings": {"windowingMode": "none"},
}


def require_chromium() -> Path:
    """Return Chromium's path; skip the test with the reason if it is missing, or fail in CI (``CI=true``)."""
    if CHROMIUM.exists():
        return CHROMIUM
    reason = f"{CHROMIUM} not found: install Debian's chromium (apt-get install chromium) to run real-browser tests"
    if os.environ.get("CI") == "true":
        pytest.fail(f"{reason}. In CI browser tests must not skip; .ci/run installs it.")
    pytest.skip(reason)


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@dataclass
class JupyterServer:
    """A running Jupyter server: where it lives, how to reach it, and how to stop it."""

    app: str  # "lab" or "notebook"
    port: int
    token: str
    root: Path  # the server's root folder (the notebooks are copied here)
    scratch: Path  # settings folders, MEDIALIT_HOME and the server log live here
    process: subprocess.Popen = field(repr=False)

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def medialit_home(self) -> Path:
        """The MEDIALIT_HOME the server's kernels use (progress and submission files land here)."""
        return self.scratch / "medialit-home"

    def url(self, path: str = "") -> str:
        """A URL on the server with the token, e.g. ``url("api/status")``."""
        separator = "&" if "?" in path else "?"
        return f"{self.base_url}/{path.lstrip('/')}{separator}token={self.token}"

    def notebook_url(self, name: str) -> str:
        """The page that opens notebook ``name`` (relative to the root) in this server's app."""
        prefix = "lab/tree" if self.app == "lab" else "notebooks"
        return self.url(f"{prefix}/{name}")

    def api(self, path: str) -> object:
        """GET a REST endpoint (``api/sessions``, ``api/status``...) and decode its JSON."""
        with urllib.request.urlopen(self.url(path), timeout=5) as response:
            return json.loads(response.read().decode("utf-8"))

    def log(self) -> str:
        """What the server has written so far (to explain a failure)."""
        return (self.scratch / "server.log").read_text(encoding="utf-8", errors="replace")

    def stop(self) -> None:
        """Stop the server by its process ID: SIGTERM, then SIGKILL if it has not gone after 10 s."""
        if self.process.poll() is not None:
            return
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(timeout=10)


def _server_command(app: str, port: int, token: str, root: Path) -> list[str]:
    executable = Path(sys.executable).parent / f"jupyter-{app}"
    command = [str(executable)] if executable.exists() else [sys.executable, "-m", "jupyterlab" if app == "lab" else "notebook"]
    command += [
        "--no-browser",
        "--ip=127.0.0.1",
        f"--port={port}",
        "--port-retries=0",
        f"--IdentityProvider.token={token}",
        f"--ServerApp.root_dir={root}",
        "--ServerApp.open_browser=False",
    ]
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        command.append("--allow-root")  # containers and CI run as root; Jupyter refuses to start otherwise
    return command


@contextlib.contextmanager
def jupyter_server(
    notebooks: Iterable[str | Path] = (),
    *,
    app: str = "lab",
    settings: dict[str, dict] | None = None,
    env: dict[str, str] | None = None,
) -> Iterator[JupyterServer]:
    """Start a Jupyter server for one test and stop it afterwards.

    ``notebooks`` are copied (by file name) into the server's temporary root; relative paths are taken from the
    project's top folder. ``app`` is ``"lab"`` or ``"notebook"`` (Notebook 7). ``settings`` adds or overrides
    JupyterLab settings files (``{"<extension>/<plugin>.jupyterlab-settings": {...}}``); ``env`` adds variables.
    """
    if app not in ("lab", "notebook"):
        raise ValueError(f"app must be 'lab' or 'notebook' (got {app!r})")
    scratch = Path(tempfile.mkdtemp(prefix="medialit-jupyter-"))
    root = scratch / "root"
    root.mkdir()
    for notebook in notebooks:
        source = Path(notebook) if Path(notebook).is_absolute() else ROOT / notebook
        shutil.copy2(source, root / source.name)
    environment = dict(os.environ)
    folders = {
        "JUPYTER_CONFIG_DIR": "config",
        "JUPYTER_DATA_DIR": "data",
        "JUPYTER_RUNTIME_DIR": "runtime",
        "JUPYTERLAB_SETTINGS_DIR": "lab-settings",
        "JUPYTERLAB_WORKSPACES_DIR": "lab-workspaces",
        "IPYTHONDIR": "ipython",
        "MEDIALIT_HOME": "medialit-home",
    }
    for variable, folder in folders.items():
        (scratch / folder).mkdir()
        environment[variable] = str(scratch / folder)
    environment["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{environment.get('PATH', '')}"
    environment.pop("MPLBACKEND", None)  # the kernel chooses its own inline backend, as for a learner
    environment.update(env or {})
    for name, content in {**DEFAULT_SETTINGS, **(settings or {})}.items():
        target = scratch / "lab-settings" / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(json.dumps(content), encoding="utf-8")

    port, token = _free_port(), secrets.token_hex(16)
    with (scratch / "server.log").open("wb") as log:
        process = subprocess.Popen(
            _server_command(app, port, token, root), cwd=root, env=environment, stdout=log, stderr=subprocess.STDOUT
        )
    server = JupyterServer(app=app, port=port, token=token, root=root, scratch=scratch, process=process)
    try:
        _wait_until_ready(server)
        yield server
    finally:
        server.stop()
        shutil.rmtree(scratch, ignore_errors=True)


def _wait_until_ready(server: JupyterServer) -> None:
    deadline = time.monotonic() + STARTUP_SECONDS
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            raise RuntimeError(f"jupyter {server.app} exited with status {server.process.returncode}:\n{server.log()}")
        try:
            with urllib.request.urlopen(server.url("api/status"), timeout=2) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        time.sleep(0.2)
    raise RuntimeError(f"jupyter {server.app} did not answer on port {server.port} within {STARTUP_SECONDS} s:\n{server.log()}")


@contextlib.contextmanager
def chromium(*, headless: bool = True):
    """Launch Debian's Chromium through Playwright (never Playwright's own download); yields the Browser."""
    path = require_chromium()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(path), args=CHROMIUM_ARGS, headless=headless)
        try:
            yield browser
        finally:
            browser.close()


class LabPage:
    """One browser page on a :class:`JupyterServer`, with the few steps every notebook test needs.

    ``page`` is the Playwright page: use it directly for anything the helpers do not cover.
    """

    def __init__(self, page, server: JupyterServer):
        self.page = page
        self.server = server
        self.notebook: str | None = None

    def open_notebook(self, name: str, *, timeout: float = KERNEL_SECONDS) -> None:
        """Open notebook ``name`` (relative to the server root) and wait until its kernel is idle."""
        self.notebook = name
        self.page.goto(self.server.notebook_url(name))
        self.page.locator(".jp-Notebook").first.wait_for(timeout=timeout * 1000)
        self.wait_for_kernel_idle(timeout=timeout)

    def kernel_state(self) -> str | None:
        """The execution state ("idle", "busy", "starting") of this notebook's kernel, or None if none yet."""
        for session in self.server.api("api/sessions"):
            if self.notebook and session.get("path", "").endswith(self.notebook) and session.get("kernel"):
                return session["kernel"].get("execution_state")
        return None

    def wait_for_kernel_idle(self, *, timeout: float = KERNEL_SECONDS) -> None:
        """Wait until a kernel exists for the notebook and is idle.

        The toolbar's indicator says idle before any kernel exists (BROWSER-NOTES), so this asks the server, and in
        JupyterLab also waits for the status bar to read "| Idle".
        """
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.kernel_state() == "idle" and self._status_bar_idle():
                return
            time.sleep(0.1)
        raise TimeoutError(f"the kernel for {self.notebook} was not idle within {timeout} s (state {self.kernel_state()!r})")

    def _status_bar_idle(self) -> bool:
        if self.server.app != "lab":
            return True
        status = self.page.locator("#jp-main-statusbar")
        return status.count() > 0 and "| Idle" in status.inner_text()

    def run_all(self, *, timeout: float = 120) -> None:
        """Run every cell (Run > Run All Cells) and wait until every code cell has run and the kernel is idle."""
        self._ran_at = datetime.now(timezone.utc)
        self.page.locator(".lm-MenuBar-itemLabel", has_text="Run").first.click()
        self.page.locator(".lm-Menu-item[data-command='runmenu:run-all']").click()
        self.wait_for_cells(timeout=timeout)

    def wait_for_cells(self, *, timeout: float = 120) -> None:
        """Wait until no code cell is waiting or running ("[*]") and every one shows an execution count.

        A cell whose code is folded away (the lessons fold their plumbing) shows no prompt at all, so for those the
        kernel must also have worked since Run All and then stayed quiet (no message) for :data:`SETTLE_SECONDS`.
        """
        script = """() => {
            const prompts = [...document.querySelectorAll('.jp-CodeCell .jp-InputArea .jp-InputPrompt')].map(p => p.textContent.trim());
            const folded = document.querySelectorAll('.jp-CodeCell .jp-InputPlaceholder').length;
            return prompts.length + folded > 0 && prompts.every(p => /^\\[\\d+\\]:?$/.test(p));
        }"""
        self.page.wait_for_function(script, timeout=timeout * 1000)
        self.wait_for_kernel_idle(timeout=timeout)
        if self.page.locator(".jp-CodeCell .jp-InputPlaceholder").count():
            self._wait_until_quiet(timeout)

    def _wait_until_quiet(self, timeout: float) -> None:
        since = getattr(self, "_ran_at", None)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            activity = self._last_activity()
            now = datetime.now(timezone.utc)
            if activity and (since is None or activity > since) and (now - activity).total_seconds() >= SETTLE_SECONDS and self.kernel_state() == "idle":
                return
            time.sleep(0.2)
        raise TimeoutError(f"the kernel for {self.notebook} did not finish and settle within {timeout} s")

    def _last_activity(self) -> datetime | None:
        for session in self.server.api("api/sessions"):
            if self.notebook and session.get("path", "").endswith(self.notebook) and session.get("kernel"):
                stamp = session["kernel"].get("last_activity")
                return datetime.fromisoformat(stamp.replace("Z", "+00:00")) if stamp else None
        return None

    def errors(self) -> list[str]:
        """The text of every error output on the page (an empty list when all cells ran cleanly)."""
        return self.page.locator(".jp-OutputArea-output[data-mime-type='application/vnd.jupyter.stderr']").all_inner_texts()

    def screenshot(self, name: str, *, full_page: bool = True) -> Path:
        """Save a PNG of the page to ``test-artifacts/<name>.png`` and return its path."""
        ARTIFACTS.mkdir(exist_ok=True)
        target = ARTIFACTS / f"{name}.png"
        self.page.screenshot(path=str(target), full_page=full_page)
        return target


# ---- pytest fixtures (import them into a test module to use them) ----


@pytest.fixture
def lab_server(request) -> Iterator[JupyterServer]:
    """A fresh JupyterLab for one test. Parametrize indirectly with ``{"notebooks": [...], "app": "lab"}``."""
    options = dict(getattr(request, "param", None) or {})
    require_chromium()  # no point starting a server the test cannot look at
    with jupyter_server(**options) as server:
        yield server


@pytest.fixture(scope="module")
def browser():
    """One Chromium for a test module (pages are cheap, browsers are not), closed when the module ends.

    Not one per session: Playwright's sync API refuses to start while another sync instance is open, so a session-wide
    browser would break every browser module that runs after the first one that uses this fixture.
    """
    with chromium() as launched:
        yield launched


@pytest.fixture
def lab_page(request, browser) -> Iterator[LabPage]:
    """A new page on a fresh server; parametrize indirectly like ``lab_server``. A screenshot is kept on failure."""
    options = dict(getattr(request, "param", None) or {})
    with jupyter_server(**options) as server:
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        page = context.new_page()
        lab = LabPage(page, server)
        failures_before = request.session.testsfailed
        try:
            yield lab
        finally:
            if request.session.testsfailed > failures_before:  # the test itself failed: keep what the page showed
                with contextlib.suppress(Exception):
                    lab.screenshot(f"failed-{request.node.name}")
            context.close()
