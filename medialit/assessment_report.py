"""The class's before/after on the assessment, for the class report and the class view: a chart, words, a table.

>>> import pandas as pd
>>> from medialit.assessment import load_assessment
>>> from medialit.assessment_scores import before_after
>>> assessment = load_assessment()
>>> scores = pd.DataFrame({"learner": ["Ana", "Ana"], "key": ["ana", "ana"], "form": ["before", "after"], "task": ["90.1", "91.1"],
...                        "criterion": [1, 1], "points": pd.array([0, 2], dtype="Int64"), "scored_by": ["self", "teacher"]})
>>> describe_before_after(before_after(scores, assessment)).split(". ")[1]
'Who is behind it: 0.0 before, 2.0 after (1 learner)'

:func:`plot_before_after` takes an ``ax`` and returns it: paired bars per criterion (before: hatched ``//``, after:
dotted; the mean written on each), a title and both axis labels. :func:`describe_before_after` says the same in
words, and :func:`before_after_html` is the report's section: a plain-language heading, who is counted (only the
learners with a score for a criterion in both forms) and who scored (the learner or the teacher), the chart with
its text equivalent as its alternative text, the table behind it (six columns: the means; the counts at each level
in a second table, in a closed ``<details>``; each with its "How to read this table"), and the three cautions of
the instructor's guide in plain words (:data:`CAUTIONS`). Every piece of text is escaped.
"""

from __future__ import annotations

import html
from typing import Mapping, Sequence

import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from .assessment import LEVELS, Assessment
from .assessment_scores import BeforeAfter, Sheet, SheetProblem, answers_table, before_after, combine, hand_in_records, match_sheet
from .charts import draws_as_written
from .class_html import how_to_read, table
from .report import figure_data_uri
from .safe_text import without_bidi_controls

__all__ = ["CAUTIONS", "plot_before_after", "describe_before_after", "before_after_html", "class_before_after", "assessment_section", "before_after_brief_html"]

FONT_SIZE = 14
TITLE = "Before and after: mean points per criterion"
_SIDES = (("before", "before the series", "#E69F00", "//"), ("after", "after the series", "#0072B2", ".."))


@draws_as_written
def plot_before_after(summary: BeforeAfter, assessment: Assessment, *, ax: Axes | None = None, title: str = TITLE) -> Axes:
    """Paired bars per criterion: the mean points before and after, over the learners scored in both forms."""
    table = summary.table
    ax = ax if ax is not None else Figure(figsize=(12, 5.5), layout="constrained").add_subplot()
    top = max(points for _, points in assessment.levels)
    columns = np.arange(len(table))
    width = 0.38
    for offset, (side, words, colour, hatch) in zip((-width / 2, width / 2), _SIDES):
        values = table[f"{side}_mean"].to_numpy(dtype=float)
        ax.bar(columns + offset, np.nan_to_num(values), width=width, color=colour, hatch=hatch, edgecolor="#222222", linewidth=0.6, label=words)
        for column, value in zip(columns, values):
            ax.text(column + offset, (0 if np.isnan(value) else value) + top * 0.02, "no pairs" if np.isnan(value) else f"{value:.1f}", ha="center", va="bottom", fontsize=FONT_SIZE - 2)
    ax.set_xticks(columns, [f"{name}\n({n} learners)" for name, n in zip(table["criterion"], table["learners"])], fontsize=FONT_SIZE - 2)
    ax.set_ylim(0, top * 1.3)
    ax.set_yticks([points for _, points in assessment.levels], [f"{points} {level.title()}" for level, points in assessment.levels], fontsize=FONT_SIZE - 2)
    ax.set_xlabel("Criterion (learners scored on it in both forms)", fontsize=FONT_SIZE)
    ax.set_ylabel("Mean points", fontsize=FONT_SIZE)
    ax.set_title(title, fontsize=FONT_SIZE + 2, loc="left")
    ax.legend(loc="upper left", ncol=2, fontsize=FONT_SIZE - 3, frameon=False)
    return ax


def _points(value: float) -> str:
    return "no one scored in both forms" if np.isnan(value) else f"{value:.1f}"


def describe_before_after(summary: BeforeAfter) -> str:
    """The chart in words: each criterion's mean points before and after, and how many learners that is."""
    parts = ["Mean points per criterion (0 = Basic, 2 = Proficient), before and after, for the learners scored on it in both forms."]
    for row in summary.table.itertuples():
        if row.learners:
            parts.append(f"{row.criterion}: {_points(row.before_mean)} before, {_points(row.after_mean)} after ({row.learners} learner{'s' if row.learners != 1 else ''}).")
        else:
            parts.append(f"{row.criterion}: no learner has a score in both forms yet.")
    return " ".join(parts)


def _e(value: object) -> str:
    return html.escape(without_bidi_controls(str(value)), quote=True)


CAUTIONS = ("<p class='cautions'><strong>Read it with care.</strong> The two texts were made parallel (the same tasks and kinds of "
            "sentence, similar length and reading level) but have not been tried on learners, so a small difference may come from the "
            "texts rather than from learning. There is no comparison class: this shows change in your class, not what caused it. "
            "Learners' own scores and yours may differ; look at the answers behind a surprising number, not only at the means.</p>")
_MAIN = ["criterion", "paired_learners", "before_mean", "after_mean", "change", "scored_by"]


def _mean(value: object) -> str:
    return "" if pd.isna(value) else f"{float(value):.1f}"  # type: ignore[arg-type]


def _change(value: object) -> str:
    return "" if pd.isna(value) else f"{float(value):+.1f}"  # type: ignore[arg-type]


def _who(row: Mapping) -> str:
    teacher, own = row["before_teacher"] + row["after_teacher"], row["before_self"] + row["after_self"]
    return f"{teacher} by the teacher, {own} self-scored" if teacher and own else ("the teacher" if teacher else ("self-scored" if own else ""))


def _table(summary: BeforeAfter) -> str:
    """The before/after as two narrow tables: the means (six columns), then the level counts in a closed ``<details>``;
    each headed in words with its "How to read this table" (:mod:`medialit.column_words`)."""
    rows = summary.table
    main = pd.DataFrame({"criterion": rows["criterion"], "paired_learners": rows["learners"], "before_mean": rows["before_mean"],
                         "after_mean": rows["after_mean"], "change": rows["change"], "scored_by": [_who(row) for row in rows.to_dict("records")]},
                        columns=_MAIN)
    means = table(main, "Before and after, per criterion (learners scored in both forms only)", cells={"before_mean": _mean, "after_mean": _mean, "change": _change})
    levels = pd.DataFrame({"criterion": rows["criterion"]} | {f"{side}_{level}": rows[f"{side}_{level}"] for side in ("before", "after") for level in LEVELS})
    counts = table(levels, "How many learners reached each level, per criterion (learners scored in both forms only)", explain=False)
    # its "How to read" follows the closed list rather than nesting in it (Tab never reaches a summary inside a closed <details>)
    return means + f"<details class='levels'><summary>How many learners reached each level</summary>{counts}</details>" + how_to_read(list(levels.columns))


def before_after_html(summary: BeforeAfter, assessment: Assessment, problems: Sequence[SheetProblem] = (), *, charts: bool = True, scores_file: str = "") -> str:
    """The report's section on the assessment: heading, who is counted and who scored, chart, words, table, problems."""
    table = summary.table
    teacher = int(table[["before_teacher", "after_teacher"]].to_numpy().sum())
    self_scored = int(table[["before_self", "after_self"]].to_numpy().sum())
    parts = [f"<h2>The assessment: before and after the series{'' if teacher else ' (self-scored)'}</h2>",
             f"<p>{summary.learners_before} learner(s) handed in answers to the form taken before the series, {summary.learners_after} to the form taken after it, "
             f"and {summary.learners_both} to both. <strong>Only learners scored on a criterion in both forms are counted for it</strong>, so each "
             "criterion compares the same learners before and after; the others are left out of this section.</p>",
             f"<p>Who scored: {teacher} of the scores counted are the teacher's, {self_scored} the learners' own (self-assessment). "
             "A teacher's score counts instead of the learner's own" + (f" (teacher scores from {_e(scores_file)})" if scores_file else " (no teacher scores were given: every score here is a self-assessment)")
             + f". {summary.unscored} answer(s) have no score yet and are not counted.</p>"]
    if charts:
        ax = plot_before_after(summary, assessment)
        parts.append(f'<p><img src="{figure_data_uri(ax.figure.figure)}" alt="{_e("Bar chart. " + describe_before_after(summary))}"></p>')
    parts.append(f"<p>{_e(describe_before_after(summary))}</p>")
    parts.append(_table(summary))
    parts.append(CAUTIONS)
    if problems:
        items = "".join(f"<li class='problem'>{_e(problem)}</li>" for problem in problems)
        parts.append(f"<h3>Rows of the score sheet that were not used as written ({len(problems)})</h3><ul>{items}</ul>")
    return "\n".join(parts)


def class_before_after(answers: Mapping[str, Mapping], assessment: Assessment, sheet: Sheet | None = None) -> BeforeAfter | None:
    """The class's before/after from the answers its hand-ins carry (learner -> task ID -> answer, as
    :class:`medialit.class_merge.ClassMerge` has them) and a teacher's filled sheet, if any; None when neither has any."""
    no_sheet = sheet is None or sheet.rows.empty
    if not answers and no_sheet:
        return None
    answered = answers_table(hand_in_records(answers), assessment)
    if answered.empty and no_sheet:  # answers only to tasks this assessment does not have
        return None
    return before_after(combine(answered, None if sheet is None else match_sheet(answered, sheet), assessment), assessment)


def assessment_section(answers: Mapping[str, Mapping], assessment: Assessment, sheet: Sheet | None = None, *, charts: bool = True,
                       scores_file: str = "", show_problems: bool = True) -> str:
    """The class report's section on the assessment ("" when no hand-in carries an answer and no sheet was given).

    ``show_problems=False`` leaves the sheet's unusable rows off the page (they may name learners; the command
    prints them to the teacher's terminal anyway).
    """
    if sheet is not None:  # its rows that match no answer handed in are named with the others
        sheet = match_sheet(answers_table(hand_in_records(answers), assessment), sheet)
    summary = class_before_after(answers, assessment, sheet)
    if summary is None:
        return ""
    problems = sheet.problems if sheet is not None and show_problems else []
    return before_after_html(summary, assessment, problems, charts=charts, scores_file=scores_file)


def before_after_brief_html(summary: BeforeAfter) -> str:
    """The live class view's short section: how many handed in each form, and the self-scored before/after in words
    and as the report's table (the same figures as the report, without its chart)."""
    return (f"<h3>The assessment: before and after (self-scored)</h3><p>{summary.learners_before} learner(s) have handed in answers to the form taken "
            f"before the series (notebook 90), {summary.learners_after} to the form taken after it (notebook 91), {summary.learners_both} to both. "
            "Each criterion compares only the learners with a score on it in both forms. The scores are the learners' own; "
            "yours, from the score sheet, appear in the class report (<code>medialit class-report ... --scores scores.csv</code>).</p>"
            f"<p>{_e(describe_before_after(summary))}</p>" + _table(summary) + CAUTIONS)
