"""``medialit assess-sheet SUBMISSIONS --out scores.csv [--case DIR] [--force]``: the before/after assessment's score sheet.

Reads the class's hand-ins the way ``class-report`` does (the same reader: a folder, a class inbox or a learning
platform's zip; the same problems named, one line each; each learner's newest file counts) and writes the answers
they carry to notebooks 90 and 91 as a spreadsheet-safe CSV, one row per learner and task, sorted task by task,
with the learner's own score and an empty ``teacher_score`` column to fill in
(:mod:`medialit.assessment_scores` describes the columns). ``class-report ... --scores scores.csv`` reads it back.

**A teacher's scores are never lost.** Run again over a sheet (after late hand-ins, say), it merges: every row
and every teacher score already there is kept as written, and only new answers are added. That holds for a sheet
a spreadsheet saved in its own style too (semicolons, another encoding): it is recognised by its columns
(``learner``, ``task``, ``teacher_score``), not by its bytes. Any other existing file is left alone unless
``--force`` is given; a folder, a device, a named pipe, or a path inside the submissions folder is refused. Every
refusal is one line and exit status 2, before anything is read. The sheet holds learners' written answers, so it
is written readable by its owner only.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from .. import atomic, data
from ..assessment import Assessment, load_assessment
from ..assessment_scores import Sheet, answers_table, hand_in_records, match_sheet, merge_sheets, read_sheet, sheet_text
from ..class_merge import merge_class, not_a_regular_file
from ..errors import MedialitError, TeacherFileError
from ..report import TextProgress
from .class_report import inside, say

SHEET_MODE = 0o600  # learners' written answers: for the teacher who made the sheet


def add_parser(subparsers) -> argparse.ArgumentParser:
    parser = subparsers.add_parser("assess-sheet", help="write the before/after assessment's answers as a score sheet (CSV) to fill in; merges into an existing sheet")
    parser.add_argument("submissions", metavar="SUBMISSIONS", help="the folder (or class inbox) the learners' .json hand-ins are in, or a learning platform's bulk-download zip")
    parser.add_argument("--out", required=True, help="the score sheet to write, e.g. scores.csv (an existing sheet is merged into, keeping every score)")
    parser.add_argument("--case", help="the case study the class tagged: a case pack's folder or id (default: the series' own)")
    parser.add_argument("--force", action="store_true", help="replace --out even if it is an existing file that is not a score sheet")
    return parser


def existing_sheet(path: Path, assessment: Assessment, *, force: bool = False) -> Sheet | None:
    """The sheet already at ``path`` (to merge into), or None for a new file; TeacherFileError when it must be left alone."""
    try:
        kind = not_a_regular_file(os.stat(path).st_mode)
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise TeacherFileError(path, f"cannot be written ({exc.strerror or type(exc).__name__}).", fix="check the folders in the path, or choose another path.") from None
    if kind:
        raise TeacherFileError(path, f"is {kind}, not a file; it is never replaced.", fix="give the name of a .csv file, e.g. scores.csv.")
    try:
        return read_sheet(path, assessment)
    except TeacherFileError:
        if force:
            return None
        raise TeacherFileError(path, "already exists and is not a score sheet (its first line has no learner, task and teacher_score columns); it is left as it is.",
                               fix="choose a new file name, or add --force to replace it.") from None


def run(args: argparse.Namespace) -> int:
    folder = Path(args.submissions).resolve()
    out = Path(args.out)
    try:
        if inside(out, folder):
            raise TeacherFileError(out, f"is inside the submissions folder {folder}; nothing is ever written there.", fix="write the sheet somewhere else.")
        assessment = load_assessment()
        existing = existing_sheet(out, assessment, force=args.force)
        case = data.load_case(args.case)
        merged = merge_class(folder, case, progress=TextProgress())
    except MedialitError as exc:
        say(f"assess-sheet: {exc}", sys.stderr)
        return 2
    for row in merged.problems.itertuples():
        say(f"problem: {row.file}: {row.problem} ({row.outcome})", sys.stderr)
    table = answers_table(hand_in_records(merged.assessment), assessment)
    learners = merged.tags["learner"].nunique()
    if existing is None and table.empty and not learners and merged.problems.empty:
        say(f"assess-sheet: no hand-ins in {folder} yet, so no sheet was written. Fix: run it again when learners have handed in.", sys.stderr)
        return 1
    if existing is None and table.empty:
        say(f"assess-sheet: none of the {learners} learners' hand-ins carries answers to the assessment (notebooks 90 and 91), so no sheet "
            "was written. Fix: learners answer them, then hand in again (the answers travel with every later hand-in).", sys.stderr)
        return 1
    kept = 0
    if existing is not None:
        for problem in match_sheet(table, existing).problems:
            say(f"note: {out}: {problem} (The row is kept in the sheet as written.)", sys.stderr)
        kept = sum(1 for cells in existing.cells if cells.get("teacher_score", "").strip())
        table = merge_sheets(table, existing)
    try:
        atomic.write_text(out, sheet_text(table), mode=SHEET_MODE)
    except OSError as exc:  # a read-only folder, a full disk: the old sheet, if any, is left whole
        say(f"assess-sheet: cannot write {exc.filename or out} ({exc.strerror or type(exc).__name__}). Fix: choose a folder you can write to.", sys.stderr)
        return 2
    say(f"wrote {out} ({len(table)} answer(s) from {len(merged.assessment)} learner(s)" + (f"; merged into the sheet already there, {kept} teacher score(s) kept" if existing is not None else "") + ")")
    return 0
