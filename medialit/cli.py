"""The ``medialit`` command: the few jobs an instructor runs from a terminal.

    medialit claims [--check]     rebuild data/claims.csv from data/article.txt, or check it is current
"""

from __future__ import annotations

import argparse
import sys

from . import data
from .article import claims_table

__all__ = ["main"]


def _claims(args: argparse.Namespace) -> int:
    info = data.load("article_info")
    fresh = claims_table(data.load("article"), title=info["title"], author=info["author"])
    target = data.path("claims.csv")
    if args.check:
        current = data.load("claims")
        same = current.astype(str).equals(fresh.astype(str))
        print(f"{target}: {'current' if same else 'DIFFERS from what the segmenter makes now'}")
        return 0 if same else 1
    fresh.to_csv(target, index=False, lineterminator="\n")
    print(f"wrote {len(fresh)} units to {target}")
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="medialit", description="Tools for the media-literacy notebook series.")
    commands = parser.add_subparsers(dest="command", required=True)
    claims = commands.add_parser("claims", help="rebuild (or --check) data/claims.csv from the article")
    claims.add_argument("--check", action="store_true", help="only report whether the committed table is current")
    claims.set_defaults(run=_claims)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    return args.run(args)


if __name__ == "__main__":
    sys.exit(main())
