"""The live class view in a district-sized class: with 1,000 hand-ins already shown, one more appears.

* **one new hand-in shown**: write one more learner's file into the watched folder and press *Refresh*
  (``ClassView.refresh``: list the folder, read the one new file, update the sums, recompute every figure and
  redraw what changed; every hand-in carries the before/after assessment's answers too), against **a full merge** of the same 1,001 files with every class statistic
  (``merge_class`` + ``analyse_class``), what a view without memory would do. Targets: at most 0.1x the full merge,
  and at most 50 ms.
* for scale: a look that finds nothing new (what the timer does most of the time), against the same full merge.
"""

from __future__ import annotations

import json
import sys
import tempfile
import time
from pathlib import Path

from timing import report

ROOT = Path(__file__).resolve().parent.parent
LEARNERS = 1_000
ROUNDS = 9


def main() -> bool:
    sys.path.insert(0, str(ROOT))
    import medialit
    from medialit.class_merge import merge_class
    from medialit.class_stats import analyse_class
    from medialit.classview import ClassView
    from medialit.assessment import load_assessment
    from medialit.sample_class import generate_class
    from medialit.tagfile import AssessedAnswer

    case = medialit.load_case()
    submissions = generate_class(LEARNERS + ROUNDS + 2, seed=1, complete=True, case=case)
    tasks = load_assessment().task_ids()
    for n, submission in enumerate(submissions):  # every learner has done the before/after assessment, as at the end of a course
        submission.assessment = {task_id: AssessedAnswer("A written answer of a usual length, a sentence or two.", "", (n + i) % 3) for i, task_id in enumerate(tasks)}
    payloads = [(s.learner.replace(" ", "-") + f"-{n}.json", json.dumps(s.to_json(), ensure_ascii=False, indent=1)) for n, s in enumerate(submissions)]
    with tempfile.TemporaryDirectory(prefix="medialit-bench-classview-") as scratch:
        folder = Path(scratch)
        for name, text in payloads[:LEARNERS]:
            (folder / name).write_text(text, encoding="utf-8")
        view = ClassView(folder, case, live=False)
        assert view.watch.learners.__len__() == LEARNERS, view.status.value
        print(f"{LEARNERS:,} hand-ins shown; each round hands one more in and presses Refresh")

        new_hand_in, nothing_new = [], []
        for name, text in payloads[LEARNERS:LEARNERS + ROUNDS]:
            (folder / name).write_text(text, encoding="utf-8")
            start = time.perf_counter()
            look = view.refresh()
            new_hand_in.append(time.perf_counter() - start)
            assert look is not None and look.read == (name,), view.status.value
            start = time.perf_counter()
            view.refresh()
            nothing_new.append(time.perf_counter() - start)
        shown = len(view.watch.learners)
        assert shown == LEARNERS + ROUNDS and f"<strong>{shown}</strong>" in view.sections["summary"].value
        assert f"{shown} learner(s) have handed in answers to the form taken before" in view.sections["assessment"].value

        def full_merge():
            merged = merge_class(folder, case)
            return analyse_class(merged.tags, case, case.key, exercises=merged.exercises)

        full_merge()  # warm: file cache, imports
        full = min(_timed(full_merge) for _ in range(3))
        one = min(new_hand_in)
        ok = report(f"one new hand-in shown ({LEARNERS:,} already)", one, "full merge + statistics", full, limit=0.1, budget_ms=50)
        report("  for scale: a look that finds nothing new", min(nothing_new), "full merge + statistics", full)
        view.close()
    return ok


def _timed(action) -> float:
    start = time.perf_counter()
    action()
    return time.perf_counter() - start


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    sys.exit(0 if main() else 1)
