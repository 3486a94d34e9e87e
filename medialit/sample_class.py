"""A synthetic class: 30 invented learners' submissions, made by a seeded generator, for the lesson and the tests.

No real learner is in it. Each invented learner has a skill (how often they reach the key's level on a
clear-cut claim) and habits (how many claims they skip, whether they stop early, whether they write notes):

* on a **clear-cut** claim a learner picks the key's level with probability = skill, else a neighbouring
  level (one rank up or down) or, now and then, the gate *not a factual claim*;
* on a **debatable** claim the class splits: the key's level about half as often as on a clear-cut claim,
  otherwise one of the key's other defensible levels;
* some learners skip claims, a few stop partway, about a third write notes, and a quarter also tag a few
  claims in the lateral pass (lesson 06), moving them up to *named source* or *corroborated*.

The class tags the case it is given; the levels come from the case's answer key when it has one, else every
statement is treated as a debatable *bare assertion* (with *not a factual claim* defensible). Same seed, same
key, same case: byte-for-byte the same files. ``medialit sample-class`` rewrites ``data/sample_class/`` and
``data/sample_class_problems/`` for the series' own case; ``medialit sample-class --check`` (and the tests)
prove they are current.

>>> import medialit
>>> submissions = generate_class(learners=3, seed=7, case=medialit.load_case())
>>> [s.kind for s in submissions]
['submission', 'submission', 'submission']
"""

from __future__ import annotations

import json
import random
from datetime import datetime, timedelta
from pathlib import Path

import pandas as pd

from . import atomic
from .article import STRUCTURE_KINDS, Article
from .case import CaseStudy, as_case
from .key import AnswerKey, as_answer_key
from .paths import safe_file_stem
from .tagfile import Tag, TagFile
from .taxonomy import Taxonomy

__all__ = ["SEED", "LEARNERS", "SAMPLE_DIR", "PROBLEMS_DIR", "generate_class", "problem_files", "write_sample_class", "sample_files"]

SEED = 2026
LEARNERS = 30
SAMPLE_DIR = "sample_class"
PROBLEMS_DIR = "sample_class_problems"
START = datetime.fromisoformat("2026-11-20T09:00:00+00:00")

# Invented first names and initials from many languages; any likeness to a real class is chance.
NAMES = [
    "Amira K.", "Ben O.", "Chiara R.", "Dmitri V.", "Esi A.", "Farid N.", "Grace L.", "Hana S.", "Ivan P.",
    "Jamal W.", "Kenji T.", "Lucía M.", "Mateo G.", "Nadia H.", "Oluwaseun B.", "Priya D.", "Quentin F.",
    "Rosa C.", "Samir E.", "Tamar Y.", "Uma J.", "Viktor Z.", "Wei X.", "Ximena Q.", "Yusuf I.", "Zoe U.",
    "Aiden McK.", "Beatriz do N.", "Chen-Li W.", "Dara Ó S.",
]
NOTES = {
    "not_a_claim": ["opinion, nothing to check", "a judgment, not a fact", "this is a recommendation", "he's predicting, not reporting"],
    "contradicted": ["other sources say otherwise", "checked: not what the record says"],
    "bare_assertion": ["only his word", "no source at all", "says it like a fact but no evidence", "first-hand, nobody else confirms"],
    "vague_attribution": ["who exactly? 'reports'", "which agencies?", "'experts' with no names", "vague: 'reports have emerged'"],
    "named_source": ["names the FBI, could look it up", "named, but I didn't check", "there is a who I can search"],
    "primary_record": ["points to an actual document", "there's a case filing"],
    "corroborated": ["found two sources that agree", "news sites confirm this"],
}


def _plan(case: CaseStudy, key: AnswerKey | None) -> list[tuple[str, str, list[str], bool]]:
    """(claim_id, key level, other defensible levels, debatable?) for every statement a learner tags."""
    if key is not None:
        return [(entry.claim_id, entry.level, list(entry.defensible), entry.is_debatable) for entry in key]
    claims = case.claims[~case.claims["kind"].isin(STRUCTURE_KINDS)]
    return [(cid, "bare_assertion", ["not_a_claim"], True) for cid in claims["claim_id"]]


def _choose(rng: random.Random, level: str, defensible: list[str], debatable: bool, skill: float, taxonomy: Taxonomy) -> str:
    if debatable and defensible:
        return level if rng.random() < skill * 0.55 else rng.choice(defensible)
    if rng.random() < skill:
        return level
    rank = taxonomy[level].rank
    neighbours = [lv.key for lv in taxonomy if lv.rank is not None and rank is not None and abs(lv.rank - rank) == 1]
    if rank is None:  # the key says "not a claim": a learner who misses it usually calls it the author's word
        neighbours = ["bare_assertion", "vague_attribution"]
    return rng.choice(neighbours + ["not_a_claim"] if level != "not_a_claim" and rng.random() < 0.25 else neighbours)


def generate_class(learners: int = LEARNERS, seed: int = SEED, *, case: CaseStudy | Article, key: AnswerKey | pd.DataFrame | None = None,
                   complete: bool = False) -> list[TagFile]:
    """Invent ``learners`` submissions (``kind="submission"``) on ``case``. ``complete=True``: everyone tags every statement.

    ``key`` defaults to the case's answer key (plausible levels if it has none). Learners beyond the
    30 names are called ``Learner 031``, ``Learner 032``, ...
    """
    rng = random.Random(seed)
    case = as_case(case)
    taxonomy = case.taxonomy
    plan = _plan(case, as_answer_key(key) if key is not None else case.key)
    submissions = []
    for number in range(learners):
        name = NAMES[number] if number < len(NAMES) else f"Learner {number + 1:03d}"
        skill = rng.uniform(0.55, 0.93)
        skip = 0.0 if complete else rng.choice([0.0, 0.0, 0.03, 0.08, 0.15])
        stop = len(plan) if complete or rng.random() > 0.1 else rng.randint(len(plan) // 3, len(plan) - 1)
        writes_notes = rng.random() < 0.35
        clock = START + timedelta(days=rng.randint(0, 2), minutes=rng.randint(0, 300))
        created = clock
        tags: dict[str, Tag] = {}
        for claim_id, level, defensible, debatable in plan[:stop]:
            if rng.random() < skip:
                continue
            clock += timedelta(seconds=rng.randint(8, 90))
            chosen = _choose(rng, level, defensible, debatable, skill, taxonomy)
            note = rng.choice(NOTES[chosen]) if writes_notes and rng.random() < 0.4 and chosen in NOTES else ""
            tags[claim_id] = Tag(chosen, note, clock.isoformat(timespec="seconds"))
        lateral: dict[str, Tag] = {}
        if not complete and rng.random() < 0.25 and tags:
            for claim_id in rng.sample(sorted(tags), k=min(len(tags), rng.randint(2, 6))):
                clock += timedelta(seconds=rng.randint(60, 400))
                moved = rng.choice(["named_source", "corroborated", "primary_record", tags[claim_id].level])
                lateral[claim_id] = Tag(moved, rng.choice(NOTES[moved]) if writes_notes else "", clock.isoformat(timespec="seconds"))
        submissions.append(TagFile(
            learner=name, article_title=case.title, article_sha256=case.sha256, taxonomy=taxonomy.keys,
            tags=tags, lateral_tags=lateral, kind="submission",
            created=created.isoformat(timespec="seconds"), updated=clock.isoformat(timespec="seconds"), case_id=case.id,
        ))
    return submissions


def problem_files(submissions: list[TagFile]) -> dict[str, bytes]:
    """The deliberately bad files for the problems lesson, made from the class's own submissions.

    * ``truncated.json`` — a submission cut off halfway (not valid JSON),
    * ``other-article.json`` — a good submission about another case study (another id and fingerprint),
    * ``unknown-claims.json`` — a submission with a claim ID and a level that do not exist (those tags are dropped),
    * ``<first learner>-earlier.json`` — an older copy of the first learner's submission (the newer one wins
      when merged together with ``sample_class/``).
    """
    def dump(document: dict) -> bytes:
        return json.dumps(document, ensure_ascii=False, indent=1).encode("utf-8")

    first, second, third = (s.to_json() for s in submissions[:3])
    whole = dump(second)
    foreign = dict(third, learner="Tess V.", case="another-article", article={"title": "Another article", "sha256": "0" * 64})
    unknown = dict(first, learner="Quinn T.")
    unknown["tags"] = dict(first["tags"], C999={"level": "bare_assertion", "note": "", "tagged_at": first["updated"]})
    some_claim = sorted(first["tags"])[0]
    unknown["tags"][some_claim] = {"level": "very_true", "note": "", "tagged_at": first["updated"]}
    earlier = dict(first, updated=first["created"], tags=dict(list(first["tags"].items())[:10]), lateral_tags={})
    return {
        "truncated.json": whole[: len(whole) // 2],
        "other-article.json": dump(foreign),
        "unknown-claims.json": dump(unknown),
        f"{safe_file_stem(first['learner'])}-earlier.json": dump(earlier),
    }


def sample_files(seed: int = SEED, learners: int = LEARNERS, *, case: CaseStudy | Article) -> tuple[dict[str, bytes], dict[str, bytes]]:
    """(class files, problem files) as ``{file name: bytes}``: exactly what :func:`write_sample_class` writes."""
    submissions = generate_class(learners, seed, case=case)
    good = {f"{safe_file_stem(s.learner)}.json": json.dumps(s.to_json(), ensure_ascii=False, indent=1).encode("utf-8") for s in submissions}
    return good, problem_files(submissions)


def write_sample_class(folder: str | Path, problems_folder: str | Path, seed: int = SEED, learners: int = LEARNERS, *, case: CaseStudy | Article) -> tuple[Path, Path]:
    """Write the synthetic class and its bad files (replacing the ``*.json`` already there); return both folders."""
    folder, problems_folder = Path(folder), Path(problems_folder)
    good, bad = sample_files(seed, learners, case=case)
    for target, files in ((folder, good), (problems_folder, bad)):
        target.mkdir(parents=True, exist_ok=True)
        for old in target.glob("*.json"):
            if old.name not in files:
                old.unlink()
        for name, payload in files.items():
            atomic.write_bytes(target / name, payload, mode=0o644)
    return folder, problems_folder
