"""Run every benchmark (``benchmarks/bench_*.py``) and print its figures as ratios to same-run baselines.

    python benchmarks/run.py              # all of them
    python benchmarks/run.py tagger       # only those whose file name contains "tagger"

Each bench_*.py is a script with a ``main() -> bool`` that prints its own lines (see timing.report) and
returns False when a figure is over its target. The exit status is 1 if any was.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent


def main(argv: list[str]) -> int:
    sys.path.insert(0, str(HERE))
    wanted = argv[1:]
    all_ok = True
    for script in sorted(HERE.glob("bench_*.py")):
        if wanted and not any(w in script.stem for w in wanted):
            continue
        print(f"\n== {script.stem} ==")
        spec = importlib.util.spec_from_file_location(script.stem, script)
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        all_ok &= bool(module.main())
    return 0 if all_ok else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv))
