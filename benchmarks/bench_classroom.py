"""A district-sized class: 1,000 submissions over the whole article, merged and analysed.

* merge + every class statistic (alpha nominal/ordinal overall and per section, per-claim disagreement, the
  most disputed claims, each learner and the class against the key) against merely reading and parsing the same
  JSON files (``json.loads`` of each: the floor no merge can beat). Target: at most 3x.
* the shared reader (``medialit.tagfile.read``, which checks every tag) alone against the same floor, to show
  where the time goes.
* peak memory of the merge + statistics (tracemalloc, in a separate run so it does not slow the timing).
"""

from __future__ import annotations

import json
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

from timing import report

ROOT = Path(__file__).resolve().parent.parent
LEARNERS = 1_000


def _write_class(folder: Path) -> list[Path]:
    import medialit
    from medialit.sample_class import generate_class

    files = []
    for submission in generate_class(LEARNERS, seed=1, complete=True, case=medialit.load_case()):
        path = folder / f"{submission.learner.replace(' ', '-')}.json"
        path.write_text(json.dumps(submission.to_json(), ensure_ascii=False, indent=1), encoding="utf-8")
        files.append(path)
    return files


def _alternating(*actions, repeat: int = 7) -> list[float]:
    """Fastest seconds of each action, timed in turn (a, b, c, a, b, c, ...) so all see the same machine load.

    The fastest run is the one least disturbed by other work on a shared machine: it estimates what each
    costs by itself, where a median on a busy machine mostly measures the neighbours.
    """
    for action in actions:  # warm up: file cache, imports, the key
        action()
    best = [float("inf")] * len(actions)
    for _ in range(repeat):
        for slot, action in enumerate(actions):
            start = time.perf_counter()
            action()
            best[slot] = min(best[slot], time.perf_counter() - start)
    return best


def main() -> bool:
    sys.path.insert(0, str(ROOT))
    from medialit import analyse_class, merge_submissions
    from medialit.answer_key import load_answer_key
    from medialit.errors import SubmissionError
    from medialit.tagfile import read

    key = load_answer_key()
    with tempfile.TemporaryDirectory(prefix="medialit-bench-class-") as scratch:
        folder = Path(scratch)
        files = _write_class(folder)
        size = sum(p.stat().st_size for p in files)
        print(f"{len(files):,} submissions, {size / 1e6:.1f} MB, every learner tags all {len(key)} keyed statements")

        def parse_only():
            return [json.loads(p.read_bytes()) for p in files]

        def merge_and_analyse():
            tags, problems = merge_submissions(folder)
            assert tags["learner"].nunique() == LEARNERS and problems.empty
            return analyse_class(tags, key=key)

        def read_only():
            return [read(p, error=SubmissionError) for p in files]

        floor, reading, ours = _alternating(parse_only, read_only, merge_and_analyse)
        ok = report("merge + all class statistics (1,000 files)", ours, "json.loads of each file", floor, limit=3.0)
        report("  for scale: tagfile.read of each file", reading, "json.loads of each file", floor)

        tracemalloc.start()
        merge_and_analyse()
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        tracemalloc.start()
        parse_only()
        _, parse_peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        print(f"{'peak memory, merge + statistics':<44} {peak / 1e6:9.1f} MB   {'parsed JSON held at once':<28} {parse_peak / 1e6:9.1f} MB   ratio {peak / parse_peak:6.2f}x")
    return ok


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    sys.exit(0 if main() else 1)
