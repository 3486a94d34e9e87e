"""``medialit inbox init PATH [--group GROUP] [--account-prefix PREFIX]`` and ``medialit inbox check PATH``.

``init`` makes a class inbox learners hand in to (see :mod:`medialit.inbox` for what each permission bit promises
and docs/deploy.md for the whole set-up on a hub); ``check`` says whether an inbox still keeps those promises.
Both print what they found; a refusal is one line on stderr with the fix, and exit status 2.
"""

from __future__ import annotations

import argparse
import sys

from ..errors import MedialitError
from ..inbox import INBOX_MODE, describe, init
from ..safe_text import for_terminal


def add_parser(subparsers) -> argparse.ArgumentParser:
    parser = subparsers.add_parser("inbox", help="make or check a class inbox on a shared hub, which learners hand in to",
                                   description="A class inbox is a folder on a shared hub that every learner can hand in to, but no learner can "
                                               "list, read, rename, replace or delete anyone else's hand-in. See docs/deploy.md.")
    actions = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
    make = actions.add_parser("init", help=f"make PATH a class inbox (mode {INBOX_MODE:04o}); refuse a folder that is not safe")
    make.add_argument("path", metavar="PATH", help="the folder, e.g. /srv/medialit-inbox (made if missing)")
    make.add_argument("--group", help="the teachers' group: its members read every hand-in (default: your own group, if only you are in it)")
    make.add_argument("--account-prefix", help="what the hub puts before a user's name to make their account (default: 'jupyter-' on The Littlest JupyterHub, else none)")
    look = actions.add_parser("check", help="say whether PATH is a class inbox that keeps its promises")
    look.add_argument("path", metavar="PATH")
    return parser


def run(args: argparse.Namespace) -> int:
    try:
        inbox = init(args.path, group=args.group, account_prefix=args.account_prefix) if args.action == "init" else describe(args.path)
    except MedialitError as exc:
        print(for_terminal(f"medialit inbox {args.action}: {exc}"), file=sys.stderr)
        return 2
    except OSError as exc:
        print(for_terminal(f"medialit inbox {args.action}: {exc.filename or args.path}: {exc.strerror or type(exc).__name__}. Fix: run as the teacher or with sudo."), file=sys.stderr)
        return 2
    for line in inbox.summary().splitlines():  # one by one: for_terminal escapes line breaks too
        print(for_terminal(line))
    if inbox.problems:
        print(for_terminal(f"medialit inbox {args.action}: {inbox.path} does not keep an inbox's promises (see PROBLEM above)."), file=sys.stderr)
        return 2
    if args.action == "init":
        print(f"Next: let every learner's kernel find it, e.g. echo '{{\"inbox\": \"{inbox.path}\"}}' | sudo tee /etc/medialit/inbox.json (docs/deploy.md).")
    return 0
