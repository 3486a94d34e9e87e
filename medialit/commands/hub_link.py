"""``medialit hub-link HUB_URL [--repo URL] [--branch main] [--open PATH] [--app lab]``: print the class link.

The link pulls the series into every learner's home on a JupyterHub and opens the first notebook
(see docs/deploy.md). Without ``--repo`` the repository's own ``origin`` remote is used, if it has one.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
from pathlib import Path

from ..hub import APPS, DEFAULT_NOTEBOOK, HubLinkError, nbgitpuller_link, normalise_hub_url, repo_folder

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
    parser.add_argument("--branch", default="main", help="branch to pull (default: main)")
    parser.add_argument("--open", dest="open_path", default=DEFAULT_NOTEBOOK, metavar="PATH",
                        help=f"notebook to open, relative to the repository (default: {DEFAULT_NOTEBOOK})")
    parser.add_argument("--app", choices=sorted(APPS), default="lab", help="front end to open it in (default: lab)")
    return parser


def origin_url(folder: Path = PROJECT) -> str | None:
    """The ``origin`` remote of the git repository at ``folder``, or None (no git, no remote)."""
    try:
        done = subprocess.run(["git", "-C", str(folder), "config", "--get", "remote.origin.url"],
                              capture_output=True, text=True, timeout=10, check=False)
    except (OSError, subprocess.SubprocessError):
        return None
    return done.stdout.strip() or None


def run(args: argparse.Namespace) -> int:
    try:
        normalise_hub_url(args.hub_url)  # a wrong hub address is the likelier mistake: say so first
    except HubLinkError as exc:
        print(f"medialit hub-link: {exc}", file=sys.stderr)
        return 2
    repo = args.repo or origin_url()
    if not repo:
        print("medialit hub-link: no --repo given and this copy has no 'origin' remote. "
              "Fix: add --repo https://github.com/OWNER/REPO (the series' public address).", file=sys.stderr)
        return 2
    try:
        link = nbgitpuller_link(args.hub_url, repo, branch=args.branch, open_path=args.open_path, app=args.app)
    except HubLinkError as exc:
        print(f"medialit hub-link: {exc}", file=sys.stderr)
        return 2
    if repo_folder(repo) == "medialit":
        print("note: nbgitpuller will clone into ~/medialit, the folder where learners' progress is saved too; "
              "rename the repository (e.g. weighing-the-evidence) to keep the two apart (see docs/deploy.md).", file=sys.stderr)
    if link.startswith("http://"):
        print("note: this hub uses http://, so learners' passwords cross the network unencrypted; "
              "serve the hub over https (see docs/deploy.md).", file=sys.stderr)
    print(link)
    return 0
