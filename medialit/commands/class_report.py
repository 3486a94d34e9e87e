"""``medialit class-report SUBMISSIONS_DIR --out report.html [--csv merged.csv] [--pseudonymise]``.

Merges a folder of submissions, computes the class's agreement, disagreement and comparison with the answer
key, and writes one self-contained HTML page (and, with ``--csv``, the merged tags as a spreadsheet-safe CSV).
Nothing is written into the submissions folder; the command refuses an output path inside it.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ..class_stats import analyse_class
from ..classroom import merge_submissions
from ..errors import MedialitError
from ..pseudonyms import class_secret, pseudonymise
from ..report import TextProgress, class_report_html, write_csv, write_report


def add_parser(subparsers) -> argparse.ArgumentParser:
    parser = subparsers.add_parser("class-report", help="merge a folder of class submissions into one HTML report (and a CSV)")
    parser.add_argument("submissions", metavar="SUBMISSIONS_DIR", help="the folder the learners' .json submissions were collected in")
    parser.add_argument("--out", required=True, help="the HTML report to write, e.g. report.html")
    parser.add_argument("--csv", help="also write the merged tags to this CSV (safe to open in a spreadsheet)")
    parser.add_argument("--pseudonymise", "--pseudonymize", action="store_true", help="replace learner names (and file names) with stable pseudonyms, e.g. Learner-3f9a01c2")
    parser.add_argument("--pass", dest="pass_", choices=["first", "lateral"], default="first", help="which pass to analyse (default: first)")
    parser.add_argument("--no-key", action="store_true", help="leave out the comparison with the answer key")
    parser.add_argument("--no-charts", action="store_true", help="tables only (quicker; the tables carry the same figures)")
    return parser


def _inside(path: Path, folder: Path) -> bool:
    return folder == path.resolve().parent or folder in path.resolve().parents


def run(args: argparse.Namespace) -> int:
    folder = Path(args.submissions).resolve()
    outputs = [Path(p) for p in (args.out, args.csv) if p]
    clash = [str(p) for p in outputs if _inside(p, folder)]
    if clash:
        print(f"class-report: {', '.join(clash)} is inside the submissions folder {folder}; nothing is ever written there. Fix: write the report somewhere else.", file=sys.stderr)
        return 2
    try:
        tags, problems = merge_submissions(folder, progress=TextProgress())
    except MedialitError as exc:
        print(f"class-report: {exc}", file=sys.stderr)
        return 2
    for row in problems.itertuples():
        print(f"problem: {row.file}: {row.problem} ({row.outcome})", file=sys.stderr)
    if args.pseudonymise:
        secret = class_secret()
        tags, problems = pseudonymise(tags, secret), pseudonymise(problems, secret)
    key = None
    if not args.no_key:
        try:
            from ..answer_key import load_answer_key

            key = load_answer_key()
        except (ImportError, MedialitError) as exc:
            print(f"class-report: no comparison with the key ({exc}).", file=sys.stderr)
    print("computing the class's statistics" + ("" if args.no_charts else " and drawing the charts") + " ...", file=sys.stderr)
    results = analyse_class(tags, key=key, pass_=args.pass_) if not tags.empty else None
    page = write_report(args.out, class_report_html(results, problems, pseudonymised=args.pseudonymise, charts=not args.no_charts))
    print(f"wrote {page} ({tags['learner'].nunique()} learners, {len(problems)} problem(s))")
    if args.csv:
        print(f"wrote {write_csv(args.csv, tags)} ({len(tags)} tags)")
    return 0
