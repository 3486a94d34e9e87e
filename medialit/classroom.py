"""The classroom, as lessons and teachers call it: merge a class's submissions and analyse them.

>>> import medialit
>>> tags, problems = medialit.merge_submissions(medialit.data.path("sample_class"))
>>> results = medialit.analyse_class(tags, key=medialit.load_answer_key())
>>> tags["learner"].nunique(), len(results.disputed)
(30, 10)

This module is part of the **top layer**: without ``case=`` both work on the series' own case study. The work
itself is done by :mod:`medialit.class_merge` (reading and merging the files) and :mod:`medialit.class_stats`
(the statistics), which are given the case; see those modules for what every column means.
"""

from __future__ import annotations

from os import PathLike
from typing import Callable, Iterable

import pandas as pd

from . import class_merge, class_stats
from . import data as _data
from .article import Article
from .case import CaseStudy, as_case
from .class_merge import PROBLEM_COLUMNS, TAG_COLUMNS, file_label, learner_key, not_a_regular_file, submission_files
from .class_stats import ClassResults
from .key import AnswerKey
from .taxonomy import Taxonomy

__all__ = ["TAG_COLUMNS", "PROBLEM_COLUMNS", "merge_submissions", "analyse_class", "submission_files", "learner_key",
           "file_label", "not_a_regular_file", "ClassResults"]


def _case(case: CaseStudy | Article | str | PathLike | None, taxonomy: Taxonomy | None = None) -> CaseStudy:
    return as_case(case if isinstance(case, (CaseStudy, Article)) else _data.load_case(case), taxonomy)


def merge_submissions(
    folder: str | PathLike | Iterable[str | PathLike],
    case: CaseStudy | Article | str | None = None,
    taxonomy: Taxonomy | None = None,
    *,
    progress: Callable[[int, int], None] | None = None,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Merge a class's submission files into ``(tags, problems)``: see :func:`medialit.class_merge.merge_submissions`.

    ``case`` is the case study the class tagged: a :class:`~medialit.case.CaseStudy`, a case pack's folder or
    id, or None for the series' own (an :class:`~medialit.article.Article` with ``taxonomy`` also works).
    """
    return class_merge.merge_submissions(folder, _case(case, taxonomy), progress=progress)


def analyse_class(tags: pd.DataFrame, key: AnswerKey | pd.DataFrame | None = None, taxonomy: Taxonomy | None = None, article: Article | None = None, *,
                  case: CaseStudy | str | None = None, pass_: str = "first", disputed: int = 10) -> ClassResults:
    """Run every class statistic on merged ``tags``: see :func:`medialit.class_stats.analyse_class`.

    ``key`` (the answer key, or the key as a table) adds the comparison with it. ``case`` is the case study the
    class tagged (default: the series' own; ``article`` and ``taxonomy`` name its parts instead).
    """
    study = _case(case if case is not None else article, taxonomy)
    return class_stats.analyse_class(tags, study, key, pass_=pass_, disputed=disputed)
