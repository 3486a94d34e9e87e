"""The nbgitpuller class link: nbgitpuller's documented format, URL-encoded, and clear errors for bad input."""

from __future__ import annotations

import doctest
import subprocess
from urllib.parse import parse_qs, urlsplit

import pytest

import medialit.hub
from medialit.cli import main
from medialit.commands import hub_link
from medialit.hub import HubLinkError, nbgitpuller_link, normalise_hub_url, repo_folder
from medialit.paths import WORK_FOLDER

REPO = "https://github.com/example-school/weighing-the-evidence"


def _query(link):
    parts = urlsplit(link)
    return parts, {key: values[0] for key, values in parse_qs(parts.query, strict_parsing=True).items()}


def test_link_has_nbgitpuller_path_and_parameters():
    parts, query = _query(nbgitpuller_link("https://hub.example.edu", REPO, branch="main"))
    assert (parts.scheme, parts.netloc, parts.path) == ("https", "hub.example.edu", "/hub/user-redirect/git-pull")
    assert query == {
        "repo": REPO,
        "branch": "main",
        # urlpath must start with the folder nbgitpuller clones into (the repository's name)
        "urlpath": "lab/tree/weighing-the-evidence/notebooks/00-start-here.ipynb",
    }


def test_without_a_branch_the_link_leaves_it_to_nbgitpuller():
    """nbgitpuller pulls the repository's default branch when the link names none: never a guessed 'main'."""
    assert "branch" not in _query(nbgitpuller_link("https://hub.example.edu", REPO))[1]


def _clone_folder(query):
    """Where nbgitpuller clones: ``targetpath`` if given, else the last part of ``repo`` (its handlers.py rule)."""
    return query.get("targetpath", query["repo"].split("/")[-1])


@pytest.mark.parametrize("repo", [REPO, REPO + ".git", REPO + ".git/", "git@github.com:example-school/weighing-the-evidence.git",
                                  "ssh://git@github.com/example-school/weighing-the-evidence.git"])
def test_the_page_the_link_opens_is_inside_the_folder_nbgitpuller_clones_into(repo):
    """A URL ending in .git made nbgitpuller clone into name.git/ while the link opened name/...: a 404."""
    _, query = _query(nbgitpuller_link("https://hub.example.edu", repo, branch="main"))
    assert _clone_folder(query) == "weighing-the-evidence"
    assert query["urlpath"].startswith(f"lab/tree/{_clone_folder(query)}/")


def test_query_is_url_encoded():
    link = nbgitpuller_link("https://hub.example.edu", REPO, open_path="notebooks/03 tag & chart.ipynb")
    query_text = urlsplit(link).query
    assert "https%3A%2F%2Fgithub.com" in query_text
    assert " " not in link and "&chart" not in link  # a raw '&' would start a new parameter
    assert _query(link)[1]["urlpath"].endswith("notebooks/03 tag & chart.ipynb")


def test_hub_on_a_sub_path_and_pasted_from_the_browser():
    assert normalise_hub_url("https://school.example/jupyter") == "https://school.example/jupyter/"
    assert normalise_hub_url("https://school.example/jupyter/hub/login?next=x".split("?")[0]) == "https://school.example/jupyter/"
    assert normalise_hub_url("https://hub.example.edu/user/ana/lab/tree/x") == "https://hub.example.edu/"
    link = nbgitpuller_link("https://school.example/jupyter/", REPO)
    assert link.startswith("https://school.example/jupyter/hub/user-redirect/git-pull?")


def test_notebook_app_and_branch_and_other_path():
    _, query = _query(nbgitpuller_link("http://10.0.0.5:8000", REPO + ".git", branch="spring-2027",
                                       open_path="notebooks/03-tag-the-claims.ipynb", app="notebook"))
    assert query["branch"] == "spring-2027"
    assert query["repo"] == REPO + ".git" and query["targetpath"] == "weighing-the-evidence"
    assert query["urlpath"] == "tree/weighing-the-evidence/notebooks/03-tag-the-claims.ipynb"


def test_ssh_remote_becomes_https():
    _, query = _query(nbgitpuller_link("https://hub.example.edu", "git@github.com:example-school/weighing-the-evidence.git"))
    assert query["repo"] == "https://github.com/example-school/weighing-the-evidence.git"
    assert repo_folder("git@github.com:example-school/weighing-the-evidence.git") == "weighing-the-evidence"


@pytest.mark.parametrize("hub, words", [
    ("hub.example.edu", "https://"),
    ("ftp://hub.example.edu", "'ftp'"),
    ("javascript:alert(1)", "'javascript'"),
    ("https://", "no host"),
    ("https://hub.example.edu/?x=1", "must not carry"),
])
def test_bad_hub_url_is_refused_with_the_value_and_a_fix(hub, words):
    with pytest.raises(HubLinkError) as caught:
        nbgitpuller_link(hub, REPO)
    message = str(caught.value)
    assert words in message and repr(hub) in message and "Fix" in message


@pytest.mark.parametrize("kwargs", [
    {"repo": "not a url"},
    {"repo": "https://user:secret@github.com/a/b"},
    {"open_path": "../../etc/passwd"},
    {"open_path": "/home/ana/x.ipynb"},
    {"branch": "two words"},
    {"app": "vscode"},
])
def test_bad_repo_path_branch_or_app_is_refused(kwargs):
    arguments = {"hub_url": "https://hub.example.edu", "repo": REPO} | kwargs
    with pytest.raises(HubLinkError):
        nbgitpuller_link(**arguments)


def test_command_prints_the_link(capsys):
    assert main(["hub-link", "https://hub.example.edu", "--repo", REPO, "--branch", "main", "--open", "notebooks/03-tag-the-claims.ipynb"]) == 0
    out = capsys.readouterr().out.strip()
    assert out == nbgitpuller_link("https://hub.example.edu", REPO, branch="main", open_path="notebooks/03-tag-the-claims.ipynb")


def _git(folder, *arguments):
    subprocess.run(["git", "-C", str(folder), *arguments], check=True, capture_output=True)


@pytest.fixture
def clone(tmp_path, monkeypatch):
    """A local clone whose origin is REPO, checked out on 'term-2', as the command's own repository."""
    _git(tmp_path, "init", "-q", "-b", "term-2")
    _git(tmp_path, "remote", "add", "origin", "git@github.com:example-school/weighing-the-evidence.git")
    monkeypatch.setattr(hub_link, "PROJECT", tmp_path)
    return tmp_path


def _branch_in_link(capsys):
    out = capsys.readouterr().out.strip()
    return _query(out)[1].get("branch")


def test_command_uses_the_default_branch_recorded_in_the_clone(clone, capsys):
    _git(clone, "symbolic-ref", "refs/remotes/origin/HEAD", "refs/remotes/origin/trunk")  # what git clone records
    assert main(["hub-link", "https://hub.example.edu"]) == 0
    assert _branch_in_link(capsys) == "trunk"
    assert main(["hub-link", "https://hub.example.edu", "--repo", REPO]) == 0, "the same repository, written otherwise"
    assert _branch_in_link(capsys) == "trunk"
    assert main(["hub-link", "https://hub.example.edu", "--branch", "spring-2027"]) == 0
    assert _branch_in_link(capsys) == "spring-2027"


def test_command_falls_back_to_the_branch_checked_out(clone, capsys):
    assert main(["hub-link", "https://hub.example.edu"]) == 0
    assert _branch_in_link(capsys) == "term-2"


def test_command_names_no_branch_for_another_repository(clone, capsys):
    assert main(["hub-link", "https://hub.example.edu", "--repo", "https://github.com/other-school/evidence"]) == 0
    captured = capsys.readouterr()
    assert "branch" not in _query(captured.out.strip())[1] and "default branch" in captured.err


def test_command_rejects_bad_hub_with_exit_code_2(capsys):
    assert main(["hub-link", "ftp://hub.example.edu", "--repo", REPO]) == 2
    captured = capsys.readouterr()
    assert captured.out == "" and "https://" in captured.err


def test_command_warns_about_plain_http(capsys):
    assert main(["hub-link", "http://hub.example.edu", "--repo", REPO, "--branch", "main"]) == 0
    assert "unencrypted" in capsys.readouterr().err


def test_module_examples_run():
    assert doctest.testmod(medialit.hub).failed == 0


def test_command_warns_when_the_clone_would_share_the_learners_folder(capsys):
    assert main(["hub-link", "https://hub.example.edu", "--branch", "main", "--repo", f"https://github.com/school/{WORK_FOLDER}.git"]) == 0
    assert f"~/{WORK_FOLDER}" in capsys.readouterr().err
    for repo in (REPO, "https://github.com/school/medialit"):  # ~/medialit is no longer the learners' folder
        assert main(["hub-link", "https://hub.example.edu", "--branch", "main", "--repo", repo]) == 0
        assert capsys.readouterr().err == ""
