"""The class's exercises: right on the first try and in the end, and the commonest wrong answers, from the hand-ins."""

from __future__ import annotations

import doctest
import math

import pandas as pd
import pytest

from medialit import class_exercises
from medialit.assessment import load_assessment
from medialit.class_exercises import ExerciseTally, exercise_summary
from medialit.class_merge import EXERCISE_COLUMNS
from medialit.tagfile import ExerciseResult

R = ExerciseResult
CLASS = {
    "ana": {"02.1": R("correct", "not_yet", 2, ("Named source",)), "04.5": R("answered", "answered", 1, ())},
    "ben": {"02.1": R("correct", "correct", 1, ())},
    "cem": {"02.1": R("not_yet", "not_yet", 3, ("named  source", "bare assertion"))},
    "dia": {"02.1": R("correct", "", 4, ("bare assertion",))},  # a record from before first tries were kept
    "eli": {"02.1": R("not_yet", "not_yet", 1, ("named source",))},
}


def rows(learners: dict) -> pd.DataFrame:
    return pd.DataFrame([(name, f"{name}.json", i, *r) for name, results in learners.items() for i, r in results.items()], columns=EXERCISE_COLUMNS)


def test_the_doctests_hold():
    assert doctest.testmod(class_exercises).failed == 0


def test_shares_right_first_and_in_the_end_and_the_commonest_wrong_answers():
    summary = exercise_summary(rows(CLASS), titles={"02.1": "Claim or opinion?"}).set_index("exercise_id")
    first = summary.loc["02.1"]
    assert (first["title"], first["learners"]) == ("Claim or opinion?", 5)
    assert first["first_try_right"] == pytest.approx(1 / 4), "dia's first try is unknown: left out, not counted wrong"
    assert first["right_in_the_end"] == pytest.approx(3 / 5)
    # "Named source", "named  source" and "named source" are one answer, given by three learners
    assert first["common_wrong_answers"] == [("named source", 3), ("bare assertion", 2)]
    written = summary.loc["04.5"]
    assert (written["first_try_right"], written["right_in_the_end"], written["common_wrong_answers"]) == (1.0, 1.0, [])


def test_a_tally_takes_a_learner_away_exactly_as_if_they_had_never_handed_in():
    tally = ExerciseTally()
    for results in CLASS.values():
        tally.add(results)
    tally.add(CLASS["cem"], sign=-1)
    tally.add(CLASS["ana"], sign=-1)
    tally.add(CLASS["ana"])
    without = {name: results for name, results in CLASS.items() if name != "cem"}
    pd.testing.assert_frame_equal(tally.summary(), exercise_summary(rows(without)))


def test_an_exercise_nobody_knows_the_first_try_of_has_no_share_rather_than_zero():
    summary = exercise_summary(rows({"dia": CLASS["dia"]}))
    assert math.isnan(summary.loc[0, "first_try_right"]) and summary.loc[0, "right_in_the_end"] == 1.0


def test_the_assessments_tasks_are_not_exercises_and_are_left_out_of_the_table():
    answered = ExerciseResult("answered", "answered", 1, ())
    tally = ExerciseTally()
    tally.add({"04.1": ExerciseResult("correct", "wrong", 2, ("B",))} | {task_id: answered for task_id in load_assessment().task_ids()})
    assert list(tally.summary()["exercise_id"]) == ["04.1"], "90.x and 91.x have no title and no right answer: their own section shows them"
    kept = ExerciseTally(leave_out=())
    kept.add({"90.1": answered})
    assert list(kept.summary()["exercise_id"]) == ["90.1"]
