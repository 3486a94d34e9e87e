"""The class report: one self-contained HTML page and a spreadsheet-safe CSV of the merged tags.

::

    import medialit
    from medialit.report import class_report_html, write_report
    tags, problems = medialit.merge_submissions(medialit.data.path("sample_class"))
    results = medialit.analyse_class(tags, key=medialit.load_answer_key())
    write_report("class-report.html", class_report_html(results, problems))

Everything on the page comes from the results and the case they were computed on (``results.case``): its title,
claims and levels. Nothing is fetched from elsewhere, so a report on any case pack shows only that case.

(``medialit class-report SUBMISSIONS_DIR --out report.html`` does all of that from a terminal.)

Safe to open, share and project:

* **self-contained** — the charts are PNGs inside the page (``data:`` URIs), the style is inline, there is no
  script, no link, no web font, and a Content-Security-Policy tells the browser to load nothing at all;
* **escaped** — every piece of learner or article text goes through :func:`html.escape`, so a note such as
  ``<script>`` shows as text and never runs; each is isolated in ``<bdi>`` with its bidirectional controls
  dropped, so a name with U+202E cannot display the text around it reversed (:mod:`medialit.class_html`);
* **in words** — every column is headed in words ("Agreement (Krippendorff's alpha, levels as categories)", not
  ``alpha_nominal``), with a "How to read this table" list under it (:mod:`medialit.column_words`); the CSV keeps
  the machine names;
* **spreadsheet-safe CSV** — :func:`spreadsheet_safe` puts ``'`` before any text cell whose first *visible*
  character is ``= + - @`` (after spaces, tabs, new lines, no-break or zero-width spaces and other invisible
  characters), or that starts with a tab or a carriage return, so a note can never become a formula (OWASP,
  "CSV Injection", https://owasp.org/www-community/attacks/CSV_Injection).

**Never overwrites a teacher's file**: :func:`write_report` and :func:`write_csv` replace an existing file only
if this module wrote it — recognised from the file itself (the page's ``<meta name="generator" content="medialit
class-report">``, the CSV's exact header) — or when told ``force=True``; a folder or a special file (a device,
a named pipe) is never replaced. Either way they raise :class:`~medialit.errors.TeacherFileError` and write nothing.
"""

from __future__ import annotations

import base64
import io
import os
import sys
from datetime import datetime, timezone
from pathlib import Path
from typing import TextIO

import pandas as pd
from matplotlib.figure import Figure

from . import atomic
from .class_charts import plot_class_levels, plot_most_disputed, plot_section_agreement
from .class_html import bdi as _bdi
from .class_html import escape as _e
from .class_html import level_cells, table, too_few_for_agreement, too_few_for_disputes, wrong_answers
from .class_stats import ClassResults
from .class_merge import TAG_COLUMNS, not_a_regular_file
from .errors import TeacherFileError
from .safe_text import first_visible, for_display, preview

__all__ = ["FORMULA_STARTS", "GENERATOR", "spreadsheet_safe", "write_report", "write_csv", "written_by_class_report", "check_output",
           "figure_data_uri", "class_report_html", "TextProgress"]

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
GENERATOR = "medialit class-report"
_PAGE_START = f'<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"><meta name="generator" content="{GENERATOR}">'.encode()
_CSV_HEADER = ("\ufeff" + ",".join(TAG_COLUMNS) + "\r\n").encode()
NOTES_SHOWN = 6  # learner notes quoted per disputed claim
NOTE_CHARACTERS = 300  # of each note quoted, cut at a word with "…"
_CSP = "default-src 'none'; img-src data:; style-src 'unsafe-inline'"
_STYLE = """
body { font-family: system-ui, sans-serif; font-size: 18px; line-height: 1.45; max-width: 72rem; margin: 2rem auto; padding: 0 1rem; color: #111; }
h1 { font-size: 1.9rem; } h2 { font-size: 1.45rem; margin-top: 2.2rem; border-bottom: 2px solid #0072B2; }
table { border-collapse: collapse; margin: 0.8rem 0; font-size: 0.95rem; } caption { text-align: left; font-weight: bold; padding: 0.3rem 0; }
th, td { border: 1px solid #999; padding: 0.25rem 0.55rem; text-align: left; vertical-align: top; } th { background: #eee; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
.table-scroll { overflow-x: auto; max-width: 100%; } .table-scroll table { margin: 0.2rem 0; } .table-scroll:focus-visible { outline: 2px solid #0B4F8A; }
img { max-width: 100%; height: auto; border: 1px solid #ccc; }
.note { color: #333; } .summary { font-size: 1.1rem; } .problem { background: #fff4e5; }
details.how-to-read { margin: 0 0 1rem 0; font-size: 0.95rem; } details.how-to-read dt { font-weight: bold; margin-top: 0.3rem; }
details.how-to-read dd { margin-left: 1rem; } summary { cursor: pointer; }
"""


def spreadsheet_safe(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy where no text cell (and no column name) can start a spreadsheet formula: those get a leading ``'``;
    control characters are shown as escapes and bidirectional controls dropped (:func:`~medialit.safe_text.for_display`).

    A cell is neutralised if it starts with a tab or a carriage return, or if its first visible character is
    one of ``= + - @`` (``"\\u200b=1+1"`` and ``" \\n-2"`` included: spreadsheets skip what cannot be seen).
    """
    def safe(value: object) -> object:
        if not isinstance(value, str) or not value:
            return value
        value = for_display(value)  # a crafted file's control characters as escapes, its bidi controls dropped
        if value.startswith(FORMULA_STARTS) or (not value[0].isalnum() and first_visible(value) in FORMULA_STARTS[:4]):
            return "'" + value
        return value

    result = frame.copy()
    for column in result.columns:
        if result[column].dtype == object or pd.api.types.is_string_dtype(result[column]):
            result[column] = result[column].map(safe)
    result.columns = [safe(str(c)) for c in result.columns]
    return result


def written_by_class_report(path: str | Path) -> bool:
    """Whether ``path`` is a page or a CSV this module wrote, recognised from its first bytes (never from its name)."""
    try:
        with open(path, "rb") as stream:  # callers check first that it is a regular file: this cannot block
            head = stream.read(len(_PAGE_START))
    except OSError:
        return False
    return head == _PAGE_START or head.startswith(_CSV_HEADER)


def check_output(path: str | Path, *, force: bool = False) -> Path:
    """``path`` if a report or CSV may be written there; else raise :class:`~medialit.errors.TeacherFileError`.

    A new file is fine, and so is a file this module wrote (re-running last week's report); any other file only
    with ``force=True``. A folder or a special file (a device, a named pipe, a socket) is always refused.
    """
    path = Path(path)
    try:
        mode = os.stat(path).st_mode
    except FileNotFoundError:
        return path
    except OSError as exc:  # e.g. a file where a folder of the path should be
        raise TeacherFileError(path, f"cannot be written ({exc.strerror or type(exc).__name__}).", fix="check the folders in the path, or choose another path.") from None
    kind = not_a_regular_file(mode)
    if kind == "a folder":
        raise TeacherFileError(path, "is a folder; the report is one file.", fix=f"give a file name, e.g. {path / 'report.html'}.")
    if kind:
        raise TeacherFileError(path, f"is not a regular file (it is {kind}); it is never replaced.", fix="give the name of a new file.")
    if not force and not written_by_class_report(path):
        raise TeacherFileError(path, f"already exists and was not written by {GENERATOR}; it is left as it is.",
                               fix="choose a new file name, or add --force to replace it.")
    return path


def write_report(path: str | Path, text: str, *, force: bool = False) -> Path:
    """Write text (UTF-8) atomically, readable by others: a report is for sharing. See :func:`check_output`."""
    return atomic.write_text(check_output(path, force=force), text, mode=0o644)


def write_csv(path: str | Path, tags: pd.DataFrame, *, force: bool = False) -> Path:
    """Write the merged tags as a spreadsheet-safe CSV (UTF-8 with a byte-order mark, so Excel reads the accents)."""
    return write_report(path, "\ufeff" + spreadsheet_safe(tags).to_csv(index=False, lineterminator="\r\n"), force=force)


def figure_data_uri(figure: Figure) -> str:
    """A figure as a ``data:image/png;base64,...`` URI to put inside the page (no file, no network)."""
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=80, metadata={"Software": None})
    return "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode("ascii")


_table = table  # every table of the page: escaped, headed in words, explained (medialit.class_html)


def _chart(draw, alt: str) -> str:
    axes = draw()
    uri = figure_data_uri(axes.figure)
    return f'<p><img src="{uri}" alt="{_e(alt)}"></p>'


def _notes(tags: pd.DataFrame, claim_id: str) -> str:
    notes = tags[(tags["claim_id"] == claim_id) & (tags["note"].astype(str).str.strip() != "")].head(NOTES_SHOWN)
    items = "".join(f'<li><span class="note">{_bdi(r.learner)} ({_e(r.level)}): “{_bdi(preview(str(r.note), NOTE_CHARACTERS))}”</span></li>' for r in notes.itertuples())
    return f"<ul>{items}</ul>" if items else ""


def class_report_html(results: ClassResults | None, problems: pd.DataFrame, *, title: str | None = None, pseudonymised: bool = False, generated: str | None = None, charts: bool = True,
                      other_cases: dict[str, int] | None = None, assessment: str = "", sheet_problems: int = 0) -> str:
    """The whole report page as a string; ``results`` may be None when no submission could be merged.

    ``title`` is the case's title (default: that of ``results.case``). ``charts=False`` leaves the charts out (the
    tables carry the same figures), for a quick page. ``other_cases`` counts an inbox's hand-ins for other cases.
    ``assessment`` is the before/after assessment's section, already escaped (:func:`medialit.assessment_report.assessment_section`);
    ``sheet_problems`` counts its score sheet's rows not used as written, which the header's problems include.
    """
    case = results.case if results is not None else None
    article_title = title if title is not None else (case.title if case is not None else "")
    chart = _chart if charts else (lambda draw, alt: "")
    generated = generated or datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    parts = [f"<h1>Class results{': ' + _bdi(article_title) if article_title else ''}</h1>"]
    tags = results.tags if results is not None else pd.DataFrame(columns=["learner", "pass", "claim_id", "note"])
    learners = tags["learner"].nunique()
    where = "listed in the terminal, as they name learners" if pseudonymised else "see the assessment's section"
    in_sheet = f" ({sheet_problems} in the score sheet: {where})" if sheet_problems else ""
    parts.append(f'<p class="summary">{learners} learner(s) merged; {len(problems) + sheet_problems} problem(s) reported{in_sheet}; made {_e(generated)}'
                 + (" with pseudonyms instead of names, also in the problems; each file is shown as the pseudonym of its own name, e.g. "
                    "Learner-3f9a01c2.json (notes are as written)." if pseudonymised else ".") + "</p>")
    if other_cases:
        parts.append(f"<p>{sum(other_cases.values())} hand-in(s) in the class inbox are for other case studies and were left out: "
                     + ", ".join(f"{_bdi(case_id)} ({count})" for case_id, count in other_cases.items()) + ".</p>")
    parts.append("<h2>Problems with the submissions</h2>")
    parts.append(_table(problems, "Files (or parts of files) not merged, and why", row_class="problem") if len(problems) else "<p>Every file merged.</p>")
    if results is None or results.tags.empty:
        parts.append("<p>No submission could be merged, so there are no class results yet.</p>")
        return _page(article_title, parts + [assessment])
    pass_name = "first pass (reading the article alone)" if results.pass_ == "first" else "lateral pass (after reading other sources)"
    parts.append(f"<h2>How far the class agrees</h2><p>Krippendorff's alpha over the {pass_name}: 1 means everyone chose the same level, 0 means no better than chance. "
                 "Nominal counts any two different levels as disagreeing; ordinal counts neighbouring levels as closer and leaves out <em>not a factual claim</em>, which has no rank.</p>")
    too_few = too_few_for_agreement(results.agreement)  # one or two learners: words, not an empty chart
    parts.append(too_few or chart(lambda: plot_section_agreement(results.agreement), "Bar chart of Krippendorff's alpha per section, nominal and ordinal; the same figures are in the table below."))
    parts.append(_table(results.agreement, "Agreement, whole article and per section", decimals=("alpha_nominal", "alpha_ordinal")))
    parts.append("<h2>The claims the class disputes most</h2><p>Disagreement is the share of learners who did not choose the claim's most common level; entropy (bits) also tells a two-way split from a scatter.</p>")
    taxonomy = case.taxonomy if case is not None else None
    texts = case.claims if case is not None else None
    level = level_cells(taxonomy)  # levels in words
    no_disputes = too_few_for_disputes(results.disputed)
    parts.append(no_disputes or chart(lambda: plot_most_disputed(results.disputed, taxonomy=taxonomy), "Bar chart of the most disputed claims; the same figures are in the table below."))
    if results.key is not None and not no_disputes:
        parts.append(chart(lambda: plot_class_levels(results.counts, results.key, claim_ids=results.disputed["claim_id"], texts=texts, taxonomy=taxonomy, title="The disputed claims: what the class chose, and the key"),
                            "Stacked bars of the levels the class chose for each disputed claim, with the key's level written beside each."))
    shown = results.disputed[["claim_id", "section", "text", "tags", "modal_level", "disagreement", "entropy_bits"]]
    if not no_disputes:
        parts.append(_table(shown, "Most disputed claims", percent=("disagreement",), decimals=("entropy_bits",), cells=level))
        parts.append("<h3>What learners wrote about them</h3>")
    for claim_id in results.disputed["claim_id"]:
        notes = _notes(results.tags[results.tags["pass"] == results.pass_], claim_id)
        if notes:
            parts.append(f"<p><strong>{_bdi(claim_id)}</strong></p>{notes}")
    if results.vs_key is not None:
        parts.append("<h2>The class and the answer key</h2><p>For each keyed claim: the key's level, the class's most common level, and the share of the class choosing the key's level or another level the key accepts as defensible.</p>")
        parts.append(_table(results.vs_key, "Class against the key", percent=("share_key", "share_acceptable"), cells=level))
        sections = results.disagreement.groupby("section", sort=False)["claim_id"].apply(list)
        for section, claim_ids in sections.items():
            parts.append(f"<h3>{_bdi(section)}</h3>")
            parts.append(chart(lambda ids=claim_ids, name=section: plot_class_levels(results.counts, results.key, claim_ids=ids, texts=texts, taxonomy=taxonomy, title=f"What the class chose: {name}"),
                                f"Stacked bars of the levels the class chose for each claim in the section {section}, with the key's level written beside each."))
    if results.learners is not None:
        parts.append("<h2>Each learner and the key</h2><p>Shares of each learner's tags on keyed claims that match the key, that the key accepts, or that are within one rank of it; Cohen's kappa corrects the match for chance.</p>")
        parts.append(_table(results.learners, "Learners against the key", percent=("matches_key", "acceptable", "within_one_rank"), decimals=("cohen_kappa",)))
    if results.exercises is not None and len(results.exercises):
        parts.append("<h2>Exercises</h2><p>From the exercise results the learners handed in with their tags: who got each exercise right on the first try, "
                     "who got there in the end, and the wrong answers most of them tried first (as they wrote them).</p>")
        parts.append(_table(results.exercises, "Each exercise: right on the first try, right in the end, commonest wrong answers",
                            percent=("first_try_right", "right_in_the_end"), cells={"common_wrong_answers": wrong_answers}))
    return _page(article_title, parts + [assessment])


def _page(title: str, parts: list[str]) -> str:
    return (_PAGE_START.decode() + f'<meta http-equiv="Content-Security-Policy" content="{_CSP}">'
            '<meta name="viewport" content="width=device-width, initial-scale=1">'
            f"<title>Class results{': ' + _e(title) if title else ''}</title><style>{_STYLE}</style></head>\n<body>\n" + "\n".join(parts) + "\n</body></html>\n")


class TextProgress:
    """A plain-text progress bar on a stream (stderr by default), drawn only for runs of ``min_total`` items or more.

    Call it as ``progress(done, total)``; it is what :func:`~medialit.classroom.merge_submissions` expects.
    """

    def __init__(self, label: str = "merging submissions", *, stream: TextIO | None = None, min_total: int = 50, width: int = 30):
        self.label, self.stream, self.min_total, self.width = label, stream or sys.stderr, min_total, width
        self._last = -1

    def __call__(self, done: int, total: int) -> None:
        if total < self.min_total:
            return
        filled = self.width * done // total
        if filled == self._last and done != total:
            return
        self._last = filled
        self.stream.write(f"\r{self.label} [{'#' * filled}{'.' * (self.width - filled)}] {done}/{total}")
        if done == total:
            self.stream.write("\n")
        self.stream.flush()
