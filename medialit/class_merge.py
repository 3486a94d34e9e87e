"""Collect a class's submissions on one case study into one table, and report every file that could not be used, and why.

Each learner exports one tag file (the format of :mod:`medialit.tagfile`, ``kind: "submission"``); the teacher
puts them in one folder (or has them handed in to a class inbox, or downloads them from a learning platform as
one zip: :mod:`medialit.platform_zip`) and merges it against the case the class tagged::

    import medialit
    tags, problems = merge_submissions(medialit.data.path("sample_class"), medialit.load_case())
    tags.head()        # one row per learner per tagged claim
    problems           # one row per file (or part of a file) that was not merged, with the reason

(``medialit.merge_submissions(folder)``, in :mod:`medialit.classroom`, does the same with the series' case
unless given another.)

The merge only **reads**: nothing is ever written into the submissions folder. A bad file never stops the
merge; it becomes a row of ``problems`` and the rest of the class still merges:

=====================  ===========================================================================
what is wrong          what happens
=====================  ===========================================================================
not JSON, not UTF-8,   file skipped (``outcome = "skipped"``); the reason comes from
another schema,        :func:`medialit.tagfile.read`, which names the field and the fix
newer version, too
large (> 2 MB), empty
another case or        file skipped: it names another case study, or its article fingerprint
article                (SHA-256) is not this article's; the report names the case it is about
no tags at all         file skipped: nothing to merge; but a file with the assessment's answers and
                       no tags counts (notebook 91 hands answers in before any tag)
unknown claim IDs or   **those tags are dropped**, the rest of the file merges
levels                 (``outcome = "tags dropped"``; the report names up to five of them)
same learner twice     the file with the newest ``updated`` time wins; each older one is reported
                       (``outcome = "replaced by a newer file"``). Names match ignoring case and
                       spacing. Two saved at the same moment: the file name that sorts last counts, and
                       the other says so (``outcome = "not used: saved at the same moment"``)
two learners, one      in a folder the teacher collected, a typed name is only a name: two files naming
typed name             "Ana" are one learner's only if they come from one tagging session (the same
                       ``created`` time). Otherwise **both count**, as ``Ana (1)`` and ``Ana (2)`` in the
                       order saved, and each file says so (``outcome = "counted as a separate learner"``).
                       Where a class inbox (the file's owner), a platform (its file-name scheme) or a
                       collector (``<user>--<file>.json``, :func:`collected_as`) names the learner, that
                       name is the identity: :func:`tell_apart`
no learner name        merged under the file's name (``outcome = "merged, named after the file"``)
in a class inbox: not  file skipped: the name inside or the file name is not its owner's hub user, or it is
the owner's name       a link, or others can change it (:mod:`medialit.inbox_reader`)
in a class inbox: a    left out quietly and counted (``ClassMerge.other_cases``): an inbox holds one hand-in
hand-in for another    per learner per case (``<name>--<case id>.json``); a name for another case is not even
case                   opened
in a platform's zip:   merged under the name the platform gives (its file-name scheme); where the name inside
named by the platform  differs (not just in order or case: "smithjane" is "Jane Smith"), a row says so
                       (``outcome = "merged as <platform> names it"``). A member that is not read (not .json, a
                       link, a zip bomb, ...) is a row too (:mod:`medialit.platform_zip`)
not a regular file     file skipped **without being opened**: a folder named ``x.json``, a named pipe
                       (FIFO), a socket or a device could block or flood the merge
a symbolic link        file skipped **without being followed** (checked with ``lstat``): it could point at
                       any file on the teacher's computer; the row says what it points to
text that is not       file skipped: a lone surrogate (``"\\ud800"``, from code or a bad paste) in the
valid Unicode          name, a note or a time cannot be written to the report
anything unexpected    file skipped, the error named: one file can never stop the merge
=====================  ===========================================================================

File names are shown with undecodable bytes as escapes (``\\xff``), so any name can go into the report.

Progress files (``kind: "progress"``) merge like submissions: the format is the same. Dropping unknown tags
rather than the whole file keeps a learner's real work when, say, the instructor's
taxonomy gained a level after the learner started; the report says exactly what was left out.
"""

from __future__ import annotations

import os
import re
import stat
import unicodedata
from collections import Counter
from datetime import datetime, timezone
from itertools import chain
from operator import attrgetter
from os import PathLike
from pathlib import Path
from typing import Callable, Iterable, NamedTuple

import numpy as np
import pandas as pd

from .article import Article
from .case import CaseStudy, as_case
from .errors import SubmissionError
from .inbox_reader import OwnerCheck, owner_check
from .paths import learner_key  # one identity rule for files, merges and pseudonyms
from .platform_zip import is_zip, read_zip
from .safe_text import for_terminal
from .taxonomy import Taxonomy
from .tagfile import AssessedAnswer, ExerciseResult, Tag, TagFile, from_bytes, read

__all__ = ["TAG_COLUMNS", "PROBLEM_COLUMNS", "EXERCISE_COLUMNS", "Item", "Entry", "ClassMerge", "SubmissionReader", "merge_class",
           "merge_submissions", "class_items", "tag_table", "exercise_table", "assessment_answers", "newer", "replaced_by", "tell_apart", "same_letters", "submission_files",
           "learner_key", "file_label", "not_a_regular_file"]

TAG_COLUMNS = ["learner", "file", "pass", "claim_id", "section", "level", "rank", "note", "tagged_at", "updated"]
PROBLEM_COLUMNS = ["file", "learner", "problem", "outcome", "fix"]
EXERCISE_COLUMNS = ["learner", "file", "exercise_id", "status", "first", "attempts", "wrong"]
_SHOWN = 5  # how many unknown IDs or levels a problem row names
SAME_MOMENT = "not used: saved at the same moment"   # the outcome of a learner's file that tied with the one used
TOLD_APART = "counted as a separate learner"          # the outcome of each file of learners who typed one name
_SURROGATE = re.compile("[\ud800-\udfff]")  # a lone surrogate: text that cannot be written as UTF-8
_FILE_KINDS = ((stat.S_ISDIR, "a folder"), (stat.S_ISFIFO, "a named pipe (FIFO)"), (stat.S_ISSOCK, "a socket"),
               (stat.S_ISCHR, "a character device"), (stat.S_ISBLK, "a block device"))


def file_label(path: str | PathLike) -> str:
    """A file's name as text that can always be shown and saved: bytes that are not UTF-8 become ``\\xff`` escapes."""
    return os.fsencode(Path(path).name).decode("utf-8", "backslashreplace")


def not_a_regular_file(mode: int) -> str:
    """What a file of this ``st_mode`` is, if it is not a regular file (``"a named pipe (FIFO)"``); else ``""``."""
    if stat.S_ISREG(mode):
        return ""
    return next((kind for is_kind, kind in _FILE_KINDS if is_kind(mode)), "not a regular file")


def submission_files(folder: str | PathLike) -> list[Path]:
    """The ``*.json`` files directly in ``folder``, sorted by name; hidden and temporary files are left out."""
    folder = Path(folder)
    if not folder.exists():
        raise SubmissionError(folder, "does not exist.", fix="check the path: give the folder the class's submission files were collected in.")
    if not folder.is_dir():
        raise SubmissionError(folder, "is not a folder.", fix="give the folder the class's submission files were collected in.")
    # Names first, paths after: a class of a thousand is sorted and filtered as strings, not as Path objects.
    with os.scandir(folder) as entries:
        names = sorted(entry.name for entry in entries if entry.name.lower().endswith(".json") and not entry.name.startswith("."))
    return [folder / name for name in names]


def _when(stamp: str) -> datetime:
    """An ``updated`` time for comparing files; unreadable times sort as the oldest."""
    try:
        moment = datetime.fromisoformat(stamp)
    except (TypeError, ValueError):
        return datetime.min.replace(tzinfo=timezone.utc)
    return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)


def _names(values: list[str]) -> str:
    shown = ", ".join(repr(v[:40]) for v in values[:_SHOWN])
    return shown + (f" and {len(values) - _SHOWN} more" if len(values) > _SHOWN else "")


class _Columns(NamedTuple):
    """One pass of one file's tags as four lists of text (claim IDs, levels, notes, times), in the file's order.

    A class merge keeps every learner's tags until the end. Kept as one ``Tag`` per tag, 1,000 learners leave
    ~65,000 objects the garbage collector tracks (it never lets go of tuple subclasses), and it then scans the
    whole kernel for cycles (~80 ms on a classroom server); as columns, each file leaves a handful.
    """

    claim_ids: list[str]
    levels: list[str]
    notes: list[str]
    stamps: list[str]


class Item(NamedTuple):
    """One submission to read: a file on disk, or a member of a platform's zip already read into memory."""

    label: str                # how the report names it: the file's name, or the member's path in the zip
    path: Path | None = None  # the file (None for a zip member)
    data: bytes | None = None  # a zip member's bytes
    learner: str = ""         # the learner a platform's file name names ("" when it names none)
    platform: str = ""        # the platform that named the learner ("Canvas", "Moodle", "Google Classroom")


class Entry(NamedTuple):
    """A learner's accepted submission, compacted: who and when, its passes as columns (known claims and levels
    only), its exercise results, the "tags dropped" rows, reported only if it is its learner's newest file, and its
    assessment answers."""

    label: str
    learner: str
    key: str  # learner_key(learner): one learner, one key
    updated: str
    passes: tuple[tuple[str, _Columns], ...]
    exercises: dict[str, ExerciseResult]
    dropped: tuple[dict, ...]
    assessment: dict[str, AssessedAnswer] = {}  # never changed in place: each entry gets the file's own dict


class ClassMerge(NamedTuple):
    """A merged class: the tags, the problems, the exercise results, how many hand-ins were for other cases, and
    the before/after assessment's answers.

    ``other_cases`` counts, per case id, the hand-ins a class inbox holds for other case studies: expected there
    (one file per learner per case), so they are left out quietly rather than listed as problems. ``names`` holds
    every learner's name the merge saw (inside files, given by a platform or an inbox), for
    :func:`medialit.pseudonyms.pseudonymise` to hide wherever a problem's text mentions one.
    ``assessment`` maps each learner whose newest file carries assessment answers to them (task ID ->
    :class:`AssessedAnswer`; :func:`medialit.assessment_scores.hand_in_records` makes the score sheet's records of it).
    """

    tags: pd.DataFrame
    problems: pd.DataFrame
    exercises: pd.DataFrame
    other_cases: dict[str, int]
    names: frozenset[str] = frozenset()
    assessment: dict[str, dict[str, AssessedAnswer]] = {}


def _columns(tags: dict[str, Tag]) -> _Columns:
    values = tags.values()
    return _Columns(list(tags), list(map(_LEVEL, values)), list(map(_NOTE, values)), list(map(_STAMP, values)))


_LEVEL, _NOTE, _STAMP = (attrgetter(name) for name in Tag._fields)


def newer(one: Entry, other: Entry) -> bool:
    """Whether ``one`` replaces ``other`` as its learner's file: the newest ``updated``, then the label that sorts last."""
    return (_when(one.updated), one.label) > (_when(other.updated), other.label)


def same_letters(one: str, other: str) -> bool:
    """Whether two names have the same letters and digits, in any order and case (``"Jane Smith"``, ``"smithjane"``)."""
    def letters(name: str) -> list[str]:
        return sorted(c for c in unicodedata.normalize("NFC", name).casefold() if c.isalnum())
    return letters(one) == letters(other)


class SubmissionReader:
    """Reads one submission at a time on one case: every check of the merge, then the learner's name, compacted.

    Shared by :func:`merge_class` and the live class view (:mod:`medialit.class_watch`), which reads only the files
    that are new or changed. ``owners`` is the class inbox's owner check (or None); with ``other_cases`` (a
    Counter) hand-ins for other case studies are counted there instead of reported.
    """

    def __init__(self, case: CaseStudy, *, owners: OwnerCheck | None = None, other_cases: Counter | None = None):
        self.case = case
        self.owners = owners
        self.other_cases = other_cases
        self.sections = dict(zip(case.claims["claim_id"], case.claims["section"]))
        self.ranks = {level.key: level.rank for level in case.taxonomy}
        self.sha256 = case.sha256  # a property that hashes the whole text: computed once, not per file
        self.names: set[str] = set()  # every learner's name seen in a file, a platform's or an inbox's: what pseudonyms hide

    def read(self, item: Item, report: Callable[..., None]) -> Entry | None:
        """The item as an Entry, or None; everything not merged is reported through ``report(path, learner, ...)``."""
        where = item.path if item.path is not None else item.label

        def noted(where, learner, problem, outcome, fix=""):  # report, noting the learner's name for the pseudonyms
            self.names.add(learner)
            report(where, learner, problem, outcome, fix)

        self.names.add(item.learner)
        try:
            if self.other_cases is not None and item.path is not None and self._other_case_by_name(item.path):
                return None
            if item.data is not None:
                submission = self._check(where, self._parse(where, item.data, noted), noted)
            elif item.path is None:
                raise ValueError("an item with neither a file nor a zip member's bytes")
            elif self.owners is not None:
                submission = self.owners.read(item.path, lambda path, owned: self._check(path, self._open(path, owned), owned), noted)
            else:
                submission = self._check(item.path, self._open(item.path, noted), noted)
            return None if submission is None else self._entry(item, where, submission, noted)
        except Exception as exc:  # the last line of defence: whatever one file does, the rest of the class merges
            noted(where, "", f"could not be merged ({type(exc).__name__}: {for_terminal(str(exc))[:200]}).", "skipped",
                  "open the file to check it, or ask the learner to export again; please tell the series' maintainers.")
            return None

    def _other_case_by_name(self, path: Path) -> bool:
        """In an inbox, a hand-in named ``<name>--<case>.json`` for another case is counted and never opened."""
        _, separator, case_id = path.stem.partition("--")
        if separator and case_id != self.case.id and self.other_cases is not None:
            self.other_cases[case_id] += 1
            return True
        return False

    def _open(self, path: Path, report: Callable[..., None]) -> TagFile | None:
        try:
            status = os.lstat(path)  # the entry itself: a link is never followed
        except OSError as exc:  # gone since the folder was listed, no permission on the folder
            report(path, "", f"cannot be read ({exc.strerror or type(exc).__name__}).", "skipped")
            return None
        if stat.S_ISLNK(status.st_mode):  # it could point at any file on this computer: the teacher's own, say
            report(path, "", f"is a symbolic link ({_link_target(path)}), not a file a learner handed in; it was not opened.", "skipped",
                   "take it out of the folder; if it stands for a learner's file, copy that file in its place.")
            return None
        kind = not_a_regular_file(status.st_mode)
        if kind:  # never opened: reading a named pipe waits forever, a device never ends
            report(path, "", f"is not a regular file (it is {kind}); it was not opened.", "skipped", "take it out of the folder; a submission is a .json file the tagger exported.")
            return None
        return self._guarded(path, report, lambda: read(path, error=SubmissionError))

    def _parse(self, label: Path | str, data: bytes, report: Callable[..., None]) -> TagFile | None:
        return self._guarded(label, report, lambda: from_bytes(data, label, error=SubmissionError))

    @staticmethod
    def _guarded(where: Path | str, report: Callable[..., None], reading: Callable[[], TagFile]) -> TagFile | None:
        try:
            return reading()
        except SubmissionError as exc:
            report(where, "", f"{exc.where + ': ' if exc.where else ''}{exc.problem}", "skipped", exc.fix)
        except RecursionError:  # JSON nested thousands deep: not a tag file, and json would overflow
            report(where, "", "is nested too deeply to be a tag file.", "skipped")
        except OSError as exc:  # unreadable: no permission, removed while the merge ran
            report(where, "", f"cannot be read ({exc.strerror or type(exc).__name__}).", "skipped")
        return None

    def _check(self, where: Path | str, submission: TagFile | None, report: Callable[..., None]) -> TagFile | None:
        """The submission if it is about this case and has something to merge; else report why and return None."""
        if submission is None:
            return None
        self.names.add(submission.learner)  # the name inside, as typed: a problem's text may quote it
        case_id = self.case.id
        if submission.case_id and submission.case_id != case_id:
            if self.other_cases is not None:
                self.other_cases[submission.case_id] += 1
                return None
            report(where, submission.learner, f"is about another case study ({submission.case_id!r}: {submission.article_title[:60]!r}); this report is for {case_id!r}.", "skipped",
                   f"merge it with that case's report (class-report ... --case {submission.case_id}), or ask the learner to tag this case and export again.")
            return None
        if submission.article_sha256 != self.sha256:
            report(where, submission.learner, f"is about another article (fingerprint {submission.article_sha256[:12]!r}, this article's is {self.sha256[:12]!r}).", "skipped", "ask the learner to tag this article and export again.")
            return None
        if not submission.tags and not submission.lateral_tags and not submission.assessment:  # answers alone count (notebook 91)
            report(where, submission.learner, "has no tags and no assessment answers.", "skipped", "ask the learner to tag some claims and export again.")
            return None
        problem = _lone_surrogate(submission)
        if problem:
            report(where, "", f"{problem}: holds text that is not valid Unicode (a lone surrogate such as '\\ud800', from code or a bad paste).", "skipped",
                   "ask the learner to retype that text and export again.")
            return None
        return submission

    def _entry(self, item: Item, where: Path | str, submission: TagFile, report: Callable[..., None]) -> Entry:
        """Name the submission (the platform's name, else its own, else its file's) and keep its known tags."""
        inside = submission.learner.strip()
        name = item.learner or inside or Path(item.label).stem
        if item.learner and inside and not same_letters(inside, item.learner.rsplit(" (", 1)[0]):
            report(where, name, f"says it is by {inside[:60]!r}; {item.platform} says {item.learner[:60]!r} handed it in.", f"merged as {item.platform} names it",
                   "nothing to do if that is the learner's nickname; otherwise ask who made this file.")
        elif not item.learner and not inside:
            report(where, name, "the file gives no learner name.", "merged, named after the file", "rename the file, or ask the learner to export with their name.")
        passes, unknown_claims, unknown_levels = [], [], []
        for pass_name, tags in (("first", submission.tags), ("lateral", submission.lateral_tags)):
            found = _columns(tags)
            if not (set(found.claim_ids) <= self.sections.keys() and set(found.levels) <= self.ranks.keys()):  # set checks run in C
                known = [i for i, (c, level) in enumerate(zip(found.claim_ids, found.levels)) if c in self.sections and level in self.ranks]
                unknown_claims += [c for c in found.claim_ids if c not in self.sections]
                unknown_levels += [level for c, level in zip(found.claim_ids, found.levels) if c in self.sections and level not in self.ranks]
                found = _Columns(*([values[i] for i in known] for values in found))
            passes.append((pass_name, found))
        label = item.label
        dropped = []
        if unknown_claims:
            dropped.append(_row(label, name, f"{len(unknown_claims)} tag(s) on claim IDs this article does not have: {_names(unknown_claims)}.", "tags dropped"))
        if unknown_levels:
            dropped.append(_row(label, name, f"{len(unknown_levels)} tag(s) with levels the taxonomy does not have: {_names(sorted(set(unknown_levels)))}.", "tags dropped"))
        return Entry(label, name, self._identity(item, name, submission), submission.updated, tuple(passes), submission.exercises, tuple(dropped), submission.assessment)

    def _identity(self, item: Item, name: str, submission: TagFile) -> str:
        """Who a file is by: the name a class inbox's owner or a platform vouches for; else the user a collector put
        before ``--`` in the file's name (``jupyter-ana--ana.json``, docs/deploy.md's copy loop); else the typed name
        *and* the tagging session (its ``created`` time), since two learners can type one name (:func:`tell_apart`)."""
        if self.owners is not None or item.learner:
            return learner_key(name)
        collector = collected_as(item.label)
        if collector:
            self.names.add(collector)
            return f"collected as\n{learner_key(collector)}"
        return f"{learner_key(name)}\n{submission.created or 'file ' + item.label}"


def collected_as(label: str) -> str:
    """The user a collector named a file after, ``<user>--<file>.json`` (``""`` if none). A learner's own file name
    never holds ``--`` before its case (:func:`medialit.paths.file_stem`), so ``ana--old-station.json`` gives ``ana``.

    >>> collected_as("jupyter-ana--ana.json"), collected_as("ana (1).json")
    ('jupyter-ana', '')
    """
    user, separator, _ = label.replace("\\", "/").rpartition("/")[2].partition("--")
    return user.strip() if separator else ""


def _link_target(path: Path) -> str:
    """What a symbolic link points at, in words, without opening it: "to a character device", "to a missing file"."""
    try:
        kind = not_a_regular_file(os.stat(path).st_mode)
    except OSError:
        return "to a file that does not exist or cannot be reached"
    return f"to {kind}" if kind else "to a file elsewhere"


def _row(label: str, learner: str, problem: str, outcome: str, fix: str = "") -> dict:
    return {"file": label, "learner": learner, "problem": problem, "outcome": outcome, "fix": fix}


def _label(where: Path | str) -> str:
    return file_label(where) if isinstance(where, Path) else str(where)


def class_items(source: str | PathLike | Iterable[str | PathLike], report: Callable[..., None]) -> tuple[list[Item], OwnerCheck | None]:
    """What to read for ``source``: a folder's ``*.json`` files (with the inbox's owner check, if it is one), a
    platform's zip (its members read into memory, the members left out reported), or a list of files."""
    if isinstance(source, (str, PathLike)):
        if is_zip(source):
            contents = read_zip(source)
            for problem in contents.problems:
                report(problem["file"], problem["learner"], problem["problem"], problem["outcome"], problem["fix"])
            return [Item(m.name, None, m.data, m.learner, m.platform) for m in contents.members], None
        owners = owner_check(source)  # a class inbox: each file counts under its owner's name only
        return [Item(file_label(p), p) for p in submission_files(source)], owners
    return [Item(file_label(p), Path(p)) for p in sorted(Path(p) for p in source)], None


def merge_class(
    source: str | PathLike | Iterable[str | PathLike],
    case: CaseStudy | Article,
    taxonomy: Taxonomy | None = None,
    *,
    progress: Callable[[int, int], None] | None = None,
) -> ClassMerge:
    """Merge a class on ``case``: a folder of submissions (or a class inbox), a platform's zip, or a list of files.

    Returns :class:`ClassMerge`: ``tags`` and ``problems`` as :func:`merge_submissions` describes them,
    ``exercises`` (one row per learner and exercise tried, columns :data:`EXERCISE_COLUMNS`), ``other_cases`` and
    ``assessment`` (each learner's assessment answers, from their newest file).
    """
    case = as_case(case, taxonomy)
    problems: list[dict] = []

    def report(where: Path | str, learner: str, problem: str, outcome: str, fix: str = "") -> None:
        problems.append(_row(_label(where), learner, problem, outcome, fix))

    items, owners = class_items(source, report)
    other_cases: Counter = Counter()
    reader = SubmissionReader(case, owners=owners, other_cases=other_cases if owners is not None else None)
    accepted: dict[str, Entry] = {}
    for done, item in enumerate(items, start=1):
        entry = reader.read(item, report)
        if entry is not None:
            _keep_newest(accepted, entry, report)
        if progress is not None:
            progress(done, len(items))
    winners, told_apart = tell_apart(sorted(accepted.values(), key=attrgetter("label")))
    problems += told_apart + [row for entry in winners for row in entry.dropped]
    return ClassMerge(tag_table(winners, reader.sections, reader.ranks), pd.DataFrame(problems, columns=PROBLEM_COLUMNS),
                      exercise_table(winners), dict(sorted(other_cases.items())), frozenset(reader.names | {entry.learner for entry in winners}) - {""},
                      assessment_answers(winners))


def merge_submissions(
    folder: str | PathLike | Iterable[str | PathLike],
    case: CaseStudy | Article,
    taxonomy: Taxonomy | None = None,
    *,
    progress: Callable[[int, int], None] | None = None,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Merge a class's submission files on ``case`` into ``(tags, problems)``, two DataFrames.

    ``folder`` is the folder of ``*.json`` submissions (or a class inbox), a platform's bulk-download zip
    (:mod:`medialit.platform_zip`), or a list of file paths (to merge two folders, pass both lists). ``case`` is
    the case study the class tagged (a :class:`~medialit.case.CaseStudy`, or an article with ``taxonomy``); files
    about another case are reported and left out. ``progress(done, total)`` is called after each file, for a
    progress bar. :func:`merge_class` also gives the exercise results.

    ``tags`` has one row per learner, pass and claim, columns :data:`TAG_COLUMNS`: ``pass`` is ``"first"``
    (reading the article alone) or ``"lateral"`` (after reading laterally), ``rank`` is the level's rank
    (missing for *not a factual claim*), ``file`` the submission's file name. ``problems`` has one row per
    file or part of a file not merged, columns :data:`PROBLEM_COLUMNS`. Learner text (names, notes) is
    returned as written: escape it before showing it as HTML (:mod:`medialit.report` does).
    """
    merged = merge_class(folder, case, taxonomy, progress=progress)
    return merged.tags, merged.problems


def tag_table(winners: list[Entry], sections: dict[str, str], ranks: dict[str, int | None]) -> pd.DataFrame:
    """One row per learner, pass and claim (columns :data:`TAG_COLUMNS`) from the learners' newest entries."""
    blocks: list[tuple[str, str, str, str, int]] = []  # (learner, file, pass, updated, how many tags): repeated below
    columns = _Columns([], [], [], [])
    for entry in winners:
        for pass_name, found in entry.passes:
            for everything, part in zip(columns, found):
                everything.extend(part)
            blocks.append((entry.learner, entry.label, pass_name, entry.updated, len(found.claim_ids)))

    def repeated(field: int) -> list:
        return [value for block in blocks for value in [block[field]] * block[4]]

    return pd.DataFrame({
        "learner": repeated(0),
        "file": repeated(1),
        "pass": repeated(2),
        "claim_id": columns.claim_ids,
        "section": list(map(sections.__getitem__, columns.claim_ids)),
        "level": columns.levels,
        "rank": pd.array(np.array([np.nan if r is None else r for r in map(ranks.__getitem__, columns.levels)], dtype=float), dtype="Int64"),
        "note": columns.notes,
        "tagged_at": columns.stamps,
        "updated": repeated(3),
    }, columns=TAG_COLUMNS)


def exercise_table(winners: list[Entry]) -> pd.DataFrame:
    """One row per learner and exercise tried (columns :data:`EXERCISE_COLUMNS`); ``wrong`` is a tuple of texts."""
    rows = [(entry.learner, entry.label, exercise_id, *result) for entry in winners for exercise_id, result in entry.exercises.items()]
    return pd.DataFrame(rows, columns=EXERCISE_COLUMNS)


def assessment_answers(winners: Iterable[Entry]) -> dict[str, dict[str, AssessedAnswer]]:
    """Each learner's assessment answers, from their counting entries (learners without any are left out)."""
    return {entry.learner: entry.assessment for entry in winners if entry.assessment}


def _lone_surrogate(submission: TagFile) -> str:
    """Where ``submission`` holds a lone surrogate (text no file can store as UTF-8), e.g. ``"field 'learner'"``; else ``""``."""
    passes = (("tags", submission.tags), ("lateral_tags", submission.lateral_tags))
    # Every text of the file in one string, joined in C (a Tag is a tuple of texts), and encoded once: the common
    # case costs a few microseconds (a regular-expression search over the same text takes ten times as long).
    try:
        "".join(chain((submission.learner, submission.updated), *(chain.from_iterable(tags.values()) for _, tags in passes))).encode("utf-8")
        return ""
    except UnicodeEncodeError:
        pass
    for name, value in (("learner", submission.learner), ("updated", submission.updated)):
        if _SURROGATE.search(value):
            return f"field {name!r}"
    return next(f"{name}[{claim_id!r}]" for name, tags in passes for claim_id, tag in tags.items() if _SURROGATE.search("".join(tag)))


def _keep_newest(accepted: dict[str, Entry], entry: Entry, report: Callable[..., None]) -> None:
    """Keep one file per learner: the newest ``updated`` (then the later file name); report the other."""
    other = accepted.get(entry.key)
    if other is None:
        accepted[entry.key] = entry
        return
    newest, older = (entry, other) if newer(entry, other) else (other, entry)
    accepted[entry.key] = newest
    report(older.label, older.learner, *replaced_by(newest, older))


def replaced_by(newest: Entry, older: Entry) -> tuple[str, str]:
    """The problem text and the outcome for a learner's file that does not count, beside the one that does."""
    if _when(newest.updated) != _when(older.updated):
        return (f"the same learner as {newest.label}, which is newer (updated {newest.updated[:40]!r}, this one {older.updated[:40]!r}).",
                "replaced by a newer file")
    when = f"both updated {newest.updated[:40]!r}" if _when(newest.updated) != _when("") else "neither says when it was saved"
    return (f"the same learner's work as {newest.label}, saved at the same moment ({when}); {newest.label} was used because, "
            "between files saved at the same moment, the one whose name sorts last counts (a fixed rule: every report picks the same).",
            SAME_MOMENT)


def tell_apart(entries: list[Entry]) -> tuple[list[Entry], list[dict]]:
    """Number the learners who typed the same name but are not one learner (different sessions): ``Ana (1)``, ``Ana (2)``.

    ``entries`` are the files that count, one per learner; the numbers follow the order they were saved in (then
    their names). Returns them renamed, in the order given, and one problem row per renamed file saying so.
    """
    groups: dict[str, list[Entry]] = {}
    for entry in sorted(entries, key=lambda entry: (_when(entry.updated), entry.label)):  # numbered in the order saved
        groups.setdefault(learner_key(entry.learner), []).append(entry)
    renamed: dict[str, Entry] = {}
    rows: list[dict] = []
    for group in groups.values():
        if len(group) < 2:
            continue
        names = [f"{entry.learner} ({number})" for number, entry in enumerate(group, start=1)]
        problem = (f"{len(group)} files name the learner {group[0].learner[:60]!r}: {', '.join(entry.label for entry in group)}. They are not one "
                   f"learner's work (different tagging sessions, or collected from different accounts), so each counts as a learner of its own: "
                   f"{', '.join(names)}.")
        for entry, name in zip(group, names):
            rows.append(_row(entry.label, name, problem, TOLD_APART, "ask them to use distinct names (or pseudonyms) and export again; "
                             "if the files are one learner's after all, keep only the newer one in the folder."))
            renamed[entry.label] = entry._replace(learner=name, dropped=tuple(dict(row, learner=name) for row in entry.dropped))
    return [renamed.get(entry.label, entry) for entry in entries], rows
