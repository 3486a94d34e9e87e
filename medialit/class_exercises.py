"""The class's exercises: per exercise, how many were right on the first try and in the end, and the commonest wrong answers.

Each hand-in carries its learner's exercise results (:class:`medialit.tagfile.ExerciseResult`: best status, the
first try's status, tries, up to five different wrong answers). :class:`ExerciseTally` sums them over learners (and
takes a learner away again, for the live class view); :func:`exercise_summary` does it for a merged class::

    summary = exercise_summary(merged.exercises, titles={"02.1": "Claim or opinion?"})

========================  ========================================================================================
column                    how it is computed
========================  ========================================================================================
``learners``              learners who tried the exercise (checked an answer at least once)
``first_try_right``       of those whose first try is known, the share whose first try was right (a written
                          answer: answered well enough to count). Records made before first tries were kept
                          are left out of this share, never counted as wrong
``right_in_the_end``      of the learners who tried, the share whose best result is right (or answered)
``common_wrong_answers``  the commonest wrong answers, most learners first: ``[(answer, learners), ...]``;
                          answers that differ only in case or spacing are one answer, shown as most learners
                          wrote it. Learner text: escape it before it becomes HTML
========================  ========================================================================================
"""

from __future__ import annotations

from collections import Counter
from typing import Iterable, Mapping

import pandas as pd

from .assessment import assessment_task_ids
from .tagfile import ExerciseResult

__all__ = ["SUMMARY_COLUMNS", "DONE", "ExerciseTally", "exercise_summary", "answer_key_of"]

SUMMARY_COLUMNS = ["exercise_id", "title", "learners", "first_try_right", "right_in_the_end", "common_wrong_answers"]
DONE = ("correct", "answered")  # a right answer, or a written answer that counts
WRONG_SHOWN = 3


def answer_key_of(answer: str) -> str:
    """The one form of a wrong answer for counting: case folded, spaces collapsed.

    >>> answer_key_of("  Named  Source ")
    'named source'
    """
    return " ".join(answer.casefold().split())


class ExerciseTally:
    """The class's exercise results, summed over learners; :meth:`add` a learner's results, or take them away (``sign=-1``).

    The before/after assessment's tasks ("90.1" ... "91.4") travel with the exercise results but are not exercises
    (no right answer: the learner scores their own), so they are left out (``leave_out``: by default the series'
    :func:`~medialit.assessment.assessment_task_ids`); the class report and the live view show them in their own section.
    """

    def __init__(self, leave_out: Iterable[str] | None = None) -> None:
        self.leave_out = frozenset(assessment_task_ids() if leave_out is None else leave_out)
        self.tried: Counter = Counter()
        self.first_known: Counter = Counter()
        self.first_right: Counter = Counter()
        self.right: Counter = Counter()
        self.wrong: dict[str, Counter] = {}      # exercise -> answer key -> learners
        self.spelling: dict[str, Counter] = {}   # exercise -> answer as written -> learners

    def add(self, results: Mapping[str, ExerciseResult], sign: int = 1) -> None:
        for exercise_id, result in results.items():
            if exercise_id in self.leave_out:
                continue
            self.tried[exercise_id] += sign
            if result.first:
                self.first_known[exercise_id] += sign
                self.first_right[exercise_id] += sign * (result.first in DONE)
            self.right[exercise_id] += sign * (result.status in DONE)
            for answer in result.wrong:
                self.wrong.setdefault(exercise_id, Counter())[answer_key_of(answer)] += sign
                self.spelling.setdefault(exercise_id, Counter())[answer] += sign

    def summary(self, titles: Mapping[str, str] | None = None, shown: int = WRONG_SHOWN) -> pd.DataFrame:
        """One row per exercise tried, in exercise order, columns :data:`SUMMARY_COLUMNS`."""
        rows = []
        for exercise_id in sorted(i for i, n in self.tried.items() if n > 0):
            tried, known = self.tried[exercise_id], self.first_known[exercise_id]
            rows.append({
                "exercise_id": exercise_id,
                "title": (titles or {}).get(exercise_id, ""),
                "learners": tried,
                "first_try_right": self.first_right[exercise_id] / known if known else float("nan"),
                "right_in_the_end": self.right[exercise_id] / tried,
                "common_wrong_answers": self._commonest(exercise_id, shown),
            })
        return pd.DataFrame(rows, columns=SUMMARY_COLUMNS)

    def _commonest(self, exercise_id: str, shown: int) -> list[tuple[str, int]]:
        counts = {key: n for key, n in self.wrong.get(exercise_id, Counter()).items() if n > 0}
        written: dict[str, tuple[int, str]] = {}
        for answer, n in self.spelling.get(exercise_id, Counter()).items():
            key = answer_key_of(answer)
            if n > 0 and (key not in written or (n, answer) > written[key]):
                written[key] = (n, answer)
        ranked = sorted(counts.items(), key=lambda item: (-item[1], item[0]))[:shown]
        return [(written[key][1], n) for key, n in ranked]


def exercise_summary(exercises: pd.DataFrame, titles: Mapping[str, str] | None = None, shown: int = WRONG_SHOWN) -> pd.DataFrame:
    """The per-exercise summary of a merged class's exercise rows (``learner, exercise_id, status, first, attempts, wrong``)."""
    counted = ExerciseTally()
    for _, rows in exercises.groupby("learner", sort=False):
        counted.add(_results(rows.itertuples(index=False)))
    return counted.summary(titles, shown)


def _results(rows: Iterable) -> dict[str, ExerciseResult]:
    return {row.exercise_id: ExerciseResult(row.status, row.first, row.attempts, tuple(row.wrong)) for row in rows}
