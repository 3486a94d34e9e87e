"""``medialit exercises [--check] [--out DIR]``: write exercises/ from solutions/, or check it is current."""

from __future__ import annotations

import argparse
from pathlib import Path

from ..exercises import compare, generate

ROOT = Path(__file__).resolve().parent.parent.parent


def add_parser(subparsers) -> argparse.ArgumentParser:
    parser = subparsers.add_parser("exercises", help="regenerate (or --check) the exercise notebooks from solutions/")
    parser.add_argument("--check", action="store_true", help="only report whether the exercise notebooks are current")
    parser.add_argument("--solutions", type=Path, default=ROOT / "solutions", help="folder of solution notebooks (default: solutions/)")
    parser.add_argument("--out", type=Path, default=ROOT / "exercises", help="folder to write (default: exercises/)")
    return parser


def run(args: argparse.Namespace) -> int:
    if not args.solutions.is_dir():
        print(f"{args.solutions}: no such folder of solution notebooks. Fix: pass --solutions DIR.")
        return 2
    if args.check:
        drift = compare(args.solutions, args.out)
        for label, names in (("differs from its solution", drift["differ"]), ("is missing", drift["missing"]), ("has no solution notebook", drift["extra"])):
            for name in names:
                print(f"{args.out / name}: {label}")
        if any(drift.values()):
            print("Fix: run `make exercises` (or `medialit exercises`) and commit exercises/.")
            return 1
        print(f"{args.out}: current ({len(list(args.solutions.glob('*.ipynb')))} notebooks)")
        return 0
    written = generate(args.solutions, args.out)
    for path in written:
        print(f"wrote {path}")
    print(f"{args.out}: {len(written)} notebook(s) written, the rest already current")
    for name in compare(args.solutions, args.out)["extra"]:
        print(f"note: {args.out / name} has no solution notebook; remove it if it is stale")
    return 0
