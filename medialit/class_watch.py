"""A class's hand-ins, watched while they come in: each look re-reads only the files that are new or changed.

The state behind the live class view (:class:`medialit.ClassView`), with no widget in it::

    watch = ClassWatch(inbox_folder, case)
    watch.refresh()            # the first look reads every file
    watch.refresh()            # later looks read only what is new or changed (size, time, inode), forget what is gone
    watch.results()            # the class statistics: exactly those of analyse_class on the same files
    watch.problems()           # every file (or part of one) not merged, and why, as the report lists them
    watch.assessment()         # the assessment answers of the learners who count
    watch.assessment_summary() # their self-scored before/after (made with ClassWatch(..., assessment=...)), from sums

How: every file read is kept as the merge keeps it (:class:`medialit.class_merge.Entry`, with its problems), keyed
by its name and its signature (size, modification time, inode; for a class inbox also its owner and mode). A learner
counts once, with their newest file (the merge's rule). What the statistics need is kept summed over the learners
who count (:class:`medialit.class_stats.Tally`: claims x levels counts, learners per part of the article; and the
exercise results, :class:`medialit.class_exercises.ExerciseTally`; the assessment's self-scores,
:class:`medialit.assessment_tally.AssessmentTally`); when a learner's counting file changes, that
learner's old contribution is taken away and the new one added, and the figures are recomputed from the sums. So a
new hand-in in a class of a thousand costs one file read and a few milliseconds, not a new merge
(``benchmarks/bench_classview.py`` measures it).

A platform's zip (:mod:`medialit.platform_zip`) is read once, at the first look: a download does not change.
"""

from __future__ import annotations

import os
import stat
from collections import Counter
from dataclasses import dataclass, field
from os import PathLike
from pathlib import Path

import numpy as np
import pandas as pd

from .assessment import Assessment
from .assessment_scores import BeforeAfter
from .assessment_tally import AssessmentTally
from .case import CaseStudy
from .class_exercises import ExerciseTally
from .class_merge import PROBLEM_COLUMNS, Entry, Item, SubmissionReader, assessment_answers, file_label, newer, replaced_by, same_letters, tell_apart
from .class_stats import WHOLE_ARTICLE, ClassResults, Tally, from_tally
from .errors import SubmissionError
from .inbox_reader import owner_check
from .key import AnswerKey
from .paths import learner_key
from .platform_zip import is_zip, read_zip
from .tagfile import AssessedAnswer

__all__ = ["ClassWatch", "Look"]


@dataclass(frozen=True)
class Look:
    """What one :meth:`ClassWatch.refresh` found: files read, files gone, and whether the class's figures changed."""

    read: tuple[str, ...] = ()
    gone: tuple[str, ...] = ()
    changed: bool = False


@dataclass
class _Seen:
    """One file as last seen: its signature, what reading it gave, and the problems it was reported for."""

    signature: tuple
    entry: Entry | None
    problems: list[dict] = field(default_factory=list)
    other_case: str = ""  # in a class inbox: the other case the hand-in is for


class ClassWatch:
    """A folder (or class inbox) of hand-ins, or a platform's zip, on one case: refreshed by looking again.

    ``pass_`` is the pass the figures are about (``"first"`` or ``"lateral"``). :attr:`reads` counts the files read
    so far (each look adds only the new and changed ones).
    """

    def __init__(self, source: str | PathLike, case: CaseStudy, *, pass_: str = "first", assessment: Assessment | None = None):
        self.source = Path(source)
        self.case = case
        self.pass_ = pass_
        self.is_zip = is_zip(self.source)
        if not self.is_zip and not self.source.is_dir():
            raise SubmissionError(self.source, "is neither a folder nor a zip.", fix="give the class inbox, the folder the hand-ins are in, or the platform's zip.")
        self.reads = 0
        self.names: set[str] = set()  # every learner's name read so far (see ClassMerge.names)
        self.looks = 0
        self._seen: dict[str, _Seen] = {}
        self._files_of: dict[str, set[str]] = {}   # learner key -> names of the files naming that learner
        self._counting: dict[str, str] = {}        # learner key -> the name of the file that counts (the newest)
        self._contributions: dict[str, tuple] = {}  # learner key -> what that file added to the sums
        self._claims = np.array(sorted(case.claims["claim_id"]), dtype=object)
        self._row = {claim_id: row for row, claim_id in enumerate(self._claims)}
        self._column = {key: column for column, key in enumerate(case.taxonomy.keys)}
        self._section = dict(zip(case.claims["claim_id"], case.claims["section"]))
        self._counts = np.zeros((len(self._claims), len(self._column)), dtype=np.int64)
        self._scopes: Counter = Counter()
        self._exercises = ExerciseTally()
        self._assessed = AssessmentTally(assessment) if assessment is not None else None

    # ---- looking ----
    def refresh(self) -> Look:
        """Look at the source again: read what is new or changed, forget what is gone, update the sums."""
        self.looks += 1
        if self.is_zip:
            return self._read_zip_once()
        owners = owner_check(self.source)  # a class inbox: its owner check lists it (and the listing is the look)
        listed = owners.listed if owners is not None else self._list()
        wanted = {name: status for name, status in listed.items() if name.lower().endswith(".json") and not name.startswith(".")}
        gone = [name for name in self._seen if name not in wanted]
        for name in gone:
            self._forget(name)
        reader = SubmissionReader(self.case, owners=owners, other_cases=Counter() if owners is not None else None)
        read = []
        for name in sorted(wanted):
            signature = self._signature(wanted[name], owners is not None)
            seen = self._seen.get(name)
            if seen is not None and seen.signature == signature:
                continue
            if seen is not None:
                self._forget(name)
            self._read(name, Item(file_label(self.source / name), self.source / name), signature, reader)
            read.append(name)
        return Look(tuple(read), tuple(gone), bool(read or gone))

    def _list(self) -> dict[str, os.stat_result]:
        """A plain folder's entries and their ``stat`` (following links, as the merge reads them; a broken one: ``lstat``)."""
        found = {}
        with os.scandir(self.source) as entries:
            for entry in entries:
                try:
                    found[entry.name] = entry.stat()
                except OSError:
                    try:
                        found[entry.name] = entry.stat(follow_symlinks=False)
                    except OSError:
                        continue
        return found

    @staticmethod
    def _signature(status: os.stat_result, inbox: bool) -> tuple:
        base = (status.st_size, status.st_mtime_ns, status.st_ino, stat.S_IFMT(status.st_mode))
        return base + (status.st_uid, status.st_mode) if inbox else base

    def _read_zip_once(self) -> Look:
        if self._seen:
            return Look()
        contents = read_zip(self.source)
        reader = SubmissionReader(self.case)
        self._seen["(the zip)"] = _Seen((), None, list(contents.problems))
        for number, member in enumerate(contents.members):
            self._read(f"{number:05d} {member.name}", Item(member.name, None, member.data, member.learner, member.platform), (), reader)
        return Look(tuple(m.name for m in contents.members), (), True)

    def _read(self, name: str, item: Item, signature: tuple, reader: SubmissionReader) -> None:
        problems: list[dict] = []

        def report(where, learner: str, problem: str, outcome: str, fix: str = "") -> None:
            problems.append({"file": file_label(where) if isinstance(where, Path) else str(where), "learner": learner, "problem": problem, "outcome": outcome, "fix": fix})

        before = Counter(reader.other_cases) if reader.other_cases is not None else Counter()
        entry = reader.read(item, report)
        self.reads += 1
        self.names |= reader.names  # every learner's name seen: what pseudonyms must hide in the problems' texts
        other = next(iter((reader.other_cases or Counter()) - before), "")
        self._seen[name] = _Seen(signature, entry, problems, other)
        if entry is not None:
            self._files_of.setdefault(entry.key, set()).add(name)
            self._choose(entry.key)

    def _forget(self, name: str) -> None:
        seen = self._seen.pop(name)
        if seen.entry is not None:
            files = self._files_of[seen.entry.key]
            files.discard(name)
            if not files:
                del self._files_of[seen.entry.key]
            self._choose(seen.entry.key)

    # ---- who counts, and the sums ----
    def _choose(self, key: str) -> None:
        """Make the learner's newest file the one that counts: take away what the learner added before, add the new."""
        newest = None
        for name in self._files_of.get(key, ()):
            if newest is None or newer(self._entry(name), self._entry(newest)):
                newest = name
        previous = self._contributions.pop(key, None)
        if previous is not None:
            self._add(previous, -1)
        self._counting.pop(key, None)
        if newest is not None:
            self._counting[key] = newest
            self._contributions[key] = self._contribution(self._entry(newest))
            self._add(self._contributions[key], 1)

    def _entry(self, name: str) -> Entry:
        """The entry of a file in ``_files_of`` (only a file that reads as an Entry is put there)."""
        entry = self._seen[name].entry
        assert entry is not None, name
        return entry

    def _contribution(self, entry: Entry) -> tuple:
        """What one learner adds to the sums: (rows, columns, parts of the article) for the pass, and exercise results."""
        columns = dict(entry.passes)[self.pass_]
        rows = np.fromiter(map(self._row.__getitem__, columns.claim_ids), dtype=np.int64, count=len(columns.claim_ids))
        cols = np.fromiter(map(self._column.__getitem__, columns.levels), dtype=np.int64, count=len(columns.levels))
        scopes = ({WHOLE_ARTICLE} | {self._section[c] for c in columns.claim_ids}) if columns.claim_ids else set()
        return rows, cols, frozenset(scopes), entry.exercises, entry.assessment

    def _add(self, contribution: tuple, sign: int) -> None:
        rows, cols, scopes, exercises, answers = contribution
        np.add.at(self._counts, (rows, cols), sign)
        for scope in scopes:
            self._scopes[scope] += sign
        self._exercises.add(exercises, sign)
        if self._assessed is not None:
            self._assessed.add(answers, sign)

    # ---- what the view shows ----
    def _counted(self) -> tuple[list[Entry], list[dict]]:
        """The entries that count (learners who typed one name numbered, as the merge does) and the rows saying so."""
        return tell_apart(sorted((self._entry(name) for name in self._counting.values()), key=lambda entry: entry.label))

    @property
    def learners(self) -> list[str]:
        """The learners who count, by name, sorted (two who typed one name are ``Ana (1)`` and ``Ana (2)``)."""
        return sorted(entry.learner for entry in self._counted()[0])

    def missing(self, roster: list[str]) -> list[str]:
        """The names on ``roster`` with no hand-in (matched ignoring case and spacing, or as the same letters)."""
        typed = [self._entry(name).learner for name in self._counting.values()]
        keys = {learner_key(name) for name in typed}
        return [name for name in roster if learner_key(name) not in keys and not any(same_letters(name, learner) for learner in typed)]

    def tally(self) -> Tally:
        """The sums as the class statistics take them: counts of the claims someone tagged, learners per part."""
        tagged = self._counts.sum(axis=1) > 0
        counts = pd.DataFrame(self._counts[tagged], index=pd.Index(self._claims[tagged], name="claim_id"),
                              columns=pd.Index(list(self.case.taxonomy.keys), name="level"))
        return Tally(counts, {scope: n for scope, n in self._scopes.items() if n > 0})

    def results(self, key: AnswerKey | None = None, *, disputed: int = 10) -> ClassResults | None:
        """Every class statistic but each learner against the key (:func:`medialit.class_stats.from_tally`); None before any tag."""
        counted = self.tally()
        if counted.counts.empty:
            return None
        return from_tally(counted, self.case, key, pass_=self.pass_, disputed=disputed)

    def exercises(self, titles: dict[str, str] | None = None) -> pd.DataFrame:
        """The exercise summary of the learners who count (:mod:`medialit.class_exercises`)."""
        return self._exercises.summary(titles)

    def assessment(self) -> dict[str, dict[str, AssessedAnswer]]:
        """The before/after assessment's answers of the learners who count (learner -> task ID -> answer), as a merge gives them."""
        return assessment_answers(self._counted()[0])

    def assessment_summary(self) -> BeforeAfter | None:
        """The self-scored before/after of the learners who count, from the sums (:mod:`medialit.assessment_tally`);
        None while nobody answered, or when the watch was made without the ``assessment``."""
        return self._assessed.summary() if self._assessed is not None else None

    def other_cases(self) -> dict[str, int]:
        """In a class inbox: how many hand-ins are for other case studies, per case."""
        return dict(sorted(Counter(seen.other_case for seen in self._seen.values() if seen.other_case).items()))

    def problems(self) -> pd.DataFrame:
        """Every file or part of a file not merged, and why (columns :data:`PROBLEM_COLUMNS`), sorted by file."""
        rows = [row for seen in self._seen.values() for row in seen.problems]
        counted, told_apart = self._counted()
        rows += told_apart + [row for entry in counted for row in entry.dropped]
        counting = set(self._counting.values())
        for key, files in self._files_of.items():
            newest = self._entry(self._counting[key])
            for name in files:
                entry = self._entry(name)
                if name not in counting:
                    problem, outcome = replaced_by(newest, entry)
                    rows.append({"file": entry.label, "learner": entry.learner, "problem": problem, "outcome": outcome, "fix": ""})
        return pd.DataFrame(sorted(rows, key=lambda row: (row["file"], row["outcome"])), columns=PROBLEM_COLUMNS)
