"""The ``medialit`` command: the few jobs an instructor runs from a terminal.

Each sub-command lives in its own module in ``medialit/commands/`` with two functions, ``add_parser(subparsers)``
and ``run(args) -> int``; this file only finds them, so adding a command never means editing it.
Run ``medialit --help`` for the list.
"""

from __future__ import annotations

import argparse
import importlib
import pkgutil
import sys

from . import commands

__all__ = ["main", "build_parser"]


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="medialit", description="Tools for the media-literacy notebook series.")
    subparsers = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for info in sorted(pkgutil.iter_modules(commands.__path__), key=lambda m: m.name):
        module = importlib.import_module(f"{commands.__name__}.{info.name}")
        sub = module.add_parser(subparsers)
        sub.set_defaults(run=module.run)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    return args.run(args)


if __name__ == "__main__":
    sys.exit(main())
