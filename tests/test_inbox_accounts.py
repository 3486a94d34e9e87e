"""The class inbox with real Unix accounts: two learners and a teacher, as on The Littlest JupyterHub.

As root (CI runs as root) this creates the accounts (``jupyter-<hub user>``, TLJH's naming) and a teachers' group
with unique names, runs every step as the account it belongs to (``runuser``), and removes them all at the end
(``userdel -r``). Learner accounts cannot run an interpreter under ``/root`` (uv's and pyenv's Pythons live there),
so the accounts get their own environment built from Debian's world-readable ``/usr/bin/python3`` (uv, from its
cache) and a world-readable copy of the package. Not root: skipped with a message. In CI, as root, it never skips.

One story runs once for the module (:func:`story`) and each test checks one promise of it:

1. the teacher makes the inbox; 2. learner B takes A's file name first; 3. A's hand-in is refused with a message;
4. the teacher's report names B's file, and the teacher removes it; 5. A hands in; 6. B tries to hand in as A
(``JUPYTERHUB_USER``), hands in as B, tries to replace A's file and leaves a forgery claiming A; 7. B tries to
list, read, rename, delete, overwrite and chmod A's hand-in from a shell; 8. A hands in again, and hands in a case of their own
(another file: one per learner per case); 9. the teacher's ``class-report`` merges A's and B's real hand-ins for the
series' case, reports the forgery and counts A's other case; a merge for A's own case reads that one.
"""

from __future__ import annotations

import csv
import grp
import json
import os
import pwd
import secrets
import shutil
import stat
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PYTHON = Path("/usr/bin/python3")
IN_CI = os.environ.get("CI") == "true"
pytestmark = pytest.mark.slow  # real accounts and a fresh environment: a minute or more

if os.geteuid() != 0:
    pytest.skip("creating learner and teacher accounts needs root (CI runs this as root)", allow_module_level=True)


def _missing(message: str):
    """Fail in CI (the test must run there), skip elsewhere, saying what is missing."""
    if IN_CI:
        pytest.fail(message)
    pytest.skip(message)


def _world_runnable(path: Path) -> bool:
    real = Path(os.path.realpath(path))
    if not real.is_file() or not os.stat(real).st_mode & stat.S_IXOTH:
        return False
    return all(os.stat(folder).st_mode & stat.S_IXOTH for folder in real.parents)


def _run(*command: str, **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run(command, capture_output=True, text=True, timeout=300, **kwargs)


def _uv() -> list[str] | None:
    if shutil.which("uv"):
        return [shutil.which("uv")]
    if _run(sys.executable, "-m", "uv", "--version").returncode == 0:
        return [sys.executable, "-m", "uv"]
    return None


def _build_environment(folder: Path) -> Path:
    """A virtual environment every account can run: Debian's Python and the pinned packages; returns its python."""
    venv, pins = folder / "venv", str(ROOT / "requirements" / "lab.txt")
    uv = _uv()
    if uv:
        steps = [[*uv, "venv", "--quiet", "--python", str(PYTHON), str(venv)],
                 [*uv, "pip", "install", "--quiet", "--python", str(venv / "bin" / "python"), "-r", pins]]
    else:
        steps = [[str(PYTHON), "-m", "venv", str(venv)], [str(venv / "bin" / "python"), "-m", "pip", "install", "--quiet", "-r", pins]]
    for step in steps:
        done = _run(*step)
        if done.returncode != 0:
            _missing(f"cannot build the accounts' environment from {PYTHON} ({' '.join(step[:3])}...): {done.stderr.strip()[-400:]}")
    return venv / "bin" / "python"


class Hub:
    """The accounts, the shared environment and the inbox; ``run(account, ...)`` runs a step as that account."""

    def __init__(self, folder: Path, token: str):
        self.folder = folder
        self.hub_users = {"a": f"mlt{token}-ana", "b": f"mlt{token}-bob"}
        self.accounts = {key: f"jupyter-{name}" for key, name in self.hub_users.items()}
        self.teacher, self.group = f"mlt{token}-teacher", f"mlt{token}-teach"
        self.inbox = folder / "srv" / "inbox"  # srv/ is the teacher's, as an admin would give them a place in /srv
        self.python: Path | None = None

    def file_of(self, key: str) -> Path:
        return self.inbox / f"{self.hub_users[key]}.json"

    def run(self, account: str, *command: str, env: dict | None = None) -> subprocess.CompletedProcess:
        home = Path("/home") / account
        variables = {"PATH": f"{self.python.parent}:/usr/bin:/bin", "HOME": str(home), "LANG": "C.UTF-8", "MPLBACKEND": "Agg",
                     "PYTHONPATH": str(self.folder / "src"), "MEDIALIT_INBOX": str(self.inbox), **(env or {})}
        return _run("runuser", "-u", account, "--", "env", "-i", *(f"{k}={v}" for k, v in variables.items()), *command, cwd="/")

    def python_as(self, account: str, code: str, *arguments: str, env: dict | None = None) -> subprocess.CompletedProcess:
        return self.run(account, str(self.python), "-c", code, *arguments, env=env)


# Run as a learner: tag one claim at the given level (saved in their own home) and hand in; print the result.
HAND_IN = """
import json, sys, medialit
session = medialit.open_session()
session.tag(session.claim_ids()[3], sys.argv[1])
try:
    print(json.dumps({"path": str(medialit.hand_in(session))}))
except medialit.HandInError as exc:
    print(json.dumps({"error": str(exc)}))
"""

# Run as learner B: write a submission that claims ``sys.argv[2]`` at the path ``sys.argv[1]``, as a forger would.
FORGE = """
import os, sys, medialit
from medialit import progress
from medialit.session import TaggingSession
session = TaggingSession(medialit.load_case(), learner=sys.argv[2])
session.tag(session.claim_ids()[3], "corroborated")
path = progress.export_submission(session, learner=sys.argv[2], path=sys.argv[1])
os.chmod(path, 0o640)
print(path)
"""

# Run as learner B: try to replace A's hand-in by renaming a file of B's over it (what an atomic write does).
REPLACE = """
import os, sys
mine = os.path.join(os.path.dirname(sys.argv[1]), ".b-attack.tmp")
with open(mine, "w") as stream:
    stream.write("{}")
try:
    os.replace(mine, sys.argv[1])
    print("replaced")
except OSError as exc:
    print("refused", exc.errno)
finally:
    if os.path.exists(mine):
        os.unlink(mine)
"""

# Run as a learner: tag an article of their own (a case made from its text) and hand that in too.
HAND_IN_OWN = """
import json, sys, medialit
session = medialit.TaggingSession(medialit.case_from_text(sys.argv[1]), learner="me")
session.tag(session.claim_ids()[0], "bare_assertion")
print(json.dumps({"path": str(medialit.hand_in(session))}))
"""

# Run as the teacher: merge the inbox for the case of that article; print the learners and the other cases' count.
MERGE_OWN = """
import json, sys, medialit
from medialit.class_merge import merge_class
merged = merge_class(sys.argv[1], medialit.case_from_text(sys.argv[2]))
print(json.dumps({"learners": sorted(merged.tags["learner"].unique()), "problems": len(merged.problems), "other_cases": merged.other_cases}))
"""
OWN_ARTICLE = "The council met on Monday. It said the bridge would reopen in May, according to a spokesperson."

# Run as the teacher: merge the inbox and print the learners merged and the problems, as JSON.
MERGE = """
import json, sys, medialit
tags, problems = medialit.merge_submissions(sys.argv[1])
print(json.dumps({"learners": sorted(tags["learner"].unique()), "problems": problems.to_dict("records")}))
"""


def _json(done: subprocess.CompletedProcess) -> dict:
    assert done.returncode == 0, done.stderr[-2000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


@pytest.fixture(scope="module")
def story():
    """Make the accounts and the environment, play the story once, record every step; remove everything after."""
    if not _world_runnable(PYTHON) or str(os.path.realpath(PYTHON)).startswith("/root"):
        _missing(f"no interpreter a learner account can run: {PYTHON} is missing or not world-readable (apt-get install python3)")
    for tool in ("useradd", "userdel", "groupadd", "groupdel", "runuser"):
        if not shutil.which(tool):
            _missing(f"{tool} is not installed (Debian: apt-get install passwd util-linux)")
    folder = Path(tempfile.mkdtemp(prefix="medialit-accounts-"))
    folder.chmod(0o755)
    hub = Hub(folder, secrets.token_hex(3))
    made: list[tuple[str, str]] = []
    try:
        hub.python = _build_environment(folder)
        shutil.copytree(ROOT / "medialit", folder / "src" / "medialit", ignore=shutil.ignore_patterns("__pycache__"))
        shutil.copytree(ROOT / "data", folder / "src" / "data")
        _run("chmod", "-R", "a+rX", str(folder))
        for command, kind, name in (
            (["groupadd", hub.group], "group", hub.group),
            (["useradd", "-m", "-G", hub.group, hub.teacher], "user", hub.teacher),
            (["useradd", "-m", hub.accounts["a"]], "user", hub.accounts["a"]),
            (["useradd", "-m", hub.accounts["b"]], "user", hub.accounts["b"]),
        ):
            done = _run(*command)
            assert done.returncode == 0, f"{' '.join(command)}: {done.stderr}"
            made.append((kind, name))
        hub.inbox.parent.mkdir(mode=0o755)
        os.chown(hub.inbox.parent, _uid(hub.teacher), -1)
        yield _play(hub)
    finally:
        for kind, name in reversed(made):
            _run("userdel", "-r", name) if kind == "user" else _run("groupdel", name)
        shutil.rmtree(folder, ignore_errors=True)


def _play(hub: Hub) -> dict:
    a, b, teacher = hub.accounts["a"], hub.accounts["b"], hub.teacher
    as_a = {"JUPYTERHUB_USER": hub.hub_users["a"]}
    as_b = {"JUPYTERHUB_USER": hub.hub_users["b"]}
    steps: dict = {"hub": hub}
    steps["init"] = hub.run(teacher, str(hub.python), "-m", "medialit.cli", "inbox", "init", str(hub.inbox), "--group", hub.group, "--account-prefix", "jupyter-")
    assert steps["init"].returncode == 0, steps["init"].stderr
    steps["squat"] = hub.python_as(b, FORGE, str(hub.file_of("a")), hub.hub_users["a"], env=as_b)
    steps["a_refused"] = _json(hub.python_as(a, HAND_IN, "bare_assertion", env=as_a))
    steps["report_squat"] = _json(hub.python_as(teacher, MERGE, str(hub.inbox)))
    steps["teacher_removes"] = hub.run(teacher, "rm", "-f", str(hub.file_of("a")))
    steps["a_first"] = _json(hub.python_as(a, HAND_IN, "bare_assertion", env=as_a))
    steps["b_as_a"] = _json(hub.python_as(b, HAND_IN, "named_source", env=as_a))  # B sets A's JUPYTERHUB_USER
    steps["b"] = _json(hub.python_as(b, HAND_IN, "named_source", env=as_b))
    steps["b_replace"] = hub.python_as(b, REPLACE, str(hub.file_of("a")))
    forged = hub.inbox / "forged.json"
    steps["b_forge"] = hub.python_as(b, FORGE, str(forged), hub.hub_users["a"], env=as_b)
    target = str(hub.file_of("a"))
    steps["b_shell"] = {
        "list": hub.run(b, "ls", str(hub.inbox)),
        "read": hub.run(b, "cat", target),
        "rename": hub.run(b, "mv", target, str(hub.inbox / "stolen.json")),
        "delete": hub.run(b, "rm", "-f", target),
        "overwrite": hub.run(b, "sh", "-c", f"echo spoiled > {target}"),
        "chmod": hub.run(b, "chmod", "a+rw", target),
    }
    steps["a_again"] = _json(hub.python_as(a, HAND_IN, "primary_record", env=as_a))
    steps["a_own_case"] = _json(hub.python_as(a, HAND_IN_OWN, OWN_ARTICLE, env=as_a))
    steps["merge_own_case"] = _json(hub.python_as(teacher, MERGE_OWN, str(hub.inbox), OWN_ARTICLE))
    report, table = Path("/home") / teacher / "report.html", Path("/home") / teacher / "merged.csv"
    steps["report"] = hub.run(teacher, str(hub.python), "-m", "medialit.cli", "class-report", str(hub.inbox), "--out", str(report), "--csv", str(table), "--no-charts")
    steps["table"] = list(csv.DictReader(table.open(encoding="utf-8-sig"))) if table.exists() else []
    steps["report_page"] = report.read_text(encoding="utf-8") if report.exists() else ""
    return steps


def test_the_teacher_makes_the_inbox_with_the_teachers_group(story):
    hub = story["hub"]
    status = os.stat(hub.inbox)
    assert stat.S_IMODE(status.st_mode) == 0o3773
    assert status.st_uid == _uid(hub.teacher) and _group_name(status.st_gid) == hub.group
    assert hub.teacher in story["init"].stdout


def test_a_name_taken_by_someone_else_is_refused_with_a_message_to_tell_the_teacher(story):
    assert story["squat"].returncode == 0, "B can create a file under A's name before A hands in"
    message = story["a_refused"]["error"]
    assert "already taken" in message and "Tell your teacher" in message


def test_the_teachers_report_names_the_squatting_file_and_the_teacher_can_remove_it(story):
    hub = story["hub"]
    assert story["report_squat"]["learners"] == []
    problem = story["report_squat"]["problems"][0]
    assert problem["file"] == hub.file_of("a").name and hub.accounts["b"] in problem["problem"]
    assert story["teacher_removes"].returncode == 0, "the inbox's owner may remove any entry (sticky bit)"


def test_each_learner_hands_in_under_their_own_account_read_only_for_the_teachers(story):
    hub = story["hub"]
    assert story["a_first"]["path"] == str(hub.file_of("a")) and story["b"]["path"] == str(hub.file_of("b"))
    for key in ("a", "b"):
        status = os.stat(hub.file_of(key))
        assert status.st_uid == _uid(hub.accounts[key]) and _group_name(status.st_gid) == hub.group
        assert stat.S_IMODE(status.st_mode) == 0o640


def test_nobody_can_hand_in_under_anothers_hub_name(story):
    assert "cannot tell who you are" in story["b_as_a"]["error"], "JUPYTERHUB_USER set to A's name is not believed"
    assert story["b_forge"].returncode == 0, "B can still write a forgery into the inbox ..."
    problems = {row["file"]: row for row in _last_problems(story)}
    assert "forged.json" in problems and story["hub"].accounts["b"] in problems["forged.json"]["problem"]  # ... the report rejects it


def test_b_cannot_list_read_rename_delete_overwrite_or_chmod_as_hand_in(story):
    hub = story["hub"]
    shell = story["b_shell"]
    for attempt in ("list", "read", "rename", "delete", "overwrite", "chmod"):
        assert shell[attempt].returncode != 0, f"B could {attempt} A's hand-in: {shell[attempt].stdout}"
    assert hub.hub_users["a"] not in shell["list"].stdout and '"tags"' not in shell["read"].stdout
    assert story["b_replace"].stdout.startswith("refused"), "a rename over A's file is refused (sticky bit)"
    assert not (hub.inbox / "stolen.json").exists()
    assert stat.S_IMODE(os.stat(hub.file_of("a")).st_mode) == 0o640


def test_the_teachers_report_merges_both_real_hand_ins_and_only_those(story):
    hub = story["hub"]
    assert story["report"].returncode == 0, story["report"].stderr
    learners = {row["learner"] for row in story["table"]}
    assert learners == {hub.hub_users["a"], hub.hub_users["b"]}
    levels = {row["learner"]: row["level"] for row in story["table"]}
    assert levels == {hub.hub_users["a"]: "primary_record", hub.hub_users["b"]: "named_source"}, "A's second hand-in replaced the first"
    assert "forged.json" in story["report"].stderr and "(2 learners, 1 problem(s))" in story["report"].stdout


def test_a_hand_in_for_another_case_keeps_both_and_each_report_reads_its_own(story):
    hub = story["hub"]
    own = Path(story["a_own_case"]["path"])
    assert own.parent == hub.inbox and own.name.startswith(f"{hub.hub_users['a']}--") and hub.file_of("a").exists(), "one hand-in per case"
    assert os.stat(own).st_uid == _uid(hub.accounts["a"])
    assert story["merge_own_case"]["learners"] == [hub.hub_users["a"]] and story["merge_own_case"]["problems"] == 0
    # A's and B's hand-ins for the series and B's forgery (about the series' case too) are another case's here
    assert story["merge_own_case"]["other_cases"] == {"fbi-jttf-iran-espionage": 3}
    assert "1 hand-in(s) for other case studies left out" in story["report"].stderr, "and the series' report counts A's other one"


def _last_problems(story) -> list[dict]:
    """The problems class-report printed (``problem: FILE: WHAT (OUTCOME)``), one dict per line."""
    lines = story["report"].stderr.splitlines()
    return [{"file": line.split(": ", 2)[1], "problem": line} for line in lines if line.startswith("problem: ")]


def _uid(account: str) -> int:
    return pwd.getpwnam(account).pw_uid


def _group_name(gid: int) -> str:
    return grp.getgrgid(gid).gr_name
