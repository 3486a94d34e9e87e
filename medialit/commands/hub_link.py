"""``medialit hub-link HUB_URL [--repo URL] [--branch BRANCH] [--open PATH] [--app lab]``: print the class link.

The link pulls the series into every learner's home on a JupyterHub and opens the first notebook
(see docs/deploy.md). Without ``--repo`` the repository's own ``origin`` remote is used, if it has one.
Without ``--branch`` the link names the repository's default branch, read offline from this clone
(:func:`default_branch`); for a ``--repo`` that is not this clone's origin it names none, and nbgitpuller then
pulls that repository's default branch.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
from pathlib import Path

from ..hub import APPS, DEFAULT_NOTEBOOK, HubLinkError, nbgitpuller_link, normalise_hub_url, normalise_repo_url, repo_folder
from ..paths import WORK_FOLDER

PROJECT = Path(__file__).resolve().parent.parent.parent


def add_parser(subparsers) -> argparse.ArgumentParser:
    parser = subparsers.add_parser(
        "hub-link",
        help="print the nbgitpuller link that pulls the series into every learner's home on a JupyterHub",
        description="Print the nbgitpuller link for HUB_URL: learners click it, log in, and the series is copied "
                    "(or updated, never overwriting their changes) into their home folder and opened.",
    )
    parser.add_argument("hub_url", metavar="HUB_URL", help="the hub's address, e.g. https://hub.example.edu")
    parser.add_argument("--repo", help="public https URL of the series' git repository (default: this copy's 'origin' remote)")
    parser.add_argument("--branch", help="branch to pull (default: the repository's default branch, from this clone)")
    parser.add_argument("--open", dest="open_path", default=DEFAULT_NOTEBOOK, metavar="PATH",
                        help=f"notebook to open, relative to the repository (default: {DEFAULT_NOTEBOOK})")
    parser.add_argument("--app", choices=sorted(APPS), default="lab", help="front end to open it in (default: lab)")
    return parser


def _git(folder: Path, *arguments: str) -> str | None:
    """The output of ``git -C folder ARGUMENTS`` (stripped), or None if git is missing or the command fails."""
    try:
        done = subprocess.run(["git", "-C", str(folder), *arguments], capture_output=True, text=True, timeout=10, check=False)
    except (OSError, subprocess.SubprocessError):
        return None
    if done.returncode != 0:
        return None
    return done.stdout.strip() or None


def origin_url(folder: Path) -> str | None:
    """The ``origin`` remote of the git repository at ``folder``, or None (no git, no remote)."""
    return _git(folder, "config", "--get", "remote.origin.url")


def default_branch(folder: Path) -> str | None:
    """The branch learners should pull, read offline from the clone at ``folder``, or None if it cannot tell.

    The remote's default branch as ``git clone`` recorded it (``refs/remotes/origin/HEAD``; ``git remote set-head
    origin --auto`` refreshes it), else the branch checked out here.
    """
    remote_head = _git(folder, "symbolic-ref", "--quiet", "--short", "refs/remotes/origin/HEAD")  # "origin/main"
    if remote_head and remote_head.startswith("origin/"):
        return remote_head.removeprefix("origin/")
    return _git(folder, "symbolic-ref", "--quiet", "--short", "HEAD")


def _same_repository(one: str, other: str | None) -> bool:
    try:
        return other is not None and normalise_repo_url(one).removesuffix(".git") == normalise_repo_url(other).removesuffix(".git")
    except HubLinkError:
        return False


def run(args: argparse.Namespace) -> int:
    try:
        normalise_hub_url(args.hub_url)  # a wrong hub address is the likelier mistake: say so first
    except HubLinkError as exc:
        print(f"medialit hub-link: {exc}", file=sys.stderr)
        return 2
    origin = origin_url(PROJECT)
    repo = args.repo or origin
    if not repo:
        print("medialit hub-link: no --repo given and this copy has no 'origin' remote. "
              "Fix: add --repo https://github.com/OWNER/REPO (the series' public address).", file=sys.stderr)
        return 2
    branch = args.branch
    if branch is None and _same_repository(repo, origin):
        branch = default_branch(PROJECT)
    try:
        link = nbgitpuller_link(args.hub_url, repo, branch=branch, open_path=args.open_path, app=args.app)
    except HubLinkError as exc:
        print(f"medialit hub-link: {exc}", file=sys.stderr)
        return 2
    if branch is None:
        print("note: no --branch, and this clone cannot tell the repository's default branch: the link lets "
              "nbgitpuller pull the default branch (give --branch to choose one).", file=sys.stderr)
    if repo_folder(repo) == WORK_FOLDER:
        print(f"note: nbgitpuller will clone into ~/{WORK_FOLDER}, the folder where learners' progress is saved too; "
              "rename the repository (e.g. weighing-the-evidence) to keep the two apart (see docs/deploy.md).", file=sys.stderr)
    if link.startswith("http://"):
        print("note: this hub uses http://, so learners' passwords cross the network unencrypted; "
              "serve the hub over https (see docs/deploy.md).", file=sys.stderr)
    print(link)
    return 0
