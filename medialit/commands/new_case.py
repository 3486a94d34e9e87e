"""``medialit new-case ARTICLE.txt --out DIR [--id ID] [--title TITLE] [--force]``: make a case pack from any article.

Writes the article (byte for byte), ``case.json`` with the provenance to fill in, the claims table and a key
template (``answer_key.csv``) to ``DIR``; then the teacher fills in both and runs ``medialit check-case DIR``.
An existing folder with files in it is refused unless ``--force``.
"""

from __future__ import annotations

import argparse
import sys

from ..case_pack import new_case
from ..errors import MedialitError
from ..safe_text import for_terminal


def add_parser(subparsers) -> argparse.ArgumentParser:
    parser = subparsers.add_parser("new-case", help="make a case pack (article, provenance form, claims, key template) from any article",
                                   description="Make a case pack from ARTICLE: fill in its case.json and answer_key.csv, then run medialit check-case on it.")
    parser.add_argument("article", metavar="ARTICLE", help="the article as a plain-text file (.txt)")
    parser.add_argument("--out", required=True, help="the new pack's folder, e.g. data/cases/city-budget")
    parser.add_argument("--id", dest="case_id", help="the case's id (default: the folder's name)")
    parser.add_argument("--title", help="the article's title, if the first line is not it")
    parser.add_argument("--force", action="store_true", help="replace the pack's files in a folder that already has files")
    return parser


def run(args: argparse.Namespace) -> int:
    try:
        made = new_case(args.article, args.out, force=args.force, title=args.title, case_id=args.case_id)
    except (MedialitError, OSError) as exc:
        print(for_terminal(f"new-case: {exc}"), file=sys.stderr)
        return 2
    print(for_terminal(f"wrote case {made.case_id!r} to {made.folder}: article.txt, case.json, claims.csv, answer_key.csv "
                       f"({made.statements} statements to key)"))
    if made.converted:
        print("note: the article was not plain UTF-8; it was saved as UTF-8, its text unchanged.")
    print(for_terminal(f"next: fill in {made.folder / 'case.json'} (url, author, publisher, date, licence) and the level, reason and "
                       f"debatable of every row of {made.folder / 'answer_key.csv'}; then run: medialit check-case {made.folder}"))
    return 0
