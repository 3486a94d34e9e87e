"""The answer key: for every statement in the case study, the evidence level a careful first reading gives, and why.

>>> from medialit import answer_key
>>> entry = answer_key.key_for("C063")
>>> entry.level, entry.quote
('vague_attribution', 'reports have emerged')
>>> sorted(answer_key.acceptable_levels("C083"))
['bare_assertion', 'named_source']

The series' key lives in ``data/cases/fbi-jttf-iran-espionage/answer_key.csv`` (see ``data/README.md`` for the
codebook). It keys every unit of the claims table except the article's structure (title, byline, section
headings, list labels): those are labels of the layout, not statements. Each row gives

* ``level``: the level from reading the article alone (the first pass; lateral reading can move it later),
* ``defensible``: other levels a careful reader could argue for (empty when the call is clear-cut),
* ``confidence``: ``clear-cut`` or ``debatable`` (debatable rows are where a good class discussion starts),
* ``reason``: one to three sentences that quote, in double quotes, the claim's own words that decide it,
* ``quote``: the deciding words, exactly as they appear in the claim,
* ``signals``: the language signals present (hedge, booster, vague_attribution, loaded, first_person, specific).

This module is the **top layer** the lessons call: each function works on the series' own case unless given
``case=`` (a :class:`~medialit.case.CaseStudy`, a pack's folder or a case id). The key itself is a
:class:`~medialit.key.AnswerKey` (``medialit.load_case().key``), read and checked by :mod:`medialit.key`.
"""

from __future__ import annotations

import pandas as pd

from . import data as _data
from .case import KEY_FILE
from .errors import DataFileError
from .key import (
    COMPARE_COLUMNS,
    CONFIDENCES,
    KEY_COLUMNS,
    SIGNAL_CATEGORIES,
    VERDICTS,
    AnswerKey,
    KeyEntry,
    keyed_claims,
    read_answer_key,
    reason_quotes,
    split_levels,
    validate_answer_key,
    verdict,
)
from .key import compare_with_key as _compare

__all__ = [
    "KEY_COLUMNS", "CONFIDENCES", "SIGNAL_CATEGORIES", "VERDICTS", "COMPARE_COLUMNS", "KeyEntry", "AnswerKey",
    "load_answer_key", "validate_answer_key", "keyed_claims", "key_for", "acceptable_levels", "reason_quotes",
    "compare_with_key", "verdict", "split_levels", "case_key",
]


def case_key(case=None) -> AnswerKey:
    """The answer key of a case (the series' own by default); raises DataFileError if the case has none yet."""
    study = _data.load_case(case)
    if study.key is None:
        raise DataFileError(study.folder or study.id, "this case has no answer key yet.", fix="fill in its answer_key.csv (see medialit check-case), or compare with a classmate instead.")
    return study.key


def load_answer_key(filename: str | None = None, *, case=None) -> pd.DataFrame:
    """The checked answer key as a DataFrame, one row per keyed claim, columns :data:`KEY_COLUMNS` (text).

    ``filename`` reads another key file in the case's folder instead (checked the same way).
    """
    if filename is None or filename == KEY_FILE:
        return case_key(case).to_frame()
    study = _data.load_case(case)
    other = read_answer_key((study.folder or _data.case_folder()) / filename, study.claims, study.taxonomy)
    if other is None:
        raise DataFileError(filename, "has no levels filled in yet.", fix="fill in a level and a reason on every row.")
    return other.to_frame()


def key_for(claim_id: str, *, case=None) -> KeyEntry:
    """The key's verdict on one claim; raises :class:`UnknownClaimError` for a claim the key does not cover."""
    return case_key(case)[claim_id]


def acceptable_levels(claim_id: str, *, case=None) -> set[str]:
    """Every level the key accepts for a claim: its level plus the defensible ones."""
    return set(case_key(case).acceptable(claim_id))


def compare_with_key(answers, *, case=None) -> pd.DataFrame:
    """Line up a learner's levels with the key: one row per claim answered, in the order given.

    ``answers`` maps claim IDs to level keys or labels: a dict (``{"C081": "bare_assertion"}``), a Series, or a
    table with ``claim_id`` and ``level`` columns (such as ``TaggingSession.to_frame()``). ``None`` or ``...``
    means "not answered yet". The ``verdict`` column says ``matches the key``, ``defensible`` (one of the key's
    other acceptable levels), ``differs`` or ``not answered``; ``reason`` is the key's reason, to read *after*
    deciding. Unknown claims or levels raise :class:`UnknownClaimError` / :class:`UnknownLevelError`.
    """
    study = _data.load_case(case)
    return _compare(answers, case_key(study), study.taxonomy, study.claims)
