"""The class's results: where it agrees, where it is split, and how it compares with the answer key.

Every function takes the ``tags`` table from :func:`medialit.classroom.merge_submissions` (pandas in) and
returns a DataFrame (pandas out); :func:`analyse_class` runs them all::

    from medialit import analyse_class, data, merge_submissions
    from medialit.answer_key import load_answer_key
    tags, problems = merge_submissions(data.path("sample_class"))
    results = analyse_class(tags, key=load_answer_key())
    results.agreement      # Krippendorff's alpha, whole article and per section
    results.disputed       # the claims the class is most split on
    results.learners       # each learner against the key

How the numbers are defined (``pass_`` picks the first pass or the lateral one; default ``"first"``):

* **alpha_nominal**: Krippendorff's alpha over all level keys, *not a factual claim* included; any two
  different levels disagree equally.
* **alpha_ordinal**: Krippendorff's alpha over the ranked levels only (contradicted ... corroborated), so
  neighbouring levels disagree less than distant ones. *Not a factual claim* has no rank, so those tags are
  left out of this figure (they count in the nominal one). Krippendorff suggests alpha >= 0.8 for
  conclusions, >= 0.667 for tentative ones; a class learning a taxonomy will sit lower, which is the lesson.
* **disagreement** of a claim: the share of its tags that are *not* its most common level (0 = everyone
  agrees; 0.5 = half the class chose something else). **entropy_bits**: Shannon entropy of its levels in
  bits (0 = one level; log2(7) = 2.81 = evenly spread over all seven). Disagreement is easy to say aloud;
  entropy also tells "split in two" from "scattered".
* **against the key**: ``matches_key`` is the share of a learner's tags on keyed claims that equal the
  key's level; ``acceptable`` also counts the key's other defensible levels; ``within_one_rank`` counts
  a ranked level at most one rank from the key's; ``cohen_kappa`` is Cohen's kappa between learner and key.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from . import data as _data
from .agreement import cohen_kappa, krippendorff_alpha
from .article import Article
from .taxonomy import Taxonomy

__all__ = [
    "ClassResults",
    "analyse_class",
    "reliability_data",
    "class_agreement",
    "level_counts",
    "claim_disagreement",
    "most_disputed",
    "learner_agreement",
    "class_vs_key",
]

WHOLE_ARTICLE = "Whole article"
KEY_REQUIRED = ["claim_id", "level", "defensible", "confidence"]


def _require(frame: pd.DataFrame, columns: list[str], name: str) -> None:
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise ValueError(f"{name} is missing column(s) {missing}; it has {list(frame.columns)}.")


def _first(tags: pd.DataFrame, pass_: str) -> pd.DataFrame:
    _require(tags, ["learner", "pass", "claim_id", "level"], "tags")
    return tags[tags["pass"] == pass_]


def reliability_data(tags: pd.DataFrame, taxonomy: Taxonomy | None = None, level: str = "nominal", pass_: str = "first") -> pd.DataFrame:
    """Learners x claims, the form Krippendorff's alpha reads: level codes (nominal) or ranks (ordinal), NaN where untagged."""
    taxonomy = taxonomy or _data.load_taxonomy()
    chosen = _first(tags, pass_)
    if level == "ordinal":
        values = chosen["level"].map({lv.key: lv.rank for lv in taxonomy}).astype("float64")
    else:
        values = chosen["level"].map({key: i for i, key in enumerate(taxonomy.keys)}).astype("float64")
    learners, learner_codes = np.unique(chosen["learner"].to_numpy(dtype=str), return_inverse=True)
    claims, claim_codes = np.unique(chosen["claim_id"].to_numpy(dtype=str), return_inverse=True)
    matrix = np.full((len(learners), len(claims)), np.nan)
    matrix[learner_codes, claim_codes] = values.to_numpy()
    return pd.DataFrame(matrix, index=pd.Index(learners, name="learner"), columns=pd.Index(claims, name="claim_id"))


def class_agreement(tags: pd.DataFrame, taxonomy: Taxonomy | None = None, article: Article | None = None, pass_: str = "first") -> pd.DataFrame:
    """Krippendorff's alpha (nominal and ordinal) for the whole article and for each section, in reading order."""
    taxonomy = taxonomy or _data.load_taxonomy()
    article = article or _data.load_article()
    nominal = reliability_data(tags, taxonomy, "nominal", pass_)
    ordinal = reliability_data(tags, taxonomy, "ordinal", pass_)
    section_of = dict(zip(article.claims["claim_id"], article.claims["section"]))
    scopes = [(WHOLE_ARTICLE, list(nominal.columns))]
    for section in article.sections:
        members = [c for c in nominal.columns if section_of.get(c) == section]
        if members:
            scopes.append((section, members))
    rows = []
    for scope, members in scopes:
        part = nominal[members]
        rows.append({
            "scope": scope,
            "claims": len(members),
            "learners": int(part.notna().any(axis=1).sum()),
            "tags": int(part.notna().sum().sum()),
            "alpha_nominal": krippendorff_alpha(part.to_numpy(), "nominal"),
            "alpha_ordinal": krippendorff_alpha(ordinal[members].to_numpy(), "ordinal"),
        })
    return pd.DataFrame(rows, columns=["scope", "claims", "learners", "tags", "alpha_nominal", "alpha_ordinal"])


def level_counts(tags: pd.DataFrame, taxonomy: Taxonomy | None = None, pass_: str = "first") -> pd.DataFrame:
    """How many learners chose each level for each claim: claims (rows) x level keys (columns, taxonomy order)."""
    taxonomy = taxonomy or _data.load_taxonomy()
    chosen = _first(tags, pass_)
    counts = pd.crosstab(chosen["claim_id"], pd.Categorical(chosen["level"], categories=taxonomy.keys), dropna=False)
    counts.columns = pd.Index([str(c) for c in counts.columns], name="level")
    return counts.reindex(columns=taxonomy.keys, fill_value=0).astype(int)


def claim_disagreement(tags: pd.DataFrame, taxonomy: Taxonomy | None = None, article: Article | None = None, pass_: str = "first") -> pd.DataFrame:
    """Per tagged claim: how many tagged it, the most common level and its share, disagreement and entropy."""
    taxonomy = taxonomy or _data.load_taxonomy()
    article = article or _data.load_article()
    counts = level_counts(tags, taxonomy, pass_)
    matrix = counts.to_numpy(dtype=float)
    total = matrix.sum(axis=1)
    share = matrix / np.where(total == 0, 1, total)[:, None]
    with np.errstate(divide="ignore", invalid="ignore"):
        entropy = -np.nansum(np.where(share > 0, share * np.log2(share), 0.0), axis=1)
    modal = matrix.argmax(axis=1)  # ties go to the level first in taxonomy order
    claims = article.claims.set_index("claim_id")
    frame = pd.DataFrame({
        "claim_id": counts.index,
        "section": claims["section"].reindex(counts.index).to_numpy(),
        "text": claims["text"].reindex(counts.index).to_numpy(),
        "tags": total.astype(int),
        "modal_level": [taxonomy.keys[i] for i in modal],
        "modal_share": share[np.arange(len(modal)), modal],
        "modal_tied": (matrix == matrix.max(axis=1, keepdims=True)).sum(axis=1) > 1,
        "entropy_bits": entropy + 0.0,
    })
    frame.insert(6, "disagreement", 1.0 - frame["modal_share"])
    return frame.reset_index(drop=True)


def most_disputed(disagreement: pd.DataFrame, n: int = 10, min_tags: int = 3) -> pd.DataFrame:
    """The ``n`` claims the class is most split on (of those with at least ``min_tags`` tags), most split first."""
    enough = disagreement[disagreement["tags"] >= min_tags]
    return enough.sort_values(["disagreement", "entropy_bits", "claim_id"], ascending=[False, False, True]).head(n).reset_index(drop=True)


def _acceptable(key: pd.DataFrame) -> dict[str, set[str]]:
    return {row.claim_id: {row.level, *[d for d in str(row.defensible).split(";") if d.strip()]} for row in key.itertuples()}


def learner_agreement(tags: pd.DataFrame, key: pd.DataFrame, taxonomy: Taxonomy | None = None, pass_: str = "first") -> pd.DataFrame:
    """Each learner against the key, over the keyed claims they tagged (see the module docstring)."""
    taxonomy = taxonomy or _data.load_taxonomy()
    _require(key, KEY_REQUIRED, "the answer key")
    chosen = _first(tags, pass_).merge(key[["claim_id", "level"]].rename(columns={"level": "key_level"}), on="claim_id")
    rank = {lv.key: lv.rank for lv in taxonomy}
    acceptable = _acceptable(key)
    chosen = chosen.assign(
        match=chosen["level"] == chosen["key_level"],
        ok=[lvl in acceptable[c] for c, lvl in zip(chosen["claim_id"], chosen["level"])],
        near=[a == b or (rank.get(a) is not None and rank.get(b) is not None and abs(rank[a] - rank[b]) <= 1) for a, b in zip(chosen["level"], chosen["key_level"])],
    )
    rows = []
    for learner, part in chosen.groupby("learner", sort=True):
        rows.append({
            "learner": learner,
            "tagged": len(part),
            "matches_key": part["match"].mean(),
            "acceptable": part["ok"].mean(),
            "within_one_rank": part["near"].mean(),
            "cohen_kappa": cohen_kappa(part["level"].tolist(), part["key_level"].tolist()),
        })
    return pd.DataFrame(rows, columns=["learner", "tagged", "matches_key", "acceptable", "within_one_rank", "cohen_kappa"])


def class_vs_key(tags: pd.DataFrame, key: pd.DataFrame, taxonomy: Taxonomy | None = None, article: Article | None = None, pass_: str = "first") -> pd.DataFrame:
    """Per keyed claim: the key's level beside the class's most common one, and the share of the class that chose it."""
    taxonomy = taxonomy or _data.load_taxonomy()
    _require(key, KEY_REQUIRED, "the answer key")
    spread = claim_disagreement(tags, taxonomy, article, pass_).set_index("claim_id")
    counts = level_counts(tags, taxonomy, pass_)
    acceptable = _acceptable(key)
    rows = []
    for entry in key.itertuples():
        total = int(spread["tags"].get(entry.claim_id, 0))
        chosen = counts.loc[entry.claim_id] if entry.claim_id in counts.index else pd.Series(0, index=taxonomy.keys)
        share_key = chosen.get(entry.level, 0) / total if total else np.nan
        share_ok = sum(chosen.get(level, 0) for level in acceptable[entry.claim_id]) / total if total else np.nan
        modal = spread["modal_level"].get(entry.claim_id) if total else None
        rows.append({
            "claim_id": entry.claim_id,
            "key_level": entry.level,
            "confidence": entry.confidence,
            "tags": total,
            "class_level": modal,
            "share_key": share_key,
            "share_acceptable": share_ok,
            "class_matches_key": modal == entry.level,
            "class_acceptable": modal in acceptable[entry.claim_id] if modal else False,
        })
    return pd.DataFrame(rows)


@dataclass
class ClassResults:
    """Everything :func:`analyse_class` computes, one DataFrame per question (``learners``/``vs_key`` need a key)."""

    tags: pd.DataFrame
    agreement: pd.DataFrame
    counts: pd.DataFrame
    disagreement: pd.DataFrame
    disputed: pd.DataFrame
    learners: pd.DataFrame | None = None
    vs_key: pd.DataFrame | None = None
    key: pd.DataFrame | None = None
    pass_: str = "first"


def analyse_class(tags: pd.DataFrame, key: pd.DataFrame | None = None, taxonomy: Taxonomy | None = None, article: Article | None = None, *, pass_: str = "first", disputed: int = 10) -> ClassResults:
    """Run every class statistic on merged ``tags``; give ``key`` (the answer key DataFrame) to compare with it."""
    taxonomy = taxonomy or _data.load_taxonomy()
    article = article or _data.load_article()
    spread = claim_disagreement(tags, taxonomy, article, pass_)
    return ClassResults(
        tags=tags,
        agreement=class_agreement(tags, taxonomy, article, pass_),
        counts=level_counts(tags, taxonomy, pass_),
        disagreement=spread,
        disputed=most_disputed(spread, disputed),
        learners=learner_agreement(tags, key, taxonomy, pass_) if key is not None else None,
        vs_key=class_vs_key(tags, key, taxonomy, article, pass_) if key is not None else None,
        key=key,
        pass_=pass_,
    )
