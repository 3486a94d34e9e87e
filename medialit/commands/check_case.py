"""``medialit check-case DIR``: check a case pack, one line per problem naming the file, the row and the fix.

Exit status 0 when the pack is sound, 1 when it has problems, 3 when it is sound but its key is not filled in
yet (it can be tagged; there is no key to compare with), 2 when the folder cannot be used at all.
"""

from __future__ import annotations

import argparse
import sys

from ..case_pack import check_case
from ..errors import MedialitError
from ..safe_text import for_terminal


def add_parser(subparsers) -> argparse.ArgumentParser:
    parser = subparsers.add_parser("check-case", help="check a case pack: provenance, article, claims, key (exit 0 when sound)")
    parser.add_argument("folder", metavar="DIR", help="the case pack's folder, e.g. data/cases/city-budget")
    return parser


def run(args: argparse.Namespace) -> int:
    try:
        checked = check_case(args.folder)
    except (MedialitError, OSError) as exc:
        print(for_terminal(f"check-case: {exc}"), file=sys.stderr)
        return 2
    for line in checked.lines:
        print(for_terminal(line))
    print(for_terminal(checked.summary))
    return checked.status
