"""``medialit class-report SUBMISSIONS --out report.html [--case DIR] [--csv merged.csv] [--scores scores.csv] [--pseudonymise] [--force]``.

Merges the class's submissions on one case study (the series' own, or ``--case``: a case pack's folder or id):
``SUBMISSIONS`` is a folder the teacher collected, a class inbox, or a learning platform's bulk-download zip
(Canvas, Moodle, Google Classroom through Drive: :mod:`medialit.platform_zip`, read in memory, never unpacked to
disk). It computes the class's agreement, disagreement, comparison with the case's answer key and, when the
hand-ins carry them, the exercise results, and writes one self-contained HTML page (and, with ``--csv``, the
merged tags as a spreadsheet-safe CSV, with the machine column names of ``data/README.md``).

When the hand-ins carry answers to the before/after assessment (notebooks 90 and 91), the page has a section on it:
per criterion, the class before and after, over the learners scored in both forms (:mod:`medialit.assessment_report`).
Without ``--scores`` every score there is the learners' own, and the section says "self-scored". With ``--scores``
(the sheet ``medialit assess-sheet`` wrote, filled in by the teacher, as a spreadsheet saved it) a teacher's score
counts instead of the learner's own; a row of the sheet that cannot be used, or that matches no answer handed in (a
name mistyped: the closest name is suggested), is named (line, column, value, what happens instead, fix) in the
terminal and on the page, and counted with the problems; the rest is used. Files about another
case are named, one line each, and left out (in a class inbox they are counted: one hand-in per learner per case);
the rest merges.

The teacher's files are safe: nothing is written into the submissions folder; an existing file is replaced only
if class-report wrote it (so last week's report can be re-run in place) or with ``--force``; a folder, a device,
a named pipe, or one path given for both outputs is refused. Every refusal is one line and exit status 2, before
anything is merged. Every name printed is printed with its control characters escaped, so a file named to move
the cursor or erase lines cannot hide anything from the teacher.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from .. import data
from ..assessment import Assessment, load_assessment
from ..assessment_report import assessment_section
from ..assessment_scores import answers_table, hand_in_records, match_sheet, read_sheet
from ..class_merge import merge_class
from ..class_stats import analyse_class
from ..exercise_bank import load_exercises
from ..errors import DataFileError, MedialitError, TeacherFileError
from ..pseudonyms import class_secret, pseudonymise
from ..report import TextProgress, check_output, class_report_html, write_csv, write_report
from ..safe_text import for_terminal


def add_parser(subparsers) -> argparse.ArgumentParser:
    parser = subparsers.add_parser("class-report", help="merge a class's submissions (a folder, a class inbox or a platform's zip) into one HTML report (and a CSV)")
    parser.add_argument("submissions", metavar="SUBMISSIONS", help="the folder (or class inbox) the learners' .json submissions are in, or a learning platform's bulk-download zip")
    parser.add_argument("--out", required=True, help="the HTML report to write, e.g. report.html")
    parser.add_argument("--case", help="the case study the class tagged: a case pack's folder or id (default: the series' own)")
    parser.add_argument("--csv", help="also write the merged tags to this CSV (safe to open in a spreadsheet)")
    parser.add_argument("--scores", help="the assessment's score sheet (from assess-sheet) with your teacher scores filled in: they count instead of the learners' own")
    parser.add_argument("--force", action="store_true", help="replace --out/--csv even if they are files class-report did not write")
    parser.add_argument("--pseudonymise", "--pseudonymize", action="store_true", help="replace learner names (and file names) with stable pseudonyms, e.g. Learner-3f9a01c2")
    parser.add_argument("--pass", dest="pass_", choices=["first", "lateral"], default="first", help="which pass to analyse (default: first)")
    parser.add_argument("--no-key", action="store_true", help="leave out the comparison with the answer key")
    parser.add_argument("--no-charts", action="store_true", help="tables only (quicker; the tables carry the same figures)")
    return parser


def say(message: str, stream=None) -> None:
    """Print one line to the teacher's terminal, every control character escaped (file names come from learners)."""
    print(for_terminal(message), file=stream or sys.stdout)


def inside(path: Path, folder: Path) -> bool:
    """Whether ``path`` is (or would be) inside ``folder``, following links."""
    return folder == path.resolve().parent or folder in path.resolve().parents


def _same_file(one: Path, other: Path) -> bool:
    if one.resolve() == other.resolve():
        return True
    try:
        return os.path.samefile(one, other)  # two names for one file (a hard link)
    except OSError:
        return False


def check_outputs(args: argparse.Namespace, folder: Path) -> list[Path]:
    """The output paths, checked before any work; raises TeacherFileError naming the path and the fix."""
    outputs = [Path(p) for p in (args.out, args.csv) if p]
    for path in outputs:
        if inside(path, folder):
            raise TeacherFileError(path, f"is inside the submissions folder {folder}; nothing is ever written there.", fix="write the report somewhere else.")
        check_output(path, force=args.force)
    if len(outputs) == 2 and _same_file(*outputs):
        raise TeacherFileError(outputs[0], "is given for both --out and --csv; each needs its own file.", fix="give --csv another name, e.g. merged.csv.")
    scores = getattr(args, "scores", None)
    for path in outputs:
        if scores and _same_file(path, Path(scores)):
            raise TeacherFileError(path, "is the score sheet given with --scores; the report never writes over it.", fix="give the report (or the CSV) another name.")
    return outputs


def _assessment(*, needed: bool) -> Assessment | None:
    """The series' assessment; if its file cannot be read, None (the report leaves its section out), unless ``needed``."""
    try:
        return load_assessment()
    except DataFileError as exc:
        if needed:
            raise
        say(f"class-report: no section on the assessment ({exc})", sys.stderr)
        return None


def run(args: argparse.Namespace) -> int:
    folder = Path(args.submissions).resolve()
    try:
        check_outputs(args, folder)
        case = data.load_case(args.case)
        secret = class_secret() if args.pseudonymise else None
        assessment = _assessment(needed=bool(args.scores))
        sheet = read_sheet(args.scores, assessment) if args.scores and assessment is not None else None
        merged = merge_class(folder, case, progress=TextProgress())
    except MedialitError as exc:
        say(f"class-report: {exc}", sys.stderr)
        return 2
    tags, problems = merged.tags, merged.problems
    if secret is not None:  # before anything is shown: every name the merge saw, wherever a problem mentions it
        tags, problems = pseudonymise(tags, secret, names=merged.names), pseudonymise(problems, secret, names=merged.names)
    for row in problems.itertuples():
        say(f"problem: {row.file}: {row.problem} ({row.outcome})", sys.stderr)
    if merged.other_cases:
        say(f"class-report: {sum(merged.other_cases.values())} hand-in(s) for other case studies left out: "
            + ", ".join(f"{case_id} ({count})" for case_id, count in merged.other_cases.items()), sys.stderr)
    key = None if args.no_key else case.key
    if key is None and not args.no_key:
        say(f"class-report: no comparison with the key (the case {case.id!r} has no answer key yet).", sys.stderr)
    say("computing the class's statistics" + ("" if args.no_charts else " and drawing the charts") + " ...", sys.stderr)
    titles = {item.id: item.title for item in load_exercises().values()}
    results = analyse_class(tags, case, key, pass_=args.pass_, exercises=merged.exercises, titles=titles) if not tags.empty else None
    if sheet is not None and assessment is not None:  # a row for no answer handed in (a mistyped name) is a problem too
        sheet = match_sheet(answers_table(hand_in_records(merged.assessment), assessment), sheet)
    sheet_problems = len(sheet.problems) if sheet is not None else 0
    for problem in sheet.problems if sheet is not None else ():
        say(f"scores: {args.scores}: {problem}", sys.stderr)
    section = "" if assessment is None else assessment_section(merged.assessment, assessment, sheet, charts=not args.no_charts,
                                                               scores_file=Path(args.scores).name if args.scores else "", show_problems=not args.pseudonymise)
    page = class_report_html(results, problems, title=case.title, pseudonymised=args.pseudonymise, charts=not args.no_charts, other_cases=merged.other_cases,
                             assessment=section, sheet_problems=sheet_problems)
    try:
        say(f"wrote {write_report(args.out, page, force=args.force)} ({tags['learner'].nunique()} learners, {len(problems) + sheet_problems} problem(s)"
            + (f", {sheet_problems} of them in the score sheet" if sheet_problems else "") + ")")
        if args.csv:
            say(f"wrote {write_csv(args.csv, tags, force=args.force)} ({len(tags)} tags)")
    except MedialitError as exc:  # the file changed since the check above
        say(f"class-report: {exc}", sys.stderr)
        return 2
    except OSError as exc:  # a read-only folder, a full disk: the old file, if any, is left whole
        say(f"class-report: cannot write {exc.filename or args.out} ({exc.strerror or type(exc).__name__}). Fix: choose a folder you can write to.", sys.stderr)
        return 2
    return 0
