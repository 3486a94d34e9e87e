"""Collect a class's submissions on one case study into one table, and report every file that could not be used, and why.

Each learner exports one tag file (the format of :mod:`medialit.tagfile`, ``kind: "submission"``); the teacher
puts them in one folder and merges it against the case the class tagged::

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
no tags at all         file skipped: nothing to merge
unknown claim IDs or   **those tags are dropped**, the rest of the file merges
levels                 (``outcome = "tags dropped"``; the report names up to five of them)
same learner twice     the file with the newest ``updated`` time wins; each older one is reported
                       (``outcome = "replaced by a newer file"``). Names match ignoring case and
                       spacing; ties go to the file name that sorts last
no learner name        merged under the file's name (``outcome = "merged, named after the file"``)
in a class inbox: not  file skipped: the name inside or the file name is not its owner's hub user, or it is
the owner's name       a link, or others can change it (:mod:`medialit.inbox_reader`)
not a regular file     file skipped **without being opened**: a folder named ``x.json``, a named pipe
                       (FIFO), a socket, a device, or a link to one (``/dev/zero``) could block or
                       flood the merge
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
from datetime import datetime, timezone
from functools import partial
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
from .inbox_reader import owner_check
from .paths import learner_key  # one identity rule for files, merges and pseudonyms
from .safe_text import for_terminal
from .taxonomy import Taxonomy
from .tagfile import Tag, TagFile, read

__all__ = ["TAG_COLUMNS", "PROBLEM_COLUMNS", "merge_submissions", "submission_files", "learner_key", "file_label", "not_a_regular_file"]

TAG_COLUMNS = ["learner", "file", "pass", "claim_id", "section", "level", "rank", "note", "tagged_at", "updated"]
PROBLEM_COLUMNS = ["file", "learner", "problem", "outcome", "fix"]
_SHOWN = 5  # how many unknown IDs or levels a problem row names
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
    if not folder.is_dir():
        raise SubmissionError(folder, "is not a folder.", fix="give the folder the class's submission files were collected in.")
    return sorted(p for p in folder.iterdir() if p.suffix.lower() == ".json" and not p.name.startswith("."))


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


class _Kept(NamedTuple):
    """A learner's accepted submission, compacted: who, when, and its two passes as columns."""

    learner: str
    updated: str
    passes: tuple[tuple[str, _Columns], ...]


def _columns(tags: dict[str, Tag]) -> _Columns:
    values = tags.values()
    return _Columns(list(tags), list(map(_LEVEL, values)), list(map(_NOTE, values)), list(map(_STAMP, values)))


_LEVEL, _NOTE, _STAMP = (attrgetter(name) for name in Tag._fields)


def merge_submissions(
    folder: str | PathLike | Iterable[str | PathLike],
    case: CaseStudy | Article,
    taxonomy: Taxonomy | None = None,
    *,
    progress: Callable[[int, int], None] | None = None,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Merge a class's submission files on ``case`` into ``(tags, problems)``, two DataFrames.

    ``folder`` is the folder of ``*.json`` submissions, or a list of file paths (to merge two folders, pass
    both lists). ``case`` is the case study the class tagged (a :class:`~medialit.case.CaseStudy`, or an
    article with ``taxonomy``); files about another case are reported and left out. ``progress(done, total)``
    is called after each file, for a progress bar.

    ``tags`` has one row per learner, pass and claim, columns :data:`TAG_COLUMNS`: ``pass`` is ``"first"``
    (reading the article alone) or ``"lateral"`` (after reading laterally), ``rank`` is the level's rank
    (missing for *not a factual claim*), ``file`` the submission's file name. ``problems`` has one row per
    file or part of a file not merged, columns :data:`PROBLEM_COLUMNS`. Learner text (names, notes) is
    returned as written: escape it before showing it as HTML (:mod:`medialit.report` does).
    """
    case = as_case(case, taxonomy)
    owners = owner_check(folder) if isinstance(folder, (str, PathLike)) else None  # a class inbox: each file counts under its owner's name only
    files = submission_files(folder) if isinstance(folder, (str, PathLike)) else sorted(Path(p) for p in folder)
    sections = dict(zip(case.claims["claim_id"], case.claims["section"]))
    ranks = {level.key: level.rank for level in case.taxonomy}
    fingerprint = case.sha256  # a property that hashes the whole text: compute it once, not per file
    problems: list[dict] = []

    def report(path: Path, learner: str, problem: str, outcome: str, fix: str = "") -> None:
        problems.append({"file": file_label(path), "learner": learner, "problem": problem, "outcome": outcome, "fix": fix})

    read_one = partial(_read_one, case_id=case.id, sha256=fingerprint, report=report)
    accepted: dict[str, tuple[Path, _Kept]] = {}
    for done, path in enumerate(files, start=1):
        try:
            submission = read_one(path) if owners is None else owners.read(path, read_one, report)
            if submission is not None:
                _add_learner(accepted, path, submission, report)
        except Exception as exc:  # the last line of defence: whatever one file does, the rest of the class merges
            report(path, "", f"could not be merged ({type(exc).__name__}: {for_terminal(str(exc))[:200]}).", "skipped",
                   "open the file to check it, or ask the learner to export again; please tell the series' maintainers.")
        if progress is not None:
            progress(done, len(files))

    tags = _tag_table(sorted(accepted.values(), key=lambda item: item[0].name), sections, ranks, report)
    return tags, pd.DataFrame(problems, columns=PROBLEM_COLUMNS)


def _add_learner(accepted: dict[str, tuple[Path, _Kept]], path: Path, submission: TagFile, report: Callable[..., None]) -> None:
    """Name a readable submission (after its file if it gives no name) and keep it if it is its learner's newest."""
    name = submission.learner.strip() or Path(file_label(path)).stem
    if not submission.learner.strip():
        report(path, name, "the file gives no learner name.", "merged, named after the file", "rename the file, or ask the learner to export with their name.")
    kept = _Kept(name, submission.updated, (("first", _columns(submission.tags)), ("lateral", _columns(submission.lateral_tags))))
    _keep_newest(accepted, learner_key(name), path, kept, report)


def _tag_table(accepted: list[tuple[Path, _Kept]], sections: dict[str, str], ranks: dict[str, int | None], report: Callable[..., None]) -> pd.DataFrame:
    """One row per learner, pass and known claim; tags on unknown claims or levels are dropped and reported."""
    blocks: list[tuple[str, str, str, str, int]] = []  # (learner, file, pass, updated, how many tags): repeated below
    columns = _Columns([], [], [], [])
    for path, kept in accepted:
        unknown_claims, unknown_levels = [], []
        for pass_name, found in kept.passes:
            if set(found.claim_ids) <= sections.keys() and set(found.levels) <= ranks.keys():  # set checks run in C
                chosen = found
            else:
                known = [i for i, (c, level) in enumerate(zip(found.claim_ids, found.levels)) if c in sections and level in ranks]
                unknown_claims += [c for c in found.claim_ids if c not in sections]
                unknown_levels += [level for c, level in zip(found.claim_ids, found.levels) if c in sections and level not in ranks]
                chosen = _Columns(*([values[i] for i in known] for values in found))
            for everything, part in zip(columns, chosen):
                everything.extend(part)
            blocks.append((kept.learner, file_label(path), pass_name, kept.updated, len(chosen.claim_ids)))
        if unknown_claims:
            report(path, kept.learner, f"{len(unknown_claims)} tag(s) on claim IDs this article does not have: {_names(unknown_claims)}.", "tags dropped")
        if unknown_levels:
            report(path, kept.learner, f"{len(unknown_levels)} tag(s) with levels the taxonomy does not have: {_names(sorted(set(unknown_levels)))}.", "tags dropped")

    def repeated(field: int) -> list[str]:
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


def _read_one(path: Path, case_id: str, sha256: str, report: Callable[..., None]) -> TagFile | None:
    """Read one submission, or report why it cannot be merged and return None."""
    try:
        kind = not_a_regular_file(os.stat(path).st_mode)  # follows links: a link to /dev/zero is a device
    except OSError as exc:  # a broken link, no permission on the folder
        report(path, "", f"cannot be read ({exc.strerror or type(exc).__name__}).", "skipped")
        return None
    if kind:  # never opened: reading a named pipe waits forever, a device never ends
        report(path, "", f"is not a regular file (it is {kind}); it was not opened.", "skipped", "take it out of the folder; a submission is a .json file the tagger exported.")
        return None
    try:
        submission = read(path, error=SubmissionError)
    except SubmissionError as exc:
        report(path, "", f"{exc.where + ': ' if exc.where else ''}{exc.problem}", "skipped", exc.fix)
        return None
    except RecursionError:  # JSON nested thousands deep: not a tag file, and json would overflow
        report(path, "", "is nested too deeply to be a tag file.", "skipped")
        return None
    except OSError as exc:  # unreadable: no permission, removed while the merge ran
        report(path, "", f"cannot be read ({exc.strerror or type(exc).__name__}).", "skipped")
        return None
    if submission.case_id and submission.case_id != case_id:
        report(path, submission.learner, f"is about another case study ({submission.case_id!r}: {submission.article_title[:60]!r}); this report is for {case_id!r}.", "skipped",
               f"merge it with that case's report (class-report ... --case {submission.case_id}), or ask the learner to tag this case and export again.")
        return None
    if submission.article_sha256 != sha256:
        report(path, submission.learner, f"is about another article (fingerprint {submission.article_sha256[:12]!r}, this article's is {sha256[:12]!r}).", "skipped", "ask the learner to tag this article and export again.")
        return None
    if not submission.tags and not submission.lateral_tags:
        report(path, submission.learner, "has no tags.", "skipped", "ask the learner to tag some claims and export again.")
        return None
    where = _lone_surrogate(submission)
    if where:
        report(path, "", f"{where}: holds text that is not valid Unicode (a lone surrogate such as '\\ud800', from code or a bad paste).", "skipped",
               "ask the learner to retype that text and export again.")
        return None
    return submission


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


def _keep_newest(accepted: dict, key: str, path: Path, submission: _Kept, report: Callable[..., None]) -> None:
    """Keep one file per learner: the newest ``updated`` (then the later file name); report the other."""
    if key not in accepted:
        accepted[key] = (path, submission)
        return
    other_path, other = accepted[key]
    newer, older = ((path, submission), (other_path, other))
    if (_when(other.updated), other_path.name) > (_when(submission.updated), path.name):
        newer, older = older, newer
    accepted[key] = newer
    report(older[0], older[1].learner, f"the same learner as {file_label(newer[0])}, which is newer (updated {newer[1].updated[:40]!r}, this one {older[1].updated[:40]!r}).", "replaced by a newer file")
