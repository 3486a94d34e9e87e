"""``medialit sample-class [--check]``: rewrite (or check) the synthetic class in data/sample_class/."""

from __future__ import annotations

import argparse
from pathlib import Path

from .. import data
from ..sample_class import LEARNERS, PROBLEMS_DIR, SAMPLE_DIR, SEED, sample_files, write_sample_class


def add_parser(subparsers) -> argparse.ArgumentParser:
    parser = subparsers.add_parser("sample-class", help="rewrite (or --check) the synthetic class in data/sample_class/ (on the series' case)")
    parser.add_argument("--check", action="store_true", help="only report whether the committed files are what the generator makes")
    parser.add_argument("--seed", type=int, default=SEED, help=f"random seed (default {SEED}, the committed class)")
    parser.add_argument("--learners", type=int, default=LEARNERS, help=f"how many learners (default {LEARNERS})")
    parser.add_argument("--out", help=f"folder for the class (default data/{SAMPLE_DIR}/)")
    parser.add_argument("--problems", help=f"folder for the deliberately bad files (default data/{PROBLEMS_DIR}/)")
    return parser


def run(args: argparse.Namespace) -> int:
    folder = args.out or data.path(SAMPLE_DIR)
    problems = args.problems or data.path(PROBLEMS_DIR)
    case = data.load_case()
    if args.check:
        stale = []
        for target, files in zip((folder, problems), sample_files(args.seed, args.learners, case=case)):
            target = Path(target)
            present = {p.name for p in target.glob("*.json")}
            stale += [str(target / name) for name, payload in files.items() if not (target / name).is_file() or (target / name).read_bytes() != payload]
            stale += [str(target / name) for name in sorted(present - set(files))]
        for path in stale:
            print(f"{path}: DIFFERS from what the generator makes now")
        print("sample class: " + ("current" if not stale else f"{len(stale)} file(s) differ; run `medialit sample-class` to rewrite them"))
        return 0 if not stale else 1
    folder, problems = write_sample_class(folder, problems, args.seed, args.learners, case=case)
    print(f"wrote {args.learners} synthetic submissions to {folder} and the bad files to {problems}")
    return 0
