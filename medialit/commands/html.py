"""``medialit html [--out _site] [--solutions] [--no-execute]``: the series as static pages (``make html``).

Runs every lesson in a fresh kernel and writes one page per notebook plus ``index.html``: for reading on a phone,
printing a handout, or putting on a school website. The pages need no network and run no scripts.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ..html_export import export_series
from ..safe_text import for_terminal

PROJECT = Path(__file__).resolve().parent.parent.parent


def add_parser(subparsers) -> argparse.ArgumentParser:
    parser = subparsers.add_parser("html", help="render the series, with outputs, to static HTML pages (make html)")
    parser.add_argument("--out", type=Path, default=Path("_site"), help="folder to write the pages to (default: _site)")
    parser.add_argument("--solutions", action="store_true", help="also render solutions/ (the worked answers: not for learners before class)")
    parser.add_argument("--no-execute", dest="execute", action="store_false", help="render the notebooks as committed, without running them")
    parser.add_argument("--project", type=Path, default=PROJECT, help=argparse.SUPPRESS)
    return parser


def run(args: argparse.Namespace) -> int:
    folders = ("notebooks", "solutions") if args.solutions else ("notebooks",)
    if args.out.exists() and not args.out.is_dir():
        print(for_terminal(f"html: {args.out} is not a folder; the pages go into a folder. Fix: give a folder name, e.g. --out _site."), file=sys.stderr)
        return 2
    pages = export_series(args.project, args.out, folders=folders, execute=args.execute)
    failed = [page for page in pages if page.error]
    for page in pages:
        status = f"FAILED ({page.error})" if page.error else "ok"
        print(for_terminal(f"{page.source.relative_to(args.project)} -> {args.out / page.target}: {status}"))
    print(for_terminal(f"{len(pages) - len(failed)} of {len(pages)} pages written; open {args.out / 'index.html'}"))
    if failed:
        print("Fix: run the failing notebook in JupyterLab to see the error, then `make html` again.", file=sys.stderr)
        return 1
    return 0
