"""``medialit claims [--check]``: rebuild the series' claims table from its article (in its case pack), or check it is current."""

from __future__ import annotations

import argparse

from .. import data
from ..article import claims_table


def add_parser(subparsers) -> argparse.ArgumentParser:
    parser = subparsers.add_parser("claims", help="rebuild (or --check) the series' claims.csv from its article")
    parser.add_argument("--check", action="store_true", help="only report whether the committed table is current")
    return parser


def run(args: argparse.Namespace) -> int:
    info = data.load("article_info")
    fresh = claims_table(data.load("article"), title=info["title"], author=info["author"])
    target = data.path("claims.csv")
    if args.check:
        same = data.load("claims").astype(str).equals(fresh.astype(str))
        print(f"{target}: {'current' if same else 'DIFFERS from what the segmenter makes now'}")
        return 0 if same else 1
    fresh.to_csv(target, index=False, lineterminator="\n")
    print(f"wrote {len(fresh)} units to {target}")
    return 0
