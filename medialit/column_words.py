"""Words for the class's tables: every column a teacher sees gets a plain heading and a one-line note on how to read it.

The class report's page and the live class view show these headings; the CSV (``class-report --csv``) keeps the
machine names (``alpha_nominal``, ``entropy_bits``, ...), which stay stable for spreadsheets and scripts, and
``data/README.md`` is their codebook.

>>> heading("alpha_nominal")
"Agreement (Krippendorff's alpha, levels as categories)"
>>> heading("entropy_bits")
'Spread of answers (bits)'
"""

from __future__ import annotations

__all__ = ["COLUMNS", "heading", "note"]

COLUMNS: dict[str, tuple[str, str]] = {
    # the agreement table
    "scope": ("Part of the article", "The whole article first, then each section in reading order."),
    "claims": ("Claims", "How many of its claims at least one learner tagged."),
    "learners": ("Learners", "How many learners tagged at least one claim there (or tried the exercise)."),
    "tags": ("Tags", "How many tags in all: one per learner and claim."),
    "alpha_nominal": ("Agreement (Krippendorff's alpha, levels as categories)",
                      "1 = everyone chose the same level, 0 = no better than chance, below 0 = they disagree on purpose; any two different levels count as a disagreement. Above 0.8 is firm, above 0.67 tentative; a class learning the levels sits lower."),
    "alpha_ordinal": ("Agreement (Krippendorff's alpha, levels in order)",
                      "As above, but neighbouring levels count as closer than distant ones; 'not a factual claim' is left out (it has no place in the order)."),
    # the disputed claims
    "claim_id": ("Claim", "The claim's ID in the article's claims table."),
    "section": ("Section", "The part of the article the claim is in."),
    "text": ("What the claim says", "The claim's words, as the article has them."),
    "modal_level": ("Most common level", "The level most learners chose (a tie goes to the level listed first)."),
    "disagreement": ("Chose another level", "The share of learners who did not choose the most common level: 0% = all agree, 50% = half chose something else."),
    "entropy_bits": ("Spread of answers (bits)",
                     "0 = everyone chose one level, 1 = an even split between two, more = spread over more levels (2.81 = evenly over seven). It tells a two-way split from a scatter."),
    # the class and the key
    "key_level": ("Key's level", "The level the answer key gives."),
    "confidence": ("Key's confidence", "Clear-cut, or debatable (another level can be defended: see the key's reason)."),
    "class_level": ("Class's most common level", "The level most of the class chose."),
    "share_key": ("Chose the key's level", "The share of the learners who tagged the claim and chose exactly the key's level."),
    "share_acceptable": ("Chose a level the key accepts", "As before, also counting the other levels the key calls defensible."),
    "class_matches_key": ("Class agrees with the key", "Yes when the class's most common level is the key's."),
    "class_acceptable": ("Class's level is defensible", "Yes when the class's most common level is one the key accepts."),
    # each learner and the key
    "learner": ("Learner", "The learner's name (or pseudonym), as handed in or as the platform names them."),
    "tagged": ("Keyed claims tagged", "How many claims with a key level the learner tagged."),
    "matches_key": ("Same level as the key", "The share of those tags that are the key's level."),
    "acceptable": ("A level the key accepts", "The share that are the key's level or another it calls defensible."),
    "within_one_rank": ("At most one level from the key", "The share at most one step from the key's level in the order of levels."),
    "cohen_kappa": ("Agreement with the key beyond chance (Cohen's kappa)", "1 = always the key's level, 0 = no better than chance."),
    # exercises
    "exercise_id": ("Exercise", "The exercise's number: lesson, then exercise (04.2 is lesson 04's second)."),
    "title": ("Title", "The exercise's name."),
    "first_try_right": ("Right on the first try", "The share of the learners who tried it whose first answer was right (a written answer: answered well enough to count). Learners whose record is older than first tries are left out."),
    "right_in_the_end": ("Right in the end", "The share of the learners who tried it whose best answer is right (or answered)."),
    "common_wrong_answers": ("Commonest wrong answers", "Wrong answers learners checked, most learners first, with how many learners gave each."),
    # the before/after assessment
    "criterion": ("Criterion", "What the task is scored on, the same in both forms (the rubric names it)."),
    "paired_learners": ("Learners in both forms", "How many learners have a score on this criterion in both forms; only they are counted, so both columns are the same learners."),
    "before_mean": ("Before: mean points", "Their mean score in the form taken before the series: 0 = Basic, 1 = Emergent, 2 = Proficient."),
    "after_mean": ("After: mean points", "Their mean score in the form taken after the series, on the same scale."),
    "change": ("Change", "After minus before: +1.0 means one level higher on average."),
    "scored_by": ("Who scored", "Whose scores these are, both forms together: yours, from the score sheet, or the learners' own; when both, how many of each."),
    # the problems
    "file": ("File", "The file (or the member of the platform's zip) the row is about."),
    "problem": ("What is wrong", "Why it was not merged, or what was left out of it."),
    "outcome": ("What happened", "Skipped, tags dropped, replaced by a newer file, merged under another name."),
    "fix": ("What to do", "The next step, if any."),
}

COLUMNS |= {f"{side}_{level}": (f"{side.title()}: {level.title()}", f"How many of those learners were scored {level.title()} in the form taken {side} the series.")
            for side in ("before", "after") for level in ("basic", "emergent", "proficient")}  # the assessment's levels (medialit.assessment.LEVELS)


def heading(column: str) -> str:
    """The plain heading of a column (the column's own name if it has none: a test checks that every shown column has one)."""
    return COLUMNS.get(column, (column, ""))[0]


def note(column: str) -> str:
    """The one-line note on how to read a column, or ``""``."""
    return COLUMNS.get(column, ("", ""))[1]
