"""The class's results: where it agrees, where it is split, and how it compares with the answer key.

Every function takes the ``tags`` table from :func:`medialit.classroom.merge_submissions` (pandas in) and
returns a DataFrame (pandas out); :func:`analyse_class` runs them all on the case the class tagged::

    import medialit
    case = medialit.load_case()
    tags, problems = medialit.merge_submissions(medialit.data.path("sample_class"), case)
    results = analyse_class(tags, case, key=case.key)
    results.agreement      # Krippendorff's alpha, whole article and per section
    results.disputed       # the claims the class is most split on
    results.learners       # each learner against the key

How the numbers are defined (``pass_`` picks the first pass or the lateral one; default ``"first"``):

* **alpha_nominal**: Krippendorff's alpha over all level keys, *not a factual claim* included; any two
  different levels disagree equally.
* **alpha_ordinal**: Krippendorff's alpha over the ranked levels only (contradicted ... corroborated), so
  neighbouring levels disagree less than distant ones. *Not a factual claim* has no rank, so those tags are
  left out of this figure (they count in the nominal one). Krippendorff suggests alpha >= 0.8 for
  conclusions, >= 0.667 for tentative ones (Krippendorff 2011, "Computing Krippendorff's Alpha-Reliability",
  https://repository.upenn.edu/asc_papers/43); a class learning a taxonomy will sit lower, which is the lesson.
* **disagreement** of a claim: the share of its tags that are *not* its most common level (0 = everyone
  agrees; 0.5 = half the class chose something else). **entropy_bits**: Shannon entropy of its levels in
  bits (0 = one level; log2(7) = 2.81 = evenly spread over all seven). Disagreement is easy to say aloud;
  entropy also tells "split in two" from "scattered".
* **against the key**: ``matches_key`` is the share of a learner's tags on keyed claims that equal the
  key's level; ``acceptable`` also counts the key's other defensible levels; ``within_one_rank`` counts
  a ranked level at most one rank from the key's; ``cohen_kappa`` is Cohen's kappa between learner and key.
* **exercises** (when the hand-ins carry exercise results): per exercise, the share right on the first try and
  in the end, and the commonest wrong answers (:mod:`medialit.class_exercises`).

Everything but the per-learner comparison depends only on a :class:`Tally`: how many learners chose each level
for each claim, and how many learners tagged in each part of the article. :func:`from_tally` computes the results
from one, so the live class view (:mod:`medialit.class_watch`) adds a new learner's counts to its tally and gets
exactly the figures of :func:`analyse_class` without reading the class again. (The column headings a teacher
reads are in :mod:`medialit.column_words`.)
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from . import series
from .agreement import alpha_from_counts
from .article import Article
from .case import CaseStudy, as_case
from .class_exercises import exercise_summary
from .key import AnswerKey
from .taxonomy import Taxonomy

__all__ = [
    "ClassResults",
    "Tally",
    "analyse_class",
    "tally",
    "from_tally",
    "reliability_data",
    "class_agreement",
    "level_counts",
    "claim_disagreement",
    "most_disputed",
    "MIN_LEARNERS_AGREEMENT",
    "MIN_TAGS_DISPUTED",
    "learner_agreement",
    "class_vs_key",
]

WHOLE_ARTICLE = "Whole article"
KEY_REQUIRED = ["claim_id", "level", "defensible", "confidence"]


def _require(frame: pd.DataFrame, columns: list[str], name: str) -> None:
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise ValueError(f"{name} is missing column(s) {missing}; it has {list(frame.columns)}.")


@dataclass(frozen=True)
class _Coded:
    """One pass of the tags as integer codes, computed once and shared by every statistic (fast for 1,000s)."""

    learners: np.ndarray  # learner names, sorted
    claims: np.ndarray  # claim IDs, sorted
    who: np.ndarray  # per tag: index into learners
    which: np.ndarray  # per tag: index into claims
    level: np.ndarray  # per tag: index into taxonomy.keys
    taxonomy: Taxonomy

    @property
    def ranks(self) -> np.ndarray:
        """Rank of each taxonomy level (NaN for the gate), indexable by ``level``."""
        return np.array([np.nan if lv.rank is None else float(lv.rank) for lv in self.taxonomy])


def _code(tags: pd.DataFrame, taxonomy: Taxonomy | None, pass_: str) -> _Coded:
    _require(tags, ["learner", "pass", "claim_id", "level"], "tags")
    taxonomy = taxonomy if taxonomy is not None else series.taxonomy()
    chosen = tags[(tags["pass"] == pass_).to_numpy(dtype=bool)]
    level = pd.Categorical(chosen["level"], categories=taxonomy.keys).codes
    known = level >= 0  # a hand-made table may hold levels the taxonomy lacks: they are left out
    chosen, level = chosen[known], level[known]
    who, learners = pd.factorize(chosen["learner"].astype(str), sort=True)
    which, claims = pd.factorize(chosen["claim_id"].astype(str), sort=True)
    return _Coded(np.asarray(learners, dtype=object), np.asarray(claims, dtype=object), who, which, level.astype(np.int64), taxonomy)


def _matrices(coded: _Coded) -> tuple[np.ndarray, np.ndarray]:
    """Learners x claims: level codes (nominal) and ranks (ordinal), NaN where a learner left a claim untagged."""
    nominal = np.full((len(coded.learners), len(coded.claims)), np.nan)
    nominal[coded.who, coded.which] = coded.level
    ordinal = np.full_like(nominal, np.nan)
    ordinal[coded.who, coded.which] = coded.ranks[coded.level]
    return nominal, ordinal


def reliability_data(tags: pd.DataFrame, taxonomy: Taxonomy | None = None, level: str = "nominal", pass_: str = "first") -> pd.DataFrame:
    """Learners x claims, the form Krippendorff's alpha reads: level codes (nominal) or ranks (ordinal), NaN where untagged."""
    coded = _code(tags, taxonomy, pass_)
    nominal, ordinal = _matrices(coded)
    return pd.DataFrame(ordinal if level == "ordinal" else nominal, index=pd.Index(coded.learners, name="learner"), columns=pd.Index(coded.claims, name="claim_id"))


@dataclass(frozen=True)
class Tally:
    """What the class statistics (all but each learner against the key) are computed from, summed over learners.

    ``counts`` is claims x levels (the taxonomy's keys, in order): how many learners chose each level for each claim,
    one row per claim someone tagged, claim IDs sorted. ``learners`` is, per part of the article
    (:data:`WHOLE_ARTICLE` and each section), how many learners tagged at least one claim there.
    """

    counts: pd.DataFrame
    learners: dict[str, int]


def _scope_learners(coded: _Coded, article: Article) -> dict[str, int]:
    section_of = dict(zip(article.claims["claim_id"], article.claims["section"]))
    sections = np.array([section_of.get(c, "") for c in coded.claims], dtype=object)[coded.which] if len(coded.who) else np.array([], dtype=object)
    found = {WHOLE_ARTICLE: len(np.unique(coded.who))}
    for name in article.sections:
        mine = sections == name
        if mine.any():
            found[name] = len(np.unique(coded.who[mine]))
    return found


def tally(tags: pd.DataFrame, case: CaseStudy | Article, pass_: str = "first") -> Tally:
    """The :class:`Tally` of merged ``tags`` (one pass) on ``case``."""
    case = as_case(case)
    coded = _code(tags, case.taxonomy, pass_)
    return Tally(_counts(coded), _scope_learners(coded, case.article))


def _agreement(counts: pd.DataFrame, learners: dict[str, int], taxonomy: Taxonomy, article: Article) -> pd.DataFrame:
    """Krippendorff's alpha per scope from the counts: nominal over every level, ordinal over the ranked ones."""
    matrix = counts.to_numpy(dtype=np.float64)
    ranks = sorted({level.rank for level in taxonomy if level.rank is not None})
    ordinal = np.zeros((len(matrix), len(ranks)))  # levels of one rank are one value, as ranks are to alpha
    for column, level in enumerate(taxonomy):
        if level.rank is not None:
            ordinal[:, ranks.index(level.rank)] += matrix[:, column]
    section_of = dict(zip(article.claims["claim_id"], article.claims["section"]))
    sections = np.array([section_of.get(c, "") for c in counts.index], dtype=object)
    scopes = [(WHOLE_ARTICLE, np.ones(len(matrix), dtype=bool))]
    scopes += [(name, sections == name) for name in article.sections if (sections == name).any()]
    rows = []
    for scope, members in scopes:
        rows.append({
            "scope": scope,
            "claims": int(members.sum()),
            "learners": int(learners.get(scope, 0)),
            "tags": int(matrix[members].sum()),
            "alpha_nominal": alpha_from_counts(matrix[members], "nominal"),
            "alpha_ordinal": alpha_from_counts(ordinal[members], "ordinal"),
        })
    return pd.DataFrame(rows, columns=["scope", "claims", "learners", "tags", "alpha_nominal", "alpha_ordinal"])


def class_agreement(tags: pd.DataFrame, taxonomy: Taxonomy | None, article: Article, pass_: str = "first") -> pd.DataFrame:
    """Krippendorff's alpha (nominal and ordinal) for the whole article and for each section, in reading order."""
    coded = _code(tags, taxonomy, pass_)
    return _agreement(_counts(coded), _scope_learners(coded, article), coded.taxonomy, article)


def _counts(coded: _Coded) -> pd.DataFrame:
    counts = np.zeros((len(coded.claims), len(coded.taxonomy)), dtype=np.int64)
    np.add.at(counts, (coded.which, coded.level), 1)
    return pd.DataFrame(counts, index=pd.Index(coded.claims, name="claim_id"), columns=pd.Index(coded.taxonomy.keys, name="level"))


def level_counts(tags: pd.DataFrame, taxonomy: Taxonomy | None = None, pass_: str = "first") -> pd.DataFrame:
    """How many learners chose each level for each claim: claims (rows) x level keys (columns, taxonomy order)."""
    return _counts(_code(tags, taxonomy, pass_))


def _disagreement(counts: pd.DataFrame, taxonomy: Taxonomy, article: Article) -> pd.DataFrame:
    matrix = counts.to_numpy(dtype=float)
    total = matrix.sum(axis=1)
    share = matrix / np.where(total == 0, 1, total)[:, None]
    with np.errstate(divide="ignore", invalid="ignore"):
        entropy = -np.where(share > 0, share * np.log2(np.where(share > 0, share, 1.0)), 0.0).sum(axis=1)
    modal = matrix.argmax(axis=1) if len(matrix) else np.zeros(0, dtype=int)  # ties: the level first in taxonomy order
    claims = article.claims.set_index("claim_id")
    frame = pd.DataFrame({
        "claim_id": counts.index.to_numpy(dtype=object),
        "section": claims["section"].reindex(counts.index).to_numpy(),
        "text": claims["text"].reindex(counts.index).to_numpy(),
        "tags": total.astype(int),
        "modal_level": np.array(taxonomy.keys, dtype=object)[modal] if len(modal) else np.array([], dtype=object),
        "modal_share": share[np.arange(len(modal)), modal],
        "modal_tied": (matrix == matrix.max(axis=1, keepdims=True)).sum(axis=1) > 1 if len(matrix) else np.zeros(0, dtype=bool),
        "entropy_bits": entropy + 0.0,
    })
    frame.insert(6, "disagreement", 1.0 - frame["modal_share"])
    return frame


def claim_disagreement(tags: pd.DataFrame, taxonomy: Taxonomy | None, article: Article, pass_: str = "first") -> pd.DataFrame:
    """Per tagged claim: how many tagged it, the most common level and its share, disagreement and entropy."""
    coded = _code(tags, taxonomy, pass_)
    return _disagreement(_counts(coded), coded.taxonomy, article)


MIN_LEARNERS_AGREEMENT = 2  # Krippendorff's alpha compares learners: it needs two who tagged the same claims
MIN_TAGS_DISPUTED = 3       # a claim is called disputed only with at least this many tags (two can only split 1-1)


def most_disputed(disagreement: pd.DataFrame, n: int = 10, min_tags: int = MIN_TAGS_DISPUTED) -> pd.DataFrame:
    """The ``n`` claims the class is most split on (of those with at least ``min_tags`` tags), most split first."""
    enough = disagreement[disagreement["tags"] >= min_tags]
    return enough.sort_values(["disagreement", "entropy_bits", "claim_id"], ascending=[False, False, True]).head(n).reset_index(drop=True)


def _answer_key(key: AnswerKey | pd.DataFrame) -> AnswerKey:
    """The key as an :class:`AnswerKey`; a table must have :data:`KEY_REQUIRED` (its levels are parsed by the key)."""
    if isinstance(key, pd.DataFrame):
        _require(key, KEY_REQUIRED, "the answer key")
        return AnswerKey.from_frame(key)
    return key


def _key_codes(key: AnswerKey, taxonomy: Taxonomy, claims: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Per claim (in ``claims`` order): the key level's index (-1 if unkeyed), and which levels the key accepts."""
    position = {claim: i for i, claim in enumerate(claims)}
    index = {k: i for i, k in enumerate(taxonomy.keys)}
    key_level = np.full(len(claims), -1, dtype=np.int64)
    accepts = np.zeros((len(claims), len(taxonomy)), dtype=bool)
    for entry in key:
        if entry.claim_id in position and entry.level in index:
            key_level[position[entry.claim_id]] = index[entry.level]
            for level in entry.acceptable:
                if level in index:
                    accepts[position[entry.claim_id], index[level]] = True
    return key_level, accepts


def _learners(coded: _Coded, key: AnswerKey) -> pd.DataFrame:
    key_level, accepts = _key_codes(key, coded.taxonomy, coded.claims)
    keyed = key_level[coded.which] >= 0
    who, which, mine, theirs = coded.who[keyed], coded.which[keyed], coded.level[keyed], key_level[coded.which][keyed]
    n_learners, n_levels = len(coded.learners), len(coded.taxonomy)
    tagged = np.bincount(who, minlength=n_learners).astype(float)
    ranks = coded.ranks

    def share(flags: np.ndarray) -> np.ndarray:
        with np.errstate(divide="ignore", invalid="ignore"):
            return np.bincount(who, weights=flags.astype(float), minlength=n_learners) / tagged

    match = mine == theirs
    # Cohen's kappa for every learner at once: observed = share matching the key; chance = the sum over levels
    # of (learner's share of the level) x (the key's share of it), over the claims that learner tagged
    chose = np.zeros((n_learners, n_levels))
    keyed_as = np.zeros((n_learners, n_levels))
    np.add.at(chose, (who, mine), 1.0)
    np.add.at(keyed_as, (who, theirs), 1.0)
    observed = share(match)
    with np.errstate(divide="ignore", invalid="ignore"):
        chance = (chose * keyed_as).sum(axis=1) / tagged**2
        kappa = np.where(np.isclose(chance, 1.0), np.nan, (observed - chance) / (1.0 - chance))
    frame = pd.DataFrame({
        "learner": coded.learners,
        "tagged": tagged.astype(int),
        "matches_key": observed,
        "acceptable": share(accepts[which, mine]),
        "within_one_rank": share(match | (np.abs(ranks[mine] - ranks[theirs]) <= 1)),
        "cohen_kappa": kappa,
    })
    return frame[frame["tagged"] > 0].reset_index(drop=True)


def learner_agreement(tags: pd.DataFrame, key: AnswerKey | pd.DataFrame, taxonomy: Taxonomy | None = None, pass_: str = "first") -> pd.DataFrame:
    """Each learner against the key, over the keyed claims they tagged (see the module docstring)."""
    return _learners(_code(tags, taxonomy, pass_), _answer_key(key))


def _versus(taxonomy: Taxonomy, counts: pd.DataFrame, spread: pd.DataFrame, key: AnswerKey) -> pd.DataFrame:
    index = {k: i for i, k in enumerate(taxonomy.keys)}
    entries = [entry for entry in key if entry.level in index]
    claims = np.array([entry.claim_id for entry in entries], dtype=object)
    key_level, accepts = _key_codes(key, taxonomy, claims)
    table = counts.reindex(claims, fill_value=0).to_numpy(dtype=float)
    total = table.sum(axis=1)
    with np.errstate(divide="ignore", invalid="ignore"):
        share_key = np.where(total > 0, table[np.arange(len(claims)), key_level] / total, np.nan)
        share_ok = np.where(total > 0, (table * accepts).sum(axis=1) / total, np.nan)
    modal = spread.set_index("claim_id")["modal_level"].reindex(claims).to_numpy(dtype=object)
    modal_index = np.array([index.get(m, -1) if isinstance(m, str) else -1 for m in modal], dtype=np.int64)
    return pd.DataFrame({
        "claim_id": claims,
        "key_level": np.array([entry.level for entry in entries], dtype=object),
        "confidence": np.array([entry.confidence for entry in entries], dtype=object),
        "tags": total.astype(int),
        "class_level": np.where(total > 0, modal, None),
        "share_key": share_key,
        "share_acceptable": share_ok,
        "class_matches_key": (modal_index == key_level) & (total > 0),
        "class_acceptable": (modal_index >= 0) & accepts[np.arange(len(claims)), np.maximum(modal_index, 0)] & (total > 0),
    })


def class_vs_key(tags: pd.DataFrame, key: AnswerKey | pd.DataFrame, taxonomy: Taxonomy | None, article: Article, pass_: str = "first") -> pd.DataFrame:
    """Per keyed claim: the key's level beside the class's most common one, and the share of the class that chose it."""
    coded = _code(tags, taxonomy, pass_)
    counts = _counts(coded)
    return _versus(coded.taxonomy, counts, _disagreement(counts, coded.taxonomy, article), _answer_key(key))


@dataclass
class ClassResults:
    """Everything :func:`analyse_class` computes, one DataFrame per question (``learners``/``vs_key`` need a key).

    ``case`` is the case study the class tagged: its title, claims and levels label the report and the charts.
    ``exercises`` is the per-exercise summary (:func:`medialit.class_exercises.exercise_summary`) when the
    hand-ins carry exercise results, else None.
    """

    tags: pd.DataFrame
    agreement: pd.DataFrame
    counts: pd.DataFrame
    disagreement: pd.DataFrame
    disputed: pd.DataFrame
    learners: pd.DataFrame | None = None
    vs_key: pd.DataFrame | None = None
    key: AnswerKey | None = None
    pass_: str = "first"
    case: CaseStudy | None = None
    exercises: pd.DataFrame | None = None


def analyse_class(tags: pd.DataFrame, case: CaseStudy | Article, key: AnswerKey | pd.DataFrame | None = None, *, pass_: str = "first", disputed: int = 10,
                  exercises: pd.DataFrame | None = None, titles: dict[str, str] | None = None) -> ClassResults:
    """Run every class statistic on merged ``tags`` of ``case``; give ``key`` (an AnswerKey, or the key as a
    table) to compare with it (``case.key`` for the case's own). ``exercises`` (the merge's exercise rows,
    :func:`medialit.class_merge.merge_class`) adds the exercise summary, its exercises titled from ``titles``."""
    case = as_case(case)
    coded = _code(tags, case.taxonomy, pass_)
    answer = _answer_key(key) if key is not None else None
    results = from_tally(Tally(_counts(coded), _scope_learners(coded, case.article)), case, answer, pass_=pass_, disputed=disputed, tags=tags)
    results.learners = _learners(coded, answer) if answer is not None else None
    if exercises is not None and len(exercises):
        results.exercises = exercise_summary(exercises, titles)
    return results


def from_tally(counted: Tally, case: CaseStudy | Article, key: AnswerKey | pd.DataFrame | None = None, *, pass_: str = "first", disputed: int = 10,
               tags: pd.DataFrame | None = None) -> ClassResults:
    """Every statistic a :class:`Tally` gives (all but each learner against the key, ``learners`` is None).

    ``tags`` (the merged tags, for the learners' notes) may be left out: ``results.tags`` is then empty.
    """
    case = as_case(case)
    counts = counted.counts
    spread = _disagreement(counts, case.taxonomy, case.article)
    answer = _answer_key(key) if key is not None else None
    return ClassResults(
        tags=tags if tags is not None else pd.DataFrame(columns=["learner", "pass", "claim_id", "level", "note"]),
        agreement=_agreement(counts, counted.learners, case.taxonomy, case.article),
        counts=counts,
        disagreement=spread,
        disputed=most_disputed(spread, disputed),
        vs_key=_versus(case.taxonomy, counts, spread, answer) if answer is not None else None,
        key=answer,
        pass_=pass_,
        case=case,
    )
