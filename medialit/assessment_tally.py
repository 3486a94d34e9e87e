"""The self-scored before/after, summed over learners, for the live class view: add a learner, or take one away.

:func:`medialit.assessment_scores.before_after` computes the class's before/after from a table of every answer.
The live class view (:mod:`medialit.class_watch`) cannot afford that on every new hand-in of a large class (about
a quarter of a second for a thousand learners), so it keeps the sums the figures come from: per criterion, how many
learners have a score in both forms, the points they scored before and after, and how many reached each level;
and how many learners answered each form. A learner's contribution is added when their hand-in starts to count and
taken away (``sign=-1``) when a newer one replaces it, as :class:`medialit.class_stats.Tally` does for the tags.

:meth:`AssessmentTally.summary` gives exactly the :class:`~medialit.assessment_scores.BeforeAfter` that
``before_after(combine(answers_table(...), None, ...))`` gives for the same learners' own scores (a test checks it
through random hand-ins, changes and deletions). The teacher's scores are not here: they come from the score sheet,
which only the class report reads.
"""

from __future__ import annotations

from collections import Counter
from typing import Mapping

import pandas as pd

from .assessment import LEVELS, Assessment
from .assessment_scores import BeforeAfter
from .tagfile import AssessedAnswer

__all__ = ["AssessmentTally"]

_SIDES = ("before", "after")


class AssessmentTally:
    """The sums behind the self-scored before/after; :meth:`add` a learner's answers (task ID -> answer)."""

    def __init__(self, assessment: Assessment):
        self.assessment = assessment
        self._allowed = set(assessment.points.values())
        self._asked = {task_id: assessment.task(task_id) for task_id in assessment.task_ids()}
        self.forms: Counter = Counter()    # "before", "after", "both" -> learners who answered
        self.unscored = 0                  # answers without a self-score
        self.paired: Counter = Counter()   # criterion -> learners with a score in both forms
        self.points: Counter = Counter()   # (criterion, side) -> their points, summed
        self.levels: Counter = Counter()   # (criterion, side, points) -> learners

    def add(self, answers: Mapping[str, AssessedAnswer], sign: int = 1) -> None:
        """Count one learner's answers (or take them away again with ``sign=-1``)."""
        forms, scores = set(), {}
        for task_id, given in answers.items():
            asked = self._asked.get(task_id)
            if asked is None:  # not a task of this assessment: the sheet leaves it out too
                continue
            forms.add(asked.form.key)
            if given.self_score in self._allowed:
                scores[(asked.form.key, asked.task.number)] = given.self_score
            else:
                self.unscored += sign
        for form in forms:
            self.forms[form] += sign
        if forms >= set(_SIDES):
            self.forms["both"] += sign
        for task in self.assessment.tasks:
            pair = [scores.get((side, task.number)) for side in _SIDES]
            scored = [points for points in pair if points is not None]
            if len(scored) < len(pair):
                continue
            self.paired[task.number] += sign
            for side, points in zip(_SIDES, scored):
                self.points[(task.number, side)] += sign * points
                self.levels[(task.number, side, points)] += sign

    def summary(self) -> BeforeAfter | None:
        """The before/after as the report computes it from the learners' own scores; None while nobody answered."""
        if not self.forms["before"] and not self.forms["after"]:
            return None
        rows = []
        for task in self.assessment.tasks:
            paired = self.paired[task.number]
            row: dict = {"criterion": task.name, "learners": paired}
            for side in _SIDES:
                row[f"{side}_mean"] = self.points[(task.number, side)] / paired if paired else float("nan")
                for level, value in self.assessment.levels:
                    row[f"{side}_{level}"] = self.levels[(task.number, side, value)]
                row[f"{side}_teacher"], row[f"{side}_self"] = 0, paired
            row["change"] = row["after_mean"] - row["before_mean"]
            rows.append(row)
        columns = ["criterion", "learners", "before_mean", "after_mean", "change"] + [f"{s}_{level}" for s in _SIDES for level in LEVELS] + \
                  [f"{s}_{b}" for s in _SIDES for b in ("teacher", "self")]
        return BeforeAfter(pd.DataFrame(rows, columns=columns), self.forms["before"], self.forms["after"], self.forms["both"], self.unscored)
